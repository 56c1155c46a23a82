/**
 * Magento 2 side of the templates. n8n's Magento 2 node has no trigger, no order creation, no stock and no
 * tracking, so the lanes poll (Schedule Trigger) and use the HTTP Request node with the Magento 2 credential for:
 * lists (searchCriteria, every page), the cart flow that creates an order, salable quantities (MSI), shipments with
 * their tracks, credit memos and order comments. The Magento 2 node is used where it has the operation (invoice).
 *
 * A store order carries its marketplace order id in an order comment (`[<key>:<id>]`: `[bol:<id>]`, `[amazon:<id>]`);
 * the lanes leave their marks the same way (`[<key>-shipped:<shipment id>]`, ...), so every step happens once. The
 * helpers are marketplace-neutral: a `MarketplaceNames` names the marketplace, callbacks add its own steps.
 */
import type { NodeSpec } from './builder.mts';
import type { StoreLanes } from './lanes.mts';
import {
	MOVE_STOCK,
	canFulfil,
	onlyNewOrders,
	planStoreOrder,
	returnedLinesToRefund,
	claimRefund,
	refundClaimNote,
	CLAIM_COLUMNS,
	type RefundClaimStore,
	storeOrderFailed,
	windowStart,
	withCatalog,
	type Lifecycle,
	type MarketplaceNames,
} from './lifecycle.mts';
import {
	aggregateAll,
	codeNode,
	credential,
	expr,
	filterNode,
	httpRequest,
	ifNode,
	isTrue,
	mergeByFields,
	noOp,
	scheduleTrigger,
	setNode,
	setting,
	splitOut,
	type Fields,
} from './nodes.mts';

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
export const mageUrl = (path: string) =>
	`={{ ${S('storeUrl')}.replace(/\\/+$/, '') }}/rest/{{ ${S('storeCode')} }}/V1${path}`;

/** Magento's SQL time (UTC) of an ISO time expression. */
export const sqlTime = (iso: string) =>
	`DateTime.fromISO(${iso}).toUTC().toFormat('yyyy-MM-dd HH:mm:ss')`;

/** JS: the marketplace order id tagged in an order's comments (`[<key>:<id>]`, e.g. `[bol:<id>]`). */
export const mageTaggedId = (marketplace: MarketplaceNames, order = '$json') =>
	`((${order}.status_histories || []).map(h => (/\\[${marketplace.key}:([^\\]]+)\\]/.exec(h.comment || '') || [])[1]).find(Boolean) || '')`;

/** JS: whether an order's comment texts (`histories`) hold `marker`. */
export const mageHas = (marker: string, order = '$json') =>
	`${order}.histories.some(c => c.includes(${marker}))`;

/**
 * HTTP Request to the Magento REST API. The full response is kept (`body`, `statusCode`): Magento answers some calls
 * with a bare number (a cart or order id). With `neverError`, 4xx answers are items too (a SKU the store lacks).
 */
export function mageHttp(
	name: string,
	method: 'GET' | 'POST' | 'PUT',
	path: string,
	body?: string,
	neverError = false,
): NodeSpec {
	const node = httpRequest(name, {
		method,
		url: mageUrl(path),
		credentialType: MAGENTO_CREDENTIAL,
		body,
	});
	node.parameters.options = {
		response: { response: { fullResponse: true, ...(neverError ? { neverError: true } : {}) } },
	};
	return node;
}

/** A comment on a store order (the marks of the lanes): `comment` is a JS expression. */
export function mageComment(name: string, orderId: string, comment: string): NodeSpec {
	return mageHttp(
		name,
		'POST',
		`/orders/{{ ${orderId} }}/comments`,
		expr(
			`({ statusHistory: { comment: ${comment}, is_customer_notified: 0, is_visible_on_front: 0 } })`,
		),
	);
}

/** Pages a Magento list reads at most ("Max Pages" of its pagination), 100 rows each. */
export const MAGE_MAX_PAGES = 50;

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
	const node = httpRequest(name, {
		method: 'GET',
		url: mageUrl(path),
		credentialType: MAGENTO_CREDENTIAL,
		query,
	});
	node.parameters.options = {
		pagination: {
			pagination: {
				paginationMode: 'updateAParameterInEachRequest',
				parameters: {
					parameters: [
						{ type: 'qs', name: 'searchCriteria[currentPage]', value: '={{ $pageCount + 1 }}' },
					],
				},
				paginationCompleteWhen: 'other',
				// Magento answers a page past the end with the last page again: stop on the count
				completeExpression:
					'={{ ($response.body.search_criteria.current_page || 1) * 100 >= $response.body.total_count }}',
				limitPagesFetched: true,
				maxRequests: MAGE_MAX_PAGES,
			},
		},
	};
	const list = lane.add(once ? { ...node, executeOnce: true } : node, column, y);
	if (typeof from === 'string') lane.connect(from, list);
	else lane.fromRoute(from.route, list);
	const items = lane.add(
		{ ...splitOut(`${name}: Items`, 'items'), ...(once ? { alwaysOutputData: true } : {}) },
		column + 1,
		y,
	);
	lane.connect(list, items);
	return items;
}

/**
 * Store orders as the lanes compare them: `{ storeOrderId, marketplaceOrderId, incrementId, state, histories, storeLines }`
 * (`marketplaceOrderId`: the id tagged for `marketplace`, empty on other orders).
 */
export function mageOrderIds(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	name: string,
	from: string,
	column: number,
	y: number,
): string {
	const ids = lane.add(
		setNode(name, {
			storeOrderId: { type: 'number', value: expr('$json.entity_id || 0') },
			marketplaceOrderId: { type: 'string', value: expr(mageTaggedId(marketplace)) },
			incrementId: { type: 'string', value: expr(`$json.increment_id || ''`) },
			state: { type: 'string', value: expr(`$json.state || ''`) },
			histories: {
				type: 'array',
				value: expr(`($json.status_histories || []).map(h => String(h.comment || ''))`),
			},
			storeLines: { type: 'array', value: expr('$json.items || []') },
		}),
		column,
		y,
	);
	lane.connect(from, ids);
	return ids;
}

/** Magento orders created since `since` (ISO expression) -> `mageOrderIds`. */
export function mageOrdersSince(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	name: string,
	from: string,
	since: string,
	column: number,
	y: number,
): string {
	const items = mageList(
		lane,
		name,
		'/orders',
		[['created_at', expr(sqlTime(since)), 'gteq']],
		from,
		column,
		y,
		true,
	);
	return mageOrderIds(lane, marketplace, `${name}: Ids`, items, column + 2, y);
}

/**
 * JS: Koongo's store data for auto-acceptance from the salable quantities and prices of the ordered products
 * (`$json.catalog` of `mageCatalog` with `prices`): `{ [sku]: { stock, finalPrice, originalPrice } }`, the final price
 * the special price when there is one (else the price), the original the price. SKUs Magento does not know are left
 * out (declined).
 */
export const MAGE_STORE_PRODUCTS =
	`$json.catalog.filter(p => p.sku && p.found).reduce((all, p) => { ` +
	`all[p.sku] = { stock: Math.max(0, p.stock || 0), ` +
	`finalPrice: p.specialPrice > 0 ? p.specialPrice : p.price, originalPrice: p.price }; return all; }, {})`;

/**
 * Salable quantity (MSI) of every SKU of the new orders' lines, as one item `catalog: [{ sku, found, stock }]`.
 * `prefix`: a second catalogue in the same workflow ("Store Ordered Lines", "Magento: Store Salable Qty", ...: node
 * names are unique); `prices`: each product's `price` and `specialPrice` too (its `special_price` attribute, 0 without);
 * `always`: the catalogue item comes even without lines (an empty entry), so what follows runs (a Miinto transfer
 * whose positions were all decided before still reaches the decision, which reports them).
 */
export function mageCatalog(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
	options: { prefix?: string; prices?: boolean; always?: boolean } = {},
): string {
	const prefix = options.prefix ?? '';
	const lines = lane.add(
		{
			...splitOut(`${prefix}Ordered Lines`, 'lines'),
			...(options.always ? { alwaysOutputData: true } : {}),
		},
		column,
		y,
	);
	lane.connect(from, lines);
	const salable = lane.add(
		mageHttp(
			`Magento: ${prefix}Salable Qty`,
			'GET',
			`/inventory/get-product-salable-qty/{{ encodeURIComponent($json.sku || '') }}/{{ ${S('stockId')} }}`,
			undefined,
			true,
		),
		column + 1,
		y,
	);
	lane.connect(lines, salable);
	let last = salable;
	let priceFields: Fields = {};
	if (options.prices) {
		last = lane.add(
			mageHttp(
				`Magento: ${prefix}Product`,
				'GET',
				`/products/{{ encodeURIComponent($('${lines}').item.json.sku || '') }}`,
				undefined,
				true,
			),
			column + 2,
			y,
		);
		lane.connect(salable, last);
		const product = `($json.statusCode === 200 ? $json.body : {})`;
		priceFields = {
			price: { type: 'number', value: expr(`Number(${product}.price || 0)`) },
			specialPrice: {
				type: 'number',
				value: expr(
					`Number(((${product}.custom_attributes || []).find(a => a.attribute_code === 'special_price') || {}).value || 0)`,
				),
			},
		};
	}
	// the salable quantity's answer: the input, or (after the product) read by name
	const quantity = options.prices ? `$('${salable}').item.json` : '$json';
	const entry = lane.add(
		setNode(`${prefix}Salable Entry`, {
			sku: { type: 'string', value: expr(`$('${lines}').item.json.sku`) },
			found: { type: 'boolean', value: expr(`${quantity}.statusCode === 200`) },
			stock: {
				type: 'number',
				value: expr(`${quantity}.statusCode === 200 ? Number(${quantity}.body) : 0`),
			},
			...priceFields,
		}),
		column + (options.prices ? 3 : 2),
		y,
	);
	lane.connect(last, entry);
	const catalog = lane.add(
		aggregateAll(`${prefix}Catalog`, 'catalog'),
		column + (options.prices ? 4 : 3),
		y,
	);
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
 * marketplace collected the money). The tag is `[<key>:<id>] <title> order <number>, paid at the marketplace: ...`
 * (what `mageTaggedId` reads); `marketplace` also names it in the failure email. Returns the last node.
 */
export function mageCreateOrder(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	from: string,
	column: number,
	y: number,
): string {
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
			...mageHttp(
				'Magento: Add to Cart',
				'POST',
				'/carts/{{ $json.cartId }}/items',
				expr(
					`({ cartItem: { sku: $json.storeLines.sku, qty: $json.storeLines.quantity, quote_id: $json.cartId } })`,
				),
			),
			onError: 'continueRegularOutput',
		},
		column + 3,
		y + 100,
	);
	lane.connect(cartLines, add);
	const ready = lane.add(
		{
			name: 'Cart Filled',
			type: 'n8n-nodes-base.merge',
			typeVersion: 3.2,
			parameters: { mode: 'chooseBranch', useDataOfInput: 1 },
		},
		column + 4,
		y,
	);
	lane.connect(order, ready, 0, 0);
	lane.connect(add, ready, 0, 1);
	// place the order only when the cart took every line (a line can fail: stock taken meanwhile, a disabled product)
	const readCart = lane.add(
		mageHttp('Magento: Read Cart', 'GET', '/carts/{{ $json.cartId }}'),
		column + 5,
		y,
	);
	lane.connect(ready, readCart);
	const complete = lane.add(
		ifNode('Cart Complete?', [
			isTrue(
				`($json.body.items || []).reduce((sum, i) => sum + i.qty, 0) === $('${order}').item.json.storeLines.reduce((sum, l) => sum + l.quantity, 0)`,
			),
		]),
		column + 6,
		y,
	);
	lane.connect(readCart, complete);
	const failed = storeOrderFailed(lane, marketplace.title, column + 9, y + 150);
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
		{
			...mageHttp(
				'Magento: Place Order',
				'PUT',
				`/carts/{{ ${cartOf}.cartId }}/order`,
				expr(`({ paymentMethod: { method: ${S('paymentMethod')} } })`),
			),
			onError: 'continueErrorOutput',
		},
		column + 8,
		y - 80,
	);
	lane.connect(shipping, place);
	lane.connect(place, failed, 1);
	const tag = lane.add(
		mageComment(
			'Magento: Tag Order',
			'$json.body',
			`'[${marketplace.key}:' + ${cartOf}.order.orderId + '] ${marketplace.title} order ' + ${cartOf}.order.orderNumber + ', paid at the marketplace: ' + ${cartOf}.order.currency + ' ' + ${cartOf}.order.totals.total`,
		),
		column + 9,
		y - 80,
	);
	lane.connect(place, tag);
	const invoice = lane.add(
		{
			name: 'Magento: Invoice',
			type: 'n8n-nodes-base.magento2',
			typeVersion: 1,
			parameters: {
				resource: 'invoice',
				operation: 'create',
				orderId: expr(`$('${place}').item.json.body`),
			},
			credentials: credential(MAGENTO_CREDENTIAL),
		},
		column + 10,
		y - 80,
	);
	lane.connect(tag, invoice);
	return invoice;
}

/**
 * The stock lane: every simple product's salable quantity (MSI) -> `{ sku, ean, quantity, managed }`. With
 * `configurableParents`, first "Magento: Configurable Products" (one list: Magento answers each configurable product
 * with its children's ids, `extension_attributes.configurable_product_links`), and "Configurable Parents" adds
 * `reference`: a simple product linked to a configurable product is one of its sizes (the configurable product's SKU),
 * any other is its own reference. Returns the last node.
 */
export function mageStockLevels(
	lane: Lifecycle,
	route: string,
	y: number,
	options: { configurableParents?: boolean } = {},
): string {
	const parents = options.configurableParents
		? mageList(
				lane,
				'Magento: Configurable Products',
				'/products',
				[['type_id', 'configurable', 'eq']],
				{ route },
				0,
				y + 200,
				true,
			)
		: undefined;
	const shift = parents ? 2 : 0;
	const products = mageList(
		lane,
		'Magento: Products',
		'/products',
		[['type_id', 'simple', 'eq']],
		parents ?? { route },
		shift,
		y,
		true,
	);
	const salable = lane.add(
		mageHttp(
			'Magento: Product Salable Qty',
			'GET',
			`/inventory/get-product-salable-qty/{{ encodeURIComponent($json.sku) }}/{{ ${S('stockId')} }}`,
			undefined,
			true,
		),
		shift + 2,
		y,
	);
	lane.connect(products, salable);
	const product = `$('${products}').item.json`;
	const levels = lane.add(
		setNode('Stock Levels', {
			sku: { type: 'string', value: expr(`${product}.sku`) },
			ean: {
				type: 'string',
				value: expr(
					`((${product}.custom_attributes || []).find(a => a.attribute_code === 'ean') || {}).value || ''`,
				),
			},
			quantity: { type: 'number', value: expr('Math.max(0, Number($json.body) || 0)') },
			managed: { type: 'boolean', value: expr('$json.statusCode === 200') },
			...(parents ? { productId: { type: 'number', value: expr(`${product}.id`) } } : {}),
		}),
		shift + 3,
		y,
	);
	lane.connect(salable, levels);
	if (!parents) return levels;
	const references = lane.add(
		codeNode(
			'Configurable Parents',
			[
				`// A simple product linked to a configurable product is one of its sizes: its reference is the configurable`,
				`// product's SKU. Any other simple product is its own reference. Magento lists each configurable product with`,
				`// its children's ids (extension_attributes.configurable_product_links).`,
				`const parents = {};`,
				`for (const item of $('${parents}').all())`,
				`\tfor (const id of (item.json.extension_attributes || {}).configurable_product_links || [])`,
				`\t\tparents[id] = parents[id] || item.json.sku;`,
				`return $input.all().map((item, index) => ({`,
				`\tjson: { ...item.json, reference: parents[item.json.productId] || item.json.sku },`,
				`\tpairedItem: { item: index },`,
				`}));`,
				'',
			].join('\n'),
		),
		shift + 4,
		y,
	);
	lane.connect(levels, references);
	return references;
}

/**
 * Only the stock levels that differ from what `marketplace` last accepted (the workflow's static data, written by
 * `mageRememberStock`; a manual run starts without it and sends everything).
 */
export function mageOnlyChanged(
	lane: Lifecycle,
	from: string,
	marketplace: string,
	column: number,
	y: number,
): string {
	const changed = lane.add(
		codeNode(
			`Only Changed for ${marketplace}`,
			`// Only the stock levels that differ from what ${marketplace} last accepted (kept in the workflow's static data by\n` +
				`// "Remember Sent to ${marketplace}"; a manual run starts without it and sends everything).\n` +
				`const sent = ($getWorkflowStaticData('global').sentStock || {})['${marketplace}'] || {};\n` +
				'return $input.all().filter((item) => sent[item.json.sku] !== item.json.quantity);\n',
		),
		column,
		y,
	);
	lane.connect(from, changed);
	return changed;
}

/** After the push: remember what `marketplace` accepted (the items without an error), by SKU. */
export function mageRememberStock(
	lane: Lifecycle,
	from: string,
	changed: string,
	marketplace: string,
	column: number,
	y: number,
): string {
	const remember = lane.add(
		codeNode(
			`Remember Sent to ${marketplace}`,
			"const data = $getWorkflowStaticData('global');\n" +
				`const sent = ((data.sentStock = data.sentStock || {})['${marketplace}'] = data.sentStock['${marketplace}'] || {});\n` +
				`const pushed = $('${changed}').all();\n` +
				'for (const item of $input.all()) {\n' +
				'\tconst source = pushed[item.pairedItem?.item ?? -1];\n' +
				'\tif (source && !item.json.error) sent[source.json.sku] = source.json.quantity;\n' +
				'}\n' +
				'return $input.all();\n',
		),
		column,
		y,
	);
	lane.connect(from, remember);
	return remember;
}

/**
 * The stock lane of a template with an hourly full sync: "Magento: Products" from the routes "Stock sync" and "Full
 * stock sync" -> salable quantities (`mageStockLevels`) -> "Only What Changed?" (the 15-minute poll: `mageOnlyChanged`;
 * the hourly one: everything) -> `push` (the marketplace's steps from its "<name>: Managed Stock" on, which both paths
 * enter; returns the update node) -> "Remember Sent to <name>". `configurableParents`: see `mageStockLevels` (the
 * items get `reference`; "Magento: Configurable Products" comes first); `managed`: the name of the marketplace's
 * filter before its update, when not "<name>: Managed Stock".
 */
export function mageStockSync(
	lane: Lifecycle,
	name: string,
	y: number,
	push: (from: string, column: number, y: number) => string,
	options: { configurableParents?: boolean; managed?: string } = {},
): void {
	const managed = options.managed ?? `${name}: Managed Stock`;
	const levels = mageStockLevels(lane, 'Stock sync', y, options);
	lane.fromRoute(
		'Full stock sync',
		options.configurableParents ? 'Magento: Configurable Products' : 'Magento: Products',
	);
	// the columns after "Magento: Configurable Products" and "Configurable Parents"
	const shift = options.configurableParents ? 3 : 0;
	// the 15-minute poll sends only what changed; the hourly one everything
	const onlyChanged = lane.add(
		ifNode('Only What Changed?', [isTrue(`!$('Every Hour: Full Stock Sync').isExecuted`)]),
		shift + 4,
		y,
	);
	lane.connect(levels, onlyChanged);
	const changed = mageOnlyChanged(lane, onlyChanged, name, shift + 5, y + 150);
	const update = push(changed, shift + 6, y);
	lane.connect(onlyChanged, managed, 1);
	// the update node's own input (after "<name>: Managed Stock"): its output's pairedItem indexes into it
	mageRememberStock(lane, update, managed, name, shift + 8, y);
}

/** `mageList` of recently changed orders -> `mageOrderIds` "Recent <name> Orders" (the store-side lanes' common input). */
export function mageRecentOrders(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	route: string,
	y: number,
): string {
	const since = sqlTime(`$now.minus({ days: ${S('lookbackDays')} }).toISO()`);
	const items = mageList(
		lane,
		'Magento: Recently Updated Orders',
		'/orders',
		[['updated_at', expr(since), 'gteq']],
		{ route },
		0,
		y,
		true,
	);
	return mageOrderIds(lane, marketplace, `Recent ${marketplace.name} Orders`, items, 2, y);
}

/**
 * Documents (shipments, credit memos) created in the lookback window, each with its store order (`mageOrderIds`),
 * only those of `marketplace`'s orders ("... of <name> Orders").
 */
export function mageDocumentsWithOrder(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	name: string,
	path: string,
	orders: string,
	column: number,
	y: number,
): string {
	const since = sqlTime(`$now.minus({ days: ${S('lookbackDays')} }).toISO()`);
	const items = mageList(
		lane,
		name,
		path,
		[['created_at', expr(since), 'gteq']],
		orders,
		column,
		y,
		true,
	);
	const merge = lane.add(
		mergeByFields(
			`${name.replace('Magento: ', '')} with Order`,
			'order_id',
			'storeOrderId',
			'keepMatches',
			'both',
		),
		column + 2,
		y,
	);
	lane.connect(items, merge, 0, 0);
	lane.connect(orders, merge, 0, 1);
	const ofMarketplace = lane.add(
		filterNode(`${name.replace('Magento: Recent ', '')} of ${marketplace.name} Orders`, [
			isTrue(`Boolean($json.marketplaceOrderId)`),
		]),
		column + 3,
		y,
	);
	lane.connect(merge, ofMarketplace);
	return ofMarketplace;
}

/**
 * The store side of the order lane from the marketplace's orders (`from`, normalized orders) on: "Magento: Orders
 * Since" (store orders of the last days, tagged for `marketplace`) -> "Only New Orders" -> salable quantities ->
 * "Plan Store Order" -> "Can Fulfil?" -> "Moves Store Stock?" -> the cart flow (`mageCreateOrder`); orders the
 * marketplace fulfils that do not move store stock are not created (Magento reserves stock for every order it places).
 * Columns from `column` on; returns "Can Fulfil?" (output 1: the orders the store cannot fulfil, for the
 * marketplace's cancel branch, at column + 12). `options.prices`: the catalogue with prices (`mageCatalog`);
 * `options.gate`: the marketplace's steps between "Can Fulfil?" (output 0, given as `from`) and "Moves Store Stock?"
 * (they take column + 12; their node's output 0 goes on), e.g. Spartoo's price rule.
 */
export function mageOrders(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	from: string,
	column: number,
	y: number,
	options: {
		prices?: boolean;
		gate?: (from: string, column: number, y: number) => string;
	} = {},
): string {
	const storeIds = mageOrdersSince(
		lane,
		marketplace,
		'Magento: Orders Since',
		from,
		windowStart('createdAt', '2'),
		column,
		y + 200,
	);
	// Magento tags the marketplace id in a comment, which searchCriteria cannot filter on; its answer has the total,
	// so the lookup is complete exactly when the pages read hold every order of the window
	const list = `$('Magento: Orders Since')`;
	const newOrders = onlyNewOrders(lane, from, storeIds, column + 3, y, {
		complete: `${list}.all().length * 100 >= (${list}.first().json.total_count || 0)`,
		cap: `${MAGE_MAX_PAGES} pages of 100 orders`,
	});
	const catalog = mageCatalog(lane, newOrders, column + 4, y + 200, { prices: options.prices });
	const plan = planStoreOrder(
		lane,
		{
			find: '$json.catalog.find(c => c.sku === l.sku) || { found: false, stock: 0 }',
			fields: 'found: entry.found, stock: entry.stock, backorders: false',
			moveStock: MOVE_STOCK,
		},
		column + 9,
		y,
	);
	lane.connect(withCatalog(lane, newOrders, catalog, column + 8, y), plan);
	const decide = canFulfil(lane, plan, column + 10, y);
	const shift = options.gate ? 1 : 0;
	const create = lane.add(
		ifNode('Moves Store Stock?', [isTrue('$json.moveStock')]),
		column + 12 + shift,
		y - 100,
	);
	lane.connect(options.gate ? options.gate(decide, column + 12, y - 100) : decide, create, 0);
	mageCreateOrder(lane, marketplace, create, column + 13 + shift, y - 100);
	lane.connect(
		create,
		lane.add(noOp(`${marketplace.name} Fulfils It: Not Created`), column + 13 + shift, y - 250),
		1,
	);
	return decide;
}

/**
 * The shipment lane's store side: the new shipments of `marketplace`'s orders (of the recently changed orders,
 * `recent`) -> "Shipment Details" (the last track of each; `lines` for a partial shipment) -> "Not Sent to <name> Yet"
 * -> `ship` (the marketplace's steps) -> the comment `[<key>-shipped:<shipment>] <shippedMark>` (JS on the ship
 * node's output), or `[<key>-tracking-missing:<shipment>]` after the missing-tracking email: each happens once.
 */
export function mageShipments(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	recent: string,
	y: number,
	ship: (from: string, column: number, y: number) => { shipped: string; notified: string },
	shippedMark: string,
): void {
	const { key, name } = marketplace;
	const shipments = mageDocumentsWithOrder(
		lane,
		marketplace,
		'Magento: Recent Shipments',
		'/shipments',
		recent,
		3,
		y,
	);
	const track = `(($json.tracks || []).slice(-1)[0] || {})`;
	const details = lane.add(
		setNode('Shipment Details', {
			marketplace: { type: 'string', value: key },
			orderId: { type: 'string', value: expr('$json.marketplaceOrderId') },
			storeOrderId: { type: 'number', value: expr('$json.storeOrderId') },
			shipmentId: { type: 'number', value: expr('$json.entity_id') },
			trackingCode: { type: 'string', value: expr(`${track}.track_number || ''`) },
			carrier: { type: 'string', value: expr(`${track}.title || ${track}.carrier_code || ''`) },
			reference: { type: 'string', value: expr(`'M2-' + $json.increment_id`) },
			lines: {
				type: 'array',
				value: expr('($json.items || []).map(i => ({ sku: i.sku, quantity: i.qty }))'),
			},
			trackingNotified: {
				type: 'boolean',
				value: expr(mageHas(`'[${key}-tracking-missing:' + $json.entity_id + ']'`)),
			},
			sent: { type: 'boolean', value: expr(mageHas(`'[${key}-shipped:' + $json.entity_id + ']'`)) },
		}),
		7,
		y,
	);
	lane.connect(shipments, details);
	const notSent = lane.add(filterNode(`Not Sent to ${name} Yet`, [isTrue('!$json.sent')]), 8, y);
	lane.connect(details, notSent);
	const shipment = ship(notSent, 9, y);
	const sent = `$('${notSent}').item.json`;
	lane.connect(
		shipment.shipped,
		lane.add(
			mageComment(
				`Magento: Tag Shipped at ${name}`,
				`${sent}.storeOrderId`,
				`'[${key}-shipped:' + ${sent}.shipmentId + '] ' + ${shippedMark}`,
			),
			11,
			y - 80,
		),
	);
	lane.connect(
		shipment.notified,
		lane.add(
			mageComment(
				'Magento: Tag Tracking Notified',
				`$('Not Notified Yet').item.json.storeOrderId`,
				`'[${key}-tracking-missing:' + $('Not Notified Yet').item.json.shipmentId + '] no tracking code'`,
			),
			12,
			y + 80,
		),
	);
}

/**
 * The mark of a credit memo this workflow made for a marketplace return, in the memo's own comment (sent with the
 * refund call, so the memo never exists without it): `[<key>-return-refunded:<rma>:memo] <sku> x <qty>`. JS: `rma`,
 * `sku` and `quantity` are expressions.
 */
export const mageReturnMemoComment = (key: string, rma: string, sku: string, quantity: string) =>
	`'[${key}-return-refunded:' + ${rma} + ':memo] ' + ${sku} + ' x ' + ${quantity}`;

/** JS: whether a credit memo as Magento returns it (`memo`: an expression) carries a return mark of `key`. */
export const mageMemoOfReturn = (key: string, memo: string) =>
	`(${memo}.comments || []).some(c => String(c.comment || '').startsWith('[${key}-return-refunded:'))`;

/**
 * The refund lane's store side: the new credit memos of `marketplace`'s orders -> "Refund Lines" `{ orderId,
 * storeOrderId, refundId, storeLines, items }` (`items`: JS on the memo) -> "Not Forwarded Yet" (neither forwarded
 * nor a memo this workflow made for a marketplace return) -> `forward` (the marketplace's steps; the nodes it returns
 * end them) -> the comment `[<key>-refund-forwarded:<memo>]` (at `markColumn`), so each memo is sent once.
 */
export function mageCreditMemos(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	recent: string,
	y: number,
	items: string,
	forward: (from: string, column: number, y: number) => string | string[],
	markColumn = 11,
): void {
	const { key, name } = marketplace;
	const memos = mageDocumentsWithOrder(
		lane,
		marketplace,
		'Magento: Recent Credit Memos',
		'/creditmemos',
		recent,
		3,
		y,
	);
	const refundLines = lane.add(
		setNode('Refund Lines', {
			orderId: { type: 'string', value: expr('$json.marketplaceOrderId') },
			storeOrderId: { type: 'number', value: expr('$json.storeOrderId') },
			refundId: { type: 'number', value: expr('$json.entity_id') },
			storeLines: { type: 'array', value: expr('$json.storeLines') },
			items: { type: 'array', value: expr(items) },
			// forwarded, or a memo this workflow made for a return: its own comment says so from its creation on (the
			// order comment written after it may be missing: a crash, an error in between; older memos have only that)
			done: {
				type: 'boolean',
				value: expr(
					`${mageHas(`'[${key}-refund-forwarded:' + $json.entity_id + ']'`)} || ${mageMemoOfReturn(key, '$json')} || $json.histories.some(c => c.startsWith('[${key}-return-refunded:') && c.includes(':' + $json.entity_id + ']'))`,
				),
			},
		}),
		7,
		y,
	);
	lane.connect(memos, refundLines);
	const notForwarded = lane.add(filterNode('Not Forwarded Yet', [isTrue('!$json.done')]), 8, y);
	lane.connect(refundLines, notForwarded);
	const claimed = claimRefund(lane, notForwarded, 9, y, marketplace, mageRefundClaims(key));
	const mark = lane.add(
		mageComment(
			`Magento: Tag Refund Forwarded`,
			`$('${notForwarded}').item.json.storeOrderId`,
			`'[${key}-refund-forwarded:' + $('${notForwarded}').item.json.refundId + ']' + (typeof $json.status === 'string' ? ' ${name}: ' + $json.status : '')`,
		),
		markColumn + CLAIM_COLUMNS,
		y - 80,
	);
	for (const done of [forward(claimed, 9 + CLAIM_COLUMNS, y)].flat()) lane.connect(done, mark);
}

/** The claim sentences of a Magento refund lane's sticky note. */
export const mageClaimNote = (key: string) =>
	refundClaimNote(
		`the comment \`[${key}-refund-claimed:<memo>:<execution>]\`, first: the lowest comment id`,
	);

/**
 * Refund claims in Magento: order comments `[<key>-refund-claimed:<memo>:<execution>] at <time>`, first = lowest
 * comment id (Magento numbers comments in the order they are saved); a stuck refund's email leaves
 * `[<key>-refund-stuck:<memo>]`.
 */
export function mageRefundClaims(key: string): RefundClaimStore {
	return {
		prefix: 'Magento',
		read: (name, orderId) => mageHttp(name, 'GET', `/orders/{{ ${orderId} }}`),
		order: '$json.body',
		inspect: `(order, refundId) => {
	const comments = (order.status_histories || []).slice().sort((a, b) => a.entity_id - b.entity_id).map((h) => String(h.comment || ''));
	const claimed = '[${key}-refund-claimed:' + refundId + ':';
	return {
		forwarded: comments.some((c) => c.includes('[${key}-refund-forwarded:' + refundId + ']')),
		notified: comments.some((c) => c.includes('[${key}-refund-stuck:' + refundId + ']')),
		claims: comments.filter((c) => c.startsWith(claimed)).map((c) => ({ execution: c.slice(claimed.length, c.indexOf(']')), at: (/\\] at (\\S+)/.exec(c) || [])[1] || '' })),
	};
}`,
		claim: (name) =>
			mageComment(
				name,
				'$json.storeOrderId',
				`'[${key}-refund-claimed:' + $json.refundId + ':' + $execution.id + '] at ' + $now.toISO()`,
			),
		stuckNoted: (name, item) =>
			mageComment(
				name,
				`${item}.storeOrderId`,
				`'[${key}-refund-stuck:' + ${item}.refundId + '] merchant notified: claimed, never forwarded'`,
			),
		forwardedMarker: `the order comment [${key}-refund-forwarded:{{ $json.refundId }}]`,
	};
}

/**
 * JS on a returned line joined with its store order (with `creditMemos`, see `mageRefundReturnedLine`): this return's
 * credit memo exists already. The memo's own comment says so (`[<key>-return-refunded:<rma>:memo]`, sent with the
 * refund call); memos made before that carry it only in the order comment `[<key>-return-refunded:<rma>:<memo>]`.
 */
export const mageReturnRefunded = (marketplace: MarketplaceNames) => {
	const mark = `'[${marketplace.key}-return-refunded:' + $json.rmaId + ':'`;
	return `(${mageHas(mark)} || ($json.creditMemos || []).some(m => m.comments.some(c => c.startsWith(${mark}))))`;
};

/**
 * JS on a returned line joined with its store order: the merchant refunded the line with a credit memo of their own,
 * i.e. more of it is refunded (`qty_refunded`) than this workflow's return memos account for. A return memo is one
 * whose own comment carries a return mark, or (older ones) that an order comment `[<key>-return-refunded:<rma>:<memo>]`
 * names; its quantity of the SKU comes from its lines. An order comment whose memo is not in the list counts by its
 * `<sku> x <qty>`.
 */
export const mageLineRefundedByMerchant = (marketplace: MarketplaceNames) => {
	const mark = `'[${marketplace.key}-return-refunded:'`;
	const named = `$json.histories.map(c => /^\\[${marketplace.key}-return-refunded:[^\\]]*:(\\d+)\\] (.+) x (\\d+)$/.exec(c)).filter(Boolean)`;
	return (
		`((line, memos, named) => Number(line.qty_refunded || 0) > ` +
		`memos.filter(m => m.comments.some(c => c.startsWith(${mark})) || named.some(n => n[1] === String(m.id))).reduce((sum, m) => sum + m.lines.filter(l => l.sku === $json.sku).reduce((s, l) => s + l.qty, 0), 0) + ` +
		`named.filter(n => n[2] === $json.sku && !memos.some(m => String(m.id) === n[1])).reduce((sum, n) => sum + Number(n[3]), 0))` +
		`($json.storeLines.find(l => l.sku === $json.sku) || {}, $json.creditMemos || [], ${named})`
	);
};

/**
 * A returned line the marketplace refunds (`{ orderId, rmaId, sku, quantity, registeredAt }`) -> the store orders and
 * credit memos of the return window ("Magento: Credit Memos of Returns", "Magento: Orders of Returns", joined per order
 * as `creditMemos: [{ id, comments, lines }]` by "Orders with Credit Memos") -> a credit memo of that line with return
 * to stock (**restockReturnedItems**), once per RMA: the memo is created with its comment
 * `[<key>-return-refunded:<rma>:memo] <sku> x <qty>`, so neither the next returns run nor the refund lane ever sees it
 * unmarked; the order comment `[<key>-return-refunded:<rma>:<memo>] <sku> x <qty>` follows for people reading the
 * order. `refunded`: JS, true when the line must not be refunded (again). Columns from `column` on.
 */
export function mageRefundReturnedLine(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	from: string,
	column: number,
	y: number,
	refunded = mageReturnRefunded(marketplace),
): string {
	// the window of the returns (their earliest registration minus returnLookbackDays); each list runs once, so it
	// reads the returned lines by name: its input is the list before it
	const since = expr(
		sqlTime(
			`DateTime.fromISO($('${from}').all().map(item => item.json.registeredAt).filter(Boolean).sort()[0] || $now.toISO()).minus({ days: ${S('returnLookbackDays')} }).toISO()`,
		),
	);
	// a memo is created after its order: the memos created in the window are all the memos of the window's orders
	const memos = mageList(
		lane,
		'Magento: Credit Memos of Returns',
		'/creditmemos',
		[['created_at', since, 'gteq']],
		from,
		column,
		y + 200,
		true,
	);
	const orders = mageList(
		lane,
		'Magento: Orders of Returns',
		'/orders',
		[['created_at', since, 'gteq']],
		memos,
		column + 2,
		y + 200,
		true,
	);
	const ids = mageOrderIds(
		lane,
		marketplace,
		'Magento: Orders of Returns: Ids',
		orders,
		column + 4,
		y + 200,
	);
	const withMemos = lane.add(
		codeNode(
			'Orders with Credit Memos',
			[
				`// Each store order gets its credit memos: id, the memo's own comments (a memo this workflow made for a`,
				`// return says so there: [<marketplace>-return-refunded:<rma>:memo]) and its lines.`,
				`const memos = {};`,
				`for (const item of $('${memos}').all()) {`,
				`\tconst memo = item.json;`,
				`\tif (!memo.entity_id) continue;`,
				`\t(memos[memo.order_id] = memos[memo.order_id] || []).push({`,
				`\t\tid: memo.entity_id,`,
				`\t\tcomments: (memo.comments || []).map((c) => String(c.comment || '')),`,
				`\t\tlines: (memo.items || []).map((i) => ({ sku: i.sku, qty: Number(i.qty || 0) })),`,
				`\t});`,
				`}`,
				`return $input.all().map((item, index) => ({`,
				`\tjson: { ...item.json, creditMemos: memos[item.json.storeOrderId] || [] },`,
				`\tpairedItem: { item: index },`,
				`}));`,
				'',
			].join('\n'),
		),
		column + 5,
		y + 200,
	);
	lane.connect(ids, withMemos);
	const toRefund = returnedLinesToRefund(lane, from, withMemos, refunded, column + 6, y);
	const memo = lane.add(
		mageHttp(
			'Magento: Credit Memo and Restock',
			'POST',
			'/order/{{ $json.storeOrderId }}/refund',
			expr(
				`({ items: [{ order_item_id: $json.storeLine.item_id, qty: $json.quantity }], notify: false, appendComment: false, ` +
					`comment: { comment: ${mageReturnMemoComment(marketplace.key, '$json.rmaId', '$json.sku', '$json.quantity')}, is_visible_on_front: 0 }, ` +
					`arguments: { shipping_amount: 0, adjustment_positive: 0, adjustment_negative: 0, ` +
					`extension_attributes: { return_to_stock_items: ${S('restockReturnedItems')} ? [$json.storeLine.item_id] : [] } } })`,
			),
		),
		column + 9,
		y,
	);
	lane.connect(toRefund, memo);
	const line = `$('${toRefund}').item.json`;
	lane.connect(
		memo,
		lane.add(
			mageComment(
				'Magento: Tag Return Refunded',
				`${line}.storeOrderId`,
				`'[${marketplace.key}-return-refunded:' + ${line}.rmaId + ':' + $json.body + '] ' + ${line}.sku + ' x ' + ${line}.quantity`,
			),
			column + 10,
			y,
		),
	);
	return memo;
}

/**
 * The store-cancellation lane's store side: `marketplace`'s orders cancelled in Magento (state `canceled`; Magento
 * cancels only what is not invoiced yet) among the recently changed orders (`recent`) -> "Cancelled Order" `{ orderId,
 * storeOrderId }` -> `cancel` (the marketplace's steps; the node it returns ends them) -> the comment
 * `[<key>-cancelled] <name>: <status>`, so each order is cancelled at the marketplace once.
 */
export function mageCancellations(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	recent: string,
	y: number,
	cancel: (from: string, column: number, y: number) => string,
): void {
	const { key, name } = marketplace;
	const cancelled = lane.add(
		filterNode(`Cancelled ${name} Orders`, [
			isTrue(
				`Boolean($json.marketplaceOrderId) && $json.state === 'canceled' && !${mageHas(`'[${key}-cancelled]'`)}`,
			),
		]),
		3,
		y,
	);
	lane.connect(recent, cancelled);
	const order = lane.add(
		setNode('Cancelled Order', {
			orderId: { type: 'string', value: expr('$json.marketplaceOrderId') },
			storeOrderId: { type: 'number', value: expr('$json.storeOrderId') },
		}),
		4,
		y,
	);
	lane.connect(cancelled, order);
	const done = cancel(order, 5, y);
	lane.connect(
		done,
		lane.add(
			mageComment(
				`Magento: Tag Cancelled at ${name}`,
				`$('${order}').item.json.storeOrderId`,
				`'[${key}-cancelled] ${name}: ' + ($json.status || 'cancelled')`,
			),
			6,
			y,
		),
	);
}

/** JS on a credit memo: its lines as `[{ sku, quantity }]` (the store SKU, the refunded units). */
export const MAGE_REFUND_SKUS = `($json.items || []).filter(i => i.qty > 0).map(i => ({ sku: i.sku, quantity: i.qty }))`;

/** JS: a Magento increment id as a marketplace takes an order number (letters and digits only). */
const orderNumber = (incrementId: string) =>
	`String(${incrementId} || '').replace(/[^A-Za-z0-9]/g, '')`;

/**
 * The Magento 2 side of every lifecycle template (see lanes.mts). Magento has no trigger node, so the store side polls:
 * every 5 minutes for shipments, cancellations and credit memos, every 15 minutes for stock (and every hour for the
 * full stock, where the marketplace's pair asks for it).
 */
export const MAGENTO2: StoreLanes = {
	id: 'magento2',
	title: 'Magento 2',
	abbr: 'Mg2',
	webhooks: false,
	settings: () => ({ ...MAGENTO_SETTINGS }),
	settingsNote: MAGENTO_SETTINGS_NOTE,
	settingsNoteEnd: '',
	triggers: (marketplace) => [
		{ node: scheduleTrigger('Every 15 Minutes: Stock', 15), lanes: ['Stock sync'] },
		...(marketplace.pairs.magento2.fullStockSync
			? [{ node: scheduleTrigger('Every Hour: Full Stock Sync', 60), lanes: ['Full stock sync'] }]
			: []),
		{ node: scheduleTrigger('Every 5 Minutes: Store Changes', 5), lanes: ['Store changes'] },
	],
	// with prices for a gate that reads them
	orders: (lane, marketplace, from, shift, y, gate) =>
		mageOrders(lane, marketplace, from, shift + 2, y, gate ? { prices: true, gate } : {}),
	cannotFulfilAt: { column: 14, row: 150, gatedRow: 300 },
	storeProducts: () => MAGE_STORE_PRODUCTS,
	stock(lane, marketplace) {
		const y = 700;
		const { name } = marketplace.names;
		const { stock } = marketplace;
		if (marketplace.pairs.magento2.fullStockSync) {
			// what changed every 15 minutes, everything every hour; with your product reference: a configurable
			// product's child is a size of it
			mageStockSync(lane, name, y, (from, column, at) => stock.update(lane, from, column, at), {
				configurableParents: stock.reference,
				managed: stock.filter === `${name}: Managed Stock` ? undefined : stock.filter,
			});
		} else {
			const changed = mageOnlyChanged(lane, mageStockLevels(lane, 'Stock sync', y), name, 4, y);
			const update = stock.update(lane, changed, 5, y);
			// the update node's own input (after the managed-stock filter): its output's pairedItem indexes into it
			mageRememberStock(lane, update, stock.filter, name, 7, y);
		}
		lane.note(marketplace.pairs.magento2.notes.stock, 6);
	},
	changes(lane, marketplace) {
		const { names } = marketplace;
		const pair = marketplace.pairs.magento2;
		// one poll of the recently changed orders: shipments, credit memos, cancellations
		const y = 1150;
		const recent = mageRecentOrders(lane, names, 'Store changes', y);
		mageShipments(
			lane,
			names,
			recent,
			y,
			(from, column, at) => marketplace.shipment(lane, from, column, at, MAGENTO2),
			marketplace.shippedMark,
		);
		mageCreditMemos(
			lane,
			names,
			recent,
			y + 330,
			pair.refundItems('$json'),
			pair.memo
				? (from, column, at) => pair.memo!.forward(lane, from, column, at)
				: // a memo without product lines is marked after its email too, or it would stay claimed and look stuck
					(from, column, at) => [
						marketplace.refund(lane, from, column, at),
						'Email: Refund Without Items',
					],
			pair.memo?.markColumn,
		);
		if (pair.cancellations)
			mageCancellations(lane, names, recent, y + 800, (from, column, at) =>
				marketplace.storeCancel.add(lane, from, column, at),
			);
		pair.afterCancellations?.(lane, y);
		lane.note(pair.notes.storeChanges ?? '', 3);
	},
	refundReturnedLine: mageRefundReturnedLine,
	pricedCatalog: (lane, from, y) => ({
		// node names are unique: "Store Ordered Lines", "Magento: Store Salable Qty", ...
		catalog: mageCatalog(lane, from, 1, y + 200, { prefix: 'Store ', prices: true, always: true }),
		column: 6,
	}),
	acceptAfter(lane, orders, y, withNumber, shift) {
		if (!withNumber)
			return {
				created: 'Magento: Invoice',
				orders,
				at: [26 + shift, y - 180],
				existingAt: [6, y + 500],
			};
		// the increment id is read from the placed order (the cart answers with its entity id only)
		const placed = lane.add(
			mageHttp(
				'Magento: Created Order',
				'GET',
				`/orders/{{ $('Magento: Place Order').item.json.body }}`,
			),
			26 + shift,
			y - 180,
		);
		lane.connect('Magento: Invoice', placed);
		return {
			created: placed,
			orders,
			at: [27 + shift, y - 180],
			existingAt: [6, y + 500],
			number: {
				created: orderNumber('$json.body.increment_id'),
				stored: orderNumber('$json.incrementId'),
			},
		};
	},
	shipmentLines: true,
	stockTemplate: {
		id: 'mpsStockMageToAl',
		description: (marketplaces) =>
			`Magento 2 salable quantities to ${marketplaces}, batched, only what changed.`,
		settings: MAGENTO_SETTINGS,
		settingsNote: MAGENTO_SETTINGS_NOTE,
		triggersNote: 'The interval is on the schedule trigger (n8n triggers run before Settings).',
		triggers: () => [
			{ node: scheduleTrigger('Every 15 Minutes: Stock', 15), lanes: ['Stock sync'] },
		],
		// with your product reference (Spartoo): a child of a configurable product is a size of it
		levels: (lane, y, needs) => ({
			levels: mageStockLevels(lane, 'Stock sync', y, { configurableParents: needs.reference }),
			column: 7,
		}),
		// per marketplace only what it does not have yet, and what it accepted is remembered
		around: (lane, from, name, column, y) => mageOnlyChanged(lane, from, name, column, y),
		after: (lane, update, filter, name, column, y) => {
			mageRememberStock(lane, update, filter, name, column, y);
		},
		note: `## Store stock
Every 15 minutes: the salable quantity (MSI: sources minus reservations) of every simple product; per marketplace only what it does not have yet (**Only Changed for ...**), and what it accepted is remembered (**Remember Sent to ...**, the workflow's static data). The EAN is the product attribute \`ean\`. Your product reference (Spartoo): **Magento: Configurable Products** lists the configurable products once with their children (\`configurable_product_links\`), and **Configurable Parents** gives a child the configurable product's SKU; any other simple product is its own reference.`,
	},
};
