import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { beforeEach, describe, expect, it } from 'vitest';

import { ZalandoZDirectTrigger } from '../../../nodes/ZalandoZDirect/ZalandoZDirectTrigger.node';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	MERCHANT,
	ORDER_ID,
	ZALANDO_BASE,
	mockZalandoToken,
	orderDocument,
	orderPath,
	ordersPage,
	shippedUnits,
	zalandoContext,
	type OrderSpec,
} from '../../helpers/zalando.mts';

const testClock = useNockAndFakeClock(Date.parse('2026-11-23T10:00:00Z'));
beforeEach(() => {
	mockZalandoToken(10);
});

const minutes = (n: number) => n * 60_000;
const uuid = (n: number) => `${String(n).padStart(8, '0')}-4f50-4172-8394-a5b6c7d8e9f0`;
const ordersList = `/merchants/${MERCHANT}/orders`;

function serveOrders(specs: OrderSpec[], queries: Array<Record<string, string>> = []) {
	nock(ZALANDO_BASE)
		.get(ordersList)
		.query((q) => (queries.push(q as Record<string, string>), true))
		.reply(200, ordersPage(specs));
	return queries;
}

async function poll(staticData: IDataObject, parameters: Record<string, unknown>) {
	const fake = zalandoContext(parameters, { staticData });
	const result = await new ZalandoZDirectTrigger().poll.call(fake.ctx);
	return result ? result[0].map((i) => i.json) : null;
}

describe('zalandoZDirectTrigger: new order', () => {
	it('emits each approved, not exported partner order once, asking Zalando for exactly those', async () => {
		const staticData = {};
		const parameters = { event: 'newOrder', options: {} };
		const first = serveOrders([{ id: uuid(1), created: '2026-11-23T09:00:00Z' }]);
		expect(await poll(staticData, parameters)).toBeNull();
		expect(first[0]).toMatchObject({
			order_status: 'Approved',
			order_type: 'PartnerFulfilled',
			exported: 'false',
			sort: 'created_at',
		});

		testClock().time += minutes(5);
		const second = serveOrders([
			{ id: uuid(1), created: '2026-11-23T09:00:00Z' },
			{ id: uuid(2), created: '2026-11-23T10:02:00Z' },
		]);
		serveOrders([
			{ id: uuid(1), created: '2026-11-23T09:00:00Z' },
			{ id: uuid(2), created: '2026-11-23T10:02:00Z' },
		]);
		const emitted = await poll(staticData, parameters);
		expect(emitted?.map((o) => o.orderId)).toEqual([uuid(2)]);
		expect(emitted?.[0]).toMatchObject({
			marketplace: 'zalando',
			deadlines: { acceptBy: '2026-11-23T13:02:00.000Z' },
		});
		// the window's start, one millisecond earlier (Zalando's bounds are exclusive)
		expect(Date.parse(second[0].created_after)).toBeLessThan(Date.parse('2026-11-23T10:00:00Z'));

		testClock().time += minutes(5);
		serveOrders([{ id: uuid(2), created: '2026-11-23T10:02:00Z' }]);
		serveOrders([{ id: uuid(2), created: '2026-11-23T10:02:00Z' }]);
		expect(await poll(staticData, parameters)).toBeNull();
	});

	it('refuses an Event outside the list before any request', async () => {
		nock.cleanAll();
		const error = (await poll({}, { event: 'newShipment', options: {} }).catch(
			(e: Error) => e,
		)) as Error;
		expect(error.message).toMatch(/"Event" \(event\).*one of newOrder, orderChanged, newReturn/);
	});
});

describe('zalandoZDirectTrigger: order changed', () => {
	it('emits an order again for each new change, oldest change first, with the change time', async () => {
		const staticData = {};
		const parameters = { event: 'orderChanged', options: { syncFrom: '2026-11-23T09:30:00Z' } };
		const modified = (id: number, at: string) => {
			const page = ordersPage([{ id: uuid(id) }]);
			page.data[0].attributes.modified_at = at;
			return page;
		};
		const queries: Array<Record<string, string>> = [];
		nock(ZALANDO_BASE)
			.get(ordersList)
			.query((q) => (queries.push(q as Record<string, string>), true))
			.reply(200, modified(1, '2026-11-23T09:45:00Z'));
		const first = await poll(staticData, parameters);
		expect(first?.map((o) => [o.orderId, (o.change as { changedAt: string }).changedAt])).toEqual([
			[uuid(1), '2026-11-23T09:45:00.000Z'],
		]);
		expect(queries[0]).toMatchObject({ sort: 'modified_at' });

		testClock().time += minutes(5);
		nock(ZALANDO_BASE).get(ordersList).query(true).reply(200, modified(1, '2026-11-23T10:03:00Z'));
		const second = await poll(staticData, parameters);
		expect(second?.map((o) => o.orderId)).toEqual([uuid(1)]);
	});
});

describe('zalandoZDirectTrigger: new return', () => {
	it('emits an announced return once, with the returned lines looked up in their order', async () => {
		const staticData = {};
		const parameters = { event: 'newReturn', options: { syncFrom: '2026-11-23T00:00:00Z' } };
		const announced = {
			announced_return_id: 'ret-1',
			return_registered_at: '2026-11-23T09:00:00Z',
			return_tracking_number: 'RT-1',
			orders: [
				{
					order_id: ORDER_ID,
					order_lines: [
						{ order_line_id: shippedUnits[0], order_item_id: 'x', return_reason: 'DISLIKE' },
					],
				},
			],
		};
		nock(ZALANDO_BASE)
			.get(`/merchants/${MERCHANT}/announced-returns`)
			.query(true)
			.times(2)
			.reply(200, { data: [announced], links: { self: 's' } })
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument(shippedUnits.spec));
		const first = await poll(staticData, parameters);
		expect(first?.map((r) => r.returnId)).toEqual(['ret-1']);
		expect((first?.[0].lines as Array<{ sku: string }>)[0].sku).toBe('8712345678906');
		testClock().time += minutes(5);
		expect(await poll(staticData, parameters)).toBeNull();
	});
});
