/**
 * The Amazon node's and trigger's code against the stateful Amazon emulator: real HTTP, the LWA token flow, the
 * models' request validation, PII behind RDT, the feed lifecycle with pre-signed S3 documents, the returns report and
 * the per-operation token buckets. The node's clock is bridged to the emulator's, so its waits (pacing, feed polling)
 * move emulated time: minutes of Amazon time take milliseconds. What the node reports must match the emulator's state.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AmazonSellingPartner } from '../../nodes/AmazonSellingPartner/AmazonSellingPartner.node.ts';
import { AmazonSellingPartnerTrigger } from '../../nodes/AmazonSellingPartner/AmazonSellingPartnerTrigger.node.ts';
import { PII_MISSING_NOTE } from '../../nodes/AmazonSellingPartner/mapping';
import { orderSchema, returnSchema } from '../helpers/model-schemas.mts';
import {
	amazonEmulatorAccessToken,
	AMAZON_DEFAULT_CLIENT_SECRET,
	AMAZON_DEFAULT_MARKETPLACES,
	amazonEmulatorCredentialData,
	amazonService,
} from '../../sandbox/emulators/amazon/index.mts';
import { sandboxExamples } from '../../sandbox/emulators/amazon/spec.mts';
import type { RunningService } from '../../sandbox/emulators/core/server.mts';
import { installEmulatorClock, type EmulatorBridgeClock } from '../helpers/clock.mts';
import { AmazonSellingPartnerApi } from '../../credentials/AmazonSellingPartnerApi.credentials';
import { createContext, type ContextOptions } from '../helpers/context.mts';
import { admin, start, type Json } from '../emulators/helpers.mts';

const NL = 'A1805IZSGTT6HS';
let service: RunningService;
let url: string;
let clock: EmulatorBridgeClock;
let restoreClock: () => void;

beforeAll(async () => {
	service = await start(amazonService(), { seed: 11 });
	url = service.url;
});
afterAll(async () => {
	await service?.stop();
});
beforeEach(async () => {
	await admin(url, 'POST', 'reset', {});
	({ clock, restore: restoreClock } = installEmulatorClock(service.clock));
});
afterEach(() => restoreClock());

function credentials(overrides: Json = {}) {
	return { ...amazonEmulatorCredentialData(url), ...overrides };
}

function context(parameters: ContextOptions['parameters'], extra: Partial<ContextOptions> = {}) {
	return createContext({
		credentialType: new AmazonSellingPartnerApi(),
		credentials: credentials(),
		parameters,
		...extra,
	});
}

async function run(parameters: ContextOptions['parameters'], extra: Partial<ContextOptions> = {}) {
	const fake = context(parameters, extra);
	const output: INodeExecutionData[][] = await new AmazonSellingPartner().execute.call(fake.ctx);
	return { items: output[0].map((i) => i.json as Record<string, any>), fake };
}

async function runError(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
) {
	const fake = context(parameters, extra);
	return await new AmazonSellingPartner().execute.call(fake.ctx).then(
		() => {
			throw new Error('the node did not fail');
		},
		(e: Error & { description?: string }) => e,
	);
}

const state = async () => (await admin(url, 'GET', 'state')).body.state as Json;
const requests = async () => (await admin(url, 'GET', 'requests')).body.requests as Json[];
const days = (n: number) => n * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Nothing the node sent was refused as invalid by the models, nor needed a second token. */
async function expectCleanLog() {
	const log = await requests();
	expect(log.filter((r) => r.outcome === 'invalid')).toEqual([]);
	expect(log.filter((r) => r.status >= 400 && r.status !== 429)).toEqual([]);
	return log;
}

function merchantOrder(orders: Json[], status = 'UNSHIPPED') {
	return orders.find(
		(o) =>
			o.fulfillment?.fulfillmentStatus === status &&
			o.fulfillment?.fulfilledBy === 'MERCHANT' &&
			AMAZON_DEFAULT_MARKETPLACES.includes(o.salesChannel.marketplaceId),
	) as Json;
}

describe('Amazon node against the emulator', () => {
	it('imports the orders of the period, normalized, exactly as the marketplace holds them, with one token', async () => {
		const now = clock.now();
		const { items, fake } = await run({
			resource: 'order',
			operation: 'getAll',
			filterBy: 'created',
			after: iso(now - days(7)),
			returnAll: true,
			filters: {},
			options: {},
		});
		const held = ((await state()).orders as Json[]).filter((o) =>
			AMAZON_DEFAULT_MARKETPLACES.includes(o.salesChannel.marketplaceId),
		);
		expect(items.length).toBeGreaterThan(5);
		expect(new Set(items.map((o) => o.orderId))).toEqual(new Set(held.map((o) => o.orderId)));
		for (const order of items) expect(() => orderSchema.parse(order)).not.toThrow();
		const sample = items.find((o) => o.fulfilment === 'merchant')!;
		const source = held.find((o) => o.orderId === sample.orderId)!;
		expect(sample.lines.map((l: Json) => l.sku)).toEqual(
			source.orderItems.map((i: Json) => i.product.sellerSku),
		);
		expect(sample.totals.total).toBeCloseTo(Number(source.proceeds.grandTotal.amount), 2);
		expect(sample.extra.pii).toMatchObject({ requested: false });
		expect(fake.preAuthentications).toBe(1);
		await expectCleanLog();
	});

	it('refreshes an expired access token (403) once and goes on', async () => {
		const first = await run({
			resource: 'order',
			operation: 'get',
			orderId: '171-9876543-2109876',
			options: {},
		});
		service.clock.advance(3601 * 1000);
		const second = context({
			resource: 'order',
			operation: 'get',
			orderId: '171-9876543-2109876',
			options: {},
		});
		Object.assign(second.credentials, { accessToken: first.fake.credentials.accessToken });
		await new AmazonSellingPartner().execute.call(second.ctx);
		expect(second.preAuthentications).toBe(1);
		const tokens = ((await state()).tokens as Json[]).filter((t) => t.kind === 'access');
		expect(tokens).toHaveLength(2);
		const expired = (await requests()).filter((r) => r.status === 403);
		expect(expired).toHaveLength(1);
	});

	it('says the LWA client secret has likely expired when LWA refuses it', async () => {
		await admin(url, 'PATCH', 'config', { clientSecretExpired: true });
		const error = await runError({
			resource: 'order',
			operation: 'get',
			orderId: '171-9876543-2109876',
			options: {},
		});
		expect(error.message).toContain('180 days');
		expect(error.message).not.toContain(AMAZON_DEFAULT_CLIENT_SECRET);
	});

	it('gets buyer and address through a Restricted Data Token, and says when Amazon withheld them', async () => {
		const target = merchantOrder((await state()).orders as Json[]);
		const { items } = await run({
			resource: 'order',
			operation: 'get',
			orderId: target.orderId,
			options: { includePii: true },
		});
		expect(items[0].customer.fullName).toBe(target.buyer.buyerName);
		expect(items[0].shippingAddress).toMatchObject({
			postalCode: target.recipient.deliveryAddress.postalCode,
			city: target.recipient.deliveryAddress.city,
		});
		expect(items[0].extra.pii).toEqual({ requested: true, available: true });
		const roleOnly = await run({
			resource: 'order',
			operation: 'get',
			orderId: target.orderId,
			options: { includePii: true, piiAccess: 'roleBased' },
		});
		expect(roleOnly.items[0].shippingAddress).toBeNull();
		expect(roleOnly.items[0].extra.pii).toEqual({
			requested: true,
			available: false,
			note: PII_MISSING_NOTE,
		});
		const tokens = ((await state()).tokens as Json[]).filter((t) => t.kind === 'rdt');
		expect(tokens[0].resources).toEqual([
			{
				method: 'GET',
				path: '/orders/2026-01-01/orders/{orderId}',
				dataElements: ['buyerInfo', 'shippingAddress'],
			},
		]);
		await expectCleanLog();
	});

	it('confirms a shipment and the order is shipped with the tracking number', async () => {
		const target = merchantOrder((await state()).orders as Json[]);
		const { items } = await run({
			resource: 'shipment',
			operation: 'create',
			orderId: target.orderId,
			itemsMode: 'allOpen',
			carrier: 'PostNL',
			trackingNumber: '3SABC1234567890',
			shipDate: '',
			options: {},
		});
		expect(items[0]).toMatchObject({ status: 'shipped', carrierCode: 'PostNL' });
		const after = ((await state()).orders as Json[]).find((o) => o.orderId === target.orderId)!;
		expect(after.fulfillment.fulfillmentStatus).toBe('SHIPPED');
		expect(after.packages.at(-1)).toMatchObject({
			carrier: 'PostNL',
			trackingNumber: '3SABC1234567890',
		});
		const { items: reread } = await run({
			resource: 'order',
			operation: 'get',
			orderId: target.orderId,
			options: {},
		});
		expect(reread[0].status).toBe('shipped');
		expect(reread[0].lines.every((l: Json) => l.quantityOpen === 0)).toBe(true);
		await expectCleanLog();
	});

	it('cancels through the order acknowledgement feed: waits for processing, reads the report, the order is cancelled', async () => {
		const target = merchantOrder((await state()).orders as Json[]);
		const { items } = await run({
			resource: 'order',
			operation: 'cancel',
			orderId: target.orderId,
			orderItemIds: '',
			reason: 'NoInventory',
			options: {},
		});
		expect(items[0]).toMatchObject({
			orderId: target.orderId,
			status: 'cancelled',
			feed: { processingStatus: 'DONE', messagesProcessed: 1, messagesAccepted: 1 },
		});
		// the node polled the feed while the emulator processed it (queue 5 s + processing 30 s)
		expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(35_000);
		const after = ((await state()).orders as Json[]).find((o) => o.orderId === target.orderId)!;
		expect(after.fulfillment.fulfillmentStatus).toBe('CANCELLED');
		const feedId = items[0].feed.feedId;
		const { items: feed } = await run({ resource: 'feed', operation: 'get', feedId, options: {} });
		expect(feed[0]).toMatchObject({
			feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
			processingStatus: 'DONE',
			report: { format: 'xml', processed: 1, accepted: 1, invalid: 0 },
		});
		await expectCleanLog();
	});

	it('refunds through the payment adjustment feed and the marketplace records the amounts', async () => {
		const { items } = await run({
			resource: 'refund',
			operation: 'create',
			orderId: '114-9876543-1234567',
			reason: 'CustomerReturn',
			items: '[{"lineId": "11498765431234", "principal": 20, "tax": 5}]',
			options: {},
		});
		expect(items[0]).toMatchObject({ status: 'refunded', currency: 'USD', total: 25 });
		const order = ((await state()).orders as Json[]).find(
			(o) => o.orderId === '114-9876543-1234567',
		)!;
		expect(order.emulator.refunds).toEqual([
			expect.objectContaining({
				orderItemId: '11498765431234',
				reason: 'CustomerReturn',
				amounts: { Principal: 20, Tax: 5 },
			}),
		]);
	});

	it('updates stock one by one (Listings Items API) and in bulk (JSON_LISTINGS_FEED); FBA stock is read-only', async () => {
		const listings = ((await state()).listings as Json[]).filter((l) => l.marketplaceId === NL);
		const merchant = listings.filter(
			(l) => l.fulfillmentAvailability[0].fulfillmentChannelCode === 'DEFAULT',
		);
		const fba = listings.find(
			(l) => l.fulfillmentAvailability[0].fulfillmentChannelCode === 'AMAZON_EU',
		)!;
		const single = await run({
			resource: 'stock',
			operation: 'update',
			sku: merchant[0].sku,
			quantity: 42,
			options: { marketplaceId: NL },
		});
		expect(single.items[0]).toMatchObject({ method: 'listings', status: 'accepted' });
		const many = merchant.slice(1, 13);
		const bulk = await run(
			{
				resource: 'stock',
				operation: 'update',
				sku: (i: number) => many[i].sku,
				quantity: (i: number) => 100 + i,
				options: { marketplaceId: NL },
			},
			{ items: many.map(() => ({ json: {} })) },
		);
		expect(bulk.items.map((i) => [i.method, i.status])).toEqual(
			many.map(() => ['feed', 'accepted']),
		);
		const after = ((await state()).listings as Json[]).filter((l) => l.marketplaceId === NL);
		expect(after.find((l) => l.sku === merchant[0].sku)!.fulfillmentAvailability[0].quantity).toBe(
			42,
		);
		many.forEach((l, i) =>
			expect(after.find((a) => a.sku === l.sku)!.fulfillmentAvailability[0].quantity).toBe(100 + i),
		);
		const readOnly = await runError({
			resource: 'stock',
			operation: 'update',
			sku: fba.sku,
			quantity: 1,
			options: { marketplaceId: NL },
		});
		expect(readOnly.message).toContain('read-only');
		await expectCleanLog();
	});

	it("updates stock in each of the credential's marketplaces, one listings update or feed per marketplace", async () => {
		const all = (await state()).listings as Json[];
		const merchantIn = (sku: string) =>
			all.filter(
				(l) => l.sku === sku && l.fulfillmentAvailability[0].fulfillmentChannelCode === 'DEFAULT',
			).length === AMAZON_DEFAULT_MARKETPLACES.length;
		const skus = [...new Set(all.map((l) => l.sku as string))].filter(merchantIn).slice(0, 3);
		expect(skus).toHaveLength(3);
		const single = await run({
			resource: 'stock',
			operation: 'update',
			sku: skus[0],
			quantity: 31,
			options: {},
		});
		expect(single.items.map((i) => [i.marketplaceId, i.method, i.status])).toEqual(
			AMAZON_DEFAULT_MARKETPLACES.map((m) => [m, 'listings', 'accepted']),
		);
		const bulk = await run(
			{
				resource: 'stock',
				operation: 'update',
				sku: (i: number) => skus[i + 1],
				quantity: (i: number) => 50 + i,
				options: { updateMethod: 'feed' },
			},
			{ items: [{ json: {} }, { json: {} }] },
		);
		expect(bulk.items.map((i) => [i.sku, i.marketplaceId, i.status])).toEqual(
			[skus[1], skus[2]].flatMap((sku) =>
				AMAZON_DEFAULT_MARKETPLACES.map((m) => [sku, m, 'accepted']),
			),
		);
		const after = (await state()).listings as Json[];
		for (const marketplaceId of AMAZON_DEFAULT_MARKETPLACES)
			expect(
				skus.map(
					(sku) =>
						after.find((l) => l.sku === sku && l.marketplaceId === marketplaceId)!
							.fulfillmentAvailability[0].quantity,
				),
			).toEqual([31, 50, 51]);
		await expectCleanLog();
	});

	it('lists returns from the returns report, one per RMA, matching the marketplace', async () => {
		const rows = ((await state()).returns as Json[]).filter(
			(r) => Date.parse(r['Return request date']) >= clock.now() - days(30),
		);
		const { items } = await run({
			resource: 'return',
			operation: 'getAll',
			after: iso(clock.now() - days(30)),
			before: '',
			returnAll: true,
			options: {},
		});
		for (const ret of items) expect(() => returnSchema.parse(ret)).not.toThrow();
		expect(items.map((r) => r.returnId).sort()).toEqual(
			[...new Set(rows.map((r) => r['Amazon RMA ID']))].sort(),
		);
		expect(items[0].extra.note).toContain('no call to authorize, reject or handle');
		await expectCleanLog();
	});

	it('paces per-order calls from the documented bucket: no 429 while the emulator enforces the limits', async () => {
		await run(
			{ resource: 'order', operation: 'get', orderId: '171-9876543-2109876', options: {} },
			{ items: Array.from({ length: 36 }, () => ({ json: {} })) },
		);
		const log = await requests();
		expect(log.filter((r) => r.path.startsWith('/orders/')).length).toBe(36);
		expect(log.filter((r) => r.status === 429)).toEqual([]);
		// after the burst of 30, six paced calls about 2 s apart (less what real time refilled, plus the margin)
		const paced = clock.sleeps.filter((ms) => ms > 0);
		expect(paced).toHaveLength(6);
		for (const ms of paced) expect(ms).toBeGreaterThan(1500);
		for (const ms of paced) expect(ms).toBeLessThanOrEqual(2100);
	});

	it('waits out a 429 from a bucket another client has drained, then succeeds', async () => {
		// drain searchOrders' burst of 20 from outside the node
		const token = await amazonEmulatorAccessToken(url);
		for (let n = 0; n < 20; n++) {
			const res = await fetch(
				`${url}/orders/2026-01-01/orders?createdAfter=${iso(clock.now() - days(1))}&marketplaceIds=${NL}`,
				{ headers: { 'x-amz-access-token': token } },
			);
			expect(res.status).toBe(200);
		}
		await admin(url, 'DELETE', 'requests');
		const { items } = await run({
			resource: 'order',
			operation: 'getAll',
			filterBy: 'created',
			after: iso(clock.now() - days(7)),
			returnAll: true,
			filters: {},
			options: {},
		});
		expect(items.length).toBeGreaterThan(0);
		const searches = (await requests()).filter((r) => r.path === '/orders/2026-01-01/orders');
		expect(searches.map((r) => r.status)).toEqual([429, 200]);
		// one token at 0.0056 per second (less the real milliseconds that passed meanwhile)
		expect(clock.sleeps.some((ms) => ms > 175_000 && ms <= Math.ceil(1000 / 0.0056 + 1000))).toBe(
			true,
		);
	});
});

describe('Amazon trigger against the emulator', () => {
	it('emits a new order once across polls, and its cancellation as a status change', async () => {
		const staticData: Json = {};
		const poll = async (parameters: Json) => {
			const fake = context(parameters, {
				staticData: parameters.event === 'newOrder' ? staticData : (staticData.changes ??= {}),
			});
			const result = await new AmazonSellingPartnerTrigger().poll.call(fake.ctx);
			return result ? result[0].map((i) => i.json as Json) : [];
		};
		const newOrder = { event: 'newOrder', newOrderStatuses: ['UNSHIPPED'], options: {} };
		const changed = { event: 'orderStatusChanged', statuses: ['CANCELLED'], options: {} };
		expect(await poll(newOrder)).toEqual([]);
		expect(await poll(changed)).toEqual([]);

		// an order placed after activation
		const template = sandboxExamples(
			'orders_2026-01-01.json',
			'/orders/2026-01-01/orders/{orderId}',
			'get',
			'200',
		)[0].response as Json;
		const placed = new Date(clock.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const order = {
			...template.order,
			orderId: '305-1111111-2222222',
			createdTime: placed,
			lastUpdatedTime: placed,
			salesChannel: { channelName: 'AMAZON', marketplaceId: NL, marketplaceName: 'Amazon.nl' },
		};
		const seeded = await admin(url, 'POST', 'seed', { orders: [order] });
		expect(seeded.status).toBe(200);
		service.clock.advance(5 * 60_000);
		expect((await poll(newOrder)).map((o) => o.orderId)).toEqual(['305-1111111-2222222']);
		service.clock.advance(5 * 60_000);
		expect(await poll(newOrder)).toEqual([]);

		await run({
			resource: 'order',
			operation: 'cancel',
			orderId: '305-1111111-2222222',
			orderItemIds: '',
			reason: 'NoInventory',
			options: {},
		});
		service.clock.advance(5 * 60_000);
		const changes = await poll(changed);
		expect(changes.map((o) => [o.orderId, o.change.status])).toEqual([
			['305-1111111-2222222', 'CANCELLED'],
		]);
		expect(await poll(newOrder)).toEqual([]);
		service.clock.advance(5 * 60_000);
		expect(await poll(changed)).toEqual([]);
		await expectCleanLog();
	});
});

describe('Amazon node in test mode', () => {
	// what may still be sent in test mode: reads, the token, a feed document slot, an RDT
	const writes = (http: Array<{ method: string; url: string }>) =>
		http.filter(
			(h) =>
				h.method !== 'GET' &&
				!/\/auth\/o2\/token|\/token$|\/feeds\/2021-06-30\/documents$|restrictedDataToken/.test(
					h.url.split('?')[0],
				),
		);

	it('shipment confirm in a manual run with "In Manual Executions": nothing sent, output describes it', async () => {
		const target = merchantOrder((await state()).orders as Json[]);
		const { items, fake } = await run(
			{
				resource: 'shipment',
				operation: 'create',
				orderId: target.orderId,
				itemsMode: 'allOpen',
				carrier: 'PostNL',
				trackingNumber: '3SABC1234567890',
				shipDate: '',
				options: {},
				testMode: 'manual',
			},
			{ mode: 'manual' },
		);
		expect(writes(fake.http)).toEqual([]);
		expect(items[0]).toMatchObject({ testMode: true, status: 'test' });
		expect(JSON.stringify(items[0].wouldSend)).toContain('3SABC1234567890');
		const after = ((await state()).orders as Json[]).find((o) => o.orderId === target.orderId)!;
		expect(after.fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
	});

	it('cancel (feed) with "Always": the feed is not uploaded nor created, the feed content is shown', async () => {
		const target = merchantOrder((await state()).orders as Json[]);
		const { items, fake } = await run({
			resource: 'order',
			operation: 'cancel',
			orderId: target.orderId,
			orderItemIds: '',
			reason: 'NoInventory',
			options: {},
			testMode: 'always',
		});
		expect(writes(fake.http)).toEqual([]);
		expect(items[0]).toMatchObject({ testMode: true, status: 'test' });
		expect(items[0].feedId).toBeUndefined();
		expect(JSON.stringify(items[0].wouldSend)).toContain(target.orderId);
		const after = ((await state()).orders as Json[]).find((o) => o.orderId === target.orderId)!;
		expect(after.fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
	});

	it('refund and stock update (listings PATCH and feed) with "Always": nothing sent', async () => {
		const refund = await run({
			resource: 'refund',
			operation: 'create',
			orderId: '114-9876543-1234567',
			reason: 'CustomerReturn',
			items: '[{"lineId": "11498765431234", "principal": 20, "tax": 5}]',
			options: {},
			testMode: 'always',
		});
		expect(writes(refund.fake.http)).toEqual([]);
		expect(refund.items[0]).toMatchObject({ testMode: true, status: 'test' });
		const merchant = ((await state()).listings as Json[]).filter(
			(l) =>
				l.marketplaceId === NL && l.fulfillmentAvailability[0].fulfillmentChannelCode === 'DEFAULT',
		);
		const single = await run({
			resource: 'stock',
			operation: 'update',
			sku: merchant[0].sku,
			quantity: 42,
			options: { marketplaceId: NL },
			testMode: 'always',
		});
		expect(writes(single.fake.http)).toEqual([]);
		expect(single.items[0]).toMatchObject({ testMode: true, status: 'test' });
		expect(single.items[0].wouldSend[0].method).toBe('PATCH');
		const many = merchant.slice(1, 13);
		const bulk = await run(
			{
				resource: 'stock',
				operation: 'update',
				sku: (i: number) => many[i].sku,
				quantity: (i: number) => 100 + i,
				options: { marketplaceId: NL },
				testMode: 'manual',
			},
			{ items: many.map(() => ({ json: {} })), mode: 'manual' },
		);
		expect(writes(bulk.fake.http)).toEqual([]);
		expect(bulk.items).toHaveLength(many.length);
		for (const item of bulk.items) expect(item).toMatchObject({ testMode: true, status: 'test' });
	});

	it('"In Manual Executions" in an active run sends for real', async () => {
		const target = merchantOrder((await state()).orders as Json[]);
		const { items } = await run(
			{
				resource: 'shipment',
				operation: 'create',
				orderId: target.orderId,
				itemsMode: 'allOpen',
				carrier: 'PostNL',
				trackingNumber: '3SABC1234567890',
				shipDate: '',
				options: {},
				testMode: 'manual',
			},
			{ mode: 'trigger' },
		);
		expect(items[0]).toMatchObject({ status: 'shipped' });
	});
});
