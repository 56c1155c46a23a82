/**
 * Shopify side of the templates: n8n's Shopify Trigger (webhooks, HMAC-checked) for the store events, and the HTTP
 * Request node with the Shopify access-token credential for what n8n's Shopify node lacks: orders with any number of
 * lines at the marketplace's prices, fulfilment orders and fulfilments, inventory levels, refunds, and lists (the
 * node's "Return All" follows the first URL of the `Link` header, which from page 2 on is the previous page).
 *
 * A store order carries its marketplace order id in a note attribute (`bol_order_id`); the lanes leave their marks
 * the same way (`bol_shipped_<fulfillment id>`, ...), so every step happens once.
 */
import type { NodeSpec } from './builder.mts';
import { returnedLinesToRefund, storeOrderFailed, windowStart, type Lifecycle } from './lifecycle.mts';
import { aggregateAll, credential, equals, expr, httpRequest, ifNode, mergeAppend, setNode, setting, splitOut, type Fields } from './nodes.mts';

const S = setting;
export const SHOPIFY_CREDENTIAL = 'shopifyAccessTokenApi';

export const SHOPIFY_SETTINGS: Fields = {
	shopSubdomain: { type: 'string', value: 'your-shop' },
	apiVersion: { type: 'string', value: '2024-07' },
	locationId: { type: 'string', value: '' },
	stockSettleSeconds: { type: 'number', value: 10 },
};

export const SHOPIFY_SETTINGS_NOTE = `- **shopSubdomain**: \`<subdomain>.myshopify.com\` (as in the Shopify credential); **apiVersion** of the Admin REST API
- **locationId**: the location whose stock counts and where returns are restocked (Settings > Locations, the id in the URL); empty: every location counts, returns are not restocked
- **stockSettleSeconds**: wait before reading a changed item's stock`;

/** `https://{{shopSubdomain}}.myshopify.com/admin/api/{{apiVersion}}<path>` */
export const shopUrl = (path: string) => `=https://{{ ${S('shopSubdomain')} }}.myshopify.com/admin/api/{{ ${S('apiVersion')} }}${path}`;

/** JS: a note attribute of a Shopify order (`$json` by default). */
export const noteAttribute = (name: string, order = '$json') => `((${order}.note_attributes || []).find(a => a.name === ${name}) || {}).value`;

export function shopifyTrigger(name: string, topic: string): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.shopifyTrigger',
		typeVersion: 1,
		parameters: { authentication: 'accessToken', topic },
		credentials: credential(SHOPIFY_CREDENTIAL),
		webhookId: '',
	};
}

export function shopHttp(name: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: string): NodeSpec {
	return httpRequest(name, { method, url: shopUrl(path), credentialType: SHOPIFY_CREDENTIAL, body });
}

/** Every page of a Shopify list endpoint (cursor pagination: the `rel="next"` URL of the `Link` header). */
export function shopListNode(name: string, path: string, query: Record<string, string>): NodeSpec {
	const node = httpRequest(name, { method: 'GET', url: shopUrl(path), credentialType: SHOPIFY_CREDENTIAL, query: { limit: '250', ...query } });
	const next = `(String($response.headers.link || '').match(/<([^>]+)>;\\s*rel="next"/) || [])[1]`;
	node.parameters.options = {
		pagination: {
			pagination: {
				paginationMode: 'responseContainsNextURL',
				nextURL: `={{ ${next} }}`,
				paginationCompleteWhen: 'other',
				completeExpression: `={{ !${next} }}`,
				limitPagesFetched: true,
				maxRequests: 50,
			},
		},
	};
	return node;
}

/** A list (every page, one call for all input items, an item even when empty) split into one item per entity. */
export function shopList(lane: Lifecycle, name: string, path: string, field: string, query: Record<string, string>, from: string | { route: string }, column: number, y: number): string {
	const list = lane.add({ ...shopListNode(name, path, query), executeOnce: true }, column, y);
	if (typeof from === 'string') lane.connect(from, list);
	else lane.fromRoute(from.route, list);
	const items = lane.add({ ...splitOut(`${name}: Items`, field), alwaysOutputData: true }, column + 1, y);
	lane.connect(list, items);
	return items;
}

/** Store orders as the lanes compare them: `{ marketplaceOrderId, storeOrderId, storeLines, storeRefunds }`. */
export function shopOrdersSince(lane: Lifecycle, name: string, from: string, since: string, column: number, y: number): string {
	const items = shopList(lane, name, '/orders.json', 'orders', { status: 'any', created_at_min: expr(since) }, from, column, y);
	const ids = lane.add(
		setNode(`${name}: Ids`, {
			marketplaceOrderId: { type: 'string', value: expr(`${noteAttribute(`'bol_order_id'`)} || ''`) },
			storeOrderId: { type: 'number', value: expr('$json.id || 0') },
			storeLines: { type: 'array', value: expr('$json.line_items || []') },
			storeRefunds: { type: 'array', value: expr('$json.refunds || []') },
		}),
		column + 2,
		y,
	);
	lane.connect(items, ids);
	return ids;
}

/** Every variant of the shop: `{ sku, ean, variantId, inventoryItemId, stock, managed, backorders }`. */
export function shopVariants(lane: Lifecycle, prefix: string, from: string | { route: string }, column: number, y: number): string {
	const products = shopList(lane, `Shopify: ${prefix}Products`, '/products.json', 'products', {}, from, column, y);
	const variants = lane.add(splitOut(`${prefix}Variants`, 'variants'), column + 2, y);
	lane.connect(products, variants);
	const entry = lane.add(
		setNode(`${prefix}Variant Entries`, {
			sku: { type: 'string', value: expr(`$json.sku || ''`) },
			ean: { type: 'string', value: expr(`$json.barcode || ''`) },
			variantId: { type: 'number', value: expr('$json.id') },
			inventoryItemId: { type: 'number', value: expr('$json.inventory_item_id') },
			stock: { type: 'number', value: expr('$json.inventory_quantity || 0') },
			managed: { type: 'boolean', value: expr(`$json.inventory_management === 'shopify'`) },
			backorders: { type: 'boolean', value: expr(`$json.inventory_policy === 'continue'`) },
		}),
		column + 3,
		y,
	);
	lane.connect(variants, entry);
	return entry;
}

/** The shop's variants as one item: `catalog`. */
export function shopCatalog(lane: Lifecycle, from: string, column: number, y: number): string {
	const entries = shopVariants(lane, '', from, column, y);
	const catalog = lane.add(aggregateAll('Catalog', 'catalog'), column + 4, y);
	lane.connect(entries, catalog);
	return catalog;
}

/** The normalized address -> Shopify's (JS inside an expression). */
const shopAddress = (address: string) =>
	`(a => ({ first_name: a.firstName || '', last_name: a.lastName || '', company: a.company || '', ` +
	`address1: a.address1 || [a.street, a.houseNumber, a.houseNumberExtension].filter(Boolean).join(' '), address2: a.address2 || '', ` +
	`city: a.city || '', zip: a.postalCode || '', province: a.region || '', country_code: a.countryCode || '', phone: a.phone || $json.customer.phone || '' }))(${address} || {})`;

/**
 * "Shopify: Create Order" for the orders on output 0 of `from` (items with `storeLines`, `moveStock`): the bol price
 * per line, paid, no receipts; stock decremented (obeying the variant's policy) only when the order moves stock.
 * Bol-fulfilled orders are then marked fulfilled, so nobody ships them again.
 */
export function shopCreateOrder(lane: Lifecycle, from: string, column: number, y: number): string {
	const body =
		`({ order: { line_items: $json.storeLines.map(l => ({ variant_id: l.variantId, quantity: l.quantity, price: (l.totalPrice / l.quantity).toFixed(2) })), ` +
		`inventory_behaviour: $json.moveStock ? 'decrement_obeying_policy' : 'bypass', financial_status: 'paid', currency: $json.currency, ` +
		`email: $json.customer.email || '', send_receipt: false, send_fulfillment_receipt: false, source_name: $json.marketplace, tags: $json.marketplace, ` +
		`note: $json.marketplace + ' order ' + $json.orderNumber, ` +
		`shipping_address: ${shopAddress('$json.shippingAddress')}, billing_address: ${shopAddress('$json.billingAddress || $json.shippingAddress')}, ` +
		`shipping_lines: [{ title: 'Marketplace shipping', code: $json.marketplace, price: String($json.totals.shipping || 0) }], ` +
		`note_attributes: [{ name: $json.marketplace + '_order_id', value: $json.orderId }, { name: $json.marketplace + '_fulfilment', value: $json.fulfilment }] } })`;
	const create = lane.add({ ...shopHttp('Shopify: Create Order', 'POST', '/orders.json', expr(body)), onError: 'continueErrorOutput' }, column, y);
	lane.connect(from, create, 0);
	lane.connect(create, storeOrderFailed(lane, 'Bol.com', column + 1, y + 150), 1);
	const byBol = lane.add(ifNode('Fulfilled by Bol?', [equals(`$('${from}').item.json.fulfilment`, 'marketplace')]), column + 1, y);
	lane.connect(create, byBol);
	const orders = lane.add(shopHttp('Shopify: Fulfillment Orders', 'GET', '/orders/{{ $json.order.id }}/fulfillment_orders.json'), column + 2, y - 50);
	lane.connect(byBol, orders, 0);
	const fulfil = lane.add(
		shopHttp(
			'Shopify: Mark Fulfilled by Bol',
			'POST',
			'/fulfillments.json',
			expr(`({ fulfillment: { notify_customer: false, tracking_info: { company: 'bol.com' }, line_items_by_fulfillment_order: $json.fulfillment_orders.filter(f => f.status === 'open').map(f => ({ fulfillment_order_id: f.id })) } })`),
		),
		column + 3,
		y - 50,
	);
	lane.connect(orders, fulfil);
	return create;
}

/**
 * Stock of changed inventory items (after a short wait, re-read: their SKU and their available quantity) and of the
 * whole shop (full sync) -> items `{ sku, ean, quantity, managed }`.
 */
export function shopStockLevels(lane: Lifecycle, changedLane: string, fullLane: string, y: number): string {
	const settle = lane.add(
		{ name: 'Let Stock Settle', type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { resume: 'timeInterval', amount: expr(S('stockSettleSeconds')), unit: 'seconds' }, webhookId: '' },
		0,
		y - 100,
	);
	lane.fromRoute(changedLane, settle);
	const item = lane.add(shopHttp('Shopify: Inventory Item', 'GET', '/inventory_items/{{ $json.inventory_item_id }}.json'), 1, y - 100);
	lane.connect(settle, item);
	const levels = lane.add(
		shopHttp('Shopify: Inventory Levels', 'GET', `/inventory_levels.json?inventory_item_ids={{ $json.inventory_item.id }}{{ ${S('locationId')} ? '&location_ids=' + ${S('locationId')} : '' }}`),
		2,
		y - 100,
	);
	lane.connect(item, levels);
	const changed = lane.add(
		setNode('Changed Item Stock', {
			sku: { type: 'string', value: expr(`$('${item}').item.json.inventory_item.sku || ''`) },
			ean: { type: 'string', value: '' },
			quantity: { type: 'number', value: expr('Math.max(0, $json.inventory_levels.reduce((sum, l) => sum + (l.available || 0), 0))') },
			managed: { type: 'boolean', value: expr(`$('${item}').item.json.inventory_item.tracked === true`) },
		}),
		3,
		y - 100,
	);
	lane.connect(levels, changed);
	const all = shopVariants(lane, 'All ', { route: fullLane }, 0, y + 100);
	const full = lane.add(
		setNode('Shop Stock', {
			sku: { type: 'string', value: expr('$json.sku') },
			ean: { type: 'string', value: expr('$json.ean') },
			quantity: { type: 'number', value: expr('Math.max(0, $json.stock)') },
			managed: { type: 'boolean', value: expr('$json.managed') },
		}),
		4,
		y + 100,
	);
	lane.connect(all, full);
	const levelsOut = lane.add(mergeAppend('Stock Levels'), 5, y);
	lane.connect(changed, levelsOut, 0, 0);
	lane.connect(full, levelsOut, 0, 1);
	return levelsOut;
}

/**
 * Marks a store order with a note attribute `name` = `value` (JS expressions), keeping the others. `order` is the
 * JS expression of the order object as last read.
 */
export function shopMark(name: string, order: string, attribute: string, value: string): NodeSpec {
	return shopHttp(
		name,
		'PUT',
		`/orders/{{ ${order}.id }}.json`,
		expr(`({ order: { id: ${order}.id, note_attributes: (${order}.note_attributes || []).concat([{ name: ${attribute}, value: String(${value}) }]) } })`),
	);
}

/**
 * A returned line bol refunds (`{ orderId, rmaId, sku, quantity, registeredAt }`) -> its store order -> a refund of
 * that line without a transaction (bol paid the customer), restocked at **locationId**, once per RMA id (note).
 */
export function shopRefundReturnedLine(lane: Lifecycle, from: string, column: number, y: number): string {
	const storeOrders = shopOrdersSince(lane, 'Shopify: Orders of Returns', from, windowStart('registeredAt', S('returnLookbackDays')), column, y + 200);
	const toRefund = returnedLinesToRefund(lane, from, storeOrders, `$json.storeRefunds.some(r => String(r.note || '').includes($json.rmaId))`, column + 3, y);
	const create = lane.add(
		shopHttp(
			'Shopify: Refund and Restock',
			'POST',
			'/orders/{{ $json.storeOrderId }}/refunds.json',
			expr(
				`({ refund: { note: 'Bol.com return ' + $json.rmaId, notify: false, transactions: [], refund_line_items: [{ line_item_id: $json.storeLine.id, quantity: $json.quantity, ` +
					`restock_type: ${S('restockReturnedItems')} && ${S('locationId')} ? 'return' : 'no_restock', location_id: ${S('locationId')} ? Number(${S('locationId')}) : null }] } })`,
			),
		),
		column + 6,
		y,
	);
	lane.connect(toRefund, create);
	return create;
}
