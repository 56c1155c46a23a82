/**
 * The Zalando node's pickers: "From List" of orders (one call per page of 50, filter, direct lookup of a whole order
 * ID or number, the credential's environment), the sales-channel dropdowns, and the locator values the operations
 * accept (list, typed ID, plain string) or refuse before any request.
 */
import nock from 'nock';
import type {
	ICredentialDataDecryptedObject,
	ILoadOptionsFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { ZalandoZDirect } from '../../../nodes/ZalandoZDirect/ZalandoZDirect.node.ts';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	CHANNEL_DE,
	MERCHANT,
	ORDER_ID,
	ZALANDO_BASE,
	mockZalandoToken,
	orderDocument,
	orderPath,
	ordersPage,
	runZalando,
	zalandoContext,
	zalandoCredentials,
	type OrderSpec,
} from '../../helpers/zalando.mts';

useNockAndFakeClock();

const node = new ZalandoZDirect();
const loadContext = (credentials?: ICredentialDataDecryptedObject) =>
	zalandoContext({}, credentials ? { credentials } : {}).ctx as unknown as ILoadOptionsFunctions;
const ORDERS = `/merchants/${MERCHANT}/orders`;

/** `count` orders with ids ...000001.. and numbers 103000000000nn, each with its own item of two units. */
const specs = (count: number, from = 1): OrderSpec[] =>
	Array.from({ length: count }, (_, n) => {
		const serial = String(from + n).padStart(12, '0');
		return {
			id: `0b1c2d3e-4f50-4172-8394-${serial}`,
			number: `10300000000${String(from + n).padStart(3, '0')}`,
			items: [
				{
					id: `11111111-1111-4111-8111-${serial}`,
					externalId: '8712345678906',
					lines: [
						{ id: `aaaaaaaa-0000-4000-8000-${serial}`, status: 'initial', price: 59.95 },
						{ id: `aaaaaaaa-0000-4000-8001-${serial}`, status: 'initial', price: 59.95 },
					],
				},
			],
		};
	});

describe('order picker: From List (listSearch.searchOrders)', () => {
	it('asks Zalando for one page of 50 orders with items and lines per page, and pages on while Zalando links a next page', async () => {
		mockZalandoToken();
		const api = nock(ZALANDO_BASE)
			.get(ORDERS)
			.query({ include: 'order_items,order_lines', 'page[number]': '0', 'page[size]': '50' })
			.reply(200, ordersPage(specs(50), 'next'))
			.get(ORDERS)
			.query({ include: 'order_items,order_lines', 'page[number]': '1', 'page[size]': '50' })
			.reply(200, ordersPage(specs(2, 51)));
		const ctx = loadContext();
		const first = await node.methods.listSearch.searchOrders.call(ctx);
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('1');
		expect(first.results[0]).toEqual({
			name: '10300000000001 · 2026-11-23 · Jörg Ørsted · 123.85 EUR',
			value: '0b1c2d3e-4f50-4172-8394-000000000001',
			description:
				'Order ID 0b1c2d3e-4f50-4172-8394-000000000001, Placed 2026-11-23T08:00:00Z, status approved, 2 units',
		});
		const second = await node.methods.listSearch.searchOrders.call(ctx, undefined, '1');
		expect(second.results.map((r) => r.name.slice(0, 14))).toEqual([
			'10300000000051',
			'10300000000052',
		]);
		expect(second.paginationToken).toBeUndefined();
		expect(api.isDone()).toBe(true);
	});

	it('keeps the orders whose number or ID contains the filter', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(ORDERS)
			.query((q) => q['page[number]'] === '0')
			.times(2)
			.reply(200, ordersPage(specs(12)));
		const ctx = loadContext();
		const byNumber = await node.methods.listSearch.searchOrders.call(ctx, '00000011');
		expect(byNumber.results.map((r) => r.value)).toEqual(['0b1c2d3e-4f50-4172-8394-000000000011']);
		const byId = await node.methods.listSearch.searchOrders.call(ctx, '4172-8394-00000000000');
		expect(byId.results).toHaveLength(9);
	});

	it('looks a whole order ID (one GET) or order number (one exact list call) up directly, and lists when Zalando knows none', async () => {
		mockZalandoToken();
		const api = nock(ZALANDO_BASE)
			.get(orderPath())
			.query({ include: 'order_items,order_lines' })
			.reply(200, orderDocument())
			.get(ORDERS)
			.query((q) => q.order_number === '10301234567890' && q['page[number]'] === '0')
			.reply(200, ordersPage([{}]))
			.get(orderPath('0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f1'))
			.query(true)
			.reply(404, { title: 'Not Found', status: 404 })
			.get(ORDERS)
			.query((q) => q.order_number === undefined && q['page[number]'] === '0')
			.reply(200, ordersPage(specs(2)));
		const ctx = loadContext();
		const byId = await node.methods.listSearch.searchOrders.call(ctx, ORDER_ID.toUpperCase());
		expect(byId.results.map((r) => r.value)).toEqual([ORDER_ID]);
		const byNumber = await node.methods.listSearch.searchOrders.call(ctx, '10301234567890');
		expect(byNumber.results.map((r) => r.value)).toEqual([ORDER_ID]);
		const unknown = await node.methods.listSearch.searchOrders.call(
			ctx,
			'0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f1',
		);
		expect(unknown.results).toEqual([]);
		expect(api.isDone()).toBe(true);
	});

	it("asks the host of the credential's environment (sandbox)", async () => {
		const SANDBOX = 'https://api-sandbox.merchants.zalando.com';
		nock(SANDBOX)
			.post('/auth/token')
			.reply(200, { access_token: 'sandbox-token', token_type: 'Bearer', expires_in: 7200 });
		const api = nock(SANDBOX, { reqheaders: { authorization: 'Bearer sandbox-token' } })
			.get(ORDERS)
			.query(true)
			.reply(200, ordersPage(specs(1)));
		const page = await node.methods.listSearch.searchOrders.call(
			loadContext(zalandoCredentials({ environment: 'sandbox', baseUrl: '' })),
		);
		expect(page.results).toHaveLength(1);
		expect(api.isDone()).toBe(true);
	});
});

describe('sales channels as load options', () => {
	const channels = {
		items: [
			{ sales_channel_id: CHANNEL_DE, country_code: 'DE', country_name: 'Germany', live: true },
			{ sales_channel_id: '091dcbdb-a571-4ea9-b2a1-2a8a7b7a2f11', country_code: 'NL', live: false },
		],
	};

	it('lists the channels for the Get Many filters (no "all" entry), and after "every live channel" for stock', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get('/sales-channels')
			.query({ merchant_ids: MERCHANT })
			.times(2)
			.reply(200, channels);
		const ctx = loadContext();
		const filter = await node.methods.loadOptions.getSalesChannelFilter.call(ctx);
		expect(filter).toEqual([
			{ name: 'Germany', value: CHANNEL_DE, description: CHANNEL_DE },
			{
				name: 'NL (not live)',
				value: '091dcbdb-a571-4ea9-b2a1-2a8a7b7a2f11',
				description: '091dcbdb-a571-4ea9-b2a1-2a8a7b7a2f11',
			},
		]);
		const stock = await node.methods.loadOptions.getSalesChannels.call(ctx);
		expect(stock.map((o) => o.value)).toEqual(['', ...filter.map((o) => o.value)]);
		const properties = node.description.properties as INodeProperties[];
		const filters = properties.filter((p) => p.name === 'filters');
		const dropdowns = filters.flatMap((p) =>
			(p.options as INodeProperties[]).filter((o) => o.name === 'salesChannelId'),
		);
		expect(dropdowns).toHaveLength(2);
		for (const dropdown of dropdowns)
			expect(dropdown.typeOptions?.loadOptionsMethod).toBe('getSalesChannelFilter');
	});
});

describe('shipping document picker: From List (listSearch.searchShippingDocuments)', () => {
	const documents = [
		{
			id: 'd1',
			shipment_id: 's1',
			order_id: ORDER_ID,
			shipment_number: '1',
			type: 'OUTBOUND_LABEL',
			page_size: 'A6',
			created_at: '2026-11-23T10:00:00Z',
		},
		{
			id: 'd2',
			shipment_id: 's1',
			order_id: ORDER_ID,
			shipment_number: '1',
			type: 'DELIVERY_SLIP',
			page_size: 'A4',
			created_at: '2026-11-23T10:00:00Z',
		},
	];
	/** The editor's context: the Order ID the panel holds above the picker. */
	const withOrder = (orderId: unknown) =>
		Object.assign(loadContext(), {
			getCurrentNodeParameter: (name: string) => (name === 'orderId' ? orderId : undefined),
		}) as unknown as ILoadOptionsFunctions;

	it('lists the documents of the order chosen above, one call, and filters by type, ID or shipment number', async () => {
		mockZalandoToken();
		const api = nock(ZALANDO_BASE)
			.get('/zss/shipping-documents')
			.query({ order_id: ORDER_ID })
			.times(2)
			.reply(200, { documents });
		const ctx = withOrder({ __rl: true, mode: 'list', value: ORDER_ID.toUpperCase() });
		const page = await node.methods.listSearch.searchShippingDocuments.call(ctx);
		expect(page).toEqual({
			results: [
				{
					name: 'OUTBOUND_LABEL · A6 · shipment 1 · 2026-11-23',
					value: 'd1',
					description: `Document d1, order ${ORDER_ID}`,
				},
				expect.objectContaining({
					name: 'DELIVERY_SLIP · A4 · shipment 1 · 2026-11-23',
					value: 'd2',
				}),
			],
		});
		const slip = await node.methods.listSearch.searchShippingDocuments.call(ctx, 'slip');
		expect(slip.results.map((r) => r.value)).toEqual(['d2']);
		expect(api.isDone()).toBe(true);
	});

	it('without an order chosen, lists the documents of an order ID or number typed in the search; else asks for the order first', async () => {
		mockZalandoToken();
		const api = nock(ZALANDO_BASE)
			.get('/zss/shipping-documents')
			.query({ order_id: ORDER_ID })
			.times(2)
			.reply(200, { documents })
			.get(ORDERS)
			.query((q) => q.order_number === '10301234567890')
			.reply(200, ordersPage([{}]));
		const ctx = withOrder({ __rl: true, mode: 'list', value: '' });
		const byId = await node.methods.listSearch.searchShippingDocuments.call(ctx, ORDER_ID);
		expect(byId.results.map((r) => r.value)).toEqual(['d1', 'd2']);
		const byNumber = await node.methods.listSearch.searchShippingDocuments.call(
			ctx,
			'10301234567890',
		);
		expect(byNumber.results.map((r) => r.value)).toEqual(['d1', 'd2']);
		expect(api.isDone()).toBe(true);
		await expect(
			node.methods.listSearch.searchShippingDocuments.call(
				withOrder('={{ $json.orderId }}'),
				'label',
			),
		).rejects.toThrow(/Choose the Order ID first, or type an order ID or number in the search/);
	});

	it('downloads the document picked from the list, typed, or given as a plain string; a bad ID fails before any request', async () => {
		const pdf = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1');
		for (const documentId of [
			{ __rl: true, mode: 'list', value: 'd1' },
			{ __rl: true, mode: 'id', value: ' d1 ' },
			'd1',
		]) {
			mockZalandoToken();
			const api = nock(ZALANDO_BASE)
				.get('/zss/shipping-documents/d1')
				.reply(200, pdf, { 'content-type': 'application/pdf' });
			const { items } = await runZalando({
				resource: 'shippingDocument',
				operation: 'download',
				orderId: { __rl: true, mode: 'list', value: '' },
				documentId,
				binaryProperty: 'data',
			});
			expect(api.isDone()).toBe(true);
			expect(items[0].json).toMatchObject({ documentId: 'd1' });
		}
		for (const documentId of [{ __rl: true, mode: 'id', value: 'd 1' }, '../d1', '']) {
			await expect(
				runZalando({
					resource: 'shippingDocument',
					operation: 'download',
					documentId,
					binaryProperty: 'data',
				}),
			).rejects.toThrow(/"Document ID" \(documentId\).*a ZSS document ID: letters, digits/s);
		}
	});
});

describe('order IDs as resource locators', () => {
	const properties = node.description.properties as INodeProperties[];

	it('offers From List and By ID (no By URL: no documented seller-portal URL) for every operation on one order, and for the shipping document', () => {
		const locators = properties.filter((p) => p.type === 'resourceLocator');
		const orders = locators.filter((p) => p.name === 'orderId');
		const operations = orders.flatMap((p) => p.displayOptions?.show?.operation ?? []);
		expect(operations).toEqual(
			expect.arrayContaining(['get', 'accept', 'cancel', 'reserve', 'create', 'handle']),
		);
		for (const locator of locators) {
			expect(locator.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
			expect(locator.modes?.[0].typeOptions?.searchListMethod).toBe(
				locator.name === 'orderId' ? 'searchOrders' : 'searchShippingDocuments',
			);
		}
		// every operation that names one order: Order Get, Accept, Cancel, Reserve, Shipment Create, Return Handle,
		// Refund Create, Shipping Document Get Many; and Shipping Document Download's optional one, for its list
		expect(orders).toHaveLength(9);
		expect(orders.filter((p) => p.required === false).map((p) => p.displayOptions?.show)).toEqual([
			{ resource: ['shippingDocument'], operation: ['download'] },
		]);
		expect(locators.map((p) => p.name).filter((name) => name !== 'orderId')).toEqual([
			'documentId',
		]);
		expect(
			properties.filter((p) => /Id$/.test(p.name) && p.type === 'string').map((p) => p.name),
		).toEqual(['merchantOrderId']);
	});

	it('gets the order picked from the list, typed, or given as a plain string (templates, expressions)', async () => {
		for (const orderId of [
			{ __rl: true, mode: 'list', value: ORDER_ID },
			{ __rl: true, mode: 'id', value: ` ${ORDER_ID.toUpperCase()} ` },
			ORDER_ID,
		]) {
			mockZalandoToken();
			const api = nock(ZALANDO_BASE).get(orderPath()).query(true).reply(200, orderDocument());
			const { items } = await runZalando({
				resource: 'order',
				operation: 'get',
				orderId,
				options: {},
			});
			expect(api.isDone()).toBe(true);
			expect(items[0].json.orderId).toBe(ORDER_ID);
		}
	});

	it('refuses an order number or anything but a UUID, naming the field and the expected form, before any request', async () => {
		// no token or API mock: a request would fail with a connection error instead
		for (const orderId of [{ __rl: true, mode: 'id', value: '10301234567890' }, '../orders']) {
			await expect(
				runZalando({ resource: 'order', operation: 'get', orderId, options: {} }),
			).rejects.toThrow(/Order ID.*a UUID like 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/s);
		}
	});
});
