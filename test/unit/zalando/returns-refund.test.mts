import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { useNockAndFakeClock } from '../../helpers/nock.mts';
import { returnSchema } from '../../helpers/model-schemas.mts';
import {
	MERCHANT,
	ORDER_ID,
	ZALANDO_BASE,
	mockZalandoToken,
	orderDocument,
	orderPath,
	runZalando,
} from '../../helpers/zalando.mts';

useNockAndFakeClock();

const SECOND_ORDER = '2b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const ITEM = '11111111-1111-4111-8111-111111111111';
const shippedOrder = (
	id = ORDER_ID,
	lines: Array<'shipped' | 'returned'> = ['shipped', 'shipped'],
) =>
	orderDocument({
		id,
		exported: true,
		status: 'fulfilled',
		items: [
			{
				id: ITEM,
				externalId: '8712345678906',
				description: 'Sneaker',
				lines: lines.map((status, n) => ({
					id: `${id.slice(0, 8)}-0000-4000-8000-00000000000${n + 1}`,
					status,
				})),
			},
		],
	});

function announced(id: string, orders: Array<{ orderId: string; lineIds: string[] }>) {
	return {
		announced_return_id: id,
		sales_channel_id: 'bf48ba35-149d-4b76-8ac9-d08d126b517f',
		return_tracking_number: 'RT-0001',
		type: 'ZALANDO_ONLINE_CREATED',
		return_registered_at: '2026-11-24T09:00:00Z',
		orders: orders.map((o) => ({
			order_id: o.orderId,
			order_number: '1030',
			order_lines: o.lineIds.map((lineId) => ({
				order_line_id: lineId,
				order_item_id: ITEM,
				return_reason: 'TOO_LARGE',
			})),
		})),
	};
}

describe('Zalando return: get many', () => {
	it('follows the cursor, spans orders, and fills sku/EAN/title and handled state from the orders', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(`/merchants/${MERCHANT}/announced-returns`)
			.query({ limit: '1000' })
			.reply(200, {
				data: [
					announced('r-1', [
						{ orderId: ORDER_ID, lineIds: ['0b1c2d3e-0000-4000-8000-000000000001'] },
						{ orderId: SECOND_ORDER, lineIds: ['2b1c2d3e-0000-4000-8000-000000000002'] },
					]),
				],
				links: {
					self: 's',
					next: `/merchants/${MERCHANT}/announced-returns?cursor=abc%3D&limit=1000`,
				},
			})
			.get(`/merchants/${MERCHANT}/announced-returns`)
			.query({ cursor: 'abc=', limit: '1000' })
			.reply(200, {
				data: [
					announced('r-2', [
						{ orderId: ORDER_ID, lineIds: ['0b1c2d3e-0000-4000-8000-000000000002'] },
					]),
				],
				links: { self: 's' },
			})
			.get(orderPath())
			.query(true)
			.once()
			.reply(200, shippedOrder(ORDER_ID, ['returned', 'shipped']))
			.get(orderPath(SECOND_ORDER))
			.query(true)
			.once()
			.reply(200, shippedOrder(SECOND_ORDER));
		const { items } = await runZalando({
			resource: 'return',
			operation: 'getAll',
			returnAll: true,
			options: {},
		});
		expect(nock.pendingMocks()).toEqual([]);
		const first = returnSchema.parse(items[0].json);
		expect(first).toMatchObject({
			marketplace: 'zalando',
			returnId: 'r-1',
			orderIds: [ORDER_ID, SECOND_ORDER],
			status: 'open',
		});
		expect(
			first.lines.map((l) => [l.orderId, l.sku, l.title, l.handled, l.reason, l.trackAndTrace]),
		).toEqual([
			[ORDER_ID, '8712345678906', 'Sneaker', true, 'TOO_LARGE', 'RT-0001'],
			[SECOND_ORDER, '8712345678906', 'Sneaker', false, 'TOO_LARGE', 'RT-0001'],
		]);
		expect(items[1].json).toMatchObject({ returnId: 'r-2', status: 'open' });
	});
});

describe('Zalando return: handle', () => {
	it('sets each listed shipped unit to returned with the reason as a number; one already returned is not sent again', async () => {
		mockZalandoToken();
		const bodies: unknown[] = [];
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, shippedOrder(ORDER_ID, ['returned', 'shipped']))
			.patch(/\/lines\//, (b) => (bodies.push(b), true))
			.reply(204);
		const { items } = await runZalando({
			resource: 'return',
			operation: 'handle',
			orderId: ORDER_ID,
			orderLineIds: '0b1c2d3e-0000-4000-8000-000000000001, 0b1c2d3e-0000-4000-8000-000000000002',
			reason: 3,
		});
		expect(bodies).toEqual([
			{
				data: {
					type: 'OrderLine',
					id: '0b1c2d3e-0000-4000-8000-000000000002',
					attributes: { status: 'returned', reason: 3 },
				},
			},
		]);
		expect(items[0].json).toMatchObject({ reasonName: 'SIZE_SMALL' });
		expect(items[0].json.lines).toEqual([
			expect.objectContaining({
				orderLineId: '0b1c2d3e-0000-4000-8000-000000000002',
				status: 'returned',
			}),
			expect.objectContaining({
				orderLineId: '0b1c2d3e-0000-4000-8000-000000000001',
				alreadyDone: true,
			}),
		]);
	});

	it('refuses a line of another order and a reason Zalando does not list, naming the field', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE).get(orderPath()).query(true).reply(200, shippedOrder());
		const unknown = (await runZalando({
			resource: 'return',
			operation: 'handle',
			orderId: ORDER_ID,
			orderLineIds: 'ffffffff-0000-4000-8000-000000000001',
			reason: 0,
		}).catch((e: Error) => e)) as Error;
		expect(unknown.message).toMatch(/"Order Line IDs" \(orderLineIds\).*order line IDs of order/);
		const reason = (await runZalando({
			resource: 'return',
			operation: 'handle',
			orderId: ORDER_ID,
			orderLineIds: 'x',
			reason: 7,
		}).catch((e: Error) => e)) as Error;
		expect(reason.message).toMatch(
			/"Return Reason" \(reason\): got 7\. Allowed: one of 0, 1, 2, 3, 4, 5, 6, 9, 10/,
		);
	});
});

describe('Zalando refund: create', () => {
	it('refunds every unit: cancels what is open, returns what is shipped, skips what is done', async () => {
		mockZalandoToken();
		const patched: string[] = [];
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(
				200,
				orderDocument({
					exported: true,
					items: [
						{
							id: ITEM,
							externalId: '8712345678906',
							lines: [
								{ id: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'shipped' },
								{ id: 'aaaaaaaa-0000-4000-8000-000000000002', status: 'initial' },
								{ id: 'aaaaaaaa-0000-4000-8000-000000000003', status: 'canceled' },
							],
						},
					],
				}),
			)
			.patch(/\/lines\//, (b: { data: { id: string; attributes: Record<string, unknown> } }) => {
				patched.push(`${b.data.id.slice(-1)}:${JSON.stringify(b.data.attributes)}`);
				return true;
			})
			.times(2)
			.reply(204);
		const { items } = await runZalando({
			resource: 'refund',
			operation: 'create',
			orderId: ORDER_ID,
			itemsMode: 'allOpen',
			reason: 1,
		});
		expect(patched.sort()).toEqual([
			'1:{"status":"returned","reason":1}',
			'2:{"status":"canceled"}',
		]);
		expect(items[0].json).toMatchObject({ status: 'refunded', cancelled: 1, returned: 1 });
	});

	it('a listed quantity takes shipped units first (returns), then open ones', async () => {
		mockZalandoToken();
		const patched: string[] = [];
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(
				200,
				orderDocument({
					exported: true,
					items: [
						{
							id: ITEM,
							externalId: '8712345678906',
							lines: [
								{ id: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'initial' },
								{ id: 'aaaaaaaa-0000-4000-8000-000000000002', status: 'shipped' },
							],
						},
					],
				}),
			)
			.patch(/\/lines\//, (b: { data: { id: string; attributes: { status: string } } }) => {
				patched.push(`${b.data.id.slice(-1)}:${b.data.attributes.status}`);
				return true;
			})
			.reply(204);
		await runZalando({
			resource: 'refund',
			operation: 'create',
			orderId: ORDER_ID,
			itemsMode: 'list',
			items: [{ ean: '8712345678906', quantity: 1 }],
			reason: 0,
		});
		expect(patched).toEqual(['2:returned']);
	});
});
