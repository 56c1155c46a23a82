/**
 * Shopify side of the templates: n8n's Shopify Trigger (webhooks, HMAC-checked) for the store events, and the HTTP
 * Request node with the Shopify access-token credential for what n8n's Shopify node lacks: orders with any number of
 * lines at the marketplace's prices, fulfilment orders and fulfilments, inventory levels, refunds, and lists (the
 * node's "Return All" follows the first URL of the `Link` header, which from page 2 on is the previous page).
 *
 * A store order carries its marketplace order id in a note attribute (`<key>_order_id`: `bol_order_id`,
 * `amazon_order_id`); the lanes leave their marks the same way (`<key>_shipped_<fulfillment id>`, ...), so every step
 * happens once. The lanes' store side is written once for every marketplace (`MarketplaceNames` and callbacks for the
 * marketplace's steps, as in woocommerce.mts).
 */
import type { NodeSpec } from './builder.mts';
import { storeOrders, type StoreLanes } from './lanes.mts';
import {
	STORE_RECONCILE_SETTINGS,
	STORE_RECONCILE_SETTINGS_NOTE,
	storeReconcileTrigger,
	planStoreOrder,
	returnedLinesToRefund,
	claimRefund,
	refundClaimNote,
	CLAIM_COLUMNS,
	type RefundClaimStore,
	storeOrderFailed,
	windowStart,
	type Lifecycle,
	type MarketplaceNames,
	type StoreListCap,
	type TriggerSpec,
	reconcileStoreOrders,
	storeReconcileNote,
	STORE_RECONCILE_SINCE,
} from './lifecycle.mts';
import {
	aggregateAll,
	codeNode,
	credential,
	equals,
	expr,
	filterNode,
	httpRequest,
	ifNode,
	isTrue,
	mergeAppend,
	mergeByFields,
	notEmpty,
	scheduleTrigger,
	setNode,
	setting,
	splitOut,
	type Fields,
} from './nodes.mts';

const S = setting;
export const SHOPIFY_CREDENTIAL = 'shopifyAccessTokenApi';

export const SHOPIFY_SETTINGS: Fields = {
	shopSubdomain: { type: 'string', value: 'your-shop' },
	apiVersion: { type: 'string', value: '2024-07' },
	locationId: { type: 'string', value: '' },
	stockSettleSeconds: { type: 'number', value: 10 },
};

export const SHOPIFY_SETTINGS_NOTE = `- **shopSubdomain**: \`<subdomain>.myshopify.com\` (as in the Shopify credential); **apiVersion** of the Admin REST API
- **locationId**: the location whose stock counts (inventory webhook, hourly full stock sync and the orders' stock check read its inventory levels) and where returns are restocked (Settings > Locations, the id in the URL); empty: every location counts, returns are not restocked
- **stockSettleSeconds**: wait before reading a changed item's stock`;

/** `https://{{shopSubdomain}}.myshopify.com/admin/api/{{apiVersion}}<path>` */
export const shopUrl = (path: string) =>
	`=https://{{ ${S('shopSubdomain')} }}.myshopify.com/admin/api/{{ ${S('apiVersion')} }}${path}`;

/** JS: a note attribute of a Shopify order (`$json` by default). */
export const noteAttribute = (name: string, order = '$json') =>
	`((${order}.note_attributes || []).find(a => a.name === ${name}) || {}).value`;

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

/** The stock lanes' triggers of a lifecycle template: inventory webhook ("Stock changed") and the hourly full sync ("Full stock sync"). */
export const shopStockTriggers = (): TriggerSpec[] => [
	{
		node: shopifyTrigger('Shopify: Inventory Updated', 'inventory_levels/update'),
		lanes: ['Stock changed'],
	},
	{ node: scheduleTrigger('Every Hour: Full Stock Sync', 60), lanes: ['Full stock sync'] },
];

/** The order-event triggers of a lifecycle template, for shopShipments, shopCancellations and shopRefunds. */
export const shopOrderTriggers = (): TriggerSpec[] => [
	{
		node: shopifyTrigger('Shopify: Fulfillment Created', 'fulfillments/create'),
		lanes: ['Fulfilment created'],
	},
	{
		node: shopifyTrigger('Shopify: Fulfillment Updated', 'fulfillments/update'),
		lanes: ['Fulfilment updated'],
	},
	{
		node: shopifyTrigger('Shopify: Order Cancelled', 'orders/cancelled'),
		lanes: ['Order cancelled'],
	},
	{ node: shopifyTrigger('Shopify: Refund Created', 'refunds/create'), lanes: ['Refund created'] },
];

export function shopHttp(
	name: string,
	method: 'GET' | 'POST' | 'PUT',
	path: string,
	body?: string,
): NodeSpec {
	return httpRequest(name, {
		method,
		url: shopUrl(path),
		credentialType: SHOPIFY_CREDENTIAL,
		body,
	});
}

/** Pages a Shopify list reads at most ("Max Pages" of its pagination), 250 rows each. */
export const SHOP_MAX_PAGES = 50;

/**
 * The orders lane's store lookup ("Shopify: Orders Since", one output item per page) is complete when it stopped
 * before its cap: Shopify's REST order list cannot filter by a note attribute, so the lookup reads the orders created
 * in the window, and 50 pages mean it may have stopped early.
 */
export const SHOP_ORDERS_CAP: StoreListCap = {
	complete: `$('Shopify: Orders Since').all().length < ${SHOP_MAX_PAGES}`,
	cap: `${SHOP_MAX_PAGES} pages of 250 orders`,
};

/** Every page of a Shopify list endpoint (cursor pagination: the `rel="next"` URL of the `Link` header). */
export function shopListNode(name: string, path: string, query: Record<string, string>): NodeSpec {
	const node = httpRequest(name, {
		method: 'GET',
		url: shopUrl(path),
		credentialType: SHOPIFY_CREDENTIAL,
		query: { limit: '250', ...query },
	});
	const next = `(String($response.headers.link || '').match(/<([^>]+)>;\\s*rel="next"/) || [])[1]`;
	node.parameters.options = {
		pagination: {
			pagination: {
				paginationMode: 'responseContainsNextURL',
				nextURL: `={{ ${next} }}`,
				paginationCompleteWhen: 'other',
				completeExpression: `={{ !${next} }}`,
				limitPagesFetched: true,
				maxRequests: SHOP_MAX_PAGES,
			},
		},
	};
	return node;
}

/** A list (every page, one call for all input items, an item even when empty) split into one item per entity. */
export function shopList(
	lane: Lifecycle,
	name: string,
	path: string,
	field: string,
	query: Record<string, string>,
	from: string | { route: string },
	column: number,
	y: number,
): string {
	const list = lane.add({ ...shopListNode(name, path, query), executeOnce: true }, column, y);
	if (typeof from === 'string') lane.connect(from, list);
	else lane.fromRoute(from.route, list);
	const items = lane.add(
		{ ...splitOut(`${name}: Items`, field), alwaysOutputData: true },
		column + 1,
		y,
	);
	lane.connect(list, items);
	return items;
}

/** JS: the name of a marketplace's note attribute on a store order (`'<key>_<suffix>'`, a JS string literal). */
const attr = (marketplace: MarketplaceNames, suffix: string) => `'${marketplace.key}_${suffix}'`;

/**
 * Store orders created since `since` as the lanes compare them: `{ marketplaceOrderId, storeOrderId, storeLines,
 * storeRefunds }` (`marketplaceOrderId`: the note attribute `<key>_order_id`), and `fields` of the marketplace's own
 * (expressions on the Shopify order, `$json`).
 */
export function shopOrdersSince(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	name: string,
	from: string,
	since: string,
	column: number,
	y: number,
	fields: Fields = {},
): string {
	const items = shopList(
		lane,
		name,
		'/orders.json',
		'orders',
		{ status: 'any', created_at_min: expr(since) },
		from,
		column,
		y,
	);
	const ids = lane.add(
		setNode(`${name}: Ids`, {
			marketplaceOrderId: {
				type: 'string',
				value: expr(`${noteAttribute(attr(marketplace, 'order_id'))} || ''`),
			},
			storeOrderId: { type: 'number', value: expr('$json.id || 0') },
			storeLines: { type: 'array', value: expr('$json.line_items || []') },
			storeRefunds: { type: 'array', value: expr('$json.refunds || []') },
			...fields,
		}),
		column + 2,
		y,
	);
	lane.connect(items, ids);
	return ids;
}

/**
 * Fields a marketplace computes from a variant (`$json`) and its product (`product`: JS on the Shopify product, with
 * its `id`, `handle`, `options` and `variants`): see `shopVariants` and `shopStockLevels`.
 */
export type ShopVariantFields = (product: string) => Fields;

/**
 * Every variant of the shop: `{ sku, ean, variantId, inventoryItemId, stock, managed, backorders }`, with `prices`
 * also `{ price, compareAtPrice }` (numbers, 0: none), with `fields` also those (given the JS of the variant's
 * product). `stock`: the variant's `inventory_quantity` (every location); with `atLocation`, at **locationId** when it
 * is set (see `shopStockAtLocation`).
 */
export function shopVariants(
	lane: Lifecycle,
	prefix: string,
	from: string | { route: string },
	column: number,
	y: number,
	options: { atLocation?: boolean; prices?: boolean; fields?: ShopVariantFields } = {},
): string {
	const products = shopList(
		lane,
		`Shopify: ${prefix}Products`,
		'/products.json',
		'products',
		{},
		from,
		column,
		y,
	);
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
			...(options.prices
				? {
						price: { type: 'number', value: expr('Number($json.price || 0)') },
						compareAtPrice: { type: 'number', value: expr('Number($json.compare_at_price || 0)') },
					}
				: {}),
			...(options.fields?.(`$('Shopify: ${prefix}Products: Items').item.json`) ?? {}),
		}),
		column + 3,
		y,
	);
	lane.connect(variants, entry);
	return options.atLocation ? shopStockAtLocation(lane, prefix, entry, column, y + 170) : entry;
}

/** Inventory items Shopify's inventory level list takes in one call (`inventory_item_ids`). */
export const SHOP_LEVEL_BATCH = 50;

/**
 * Variant entries (`from`) with `stock` counted at **locationId**, when it is set: "<prefix>Stock at One Location?" ->
 * "<prefix>Inventory Item Batches" (SHOP_LEVEL_BATCH ids each) -> "Shopify: <prefix>Location Levels"
 * (`/inventory_levels.json?location_ids=<locationId>&inventory_item_ids=...`, one call per batch) -> "<prefix>Stock at
 * Location" (each variant's `stock`: the sum of its levels there, 0 when it is not stocked there). Without a location
 * the entries go through unchanged (`inventory_quantity`: every location), as the inventory webhook lane counts. Returns
 * "<prefix>Stock at Location" (its nodes on a row at `y`, columns `column` .. `column + 3`).
 */
export function shopStockAtLocation(
	lane: Lifecycle,
	prefix: string,
	from: string,
	column: number,
	y: number,
): string {
	const oneLocation = lane.add(
		ifNode(`${prefix}Stock at One Location?`, [isTrue(`Boolean(${S('locationId')})`)]),
		column,
		y,
	);
	lane.connect(from, oneLocation);
	const batches = lane.add(
		codeNode(
			`${prefix}Inventory Item Batches`,
			[
				`// The inventory items of the variants, ${SHOP_LEVEL_BATCH} per call of the inventory level list.`,
				`const ids = [...new Set($input.all().map((item) => item.json.inventoryItemId).filter(Boolean))];`,
				`const batches = [];`,
				`for (let i = 0; i < ids.length; i += ${SHOP_LEVEL_BATCH}) batches.push({ json: { inventoryItemIds: ids.slice(i, i + ${SHOP_LEVEL_BATCH}).join(',') }, pairedItem: { item: 0 } });`,
				`return batches;`,
				'',
			].join('\n'),
		),
		column + 1,
		y,
	);
	lane.connect(oneLocation, batches, 0);
	const levels = lane.add(
		shopHttp(
			`Shopify: ${prefix}Location Levels`,
			'GET',
			`/inventory_levels.json?location_ids={{ ${S('locationId')} }}&inventory_item_ids={{ $json.inventoryItemIds }}&limit=250`,
		),
		column + 2,
		y,
	);
	lane.connect(batches, levels);
	const entries = `${prefix}Variant Entries`;
	const counted = lane.add(
		codeNode(
			`${prefix}Stock at Location`,
			[
				`// Without locationId: the variants as they are (inventory_quantity counts every location).`,
				`if (!$('Settings').first().json.locationId) return $input.all();`,
				`// With it: each variant's stock is what its inventory item has available there (0: not stocked there).`,
				`const available = {};`,
				`for (const item of $input.all())`,
				`	for (const level of item.json.inventory_levels || [])`,
				`		available[level.inventory_item_id] = (available[level.inventory_item_id] || 0) + (level.available || 0);`,
				`const batchOf = {};`,
				`$('${prefix}Inventory Item Batches').all().forEach((batch, index) => String(batch.json.inventoryItemIds).split(',').forEach((id) => (batchOf[id] = index)));`,
				`return $('${entries}').all().map((item) => ({ json: { ...item.json, stock: available[item.json.inventoryItemId] || 0 }, pairedItem: { item: batchOf[item.json.inventoryItemId] || 0 } }));`,
				'',
			].join('\n'),
		),
		column + 3,
		y,
	);
	lane.connect(levels, counted);
	lane.connect(oneLocation, counted, 1);
	return counted;
}

/**
 * JS: Koongo's store data for auto-acceptance from the shop's variants (`$json.catalog` of `shopCatalog` with `prices`,
 * stock at **locationId** when it is set): `{ [sku]: { stock, finalPrice, originalPrice } }`, the final price the
 * variant's price, the original its compare-at price (else its price). Untracked variants, and variants sold when out
 * of stock, count as plenty.
 */
export const SHOP_STORE_PRODUCTS =
	`$json.catalog.filter(v => v.sku).reduce((all, v) => { ` +
	`all[v.sku] = { stock: v.backorders || !v.managed ? 1000000 : Math.max(0, v.stock || 0), ` +
	`finalPrice: v.price, originalPrice: v.compareAtPrice || v.price }; return all; }, {})`;

/**
 * The shop's variants as one item: `catalog` ("<prefix>Catalog"; `prefix` names a second catalogue of one workflow,
 * `prices`: the variants with their prices, see `shopVariants`).
 */
export function shopCatalog(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
	options: { prefix?: string; prices?: boolean } = {},
): string {
	const prefix = options.prefix ?? '';
	const entries = shopVariants(lane, prefix, from, column, y, {
		atLocation: true,
		prices: options.prices,
	});
	const catalog = lane.add(aggregateAll(`${prefix}Catalog`, 'catalog'), column + 4, y);
	lane.connect(entries, catalog);
	return catalog;
}

/**
 * "Plan Store Order": each order's lines matched to the shop's variants by SKU (`storeLines`, what "Check Store
 * Stock" and "Shopify: Create Order" read) and whether it moves store stock (`moveStock`: JS). Its input: the orders
 * with the catalogue ("Orders with Catalog"), connected by the caller.
 */
export function shopPlanOrder(
	lane: Lifecycle,
	moveStock: string,
	column: number,
	y: number,
): string {
	return planStoreOrder(
		lane,
		{
			find: '$json.catalog.find(v => v.sku && v.sku === l.sku)',
			fields:
				'found: Boolean(entry), variantId: entry ? entry.variantId : null, stock: entry && entry.managed ? entry.stock : null, backorders: entry ? entry.backorders : false',
			moveStock,
		},
		column,
		y,
	);
}

/** The normalized address -> Shopify's (JS inside an expression). */
const shopAddress = (address: string) =>
	`(a => ({ first_name: a.firstName || '', last_name: a.lastName || '', company: a.company || '', ` +
	`address1: a.address1 || [a.street, a.houseNumber, a.houseNumberExtension].filter(Boolean).join(' '), address2: a.address2 || '', ` +
	`city: a.city || '', zip: a.postalCode || '', province: a.region || '', country_code: a.countryCode || '', phone: a.phone || $json.customer.phone || '' }))(${address} || {})`;

/**
 * "Shopify: Create Order" for the orders on output 0 of `from` (items with `storeLines`, `moveStock`): the
 * marketplace price per line, paid, no receipts, the marketplace order id and fulfilment in the note attributes
 * `<key>_order_id` and `<key>_fulfilment`; stock decremented (obeying the variant's policy) only when the order moves
 * stock. Marketplace-fulfilled orders are then marked fulfilled, so nobody ships them again.
 */
export function shopCreateOrder(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	from: string,
	column: number,
	y: number,
): string {
	const body =
		`({ order: { line_items: $json.storeLines.map(l => ({ variant_id: l.variantId, quantity: l.quantity, price: (l.totalPrice / l.quantity).toFixed(2) })), ` +
		`inventory_behaviour: $json.moveStock ? 'decrement_obeying_policy' : 'bypass', financial_status: 'paid', currency: $json.currency, ` +
		`email: $json.customer.email || '', send_receipt: false, send_fulfillment_receipt: false, source_name: $json.marketplace, tags: $json.marketplace, ` +
		`note: $json.marketplace + ' order ' + $json.orderNumber, ` +
		`shipping_address: ${shopAddress('$json.shippingAddress')}, billing_address: ${shopAddress('$json.billingAddress || $json.shippingAddress')}, ` +
		`shipping_lines: [{ title: 'Marketplace shipping', code: $json.marketplace, price: String($json.totals.shipping || 0) }], ` +
		`note_attributes: [{ name: $json.marketplace + '_order_id', value: $json.orderId }, { name: $json.marketplace + '_fulfilment', value: $json.fulfilment }] } })`;
	const create = lane.add(
		{
			...shopHttp('Shopify: Create Order', 'POST', '/orders.json', expr(body)),
			onError: 'continueErrorOutput',
		},
		column,
		y,
	);
	lane.connect(from, create, 0);
	lane.connect(create, storeOrderFailed(lane, marketplace.title, column + 1, y + 150), 1);
	const byMarketplace = lane.add(
		ifNode(`Fulfilled by ${marketplace.name}?`, [
			equals(`$('${from}').item.json.fulfilment`, 'marketplace'),
		]),
		column + 1,
		y,
	);
	lane.connect(create, byMarketplace);
	const orders = lane.add(
		shopHttp(
			'Shopify: Fulfillment Orders',
			'GET',
			'/orders/{{ $json.order.id }}/fulfillment_orders.json',
		),
		column + 2,
		y - 50,
	);
	lane.connect(byMarketplace, orders, 0);
	const fulfil = lane.add(
		shopHttp(
			`Shopify: Mark Fulfilled by ${marketplace.name}`,
			'POST',
			'/fulfillments.json',
			expr(
				`({ fulfillment: { notify_customer: false, tracking_info: { company: '${marketplace.title}' }, line_items_by_fulfillment_order: $json.fulfillment_orders.filter(f => f.status === 'open').map(f => ({ fulfillment_order_id: f.id })) } })`,
			),
		),
		column + 3,
		y - 50,
	);
	lane.connect(orders, fulfil);
	return create;
}

/**
 * Stock of changed inventory items (after a short wait, re-read: their SKU and their available quantity) and of the
 * whole shop (full sync) -> items `{ sku, ean, quantity, managed }`. A changed item's `ean` is empty (Shopify's
 * inventory item has no barcode), unless `barcodes`: then its variant's barcode is looked up in the shop's variants
 * ("Shopify: Changed Item Products", read once per execution: the REST API finds no variant by inventory item), for
 * a marketplace that finds its articles by EAN only (Zalando). With `fields` (see `ShopVariantFields`: what a
 * marketplace needs of the variant's product, e.g. Spartoo's product reference) every item has those too: a changed
 * item's are looked up the same way ("Changed Item with Variant").
 */
export function shopStockLevels(
	lane: Lifecycle,
	changedLane: string,
	fullLane: string,
	y: number,
	options: { barcodes?: boolean; fields?: ShopVariantFields } = {},
): string {
	const lookup = Boolean(options.barcodes || options.fields);
	const settle = lane.add(
		{
			name: 'Let Stock Settle',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			parameters: {
				resume: 'timeInterval',
				amount: expr(S('stockSettleSeconds')),
				unit: 'seconds',
			},
			webhookId: '',
		},
		0,
		y - 100,
	);
	lane.fromRoute(changedLane, settle);
	const item = lane.add(
		shopHttp(
			'Shopify: Inventory Item',
			'GET',
			'/inventory_items/{{ $json.inventory_item_id }}.json',
		),
		1,
		y - 100,
	);
	lane.connect(settle, item);
	const levels = lane.add(
		shopHttp(
			'Shopify: Inventory Levels',
			'GET',
			`/inventory_levels.json?inventory_item_ids={{ $json.inventory_item.id }}{{ ${S('locationId')} ? '&location_ids=' + ${S('locationId')} : '' }}`,
		),
		2,
		y - 100,
	);
	lane.connect(item, levels);
	const changed = lane.add(
		setNode('Changed Item Stock', {
			sku: { type: 'string', value: expr(`$('${item}').item.json.inventory_item.sku || ''`) },
			...(options.barcodes
				? {
						inventoryItemId: {
							type: 'number',
							value: expr(`$('${item}').item.json.inventory_item.id`),
						},
					}
				: { ean: { type: 'string', value: '' } }),
			...(lookup && !options.barcodes
				? {
						inventoryItemId: {
							type: 'number',
							value: expr(`$('${item}').item.json.inventory_item.id`),
						},
					}
				: {}),
			quantity: {
				type: 'number',
				value: expr(
					'Math.max(0, $json.inventory_levels.reduce((sum, l) => sum + (l.available || 0), 0))',
				),
			},
			managed: {
				type: 'boolean',
				value: expr(`$('${item}').item.json.inventory_item.tracked === true`),
			},
		}),
		3,
		y - 100,
	);
	lane.connect(levels, changed);
	let changedOut = changed;
	if (lookup) {
		// the changed items joined with their variants (by inventory item): the variant's barcode is the EAN
		const variants = shopVariants(lane, 'Changed Item ', changed, 3, y - 300, {
			fields: options.fields,
		});
		changedOut = lane.add(
			mergeByFields(
				options.barcodes ? 'Changed Item with EAN' : 'Changed Item with Variant',
				'inventoryItemId',
				'inventoryItemId',
				'keepMatches',
				'both',
			),
			7,
			y - 100,
		);
		lane.connect(changed, changedOut, 0, 0);
		lane.connect(variants, changedOut, 0, 1);
	}
	const all = shopVariants(lane, 'All ', { route: fullLane }, 0, y + 100, {
		atLocation: true,
		fields: options.fields,
	});
	// the marketplace's fields as the variant entries computed them
	const extra = Object.fromEntries(
		Object.entries(options.fields?.('{}') ?? {}).map(([field, { type }]) => [
			field,
			{ type, value: expr(`$json.${field}`) },
		]),
	);
	const full = lane.add(
		setNode('Shop Stock', {
			sku: { type: 'string', value: expr('$json.sku') },
			ean: { type: 'string', value: expr('$json.ean') },
			quantity: { type: 'number', value: expr('Math.max(0, $json.stock)') },
			managed: { type: 'boolean', value: expr('$json.managed') },
			...extra,
		}),
		4,
		y + 100,
	);
	lane.connect(all, full);
	const levelsOut = lane.add(mergeAppend('Stock Levels'), lookup ? 8 : 5, y);
	lane.connect(changedOut, levelsOut, 0, 0);
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
		expr(
			`({ order: { id: ${order}.id, note_attributes: (${order}.note_attributes || []).concat([{ name: ${attribute}, value: String(${value}) }]) } })`,
		),
	);
}

/** JS: a returned line's refund is on the store order already (its RMA id is in a refund note). */
export const SHOP_RETURN_REFUNDED = `$json.storeRefunds.some(r => String(r.note || '').includes($json.rmaId))`;

/**
 * A returned line the marketplace refunds (`{ orderId, rmaId, sku, quantity, registeredAt }`) -> its store order -> a
 * refund of that line without a transaction (the marketplace paid the customer), restocked at **locationId**, once
 * per RMA id (in the refund note "<title> return <rmaId>"). `refunded`: JS, true when the line must not be refunded
 * (again).
 */
export function shopRefundReturnedLine(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	from: string,
	column: number,
	y: number,
	refunded = SHOP_RETURN_REFUNDED,
): string {
	const storeOrders = shopOrdersSince(
		lane,
		marketplace,
		'Shopify: Orders of Returns',
		from,
		windowStart('registeredAt', S('returnLookbackDays')),
		column,
		y + 200,
	);
	const toRefund = returnedLinesToRefund(lane, from, storeOrders, refunded, column + 3, y);
	const create = lane.add(
		shopHttp(
			'Shopify: Refund and Restock',
			'POST',
			'/orders/{{ $json.storeOrderId }}/refunds.json',
			expr(
				`({ refund: { note: '${marketplace.title} return ' + $json.rmaId, notify: false, transactions: [], refund_line_items: [{ line_item_id: $json.storeLine.id, quantity: $json.quantity, ` +
					`restock_type: ${S('restockReturnedItems')} && ${S('locationId')} ? 'return' : 'no_restock', location_id: ${S('locationId')} ? Number(${S('locationId')}) : null }] } })`,
			),
		),
		column + 6,
		y,
	);
	lane.connect(toRefund, create);
	return create;
}

/** Filter conditions: a store order (`order`: JS) of the marketplace that the merchant ships (its `<key>_order_id` and `<key>_fulfilment`). */
const shopMerchantOrder = (marketplace: MarketplaceNames, order = '$json') => [
	notEmpty(`${noteAttribute(attr(marketplace, 'order_id'), order)} || ''`),
	equals(noteAttribute(attr(marketplace, 'fulfilment'), order), 'merchant'),
];

/** The shipment lane's first node: the fulfilments (webhook bodies, or the store reconciliation's) that succeeded. */
export const SHOP_FULFILMENTS = 'Successful Fulfillments';
/** JS: the fulfilment an item of the shipment lane is about. */
export const SHOP_FULFILMENT = `$('${SHOP_FULFILMENTS}').item.json`;

/**
 * The store side of the shipment lane, from the fulfilment webhooks (`routes`: created, updated): "Successful
 * Fulfillments" -> "Shopify: Order of Fulfillment" -> "Shipment Details" (the fulfilment's tracking number and company, its lines) -> "<name> Fulfilments
 * Not Sent Yet" (a merchant-fulfilled order of the marketplace, a successful fulfilment not sent yet) -> `ship` (the
 * marketplace's steps) -> the order marked `<key>_shipped_<fulfilment id>` (value: `shippedMark`, JS on the ship
 * node's output), or `<key>_tracking_missing_<fulfilment id>` after the missing-tracking email.
 * Each fulfilment is sent with its lines (`lines`: `[{ sku, quantity }]`).
 */
export function shopShipments(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	routes: string[],
	y: number,
	ship: (from: string, column: number, y: number) => { shipped: string; notified: string },
	options: { shippedMark: string },
): void {
	const { key, name } = marketplace;
	const successful = lane.add(
		filterNode(SHOP_FULFILMENTS, [equals('$json.status', 'success')]),
		0,
		y,
	);
	for (const route of routes) lane.fromRoute(route, successful);
	const order = lane.add(
		shopHttp('Shopify: Order of Fulfillment', 'GET', '/orders/{{ $json.order_id }}.json'),
		1,
		y,
	);
	lane.connect(successful, order);
	const fulfilment = SHOP_FULFILMENT;
	const sent = `Boolean(${noteAttribute(`'${key}_shipped_' + ${fulfilment}.id`, '$json.order')})`;
	const details = lane.add(
		setNode('Shipment Details', {
			marketplace: { type: 'string', value: key },
			orderId: {
				type: 'string',
				value: expr(`${noteAttribute(attr(marketplace, 'order_id'), '$json.order')} || ''`),
			},
			merchantFulfilled: {
				type: 'boolean',
				value: expr(
					`${noteAttribute(attr(marketplace, 'fulfilment'), '$json.order')} === 'merchant'`,
				),
			},
			storeOrderId: { type: 'number', value: expr('$json.order.id') },
			fulfillmentId: { type: 'number', value: expr(`${fulfilment}.id`) },
			trackingCode: {
				type: 'string',
				value: expr(
					`${fulfilment}.tracking_number || (${fulfilment}.tracking_numbers || [])[0] || ''`,
				),
			},
			carrier: { type: 'string', value: expr(`${fulfilment}.tracking_company || ''`) },
			reference: {
				type: 'string',
				value: expr(`'SH-' + $json.order.name.replace('#', '') + '-' + ${fulfilment}.id`),
			},
			lines: {
				type: 'array',
				value: expr(
					`(${fulfilment}.line_items || []).filter(l => l.sku).map(l => ({ sku: l.sku, quantity: l.quantity }))`,
				),
			},
			trackingNotified: {
				type: 'boolean',
				value: expr(
					`Boolean(${noteAttribute(`'${key}_tracking_missing_' + ${fulfilment}.id`, '$json.order')})`,
				),
			},
			sent: { type: 'boolean', value: expr(sent) },
		}),
		2,
		y,
	);
	lane.connect(order, details);
	const toShip = lane.add(
		filterNode(`${name} Fulfilments Not Sent Yet`, [
			notEmpty('$json.orderId'),
			isTrue('$json.merchantFulfilled && !$json.sent'),
		]),
		3,
		y,
	);
	lane.connect(details, toShip);
	const shipment = ship(toShip, 4, y);
	const orderRead = `$('${order}').item.json.order`;
	lane.connect(
		shipment.shipped,
		lane.add(
			shopMark(
				`Shopify: Mark Shipped at ${name}`,
				orderRead,
				`'${key}_shipped_' + $('${toShip}').item.json.fulfillmentId`,
				options.shippedMark,
			),
			6,
			y - 80,
		),
	);
	lane.connect(
		shipment.notified,
		lane.add(
			shopMark(
				'Shopify: Mark Tracking Notified',
				orderRead,
				`'${key}_tracking_missing_' + $('Not Notified Yet').item.json.fulfillmentId`,
				'$now.toISO()',
			),
			7,
			y + 80,
		),
	);
}

/**
 * The store side of the cancellation lane (webhook orders/cancelled): "Cancelled <name> Orders" (merchant-fulfilled,
 * not cancelled at the marketplace yet) -> "Cancelled Order" `{ orderId, storeOrderId }` -> `cancel` -> the order
 * marked `<key>_cancelled` (value: `cancelledMark`, JS on the cancel node's output), once.
 */
export function shopCancellations(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	route: string,
	y: number,
	cancel: (from: string, column: number, y: number) => string,
	cancelledMark: string,
): void {
	const { name } = marketplace;
	const cancelled = lane.add(
		filterNode(`Cancelled ${name} Orders`, [
			...shopMerchantOrder(marketplace),
			isTrue(`!${noteAttribute(attr(marketplace, 'cancelled'))}`),
		]),
		0,
		y,
	);
	lane.fromRoute(route, cancelled);
	const toCancel = lane.add(
		setNode('Cancelled Order', {
			orderId: { type: 'string', value: expr(noteAttribute(attr(marketplace, 'order_id'))) },
			storeOrderId: { type: 'number', value: expr('$json.id') },
		}),
		1,
		y,
	);
	lane.connect(cancelled, toCancel);
	const done = cancel(toCancel, 2, y);
	lane.connect(
		done,
		lane.add(
			shopMark(
				`Shopify: Mark Cancelled at ${name}`,
				`$('${cancelled}').item.json`,
				attr(marketplace, 'cancelled'),
				cancelledMark,
			),
			3,
			y,
		),
	);
}

/** JS: the product lines of a Shopify refund (`refund`: JS) as `[{ sku, quantity }]` (the store SKU, the refunded units). */
export const shopRefundSkus = (refund: string) =>
	`(${refund}.refund_line_items || []).filter(l => l.line_item && l.line_item.sku).map(l => ({ sku: l.line_item.sku, quantity: l.quantity }))`;

/**
 * The store side of the refund lane (webhook refunds/create): "Refunds Made in the Shop" (not one this workflow made
 * for a marketplace return: note "<title> return ...") -> "Shopify: Order of Refund" -> "Refund Lines" `{ orderId,
 * storeOrderId, refundId, forwarded, items }` (`items`: JS, given the JS of the Shopify refund) -> "<name> Refunds Not
 * Sent Yet" -> `forward` (the marketplace's steps) -> the order marked `<key>_refund_forwarded_<refund id>` (value:
 * `forwardedMark`, JS on the forward node's output), so each refund is sent once.
 */
export function shopRefunds(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	route: string,
	y: number,
	items: (refund: string) => string,
	forward: (from: string, column: number, y: number) => string,
	forwardedMark = '$json.status',
): void {
	const { key, name, title } = marketplace;
	const refunds = lane.add(
		filterNode('Refunds Made in the Shop', [
			isTrue(`!String($json.note || '').startsWith('${title} return')`),
		]),
		0,
		y,
	);
	lane.fromRoute(route, refunds);
	const refundOrder = lane.add(
		shopHttp('Shopify: Order of Refund', 'GET', '/orders/{{ $json.order_id }}.json'),
		1,
		y,
	);
	lane.connect(refunds, refundOrder);
	const refund = `$('${refunds}').item.json`;
	const refundLines = lane.add(
		setNode('Refund Lines', {
			orderId: {
				type: 'string',
				value: expr(`${noteAttribute(attr(marketplace, 'order_id'), '$json.order')} || ''`),
			},
			storeOrderId: { type: 'number', value: expr('$json.order.id') },
			refundId: { type: 'number', value: expr(`${refund}.id`) },
			forwarded: {
				type: 'boolean',
				value: expr(
					`Boolean(${noteAttribute(`'${key}_refund_forwarded_' + ${refund}.id`, '$json.order')})`,
				),
			},
			items: { type: 'array', value: expr(items(refund)) },
		}),
		2,
		y,
	);
	lane.connect(refundOrder, refundLines);
	const notForwarded = lane.add(
		filterNode(`${name} Refunds Not Sent Yet`, [
			notEmpty('$json.orderId'),
			isTrue('!$json.forwarded'),
		]),
		3,
		y,
	);
	lane.connect(refundLines, notForwarded);
	const claimed = claimRefund(lane, notForwarded, 4, y, marketplace, shopRefundClaims(key));
	const forwarded = forward(claimed, 4 + CLAIM_COLUMNS, y);
	const lines = `$('${notForwarded}').item.json`;
	// the claim's confirmation first (what the claim check reads), then the note attribute the webhooks carry
	const confirm = lane.add(
		shopMetafield(
			'Shopify: Confirm Refund Claim',
			`${lines}.storeOrderId`,
			`'${key}_refund_done_' + ${lines}.refundId`,
			`$execution.id + ' ' + $now.toISO()`,
		),
		6 + CLAIM_COLUMNS,
		y - 80,
	);
	lane.connect(forwarded, confirm);
	// the order as it is now: the marker keeps every note attribute written meanwhile
	const latest = lane.add(
		shopHttp('Shopify: Order Before Mark', 'GET', `/orders/{{ ${lines}.storeOrderId }}.json`),
		7 + CLAIM_COLUMNS,
		y - 80,
	);
	lane.connect(confirm, latest);
	lane.connect(
		latest,
		lane.add(
			shopMark(
				'Shopify: Mark Refund Forwarded',
				`$json.order`,
				`'${key}_refund_forwarded_' + ${lines}.refundId`,
				forwardedMark.replaceAll('$json', `$('${forwarded}').item.json`),
			),
			8 + CLAIM_COLUMNS,
			y - 80,
		),
	);
}

/**
 * The metafield namespace of the refund claims. Order metafields are append-only rows: each claim is a new metafield
 * (its key names the execution), so two executions never overwrite each other's claim, and the first claim is the
 * one with the lowest id. [unverified] That Shopify gives new metafields increasing ids is observed, not documented;
 * the emulator does so. Should it not hold, the first claim is decided by `created_at` (to the second) instead.
 */
export const SHOP_CLAIM_NAMESPACE = 'marketplace_sync';

/** Creates an order metafield (`orderId`, `key`, `value`: JS) in the claim namespace. */
export function shopMetafield(name: string, orderId: string, key: string, value: string): NodeSpec {
	return shopHttp(
		name,
		'POST',
		`/orders/{{ ${orderId} }}/metafields.json`,
		expr(
			`({ metafield: { namespace: '${SHOP_CLAIM_NAMESPACE}', key: ${key}, value: String(${value}), type: 'single_line_text_field' } })`,
		),
	);
}

/** The claim sentences of a Shopify refund lane's sticky note. */
export const shopClaimNote = (key: string) =>
	refundClaimNote(
		`the order metafield \`${SHOP_CLAIM_NAMESPACE}.${key}_refund_claim_<refund>_<execution>\`, first: the lowest metafield id; \`${key}_refund_done_<refund>\` confirms it after the marketplace call`,
	);

/**
 * Refund claims in Shopify: order metafields in SHOP_CLAIM_NAMESPACE, one new metafield per claim
 * (`<key>_refund_claim_<refund>_<execution>` = the time), first = lowest id; `<key>_refund_done_<refund>` confirms the
 * refund after the marketplace call (written before the note attribute the webhook payloads show), and a stuck
 * refund's email leaves `<key>_refund_stuck_<refund>`. Metafields are rows of their own, so unlike note attributes
 * (replaced as a whole) two claims cannot overwrite each other.
 */
export function shopRefundClaims(key: string): RefundClaimStore {
	return {
		prefix: 'Shopify',
		read: (name, orderId) =>
			shopHttp(
				name,
				'GET',
				`/orders/{{ ${orderId} }}/metafields.json?namespace=${SHOP_CLAIM_NAMESPACE}&limit=250`,
			),
		order: '$json.metafields || []',
		inspect: `(fields, refundId) => {
	const sorted = fields.slice().sort((a, b) => a.id - b.id || String(a.created_at).localeCompare(String(b.created_at)));
	const claimed = '${key}_refund_claim_' + refundId + '_';
	return {
		forwarded: sorted.some((f) => f.key === '${key}_refund_done_' + refundId),
		notified: sorted.some((f) => f.key === '${key}_refund_stuck_' + refundId),
		claims: sorted.filter((f) => String(f.key).startsWith(claimed)).map((f) => ({ execution: f.key.slice(claimed.length), at: String(f.value || '') })),
	};
}`,
		claim: (name) =>
			shopMetafield(
				name,
				'$json.storeOrderId',
				`'${key}_refund_claim_' + $json.refundId + '_' + $execution.id`,
				'$now.toISO()',
			),
		stuckNoted: (name, item) =>
			shopMetafield(
				name,
				`${item}.storeOrderId`,
				`'${key}_refund_stuck_' + ${item}.refundId`,
				'$now.toISO()',
			),
		forwardedMarker: `the order metafield ${SHOP_CLAIM_NAMESPACE}.${key}_refund_done_{{ $json.refundId }} (type single line text, any value)`,
	};
}

/** The store reconciliation's list of changed orders (one item per page of 250). */
const SHOP_CHANGED_ORDERS = 'Shopify: Orders Changed';

/** JS function source: the helpers the Shopify reconciliation selections share (`attr`, the marketplace order). */
const shopSelect = (key: string, body: string) => `(order) => {
	const attr = (name) => ((order.note_attributes || []).find((a) => a.name === name) || {}).value;
	if (!attr('${key}_order_id')) return [];
	const merchant = attr('${key}_fulfilment') === 'merchant';
	${body}
}`;

/**
 * The store reconciliation of a Shopify lifecycle template (see `reconcileStoreOrders`): "Shopify: Orders Changed"
 * (the orders updated in the window, any status, 250 a page, a cut-off list fails the run) -> of the marketplace's
 * orders (note attribute `<key>_order_id`): the successful fulfilments of merchant-fulfilled orders not shipped
 * (`<key>_shipped_<fulfilment>`; one whose missing tracking was notified only once it has a tracking number) -> the
 * shipment lane; merchant-fulfilled orders cancelled in the shop and not at the marketplace (`<key>_cancelled`) ->
 * the cancellation lane; refunds with product lines not forwarded (`<key>_refund_forwarded_<refund>`, not one this
 * workflow made for a return) -> the refund lane (its claim decides again). The order list carries each order's
 * fulfilments and refunds as the webhooks deliver them. Shopify's REST API cannot filter orders by note attribute or
 * tag, so every changed order of the window is read.
 */
export function shopStoreReconcile(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	y: number,
): string {
	const { key, name, title } = marketplace;
	const note = storeReconcileNote({
		store: 'Shopify',
		list: SHOP_CHANGED_ORDERS,
		cap: `${SHOP_MAX_PAGES} pages of 250`,
		marketplace: title,
		marks: `merchant-fulfilled: a successful fulfilment without \`${key}_shipped_<fulfilment>\` (one whose missing tracking was notified waits for its tracking number), cancelled without \`${key}_cancelled\`; a refund with product lines without \`${key}_refund_forwarded_<refund>\``,
		payloads:
			'the fulfilments, the cancelled order and the refunds of the order list, the same objects the webhooks deliver',
		filter:
			"Shopify's REST API cannot filter orders by note attribute or tag, so every order updated in the window is read (250 a call).",
	});
	return reconcileStoreOrders(
		lane,
		{
			list: shopListNode(SHOP_CHANGED_ORDERS, '/orders.json', {
				status: 'any',
				updated_at_min: expr(STORE_RECONCILE_SINCE),
			}),
			cap: {
				complete: `$('${SHOP_CHANGED_ORDERS}').all().length < ${SHOP_MAX_PAGES}`,
				cap: `${SHOP_MAX_PAGES} pages of 250 orders`,
			},
			pageField: 'orders',
			changedAt: `($json.updated_at || '')`,
			targets: [
				{
					name: 'Shopify: Fulfillments to Reconcile',
					entry: SHOP_FULFILMENTS,
					select: shopSelect(
						key,
						`if (!merchant) return [];
	return (order.fulfillments || []).filter((f) => f.status === 'success' && !attr('${key}_shipped_' + f.id) && !(attr('${key}_tracking_missing_' + f.id) && !(f.tracking_number || (f.tracking_numbers || [])[0])));`,
					),
				},
				{
					name: 'Shopify: Cancellations to Reconcile',
					entry: `Cancelled ${name} Orders`,
					select: shopSelect(
						key,
						`return merchant && order.cancelled_at && !attr('${key}_cancelled') ? [order] : [];`,
					),
				},
				{
					name: 'Shopify: Refunds to Reconcile',
					entry: 'Refunds Made in the Shop',
					select: shopSelect(
						key,
						`return (order.refunds || []).filter((r) => (r.refund_line_items || []).length > 0 && !String(r.note || '').startsWith('${title} return') && !attr('${key}_refund_forwarded_' + r.id));`,
					),
				},
			],
		},
		y,
		note,
	);
}

/** The Settings field that names a Shopify product with sizes (your product reference at Spartoo). */
export const SHOP_PRODUCT_REFERENCE_SETTING: Fields = {
	spartooProductReference: { type: 'string', value: 'handle' },
};

/** Its Settings note line. */
export const SHOP_PRODUCT_REFERENCE_NOTE = `- **spartooProductReference**: your product reference at Spartoo of a product with sizes (Shopify products have no SKU; a size's reference is its variant SKU): \`handle\` (the product handle, as in Shopify's product CSV export) | \`productId\` (the Shopify product id) | \`skuStem\` (the variant SKU up to its last \`-\`: \`SHOE-42\` -> \`SHOE\`). A product without options is its own reference (its SKU)`;

/**
 * Your product reference (Spartoo's `reference_partenaire`) of a Shopify variant (`$json`) of `product`: a product
 * without options (its one variant is Shopify's "Default Title") is a product without sizes, its own reference and
 * size reference (its SKU, Spartoo's `TU`); a variant of a product with options is a size of that product, whose
 * reference is, by Settings **spartooProductReference**: `handle` (the product's handle, the column Shopify's product
 * CSV export identifies a product by, so what a product feed built from it names the product), `productId` (the
 * Shopify product id, what feed apps export as the variants' group id) or `skuStem` (the variant SKU up to its last
 * `-`: `SHOE-42` -> `SHOE`). Anything else counts as `handle`.
 */
export const SHOP_PRODUCT_REFERENCE: ShopVariantFields = (product) => ({
	reference: {
		type: 'string',
		value: expr(
			`(p => (rule => (p.variants || []).length <= 1 && $json.option1 === 'Default Title' ? String($json.sku || '') : ` +
				`rule === 'productId' ? String(p.id || '') : rule === 'skuStem' ? String($json.sku || '').replace(/-[^-]*$/, '') : String(p.handle || ''))` +
				`(${S('spartooProductReference')}))(${product} || {})`,
		),
	},
});

/** JS: the Shopify order name (`#1001`) as a marketplace's order number (letters and digits only: `1001`). */
const orderNumber = (name: string) => `String(${name} || '').replace(/[^A-Za-z0-9]/g, '')`;

/** The Shopify side of every lifecycle template (see lanes.mts). */
export const SHOPIFY: StoreLanes = {
	id: 'shopify',
	title: 'Shopify',
	abbr: 'Shp',
	webhooks: true,
	settings: () => ({ ...SHOPIFY_SETTINGS, ...STORE_RECONCILE_SETTINGS }),
	settingsNote: `${SHOPIFY_SETTINGS_NOTE}\n${STORE_RECONCILE_SETTINGS_NOTE}`,
	settingsNoteEnd:
		" The Shopify credential needs the app's API secret key: n8n checks every webhook's HMAC with it.",
	triggers: () => [...shopStockTriggers(), ...shopOrderTriggers(), storeReconcileTrigger()],
	orders: (lane, marketplace, from, shift, y, gate) =>
		storeOrders(lane, from, shift, y, {
			// with the order name when the marketplace takes the store order number
			lookup: (orders, column, at) =>
				shopOrdersSince(
					lane,
					marketplace,
					'Shopify: Orders Since',
					orders,
					windowStart('createdAt', '2'),
					column,
					at,
					marketplace.orderNumber
						? { storeOrderNumber: { type: 'string', value: expr(orderNumber('$json.name')) } }
						: {},
				),
			width: 3,
			cap: SHOP_ORDERS_CAP,
			// with prices for a gate that reads them
			catalog: (orders, column, at) =>
				shopCatalog(lane, orders, column, at, gate ? { prices: true } : {}),
			plan: (moveStock, column, at) => shopPlanOrder(lane, moveStock, column, at),
			create: (orders, column, at) => shopCreateOrder(lane, marketplace, orders, column, at),
			createRow: -150,
			gate,
		}),
	cannotFulfilAt: { column: 15, row: 200, gatedRow: 380 },
	storeProducts: () => SHOP_STORE_PRODUCTS,
	gateBranchRow: 170,
	stock(lane, marketplace) {
		const y = 750;
		const { stock } = marketplace;
		// a changed item's barcode (the EAN) and your product reference need the item's variant
		const lookup = Boolean(stock.barcodes || stock.reference);
		const levels = shopStockLevels(lane, 'Stock changed', 'Full stock sync', y, {
			...(stock.barcodes ? { barcodes: true } : {}),
			...(stock.reference ? { fields: SHOP_PRODUCT_REFERENCE } : {}),
		});
		stock.update(lane, levels, lookup ? 9 : 6, y);
		lane.note(marketplace.pairs.shopify.notes.stock, 6);
	},
	changes(lane, marketplace) {
		const { names } = marketplace;
		const pair = marketplace.pairs.shopify;
		const rows = { fulfilment: 1200, cancel: 1650, refund: 1950 };
		// shipments: fulfilments created, or updated (tracking added later)
		shopShipments(
			lane,
			names,
			['Fulfilment created', 'Fulfilment updated'],
			rows.fulfilment,
			(from, column, at) => marketplace.shipment(lane, from, column, at, SHOPIFY),
			{ shippedMark: marketplace.shippedMark },
		);
		lane.note(pair.notes.shipments ?? '', 3);
		shopCancellations(
			lane,
			names,
			'Order cancelled',
			rows.cancel,
			(from, column, at) => marketplace.storeCancel.add(lane, from, column, at),
			marketplace.storeCancel.mark,
		);
		lane.note(pair.notes.cancellations ?? '', 3);
		shopRefunds(
			lane,
			names,
			'Refund created',
			rows.refund,
			pair.refundItems,
			(from, column, at) => marketplace.refund(lane, from, column, at),
			marketplace.refundedMark,
		);
		lane.note(pair.notes.refunds ?? '', 2);
		// shipments, cancellations and refunds whose webhook never arrived, through the lanes above
		shopStoreReconcile(lane, names, rows.refund + 450);
	},
	refundReturnedLine: shopRefundReturnedLine,
	pricedCatalog: (lane, from, y) => ({
		// node names are unique: "Store Catalog", ...
		catalog: shopCatalog(lane, from, 1, y + 200, { prefix: 'Store ', prices: true }),
		column: 6,
	}),
	acceptAfter: (lane, orders, y, _number, shift) => ({
		created: 'Shopify: Create Order',
		orders,
		at: [16 + shift, y - 340],
		existingAt: [5, y + 560],
		number: { created: orderNumber('$json.order.name'), stored: 'String($json.storeOrderNumber)' },
	}),
	shipmentLines: true,
	// your product reference of a variant (Spartoo): Settings spartooProductReference
	reference: {
		settings: SHOP_PRODUCT_REFERENCE_SETTING,
		settingsNote: SHOP_PRODUCT_REFERENCE_NOTE,
	},
	stockTemplate: {
		id: 'mpsStockShopToAl',
		description: (marketplaces) => `Shopify inventory changes to ${marketplaces}, batched.`,
		settings: SHOPIFY_SETTINGS,
		settingsNote: SHOPIFY_SETTINGS_NOTE,
		triggersNote:
			"The full sync interval is on its schedule trigger (n8n triggers run before Settings). The Shopify credential needs the app's API secret key: n8n checks every webhook's HMAC with it.",
		triggers: shopStockTriggers,
		// with the variants' barcodes (a marketplace that finds articles by EAN) and your product reference (Spartoo:
		// a variant of a product with options is a size of that product, Settings spartooProductReference)
		levels: (lane, y, needs) => ({
			levels: shopStockLevels(lane, 'Stock changed', 'Full stock sync', y, {
				...(needs.barcodes ? { barcodes: true } : {}),
				...(needs.reference ? { fields: SHOP_PRODUCT_REFERENCE } : {}),
			}),
			column: needs.barcodes || needs.reference ? 9 : 6,
		}),
		note: `## Store stock
An inventory level changed in Shopify -> after **stockSettleSeconds** the item's SKU and available quantity (all locations, or **locationId**) are read again; every hour every variant. The EAN is the variant's barcode: Shopify's REST API finds no variant by inventory item, so a change reads the shop's product list once (**Shopify: Changed Item Products**) for it. Your product reference (Spartoo): a variant of a product with options is a size of that product, named by **spartooProductReference** (its handle by default); a product without options is its own reference (its SKU).`,
	},
};
