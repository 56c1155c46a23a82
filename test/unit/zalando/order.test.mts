import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { useNockAndFakeClock } from '../../helpers/nock.mts';
import { orderSchema } from '../../helpers/model-schemas.mts';
import {
	JSON_API,
	MERCHANT,
	ORDER_ID,
	ZALANDO_BASE,
	Z_CLIENT_SECRET,
	linePath,
	mockZalandoToken,
	orderDocument,
	orderPath,
	ordersPage,
	runZalando,
	zalandoCredentials,
} from '../../helpers/zalando.mts';

const clock = useNockAndFakeClock();

describe('Zalando credential and client', () => {
	it('fetches one token for many calls and items, sends it as Bearer, and refreshes once on 401', async () => {
		mockZalandoToken(2);
		const auths: string[] = [];
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.times(3)
			.reply(function () {
				auths.push(String(this.req.headers.authorization));
				return [auths.length === 2 ? 401 : 200, orderDocument()];
			});
		const { items, fake } = await runZalando(
			{ resource: 'order', operation: 'get', orderId: ORDER_ID, options: {} },
			{ items: [{ json: {} }, { json: {} }] },
		);
		expect(items).toHaveLength(2);
		expect(fake.preAuthentications).toBe(2);
		expect(auths[0]).toMatch(/^Bearer ztoken-\d+$/);
		expect(auths[2]).not.toBe(auths[0]);
	});

	it('explains a refused client secret without showing it', async () => {
		nock(ZALANDO_BASE)
			.post('/auth/token')
			.reply(401, { error: 'invalid_client', error_description: `bad secret ${Z_CLIENT_SECRET}` });
		const error = await runZalando({
			resource: 'order',
			operation: 'get',
			orderId: ORDER_ID,
		}).catch((e: Error) => e);
		expect(error).toBeInstanceOf(Error);
		const text = JSON.stringify({
			m: (error as Error).message,
			d: (error as { description?: string }).description,
		});
		expect(text).toMatch(/did not accept the client id and secret/);
		expect(text).not.toContain(Z_CLIENT_SECRET);
	});

	it('waits out a refused token request (429, Retry-After) and sends the call with the new token', async () => {
		// many executions whose token expired at once (queue mode) ask for a new one together; some are refused
		nock(ZALANDO_BASE)
			.post('/auth/token')
			.reply(429, { message: 'slow down' }, { 'Retry-After': '20' });
		mockZalandoToken();
		nock(ZALANDO_BASE).get(orderPath()).query(true).reply(200, orderDocument());
		const { items } = await runZalando({ resource: 'order', operation: 'get', orderId: ORDER_ID });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ orderId: ORDER_ID });
		expect(clock().sleeps).toContain(20_000);
	});

	it('says the token endpoint rate limit was hit (429) with its Retry-After when it lasts beyond Max Wait', async () => {
		nock(ZALANDO_BASE)
			.post('/auth/token')
			.times(10)
			.reply(429, { message: 'slow down' }, { 'Retry-After': '600' });
		const error = (await runZalando({
			resource: 'order',
			operation: 'get',
			orderId: ORDER_ID,
		}).catch((e: Error) => e)) as Error & { description?: string };
		expect(`${error.message} ${error.description ?? ''}`).toMatch(
			/the token endpoint's rate limit \(429\) would need a wait of 600 s, which exceeds the "Max Wait" option/,
		);
	});

	it('gives up on a token endpoint that keeps refusing (429) after Max Attempts, saying why', async () => {
		const refused = nock(ZALANDO_BASE)
			.post('/auth/token')
			.times(5)
			.reply(429, { message: 'slow down' }, { 'Retry-After': '1' });
		const error = (await runZalando({
			resource: 'order',
			operation: 'get',
			orderId: ORDER_ID,
		}).catch((e: Error) => e)) as Error & { description?: string };
		expect(`${error.message} ${error.description ?? ''}`).toMatch(
			/too many token requests \(HTTP 429\); retry after 1 s.*gave up after 5 attempts/s,
		);
		expect(refused.isDone()).toBe(true);
	});

	it('reads the merchant id from GET /auth/me when the credential leaves it empty, once per run', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get('/auth/me')
			.once()
			.reply(200, { bpids: [MERCHANT] })
			.get(orderPath())
			.query(true)
			.times(2)
			.reply(200, orderDocument());
		const { items } = await runZalando(
			{ resource: 'order', operation: 'get', orderId: ORDER_ID },
			{ credentials: zalandoCredentials({ merchantId: '' }), items: [{ json: {} }, { json: {} }] },
		);
		expect(items.map((i) => i.json.orderId)).toEqual([ORDER_ID, ORDER_ID]);
	});
});

describe('Zalando order: get and get many', () => {
	it('normalizes an order: one line per item with its unit lines counted, deadlines, FBZ flag', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query({ include: 'order_items,order_lines' })
			.matchHeader('accept', JSON_API)
			.reply(200, orderDocument({ created: '2026-11-23T08:00:00Z' }));
		const { items } = await runZalando({
			resource: 'order',
			operation: 'get',
			orderId: ORDER_ID.toUpperCase(),
			options: { productIdentification: 'ean' },
		});
		const order = orderSchema.parse(items[0].json);
		expect(order).toMatchObject({
			marketplace: 'zalando',
			orderId: ORDER_ID,
			orderNumber: '10301234567890',
			status: 'open',
			fulfilment: 'merchant',
			currency: 'EUR',
			customer: { fullName: 'Jörg Ørsted', email: 'jörg@example.com', language: 'de' },
			totals: { items: 239.9, shipping: 3.95, total: 243.85 },
			deadlines: { acceptBy: '2026-11-23T11:00:00.000Z', shipBy: '2026-11-30T08:00:00.000Z' },
			updateStoreStock: true,
		});
		expect(order.lines.map((l) => [l.lineId, l.sku, l.ean, l.quantity, l.quantityOpen])).toEqual([
			['11111111-1111-4111-8111-111111111111', '8712345678906', '8712345678906', 2, 2],
			['22222222-2222-4222-8222-222222222222', 'SKU-RED-M', null, 1, 1],
		]);
		expect((order.extra.lines as unknown[]).length).toBe(3);
	});

	it('refuses an order number where the UUID order id belongs, before any request', async () => {
		const error = (await runZalando({
			resource: 'order',
			operation: 'get',
			orderId: '10301234567890',
		}).catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(/"Order ID" \(orderId\).*UUID.*not its order number/);
	});

	it('lists approved partner orders page by page while links.next is there, with the filters as Zalando names them', async () => {
		mockZalandoToken();
		const queries: Array<Record<string, string>> = [];
		nock(ZALANDO_BASE)
			.get(`/merchants/${MERCHANT}/orders`)
			.query((q) => (queries.push(q as Record<string, string>), true))
			.reply(200, ordersPage([{ id: ORDER_ID }], '/next'))
			.get(`/merchants/${MERCHANT}/orders`)
			.query((q) => (queries.push(q as Record<string, string>), true))
			.reply(
				200,
				ordersPage([{ id: '1b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0', type: 'ZalandoFulfilled' }]),
			);
		const { items } = await runZalando({
			resource: 'order',
			operation: 'getAll',
			status: 'approved',
			returnAll: true,
			filters: { exported: 'notExported', createdAfter: '2026-11-20T00:00:00Z' },
			options: { orderTypes: 'both', updateStockForFbz: true },
		});
		expect(queries[0]).toMatchObject({
			order_status: 'Approved',
			exported: 'false',
			created_after: '2026-11-20T00:00:00.000Z',
			include: 'order_items,order_lines',
			'page[number]': '0',
			'page[size]': '1000',
		});
		expect(queries[0].order_type).toBeUndefined();
		expect(queries[1]['page[number]']).toBe('1');
		expect(items.map((i) => [i.json.fulfilment, i.json.updateStoreStock])).toEqual([
			['merchant', true],
			['marketplace', true],
		]);
	});

	it('asks for partner-fulfilled orders only by default (Koongo FBR)', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(`/merchants/${MERCHANT}/orders`)
			.query((q) => q.order_type === 'PartnerFulfilled')
			.reply(200, ordersPage([{}]));
		const { items } = await runZalando({
			resource: 'order',
			operation: 'getAll',
			status: 'approved',
			returnAll: false,
			limit: 5,
		});
		expect(items).toHaveLength(1);
	});
});

describe('Zalando order: accept (export)', () => {
	it('exports with the merchant order id as a JSON:API PATCH and returns the order as exported', async () => {
		mockZalandoToken();
		const bodies: unknown[] = [];
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument())
			.patch(orderPath(), (b) => (bodies.push(b), true))
			.matchHeader('content-type', JSON_API)
			.reply(204)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true, merchantOrderId: '100012345' }));
		const { items } = await runZalando({
			resource: 'order',
			operation: 'accept',
			orderId: ORDER_ID,
			merchantOrderId: '100012345',
		});
		expect(bodies).toEqual([
			{ data: { type: 'Order', id: ORDER_ID, attributes: { merchant_order_id: '100012345' } } },
		]);
		expect(items[0].json).toMatchObject({
			accepted: true,
			alreadyAccepted: false,
			extra: { exported: true, merchantOrderId: '100012345' },
			deadlines: { acceptBy: null },
		});
	});

	it('does not export twice: an exported order is reported as accepted without a PATCH', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true, merchantOrderId: '100012345' }));
		const { items } = await runZalando({
			resource: 'order',
			operation: 'accept',
			orderId: ORDER_ID,
			merchantOrderId: '100012345',
		});
		expect(items[0].json).toMatchObject({
			alreadyAccepted: true,
			previousMerchantOrderId: '100012345',
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('refuses a Zalando-fulfilled order and a merchant order id with other characters, before any PATCH', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ type: 'ZalandoFulfilled' }));
		const fbz = (await runZalando({
			resource: 'order',
			operation: 'accept',
			orderId: ORDER_ID,
			merchantOrderId: 'A1',
		}).catch((e: Error) => e)) as Error;
		expect(fbz.message).toMatch(/fulfilled by Zalando \(FBZ\)/);
		const bad = (await runZalando({
			resource: 'order',
			operation: 'accept',
			orderId: ORDER_ID,
			merchantOrderId: 'SO-1001',
		}).catch((e: Error) => e)) as Error;
		expect(bad.message).toMatch(/"Merchant Order ID" \(merchantOrderId\).*letters and digits only/);
	});
});

describe('Zalando order: cancel', () => {
	const mixed = {
		items: [
			{
				id: '11111111-1111-4111-8111-111111111111',
				externalId: '8712345678906',
				lines: [
					{ id: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'shipped' as const },
					{ id: 'aaaaaaaa-0000-4000-8000-000000000002', status: 'reserved' as const },
					{ id: 'aaaaaaaa-0000-4000-8000-000000000003', status: 'initial' as const },
				],
			},
		],
		exported: true,
	};

	it('cancels every unit not shipped yet, one line PATCH each, and leaves shipped units alone', async () => {
		mockZalandoToken();
		const patched: string[] = [];
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument(mixed))
			.patch(/\/lines\//, (b: { data: { id: string; attributes: { status: string } } }) => {
				patched.push(`${b.data.id}:${b.data.attributes.status}`);
				return true;
			})
			.times(2)
			.reply(204);
		const { items } = await runZalando({
			resource: 'order',
			operation: 'cancel',
			orderId: ORDER_ID,
			itemsMode: 'allOpen',
		});
		expect(patched).toEqual([
			'aaaaaaaa-0000-4000-8000-000000000002:canceled',
			'aaaaaaaa-0000-4000-8000-000000000003:canceled',
		]);
		expect(items[0].json).toMatchObject({ status: 'cancelled' });
	});

	it('test mode: the cancel is described, not sent, and the item is not an error', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE).get(orderPath()).query(true).reply(200, orderDocument(mixed));
		const { items } = await runZalando({
			resource: 'order',
			operation: 'cancel',
			orderId: ORDER_ID,
			itemsMode: 'allOpen',
			testMode: 'always',
		});
		expect(items[0].json).toMatchObject({ status: 'test', testMode: true });
		expect(JSON.stringify(items[0].json.wouldSend)).toContain('canceled');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a listed unit already cancelled is reported as done, not sent again; a shipped one is refused', async () => {
		mockZalandoToken(2);
		const doc = orderDocument({
			...mixed,
			items: [
				{
					...mixed.items[0],
					lines: [
						mixed.items[0].lines[0],
						{ id: 'aaaaaaaa-0000-4000-8000-000000000002', status: 'canceled' as const },
					],
				},
			],
		});
		nock(ZALANDO_BASE).get(orderPath()).query(true).times(2).reply(200, doc);
		const { items } = await runZalando({
			resource: 'order',
			operation: 'cancel',
			orderId: ORDER_ID,
			itemsMode: 'list',
			items: '[{"lineId": "aaaaaaaa-0000-4000-8000-000000000002"}]',
		});
		expect(items[0].json.lines).toEqual([
			expect.objectContaining({
				orderLineId: 'aaaaaaaa-0000-4000-8000-000000000002',
				alreadyDone: true,
			}),
		]);
		const error = (await runZalando({
			resource: 'order',
			operation: 'cancel',
			orderId: ORDER_ID,
			itemsMode: 'list',
			items: '[{"lineId": "aaaaaaaa-0000-4000-8000-000000000001"}]',
		}).catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(/is shipped \(allowed from initial or reserved\)/);
	});

	it('a failure halfway names the lines already cancelled and those not sent', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument())
			.patch(
				linePath('11111111-1111-4111-8111-111111111111', 'aaaaaaaa-0000-4000-8000-000000000001'),
			)
			.reply(204)
			.patch(
				linePath('11111111-1111-4111-8111-111111111111', 'aaaaaaaa-0000-4000-8000-000000000002'),
			)
			.reply(409, {
				errors: [{ status: '409', code: 'conflict', title: 'Conflict', detail: 'status changed' }],
			});
		const error = (await runZalando({
			resource: 'order',
			operation: 'cancel',
			orderId: ORDER_ID,
			itemsMode: 'allOpen',
		}).catch((e: Error) => e)) as Error & { description?: string };
		expect(error.message).toMatch(
			/1 of 3 order line\(s\) were updated, then line aaaaaaaa-0000-4000-8000-000000000002/,
		);
		expect(error.description).toMatch(
			/Applied at Zalando: aaaaaaaa-0000-4000-8000-000000000001 \(canceled\)\. Not applied: aaaaaaaa-0000-4000-8000-000000000002, bbbbbbbb-0000-4000-8000-000000000001/,
		);
	});
});
