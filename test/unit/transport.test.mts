import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BOL_API } from '../../nodes/BolRetailer/transport';
import { marketplaceRequest, RateLimiter, backoffMs } from '../../nodes/shared/transport';
import { requestOptionsProperty } from '../../nodes/shared/options';
import { DEFAULT_TRANSPORT_SETTINGS } from '../../nodes/shared/transport';
import { BOL_BASE, CLIENT_SECRET, bolContext, mockToken, problem } from '../helpers/bol.mts';
import { installFakeClock, type FakeClock } from '../helpers/clock.mts';
import { connectionReset } from '../helpers/nock.mts';

const settings = { maxAttempts: 5, maxWaitMs: 300_000, scope: 'test' };
const get = (path = '/retailer/orders') => ({
	method: 'GET' as const,
	url: `${BOL_BASE}${path}`,
	headers: { Accept: 'application/vnd.retailer.v10+json' },
	bucket: 'orders:list',
	operation: 'list orders',
});

let clock: FakeClock;
let restore: () => void;
beforeEach(() => {
	({ clock, restore } = installFakeClock());
	nock.disableNetConnect();
});
afterEach(() => {
	restore();
	nock.cleanAll();
	nock.enableNetConnect();
});

describe('marketplaceRequest', () => {
	it('retries a 429 after exactly the Retry-After the server asked for', async () => {
		mockToken();
		const api = nock(BOL_BASE)
			.get('/retailer/orders')
			.reply(429, problem(429, 'Too many requests'), { 'Retry-After': '7' })
			.get('/retailer/orders')
			.reply(200, { orders: [] });
		const { ctx } = bolContext({});
		const response = await marketplaceRequest(ctx, BOL_API, get(), settings);
		expect(response.statusCode).toBe(200);
		expect(response.attempts).toBe(2);
		expect(clock.sleeps).toEqual([7000]);
		expect(api.isDone()).toBe(true);
	});

	it('backs off exponentially with jitter on 5xx and reports the status when it gives up', async () => {
		mockToken();
		nock(BOL_BASE).get('/retailer/orders').times(3).reply(503, problem(503, 'Service unavailable'));
		const { ctx } = bolContext({});
		const error = await marketplaceRequest(ctx, BOL_API, get(), {
			...settings,
			maxAttempts: 3,
		}).catch((e) => e);
		expect(error.message).toContain('(503)');
		expect(error.description).toContain('Gave up after 3 attempts');
		// random 0.5 -> 75% of 1 s, 2 s
		expect(clock.sleeps).toEqual([backoffMs(1, 0.5), backoffMs(2, 0.5)]);
		expect(clock.sleeps).toEqual([750, 1500]);
	});

	it('caps the backoff at 60 s', () => {
		expect(backoffMs(12, 0.999)).toBeLessThanOrEqual(60_000);
		expect(backoffMs(12, 0)).toBe(30_000);
	});

	it('fails instead of waiting longer than Max Wait, without another request', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders')
			.reply(429, problem(429, 'Too many requests'), { 'Retry-After': '900' });
		const { ctx, http } = bolContext({});
		const error = await marketplaceRequest(ctx, BOL_API, get(), {
			...settings,
			maxWaitMs: 60_000,
		}).catch((e) => e);
		expect(error.message).toMatch(/exceeds the "Max Wait" option \(60 s\)/);
		expect(http.filter((h) => h.url.includes('/retailer/orders'))).toHaveLength(1);
		expect(clock.totalSlept).toBe(0);
	});

	it('re-authenticates once when the token expired (401) and resends the call', async () => {
		mockToken(nock(BOL_BASE), 2);
		nock(BOL_BASE)
			.get('/retailer/orders')
			.matchHeader('authorization', /token-\d+/)
			.reply(200, { orders: [] })
			.get('/retailer/orders')
			.reply(401, problem(401, 'Unauthorized'))
			.get('/retailer/orders')
			.reply(200, { orders: [] });
		const fake = bolContext({});
		await marketplaceRequest(fake.ctx, BOL_API, get(), settings);
		const firstToken = fake.credentials.accessToken;
		await marketplaceRequest(fake.ctx, BOL_API, get(), settings);
		expect(fake.preAuthentications).toBe(2);
		expect(fake.credentials.accessToken).not.toBe(firstToken);
		const calls = fake.http.filter((h) => h.url.includes('/retailer/orders'));
		expect(calls.map((c) => c.status)).toEqual([200, 401, 200]);
		expect(calls[2].headers.Authorization).toBe(`Bearer ${fake.credentials.accessToken}`);
	});

	it('reuses one token for many calls', async () => {
		mockToken();
		nock(BOL_BASE).get('/retailer/orders').times(5).reply(200, { orders: [] });
		const fake = bolContext({});
		for (let i = 0; i < 5; i++) await marketplaceRequest(fake.ctx, BOL_API, get(), settings);
		expect(fake.preAuthentications).toBe(1);
		expect(
			fake.http.filter((h) => h.url.endsWith('/token?grant_type=client_credentials')),
		).toHaveLength(1);
	});

	it('does not send a token issued for a secret the user has since changed', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders')
			.matchHeader('authorization', /Bearer token-\d+/)
			.reply(200, { orders: [] });
		const fake = bolContext({});
		await marketplaceRequest(fake.ctx, BOL_API, get(), settings);
		fake.credentials.clientSecret = 'edited-wrong-secret';
		nock(BOL_BASE)
			.get('/retailer/orders')
			.matchHeader('authorization', 'Bearer stale')
			.reply(401, problem(401, 'Unauthorized'));
		nock(BOL_BASE).post('/token').query(true).reply(401, { error: 'invalid_client' });
		const error = await marketplaceRequest(fake.ctx, BOL_API, get(), settings).catch((e) => e);
		expect(error.message).toContain('401');
		expect(fake.http.filter((h) => h.url.includes('/token')).map((h) => h.status)).toEqual([
			200, 401,
		]);
	});

	it('says clearly when the credential itself is rejected', async () => {
		nock(BOL_BASE).post('/token').query(true).times(2).reply(401, { error: 'invalid_client' });
		const { ctx } = bolContext({});
		const error = await marketplaceRequest(ctx, BOL_API, get(), settings).catch((e) => e);
		expect(error.message).toContain('401');
		expect(error.message).not.toContain(CLIENT_SECRET);
	});

	it('does not resend a POST whose outcome is unknown (500) but does after 503', async () => {
		mockToken();
		nock(BOL_BASE).post('/retailer/shipments').reply(500, problem(500, 'Internal error'));
		const { ctx, http } = bolContext({});
		const post = {
			...get('/retailer/shipments'),
			method: 'POST' as const,
			body: { orderItems: [] },
			bucket: 'shipments:create',
		};
		await expect(marketplaceRequest(ctx, BOL_API, post, settings)).rejects.toThrow('(500)');
		expect(http.filter((h) => h.url.includes('/shipments'))).toHaveLength(1);

		nock(BOL_BASE)
			.post('/retailer/shipments')
			.reply(503, problem(503, 'Unavailable'))
			.post('/retailer/shipments')
			.reply(202, { status: 'PENDING' });
		const ok = await marketplaceRequest(ctx, BOL_API, post, settings);
		expect(ok.statusCode).toBe(202);
	});

	it('retries a GET after a dropped connection', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders')
			.replyWithError(connectionReset())
			.get('/retailer/orders')
			.reply(200, { orders: [{ orderId: '1' }] });
		const { ctx } = bolContext({});
		const response = await marketplaceRequest<{ orders: unknown[] }>(ctx, BOL_API, get(), settings);
		expect(response.body.orders).toHaveLength(1);
		expect(response.attempts).toBe(2);
	});

	it('names the fields a Problem body rejects', async () => {
		mockToken();
		nock(BOL_BASE)
			.put('/retailer/orders/cancellation')
			.reply(
				400,
				problem(400, 'Error validating request.', [
					{ name: 'orderItems[0].reasonCode', reason: "Request contains invalid value(s): 'NOPE'" },
				]),
				{
					'Content-Type': 'application/vnd.retailer.v10+json',
				},
			);
		const { ctx } = bolContext({});
		const error = await marketplaceRequest(
			ctx,
			BOL_API,
			{
				...get('/retailer/orders/cancellation'),
				method: 'PUT',
				body: { orderItems: [] },
				operation: 'cancel order item 1',
			},
			settings,
		).catch((e) => e);
		expect(error.message).toContain('Bol.com rejected cancel order item 1 (400)');
		expect(error.message).toContain(
			"orderItems[0].reasonCode: Request contains invalid value(s): 'NOPE'",
		);
		expect(error.httpCode).toBe('400');
	});

	it('paces from x-ratelimit-remaining/reset instead of running into a 429', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders')
			.reply(
				200,
				{ orders: [] },
				{ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5' },
			)
			.get('/retailer/orders')
			.reply(
				200,
				{ orders: [] },
				{ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '60' },
			);
		const { ctx } = bolContext({});
		await marketplaceRequest(ctx, BOL_API, get(), settings);
		expect(clock.totalSlept).toBe(0);
		await marketplaceRequest(ctx, BOL_API, get(), settings);
		expect(clock.sleeps).toEqual([5000]);
	});
});

describe('RateLimiter', () => {
	it('follows an x-amzn-RateLimit-Limit token bucket', () => {
		const limiter = new RateLimiter({ ratePerSecond: 10, burst: 2 }, clock);
		limiter.take();
		limiter.take();
		limiter.observe(200, { 'x-amzn-RateLimit-Limit': '0.5' });
		// bucket empty, refilling at 0.5/s: two seconds for the next token
		expect(limiter.delayBeforeNext()).toBe(2000);
		clock.time += 2000;
		expect(limiter.delayBeforeNext()).toBe(0);
	});

	it('blocks for the Retry-After of a 429 (HTTP date form too)', () => {
		const limiter = new RateLimiter({}, clock);
		limiter.observe(429, { 'retry-after': new Date(clock.time + 3000).toUTCString() });
		expect(limiter.delayBeforeNext()).toBeGreaterThanOrEqual(2000);
		expect(limiter.delayBeforeNext()).toBeLessThanOrEqual(3000);
	});
});

describe('Request Options', () => {
	it('shows the same defaults the transport uses', () => {
		const options = requestOptionsProperty.options as Array<{ name: string; default: number }>;
		expect(options.find((o) => o.name === 'maxAttempts')!.default).toBe(
			DEFAULT_TRANSPORT_SETTINGS.maxAttempts,
		);
		expect(options.find((o) => o.name === 'maxWaitSeconds')!.default * 1000).toBe(
			DEFAULT_TRANSPORT_SETTINGS.maxWaitMs,
		);
	});
});
