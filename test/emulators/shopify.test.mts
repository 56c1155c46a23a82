/** The Shopify emulator: Admin REST 2024-07, leaky-bucket limit, fulfillment orders, inventory, refunds, webhooks, TLS. */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { RunningService } from '../../sandbox/emulators/core/server.mts';
import { hmacBase64 } from '../../sandbox/emulators/core/webhooks.mts';
import {
	SHOPIFY_ACCESS_TOKEN,
	SHOPIFY_API_SECRET,
	shopifyService,
} from '../../sandbox/emulators/shopify/index.mts';
import { admin, call, client, receiver, start, waitFor, type Json } from './helpers.mts';

let shop: RunningService;
let api: string;
const auth = { 'x-shopify-access-token': SHOPIFY_ACCESS_TOKEN, 'content-type': 'application/json' };
const { get, send } = client(() => api, auth);

/** A GET with a chosen Host header (fetch cannot set Host), over http or https. */
function rawGet(
	url: string,
	headers: Record<string, string>,
	ca?: Buffer,
): Promise<{ headers: http.IncomingHttpHeaders; body: Json }> {
	return new Promise((resolve, reject) => {
		const options = { headers, ...(ca ? { ca, servername: headers.host } : {}) };
		const req = (url.startsWith('https') ? https : http).request(url, options, (res) => {
			let text = '';
			res.on('data', (chunk: Buffer) => (text += chunk.toString()));
			res.on('end', () => resolve({ headers: res.headers, body: JSON.parse(text) as Json }));
		});
		req.on('error', reject);
		req.end();
	});
}

async function variantWithStock(min = 5): Promise<Json> {
	const products = (await get('/products.json?limit=250')).body.products as Json[];
	const variant = products
		.flatMap((p) => p.variants as Json[])
		.find((v) => v.inventory_quantity >= min);
	expect(variant).toBeDefined();
	return variant as Json;
}
async function newOrder(variant: Json, quantity: number, extra: object = {}): Promise<Json> {
	const res = await send('POST', '/orders.json', {
		order: {
			line_items: [{ variant_id: variant.id, quantity }],
			inventory_behaviour: 'decrement_obeying_policy',
			email: 'zoe@example.nl',
			shipping_lines: [{ title: 'PostNL', price: '4.95' }],
			...extra,
		},
	});
	expect(res.status).toBe(201);
	return res.body.order as Json;
}

beforeAll(async () => {
	shop = await start(shopifyService(), { seed: 42 });
	api = `${shop.url}/admin/api/2024-07`;
});
afterAll(async () => {
	await shop.stop();
});
beforeEach(async () => {
	await admin(shop.url, 'POST', 'reset');
});

describe('access', () => {
	it('needs X-Shopify-Access-Token (or Basic api key:token), under any API version', async () => {
		const none = await call(`${api}/orders.json`);
		expect([none.status, none.body.errors]).toEqual([
			401,
			'[API] Invalid API key or access token (unrecognized login or wrong password)',
		]);
		const legacy = await call(`${shop.url}/admin/api/2019-10/products.json`, { headers: auth });
		expect([legacy.status, legacy.headers.get('x-shopify-api-version')]).toEqual([200, '2024-07']);
		const basic = `Basic ${Buffer.from(`shopify-emulator-api-key:${SHOPIFY_ACCESS_TOKEN}`).toString('base64')}`;
		expect((await call(`${api}/shop.json`, { headers: { authorization: basic } })).status).toBe(
			200,
		);
		expect((await get('/nope.json')).body).toEqual({ errors: 'Not Found' });
	});

	it('is reachable under any Host (myshopify.com) and builds links from it; serves HTTPS with a given certificate', async () => {
		const page = await rawGet(`${api}/products.json?limit=2`, {
			...auth,
			host: 'emulator-shop.myshopify.com',
		});
		expect(page.headers.link).toMatch(
			/^<http:\/\/emulator-shop\.myshopify\.com\/admin\/api\/2024-07\/products\.json\?limit=2&page_info=/,
		);
		const fixtures = path.resolve('test/emulators/fixtures');
		const tls = await start(shopifyService(), {
			seed: 1,
			tls: {
				cert: readFileSync(path.join(fixtures, 'tls-cert.pem')),
				key: readFileSync(path.join(fixtures, 'tls-key.pem')),
			},
		});
		try {
			expect(tls.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
			const { body, headers } = await rawGet(
				`${tls.url}/admin/api/2024-07/products.json?limit=1`,
				{ ...auth, host: 'emulator-shop.myshopify.com' },
				readFileSync(path.join(fixtures, 'tls-cert.pem')),
			);
			expect(body.products).toHaveLength(1);
			expect(headers.link).toMatch(
				/^<https:\/\/emulator-shop\.myshopify\.com\/admin\/api\/2024-07\/products\.json/,
			);
		} finally {
			await tls.stop();
		}
	});

	it('enforces the leaky bucket: call-limit header, 429 with Retry-After, drains over time', async () => {
		// (almost) stop emulated time so the bucket cannot drain while the 41 calls are made
		await admin(shop.url, 'POST', 'clock', { timeScale: 0.0001 });
		try {
			const first = await get('/shop.json');
			expect(first.headers.get('x-shopify-shop-api-call-limit')).toBe('1/40');
			for (let i = 0; i < 39; i++) await get('/shop.json');
			const limited = await get('/shop.json');
			expect(limited.status).toBe(429);
			expect(limited.body.errors).toMatch(/Exceeded 2 calls per second/);
			expect(limited.headers.get('retry-after')).toMatch(/^\d+\.0$/);
			await admin(shop.url, 'POST', 'clock', { advanceSeconds: 5 });
			const after = await get('/shop.json');
			expect(after.status).toBe(200);
			expect(after.headers.get('x-shopify-shop-api-call-limit')).toBe('31/40');
		} finally {
			await admin(shop.url, 'POST', 'clock', { timeScale: 1 });
		}
	});

	it('pages with page_info cursors that keep the first request filters', async () => {
		const ids: number[] = [];
		let next: string | undefined = `${api}/products.json?limit=4`;
		while (next) {
			const res = await call(next, { headers: auth });
			ids.push(...(res.body.products as Json[]).map((p) => p.id as number));
			next = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
		}
		expect(ids.length).toBe((await get('/products/count.json')).body.count);
		expect(new Set(ids).size).toBe(ids.length);
		const page2 = /<([^>]+)>; rel="next"/.exec(
			(await get('/products.json?limit=4')).headers.get('link') ?? '',
		)?.[1] as string;
		expect((await call(`${page2}&title=x`, { headers: auth })).status).toBe(400);
		expect((await get('/products.json?limit=251')).status).toBe(400);
	});
});

describe('orders, fulfillment and inventory', () => {
	it('creates an order (decrementing inventory), fulfils it in two steps with tracking, and refuses the removed legacy endpoint', async () => {
		const variant = await variantWithStock(5);
		const order = await newOrder(variant, 3);
		expect(order).toMatchObject({
			financial_status: 'paid',
			fulfillment_status: null,
			name: expect.stringMatching(/^#\d+$/),
		});
		expect((await get(`/variants/${variant.id}.json`)).body.variant.inventory_quantity).toBe(
			variant.inventory_quantity - 3,
		);
		const fo = (await get(`/orders/${order.id}/fulfillment_orders.json`)).body
			.fulfillment_orders[0];
		expect(fo).toMatchObject({
			status: 'open',
			line_items: [{ quantity: 3, fulfillable_quantity: 3, line_item_id: order.line_items[0].id }],
		});
		const partial = await send('POST', '/fulfillments.json', {
			fulfillment: {
				line_items_by_fulfillment_order: [
					{
						fulfillment_order_id: fo.id,
						fulfillment_order_line_items: [{ id: fo.line_items[0].id, quantity: 2 }],
					},
				],
				tracking_info: { number: '3SABC', company: 'PostNL' },
			},
		});
		expect(partial.status).toBe(201);
		expect(partial.body.fulfillment).toMatchObject({
			status: 'success',
			tracking_number: '3SABC',
			tracking_url: 'https://jouw.postnl.nl/track-and-trace/3SABC',
			tracking_company: 'PostNL',
		});
		expect((await get(`/orders/${order.id}.json`)).body.order.fulfillment_status).toBe('partial');
		expect((await get(`/fulfillment_orders/${fo.id}.json`)).body.fulfillment_order.status).toBe(
			'in_progress',
		);
		const tooMuch = await send('POST', '/fulfillments.json', {
			fulfillment: {
				line_items_by_fulfillment_order: [
					{
						fulfillment_order_id: fo.id,
						fulfillment_order_line_items: [{ id: fo.line_items[0].id, quantity: 2 }],
					},
				],
			},
		});
		expect([tooMuch.status, tooMuch.body.errors]).toEqual([
			422,
			['Invalid fulfillment order line item quantity requested.'],
		]);
		await send('POST', '/fulfillments.json', {
			fulfillment: {
				line_items_by_fulfillment_order: [{ fulfillment_order_id: fo.id }],
				tracking_info: { number: 'JVGL1', company: 'DHL' },
			},
		});
		const done = (await get(`/orders/${order.id}.json`)).body.order;
		expect(done.fulfillment_status).toBe('fulfilled');
		expect(done.fulfillments.map((f: Json) => f.name)).toEqual([
			`${order.name}.1`,
			`${order.name}.2`,
		]);
		expect((await get(`/fulfillment_orders/${fo.id}.json`)).body.fulfillment_order.status).toBe(
			'closed',
		);
		expect(
			(
				await send('POST', '/fulfillments.json', {
					fulfillment: { line_items_by_fulfillment_order: [{ fulfillment_order_id: fo.id }] },
				})
			).status,
		).toBe(422);
		const legacy = await send('POST', `/orders/${order.id}/fulfillments.json`, {
			fulfillment: { tracking_number: '3SABC' },
		});
		expect(legacy.status).toBe(404);
		const updated = await send(
			'POST',
			`/fulfillments/${done.fulfillments[0].id}/update_tracking.json`,
			{ fulfillment: { tracking_info: { number: '3SNEW', company: 'PostNL' } } },
		);
		expect(updated.body.fulfillment.tracking_number).toBe('3SNEW');
		expect((await send('POST', `/orders/${order.id}/cancel.json`, {})).body).toEqual({
			error: 'Cannot cancel an order that has fulfilled line items',
		});
	});

	it('validates order input the Shopify way', async () => {
		expect((await send('POST', '/orders.json', {})).body).toEqual({
			errors: { order: 'Required parameter missing or invalid' },
		});
		expect((await send('POST', '/orders.json', { order: { line_items: [] } })).body).toEqual({
			errors: { line_items: ["can't be blank"] },
		});
		expect(
			(
				await send('POST', '/orders.json', {
					order: { line_items: [{ variant_id: 1, quantity: 1 }] },
				})
			).status,
		).toBe(422);
		const variant = await variantWithStock(1);
		const tooMany = await send('POST', '/orders.json', {
			order: {
				line_items: [{ variant_id: variant.id, quantity: variant.inventory_quantity + 1 }],
				inventory_behaviour: 'decrement_obeying_policy',
			},
		});
		expect([tooMany.status, tooMany.body.errors.line_items[0]]).toEqual([
			422,
			expect.stringMatching(/out of stock/),
		]);
		const bypass = await send('POST', '/orders.json', {
			order: { line_items: [{ variant_id: variant.id, quantity: variant.inventory_quantity + 1 }] },
		});
		expect(bypass.status).toBe(201);
		expect((await get(`/variants/${variant.id}.json`)).body.variant.inventory_quantity).toBe(
			variant.inventory_quantity,
		);
		const custom = await send('POST', '/orders.json', {
			order: {
				line_items: [
					{ title: 'Verzendkosten bol', price: '2.50', quantity: 1, requires_shipping: false },
				],
				financial_status: 'pending',
			},
		});
		expect(custom.body.order).toMatchObject({ financial_status: 'pending', total_price: '2.50' });
	});

	it('cancels an unfulfilled order and restocks it', async () => {
		const variant = await variantWithStock(2);
		const order = await newOrder(variant, 2);
		const cancelled = await send('POST', `/orders/${order.id}/cancel.json`, {
			reason: 'inventory',
		});
		expect(cancelled.body.order).toMatchObject({ cancel_reason: 'inventory' });
		expect(cancelled.body.order.cancelled_at).not.toBeNull();
		expect((await get(`/variants/${variant.id}.json`)).body.variant.inventory_quantity).toBe(
			variant.inventory_quantity,
		);
		expect(
			(await get(`/orders/${order.id}/fulfillment_orders.json`)).body.fulfillment_orders[0].status,
		).toBe('closed');
		expect((await get('/orders.json?status=cancelled')).body.orders.map((o: Json) => o.id)).toEqual(
			[order.id],
		);
		expect((await get('/orders.json')).body.orders.some((o: Json) => o.id === order.id)).toBe(
			false,
		);
	});

	it('keeps order metafields: created in order with increasing ids, listed by namespace and key, a namespace + key once per order', async () => {
		const variant = await variantWithStock(1);
		const order = await newOrder(variant, 1);
		const other = await newOrder(variant, 1);
		const create = async (orderId: number, key: string, extra: object = {}) =>
			await send('POST', `/orders/${orderId}/metafields.json`, {
				metafield: {
					namespace: 'marketplace_sync',
					key,
					value: '2026-12-04T10:00:00Z',
					type: 'single_line_text_field',
					...extra,
				},
			});
		const first = await create(order.id, 'bol_refund_claim_41_200');
		expect(first.status).toBe(201);
		expect(first.body.metafield).toMatchObject({
			namespace: 'marketplace_sync',
			key: 'bol_refund_claim_41_200',
			owner_id: order.id,
			owner_resource: 'order',
			type: 'single_line_text_field',
		});
		const second = await create(order.id, 'bol_refund_claim_41_201');
		expect(second.body.metafield.id).toBeGreaterThan(first.body.metafield.id);
		await create(order.id, 'note', { namespace: 'custom' });
		await create(other.id, 'bol_refund_claim_41_202');
		// the same namespace + key on the same order: refused, as Shopify does
		const again = await create(order.id, 'bol_refund_claim_41_200');
		expect(again.status).toBe(422);
		expect(again.body.errors).toEqual({
			key: ['must be unique within this namespace on this resource'],
		});
		const invalid = await create(order.id, 'a key with spaces', { namespace: 'x', value: '' });
		expect(invalid.status).toBe(422);
		expect(Object.keys(invalid.body.errors).sort()).toEqual(['key', 'namespace', 'value']);
		const listed = await get(
			`/orders/${order.id}/metafields.json?namespace=marketplace_sync&limit=250`,
		);
		expect(listed.body.metafields.map((m: Json) => m.key)).toEqual([
			'bol_refund_claim_41_200',
			'bol_refund_claim_41_201',
		]);
		expect(
			(await get(`/orders/${order.id}/metafields.json?key=note`)).body.metafields.map(
				(m: Json) => m.namespace,
			),
		).toEqual(['custom']);
		expect((await get('/orders/999/metafields.json')).status).toBe(404);
	});

	it('sets inventory levels per location', async () => {
		const variant = await variantWithStock(0);
		const locations = (await get('/locations.json')).body.locations as Json[];
		expect(locations).toHaveLength(2);
		const set = await send('POST', '/inventory_levels/set.json', {
			location_id: locations[1]?.id,
			inventory_item_id: variant.inventory_item_id,
			available: 9,
		});
		expect(set.body.inventory_level).toMatchObject({ available: 9, location_id: locations[1]?.id });
		expect((await get(`/variants/${variant.id}.json`)).body.variant.inventory_quantity).toBe(
			variant.inventory_quantity + 9,
		);
		const levels = (
			await get(`/inventory_levels.json?inventory_item_ids=${variant.inventory_item_id}`)
		).body.inventory_levels as Json[];
		expect(levels.map((l) => l.available).sort()).toEqual([variant.inventory_quantity, 9].sort());
		await send('POST', '/inventory_levels/adjust.json', {
			location_id: locations[1]?.id,
			inventory_item_id: variant.inventory_item_id,
			available_adjustment: -4,
		});
		expect(
			(await get(`/inventory_levels.json?location_ids=${locations[1]?.id}`)).body
				.inventory_levels[0].available,
		).toBe(5);
		expect(
			(
				await send('POST', '/inventory_levels/set.json', {
					location_id: 1,
					inventory_item_id: variant.inventory_item_id,
					available: 1,
				})
			).body.errors,
		).toEqual(['Location does not exist']);
		expect(
			(
				await send('POST', '/inventory_levels/set.json', {
					location_id: locations[0]?.id,
					inventory_item_id: variant.inventory_item_id,
					available: '3',
				})
			).status,
		).toBe(422);
		expect(
			(await send('PUT', `/variants/${variant.id}.json`, { variant: { inventory_quantity: 3 } }))
				.status,
		).toBe(422);
	});
});

describe('refunds', () => {
	it('calculates, then refunds with a restock and the suggested transaction; refuses more than captured', async () => {
		const variant = await variantWithStock(2);
		const order = await newOrder(variant, 2);
		const stock = (await get(`/variants/${variant.id}.json`)).body.variant
			.inventory_quantity as number;
		const lines = [{ line_item_id: order.line_items[0].id, quantity: 1, restock_type: 'cancel' }];
		const calc = (
			await send('POST', `/orders/${order.id}/refunds/calculate.json`, {
				refund: { refund_line_items: lines, shipping: { full_refund: true } },
			})
		).body.refund;
		expect(calc.transactions[0]).toMatchObject({
			kind: 'suggested_refund',
			amount: (Number(variant.price) + 4.95).toFixed(2),
		});
		const refund = await send('POST', `/orders/${order.id}/refunds.json`, {
			refund: {
				refund_line_items: lines,
				shipping: { full_refund: true },
				transactions: calc.transactions.map((t: Json) => ({
					parent_id: t.parent_id,
					amount: t.amount,
					kind: 'refund',
					gateway: t.gateway,
				})),
			},
		});
		expect(refund.status).toBe(201);
		expect(refund.body.refund.transactions[0]).toMatchObject({
			kind: 'refund',
			status: 'success',
			amount: calc.transactions[0].amount,
		});
		expect((await get(`/variants/${variant.id}.json`)).body.variant.inventory_quantity).toBe(
			stock + 1,
		);
		expect((await get(`/orders/${order.id}.json`)).body.order.financial_status).toBe(
			'partially_refunded',
		);
		const parent = (await get(`/orders/${order.id}/transactions.json`)).body.transactions.find(
			(t: Json) => t.kind === 'sale',
		);
		const greedy = await send('POST', `/orders/${order.id}/refunds.json`, {
			refund: { transactions: [{ parent_id: parent.id, amount: '999.00', kind: 'refund' }] },
		});
		expect([greedy.status, greedy.body.errors.base[0]]).toEqual([
			422,
			expect.stringMatching(/greater than the refundable amount/),
		]);
		const moreItems = await send('POST', `/orders/${order.id}/refunds.json`, {
			refund: { refund_line_items: [{ line_item_id: order.line_items[0].id, quantity: 2 }] },
		});
		expect(moreItems.status).toBe(422);
		const rest = await send('POST', `/orders/${order.id}/refunds.json`, {
			refund: {
				refund_line_items: [
					{ line_item_id: order.line_items[0].id, quantity: 1, restock_type: 'no_restock' },
				],
				transactions: [{ parent_id: parent.id, amount: variant.price, kind: 'refund' }],
			},
		});
		expect(rest.status).toBe(201);
		expect((await get(`/orders/${order.id}.json`)).body.order.financial_status).toBe('refunded');
		expect((await get(`/orders/${order.id}/refunds.json`)).body.refunds).toHaveLength(2);
	});
});

describe('webhooks', () => {
	it('registers hooks and delivers HMAC-signed orders/create, fulfillments/create and inventory_levels/update', async () => {
		const hook = await receiver();
		try {
			for (const topic of ['orders/create', 'fulfillments/create', 'inventory_levels/update']) {
				expect(
					(
						await send('POST', '/webhooks.json', {
							webhook: { topic, address: `${hook.url}/${topic}`, format: 'json' },
						})
					).status,
				).toBe(201);
			}
			const dup = await send('POST', '/webhooks.json', {
				webhook: { topic: 'orders/create', address: `${hook.url}/orders/create` },
			});
			expect(dup.body.errors.address).toEqual(['for this topic has already been taken']);
			expect(
				(
					await send('POST', '/webhooks.json', {
						webhook: { topic: 'orders/exploded', address: hook.url },
					})
				).status,
			).toBe(422);
			const variant = await variantWithStock(1);
			const order = await newOrder(variant, 1);
			const created = await waitFor(() =>
				hook.received.find((r) => r.headers['x-shopify-topic'] === 'orders/create'),
			);
			expect(JSON.parse(created.body).id).toBe(order.id);
			expect(created.headers['x-shopify-hmac-sha256']).toBe(
				hmacBase64(SHOPIFY_API_SECRET, created.body),
			);
			expect(created.headers['x-shopify-shop-domain']).toBe('emulator-shop.myshopify.com');
			await waitFor(() =>
				hook.received.find(
					(r) =>
						r.headers['x-shopify-topic'] === 'inventory_levels/update' &&
						JSON.parse(r.body).inventory_item_id === variant.inventory_item_id,
				),
			);
			const fo = (await get(`/orders/${order.id}/fulfillment_orders.json`)).body
				.fulfillment_orders[0];
			await send('POST', '/fulfillments.json', {
				fulfillment: {
					line_items_by_fulfillment_order: [{ fulfillment_order_id: fo.id }],
					tracking_info: { number: '3SX', company: 'PostNL' },
				},
			});
			const fulfilled = await waitFor(() =>
				hook.received.find((r) => r.headers['x-shopify-topic'] === 'fulfillments/create'),
			);
			expect(JSON.parse(fulfilled.body).tracking_number).toBe('3SX');
			expect((await get('/webhooks.json?topic=orders/create')).body.webhooks).toHaveLength(1);
			await admin(shop.url, 'PATCH', 'config', { allowHttpWebhookAddress: false });
			expect(
				(
					await send('POST', '/webhooks.json', {
						webhook: { topic: 'orders/updated', address: hook.url },
					})
				).body.errors.address[0],
			).toMatch(/protocol http/);
		} finally {
			await hook.close();
		}
	});

	it('gives a receiver 5 seconds, as Shopify does: an answer after 5.5 s is a failed delivery', async () => {
		const slow = await receiver(200, 5_500);
		try {
			const address = `${slow.url}/slow`;
			await send('POST', '/webhooks.json', {
				webhook: { topic: 'orders/create', address, format: 'json' },
			});
			await newOrder(await variantWithStock(1), 1);
			const delivery = await waitFor(
				async () =>
					((await admin(shop.url, 'GET', 'webhooks')).body.deliveries as Json[]).find(
						(d) => d.url === address && d.status !== 'pending',
					),
				10_000,
			);
			expect(delivery.status).toBe('failed');
			expect(delivery.error).toMatch(/timeout|aborted/i);
		} finally {
			await slow.close();
		}
	}, 15_000);
});
