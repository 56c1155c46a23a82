/** The Magento 2 emulator: tokens, guest/admin cart flow, orders with searchCriteria, ship, invoice, refund, MSI. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { RunningService } from '../../sandbox/emulators/core/server.mts';
import {
	MAGENTO_ADMIN_PASSWORD,
	MAGENTO_ADMIN_USERNAME,
	MAGENTO_INTEGRATION_TOKEN,
	magento2Service,
} from '../../sandbox/emulators/magento2/index.mts';
import { admin, call, client, start, type Json } from './helpers.mts';

let magento: RunningService;
let api: string;
const auth = {
	authorization: `Bearer ${MAGENTO_INTEGRATION_TOKEN}`,
	'content-type': 'application/json',
};
const { get, send } = client(() => api, auth);
const guest = { 'content-type': 'application/json' };
const ADDRESS = {
	firstname: 'Zoë',
	lastname: 'Ørsted-Müller',
	street: ['Keizersgracht 12 A'],
	city: 'Amsterdam',
	postcode: '1015CX',
	country_id: 'NL',
	telephone: '0612345678',
	email: 'zoe@example.nl',
};

async function salableSku(min = 3): Promise<string> {
	const products = (await get('/products?searchCriteria[pageSize]=100')).body.items as Json[];
	for (const p of products)
		if (
			(await get(`/inventory/get-product-salable-qty/${encodeURIComponent(p.sku)}/1`)).body >= min
		)
			return p.sku as string;
	throw new Error('no salable product');
}

async function placeGuestOrder(sku: string, qty = 1): Promise<number> {
	const cart = (await send('POST', '/guest-carts', undefined, guest)).body as string;
	expect(
		(
			await send(
				'POST',
				`/guest-carts/${cart}/items`,
				{ cartItem: { sku, qty, quote_id: cart } },
				guest,
			)
		).status,
	).toBe(200);
	const info = await send(
		'POST',
		`/guest-carts/${cart}/shipping-information`,
		{
			addressInformation: {
				shipping_address: ADDRESS,
				billing_address: ADDRESS,
				shipping_carrier_code: 'flatrate',
				shipping_method_code: 'flatrate',
			},
		},
		guest,
	);
	expect(info.body.payment_methods.map((m: Json) => m.code)).toContain('checkmo');
	const placed = await send(
		'PUT',
		`/guest-carts/${cart}/order`,
		{ paymentMethod: { method: 'checkmo' } },
		guest,
	);
	expect(placed.status).toBe(200);
	return placed.body as number;
}

beforeAll(async () => {
	magento = await start(magento2Service(), { seed: 42 });
	api = `${magento.url}/rest/default/V1`;
});
afterAll(async () => {
	await magento.stop();
});
beforeEach(async () => {
	await admin(magento.url, 'POST', 'reset');
});

describe('authentication', () => {
	it('integration token and admin tokens (which expire on the emulated clock)', async () => {
		expect((await get('/modules')).body).toContain('Magento_Sales');
		expect((await get('/orders/1', { authorization: 'Bearer nope' })).body).toEqual({
			message: "The consumer isn't authorized to access %resources.",
			parameters: { resources: 'Magento_Sales::actions_view' },
		});
		const bad = await send(
			'POST',
			'/integration/admin/token',
			{ username: MAGENTO_ADMIN_USERNAME, password: 'x' },
			guest,
		);
		expect(bad.status).toBe(401);
		const token = (
			await send(
				'POST',
				'/integration/admin/token',
				{ username: MAGENTO_ADMIN_USERNAME, password: MAGENTO_ADMIN_PASSWORD },
				guest,
			)
		).body as string;
		expect(typeof token).toBe('string');
		const bearer = { authorization: `Bearer ${token}` };
		expect((await get('/modules', bearer)).status).toBe(200);
		await admin(magento.url, 'POST', 'clock', { advanceHours: 4 });
		expect((await get('/modules', bearer)).status).toBe(401);
		expect((await get('/modules')).status).toBe(200);
		const log = await admin(magento.url, 'GET', 'requests?path=/integration/admin/token');
		expect(log.body.requests[0].body.password).toBe('[REDACTED]');
	});

	it('serves /rest/default/V1, /rest/all/V1 and /rest/V1; unknown routes as Magento does', async () => {
		for (const prefix of ['/rest/default/V1', '/rest/all/V1', '/rest/V1'])
			expect((await call(`${magento.url}${prefix}/modules`, { headers: auth })).status).toBe(200);
		expect((await get('/nothing')).body).toEqual({ message: 'Request does not match any route.' });
	});
});

describe('cart to order', () => {
	it('guest cart: items, shipping information, order; reservations lower the salable quantity', async () => {
		const sku = await salableSku();
		const before = (await get(`/inventory/get-product-salable-qty/${encodeURIComponent(sku)}/1`))
			.body as number;
		const orderId = await placeGuestOrder(sku, 2);
		const order = (await get(`/orders/${orderId}`)).body;
		expect(order).toMatchObject({
			state: 'new',
			status: 'pending',
			customer_email: ADDRESS.email,
			customer_is_guest: 1,
			increment_id: expect.stringMatching(/^\d{9}$/),
		});
		expect(order.items[0]).toMatchObject({ sku, qty_ordered: 2 });
		expect(order.extension_attributes.shipping_assignments[0].shipping.address.street).toEqual(
			ADDRESS.street,
		);
		expect(order.grand_total).toBeCloseTo(order.subtotal + 10, 2);
		expect(
			(await get(`/inventory/get-product-salable-qty/${encodeURIComponent(sku)}/1`)).body,
		).toBe(before - 2);
	});

	it('admin cart (numeric quote id) works the same with a token', async () => {
		const sku = await salableSku();
		const cartId = (await send('POST', '/carts/')).body as number;
		expect(typeof cartId).toBe('number');
		await send('POST', `/carts/${cartId}/items`, { cartItem: { sku, qty: 1, quote_id: cartId } });
		await send('POST', `/carts/${cartId}/shipping-information`, {
			addressInformation: {
				shipping_address: ADDRESS,
				shipping_carrier_code: 'tablerate',
				shipping_method_code: 'bestway',
			},
		});
		const placed = await send('POST', `/carts/${cartId}/payment-information`, {
			paymentMethod: { method: 'banktransfer' },
			email: 'admin-order@example.nl',
		});
		expect((await get(`/orders/${placed.body}`)).body.customer_email).toBe(
			'admin-order@example.nl',
		);
		expect(
			(await send('POST', `/carts/${cartId}/items`, { cartItem: { sku, qty: 1 } })).status,
		).toBe(404);
		expect((await send('POST', '/carts/', {}, guest)).status).toBe(401);
	});

	it('rejects what Magento rejects, with its messages', async () => {
		const sku = await salableSku();
		const cart = (await send('POST', '/guest-carts', undefined, guest)).body as string;
		expect(
			(
				await send(
					'POST',
					`/guest-carts/${cart}/items`,
					{ cartItem: { sku: 'NOPE', qty: 1 } },
					guest,
				)
			).body.message,
		).toMatch(/product that was requested doesn't exist/);
		expect(
			(await send('POST', `/guest-carts/${cart}/items`, { cartItem: { sku, qty: 100000 } }, guest))
				.body.message,
		).toBe('The requested qty is not available');
		await send('POST', `/guest-carts/${cart}/items`, { cartItem: { sku, qty: 1 } }, guest);
		const noPhone = await send(
			'POST',
			`/guest-carts/${cart}/shipping-information`,
			{
				addressInformation: {
					shipping_address: { ...ADDRESS, telephone: '' },
					shipping_carrier_code: 'flatrate',
					shipping_method_code: 'flatrate',
				},
			},
			guest,
		);
		expect(noPhone.body).toEqual({
			message: '"%fieldName" is required. Enter and try again.',
			parameters: { fieldName: 'telephone' },
		});
		const carrier = await send(
			'POST',
			`/guest-carts/${cart}/shipping-information`,
			{
				addressInformation: {
					shipping_address: ADDRESS,
					shipping_carrier_code: 'ups',
					shipping_method_code: 'x',
				},
			},
			guest,
		);
		expect(carrier.body.message).toBe('Carrier with such method not found: %1, %2');
		expect(
			(
				await send(
					'PUT',
					`/guest-carts/${cart}/order`,
					{ paymentMethod: { method: 'checkmo' } },
					guest,
				)
			).body.message,
		).toMatch(/shipping method is missing/);
		await send(
			'POST',
			`/guest-carts/${cart}/shipping-information`,
			{
				addressInformation: {
					shipping_address: ADDRESS,
					shipping_carrier_code: 'flatrate',
					shipping_method_code: 'flatrate',
				},
			},
			guest,
		);
		expect(
			(
				await send(
					'PUT',
					`/guest-carts/${cart}/order`,
					{ paymentMethod: { method: 'bitcoin' } },
					guest,
				)
			).body.message,
		).toBe('The requested Payment Method is not available.');
		expect(
			(await send('POST', '/guest-carts/unknown/items', { cartItem: { sku, qty: 1 } }, guest))
				.status,
		).toBe(404);
	});
});

describe('orders', () => {
	it('lists with searchCriteria in camelCase or snake_case; requires it; pages past the end give the last page', async () => {
		expect((await get('/orders')).body).toEqual({
			message: '"%fieldName" is required. Enter and try again.',
			parameters: { fieldName: 'searchCriteria' },
		});
		await placeGuestOrder(await salableSku());
		const all = (await get('/orders?searchCriteria')).body;
		expect(all.total_count).toBeGreaterThan(2);
		const camel = await get(
			'/orders?searchCriteria[filterGroups][0][filters][0][field]=state&searchCriteria[filterGroups][0][filters][0][value]=new&searchCriteria[filterGroups][0][filters][0][conditionType]=eq',
		);
		const snake = await get(
			'/orders?search_criteria[filter_groups][0][filters][0][field]=state&search_criteria[filter_groups][0][filters][0][value]=new&search_criteria[filter_groups][0][filters][0][condition_type]=eq',
		);
		expect(camel.body.items.map((o: Json) => o.entity_id)).toEqual(
			snake.body.items.map((o: Json) => o.entity_id),
		);
		expect(camel.body.items.every((o: Json) => o.state === 'new')).toBe(true);
		const page = (n: number) =>
			get(
				`/orders?searchCriteria[pageSize]=2&searchCriteria[currentPage]=${n}&searchCriteria[sortOrders][0][field]=entity_id&searchCriteria[sortOrders][0][direction]=ASC`,
			);
		const last = Math.ceil(all.total_count / 2);
		expect((await page(1)).body.items.map((o: Json) => o.entity_id)).toEqual([1, 2]);
		expect((await page(last + 3)).body.items).toEqual((await page(last)).body.items);
		const like = await get(
			`/orders?searchCriteria[filterGroups][0][filters][0][field]=customer_email&searchCriteria[filterGroups][0][filters][0][value]=%25bol.com&searchCriteria[filterGroups][0][filters][0][conditionType]=like`,
		);
		expect(like.body.total_count).toBe(all.total_count - 1);
		expect(like.body.items.every((o: Json) => o.customer_email.endsWith('bol.com'))).toBe(true);
	});

	it('ship with tracks, invoice, refund with return to stock; state follows new -> processing -> complete -> closed', async () => {
		const sku = await salableSku();
		const sourceQty = () =>
			get(
				`/inventory/source-items?searchCriteria[filterGroups][0][filters][0][field]=sku&searchCriteria[filterGroups][0][filters][0][value]=${encodeURIComponent(sku)}&searchCriteria[filterGroups][1][filters][0][field]=source_code&searchCriteria[filterGroups][1][filters][0][value]=default`,
			).then((r) => r.body.items[0].quantity as number);
		const physical = await sourceQty();
		const orderId = await placeGuestOrder(sku, 2);
		const item = (await get(`/orders/${orderId}`)).body.items[0];
		expect(
			(
				await send('POST', `/order/${orderId}/ship`, {
					tracks: [{ track_number: '3SABC', title: 'PostNL' }],
				})
			).body,
		).toEqual({
			message: '"%fieldName" is required. Enter and try again.',
			parameters: { fieldName: 'carrier_code' },
		});
		const shipmentId = (
			await send('POST', `/order/${orderId}/ship`, {
				items: [{ order_item_id: item.item_id, qty: 1 }],
				tracks: [{ track_number: '3SABC', title: 'PostNL', carrier_code: 'custom' }],
			})
		).body;
		expect((await get(`/shipment/${shipmentId}`)).body.tracks[0]).toMatchObject({
			track_number: '3SABC',
			carrier_code: 'custom',
			order_id: orderId,
		});
		expect((await get(`/orders/${orderId}`)).body.state).toBe('processing');
		expect(await sourceQty()).toBe(physical - 1);
		expect((await send('POST', `/order/${orderId}/refund`)).body.message).toBe(
			"We can't create creditmemo for the order.",
		);
		await send('POST', `/order/${orderId}/ship`);
		expect((await send('POST', `/order/${orderId}/ship`)).body.message).toMatch(
			/does not allow a shipment/,
		);
		await send('POST', `/order/${orderId}/invoice`, { capture: true });
		let order = (await get(`/orders/${orderId}`)).body;
		expect(order).toMatchObject({
			state: 'complete',
			status: 'complete',
			total_paid: order.grand_total,
		});
		expect((await send('POST', `/orders/${orderId}/cancel`)).body).toBe(false);
		const memo = await send('POST', `/order/${orderId}/refund`, {
			items: [{ order_item_id: item.item_id, qty: 1 }],
			arguments: { extension_attributes: { return_to_stock_items: [item.item_id] } },
		});
		expect((await get(`/creditmemo/${memo.body}`)).body.items[0]).toMatchObject({
			qty: 1,
			back_to_stock: true,
		});
		expect(await sourceQty()).toBe(physical - 1);
		expect(
			(
				await send('POST', `/order/${orderId}/refund`, {
					items: [{ order_item_id: item.item_id, qty: 5 }],
				})
			).body.message,
		).toMatch(/must not be greater than the unrefunded quantity/);
		await send('POST', `/order/${orderId}/refund`, {});
		order = (await get(`/orders/${orderId}`)).body;
		expect([order.state, order.total_refunded]).toEqual(['closed', order.grand_total]);
	});

	it('refund with a comment: the credit memo carries it from the start (list, read, admin state), apart from the order comments', async () => {
		const sku = await salableSku();
		const orderId = await placeGuestOrder(sku, 2);
		await send('POST', `/order/${orderId}/invoice`, { capture: true });
		const item = (await get(`/orders/${orderId}`)).body.items[0];
		const withComment = await send('POST', `/order/${orderId}/refund`, {
			items: [{ order_item_id: item.item_id, qty: 1 }],
			notify: false,
			appendComment: false,
			comment: { comment: '[bol-return-refunded:31234567:memo] SKU x 1', is_visible_on_front: 0 },
			arguments: { shipping_amount: 0 },
		});
		expect(withComment.status).toBe(200);
		const memoId = withComment.body as number;
		const expected = {
			entity_id: expect.any(Number),
			parent_id: memoId,
			comment: '[bol-return-refunded:31234567:memo] SKU x 1',
			is_customer_notified: 0,
			is_visible_on_front: 0,
			created_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
		};
		expect((await get(`/creditmemo/${memoId}`)).body.comments).toEqual([expected]);
		const listed = (
			await get(
				`/creditmemos?searchCriteria[filterGroups][0][filters][0][field]=order_id&searchCriteria[filterGroups][0][filters][0][value]=${orderId}`,
			)
		).body.items as Json[];
		expect(listed.map((memo) => [memo.entity_id, memo.comments])).toEqual([[memoId, [expected]]]);
		expect((await get(`/creditmemo/${memoId}/comments`)).body).toEqual({
			items: [expected],
			total_count: 1,
		});
		const state = (await admin(magento.url, 'GET', 'state')).body.state as Json;
		expect(
			(state.creditmemos as Json[]).find((memo) => memo.entity_id === memoId)!.comments,
		).toEqual([expected]);
		// a credit memo comment is not an order comment
		expect((await get(`/orders/${orderId}`)).body.status_histories).toEqual([]);

		// appendComment with notify: the comment went into the customer's email; without a comment: none
		const notified = await send('POST', `/order/${orderId}/refund`, {
			items: [{ order_item_id: item.item_id, qty: 1 }],
			notify: true,
			appendComment: true,
			comment: { comment: 'Sorry for the trouble', is_visible_on_front: 1 },
			arguments: { shipping_amount: 0 },
		});
		expect((await get(`/creditmemo/${notified.body}`)).body.comments).toEqual([
			expect.objectContaining({
				comment: 'Sorry for the trouble',
				is_customer_notified: 1,
				is_visible_on_front: 1,
			}),
		]);
		const plain = await send('POST', `/order/${orderId}/refund`, {});
		expect((await get(`/creditmemo/${plain.body}`)).body.comments).toEqual([]);
		// a comment added later
		const added = await send('POST', `/creditmemo/${plain.body}/comments`, {
			entity: {
				parent_id: plain.body,
				comment: 'refunded by bank transfer',
				is_customer_notified: 0,
			},
		});
		expect(added.body).toMatchObject({
			parent_id: plain.body,
			comment: 'refunded by bank transfer',
		});
		expect((await get(`/creditmemo/${plain.body}/comments`)).body.total_count).toBe(1);
		expect((await get('/creditmemo/99999/comments')).status).toBe(404);
	});

	it('cancels an open order and gives the reserved quantity back; adds status history comments', async () => {
		const sku = await salableSku();
		const before = (await get(`/inventory/get-product-salable-qty/${encodeURIComponent(sku)}/1`))
			.body as number;
		const orderId = await placeGuestOrder(sku, 1);
		expect(
			(
				await send('POST', `/orders/${orderId}/comments`, {
					statusHistory: { comment: 'bol order A2K8290LP8', is_customer_notified: 0 },
				})
			).body,
		).toBe(true);
		expect((await send('POST', `/orders/${orderId}/cancel`)).body).toBe(true);
		const order = (await get(`/orders/${orderId}`)).body;
		expect(order.state).toBe('canceled');
		expect(order.status_histories[0].comment).toBe('bol order A2K8290LP8');
		expect(
			(await get(`/inventory/get-product-salable-qty/${encodeURIComponent(sku)}/1`)).body,
		).toBe(before);
		expect((await send('POST', `/orders/${orderId}/cancel`)).body).toBe(false);
		expect((await get('/orders/99999')).status).toBe(404);
	});
});

describe('stock', () => {
	it('legacy stock items and MSI source items set the quantity; invalid source items are refused', async () => {
		const sku = await salableSku();
		const item = (await get(`/stockItems/${encodeURIComponent(sku)}`)).body;
		expect(
			(
				await send('PUT', `/products/${encodeURIComponent(sku)}/stockItems/${item.item_id}`, {
					stockItem: { qty: 17, is_in_stock: true },
				})
			).body,
		).toBe(item.item_id);
		expect((await get(`/stockItems/${encodeURIComponent(sku)}`)).body.qty).toBe(17);
		expect(
			(
				await send('POST', '/inventory/source-items', {
					sourceItems: [{ sku, source_code: 'ams_warehouse', quantity: 5, status: 1 }],
				})
			).body,
		).toEqual([]);
		const salable = (await get(`/inventory/get-product-salable-qty/${encodeURIComponent(sku)}/1`))
			.body as number;
		const items = (
			await get(
				`/inventory/source-items?searchCriteria[filterGroups][0][filters][0][field]=sku&searchCriteria[filterGroups][0][filters][0][value]=${encodeURIComponent(sku)}`,
			)
		).body.items as Json[];
		expect(items.reduce((s, i) => s + i.quantity, 0)).toBe(22);
		expect(salable).toBeLessThanOrEqual(22);
		const invalid = await send('POST', '/inventory/source-items', {
			sourceItems: [{ sku: 'NOPE', source_code: 'mars', quantity: 1, status: 1 }],
		});
		expect(invalid.status).toBe(400);
		expect(invalid.body.errors.map((e: Json) => e.message)).toEqual([
			'Product with SKU "%sku" does not exist.',
			'Source with code "%code" does not exist.',
		]);
	});
});

describe('configurable products', () => {
	it('links simple products to a configurable product: its children, configurable_product_links in reads and lists, no stock of its own', async () => {
		const products = (await get('/products?searchCriteria[pageSize]=100')).body.items as Json[];
		const [small, large] = products.filter((p) => p.type_id === 'simple').slice(-2);
		const created = await send('POST', '/products', {
			product: { sku: 'TEE-CONF', name: 'Tee', type_id: 'configurable', price: 20 },
		});
		expect(created.status).toBe(200);
		expect(created.body.extension_attributes.configurable_product_links).toEqual([]);
		expect(
			(await send('POST', '/configurable-products/TEE-CONF/child', { childSku: small.sku })).body,
		).toBe(true);
		expect(
			(await send('POST', '/configurable-products/TEE-CONF/child', { childSku: large.sku })).body,
		).toBe(true);
		const again = await send('POST', '/configurable-products/TEE-CONF/child', {
			childSku: small.sku,
		});
		expect([again.status, again.body.message]).toEqual([400, 'The product is already attached.']);
		// a simple product has no configurable options to link children to
		const notConfigurable = await send(
			'POST',
			`/configurable-products/${encodeURIComponent(small.sku)}/child`,
			{ childSku: large.sku },
		);
		expect(notConfigurable.status).toBe(400);
		expect(
			((await get('/configurable-products/TEE-CONF/children')).body as Json[]).map((p) => p.sku),
		).toEqual([small.sku, large.sku]);
		expect(
			(await get(`/configurable-products/${encodeURIComponent(small.sku)}/children`)).body,
		).toEqual([]);
		expect(
			(await get('/products/TEE-CONF')).body.extension_attributes.configurable_product_links,
		).toEqual([small.id, large.id]);
		// the list carries the links too (one call finds every child's configurable product)
		const listed = (
			await get(
				'/products?searchCriteria[filterGroups][0][filters][0][field]=type_id&searchCriteria[filterGroups][0][filters][0][value]=configurable',
			)
		).body.items as Json[];
		expect(listed.map((p) => [p.sku, p.extension_attributes.configurable_product_links])).toEqual([
			['TEE-CONF', [small.id, large.id]],
		]);
		// the children have the stock: MSI answers no salable quantity for the configurable product
		const salable = await get('/inventory/get-product-salable-qty/TEE-CONF/1');
		expect([salable.status, salable.body.message]).toEqual([
			400,
			"Can't check requested quantity for products without Source Items support.",
		]);
		expect(
			(
				await send(
					'DELETE',
					`/configurable-products/TEE-CONF/children/${encodeURIComponent(small.sku)}`,
				)
			).body,
		).toBe(true);
		expect(
			(
				await send(
					'DELETE',
					`/configurable-products/TEE-CONF/children/${encodeURIComponent(small.sku)}`,
				)
			).status,
		).toBe(404);
		// a save with the links sets them
		await send('PUT', '/products/TEE-CONF', {
			product: { extension_attributes: { configurable_product_links: [small.id] } },
		});
		expect(
			((await get('/configurable-products/TEE-CONF/children')).body as Json[]).map((p) => p.sku),
		).toEqual([small.sku]);
	});
});
