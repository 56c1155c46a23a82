/**
 * WooCommerce side of the templates: n8n's WooCommerce trigger and node where they have the operation, the HTTP
 * Request node with the WooCommerce credential where they do not: orders with any number of lines, refunds,
 * variations, and lists (the node's "Return All" reads WordPress's `Link` header, which a single page does not
 * have).
 */
import type { NodeSpec } from './builder.mts';
import { storeOrders, type StoreLanes } from './lanes.mts';
import {
	STORE_RECONCILE_SETTINGS,
	STORE_RECONCILE_SETTINGS_NOTE,
	storeReconcileTrigger,
	planStoreOrder,
	type StoreListCap,
	returnedLinesToRefund,
	claimRefund,
	refundClaimNote,
	CLAIM_COLUMNS,
	type RefundClaimStore,
	storeOrderFailed,
	windowStart,
	type Lifecycle,
	type MarketplaceNames,
	type TriggerSpec,
	reconcileStoreOrders,
	storeReconcileNote,
	STORE_RECONCILE_SINCE,
} from './lifecycle.mts';
import {
	aggregateAll,
	credential,
	equals,
	expr,
	filterNode,
	httpRequest,
	ifNode,
	isEmpty,
	isTrue,
	mergeAppend,
	notEmpty,
	scheduleTrigger,
	setNode,
	setting,
	type Fields,
} from './nodes.mts';

const S = setting;
export const WOO_CREDENTIAL = 'wooCommerceApi';

export const WOO_SETTINGS: Fields = {
	storeUrl: { type: 'string', value: 'https://shop.example.com' },
	trackingMetaKey: { type: 'string', value: '_wc_shipment_tracking_items' },
	eanMetaKey: { type: 'string', value: '_ean' },
	stockSettleSeconds: { type: 'number', value: 10 },
};

export const WOO_SETTINGS_NOTE = `- **storeUrl**: your WooCommerce URL (as in the WooCommerce credential)
- **orderIdMetaKey**: order meta that holds the marketplace order id (the idempotency key)
- **trackingMetaKey**: order meta of the Shipment Tracking extension; **eanMetaKey**: product meta with the EAN (else \`global_unique_id\`)
- **stockSettleSeconds**: wait before reading a changed product's stock`;

/** `{{storeUrl}}/wp-json/wc/v3<path>` */
export const wooUrl = (path: string) =>
	`={{ ${S('storeUrl')}.replace(/\\/+$/, '') }}/wp-json/wc/v3${path}`;

/** JS (inside an expression) reading a meta value of a WooCommerce object. */
export const wooMeta = (key: string, of = '$json') =>
	`((${of}.meta_data || []).find(m => m.key === ${key}) || {}).value`;

export function wooTrigger(name: string, event: string): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.wooCommerceTrigger',
		typeVersion: 1,
		parameters: { event },
		credentials: credential(WOO_CREDENTIAL),
		webhookId: '',
	};
}

export function wooNode(name: string, parameters: Record<string, unknown>): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.wooCommerce',
		typeVersion: 1,
		parameters,
		credentials: credential(WOO_CREDENTIAL),
	};
}

/** WooCommerce: order update with meta data only (the marks the lanes leave on a store order). */
export function wooMarkOrder(
	name: string,
	orderId: string,
	meta: Array<[string, string]>,
): NodeSpec {
	return wooNode(name, {
		resource: 'order',
		operation: 'update',
		orderId: expr(orderId),
		updateFields: {},
		metadataUi: {
			metadataValues: meta.map(([key, value]) => ({ key: expr(key), value: expr(value) })),
		},
	});
}

/** Pages a WooCommerce list reads at most ("Max Pages" of its pagination), 100 rows each. */
export const WOO_MAX_PAGES = 50;

/**
 * The orders lane's store lookup ("Woo: Orders Since") is complete when it stopped before its cap: WooCommerce's REST
 * API cannot filter orders by a meta value, so the lookup reads the orders created in the window, and 5,000 rows mean
 * it may have stopped early.
 */
export const WOO_ORDERS_CAP: StoreListCap = {
	complete: `$('Woo: Orders Since').all().length < ${WOO_MAX_PAGES * 100}`,
	cap: `${WOO_MAX_PAGES} pages of 100 orders`,
};

/** Every page of a WooCommerce list endpoint: 100 per page, until a shorter page. */
export function wooListNode(
	name: string,
	path: string,
	query: Record<string, string> = {},
): NodeSpec {
	const node = httpRequest(name, {
		method: 'GET',
		url: wooUrl(path),
		credentialType: WOO_CREDENTIAL,
		query: { per_page: '100', ...query },
	});
	node.parameters.options = {
		pagination: {
			pagination: {
				paginationMode: 'updateAParameterInEachRequest',
				parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] },
				paginationCompleteWhen: 'other',
				completeExpression: '={{ $response.body.length < 100 }}',
				limitPagesFetched: true,
				maxRequests: WOO_MAX_PAGES,
			},
		},
	};
	return node;
}

/** The normalized address -> WooCommerce's address object (JS inside an expression). */
const wooAddress = (address: string, withContact: boolean) =>
	`(a => ({ first_name: a.firstName || '', last_name: a.lastName || '', company: a.company || '', ` +
	`address_1: a.address1 || [a.street, a.houseNumber, a.houseNumberExtension].filter(Boolean).join(' '), address_2: a.address2 || '', ` +
	`city: a.city || '', state: a.region || '', postcode: a.postalCode || '', country: a.countryCode || ''` +
	(withContact
		? `, email: a.email || $json.customer.email || '', phone: a.phone || $json.customer.phone || ''`
		: '') +
	`}))(${address} || {})`;

/**
 * Store orders created since `since` (one call for all input items, with "Always Output Data" so an empty shop still
 * gives one item) -> `{ marketplaceOrderId, storeOrderId, storeLines, storeRefunds }`.
 */
export function wooOrderIds(
	lane: Lifecycle,
	name: string,
	from: string,
	since: string,
	column: number,
	y: number,
): string {
	const list = lane.add(
		{
			...wooListNode(name, '/orders', { after: expr(since), status: 'any' }),
			executeOnce: true,
			alwaysOutputData: true,
		},
		column,
		y,
	);
	lane.connect(from, list);
	const ids = lane.add(
		setNode(`${name}: Ids`, {
			marketplaceOrderId: { type: 'string', value: expr(`${wooMeta(S('orderIdMetaKey'))} || ''`) },
			storeOrderId: { type: 'number', value: expr('$json.id || 0') },
			storeLines: { type: 'array', value: expr('$json.line_items || []') },
			storeRefunds: { type: 'array', value: expr('$json.refunds || []') },
		}),
		column + 1,
		y,
	);
	lane.connect(list, ids);
	return ids;
}

/**
 * JS: Koongo's store data for auto-acceptance from the WooCommerce catalogue (`$json.catalog` of `wooCatalog`: simple
 * products and variations): `{ [sku]: { stock, finalPrice, originalPrice } }` (the price, the regular price). Unmanaged
 * stock in stock, and backorders, count as plenty. `exportedPrice`: JS of the price last exported to the marketplace
 * of catalogue entry `p` (an entry gets `exportedPrice` when it is above 0).
 */
export const wooStoreProducts = (exportedPrice?: string) =>
	`$json.catalog.filter(p => p.sku && p.type !== 'variable').reduce((all, p) => { ` +
	(exportedPrice ? `const exported = Number(${exportedPrice}); ` : '') +
	`all[p.sku] = { stock: p.backorders && p.backorders !== 'no' ? 1000000 : p.manage_stock ? Math.max(0, p.stock_quantity || 0) : (p.stock_status === 'outofstock' ? 0 : 1000000), ` +
	`finalPrice: Number(p.price || 0), originalPrice: Number(p.regular_price || p.price || 0)` +
	(exportedPrice ? `, ...(exported > 0 ? { exportedPrice: exported } : {})` : '') +
	` }; return all; }, {})`;

/** The store catalogue (simple products and the variations of variable products) as one item: `catalog`. */
export function wooCatalog(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
	/** Node names for a second catalogue in the same workflow (e.g. `Woo: Products` -> `Woo: Store Products`). */
	rename: (name: string) => string = (name) => name,
): string {
	const products = lane.add(
		{
			...wooListNode(rename('Woo: Products'), '/products'),
			executeOnce: true,
			alwaysOutputData: true,
		},
		column,
		y,
	);
	lane.connect(from, products);
	const variable = lane.add(
		filterNode(rename('Variable Products'), [equals('$json.type', 'variable')]),
		column + 1,
		y + 100,
	);
	const variations = lane.add(
		wooListNode(rename('Woo: Variations'), '/products/{{ $json.id }}/variations'),
		column + 2,
		y + 100,
	);
	const parent = lane.add(
		setNode(
			rename('Variation Parent'),
			{ parent_id: { type: 'number', value: expr(`$('${variable}').item.json.id`) } },
			true,
		),
		column + 3,
		y + 100,
	);
	const all = lane.add(mergeAppend(rename('Products and Variations')), column + 4, y);
	const catalog = lane.add(aggregateAll(rename('Catalog'), 'catalog'), column + 5, y);
	lane.connect(products, all, 0, 0);
	lane.chain(products, variable, variations, parent);
	lane.connect(parent, all, 0, 1);
	lane.connect(all, catalog);
	return catalog;
}

/**
 * "Woo: Create Order" for the orders on output 0 of `from` (items with `storeLines` and `moveStock`): the marketplace
 * price per line, the addresses, the marketplace order id in the meta; marketplace-fulfilled orders *completed* and,
 * unless they move stock, with WooCommerce's `_order_stock_reduced` flag. `marketplace`: its title in the failure email.
 */
export function wooCreateOrder(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	from: string,
	column: number,
	y: number,
): string {
	const body =
		`({ status: $json.fulfilment === 'marketplace' ? 'completed' : 'processing', set_paid: $json.fulfilment !== 'marketplace', currency: $json.currency, ` +
		`payment_method: $json.marketplace, payment_method_title: 'Marketplace: ' + $json.marketplace, customer_note: $json.marketplace + ' order ' + $json.orderNumber, ` +
		`billing: ${wooAddress('$json.billingAddress || $json.shippingAddress', true)}, shipping: ${wooAddress('$json.shippingAddress', false)}, ` +
		`line_items: $json.storeLines.map(l => ({ product_id: l.productId, variation_id: l.variationId, quantity: l.quantity, subtotal: String(l.totalPrice), total: String(l.totalPrice) })), ` +
		`shipping_lines: [{ method_id: $json.marketplace, method_title: 'Marketplace shipping', total: String($json.totals.shipping || 0) }], ` +
		`meta_data: [{ key: ${S('orderIdMetaKey')}, value: $json.orderId }, { key: '_' + $json.marketplace + '_fulfilment', value: $json.fulfilment }]` +
		`.concat($json.moveStock ? [] : [{ key: '_order_stock_reduced', value: 'yes' }]) })`;
	const create = lane.add(
		{
			...httpRequest('Woo: Create Order', {
				method: 'POST',
				url: wooUrl('/orders'),
				credentialType: WOO_CREDENTIAL,
				body: expr(body),
			}),
			onError: 'continueErrorOutput',
		},
		column,
		y,
	);
	lane.connect(from, create, 0);
	lane.connect(create, storeOrderFailed(lane, marketplace.title, column + 1, y), 1);
	return create;
}

/**
 * Stock of changed products (after a short wait, re-read) and of the whole catalogue (full sync) -> items
 * `{ sku, ean, quantity, managed }` and the `extraFields`, one per simple product or variation (a variation's parent
 * product: `$('Variable Product?').item.json`).
 */
export function wooStockLevels(
	lane: Lifecycle,
	changedLane: string,
	fullLane: string,
	y: number,
	extraFields: Fields = {},
): string {
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
	const current = lane.add(
		wooNode('Woo: Current Product', {
			resource: 'product',
			operation: 'get',
			productId: expr('$json.id'),
		}),
		1,
		y - 100,
	);
	lane.connect(settle, current);
	const everything = lane.add(wooListNode('Woo: All Products', '/products'), 1, y + 100);
	lane.fromRoute(fullLane, everything);
	const isVariable = lane.add(
		ifNode('Variable Product?', [equals('$json.type', 'variable')]),
		2,
		y,
	);
	lane.connect(current, isVariable);
	lane.connect(everything, isVariable);
	const variations = lane.add(
		wooListNode('Woo: Product Variations', '/products/{{ $json.id }}/variations'),
		3,
		y - 80,
	);
	lane.connect(isVariable, variations, 0);
	const levels = lane.add(
		setNode('Stock Levels', {
			sku: { type: 'string', value: expr(`$json.sku || ''`) },
			ean: {
				type: 'string',
				value: expr(`$json.global_unique_id || ${wooMeta(S('eanMetaKey'))} || ''`),
			},
			quantity: { type: 'number', value: expr('Math.max(0, $json.stock_quantity || 0)') },
			managed: { type: 'boolean', value: expr('$json.manage_stock === true') },
			...extraFields,
		}),
		4,
		y,
	);
	lane.connect(variations, levels);
	lane.connect(isVariable, levels, 1);
	return levels;
}

/**
 * A `wooStockLevels` extra field: `reference`, the product a stock level belongs to (a variation's parent SKU, else the
 * product's own SKU). Spartoo finds a size by it and the size reference (the SKU).
 */
export const WOO_PARENT_REFERENCE: Fields = {
	reference: {
		type: 'string',
		value: expr(`($json.parent_id ? $('Variable Product?').item.json.sku : $json.sku) || ''`),
	},
};

/** JS on a WooCommerce refund: its lines as `[{ sku, quantity }]` (the store SKU, the refunded units). */
export const WOO_REFUND_SKUS = `($json.line_items || []).filter(l => l.sku && Math.abs(l.quantity) > 0).map(l => ({ sku: l.sku, quantity: Math.abs(l.quantity) }))`;

/** JS: the store order of a joined return line already has a refund for this return (its RMA id is in the reason). */
export const WOO_RETURN_REFUNDED = `$json.storeRefunds.some(r => String(r.reason || '').includes($json.rmaId))`;

/**
 * A returned line the marketplace refunds (`{ orderId, rmaId, sku, quantity, registeredAt }`) -> its store order -> a
 * refund of that line (`api_refund: false`: the marketplace paid the customer) with restock, once per RMA id (in the
 * refund reason "<marketplace> return <rmaId>"). `refunded`: JS, true when the line must not be refunded (again).
 */
export function wooRefundReturnedLine(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	from: string,
	column: number,
	y: number,
	refunded = WOO_RETURN_REFUNDED,
): string {
	const storeOrders = wooOrderIds(
		lane,
		'Woo: Orders of Returns',
		from,
		windowStart('registeredAt', S('returnLookbackDays')),
		column,
		y + 200,
	);
	const toRefund = returnedLinesToRefund(lane, from, storeOrders, refunded, column + 2, y);
	const body =
		`(unit => ({ amount: (unit * $json.quantity).toFixed(2), reason: '${marketplace.title} return ' + $json.rmaId, api_refund: false, api_restock: ${S('restockReturnedItems')}, ` +
		`line_items: [{ id: $json.storeLine.id, quantity: $json.quantity, refund_total: (unit * $json.quantity).toFixed(2) }] }))(Number($json.storeLine.total) / $json.storeLine.quantity)`;
	const create = lane.add(
		httpRequest('Woo: Refund and Restock', {
			method: 'POST',
			url: wooUrl('/orders/{{ $json.storeOrderId }}/refunds'),
			credentialType: WOO_CREDENTIAL,
			body: expr(body),
		}),
		column + 5,
		y,
	);
	lane.connect(toRefund, create);
	return create;
}

/**
 * "Plan Store Order": each order's lines matched to store products and variations by SKU (`storeLines`, what
 * "Check Store Stock" and "Woo: Create Order" read) and whether it moves store stock (`moveStock`: JS). Its input:
 * the orders with the catalogue ("Orders with Catalog"), connected by the caller.
 */
export function wooPlanOrder(
	lane: Lifecycle,
	moveStock: string,
	column: number,
	y: number,
): string {
	return planStoreOrder(
		lane,
		{
			find: `$json.catalog.find(p => p.sku && p.sku === l.sku && p.type !== 'variable')`,
			fields:
				`found: Boolean(entry), productId: entry ? (entry.parent_id || entry.id) : null, variationId: entry && entry.parent_id ? entry.id : 0, ` +
				`stock: entry && entry.manage_stock ? entry.stock_quantity : null, backorders: entry ? entry.backorders !== 'no' : false`,
			moveStock,
		},
		column,
		y,
	);
}

/** Filter conditions: a store order of the marketplace that the merchant ships (its id and `_<key>_fulfilment` meta). */
const wooMerchantOrder = (marketplace: MarketplaceNames) => [
	notEmpty(wooMeta(S('orderIdMetaKey'))),
	equals(wooMeta(`'_${marketplace.key}_fulfilment'`), 'merchant'),
];

/**
 * The store side of the shipment lane: "Completed <name> Orders" (merchant-shipped, not sent yet: no `_<key>_shipment`)
 * -> "Shipment Details" (tracking and carrier of the Shipment Tracking extension, else the shipping method) ->
 * `ship` (the marketplace's steps) -> the order marked `_<key>_shipment` (value: `shippedMark`, JS on the ship node's
 * output), or `_<key>_tracking_missing_notified` after the missing-tracking email.
 */
export function wooShipments(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	route: string,
	y: number,
	ship: (from: string, column: number, y: number) => { shipped: string; notified: string },
	shippedMark: string,
): void {
	const { key, name } = marketplace;
	const completed = lane.add(
		filterNode(`Completed ${name} Orders`, [
			equals('$json.status', 'completed'),
			...wooMerchantOrder(marketplace),
			isEmpty(wooMeta(`'_${key}_shipment'`)),
		]),
		0,
		y,
	);
	lane.fromRoute(route, completed);
	const tracking = `([].concat(${wooMeta(S('trackingMetaKey'))} || []).slice(-1)[0] || {})`;
	const details = lane.add(
		setNode('Shipment Details', {
			marketplace: { type: 'string', value: key },
			orderId: { type: 'string', value: expr(wooMeta(S('orderIdMetaKey'))) },
			storeOrderId: { type: 'number', value: expr('$json.id') },
			trackingCode: { type: 'string', value: expr(`${tracking}.tracking_number || ''`) },
			carrier: {
				type: 'string',
				value: expr(
					`${tracking}.custom_tracking_provider || ${tracking}.tracking_provider || ($json.shipping_lines[0] || {}).method_title || ''`,
				),
			},
			reference: { type: 'string', value: expr(`'WC-' + $json.id`) },
			trackingNotified: {
				type: 'boolean',
				value: expr(`Boolean(${wooMeta(`'_${key}_tracking_missing_notified'`)})`),
			},
		}),
		1,
		y,
	);
	lane.connect(completed, details);
	const shipment = ship(details, 2, y);
	lane.connect(
		shipment.shipped,
		lane.add(
			wooMarkOrder(`Woo: Mark Shipped at ${name}`, `$('${details}').item.json.storeOrderId`, [
				[`'_${key}_shipment'`, shippedMark],
			]),
			4,
			y - 80,
		),
	);
	lane.connect(
		shipment.notified,
		lane.add(
			wooMarkOrder('Woo: Mark Tracking Notified', `$('Not Notified Yet').item.json.storeOrderId`, [
				[`'_${key}_tracking_missing_notified'`, '$now.toISO()'],
			]),
			5,
			y + 80,
		),
	);
}

/**
 * The store side of the cancellation lane: "Cancelled <name> Orders" -> `cancel` (items `{ orderId, storeOrderId }`)
 * -> marked `_<key>_cancelled`, once. `notice`: the marketplace takes no cancellation and `cancel` only tells you
 * (every order of the marketplace, marked "Cancellation Handled" with the time).
 */
export function wooCancellations(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	route: string,
	y: number,
	cancel: (from: string, column: number, y: number) => string,
	notice = false,
): void {
	const { key, name } = marketplace;
	const cancelled = lane.add(
		filterNode(`Cancelled ${name} Orders`, [
			equals('$json.status', 'cancelled'),
			...(notice ? [notEmpty(wooMeta(S('orderIdMetaKey')))] : wooMerchantOrder(marketplace)),
			isEmpty(wooMeta(`'_${key}_cancelled'`)),
		]),
		0,
		y,
	);
	lane.fromRoute(route, cancelled);
	const toCancel = lane.add(
		setNode('Cancelled Order', {
			orderId: { type: 'string', value: expr(wooMeta(S('orderIdMetaKey'))) },
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
			wooMarkOrder(
				notice ? 'Woo: Mark Cancellation Handled' : `Woo: Mark Cancelled at ${name}`,
				`$('${toCancel}').item.json.storeOrderId`,
				[[`'_${key}_cancelled'`, notice ? '$now.toISO()' : '$json.status']],
			),
			3,
			y,
		),
	);
}

/**
 * The store side of the refund lane: a marketplace order with a refund not forwarded yet (and not one this workflow
 * made for a marketplace return: reason "<title> return ...") -> its refunds -> "Refund Lines" (`items`: JS on a Woo
 * refund) -> `forward` (the marketplace's steps) -> the refund id added to `_<key>_refunds_forwarded`, so it is sent once.
 */
export function wooRefunds(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	route: string,
	y: number,
	items: string,
	forward: (from: string, column: number, y: number) => string,
): void {
	const { key, name, title } = marketplace;
	const forwarded = (order: string) =>
		`String(${wooMeta(`'_${key}_refunds_forwarded'`, order)} || '').split(',')`;
	const isNewRefund = (refund: string, order: string) =>
		`!String(${refund}.reason || '').startsWith('${title} return') && !${forwarded(order)}.includes(String(${refund}.id))`;
	const refunded = lane.add(
		filterNode(`${name} Orders with New Refunds`, [
			notEmpty(wooMeta(S('orderIdMetaKey'))),
			isTrue(`$json.refunds.some(r => ${isNewRefund('r', '$json')})`),
		]),
		0,
		y,
	);
	lane.fromRoute(route, refunded);
	const order = `$('${refunded}').item.json`;
	const refundDetails = lane.add(
		wooListNode('Woo: Refunds of Order', '/orders/{{ $json.id }}/refunds'),
		1,
		y,
	);
	lane.connect(refunded, refundDetails);
	const newRefunds = lane.add(
		filterNode('New Refunds Only', [isTrue(isNewRefund('$json', order))]),
		2,
		y,
	);
	lane.connect(refundDetails, newRefunds);
	const refundLines = lane.add(
		setNode('Refund Lines', {
			orderId: { type: 'string', value: expr(wooMeta(S('orderIdMetaKey'), order)) },
			storeOrderId: { type: 'number', value: expr(`${order}.id`) },
			refundId: { type: 'number', value: expr('$json.id') },
			forwarded: {
				type: 'string',
				value: expr(`String(${wooMeta(`'_${key}_refunds_forwarded'`, order)} || '')`),
			},
			items: { type: 'array', value: expr(items) },
		}),
		3,
		y,
	);
	lane.connect(newRefunds, refundLines);
	const claimed = claimRefund(lane, refundLines, 4, y, marketplace, wooRefundClaims(key));
	const refund = forward(claimed, 4 + CLAIM_COLUMNS, y);
	const lines = `$('${refundLines}').item.json`;
	// the forwarded list as the store has it now (another refund of the order may have been forwarded meanwhile)
	const latest = lane.add(
		wooNode('Woo: Order Before Mark', {
			resource: 'order',
			operation: 'get',
			orderId: expr(`${lines}.storeOrderId`),
		}),
		6 + CLAIM_COLUMNS,
		y - 80,
	);
	lane.connect(refund, latest);
	lane.connect(
		latest,
		lane.add(
			wooMarkOrder('Woo: Mark Refund Forwarded', `${lines}.storeOrderId`, [
				[
					`'_${key}_refunds_forwarded'`,
					`[${wooMeta(`'_${key}_refunds_forwarded'`)}, ${lines}.refundId].filter(Boolean).join(',')`,
				],
			]),
			7 + CLAIM_COLUMNS,
			y - 80,
		),
	);
}

/** The claim sentences of a WooCommerce refund lane's sticky note. */
export const wooClaimNote = (key: string) =>
	refundClaimNote(
		`the order meta \`_${key}_refund_claim_<refund>_<execution>\`, first: the lowest meta id`,
	);

/**
 * Refund claims in WooCommerce: order meta `_<key>_refund_claim_<refund>_<execution>` = the time, one new meta entry
 * per claim, first = lowest meta id (WordPress numbers meta rows in the order they are saved); a stuck refund's email
 * leaves `_<key>_refund_stuck_<refund>`.
 */
export function wooRefundClaims(key: string): RefundClaimStore {
	return {
		prefix: 'Woo',
		read: (name, orderId) =>
			wooNode(name, { resource: 'order', operation: 'get', orderId: expr(orderId) }),
		order: '$json',
		inspect: `(order, refundId) => {
	const meta = (order.meta_data || []).slice().sort((a, b) => a.id - b.id);
	const claimed = '_${key}_refund_claim_' + refundId + '_';
	const forwarded = (meta.find((m) => m.key === '_${key}_refunds_forwarded') || {}).value;
	return {
		forwarded: String(forwarded || '').split(',').includes(String(refundId)),
		notified: meta.some((m) => m.key === '_${key}_refund_stuck_' + refundId),
		claims: meta.filter((m) => String(m.key).startsWith(claimed)).map((m) => ({ execution: m.key.slice(claimed.length), at: String(m.value || '') })),
	};
}`,
		claim: (name) =>
			wooMarkOrder(name, '$json.storeOrderId', [
				[`'_${key}_refund_claim_' + $json.refundId + '_' + $execution.id`, '$now.toISO()'],
			]),
		stuckNoted: (name, item) =>
			wooMarkOrder(name, `${item}.storeOrderId`, [
				[`'_${key}_refund_stuck_' + ${item}.refundId`, '$now.toISO()'],
			]),
		forwardedMarker: `{{ $json.refundId }} to the order meta _${key}_refunds_forwarded (a comma-separated list)`,
	};
}

/** The store reconciliation's list of changed orders. */
const WOO_CHANGED_ORDERS = 'Woo: Orders Changed';

/** JS function source: the helpers the WooCommerce reconciliation selections share (`meta`, the marketplace order). */
const wooSelect = (key: string, body: string) => `(order, settings) => {
	const meta = (k) => ((order.meta_data || []).find((m) => m.key === k) || {}).value;
	if (!meta(settings.orderIdMetaKey)) return [];
	const merchant = meta('_${key}_fulfilment') === 'merchant';
	${body}
}`;

/**
 * The store reconciliation of a WooCommerce lifecycle template (see `reconcileStoreOrders`): "Woo: Orders Changed"
 * (the orders modified in the window, every status, 100 a page, a cut-off list fails the run) -> the orders of the
 * marketplace (its order id in **orderIdMetaKey**) the lanes of "Woo: Order Updated" have not finished: completed
 * and not shipped (`_<key>_shipment`; one whose missing tracking was notified only once it has a tracking code),
 * cancelled and not cancelled at the marketplace (`_<key>_cancelled`), with a refund not forwarded
 * (`_<key>_refunds_forwarded`, not one this workflow made for a return) -> the same lanes (the webhook body is the REST
 * order). WooCommerce's REST API cannot filter orders by meta, so every changed order of the window is read.
 */
export function wooStoreReconcile(
	lane: Lifecycle,
	marketplace: MarketplaceNames,
	y: number,
): string {
	const { key, name, title } = marketplace;
	const note = storeReconcileNote({
		store: 'WooCommerce',
		list: WOO_CHANGED_ORDERS,
		cap: `${WOO_MAX_PAGES} pages of 100`,
		marketplace: title,
		marks: `completed without \`_${key}_shipment\`, cancelled without \`_${key}_cancelled\`, a refund not in \`_${key}_refunds_forwarded\`; a completed order whose missing tracking was notified waits for its tracking code`,
		payloads: 'the REST order, as **Woo: Order Updated** delivers it',
		filter:
			"WooCommerce's REST API cannot filter orders by meta, so every order changed in the window is read (100 a call).",
	});
	return reconcileStoreOrders(
		lane,
		{
			list: {
				...wooListNode(WOO_CHANGED_ORDERS, '/orders', {
					modified_after: expr(STORE_RECONCILE_SINCE),
					dates_are_gmt: 'true',
					status: 'any',
					orderby: 'modified',
					order: 'asc',
				}),
			},
			cap: {
				complete: `$('${WOO_CHANGED_ORDERS}').all().length < ${WOO_MAX_PAGES * 100}`,
				cap: `${WOO_MAX_PAGES} pages of 100 orders`,
			},
			changedAt: `($json.date_modified_gmt ? $json.date_modified_gmt.replace(/Z?$/, 'Z') : '')`,
			targets: [
				{
					name: 'Woo: Shipments to Reconcile',
					entry: `Completed ${name} Orders`,
					select: wooSelect(
						key,
						`const tracking = [].concat(meta(settings.trackingMetaKey) || []).slice(-1)[0] || {};
	const waiting = meta('_${key}_tracking_missing_notified') && !tracking.tracking_number;
	return order.status === 'completed' && merchant && !meta('_${key}_shipment') && !waiting ? [order] : [];`,
					),
				},
				{
					name: 'Woo: Cancellations to Reconcile',
					entry: `Cancelled ${name} Orders`,
					select: wooSelect(
						key,
						`return order.status === 'cancelled' && merchant && !meta('_${key}_cancelled') ? [order] : [];`,
					),
				},
				{
					name: 'Woo: Refunds to Reconcile',
					entry: `${name} Orders with New Refunds`,
					select: wooSelect(
						key,
						`const forwarded = String(meta('_${key}_refunds_forwarded') || '').split(',');
	const fresh = (order.refunds || []).filter((r) => !String(r.reason || '').startsWith('${title} return') && !forwarded.includes(String(r.id)));
	return fresh.length > 0 ? [order] : [];`,
					),
				},
			],
		},
		y,
		note,
	);
}

/** The stock lanes' triggers: a product saved ("Store stock changed") and the hourly full sync ("Full stock sync"). */
const wooStockTriggers = (): TriggerSpec[] => [
	{
		node: wooTrigger('Woo: Product Updated', 'product.updated'),
		lanes: ['Store stock changed'],
	},
	{ node: scheduleTrigger('Every Hour: Full Stock Sync', 60), lanes: ['Full stock sync'] },
];

/** The WooCommerce side of every lifecycle template (see lanes.mts). */
export const WOOCOMMERCE: StoreLanes = {
	id: 'woocommerce',
	title: 'WooCommerce',
	abbr: 'Woo',
	webhooks: true,
	settings: (marketplace) => ({
		...WOO_SETTINGS,
		...STORE_RECONCILE_SETTINGS,
		orderIdMetaKey: { type: 'string', value: `_${marketplace.key}_order_id` },
	}),
	settingsNote: `${WOO_SETTINGS_NOTE}\n${STORE_RECONCILE_SETTINGS_NOTE}`,
	settingsNoteEnd: '',
	triggers: () => [
		...wooStockTriggers(),
		{
			node: wooTrigger('Woo: Order Updated', 'order.updated'),
			lanes: ['Store order shipped', 'Store order cancelled', 'Store order refunded'],
		},
		storeReconcileTrigger(),
	],
	orders: (lane, marketplace, from, shift, y, gate) =>
		storeOrders(lane, from, shift, y, {
			lookup: (orders, column, at) =>
				wooOrderIds(lane, 'Woo: Orders Since', orders, windowStart('createdAt', '2'), column, at),
			width: 2,
			cap: WOO_ORDERS_CAP,
			catalog: (orders, column, at) => wooCatalog(lane, orders, column, at),
			plan: (moveStock, column, at) => wooPlanOrder(lane, moveStock, column, at),
			create: (orders, column, at) => wooCreateOrder(lane, marketplace, orders, column, at),
			createRow: -100,
			gate,
		}),
	cannotFulfilAt: { column: 15, row: 100, gatedRow: 260 },
	storeProducts: wooStoreProducts,
	stock(lane, marketplace) {
		const y = 700;
		// with your product reference: a variation is a size of its parent product
		const levels = wooStockLevels(
			lane,
			'Store stock changed',
			'Full stock sync',
			y,
			marketplace.stock.reference ? WOO_PARENT_REFERENCE : {},
		);
		marketplace.stock.update(lane, levels, 5, y);
		lane.note(marketplace.pairs.woocommerce.notes.stock, 6);
	},
	changes(lane, marketplace) {
		const { names } = marketplace;
		const pair = marketplace.pairs.woocommerce;
		const y = 1100;
		wooShipments(
			lane,
			names,
			'Store order shipped',
			y,
			(from, column, at) => marketplace.shipment(lane, from, column, at, WOOCOMMERCE),
			marketplace.shippedMark,
		);
		lane.note(pair.notes.shipments ?? '', 3);
		wooCancellations(
			lane,
			names,
			'Store order cancelled',
			y + 330,
			(from, column, at) => marketplace.storeCancel.add(lane, from, column, at),
			marketplace.storeCancel.notice,
		);
		lane.note(pair.notes.cancellations ?? '', 3);
		wooRefunds(
			lane,
			names,
			'Store order refunded',
			y + 650,
			pair.refundItems('$json'),
			(from, column, at) => marketplace.refund(lane, from, column, at),
		);
		lane.note(pair.notes.refunds ?? '', 2);
		// shipments, cancellations and refunds whose webhook never arrived, through the lanes above
		wooStoreReconcile(lane, names, y + 1100);
	},
	refundReturnedLine: wooRefundReturnedLine,
	pricedCatalog: (lane, from, y) => ({
		// node names are unique: "Woo: Products" -> "Woo: Store Products", ...
		catalog: wooCatalog(lane, from, 1, y + 200, (name) =>
			name.replace(/^(Woo: |Variable )?/, '$1Store '),
		),
		column: 7,
	}),
	acceptAfter: (lane, orders, y, _number, shift) => ({
		created: 'Woo: Create Order',
		orders,
		at: [16 + shift, y - 260],
		existingAt: [5, y + 540],
		number: { created: 'String($json.id)', stored: 'String($json.storeOrderId)' },
	}),
	shipmentLines: false,
	stockTemplate: {
		id: 'mpsStockWooToAll',
		description: (marketplaces) => `WooCommerce stock changes to ${marketplaces}, batched.`,
		settings: WOO_SETTINGS,
		settingsNote: WOO_SETTINGS_NOTE,
		triggersNote:
			'The full sync interval is on its schedule trigger (n8n triggers run before Settings).',
		triggers: wooStockTriggers,
		// with your product reference (Spartoo): a variation is a size of its parent product
		levels: (lane, y, needs) => ({
			levels: wooStockLevels(
				lane,
				'Store stock changed',
				'Full stock sync',
				y,
				needs.reference ? WOO_PARENT_REFERENCE : {},
			),
			column: 5,
		}),
		note: `## Store stock
A product saved in WooCommerce -> after **stockSettleSeconds** its current stock (or its variations') is read again; every hour the whole catalogue. The EAN is the product's \`global_unique_id\`, else its meta **eanMetaKey**. Your product reference (Spartoo) is a variation's parent SKU, else the product's own SKU.`,
	},
};
