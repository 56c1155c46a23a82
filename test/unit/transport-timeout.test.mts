import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BolRetailerApi } from '../../credentials/BolRetailerApi.credentials';
import { BOL_API } from '../../nodes/BolRetailer/transport';
import { requestOptionsProperty, transportSettings } from '../../nodes/shared/options';
import {
	DEFAULT_TRANSPORT_SETTINGS,
	marketplaceRequest,
} from '../../nodes/shared/transport/request';
import { BOL_BASE, bolCredentials, mockToken } from '../helpers/bol.mts';
import { installFakeClock } from '../helpers/clock.mts';
import { n8nContext } from './transport-n8n.mts';

// long enough that an answer nock gives at once never times out on a loaded machine (50 ms did once in CI)
const TIMEOUT_MS = 500;
/** How late the "slow" answers come: far beyond the timeout. */
const LATE_MS = 10 * TIMEOUT_MS;
const settings = { maxAttempts: 3, maxWaitMs: 300_000, scope: 'timeout', timeoutMs: TIMEOUT_MS };
const get = {
	method: 'GET' as const,
	url: `${BOL_BASE}/retailer/orders`,
	headers: { Accept: 'application/vnd.retailer.v10+json' },
	bucket: 'orders:list',
	operation: 'list orders',
};
const post = {
	...get,
	method: 'POST' as const,
	url: `${BOL_BASE}/retailer/shipments`,
	body: { orderItems: [{ orderItemId: '1' }] },
	bucket: 'shipments:create',
	operation: 'ship order item 1',
};

let restore: () => void;
beforeEach(() => {
	({ restore } = installFakeClock());
	nock.disableNetConnect();
});
afterEach(() => {
	restore();
	nock.abortPendingRequests();
	nock.cleanAll();
	nock.enableNetConnect();
});

const context = () => n8nContext(new BolRetailerApi(), bolCredentials());
const apiCalls = (fake: ReturnType<typeof context>, path: string) =>
	fake.sent.filter((r) => r.url.includes(path));

describe('request timeout', () => {
	it('gives every request a timeout: 60 s unless the "Timeout" request option says otherwise', async () => {
		mockToken();
		nock(BOL_BASE).get('/retailer/orders').times(2).reply(200, { orders: [] });
		const fake = context();
		await marketplaceRequest(fake.ctx, BOL_API, get, { maxAttempts: 1, maxWaitMs: 0, scope: 'a' });
		await marketplaceRequest(fake.ctx, BOL_API, get, transportSettings({ timeoutSeconds: 5 }, 'a'));
		expect(apiCalls(fake, '/retailer/orders').map((r) => r.timeout)).toEqual([60_000, 5000]);
		// the token request cannot hang a run either
		expect(apiCalls(fake, '/token')[0].timeout).toBe(60_000);

		expect(transportSettings({}, 's').timeoutMs).toBe(60_000);
		expect(transportSettings({ timeoutSeconds: 0 }, 's').timeoutMs).toBe(60_000);
		const option = (
			requestOptionsProperty.options as Array<{ name: string; default: number }>
		).find((o) => o.name === 'timeoutSeconds');
		expect(option!.default * 1000).toBe(DEFAULT_TRANSPORT_SETTINGS.timeoutMs);
	});

	it('retries a read that timed out, and succeeds', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders')
			.delay(LATE_MS)
			.reply(200, { orders: [{ orderId: 'late' }] })
			.get('/retailer/orders')
			.reply(200, { orders: [{ orderId: 'A' }] });
		const fake = context();
		const response = await marketplaceRequest<{ orders: Array<{ orderId: string }> }>(
			fake.ctx,
			BOL_API,
			get,
			settings,
		);
		expect(response.attempts).toBe(2);
		expect(response.body.orders).toEqual([{ orderId: 'A' }]);
	});

	it('does not repeat a create that timed out (it may have been processed), and says so', async () => {
		mockToken();
		nock(BOL_BASE)
			.post('/retailer/shipments')
			.delay(LATE_MS)
			.reply(202, { status: 'PENDING' })
			.post('/retailer/shipments')
			.reply(202, { status: 'PENDING' });
		const fake = context();
		const error = await marketplaceRequest(fake.ctx, BOL_API, post, settings).catch((e) => e);
		expect(error.message).toContain('ship order item 1 timed out');
		expect(error.message).toContain(`no answer within ${TIMEOUT_MS} ms`);
		expect(error.message).toContain('Not retried: the request may have been processed');
		expect(apiCalls(fake, '/retailer/shipments')).toHaveLength(1);
	});

	it('gives up on a read that keeps timing out and says how often it was retried', async () => {
		mockToken();
		nock(BOL_BASE).get('/retailer/orders').times(3).delay(LATE_MS).reply(200, { orders: [] });
		const fake = context();
		const error = await marketplaceRequest(fake.ctx, BOL_API, get, settings).catch((e) => e);
		expect(error.message).toContain('list orders timed out');
		expect(error.message).toContain('Retried 2 times, every attempt timed out (3 attempts)');
		expect(apiCalls(fake, '/retailer/orders')).toHaveLength(3);
	});
});
