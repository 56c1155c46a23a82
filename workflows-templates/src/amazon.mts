/** The Amazon side of the templates (Amazon Selling Partner node and trigger of this package). */
import type { NodeSpec } from './builder.mts';
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
	isTrue,
	marketplaceParameters,
	notEmpty,
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
