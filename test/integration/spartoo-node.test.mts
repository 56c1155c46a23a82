/**
 * The Spartoo node and trigger against the stateful Spartoo emulator: real HTTP, form bodies, both XML envelopes, the
 * order and return status machines and the hourly quota (-429) on the emulated clock. What the node reports must match
 * the emulator's state. (The wire basics, accept/ship, stock and delivery slips are also in
 * test/emulators/spartoo-node.test.mts; this file covers the lifecycle edges, the quota and the trigger.)
 */
import type { IDataObject } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { Clock } from '../../nodes/shared/clock';
import { SpartooTrigger } from '../../nodes/Spartoo/SpartooTrigger.node';
import { EmulatedClock } from '../../sandbox/emulators/core/clock.mts';
import type { RunningService } from '../../sandbox/emulators/core/server.mts';
import {
	SPARTOO_DEFAULT_PARTNER_KEY,
	SPARTOO_RATE_LIMITS,
	spartooService,
} from '../../sandbox/emulators/spartoo/index.mts';
import { admin, start, type Json } from '../emulators/helpers.mts';
import { installClock } from '../helpers/clock.mts';
import { orderSchema, returnSchema } from '../helpers/model-schemas.mts';
import { runSpartoo, spartooContext, spartooCredentials } from '../helpers/spartoo.mts';

const START = Date.parse('2026-07-01T10:00:00Z');
let spartoo: RunningService;
let url: string;
let emulatorClock: EmulatedClock;
let restoreClock: () => void;

/** The node's clock is the emulator's: a wait of the node moves the emulated time (the -429 window). */
class SharedClock implements Clock {
	sleeps: number[] = [];
	now = () => emulatorClock.now();
	random = () => 0.5;
	sleep = async (ms: number) => {
		this.sleeps.push(ms);
		emulatorClock.advance(ms);
	};
}
let clock: SharedClock;

const credentials = (extra: Json = {}) =>
	spartooCredentials({ apiKey: SPARTOO_DEFAULT_PARTNER_KEY, baseUrl: url, ...extra });
const run = (parameters: Json, extra: Json = {}) =>
	runSpartoo(parameters, { credentials: credentials(), ...extra });
const state = async () => (await admin(url, 'GET', 'state')).body.state as Json;
const orders = async () => (await state()).orders as Json[];
const order = async (id: string) => (await orders()).find((o) => o.orders_id === id) as Json;
const returns = async () => (await state()).returns as Json[];
const calls = async (script: string) =>
	(((await state()).counters as Json).calls[script] as number | undefined) ?? 0;

beforeAll(async () => {
	emulatorClock = new EmulatedClock({ start: START });
	spartoo = await start(spartooService(), { seed: 21, clock: emulatorClock });
	url = spartoo.url;
});
afterAll(async () => {
	await spartoo.stop();
});
beforeEach(async () => {
	emulatorClock.set(START);
	await admin(url, 'POST', 'reset', {});
	await admin(url, 'PUT', 'rate-limits', { profile: SPARTOO_RATE_LIMITS });
	clock = new SharedClock();
	restoreClock = installClock(clock).restore;
});
afterEach(() => restoreClock());

describe('Spartoo node x emulator: orders', () => {
	it('every seeded order normalizes to the model: accents, relay points, totals, statuses', async () => {
		const seeded = await orders();
		const { items } = await run({
			resource: 'order',
			operation: 'getAll',
			since: '2000-01-01T00:00:00Z',
			status: 'all',
			returnAll: true,
			options: { productIdentification: 'sizeReference' },
		});
		expect(items).toHaveLength(seeded.length);
		for (const item of items) {
			const json = item.json as Json;
			expect(() => orderSchema.parse(json)).not.toThrow();
			const truth = seeded.find((o) => o.orders_id === json.orderId) as Json;
			expect(json.extra.spartooStatus).toBe(truth.status);
			expect(json.extra.shippingName).toBe(truth.shippingName);
			// Spartoo's XML has whole seconds (Paris time): the same instant, to the second
			expect(json.createdAt).toBe(
				new Date(Math.floor(Date.parse(truth.purchasedAt) / 1000) * 1000).toISOString(),
			);
			expect(json.lines.map((l: Json) => l.sku)).toEqual(
				(truth.lines as Json[]).map((l) => l.sizeReference),
			);
			expect(json.totals.total).toBeCloseTo(truth.total, 2);
			expect(json.shippingAddress.city).toBe(truth.delivery.city);
			if (truth.relay) expect(json.shippingAddress.pickupPoint?.id).toBe(truth.relay.id);
			else expect(json.shippingAddress.pickupPoint).toBeNull();
		}
	});

	it('Cancel takes an accepted order to 41; a shipped one is refused without an update call', async () => {
		const accepted = (await orders()).find((o) => o.status === 2) as Json;
		const shipped = (await orders()).find((o) => o.status === 3) as Json;
		const before = await calls('xml_maj_orders.php');
		const { items } = await run(
			{
				resource: 'order',
				operation: 'cancel',
				orderId: (i: number) => [accepted, shipped][i].orders_id,
				options: {},
			},
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(items[0].json).toMatchObject({ cancelled: true, status: 'cancelled' });
		expect((await order(accepted.orders_id)).status).toBe(41);
		expect(items[1].json.error).toMatch(/A shipped order cannot be cancelled/);
		expect((await order(shipped.orders_id)).status).toBe(3);
		expect(await calls('xml_maj_orders.php')).toBe(before + 1);
	});

	it('Mark Lost and Mark Failed Delivery move shipped orders to 45 and 47', async () => {
		const [a, b] = (await orders()).filter((o) => o.status === 3);
		await run({ resource: 'order', operation: 'markLost', orderId: a.orders_id, options: {} });
		await run({
			resource: 'order',
			operation: 'markFailedDelivery',
			orderId: b.orders_id,
			options: {},
		});
		expect([(await order(a.orders_id)).status, (await order(b.orders_id)).status]).toEqual([
			45, 47,
		]);
	});

	it('Test Mode sends no update: the emulator state is unchanged', async () => {
		const waiting = (await orders()).find((o) => o.status === 11) as Json;
		const { items } = await run({
			resource: 'order',
			operation: 'accept',
			orderId: waiting.orders_id,
			testMode: 'always',
			options: {},
		});
		expect(items[0].json).toMatchObject({ testMode: true, success: false });
		expect((await order(waiting.orders_id)).status).toBe(11);
	});
});

describe('Spartoo node x emulator: returns and refunds', () => {
	it('every seeded return normalizes; Refuse moves a waiting return to 3 and is refused from 4', async () => {
		const seeded = await returns();
		const { items } = await run({
			resource: 'return',
			operation: 'getAll',
			filterBy: 'since',
			since: '2000-01-01T00:00:00Z',
			status: 'all',
			returnAll: true,
			options: {},
		});
		expect(items).toHaveLength(seeded.length);
		for (const item of items) expect(() => returnSchema.parse(item.json)).not.toThrow();
		const waiting = seeded.find((r) => r.status === 2) as Json;
		const accepted = seeded.find((r) => r.status === 4) as Json | undefined;
		await run({
			resource: 'return',
			operation: 'refuse',
			returnId: waiting.return_id,
			labelLink: '',
			options: {},
		});
		expect(((await returns()).find((r) => r.return_id === waiting.return_id) as Json).status).toBe(
			3,
		);
		if (accepted) {
			const error = (await run({
				resource: 'return',
				operation: 'refuse',
				returnId: accepted.return_id,
				labelLink: '',
				options: {},
			}).catch((e: Error) => e)) as Error;
			expect(error.message).toMatch(/allows this only from 2/);
		}
	});

	it('Refund > Create cancels an unshipped order and accepts the return of a shipped one', async () => {
		const unshipped = (await orders()).find((o) => o.status === 11) as Json;
		const withReturn = (await returns()).find((r) => r.status === 2) as Json;
		expect((await order(withReturn.order)).status).not.toBe(11);
		const { items } = await run(
			{
				resource: 'refund',
				operation: 'create',
				orderId: (i: number) => [unshipped.orders_id, withReturn.order][i],
				returnId: (i: number) => (i === 0 ? '' : withReturn.return_id),
				options: {},
			},
			{ items: [{ json: {} }, { json: {} }] },
		);
		expect(items[0].json).toMatchObject({ refundedBy: 'cancel' });
		expect((await order(unshipped.orders_id)).status).toBe(41);
		expect(items[1].json).toMatchObject({ refundedBy: 'returnAccept' });
		expect(
			((await returns()).find((r) => r.return_id === withReturn.return_id) as Json).status,
		).toBe(4);
	});
});

describe('Spartoo node x emulator: the hourly quota', () => {
	const limit = (n: number) =>
		admin(url, 'PUT', 'rate-limits', {
			profile: { rules: [{ ...SPARTOO_RATE_LIMITS.rules[0], limit: n }] },
		});
	const getOrder = async () => ({
		resource: 'order',
		operation: 'get',
		orderId: (await orders())[0].orders_id as string,
		options: {},
	});

	it('-429 near the end of an hour: waits for the next clock hour (within Max Wait) and goes on', async () => {
		const parameters = await getOrder();
		await limit(2);
		emulatorClock.set(Date.parse('2026-07-01T10:59:30Z'));
		const { items } = await run(
			{ ...parameters, requestOptions: { maxWaitSeconds: 120 } },
			{ items: [{ json: {} }, { json: {} }, { json: {} }] },
		);
		expect(items).toHaveLength(3);
		expect(items.every((i) => i.json.orderId === parameters.orderId)).toBe(true);
		expect(((await state()).counters as Json).quotaRefusals).toBe(1);
		expect(clock.sleeps.some((ms) => ms >= 30_000 && ms <= 40_000)).toBe(true);
	});

	it('-429 early in the hour: fails the item saying when the quota frees up, without hammering', async () => {
		const parameters = await getOrder();
		await limit(1);
		emulatorClock.set(Date.parse('2026-07-01T10:10:00Z'));
		const { items } = await run(parameters, {
			items: [{ json: {} }, { json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(items[0].json.orderId).toBe(parameters.orderId);
		expect(items[1].json.error).toMatch(/code -429/);
		expect(items[1].json.errorDescription).toMatch(
			/frees up at the next full hour, about 2026-07-01T11:00:05Z/,
		);
		// the first -429 blocks this key: the third item is not sent before the window reopens
		expect(items[2].json.error).toMatch(/code -429/);
		expect(items[2].json.errorDescription).toMatch(
			/frees up at the next full hour, about 2026-07-01T11:00:05Z/,
		);
		expect(((await state()).counters as Json).quotaRefusals).toBe(1);
		expect(clock.sleeps).toEqual([]);
	});
});

describe('Spartoo trigger x emulator', () => {
	it('New Order: a baseline, then each order Spartoo verifies once', async () => {
		const staticData: IDataObject = {};
		const poll = async () => {
			const fake = spartooContext(
				{ event: 'newOrder', options: {} },
				{ staticData, credentials: credentials() },
			);
			const result = await new SpartooTrigger().poll.call(fake.ctx);
			return result ? result[0].map((i) => i.json) : null;
		};
		expect(await poll()).toBeNull();
		emulatorClock.advance(5 * 60_000);
		// two orders verified now (status 11, last change now)
		const at = emulatorClock.now();
		const seeded = await admin(url, 'POST', 'seed', {
			orders: [
				{ status: 11, purchasedAt: at },
				{ status: 11, purchasedAt: at },
			],
		});
		expect(seeded.status).toBeLessThan(300);
		const emitted = await poll();
		const waiting = (await orders()).filter((o) => o.status === 11);
		expect(emitted?.length).toBe(2);
		for (const json of emitted ?? []) {
			expect(json.status).toBe('pending');
			expect(waiting.map((o) => o.orders_id)).toContain(json.orderId);
		}
		emulatorClock.advance(5 * 60_000);
		expect(await poll()).toBeNull();
	});
});

describe('Spartoo node x emulator: auto-accept and returned sizes', () => {
	/** One product in two sizes, an order waiting (11) with both, a shipped order with both and a return of size 40. */
	async function seedTwoSizes() {
		const seeded = await admin(url, 'POST', 'seed', {
			products: [
				{
					reference: 'BOT-1',
					price: 80,
					sizes: [
						{ reference: 'BOT-1-38', size: '38', quantity: 5 },
						{ reference: 'BOT-1-40', size: '40', quantity: 5 },
					],
				},
			],
			orders: [
				{
					id: '900001',
					status: 11,
					lines: [
						{ sizeReference: 'BOT-1-38', qty: 1 },
						{ sizeReference: 'BOT-1-40', qty: 1 },
					],
				},
				{
					id: '900002',
					status: 3,
					lines: [
						{ sizeReference: 'BOT-1-38', qty: 1 },
						{ sizeReference: 'BOT-1-40', qty: 1 },
					],
				},
			],
			returns: [
				{ id: '7001', orderId: '900002', sizeReference: 'BOT-1-40', status: 2 },
				{ id: '7002', orderId: '900002', sizeReference: 'BOT-1-38', status: 2 },
			],
		});
		expect(seeded.status).toBeLessThan(300);
	}

	it('Auto-Accept: a line out of stock leaves the order waiting (no update call); in stock and priced, it is accepted', async () => {
		await seedTwoSizes();
		const options = { productIdentification: 'sizeReference' };
		const read = await run({ resource: 'order', operation: 'get', orderId: '900001', options });
		const price = (sku: string) =>
			((read.items[0].json.lines as Json[]).find((l) => l.sku === sku) as Json).unitPrice as number;
		const auto = (store: Json) =>
			run({
				resource: 'order',
				operation: 'accept',
				orderId: '900001',
				acceptMode: 'autoAccept',
				storeProducts: store,
				matchBy: 'sku',
				priceAttribute: 'finalPrice',
				threshold: 0.97,
				options,
			});
		const declined = await auto({
			'BOT-1-38': { stock: 3, finalPrice: price('BOT-1-38') },
			'BOT-1-40': { stock: 0, finalPrice: price('BOT-1-40') },
		});
		expect(declined.items[0].json).toMatchObject({ accepted: false, status: 'pending' });
		expect((declined.items[0].json.acceptance as Json).lines).toMatchObject([
			{ lineId: 'BOT-1-38', decision: 'accept' },
			{
				lineId: 'BOT-1-40',
				decision: 'decline',
				reason: 'line BOT-1-40 (sku BOT-1-40): 0 in stock for 1 ordered',
			},
		]);
		expect((await order('900001')).status).toBe(11);
		expect(await calls('xml_maj_orders.php')).toBe(0);

		// both in stock, the store price equal to Spartoo's (>= 0.97 x): accepted, Spartoo moves the order to 2
		const accepted = await auto({
			'BOT-1-38': { stock: 3, finalPrice: price('BOT-1-38') },
			'BOT-1-40': { stock: 1, finalPrice: price('BOT-1-40') },
		});
		expect(accepted.items[0].json).toMatchObject({ accepted: true, alreadyAccepted: false });
		expect((await order('900001')).status).toBe(2);
	});

	it('Return reads: the returned size from the order, the order read once for both of its returns', async () => {
		await seedTwoSizes();
		const before = await calls('xml_export_orders.php');
		const { items } = await run({
			resource: 'return',
			operation: 'getAll',
			filterBy: 'order',
			orderId: '900002',
			status: 'all',
			returnAll: true,
			options: { productIdentification: 'sizeReference' },
		});
		for (const item of items) expect(() => returnSchema.parse(item.json)).not.toThrow();
		const byId = Object.fromEntries(items.map((i) => [i.json.returnId, i.json as Json]));
		expect((byId['7001'].lines as Json[])[0]).toMatchObject({
			sku: 'BOT-1-40',
			orderLineId: 'BOT-1-40',
		});
		expect((byId['7002'].lines as Json[])[0]).toMatchObject({ sku: 'BOT-1-38' });
		expect((byId['7001'].extra as Json).sizeResolution).toMatchObject({
			status: 'resolved',
			by: 'sizeLabel',
		});
		expect(await calls('xml_export_orders.php')).toBe(before + 1);
	});
});
