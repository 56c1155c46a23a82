/** The WooCommerce emulator: REST v3 auth, products and variations with stock, orders, refunds, notes, webhooks. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { hmacBase64 } from '../../sandbox/emulators/core/webhooks.mts';
import type { RunningService } from '../../sandbox/emulators/core/server.mts';
import {
	WOOCOMMERCE_CONSUMER_KEY,
	WOOCOMMERCE_CONSUMER_SECRET,
	wooCommerceService,
} from '../../sandbox/emulators/woocommerce/index.mts';
import { admin, call, client, receiver, start, waitFor, type Json } from './helpers.mts';

let woo: RunningService;
let api: string;
const auth = {
	authorization: `Basic ${Buffer.from(`${WOOCOMMERCE_CONSUMER_KEY}:${WOOCOMMERCE_CONSUMER_SECRET}`).toString('base64')}`,
};
const { get, send } = client(() => api, auth);

async function simpleProduct(minStock = 5): Promise<Json> {
	const products = (await get('/products?type=simple&per_page=100')).body as Json[];
	const product = products.find((p) => p.stock_quantity >= minStock);
	expect(product).toBeDefined();
	return product as Json;
}

beforeAll(async () => {
	woo = await start(wooCommerceService(), { seed: 42 });
	api = `${woo.url}/wp-json/wc/v3`;
});
afterAll(async () => {
	await woo.stop();
});
beforeEach(async () => {
	await admin(woo.url, 'POST', 'reset');
});

describe('authentication', () => {
	it('accepts Basic auth and query-string keys, answers WooCommerce errors otherwise', async () => {
		expect((await get('/products/categories')).status).toBe(200);
		const query = await call(
			`${api}/products?consumer_key=${WOOCOMMERCE_CONSUMER_KEY}&consumer_secret=${WOOCOMMERCE_CONSUMER_SECRET}`,
		);
		expect(query.status).toBe(200);
		const none = await call(`${api}/orders`);
		expect([none.status, none.body.code]).toEqual([401, 'woocommerce_rest_cannot_view']);
		const wrongKey = await call(`${api}/orders`, {
			headers: { authorization: `Basic ${Buffer.from('ck_x:cs_y').toString('base64')}` },
		});
		expect(wrongKey.body).toEqual({
			code: 'woocommerce_rest_authentication_error',
			message: 'Consumer key is invalid.',
			data: { status: 401 },
		});
		const log = await admin(woo.url, 'GET', 'requests?path=/products');
		expect(log.body.requests.find((r: Json) => r.query.consumer_secret).query).toEqual({
			consumer_key: '[REDACTED]',
			consumer_secret: '[REDACTED]',
		});
		await admin(woo.url, 'POST', 'faults', {
			kind: 'token-revoked',
			path: '/wp-json/wc/v3/orders',
		});
		expect((await get('/orders')).status).toBe(401);
		expect((await get('/products')).status).toBe(401);
		await admin(woo.url, 'POST', 'reset');
		expect((await get('/products')).status).toBe(200);
	});

	it('unknown routes are rest_no_route', async () => {
		expect((await get('/nothing')).body).toEqual({
			code: 'rest_no_route',
			message: 'No route was found matching the URL and request method.',
			data: { status: 404 },
		});
	});
});

describe('products and variations', () => {
	it('pages with X-WP-Total, X-WP-TotalPages and Link, and validates per_page', async () => {
		const first = await get('/products?per_page=5');
		expect(first.body).toHaveLength(5);
		expect(first.headers.get('x-wp-total')).toBe('17');
		expect(first.headers.get('x-wp-totalpages')).toBe('4');
		expect(first.headers.get('link')).toMatch(/page=2>; rel="next"/);
		const bad = await get('/products?per_page=101');
		expect([bad.status, bad.body.code]).toEqual([400, 'rest_invalid_param']);
	});

	it('variable products carry variations with their own SKU and stock', async () => {
		const variable = ((await get('/products?type=variable')).body as Json[])[0] as Json;
		const variations = (await get(`/products/${variable.id}/variations`)).body as Json[];
		expect(variations.length).toBe(variable.variations.length);
		const v = variations[0] as Json;
		expect(v.sku.startsWith(variable.sku)).toBe(true);
		const updated = await send('PUT', `/products/${variable.id}/variations/${v.id}`, {
			stock_quantity: 0,
		});
		expect(updated.body).toMatchObject({ stock_quantity: 0, stock_status: 'outofstock' });
		expect((await get(`/products?sku=${v.sku}`)).body).toEqual([]);
		const dup = await send('POST', '/products', { name: 'Dup', sku: v.sku });
		expect([dup.status, dup.body.code]).toEqual([400, 'product_invalid_sku']);
	});
});

describe('orders', () => {
	it('creates a paid order: processing, stock reduced, notes written; cancelling restores stock', async () => {
		const product = await simpleProduct();
		const created = await send('POST', '/orders', {
			payment_method: 'bacs',
			set_paid: true,
			billing: { first_name: 'Zoë', last_name: 'Ørsted-Müller', email: 'zoe@example.nl' },
			line_items: [{ product_id: product.id, quantity: 2 }],
			shipping_lines: [{ method_id: 'flat_rate', method_title: 'PostNL', total: '4.95' }],
			meta_data: [{ key: '_marketplace_order_id', value: 'A2K8290LP8' }],
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			status: 'processing',
			payment_method_title: 'Direct bank transfer',
		});
		expect(Number(created.body.total)).toBeCloseTo(Number(product.price) * 2 + 4.95, 2);
		expect(created.body.date_paid).not.toBeNull();
		expect((await get(`/products/${product.id}`)).body.stock_quantity).toBe(
			product.stock_quantity - 2,
		);
		const notes = (await get(`/orders/${created.body.id}/notes`)).body as Json[];
		expect(notes.map((n) => n.note).join('\n')).toMatch(/Stock levels reduced/);
		const cancelled = await send('PUT', `/orders/${created.body.id}`, { status: 'cancelled' });
		expect(cancelled.body.status).toBe('cancelled');
		expect((await get(`/products/${product.id}`)).body.stock_quantity).toBe(product.stock_quantity);
		const bad = await send('PUT', `/orders/${created.body.id}`, { status: 'shipped' });
		expect([bad.status, bad.body.code]).toEqual([400, 'rest_invalid_param']);
		expect(
			(await send('POST', '/orders', { line_items: [{ product_id: 999999, quantity: 1 }] })).body
				.code,
		).toBe('woocommerce_rest_invalid_product_id');
		expect((await send('POST', '/orders', { coupon_lines: [{ code: 'GRATIS' }] })).body.code).toBe(
			'woocommerce_rest_invalid_coupon',
		);
		expect((await get('/orders/999999')).body.code).toBe('woocommerce_rest_shop_order_invalid_id');
	});

	it('lists with status filters and search; meta filters are ignored like WooCommerce core unless enabled', async () => {
		const product = await simpleProduct();
		const mine = await send('POST', '/orders', {
			billing: { first_name: 'Çağlar', last_name: 'Yılmaz' },
			line_items: [{ product_id: product.id }],
			meta_data: [{ key: '_bol_order_id', value: 'A123' }],
		});
		const search = (await get(`/orders?search=${encodeURIComponent('yılmaz')}&per_page=100`))
			.body as Json[];
		expect(search.map((o) => o.id)).toContain(mine.body.id);
		for (const o of search)
			expect(JSON.stringify([o.billing, o.shipping]).toLowerCase()).toContain('yılmaz');
		const all = (await get('/orders?per_page=100')).body as Json[];
		expect(search.length).toBeLessThan(all.length);
		const pending = (await get('/orders?status=pending&per_page=100')).body as Json[];
		expect(pending.map((o) => o.id)).toContain(mine.body.id);
		expect(pending.every((o) => o.status === 'pending')).toBe(true);
		expect(pending.length).toBeLessThan(all.length);
		expect((await get('/orders?status=bogus')).status).toBe(400);
		const total = Number((await get('/orders')).headers.get('x-wp-total'));
		expect(
			Number(
				(await get('/orders?meta_key=_bol_order_id&meta_value=A123')).headers.get('x-wp-total'),
			),
		).toBe(total);
		await admin(woo.url, 'PATCH', 'config', { orderMetaQuery: true });
		expect(
			((await get('/orders?meta_key=_bol_order_id&meta_value=A123')).body as Json[]).map(
				(o) => o.id,
			),
		).toEqual([mine.body.id]);
		const updated = await send('PUT', `/orders/${mine.body.id}`, {
			meta_data: [
				{ key: '_tracking_number', value: '3SABC' },
				{ key: '_bol_order_id', value: 'A124' },
			],
		});
		const meta = Object.fromEntries(
			(updated.body.meta_data as Json[]).map((m) => [m.key, m.value]),
		);
		expect(meta).toEqual({ _bol_order_id: 'A124', _tracking_number: '3SABC' });
	});

	it('refunds: the gateway must support automatic refunds, amounts are capped, a full refund marks the order refunded', async () => {
		const product = await simpleProduct(3);
		const order = (
			await send('POST', '/orders', {
				payment_method: 'bol',
				set_paid: true,
				line_items: [{ product_id: product.id, quantity: 2 }],
			})
		).body;
		const stockAfterOrder = (await get(`/products/${product.id}`)).body.stock_quantity;
		const automatic = await send('POST', `/orders/${order.id}/refunds`, { amount: '1.00' });
		expect([automatic.status, automatic.body.message]).toEqual([
			500,
			'The payment gateway for this order does not exist.',
		]);
		const bacs = (
			await send('POST', '/orders', {
				payment_method: 'bacs',
				line_items: [{ product_id: product.id }],
			})
		).body;
		expect(
			(await send('POST', `/orders/${bacs.id}/refunds`, { amount: '1.00' })).body.message,
		).toBe('The payment gateway for this order does not support automatic refunds.');
		expect(
			(await send('POST', `/orders/${order.id}/refunds`, { amount: '99999', api_refund: false }))
				.body.message,
		).toBe('Invalid refund amount.');
		expect(
			(await send('POST', `/orders/${order.id}/refunds`, { amount: '0', api_refund: false }))
				.status,
		).toBe(400);
		const line = order.line_items[0];
		const partial = await send('POST', `/orders/${order.id}/refunds`, {
			api_refund: false,
			reason: 'Retour bol',
			line_items: [{ id: line.id, quantity: 1, refund_total: line.price }],
		});
		expect(partial.status).toBe(201);
		expect(partial.body).toMatchObject({
			amount: Number(line.price).toFixed(2),
			reason: 'Retour bol',
			refunded_payment: false,
		});
		expect((await get(`/products/${product.id}`)).body.stock_quantity).toBe(stockAfterOrder + 1);
		expect((await get(`/orders/${order.id}`)).body.status).toBe('processing');
		const rest = (Number(order.total) - Number(line.price)).toFixed(2);
		await send('POST', `/orders/${order.id}/refunds`, { api_refund: false, amount: rest });
		const after = (await get(`/orders/${order.id}`)).body;
		expect(after.status).toBe('refunded');
		expect(after.refunds).toHaveLength(2);
		expect(((await get(`/orders/${order.id}/refunds`)).body as Json[]).length).toBe(2);
	});

	it('adds and lists order notes (customer and private)', async () => {
		const product = await simpleProduct();
		const order = (await send('POST', '/orders', { line_items: [{ product_id: product.id }] }))
			.body;
		const note = await send('POST', `/orders/${order.id}/notes`, {
			note: 'Verzonden met PostNL: 3SABC',
			customer_note: true,
		});
		expect(note.status).toBe(201);
		expect(
			((await get(`/orders/${order.id}/notes?type=customer`)).body as Json[]).map((n) => n.note),
		).toEqual(['Verzonden met PostNL: 3SABC']);
		expect((await send('POST', `/orders/${order.id}/notes`, {})).status).toBe(400);
	});
});

describe('webhooks', () => {
	it('pings new hooks and delivers order.created and product.updated signed with the secret', async () => {
		const hook = await receiver();
		try {
			const created = await send('POST', '/webhooks', {
				name: 'n8n',
				topic: 'order.created',
				delivery_url: `${hook.url}/orders`,
				secret: 's3cret',
			});
			expect(created.body).toMatchObject({
				status: 'active',
				topic: 'order.created',
				resource: 'order',
				event: 'created',
			});
			await send('POST', '/webhooks', {
				topic: 'product.updated',
				delivery_url: `${hook.url}/products`,
				secret: 's3cret',
			});
			await waitFor(() => hook.received.length >= 2);
			expect(hook.received[0]?.body).toBe(`webhook_id=${created.body.id}`);
			const product = await simpleProduct();
			const order = (
				await send('POST', '/orders', { set_paid: true, line_items: [{ product_id: product.id }] })
			).body;
			const delivery = await waitFor(() =>
				hook.received.find(
					(r) => r.path === '/orders' && r.headers['x-wc-webhook-topic'] === 'order.created',
				),
			);
			expect(JSON.parse(delivery.body).id).toBe(order.id);
			expect(delivery.headers['x-wc-webhook-signature']).toBe(hmacBase64('s3cret', delivery.body));
			expect(delivery.headers['x-wc-webhook-source']).toBe(`${woo.url}/`);
			const stock = await waitFor(() =>
				hook.received.find(
					(r) =>
						r.headers['x-wc-webhook-topic'] === 'product.updated' &&
						JSON.parse(r.body).id === product.id,
				),
			);
			expect(JSON.parse(stock.body).stock_quantity).toBe(product.stock_quantity - 1);
			expect(
				(await send('POST', '/webhooks', { topic: 'order.exploded', delivery_url: hook.url })).body
					.code,
			).toBe('woocommerce_rest_webhook_invalid_topic');
			expect(
				(await call(`${api}/webhooks/${created.body.id}`, { method: 'DELETE', headers: auth }))
					.status,
			).toBe(501);
			expect(
				(
					await call(`${api}/webhooks/${created.body.id}?force=true`, {
						method: 'DELETE',
						headers: auth,
					})
				).status,
			).toBe(200);
		} finally {
			await hook.close();
		}
	});

	it('waits for a slow receiver as WooCommerce does (up to a minute): an answer after 5.5 s is delivered', async () => {
		const slow = await receiver(200, 5_500);
		try {
			const hook = (
				await send('POST', '/webhooks', {
					topic: 'product.updated',
					delivery_url: `${slow.url}/slow`,
				})
			).body;
			const product = await simpleProduct();
			await send('PUT', `/products/${product.id}`, { stock_quantity: 3 });
			const delivery = await waitFor(
				async () =>
					((await admin(woo.url, 'GET', 'webhooks')).body.deliveries as Json[]).find(
						(d) =>
							d.topic === 'product.updated' &&
							d.subscriptionId === String(hook.id) &&
							d.status !== 'pending',
					),
				10_000,
			);
			expect(delivery).toMatchObject({ status: 'delivered', responseStatus: 200 });
		} finally {
			await slow.close();
		}
	}, 15_000);

	it('disables a hook after more than 5 failed deliveries and never calls non-loopback URLs', async () => {
		const failing = await receiver(500);
		try {
			const hook = (
				await send('POST', '/webhooks', {
					topic: 'order.updated',
					delivery_url: failing.url,
					secret: 'x',
				})
			).body;
			const product = await simpleProduct();
			const order = (await send('POST', '/orders', { line_items: [{ product_id: product.id }] }))
				.body;
			for (let i = 0; i < 6; i++) {
				await send('PUT', `/orders/${order.id}`, { customer_note: `try ${i}` });
				await waitFor(() => failing.received.length >= i + 2);
			}
			await waitFor(async () => (await get(`/webhooks/${hook.id}`)).body.status === 'disabled');
			await send('POST', '/webhooks', {
				topic: 'order.updated',
				delivery_url: 'http://example.com/hook',
				secret: 'x',
			});
			await send('PUT', `/orders/${order.id}`, { customer_note: 'outside' });
			const deliveries = (await admin(woo.url, 'GET', 'webhooks')).body.deliveries as Json[];
			expect(
				deliveries
					.filter((d) => d.url === 'http://example.com/hook')
					.every((d) => d.status === 'refused'),
			).toBe(true);
			expect(deliveries.some((d) => d.url === 'http://example.com/hook')).toBe(true);
		} finally {
			await failing.close();
		}
	});

	it('faults answer in WooCommerce words', async () => {
		await admin(woo.url, 'POST', 'faults', {
			kind: 'rate-limit',
			path: '/wp-json/wc/v3/orders',
			retryAfterSeconds: 2,
		});
		const limited = await get('/orders');
		expect([limited.status, limited.body.code, limited.headers.get('retry-after')]).toEqual([
			429,
			'woocommerce_rest_too_many_requests',
			'2',
		]);
		await admin(woo.url, 'POST', 'faults', { kind: 'server-error', path: '/wp-json/wc/v3/orders' });
		expect((await get('/orders')).body.data.status).toBe(500);
	});
});
