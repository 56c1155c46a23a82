import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BolRetailerTrigger } from '../../../nodes/BolRetailer/BolRetailerTrigger.node.ts';
import { BOL_BASE, bolContext, mockToken } from '../../helpers/bol.mts';
import { installFakeClock, type FakeClock } from '../../helpers/clock.mts';
import { reduced, specOrder } from './fixtures.mts';

let clock: FakeClock;
let restore: () => void;
beforeEach(() => {
	({ clock, restore } = installFakeClock(Date.parse('2026-11-23T10:00:00Z')));
	nock.disableNetConnect();
	mockToken(nock(BOL_BASE), 10);
});
afterEach(() => {
	restore();
	nock.cleanAll();
	nock.enableNetConnect();
});

const minutes = (n: number) => n * 60_000;
const at = (iso: string) => iso;

function serveOpenOrders(orders: Array<{ id: string; placed: string }>) {
	nock(BOL_BASE)
		.get('/retailer/orders')
		.query(true)
		.reply(200, { orders: orders.map((o) => reduced(o.id, [], o.placed)) });
	for (const o of orders)
		nock(BOL_BASE)
			.get(`/retailer/orders/${o.id}`)
			.optionally()
			.reply(200, specOrder({ orderId: o.id }));
}

describe('bolRetailerTrigger: new order', () => {
	it('emits each new order once across polls, including one bol shows late within the overlap', async () => {
		const staticData = {};
		const poll = async () => {
			const fake = bolContext({ event: 'newOrder', options: {} }, { staticData });
			const result = await new BolRetailerTrigger().poll.call(fake.ctx);
			return result ? result[0].map((i) => i.json.orderId) : null;
		};

		// first poll: an order placed before activation is not emitted
		serveOpenOrders([{ id: 'OLD', placed: at('2026-11-23T09:00:00Z') }]);
		expect(await poll()).toBeNull();

		clock.time += minutes(5);
		serveOpenOrders([
			{ id: 'OLD', placed: at('2026-11-23T09:00:00Z') },
			{ id: 'NEW1', placed: at('2026-11-23T10:02:00Z') },
		]);
		expect(await poll()).toEqual(['NEW1']);

		// NEW2 was placed before the last poll but only listed now: the overlap catches it, NEW1 is not repeated
		clock.time += minutes(5);
		serveOpenOrders([
			{ id: 'NEW1', placed: at('2026-11-23T10:02:00Z') },
			{ id: 'NEW2', placed: at('2026-11-23T10:04:00Z') },
		]);
		expect(await poll()).toEqual(['NEW2']);

		clock.time += minutes(5);
		serveOpenOrders([
			{ id: 'NEW1', placed: at('2026-11-23T10:02:00Z') },
			{ id: 'NEW2', placed: at('2026-11-23T10:04:00Z') },
		]);
		expect(await poll()).toBeNull();
	});

	it('emits orders since "Sync From" on the first poll', async () => {
		serveOpenOrders([
			{ id: 'A', placed: at('2026-11-22T09:00:00Z') },
			{ id: 'B', placed: at('2026-11-20T09:00:00Z') },
		]);
		const fake = bolContext({ event: 'newOrder', options: { syncFrom: '2026-11-21T00:00:00Z' } });
		const result = await new BolRetailerTrigger().poll.call(fake.ctx);
		expect(result![0].map((i) => i.json.orderId)).toEqual(['A']);
		expect(result![0][0].json).toMatchObject({ marketplace: 'bol', status: 'open' });
	});

	it('returns recent real items in manual mode without touching the state', async () => {
		serveOpenOrders([{ id: 'M1', placed: at('2026-11-20T09:00:00Z') }]);
		const staticData = {};
		const fake = bolContext({ event: 'newOrder', options: {} }, { staticData, mode: 'manual' });
		const result = await new BolRetailerTrigger().poll.call(fake.ctx);
		expect(result![0].map((i) => i.json.orderId)).toEqual(['M1']);
		expect(staticData).toEqual({});
	});
});

describe('bolRetailerTrigger: order changed', () => {
	it('emits an order again when one of its items changes later, once per change', async () => {
		const staticData = {};
		const changed = (time: string) => [
			reduced('C1', [{ latestChangedDateTime: time, cancellationRequest: true }]),
		];
		const poll = async (
			orders: unknown[],
			expectQuery: (q: Record<string, unknown>) => boolean,
		) => {
			nock(BOL_BASE).get('/retailer/orders').query(expectQuery).reply(200, { orders });
			nock(BOL_BASE)
				.get('/retailer/orders/C1')
				.optionally()
				.reply(200, specOrder({ orderId: 'C1' }));
			const fake = bolContext({ event: 'orderChanged', options: {} }, { staticData });
			const result = await new BolRetailerTrigger().poll.call(fake.ctx);
			return result ? result[0].map((i) => i.json.change) : null;
		};
		expect(await poll([], (q) => q.status === 'ALL')).toBeNull();
		clock.time += minutes(2);
		expect(
			await poll(changed('2026-11-23T10:01:00Z'), (q) => q['change-interval-minute'] === '12'),
		).toEqual([{ changedAt: '2026-11-23T10:01:00.000Z' }]);
		clock.time += minutes(2);
		expect(await poll(changed('2026-11-23T10:01:00Z'), () => true)).toBeNull();
		clock.time += minutes(2);
		expect(await poll(changed('2026-11-23T10:05:30Z'), () => true)).toEqual([
			{ changedAt: '2026-11-23T10:05:30.000Z' },
		]);
	});

	it('asks day by day after a long pause', async () => {
		const staticData = { cursor: '2026-11-20T10:00:00.000Z', seen: {} };
		const days: string[] = [];
		nock(BOL_BASE)
			.get('/retailer/orders')
			.query((q) => (days.push(String(q['latest-change-date'])), true))
			.times(4)
			.reply(200, {});
		const fake = bolContext({ event: 'orderChanged', options: {} }, { staticData });
		await new BolRetailerTrigger().poll.call(fake.ctx);
		expect(days).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
	});
});

describe('bolRetailerTrigger: new return', () => {
	it('emits unhandled returns registered since the last poll, once', async () => {
		const staticData = {};
		const ret = (id: string, registered: string) => ({
			returnId: id,
			registrationDateTime: registered,
			fulfilmentMethod: 'FBR',
			returnItems: [
				{
					rmaId: `9${id}`,
					orderId: 'A',
					ean: '0000007740404',
					expectedQuantity: 1,
					returnReason: { mainReason: 'x', customerComments: '' },
					handled: false,
					processingResults: [],
				},
			],
		});
		const poll = async (returns: unknown[]) => {
			nock(BOL_BASE)
				.get('/retailer/returns')
				.query({ handled: 'false', 'fulfilment-method': 'FBR', page: '1' })
				.reply(200, { returns });
			const result = await new BolRetailerTrigger().poll.call(
				bolContext({ event: 'newReturn', options: {} }, { staticData }).ctx,
			);
			return result ? result[0].map((i) => i.json.returnId) : null;
		};
		expect(await poll([ret('1', '2026-11-22T10:00:00Z')])).toBeNull();
		clock.time += minutes(3);
		expect(
			await poll([ret('1', '2026-11-22T10:00:00Z'), ret('2', '2026-11-23T10:01:00Z')]),
		).toEqual(['2']);
		clock.time += minutes(3);
		expect(await poll([ret('2', '2026-11-23T10:01:00Z')])).toBeNull();
	});
});
