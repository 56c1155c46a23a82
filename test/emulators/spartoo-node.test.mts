/**
 * The Spartoo node (nodes/Spartoo) against the Spartoo emulator: both sides are built from
 * docs/spartoo-api.derived.md, this checks they agree on the wire (form fields, spellings, date formats, envelopes,
 * codes). The emulator's admin state is the ground truth of what the node's calls did.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { RunningService } from '../../sandbox/emulators/core/server.mts';
import {
	SPARTOO_DEFAULT_PARTNER_KEY,
	spartooService,
} from '../../sandbox/emulators/spartoo/index.mts';
import { runSpartoo, spartooCredentials } from '../helpers/spartoo.mts';
import { admin, start, type Json } from './helpers.mts';

let spartoo: RunningService;
let url: string;

const credentials = (extra: Json = {}) => ({
	credentials: spartooCredentials({ apiKey: SPARTOO_DEFAULT_PARTNER_KEY, baseUrl: url, ...extra }),
});
const run = (parameters: Json, extra: Json = {}) =>
	runSpartoo(parameters, { ...credentials(), ...extra });
const state = async () => (await admin(url, 'GET', 'state')).body.state as Json;
const order = async (id: string) =>
	((await state()).orders as Json[]).find((o) => o.orders_id === id) as Json;

beforeAll(async () => {
	spartoo = await start(spartooService(), { seed: 11 });
	url = spartoo.url;
});
afterAll(async () => {
	await spartoo.stop();
});
beforeEach(async () => {
	await admin(url, 'POST', 'reset', {});
});

describe('Spartoo node x Spartoo emulator', () => {
	it('lists the orders to accept, accepts one (twice: the second is a no-op) and ships it', async () => {
		const waiting = ((await state()).orders as Json[]).filter((o) => o.status === 11);
		const { items } = await run({
			resource: 'order',
			operation: 'getAll',
			since: '2000-01-01T00:00:00Z',
			status: '11',
			returnAll: true,
			options: {},
		});
		expect(items).toHaveLength(waiting.length);
		const id = waiting[0]?.orders_id as string;
		expect(JSON.stringify(items.map((i) => i.json))).toContain(id);

		await run({ resource: 'order', operation: 'accept', orderId: id, options: {} });
		expect((await order(id)).status).toBe(2);
		const again = await run({ resource: 'order', operation: 'accept', orderId: id, options: {} });
		expect(again.items[0]?.json).toMatchObject({ alreadyAccepted: true });
		await run({
			resource: 'shipment',
			operation: 'create',
			orderId: id,
			trackingNumber: '6A00000000001',
			options: {},
		});
		expect(await order(id)).toMatchObject({ status: 3, trackingNumber: '6A00000000001' });
		const counters = (await state()).counters as Json;
		expect(counters.partnerKeyInQuery).toBe(0);
		expect(counters.calls['xml_maj_orders.php']).toBe(2);
	});

	it('sets stock through the single and the batch script, per size', async () => {
		const products = (await state()).products as Json[];
		const family = products.find(
			(p) => p.sizes.length > 2 && p.sizes.every((s: Json) => s.valid),
		) as Json;
		const simple = products.find((p) => p.sizes.length === 1) as Json;
		const [a, b] = family.sizes as Json[];
		await run({
			resource: 'stock',
			operation: 'update',
			reference: simple.reference,
			sizeReference: simple.sizes[0].reference,
			quantity: 123,
		});
		const rows = [
			{ reference: family.reference, sizeReference: a?.reference, quantity: 11 },
			{ reference: family.reference, sizeReference: b?.reference, quantity: 0 },
		];
		const batch = await runSpartoo(
			{
				resource: 'stock',
				operation: 'update',
				reference: (i: number) => rows[i]?.reference,
				sizeReference: (i: number) => rows[i]?.sizeReference,
				quantity: (i: number) => rows[i]?.quantity,
			},
			{ ...credentials(), items: rows.map(() => ({ json: {} })) },
		);
		expect(batch.items).toHaveLength(2);
		const after = (await state()).products as Json[];
		const sizeOf = (ref: string) =>
			after.flatMap((p) => p.sizes as Json[]).find((s) => s.reference === ref)?.quantity;
		expect(sizeOf(simple.sizes[0].reference)).toBe(123);
		expect(sizeOf(a?.reference)).toBe(11);
		expect(sizeOf(b?.reference)).toBe(0);
		expect((await state()).counters.calls).toMatchObject({
			'xml_maj_stock.php': 1,
			'xml_maj_stock_batch.php': 1,
		});
	});

	it('lists returns since a date (Unix seconds on the wire) and accepts one with a label link', async () => {
		const returns = (await state()).returns as Json[];
		const { items } = await run({
			resource: 'return',
			operation: 'getAll',
			filterBy: 'since',
			since: '2000-01-01T00:00:00Z',
			status: 'all',
			returnAll: true,
			options: {},
		});
		expect(items).toHaveLength(returns.length);
		const waiting = returns.find((r) => r.status === 2) as Json;
		await run({
			resource: 'return',
			operation: 'accept',
			returnId: waiting.return_id,
			labelLink: 'https://labels.example/r.pdf',
			options: {},
		});
		const now = ((await state()).returns as Json[]).find((r) => r.return_id === waiting.return_id);
		expect(now).toMatchObject({ status: 4, labelLink: 'https://labels.example/r.pdf' });
	});

	it('downloads a delivery slip as a PDF', async () => {
		const accepted = ((await state()).orders as Json[]).find((o) => o.status === 2) as Json;
		const { items } = await run({
			resource: 'deliverySlip',
			operation: 'download',
			orderId: accepted.orders_id,
			binaryProperty: 'slip',
		});
		const data = items[0]?.binary?.slip?.data as string;
		expect(Buffer.from(data, 'base64').toString('latin1').startsWith('%PDF')).toBe(true);
	});

	it('a wrong partner key and a deactivated account are refused with their meaning', async () => {
		const wrong = (await runSpartoo(
			{ resource: 'order', operation: 'get', orderId: '1', options: {} },
			credentials({ apiKey: 'not-the-key' }),
		).catch((e: Error) => e)) as Error;
		expect(wrong).toBeInstanceOf(Error);
		expect(wrong.message).toMatch(/-2|unknown partner|partner key/i);
		await admin(url, 'PATCH', 'config', { accountDeactivated: true });
		const off = (await run({
			resource: 'order',
			operation: 'get',
			orderId: '1',
			options: {},
		}).catch((e: Error) => e)) as Error;
		expect(off.message).toMatch(/-428|deactivated/i);
		expect(JSON.stringify(off)).not.toContain(SPARTOO_DEFAULT_PARTNER_KEY);
	});
});
