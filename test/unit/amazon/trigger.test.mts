import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { beforeEach, describe, expect, it } from 'vitest';

import { AmazonSellingPartnerTrigger } from '../../../nodes/AmazonSellingPartner/AmazonSellingPartnerTrigger.node.ts';
import {
	AMAZON_BASE,
	BR_UNSHIPPED,
	amazonContext,
	exampleOrder,
	mockLwa,
	modelViolations,
	useUnitSetup,
} from '../../helpers/amazon.mts';

const clockOf = useUnitSetup();
beforeEach(() => {
	mockLwa(50);
});

const minutes = (n: number) => n * 60_000;

function order(id: string, created: string, updated: string, status = 'UNSHIPPED') {
	const o = exampleOrder(BR_UNSHIPPED);
	return {
		...o,
		orderId: id,
		createdTime: created,
		lastUpdatedTime: updated,
		fulfillment: { ...o.fulfillment, fulfillmentStatus: status },
	};
}

type Query = Record<string, string>;

async function poll(
	staticData: IDataObject,
	orders: unknown[],
	parameters: IDataObject = {},
	mode: 'manual' | 'trigger' = 'trigger',
): Promise<{ result: Array<Record<string, any>> | null; queries: Query[]; http: unknown[] }> {
	const queries: Query[] = [];
	// a fresh set of answers for this poll only
	nock.cleanAll();
	mockLwa();
	nock(AMAZON_BASE)
		.get('/orders/2026-01-01/orders')
		.query((q) => (queries.push(q as Query), true))
		.optionally()
		.reply(200, { orders });
	const fake = amazonContext(
		{ event: 'newOrder', newOrderStatuses: ['UNSHIPPED'], options: {}, ...parameters },
		{ staticData, mode },
	);
	const output = await new AmazonSellingPartnerTrigger().poll.call(fake.ctx);
	expect(modelViolations(fake.http)).toEqual([]);
	return {
		result: output ? output[0].map((i) => i.json as Record<string, any>) : null,
		queries,
		http: fake.http,
	};
}

describe('amazonSellingPartnerTrigger: new order', () => {
	it('emits each order placed after activation once, when it reaches the chosen status, even hours later', async () => {
		const staticData: IDataObject = {};
		// activation: one search, only to learn Amazon's time (the window starts there; without it, 2.5 minutes ago)
		const first = await poll(staticData, []);
		expect(first.result).toBeNull();
		expect(first.queries).toHaveLength(1);
		expect(first.queries[0].maxResultsPerPage).toBe('1');
		expect(staticData).toMatchObject({
			cursor: '2026-11-23T09:57:30.000Z',
			since: '2026-11-23T09:57:30.000Z',
		});

		clockOf().time += minutes(5);
		const second = await poll(staticData, [
			order('111-0000000-0000001', '2026-11-23T09:58:00Z', '2026-11-23T09:59:00Z'),
			// placed before activation, paid only now: not new
			order('111-0000000-0000002', '2026-11-23T09:00:00Z', '2026-11-23T09:59:30Z'),
		]);
		expect(second.queries[0]).toMatchObject({
			lastUpdatedAfter: '2026-11-23T09:47:30.000Z',
			fulfillmentStatuses: 'UNSHIPPED',
			marketplaceIds: 'A1PA6795UKMFR9',
		});
		// the window ends at Amazon's own time (its default, two minutes before its now), not at n8n's clock
		expect(second.queries[0].lastUpdatedBefore).toBeUndefined();
		expect(second.result?.map((o) => o.orderId)).toEqual(['111-0000000-0000001']);
		expect(second.result?.[0]).toMatchObject({
			marketplace: 'amazon',
			status: 'open',
			extra: { pii: { requested: false } },
		});

		// the overlap shows it again: not repeated
		clockOf().time += minutes(5);
		expect(
			(
				await poll(staticData, [
					order('111-0000000-0000001', '2026-11-23T09:58:00Z', '2026-11-23T09:59:00Z'),
				])
			).result,
		).toBeNull();

		// pending for hours, then paid: new now; updated again later (still unshipped): not new again
		clockOf().time += minutes(180);
		const late = await poll(staticData, [
			order('111-0000000-0000003', '2026-11-23T10:01:00Z', '2026-11-23T13:05:00Z'),
		]);
		expect(late.result?.map((o) => o.orderId)).toEqual(['111-0000000-0000003']);
		clockOf().time += minutes(240);
		const again = await poll(staticData, [
			order('111-0000000-0000003', '2026-11-23T10:01:00Z', '2026-11-23T17:02:00Z'),
			order('111-0000000-0000001', '2026-11-23T09:58:00Z', '2026-11-23T17:03:00Z'),
		]);
		expect(again.result).toBeNull();
	});

	it('emits orders since "Sync From" on the first poll and filters by order type', async () => {
		const staticData: IDataObject = {};
		const { result, queries } = await poll(
			staticData,
			[order('111-0000000-0000004', '2026-11-22T08:00:00Z', '2026-11-22T09:00:00Z')],
			{
				options: { syncFrom: '2026-11-22T00:00:00Z', orderTypes: 'merchant' },
			},
		);
		expect(queries[0]).toMatchObject({
			lastUpdatedAfter: '2026-11-22T00:00:00.000Z',
			fulfilledBy: 'MERCHANT',
		});
		expect(result?.map((o) => o.orderId)).toEqual(['111-0000000-0000004']);
		expect(staticData.since).toBe('2026-11-22T00:00:00.000Z');
	});

	it('returns a sample of the last hour in manual mode without touching the state', async () => {
		const staticData: IDataObject = {};
		const orders = [1, 2, 3, 4].map((n) =>
			order(`111-0000000-000000${n}`, '2026-11-20T08:00:00Z', '2026-11-23T09:30:00Z'),
		);
		const { result, queries } = await poll(staticData, orders, {}, 'manual');
		expect(result).toHaveLength(3);
		expect(queries[0].lastUpdatedAfter).toBe('2026-11-23T08:57:30.000Z');
		expect(staticData).toEqual({});
	});

	it('emits at most 500 orders per poll and starts the next poll at the first one it left', async () => {
		const staticData: IDataObject = {
			cursor: '2026-11-23T09:00:00.000Z',
			since: '2026-11-01T00:00:00.000Z',
			seen: {},
		};
		const many = Array.from({ length: 501 }, (_, n) =>
			order(
				`111-0000000-${String(n).padStart(7, '0')}`,
				'2026-11-23T09:00:00Z',
				new Date(Date.parse('2026-11-23T09:00:00Z') + n * 1000).toISOString(),
			),
		);
		const { result } = await poll(staticData, many);
		expect(result).toHaveLength(500);
		expect(staticData.cursor).toBe('2026-11-23T09:08:20.000Z');
	}, 60_000);

	it('names the field when no status is chosen', async () => {
		const fake = amazonContext(
			{ event: 'newOrder', newOrderStatuses: [], options: {} },
			{ staticData: {} },
		);
		await expect(new AmazonSellingPartnerTrigger().poll.call(fake.ctx)).rejects.toThrow(
			'Invalid value for "New Order Statuses" (newOrderStatuses)',
		);
		expect(fake.http).toHaveLength(0);
	});
});

describe('amazonSellingPartnerTrigger: order status changed', () => {
	it('emits an order once per status it changes to, with the change', async () => {
		const staticData: IDataObject = {
			cursor: '2026-11-23T09:50:00.000Z',
			since: '2026-11-23T09:00:00.000Z',
			seen: {},
		};
		const params = { event: 'orderStatusChanged', statuses: ['CANCELLED', 'SHIPPED'] };
		const first = await poll(
			staticData,
			[
				order('111-0000000-0000010', '2026-11-20T08:00:00Z', '2026-11-23T09:55:00Z', 'SHIPPED'),
				order('111-0000000-0000011', '2026-11-20T08:00:00Z', '2026-11-23T09:56:00Z', 'CANCELLED'),
			],
			params,
		);
		expect(first.queries[0].fulfillmentStatuses).toBe('CANCELLED,SHIPPED');
		expect(first.result?.map((o) => [o.orderId, o.status, o.change])).toEqual([
			['111-0000000-0000010', 'shipped', { status: 'SHIPPED', changedAt: '2026-11-23T09:55:00Z' }],
			[
				'111-0000000-0000011',
				'cancelled',
				{ status: 'CANCELLED', changedAt: '2026-11-23T09:56:00Z' },
			],
		]);
		clockOf().time += minutes(30);
		const second = await poll(
			staticData,
			[order('111-0000000-0000010', '2026-11-20T08:00:00Z', '2026-11-23T10:20:00Z', 'SHIPPED')],
			params,
		);
		expect(second.result).toBeNull();
	});
});

describe('amazonSellingPartnerTrigger: catch-up and clock', () => {
	/** searchOrders over a fixed backlog, sorted by lastUpdatedTime, 100 per page; counts the calls of each poll. */
	function serveBacklog(
		orders: Array<Record<string, any>>,
		calls: number[],
		amazonNow = () => clockOf().time,
	) {
		nock.cleanAll();
		mockLwa(5);
		nock(AMAZON_BASE)
			.get('/orders/2026-01-01/orders')
			.query(true)
			.times(100)
			.reply((uri) => {
				calls[calls.length - 1]++;
				const q = new URL(uri, AMAZON_BASE).searchParams;
				const after = Date.parse(q.get('lastUpdatedAfter')!);
				const before = amazonNow() - 150_000;
				const size = Number(q.get('maxResultsPerPage') ?? 100);
				const offset = Number(q.get('paginationToken') ?? 0);
				const matching = orders.filter((o) => {
					const t = Date.parse(o.lastUpdatedTime);
					return t >= after && t <= before;
				});
				const page = matching.slice(offset, offset + size);
				return [
					200,
					{
						orders: page,
						lastUpdatedBefore: new Date(before).toISOString(),
						...(offset + size < matching.length
							? { pagination: { nextToken: String(offset + size) } }
							: {}),
					},
				];
			});
	}

	it('catches up on a backlog of 1,200 orders in 3 polls of at most 500, each order once, with few calls per poll', async () => {
		const staticData: IDataObject = {
			cursor: '2026-11-22T00:00:00.000Z',
			since: '2026-11-01T00:00:00.000Z',
			seen: {},
		};
		const backlog = Array.from({ length: 1200 }, (_, n) =>
			order(
				`111-0000000-${String(n).padStart(7, '0')}`,
				'2026-11-21T00:00:00Z',
				new Date(Date.parse('2026-11-22T00:00:00Z') + n * 60_000).toISOString(),
			),
		);
		const calls: number[] = [];
		const emitted: string[] = [];
		for (let n = 0; n < 4; n++) {
			calls.push(0);
			serveBacklog(backlog, calls);
			const fake = amazonContext(
				{ event: 'newOrder', newOrderStatuses: ['UNSHIPPED'], options: {} },
				{ staticData },
			);
			const output = await new AmazonSellingPartnerTrigger().poll.call(fake.ctx);
			const ids = output ? output[0].map((i) => String(i.json.orderId)) : [];
			expect(ids.length).toBeLessThanOrEqual(500);
			emitted.push(...ids);
			clockOf().time += minutes(5);
		}
		expect(emitted).toHaveLength(1200);
		expect(new Set(emitted).size).toBe(1200);
		// 500 orders are 5 pages; one more for the overlap the next poll reads again
		for (const count of calls) expect(count).toBeLessThanOrEqual(6);
	}, 60_000);

	it("pulls back a cursor that is ahead of Amazon, after n8n's clock was set back", async () => {
		// n8n's clock ran 30 minutes ahead when the cursor was set; it is right again now
		const staticData: IDataObject = {
			cursor: '2026-11-23T10:30:00.000Z',
			since: '2026-11-23T09:00:00.000Z',
			seen: {},
		};
		const calls = [0];
		const late = order('111-0000000-0000020', '2026-11-23T09:58:00Z', '2026-11-23T09:59:00Z');
		serveBacklog([], calls);
		const fake = amazonContext(
			{ event: 'newOrder', newOrderStatuses: ['UNSHIPPED'], options: {} },
			{ staticData },
		);
		await new AmazonSellingPartnerTrigger().poll.call(fake.ctx);
		expect(staticData.cursor).toBe('2026-11-23T09:57:30.000Z');
		// an order updated after Amazon's time of the last poll is found by the next one
		clockOf().time += minutes(5);
		const { result, queries } = await poll(staticData, [late]);
		expect(queries[0].lastUpdatedAfter).toBe('2026-11-23T09:47:30.000Z');
		expect(result?.map((o) => o.orderId)).toEqual(['111-0000000-0000020']);
	});

	it('loses no order when n8n runs 30 minutes ahead of Amazon', async () => {
		const amazonNow = () => clockOf().time - minutes(30);
		clockOf().time = Date.parse('2026-11-23T10:30:00Z');
		const staticData: IDataObject = {};
		const calls = [0];
		serveBacklog([], calls, amazonNow);
		const params = { event: 'newOrder', newOrderStatuses: ['UNSHIPPED'], options: {} };
		await new AmazonSellingPartnerTrigger().poll.call(amazonContext(params, { staticData }).ctx);
		// activation in Amazon's time
		expect(staticData).toMatchObject({
			cursor: '2026-11-23T09:57:30.000Z',
			since: '2026-11-23T09:57:30.000Z',
		});
		// placed and paid (Amazon's time) right after activation
		const placed = order('111-0000000-0000030', '2026-11-23T09:59:00Z', '2026-11-23T10:01:00Z');
		clockOf().time += minutes(5);
		serveBacklog([placed], calls, amazonNow);
		const output = await new AmazonSellingPartnerTrigger().poll.call(
			amazonContext(params, { staticData }).ctx,
		);
		expect(output?.[0].map((i) => i.json.orderId)).toEqual(['111-0000000-0000030']);
	});
});

describe('amazonSellingPartnerTrigger: Event checked before any request', () => {
	it('an event outside the list fails the poll naming the field and the allowed values, and reads nothing', async () => {
		const search = nock(AMAZON_BASE).get(/.*/).reply(200, { orders: [] });
		const fake = amazonContext(
			{ event: 'newOrders', newOrderStatuses: ['UNSHIPPED'], options: {} },
			{ staticData: {} },
		);
		await expect(new AmazonSellingPartnerTrigger().poll.call(fake.ctx)).rejects.toThrow(
			/"Event" \(event\): got "newOrders"\. Allowed: one of newOrder, orderStatusChanged\./,
		);
		expect(search.isDone()).toBe(false);
		nock.cleanAll();
	});
});
