/**
 * The Amazon side of the templates (Amazon Selling Partner node and trigger of this package): the steps that talk to
 * Amazon in each lane and Amazon's words for each store, `AMAZON_LANES` (see lanes.mts).
 */
import { MARKETPLACE_REGISTRY } from '../../nodes/shared/marketplaces';
import type { NodeSpec } from './builder.mts';
import type { MarketplaceLanes } from './lanes.mts';
import { mageClaimNote, mageLineRefundedByMerchant, mageReturnRefunded } from './magento2.mts';
import { SHOP_RETURN_REFUNDED, shopClaimNote } from './shopify.mts';
import { WOO_RETURN_REFUNDED, wooClaimNote } from './woocommerce.mts';
import {
	ORDER_SYNC_SETTINGS,
	RECONCILE_SINCE,
	cancelUnfulfillable,
	marketplaceRefund,
	marketplaceShipment,
	orderIntake,
	reconcileOrders,
	reconcileSettings,
	type Lifecycle,
	type MarketplaceNames,
} from './lifecycle.mts';
import {
	PACKAGE,
	TEST_MODE_NOTE,
	credential,
	expr,
	filterNode,
	ifNode,
	isTrue,
	marketplaceParameters,
	noOp,
	notEmpty,
	scheduleTrigger,
	setNode,
	setting,
	splitOut,
	type Fields,
} from './nodes.mts';

const S = setting;

export const AMAZON_STOCK_SETTINGS: Fields = {
	amazonMarketplaceId: { type: 'string', value: 'A1805IZSGTT6HS' },
	amazonSkuPrefix: { type: 'string', value: '' },
	amazonSkuSuffix: { type: 'string', value: '' },
};

/** JS: the Amazon seller SKU of a store SKU (`amazonSkuPrefix` + SKU + `amazonSkuSuffix`). */
export const amazonSku = (sku: string) =>
	`(${S('amazonSkuPrefix')} || '') + ${sku} + (${S('amazonSkuSuffix')} || '')`;

export const AMAZON_STOCK_SETTINGS_NOTE = `- **amazonMarketplaceId**: the Amazon marketplace whose listings get the stock (A1805IZSGTT6HS = Amazon.nl, A1PA6795UKMFR9 = Amazon.de, ...)
- **amazonSkuPrefix**, **amazonSkuSuffix**: added to the store SKU to get your Amazon seller SKU (empty: the same SKU)`;

/**
 * "Amazon: Managed Stock" -> "Amazon: Update Stock" for items `{ sku, quantity, managed }`: up to the node's feed
 * threshold SKU by SKU (Listings Items API), more in one JSON_LISTINGS_FEED. Amazon-fulfilled (FBA) SKUs are read-only:
 * their update fails on purpose and the others go on.
 */
export function amazonStockUpdate(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): string {
	const managed = lane.add(
		filterNode('Amazon: Managed Stock', [isTrue('$json.managed'), notEmpty('$json.sku')]),
		column,
		y,
	);
	lane.connect(from, managed);
	const update = lane.add(
		{
			...amazonNode('Amazon: Update Stock', {
				resource: 'stock',
				operation: 'update',
				sku: expr(amazonSku('$json.sku')),
				quantity: expr('$json.quantity'),
				options: { marketplaceId: expr(S('amazonMarketplaceId')) },
			}),
			onError: 'continueRegularOutput',
		},
		column + 1,
		y,
	);
	lane.connect(managed, update);
	return update;
}

export const AMAZON: MarketplaceNames = { key: 'amazon', name: 'Amazon', title: 'Amazon' };

export function amazonNode(name: string, parameters: Record<string, unknown>): NodeSpec {
	return {
		name,
		type: `${PACKAGE}.amazonSellingPartner`,
		typeVersion: 1,
		parameters: marketplaceParameters(parameters),
		credentials: credential('amazonSellingPartnerApi'),
	};
}

/**
 * "Amazon: New Orders": orders placed after activation (or Sync From) once they are paid (UNSHIPPED) or, for orders
 * Amazon ships (FBA), already SHIPPED; with buyer and address (PII: the Direct-to-Consumer Delivery role).
 */
export function amazonNewOrders(minutes = 5): NodeSpec {
	return {
		name: 'Amazon: New Orders',
		type: `${PACKAGE}.amazonSellingPartnerTrigger`,
		typeVersion: 1,
		parameters: {
			pollTimes: { item: [{ mode: 'everyX', value: minutes, unit: 'minutes' }] },
			event: 'newOrder',
			newOrderStatuses: ['UNSHIPPED', 'SHIPPED'],
			options: { includePii: true },
		},
		credentials: credential('amazonSellingPartnerApi'),
	};
}

/** Settings of the Amazon lanes, whatever the store: the shared order-sync settings, then Koongo's Amazon order settings. */
export const AMAZON_SETTINGS: Fields = {
	...ORDER_SYNC_SETTINGS,
	...reconcileSettings(3),
	...AMAZON_STOCK_SETTINGS,
	cancellationReason: { type: 'string', value: 'NoInventory' },
	carrierMapping: {
		type: 'object',
		value: '{\n  "PostNL Pakket": "PostNL",\n  "DHL Parcel NL": "DHL",\n  "DPD Classic": "DPD"\n}',
	},
	defaultShippingService: { type: 'string', value: 'Other' },
	defaultShippingMethod: { type: 'string', value: '' },
	refundReason: { type: 'string', value: 'CustomerReturn' },
	returnLookbackDays: { type: 'number', value: 30 },
};

/** The Settings note lines for AMAZON_SETTINGS. */
export const AMAZON_SETTINGS_NOTE = `${TEST_MODE_NOTE}
- **syncLevel** \`ordersAndStock\` | \`stockOnly\`; **orderTypes** \`all\` | \`merchant\` (MFN) | \`marketplace\` (FBA); **syncFrom** (ISO date); **skipMarketplaceFulfilledLines**
- **reconcileDays**: how far back the hourly reconciliation searches unshipped Amazon orders (created in the last days; or since **syncFrom**, if later; keep it small: Amazon's order search is slow); **reconcileMinAgeMinutes**: younger orders are left to the trigger
- **updateStockForMarketplaceOrders**: let Amazon-fulfilled (FBA) orders move store stock
- **productIdentification** \`sku\` (seller SKU) | \`offerId\` (ASIN) | \`merchantReference\` (seller SKU, uncropped), **skuPrefixPattern**, **skuSuffixPattern** (regular expressions cropped from the seller SKU), **useBillingAsShipping**
- **cancelUnfulfillableOrders**, **restockReturnedItems**
${AMAZON_STOCK_SETTINGS_NOTE}
- **cancellationReason**: Amazon \`CancelReason\` for orders the store cannot fulfil and orders cancelled in the store (\`NoInventory\`, \`ShippingAddressUndeliverable\`, \`BuyerCanceled\`, ...)
- **carrierMapping** (store carrier -> Amazon carrier code, then Amazon's known codes and aliases), **defaultShippingService** (Amazon carrier code when none matches; \`Other\` sends the carrier's name), **defaultShippingMethod** (e.g. \`DHL DE\`; also the carrier name for \`Other\`)
- **refundReason**: Amazon \`AdjustmentReason\` of refunds made in the store (\`CustomerReturn\`, \`GeneralAdjustment\`, \`CouldNotShip\`, ...)
- **returnLookbackDays**: how far back the returns report is read (at most 60: Amazon's limit)
- **notificationEmail**, **notificationFrom**`;

/**
 * "Filter Orders" -> "Transform Orders" -> "Unshipped or Shipped by Amazon": the new-order trigger emits paid
 * (UNSHIPPED) orders and, for FBA, SHIPPED ones; an order the merchant shipped in Seller Central before it was
 * polled is not imported. Returns the filter (its output: the orders to import).
 */
export function amazonOrderIntake(lane: Lifecycle, route: string, y: number): string {
	const transform = orderIntake(lane, { route }, y);
	const importable = lane.add(
		filterNode('Unshipped or Shipped by Amazon', [
			isTrue(
				`$json.status === 'open' || ($json.fulfilment === 'marketplace' && ['partially_shipped', 'shipped'].includes($json.status))`,
			),
		]),
		2,
		y,
	);
	lane.connect(transform, importable);
	return importable;
}

/**
 * The reconciliation lane (after the orders lane): every hour the merchant-fulfilled Amazon orders created in the
 * reconciliation window that are still unshipped or partly shipped ("Amazon: Unshipped Orders", 100 per search) go
 * into the orders lane's "Filter Orders", the trigger's own path.
 */
export function amazonReconcile(lane: Lifecycle, y: number): string {
	return reconcileOrders(
		lane,
		amazonNode('Amazon: Unshipped Orders', {
			resource: 'order',
			operation: 'getAll',
			filterBy: 'created',
			after: expr(RECONCILE_SINCE),
			returnAll: true,
			filters: { fulfillmentStatuses: ['UNSHIPPED', 'PARTIALLY_SHIPPED'], orderTypes: 'merchant' },
			options: { includePii: true },
		}),
		y,
		amazonNotes.reconcile,
	);
}

/** "Amazon: Cancel ..." of the item's `orderId` with **cancellationReason**: the items `orderItemIds` (JS; empty: every item not shipped yet). */
export function amazonCancelNode(name: string, orderItemIds = ''): NodeSpec {
	return amazonNode(name, {
		resource: 'order',
		operation: 'cancel',
		orderId: expr('$json.orderId'),
		orderItemIds: orderItemIds ? expr(orderItemIds) : '',
		reason: expr(S('cancellationReason')),
		options: {},
	});
}

/** Orders the store cannot fulfil: cancelled at Amazon (merchant-fulfilled ones, when "cancelUnfulfillableOrders"), an email either way. */
export function amazonCancelUnfulfillable(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): void {
	cancelUnfulfillable(lane, from, column, y, {
		marketplace: AMAZON,
		cancel: amazonCancelNode('Amazon: Cancel Order'),
		cancelWhen: (order) =>
			`${S('cancelUnfulfillableOrders')} && ${order}.fulfilment === 'merchant'`,
	});
}

/**
 * Store shipments -> "Check Tracking" -> "Amazon: Confirm Shipment" (carrier mapped), or the missing-tracking email.
 * `items`: `allOpen` confirms every item of the order not shipped yet (a store that ships whole orders); `lines`
 * confirms the shipment's own `lines` (`[{ sku, quantity }]`, store SKUs), so a partial shipment stays partial.
 */
export function amazonShipment(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
	items: 'allOpen' | 'lines' = 'allOpen',
): { shipped: string; notified: string } {
	const which =
		items === 'lines'
			? {
					itemsMode: 'list',
					items: expr(
						`JSON.stringify($json.lines.map(l => ({ sku: ${amazonSku('l.sku')}, quantity: l.quantity })))`,
					),
				}
			: { itemsMode: 'allOpen' };
	return marketplaceShipment(lane, from, column, y, {
		marketplace: AMAZON,
		ship: amazonNode('Amazon: Confirm Shipment', {
			resource: 'shipment',
			operation: 'create',
			orderId: expr('$json.orderId'),
			...which,
			carrier: expr(`${S('carrierMapping')}[$json.carrier] || $json.carrier`),
			trackingNumber: expr('$json.trackingCode'),
			options: {
				defaultCarrierCode: expr(S('defaultShippingService')),
				defaultShippingMethod: expr(S('defaultShippingMethod')),
			},
		}),
		needs: 'Amazon needs a tracking number to confirm a shipment',
	});
}

/** "Amazon: Cancel Store-Cancelled Order" (every item not shipped yet, with **cancellationReason**); items carry `orderId`. */
export function amazonStoreCancel(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): string {
	const cancel = lane.add(amazonCancelNode('Amazon: Cancel Store-Cancelled Order'), column, y);
	lane.connect(from, cancel);
	return cancel;
}

/** A store refund with items -> "Amazon: Refund" (payment adjustment feed, **refundReason**); without items: an email. */
export function amazonRefund(lane: Lifecycle, from: string, column: number, y: number): string {
	return marketplaceRefund(lane, from, column, y, {
		marketplace: AMAZON,
		refund: amazonNode('Amazon: Refund', {
			resource: 'refund',
			operation: 'create',
			orderId: expr('$json.orderId'),
			reason: expr(S('refundReason')),
			items: expr('JSON.stringify($json.items)'),
			options: { capAtPaid: true },
		}),
		why: 'Amazon refunds per order item; refund an amount alone in Seller Central',
	});
}

/**
 * Amazon's returns report of the last **returnLookbackDays** -> one item per returned line -> only lines Amazon has
 * refunded -> "Returned Line" `{ orderId, rmaId, sku, quantity, registeredAt }` (output 0), for the store refund.
 */
export function amazonReturnIntake(lane: Lifecycle, route: string, y: number): string {
	const getReturns = lane.add(
		amazonNode('Amazon: Get Returns', {
			resource: 'return',
			operation: 'getAll',
			after: expr(`$now.minus({ days: Math.min(60, ${S('returnLookbackDays')}) }).toISO()`),
			returnAll: true,
			options: {
				skuPrefixPattern: expr(S('skuPrefixPattern')),
				skuSuffixPattern: expr(S('skuSuffixPattern')),
			},
		}),
		0,
		y,
	);
	lane.fromRoute(route, getReturns);
	const lines = lane.add(splitOut('Return Lines', 'lines'), 1, y);
	lane.connect(getReturns, lines);
	const refunded = lane.add(
		filterNode('Refunded by Amazon', [isTrue('$json.refunded === true')]),
		2,
		y,
	);
	lane.connect(lines, refunded);
	const returned = lane.add(
		setNode('Returned Line', {
			orderId: { type: 'string', value: expr('$json.orderId') },
			rmaId: { type: 'string', value: expr('$json.lineId') },
			sku: { type: 'string', value: expr(`$json.sku || ''`) },
			quantity: { type: 'number', value: expr('$json.quantity') },
			registeredAt: { type: 'string', value: expr(`$('${getReturns}').item.json.registeredAt`) },
		}),
		3,
		y,
	);
	lane.connect(refunded, returned);
	return returned;
}

/** The Amazon lanes' sticky notes (with what Amazon's API does not allow), with the store's words filled in. */
export const amazonNotes = {
	orders: (store: string, specifics: string) => `## 1. Orders
New Amazon orders (polled every 5 minutes: Amazon allows one order search about every 3 minutes, and an order shows up about 2 minutes after it changed) -> **Filter Orders** (sync level, order types MFN/FBA, sync-from date) -> **Transform Orders** (store SKU, cropping) -> only orders not shipped yet, or shipped by Amazon (FBA): an order you shipped in Seller Central before it was polled is not imported.
**Only New Orders** drops orders whose Amazon id is already on a ${store} order, so nothing is created twice.
${specifics}
An order with an unknown product or too little stock is cancelled at Amazon with **cancellationReason** (when **cancelUnfulfillableOrders**), and you get an email.
Amazon limits: there is no accept/decline step (an order is confirmed once paid) and no REST call to cancel: **Amazon: Cancel Order** sends an order acknowledgement feed and waits for its processing report (minutes at Amazon). FBA orders cannot be cancelled by the seller: you only get the email. Buyer and address data need the Direct-to-Consumer Delivery (restricted) role; pending orders have none and are imported once paid.`,
	reconcile: `## Reconciliation (at-least-once intake)
Every hour (**Every Hour: Reconcile Orders**) the merchant-fulfilled (MFN) Amazon orders created in the last **reconcileDays** days (or since **syncFrom**, if later) that are still unshipped or partly shipped -> **Amazon: Unshipped Orders** -> orders created more than **reconcileMinAgeMinutes** (default 30) ago -> the orders lane above, from **Filter Orders** on: the trigger's own path, not a copy (a partly shipped order stops at the same "not shipped yet" filter as there). Younger orders are the trigger's (an execution may be creating them right now; two executions that both look the store up before either creates would create an order twice).
What it repairs: n8n saves the trigger's state before the workflow runs, so an order whose run failed (a store error, an n8n restart, a deploy) is never polled again. It is still unshipped at Amazon, so this lane finds it: **Only New Orders** skips every order the store has already (looked up by the Amazon order id), and a missing one is created once. An order the store refused is tried again every hour (one email each time) until it is created, cancelled or shipped. FBA orders are Amazon's to ship and are not reconciled.
Cost: one order search per 100 orders (the largest page) and one restricted data token per run. Amazon allows one order search about every 3 minutes (burst 20), shared with the trigger, so keep **reconcileDays** small (default 3 days): 300 orders in the window are 3 searches.`,
	stock: (specifics: string) => `## 2. Stock
${specifics}
Listings are found by seller SKU (**amazonSkuPrefix** + store SKU + **amazonSkuSuffix**) in **amazonMarketplaceId**.
Amazon limits: only merchant-fulfilled (MFN) quantities can be set: FBA stock is Amazon's (read-only), so those updates fail on purpose and the others go on. One marketplace per update; up to 10 SKUs go one by one (Listings Items API), more as one listings feed that Amazon applies within minutes.`,
	shipments: (store: string, specifics: string) => `## 3. Shipments
A merchant-fulfilled Amazon order shipped in ${store} -> **Check Tracking** -> **Amazon: Confirm Shipment** of every open item with the carrier mapped by **carrierMapping** (then Amazon's carrier codes and aliases, else **defaultShippingService**; \`Other\` sends **defaultShippingMethod** or the store carrier as the carrier name) and the tracking number.
${specifics}
No tracking number: one email instead of a silent failure (Amazon refuses a shipment confirmation without one); add it and the shipment goes out.
Amazon limits: FBA orders are shipped by Amazon and cannot be confirmed; an order is confirmed once, for all its open items.`,
	cancellations: (store: string) => `## Store cancellations
A merchant-fulfilled Amazon order cancelled in ${store} is cancelled at Amazon with **cancellationReason**, once.
Amazon limits: only items not shipped yet can be cancelled, through an order acknowledgement feed (no REST call); FBA orders are cancelled by Amazon only.`,
	refunds: (store: string, specifics: string) => `## 5. Refunds
A refund made in ${store} on an Amazon order -> **Amazon: Refund** with **refundReason**: each refunded product line's amount as the item price (principal) of that Amazon item.
${specifics} A refund without product lines -> email.
Amazon limits: no REST refund call: a payment adjustment feed per item, never more than the buyer paid for it (**Cap at What Was Paid** lowers an amount the store rounded up to what was paid); a refund does not cancel an unshipped item (cancel the order instead); shipping-only or amount-only refunds must be made in Seller Central.`,
	/** `once`: how the store's refund of a return is recognized, and which refunds of your own stop it. */
	returns: (store: string, once: string) => `## 4. Returns
Every hour Amazon's returns report of the last **returnLookbackDays** is read; each returned line Amazon has refunded the buyer for gets a ${store} refund of that line (no payment is moved: Amazon paid) and the items go back into stock (**restockReturnedItems**). ${once}
Amazon limits: Amazon manages returns of seller-fulfilled orders itself: the API has no returns trigger and no call to authorize, reject or handle a return, so the report is polled (at most 60 days per run) and returns not refunded yet are left for Amazon's Returns Center.`,
};

/**
 * A credit memo of an Amazon order (`{ orderId, storeOrderId, refundId, items: [{ sku, quantity, amount }] }`) ->
 * "Amazon: Order of Memo" (what Amazon shipped, what is open, what the buyer paid) -> "Refund or Cancel", per memo line:
 * the units Amazon shipped are refunded (the memo's amount of them, at most what the buyer paid for them); units
 * beyond those cancel the line's open quantity (Amazon refunds cancelled items itself). The cancellation goes first:
 * a run that fails between the two finds the line cancelled next time (not open, so not cancelled again) and only
 * retries the refund. Returns the nodes that end the lane (refund, email, cancellation only), for the memo's mark.
 */
export function amazonMemo(lane: Lifecycle, from: string, column: number, y: number): string[] {
	const order = lane.add(
		amazonNode('Amazon: Order of Memo', {
			resource: 'order',
			operation: 'get',
			orderId: expr('$json.orderId'),
			options: {},
		}),
		column,
		y,
	);
	lane.connect(from, order);
	const memo = `$('${from}').item.json`;
	const matched = `${memo}.items.map(i => ({ i, line: ($json.lines || []).find(l => l.merchantReference === ${amazonSku('i.sku')}) })).filter(m => m.line)`;
	const decide = lane.add(
		setNode('Refund or Cancel', {
			orderId: { type: 'string', value: expr(`${memo}.orderId`) },
			storeOrderId: { type: 'number', value: expr(`${memo}.storeOrderId`) },
			refundId: { type: 'number', value: expr(`${memo}.refundId`) },
			items: {
				type: 'array',
				value: expr(
					`${matched}.filter(m => m.line.quantityShipped > 0)` +
						`.map(m => ({ m, units: Math.min(m.i.quantity, m.line.quantityShipped) }))` +
						`.map(({ m, units }) => ({ lineId: m.line.lineId, principal: Math.round(Math.min((Number(m.i.amount) || 0) / m.i.quantity * units, (m.line.totalPrice || 0) / m.line.quantity * units) * 100) / 100 }))` +
						`.filter(item => item.principal > 0)`,
				),
			},
			cancelLineIds: {
				type: 'string',
				value: expr(
					`${matched}.filter(m => m.i.quantity > m.line.quantityShipped && m.line.quantityOpen > 0).map(m => m.line.lineId).join(',')`,
				),
			},
		}),
		column + 1,
		y,
	);
	lane.connect(order, decide);
	const cancelFirst = lane.add(
		ifNode('Cancel Open Lines?', [isTrue(`$json.cancelLineIds !== ''`)]),
		column + 2,
		y,
	);
	lane.connect(decide, cancelFirst);
	const cancel = lane.add(
		amazonCancelNode('Amazon: Cancel Memo Items', '$json.cancelLineIds'),
		column + 3,
		y - 120,
	);
	lane.connect(cancelFirst, cancel, 0);
	const decided = `$('${decide}').item.json`;
	const refundToo = lane.add(
		ifNode('Shipped Units Too?', [isTrue(`${decided}.items.length > 0`)]),
		column + 4,
		y - 120,
	);
	lane.connect(cancel, refundToo);
	const refundItems = lane.add(
		setNode('Memo Refund', {
			orderId: { type: 'string', value: expr(`${decided}.orderId`) },
			storeOrderId: { type: 'number', value: expr(`${decided}.storeOrderId`) },
			refundId: { type: 'number', value: expr(`${decided}.refundId`) },
			items: { type: 'array', value: expr(`${decided}.items`) },
		}),
		column + 5,
		y,
	);
	lane.connect(refundToo, refundItems, 0);
	lane.connect(cancelFirst, refundItems, 1);
	const onlyCancelled = lane.add(noOp('Cancelled Only'), column + 5, y - 240);
	lane.connect(refundToo, onlyCancelled, 1);
	const refund = amazonRefund(lane, refundItems, column + 6, y);
	return [refund, 'Email: Refund Without Items', onlyCancelled];
}

/** JS: the lines of a WooCommerce refund as Amazon refund items (seller SKU and the refunded item price). */
const AMAZON_WOO_REFUND_ITEMS = `($json.line_items || []).filter(l => l.sku && Math.abs(Number(l.total)) > 0).map(l => ({ sku: ${amazonSku('l.sku')}, principal: Math.abs(Number(l.total)) }))`;

/** JS: the product lines of a Shopify refund (`refund`: JS) as Amazon refund items (seller SKU, the refunded line amount as the item price). */
const amazonShopRefundItems = (refund: string) =>
	`(${refund}.refund_line_items || []).filter(l => l.line_item && l.line_item.sku && Math.abs(Number(l.subtotal)) > 0)` +
	`.map(l => ({ sku: ${amazonSku('l.line_item.sku')}, principal: Math.round(Math.abs(Number(l.subtotal)) * 100) / 100 }))`;

/** The Amazon lanes of every lifecycle template (see lanes.mts). */
export const AMAZON_LANES: MarketplaceLanes = {
	entry: MARKETPLACE_REGISTRY.amazon,
	names: AMAZON,
	abbr: 'Amz',
	// ids from before the naming rule
	workflowIds: { magento2: 'mpsAmzMageLifecy', shopify: 'mpsAmzShopLifecy' },
	description: (store) =>
		`Orders, stock, shipments, cancellations, refunds and returns between Amazon and ${store.title}.`,
	settings: AMAZON_SETTINGS,
	settingsNote: AMAZON_SETTINGS_NOTE,
	triggers: {
		orders: () => ({ node: amazonNewOrders(), lanes: ['New Amazon orders'] }),
		returns: () => ({
			node: scheduleTrigger('Every Hour: Amazon Returns', 60),
			lanes: ['Amazon returns'],
		}),
	},
	returnsRoute: 'Amazon returns',
	intake: (lane, _store, y) => ({
		orders: amazonOrderIntake(lane, 'New Amazon orders', y),
		transform: 'Transform Orders',
		shift: 1,
		y,
	}),
	cancelUnfulfillable: amazonCancelUnfulfillable,
	reconcile: amazonReconcile,
	stock: { filter: 'Amazon: Managed Stock', update: amazonStockUpdate },
	// a store whose shipments carry their lines confirms those (a partial shipment stays partial)
	shipment: (lane, from, column, y, store) =>
		amazonShipment(lane, from, column, y, store.shipmentLines ? 'lines' : 'allOpen'),
	shippedMark: `$json.carrierCode + ' ' + $json.trackingNumber`,
	storeCancel: { mark: '$json.status', add: amazonStoreCancel },
	refund: amazonRefund,
	returnIntake: amazonReturnIntake,
	returnColumn: 4,
	stockTemplate: {
		enabled: true,
		settings: AMAZON_STOCK_SETTINGS,
		settingsNote: AMAZON_STOCK_SETTINGS_NOTE,
		fanOut: 'Amazon by seller SKU (one feed for many SKUs)',
		selfFulfilled: { refused: 'Amazon FBA' },
	},
	pairs: {
		woocommerce: {
			pollNote:
				"Poll intervals are on the Amazon trigger and the schedule triggers (n8n triggers run before Settings). The Amazon credential's marketplaces are the ones orders are read from.",
			notes: {
				orders: amazonNotes.orders(
					'WooCommerce',
					`Lines are matched to store products and variations by SKU and created at the Amazon price (what the buyer paid for the line). An order that can be fulfilled is created with status *processing* (WooCommerce reserves the stock) and the Amazon order id in the order meta **orderIdMetaKey**;
Amazon-fulfilled (FBA) orders are created *completed* with WooCommerce's \`_order_stock_reduced\` flag, so they do not move store stock unless **updateStockForMarketplaceOrders**.`,
				),
				stock:
					amazonNotes.stock(`A product saved in WooCommerce (stock changed by an order, a refund, or by hand) -> after **stockSettleSeconds** its current stock, or the stock of each of its variations, goes to Amazon (read again when the wait is over, not taken from the webhook, so a webhook arriving late cannot send an old number; two changes of one product seconds apart can still reach Amazon in the wrong order, which the hourly full sync repairs).
Every hour the whole catalogue is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.`),
				shipments: amazonNotes.shipments(
					'WooCommerce (status *completed*)',
					'The tracking number and carrier come from the Shipment Tracking extension (order meta **trackingMetaKey**); the order gets `_amazon_shipment`, so it ships once.',
				),
				cancellations: amazonNotes.cancellations('WooCommerce'),
				refunds: amazonNotes.refunds(
					'WooCommerce',
					'Refunds this workflow made for Amazon returns are skipped; each refund is sent once (`_amazon_refunds_forwarded`). ' +
						wooClaimNote('amazon'),
				),
				returns: amazonNotes.returns(
					'WooCommerce',
					'Each return is refunded once (its RMA id is in the refund reason); an order you refunded in WooCommerce yourself (sent to Amazon by lane 5) is not refunded again.',
				),
			},
			refundItems: () => AMAZON_WOO_REFUND_ITEMS,
			// a return of an order the merchant refunded in the store (and lane 5 sent to Amazon) is not refunded twice
			returnRefunded: `${WOO_RETURN_REFUNDED} || $json.storeRefunds.some(r => !String(r.reason || '').startsWith('Amazon return'))`,
		},
		magento2: {
			pollNote:
				"Poll intervals are on the Amazon trigger and the schedule triggers (n8n triggers run before Settings). The Amazon credential's marketplaces are the ones orders are read from.",
			notes: {
				orders: amazonNotes.orders(
					'Magento',
					`Lines are matched by seller SKU against the salable quantity (MSI, stock **stockId**). An order that can be fulfilled goes through the cart (Magento reserves the stock), gets the Amazon order id as an order comment \`[amazon:<id>]\` and is invoiced: Amazon collected the money. Magento prices the lines itself (the REST cart takes no custom price); the comment records what the buyer paid at Amazon.
Magento reserves stock for every order it places, so Amazon-fulfilled (FBA) orders are not created unless they move store stock (**updateStockForMarketplaceOrders**).`,
				),
				stock: amazonNotes.stock(
					"Every 15 minutes: the salable quantity (MSI: source quantities minus reservations of open orders) of every simple product -> **Only Changed for Amazon** (what Amazon does not have yet) -> the Amazon listings -> **Remember Sent to Amazon** keeps what Amazon accepted (the workflow's static data).",
				),
				storeChanges: `${amazonNotes.shipments('Magento (a shipment)', 'Every 5 minutes the orders changed in the last **lookbackDays** are read once; their new shipments (with the last track of each) go to Amazon and get the comment `[amazon-shipped:<shipment>]`, so each ships once.')}

${amazonNotes.refunds(
	'Magento (a credit memo)',
	`Orders are invoiced when they are created, so Magento does not cancel them: a credit memo is how the store gives money back. **Amazon: Order of Memo** tells what Amazon shipped, and per memo:
- the units of a line Amazon has shipped are refunded: the memo amount of them (incl. tax), at most what the buyer paid Amazon for those units;
- units beyond those cancel the line's open quantity at Amazon (**Amazon: Cancel Memo Items**, **cancellationReason**; Amazon refunds the buyer for cancelled items), before the refund of a memo that has both.
Shipping and adjustments of a memo are not sent (refund them in Seller Central). Memos this workflow made for Amazon returns are skipped; each memo is sent once (\`[amazon-refund-forwarded:<memo>]\`). ${mageClaimNote('amazon')}`,
)}`,
				returns: amazonNotes.returns(
					'Magento (credit memo, offline)',
					'Each return is refunded once: its credit memo carries `[amazon-return-refunded:<rma>:memo] <sku> x <qty>` from the start, and the order gets `[amazon-return-refunded:<rma>:<memo>]`; a line you refunded with a credit memo of your own (sent to Amazon by lane 5) is not refunded again.',
				),
			},
			refundItems: () =>
				`($json.items || []).filter(i => i.qty > 0).map(i => ({ sku: i.sku, quantity: i.qty, amount: Number(i.row_total_incl_tax || i.row_total || 0) }))`,
			memo: { forward: amazonMemo, markColumn: 17 },
			// a return of a line the merchant refunded in the store (and lane 5 sent to Amazon) is not refunded twice
			returnRefunded: `${mageReturnRefunded(AMAZON)} || ${mageLineRefundedByMerchant(AMAZON)}`,
		},
		shopify: {
			pollNote:
				"Poll intervals are on the Amazon trigger and the schedule triggers (n8n triggers run before Settings). The Amazon credential's marketplaces are the ones orders are read from.",
			notes: {
				orders: amazonNotes.orders(
					'Shopify',
					`Lines are matched to the shop's variants by SKU. An order that can be fulfilled is created paid, at the Amazon price (what the buyer paid for the line), without receipts, with the Amazon order id in the note attribute \`amazon_order_id\`; the stock is decremented (obeying each variant's inventory policy).
Amazon-fulfilled (FBA) orders are created and marked fulfilled at once, and do not move store stock unless **updateStockForMarketplaceOrders**.`,
				),
				stock:
					amazonNotes.stock(`An inventory level changed in Shopify (an order, a refund, by hand) -> after **stockSettleSeconds** the item's SKU and its current available quantity (all locations, or **locationId**) go to Amazon (read again when the wait is over, not taken from the webhook, so a webhook arriving late cannot send an old number; two changes of one item seconds apart can still reach Amazon in the wrong order, which the hourly full sync repairs).
Every hour every variant's stock is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.`),
				shipments: amazonNotes.shipments(
					'Shopify (a fulfilment, or a fulfilment whose tracking was added later)',
					'Each fulfilment is confirmed with its own lines (seller SKU and quantity), so a partial fulfilment stays partial at Amazon; the tracking number and carrier (tracking company) come from the fulfilment, and the order gets `amazon_shipped_<fulfilment>`, so each fulfilment ships once.',
				),
				cancellations: amazonNotes.cancellations('Shopify'),
				refunds: amazonNotes.refunds(
					'Shopify',
					'Refunds this workflow made for Amazon returns are skipped; each refund is sent once (`amazon_refund_forwarded_<refund>`). ' +
						shopClaimNote('amazon'),
				),
				returns: amazonNotes.returns(
					'Shopify',
					'Each return is refunded once (its RMA id is in the refund note); an order you refunded in Shopify yourself (sent to Amazon by lane 5) is not refunded again.',
				),
			},
			refundItems: amazonShopRefundItems,
			// a return of an order the merchant refunded in the shop (and lane 5 sent to Amazon) is not refunded twice
			returnRefunded: `${SHOP_RETURN_REFUNDED} || $json.storeRefunds.some(r => !String(r.note || '').startsWith('Amazon return'))`,
		},
	},
};
