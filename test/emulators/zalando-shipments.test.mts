/** The Zalando emulator's Shipments API (split parcels, pilot) and ZSS shipping documents. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { RunningService } from '../../sandbox/emulators/core/server.mts';
import {
	ZALANDO_DEFAULT_CLIENT_ID,
	ZALANDO_DEFAULT_CLIENT_SECRET,
	ZALANDO_DEFAULT_MERCHANT_ID,
	zalandoService,
} from '../../sandbox/emulators/zalando/index.mts';
import { admin, call, start, type Json } from './helpers.mts';

const JSON_API = 'application/vnd.api+json';
const MID = ZALANDO_DEFAULT_MERCHANT_ID;
const EAN_A = '8712345678906';
const EAN_B = '4006381333931';

let zalando: RunningService;
let url: string;
let token: string;

const auth = (): Record<string, string> => ({ authorization: `Bearer ${token}` });
const orders = `/merchants/${MID}/orders`;
const get = (path: string, accept = JSON_API) =>
	call(`${url}${path}`, { headers: { ...auth(), accept } });
const send = (method: string, path: string, body: unknown) =>
	call(`${url}${path}`, {
		method,
		headers: { ...auth(), 'content-type': JSON_API },
		body: JSON.stringify(body),
	});
const state = async () => (await admin(url, 'GET', 'state')).body.state as Json;

/** A seeded order (approved, PartnerFulfilled), read back with its lines: [orderId, line ids in order]. */
async function seedOrder(extra: Json = {}): Promise<{ id: string; lines: string[]; doc: Json }> {
	const id = crypto.randomUUID();
	const seeded = await admin(url, 'POST', 'seed', {
		orders: [
			{
				orderId: id,
				status: 'approved',
				exported: true,
				merchantOrderId: 'MO-1',
				items: [
					{ ean: EAN_A, quantity: 2, lineStatus: 'initial' },
					{ ean: EAN_B, quantity: 1, lineStatus: 'initial' },
				],
				...extra,
			},
		],
	});
	expect(seeded.status).toBe(200);
	const doc = (await get(`${orders}/${id}?include=order_lines,shipments`)).body as Json;
	const lines = (doc.included as Json[]).filter((r) => r.type === 'OrderLine').map((r) => r.id);
	return { id, lines, doc };
}
const shipmentsOf = async (orderId: string) => {
	const res = await get(`${orders}/${orderId}/shipments`);
	expect(res.status).toBe(200);
	return res.body.shipments as Json[];
};
const lineStatuses = async (orderId: string) =>
	(((await get(`${orders}/${orderId}?include=order_lines`)).body.included as Json[]) ?? [])
		.filter((r) => r.type === 'OrderLine')
		.map((r) => r.attributes.status as string);
const create = (orderId: string, lineIds: string[], extra: Json = {}) =>
	send('POST', `${orders}/${orderId}/shipments`, {
		order_lines: lineIds.map((order_line_id) => ({ order_line_id })),
		weight: { value: 1200, unit: 'g' },
		...extra,
	});
const update = (orderId: string, shipmentId: string, body: Json) =>
	send('PATCH', `${orders}/${orderId}/shipments/${shipmentId}`, body);
const shipLine = (doc: Json, lineId: string, status = 'shipped') => {
	const line = (doc.included as Json[]).find((r) => r.id === lineId)!;
	return send(
		'PATCH',
		`${orders}/${doc.data.id}/items/${line.attributes.order_item_id}/lines/${lineId}`,
		{
			data: { type: 'OrderLine', id: lineId, attributes: { status } },
		},
	);
};

beforeAll(async () => {
	zalando = await start(zalandoService(), { seed: 42 });
	url = zalando.url;
});
afterAll(async () => {
	await zalando.stop();
});
beforeEach(async () => {
	await admin(url, 'POST', 'reset', { empty: true });
	await admin(url, 'PATCH', 'config', { rateLimits: false });
	const res = await call(`${url}/auth/token`, {
		method: 'POST',
		headers: {
			authorization: `Basic ${Buffer.from(`${ZALANDO_DEFAULT_CLIENT_ID}:${ZALANDO_DEFAULT_CLIENT_SECRET}`).toString('base64')}`,
			'content-type': 'application/x-www-form-urlencoded',
		},
		body: 'grant_type=client_credentials',
	});
	token = res.body.access_token as string;
});

describe('Shipments API (pilot)', () => {
	it('every order has its initial shipment holding all lines, the same in the list, alone and in include', async () => {
		const { id, lines, doc } = await seedOrder();
		const [initial, ...others] = await shipmentsOf(id);
		expect(others).toEqual([]);
		expect(initial).toMatchObject({
			shipment_id: expect.stringMatching(
				/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
			),
			shipment_number: doc.data.attributes.shipment_number,
			order_lines: lines.map((order_line_id) => ({ order_line_id })),
			status: 'initial',
		});
		const alone = await get(`${orders}/${id}/shipments/${initial!.shipment_id}`);
		expect([alone.status, alone.headers.get('content-type')]).toEqual([200, JSON_API]);
		expect(alone.body).toEqual(initial);
		const included = (doc.included as Json[]).filter((r) => r.type === 'Shipment');
		expect(included).toEqual([{ type: 'Shipment', id: initial!.shipment_id, attributes: initial }]);
		expect((await get(`${orders}/${id}/shipments/${crypto.randomUUID()}`)).status).toBe(404);
		expect((await get(`${orders}/${crypto.randomUUID()}/shipments`)).status).toBe(404);
	});

	it('POST moves the named lines into a new shipment (201 {shipment_id}); a later POST moves them again', async () => {
		const { id, lines } = await seedOrder();
		const created = await create(id, [lines[0]!], {
			tracking_number: 'PARCEL-1',
			merchant_specified_shipment_id: 'WH-7',
		});
		expect(created.status).toBe(201);
		expect(Object.keys(created.body)).toEqual(['shipment_id']);
		const first = created.body.shipment_id as string;
		const [initial, parcel] = await shipmentsOf(id);
		expect(initial!.order_lines).toEqual([lines[1], lines[2]].map((l) => ({ order_line_id: l })));
		expect(parcel).toMatchObject({
			shipment_id: first,
			order_lines: [{ order_line_id: lines[0] }],
			weight: { value: 1200, unit: 'g' },
			tracking_number: 'PARCEL-1',
			merchant_specified_shipment_id: 'WH-7',
			status: 'initial',
		});
		expect(parcel!.shipment_number).toMatch(/^\d+$/);
		const second = await create(id, [lines[0]!, lines[2]!]);
		expect(second.status).toBe(201);
		const all = await shipmentsOf(id);
		expect(all.map((s) => s.order_lines.map((l: Json) => l.order_line_id))).toEqual([
			[lines[1]],
			[],
			[lines[0], lines[2]],
		]);
		const included = ((await get(`${orders}/${id}?include=shipments`)).body.included as Json[]).map(
			(r) => r.attributes,
		);
		expect(included).toEqual(all);
		expect((await state()).counters.shipmentsCreated).toBe(2);
	});

	it('POST refuses a missing weight or order_lines (spec), unknown or repeated lines, and unexported orders', async () => {
		const { id, lines } = await seedOrder();
		const noWeight = await send('POST', `${orders}/${id}/shipments`, {
			order_lines: [{ order_line_id: lines[0] }],
		});
		expect(noWeight.status).toBe(400);
		expect(JSON.stringify(noWeight.body.errors)).toMatch(/weight/);
		const noLines = await send('POST', `${orders}/${id}/shipments`, {
			weight: { value: 5, unit: 'g' },
		});
		expect(noLines.status).toBe(400);
		expect(JSON.stringify(noLines.body.errors)).toMatch(/order_lines/);
		const unknown = await create(id, [crypto.randomUUID()]);
		expect(unknown.status).toBe(400);
		expect(unknown.body.errors[0].source).toEqual({ pointer: '/order_lines/0/order_line_id' });
		expect((await create(id, [lines[0]!, lines[0]!])).status).toBe(400);
		expect((await create(id, [lines[0]!], { weight: { value: 0, unit: 'g' } })).status).toBe(400);
		expect((await create(id, [])).status).toBe(400);
		const fresh = await seedOrder({ exported: false, merchantOrderId: undefined });
		const notExported = await create(fresh.id, [fresh.lines[0]!]);
		expect(notExported.status).toBe(403);
		expect(notExported.body.errors[0].detail).toMatch(/not been exported/);
		expect((await shipmentsOf(id)).length).toBe(1);
	});

	it('PATCH to shipped: 204 + Location, its lines shipped with the tracking on the shipment; then immutable', async () => {
		const { id, lines } = await seedOrder();
		const a = (await create(id, [lines[0]!, lines[1]!])).body.shipment_id as string;
		const b = (await create(id, [lines[2]!], { weight: { value: 300, unit: 'g' } })).body
			.shipment_id as string;
		const shipped = await update(id, a, {
			status: 'shipped',
			tracking_number: 'TRACK-A',
			return_tracking_number: 'RET-A',
		});
		expect(shipped.status).toBe(204);
		expect(shipped.headers.get('location')).toBe(`${url}${orders}/${id}/shipments/${a}`);
		expect(await lineStatuses(id)).toEqual(['shipped', 'shipped', 'initial']);
		const stored = (await get(`${orders}/${id}/shipments/${a}`)).body;
		expect(stored).toMatchObject({
			status: 'shipped',
			tracking_number: 'TRACK-A',
			return_tracking_number: 'RET-A',
		});
		// the order keeps no tracking of its own: each parcel has its own
		expect((await get(`${orders}/${id}`)).body.data.attributes.tracking_number).toBeUndefined();
		const again = await update(id, a, { tracking_number: 'OTHER' });
		expect(again.status).toBe(403);
		expect(again.body.errors[0].detail).toMatch(/shipped shipment cannot be updated/);
		expect((await update(id, a, { status: 'canceled' })).status).toBe(403);
		const moveLines = await update(id, b, {
			order_lines: [{ order_line_id: lines[2] }, { order_line_id: lines[0] }],
		});
		expect(moveLines.status).toBe(400);
		expect(moveLines.body.errors[0].source).toEqual({ pointer: '/order_lines' });
		expect((await update(id, b, { order_lines: [{ order_line_id: lines[2] }] })).status).toBe(204);
		expect((await update(id, b, { status: 'shipped', tracking_number: 'TRACK-B' })).status).toBe(
			204,
		);
		expect(await lineStatuses(id)).toEqual(['shipped', 'shipped', 'shipped']);
		expect((await get(`${orders}/${id}`)).body.data.attributes.status).toBe('fulfilled');
		// a shipped parcel's lines cannot move to another shipment
		expect((await create(id, [lines[0]!])).status).toBe(403);
	});

	it('PATCH to canceled cancels its open lines; canceled -> shipped is an illegal transition (403)', async () => {
		const { id, lines } = await seedOrder();
		const a = (await create(id, [lines[2]!])).body.shipment_id as string;
		expect((await update(id, a, { status: 'canceled' })).status).toBe(204);
		expect(await lineStatuses(id)).toEqual(['initial', 'initial', 'canceled']);
		const back = await update(id, a, { status: 'shipped' });
		expect(back.status).toBe(403);
		expect(back.body.errors[0].detail).toMatch(/from canceled to shipped/);
	});

	it('never mixed: line PATCHes shut the Shipments API for the order, and the other way round', async () => {
		const lineOrder = await seedOrder();
		expect((await shipLine(lineOrder.doc, lineOrder.lines[0]!)).status).toBe(204);
		const refused = await create(lineOrder.id, [lineOrder.lines[1]!]);
		expect(refused.status).toBe(403);
		expect(refused.body.errors[0].detail).toMatch(/never mixed/);
		const initialId = (await shipmentsOf(lineOrder.id))[0]!.shipment_id as string;
		expect(
			(await update(lineOrder.id, initialId, { weight: { value: 9, unit: 'g' } })).status,
		).toBe(403);
		// the initial shipment follows the lines, as include=shipments showed it before the API existed
		expect((await shipmentsOf(lineOrder.id))[0]!.status).toBe('shipped');

		const apiOrder = await seedOrder();
		const parcel = (await create(apiOrder.id, [apiOrder.lines[0]!])).body.shipment_id as string;
		const lineShip = await shipLine(apiOrder.doc, apiOrder.lines[1]!);
		expect(lineShip.status).toBe(403);
		expect(lineShip.body.errors[0].detail).toMatch(/Shipments API/);
		expect((await update(apiOrder.id, parcel, { status: 'shipped' })).status).toBe(204);
		// a return is still a line PATCH, also for orders shipped with shipments
		expect((await shipLine(apiOrder.doc, apiOrder.lines[0]!, 'returned')).status).toBe(204);
		// seeded shipped lines count as shipped line by line
		const seededShipped = await seedOrder({
			items: [{ ean: EAN_A, lineStatuses: ['shipped', 'initial'] }],
		});
		expect((await create(seededShipped.id, [seededShipped.lines[1]!])).status).toBe(403);
	});

	it('pilot off (shipmentsPilot=false): every shipments endpoint answers 403 with a Problem; include=shipments still works', async () => {
		const { id, lines } = await seedOrder();
		const parcel = (await create(id, [lines[0]!])).body.shipment_id as string;
		const config = await admin(url, 'PATCH', 'config', { shipmentsPilot: false });
		expect(config.body.shipmentsPilot).toBe(false);
		for (const res of [
			await get(`${orders}/${id}/shipments`),
			await get(`${orders}/${id}/shipments/${parcel}`),
			await create(id, [lines[1]!]),
			await update(id, parcel, { status: 'shipped' }),
		]) {
			expect(res.status).toBe(403);
			expect(res.headers.get('content-type')).toBe('application/problem+json');
			expect(res.body).toMatchObject({ status: 403, title: 'Forbidden' });
			expect(res.body.detail).toMatch(/pilot.*not enabled.*integration manager/);
		}
		expect(await lineStatuses(id)).toEqual(['initial', 'initial', 'initial']);
		const included = (await get(`${orders}/${id}?include=shipments`)).body.included as Json[];
		expect(included).toHaveLength(2);
		await admin(url, 'POST', 'reset', { empty: true });
		expect((await admin(url, 'GET', 'config')).body.shipmentsPilot).toBe(true);
	});
});

/** The start offsets of a PDF's objects as its xref table names them, and the file's own object offsets. */
function pdfOffsets(pdf: Buffer): { listed: number[]; actual: number[] } {
	const text = pdf.toString('latin1');
	const xref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
	expect(text.slice(xref, xref + 4)).toBe('xref');
	const listed = [...text.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
	const actual = [...text.matchAll(/^(\d+) 0 obj$/gm)].map((m) => m.index);
	return { listed, actual };
}

describe('ZSS shipping documents', () => {
	it('lists outbound label, return label and delivery slip per parcel of an exported partner-fulfilled order', async () => {
		const { id, lines, doc } = await seedOrder();
		const list = await call(`${url}/zss/shipping-documents?order_id=${id}`, { headers: auth() });
		expect(list.status).toBe(200);
		const initial = (await shipmentsOf(id))[0]!;
		expect(list.body.documents.map((d: Json) => [d.type, d.page_size])).toEqual([
			['OUTBOUND_LABEL', 'A6'],
			['RETURN_LABEL', 'A6'],
			['DELIVERY_SLIP', 'A4'],
		]);
		for (const d of list.body.documents as Json[])
			expect(d).toMatchObject({
				id: expect.stringMatching(/^[0-9a-f-]{36}$/),
				order_id: id,
				shipment_id: initial.shipment_id,
				shipment_number: doc.data.attributes.shipment_number,
			});
		// stable ids, and one set per parcel once the order is split
		const again = await call(`${url}/zss/shipping-documents?order_id=${id}`, { headers: auth() });
		expect(again.body).toEqual(list.body);
		const parcel = (await create(id, [lines[0]!])).body.shipment_id as string;
		const split = await call(`${url}/zss/shipping-documents?order_id=${id}`, { headers: auth() });
		expect(split.body.documents.map((d: Json) => d.shipment_id)).toEqual([
			...Array(3).fill(initial.shipment_id),
			...Array(3).fill(parcel),
		]);
		const byNumber = await call(
			`${url}/zss/shipping-documents?shipment_number=${initial.shipment_number}`,
			{ headers: auth() },
		);
		expect(byNumber.body.documents).toHaveLength(3);
		const notExported = await seedOrder({ exported: false, merchantOrderId: undefined });
		const none = await call(`${url}/zss/shipping-documents?order_id=${notExported.id}`, {
			headers: auth(),
		});
		expect(none.body).toEqual({ documents: [] });
		const zfs = await seedOrder({ orderType: 'ZalandoFulfilled' });
		expect(
			(await call(`${url}/zss/shipping-documents?order_id=${zfs.id}`, { headers: auth() })).body
				.documents,
		).toEqual([]);
		expect((await call(`${url}/zss/shipping-documents`, { headers: auth() })).status).toBe(400);
		expect((await call(`${url}/zss/shipping-documents?order_id=${id}`)).status).toBe(401);
	});

	it('downloads a document as a small valid PDF with Accept: application/pdf; 406 for JSON, 404 unknown', async () => {
		const { id, doc } = await seedOrder();
		const list = await call(`${url}/zss/shipping-documents?order_id=${id}`, { headers: auth() });
		const slip = (list.body.documents as Json[]).find((d) => d.type === 'DELIVERY_SLIP')!;
		const res = await fetch(`${url}/zss/shipping-documents/${slip.id}`, {
			headers: { ...auth(), accept: 'application/pdf' },
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		const pdf = Buffer.from(await res.arrayBuffer());
		expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
		const { listed, actual } = pdfOffsets(pdf);
		expect(listed).toEqual(actual);
		expect(listed).toHaveLength(5);
		expect(pdf.toString('latin1')).toContain(`Order ${doc.data.attributes.order_number}`);
		expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595 842]');
		expect((await state()).counters.documentsDownloaded).toBe(1);
		const json = await call(`${url}/zss/shipping-documents/${slip.id}`, {
			headers: { ...auth(), accept: 'application/json' },
		});
		expect(json.status).toBe(406);
		const unknown = await call(`${url}/zss/shipping-documents/${crypto.randomUUID()}`, {
			headers: { ...auth(), accept: 'application/pdf' },
		});
		expect(unknown.status).toBe(404);
	});

	it('limits shipping document calls to 400 a minute (429 with Retry-After)', async () => {
		await admin(url, 'PATCH', 'config', { rateLimits: true });
		const { id } = await seedOrder();
		const path = `${url}/zss/shipping-documents?order_id=${id}`;
		for (let i = 0; i < 400; i++) expect((await call(path, { headers: auth() })).status).toBe(200);
		const limited = await call(path, { headers: auth() });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('x-rate-limit')).toBe('400');
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		await admin(url, 'POST', 'clock', { advanceSeconds: 61 });
		expect((await call(path, { headers: auth() })).status).toBe(200);
	});
});
