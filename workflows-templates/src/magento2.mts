/**
 * Magento 2 side of the templates. n8n's Magento 2 node has no trigger, no order creation, no stock and no
 * tracking, so the lanes poll (Schedule Trigger) and use the HTTP Request node with the Magento 2 credential for:
 * lists (searchCriteria, every page), the cart flow that creates an order, salable quantities (MSI), shipments with
 * their tracks, credit memos and order comments. The Magento 2 node is used where it has the operation (invoice).
 *
 * A store order carries its marketplace order id in an order comment (`[bol:<id>]`); the lanes leave their marks
 * the same way (`[bol-shipped:<shipment id>]`, ...), so every step happens once.
 */
import type { NodeSpec } from './builder.mts';
import { storeOrderFailed, type Lifecycle } from './lifecycle.mts';
import { aggregateAll, credential, expr, filterNode, httpRequest, ifNode, isTrue, mergeByFields, setNode, setting, splitOut, type Fields } from './nodes.mts';

const S = setting;
export const MAGENTO_CREDENTIAL = 'magento2Api';

export const MAGENTO_SETTINGS: Fields = {
	storeUrl: { type: 'string', value: 'https://magento.example.com' },
	storeCode: { type: 'string', value: 'default' },
	stockId: { type: 'number', value: 1 },
	paymentMethod: { type: 'string', value: 'checkmo' },
	shippingCarrier: { type: 'string', value: 'flatrate' },
	shippingMethod: { type: 'string', value: 'flatrate' },
	defaultTelephone: { type: 'string', value: '-' },
	lookbackDays: { type: 'number', value: 3 },
};

export const MAGENTO_SETTINGS_NOTE = `- **storeUrl**: your Magento URL (as in the Magento 2 credential); **storeCode** of the REST API
- **stockId**: the MSI stock whose salable quantity goes to the marketplace
- **paymentMethod**, **shippingCarrier**, **shippingMethod**: what the created orders use (the marketplace collected the money)
- **defaultTelephone**: used when the marketplace gives no phone number (Magento requires one)
- **lookbackDays**: how far back each poll looks at shipments, cancellations and credit memos`;

/** `{{storeUrl}}/rest/{{storeCode}}/V1<path>` */
export const mageUrl = (path: string) => `={{ ${S('storeUrl')}.replace(/\\/+$/, '') }}/rest/{{ ${S('storeCode')} }}/V1${path}`;

/** Magento's SQL time (UTC) of an ISO time expression. */
export const sqlTime = (iso: string) => `DateTime.fromISO(${iso}).toUTC().toFormat('yyyy-MM-dd HH:mm:ss')`;

/** JS: the marketplace order id tagged in an order's comments (`[bol:<id>]`). */
export const mageTaggedId = (order = '$json') =>
	`((${order}.status_histories || []).map(h => (/\\[bol:([^\\]]+)\\]/.exec(h.comment || '') || [])[1]).find(Boolean) || '')`;

/** JS: whether an order's comment texts (`histories`) hold `marker`. */
export const mageHas = (marker: string, order = '$json') => `${order}.histories.some(c => c.includes(${marker}))`;

/**
 * HTTP Request to the Magento REST API. The full response is kept (`body`, `statusCode`): Magento answers some calls
 * with a bare number (a cart or order id). With `neverError`, 4xx answers are items too (a SKU the store lacks).
 */
export function mageHttp(name: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: string, neverError = false): NodeSpec {
	const node = httpRequest(name, { method, url: mageUrl(path), credentialType: MAGENTO_CREDENTIAL, body });
	node.parameters.options = { response: { response: { fullResponse: true, ...(neverError ? { neverError: true } : {}) } } };
	return node;
}

/** A comment on a store order (the marks of the lanes): `comment` is a JS expression. */
export function mageComment(name: string, orderId: string, comment: string): NodeSpec {
	return mageHttp(name, 'POST', `/orders/{{ ${orderId} }}/comments`, expr(`({ statusHistory: { comment: ${comment}, is_customer_notified: 0, is_visible_on_front: 0 } })`));
}

/**
 * Every page of a Magento list endpoint with searchCriteria filters (`[field, value expression, condition]`, all
 * must match), then one item per entity. With `once`, one call for all input items (and an item even when empty).
 */
export function mageList(
	lane: Lifecycle,
	name: string,
	path: string,
	filters: Array<[string, string, string]>,
	from: string | { route: string },
	column: number,
	y: number,
	once: boolean,
): string {
	const query: Record<string, string> = { 'searchCriteria[pageSize]': '100' };
	filters.forEach(([field, value, condition], index) => {
		query[`searchCriteria[filterGroups][${index}][filters][0][field]`] = field;
		query[`searchCriteria[filterGroups][${index}][filters][0][value]`] = value;
		query[`searchCriteria[filterGroups][${index}][filters][0][conditionType]`] = condition;
	});
	const node = httpRequest(name, { method: 'GET', url: mageUrl(path), credentialType: MAGENTO_CREDENTIAL, query });
	node.parameters.options = {
		pagination: {
			pagination: {
				paginationMode: 'updateAParameterInEachRequest',
				parameters: { parameters: [{ type: 'qs', name: 'searchCriteria[currentPage]', value: '={{ $pageCount + 1 }}' }] },
				paginationCompleteWhen: 'other',
				// Magento answers a page past the end with the last page again: stop on the count
				completeExpression: '={{ ($response.body.search_criteria.current_page || 1) * 100 >= $response.body.total_count }}',
				limitPagesFetched: true,
				maxRequests: 50,
			},
		},
	};
	const list = lane.add(once ? { ...node, executeOnce: true } : node, column, y);
	if (typeof from === 'string') lane.connect(from, list);
	else lane.fromRoute(from.route, list);
	const items = lane.add({ ...splitOut(`${name}: Items`, 'items'), ...(once ? { alwaysOutputData: true } : {}) }, column + 1, y);
	lane.connect(list, items);
	return items;
}

/** Store orders as the lanes compare them: `{ storeOrderId, marketplaceOrderId, incrementId, state, histories, storeLines }`. */
export function mageOrderIds(lane: Lifecycle, name: string, from: string, column: number, y: number): string {
	const ids = lane.add(
		setNode(name, {
			storeOrderId: { type: 'number', value: expr('$json.entity_id || 0') },
			marketplaceOrderId: { type: 'string', value: expr(mageTaggedId()) },
			incrementId: { type: 'string', value: expr(`$json.increment_id || ''`) },
			state: { type: 'string', value: expr(`$json.state || ''`) },
			histories: { type: 'array', value: expr(`($json.status_histories || []).map(h => String(h.comment || ''))`) },
			storeLines: { type: 'array', value: expr('$json.items || []') },
		}),
		column,
		y,
	);
	lane.connect(from, ids);
	return ids;
}

/** Magento orders created since `since` (ISO expression) -> `mageOrderIds`. */
export function mageOrdersSince(lane: Lifecycle, name: string, from: string, since: string, column: number, y: number): string {
	const items = mageList(lane, name, '/orders', [['created_at', expr(sqlTime(since)), 'gteq']], from, column, y, true);
	return mageOrderIds(lane, `${name}: Ids`, items, column + 2, y);
}

/** Salable quantity (MSI) of every SKU of the new orders' lines, as one item `catalog: [{ sku, found, stock }]`. */
export function mageCatalog(lane: Lifecycle, from: string, column: number, y: number): string {
	const lines = lane.add(splitOut('Ordered Lines', 'lines'), column, y);
	lane.connect(from, lines);
	const salable = lane.add(mageHttp('Magento: Salable Qty', 'GET', `/inventory/get-product-salable-qty/{{ encodeURIComponent($json.sku || '') }}/{{ ${S('stockId')} }}`, undefined, true), column + 1, y);
	lane.connect(lines, salable);
	const entry = lane.add(
		setNode('Salable Entry', {
			sku: { type: 'string', value: expr(`$('${lines}').item.json.sku`) },
			found: { type: 'boolean', value: expr('$json.statusCode === 200') },
			stock: { type: 'number', value: expr('$json.statusCode === 200 ? Number($json.body) : 0') },
		}),
		column + 2,
		y,
	);
	lane.connect(salable, entry);
	const catalog = lane.add(aggregateAll('Catalog', 'catalog'), column + 3, y);
	lane.connect(entry, catalog);
	return catalog;
}

/** The normalized address -> Magento's (JS inside an expression); `customer` fills in contact details. */
const mageAddress = (address: string, customer: string) =>
	`(a => ({ firstname: a.firstName || '-', lastname: a.lastName || '-', company: a.company || '', ` +
	`street: [a.address1 || [a.street, a.houseNumber, a.houseNumberExtension].filter(Boolean).join(' '), a.address2].filter(Boolean), ` +
	`city: a.city || '-', postcode: a.postalCode || '-', country_id: a.countryCode || '', region: a.region || '', ` +
	`telephone: a.phone || ${customer}.phone || ${S('defaultTelephone')}, email: a.email || ${customer}.email || '' }))(${address} || {})`;

/**
 * The cart flow for the orders on output 0 of `from` (items with `storeLines`): cart -> items -> shipping
 * information -> order (Magento reserves the stock) -> the marketplace id as an order comment -> invoice (the
 * marketplace collected the money). Returns the last node.
 */
export function mageCreateOrder(lane: Lifecycle, from: string, column: number, y: number): string {
	const cart = lane.add(mageHttp('Magento: New Cart', 'POST', '/carts/'), column, y);
	lane.connect(from, cart, 0);
	const order = lane.add(
		setNode('Order Cart', {
			cartId: { type: 'number', value: expr('Number($json.body)') },
			storeLines: { type: 'array', value: expr(`$('${from}').item.json.storeLines`) },
			order: { type: 'object', value: expr(`$('${from}').item.json`) },
		}),
		column + 1,
		y,
	);
	lane.connect(cart, order);
	const cartLines = lane.add(splitOut('Cart Lines', 'storeLines', ['cartId']), column + 2, y + 100);
	lane.connect(order, cartLines);
	const add = lane.add(
		{
			...mageHttp('Magento: Add to Cart', 'POST', '/carts/{{ $json.cartId }}/items', expr(`({ cartItem: { sku: $json.storeLines.sku, qty: $json.storeLines.quantity, quote_id: $json.cartId } })`)),
			onError: 'continueRegularOutput',
		},
		column + 3,
		y + 100,
	);
	lane.connect(cartLines, add);
	const ready = lane.add(
		{ name: 'Cart Filled', type: 'n8n-nodes-base.merge', typeVersion: 3.2, parameters: { mode: 'chooseBranch', useDataOfInput: 1 } },
		column + 4,
		y,
	);
	lane.connect(order, ready, 0, 0);
	lane.connect(add, ready, 0, 1);
	// place the order only when the cart took every line (a line can fail: stock taken meanwhile, a disabled product)
	const readCart = lane.add(mageHttp('Magento: Read Cart', 'GET', '/carts/{{ $json.cartId }}'), column + 5, y);
	lane.connect(ready, readCart);
	const complete = lane.add(
		ifNode('Cart Complete?', [
			isTrue(`($json.body.items || []).reduce((sum, i) => sum + i.qty, 0) === $('${order}').item.json.storeLines.reduce((sum, l) => sum + l.quantity, 0)`),
		]),
		column + 6,
		y,
	);
	lane.connect(readCart, complete);
	const failed = storeOrderFailed(lane, 'Bol.com', column + 9, y + 150);
	lane.connect(complete, failed, 1);
	const o = `$('${order}').item.json.order`;
	const shipping = lane.add(
		{
			...mageHttp(
			'Magento: Shipping Information',
			'POST',
			`/carts/{{ $('${order}').item.json.cartId }}/shipping-information`,
			expr(
				`({ addressInformation: { shipping_address: ${mageAddress(`${o}.shippingAddress`, `${o}.customer`)}, billing_address: ${mageAddress(`${o}.billingAddress || ${o}.shippingAddress`, `${o}.customer`)}, ` +
					`shipping_carrier_code: ${S('shippingCarrier')}, shipping_method_code: ${S('shippingMethod')} } })`,
			),
		),
			onError: 'continueErrorOutput',
		},
		column + 7,
		y - 80,
	);
	lane.connect(complete, shipping, 0);
	lane.connect(shipping, failed, 1);
	const cartOf = `$('${order}').item.json`;
	const place = lane.add(
		{ ...mageHttp('Magento: Place Order', 'PUT', `/carts/{{ ${cartOf}.cartId }}/order`, expr(`({ paymentMethod: { method: ${S('paymentMethod')} } })`)), onError: 'continueErrorOutput' },
		column + 8,
		y - 80,
	);
	lane.connect(shipping, place);
	lane.connect(place, failed, 1);
	const tag = lane.add(
		mageComment(
			'Magento: Tag Order',
			'$json.body',
			`'[' + ${cartOf}.order.marketplace + ':' + ${cartOf}.order.orderId + '] ' + ${cartOf}.order.marketplace + ' order ' + ${cartOf}.order.orderNumber + ', paid at the marketplace: ' + ${cartOf}.order.currency + ' ' + ${cartOf}.order.totals.total`,
		),
		column + 9,
		y - 80,
	);
	lane.connect(place, tag);
	const invoice = lane.add(
		{ name: 'Magento: Invoice', type: 'n8n-nodes-base.magento2', typeVersion: 1, parameters: { resource: 'invoice', operation: 'create', orderId: expr(`$('${place}').item.json.body`) }, credentials: credential(MAGENTO_CREDENTIAL) },
		column + 10,
		y - 80,
	);
	lane.connect(tag, invoice);
	return invoice;
}

/** The stock lane: every simple product's salable quantity (MSI) -> `{ sku, ean, quantity, managed }`. */
export function mageStockLevels(lane: Lifecycle, route: string, y: number): string {
	const products = mageList(lane, 'Magento: Products', '/products', [['type_id', 'simple', 'eq']], { route }, 0, y, true);
	const salable = lane.add(
		mageHttp('Magento: Product Salable Qty', 'GET', `/inventory/get-product-salable-qty/{{ encodeURIComponent($json.sku) }}/{{ ${S('stockId')} }}`, undefined, true),
		2,
		y,
	);
	lane.connect(products, salable);
	const product = `$('${products}').item.json`;
	const levels = lane.add(
		setNode('Stock Levels', {
			sku: { type: 'string', value: expr(`${product}.sku`) },
			ean: { type: 'string', value: expr(`((${product}.custom_attributes || []).find(a => a.attribute_code === 'ean') || {}).value || ''`) },
			quantity: { type: 'number', value: expr('Math.max(0, Number($json.body) || 0)') },
			managed: { type: 'boolean', value: expr('$json.statusCode === 200') },
		}),
		3,
		y,
	);
	lane.connect(salable, levels);
	return levels;
}

/**
 * Only the stock levels that differ from what `marketplace` last accepted (the workflow's static data, written by
 * `mageRememberStock`; a manual run starts without it and sends everything).
 */
export function mageOnlyChanged(lane: Lifecycle, from: string, marketplace: string, column: number, y: number): string {
	const changed = lane.add(
		{
			name: `Only Changed for ${marketplace}`,
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: {
				jsCode:
					`// Only the stock levels that differ from what ${marketplace} last accepted (kept in the workflow's static data by\n` +
					`// "Remember Sent to ${marketplace}"; a manual run starts without it and sends everything).\n` +
					`const sent = ($getWorkflowStaticData('global').sentStock || {})['${marketplace}'] || {};\n` +
					'return $input.all().filter((item) => sent[item.json.sku] !== item.json.quantity);\n',
			},
		},
		column,
		y,
	);
	lane.connect(from, changed);
	return changed;
}

/** After the push: remember what `marketplace` accepted (the items without an error), by SKU. */
export function mageRememberStock(lane: Lifecycle, from: string, changed: string, marketplace: string, column: number, y: number): string {
	const remember = lane.add(
		{
			name: `Remember Sent to ${marketplace}`,
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: {
				jsCode:
					"const data = $getWorkflowStaticData('global');\n" +
					`const sent = ((data.sentStock = data.sentStock || {})['${marketplace}'] = data.sentStock['${marketplace}'] || {});\n` +
					`const pushed = $('${changed}').all();\n` +
					'for (const item of $input.all()) {\n' +
					'\tconst source = pushed[item.pairedItem?.item ?? -1];\n' +
					'\tif (source && !item.json.error) sent[source.json.sku] = source.json.quantity;\n' +
					'}\n' +
					'return $input.all();\n',
			},
		},
		column,
		y,
	);
	lane.connect(from, remember);
	return remember;
}

/** `mageList` of recently changed orders -> `mageOrderIds` (the store-side lanes' common input). */
export function mageRecentOrders(lane: Lifecycle, route: string, y: number): string {
	const since = sqlTime(`$now.minus({ days: ${S('lookbackDays')} }).toISO()`);
	const items = mageList(lane, 'Magento: Recently Updated Orders', '/orders', [['updated_at', expr(since), 'gteq']], { route }, 0, y, true);
	return mageOrderIds(lane, 'Recent Bol Orders', items, 2, y);
}

/** Documents (shipments, credit memos) created in the lookback window, each with its store order (`mageOrderIds`). */
export function mageDocumentsWithOrder(lane: Lifecycle, name: string, path: string, orders: string, column: number, y: number): string {
	const since = sqlTime(`$now.minus({ days: ${S('lookbackDays')} }).toISO()`);
	const items = mageList(lane, name, path, [['created_at', expr(since), 'gteq']], orders, column, y, true);
	const merge = lane.add(mergeByFields(`${name.replace('Magento: ', '')} with Order`, 'order_id', 'storeOrderId', 'keepMatches', 'both'), column + 2, y);
	lane.connect(items, merge, 0, 0);
	lane.connect(orders, merge, 0, 1);
	const bolOnly = lane.add(filterNode(`${name.replace('Magento: Recent ', '')} of Bol Orders`, [isTrue(`Boolean($json.marketplaceOrderId)`)]), column + 3, y);
	lane.connect(merge, bolOnly);
	return bolOnly;
}
