/**
 * The Bol node's code against the stateful Bol emulator: real HTTP, real token flow, the spec's request validation,
 * rate-limit headers and asynchronous process statuses. What the node reports must match the emulator's state.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { BolRetailerApi } from '../../credentials/BolRetailerApi.credentials';
import { BolRetailer } from '../../nodes/BolRetailer/BolRetailer.node.ts';
import { BolRetailerTrigger } from '../../nodes/BolRetailer/BolRetailerTrigger.node.ts';
import { orderSchema, returnSchema } from '../helpers/model-schemas.mts';
import { resetRateLimiters } from '../../nodes/shared/transport';
import {
	BOL_DEFAULT_CLIENT_ID,
	BOL_DEFAULT_CLIENT_SECRET,
	startEmulators,
} from '../../sandbox/emulators/index.mts';
import { createContext, type ContextOptions } from '../helpers/context.mts';

type Emulators = Awaited<ReturnType<typeof startEmulators>>;
let emulators: Emulators;
let bolUrl: string;

async function admin(method: string, path: string, body?: unknown) {
	const response = await fetch(`${bolUrl}/__admin/${path}`, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	expect(response.status).toBeLessThan(300);
	return (await response.json()) as Record<string, any>;
}

function context(parameters: ContextOptions['parameters'], extra: Partial<ContextOptions> = {}) {
	return createContext({
		credentialType: new BolRetailerApi(),
		credentials: {
			clientId: BOL_DEFAULT_CLIENT_ID,
			clientSecret: BOL_DEFAULT_CLIENT_SECRET,
			environment: 'custom',
			baseUrl: bolUrl,
			authUrl: `${bolUrl}/token`,
			accessToken: '',
		},
		parameters,
		...extra,
	});
}

async function run(parameters: ContextOptions['parameters'], extra: Partial<ContextOptions> = {}) {
	const fake = context(parameters, extra);
	const output: INodeExecutionData[][] = await new BolRetailer().execute.call(fake.ctx);
	return { items: output[0].map((i) => i.json as Record<string, any>), fake };
}

const state = () => admin('GET', 'state');

beforeAll(async () => {
	// one emulated minute per real second: process statuses (3 s) settle in 50 ms, a token (299 s) lives 5 s.
	// Rate limits are off here; the pacing test below turns them on.
	emulators = await startEmulators({
		services: ['bol'],
		timeScale: 60,
		seed: 7,
		rateLimits: false,
	});
	bolUrl = emulators.urls.bol;
});
afterAll(async () => {
	await emulators?.stop();
});
// every request any operation sent must have passed the emulator's validation against the official bol specs
afterEach(async () => {
	const log = await admin('GET', 'requests');
	const invalid = (
		(log.requests ?? []) as Array<{
			method: string;
			path: string;
			outcome?: string;
			status?: number;
		}>
	).filter(
		(r) => r.outcome === 'invalid' || r.status === 400 || r.status === 415 || r.status === 406,
	);
	expect(invalid).toEqual([]);
});

beforeEach(async () => {
	resetRateLimiters();
	await admin('POST', 'reset', { empty: true });
	await admin('DELETE', 'requests');
	await admin('PATCH', 'config', { rateLimits: false });
});

describe('Bol node against the emulator', () => {
	it('imports every open order, normalized, exactly as the marketplace holds them', async () => {
		await admin('POST', 'seed', { orders: 60, seed: 11 });
		const { items } = await run({
			resource: 'order',
			operation: 'getAll',
			status: 'OPEN',
			returnAll: true,
			options: {},
		});
		for (const order of items) expect(() => orderSchema.parse(order)).not.toThrow();
		// the marketplace's state after the run (bol ships FBB orders on its own as time passes)
		const held = (await state()).state.orders as any[];
		const open = held.filter((o: any) =>
			o.orderItems.some((i: any) => i.quantity - i.quantityShipped - i.quantityCancelled > 0),
		);
		expect(items.length).toBeGreaterThan(10);
		expect(new Set(items.map((o) => o.orderId))).toEqual(new Set(open.map((o: any) => o.orderId)));
		const sample = items[0];
		const source = open.find((o: any) => o.orderId === sample.orderId);
		expect(sample.lines.map((l: any) => l.lineId).sort()).toEqual(
			source.orderItems.map((i: any) => i.orderItemId).sort(),
		);
	});

	it('ships an order with track & trace and the emulator records it', async () => {
		await admin('POST', 'seed', { orders: 20, seed: 3 });
		const { items: orders } = await run({
			resource: 'order',
			operation: 'getAll',
			status: 'OPEN',
			returnAll: true,
			options: { orderTypes: 'skipFbbOrVvb' },
		});
		const order = orders.find((o) =>
			o.lines.every((l: any) => l.quantityOpen > 0 && !l.cancellationRequested),
		);
		expect(order).toBeDefined();
		const { items } = await run({
			resource: 'shipment',
			operation: 'create',
			orderId: order!.orderId,
			itemsMode: 'allOpen',
			carrier: 'PostNL',
			trackAndTrace: '3SBOL0987654321',
			shipmentReference: 'STORE-42',
			options: {},
		});
		expect(items[0]).toMatchObject({ status: 'shipped', transporterCode: 'TNT' });
		const { items: after } = await run({
			resource: 'order',
			operation: 'get',
			orderId: order!.orderId,
			options: {},
		});
		expect(after[0].status).toBe('shipped');
		const snapshot = await state();
		const shipments = (snapshot.state?.shipments ?? snapshot.shipments) as any[];
		expect(JSON.stringify(shipments)).toContain('3SBOL0987654321');
	});

	it('VVB: buys one label (a retry adopts it), downloads it and ships with it; bol records its track & trace', async () => {
		await admin('POST', 'seed', {
			orders: [
				{
					orderId: 'VVB0000001',
					orderItems: [
						{
							ean: '8712345678906',
							quantity: 1,
							fulfilmentMethod: 'FBR',
							distributionParty: 'BOL',
						},
					],
				},
			],
		});
		const vvb = { orderId: 'VVB0000001' };
		const buy = {
			resource: 'shippingLabel',
			operation: 'create',
			orderId: vvb.orderId,
			itemsMode: 'allOpen',
			labelChoice: 'recommended',
			options: {},
		};
		const { items: bought } = await run(buy);
		expect(bought[0]).toMatchObject({ status: 'created', adoptedProcessStatus: false });
		const labelId = bought[0].shippingLabelId as string;
		expect(labelId).toMatch(/^[0-9a-f-]{36}$/);
		// the same input again (Retry On Fail, a re-run): the label bought a moment ago, not a second one
		const { items: again } = await run(buy);
		expect(again[0]).toMatchObject({ shippingLabelId: labelId, adoptedProcessStatus: true });
		const labels = ((await state()).state?.labels ?? []) as any[];
		expect(labels.filter((l) => l.orderId === vvb.orderId)).toHaveLength(1);

		const fake = context({
			resource: 'shippingLabel',
			operation: 'get',
			shippingLabelId: labelId,
		});
		const [[file]] = await new BolRetailer().execute.call(fake.ctx);
		expect(file.json).toMatchObject({ shippingLabelId: labelId, transporterCode: 'TNT' });
		expect(String(file.json.trackAndTrace)).not.toBe('');
		expect(file.binary?.data?.mimeType).toBe('application/pdf');
		await expect(
			run({
				resource: 'shippingLabel',
				operation: 'get',
				shippingLabelId: '00000000-0000-4000-8000-000000000000',
			}),
		).rejects.toThrow(/Shipping label 00000000-0000-4000-8000-000000000000 not found/);

		const { items: shipped } = await run({
			resource: 'shipment',
			operation: 'create',
			orderId: vvb.orderId,
			itemsMode: 'allOpen',
			carrier: '',
			trackAndTrace: '',
			shipmentReference: 'STORE-VVB',
			options: { shippingLabelId: labelId },
		});
		expect(shipped[0]).toMatchObject({ status: 'shipped' });
		const after = await state();
		const shipment = ((after.state?.shipments ?? after.shipments) as any[]).find(
			(s) => s.order.orderId === vvb.orderId,
		);
		expect(JSON.stringify(shipment)).toContain(String(file.json.trackAndTrace));
		expect(
			((after.state?.labels ?? []) as any[]).find((l) => l.shippingLabelId === labelId)
				?.usedByShipmentId,
		).toBeTruthy();
	});

	it('updates stock by EAN and the offers carry the new amounts', async () => {
		await admin('POST', 'seed', { orders: 5, seed: 5 });
		const snapshot = await state();
		const offers = ((snapshot.state?.offers ?? snapshot.offers) as any[])
			.filter((o) => o.fulfilment?.method !== 'FBB')
			.slice(0, 5);
		const { items } = await run(
			{
				resource: 'stock',
				operation: 'update',
				identifyBy: 'ean',
				ean: (i: number) => offers[i].ean,
				quantity: (i: number) => 10 + i,
				options: {},
			},
			{ items: offers.map(() => ({ json: {} })) },
		);
		expect(items.map((i) => i.status)).toEqual(offers.map(() => 'updated'));
		const after = ((await state()).state?.offers ?? (await state()).offers) as any[];
		offers.forEach((offer, i) =>
			expect(after.find((o) => o.offerId === offer.offerId).stock.amount).toBe(10 + i),
		);
	});

	it('cancels an open item and lists, handles and refunds returns', async () => {
		await admin('POST', 'seed', { orders: 30, seed: 9 });
		const { items: orders } = await run({
			resource: 'order',
			operation: 'getAll',
			status: 'OPEN',
			returnAll: true,
			options: { orderTypes: 'fbrOnly' },
		});
		const target = orders.find((o) =>
			o.lines.some(
				(l: any) => l.fulfilment === 'merchant' && l.quantityOpen > 0 && l.quantityShipped === 0,
			),
		);
		const line = target!.lines.find(
			(l: any) => l.fulfilment === 'merchant' && l.quantityOpen > 0 && l.quantityShipped === 0,
		);
		const { items: cancelled } = await run({
			resource: 'order',
			operation: 'cancel',
			orderId: target!.orderId,
			orderItemIds: line.lineId,
			reasonCode: 'OUT_OF_STOCK',
			options: {},
		});
		expect(cancelled[0].status).toBe('cancelled');
		const { items: check } = await run({
			resource: 'order',
			operation: 'get',
			orderId: target!.orderId,
			options: {},
		});
		expect(check[0].lines.find((l: any) => l.lineId === line.lineId).quantityCancelled).toBe(
			line.quantity,
		);

		const { items: returns } = await run({
			resource: 'return',
			operation: 'getAll',
			handled: 'false',
			fulfilmentMethod: 'FBR',
			returnAll: true,
			options: { resolveOrderLines: true },
		});
		for (const r of returns) expect(() => returnSchema.parse(r)).not.toThrow();
		if (returns.length > 0) {
			const rma = returns[0].lines[0];
			const { items: handled } = await run({
				resource: 'return',
				operation: 'handle',
				rmaId: rma.lineId,
				handlingResult: 'RETURN_RECEIVED',
				quantityReturned: rma.quantity,
				options: {},
			});
			expect(handled[0]).toMatchObject({ status: 'handled', refundedByMarketplace: true });
		}
	});

	it('refunds an order: the unshipped item is cancelled, the shipped one gets a return bol refunds', async () => {
		await admin('POST', 'seed', { orders: 2, seed: 12 });
		const snapshot = await state();
		const offers = (snapshot.state.offers as any[]).filter((o) => o.fulfilment?.method !== 'FBB');
		await admin('POST', 'seed', {
			orders: [
				{
					orderItems: [
						{
							ean: offers[0].ean,
							quantity: 1,
							fulfilmentMethod: 'FBR',
							distributionParty: 'RETAILER',
						},
						{
							ean: offers[1].ean,
							quantity: 2,
							quantityShipped: 2,
							fulfilmentMethod: 'FBR',
							distributionParty: 'RETAILER',
						},
					],
				},
			],
		});
		const order = ((await state()).state.orders as any[]).at(-1);
		const { items } = await run({
			resource: 'refund',
			operation: 'create',
			orderId: order.orderId,
			itemsMode: 'all',
			options: {},
		});
		expect(items[0]).toMatchObject({ refundedBy: 'bol', status: 'refunded' });
		expect(items[0].lines.map((l: any) => l.action).sort()).toEqual([
			'cancelled',
			'return_created',
		]);
		const after = (await state()).state;
		const held = (after.orders as any[]).find((o) => o.orderId === order.orderId);
		expect(
			held.orderItems.find((i: any) => i.product.ean === offers[0].ean).quantityCancelled,
		).toBe(1);
		const returned = (after.returns as any[])
			.flatMap((r) => r.returnItems)
			.filter((i: any) => i.orderId === order.orderId);
		expect(returned).toHaveLength(1);
		expect(returned[0].handled).toBe(true);
	});

	it('sends only requests the official spec accepts, with one token for the whole run', async () => {
		await admin('POST', 'seed', { orders: 10, seed: 1 });
		const fake = context({
			resource: 'order',
			operation: 'getAll',
			status: 'ALL',
			returnAll: true,
			options: {},
		});
		await new BolRetailer().execute.call(fake.ctx);
		expect(fake.preAuthentications).toBe(1);
		const log = await admin('GET', 'requests');
		const requests = (log.requests ?? log) as any[];
		expect(requests.length).toBeGreaterThan(1);
		const rejected = requests.filter((r) => (r.status ?? r.response?.status) >= 400);
		expect(rejected).toEqual([]);
	});

	it('paces from the rate-limit headers: no 429 while the limits are enforced', async () => {
		await admin('POST', 'seed', { orders: 12, seed: 4 });
		await admin('PATCH', 'config', { rateLimits: true });
		const { items } = await run({
			resource: 'order',
			operation: 'getAll',
			status: 'ALL',
			returnAll: true,
			options: {},
		});
		expect(items.length).toBeGreaterThan(8);
		const log = await admin('GET', 'requests');
		const requests = (log.requests ?? log) as any[];
		expect(requests.filter((r) => (r.status ?? r.response?.status) === 429)).toEqual([]);
	});

	it('the trigger emits each new order once across polls', async () => {
		const staticData = {};
		const poll = async () => {
			const fake = context(
				{ event: 'newOrder', options: { syncFrom: '2000-01-01T00:00:00Z' } },
				{ staticData },
			);
			const result = await new BolRetailerTrigger().poll.call(fake.ctx);
			return result ? result[0].map((i) => i.json.orderId as string) : [];
		};
		await admin('POST', 'seed', { orders: 8, seed: 21 });
		const first = await poll();
		expect(first.length).toBeGreaterThan(0);
		expect(await poll()).toEqual([]);
		await admin('POST', 'seed', { orders: 3, seed: 22, withinHours: 0.01 });
		const third = await poll();
		expect(third.filter((id) => first.includes(id))).toEqual([]);
		expect(await poll()).toEqual([]);
	});
});

describe('Bol node in test mode', () => {
	async function offers() {
		await admin('POST', 'seed', { orders: 5, seed: 5 });
		const snapshot = await state();
		return ((snapshot.state?.offers ?? snapshot.offers) as any[])
			.filter((o) => o.fulfilment?.method !== 'FBB')
			.slice(0, 2);
	}
	const stockParameters = (list: any[], testMode: string) => ({
		resource: 'stock',
		operation: 'update',
		identifyBy: 'ean',
		ean: (i: number) => list[i].ean,
		quantity: (i: number) => 70 + i,
		options: {},
		testMode,
	});
	async function writes() {
		const log = await admin('GET', 'requests');
		return ((log.requests ?? []) as Array<{ method: string; path: string }>).filter(
			(r) => r.method !== 'GET' && !r.path.endsWith('/token') && !r.path.includes('process-status'),
		);
	}

	for (const [testMode, mode] of [
		['always', 'trigger'],
		['manual', 'manual'],
	] as const) {
		it(`stock update with ${testMode} in a ${mode} run sends no write and says what it would send`, async () => {
			const list = await offers();
			await admin('DELETE', 'requests');
			const { items } = await run(stockParameters(list, testMode), {
				items: list.map(() => ({ json: {} })),
				mode,
			});
			expect(await writes()).toEqual([]);
			expect(items).toHaveLength(list.length);
			for (const item of items) {
				expect(item).toMatchObject({ testMode: true, status: 'test' });
				expect(item.wouldSend[0].method).toMatch(/PUT|POST|PATCH|DELETE/);
				expect(item.processStatusId).toBeUndefined();
			}
			const after = ((await state()).state?.offers ?? (await state()).offers) as any[];
			list.forEach((offer) =>
				expect(after.find((o) => o.offerId === offer.offerId).stock.amount).toBe(
					offer.stock.amount,
				),
			);
		});
	}

	it('in manual executions only: an active (trigger) run sends for real', async () => {
		const list = await offers();
		const { items } = await run(stockParameters(list, 'manual'), {
			items: list.map(() => ({ json: {} })),
			mode: 'trigger',
		});
		expect(items.map((i) => i.status)).toEqual(list.map(() => 'updated'));
		expect((await writes()).length).toBeGreaterThan(0);
	});

	it('off: unchanged, even in a manual run', async () => {
		const list = await offers();
		const { items } = await run(stockParameters(list, 'off'), {
			items: list.map(() => ({ json: {} })),
			mode: 'manual',
		});
		expect(items.map((i) => i.status)).toEqual(list.map(() => 'updated'));
	});

	it('ships, cancels nothing for real in test mode (shipment create)', async () => {
		await admin('POST', 'seed', { orders: 20, seed: 3 });
		const { items: orders } = await run({
			resource: 'order',
			operation: 'getAll',
			status: 'OPEN',
			returnAll: true,
			options: { orderTypes: 'skipFbbOrVvb' },
		});
		const order = orders.find((o) =>
			o.lines.every((l: any) => l.quantityOpen > 0 && !l.cancellationRequested),
		);
		await admin('DELETE', 'requests');
		const { items } = await run(
			{
				resource: 'shipment',
				operation: 'create',
				orderId: order!.orderId,
				itemsMode: 'allOpen',
				carrier: 'PostNL',
				trackAndTrace: '3SBOL0987654321',
				options: {},
				testMode: 'manual',
			},
			{ mode: 'manual' },
		);
		expect(await writes()).toEqual([]);
		expect(items[0]).toMatchObject({ testMode: true, status: 'test' });
		expect(JSON.stringify(items[0].wouldSend)).toContain('3SBOL0987654321');
	});
});

describe('Bol node: a Test Mode that cannot be read', () => {
	it('fails the item naming testMode and its allowed values, and sends nothing (never falls back to "off")', async () => {
		await admin('POST', 'seed', { orders: 5, seed: 4 });
		const { items: orders } = await run({
			resource: 'order',
			operation: 'getAll',
			returnAll: true,
			status: 'OPEN',
			options: {},
		});
		await admin('DELETE', 'requests');
		await expect(
			run(
				{
					resource: 'order',
					operation: 'cancel',
					orderId: orders[0].orderId,
					orderItemIds: orders[0].lines[0].lineId,
					reasonCode: 'OUT_OF_STOCK',
					options: {},
					testMode: 'Manual',
				},
				{ mode: 'manual' },
			),
		).rejects.toThrow(
			/"Test Mode" \(testMode\): got "Manual"\. Allowed: "off", "manual", "always"/,
		);
		const log = await admin('GET', 'requests');
		const sent = ((log.requests ?? []) as Array<{ method: string; path: string }>).filter(
			(r) => r.method !== 'GET' && !r.path.endsWith('/token'),
		);
		expect(sent).toEqual([]);
	});
});

describe('Bol node in test mode: cancel, returns, refund', () => {
	it('sends no write for order cancel, return create/handle and refund, and says what it would send', async () => {
		await admin('POST', 'seed', { orders: 30, seed: 9 });
		const { items: orders } = await run({
			resource: 'order',
			operation: 'getAll',
			status: 'OPEN',
			returnAll: true,
			options: { orderTypes: 'fbrOnly' },
		});
		const target = orders.find((o) =>
			o.lines.some((l: any) => l.fulfilment === 'merchant' && l.quantityOpen > 0),
		)!;
		const line = target.lines.find((l: any) => l.fulfilment === 'merchant' && l.quantityOpen > 0);
		await admin('DELETE', 'requests');
		const runs = [
			{
				resource: 'order',
				operation: 'cancel',
				orderId: target.orderId,
				orderItemIds: line.lineId,
				reasonCode: 'OUT_OF_STOCK',
				options: {},
			},
			{
				resource: 'return',
				operation: 'create',
				orderItemId: line.lineId,
				quantityReturned: 1,
				handlingResult: 'RETURN_RECEIVED',
				options: {},
			},
			{
				resource: 'return',
				operation: 'handle',
				rmaId: '12345678',
				handlingResult: 'RETURN_RECEIVED',
				quantityReturned: 1,
				options: {},
			},
			{
				resource: 'refund',
				operation: 'create',
				orderId: target.orderId,
				itemsMode: 'all',
				options: {},
			},
		];
		for (const parameters of runs) {
			const { items, fake } = await run({ ...parameters, testMode: 'always' });
			expect(items, `${parameters.resource} ${parameters.operation}`).toHaveLength(1);
			expect(items[0]).toMatchObject({ testMode: true, status: 'test' });
			expect(items[0].wouldSend.length).toBeGreaterThan(0);
			expect(items[0].processStatusId).toBeUndefined();
			expect(
				fake.http.filter((h) => h.method !== 'GET' && !/\/token|process-status/.test(h.url)),
			).toEqual([]);
		}
		const log = await admin('GET', 'requests');
		expect(
			((log.requests ?? []) as Array<{ method: string; path: string }>).filter(
				(r) => r.method !== 'GET' && !r.path.endsWith('/token'),
			),
		).toEqual([]);
		const held = ((await state()).state.orders as any[]).find((o) => o.orderId === target.orderId);
		expect(held.orderItems.find((i: any) => i.orderItemId === line.lineId).quantityCancelled).toBe(
			line.quantityCancelled,
		);
	});
});
