import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { orderSchema } from '../../helpers/model-schemas.mts';
import {
	AMAZON_BASE,
	BR_UNSHIPPED,
	DE,
	JP_FBA,
	NL,
	US_UNSHIPPED,
	exampleOrder,
	header,
	mockLwa,
	modelViolations,
	useUnitSetup,
} from '../../helpers/amazon.mts';
import { runNode, runNodeError } from './run.mts';

const clockOf = useUnitSetup();

const search = (params: Record<string, unknown> = {}) => ({
	resource: 'order',
	operation: 'getAll',
	filterBy: 'lastUpdated',
	after: '2026-11-22T00:00:00Z',
	before: '',
	returnAll: true,
	filters: {},
	options: {},
	...params,
});

function order(id: string, overrides: Record<string, unknown> = {}) {
	return { ...exampleOrder(BR_UNSHIPPED), orderId: id, ...overrides };
}

describe('order: getAll (searchOrders v2026-01-01)', () => {
	it('sends the period (2.5 minutes before now at the latest), comma-separated lists and the datasets, all valid against the model', async () => {
		mockLwa();
		let query: Record<string, string> = {};
		nock(AMAZON_BASE)
			.get('/orders/2026-01-01/orders')
			.query((q) => ((query = q as Record<string, string>), true))
			.reply(200, { orders: [order('111-0000000-0000001')] });
		const { items, fake } = await runNode(
			search({
				filters: {
					fulfillmentStatuses: ['UNSHIPPED', 'PARTIALLY_SHIPPED'],
					orderTypes: 'merchant',
					marketplaceIds: `${DE}, ${NL}`,
				},
			}),
		);
		expect(query).toEqual({
			lastUpdatedAfter: '2026-11-22T00:00:00.000Z',
			lastUpdatedBefore: '2026-11-23T09:57:30.000Z',
			marketplaceIds: `${DE},${NL}`,
			fulfillmentStatuses: 'UNSHIPPED,PARTIALLY_SHIPPED',
			fulfilledBy: 'MERCHANT',
			includedData: 'PROCEEDS,FULFILLMENT,CANCELLATION,PACKAGES',
			maxResultsPerPage: '100',
		});
		expect(modelViolations(fake.http)).toEqual([]);
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(() => orderSchema.parse(items[0].json)).not.toThrow();
	});

	it('keeps a "Before" that is old enough and uses created* for the created filter', async () => {
		mockLwa();
		let query: Record<string, string> = {};
		nock(AMAZON_BASE)
			.get('/orders/2026-01-01/orders')
			.query((q) => ((query = q as Record<string, string>), true))
			.reply(200, { orders: [] });
		await runNode(search({ filterBy: 'created', before: '2026-11-23T08:00:00Z' }));
		expect(query.createdAfter).toBe('2026-11-22T00:00:00.000Z');
		expect(query.createdBefore).toBe('2026-11-23T08:00:00.000Z');
		expect(query.lastUpdatedAfter).toBeUndefined();
		expect(query.marketplaceIds).toBe(DE);
	});

	it('follows nextToken as paginationToken until the last page', async () => {
		mockLwa();
		const tokens: Array<string | undefined> = [];
		nock(AMAZON_BASE)
			.get('/orders/2026-01-01/orders')
			.query(
				(q) => (
					tokens.push(q.paginationToken as string | undefined),
					q.paginationToken === undefined
				),
			)
			.reply(200, {
				orders: [order('111-0000000-0000001'), order('111-0000000-0000002')],
				pagination: { nextToken: 'page-2' },
			})
			.get('/orders/2026-01-01/orders')
			.query(
				(q) => (
					tokens.push(q.paginationToken as string | undefined),
					q.paginationToken === 'page-2'
				),
			)
			.reply(200, { orders: [order('111-0000000-0000003')] });
		const { items } = await runNode(search());
		expect(items.map((i) => i.json.orderId)).toEqual([
			'111-0000000-0000001',
			'111-0000000-0000002',
			'111-0000000-0000003',
		]);
		expect(tokens.filter(Boolean)).toEqual(['page-2']);
	});

	it('stops at the limit without asking for the next page, and asks for no more than the limit per page', async () => {
		mockLwa();
		let pageSize = '';
		nock(AMAZON_BASE)
			.get('/orders/2026-01-01/orders')
			.query((q) => ((pageSize = String(q.maxResultsPerPage)), true))
			.reply(200, {
				orders: [order('111-0000000-0000001'), order('111-0000000-0000002')],
				pagination: { nextToken: 'page-2' },
			});
		const { items, fake } = await runNode(search({ returnAll: false, limit: 2 }));
		expect(items).toHaveLength(2);
		expect(pageSize).toBe('2');
		expect(fake.http.filter((h) => h.url.includes('/orders/2026-01-01/orders'))).toHaveLength(1);
	});

	it('rejects bad input before any request, naming the field and what is allowed', async () => {
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ after: '2026-11-23T09:59:00Z' }, 'Invalid value for "After" (after)'],
			[{ after: 'yesterday' }, 'Allowed: an ISO 8601 date'],
			[{ before: '2026-11-21T00:00:00Z' }, 'Invalid value for "Before" (before)'],
			[
				{ filters: { fulfillmentStatuses: ['Unshipped'] } },
				'Allowed: one of PENDING_AVAILABILITY, PENDING, UNSHIPPED',
			],
			[
				{ filters: { marketplaceIds: 'A1PA6795UKMFR9, ATVPDKIKX0DER' } },
				'marketplaces of one region',
			],
			[
				{ filters: { marketplaceIds: 'de' } },
				'Invalid value for "Marketplace IDs" (filters.marketplaceIds)',
			],
			[{ returnAll: false, limit: 0 }, 'Invalid value for "Limit" (limit)'],
			[{ options: { skuPrefixPattern: '(' } }, 'a valid regular expression'],
		];
		for (const [params, message] of cases) {
			const { error, fake } = await runNodeError(search(params));
			expect(error.message).toContain(message);
			expect(fake.http).toHaveLength(0);
		}
	});

	it('asks for a Restricted Data Token for buyer and address data and sends it in place of the access token', async () => {
		mockLwa();
		let rdtBody: any;
		nock(AMAZON_BASE)
			.post('/tokens/2021-03-01/restrictedDataToken', (body) => ((rdtBody = body), true))
			.reply(200, { restrictedDataToken: 'Atz.sprdt|rdt-1', expiresIn: 3600 })
			.get('/orders/2026-01-01/orders')
			.query((q) => q.includedData === 'PROCEEDS,FULFILLMENT,CANCELLATION,PACKAGES,BUYER,RECIPIENT')
			.reply(200, { orders: [exampleOrder(BR_UNSHIPPED)] });
		const { items, fake } = await runNode(search({ options: { includePii: true } }));
		expect(rdtBody).toEqual({
			restrictedResources: [
				{
					method: 'GET',
					path: '/orders/2026-01-01/orders',
					dataElements: ['buyerInfo', 'shippingAddress'],
				},
			],
		});
		const searchCall = fake.http.find((h) => h.url.includes('/orders/2026-01-01/orders'))!;
		expect(header(searchCall, 'x-amz-access-token')).toBe('Atz.sprdt|rdt-1');
		expect(modelViolations(fake.http)).toEqual([]);
		const o = items[0].json as Record<string, any>;
		expect(o.customer).toMatchObject({
			fullName: 'Maria Silva Santos',
			firstName: 'Maria Silva',
			lastName: 'Santos',
			email: 'buyer-email@marketplace.amazon.com.br',
		});
		expect(o.shippingAddress).toMatchObject({
			address1: 'Rua das Flores, 123',
			address2: 'Apartamento 45',
			street: 'Rua das Flores',
			houseNumber: '123',
			postalCode: '01234-567',
			city: 'São Paulo',
			region: 'SP',
			countryCode: 'BR',
			phone: '+55 11 98765-4321',
		});
		expect(o.extra.pii).toEqual({ requested: true, available: true });
	});

	it('with role-only PII access asks for BUYER and RECIPIENT without a Restricted Data Token', async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.get('/orders/2026-01-01/orders')
			.query((q) => String(q.includedData).includes('BUYER,RECIPIENT'))
			.reply(200, { orders: [exampleOrder(BR_UNSHIPPED)] });
		const { fake } = await runNode(
			search({ options: { includePii: true, piiAccess: 'roleBased' } }),
		);
		expect(fake.http.some((h) => h.url.includes('restrictedDataToken'))).toBe(false);
		expect(header(fake.http.find((h) => h.url.includes('/orders/'))!, 'x-amz-access-token')).toBe(
			fake.credentials.accessToken,
		);
	});

	it('says on every order that PII was not requested when it was not', async () => {
		mockLwa();
		const withoutPii = exampleOrder(BR_UNSHIPPED);
		delete withoutPii.buyer;
		delete withoutPii.recipient;
		nock(AMAZON_BASE)
			.get('/orders/2026-01-01/orders')
			.query(true)
			.reply(200, { orders: [withoutPii] });
		const { items } = await runNode(search());
		const o = items[0].json as Record<string, any>;
		expect(o.extra.pii).toMatchObject({ requested: false, available: false });
		expect(o.extra.pii.note).toContain('were not requested');
		expect(o.shippingAddress).toBeNull();
		expect(o.customer.fullName).toBeNull();
	});
});

describe('order: get and the normalized model', () => {
	it('maps an UNSHIPPED merchant order (EU-style prices include tax)', async () => {
		mockLwa();
		let query: Record<string, string> = {};
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query((q) => ((query = q as Record<string, string>), true))
			.reply(200, { order: exampleOrder(BR_UNSHIPPED) });
		const { items, fake } = await runNode({
			resource: 'order',
			operation: 'get',
			orderId: BR_UNSHIPPED,
			options: {},
		});
		expect(query).toEqual({ includedData: 'PROCEEDS,FULFILLMENT,CANCELLATION,PACKAGES' });
		expect(modelViolations(fake.http)).toEqual([]);
		const o = items[0].json as Record<string, any>;
		expect(() => orderSchema.parse(o)).not.toThrow();
		expect(o).toMatchObject({
			marketplace: 'amazon',
			orderId: BR_UNSHIPPED,
			status: 'open',
			fulfilment: 'merchant',
			currency: 'BRL',
			createdAt: '2024-12-24T20:30:00Z',
			updateStoreStock: true,
			deadlines: { shipBy: '2024-12-27T23:59:59Z', deliverBy: '2024-12-31T23:59:59Z' },
			totals: { items: 299.9, total: 299.9 },
			extra: {
				marketplaceId: 'A2Q3Y263D00KWC',
				sellerOrderId: 'BR-CONSUMER-ORDER-2024-003',
				isPrime: true,
			},
		});
		// Brazil is served from North America: prices there are before tax
		expect(o.pricesIncludeTax).toBe(false);
		expect(o.lines[0]).toMatchObject({
			lineId: '17198765432109',
			sku: 'ECHO-DOT-4-BR-PRETO',
			merchantReference: 'ECHO-DOT-4-BR-PRETO',
			offerId: 'B08N5WRWNW',
			quantity: 1,
			quantityShipped: 0,
			quantityOpen: 1,
			unitPrice: 299.9,
			totalPrice: 299.9,
			status: 'open',
		});
		expect(o.raw).toBeUndefined();
	});

	it('applies "Tax Is Included in Prices" and "Ignore Amazon Tax" to a US order (39.99 + 10.00 tax)', async () => {
		mockLwa(3);
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${US_UNSHIPPED}`)
			.query(true)
			.times(3)
			.reply(200, { order: exampleOrder(US_UNSHIPPED) });
		const run = async (options: Record<string, unknown>) =>
			(await runNode({ resource: 'order', operation: 'get', orderId: US_UNSHIPPED, options }))
				.items[0].json as Record<string, any>;
		const automatic = await run({});
		expect(automatic).toMatchObject({
			pricesIncludeTax: false,
			totals: { items: 39.99, tax: 10, total: 49.99 },
		});
		expect(automatic.lines[0]).toMatchObject({ unitPrice: 39.99, totalPrice: 39.99, tax: 10 });
		const included = await run({ taxIncludedInPrices: 'yes' });
		expect(included).toMatchObject({
			pricesIncludeTax: true,
			totals: { items: 39.99, tax: 10, total: 39.99 },
		});
		const ignored = await run({ ignoreAmazonTax: true });
		expect(ignored).toMatchObject({ pricesIncludeTax: false, totals: { tax: null, total: 39.99 } });
		expect(ignored.lines[0].tax).toBeNull();
	});

	it("crops the normalized SKU while merchantReference and raw keep Amazon's, or uses the ASIN", async () => {
		mockLwa(2);
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.times(2)
			.reply(200, { order: exampleOrder(BR_UNSHIPPED) });
		const cropped = (
			await runNode({
				resource: 'order',
				operation: 'get',
				orderId: BR_UNSHIPPED,
				options: { skuPrefixPattern: 'ECHO-', skuSuffixPattern: '-BR-[A-Z]+', includeRaw: true },
			})
		).items[0].json as Record<string, any>;
		expect(cropped.lines[0].sku).toBe('DOT-4');
		expect(cropped.lines[0].merchantReference).toBe('ECHO-DOT-4-BR-PRETO');
		expect(cropped.raw.orderItems[0].product.sellerSku).toBe('ECHO-DOT-4-BR-PRETO');
		const asin = (
			await runNode({
				resource: 'order',
				operation: 'get',
				orderId: BR_UNSHIPPED,
				options: { productIdentification: 'asin' },
			})
		).items[0].json as Record<string, any>;
		expect(asin.lines[0].sku).toBe('B08N5WRWNW');
	});

	it('maps an order fulfilled by Amazon: marketplace fulfilment, shipped, no store stock move unless asked', async () => {
		mockLwa(2);
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${JP_FBA}`)
			.query(true)
			.times(2)
			.reply(200, { order: exampleOrder(JP_FBA) });
		const fba = (
			await runNode({ resource: 'order', operation: 'get', orderId: JP_FBA, options: {} })
		).items[0].json as Record<string, any>;
		expect(fba).toMatchObject({
			fulfilment: 'marketplace',
			hasMarketplaceFulfilledLines: true,
			status: 'shipped',
			updateStoreStock: false,
			currency: 'JPY',
			pricesIncludeTax: true,
		});
		expect(fba.lines.map((l: any) => [l.quantity, l.quantityShipped, l.status])).toEqual([
			[1, 1, 'shipped'],
			[2, 2, 'shipped'],
		]);
		const moved = (
			await runNode({
				resource: 'order',
				operation: 'get',
				orderId: JP_FBA,
				options: { updateStockForFba: true },
			})
		).items[0].json;
		expect(moved.updateStoreStock).toBe(true);
	});

	it('reports a cancellation request and a cancelled order', async () => {
		mockLwa(2);
		const requested = exampleOrder(BR_UNSHIPPED);
		requested.orderItems[0].cancellation = {
			cancellationRequest: { requester: 'BUYER', cancelReason: 'Changed mind' },
		};
		const cancelled = {
			...exampleOrder(BR_UNSHIPPED),
			fulfillment: { ...exampleOrder(BR_UNSHIPPED).fulfillment, fulfillmentStatus: 'CANCELLED' },
		};
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.reply(200, { order: requested })
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.reply(200, { order: cancelled });
		const first = (
			await runNode({ resource: 'order', operation: 'get', orderId: BR_UNSHIPPED, options: {} })
		).items[0].json as Record<string, any>;
		expect(first.cancellationRequested).toBe(true);
		expect(first.lines[0].cancellationRequested).toBe(true);
		const second = (
			await runNode({ resource: 'order', operation: 'get', orderId: BR_UNSHIPPED, options: {} })
		).items[0].json as Record<string, any>;
		expect(second.status).toBe('cancelled');
		expect(second.lines[0]).toMatchObject({
			status: 'cancelled',
			quantityCancelled: 1,
			quantityOpen: 0,
		});
	});

	it('rejects an order id that is not 3-7-7 digits before any request', async () => {
		const { error, fake } = await runNodeError({
			resource: 'order',
			operation: 'get',
			orderId: 'A2K8290LP8',
			options: {},
		});
		expect(error.message).toContain('Invalid value for "Order ID" (orderId)');
		expect(error.message).toContain('3-7-7 digits');
		expect(fake.http).toHaveLength(0);
	});

	it("returns one error item per failed order with Continue On Fail, naming Amazon's error", async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.reply(404, { errors: [{ code: 'NotFound', message: 'The order was not found.' }] });
		const { items } = await runNode(
			{ resource: 'order', operation: 'get', orderId: BR_UNSHIPPED, options: {} },
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toContain('NotFound: The order was not found.');
		expect(items[0].json.httpCode).toBe('404');
	});

	it('reuses one Restricted Data Token for many order reads', async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.post(
				'/tokens/2021-03-01/restrictedDataToken',
				(body) => body.restrictedResources[0].path === '/orders/2026-01-01/orders/{orderId}',
			)
			.once()
			.reply(200, { restrictedDataToken: 'Atz.sprdt|rdt-2', expiresIn: 3600 })
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.times(3)
			.reply(200, { order: exampleOrder(BR_UNSHIPPED) });
		const { fake } = await runNode(
			{ resource: 'order', operation: 'get', orderId: BR_UNSHIPPED, options: { includePii: true } },
			{ items: [{ json: {} }, { json: {} }, { json: {} }] },
		);
		expect(fake.http.filter((h) => h.url.includes('restrictedDataToken'))).toHaveLength(1);
		expect(
			fake.http
				.filter((h) => h.url.includes('/orders/2026'))
				.every((h) => header(h, 'x-amz-access-token') === 'Atz.sprdt|rdt-2'),
		).toBe(true);
		expect(clockOf().now()).toBeGreaterThan(0);
	});
});
