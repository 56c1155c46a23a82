/**
 * The Spartoo emulator (docs/spartoo-api.derived.md): form parameters in both spellings, the partner key, codes in
 * the two XML envelopes (HTTP 200), the order and return machines, per-size stock, the delivery slip, the hourly
 * quota on the emulated clock, and the admin API. Every answer is read with the package's XML reader.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
	child,
	children,
	childText,
	parseXml,
	text,
	type XmlElement,
} from '../../nodes/shared/xml';
import { EmulatedClock } from '../../sandbox/emulators/core/clock.mts';
import { parseMediaType, parseMultipart } from '../../sandbox/emulators/core/http.mts';
import { RateLimiter } from '../../sandbox/emulators/core/rate-limit.mts';
import type { RunningService } from '../../sandbox/emulators/core/server.mts';
import {
	SPARTOO_DEFAULT_PARTNER_KEY,
	SPARTOO_RATE_LIMITS,
	spartooService,
} from '../../sandbox/emulators/spartoo/index.mts';
import { admin, start, type Json } from './helpers.mts';

const KEY = SPARTOO_DEFAULT_PARTNER_KEY;
/** 2026-07-01 10:00 UTC = 12:00 in Paris (summer time, UTC+2). */
const START = Date.parse('2026-07-01T10:00:00Z');

let spartoo: RunningService;
let url: string;
let clock: EmulatedClock;

interface Answer {
	status: number;
	contentType: string | null;
	raw: string;
	root: XmlElement;
	/** `statut/id` (orders, returns) or the root's own `errors` (stock, delivery slip). */
	code: number;
}

function codeOf(root: XmlElement): number {
	const statut = child(root, 'statut');
	if (statut) return Number(childText(statut, 'id'));
	const errors = children(root, 'errors').at(-1);
	return Number(errors ? text(errors) : NaN);
}

async function send(
	script: string,
	params: Record<string, string>,
	options: { method?: 'GET' | 'POST'; query?: Record<string, string>; key?: string | null } = {},
): Promise<Answer> {
	const form = new URLSearchParams();
	if (options.key !== null && !('partenaire' in params) && !('partner' in params))
		form.set('partner', options.key ?? KEY);
	for (const [k, v] of Object.entries(params)) form.set(k, v);
	const method = options.method ?? 'POST';
	const query = new URLSearchParams(options.query ?? {});
	if (method === 'GET') for (const [k, v] of form) query.set(k, v);
	const target = `${url}/mp/${script}${query.size ? `?${query}` : ''}`;
	const response = await fetch(target, {
		method,
		headers:
			method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined,
		body: method === 'POST' ? form.toString() : undefined,
	});
	const raw = await response.text();
	expect(raw.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
	const root = parseXml(raw); // well-formed, or this throws
	expect(root.name).toBe('root');
	return {
		status: response.status,
		contentType: response.headers.get('content-type'),
		raw,
		root,
		code: codeOf(root),
	};
}

const state = async () => (await admin(url, 'GET', 'state')).body.state as Json;
const ordersIn = async (status: number) =>
	((await state()).orders as Json[]).filter((o) => o.status === status);
const product = async (reference: string) =>
	((await state()).products as Json[]).find((p) => p.reference === reference) as Json;

/** A product with sizes 38 / 39 / 40 (40 retired) and a one-size product, seeded explicitly. */
async function seedProducts(): Promise<void> {
	const res = await admin(url, 'POST', 'seed', {
		products: [
			{
				reference: 'BOT-1',
				name: 'Bottines cuir « Hiver » & lacets',
				sizes: [
					{ reference: 'BOT-1-38', size: '38', quantity: 4 },
					{ reference: 'BOT-1-39', size: '39', quantity: 0 },
					{ reference: 'BOT-1-40', size: '40', quantity: 2, valid: false },
				],
			},
			{
				reference: 'SAC-1',
				name: 'Sac à main Élodie',
				sizes: [{ reference: 'SAC-1', quantity: 3 }],
			},
		],
	});
	expect(res.status).toBe(200);
}

async function seedOrder(input: Json = {}): Promise<string> {
	const res = await admin(url, 'POST', 'seed', {
		orders: [{ lines: [{ sizeReference: 'BOT-1-38', qty: 1 }], ...input }],
	});
	expect(res.status).toBe(200);
	const orders = (await state()).orders as Json[];
	return (input.id as string | undefined) ?? (orders.at(-1)?.orders_id as string);
}

beforeAll(async () => {
	clock = new EmulatedClock({ start: START });
	spartoo = await start(spartooService(), { seed: 7, clock });
	url = spartoo.url;
});
afterAll(async () => {
	await spartoo.stop();
});
beforeEach(async () => {
	await admin(url, 'POST', 'reset', {});
	clock.set(START);
});

describe('partner key and parameter spellings', () => {
	it('answers -1 without a key and -2 for an unknown one, in each script’s envelope, always HTTP 200', async () => {
		const missing = await send('xml_export_orders.php', { oID: '1' }, { key: null });
		expect([missing.status, missing.code]).toEqual([200, -1]);
		expect(childText(missing.root, 'statut/description')).toMatch(/partenaire/i);
		const unknown = await send('xml_maj_stock.php', { reference_partenaire: 'X' }, { key: 'nope' });
		expect([unknown.status, unknown.code]).toEqual([200, -2]);
		expect(child(unknown.root, 'statut')).toBeUndefined();
		expect(text(child(unknown.root, 'errors') as XmlElement)).toBe('-2');
		expect(unknown.contentType).toMatch(/^text\/xml/);
	});

	it('takes partner or partenaire, status or statut, in the body or the query string, by POST or GET', async () => {
		const [order] = await ordersIn(11);
		const byPartenaire = await send('xml_export_orders.php', {
			partenaire: KEY,
			oID: order?.orders_id,
		});
		expect(byPartenaire.code).toBe(1);
		expect(children(child(byPartenaire.root, 'orders') as XmlElement, 'order')).toHaveLength(1);
		const byGet = await send('xml_export_orders.php', { oID: order?.orders_id }, { method: 'GET' });
		expect(byGet.code).toBe(1);
		expect(childText(byGet.root, 'orders/order/orders_id')).toBe(order?.orders_id);
		const inQuery = await send(
			'xml_export_orders.php',
			{},
			{ key: null, query: { partner: KEY, oID: order?.orders_id } },
		);
		expect(inQuery.code).toBe(1);
		const viaStatus = await send('xml_maj_orders.php', { oID: order?.orders_id, status: '2' });
		expect(viaStatus.code).toBe(1);
		const counters = (await state()).counters as Json;
		expect(counters.partnerKeyInQuery).toBe(2);
		expect(counters.spellings.partenaire).toBe(1);
		expect(counters.spellings.status).toBe(1);
		// the request log never holds the key, whatever its spelling
		const log = (await admin(url, 'GET', 'requests')).body.requests as Json[];
		expect(JSON.stringify(log)).not.toContain(KEY);
	});

	it('the deactivated-account switch answers -428 everywhere until it is switched off', async () => {
		expect((await admin(url, 'PATCH', 'config', { accountDeactivated: true })).status).toBe(200);
		expect((await send('xml_export_returns.php', { date: '0' })).code).toBe(-428);
		expect((await send('xml_maj_stock_batch.php', { xml: '<catalogue/>' })).code).toBe(-428);
		await admin(url, 'PATCH', 'config', { accountDeactivated: false });
		expect((await send('xml_export_returns.php', { date: '0' })).code).toBe(1);
	});
});

describe('xml_export_orders', () => {
	it('seeds orders in every status, multi-size products and text with & and accents as CDATA', async () => {
		const s = await state();
		const statuses = new Set((s.orders as Json[]).map((o) => o.status));
		expect([...statuses].sort((a, b) => a - b)).toEqual([2, 3, 11, 41, 45, 47]);
		expect((s.products as Json[]).some((p) => p.sizes.length > 1)).toBe(true);
		const all = await send('xml_export_orders.php', { date: '2000-01-01:00:00:00' });
		expect(all.code).toBe(1);
		const orders = children(child(all.root, 'orders') as XmlElement, 'order');
		expect(orders).toHaveLength((s.orders as Json[]).length);
		expect(all.raw).toContain('<![CDATA[');
		const names = orders.flatMap((o) =>
			children(child(o, 'products') as XmlElement, 'product').map((p) =>
				childText(p, 'products_name'),
			),
		);
		expect(names.some((n) => n?.includes('&'))).toBe(true);
		expect(all.raw).toMatch(/<!\[CDATA\[[^\]]*&[^\]]*\]\]>/); // `&` travels inside CDATA
		expect(orders.some((o) => child(child(o, 'delivery') as XmlElement, 'relay_info'))).toBe(true);
		const first = orders[0] as XmlElement;
		expect(childText(first, 'date_purchased')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect(childText(first, 'orders_status_name')).toBeTruthy();
		const line = descendantProduct(first);
		expect(Number(childText(line, 'products_final_price'))).toBeCloseTo(
			Number(childText(line, 'products_price_unit_with_reduce')) *
				Number(childText(line, 'products_qty')),
			2,
		);
	});

	it('a seeded line with a price is sold at that unit price (no reduction drawn)', async () => {
		await seedProducts();
		const id = await seedOrder({ lines: [{ sizeReference: 'BOT-1-38', qty: 2, price: 41.37 }] });
		const exported = await send('xml_export_orders.php', { oID: id });
		const line = descendantProduct(
			children(child(exported.root, 'orders') as XmlElement, 'order')[0] as XmlElement,
		);
		expect(childText(line, 'products_price_unit_with_reduce')).toBe('41.37');
		expect(Number(childText(line, 'products_final_price'))).toBeCloseTo(82.74, 2);
	});

	it('filters by date=YYYY-MM-DD:hh:mm:ss in Paris time (inclusive) and by status / statut', async () => {
		await seedProducts();
		const id = await seedOrder({ purchasedAt: START }); // 12:00:00 in Paris (UTC+2 in July)
		const ids = async (params: Record<string, string>) => {
			const res = await send('xml_export_orders.php', params);
			expect(res.code).toBe(1);
			return children(child(res.root, 'orders') as XmlElement, 'order').map((o) =>
				childText(o, 'orders_id'),
			);
		};
		expect(await ids({ date: '2026-07-01:12:00:00' })).toEqual([id]);
		expect(await ids({ date: '2026-07-01:12:00:01' })).toEqual([]);
		expect(await ids({ date: '2026-07-01:11:59:59', statut: '11' })).toEqual([id]);
		expect(await ids({ date: '2026-07-01:11:59:59', status: '2' })).toEqual([]);
		const res = await send('xml_export_orders.php', { oID: id });
		expect(childText(res.root, 'orders/order/last_modified')).toBe('2026-07-01 12:00:00');
	});

	it('refuses a missing or wrongly formatted date with -3 and lists nothing for an unknown oID', async () => {
		expect((await send('xml_export_orders.php', {})).code).toBe(-3);
		expect(
			(await send('xml_export_orders.php', { date: String(Math.floor(START / 1000)) })).code,
		).toBe(-3);
		expect((await send('xml_export_orders.php', { date: '2026-07-01 12:00:00' })).code).toBe(-3);
		expect((await send('xml_export_orders.php', { date: '2026-02-30:12:00:00' })).code).toBe(-3);
		const none = await send('xml_export_orders.php', { oID: '0' });
		expect(none.code).toBe(1);
		expect(children(child(none.root, 'orders') as XmlElement, 'order')).toHaveLength(0);
	});
});

function descendantProduct(order: XmlElement): XmlElement {
	return children(child(order, 'products') as XmlElement, 'product')[0] as XmlElement;
}

describe('xml_maj_orders: 11 -> 2 -> 3 -> 45/47, 41 before shipping', () => {
	const update = (params: Record<string, string>) => send('xml_maj_orders.php', params);
	const statusOf = async (id: string) =>
		childText(
			(await send('xml_export_orders.php', { oID: id })).root,
			'orders/order/orders_status_id',
		);

	it('accepts, ships with a tracking number and marks lost; last_modified moves', async () => {
		await seedProducts();
		const id = await seedOrder({ purchasedAt: START - 3600_000 });
		clock.set(START + 60_000);
		const accepted = await update({ oID: id, statut: '2' });
		expect(accepted.code).toBe(1);
		expect(childText(accepted.root, 'orders/order/orders_id')).toBe(id);
		expect(childText(accepted.root, 'orders/order/statut')).toBe('2');
		const exported = await send('xml_export_orders.php', { oID: id });
		expect(childText(exported.root, 'orders/order/last_modified')).toBe('2026-07-01 12:01:00');
		expect(childText(exported.root, 'orders/order/orders_status_name')).toBe(
			'Preparation in progress',
		);
		expect((await update({ oID: id, statut: '3' })).code).toBe(-5); // no tracking number
		expect((await update({ oID: id, statut: '3', tracking_number: '6A123' })).code).toBe(1);
		expect(((await state()).orders as Json[]).find((o) => o.orders_id === id)?.trackingNumber).toBe(
			'6A123',
		);
		expect((await update({ oID: id, statut: '41' })).code).toBe(-7); // no cancel after shipping
		expect((await update({ oID: id, statut: '45' })).code).toBe(1);
		expect(await statusOf(id)).toBe('45');
		expect((await update({ oID: id, statut: '47' })).code).toBe(-7);
	});

	it('47 from shipped; 41 from 11 and from 2; refusals -7, -9, -6, -5', async () => {
		await seedProducts();
		const shipped = await seedOrder({ status: 3 });
		expect((await update({ oID: shipped, statut: '47' })).code).toBe(1);
		const fresh = await seedOrder();
		expect((await update({ oID: fresh, statut: '3', tracking_number: 'X' })).code).toBe(-7);
		expect((await update({ oID: fresh, statut: '45' })).code).toBe(-7);
		expect((await update({ oID: fresh, statut: '11' })).code).toBe(-5); // not a status a merchant sets
		expect((await update({ oID: fresh, statut: '41' })).code).toBe(1);
		expect((await update({ oID: fresh, statut: '41' })).code).toBe(-9);
		expect((await update({ oID: fresh, statut: '2' })).code).toBe(-7);
		const accepted = await seedOrder({ status: 2 });
		expect((await update({ oID: accepted, statut: '2' })).code).toBe(-9);
		expect((await update({ oID: accepted, statut: '41' })).code).toBe(1);
		expect((await update({ oID: '99999999', statut: '2' })).code).toBe(-6);
		expect((await update({ statut: '2' })).code).toBe(-5);
		expect((await update({ oID: accepted })).code).toBe(-5);
		expect((await update({ oID: accepted, statut: 'deux' })).code).toBe(-5);
		const refused = await update({ oID: accepted, statut: '3', tracking_number: 'T' });
		expect(refused.code).toBe(-7);
		expect(childText(refused.root, 'statut/description')).toMatch(/chronologie/i);
		const history = ((await state()).orders as Json[]).find((o) => o.orders_id === fresh)
			?.history as Json[];
		expect(history.map((h) => [h.status, h.by])).toEqual([
			[11, 'seed'],
			[41, 'merchant'],
		]);
	});
});

describe('returns: xml_export_returns (Unix date) and xml_maj_returns (4 from 2 or 3, 3 only from 2)', () => {
	async function seededReturn(status = 2): Promise<{ id: string; order: string }> {
		await seedProducts();
		const order = await seedOrder({ status: 3, purchasedAt: START - 86_400_000 });
		const res = await admin(url, 'POST', 'seed', { returns: [{ orderId: order, status }] });
		expect(res.status).toBe(200);
		const ret = ((await state()).returns as Json[]).find((r) => r.order === order) as Json;
		return { id: ret.return_id as string, order };
	}
	const update = (params: Record<string, string>) => send('xml_maj_returns.php', params);

	it('exports by Unix timestamp, oID or rID (statut filter); a Paris date or nothing is -3', async () => {
		const { id, order } = await seededReturn();
		const ids = async (params: Record<string, string>) => {
			const res = await send('xml_export_returns.php', params);
			expect(res.code).toBe(1);
			return children(child(res.root, 'returns') as XmlElement, 'return').map((r) =>
				childText(r, 'return_id'),
			);
		};
		const seconds = Math.floor(START / 1000);
		expect(await ids({ date: String(seconds) })).toEqual([id]);
		expect(await ids({ date: String(seconds + 1) })).toEqual([]);
		expect(await ids({ oID: order })).toEqual([id]);
		expect(await ids({ rID: id, statut: '2' })).toEqual([id]);
		expect(await ids({ rID: id, status: '4' })).toEqual([]);
		expect((await send('xml_export_returns.php', {})).code).toBe(-3);
		expect((await send('xml_export_returns.php', { date: '2026-07-01:12:00:00' })).code).toBe(-3);
		expect((await send('xml_export_returns.php', { date: String(START) })).code).toBe(-3); // milliseconds
		const one = await send('xml_export_returns.php', { rID: id });
		const ret = descendantReturn(one.root);
		expect(childText(ret, 'return_status_name')).toBe('Waiting to be received');
		expect(childText(ret, 'order')).toBe(order);
		expect(childText(ret, 'product/products_reference')).toBe('BOT-1');
		expect(childText(ret, 'return_date')).toBe('2026-07-01 12:00:00');
	});

	it('accepts a waiting return (echoing the partner key) and Spartoo pays it later', async () => {
		const { id } = await seededReturn();
		const accepted = await update({
			rID: id,
			status: '4',
			label_link: 'https://labels.example/1.pdf',
		});
		expect(accepted.code).toBe(1);
		expect(childText(accepted.root, 'returns/return/partenaire')).toBe(KEY);
		expect(childText(accepted.root, 'returns/return/rID')).toBe(id);
		expect(childText(accepted.root, 'returns/return/label_link')).toBe(
			'https://labels.example/1.pdf',
		);
		expect((await update({ rID: id, status: '4' })).code).toBe(-9);
		expect((await update({ rID: id, status: '3' })).code).toBe(-7);
		await admin(url, 'POST', 'clock', { advanceHours: 72 });
		const paid = await send('xml_export_returns.php', { rID: id });
		expect(childText(descendantReturn(paid.root), 'return_status')).toBe('5');
	});

	it('refuses only from 2, accepts a refused one, and checks the label link', async () => {
		const { id } = await seededReturn();
		expect((await update({ rID: id, statut: '3' })).code).toBe(1);
		expect((await update({ rID: id, status: '3' })).code).toBe(-9);
		expect((await update({ rID: id, status: '4' })).code).toBe(1);
		const long = `https://labels.example/${'x'.repeat(300)}`;
		expect((await update({ rID: id, label_link: long })).code).toBe(-24);
		expect((await update({ rID: id, label_link: 'https://l.example/a' })).code).toBe(1);
		const same = await update({ rID: id, label_link: 'https://l.example/a' });
		expect(same.code).toBe(-25);
		expect(childText(same.root, 'returns/return/errors/error/id')).toBe('-25');
		expect((await update({ rID: id, label_file: 'label.pdf' })).code).toBe(-22);
		expect((await update({ rID: id })).code).toBe(-5);
		expect((await update({ status: '4' })).code).toBe(-5);
		expect((await update({ rID: '424242', status: '4' })).code).toBe(-6);
		expect((await update({ rID: id, status: '5' })).code).toBe(-5);
	});

	it('takes multipart/form-data (PHP clients): a label_file upload is stored, an empty one is -23', async () => {
		const { id } = await seededReturn();
		const multipart = async (file: Blob | undefined, extra: Record<string, string> = {}) => {
			const form = new FormData();
			form.set('partenaire', KEY);
			form.set('rID', id);
			for (const [k, v] of Object.entries(extra)) form.set(k, v);
			if (file) form.set('label_file', file, 'étiquette retour.pdf');
			const response = await fetch(`${url}/mp/xml_maj_returns.php`, { method: 'POST', body: form });
			const root = parseXml(await response.text());
			return { code: codeOf(root), root };
		};
		expect((await multipart(new Blob([]))).code).toBe(-23);
		const pdf = new Blob(['%PDF-1.4 label'], { type: 'application/pdf' });
		const stored = await multipart(pdf, { statut: '4' });
		expect(stored.code).toBe(1);
		expect(childText(stored.root, 'returns/return/label_file')).toBe('étiquette retour.pdf');
		const ret = ((await state()).returns as Json[]).find((r) => r.return_id === id) as Json;
		expect(ret).toMatchObject({
			status: 4,
			labelFile: { filename: 'étiquette retour.pdf', contentType: 'application/pdf', size: 14 },
		});
		// the request log shows the file, not its bytes
		const [logged] = (await admin(url, 'GET', 'requests?limit=1')).body.requests as Json[];
		expect(logged?.body.label_file).toEqual({
			filename: 'étiquette retour.pdf',
			contentType: 'application/pdf',
			size: 14,
		});
		expect(logged?.body.partenaire).toBe('[REDACTED]');
		// a multipart body that does not match its boundary: nothing readable, so no partner (-1)
		const broken = await fetch(`${url}/mp/xml_export_returns.php`, {
			method: 'POST',
			headers: { 'content-type': 'multipart/form-data; boundary=abc' },
			body: `--xyz\r\nContent-Disposition: form-data; name="partner"\r\n\r\n${KEY}\r\n--xyz--`,
		});
		expect(codeOf(parseXml(await broken.text()))).toBe(-1);
	});

	it('the admin pays an accepted return at once; a return of an unknown order is a 400', async () => {
		const { id } = await seededReturn(4);
		expect((await admin(url, 'POST', 'seed', { payReturns: [id] })).status).toBe(200);
		expect(((await state()).returns as Json[]).find((r) => r.return_id === id)?.status).toBe(5);
		expect((await admin(url, 'POST', 'seed', { returns: [{ orderId: 'nope' }] })).status).toBe(400);
	});
});

function descendantReturn(root: XmlElement): XmlElement {
	return children(child(root, 'returns') as XmlElement, 'return')[0] as XmlElement;
}

describe('stock', () => {
	const single = (reference: string | undefined, size: string | undefined, quantity?: string) =>
		send('xml_maj_stock.php', {
			...(reference === undefined ? {} : { reference_partenaire: reference }),
			...(size === undefined ? {} : { products_size_reference: size }),
			...(quantity === undefined ? {} : { products_quantity: quantity }),
		});

	it('xml_maj_stock: 1, -18 unchanged, -14, -13, -12, -16, -20 (forced to 0)', async () => {
		await seedProducts();
		expect((await single('BOT-1', 'BOT-1-38', '7')).code).toBe(1);
		expect((await single('BOT-1', 'BOT-1-38', '7')).code).toBe(-18);
		expect((await single('BOT-9', 'BOT-1-38', '1')).code).toBe(-14);
		expect((await single('SAC-1', 'BOT-1-38', '1')).code).toBe(-14); // a size of another product
		expect((await single('BOT-1', undefined, '1')).code).toBe(-13);
		expect((await single(undefined, 'BOT-1-38', '1')).code).toBe(-12);
		for (const bad of ['-1', '2.5', 'dix', '100000'])
			expect((await single('BOT-1', 'BOT-1-38', bad)).code).toBe(-16);
		expect((await single('BOT-1', 'BOT-1-38')).code).toBe(-16);
		expect((await single('BOT-1', 'BOT-1-40', '5')).code).toBe(-20);
		const sizes = (await product('BOT-1')).sizes as Json[];
		expect(sizes.map((s) => [s.reference, s.quantity])).toEqual([
			['BOT-1-38', 7],
			['BOT-1-39', 0],
			['BOT-1-40', 0],
		]);
	});

	it('stock 0 on every size takes a product offline; stock brings it back', async () => {
		await seedProducts();
		expect((await product('SAC-1')).online).toBe(true);
		expect((await single('SAC-1', 'SAC-1', '0')).code).toBe(1);
		expect((await product('SAC-1')).online).toBe(false);
		expect((await single('SAC-1', 'SAC-1', '2')).code).toBe(1);
		expect((await product('SAC-1')).online).toBe(true);
	});

	it('xml_maj_stock_batch: a code per product and per size; product_quantity for one-size products', async () => {
		await seedProducts();
		const xml = `<?xml version="1.0" encoding="UTF-8"?><catalogue><products>
			<product><reference_partenaire>BOT-1</reference_partenaire><size_list>
				<size><size_reference>BOT-1-38</size_reference><size_quantity>4</size_quantity></size>
				<size><size_reference>BOT-1-39</size_reference><size_quantity>6</size_quantity></size>
				<size><size_reference>BOT-1-40</size_reference><size_quantity>1</size_quantity></size>
				<size><size_reference>BOT-1-41</size_reference><size_quantity>1</size_quantity></size>
				<size><size_reference>BOT-1-38</size_reference><size_quantity>-2</size_quantity></size>
				<size><size_quantity>1</size_quantity></size>
			</size_list></product>
			<product><reference_partenaire><![CDATA[SAC-1]]></reference_partenaire><product_quantity>9</product_quantity></product>
			<product><reference_partenaire>NOPE</reference_partenaire><product_quantity>1</product_quantity></product>
			<product><product_quantity>1</product_quantity></product>
			<product><reference_partenaire>BOT-1</reference_partenaire><product_quantity>1</product_quantity></product>
		</products></catalogue>`;
		const res = await send('xml_maj_stock_batch.php', { xml });
		expect(res.code).toBe(1);
		const products = children(child(res.root, 'products') as XmlElement, 'product');
		const codes = products.map((p) => ({
			reference: childText(p, 'reference_partenaire'),
			code: childText(p, 'errors'),
			sizes: children(child(p, 'size_list') ?? p, 'size').map((s) => [
				childText(s, 'size_reference'),
				childText(s, 'errors'),
			]),
		}));
		expect(codes).toEqual([
			{
				reference: 'BOT-1',
				code: '1',
				sizes: [
					['BOT-1-38', '-18'],
					['BOT-1-39', '1'],
					['BOT-1-40', '-20'],
					['BOT-1-41', '-14'],
					['BOT-1-38', '-16'],
					['', '-13'],
				],
			},
			{ reference: 'SAC-1', code: '1', sizes: [] },
			{ reference: 'NOPE', code: '-14', sizes: [] },
			{ reference: '', code: '-12', sizes: [] },
			{ reference: 'BOT-1', code: '-16', sizes: [] },
		]);
		expect(((await product('SAC-1')).sizes as Json[])[0]?.quantity).toBe(9);
		expect(((await product('BOT-1')).sizes as Json[]).map((s) => s.quantity)).toEqual([4, 6, 0]);
	});

	it('xml_maj_stock_batch: -11 without xml, -15 for malformed XML or another root', async () => {
		expect((await send('xml_maj_stock_batch.php', {})).code).toBe(-11);
		expect((await send('xml_maj_stock_batch.php', { xml: '<catalogue><products>' })).code).toBe(
			-15,
		);
		expect(
			(await send('xml_maj_stock_batch.php', { xml: '<catalogue>a & b</catalogue>' })).code,
		).toBe(-15);
		expect((await send('xml_maj_stock_batch.php', { xml: '<root><products/></root>' })).code).toBe(
			-15,
		);
	});
});

describe('xml_export_bl (delivery slip)', () => {
	const slip = (xml?: string) => send('xml_export_bl.php', xml === undefined ? {} : { xml });

	it('answers the order id and a base64 PDF', async () => {
		await seedProducts();
		const id = await seedOrder({ status: 2 });
		const res = await slip(
			`<root><order_id>${id}</order_id><products><product><reference_partenaire>BOT-1</reference_partenaire><product_quantity>1</product_quantity></product></products></root>`,
		);
		expect(res.code).toBe(1);
		expect(childText(res.root, 'bl/order_id')).toBe(id);
		const pdf = Buffer.from(childText(res.root, 'bl/pdf') ?? '', 'base64').toString('latin1');
		expect(pdf.startsWith('%PDF-1.4')).toBe(true);
		expect(pdf).toContain(id);
		expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
	});

	it('-11 without xml, -15 malformed, -5 without order_id, -6 unknown order or product, -12 without reference', async () => {
		await seedProducts();
		const id = await seedOrder();
		expect((await slip()).code).toBe(-11);
		expect((await slip('<root><order_id>1</order_id>')).code).toBe(-15);
		expect((await slip('<root/>')).code).toBe(-5);
		expect((await slip('<root><order_id>1</order_id></root>')).code).toBe(-6);
		expect(
			(
				await slip(
					`<root><order_id>${id}</order_id><products><product><product_quantity>1</product_quantity></product></products></root>`,
				)
			).code,
		).toBe(-12);
		expect(
			(
				await slip(
					`<root><order_id>${id}</order_id><products><product><reference_partenaire>SAC-1</reference_partenaire></product></products></root>`,
				)
			).code,
		).toBe(-6);
	});
});

describe('hourly quota (-429) on the emulated clock', () => {
	it('the default profile: 600 calls per partner per clock hour, marked unverified', async () => {
		const profile = (await admin(url, 'GET', 'rate-limits')).body.profile as Json;
		expect(profile.rules).toEqual(SPARTOO_RATE_LIMITS.rules);
		expect(profile.rules[0]).toMatchObject({
			limit: 600,
			windowSeconds: 3600,
			aligned: true,
			verified: false,
		});
	});

	it('answers -429 (HTTP 200, the script’s envelope) past the limit until the next clock hour', async () => {
		const put = await admin(url, 'PUT', 'rate-limits', {
			profile: { rules: [{ ...SPARTOO_RATE_LIMITS.rules[0], limit: 3 }] },
		});
		expect(put.status).toBe(200);
		clock.set(Date.parse('2026-07-01T10:59:00Z'));
		for (let i = 0; i < 3; i++)
			expect((await send('xml_export_returns.php', { date: '0' })).code).toBe(1);
		const limited = await send('xml_export_returns.php', { date: '0' });
		expect([limited.status, limited.code]).toEqual([200, -429]);
		const stock = await send('xml_maj_stock.php', {});
		expect(text(child(stock.root, 'errors') as XmlElement)).toBe('-429');
		// another partner's key is not counted: an unknown key is refused before the quota
		expect((await send('xml_export_returns.php', { date: '0' }, { key: 'other' })).code).toBe(-2);
		clock.set(Date.parse('2026-07-01T11:00:00Z')); // one minute later, a new clock hour
		expect((await send('xml_export_returns.php', { date: '0' })).code).toBe(1);
		expect(((await state()).counters as Json).quotaRefusals).toBe(2);
	});

	it('core: aligned fixed windows restart on the clock boundary, unaligned ones a window after the first call', () => {
		const c = new EmulatedClock({ start: Date.parse('2026-07-01T10:30:00Z'), realNow: () => 0 });
		const rule = { id: 'h', path: '/**', limit: 1, windowSeconds: 3600, verified: false };
		const aligned = new RateLimiter(c, { rules: [{ ...rule, aligned: true }] });
		const sliding = new RateLimiter(c, { rules: [rule] });
		expect(aligned.check('POST', '/x', 'p')?.limited).toBe(false);
		expect(sliding.check('POST', '/x', 'p')?.limited).toBe(false);
		expect(aligned.check('POST', '/x', 'p')?.resetMs).toBe(30 * 60_000);
		c.advance(31 * 60_000); // 11:01
		expect(aligned.check('POST', '/x', 'p')?.limited).toBe(false);
		expect(sliding.check('POST', '/x', 'p')?.limited).toBe(true);
	});
});

describe('core: multipart/form-data', () => {
	it('reads text fields (repeated names as arrays), files, and boundaries with "="', () => {
		const boundary = parseMediaType('multipart/form-data; boundary="--=_Part_1"')?.params.boundary;
		expect(boundary).toBe('--=_Part_1');
		const body = Buffer.from(
			[
				'preamble',
				'----=_Part_1',
				'Content-Disposition: form-data; name="a"',
				'',
				'1',
				'----=_Part_1',
				'Content-Disposition: form-data; name="a"',
				'',
				'2\r\nsecond line',
				'----=_Part_1',
				'Content-Disposition: form-data; name="f"; filename="x.bin"',
				'Content-Type: application/octet-stream',
				'',
				'\u0000\u0001',
				'----=_Part_1--',
				'',
			].join('\r\n'),
			'latin1',
		);
		const fields = parseMultipart(body, boundary as string) as Json;
		expect(fields.a).toEqual(['1', '2\r\nsecond line']);
		expect(fields.f).toEqual({
			filename: 'x.bin',
			contentType: 'application/octet-stream',
			size: 2,
		});
		expect([...(fields.f.data as Buffer)]).toEqual([0, 1]);
		expect(parseMultipart(body, 'other')).toBeUndefined();
		expect(parseMultipart(body.subarray(0, body.length - 12), boundary as string)).toBeUndefined();
	});
});

describe('admin and transport', () => {
	it('state, seed summary, reset to the start seed, reset empty', async () => {
		const before = await state();
		const seeded = await admin(url, 'POST', 'seed', {});
		expect(seeded.body.seeded).toMatchObject({ orders: 3 });
		expect(((await state()).orders as Json[]).length).toBe((before.orders as Json[]).length + 3);
		const full = (await admin(url, 'GET', 'state')).body as Json;
		expect(full.service).toBe('spartoo');
		expect(full.info.partnerKey).toBe(KEY);
		expect(full.info.credential).toEqual({ apiKey: KEY, environment: 'custom', baseUrl: url });
		expect((before.returns as Json[]).map((r) => r.status).sort()).toEqual([2, 2, 3]);
		await admin(url, 'POST', 'reset', {});
		expect(((await state()).orders as Json[]).length).toBe((before.orders as Json[]).length);
		await admin(url, 'POST', 'reset', { empty: true });
		const empty = await state();
		expect([empty.orders, empty.returns, empty.products]).toEqual([[], [], []]);
		expect((await admin(url, 'POST', 'seed', { orders: [{ status: 12 }] })).status).toBe(400);
	});

	it('Spartoo’s own moves (carrier, cancellation, refund) through the admin: last_modified moves, history says spartoo', async () => {
		await seedProducts();
		const id = await seedOrder({ status: 3, purchasedAt: START - 86_400_000 });
		const ret = await admin(url, 'POST', 'seed', { returns: [{ orderId: id }] });
		expect(ret.status).toBe(200);
		const rId = (((await state()).returns as Json[]).find((r) => r.order === id) as Json)
			.return_id as string;
		clock.set(START + 3600_000);
		const moved = await admin(url, 'POST', 'seed', {
			spartooMoves: { orders: [{ id, status: 47 }], returns: [{ id: rId, status: 7 }] },
		});
		expect(moved.body.seeded).toMatchObject({ moved: 2, orders: 0 });
		const exported = await send('xml_export_orders.php', { date: '2026-07-01:13:00:00' });
		expect(childText(exported.root, 'orders/order/orders_status_id')).toBe('47');
		expect(
			childText(
				descendantReturn((await send('xml_export_returns.php', { rID: rId })).root),
				'return_status_name',
			),
		).toBe('Refund');
		const order = ((await state()).orders as Json[]).find((o) => o.orders_id === id) as Json;
		expect((order.history as Json[]).at(-1)).toMatchObject({ status: 47, by: 'spartoo' });
		expect(
			(await admin(url, 'POST', 'seed', { spartooMoves: { orders: [{ id, status: 12 }] } })).status,
		).toBe(400);
	});

	it('faults: a 500 page, a dropped answer after the update was applied, an injected -429', async () => {
		await admin(url, 'POST', 'faults', {
			kind: 'server-error',
			path: '/mp/xml_export_orders.php',
			count: 1,
		});
		const failed = await fetch(`${url}/mp/xml_export_orders.php`, {
			method: 'POST',
			body: `partner=${KEY}&oID=1`,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
		expect(failed.status).toBe(500);
		expect(failed.headers.get('content-type')).toMatch(/text\/html/);
		await admin(url, 'POST', 'faults', {
			kind: 'rate-limit',
			path: '/mp/xml_maj_stock.php',
			count: 1,
		});
		expect((await send('xml_maj_stock.php', {})).code).toBe(-429);
		const [order] = await ordersIn(11);
		await admin(url, 'POST', 'faults', {
			kind: 'drop',
			path: '/mp/xml_maj_orders.php',
			count: 1,
			phase: 'after',
		});
		await expect(
			send('xml_maj_orders.php', { oID: order?.orders_id, statut: '2' }),
		).rejects.toThrow();
		expect(
			((await state()).orders as Json[]).find((o) => o.orders_id === order?.orders_id)?.status,
		).toBe(2);
	});

	it('an unknown script is the host’s 404 page; another method a 405', async () => {
		const missing = await fetch(`${url}/mp/xml_nothing.php`, { method: 'POST' });
		expect(missing.status).toBe(404);
		expect(await missing.text()).toMatch(/<html>/);
		const put = await fetch(`${url}/mp/xml_maj_orders.php`, { method: 'PUT' });
		expect(put.status).toBe(405);
	});
});
