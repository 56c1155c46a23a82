/**
 * The Bol.com side of the lifecycle templates, written once for every store: the triggers, the settings (Koongo's
 * Bol order-sync settings), the steps that talk to bol in each lane, and bol's words for each store: `BOL_LANES`,
 * the marketplace lanes the generator (lanes.mts) puts together with each store's.
 */
import { MARKETPLACE_REGISTRY } from '../../nodes/shared/marketplaces';
import type { MarketplaceLanes } from './lanes.mts';
import { MAGE_REFUND_SKUS, mageClaimNote } from './magento2.mts';
import { shopClaimNote, shopRefundSkus } from './shopify.mts';
import { WOO_REFUND_SKUS, wooClaimNote } from './woocommerce.mts';
import {
	ORDER_SYNC_SETTINGS,
	RECONCILE_SINCE,
	orderIntake,
	reconcileOrders,
	reconcileSettings,
	type Lifecycle,
	type MarketplaceNames,
} from './lifecycle.mts';
import {
	TEST_MODE_NOTE,
	TEST_MODE_SETTING,
	bolRetailer,
	bolTrigger,
	expr,
	filterNode,
	ifNode,
	isFalse,
	isTrue,
	notEmpty,
	orderSync,
	sendEmail,
	setNode,
	setting,
	splitOut,
	type Fields,
} from './nodes.mts';

const S = setting;

/** Settings of the Bol lanes, whatever the store. */
export const BOL_SETTINGS: Fields = {
	...TEST_MODE_SETTING,
	syncLevel: ORDER_SYNC_SETTINGS.syncLevel,
	orderTypes: ORDER_SYNC_SETTINGS.orderTypes,
	syncFrom: ORDER_SYNC_SETTINGS.syncFrom,
	...reconcileSettings(7),
	skipMarketplaceFulfilledLines: ORDER_SYNC_SETTINGS.skipMarketplaceFulfilledLines,
	skipVvbOrders: { type: 'boolean', value: false },
	updateStockForMarketplaceOrders: ORDER_SYNC_SETTINGS.updateStockForMarketplaceOrders,
	productIdentification: ORDER_SYNC_SETTINGS.productIdentification,
	skuPrefixPattern: ORDER_SYNC_SETTINGS.skuPrefixPattern,
	skuSuffixPattern: ORDER_SYNC_SETTINGS.skuSuffixPattern,
	useBillingAsShipping: ORDER_SYNC_SETTINGS.useBillingAsShipping,
	cancelUnfulfillableOrders: ORDER_SYNC_SETTINGS.cancelUnfulfillableOrders,
	cancellationReason: { type: 'string', value: 'OUT_OF_STOCK' },
	offerMatch: { type: 'string', value: 'reference' },
	carrierMapping: {
		type: 'object',
		value: '{\n  "PostNL Pakket": "TNT",\n  "DHL Parcel NL": "DHL",\n  "DPD Classic": "DPD-NL"\n}',
	},
	defaultTransporter: { type: 'string', value: 'OTHER' },
	defaultHandlingResult: { type: 'string', value: 'RETURN_RECEIVED' },
	handlingResultByReason: {
		type: 'object',
		value: '{\n  "Product is defect": "RETURN_RECEIVED"\n}',
	},
	restockReturnedItems: ORDER_SYNC_SETTINGS.restockReturnedItems,
	returnLookbackDays: { type: 'number', value: 120 },
	notificationEmail: ORDER_SYNC_SETTINGS.notificationEmail,
	notificationFrom: ORDER_SYNC_SETTINGS.notificationFrom,
};

/** The Settings note lines for the Bol settings. */
export const BOL_SETTINGS_NOTE = `${TEST_MODE_NOTE}
- **syncLevel** \`ordersAndStock\` | \`stockOnly\`; **orderTypes** \`all\` | \`merchant\` | \`marketplace\`; **syncFrom** (ISO date); **skipMarketplaceFulfilledLines**; **skipVvbOrders**: with **skipMarketplaceFulfilledLines** on, orders with VVB items (shipped with a label bought from bol, which this workflow does not buy) are skipped too: Koongo's "skip orders with FBB or VVB items"
- **reconcileDays**: how far back the hourly reconciliation reads bol's open orders (placed in the last days; or since **syncFrom**, if later); **reconcileMinAgeMinutes**: younger orders are left to the trigger
- **updateStockForMarketplaceOrders**: let bol-fulfilled (FBB) orders move store stock
- **productIdentification** \`sku\` | \`ean\` | \`merchantReference\` | \`offerId\`, **skuPrefixPattern**, **skuSuffixPattern**, **useBillingAsShipping**
- **cancelUnfulfillableOrders**, **cancellationReason** (bol reason code, e.g. \`OUT_OF_STOCK\`)
- **offerMatch** \`reference\` (bol offer reference = store SKU) | \`ean\` (looked up 50 per call)
- **carrierMapping** (store carrier -> bol transporter code), **defaultTransporter**
- **defaultHandlingResult**, **handlingResultByReason** (return reason -> handling result), **restockReturnedItems**, **returnLookbackDays**
- **notificationEmail**, **notificationFrom**`;

export const bolNewOrders = (minutes = 5) => bolTrigger('Bol: New Orders', 'newOrder', minutes);
export const bolNewReturns = (minutes = 15) => bolTrigger('Bol: New Returns', 'newReturn', minutes);

/** How the lanes name bol (node names "Completed Bol Orders", meta keys `_bol_*`, refunds "Bol.com return ..."). */
export const BOL: MarketplaceNames = { key: 'bol', name: 'Bol', title: 'Bol.com' };

/**
 * The "cannot fulfil" branch: cancel at bol with the configured reason (when "cancelUnfulfillableOrders"), then an
 * email either way. `from` output 1 carries the orders (with `orderId` and `unfulfillable`).
 */
export function bolCancelUnfulfillable(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): void {
	const shouldCancel = lane.add(
		ifNode('Cancel at Bol?', [isTrue(S('cancelUnfulfillableOrders'))]),
		column,
		y,
	);
	lane.connect(from, shouldCancel, 1);
	const cancel = lane.add(
		bolRetailer('Bol: Cancel Order', {
			resource: 'order',
			operation: 'cancel',
			orderId: expr('$json.orderId'),
			reasonCode: expr(S('cancellationReason')),
			options: {},
		}),
		column + 1,
		y - 50,
	);
	lane.connect(shouldCancel, cancel, 0);
	const order = `$('Check Store Stock').item.json`;
	const mail = lane.add(
		sendEmail(
			'Email: Order Not Fulfillable',
			`=Bol.com order {{ ${order}.orderId }} cannot be fulfilled`,
			`=Bol.com order {{ ${order}.orderId }} was not created in the store: {{ ${order}.unfulfillable.join(', ') }}.\n{{ ${S('cancelUnfulfillableOrders')} ? 'It was cancelled at Bol.com with reason ' + ${S('cancellationReason')} + '.' : 'Cancel or fulfil it yourself.' }}`,
		),
		column + 2,
		y,
	);
	lane.connect(cancel, mail);
	lane.connect(shouldCancel, mail, 1);
}

/**
 * Items of a store shipment -> "Check Tracking" -> "Bol: Ship Order". Input items: `{ marketplace: 'bol', orderId,
 * storeOrderId, trackingCode, carrier, reference, lines?, trackingNotified }` (`lines`: `[{ sku, quantity }]` for a
 * partial shipment; absent: every open item). Returns the ship node and the node after the missing-tracking email
 * (its items: the shipment items), for the store to mark its order.
 */
export function bolShipment(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): { shipped: string; notified: string } {
	const check = lane.add(
		orderSync('Check Tracking', 'checkTracking', {
			marketplace: 'fromItem',
			trackingCode: expr('$json.trackingCode'),
			requirements: 'marketplace',
			options: {},
		}),
		column,
		y,
	);
	lane.connect(from, check);
	const ship = lane.add(
		bolRetailer('Bol: Ship Order', {
			resource: 'shipment',
			operation: 'create',
			orderId: expr('$json.orderId'),
			itemsMode: expr(`$json.lines && $json.lines.length ? 'list' : 'allOpen'`),
			items: expr(`JSON.stringify($json.lines || [])`),
			carrier: expr(`${S('carrierMapping')}[$json.carrier] || $json.carrier`),
			trackAndTrace: expr('$json.trackingCode'),
			shipmentReference: expr('$json.reference'),
			options: { defaultTransporter: expr(S('defaultTransporter')) },
		}),
		column + 1,
		y - 80,
	);
	lane.connect(check, ship, 0);
	const notNotified = lane.add(
		filterNode('Not Notified Yet', [isTrue('!$json.trackingNotified')]),
		column + 1,
		y + 80,
	);
	lane.connect(check, notNotified, 1);
	const mail = lane.add(
		sendEmail(
			'Email: Tracking Missing',
			'=Bol.com order {{ $json.orderId }}: no tracking code',
			`=Store order {{ $json.storeOrderId }} (Bol.com order {{ $json.orderId }}) was shipped, but {{ $json.trackingCheck.reason }}.\nBol.com needs a track & trace code: add it to the shipment in the store and the shipment is sent to Bol.com.`,
		),
		column + 2,
		y + 80,
	);
	lane.connect(notNotified, mail);
	return { shipped: ship, notified: mail };
}

/** "Bol: Cancel Store-Cancelled Order" for store orders cancelled by the merchant; items carry `orderId`. */
export function bolStoreCancel(lane: Lifecycle, from: string, column: number, y: number): string {
	const cancel = lane.add(
		bolRetailer('Bol: Cancel Store-Cancelled Order', {
			resource: 'order',
			operation: 'cancel',
			orderId: expr('$json.orderId'),
			reasonCode: expr(S('cancellationReason')),
			options: {},
		}),
		column,
		y,
	);
	lane.connect(from, cancel);
	return cancel;
}

/**
 * A store refund -> bol: items `{ orderId, storeOrderId, refundId, items: [{ sku, quantity }] }`. With items:
 * "Bol: Refund" (bol cancels unshipped items, accepts returns of shipped ones, and refunds the customer); without:
 * an email. Returns the refund node (for the store to mark the refund as forwarded).
 */
export function bolRefund(lane: Lifecycle, from: string, column: number, y: number): string {
	const hasLines = lane.add(
		ifNode('Refund Has Items?', [isTrue('$json.items.length > 0')]),
		column,
		y,
	);
	lane.connect(from, hasLines);
	const refund = lane.add(
		bolRetailer('Bol: Refund', {
			resource: 'refund',
			operation: 'create',
			orderId: expr('$json.orderId'),
			itemsMode: 'list',
			items: expr('JSON.stringify($json.items)'),
			options: {},
		}),
		column + 1,
		y - 80,
	);
	lane.connect(hasLines, refund, 0);
	const mail = lane.add(
		sendEmail(
			'Email: Refund Without Items',
			'=Bol.com order {{ $json.orderId }}: refund not forwarded',
			'=Store refund {{ $json.refundId }} of order {{ $json.storeOrderId }} (Bol.com order {{ $json.orderId }}) has no product lines, so it cannot be sent to Bol.com (bol refunds per item). Cancel the items or handle the return in the Bol.com seller dashboard.',
		),
		column + 1,
		y + 80,
	);
	lane.connect(hasLines, mail, 1);
	return refund;
}

/**
 * New bol returns: each returned item gets a handling result (by reason, else the default) -> "Bol: Handle Return"
 * (items bol shows as handled already skip that call and keep the refund bol made for them).
 * Returns the node whose output 0 carries the lines bol refunds: `{ orderId, rmaId, sku, quantity, registeredAt }`.
 */
export function bolReturnIntake(lane: Lifecycle, route: string, y: number): string {
	const getReturn = lane.add(
		bolRetailer('Bol: Get Return', {
			resource: 'return',
			operation: 'get',
			returnId: expr('$json.returnId'),
			options: { resolveOrderLines: true },
		}),
		0,
		y,
	);
	lane.fromRoute(route, getReturn);
	const lines = lane.add(splitOut('Return Lines', 'lines'), 1, y);
	lane.connect(getReturn, lines);
	const decide = lane.add(
		setNode(
			'Decide Handling',
			{
				handlingResult: {
					type: 'string',
					value: expr(
						`${S('handlingResultByReason')}[$json.reason] || ${S('defaultHandlingResult')}`,
					),
				},
				registeredAt: { type: 'string', value: expr(`$('${getReturn}').item.json.registeredAt`) },
			},
			true,
		),
		2,
		y,
	);
	lane.connect(lines, decide);
	// a return seen again (a second poll, a re-run after a failure) is not handled twice: bol refuses that. A line
	// handled before goes straight to the refund check, which skips what the store refunded already.
	const unhandled = lane.add(ifNode('Not Handled Yet?', [isFalse('$json.handled')]), 3, y);
	lane.connect(decide, unhandled);
	const before = lane.add(
		setNode('Handled Before', {
			refundedByMarketplace: { type: 'boolean', value: expr('$json.refunded === true') },
		}),
		4,
		y + 200,
	);
	lane.connect(unhandled, before, 1);
	const handle = lane.add(
		bolRetailer('Bol: Handle Return', {
			resource: 'return',
			operation: 'handle',
			rmaId: expr('$json.lineId'),
			handlingResult: expr('$json.handlingResult'),
			quantityReturned: expr('$json.quantity'),
			options: {},
		}),
		4,
		y,
	);
	lane.connect(unhandled, handle, 0);
	const refunded = lane.add(
		ifNode('Refunded by Bol?', [isTrue('$json.refundedByMarketplace')]),
		5,
		y,
	);
	lane.connect(handle, refunded);
	lane.connect(before, refunded);
	const line = `$('${decide}').item.json`;
	const returned = lane.add(
		setNode('Returned Line', {
			orderId: { type: 'string', value: expr(`${line}.orderId`) },
			rmaId: { type: 'string', value: expr(`${line}.lineId`) },
			sku: { type: 'string', value: expr(`${line}.sku || ''`) },
			quantity: { type: 'number', value: expr(`${line}.quantity`) },
			registeredAt: { type: 'string', value: expr(`${line}.registeredAt`) },
		}),
		6,
		y,
	);
	lane.connect(refunded, returned, 0);
	return returned;
}

/**
 * The reconciliation lane (after the orders lane): every hour bol's open orders placed in the reconciliation window
 * ("Bol: Open Orders") go into the orders lane's "Filter Orders", the trigger's own path.
 */
export function bolReconcile(lane: Lifecycle, y: number): string {
	return reconcileOrders(
		lane,
		bolRetailer('Bol: Open Orders', {
			resource: 'order',
			operation: 'getAll',
			status: 'OPEN',
			returnAll: true,
			filters: { placedAfter: expr(RECONCILE_SINCE) },
			options: {},
		}),
		y,
		bolNotes.reconcile,
	);
}

/** "Managed Stock Only" -> "Bol: Update Stock" for items `{ sku, ean, quantity, managed }` (one batch per run). */
export function bolStockUpdate(lane: Lifecycle, from: string, column: number, y: number): string {
	const managed = lane.add(
		filterNode('Managed Stock Only', [
			isTrue('$json.managed'),
			notEmpty(`${S('offerMatch')} === 'ean' ? $json.ean : $json.sku`),
		]),
		column,
		y,
	);
	lane.connect(from, managed);
	const update = lane.add(
		{
			...bolRetailer('Bol: Update Stock', {
				resource: 'stock',
				operation: 'update',
				identifyBy: expr(S('offerMatch')),
				ean: expr('$json.ean'),
				offerId: expr(`$json.offerId || ''`),
				reference: expr('$json.sku'),
				quantity: expr('$json.quantity'),
				options: {},
			}),
			onError: 'continueRegularOutput',
		},
		column + 1,
		y,
	);
	lane.connect(managed, update);
	return update;
}

/** The lanes' sticky notes, with the store's words filled in. */
export const bolNotes = {
	orders: (store: string, specifics: string) => `## 1. Orders
New bol orders (polled) -> **Filter Orders** (sync level, order types, sync-from date) -> **Transform Orders** (store SKU, cropping, billing as shipping).
**Only New Orders** drops orders whose bol id is already on a ${store} order, so nothing is created twice.
${specifics}
An order with an unknown product or too little stock is cancelled at bol with **cancellationReason** (when **cancelUnfulfillableOrders**), and you get an email.`,
	reconcile: `## Reconciliation (at-least-once intake)
Every hour (**Every Hour: Reconcile Orders**) bol's open orders placed in the last **reconcileDays** days (or since **syncFrom**, if later) -> **Bol: Open Orders** -> orders placed more than **reconcileMinAgeMinutes** (default 30) ago -> the orders lane above, from **Filter Orders** on: the trigger's own path, not a copy. Younger orders are the trigger's (an execution may be creating them right now; two executions that both look the store up before either creates would create an order twice).
What it repairs: n8n saves the trigger's state before the workflow runs, so an order whose run failed (a store error, an n8n restart, a deploy) is never polled again. It is still open at bol, so this lane finds it: **Only New Orders** skips every order the store has already (looked up by the bol order id), and a missing one is created once. An order the store refused is tried again every hour (one email each time) until it is created, cancelled or shipped; so is an order it cannot fulfil while **cancelUnfulfillableOrders** is off.
Cost: bol lists open orders 50 per call (about 7 list calls per 3 minutes) and reads each open order placed in the window once (about 8 detail calls per minute, shared with the trigger): 100 open orders take about 13 minutes of bol's order budget. Keep **reconcileDays** to the days your orders stay open.`,
	returns: (store: string) => `## 4. Returns
New bol returns (polled) -> each returned item gets a handling result: **handlingResultByReason** for its reason, else **defaultHandlingResult** -> **Bol: Handle Return**.
Where bol refunds the customer (Return Received, Still Approved), the ${store} order gets a refund of that line (no payment is moved: bol paid) and the items go back into stock (**restockReturnedItems**). Each return is refunded once.
A return seen again (a re-run after a failure) is not handled at bol twice: an item handled already goes straight to the refund check.`,
	refunds: (store: string, specifics: string) => `## 5. Refunds
A refund made in ${store} on a bol order -> **Bol: Refund**: items not shipped yet are cancelled, shipped ones are returned as *Return Received*, and bol refunds the customer.
${specifics} A refund without product lines -> email.`,
	shipments: (store: string, specifics: string) => `## 3. Shipments
A bol order shipped in ${store} -> **Check Tracking** -> **Bol: Ship Order** with the carrier mapped by **carrierMapping** (then bol's built-in aliases and **defaultTransporter**) and the tracking code.
${specifics}
No tracking code: one email instead of a silent failure; add the code and the shipment goes out.`,
	cancellations: (store: string) => `## Store cancellations
A bol order cancelled in ${store} is cancelled at bol with **cancellationReason**, once.`,
};

/** The Bol.com lanes of every lifecycle template (see lanes.mts). */
export const BOL_LANES: MarketplaceLanes = {
	entry: MARKETPLACE_REGISTRY.bol,
	names: BOL,
	abbr: 'Bol',
	// ids from before the naming rule
	workflowIds: { magento2: 'mpsBolMageLifecy', shopify: 'mpsBolShopLifecy' },
	description: (store) =>
		`Orders, stock, shipments, returns and refunds between Bol.com and ${store.title}.`,
	settings: BOL_SETTINGS,
	settingsNote: BOL_SETTINGS_NOTE,
	triggers: {
		orders: () => ({ node: bolNewOrders(), lanes: ['New bol orders'] }),
		returns: () => ({ node: bolNewReturns(), lanes: ['New bol returns'] }),
	},
	returnsRoute: 'New bol returns',
	intake: (lane, _store, y) => {
		const transform = orderIntake(lane, { route: 'New bol orders' }, y, {
			countMarketplaceLabels: expr(S('skipVvbOrders')),
		});
		return { orders: transform, transform, shift: 0, y };
	},
	cancelUnfulfillable: bolCancelUnfulfillable,
	reconcile: bolReconcile,
	stock: { filter: 'Managed Stock Only', update: bolStockUpdate },
	shipment: (lane, from, column, y) => bolShipment(lane, from, column, y),
	shippedMark: `$json.transporterCode + ' ' + ($json.trackAndTrace || '')`,
	storeCancel: { mark: '$json.reasonCode', add: bolStoreCancel },
	refund: bolRefund,
	returnIntake: bolReturnIntake,
	returnColumn: 7,
	stockTemplate: {
		enabled: true,
		settings: { offerMatch: BOL_SETTINGS.offerMatch },
		settingsNote: '- **offerMatch** `reference` (bol offer reference = store SKU) | `ean`',
		fanOut: 'bol by **offerMatch** (EANs looked up 50 per call)',
		selfFulfilled: { refused: 'bol FBB' },
	},
	pairs: {
		woocommerce: {
			notes: {
				orders: bolNotes.orders(
					'WooCommerce',
					`Lines are matched to store products and variations by SKU. An order that can be fulfilled is created with status *processing* (WooCommerce reserves the stock) and the bol id in the order meta **orderIdMetaKey**;
bol-fulfilled (FBB) orders are created *completed* with WooCommerce's \`_order_stock_reduced\` flag, so they do not move store stock unless **updateStockForMarketplaceOrders** (or the order's \`updateStoreStock\`).`,
				),
				stock: `## 2. Stock
A product saved in WooCommerce (stock changed by an order, a refund, or by hand) -> after **stockSettleSeconds** its current stock, or the stock of each of its variations, goes to the bol offers in one batch (read again when the wait is over, not taken from the webhook, so a webhook arriving late cannot send an old number; two changes of one product seconds apart can still reach bol in the wrong order, which the hourly full sync repairs).
Every hour the whole catalogue is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.
Offers are found by **offerMatch**. Offers bol fulfils (FBB) keep bol's stock: their update fails on purpose and the others go on.`,
				shipments: bolNotes.shipments(
					'WooCommerce (status *completed*)',
					'The tracking code and carrier come from the Shipment Tracking extension (order meta **trackingMetaKey**); the order gets `_bol_shipment`, so it ships once.',
				),
				cancellations: bolNotes.cancellations('WooCommerce'),
				refunds: bolNotes.refunds(
					'WooCommerce',
					'Refunds this workflow made for bol returns are skipped; each refund is sent once (`_bol_refunds_forwarded`). ' +
						wooClaimNote('bol'),
				),
				returns: bolNotes.returns('WooCommerce'),
			},
			refundItems: () => WOO_REFUND_SKUS,
		},
		magento2: {
			pollNote: 'Poll intervals are on the triggers (n8n triggers run before Settings).',
			notes: {
				orders: bolNotes.orders(
					'Magento',
					`Lines are matched by SKU against the salable quantity (MSI, stock **stockId**). An order that can be fulfilled goes through the cart (Magento reserves the stock), gets the bol id as an order comment \`[bol:<id>]\` and is invoiced: bol collected the money. Magento prices the lines itself (the REST cart takes no custom price); the comment records what the customer paid at bol.
Magento reserves stock for every order it places, so bol-fulfilled (FBB) orders are not created unless they move store stock (**updateStockForMarketplaceOrders**).`,
				),
				stock: `## 2. Stock
Every 15 minutes: the salable quantity (MSI: source quantities minus reservations of open orders) of every simple product -> **Only Changed for Bol** (what bol does not have yet) -> the bol offers, in one batch -> **Remember Sent to Bol** keeps what bol accepted (the workflow's static data).
Offers are found by **offerMatch**. Offers bol fulfils (FBB) keep bol's stock: their update fails on purpose and the others go on.`,
				storeChanges: `${bolNotes.shipments('Magento', 'Every 5 minutes the orders changed in the last **lookbackDays** are read once; their new shipments (with the last track of each) go to bol, line by line, and get the comment `[bol-shipped:<shipment>]`, so each ships once.')}

Orders are invoiced when they are created, so Magento does not cancel them: a credit memo (below) is how the store gives money back, and bol cancels what was not shipped.

${bolNotes.refunds('Magento (a credit memo)', 'Credit memos this workflow made for bol returns are skipped; each is sent once (`[bol-refund-forwarded:<memo>]`). ' + mageClaimNote('bol'))}`,
				returns: bolNotes.returns('Magento (credit memo, offline)'),
			},
			refundItems: () => MAGE_REFUND_SKUS,
		},
		shopify: {
			notes: {
				orders: bolNotes.orders(
					'Shopify',
					`Lines are matched to the shop's variants by SKU. An order that can be fulfilled is created paid, at the prices the customer paid at bol, without receipts, with the bol id in the note attribute \`bol_order_id\`; the stock is decremented (obeying each variant's inventory policy) when the order moves stock.
Bol-fulfilled (FBB) orders do not move stock unless **updateStockForMarketplaceOrders** (or the order's \`updateStoreStock\`), and are marked fulfilled at once.`,
				),
				stock: `## 2. Stock
An inventory level changed in Shopify (an order, a refund, by hand) -> after **stockSettleSeconds** the item's SKU and its current available quantity (all locations, or **locationId**) go to the bol offer (read again when the wait is over, not taken from the webhook, so a webhook arriving late cannot send an old number; two changes of one item seconds apart can still reach bol in the wrong order, which the hourly full sync repairs).
Every hour every variant's stock is sent again in one batch (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.
Offers are found by **offerMatch** (\`ean\` is the variant barcode, in the full sync only). Offers bol fulfils (FBB) keep bol's stock.`,
				shipments: bolNotes.shipments(
					'Shopify (a fulfilment, or a fulfilment whose tracking was added later)',
					'Each fulfilment goes to bol line by line and marks the order (`bol_shipped_<fulfilment>`), so it ships once.',
				),
				cancellations: bolNotes.cancellations('Shopify'),
				refunds: bolNotes.refunds(
					'Shopify',
					'Refunds this workflow made for bol returns are skipped; each refund is sent once (`bol_refund_forwarded_<refund>`). ' +
						shopClaimNote('bol'),
				),
				returns: bolNotes.returns('Shopify'),
			},
			refundItems: shopRefundSkus,
		},
	},
};
