/** The shared core, exercised through a toy service built only on its public API (what a new marketplace module does). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { EmulatedClock } from '../../sandbox/emulators/core/clock.mts';
import { FaultInjector } from '../../sandbox/emulators/core/faults.mts';
import {
	acceptsMediaType,
	globToRegExp,
	headerValue,
	jsonResponse,
	parseNestedQuery,
	type EmulatorResponse,
} from '../../sandbox/emulators/core/http.mts';
import { Random } from '../../sandbox/emulators/core/random.mts';
import { RateLimiter } from '../../sandbox/emulators/core/rate-limit.mts';
import { redactHeaders, redactValue } from '../../sandbox/emulators/core/request-log.mts';
import { Router } from '../../sandbox/emulators/core/router.mts';
import { startService, type RunningService } from '../../sandbox/emulators/core/server.mts';
import type { ServiceFactory } from '../../sandbox/emulators/core/service.mts';
import { admin, call } from './helpers.mts';

describe('EmulatedClock', () => {
	it('runs faster by the time scale, jumps on advance and rebases when the scale changes', () => {
		let real = 1_000_000;
		const clock = new EmulatedClock({ timeScale: 60, start: 0, realNow: () => real });
		real += 1000;
		expect(clock.now()).toBe(60_000);
		clock.advance(5000);
		expect(clock.now()).toBe(65_000);
		clock.setTimeScale(1);
		real += 1000;
		expect(clock.now()).toBe(66_000);
		expect(clock.toRealSeconds(180_000)).toBe(180);
		expect(() => new EmulatedClock({ timeScale: 0 })).toThrow(RangeError);
	});
});

describe('Random', () => {
	it('is reproducible per seed, differs across seeds, and forks independent streams', () => {
		const a = new Random(42);
		const b = new Random(42);
		const seqA = Array.from({ length: 5 }, () => a.next());
		expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
		expect(new Random(43).next()).not.toBe(seqA[0]);
		expect(new Random(42).fork('x').next()).not.toBe(new Random(42).fork('y').next());
		expect(new Random(1).uuid()).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
		);
	});
});

describe('Router and request helpers', () => {
	it('matches parameters inside segments, reports allowed methods, first registration wins', () => {
		const h = () => jsonResponse(200, {});
		const router = new Router([
			{ method: 'GET', path: '/orders/count.json', handler: h, meta: { name: 'count' } },
			{ method: 'GET', path: '/orders/:id.json', handler: h, meta: { name: 'one' } },
			{ method: 'GET', path: '/files/*', handler: h },
		]);
		const count = router.match('GET', '/orders/count.json');
		expect(count.kind === 'found' && count.route.meta?.name).toBe('count');
		const one = router.match('GET', '/orders/42.json');
		expect(one.kind === 'found' && one.params).toEqual({ id: '42' });
		expect(router.match('DELETE', '/orders/42.json')).toEqual({
			kind: 'method-not-allowed',
			allowed: ['GET'],
		});
		expect(router.match('GET', '/nothing').kind).toBe('not-found');
		const rest = router.match('GET', '/files/a/b');
		expect(rest.kind === 'found' && rest.params['*']).toBe('a/b');
	});

	it('parses bracket query strings and path globs', () => {
		const q = new URLSearchParams(
			'searchCriteria[filterGroups][0][filters][0][field]=sku&searchCriteria[pageSize]=5&a[]=1&a[]=2',
		);
		expect(parseNestedQuery(q)).toEqual({
			searchCriteria: { filterGroups: { 0: { filters: { 0: { field: 'sku' } } } }, pageSize: '5' },
			a: { 0: '1', 1: '2' },
		});
		expect(globToRegExp('/retailer/orders/*').test('/retailer/orders/123')).toBe(true);
		expect(globToRegExp('/retailer/orders/*').test('/retailer/orders')).toBe(false);
		expect(globToRegExp('/admin/api/**').test('/admin/api/2024-07/orders.json')).toBe(true);
	});

	it('checks Accept strictly: an exact vendor type, no wildcards unless allowed', () => {
		const v10 = 'application/vnd.retailer.v10+json';
		expect(acceptsMediaType(`${v10}; charset=UTF-8`, v10)).toBe(true);
		expect(acceptsMediaType('application/json, */*', v10)).toBe(false);
		expect(acceptsMediaType('*/*', v10, true)).toBe(true);
		expect(acceptsMediaType(undefined, v10)).toBe(false);
		expect(acceptsMediaType(`${v10};q=0`, v10)).toBe(false);
	});
});

describe('RateLimiter', () => {
	it('fixed window: limits per principal, reports reset, frees the budget when the window passes', () => {
		const clock = new EmulatedClock({ start: 0, realNow: () => 0 });
		const limiter = new RateLimiter(clock, {
			rules: [{ id: 'r', method: 'GET', path: '/x', limit: 2, windowSeconds: 60, verified: true }],
		});
		expect(limiter.check('GET', '/x', 'a')?.remaining).toBe(1);
		expect(limiter.check('GET', '/x', 'a')?.remaining).toBe(0);
		const third = limiter.check('GET', '/x', 'a');
		expect(third).toMatchObject({ limited: true, retryAfterMs: 60_000 });
		expect(limiter.check('GET', '/x', 'b')?.limited).toBe(false);
		expect(limiter.check('POST', '/x', 'a')).toBeUndefined();
		clock.advance(60_000);
		expect(limiter.check('GET', '/x', 'a')?.limited).toBe(false);
		limiter.enabled = false;
		expect(limiter.check('GET', '/x', 'a')).toBeUndefined();
	});

	it('leaky bucket: fills to the limit, then drains at the leak rate', () => {
		const clock = new EmulatedClock({ start: 0, realNow: () => 0 });
		const limiter = new RateLimiter(clock, {
			rules: [
				{
					id: 'b',
					path: '/**',
					limit: 4,
					algorithm: 'leaky-bucket',
					leakPerSecond: 2,
					verified: true,
				},
			],
		});
		for (let i = 0; i < 4; i++) expect(limiter.check('GET', '/a', 'p')?.limited).toBe(false);
		const over = limiter.check('GET', '/a', 'p');
		expect(over?.limited).toBe(true);
		expect(over?.retryAfterMs).toBe(500);
		clock.advance(500);
		expect(limiter.check('GET', '/a', 'p')).toMatchObject({ limited: false, used: 4 });
	});

	it('combined rules: a request must fit every limit, priced units, nothing counted when one is spent', () => {
		const clock = new EmulatedClock({ start: 0, realNow: () => 0 });
		const limiter = new RateLimiter(clock, {
			rules: [
				{ id: 'q', path: '/s', whenQuery: 'n', limit: 1, windowSeconds: 60, verified: true },
				{ id: 'req', path: '/s', limit: 3, windowSeconds: 60, combine: true, verified: true },
				{ id: 'units', path: '/s', unit: 'items', limit: 10, windowSeconds: 60, verified: true },
			],
		});
		const cost = (n: number) => (rule: { unit?: string }) => (rule.unit === 'items' ? n : 99);
		expect(limiter.check('POST', '/s', 'p', cost(6))).toMatchObject({
			limited: false,
			remaining: 2,
		});
		const spent = limiter.check('POST', '/s', 'p', cost(5));
		expect(spent).toMatchObject({ limited: true, limit: 10, remaining: 4 });
		expect(spent?.rule.id).toBe('units');
		expect(limiter.check('POST', '/s', 'p', cost(4))?.limited).toBe(false);
		expect(limiter.check('POST', '/s', 'p', cost(0))?.limited).toBe(false);
		expect(limiter.check('POST', '/s', 'p', cost(0))?.rule.id).toBe('req');
		const query = new URLSearchParams('n=1');
		expect(limiter.check('POST', '/s', 'p', cost(0), query)?.rule.id).toBe('q');
		expect(limiter.ruleFor('POST', '/s', query)?.id).toBe('q');
		expect(limiter.ruleFor('POST', '/s')?.id).toBe('req');
	});

	it('rejects malformed profiles', () => {
		const clock = new EmulatedClock();
		expect(
			() =>
				new RateLimiter(clock, {
					rules: [{ id: 'x', path: '/', limit: 0, windowSeconds: 1, verified: true }],
				}),
		).toThrow(/limit/);
	});
});

describe('FaultInjector', () => {
	it('honours count, after, method and path; probability draws are reproducible per seed', () => {
		const faults = new FaultInjector(new Random(7));
		faults.add({ kind: 'server-error', path: '/orders/*', method: 'GET', count: 2, after: 1 });
		expect(faults.pick('GET', '/orders/1')).toBeUndefined();
		expect(faults.pick('POST', '/orders/1')).toBeUndefined();
		expect(faults.pick('GET', '/orders/1')?.kind).toBe('server-error');
		expect(faults.pick('GET', '/orders/2')?.kind).toBe('server-error');
		expect(faults.pick('GET', '/orders/3')).toBeUndefined();
		const draws = (seed: number) => {
			const injector = new FaultInjector(new Random(seed));
			injector.add({ kind: 'drop', probability: 0.5 });
			return Array.from({ length: 40 }, () => injector.pick('GET', '/a') !== undefined);
		};
		expect(draws(3)).toEqual(draws(3));
		expect(draws(3).filter(Boolean).length).toBeGreaterThan(5);
		expect(draws(3).filter(Boolean).length).toBeLessThan(35);
		expect(() => faults.add({ kind: 'nonsense' as never })).toThrow(/kind must be one of/);
		expect(() => faults.add({ kind: 'drop', probability: 2 })).toThrow(/probability/);
	});
});

describe('redaction', () => {
	it('keeps the auth scheme, hides credentials in headers, query and body', () => {
		const headers = redactHeaders({
			authorization: 'Bearer abc.def',
			'x-shopify-access-token': 'shpat_1',
			'x-api-key': 'k',
			accept: 'application/json',
		});
		expect(headers).toEqual({
			authorization: 'Bearer [REDACTED]',
			'x-shopify-access-token': '[REDACTED]',
			'x-api-key': '[REDACTED]',
			accept: 'application/json',
		});
		expect(
			redactValue({
				consumer_secret: 'cs',
				nested: [{ client_secret: 's', password: 'p', name: 'n' }],
			}),
		).toEqual({
			consumer_secret: '[REDACTED]',
			nested: [{ client_secret: '[REDACTED]', password: '[REDACTED]', name: 'n' }],
		});
	});
});

/** A minimal service written against the core API only: one authenticated resource, its own error format. */
function toyService(): ServiceFactory {
	return (ctx) => {
		let counter = 0;
		const revoked = new Set<string>();
		const settings = { greeting: 'hello' };
		const fail = (status: number, message: string): EmulatorResponse =>
			jsonResponse(status, { fault: message });
		return {
			name: 'toy',
			rateLimitProfile: {
				rules: [
					{
						id: 'counter',
						method: 'POST',
						path: '/counter',
						limit: 2,
						windowSeconds: 10,
						verified: true,
					},
				],
			},
			routes: [
				{
					method: 'GET',
					path: '/hello/:name',
					auth: false,
					handler: (req) =>
						jsonResponse(200, {
							text: `${settings.greeting} ${req.params.name}`,
							at: ctx.clock.now(),
						}),
				},
				{
					method: 'POST',
					path: '/counter',
					handler: (req) => jsonResponse(201, { counter: ++counter, body: req.body }),
				},
			],
			info: () => ({ token: 'toy-token' }),
			state: {
				settings,
				snapshot: () => ({ counter }),
				reset: () => {
					counter = ctx.seed ?? 0;
					revoked.clear();
				},
				seed: (input) => {
					counter += Number((input as { add?: number }).add ?? 1);
					return { counter };
				},
			},
			hooks: {
				error: (status, error) => fail(status, error.detail ?? error.title),
				authenticate: (req) => {
					const token = headerValue(req, 'authorization')?.replace(/^Bearer /, '');
					if (token !== 'toy-token' || revoked.has(token)) return fail(401, 'bad token');
					return { id: token, credential: token };
				},
				authFault: (kind, req) => {
					if (kind === 'token-revoked')
						revoked.add(headerValue(req, 'authorization')?.replace(/^Bearer /, '') ?? '');
					return fail(401, kind);
				},
				rateLimitHeaders: (d) => ({
					'x-left': String(d.remaining),
					'x-reset': String(d.realSeconds(d.resetMs)),
				}),
				rateLimited: (d) => ({
					...fail(429, 'slow down'),
					headers: { 'retry-after': String(d.realSeconds(d.retryAfterMs)) },
				}),
				malformedBody: () => fail(400, 'bad json'),
			},
		};
	};
}

describe('a service on the core: HTTP pipeline and admin API', () => {
	let toy: RunningService;
	const auth = { authorization: 'Bearer toy-token', 'content-type': 'application/json' };
	const post = (body = '{}') => call(`${toy.url}/counter`, { method: 'POST', headers: auth, body });

	beforeAll(async () => {
		toy = await startService(toyService(), { seed: 10 });
	});
	afterAll(async () => {
		await toy.stop();
	});
	beforeEach(async () => {
		await admin(toy.url, 'POST', 'reset');
	});

	it('listens on loopback only', async () => {
		expect(toy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		await expect(startService(toyService(), { host: '0.0.0.0' })).rejects.toThrow(/loopback/);
	});

	it('routes, authenticates, parses JSON and form bodies and answers in the service error format', async () => {
		await admin(toy.url, 'PATCH', 'config', { rateLimits: false });
		expect((await call(`${toy.url}/hello/Zo%C3%AB`)).body.text).toBe('hello Zoë');
		expect((await call(`${toy.url}/counter`, { method: 'POST' })).body).toEqual({
			fault: 'bad token',
		});
		expect((await post('{"a":1}')).body).toEqual({ counter: 11, body: { a: 1 } });
		const form = await call(`${toy.url}/counter`, {
			method: 'POST',
			headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'a=1&b=x',
		});
		expect(form.body.body).toEqual({ a: '1', b: 'x' });
		expect((await post('{"a":')).body).toEqual({ fault: 'bad json' });
		expect((await call(`${toy.url}/nope`)).status).toBe(404);
		const wrong = await call(`${toy.url}/counter`, { method: 'GET', headers: auth });
		expect(wrong.status).toBe(405);
		expect(wrong.headers.get('allow')).toBe('POST');
	});

	it('rate limits per the profile with the service headers, and the profile is changeable', async () => {
		const first = await post();
		expect(first.headers.get('x-left')).toBe('1');
		expect(first.headers.get('x-reset')).toBe('10');
		await post();
		const limited = await post();
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('10');
		await admin(toy.url, 'POST', 'clock', { advanceSeconds: 10 });
		expect((await post()).status).toBe(201);
		const changed = await admin(toy.url, 'PUT', 'rate-limits', {
			profile: {
				rules: [{ id: 'c', path: '/counter', limit: 1, windowSeconds: 1, verified: false }],
			},
		});
		expect(changed.body.profile.rules[0].id).toBe('c');
		expect((await post()).status).toBe(201);
		expect((await post()).status).toBe(429);
		expect(
			(await admin(toy.url, 'PUT', 'rate-limits', { profile: { rules: [{ id: 'x' }] } })).status,
		).toBe(400);
		await admin(toy.url, 'PUT', 'rate-limits', { enabled: false });
		expect((await post()).status).toBe(201);
	});

	it('injects every fault kind, by count, only where it is aimed', async () => {
		const add = (rule: object) => admin(toy.url, 'POST', 'faults', rule);
		expect(
			(await add({ kind: 'server-error', status: 503, path: '/counter', count: 2 })).status,
		).toBe(201);
		expect((await post()).status).toBe(503);
		expect((await call(`${toy.url}/hello/x`)).status).toBe(200);
		expect((await post()).status).toBe(503);
		expect((await post()).status).toBe(201);

		await add({ kind: 'rate-limit', path: '/counter', retryAfterSeconds: 7 });
		const storm = await post();
		expect([storm.status, storm.headers.get('retry-after')]).toEqual([429, '7']);

		await add({ kind: 'drop', path: '/counter' });
		await expect(
			fetch(`${toy.url}/counter`, { method: 'POST', headers: auth, body: '{}' }),
		).rejects.toThrow();

		await add({ kind: 'slow', delayMs: 300, path: '/hello/*' });
		const started = Date.now();
		expect((await call(`${toy.url}/hello/slow`)).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);

		await add({ kind: 'malformed-json', path: '/hello/*' });
		const broken = await call(`${toy.url}/hello/broken`);
		expect(broken.status).toBe(200);
		expect(() => JSON.parse(broken.text)).toThrow();

		await add({ kind: 'token-expired', path: '/counter' });
		expect((await post()).body).toEqual({ fault: 'token-expired' });
		expect((await post()).status).toBe(201);

		await add({ kind: 'token-revoked', path: '/counter' });
		expect((await post()).body).toEqual({ fault: 'token-revoked' });
		expect((await post()).body).toEqual({ fault: 'bad token' });

		const listed = await admin(toy.url, 'GET', 'faults');
		expect(listed.body.faults.every((f: { remaining: number }) => f.remaining === 0)).toBe(true);
		const log = await admin(toy.url, 'GET', 'requests?path=/counter');
		expect(log.body.requests.map((r: { outcome: string }) => r.outcome)).toContain('fault:drop');
		expect((await admin(toy.url, 'POST', 'faults', { kind: 'drop', count: 0 })).status).toBe(400);
	});

	it('acts after the handler: the effect is applied, then the answer is dropped or replaced', async () => {
		await admin(toy.url, 'PATCH', 'config', { rateLimits: false });
		const add = (rule: object) => admin(toy.url, 'POST', 'faults', rule);
		expect((await add({ kind: 'drop', phase: 'after', path: '/counter' })).status).toBe(201);
		await expect(
			fetch(`${toy.url}/counter`, { method: 'POST', headers: auth, body: '{}' }),
		).rejects.toThrow();
		expect((await admin(toy.url, 'GET', 'state')).body.state).toEqual({ counter: 11 });
		await add({ kind: 'server-error', phase: 'after', status: 502, path: '/counter' });
		expect((await post()).status).toBe(502);
		expect((await admin(toy.url, 'GET', 'state')).body.state).toEqual({ counter: 12 });
		expect((await post()).body.counter).toBe(13);
		// a request the handler never saw (bad token) does not consume an after fault
		await add({ kind: 'server-error', phase: 'after', path: '/counter' });
		expect((await call(`${toy.url}/counter`, { method: 'POST' })).status).toBe(401);
		expect((await post()).status).toBe(500);
		const log = (await admin(toy.url, 'GET', 'requests?path=/counter')).body.requests as Array<{
			outcome: string;
			status: number;
			handledStatus?: number;
		}>;
		expect(log.map((r) => [r.outcome, r.status, r.handledStatus])).toEqual([
			['fault:drop:after', 0, 201],
			['fault:server-error:after', 502, 201],
			['ok', 201, 201],
			['unauthorized', 401, undefined],
			['fault:server-error:after', 500, 201],
		]);
		expect((await add({ kind: 'rate-limit', phase: 'after' })).status).toBe(400);
		expect((await add({ kind: 'drop', phase: 'later' })).status).toBe(400);
	});

	it('echoes the request headers in a gateway error, before or after the handler', async () => {
		await admin(toy.url, 'POST', 'faults', { kind: 'echo', path: '/counter' });
		const echoed = await call(`${toy.url}/counter`, {
			method: 'POST',
			headers: { ...auth, 'x-amz-access-token': 'Atza|secret-access' },
			body: '{}',
		});
		expect(echoed.status).toBe(502);
		expect(echoed.body.request.headers).toMatchObject({
			authorization: 'Bearer toy-token',
			'x-amz-access-token': 'Atza|secret-access',
		});
		expect((await admin(toy.url, 'GET', 'state')).body.state).toEqual({ counter: 10 });
		await admin(toy.url, 'POST', 'faults', { kind: 'echo', phase: 'after', status: 500 });
		expect((await post()).text).toContain('Bearer toy-token');
		expect((await admin(toy.url, 'GET', 'state')).body.state).toEqual({ counter: 11 });
	});

	it('answers an S3-style XML error that holds the pre-signed URL with its token and signature', async () => {
		await admin(toy.url, 'POST', 'faults', { kind: 's3-error', path: '/hello/*' });
		const res = await call(
			`${toy.url}/hello/doc?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc123def456`,
		);
		expect(res.status).toBe(403);
		expect(res.headers.get('content-type')).toBe('application/xml');
		expect(res.text).toContain('<Code>SignatureDoesNotMatch</Code>');
		expect(res.text).toMatch(/X-Amz-Security-Token=IQoJ[\w-]+&X-Amz-Signature=abc123def456/);
	});

	it('hangs: accepts the connection and never answers until the client gives up or the service stops', async () => {
		await admin(toy.url, 'POST', 'faults', { kind: 'hang', path: '/hello/*' });
		const started = Date.now();
		await expect(
			fetch(`${toy.url}/hello/x`, { signal: AbortSignal.timeout(300) }),
		).rejects.toThrow();
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		// with delayMs the connection is closed after that long, without an answer
		await admin(toy.url, 'POST', 'faults', { kind: 'hang', delayMs: 200, path: '/hello/*' });
		await expect(fetch(`${toy.url}/hello/y`)).rejects.toThrow();
		expect((await call(`${toy.url}/hello/z`)).status).toBe(200);
		// stop releases connections that still hang
		const other = await startService(toyService(), {});
		await admin(other.url, 'POST', 'faults', { kind: 'hang' });
		const pending = fetch(`${other.url}/hello/x`).then(
			() => 'answered',
			() => 'closed',
		);
		await new Promise((resolve) => setTimeout(resolve, 50));
		await other.stop();
		expect(await pending).toBe('closed');
	});

	it('keeps a redacted request log, state, seed, config and reset', async () => {
		await post('{"password":"hunter2","n":1}');
		const { body } = await admin(toy.url, 'GET', 'requests');
		const entry = body.requests.find((r: { path: string }) => r.path === '/counter');
		expect(entry.headers.authorization).toBe('Bearer [REDACTED]');
		expect(entry.body).toEqual({ password: '[REDACTED]', n: 1 });
		expect(entry.status).toBe(201);
		expect((await admin(toy.url, 'POST', 'seed', { add: 5 })).body.seeded).toEqual({ counter: 16 });
		expect((await admin(toy.url, 'GET', 'state')).body.state).toEqual({ counter: 16 });
		expect((await admin(toy.url, 'PATCH', 'config', { greeting: 'hoi' })).body.greeting).toBe(
			'hoi',
		);
		expect((await call(`${toy.url}/hello/x`)).body.text).toBe('hoi x');
		expect((await admin(toy.url, 'PATCH', 'config', { greeting: 1 })).status).toBe(400);
		expect((await admin(toy.url, 'PATCH', 'config', { unknown: 1 })).status).toBe(400);
		await admin(toy.url, 'POST', 'reset');
		expect((await admin(toy.url, 'GET', 'state')).body.state).toEqual({ counter: 10 });
		expect((await admin(toy.url, 'GET', 'requests')).body.requests).toEqual([]);
		expect((await admin(toy.url, 'GET', 'nope')).status).toBe(404);
	});

	it('advances the emulated clock on request', async () => {
		const before = (await call(`${toy.url}/hello/t`)).body.at as number;
		const clock = await admin(toy.url, 'POST', 'clock', { advanceHours: 2 });
		expect(clock.body.epochMs - before).toBeGreaterThanOrEqual(7_200_000);
		expect((await call(`${toy.url}/hello/t`)).body.at - before).toBeGreaterThanOrEqual(7_200_000);
		expect((await admin(toy.url, 'POST', 'clock', { timeScale: -1 })).status).toBe(400);
	});
});
