import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BolRetailerTrigger } from '../../../nodes/BolRetailer/BolRetailerTrigger.node.ts';
import { BOL_BASE, CLIENT_SECRET, bolContext, mockToken, problem } from '../../helpers/bol.mts';
import type { ContextOptions } from '../../helpers/context.mts';
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

describe('bolRetailerTrigger: delivery guarantees', () => {
	type Order = { id: string; placed: string };
	const isoAt = (base: string, plusMinutes: number) =>
		new Date(Date.parse(base) + plusMinutes * 60_000).toISOString();

	/**
	 * Open orders by page (50 per page, as bol), counting the calls. The list changes to the next of `lists` right
	 * after each answer for page 1 (an order ships while the trigger reads on).
	 */
	function serveOpenPages(lists: Order[][], counts = { list: 0, detail: 0 }) {
		nock(BOL_BASE)
			.get('/retailer/orders')
			.query((q) => q.status === 'OPEN')
			.times(50)
			.optionally()
			.reply((uri) => {
				counts.list++;
				const page = Number(new URL(uri, BOL_BASE).searchParams.get('page'));
				const orders = lists[0].slice((page - 1) * 50, page * 50);
				if (page === 1 && lists.length > 1) lists.shift();
				return [200, { orders: orders.map((o) => reduced(o.id, [], o.placed)) }];
			});
		nock(BOL_BASE)
			.get(/\/retailer\/orders\/[^/]+$/)
			.times(200)
			.optionally()
			.reply((uri) => {
				counts.detail++;
				return [200, specOrder({ orderId: uri.split('/').pop() })];
			});
		return counts;
	}

	const pollWith = async (staticData: IDataObject, extra: Partial<ContextOptions> = {}) => {
		const fake = bolContext({ event: 'newOrder', options: {} }, { staticData, ...extra });
		const result = await new BolRetailerTrigger().poll.call(fake.ctx);
		return result ? result[0].map((i) => String(i.json.orderId)) : [];
	};

	it('does not emit an order placed just before activation on a later poll', async () => {
		const staticData = {};
		// placed 5 minutes before activation: within the 10-minute overlap
		serveOpenPages([[{ id: 'PRE', placed: '2026-11-23T09:55:00Z' }]]);
		expect(await pollWith(staticData)).toEqual([]);
		nock.cleanAll();
		mockToken(nock(BOL_BASE), 5);
		clock.time += minutes(5);
		serveOpenPages([
			[
				{ id: 'PRE', placed: '2026-11-23T09:55:00Z' },
				{ id: 'NEW', placed: '2026-11-23T10:03:00Z' },
			],
		]);
		expect(await pollWith(staticData)).toEqual(['NEW']);
	});

	it('loses no order when n8n runs 30 minutes ahead of bol', async () => {
		// bol's time is 10:00, n8n's clock says 10:30
		clock.time = Date.parse('2026-11-23T10:30:00Z');
		const staticData = {};
		serveOpenPages([[{ id: 'OLD', placed: '2026-11-23T09:50:00Z' }]]);
		expect(await pollWith(staticData)).toEqual([]);
		const emitted: string[] = [];
		for (let n = 1; n <= 3; n++) {
			nock.cleanAll();
			mockToken(nock(BOL_BASE), 5);
			clock.time += minutes(5);
			// an order placed (in bol's time) since the last poll
			serveOpenPages([
				[
					{ id: 'OLD', placed: '2026-11-23T09:50:00Z' },
					...[1, 2, 3]
						.filter((m) => m <= n)
						.map((m) => ({ id: `N${m}`, placed: isoAt('2026-11-23T10:00:00Z', m * 5 - 2) })),
				],
			]);
			emitted.push(...(await pollWith(staticData)));
		}
		expect(emitted).toEqual(['N1', 'N2', 'N3']);
	});

	it('reads a list that shifts while it is read without skipping an order', async () => {
		const staticData = {};
		serveOpenPages([[]]);
		expect(await pollWith(staticData)).toEqual([]);
		nock.cleanAll();
		mockToken(nock(BOL_BASE), 5);
		clock.time += minutes(60);
		// 51 open orders; while page 1 is processed, the first one ships: the 51st moves up to page 1
		const all = Array.from({ length: 51 }, (_, n) => ({
			id: `S${String(n + 1).padStart(2, '0')}`,
			placed: isoAt('2026-11-23T10:05:00Z', n / 2),
		}));
		serveOpenPages([all, all.slice(1)]);
		const first = await pollWith(staticData);
		nock.cleanAll();
		mockToken(nock(BOL_BASE), 5);
		clock.time += minutes(5);
		serveOpenPages([all.slice(1)]);
		const second = await pollWith(staticData);
		expect([...first, ...second].sort()).toEqual(all.map((o) => o.id));
		// ... and found in the poll that read the shifted list, not only by luck later
		expect(first).toContain('S51');
	});

	it('takes a manual sample of 3 with one list call and 3 detail calls', async () => {
		const orders = Array.from({ length: 60 }, (_, n) => ({
			id: `M${n}`,
			placed: '2026-11-20T09:00:00Z',
		}));
		const counts = serveOpenPages([orders]);
		const staticData = {};
		expect(await pollWith(staticData, { mode: 'manual' })).toEqual(['M0', 'M1', 'M2']);
		expect(counts).toEqual({ list: 1, detail: 3 });
		expect(staticData).toEqual({});
	});

	it('skips an order whose details keep failing, logs it, lets the others through and tries it again', async () => {
		const staticData = {};
		serveOpenPages([[]]);
		expect(await pollWith(staticData)).toEqual([]);
		const warnings: string[] = [];
		const errors: string[] = [];
		const logger = {
			warn: (m: string) => warnings.push(m),
			error: (m: string) => errors.push(m),
			debug: () => {},
			info: () => {},
		};
		const orders = [
			{ id: 'G1', placed: '2026-11-23T10:01:00Z' },
			{ id: 'BAD', placed: '2026-11-23T10:02:00Z' },
			{ id: 'G2', placed: '2026-11-23T10:03:00Z' },
		];
		const pollOnce = async (badAnswers: number, more: Order[] = []) => {
			nock.cleanAll();
			mockToken(nock(BOL_BASE), 5);
			clock.time += minutes(5);
			let badCalls = 0;
			if (badAnswers > 0)
				nock(BOL_BASE)
					.get('/retailer/orders/BAD')
					.times(badAnswers)
					.reply(() => (badCalls++, [404, problem(404, 'Not Found')]));
			serveOpenPages([[...orders, ...more]]);
			const fake = bolContext({ event: 'newOrder', options: {} }, { staticData });
			Object.assign(fake.ctx, { logger });
			const result = await new BolRetailerTrigger().poll.call(fake.ctx);
			return { ids: result ? result[0].map((i) => String(i.json.orderId)) : [], badCalls };
		};
		const second = await pollOnce(1);
		expect(second.ids).toEqual(['G1', 'G2']);
		expect(warnings.join('\n')).toContain('BAD');
		expect(warnings.join('\n')).not.toContain(CLIENT_SECRET);
		// still failing: tried again, nothing repeated; an order placed meanwhile still flows
		const third = await pollOnce(1, [{ id: 'G3', placed: '2026-11-23T10:12:00Z' }]);
		expect(third).toEqual({ ids: ['G3'], badCalls: 1 });
		// bol answers again: the order comes through, once
		const fourth = await pollOnce(0, [{ id: 'G3', placed: '2026-11-23T10:12:00Z' }]);
		expect(fourth.ids).toEqual(['BAD']);
		const fifth = await pollOnce(0, [{ id: 'G3', placed: '2026-11-23T10:12:00Z' }]);
		expect(fifth.ids).toEqual([]);
	});

	it('gives up on an order after 5 failing polls, and says so', async () => {
		const staticData = {};
		serveOpenPages([[]]);
		await pollWith(staticData);
		const errors: string[] = [];
		const logger = { warn: () => {}, error: (m: string) => errors.push(m), debug: () => {} };
		let badCalls = 0;
		for (let n = 0; n < 7; n++) {
			nock.cleanAll();
			mockToken(nock(BOL_BASE), 5);
			clock.time += minutes(5);
			nock(BOL_BASE)
				.get('/retailer/orders/BAD')
				.times(10)
				.optionally()
				.reply(() => (badCalls++, [404, problem(404, 'Not Found')]));
			serveOpenPages([[{ id: 'BAD', placed: '2026-11-23T10:02:00Z' }]]);
			const fake = bolContext({ event: 'newOrder', options: {} }, { staticData });
			Object.assign(fake.ctx, { logger });
			expect(await new BolRetailerTrigger().poll.call(fake.ctx)).toBeNull();
		}
		expect(badCalls).toBe(5);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toContain('BAD');
	});

	it('two overlapping polls emit an order once and do not roll the cursor back', async () => {
		const staticData: IDataObject = {};
		serveOpenPages([[]]);
		await pollWith(staticData);
		nock.cleanAll();
		mockToken(nock(BOL_BASE), 5);
		clock.time += minutes(5);
		// the first poll's list answer is slow; n8n starts the next poll meanwhile
		nock(BOL_BASE)
			.get('/retailer/orders')
			.query(true)
			.times(2)
			.delay(30)
			.reply(200, { orders: [reduced('N1', [], '2026-11-23T10:03:00Z')] });
		nock(BOL_BASE)
			.get('/retailer/orders/N1')
			.times(2)
			.optionally()
			.reply(200, specOrder({ orderId: 'N1' }));
		const [a, b] = await Promise.all([pollWith(staticData), pollWith(staticData)]);
		expect([...a, ...b]).toEqual(['N1']);
		expect(staticData.cursor).toBe('2026-11-23T10:03:00.000Z');
		// the next poll: nothing again
		nock.cleanAll();
		mockToken(nock(BOL_BASE), 5);
		clock.time += minutes(5);
		serveOpenPages([[{ id: 'N1', placed: '2026-11-23T10:03:00Z' }]]);
		expect(await pollWith(staticData)).toEqual([]);
	});
});

describe('bolRetailerTrigger: options checked before any request', () => {
	it.each([
		[
			{ orderTypes: 'FBR' },
			/"Order Types" \(options\.orderTypes\): got "FBR"\. Allowed: .*fbrAndFbb.*fbrOnly.*fbbOnly.*skipFbbOrVvb/,
		],
		[
			{ returnFulfilmentMethod: 'fbb' },
			/"Return Fulfilment Method" \(options\.returnFulfilmentMethod\): got "fbb"\. Allowed: .*FBR.*FBB/,
		],
	])(
		'%o fails the poll naming the field and the allowed values, and reads nothing',
		async (options, message) => {
			const orders = nock(BOL_BASE)
				.get('/retailer/orders')
				.query(true)
				.reply(200, { orders: [reduced('A', [], '2026-11-23T10:01:00Z')] });
			const fake = bolContext({ event: 'newOrder', options });
			await expect(new BolRetailerTrigger().poll.call(fake.ctx)).rejects.toThrow(message);
			expect(orders.isDone()).toBe(false);
		},
	);
});

describe('bolRetailerTrigger: Event checked before any request', () => {
	it('an event outside the list fails the poll naming the field and the allowed values, and reads nothing', async () => {
		const reads = nock(BOL_BASE).get(/.*/).query(true).reply(200, { orders: [] });
		const fake = bolContext({ event: 'newReturns', options: {} });
		await expect(new BolRetailerTrigger().poll.call(fake.ctx)).rejects.toThrow(
			/"Event" \(event\): got "newReturns"\. Allowed: one of newOrder, orderChanged, newReturn\./,
		);
		expect(reads.isDone()).toBe(false);
		nock.cleanAll();
	});
});
