import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { RATE_LIMITS } from '../../../nodes/AmazonSellingPartner/constants';
import {
	AMAZON_BASE,
	BR_UNSHIPPED,
	amazonErrors,
	exampleOrder,
	mockLwa,
	useUnitSetup,
} from '../../helpers/amazon.mts';
import { runNode, runNodeError } from './run.mts';

const clockOf = useUnitSetup();

const items = (n: number) => Array.from({ length: n }, () => ({ json: {} }));
const getOrder = { resource: 'order', operation: 'get', orderId: BR_UNSHIPPED, options: {} };

describe('Amazon rate limits (token buckets per operation)', () => {
	it('documents every operation the node calls as a RateLimitPolicy from the models', () => {
		expect(RATE_LIMITS['orders:search']).toEqual({
			ratePerSecond: 0.0056,
			burst: 20,
			margin: 0.05,
		});
		expect(RATE_LIMITS['orders:get']).toEqual({ ratePerSecond: 0.5, burst: 30, margin: 0.05 });
		expect(RATE_LIMITS['orders:confirmShipment']).toEqual({
			ratePerSecond: 2,
			burst: 10,
			margin: 0.05,
		});
		expect(RATE_LIMITS['feeds:create']).toEqual({ ratePerSecond: 0.0083, burst: 15, margin: 0.05 });
		expect(RATE_LIMITS['listings:patch']).toEqual({ ratePerSecond: 5, burst: 5, margin: 0.05 });
	});

	it('paces per-order calls: the burst of 30 goes at once, then one getOrder every 2 s (+5% margin), never a 429', async () => {
		mockLwa();
		let served = 0;
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.times(35)
			.reply(() => {
				served++;
				return [200, { order: exampleOrder(BR_UNSHIPPED) }];
			});
		const { items: out } = await runNode(getOrder, { items: items(35) });
		expect(out).toHaveLength(35);
		expect(served).toBe(35);
		// the first paced wait keeps 5% of a token in hand; it stays in hand, so the rest are exactly 2 s apart
		expect(clockOf().sleeps).toEqual([2100, 2000, 2000, 2000, 2000]);
	});

	it('follows x-amzn-RateLimit-Limit when Amazon grants another rate', async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.times(32)
			.reply(200, { order: exampleOrder(BR_UNSHIPPED) }, { 'x-amzn-RateLimit-Limit': '0.25' });
		await runNode(getOrder, { items: items(32) });
		expect(clockOf().sleeps).toEqual([4200, 4000]);
	});

	it('after a 429 (no Retry-After at Amazon) waits until the bucket has a token again, then retries', async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.get('/orders/2026-01-01/orders')
			.query(true)
			.reply(
				429,
				amazonErrors('QuotaExceeded', 'You exceeded your quota for the requested resource.'),
				{ 'x-amzn-RequestId': 'r-1' },
			)
			.get('/orders/2026-01-01/orders')
			.query(true)
			.reply(200, { orders: [] }, { 'x-amzn-RateLimit-Limit': '0.0056' });
		await runNode({
			resource: 'order',
			operation: 'getAll',
			filterBy: 'created',
			after: '2026-11-22T00:00:00Z',
			returnAll: true,
			filters: {},
			options: {},
		});
		// one token at 0.0056 per second, plus the (capped) margin of 1 s
		expect(clockOf().sleeps).toEqual([Math.ceil(1000 / 0.0056 + 1000)]);
	});

	it('gives up with the "Max Wait" option named when the wait would be too long', async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.get('/orders/2026-01-01/orders')
			.query(true)
			.reply(
				429,
				amazonErrors('QuotaExceeded', 'You exceeded your quota for the requested resource.'),
			);
		const { error } = await runNodeError({
			resource: 'order',
			operation: 'getAll',
			filterBy: 'created',
			after: '2026-11-22T00:00:00Z',
			returnAll: true,
			filters: {},
			options: {},
			requestOptions: { maxWaitSeconds: 60 },
		});
		expect(error.message).toContain(
			'the rate limit (429) would need a wait of 180 s, which exceeds the "Max Wait" option (60 s)',
		);
	});

	it('keeps the buckets of different operations apart: confirmShipment is not slowed by getOrder', async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.times(12)
			.reply(200, { order: exampleOrder(BR_UNSHIPPED) })
			.post(`/orders/v0/orders/${BR_UNSHIPPED}/shipmentConfirmation`)
			.times(12)
			.reply(204);
		await runNode(
			{
				resource: 'shipment',
				operation: 'create',
				orderId: BR_UNSHIPPED,
				itemsMode: 'allOpen',
				carrier: 'DHL',
				trackingNumber: 'T1',
				shipDate: '',
				options: {},
			},
			{ items: items(12) },
		);
		// getOrder: burst 30 (no wait); confirmShipment: burst 10, then 2 per second (+25 ms margin)
		expect(clockOf().sleeps).toEqual([525, 500]);
	});
});
