/**
 * The Amazon emulator's own tests, over raw HTTP: LWA, token checks, the models' validation, orders with PII behind
 * RDT, confirmShipment, listings, the feeds lifecycle with pre-signed S3 documents, the returns report and the
 * per-operation token buckets. Every service here runs with the response self-check: answers must match the models.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
	AMAZON_DEFAULT_TOKEN_FORM,
	AMAZON_DEFAULT_REFRESH_TOKEN,
	AMAZON_DEFAULT_SELLER_ID,
	amazonService,
} from '../../sandbox/emulators/amazon/index.mts';
import {
	AMAZON_MODELS,
	AMAZON_SCHEMAS,
	amazonSpecPath,
	processingReportProblems,
	sandboxExamples,
} from '../../sandbox/emulators/amazon/spec.mts';
import type { RunningService } from '../../sandbox/emulators/core/server.mts';
import { admin, call, start, type Json } from './helpers.mts';

const NL = 'A1805IZSGTT6HS';
let service: RunningService;
let url: string;

beforeAll(async () => {
	service = await start(amazonService(), { seed: 7 });
	url = service.url;
});
afterAll(async () => {
	await service?.stop();
});
beforeEach(async () => {
	await admin(url, 'POST', 'reset', {});
});

async function lwa(
	form: Record<string, string>,
	contentType = 'application/x-www-form-urlencoded',
) {
	return await call(`${url}/auth/o2/token`, {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: new URLSearchParams(form).toString(),
	});
}

const GOOD = AMAZON_DEFAULT_TOKEN_FORM;

async function token(): Promise<string> {
	const res = await lwa(GOOD);
	expect(res.status).toBe(200);
	return res.body.access_token as string;
}

async function rdt(
	access: string,
	path: string,
	dataElements = ['buyerInfo', 'shippingAddress'],
): Promise<string> {
	const res = await api(access, 'POST', '/tokens/2021-03-01/restrictedDataToken', {
		restrictedResources: [{ method: 'GET', path, dataElements }],
	});
	expect(res.status).toBe(200);
	return res.body.restrictedDataToken as string;
}

async function api(
	access: string | undefined,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
) {
	return await call(`${url}${path}`, {
		method,
		headers: {
			...(access ? { 'x-amz-access-token': access } : {}),
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			...headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

const advance = (seconds: number) => admin(url, 'POST', 'clock', { advanceSeconds: seconds });
const state = async () => (await admin(url, 'GET', 'state')).body.state as Json;
const iso = (ms: number) => new Date(ms).toISOString();
const emulatedNow = async () => (await admin(url, 'GET', 'clock')).body.epochMs as number;

describe('spec copies', () => {
	it('are byte-identical to the official models and schemas', () => {
		for (const [name, sha] of Object.entries({ ...AMAZON_MODELS, ...AMAZON_SCHEMAS })) {
			expect(
				createHash('sha256')
					.update(readFileSync(amazonSpecPath(name)))
					.digest('hex'),
				name,
			).toBe(sha);
		}
	});
});

describe('Login with Amazon', () => {
	it('exchanges the refresh token for a one-hour bearer token', async () => {
		const res = await lwa(GOOD);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			token_type: 'bearer',
			expires_in: 3600,
			refresh_token: AMAZON_DEFAULT_REFRESH_TOKEN,
		});
		expect(res.body.access_token).toMatch(/^Atza\|/);
	});

	it('answers as LWA to a wrong or expired secret, an unknown refresh token and a wrong grant', async () => {
		expect((await lwa({ ...GOOD, client_secret: 'nope' })).body).toEqual({
			error: 'invalid_client',
			error_description: 'Client authentication failed',
		});
		expect((await lwa({ ...GOOD, refresh_token: 'Atzr|x' })).body.error).toBe('invalid_grant');
		expect((await lwa({ ...GOOD, grant_type: 'password' })).body.error).toBe(
			'unsupported_grant_type',
		);
		expect((await lwa(GOOD, 'application/json')).status).toBe(400);
		await admin(url, 'PATCH', 'config', { clientSecretExpired: true });
		const expired = await lwa(GOOD);
		expect(expired.status).toBe(401);
		expect(expired.body.error).toBe('invalid_client');
	});

	it('refuses missing, unknown and expired tokens with 403 Unauthorized', async () => {
		const path = '/orders/2026-01-01/orders/171-9876543-2109876';
		expect((await api(undefined, 'GET', path)).status).toBe(403);
		expect((await api('Atza|forged', 'GET', path)).body.errors[0]).toMatchObject({
			code: 'Unauthorized',
		});
		const access = await token();
		expect((await api(access, 'GET', path)).status).toBe(200);
		await advance(3601);
		const expired = await api(access, 'GET', path);
		expect(expired.status).toBe(403);
		expect(expired.body.errors[0]).toEqual({
			code: 'Unauthorized',
			message: 'Access to requested resource is denied.',
			details: 'The access token you provided has expired.',
		});
		expect(expired.headers.get('x-amzn-requestid')).toBeTruthy();
	});
});

describe('Orders API v2026-01-01', () => {
	it("serves the model's sandbox example orders exactly, with PII behind a Restricted Data Token", async () => {
		const access = await token();
		for (const example of sandboxExamples(
			'orders_2026-01-01.json',
			'/orders/2026-01-01/orders/{orderId}',
			'get',
			'200',
		)) {
			const id = example.request.parameters.orderId.value as string;
			const included = (example.request.parameters.includedData.value as string[]).join(',');
			const path = `/orders/2026-01-01/orders/${id}`;
			const token = await rdt(access, '/orders/2026-01-01/orders/{orderId}');
			const res = await api(token, 'GET', `${path}?includedData=${included}`);
			expect(res.status).toBe(200);
			expect(res.body).toEqual(example.response);
		}
	});

	it('leaves buyer and address out without an RDT, and refuses an RDT on another resource', async () => {
		const access = await token();
		const path =
			'/orders/2026-01-01/orders/171-9876543-2109876?includedData=BUYER,RECIPIENT,FULFILLMENT';
		const plain = await api(access, 'GET', path);
		expect(plain.status).toBe(200);
		expect(plain.body.order.buyer).toBeUndefined();
		expect(plain.body.order.recipient).toBeUndefined();
		expect(plain.body.order.fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
		const searchRdt = await rdt(access, '/orders/2026-01-01/orders');
		expect((await api(searchRdt, 'GET', path)).status).toBe(403);
		const notRestricted = await api(access, 'POST', '/tokens/2021-03-01/restrictedDataToken', {
			restrictedResources: [{ method: 'GET', path: '/feeds/2021-06-30/feeds' }],
		});
		expect(notRestricted.status).toBe(400);
		await admin(url, 'PATCH', 'config', { piiRequiresRdt: false });
		expect((await api(access, 'GET', path)).body.order.buyer.buyerName).toBe('Maria Silva Santos');
	});

	it("searches with the period, statuses, fulfilment and paging, and enforces Amazon's rules", async () => {
		const access = await token();
		const now = await emulatedNow();
		const base = `/orders/2026-01-01/orders?marketplaceIds=${NL}`;
		const all = await api(
			access,
			'GET',
			`${base}&lastUpdatedAfter=${iso(now - 7 * 86_400_000)}&includedData=FULFILLMENT`,
		);
		expect(all.status).toBe(200);
		const orders = all.body.orders as Json[];
		expect(orders.length).toBeGreaterThan(2);
		expect(all.headers.get('x-amzn-ratelimit-limit')).toBe('0.0056');
		expect(orders.every((o) => o.salesChannel.marketplaceId === NL)).toBe(true);
		const unshipped = await api(
			access,
			'GET',
			`${base}&lastUpdatedAfter=${iso(now - 7 * 86_400_000)}&fulfillmentStatuses=UNSHIPPED&fulfilledBy=MERCHANT&includedData=FULFILLMENT`,
		);
		expect(
			(unshipped.body.orders as Json[]).every(
				(o) =>
					o.fulfillment.fulfillmentStatus === 'UNSHIPPED' &&
					o.fulfillment.fulfilledBy === 'MERCHANT',
			),
		).toBe(true);
		// paging: one order per page until the last
		const seen: string[] = [];
		let next: string | undefined;
		do {
			const page = await api(
				access,
				'GET',
				`${base}&lastUpdatedAfter=${iso(now - 7 * 86_400_000)}&maxResultsPerPage=1${next ? `&paginationToken=${next}` : ''}`,
			);
			expect(page.status).toBe(200);
			seen.push(...(page.body.orders as Json[]).map((o) => o.orderId));
			next = page.body.pagination?.nextToken;
		} while (next);
		expect(seen).toEqual(orders.map((o) => o.orderId));

		const errors = async (query: string) =>
			(await api(access, 'GET', `/orders/2026-01-01/orders?${query}`)).body.errors.map(
				(e: Json) => e.details || e.message,
			);
		expect(
			await errors(
				`createdAfter=${iso(now - 86_400_000)}&lastUpdatedAfter=${iso(now - 86_400_000)}`,
			),
		).toEqual(['Exactly one of createdAfter and lastUpdatedAfter must be provided.']);
		expect(
			await errors(`createdAfter=${iso(now - 86_400_000)}&createdBefore=${iso(now - 60_000)}`),
		).toEqual(['createdBefore must be at least two minutes before the time of the request.']);
		expect(
			await errors(`createdAfter=${iso(now - 86_400_000)}&fulfillmentStatuses=Unshipped`),
		).toEqual([
			"fulfillmentStatuses[0] has an invalid value 'Unshipped'; allowed: PENDING_AVAILABILITY, PENDING, UNSHIPPED, PARTIALLY_SHIPPED, SHIPPED, CANCELLED, UNFULFILLABLE",
		]);
		expect(await errors(`CreatedAfter=${iso(now - 86_400_000)}`)).toContain(
			'CreatedAfter is not a parameter of searchOrders',
		);
		expect(await errors(`createdAfter=${iso(now - 86_400_000)}&paginationToken=bogus`)).toEqual([
			'The paginationToken is invalid for this request.',
		]);
	});

	it("answers 404 NotFound for orders, feeds and reports that do not exist (or are another seller's)", async () => {
		const access = await token();
		for (const path of [
			'/orders/2026-01-01/orders/999-9999999-9999999',
			'/feeds/2021-06-30/feeds/1',
			'/reports/2021-06-30/reports/1',
			'/feeds/2021-06-30/documents/nope',
		]) {
			const res = await api(access, 'GET', path);
			expect(res.status, path).toBe(404);
			expect(res.body.errors[0].code).toBe('NotFound');
			expect(res.body.errors[0].message).toMatch(
				/^The requested (order|feed|report|feed document) was not found\.$/,
			);
		}
	});

	it('confirms a shipment of a merchant order and refuses what Amazon refuses', async () => {
		const access = await token();
		const id = '171-9876543-2109876';
		const body = (overrides: Json = {}) => ({
			marketplaceId: 'A2Q3Y263D00KWC',
			packageDetail: {
				packageReferenceId: '1',
				carrierCode: 'Correios',
				trackingNumber: 'BR123456789',
				shipDate: '2026-11-23T09:00:00Z',
				orderItems: [{ orderItemId: '17198765432109', quantity: 1 }],
				...overrides,
			},
		});
		const invalid = await api(access, 'POST', `/orders/v0/orders/${id}/shipmentConfirmation`, {
			marketplaceId: 'A2Q3Y263D00KWC',
			packageDetail: {
				packageReferenceId: '1',
				carrierCode: 'X',
				shipDate: 'yesterday',
				orderItems: [],
			},
		});
		expect(invalid.status).toBe(400);
		expect(invalid.body.errors.map((e: Json) => e.message)).toEqual([
			'packageDetail.trackingNumber is required',
			"packageDetail.shipDate must be a valid date-time: 'yesterday'",
		]);
		expect(
			(
				await api(
					access,
					'POST',
					`/orders/v0/orders/${id}/shipmentConfirmation`,
					body({ carrierCode: 'Other' }),
				)
			).body.errors[0].details,
		).toBe('carrierName is required when carrierCode is Other.');
		expect(
			(
				await api(
					access,
					'POST',
					`/orders/v0/orders/${id}/shipmentConfirmation`,
					body({ orderItems: [{ orderItemId: '17198765432109', quantity: 2 }] }),
				)
			).status,
		).toBe(400);
		const ok = await api(access, 'POST', `/orders/v0/orders/${id}/shipmentConfirmation`, body());
		expect(ok.status).toBe(204);
		const order = (
			await api(access, 'GET', `/orders/2026-01-01/orders/${id}?includedData=FULFILLMENT,PACKAGES`)
		).body.order;
		expect(order.fulfillment.fulfillmentStatus).toBe('SHIPPED');
		expect(order.packages).toEqual([
			expect.objectContaining({
				packageReferenceId: '1',
				carrier: 'Correios',
				trackingNumber: 'BR123456789',
			}),
		]);
		expect(
			(
				await api(
					access,
					'POST',
					`/orders/v0/orders/${id}/shipmentConfirmation`,
					body({ packageReferenceId: '2' }),
				)
			).body.errors[0].details,
		).toBe('The order is SHIPPED and cannot be shipped.');
		expect(
			(
				await api(access, 'POST', '/orders/v0/orders/250-1234567-8901234/shipmentConfirmation', {
					...body(),
					marketplaceId: 'A1VC38T7YXB528',
				})
			).body.errors[0].details,
		).toContain('fulfilled by Amazon');
	});
});

describe('Listings Items API', () => {
	it('patches merchant stock, previews without writing and refuses FBA stock', async () => {
		const access = await token();
		const listings = (await state()).listings as Json[];
		const merchant = listings.find(
			(l) =>
				l.marketplaceId === NL && l.fulfillmentAvailability[0].fulfillmentChannelCode === 'DEFAULT',
		)!;
		const fba = listings.find(
			(l) =>
				l.marketplaceId === NL &&
				l.fulfillmentAvailability[0].fulfillmentChannelCode === 'AMAZON_EU',
		)!;
		const patch = (sku: string, quantity: number, mode = '') =>
			api(
				access,
				'PATCH',
				`/listings/2021-08-01/items/${AMAZON_DEFAULT_SELLER_ID}/${encodeURIComponent(sku)}?marketplaceIds=${NL}${mode}`,
				{
					productType: 'PRODUCT',
					patches: [
						{
							op: 'merge',
							path: '/attributes/fulfillment_availability',
							value: [{ fulfillment_channel_code: 'DEFAULT', quantity }],
						},
					],
				},
			);
		const preview = await patch(merchant.sku, 77, '&mode=VALIDATION_PREVIEW');
		expect(preview.body.status).toBe('VALID');
		const accepted = await patch(merchant.sku, 77);
		expect(accepted.body).toMatchObject({ sku: merchant.sku, status: 'ACCEPTED', issues: [] });
		const got = await api(
			access,
			'GET',
			`/listings/2021-08-01/items/${AMAZON_DEFAULT_SELLER_ID}/${encodeURIComponent(merchant.sku)}?marketplaceIds=${NL}&includedData=fulfillmentAvailability`,
		);
		expect(got.body.fulfillmentAvailability).toEqual([
			{ fulfillmentChannelCode: 'DEFAULT', quantity: 77 },
		]);
		const refused = await patch(fba.sku, 5);
		expect(refused.body.status).toBe('INVALID');
		expect(refused.body.issues[0].message).toContain('fulfilled by Amazon');
		expect(
			(
				await api(
					access,
					'GET',
					`/listings/2021-08-01/items/OTHER/${encodeURIComponent(merchant.sku)}?marketplaceIds=${NL}`,
				)
			).status,
		).toBe(403);
		expect(
			(
				await api(
					access,
					'GET',
					`/listings/2021-08-01/items/${AMAZON_DEFAULT_SELLER_ID}/NOPE?marketplaceIds=${NL}`,
				)
			).status,
		).toBe(404);
		const malformed = await call(
			`${url}/listings/2021-08-01/items/${AMAZON_DEFAULT_SELLER_ID}/X?marketplaceIds=${NL}`,
			{
				method: 'PATCH',
				headers: { 'x-amz-access-token': access, 'content-type': 'application/json' },
				body: '{"productType": ',
			},
		);
		expect(malformed.status).toBe(400);
		expect(malformed.body.errors[0].message).toBe('The request body is not valid JSON.');
		const textBody = await call(
			`${url}/listings/2021-08-01/items/${AMAZON_DEFAULT_SELLER_ID}/X?marketplaceIds=${NL}`,
			{
				method: 'PATCH',
				headers: { 'x-amz-access-token': access, 'content-type': 'text/plain' },
				body: 'hello',
			},
		);
		expect(textBody.status).toBe(415);
		// patchListingsItem has a burst of 5: let the bucket refill (5 per second)
		await advance(1);
		const bad = await api(
			access,
			'PATCH',
			`/listings/2021-08-01/items/${AMAZON_DEFAULT_SELLER_ID}/X?marketplaceIds=${NL}`,
			{ patches: [{ op: 'set', path: '/x', value: [1] }] },
		);
		expect(bad.body.errors.map((e: Json) => e.message)).toEqual([
			'productType is required',
			"patches[0].op has an invalid value 'set'; allowed: add, replace, merge, delete",
			'patches[0].value[0] must be of type object',
		]);
	});
});

async function submitFeed(
	access: string,
	feedType: string,
	contentType: string,
	content: string,
	marketplaceIds = [NL],
) {
	const doc = await api(access, 'POST', '/feeds/2021-06-30/documents', { contentType });
	expect(doc.status).toBe(201);
	const put = await call(doc.body.url, {
		method: 'PUT',
		headers: { 'content-type': contentType },
		body: content,
	});
	expect(put.status).toBe(200);
	const feed = await api(access, 'POST', '/feeds/2021-06-30/feeds', {
		feedType,
		marketplaceIds,
		inputFeedDocumentId: doc.body.feedDocumentId,
	});
	expect(feed.status).toBe(202);
	return feed.body.feedId as string;
}

async function finishedFeed(access: string, feedId: string) {
	expect(
		(await api(access, 'GET', `/feeds/2021-06-30/feeds/${feedId}`)).body.processingStatus,
	).toBe('IN_QUEUE');
	await advance(10);
	expect(
		(await api(access, 'GET', `/feeds/2021-06-30/feeds/${feedId}`)).body.processingStatus,
	).toBe('IN_PROGRESS');
	await advance(60);
	const feed = (await api(access, 'GET', `/feeds/2021-06-30/feeds/${feedId}`)).body;
	const doc = (await api(access, 'GET', `/feeds/2021-06-30/documents/${feed.resultFeedDocumentId}`))
		.body;
	const download = await fetch(doc.url);
	const bytes = Buffer.from(await download.arrayBuffer());
	return {
		feed,
		doc,
		report: (doc.compressionAlgorithm === 'GZIP' ? gunzipSync(bytes) : bytes).toString('utf8'),
	};
}

describe('Feeds API lifecycle', () => {
	it('processes a JSON_LISTINGS_FEED into stock changes and a processing report that matches the schema', async () => {
		await admin(url, 'PATCH', 'config', { compressDocuments: true });
		const access = await token();
		const merchant = ((await state()).listings as Json[])
			.filter(
				(l) =>
					l.marketplaceId === NL &&
					l.fulfillmentAvailability[0].fulfillmentChannelCode === 'DEFAULT',
			)
			.slice(0, 2);
		const message = (messageId: number, sku: string, quantity: number) => ({
			messageId,
			sku,
			operationType: 'PATCH',
			productType: 'PRODUCT',
			patches: [
				{
					op: 'merge',
					path: '/attributes/fulfillment_availability',
					value: [{ fulfillment_channel_code: 'DEFAULT', quantity }],
				},
			],
		});
		const feedId = await submitFeed(
			access,
			'JSON_LISTINGS_FEED',
			'application/json; charset=UTF-8',
			JSON.stringify({
				header: { sellerId: AMAZON_DEFAULT_SELLER_ID, version: '2.0' },
				messages: [
					message(1, merchant[0].sku, 11),
					message(2, 'NO-SUCH-SKU', 3),
					message(3, merchant[1].sku, 13),
					{ messageId: 4, sku: 'x', operationType: 'PATCH' },
				],
			}),
		);
		const { feed, doc, report } = await finishedFeed(access, feedId);
		expect(feed.processingStatus).toBe('DONE');
		expect(doc.compressionAlgorithm).toBe('GZIP');
		const parsed = JSON.parse(report);
		expect(processingReportProblems(parsed)).toEqual([]);
		expect(parsed.summary).toEqual({
			errors: 2,
			warnings: 0,
			messagesProcessed: 4,
			messagesAccepted: 2,
			messagesInvalid: 2,
		});
		expect(parsed.issues.map((i: Json) => [i.messageId, i.code])).toEqual([
			[2, '8560'],
			[4, '4000004'],
		]);
		const after = ((await state()).listings as Json[]).filter((l) => l.marketplaceId === NL);
		expect(after.find((l) => l.sku === merchant[0].sku)!.fulfillmentAvailability[0].quantity).toBe(
			11,
		);
		expect(after.find((l) => l.sku === merchant[1].sku)!.fulfillmentAvailability[0].quantity).toBe(
			13,
		);
	});

	it('guards the pre-signed URLs: expiry, content type, signature and no access token', async () => {
		const access = await token();
		const doc = (
			await api(access, 'POST', '/feeds/2021-06-30/documents', {
				contentType: 'text/xml; charset=UTF-8',
			})
		).body;
		const wrongType = await call(doc.url, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		expect(wrongType.status).toBe(403);
		expect(wrongType.text).toContain('<Code>SignatureDoesNotMatch</Code>');
		const leaked = await call(doc.url, {
			method: 'PUT',
			headers: { 'content-type': 'text/xml', 'x-amz-access-token': access },
			body: '<a/>',
		});
		expect(leaked.status).toBe(400);
		const tampered = await call(doc.url.replace(/X-Amz-Expires=300/, 'X-Amz-Expires=3000'), {
			method: 'PUT',
			headers: { 'content-type': 'text/xml' },
			body: '<a/>',
		});
		expect(tampered.text).toContain('SignatureDoesNotMatch');
		await advance(301);
		const expired = await call(doc.url, {
			method: 'PUT',
			headers: { 'content-type': 'text/xml' },
			body: '<a/>',
		});
		expect(expired.status).toBe(403);
		expect(expired.text).toContain('<Message>Request has expired</Message>');
		const notUploaded = await api(access, 'POST', '/feeds/2021-06-30/feeds', {
			feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
			marketplaceIds: [NL],
			inputFeedDocumentId: doc.feedDocumentId,
		});
		expect(notUploaded.status).toBe(400);
	});

	it('cancels order items through POST_ORDER_ACKNOWLEDGEMENT_DATA and reports a bad message in XML', async () => {
		const access = await token();
		const orders = (await state()).orders as Json[];
		const target = orders.find(
			(o) =>
				o.fulfillment?.fulfillmentStatus === 'UNSHIPPED' &&
				o.fulfillment.fulfilledBy === 'MERCHANT' &&
				o.salesChannel.marketplaceId !== 'A2Q3Y263D00KWC',
		)!;
		const item = target.orderItems[0];
		const xml = `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope><Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>${AMAZON_DEFAULT_SELLER_ID}</MerchantIdentifier></Header><MessageType>OrderAcknowledgement</MessageType>
<Message><MessageID>1</MessageID><OrderAcknowledgement><AmazonOrderID>${target.orderId}</AmazonOrderID><StatusCode>Failure</StatusCode>${target.orderItems
			.map(
				(i: Json) =>
					`<Item><AmazonOrderItemCode>${i.orderItemId}</AmazonOrderItemCode><CancelReason>NoInventory</CancelReason></Item>`,
			)
			.join('')}</OrderAcknowledgement></Message>
<Message><MessageID>2</MessageID><OrderAcknowledgement><AmazonOrderID>999-9999999-9999999</AmazonOrderID><StatusCode>Failure</StatusCode><Item><AmazonOrderItemCode>1</AmazonOrderItemCode><CancelReason>Nonsense</CancelReason></Item></OrderAcknowledgement></Message>
</AmazonEnvelope>`;
		const feedId = await submitFeed(
			access,
			'POST_ORDER_ACKNOWLEDGEMENT_DATA',
			'text/xml; charset=UTF-8',
			xml,
		);
		const { feed, report } = await finishedFeed(access, feedId);
		expect(feed.processingStatus).toBe('DONE');
		expect(report).toContain(
			'<MessagesProcessed>2</MessagesProcessed><MessagesSuccessful>1</MessagesSuccessful><MessagesWithError>1</MessagesWithError>',
		);
		expect(report).toContain('<MessageID>2</MessageID><ResultCode>Error</ResultCode>');
		const order = ((await state()).orders as Json[]).find((o) => o.orderId === target.orderId)!;
		expect(order.fulfillment.fulfillmentStatus).toBe('CANCELLED');
		expect(order.orderItems[0].cancellation.cancellationExecution).toEqual({
			cancelledBy: 'SELLER',
			cancelReason: 'NoInventory',
		});
		expect(order.emulator.cancellations[0]).toMatchObject({
			orderItemId: item.orderItemId,
			reason: 'NoInventory',
		});
	});

	it('refunds through POST_PAYMENT_ADJUSTMENT_DATA, never more than was paid', async () => {
		const access = await token();
		const id = '114-9876543-1234567';
		const adjustment = (amount: string) => `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope><Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>${AMAZON_DEFAULT_SELLER_ID}</MerchantIdentifier></Header><MessageType>OrderAdjustment</MessageType>
<Message><MessageID>1</MessageID><OrderAdjustment><AmazonOrderID>${id}</AmazonOrderID><AdjustedItem><AmazonOrderItemCode>11498765431234</AmazonOrderItemCode><AdjustmentReason>CustomerReturn</AdjustmentReason><ItemPriceAdjustments><Component><Type>Principal</Type><Amount currency="USD">${amount}</Amount></Component></ItemPriceAdjustments></AdjustedItem></OrderAdjustment></Message>
</AmazonEnvelope>`;
		const first = await finishedFeed(
			access,
			await submitFeed(
				access,
				'POST_PAYMENT_ADJUSTMENT_DATA',
				'text/xml; charset=UTF-8',
				adjustment('30.00'),
				['ATVPDKIKX0DER'],
			),
		);
		expect(first.report).toContain('<MessagesWithError>0</MessagesWithError>');
		const second = await finishedFeed(
			access,
			await submitFeed(
				access,
				'POST_PAYMENT_ADJUSTMENT_DATA',
				'text/xml; charset=UTF-8',
				adjustment('10.00'),
				['ATVPDKIKX0DER'],
			),
		);
		expect(second.report).toContain('exceeds what is left to refund (9.99)');
		const order = ((await state()).orders as Json[]).find((o) => o.orderId === id)!;
		expect(order.emulator.refunds).toEqual([
			expect.objectContaining({
				orderItemId: '11498765431234',
				reason: 'CustomerReturn',
				amounts: { Principal: 30 },
				currency: 'USD',
			}),
		]);
	});

	it('ends retired feed types FATAL with a report', async () => {
		const access = await token();
		const feedId = await submitFeed(
			access,
			'POST_INVENTORY_AVAILABILITY_DATA',
			'text/xml; charset=UTF-8',
			'<AmazonEnvelope/>',
		);
		const { feed, report } = await finishedFeed(access, feedId);
		expect(feed.processingStatus).toBe('FATAL');
		expect(report).toContain('retired on 2025-07-31');
	});
});

describe('Reports API: returns report', () => {
	it('generates the tab-separated returns report, or cancels it when there is no data', async () => {
		const access = await token();
		const now = await emulatedNow();
		const expected = ((await state()).returns as Json[]).filter((r) =>
			r['Order ID'].startsWith('30'),
		);
		expect(expected.length).toBeGreaterThan(0);
		const create = await api(access, 'POST', '/reports/2021-06-30/reports', {
			reportType: 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE',
			marketplaceIds: ['A1805IZSGTT6HS', 'AMEN7PMS3EDWL', 'A1PA6795UKMFR9'],
			dataStartTime: iso(now - 30 * 86_400_000),
			dataEndTime: iso(now),
		});
		expect(create.status).toBe(202);
		await advance(60);
		const report = (await api(access, 'GET', `/reports/2021-06-30/reports/${create.body.reportId}`))
			.body;
		expect(report.processingStatus).toBe('DONE');
		const doc = (
			await api(access, 'GET', `/reports/2021-06-30/documents/${report.reportDocumentId}`)
		).body;
		const text = await (await fetch(doc.url)).text();
		const [header, ...rows] = text.trim().split('\n');
		expect(header.split('\t').slice(0, 5)).toEqual([
			'Order ID',
			'Order date',
			'Return request date',
			'Return request status',
			'Amazon RMA ID',
		]);
		expect(rows.map((r) => r.split('\t')[4]).sort()).toEqual(
			expected.map((r) => r['Amazon RMA ID']).sort(),
		);

		const empty = await api(access, 'POST', '/reports/2021-06-30/reports', {
			reportType: 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE',
			marketplaceIds: [NL],
			dataStartTime: '2020-01-01T00:00:00Z',
			dataEndTime: '2020-02-01T00:00:00Z',
		});
		await advance(60);
		expect(
			(await api(access, 'GET', `/reports/2021-06-30/reports/${empty.body.reportId}`)).body
				.processingStatus,
		).toBe('CANCELLED');
		const tooLong = await api(access, 'POST', '/reports/2021-06-30/reports', {
			reportType: 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE',
			marketplaceIds: [NL],
			dataStartTime: '2026-01-01T00:00:00Z',
			dataEndTime: '2026-04-01T00:00:00Z',
		});
		expect(tooLong.status).toBe(400);
	});
});

describe('rate limits', () => {
	it('gives getOrder a burst of 30, then 429 QuotaExceeded until the bucket refills at 0.5 per second', async () => {
		const access = await token();
		const path = '/orders/2026-01-01/orders/171-9876543-2109876';
		for (let n = 0; n < 30; n++) {
			const res = await api(access, 'GET', path);
			expect(res.status).toBe(200);
			expect(res.headers.get('x-amzn-ratelimit-limit')).toBe('0.5');
		}
		const limited = await api(access, 'GET', path);
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({
			errors: [
				{
					code: 'QuotaExceeded',
					message: 'You exceeded your quota for the requested resource.',
					details: '',
				},
			],
		});
		expect(limited.headers.get('x-amzn-ratelimit-limit')).toBeNull();
		expect(limited.headers.get('x-amzn-requestid')).toBeTruthy();
		await advance(2);
		expect((await api(access, 'GET', path)).status).toBe(200);
		// other operations have their own buckets
		expect(
			(
				await api(
					access,
					'GET',
					`/listings/2021-08-01/items/${AMAZON_DEFAULT_SELLER_ID}?marketplaceIds=${NL}`,
				)
			).status,
		).toBe(200);
	});
});
