import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { orderSchema } from '../../helpers/model-schemas.mts';
import { BOL_BASE, CLIENT_SECRET, V10, mockToken, problem } from '../../helpers/bol.mts';
import { installFakeClock } from '../../helpers/clock.mts';
import { earlierStatuses, processStatus, reduced, specOrder } from './fixtures.mts';
import { runNode } from './run.mts';

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

describe('order: getAll', () => {
	it('lists orders, fetches each in full and returns the normalized model', async () => {
		mockToken();
		const api = nock(BOL_BASE, { reqheaders: { accept: V10 } })
			.get('/retailer/orders')
			.query({ status: 'OPEN', 'fulfilment-method': 'ALL', page: '1' })
			.reply(200, { orders: [reduced('A2K8290LP8')] })
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder());
		const { items } = await runNode({
			resource: 'order',
			operation: 'getAll',
			status: 'OPEN',
			returnAll: true,
			options: {},
		});
		expect(api.isDone()).toBe(true);
		expect(items).toHaveLength(1);
		const order = items[0].json as Record<string, any>;
		expect(() => orderSchema.parse(order)).not.toThrow();
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(order).toMatchObject({
			marketplace: 'bol',
			orderId: 'A2K8290LP8',
			status: 'open',
			fulfilment: 'merchant',
			currency: 'EUR',
			createdAt: '2017-02-09T12:39:48+01:00',
			updateStoreStock: true,
			pricesIncludeTax: true,
			totals: { items: 25.98, total: 25.98, commission: 5.18 },
			deadlines: { deliverBy: '2017-02-13', expiresAt: '2017-02-13' },
			extra: { pickupPoint: true, vvb: false },
		});
		expect(order.shippingAddress).toMatchObject({
			firstName: 'Billie',
			lastName: 'Jansen',
			address1: 'Dorpstraat 1 B',
			postalCode: '1111ZZ',
			city: 'Utrecht',
			countryCode: 'NL',
			pickupPoint: { name: 'Albert Heijn: UTRECHT' },
		});
		expect(order.lines[0]).toMatchObject({
			lineId: '2012345678',
			sku: 'BOLCOM00123',
			ean: '0000007740404',
			offerId: '6ff736b5-cdd0-4150-8c67-78269ee986f5',
			quantity: 2,
			quantityOpen: 2,
			unitPrice: 12.99,
			totalPrice: 25.98,
			fulfilment: 'merchant',
			status: 'open',
		});
		expect(order.raw).toBeUndefined();
	});

	it('applies the Koongo settings: EAN as SKU, cropping, billing as shipping, raw payload', async () => {
		mockToken();
		nock(BOL_BASE).get('/retailer/orders/A2K8290LP8').reply(200, specOrder());
		const { items } = await runNode({
			resource: 'order',
			operation: 'get',
			orderId: 'A2K8290LP8',
			options: {
				productIdentification: 'ean',
				skuPrefixPattern: '0000',
				useBillingAsShipping: true,
				includeRaw: true,
			},
		});
		const order = items[0].json as Record<string, any>;
		expect(order.lines[0].sku).toBe('007740404');
		expect(order.shippingAddress.pickupPoint).toBeNull();
		expect(order.shippingAddress.email).toBe(order.billingAddress.email);
		expect(order.raw.orderId).toBe('A2K8290LP8');
	});

	it('fetches only as many orders in full as the limit asks for', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders')
			.query(true)
			.reply(200, { orders: Array.from({ length: 50 }, (_, i) => reduced(`O${i}`)) })
			.get('/retailer/orders/O0')
			.reply(200, specOrder({ orderId: 'O0' }))
			.get('/retailer/orders/O1')
			.reply(200, specOrder({ orderId: 'O1' }));
		const { items, fake } = await runNode({
			resource: 'order',
			operation: 'getAll',
			status: 'OPEN',
			returnAll: false,
			limit: 2,
			options: {},
		});
		expect(items.map((i) => i.json.orderId)).toEqual(['O0', 'O1']);
		expect(fake.http.filter((h) => h.url.includes('/retailer/orders'))).toHaveLength(3);
	});

	it('pages through all orders and treats an empty answer ({}) as the end', async () => {
		mockToken();
		const page1 = Array.from({ length: 50 }, (_, i) =>
			reduced(`P${i}`, [{ fulfilmentMethod: 'FBB' }]),
		);
		nock(BOL_BASE)
			.get('/retailer/orders')
			.query((q) => q.page === '1')
			.reply(200, { orders: page1 })
			.get('/retailer/orders')
			.query((q) => q.page === '2')
			.reply(200, {});
		// every listed order has only FBB items: "skip orders with FBB items" needs no detail call at all
		const { items, fake } = await runNode({
			resource: 'order',
			operation: 'getAll',
			status: 'ALL',
			returnAll: true,
			options: { orderTypes: 'skipFbbOrVvb' },
		});
		expect(items).toEqual([]);
		expect(fake.http.filter((h) => h.url.includes('/retailer/orders/'))).toHaveLength(0);
	});

	it('skips VVB orders when asked to, using the order details', async () => {
		mockToken();
		const vvb = specOrder({ orderId: 'VVB1' });
		vvb.orderItems[0].fulfilment.distributionParty = 'BOL';
		nock(BOL_BASE)
			.get('/retailer/orders')
			.query(true)
			.reply(200, { orders: [reduced('VVB1'), reduced('OWN1')] })
			.get('/retailer/orders/VVB1')
			.reply(200, vvb)
			.get('/retailer/orders/OWN1')
			.reply(200, specOrder({ orderId: 'OWN1' }));
		const { items } = await runNode({
			resource: 'order',
			operation: 'getAll',
			status: 'OPEN',
			returnAll: true,
			options: { orderTypes: 'skipFbbOrVvb' },
		});
		expect(items.map((i) => i.json.orderId)).toEqual(['OWN1']);
	});

	it('rejects a bad filter before sending anything', async () => {
		const { ctx, http } = (await import('../../helpers/bol.mts')).bolContext({
			resource: 'order',
			operation: 'getAll',
			status: 'OPEN',
			returnAll: true,
			filters: { changeIntervalMinute: 90 },
			options: {},
		});
		const { BolRetailer } = await import('../../../nodes/BolRetailer/BolRetailer.node.ts');
		await expect(new BolRetailer().execute.call(ctx)).rejects.toThrow(
			'Invalid value for "Changed Within (Minutes)" (filters.changeIntervalMinute): got 90. Allowed: a whole number from 1 to 60.',
		);
		expect(http).toHaveLength(0);
	});
});

describe('order: cancel', () => {
	it('cancels every open item with the reason, waits for bol to process it', async () => {
		mockToken();
		earlierStatuses('2012345678', 'CANCEL_ORDER');
		const order = specOrder();
		order.orderItems.push({
			...order.orderItems[0],
			orderItemId: '2012345679',
			quantityShipped: 2,
		});
		const bodies: unknown[] = [];
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, order)
			.put('/retailer/orders/cancellation', (body) => {
				bodies.push(body);
				return true;
			})
			.matchHeader('content-type', V10)
			.reply(202, processStatus('PENDING', '111'))
			.get('/shared/process-status/111')
			.reply(200, processStatus('PENDING', '111'))
			.get('/shared/process-status/111')
			.reply(200, processStatus('SUCCESS', '111'));
		const { items } = await runNode({
			resource: 'order',
			operation: 'cancel',
			orderId: 'A2K8290LP8',
			orderItemIds: '',
			reasonCode: 'OUT_OF_STOCK',
			options: {},
		});
		expect(bodies).toEqual([
			{ orderItems: [{ orderItemId: '2012345678', reasonCode: 'OUT_OF_STOCK' }] },
		]);
		expect(items[0].json).toMatchObject({
			orderId: 'A2K8290LP8',
			reasonCode: 'OUT_OF_STOCK',
			status: 'cancelled',
		});
		expect((items[0].json.lines as any[])[0]).toMatchObject({
			lineId: '2012345678',
			status: 'SUCCESS',
		});
	});

	it('reports which item bol refused, as an error on that input item', async () => {
		mockToken();
		earlierStatuses('2012345678', 'CANCEL_ORDER');
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.put('/retailer/orders/cancellation')
			.reply(202, processStatus('PENDING', '5'))
			.get('/shared/process-status/5')
			.reply(200, processStatus('FAILURE', '5', { errorMessage: 'Order item already shipped' }));
		const { items } = await runNode(
			{
				resource: 'order',
				operation: 'cancel',
				orderId: 'A2K8290LP8',
				orderItemIds: '',
				reasonCode: 'OUT_OF_STOCK',
				options: {},
			},
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toBe(
			'Bol.com could not cancel: item 2012345678 (Order item already shipped)',
		);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('only confirms customer cancellation requests when asked', async () => {
		mockToken();
		earlierStatuses('2012345679', 'CANCEL_ORDER');
		const order = specOrder();
		order.orderItems.push({
			...order.orderItems[0],
			orderItemId: '2012345679',
			cancellationRequest: true,
		});
		const bodies: unknown[] = [];
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, order)
			.put('/retailer/orders/cancellation', (b) => (bodies.push(b), true))
			.reply(202, processStatus('SUCCESS', '9'));
		await runNode({
			resource: 'order',
			operation: 'cancel',
			orderId: 'A2K8290LP8',
			orderItemIds: '',
			reasonCode: 'OUT_OF_STOCK',
			options: { onlyCustomerRequests: true },
		});
		expect(bodies).toEqual([
			{ orderItems: [{ orderItemId: '2012345679', reasonCode: 'REQUESTED_BY_CUSTOMER' }] },
		]);
	});

	it('fails an unknown item id naming the items of the order, and keeps going with continueOnFail', async () => {
		mockToken();
		nock(BOL_BASE).get('/retailer/orders/A2K8290LP8').times(2).reply(200, specOrder());
		const { items } = await runNode(
			{
				resource: 'order',
				operation: 'cancel',
				orderId: 'A2K8290LP8',
				orderItemIds: (i: number) => (i === 0 ? '999' : 'abc'),
				reasonCode: 'OUT_OF_STOCK',
				options: {},
			},
			{ continueOnFail: true, items: [{ json: {} }, { json: {} }] },
		);
		expect(items).toHaveLength(2);
		expect(items[0].json.error).toContain('Allowed: item IDs of order A2K8290LP8: 2012345678');
		expect(items[1].json.error).toContain(
			'Invalid value for "Order Item IDs" (orderItemIds): got "abc"',
		);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('never shows the token or the client secret in an error', async () => {
		mockToken();
		nock(BOL_BASE).get('/retailer/orders/A2K8290LP8').reply(403, problem(403, 'Forbidden'));
		const { items, fake } = await runNode(
			{ resource: 'order', operation: 'get', orderId: 'A2K8290LP8', options: {} },
			{ continueOnFail: true },
		);
		const text = JSON.stringify(items);
		expect(text).toContain('403');
		expect(text).not.toContain(String(fake.credentials.accessToken));
		expect(text).not.toContain(CLIENT_SECRET);
	});
});
