/**
 * The Bol.com node's pickers: "From List" of orders and returns (one call per page of 50, filter, direct lookup of a
 * whole order ID) and the locator values the operations accept (list, typed ID, plain string) or refuse before any
 * request.
 */
import nock from 'nock';
import type { ILoadOptionsFunctions, INodeProperties } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BolRetailer } from '../../../nodes/BolRetailer/BolRetailer.node.ts';
import { BOL_BASE, V10, V11, bolContext, mockToken } from '../../helpers/bol.mts';
import { installFakeClock } from '../../helpers/clock.mts';
import { bolExample } from '../../helpers/spec.mts';
import { processStatus, reduced, specOrder } from './fixtures.mts';
import { runNode } from './run.mts';
import { expectPickers } from '../../helpers/locators.mts';

let restore: () => void;
beforeEach(() => {
	({ restore } = installFakeClock());
	nock.disableNetConnect();
});
afterEach(() => {
	restore();
	nock.cleanAll();
	nock.enableNetConnect();
});

const node = new BolRetailer();
const loadContext = () => bolContext({}).ctx as unknown as ILoadOptionsFunctions;

/** `count` reduced orders with ids A000000001.., one unit of EAN 87000000000nn each. */
const orders = (count: number, from = 1) =>
	Array.from({ length: count }, (_, n) =>
		reduced(`A${String(from + n).padStart(9, '0')}`, [
			{
				ean: `87000000000${String((from + n) % 100).padStart(2, '0')}`,
				quantity: 1,
				quantityShipped: 0,
				quantityCancelled: 0,
				fulfilmentStatus: 'OPEN',
			},
		]),
	);

function bolReturn(returnId: string, orderId: string, handled: boolean) {
	const ret = bolExample<Record<string, any>>('ReducedReturn');
	return {
		...ret,
		returnId,
		registrationDateTime: '2026-11-20T10:00:00+01:00',
		fulfilmentMethod: 'FBR',
		returnItems: [
			{ ...ret.returnItems[0], orderId, ean: '8712345678906', expectedQuantity: 1, handled },
		],
	};
}

describe('order picker: From List (listSearch.searchOrders)', () => {
	it('asks bol for one page of every order (open and shipped, FBR and FBB) and pages on while pages are full', async () => {
		mockToken();
		const api = nock(BOL_BASE, { reqheaders: { accept: V10 } })
			.get('/retailer/orders')
			.query({ status: 'ALL', 'fulfilment-method': 'ALL', page: '1' })
			.reply(200, { orders: orders(50) })
			.get('/retailer/orders')
			.query({ status: 'ALL', 'fulfilment-method': 'ALL', page: '2' })
			.reply(200, { orders: orders(3, 51) });
		const ctx = loadContext();
		const first = await node.methods.listSearch.searchOrders.call(ctx);
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('2');
		expect(first.results[0]).toEqual({
			name: 'A000000001 · 2026-11-23 · open · 1 unit',
			value: 'A000000001',
			description: 'Placed 2026-11-23T11:00:00+01:00, EAN 8700000000001',
		});
		const second = await node.methods.listSearch.searchOrders.call(ctx, undefined, '2');
		expect(second.results.map((r) => r.value)).toEqual(['A000000051', 'A000000052', 'A000000053']);
		expect(second.paginationToken).toBeUndefined();
		expect(api.isDone()).toBe(true);
	});

	it('keeps the orders whose ID or EAN contains the filter', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders')
			.query({ status: 'ALL', 'fulfilment-method': 'ALL', page: '1' })
			.reply(200, { orders: orders(12) });
		const page = await node.methods.listSearch.searchOrders.call(loadContext(), '11');
		expect(page.results.map((r) => r.value)).toEqual(['A000000011']);
		// a 13-digit EAN could be a whole order ID: looked up first, unknown to bol, then the list is filtered
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders/8700000000007')
			.reply(404, { title: 'Not Found', status: 404 })
			.get('/retailer/orders')
			.query({ status: 'ALL', 'fulfilment-method': 'ALL', page: '1' })
			.reply(200, { orders: orders(12) });
		const byEan = await node.methods.listSearch.searchOrders.call(loadContext(), '8700000000007');
		expect(byEan.results.map((r) => r.value)).toEqual(['A000000007']);
	});

	it('looks a whole order ID up directly (an order beyond the listed pages), and lists when bol does not know it', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders/1043946570')
			.reply(200, specOrder({ orderId: '1043946570' }));
		const found = await node.methods.listSearch.searchOrders.call(loadContext(), '1043946570');
		expect(found.results.map((r) => r.value)).toEqual(['1043946570']);
		expect(found.results[0].name).toMatch(/^1043946570 · \d{4}-\d{2}-\d{2} · open · 2 units$/);

		mockToken();
		const api = nock(BOL_BASE)
			.get('/retailer/orders/9999999999')
			.reply(404, { title: 'Not Found', status: 404 })
			.get('/retailer/orders')
			.query({ status: 'ALL', 'fulfilment-method': 'ALL', page: '1' })
			.reply(200, { orders: orders(2) });
		const missing = await node.methods.listSearch.searchOrders.call(loadContext(), '9999999999');
		expect(missing.results).toEqual([]);
		expect(api.isDone()).toBe(true);
	});
});

describe('return picker: From List (listSearch.searchReturns)', () => {
	it('lists returns to handle first, then handled ones, and filters by return ID, order ID or EAN', async () => {
		mockToken();
		const api = nock(BOL_BASE)
			.get('/retailer/returns')
			.query({ handled: 'false', 'fulfilment-method': 'FBR', page: '1' })
			.reply(200, { returns: [bolReturn('15892026', 'A2K8290LP8', false)] })
			.get('/retailer/returns')
			.query({ handled: 'true', 'fulfilment-method': 'FBR', page: '1' })
			.reply(200, { returns: [bolReturn('15892001', 'A2K8290AAA', true)] });
		const ctx = loadContext();
		const open = await node.methods.listSearch.searchReturns.call(ctx);
		expect(open.results).toEqual([
			{
				name: '15892026 · 2026-11-20 · order A2K8290LP8 · 1 to handle',
				value: '15892026',
				description: 'Registered 2026-11-20T10:00:00+01:00, FBR, EAN 8712345678906 x 1',
			},
		]);
		expect(open.paginationToken).toBe('true:1');
		const handled = await node.methods.listSearch.searchReturns.call(ctx, 'a2k8290aaa', 'true:1');
		expect(handled.results.map((r) => r.value)).toEqual(['15892001']);
		expect(handled.results[0].name).toMatch(/ · handled$/);
		expect(handled.paginationToken).toBeUndefined();
		expect(api.isDone()).toBe(true);
	});
});

describe('RMA picker (Return > Handle): From List (listSearch.searchRmas)', () => {
	it('lists the return items still to handle, one entry per item, one call per page of 50 returns, and filters by RMA, return, order ID or EAN', async () => {
		const two = bolReturn('15892026', 'A2K8290LP8', false);
		two.returnItems = [
			{ ...two.returnItems[0], rmaId: '31234567' },
			{ ...two.returnItems[0], rmaId: '31234568', ean: '8712345678913', handled: true },
			{ ...two.returnItems[0], rmaId: '31234569', ean: '8712345678920', expectedQuantity: 2 },
		];
		const full = Array.from({ length: 50 }, (_, n) => ({
			...bolReturn(String(15892100 + n), `B${String(n).padStart(9, '0')}`, false),
			returnItems: [
				{
					...bolReturn('1', 'x', false).returnItems[0],
					rmaId: String(41234500 + n),
					orderId: `B${String(n).padStart(9, '0')}`,
				},
			],
		}));
		mockToken();
		const api = nock(BOL_BASE, { reqheaders: { accept: V10 } })
			.get('/retailer/returns')
			.query({ handled: 'false', 'fulfilment-method': 'FBR', page: '1' })
			.reply(200, { returns: full })
			.get('/retailer/returns')
			.query({ handled: 'false', 'fulfilment-method': 'FBR', page: '2' })
			.times(2)
			.reply(200, { returns: [two] });
		const ctx = loadContext();
		const first = await node.methods.listSearch.searchRmas.call(ctx);
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('2');
		const second = await node.methods.listSearch.searchRmas.call(ctx, undefined, '2');
		expect(second.results).toEqual([
			{
				name: '31234567 · 2026-11-20 · order A2K8290LP8 · EAN 8712345678906 x 1',
				value: '31234567',
				description: `Return 15892026, registered 2026-11-20T10:00:00+01:00, ${two.returnItems[0].returnReason.mainReason}`,
			},
			expect.objectContaining({
				name: '31234569 · 2026-11-20 · order A2K8290LP8 · EAN 8712345678920 x 2',
				value: '31234569',
			}),
		]);
		expect(second.paginationToken).toBeUndefined();
		const byEan = await node.methods.listSearch.searchRmas.call(ctx, '678920', '2');
		expect(byEan.results.map((r) => r.value)).toEqual(['31234569']);
		expect(api.isDone()).toBe(true);
	});
});

describe('order item picker (Return > Create): From List (listSearch.searchShippedItems)', () => {
	const shipped = (orderId: string, n: number) =>
		reduced(orderId, [
			{ orderItemId: `${n}1`, ean: '8712345678906', quantity: 2, quantityShipped: 2 },
			{ orderItemId: `${n}2`, ean: '8712345678913', quantity: 1, quantityShipped: 0 },
			// bol ships and takes back its own (FBB) items: no return to create for them
			{
				orderItemId: `${n}3`,
				ean: '8712345678920',
				quantity: 1,
				quantityShipped: 1,
				fulfilmentMethod: 'FBB',
			},
		]);

	it("lists the shipped items of the account's FBR orders, one call per page of 50 orders, and filters by item, order ID or EAN", async () => {
		mockToken();
		const api = nock(BOL_BASE, { reqheaders: { accept: V10 } })
			.get('/retailer/orders')
			.query({ status: 'ALL', 'fulfilment-method': 'FBR', page: '1' })
			.times(2)
			.reply(200, { orders: [shipped('A000000001', 10), shipped('A000000002', 20)] });
		const ctx = loadContext();
		const page = await node.methods.listSearch.searchShippedItems.call(ctx);
		expect(page.results).toEqual([
			{
				name: '101 · order A000000001 · 2026-11-23 · EAN 8712345678906 · 2 shipped',
				value: '101',
				description: 'Placed 2026-11-23T11:00:00+01:00, 2 ordered, 2 shipped',
			},
			expect.objectContaining({ value: '201' }),
		]);
		expect(page.paginationToken).toBeUndefined();
		const filtered = await node.methods.listSearch.searchShippedItems.call(ctx, '000002');
		expect(filtered.results.map((r) => r.value)).toEqual(['201']);
		expect(api.isDone()).toBe(true);
	});

	it("lists a whole order ID's shipped items with one call (an order beyond the listed pages)", async () => {
		const order = specOrder({ orderId: '1043946570' });
		order.orderItems = [
			{ ...order.orderItems[0], orderItemId: '2012345678', quantity: 2, quantityShipped: 1 },
			{ ...order.orderItems[0], orderItemId: '2012345679', quantityShipped: 0 },
		];
		mockToken();
		const api = nock(BOL_BASE).get('/retailer/orders/1043946570').reply(200, order);
		const page = await node.methods.listSearch.searchShippedItems.call(loadContext(), '1043946570');
		expect(page.results.map((r) => r.value)).toEqual(['2012345678']);
		expect(page.results[0].name).toMatch(/^2012345678 · order 1043946570 · .* · 1 shipped$/);
		expect(page.results[0].description).toContain(order.orderItems[0].product.title);
		expect(api.isDone()).toBe(true);
	});
});

describe('label offer picker (Shipping Label > Create): From List (listSearch.searchDeliveryOptions)', () => {
	const withOrder = (orderId: unknown) =>
		({
			...loadContext(),
			getCurrentNodeParameter: (name: string) => (name === 'orderId' ? orderId : undefined),
		}) as unknown as ILoadOptionsFunctions;
	const option = (id: string, labelType: string, price: number, recommended: boolean) => ({
		shippingLabelOfferId: id,
		recommended,
		validUntilDate: '2026-11-24',
		transporterCode: 'TNT',
		labelType,
		labelDisplayName: `PostNL & bol.com - ${labelType}`,
		labelPrice: { totalPrice: price },
		packageRestrictions: { maxWeight: '10 kg', maxDimensions: '100 x 50 x 50 cm' },
		handoverDetails: {
			meetsCustomerExpectation: labelType === 'PARCEL',
			latestHandoverDateTime: '2026-11-23T22:00:00+01:00',
		},
	});

	it("lists bol's labels for the open items of the order chosen above, with price, recommendation and strike risk", async () => {
		mockToken();
		const bodies: unknown[] = [];
		const api = nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.post('/retailer/shipping-labels/delivery-options', (b) => (bodies.push(b), true))
			.reply(200, {
				deliveryOptions: [
					option('offer-1', 'PARCEL', 4.95, true),
					option('offer-2', 'MAILBOX', 3.05, false),
				],
			});
		const page = await node.methods.listSearch.searchDeliveryOptions.call(
			withOrder({ __rl: true, mode: 'list', value: 'A2K8290LP8' }),
		);
		expect(bodies).toEqual([{ orderItems: [{ orderItemId: '2012345678', quantity: 2 }] }]);
		expect(page.results).toEqual([
			{
				name: 'PostNL & bol.com - PARCEL · PARCEL · TNT · € 4.95 excl. VAT · recommended',
				value: 'offer-1',
				description:
					'Offer ID offer-1, valid until 2026-11-24, hand over by 2026-11-23T22:00:00+01:00',
			},
			expect.objectContaining({
				value: 'offer-2',
				name: expect.stringMatching(/MAILBOX · TNT · € 3.05 excl. VAT · strike risk$/),
			}),
		]);
		expect(api.isDone()).toBe(true);
	});

	it('says to choose the order first when none is chosen or typed', async () => {
		await expect(
			node.methods.listSearch.searchDeliveryOptions.call(
				withOrder({ __rl: true, mode: 'list', value: '' }),
			),
		).rejects.toThrow(/Choose the Order ID first/);
	});
});

describe('offer picker (Stock > Update by Offer ID): From List (listSearch.searchOffers)', () => {
	const offer = (n: number) => ({
		offerId: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
		ean: `87000000000${String(n).padStart(2, '0')}`,
		reference: `SKU-${n}`,
		stock: { amount: n, correctedStock: n, managedByRetailer: false },
		fulfilment: { method: 'FBR' },
	});

	it("pages through the account's offers (Offers API v11, bol's cursor as the token), one call per page, and filters by reference, EAN or ID", async () => {
		mockToken();
		const api = nock(BOL_BASE, { reqheaders: { accept: V11 } })
			.get('/retailer/offers')
			.query({ 'page-size': '100' })
			.reply(200, { offers: [offer(1), offer(2)], page: { pageSize: 100, nextCursor: 'c2' } })
			.get('/retailer/offers')
			.query({ 'page-size': '100', cursor: 'c2' })
			.times(2)
			.reply(200, { offers: [offer(3)], page: { pageSize: 100, nextCursor: null } });
		const ctx = loadContext();
		const first = await node.methods.listSearch.searchOffers.call(ctx);
		expect(first.results[0]).toEqual({
			name: 'SKU-1 · EAN 8700000000001 · stock 1 · FBR',
			value: '00000000-0000-0000-0000-000000000001',
			description:
				'Offer ID 00000000-0000-0000-0000-000000000001, reference SKU-1, managed by retailer: no',
		});
		expect(first.paginationToken).toBe('c2');
		const second = await node.methods.listSearch.searchOffers.call(ctx, undefined, 'c2');
		expect(second.results.map((r) => r.value)).toEqual(['00000000-0000-0000-0000-000000000003']);
		expect(second.paginationToken).toBeUndefined();
		const filtered = await node.methods.listSearch.searchOffers.call(ctx, 'sku-4', 'c2');
		expect(filtered.results).toEqual([]);
		expect(api.isDone()).toBe(true);
	});

	it('looks a whole EAN or offer ID up directly (offer-ids / eans, one call)', async () => {
		mockToken();
		const api = nock(BOL_BASE)
			.get('/retailer/offers')
			.query({ eans: '8700000000007', 'page-size': '100' })
			.reply(200, { offers: [offer(7)] })
			.get('/retailer/offers')
			.query({ 'offer-ids': '00000000-0000-0000-0000-000000000008', 'page-size': '100' })
			.reply(200, { offers: [offer(8)] });
		const ctx = loadContext();
		const byEan = await node.methods.listSearch.searchOffers.call(ctx, '8700000000007');
		expect(byEan.results.map((r) => r.name)).toEqual(['SKU-7 · EAN 8700000000007 · stock 7 · FBR']);
		const byId = await node.methods.listSearch.searchOffers.call(
			ctx,
			'00000000-0000-0000-0000-000000000008',
		);
		expect(byId.results.map((r) => r.value)).toEqual(['00000000-0000-0000-0000-000000000008']);
		expect(api.isDone()).toBe(true);
	});
});

describe('order and return IDs as resource locators', () => {
	const properties = node.description.properties as INodeProperties[];

	it('offers From List and By ID for every ID that names a bol record: order, return, return item (RMA), shipped order item, offer, label offer', () => {
		expectPickers(
			node,
			[
				'orderId:order.get',
				'orderId:order.cancel',
				'orderId:shipment.create',
				'orderId:refund.create',
				'orderId:shippingLabel.getDeliveryOptions',
				'orderId:shippingLabel.create',
				'shippingLabelOfferId:shippingLabel.create',
				'returnId:return.get',
				'rmaId:return.handle',
				'orderItemId:return.create',
				'offerId:stock.update',
			],
			{
				orderId: 'searchOrders',
				returnId: 'searchReturns',
				rmaId: 'searchRmas',
				orderItemId: 'searchShippedItems',
				offerId: 'searchOffers',
				shippingLabelOfferId: 'searchDeliveryOptions',
			},
		);
		// every remaining ID parameter is not a single bol record bol can list: item lists of the chosen order, your
		// own reference, a bought label (bol has no list of labels)
		const plain = properties
			.filter((p) => p.type === 'string' && /(Id|Ids)$/.test(p.name))
			.map((p) => p.name);
		expect(plain).toEqual(['orderItemIds', 'shippingLabelId', 'processStatusIds']);
	});

	it('gets the order picked from the list, typed, or given as a plain string (templates, expressions)', async () => {
		for (const orderId of [
			{ __rl: true, mode: 'list', value: 'A2K8290LP8' },
			{ __rl: true, mode: 'id', value: ' A2K8290LP8 ' },
			'A2K8290LP8',
		]) {
			mockToken();
			const api = nock(BOL_BASE)
				.get('/retailer/orders/A2K8290LP8')
				.reply(200, specOrder({ orderId: 'A2K8290LP8' }));
			const { items } = await runNode({
				resource: 'order',
				operation: 'get',
				orderId,
				options: {},
			});
			expect(api.isDone()).toBe(true);
			expect(items[0].json.orderId).toBe('A2K8290LP8');
		}
	});

	it('refuses an order or return ID that cannot be one, naming the field and the allowed form, before any request', async () => {
		// no token or API mock: a request would fail with a connection error instead
		await expect(
			runNode({
				resource: 'order',
				operation: 'get',
				orderId: { __rl: true, mode: 'id', value: 'A2K/../8290' },
				options: {},
			}),
		).rejects.toThrow(/Order ID.*a bol order ID, letters and digits/s);
		await expect(
			runNode({
				resource: 'return',
				operation: 'get',
				returnId: { __rl: true, mode: 'list', value: 'R-1' },
				options: {},
			}),
		).rejects.toThrow(/Return ID.*a bol return ID, digits only/s);
	});
	it('handles the return item (RMA), creates the return of the order item and updates the offer picked from the list, typed, or given as a plain string', async () => {
		const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
		for (const rmaId of [rl('list', '31234567'), rl('id', ' 31234567 '), '31234567']) {
			mockToken();
			const api = nock(BOL_BASE)
				.put('/retailer/returns/31234567')
				.reply(202, processStatus('PENDING', '44', { eventType: 'HANDLE_RETURN_ITEM' }))
				.get('/shared/process-status/44')
				.reply(200, processStatus('SUCCESS', '44', { eventType: 'HANDLE_RETURN_ITEM' }));
			const { items } = await runNode({
				resource: 'return',
				operation: 'handle',
				rmaId,
				handlingResult: 'RETURN_RECEIVED',
				quantityReturned: 1,
				options: {},
			});
			expect(api.isDone()).toBe(true);
			expect(items[0].json).toMatchObject({ rmaId: '31234567', status: 'handled' });
		}
		for (const orderItemId of [rl('list', '2012345678'), rl('id', '2012345678 '), '2012345678']) {
			mockToken();
			const api = nock(BOL_BASE)
				.post('/retailer/returns', {
					orderItemId: '2012345678',
					quantityReturned: 1,
					handlingResult: 'RETURN_RECEIVED',
				})
				.reply(202, processStatus('PENDING', '45', { eventType: 'CREATE_RETURN_ITEM' }))
				.get('/shared/process-status/45')
				.reply(
					200,
					processStatus('SUCCESS', '45', { eventType: 'CREATE_RETURN_ITEM', entityId: '87654321' }),
				);
			const { items } = await runNode({
				resource: 'return',
				operation: 'create',
				orderItemId,
				quantityReturned: 1,
				handlingResult: 'RETURN_RECEIVED',
				options: {},
			});
			expect(api.isDone()).toBe(true);
			expect(items[0].json).toMatchObject({ orderItemId: '2012345678', returnId: '87654321' });
		}
		const id = '6ff736b5-cdd0-4150-8c67-78269ee986f5';
		for (const offerId of [rl('list', id), rl('id', ` ${id}`), id]) {
			mockToken();
			const patched: unknown[] = [];
			const api = nock(BOL_BASE)
				.patch(`/retailer/offers/${id}`, (body) => (patched.push(body), true))
				.reply(202, {});
			await runNode({
				resource: 'stock',
				operation: 'update',
				identifyBy: 'offerId',
				offerId,
				quantity: 3,
				options: {},
			});
			expect(api.isDone()).toBe(true);
			expect(patched).toEqual([{ stock: { amount: 3, managedByRetailer: false } }]);
		}
	});

	it('refuses an RMA, order item or offer ID that cannot be one, naming the field and the allowed form, before any request', async () => {
		// no token or API mock: a request would fail with a connection error instead
		for (const [parameters, message] of [
			[
				{
					resource: 'return',
					operation: 'handle',
					rmaId: { __rl: true, mode: 'list', value: 'R-1' },
					handlingResult: 'RETURN_RECEIVED',
					quantityReturned: 1,
				},
				/"RMA ID" \(rmaId\).*a bol RMA ID, digits only/s,
			],
			[
				{
					resource: 'return',
					operation: 'create',
					orderItemId: { __rl: true, mode: 'id', value: '20123/45678' },
					handlingResult: 'RETURN_RECEIVED',
					quantityReturned: 1,
				},
				/"Order Item ID" \(orderItemId\).*a bol order item ID, digits only/s,
			],
			[
				{
					resource: 'stock',
					operation: 'update',
					identifyBy: 'offerId',
					offerId: { __rl: true, mode: 'id', value: 'SKU-1' },
					quantity: 3,
				},
				/"Offer ID" \(offerId\).*a UUID like/s,
			],
			[
				{
					resource: 'return',
					operation: 'handle',
					rmaId: '',
					handlingResult: 'RETURN_RECEIVED',
					quantityReturned: 1,
				},
				/"RMA ID" \(rmaId\)/,
			],
		] as const) {
			const { items, fake } = await runNode(
				{ ...parameters, options: {} },
				{ continueOnFail: true },
			);
			expect(items[0].json.error).toMatch(message);
			expect(fake.http).toHaveLength(0);
		}
	});
});
