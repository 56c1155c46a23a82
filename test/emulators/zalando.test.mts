/** The Zalando zDirect emulator: token, profile, orders (JSON:API), line state machine, stocks, announced returns. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { RunningService } from '../../sandbox/emulators/core/server.mts';
import { generateCatalog } from '../../sandbox/emulators/seed/catalog.mts';
import {
	ZALANDO_DEFAULT_CLIENT_ID,
	ZALANDO_DEFAULT_CLIENT_SECRET,
	ZALANDO_DEFAULT_MERCHANT_ID,
	ZALANDO_SALES_CHANNEL_DE,
	ZALANDO_SALES_CHANNEL_FR,
	ZALANDO_SALES_CHANNEL_NL,
	generateZalandoSeed,
	zalandoService,
} from '../../sandbox/emulators/zalando/index.mts';
import { admin, call, start, type Json } from './helpers.mts';

const JSON_API = 'application/vnd.api+json';
const MID = ZALANDO_DEFAULT_MERCHANT_ID;
const basic = (secret = ZALANDO_DEFAULT_CLIENT_SECRET) =>
	`Basic ${Buffer.from(`${ZALANDO_DEFAULT_CLIENT_ID}:${secret}`).toString('base64')}`;

let zalando: RunningService;
let url: string;
let token: string;

function requestToken(body = 'grant_type=client_credentials', secret?: string) {
	return call(`${url}/auth/token`, {
		method: 'POST',
		headers: {
			authorization: basic(secret),
			'content-type': 'application/x-www-form-urlencoded',
		},
		body,
	});
}
async function newToken(): Promise<string> {
	const res = await requestToken();
	expect(res.status).toBe(200);
	return res.body.access_token as string;
}
const auth = (): Record<string, string> => ({ authorization: `Bearer ${token}` });
const get = (path: string) => call(`${url}${path}`, { headers: { ...auth(), accept: JSON_API } });
const patch = (path: string, body: unknown, type = JSON_API) =>
	call(`${url}${path}`, {
		method: 'PATCH',
		headers: { ...auth(), 'content-type': type },
		body: JSON.stringify(body),
	});
const postStocks = (items: unknown[]) =>
	call(`${url}/merchants/${MID}/stocks`, {
		method: 'POST',
		headers: { ...auth(), 'content-type': 'application/json' },
		body: JSON.stringify({ items }),
	});
const state = async () => (await admin(url, 'GET', 'state')).body.state as Json;
const counters = async () => (await state()).counters as Json;
const orders = `/merchants/${MID}/orders`;

/** Every order of the merchant, through the API (all pages). */
async function allOrders(query = ''): Promise<Json[]> {
	const out: Json[] = [];
	let next: string | undefined = `${url}${orders}?page[size]=1000${query}`;
	while (next) {
		const res = await call(next, { headers: auth() });
		expect(res.status).toBe(200);
		out.push(...(res.body.data as Json[]));
		next = res.body.links.next;
	}
	return out;
}

async function orderWith(input: Json): Promise<Json> {
	const orderId = crypto.randomUUID();
	const seeded = await admin(url, 'POST', 'seed', { orders: [{ orderId, ...input }] });
	expect(seeded.status).toBe(200);
	const res = await get(`${orders}/${orderId}?include=order_items,order_lines`);
	expect(res.status).toBe(200);
	return res.body as Json;
}
const linesOf = (doc: Json) => (doc.included as Json[]).filter((r) => r.type === 'OrderLine');
const linePath = (doc: Json, line: Json) =>
	`${orders}/${doc.data.id}/items/${line.attributes.order_item_id}/lines/${line.id}`;
const lineBody = (line: Json, status: string, extra: Json = {}) => ({
	data: { type: 'OrderLine', id: line.id, attributes: { status, ...extra } },
});
const orderBody = (doc: Json, attributes: Json) => ({
	data: { type: 'Order', id: doc.data.id, attributes },
});
async function exportOrder(doc: Json, merchantOrderId = 'MO12345'): Promise<void> {
	expect(
		(
			await patch(
				`${orders}/${doc.data.id}`,
				orderBody(doc, { merchant_order_id: merchantOrderId }),
			)
		).status,
	).toBe(204);
}

beforeAll(async () => {
	zalando = await start(zalandoService(), { seed: 42 });
	url = zalando.url;
});
afterAll(async () => {
	await zalando.stop();
});
beforeEach(async () => {
	await admin(url, 'POST', 'reset');
	await admin(url, 'PATCH', 'config', { rateLimits: false });
	token = await newToken();
});

describe('token endpoint and profile', () => {
	it('issues a 2 h Bearer token for HTTP Basic client credentials (scope=access_token_only accepted)', async () => {
		const res = await requestToken('grant_type=client_credentials&scope=access_token_only');
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 7200 });
		expect(res.body.refresh_token).toBeUndefined();
		expect(res.body.access_token.split('.')).toHaveLength(3);
		expect(res.headers.get('cache-control')).toBe('no-store');
	});

	it('refuses a wrong secret, missing Basic auth and other grants the OAuth way', async () => {
		const wrong = await requestToken(undefined, 'nope');
		expect([wrong.status, wrong.body.error]).toEqual([401, 'invalid_client']);
		const inForm = await call(`${url}/auth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `grant_type=client_credentials&client_id=${ZALANDO_DEFAULT_CLIENT_ID}&client_secret=${ZALANDO_DEFAULT_CLIENT_SECRET}`,
		});
		expect(inForm.status).toBe(401);
		expect((await requestToken('grant_type=password')).body.error).toBe('unsupported_grant_type');
		expect((await counters()).tokenRequests).toBe(4); // beforeEach's + these three
		expect((await counters()).tokensIssued).toBe(1);
	});

	it('limits token requests to 8 a minute (429 with Retry-After), counted in the state', async () => {
		await admin(url, 'PATCH', 'config', { rateLimits: true });
		for (let i = 0; i < 8; i++) expect((await requestToken()).status).toBe(200);
		const limited = await requestToken();
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(limited.headers.get('x-rate-limit')).toBe('8');
		expect(limited.body.message).toMatch(/Too Many Requests/);
		expect(await counters()).toMatchObject({ tokenRequests: 10, tokensIssued: 9 });
		await admin(url, 'POST', 'clock', { advanceSeconds: 61 });
		expect((await requestToken()).status).toBe(200);
	});

	it('tokens expire after expires_in on the emulated clock (401), faults kill them', async () => {
		expect((await get('/auth/me')).status).toBe(200);
		await admin(url, 'POST', 'clock', { advanceSeconds: 7199 });
		expect((await get(orders)).status).toBe(200);
		await admin(url, 'POST', 'clock', { advanceSeconds: 2 });
		const expired = await get(orders);
		expect(expired.status).toBe(401);
		expect(expired.headers.get('content-type')).toBe(JSON_API);
		expect(expired.headers.get('www-authenticate')).toMatch(/invalid_token/);
		expect(expired.body.errors[0]).toMatchObject({ status: '401', title: 'Unauthorized' });
		token = await newToken();
		expect((await get(orders)).status).toBe(200);
		await admin(url, 'POST', 'faults', { kind: 'token-revoked', path: '/merchants/**' });
		expect((await get(orders)).status).toBe(401);
		expect((await get(orders)).status).toBe(401);
		expect((await call(`${url}${orders}`)).status).toBe(401);
	});

	it('GET /auth/me names the merchant; sales channels of that merchant', async () => {
		expect((await get('/auth/me')).body).toEqual({ bpids: [MID] });
		const channels = await call(`${url}/sales-channels?merchant_ids=${MID}&zalando_only=true`, {
			headers: auth(),
		});
		expect(channels.status).toBe(200);
		expect(channels.body.items).toEqual([
			{
				sales_channel_id: ZALANDO_SALES_CHANNEL_DE,
				country_name: 'Germany',
				country_code: 'de',
				live: true,
			},
			{
				sales_channel_id: ZALANDO_SALES_CHANNEL_NL,
				country_name: 'Netherlands',
				country_code: 'nl',
				live: true,
			},
			{
				sales_channel_id: ZALANDO_SALES_CHANNEL_FR,
				country_name: 'France',
				country_code: 'fr',
				live: true,
			},
		]);
		const other = await call(`${url}/sales-channels?merchant_ids=${crypto.randomUUID()}`, {
			headers: auth(),
		});
		expect(other.body.items).toEqual([]);
		const missing = await call(`${url}/sales-channels`, { headers: auth() });
		expect(missing.status).toBe(400);
		expect(missing.body.errors[0].source).toEqual({ parameter: 'merchant_ids' });
		const notBool = await call(`${url}/sales-channels?merchant_ids=${MID}&zalando_only=maybe`, {
			headers: auth(),
		});
		expect(notBool.status).toBe(400);
	});
});

describe('orders (JSON:API)', () => {
	it('seeds every kind of order, reproducibly', async () => {
		const now = Date.parse('2026-03-10T12:00:00Z');
		const a = generateZalandoSeed({ seed: 7, now, merchantId: MID });
		expect(generateZalandoSeed({ seed: 7, now, merchantId: MID })).toEqual(a);
		const listed = await allOrders();
		const attrs = listed.map((o) => o.attributes as Json);
		const open = attrs.filter(
			(o) => o.status === 'approved' && !o.exported && o.order_type === 'PartnerFulfilled',
		);
		expect(open.length).toBeGreaterThanOrEqual(5);
		expect(attrs.some((o) => o.order_type === 'ZalandoFulfilled')).toBe(true);
		expect(attrs.some((o) => o.status === 'initial')).toBe(true);
		expect(attrs.filter((o) => o.status === 'fulfilled' && o.tracking_number).length).toBe(3);
		const names = attrs.flatMap((o) => [
			o.shipping_address.first_name,
			o.shipping_address.last_name,
		]);
		expect(names.some((n: string) => [...n].some((c) => c.charCodeAt(0) > 0x7f))).toBe(true);
		const included = await get(`${orders}?include=order_items,order_lines&page[size]=1000`);
		const items = (included.body.included as Json[]).filter((r) => r.type === 'OrderItem');
		expect(items.some((i) => i.relationships.order_lines.data.length > 1)).toBe(true);
		expect(listed.some((o) => o.relationships.order_items.data.length > 1)).toBe(true);
		// the order Zalando cancelled for failed payment
		const failed = listed.find(
			(o) =>
				o.attributes.status === 'fulfilled' &&
				!o.attributes.exported &&
				o.attributes.order_type === 'PartnerFulfilled',
		) as Json;
		const failedLines = linesOf((await get(`${orders}/${failed.id}?include=order_lines`)).body);
		expect(failedLines.every((l) => l.attributes.status === 'canceled')).toBe(true);
		const transitions = await get(`${orders}/${failed.id}/transitions`);
		expect(transitions.body.data[0].attributes).toMatchObject({
			original_status: 'initial',
			final_status: 'fulfilled',
			transition_reason: { description: 'PAYMENT_FAILED' },
		});
		// the shared catalogue: external_id is the store SKU, the articles carry its EANs
		const articles = (await state()).articles as Json[];
		const skus = new Set(articles.map((a) => a.sku));
		expect(items.every((i) => skus.has(i.attributes.external_id))).toBe(true);
		const catalogue = new Set(articles.map((a) => a.ean));
		expect(generateCatalog(42).every((p) => catalogue.has(p.ean))).toBe(true);
	});

	it('filters by status (any case), type, export, channel, number and exclusive time bounds', async () => {
		const all = await allOrders();
		const approved = await allOrders('&order_status=Approved');
		expect(approved.length).toBe(all.filter((o) => o.attributes.status === 'approved').length);
		expect(approved.length).toBeGreaterThan(0);
		const pf = await allOrders('&order_type=PartnerFulfilled&exported=false&order_status=approved');
		expect(
			pf.every(
				(o) =>
					o.attributes.order_type === 'PartnerFulfilled' &&
					!o.attributes.exported &&
					o.attributes.status === 'approved',
			),
		).toBe(true);
		const zfs = await allOrders('&order_type=ZalandoFulfilled');
		expect(zfs).toHaveLength(1);
		const nl = await allOrders(`&sales_channel_id=${ZALANDO_SALES_CHANNEL_NL}`);
		expect(nl.every((o) => o.attributes.sales_channel_id === ZALANDO_SALES_CHANNEL_NL)).toBe(true);
		const one = all[3] as Json;
		const byNumber = await allOrders(`&order_number=${one.attributes.order_number}`);
		expect(byNumber.map((o) => o.id)).toEqual([one.id]);
		const at = encodeURIComponent(one.attributes.modified_at);
		const after = await allOrders(`&last_updated_after=${at}`);
		const before = await allOrders(`&last_updated_before=${at}`);
		expect(after.length + before.length).toBe(all.length - 1);
		const created = encodeURIComponent(one.attributes.created_at);
		expect((await allOrders(`&created_after=${created}`)).every((o) => o.id !== one.id)).toBe(true);
		expect((await allOrders(`&created_before=${created}`)).every((o) => o.id !== one.id)).toBe(
			true,
		);
		const bad = await get(`${orders}?order_status=shipped`);
		expect(bad.status).toBe(400);
		expect(bad.body.errors[0].source).toEqual({ parameter: 'order_status' });
	});

	it('pages with page[number] (0-based) and page[size]; links.next only when another page exists; sorts', async () => {
		const all = await allOrders();
		const byModified = [...all].sort((a, b) =>
			b.attributes.modified_at.localeCompare(a.attributes.modified_at),
		);
		expect(all.map((o) => o.id)).toEqual(byModified.map((o) => o.id));
		const first = await get(`${orders}?page[size]=5`);
		expect(first.headers.get('content-type')).toBe(JSON_API);
		expect(first.body.data).toHaveLength(5);
		expect(first.body.meta).toMatchObject({
			number_of_results: 5,
			copyright: expect.stringMatching(/Zalando SE/),
		});
		expect(first.body.links.prev).toBeUndefined();
		const next = new URL(first.body.links.next);
		expect(next.searchParams.get('page[number]')).toBe('1');
		const seen: string[] = [];
		let link: string | undefined = `${url}${orders}?page[size]=5`;
		while (link) {
			const res = await call(link, { headers: auth() });
			seen.push(...res.body.data.map((o: Json) => o.id));
			link = res.body.links.next;
		}
		expect(seen).toEqual(all.map((o) => o.id));
		const underscore = await get(`${orders}?page_size=2&page_number=1`);
		expect(underscore.body.data.map((o: Json) => o.id)).toEqual(seen.slice(2, 4));
		expect(new URL(underscore.body.links.next).searchParams.get('page[number]')).toBe('2');
		const oldest = await get(`${orders}?sort=created_at&page[size]=1`);
		const created = all.map((o) => o.attributes.created_at as string).sort();
		expect(oldest.body.data[0].attributes.created_at).toBe(created[0]);
		const newest = await get(`${orders}?sort=-created_at&page[size]=1`);
		expect(newest.body.data[0].attributes.created_at).toBe(created.at(-1));
		expect((await get(`${orders}?page[size]=1001`)).status).toBe(400);
		expect((await get(`${orders}?sort=order_number`)).status).toBe(400);
		const past = await get(`${orders}?page[number]=99`);
		expect(past.body.data).toEqual([]);
		expect(past.body.links.next).toBeUndefined();
	});

	it('includes items, lines and transitions; links order -> items -> lines; 404 for unknown orders', async () => {
		const doc = await orderWith({
			customer: { firstName: 'Zoë', lastName: 'Ørsted-Müller' },
			items: [{ quantity: 2 }, { quantity: 1 }].map((x, i) => ({
				...x,
				ean: ['4006381333931', '8712345678906'][i],
				price: 49.95,
				discountedPrice: 39.95,
			})),
		});
		const order = doc.data as Json;
		expect(order.attributes).toMatchObject({
			status: 'approved',
			exported: false,
			order_type: 'PartnerFulfilled',
			order_lines_count: 3,
			order_lines_price_currency: 'EUR',
		});
		expect(order.attributes.shipping_address).toMatchObject({
			first_name: 'Zoë',
			last_name: 'Ørsted-Müller',
		});
		expect(order.attributes.shipping_address.address_id).toEqual(expect.any(String));
		const items = (doc.included as Json[]).filter((r) => r.type === 'OrderItem');
		expect(order.relationships.order_items.data).toEqual(
			items.map((i) => ({ type: 'OrderItem', id: i.id })),
		);
		const lines = linesOf(doc);
		expect(lines).toHaveLength(3);
		for (const item of items)
			for (const ref of item.relationships.order_lines.data)
				expect(lines.find((l) => l.id === ref.id)?.attributes.order_item_id).toBe(item.id);
		expect(lines[0]?.attributes).toMatchObject({
			status: 'initial',
			price: { amount: 49.95, currency: 'EUR' },
			discounted_price: { amount: 39.95, currency: 'EUR' },
		});
		expect(lines[0]?.meta.possible_status_transitions).toEqual(['reserved', 'shipped', 'canceled']);
		const full = await get(
			`${orders}/${order.id}?include=order_lines.order_line_transitions,order_transitions,shipments`,
		);
		expect(full.status).toBe(200);
		const types = new Set((full.body.included as Json[]).map((r) => r.type));
		expect(types).toEqual(new Set(['OrderLine', 'OrderTransition', 'Shipment']));
		expect((await get(`${orders}/${order.id}/items`)).body.data).toHaveLength(2);
		expect((await get(linePath(doc, lines[0] as Json))).body.data.id).toBe(lines[0]?.id);
		const missing = await get(`${orders}/${crypto.randomUUID()}`);
		expect(missing.status).toBe(404);
		expect(missing.body.errors[0]).toMatchObject({ status: '404', title: 'Not Found' });
		expect((await get(`${orders}?include=customers`)).status).toBe(400);
		expect((await get(`/merchants/${crypto.randomUUID()}/orders`)).status).toBe(403);
	});
});

describe('export, tracking and the line state machine', () => {
	it('exports PartnerFulfilled orders (merchant_order_id), refuses ZalandoFulfilled (403) and bad ids (400)', async () => {
		const doc = await orderWith({ items: [{ ean: '4006381333931' }] });
		const res = await patch(
			`${orders}/${doc.data.id}`,
			orderBody(doc, { merchant_order_id: 'SHOP-1001' }),
		);
		expect(res.status).toBe(204);
		expect(res.headers.get('location')).toBe(`${url}${orders}/${doc.data.id}`);
		const after = (await get(`${orders}/${doc.data.id}`)).body.data.attributes;
		expect(after).toMatchObject({ exported: true, merchant_order_id: 'SHOP-1001' });
		expect(Date.parse(after.modified_at)).toBeGreaterThanOrEqual(
			Date.parse(doc.data.attributes.modified_at),
		);
		const zfs = await orderWith({
			orderType: 'ZalandoFulfilled',
			items: [{ ean: '4006381333931' }],
		});
		const denied = await patch(
			`${orders}/${zfs.data.id}`,
			orderBody(zfs, { merchant_order_id: 'X1' }),
		);
		expect(denied.status).toBe(403);
		expect(denied.body.errors[0].status).toBe('403');
		const blank = await patch(
			`${orders}/${doc.data.id}`,
			orderBody(doc, { merchant_order_id: '' }),
		);
		expect(blank.status).toBe(400);
		expect(blank.body.errors[0].source).toEqual({ pointer: '/data/attributes/merchant_order_id' });
		expect(
			(await patch(`${orders}/${doc.data.id}`, orderBody(doc, { merchant_order_id: 'a b' })))
				.status,
		).toBe(400);
		const wrongId = await patch(`${orders}/${doc.data.id}`, {
			data: { type: 'Order', id: crypto.randomUUID(), attributes: { merchant_order_id: 'A1' } },
		});
		expect(wrongId.status).toBe(409);
		expect(
			(
				await patch(
					`${orders}/${doc.data.id}`,
					orderBody(doc, { merchant_order_id: 'A1' }),
					'application/json',
				)
			).status,
		).toBe(415);
	});

	it('keeps the first tracking number (a different later one is accepted and ignored)', async () => {
		const doc = await orderWith({ items: [{ ean: '4006381333931' }] });
		const path = `${orders}/${doc.data.id}`;
		expect(
			(
				await patch(
					path,
					orderBody(doc, { tracking_number: 'TRACK-1', return_tracking_number: 'RET-1' }),
				)
			).status,
		).toBe(204);
		expect((await patch(path, orderBody(doc, { tracking_number: 'TRACK-2' }))).status).toBe(204);
		expect((await get(path)).body.data.attributes).toMatchObject({
			tracking_number: 'TRACK-1',
			return_tracking_number: 'RET-1',
		});
		expect((await counters()).trackingUpdatesIgnored).toBe(1);
		const snapshot = ((await state()).orders as Json[]).find((o) => o.id === doc.data.id) as Json;
		expect(snapshot.emulator.trackingPatchedAt).toEqual(expect.any(String));
	});

	it('moves lines along the legal transitions and refuses the others (403 illegal, 409 same status)', async () => {
		const doc = await orderWith({ items: [{ ean: '4006381333931', quantity: 4 }] });
		const [a, b, c, d] = linesOf(doc) as [Json, Json, Json, Json];
		const to = (line: Json, status: string, extra?: Json) =>
			patch(linePath(doc, line), lineBody(line, status, extra));
		// reserving is allowed before the export, shipping is not
		expect((await to(a, 'reserved')).status).toBe(204);
		const early = await to(b, 'shipped');
		expect(early.status).toBe(403);
		expect(early.body.errors[0].detail).toMatch(/export/);
		await exportOrder(doc);
		expect((await to(a, 'shipped')).status).toBe(204);
		expect((await to(b, 'shipped')).status).toBe(204);
		expect((await to(c, 'canceled')).status).toBe(204);
		expect((await to(a, 'returned', { reason: 3 })).status).toBe(204);
		expect((await to(c, 'shipped')).status).toBe(403); // canceled is terminal
		expect((await to(a, 'shipped')).status).toBe(403); // returned is terminal
		expect((await to(b, 'canceled')).status).toBe(403); // shipped cannot be canceled
		expect((await to(d, 'returned')).status).toBe(403); // only shipped lines can be returned
		const again = await to(c, 'canceled');
		expect(again.status).toBe(409);
		expect(again.body.errors[0].source).toEqual({ pointer: '/data/attributes/status' });
		expect((await to(d, 'teleported')).status).toBe(400);
		expect((await to(d, 'initial')).status).toBe(400);
		expect(
			(
				await patch(linePath(doc, d), {
					data: { type: 'OrderLine', id: d.id, attributes: { status: 'returned', reason: 'x' } },
				})
			).status,
		).toBe(400);
		const now = await get(`${linePath(doc, a)}?include=order_lines.order_line_transitions`);
		expect(now.body.data.attributes.status).toBe('returned');
		expect(now.body.data.meta.possible_status_transitions).toEqual([]);
		expect(now.body.included.map((t: Json) => t.attributes.final_status)).toEqual([
			'reserved',
			'shipped',
			'returned',
		]);
		expect((await get(`${orders}/${doc.data.id}`)).body.data.attributes.status).toBe('approved');
		const zfs = await orderWith({
			orderType: 'ZalandoFulfilled',
			items: [{ ean: '4006381333931' }],
		});
		const zfsLine = linesOf(zfs)[0] as Json;
		expect((await patch(linePath(zfs, zfsLine), lineBody(zfsLine, 'canceled'))).status).toBe(403);
	});

	it('the order becomes fulfilled when every line is shipped, canceled or returned; modified_at moves', async () => {
		const doc = await orderWith({
			items: [{ ean: '4006381333931', quantity: 2 }, { ean: '8712345678906' }],
		});
		const [a, b, c] = linesOf(doc) as [Json, Json, Json];
		await exportOrder(doc);
		const path = `${orders}/${doc.data.id}`;
		expect((await patch(path, orderBody(doc, { tracking_number: 'T-9' }))).status).toBe(204);
		await admin(url, 'POST', 'clock', { advanceSeconds: 6 });
		const before = (await get(path)).body.data.attributes.modified_at;
		await admin(url, 'POST', 'clock', { advanceSeconds: 1 });
		expect((await patch(linePath(doc, a), lineBody(a, 'shipped'))).status).toBe(204);
		expect((await patch(linePath(doc, b), lineBody(b, 'canceled'))).status).toBe(204);
		let attrs = (await get(path)).body.data.attributes;
		expect(attrs.status).toBe('approved');
		expect(Date.parse(attrs.modified_at)).toBeGreaterThan(Date.parse(before));
		expect(
			(
				await patch(
					linePath(doc, c),
					lineBody(c, 'shipped', { outbound_logistic_center_id: crypto.randomUUID() }),
				)
			).status,
		).toBe(204);
		attrs = (await get(path)).body.data.attributes;
		expect(attrs.status).toBe('fulfilled');
		const fulfilled = await allOrders(
			`&order_status=fulfilled&exported=true&last_updated_after=${encodeURIComponent(before)}`,
		);
		expect(fulfilled.map((o) => o.id)).toContain(doc.data.id);
		expect((await counters()).shippedTooSoonAfterTracking).toBe(0);
	});

	it('counts lines shipped less than 5 s after the tracking PATCH (still accepted)', async () => {
		const doc = await orderWith({ items: [{ ean: '4006381333931', quantity: 2 }] });
		const [a, b] = linesOf(doc) as [Json, Json];
		await exportOrder(doc);
		await patch(`${orders}/${doc.data.id}`, orderBody(doc, { tracking_number: 'T-1' }));
		expect((await patch(linePath(doc, a), lineBody(a, 'shipped'))).status).toBe(204);
		await admin(url, 'POST', 'clock', { advanceSeconds: 5 });
		expect((await patch(linePath(doc, b), lineBody(b, 'shipped'))).status).toBe(204);
		const s = await state();
		expect(s.counters.shippedTooSoonAfterTracking).toBe(1);
		expect(s.shippedTooSoon).toEqual([
			expect.objectContaining({ orderId: doc.data.id, lineId: a.id }),
		]);
	});

	it('admin payment outcomes: an initial order is approved, or Zalando cancels it (fulfilled, lines canceled)', async () => {
		const paid = await orderWith({ status: 'initial', items: [{ ean: '4006381333931' }] });
		const unpaid = await orderWith({
			status: 'initial',
			items: [{ ean: '4006381333931', quantity: 2 }],
		});
		expect(
			(await admin(url, 'POST', 'seed', { approve: [paid.data.id], failPayment: [unpaid.data.id] }))
				.status,
		).toBe(200);
		expect((await get(`${orders}/${paid.data.id}`)).body.data.attributes.status).toBe('approved');
		const failed = await get(`${orders}/${unpaid.data.id}?include=order_lines`);
		expect(failed.body.data.attributes.status).toBe('fulfilled');
		expect(linesOf(failed.body).map((l) => l.attributes.status)).toEqual(['canceled', 'canceled']);
		expect((await admin(url, 'POST', 'seed', { approve: [paid.data.id] })).status).toBe(400);
		expect((await admin(url, 'POST', 'seed', { orders: [{ items: [] }] })).status).toBe(400);
	});
});

describe('stocks', () => {
	it('answers 207 per item: ACCEPTED for known EANs, REJECTED 101 for unknown ones; stores quantities', async () => {
		const [known] = (await state()).articles as Json[];
		const res = await postStocks([
			{ sales_channel_id: ZALANDO_SALES_CHANNEL_DE, ean: known?.ean, quantity: 7 },
			{ sales_channel_id: ZALANDO_SALES_CHANNEL_NL, ean: known?.ean, quantity: 0 },
			{ sales_channel_id: ZALANDO_SALES_CHANNEL_DE, ean: '4006381333931', quantity: 3 },
		]);
		expect(res.status).toBe(207);
		expect(res.body.results.map((r: Json) => [r.result.status, r.result.code])).toEqual([
			['ACCEPTED', 0],
			['ACCEPTED', 0],
			['REJECTED', 101],
		]);
		expect(res.body.results[2].item.ean).toBe('4006381333931');
		expect(res.body.results[2].result.description).toMatch(/not known/);
		const stocks = (await state()).stocks as Json[];
		expect(stocks).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					sales_channel_id: ZALANDO_SALES_CHANNEL_DE,
					ean: known?.ean,
					quantity: 7,
				}),
				expect.objectContaining({
					sales_channel_id: ZALANDO_SALES_CHANNEL_NL,
					ean: known?.ean,
					quantity: 0,
				}),
			]),
		);
	});

	it('refuses empty, oversized and duplicate batches and bad bodies with problem+json 400', async () => {
		const [known] = (await state()).articles as Json[];
		const entry = { sales_channel_id: ZALANDO_SALES_CHANNEL_DE, ean: known?.ean, quantity: 1 };
		const empty = await postStocks([]);
		expect(empty.status).toBe(400);
		expect(empty.headers.get('content-type')).toBe('application/problem+json');
		expect(empty.body).toMatchObject({ status: 400, title: 'Bad Request' });
		expect((await postStocks(Array.from({ length: 1001 }, () => entry))).status).toBe(400);
		const duplicate = await postStocks([entry, { ...entry, quantity: 2 }]);
		expect(duplicate.status).toBe(400);
		expect(duplicate.body.detail).toMatch(/items\[1\]/);
		const negative = await postStocks([{ ...entry, quantity: -1 }]);
		expect(negative.status).toBe(400);
		expect(negative.body.violations[0].field).toBe('/items/0/quantity');
		const noEan = await postStocks([{ sales_channel_id: ZALANDO_SALES_CHANNEL_DE, quantity: 1 }]);
		expect(noEan.body.violations[0].field).toBe('/items/0/ean');
		const vnd = await call(`${url}/merchants/${MID}/stocks`, {
			method: 'POST',
			headers: { ...auth(), 'content-type': JSON_API },
			body: JSON.stringify({ items: [entry] }),
		});
		expect(vnd.status).toBe(415);
	});

	it('applies both limits at once: 60 requests and 2000 items a minute', async () => {
		await admin(url, 'PATCH', 'config', { rateLimits: true });
		const articles = ((await state()).articles as Json[]).slice(0, 20);
		const batch = (n: number) =>
			Array.from({ length: n }, (_, i) => ({
				sales_channel_id: [
					ZALANDO_SALES_CHANNEL_DE,
					ZALANDO_SALES_CHANNEL_NL,
					ZALANDO_SALES_CHANNEL_FR,
				][i % 3],
				ean: articles[Math.floor(i / 3) % articles.length]?.ean,
				quantity: i,
			})).map((item, i) => ({ ...item, ean: i < 60 ? item.ean : String(4000000000000 + i) }));
		// 1000 + 900 items pass; 200 more would exceed 2000 items
		expect((await postStocks(batch(1000))).status).toBe(207);
		expect((await postStocks(batch(900))).status).toBe(207);
		const items = await postStocks(batch(200));
		expect(items.status).toBe(429);
		expect(items.headers.get('x-rate-limit')).toBe('2000');
		expect(Number(items.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(items.headers.get('content-type')).toBe('application/problem+json');
		// the refused request counted nothing: 100 items still fit
		expect((await postStocks(batch(100))).status).toBe(207);
		await admin(url, 'POST', 'clock', { advanceSeconds: 61 });
		for (let i = 0; i < 60; i++) expect((await postStocks(batch(1))).status).toBe(207);
		const requests = await postStocks(batch(1));
		expect(requests.status).toBe(429);
		expect(requests.headers.get('x-rate-limit')).toBe('60');
		await admin(url, 'POST', 'clock', { advanceSeconds: 61 });
		expect((await postStocks(batch(1))).status).toBe(207);
	});
});

describe('announced returns', () => {
	it('lists the seeded return that spans two orders, newest first', async () => {
		const res = await get(`/merchants/${MID}/announced-returns`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe(JSON_API);
		const [newest, older] = res.body.data as Json[];
		expect(newest?.type).toBe('ZALANDO_ONLINE_CREATED');
		expect(newest?.orders).toHaveLength(2);
		expect(newest?.orders[0].order_lines[0]).toEqual({
			order_line_id: expect.any(String),
			order_item_id: expect.any(String),
			return_reason: expect.any(String),
		});
		expect(Date.parse(newest?.return_registered_at)).toBeGreaterThan(
			Date.parse(older?.return_registered_at),
		);
		expect(res.body.links.next).toBeUndefined();
		const shipped = await get(`${orders}/${newest?.orders[0].order_id}?include=order_lines`);
		expect(linesOf(shipped.body).map((l) => l.id)).toContain(
			newest?.orders[0].order_lines[0].order_line_id,
		);
	});

	it('pages with an opaque cursor; after is inclusive, before exclusive; limit 1..1000', async () => {
		const shipped = (await allOrders('&order_status=fulfilled&exported=true')).map(
			(o) => o.id as string,
		);
		const base = Date.parse('2026-01-01T00:00:00Z');
		await admin(url, 'POST', 'seed', {
			announcedReturns: Array.from({ length: 5 }, (_, i) => ({
				registeredAt: new Date(base + i * 60_000).toISOString(),
				orders: [{ orderId: shipped[i % shipped.length] }],
			})),
		});
		const seen: string[] = [];
		let link: string | undefined = `${url}/merchants/${MID}/announced-returns?limit=3`;
		let pages = 0;
		while (link) {
			const res = await call(link, { headers: auth() });
			expect(res.status).toBe(200);
			expect(res.body.data.length).toBeLessThanOrEqual(3);
			seen.push(...res.body.data.map((r: Json) => r.announced_return_id));
			link = res.body.links.next;
			pages++;
		}
		expect(pages).toBe(3);
		expect(new Set(seen).size).toBe(7);
		const from = new Date(base + 60_000).toISOString();
		const to = new Date(base + 3 * 60_000).toISOString();
		const window = await get(
			`/merchants/${MID}/announced-returns?after=${from}&before=${to}&sort=return_registered_at`,
		);
		expect(window.body.data.map((r: Json) => r.return_registered_at)).toEqual([
			'2026-01-01T00:01:00.000+00:00',
			'2026-01-01T00:02:00.000+00:00',
		]);
		expect((await get(`/merchants/${MID}/announced-returns?limit=0`)).status).toBe(400);
		expect((await get(`/merchants/${MID}/announced-returns?limit=1001`)).status).toBe(400);
		expect((await get(`/merchants/${MID}/announced-returns?cursor=nonsense`)).status).toBe(400);
		const channel = await get(
			`/merchants/${MID}/announced-returns?sales_channel_id=${crypto.randomUUID()}`,
		);
		expect(channel.body.data).toEqual([]);
	});
});

describe('validation, rate limits and faults', () => {
	it('rejects a line PATCH body that does not match the spec, naming the field', async () => {
		const doc = await orderWith({ items: [{ ean: '4006381333931' }] });
		const line = linesOf(doc)[0] as Json;
		const res = await patch(linePath(doc, line), {
			data: { type: 'OrderLine', id: line.id, attributes: {} },
		});
		expect(res.status).toBe(400);
		expect(res.body.errors[0]).toMatchObject({
			status: '400',
			source: { pointer: '/data/attributes/status' },
		});
		const malformed = await call(`${url}${linePath(doc, line)}`, {
			method: 'PATCH',
			headers: { ...auth(), 'content-type': JSON_API },
			body: '{"data":',
		});
		expect(malformed.status).toBe(400);
		expect((await get(`${orders}/not-a-uuid`)).status).toBe(400);
		expect((await get(`${orders}?exported=maybe`)).status).toBe(400);
	});

	it('orders lists are limited to 40 a minute, by order_number 400; 429 {message} with Retry-After and X-Rate-Limit', async () => {
		await admin(url, 'PATCH', 'config', { rateLimits: true });
		for (let i = 0; i < 40; i++) expect((await get(`${orders}?page[size]=1`)).status).toBe(200);
		const limited = await get(`${orders}?page[size]=1`);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('content-type')).toBe(JSON_API);
		expect(limited.body).toEqual({ message: expect.any(String) });
		expect(limited.headers.get('x-rate-limit')).toBe('40');
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await get(`${orders}?order_number=1`)).status).toBe(200);
		expect((await get(`${orders}/${crypto.randomUUID()}`)).status).toBe(404);
	});

	it('injects 5xx in JSON:API words and slow answers, like every emulator', async () => {
		await admin(url, 'POST', 'faults', {
			kind: 'server-error',
			method: 'GET',
			path: '/merchants/*/orders',
			status: 503,
		});
		const failed = await get(orders);
		expect(failed.status).toBe(503);
		expect(failed.body.errors[0]).toMatchObject({ status: '503' });
		expect((await get(orders)).status).toBe(200);
		await admin(url, 'POST', 'faults', { kind: 'server-error', path: '/merchants/*/stocks' });
		const stock = await postStocks([]);
		expect([stock.status, stock.headers.get('content-type')]).toEqual([
			500,
			'application/problem+json',
		]);
		await admin(url, 'POST', 'faults', { kind: 'slow', path: '/auth/me', delayMs: 200 });
		const started = Date.now();
		expect((await get('/auth/me')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
	});

	it('answers 501 for spec operations it does not emulate (deletion requests) and 404 outside the spec', async () => {
		expect((await get(`/merchants/${MID}/orders-deletion-requests`)).status).toBe(501);
		expect((await get(`/merchants/${MID}/nothing`)).status).toBe(404);
	});
});
