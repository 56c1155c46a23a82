import nock from 'nock';
import { describe, expect, it } from 'vitest';

import {
	AMAZON_BASE,
	BR_UNSHIPPED,
	DE,
	JP_FBA,
	SELLER_ID,
	TR_SHIPPED,
	exampleOrder,
	mockFeedLifecycle,
	mockLwa,
	modelViolations,
	useUnitSetup,
} from '../../helpers/amazon.mts';
import {
	listingsFeedProblems,
	processingReportProblems,
} from '../../../sandbox/emulators/amazon/spec.mts';
import { runNode, runNodeError } from './run.mts';

useUnitSetup();

function twoItemOrder() {
	const order = exampleOrder(BR_UNSHIPPED);
	order.orderItems[0].quantityOrdered = 3;
	order.orderItems[0].fulfillment = { quantityFulfilled: 1, quantityUnfulfilled: 2 };
	order.orderItems.push({
		...structuredClone(order.orderItems[0]),
		orderItemId: '17198765432110',
		quantityOrdered: 1,
		fulfillment: { quantityFulfilled: 0, quantityUnfulfilled: 1 },
		product: { ...order.orderItems[0].product, sellerSku: 'CABLE-1' },
	});
	order.fulfillment.fulfillmentStatus = 'PARTIALLY_SHIPPED';
	order.packages = [{ packageReferenceId: '1' }];
	return order;
}

/** Serves the order and records the body of its confirmShipment. */
function serveShipment(order: Record<string, any>): () => any {
	let body: any;
	nock(AMAZON_BASE)
		.get(`/orders/2026-01-01/orders/${order.orderId}`)
		.query(true)
		.reply(200, { order })
		.post(`/orders/v0/orders/${order.orderId}/shipmentConfirmation`, (b) => ((body = b), true))
		.reply(204);
	return () => body;
}

const ship = (params: Record<string, unknown> = {}) => ({
	resource: 'shipment',
	operation: 'create',
	orderId: BR_UNSHIPPED,
	itemsMode: 'allOpen',
	carrier: 'DHL',
	trackingNumber: '00340434161234567890',
	shippingMethod: '',
	shipDate: '2026-11-23T09:00:00Z',
	options: {},
	...params,
});

describe('shipment: create (confirmShipment)', () => {
	it('confirms every open item with the order marketplace, a known carrier code and the next package number', async () => {
		mockLwa();
		const body = serveShipment(twoItemOrder());
		const { items, fake } = await runNode(
			ship({ carrier: 'dhl parcel', shippingMethod: 'DHL Paket' }),
		);
		expect(modelViolations(fake.http)).toEqual([]);
		expect(body()).toEqual({
			marketplaceId: 'A2Q3Y263D00KWC',
			packageDetail: {
				packageReferenceId: '2',
				carrierCode: 'DHL',
				carrierName: 'dhl parcel',
				shippingMethod: 'DHL Paket',
				trackingNumber: '00340434161234567890',
				shipDate: '2026-11-23T09:00:00.000Z',
				orderItems: [
					{ orderItemId: '17198765432109', quantity: 2 },
					{ orderItemId: '17198765432110', quantity: 1 },
				],
			},
		});
		expect(items[0].json).toMatchObject({
			orderId: BR_UNSHIPPED,
			status: 'shipped',
			carrierCode: 'DHL',
			packageReferenceId: '2',
		});
	});

	it('uses the Koongo defaults for an unknown carrier: the Default Shipping Service code, the Default Order Shipping Method as name and method', async () => {
		mockLwa();
		const body = serveShipment(exampleOrder(BR_UNSHIPPED));
		await runNode(
			ship({
				carrier: 'Koerier Jansen',
				shipDate: '',
				options: { defaultShippingMethod: 'DHL DE', defaultCarrierCode: 'Other' },
			}),
		);
		expect(body().packageDetail).toMatchObject({
			carrierCode: 'Other',
			carrierName: 'DHL DE',
			shippingMethod: 'DHL DE',
			shipDate: '2026-11-23T10:00:00.000Z',
			packageReferenceId: '1',
		});
	});

	it('maps store carriers through the Carrier Mapping first, and ships listed items by SKU with quantities', async () => {
		mockLwa();
		const body = serveShipment(twoItemOrder());
		await runNode(
			ship({
				carrier: 'Post',
				itemsMode: 'list',
				items: '[{"sku": "ECHO-DOT-4-BR-PRETO", "quantity": 1}]',
				options: {
					carrierMapping: { mapping: [{ storeCarrier: 'post', carrierCode: 'Correios' }] },
				},
			}),
		);
		expect(body().packageDetail).toMatchObject({
			carrierCode: 'Correios',
			orderItems: [{ orderItemId: '17198765432109', quantity: 1 }],
		});
	});

	it('refuses what Amazon would refuse, before confirming: FBA and shipped orders, too many units, Other without a name', async () => {
		mockLwa(4);
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${JP_FBA}`)
			.query(true)
			.reply(200, { order: exampleOrder(JP_FBA) })
			.get(`/orders/2026-01-01/orders/${TR_SHIPPED}`)
			.query(true)
			.reply(200, { order: exampleOrder(TR_SHIPPED) })
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.reply(200, { order: twoItemOrder() });
		const fba = await runNodeError(ship({ orderId: JP_FBA }));
		expect(fba.error.message).toContain('Amazon ships FBA orders itself');
		const shipped = await runNodeError(ship({ orderId: TR_SHIPPED }));
		expect(shipped.error.message).toContain('UNSHIPPED or PARTIALLY_SHIPPED (this one is SHIPPED');
		const tooMany = await runNodeError(
			ship({ itemsMode: 'list', items: [{ lineId: '17198765432109', quantity: 3 }] }),
		);
		expect(tooMany.error.message).toContain(
			'Invalid value for "Items to Ship (JSON)" (items[].quantity): got 3. Allowed: a whole number from 1 to 2',
		);
		const noName = await runNodeError(ship({ carrier: '', options: {} }));
		expect(noName.error.message).toContain('Amazon needs one when the carrier code is Other');
		expect(noName.fake.http).toHaveLength(0);
		for (const run of [fba, shipped, tooMany])
			expect(run.fake.http.some((h) => h.url.includes('shipmentConfirmation'))).toBe(false);
		const noTracking = await runNodeError(ship({ trackingNumber: '' }));
		expect(noTracking.error.message).toContain(
			'Invalid value for "Tracking Number" (trackingNumber)',
		);
	});

	it('checks the listed items before any request: JSON, identifiers Amazon lines carry, quantities', async () => {
		const badJson = await runNodeError(ship({ itemsMode: 'list', items: '[{lineId: 1}]' }));
		expect(badJson.error.message).toContain(
			'Invalid value for "Items to Ship (JSON)" (items): got "[{lineId: 1}]". Allowed: a JSON array like [{"lineId": "...", "quantity": 1}]',
		);
		const byEan = await runNodeError(
			ship({ itemsMode: 'list', items: [{ ean: '8712345678906' }] }),
		);
		expect(byEan.error.message).toContain(
			'Allowed: items that each have a lineId or sku (these lines carry no ean)',
		);
		const zero = await runNodeError(
			ship({ itemsMode: 'list', items: [{ lineId: '17198765432109', quantity: 0 }] }),
		);
		expect(zero.error.message).toContain('(items[].quantity): got 0');
		for (const run of [badJson, byEan, zero]) expect(run.fake.http).toHaveLength(0);
	});

	it('names an unknown item and lists the lines of the order', async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.reply(200, { order: twoItemOrder() });
		const { error } = await runNodeError(
			ship({ itemsMode: 'list', items: [{ sku: 'NOT-IN-ORDER' }] }),
		);
		expect(error.message).toContain(
			'(items[].sku): got "NOT-IN-ORDER". Allowed: a sku of a line of order 171-9876543-2109876: 17198765432109 (sku ECHO-DOT-4-BR-PRETO, 2 open); 17198765432110 (sku CABLE-1, 1 open)',
		);
	});

	it('recognises Amazon carrier codes typed with dots, dashes or accents', async () => {
		mockLwa();
		const body = serveShipment(exampleOrder(BR_UNSHIPPED));
		await runNode(ship({ carrier: 'royal.mail' }));
		expect(body().packageDetail).toMatchObject({ carrierCode: 'Royal Mail' });
	});

	it('names a half-filled Carrier Mapping row before any request', async () => {
		const { error, fake } = await runNodeError(
			ship({
				options: { carrierMapping: { mapping: [{ storeCarrier: 'Post', carrierCode: '' }] } },
			}),
		);
		expect(error.message).toContain(
			'"Carrier Mapping row 1: Amazon Carrier Code" (options.carrierMapping.mapping[0].carrierCode)',
		);
		expect(fake.http).toHaveLength(0);
	});

	it("surfaces Amazon's error body when it refuses the confirmation", async () => {
		mockLwa();
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.reply(200, { order: exampleOrder(BR_UNSHIPPED) })
			.post(`/orders/v0/orders/${BR_UNSHIPPED}/shipmentConfirmation`)
			.reply(400, {
				errors: [
					{
						code: 'InvalidInput',
						message: 'Invalid Input',
						details: 'carrierCode is not supported in this marketplace',
					},
				],
			});
		const { error } = await runNodeError(ship());
		expect(error.message).toContain(
			'(400): InvalidInput: Invalid Input (carrierCode is not supported in this marketplace)',
		);
	});
});

const stock = (params: Record<string, unknown> = {}) => ({
	resource: 'stock',
	operation: 'update',
	sku: 'SKU-1',
	quantity: 7,
	options: {},
	...params,
});

describe('stock: update', () => {
	it('updates one SKU through the Listings Items API with the product type of the listing', async () => {
		mockLwa();
		let patch: any;
		let patchQuery: Record<string, string> = {};
		nock(AMAZON_BASE)
			.get(`/listings/2021-08-01/items/${SELLER_ID}/SKU%201`)
			.query({ marketplaceIds: DE, includedData: 'summaries,fulfillmentAvailability' })
			.reply(200, {
				sku: 'SKU 1',
				summaries: [{ marketplaceId: DE, productType: 'LUGGAGE', asin: 'B0000001' }],
				fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 2 }],
			})
			.patch(`/listings/2021-08-01/items/${SELLER_ID}/SKU%201`, (b) => ((patch = b), true))
			.query((q) => ((patchQuery = q as Record<string, string>), true))
			.reply(200, {
				sku: 'SKU 1',
				status: 'ACCEPTED',
				submissionId: 'f1dc2914-75dd-11ea-bc55-0242ac130003',
				issues: [],
			});
		const { items, fake } = await runNode(stock({ sku: 'SKU 1' }));
		expect(modelViolations(fake.http)).toEqual([]);
		expect(patchQuery).toEqual({ marketplaceIds: DE, includedData: 'issues' });
		expect(patch).toEqual({
			productType: 'LUGGAGE',
			patches: [
				{
					op: 'merge',
					path: '/attributes/fulfillment_availability',
					value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }],
				},
			],
		});
		expect(items[0].json).toMatchObject({
			sku: 'SKU 1',
			quantity: 7,
			method: 'listings',
			status: 'accepted',
			submissionId: 'f1dc2914-75dd-11ea-bc55-0242ac130003',
		});
	});

	it('says FBA stock is read-only: for an FBA channel code before any call, and for an FBA-only listing before the PATCH', async () => {
		const channel = await runNodeError(stock({ options: { fulfillmentChannelCode: 'AMAZON_EU' } }));
		expect(channel.error.message).toContain('Amazon-fulfilled (FBA) stock');
		expect(channel.error.message).toContain('read-only');
		expect(channel.fake.http).toHaveLength(0);
		mockLwa();
		nock(AMAZON_BASE)
			.get(`/listings/2021-08-01/items/${SELLER_ID}/SKU-1`)
			.query(true)
			.reply(200, {
				sku: 'SKU-1',
				fulfillmentAvailability: [{ fulfillmentChannelCode: 'AMAZON_EU', quantity: 12 }],
			});
		const listing = await runNodeError(stock());
		expect(listing.error.message).toContain('read-only');
		expect(listing.error.message).toContain('fulfilled through AMAZON_EU');
		expect(listing.fake.http.some((h) => h.method === 'PATCH')).toBe(false);
	});

	it("reports a missing listing and an INVALID submission with Amazon's issues", async () => {
		mockLwa(2);
		nock(AMAZON_BASE)
			.get(`/listings/2021-08-01/items/${SELLER_ID}/SKU-1`)
			.query(true)
			.reply(404, { errors: [{ code: 'NOT_FOUND', message: 'SKU not found' }] });
		const missing = await runNodeError(stock());
		expect(missing.error.message).toContain(
			'the SKU of one of your listings in marketplace A1PA6795UKMFR9 (Amazon has none)',
		);
		nock(AMAZON_BASE)
			.get(`/listings/2021-08-01/items/${SELLER_ID}/SKU-1`)
			.query(true)
			.reply(200, { sku: 'SKU-1', summaries: [{ marketplaceId: DE, productType: 'SHOES' }] })
			.patch(`/listings/2021-08-01/items/${SELLER_ID}/SKU-1`)
			.query(true)
			.reply(200, {
				sku: 'SKU-1',
				status: 'INVALID',
				submissionId: 'a1c5',
				issues: [
					{
						code: '90000900',
						message: 'The attributes are invalid.',
						severity: 'ERROR',
						attributeNames: ['fulfillment_availability'],
						categories: ['INVALID_ATTRIBUTE'],
					},
				],
			});
		const invalid = await runNodeError(stock());
		expect(invalid.error.message).toContain(
			'Amazon answered INVALID: 90000900: The attributes are invalid. (fulfillment_availability)',
		);
	});

	it("sends more SKUs than the threshold as one JSON_LISTINGS_FEED and returns each SKU's result from the report", async () => {
		mockLwa();
		const skus = ['A-1', 'A-2', 'A-3'];
		const report = {
			header: { sellerId: SELLER_ID, version: '2.0', feedId: '50001' },
			issues: [
				{
					messageId: 2,
					sku: 'A-2',
					code: '8560',
					severity: 'ERROR',
					message: 'SKU A-2 does not exist in the Amazon catalog.',
				},
				{
					messageId: 3,
					sku: 'A-3',
					code: '99022',
					severity: 'WARNING',
					message: 'The handling time was kept.',
				},
			],
			summary: {
				errors: 1,
				warnings: 1,
				messagesProcessed: 3,
				messagesAccepted: 2,
				messagesInvalid: 1,
			},
		};
		expect(processingReportProblems(report)).toEqual([]);
		const { uploads, created } = mockFeedLifecycle({
			feedType: 'JSON_LISTINGS_FEED',
			report: JSON.stringify(report),
			contentType: 'application/json',
		});
		const { items, fake } = await runNode(
			stock({
				sku: (i: number) => skus[i],
				quantity: (i: number) => i * 5,
				options: { feedThreshold: 2 },
			}),
			{
				items: skus.map(() => ({ json: {} })),
				continueOnFail: true,
			},
		);
		expect(modelViolations(fake.http)).toEqual([]);
		expect(created[0]).toMatchObject({ feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [DE] });
		const document = JSON.parse(uploads[0]);
		expect(listingsFeedProblems(document)).toEqual([]);
		expect(document.header).toEqual({ sellerId: SELLER_ID, version: '2.0', issueLocale: 'en_US' });
		expect(
			document.messages.map((m: any) => [
				m.messageId,
				m.sku,
				m.operationType,
				m.productType,
				m.patches[0].value[0].quantity,
			]),
		).toEqual([
			[1, 'A-1', 'PATCH', 'PRODUCT', 0],
			[2, 'A-2', 'PATCH', 'PRODUCT', 5],
			[3, 'A-3', 'PATCH', 'PRODUCT', 10],
		]);
		expect(items[0].json).toMatchObject({
			sku: 'A-1',
			method: 'feed',
			status: 'accepted',
			feed: { feedId: '50001', processingStatus: 'DONE' },
		});
		expect(items[1].json.error).toContain('8560: SKU A-2 does not exist in the Amazon catalog.');
		expect(items[2].json).toMatchObject({
			sku: 'A-3',
			status: 'accepted',
			warnings: [{ severity: 'WARNING', code: '99022' }],
		});
		// no per-SKU listing calls in feed mode
		expect(fake.http.some((h) => h.url.includes('/listings/'))).toBe(false);
	});

	it('refuses duplicate SKUs, negative quantities and lower-case product types before any call', async () => {
		const dup = await runNodeError(stock({ sku: 'SAME' }), { items: [{ json: {} }, { json: {} }] });
		expect(dup.error.description).toContain(
			'each SKU once per run (input item 0 updates it already)',
		);
		const negative = await runNodeError(stock({ quantity: -1 }));
		expect(negative.error.message).toContain('Invalid value for "Quantity" (quantity): got -1');
		const type = await runNodeError(stock({ options: { productType: 'shoes' } }));
		expect(type.error.message).toContain('"Product Type" (options.productType)');
		for (const run of [negative, type]) expect(run.fake.http).toHaveLength(0);
	});
});
