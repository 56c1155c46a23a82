/**
 * The Zalando node and trigger against the stateful Zalando emulator: real HTTP, the client-credentials token flow,
 * JSON:API documents, the line state machine, the spec's request validation and the stock API's 207 answers. What the
 * node reports must match the emulator's state, and every request it sends must pass the spec.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ZalandoZDirectApi } from '../../credentials/ZalandoZDirectApi.credentials';
import { resetRateLimiters } from '../../nodes/shared/transport';
import { ZalandoZDirect } from '../../nodes/ZalandoZDirect/ZalandoZDirect.node';
import { ZalandoZDirectTrigger } from '../../nodes/ZalandoZDirect/ZalandoZDirectTrigger.node';
import { startEmulators } from '../../sandbox/emulators/index.mts';
import {
	ZALANDO_DEFAULT_CLIENT_ID,
	ZALANDO_DEFAULT_CLIENT_SECRET,
} from '../../sandbox/emulators/zalando/auth.mts';
import {
	ZALANDO_DEFAULT_MERCHANT_ID,
	ZALANDO_SALES_CHANNEL_DE,
} from '../../sandbox/emulators/zalando/seed.mts';
import { createContext, type ContextOptions } from '../helpers/context.mts';
import { orderSchema, returnSchema } from '../helpers/model-schemas.mts';

type Json = Record<string, any>;
let emulators: Awaited<ReturnType<typeof startEmulators>>;
let url: string;

async function admin(method: string, path: string, body?: unknown): Promise<Json> {
	const response = await fetch(`${url}/__admin/${path}`, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	expect(response.status).toBeLessThan(300);
	return (await response.json()) as Json;
}

const state = async () => (await admin('GET', 'state')).state as Json;
const orderState = async (orderId: string) =>
	((await state()).orders as Json[]).find((o) => o.id === orderId)!;
const lineStatuses = (order: Json) =>
	(order.included as Json[])
		.filter((r) => r.type === 'OrderLine')
		.map((r) => r.attributes.status as string);

function context(parameters: ContextOptions['parameters'], extra: Partial<ContextOptions> = {}) {
	return createContext({
		credentialType: new ZalandoZDirectApi(),
		credentials: {
			clientId: ZALANDO_DEFAULT_CLIENT_ID,
			clientSecret: ZALANDO_DEFAULT_CLIENT_SECRET,
			merchantId: '',
			environment: 'custom',
			baseUrl: url,
			accessToken: '',
		},
		parameters,
		nodeType: 'n8n-nodes-marketplace-sync.zalandoZDirect',
		...extra,
	});
}

async function run(parameters: ContextOptions['parameters'], extra: Partial<ContextOptions> = {}) {
	const fake = context(parameters, extra);
	const output: INodeExecutionData[][] = await new ZalandoZDirect().execute.call(fake.ctx);
	return { items: output[0].map((i) => i.json as Json), fake };
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const EAN_A = '8712345678906';
const EAN_B = '4006381333931';
// [unverified] whether Zalando's `external_id` holds the EAN or the merchant's SKU: these orders carry the EAN there

async function seedOrder(orderId: string, extra: Json = {}) {
	await admin('POST', 'seed', {
		orders: [
			{
				orderId,
				status: 'approved',
				items: [
					{ ean: EAN_A, externalId: EAN_A, quantity: 2, lineStatus: 'initial', price: 59.95 },
					{ ean: EAN_B, externalId: EAN_B, quantity: 1, lineStatus: 'initial', price: 20 },
				],
				...extra,
			},
		],
	});
}

beforeAll(async () => {
	emulators = await startEmulators({ services: ['zalando'], seed: 11, rateLimits: false });
	url = emulators.urls.zalando;
});
afterAll(async () => {
	await emulators?.stop();
});
beforeEach(async () => {
	resetRateLimiters();
	await admin('POST', 'reset', { empty: true });
});
// every request the node sent must have passed the emulator's validation against Zalando's specs
afterEach(async () => {
	const log = await admin('GET', 'requests');
	const invalid = ((log.requests ?? []) as Json[]).filter(
		(r) => r.outcome === 'invalid' || [400, 406, 415].includes(r.status as number),
	);
	expect(invalid).toEqual([]);
});

describe('Zalando node against the emulator', () => {
	it('lists the approved order, accepts it once, and reads it back as exported', async () => {
		await seedOrder(uuid(1));
		const listed = await run({
			resource: 'order',
			operation: 'getAll',
			status: 'approved',
			returnAll: true,
			filters: { exported: 'notExported' },
		});
		expect(listed.items.map((o) => o.orderId)).toEqual([uuid(1)]);
		const order = orderSchema.parse(listed.items[0]);
		expect(order.lines.map((l) => [l.ean, l.quantity, l.quantityOpen])).toEqual([
			[EAN_A, 2, 2],
			[EAN_B, 1, 1],
		]);
		expect(order.deadlines.acceptBy).not.toBeNull();

		const accepted = await run({
			resource: 'order',
			operation: 'accept',
			orderId: uuid(1),
			merchantOrderId: '100042',
		});
		expect(accepted.items[0]).toMatchObject({ alreadyAccepted: false, extra: { exported: true } });
		const again = await run({
			resource: 'order',
			operation: 'accept',
			orderId: uuid(1),
			merchantOrderId: '100042',
		});
		expect(again.items[0]).toMatchObject({ alreadyAccepted: true });
		const stored = await orderState(uuid(1));
		expect(stored.attributes).toMatchObject({ exported: true, merchant_order_id: '100042' });
		const patches = ((await admin('GET', 'requests?method=PATCH')).requests as Json[]).length;
		expect(patches).toBe(1);
		// one token per run (each run here starts without a stored token), never one per call
		const calls = ((await admin('GET', 'requests')).requests as Json[]).filter(
			(r) => !String(r.path).startsWith('/auth/token'),
		).length;
		expect(calls).toBe(8);
		expect((await state()).counters.tokensIssued).toBe(3);
	});

	it('ships with tracking and return tracking, lines after the 5 s Zalando asks for', async () => {
		await seedOrder(uuid(2), { exported: true, merchantOrderId: '100043' });
		const { items } = await run({
			resource: 'shipment',
			operation: 'create',
			orderId: uuid(2),
			trackingNumber: '00340434161234567890',
			returnTrackingNumber: 'RT123456789DE',
			itemsMode: 'allOpen',
		});
		expect(items[0]).toMatchObject({ status: 'shipped', trackingSent: true });
		const stored = await orderState(uuid(2));
		expect(stored.attributes).toMatchObject({
			tracking_number: '00340434161234567890',
			return_tracking_number: 'RT123456789DE',
			status: 'fulfilled',
		});
		expect(lineStatuses(stored)).toEqual(['shipped', 'shipped', 'shipped']);
		expect((await state()).counters.shippedTooSoonAfterTracking).toBe(0);

		// another tracking number for the same order: refused before anything is sent
		const second = await run(
			{
				resource: 'shipment',
				operation: 'create',
				orderId: uuid(2),
				trackingNumber: 'OTHER123',
				returnTrackingNumber: 'RT123456789DE',
				itemsMode: 'allOpen',
			},
			{ continueOnFail: true },
		);
		expect(second.items[0].error).toMatch(/already has \(00340434161234567890\)/);
	}, 20_000);

	it('refund: cancels the open units and returns the shipped ones; Zalando then shows the order fulfilled', async () => {
		await admin('POST', 'seed', {
			orders: [
				{
					orderId: uuid(3),
					status: 'approved',
					exported: true,
					trackingNumber: 'T1',
					returnTrackingNumber: 'R1',
					items: [{ ean: EAN_A, lineStatuses: ['shipped', 'initial'] }],
				},
			],
		});
		const { items } = await run({
			resource: 'refund',
			operation: 'create',
			orderId: uuid(3),
			itemsMode: 'allOpen',
			reason: 2,
		});
		expect(items[0]).toMatchObject({ status: 'refunded', cancelled: 1, returned: 1 });
		const stored = await orderState(uuid(3));
		expect(lineStatuses(stored).sort()).toEqual(['canceled', 'returned']);
		expect(stored.attributes.status).toBe('fulfilled');
		// a second run sends nothing: every unit is done
		const again = await run({
			resource: 'refund',
			operation: 'create',
			orderId: uuid(3),
			itemsMode: 'allOpen',
			reason: 2,
		});
		expect(again.items[0]).toMatchObject({ status: 'nothing_to_refund' });
	});

	it('stock: one request for all items, each with its own result; an unknown EAN fails alone', async () => {
		await admin('POST', 'seed', { articles: [{ ean: EAN_A }, { ean: EAN_B }] });
		const eans = [EAN_A, '5901234123457', EAN_B];
		const { items } = await run(
			{
				resource: 'stock',
				operation: 'update',
				ean: (i: number) => eans[i],
				quantity: (i: number) => 5 + i,
				salesChannelId: ZALANDO_SALES_CHANNEL_DE,
			},
			{ items: eans.map(() => ({ json: {} })), continueOnFail: true },
		);
		expect(items.map((i) => i.status ?? 'error')).toEqual(['updated', 'error', 'updated']);
		expect(items[1].error).toMatch(/REJECTED \(code 101/);
		const stocks = (await state()).stocks as Json[];
		expect(stocks.map((s) => [s.ean, s.quantity]).sort()).toEqual([
			[EAN_B, 7],
			[EAN_A, 5],
		]);
		expect((await state()).counters.stockRequests).toBe(1);
	});

	it('returns: an announced return spanning two orders, handled line by line', async () => {
		for (const id of [uuid(4), uuid(5)])
			await admin('POST', 'seed', {
				orders: [
					{
						orderId: id,
						status: 'fulfilled',
						exported: true,
						trackingNumber: `T-${id.slice(-1)}`,
						returnTrackingNumber: `R-${id.slice(-1)}`,
						items: [{ ean: EAN_A, externalId: EAN_A, lineStatuses: ['shipped'] }],
					},
				],
			});
		await admin('POST', 'seed', {
			announcedReturns: [
				{ announcedReturnId: 'ar-1', orders: [{ orderId: uuid(4) }, { orderId: uuid(5) }] },
			],
		});
		const listed = await run({ resource: 'return', operation: 'getAll', returnAll: true });
		const announced = returnSchema.parse(listed.items[0]);
		expect(announced.orderIds).toEqual([uuid(4), uuid(5)]);
		expect(announced.lines.map((l) => [l.orderId, l.ean, l.handled])).toEqual([
			[uuid(4), EAN_A, false],
			[uuid(5), EAN_A, false],
		]);
		const line = announced.lines[0];
		const handled = await run({
			resource: 'return',
			operation: 'handle',
			orderId: line.orderId,
			orderLineIds: line.lineId,
			reason: 3,
		});
		expect(handled.items[0]).toMatchObject({ status: 'returned', reasonName: 'SIZE_SMALL' });
		expect(lineStatuses(await orderState(uuid(4)))).toEqual(['returned']);
		const after = await run({ resource: 'return', operation: 'getAll', returnAll: true });
		expect((after.items[0].lines as Json[]).map((l) => l.handled)).toEqual([true, false]);
	});

	it('trigger: emits the new order once over two polls and never an exported one', async () => {
		const staticData: IDataObject = {};
		const poll = async () => {
			const fake = context({ event: 'newOrder', options: {} }, { staticData });
			const result = await new ZalandoZDirectTrigger().poll.call(fake.ctx);
			return result ? result[0].map((i) => i.json.orderId) : null;
		};
		await seedOrder(uuid(6));
		expect(await poll()).toBeNull(); // activation: what is there is not new
		await seedOrder(uuid(7));
		await seedOrder(uuid(8), { exported: true, merchantOrderId: '1' });
		expect(await poll()).toEqual([uuid(7)]);
		expect(await poll()).toBeNull();
	});

	it('trigger: a new announced return is emitted once, with its lines looked up; one there before activation is not', async () => {
		const staticData: IDataObject = {};
		const poll = async () => {
			const fake = context({ event: 'newReturn', options: {} }, { staticData });
			const result = await new ZalandoZDirectTrigger().poll.call(fake.ctx);
			return result ? result[0].map((i) => i.json as Json) : null;
		};
		for (const id of [uuid(11), uuid(12)])
			await admin('POST', 'seed', {
				orders: [
					{
						orderId: id,
						status: 'fulfilled',
						exported: true,
						trackingNumber: `T-${id.slice(-2)}`,
						returnTrackingNumber: `R-${id.slice(-2)}`,
						items: [{ ean: EAN_A, externalId: EAN_A, lineStatuses: ['shipped'] }],
					},
				],
			});
		await admin('POST', 'seed', {
			announcedReturns: [{ announcedReturnId: 'ar-before', orders: [{ orderId: uuid(11) }] }],
		});
		expect(await poll()).toBeNull(); // activation: the return announced before is not new
		await admin('POST', 'seed', {
			announcedReturns: [{ announcedReturnId: 'ar-new', orders: [{ orderId: uuid(12) }] }],
		});
		const emitted = await poll();
		expect(emitted).toHaveLength(1);
		const announced = returnSchema.parse(emitted![0]);
		expect(announced.orderIds).toEqual([uuid(12)]);
		expect(announced.lines.map((l) => [l.orderId, l.ean, l.handled])).toEqual([
			[uuid(12), EAN_A, false],
		]);
		expect(await poll()).toBeNull();
	});

	it('trigger: an order whose line Zalando or the merchant changed is emitted once per change', async () => {
		const staticData: IDataObject = {};
		const poll = async () => {
			const fake = context({ event: 'orderChanged', options: {} }, { staticData });
			const result = await new ZalandoZDirectTrigger().poll.call(fake.ctx);
			return result ? result[0].map((i) => i.json as Json) : null;
		};
		await seedOrder(uuid(13), { exported: true, merchantOrderId: '13' });
		expect(await poll()).toBeNull(); // activation
		const cancelled = await run({
			resource: 'order',
			operation: 'cancel',
			orderId: uuid(13),
			itemsMode: 'allOpen',
		});
		expect(cancelled.items[0]).toMatchObject({ status: 'cancelled' });
		const emitted = await poll();
		expect(emitted?.map((order) => order.orderId)).toEqual([uuid(13)]);
		const order = orderSchema.parse(emitted![0]);
		expect(order.lines.every((line) => line.status === 'cancelled')).toBe(true);
		expect(emitted![0].change).toMatchObject({ changedAt: expect.any(String) });
		expect(await poll()).toBeNull();
	});

	it('reads the merchant from /auth/me when the credential has none', async () => {
		const { items } = await run({
			resource: 'order',
			operation: 'getAll',
			status: 'all',
			returnAll: true,
		});
		expect(items).toEqual([]);
		const me = ((await admin('GET', 'requests?path=/auth/me')).requests as Json[]).length;
		expect(me).toBe(1);
		const list = ((await admin('GET', 'requests?method=GET')).requests as Json[]).find((r) =>
			String(r.path).startsWith('/merchants/'),
		);
		expect(list?.path).toBe(`/merchants/${ZALANDO_DEFAULT_MERCHANT_ID}/orders`);
	});
});

describe('Zalando node: split parcels (Shipments API pilot) and ZSS documents against the emulator', () => {
	const parcels = (extra: Json = {}) => ({
		resource: 'shipment',
		operation: 'create',
		method: 'shipmentsApi',
		orderId: uuid(20),
		options: {},
		parcels: JSON.stringify([
			{
				items: [{ ean: EAN_A, quantity: 1 }],
				weight: 800,
				trackingNumber: 'PARCEL-A-1',
				returnTrackingNumber: 'RET-A-1',
				merchantShipmentId: 'WH-1',
			},
			{
				items: [{ ean: EAN_B }],
				weight: 300,
				trackingNumber: 'PARCEL-B-1',
				returnTrackingNumber: 'RET-B-1',
			},
		]),
		...extra,
	});
	const writes = async () =>
		((await admin('GET', 'requests')).requests as Json[]).filter(
			(r) => r.method !== 'GET' && String(r.path).includes('/shipments'),
		);

	it('ships two parcels as two shipments, leaves the third unit open, and a re-run creates nothing', async () => {
		await seedOrder(uuid(20), { exported: true, merchantOrderId: '100050' });
		const { items } = await run(parcels());
		expect(items[0]).toMatchObject({ method: 'shipmentsApi', status: 'shipped' });
		const [a, b] = items[0].parcels as Json[];
		expect(a).toMatchObject({
			parcel: 1,
			status: 'shipped',
			trackingNumber: 'PARCEL-A-1',
			weight: { value: 800, unit: 'g' },
			merchantShipmentId: 'WH-1',
		});
		expect((a.lines as Json[]).map((l) => l.status)).toEqual(['shipped']);
		expect((b.lines as Json[]).map((l) => l.status)).toEqual(['shipped']);
		expect((items[0].linesNotInParcels as Json[]).map((l) => l.status)).toEqual(['initial']);

		const stored = await orderState(uuid(20));
		expect(lineStatuses(stored)).toEqual(['shipped', 'initial', 'shipped']);
		expect(stored.attributes.status).toBe('approved');
		const shipments = stored.shipments as Json[];
		expect(
			shipments.map((s) => [s.status, s.tracking_number ?? null, s.order_lines.length]),
		).toEqual([
			['initial', null, 1],
			['shipped', 'PARCEL-A-1', 1],
			['shipped', 'PARCEL-B-1', 1],
		]);
		expect(shipments[1]).toMatchObject({
			shipment_id: a.shipmentId,
			return_tracking_number: 'RET-A-1',
			merchant_specified_shipment_id: 'WH-1',
			weight: { value: 800, unit: 'g' },
		});
		expect((await writes()).map((r) => r.method)).toEqual(['POST', 'PATCH', 'POST', 'PATCH']);

		// a re-run (Retry On Fail, a second poll) reports the parcels, sends nothing
		const again = await run(parcels());
		expect(again.items[0]).toMatchObject({ status: 'alreadyShipped' });
		expect((again.items[0].parcels as Json[]).map((p) => [p.status, p.shipmentId])).toEqual([
			['alreadyShipped', a.shipmentId],
			['alreadyShipped', b.shipmentId],
		]);
		expect(await writes()).toHaveLength(4);

		// the last unit in a third parcel: "allOpen" takes what is left, and the order is fulfilled
		const rest = await run(
			parcels({
				parcels: [
					{
						items: 'allOpen',
						weight: 700,
						trackingNumber: 'PARCEL-C-1',
						returnTrackingNumber: 'RET-C-1',
					},
				],
			}),
		);
		expect((rest.items[0].parcels as Json[])[0].lines).toHaveLength(1);
		const done = await orderState(uuid(20));
		expect(lineStatuses(done)).toEqual(['shipped', 'shipped', 'shipped']);
		expect(done.attributes.status).toBe('fulfilled');
	});

	it('refuses an order already shipped line by line before sending anything; the emulator refuses the reverse', async () => {
		await admin('POST', 'seed', {
			orders: [
				{
					orderId: uuid(21),
					status: 'approved',
					exported: true,
					trackingNumber: 'T-21',
					returnTrackingNumber: 'R-21',
					items: [{ ean: EAN_A, externalId: EAN_A, lineStatuses: ['shipped', 'initial'] }],
				},
			],
		});
		const mixed = await run(
			parcels({
				orderId: uuid(21),
				parcels: [
					{ items: 'allOpen', weight: 500, trackingNumber: 'P-21', returnTrackingNumber: 'RP-21' },
				],
			}),
			{ continueOnFail: true },
		);
		expect(mixed.items[0].error).toMatch(/already shipped line by line.*does not allow mixing/);
		expect(mixed.items[0].errorDescription).toMatch(/Method "Line Status"/);
		expect(await writes()).toEqual([]);

		// the other way round: parcels first, then Line Status on the same order is refused by Zalando
		await seedOrder(uuid(22), { exported: true, merchantOrderId: '100052' });
		await run(
			parcels({
				orderId: uuid(22),
				parcels: [
					{
						items: [{ ean: EAN_B }],
						weight: 300,
						trackingNumber: 'P-22',
						returnTrackingNumber: 'RP-22',
					},
				],
			}),
		);
		const lines = await run(
			{
				resource: 'shipment',
				operation: 'create',
				orderId: uuid(22),
				trackingNumber: 'T-22',
				returnTrackingNumber: 'R-22',
				itemsMode: 'allOpen',
			},
			{ continueOnFail: true },
		);
		expect(lines.items[0].error).toMatch(/403.*fulfilled through the Shipments API/);
		expect(lineStatuses(await orderState(uuid(22)))).toEqual(['initial', 'initial', 'shipped']);
	}, 20_000);

	it('pilot not enabled: a clear error that names the integration manager and Line Status; nothing changes', async () => {
		await seedOrder(uuid(23), { exported: true, merchantOrderId: '100053' });
		await admin('PATCH', 'config', { shipmentsPilot: false });
		const refused = await run(parcels({ orderId: uuid(23) }), { continueOnFail: true });
		expect(refused.items[0].error).toMatch(
			/Zalando refused the Shipments API for order .*pilot.*not enabled for this account/,
		);
		expect(refused.items[0].errorDescription).toMatch(/integration manager.*"Line Status"/);
		expect(await writes()).toEqual([]);
		expect(lineStatuses(await orderState(uuid(23)))).toEqual(['initial', 'initial', 'initial']);
		await admin('PATCH', 'config', { shipmentsPilot: true });
	});

	it('lists the ZSS documents of an exported order and downloads a label as a PDF file', async () => {
		await seedOrder(uuid(24), { exported: true, merchantOrderId: '100054' });
		const listed = await run({
			resource: 'shippingDocument',
			operation: 'getAll',
			orderId: uuid(24),
		});
		expect(listed.items.map((d) => d.type)).toEqual([
			'OUTBOUND_LABEL',
			'RETURN_LABEL',
			'DELIVERY_SLIP',
		]);
		expect(listed.items.every((d) => d.orderId === uuid(24))).toBe(true);
		const label = listed.items.find((d) => d.type === 'RETURN_LABEL')!;

		const fake = context({
			resource: 'shippingDocument',
			operation: 'download',
			documentId: label.id,
			binaryProperty: 'label',
		});
		const [[downloaded]] = await new ZalandoZDirect().execute.call(fake.ctx);
		expect(downloaded.json).toMatchObject({
			documentId: label.id,
			fileName: `zalando-${label.id}.pdf`,
		});
		const file = downloaded.binary!.label;
		expect(file.mimeType).toBe('application/pdf');
		const pdf = Buffer.from(file.data, 'base64');
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
		expect(downloaded.json.bytes).toBe(pdf.length);
		expect((await state()).counters.documentsDownloaded).toBe(1);
		const sent = (
			(await admin('GET', 'requests?path=/zss/shipping-documents')).requests as Json[]
		).map((r) => r.path);
		expect(sent).toContain(`/zss/shipping-documents/${label.id}`);
	});
});
