import { gzipSync } from 'node:zlib';

import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { CANCEL_REASONS } from '../../../nodes/AmazonSellingPartner/constants';
import {
	AMAZON_BASE,
	BR_UNSHIPPED,
	JP_FBA,
	S3_BASE,
	SELLER_ID,
	TR_SHIPPED,
	US_UNSHIPPED,
	calls,
	exampleOrder,
	header,
	mockFeedLifecycle,
	mockLwa,
	modelViolations,
	xmlReport,
	useUnitSetup,
} from '../../helpers/amazon.mts';
import { runNode, runNodeError } from './run.mts';

const clockOf = useUnitSetup();

function serveOrders(...ids: string[]) {
	for (const id of ids)
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${id}`)
			.query(true)
			.reply(200, { order: exampleOrder(id) });
}

const cancel = (params: Record<string, unknown> = {}) => ({
	resource: 'order',
	operation: 'cancel',
	orderId: BR_UNSHIPPED,
	orderItemIds: '',
	reason: 'NoInventory',
	options: {},
	...params,
});

describe('order: cancel (POST_ORDER_ACKNOWLEDGEMENT_DATA)', () => {
	it('runs the whole feed lifecycle: document, upload to the pre-signed URL without the token, feed, polling, report', async () => {
		mockLwa();
		serveOrders(BR_UNSHIPPED);
		const { uploads, created } = mockFeedLifecycle({
			feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
			report: xmlReport(1, []),
		});
		const { items, fake } = await runNode(cancel());
		expect(calls(fake.http).filter((c) => !c.includes('/auth/'))).toEqual([
			`GET /orders/2026-01-01/orders/${BR_UNSHIPPED}`,
			'POST /feeds/2021-06-30/documents',
			'PUT /feed-upload',
			'POST /feeds/2021-06-30/feeds',
			'GET /feeds/2021-06-30/feeds/50001',
			'GET /feeds/2021-06-30/feeds/50001',
			'GET /feeds/2021-06-30/documents/amzn1.tortuga.doc.out',
			'GET /feed-report',
		]);
		expect(modelViolations(fake.http)).toEqual([]);
		// the S3 calls never carry the access token
		for (const s3 of fake.http.filter((h) => h.url.startsWith(S3_BASE)))
			expect(header(s3, 'x-amz-access-token')).toBeUndefined();
		const put = fake.http.find((h) => h.method === 'PUT')!;
		expect(header(put, 'content-type')).toBe('text/xml; charset=UTF-8');
		const createDocument = fake.http.find((h) => h.url.endsWith('/feeds/2021-06-30/documents'))!;
		expect(createDocument.body).toEqual({ contentType: 'text/xml; charset=UTF-8' });
		expect(created).toEqual([
			{
				feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
				marketplaceIds: ['A2Q3Y263D00KWC'],
				inputFeedDocumentId: 'amzn1.tortuga.doc.in',
			},
		]);
		expect(uploads[0]).toContain(`<MerchantIdentifier>${SELLER_ID}</MerchantIdentifier>`);
		expect(uploads[0]).toContain('<MessageType>OrderAcknowledgement</MessageType>');
		expect(uploads[0]).toContain(
			`<AmazonOrderID>${BR_UNSHIPPED}</AmazonOrderID><StatusCode>Failure</StatusCode><Item><AmazonOrderItemCode>17198765432109</AmazonOrderItemCode><CancelReason>NoInventory</CancelReason></Item>`,
		);
		expect(items[0].json).toMatchObject({
			orderId: BR_UNSHIPPED,
			status: 'cancelled',
			reason: 'NoInventory',
			lines: [{ lineId: '17198765432109' }],
			feed: {
				feedId: '50001',
				processingStatus: 'DONE',
				messagesProcessed: 1,
				messagesAccepted: 1,
				messagesInvalid: 0,
			},
		});
		// polled after 2 s (IN_PROGRESS), then done
		expect(clockOf().sleeps).toEqual([2000]);
	});

	it('cancels many orders with one feed and maps each processing result back to its input item', async () => {
		mockLwa();
		serveOrders(BR_UNSHIPPED, US_UNSHIPPED);
		const { uploads } = mockFeedLifecycle({
			feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
			report: gzipSync(
				xmlReport(2, [
					{ messageId: 2, code: 'Error', description: 'The order is already shipped.' },
				]),
			),
			compressed: true,
		});
		const ids = [BR_UNSHIPPED, US_UNSHIPPED];
		const { items } = await runNode(cancel({ orderId: (i: number) => ids[i] }), {
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(uploads).toHaveLength(1);
		expect(uploads[0].match(/<Message>/g)).toHaveLength(2);
		expect(items[0].json).toMatchObject({ orderId: BR_UNSHIPPED, status: 'cancelled' });
		expect(items[1].json.error).toContain(
			'Amazon rejected the request to cancel order 114-9876543-1234567: 18028: The order is already shipped.',
		);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('fails the item (not the others) without Continue On Fail and says which were applied', async () => {
		mockLwa();
		serveOrders(BR_UNSHIPPED, US_UNSHIPPED);
		mockFeedLifecycle({
			feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
			report: xmlReport(2, [{ messageId: 1, code: 'Error', description: 'Invalid CancelReason' }]),
		});
		const ids = [BR_UNSHIPPED, US_UNSHIPPED];
		const { error } = await runNodeError(cancel({ orderId: (i: number) => ids[i] }), {
			items: [{ json: {} }, { json: {} }],
		});
		expect(error.message).toBe('1 of 2 cancellations failed; the other 1 were applied');
		expect(error.description).toContain(
			'item 0: Amazon rejected the request to cancel order 171-9876543-2109876: 18028: Invalid CancelReason',
		);
	});

	it('returns the feed as submitted without waiting when asked', async () => {
		mockLwa();
		serveOrders(BR_UNSHIPPED);
		nock(AMAZON_BASE)
			.post('/feeds/2021-06-30/documents')
			.reply(201, { feedDocumentId: 'doc-1', url: `${S3_BASE}/feed-upload?sig=1` })
			.post('/feeds/2021-06-30/feeds')
			.reply(202, { feedId: '777' });
		nock(S3_BASE).put('/feed-upload').query(true).reply(200);
		const { items } = await runNode(cancel({ options: { waitForProcessing: false } }));
		expect(items[0].json).toMatchObject({
			status: 'submitted',
			feed: { feedId: '777', processingStatus: 'SUBMITTED' },
		});
	});

	it('refuses FBA orders, shipped orders and unknown items before sending a feed', async () => {
		mockLwa(3);
		serveOrders(JP_FBA, TR_SHIPPED, BR_UNSHIPPED);
		const fba = await runNodeError(cancel({ orderId: JP_FBA }));
		expect(fba.error.message).toContain('Amazon fulfils and cancels FBA orders itself');
		const shipped = await runNode(cancel({ orderId: TR_SHIPPED }));
		expect(shipped.items[0].json).toMatchObject({
			status: 'nothing_to_cancel',
			fulfillmentStatus: 'SHIPPED',
		});
		const unknown = await runNodeError(cancel({ orderItemIds: '123' }));
		expect(unknown.error.message).toContain(
			'Invalid value for "Order Item IDs" (orderItemIds): got "123". Allowed: item IDs of order 171-9876543-2109876: 17198765432109',
		);
		for (const run of [fba.fake, shipped.fake, unknown.fake])
			expect(run.http.some((h) => h.url.includes('/feeds/'))).toBe(false);
	});

	it('refuses more than 1000 orders in one run before any request', async () => {
		const { error, fake } = await runNodeError(cancel(), {
			items: Array.from({ length: 1001 }, () => ({ json: {} })),
		});
		expect(error.message).toContain('At most 1000 orders per run, got 1001');
		expect(fake.http).toHaveLength(0);
	});

	it('validates the reason against the (unverified, one-constant) CancelReason list', async () => {
		const { error, fake } = await runNodeError(cancel({ reason: 'OutOfStock' }));
		expect(error.message).toContain(`Allowed: one of ${CANCEL_REASONS.join(', ')}`);
		expect(fake.http).toHaveLength(0);
	});

	it('fails every item of a FATAL feed with the report text', async () => {
		mockLwa();
		serveOrders(BR_UNSHIPPED);
		mockFeedLifecycle({
			feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
			status: 'FATAL',
			report: xmlReport(0, [{ messageId: 0, code: 'Error', description: 'XML parsing error' }]),
		});
		const { error } = await runNodeError(cancel());
		expect(error.message).toContain(
			'Amazon did not process the POST_ORDER_ACKNOWLEDGEMENT_DATA feed 50001 (FATAL): could not cancel order 171-9876543-2109876',
		);
		expect(error.description).toBe('18028: XML parsing error');
	});
});

const refund = (items: unknown, params: Record<string, unknown> = {}) => ({
	resource: 'refund',
	operation: 'create',
	orderId: US_UNSHIPPED,
	reason: 'CustomerReturn',
	items: JSON.stringify(items),
	options: {},
	...params,
});

describe('refund: create (POST_PAYMENT_ADJUSTMENT_DATA)', () => {
	it('sends the amounts per item with the adjustment reason in the order currency', async () => {
		mockLwa();
		serveOrders(US_UNSHIPPED);
		const { uploads, created } = mockFeedLifecycle({
			feedType: 'POST_PAYMENT_ADJUSTMENT_DATA',
			report: xmlReport(1, []),
		});
		const { items, fake } = await runNode(
			refund([{ lineId: '11498765431234', principal: 39.99, tax: 10 }]),
		);
		expect(modelViolations(fake.http)).toEqual([]);
		expect(created[0]).toMatchObject({
			feedType: 'POST_PAYMENT_ADJUSTMENT_DATA',
			marketplaceIds: ['ATVPDKIKX0DER'],
		});
		expect(uploads[0]).toContain('<MessageType>OrderAdjustment</MessageType>');
		expect(uploads[0]).toContain(
			'<AdjustedItem><AmazonOrderItemCode>11498765431234</AmazonOrderItemCode><AdjustmentReason>CustomerReturn</AdjustmentReason><ItemPriceAdjustments><Component><Type>Principal</Type><Amount currency="USD">39.99</Amount></Component><Component><Type>Tax</Type><Amount currency="USD">10.00</Amount></Component></ItemPriceAdjustments></AdjustedItem>',
		);
		expect(items[0].json).toMatchObject({
			orderId: US_UNSHIPPED,
			status: 'refunded',
			currency: 'USD',
			total: 49.99,
			lines: [{ lineId: '11498765431234', principal: 39.99, tax: 10 }],
		});
	});

	it('takes amounts in cents that binary floating point does not hold exactly (17.90, 0.07)', async () => {
		mockLwa();
		serveOrders(US_UNSHIPPED);
		const { uploads } = mockFeedLifecycle({
			feedType: 'POST_PAYMENT_ADJUSTMENT_DATA',
			report: xmlReport(1, []),
		});
		const { items } = await runNode(
			refund([{ lineId: '11498765431234', principal: 17.9, tax: 0.07 }]),
		);
		expect(uploads[0]).toContain('<Type>Principal</Type><Amount currency="USD">17.90</Amount>');
		expect(uploads[0]).toContain('<Type>Tax</Type><Amount currency="USD">0.07</Amount>');
		expect(items[0].json).toMatchObject({ status: 'refunded', total: 17.97 });
	});

	it('finds the item by Seller SKU', async () => {
		mockLwa();
		serveOrders(US_UNSHIPPED);
		const { uploads } = mockFeedLifecycle({
			feedType: 'POST_PAYMENT_ADJUSTMENT_DATA',
			report: xmlReport(1, []),
		});
		await runNode(
			refund([{ sku: 'ECHO-POP-US-BLK', principal: 5 }], { reason: 'GeneralAdjustment' }),
		);
		expect(uploads[0]).toContain(
			'<AmazonOrderItemCode>11498765431234</AmazonOrderItemCode><AdjustmentReason>GeneralAdjustment</AdjustmentReason>',
		);
	});

	it('with "Cap at What Was Paid" lowers an amount above what the buyer paid to it and says so', async () => {
		mockLwa();
		serveOrders(US_UNSHIPPED);
		const { uploads } = mockFeedLifecycle({
			feedType: 'POST_PAYMENT_ADJUSTMENT_DATA',
			report: xmlReport(1, []),
		});
		// a store that rounded the line price up by a cent
		const { items } = await runNode(
			refund([{ lineId: '11498765431234', principal: 40 }], { options: { capAtPaid: true } }),
		);
		expect(uploads[0]).toContain('<Type>Principal</Type><Amount currency="USD">39.99</Amount>');
		expect(items[0].json).toMatchObject({
			status: 'refunded',
			total: 39.99,
			lines: [{ lineId: '11498765431234', principal: 39.99, capped: { principal: 40 } }],
		});
	});

	it('refuses amounts above what the buyer paid, negative or zero refunds and unknown fields, before any feed', async () => {
		const cases: Array<[unknown, string]> = [
			[
				[{ lineId: '11498765431234', principal: 50 }],
				'at most 39.99, what the buyer paid for item 11498765431234',
			],
			[
				[{ lineId: '11498765431234', principal: -1 }],
				'Invalid value for "Items to Refund (JSON)" (items[].principal): got -1',
			],
			[[{ lineId: '11498765431234', principal: 0 }], 'an amount above 0 for item 11498765431234'],
			[[{ lineId: '11498765431234', principal: 1.005 }], 'an amount with at most two decimals'],
			[[{ lineId: '11498765431234', price: 3 }], 'unknown: price'],
			[
				[{ lineId: '999', principal: 3 }],
				'items of order 114-9876543-1234567 by lineId (11498765431234) or Seller SKU',
			],
		];
		mockLwa(cases.length);
		for (const [entries, message] of cases) {
			serveOrders(US_UNSHIPPED);
			const { error, fake } = await runNodeError(refund(entries));
			expect(error.message).toContain(message);
			expect(fake.http.some((h) => h.url.includes('/feeds/'))).toBe(false);
		}
		const { error, fake } = await runNodeError(refund('not json', { items: 'not json' }));
		expect(error.message).toContain('a JSON array like');
		expect(fake.http).toHaveLength(0);
	});
});

describe('feed: get', () => {
	it('returns the status and the parsed JSON processing report of a listings feed', async () => {
		mockLwa();
		const report = {
			header: { sellerId: SELLER_ID, version: '2.0', feedId: '42' },
			issues: [
				{
					messageId: 2,
					sku: 'SKU-2',
					code: '90220',
					severity: 'ERROR',
					message: "'fulfillment_availability' is invalid",
					attributeName: 'fulfillment_availability',
				},
			],
			summary: {
				errors: 1,
				warnings: 0,
				messagesProcessed: 2,
				messagesAccepted: 1,
				messagesInvalid: 1,
			},
		};
		nock(AMAZON_BASE)
			.get('/feeds/2021-06-30/feeds/42')
			.reply(200, {
				feedId: '42',
				feedType: 'JSON_LISTINGS_FEED',
				createdTime: '2026-11-23T09:00:00Z',
				processingStatus: 'DONE',
				resultFeedDocumentId: 'doc-42',
			})
			.get('/feeds/2021-06-30/documents/doc-42')
			.reply(200, { feedDocumentId: 'doc-42', url: `${S3_BASE}/r42?sig=1` });
		nock(S3_BASE)
			.get('/r42')
			.query(true)
			.reply(200, JSON.stringify(report), { 'Content-Type': 'application/json; charset=utf-8' });
		const { items, fake } = await runNode({
			resource: 'feed',
			operation: 'get',
			feedId: '42',
			options: {},
		});
		expect(modelViolations(fake.http)).toEqual([]);
		expect(items[0].json).toMatchObject({
			feedId: '42',
			processingStatus: 'DONE',
			finished: true,
			report: {
				format: 'json',
				processed: 2,
				accepted: 1,
				invalid: 1,
				issues: [
					{
						messageId: 2,
						sku: 'SKU-2',
						severity: 'ERROR',
						code: '90220',
						attributeName: 'fulfillment_availability',
					},
				],
			},
		});
	});

	it('waits for a feed when asked, backing off between polls', async () => {
		mockLwa();
		const states = ['IN_QUEUE', 'IN_PROGRESS', 'IN_PROGRESS', 'CANCELLED'];
		for (const processingStatus of states) {
			nock(AMAZON_BASE).get('/feeds/2021-06-30/feeds/43').reply(200, {
				feedId: '43',
				feedType: 'JSON_LISTINGS_FEED',
				createdTime: '2026-11-23T09:00:00Z',
				processingStatus,
			});
		}
		const { items } = await runNode({
			resource: 'feed',
			operation: 'get',
			feedId: '43',
			options: { waitForProcessing: true },
		});
		expect(items[0].json).toMatchObject({ processingStatus: 'CANCELLED', finished: true });
		expect(items[0].json.report).toBeUndefined();
		expect(clockOf().sleeps).toEqual([2000, 4000, 8000]);
	});
});

describe('refund: create, capped against what the buyer paid', () => {
	it('refuses tax above the tax paid, and a refund above the whole line (goodwill included), before any feed', async () => {
		const cases: Array<[unknown, string]> = [
			[
				[{ lineId: '11498765431234', principal: 10, tax: 11 }],
				'at most 10.00, what the buyer paid for item 11498765431234 (tax)',
			],
			[
				[{ lineId: '11498765431234', principal: 39.99, tax: 10, goodwill: 5 }],
				'at most 49.99, what the buyer paid for item 11498765431234 (all of it, tax included)',
			],
		];
		mockLwa(cases.length);
		for (const [entries, message] of cases) {
			serveOrders(US_UNSHIPPED);
			const { error, fake } = await runNodeError(refund(entries));
			expect(error.message).toContain(message);
			expect(fake.http.some((h) => h.url.includes('/feeds/'))).toBe(false);
		}
	});

	it('with "Cap at What Was Paid" lowers goodwill to what is left of the line', async () => {
		mockLwa();
		serveOrders(US_UNSHIPPED);
		const { uploads } = mockFeedLifecycle({
			feedType: 'POST_PAYMENT_ADJUSTMENT_DATA',
			report: xmlReport(1, []),
		});
		const { items } = await runNode(
			refund([{ lineId: '11498765431234', principal: 39.99, tax: 10, goodwill: 5 }], {
				options: { capAtPaid: true },
			}),
		);
		expect(uploads[0]).not.toContain('<Type>Goodwill</Type>');
		expect(items[0].json).toMatchObject({
			status: 'refunded',
			total: 49.99,
			lines: [{ lineId: '11498765431234', goodwill: 0, capped: { goodwill: 5 } }],
		});
	});

	it('refuses to refund a line Amazon gives no price breakdown for, rather than sending an unchecked amount', async () => {
		mockLwa();
		const order = exampleOrder(US_UNSHIPPED);
		delete order.orderItems[0].proceeds;
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${US_UNSHIPPED}`)
			.query(true)
			.reply(200, { order });
		const { error, fake } = await runNodeError(refund([{ lineId: '11498765431234', shipping: 5 }]));
		expect(error.message).toContain(
			'has none for item 11498765431234, so the refund cannot be checked against what the buyer paid and is not sent',
		);
		expect(fake.http.some((h) => h.url.includes('/feeds/'))).toBe(false);
	});
});

describe('feeds on the job runner', () => {
	function feedCreated(feedId = '50001') {
		nock(AMAZON_BASE)
			.post('/feeds/2021-06-30/documents')
			.reply(201, { feedDocumentId: 'doc-1', url: `${S3_BASE}/feed-upload?sig=1` })
			.post('/feeds/2021-06-30/feeds')
			.reply(202, { feedId });
		nock(S3_BASE).put('/feed-upload').query(true).reply(200);
	}

	it('keeps the feed id when the status poll fails after the feed was created', async () => {
		mockLwa();
		serveOrders(US_UNSHIPPED);
		feedCreated();
		nock(AMAZON_BASE)
			.get('/feeds/2021-06-30/feeds/50001')
			.reply(400, { errors: [{ code: 'InvalidInput', message: 'Bad feed' }] });
		const { items } = await runNode(refund([{ lineId: '11498765431234', principal: 5 }]), {
			continueOnFail: true,
		});
		expect(items[0].json.feedId).toBe('50001');
		expect(items[0].json.error).toContain('Could not read the status of feed 50001');
		expect(items[0].json.errorDescription).toContain(
			'The request was sent and may have been applied',
		);
	});

	it('reports a feed still in progress after the wait as submitted with its id, never as done', async () => {
		mockLwa();
		serveOrders(BR_UNSHIPPED);
		feedCreated('50009');
		nock(AMAZON_BASE).get('/feeds/2021-06-30/feeds/50009').times(30).reply(200, {
			feedId: '50009',
			feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
			createdTime: '2026-11-23T10:00:00Z',
			processingStatus: 'IN_PROGRESS',
		});
		const { items } = await runNode(cancel({ options: { processingTimeout: 10 } }));
		expect(items[0].json).toMatchObject({
			status: 'submitted',
			feed: { feedId: '50009', processingStatus: 'IN_PROGRESS' },
		});
	});
});
