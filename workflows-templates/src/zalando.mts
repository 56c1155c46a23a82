/**
 * The Zalando zDirect side of the lifecycle templates, written once for every store: the triggers, the settings
 * (Koongo's Zalando order-sync settings), and the steps that talk to Zalando in each lane. A store template wires its
 * own steps between them: `ZALANDO_LANES` (see lanes.mts).
 *
 * What is Zalando's own: an order must be accepted (exported with your store order number) within 3 hours of its
 * creation, after the store order exists; a shipment needs a tracking number and a return tracking number; Zalando
 * takes no cancellation reason and has no refund call (it refunds every unit that is cancelled or returned); returns
 * are announced by the customer and handled per unit (order line).
 */
import { MARKETPLACE_REGISTRY } from '../../nodes/shared/marketplaces';
import type { NodeSpec } from './builder.mts';
import type { MarketplaceLanes, StoreId } from './lanes.mts';
import {
	MAGE_REFUND_SKUS,
	mageClaimNote,
	mageLineRefundedByMerchant,
	mageReturnRefunded,
} from './magento2.mts';
import {
	SHOP_FULFILMENT,
	SHOP_RETURN_REFUNDED,
	noteAttribute,
	shopClaimNote,
	shopRefundSkus,
} from './shopify.mts';
import { WOO_REFUND_SKUS, WOO_RETURN_REFUNDED, wooClaimNote, wooMeta } from './woocommerce.mts';
import {
	ORDER_SYNC_SETTINGS,
	RECONCILE_SINCE,
	acceptAfterStoreOrder,
	cancelUnfulfillable,
	orderIntake,
	marketplaceRefund,
	marketplaceShipment,
	marketplaceStockUpdate,
	reconcileOrders,
	reconcileSettings,
	type Lifecycle,
	type MarketplaceNames,
} from './lifecycle.mts';
import {
	TEST_MODE_NOTE,
	TEST_MODE_SETTING,
	expr,
	ifNode,
	isFalse,
	isTrue,
	notEmpty,
	setNode,
	setting,
	splitOut,
	zalandoNode,
	zalandoTrigger,
	type Fields,
} from './nodes.mts';

const S = setting;

/** How the lanes name Zalando (node names "Completed Zalando Orders", meta keys `_zalando_*`, refunds "Zalando return ..."). */
export const ZALANDO: MarketplaceNames = { key: 'zalando', name: 'Zalando', title: 'Zalando' };

/** Settings of the Zalando lanes, whatever the store (Koongo's Zalando settings). */
export const ZALANDO_SETTINGS: Fields = {
	...TEST_MODE_SETTING,
	syncLevel: ORDER_SYNC_SETTINGS.syncLevel,
	// Koongo's default: FBR (partner-fulfilled) orders only
	orderTypes: { type: 'string', value: 'merchant' },
	syncFrom: ORDER_SYNC_SETTINGS.syncFrom,
	...reconcileSettings(2),
	skipMarketplaceFulfilledLines: ORDER_SYNC_SETTINGS.skipMarketplaceFulfilledLines,
	updateStockForMarketplaceOrders: ORDER_SYNC_SETTINGS.updateStockForMarketplaceOrders,
	productIdentification: ORDER_SYNC_SETTINGS.productIdentification,
	skuPrefixPattern: ORDER_SYNC_SETTINGS.skuPrefixPattern,
	skuSuffixPattern: ORDER_SYNC_SETTINGS.skuSuffixPattern,
	useBillingAsShipping: ORDER_SYNC_SETTINGS.useBillingAsShipping,
	cancelUnfulfillableOrders: ORDER_SYNC_SETTINGS.cancelUnfulfillableOrders,
	returnReason: { type: 'number', value: 0 },
	salesChannelId: { type: 'string', value: '' },
	restockReturnedItems: ORDER_SYNC_SETTINGS.restockReturnedItems,
	returnLookbackDays: { type: 'number', value: 120 },
	notificationEmail: ORDER_SYNC_SETTINGS.notificationEmail,
	notificationFrom: ORDER_SYNC_SETTINGS.notificationFrom,
};

/** The Settings note lines for the Zalando settings. */
export const ZALANDO_SETTINGS_NOTE = `${TEST_MODE_NOTE}
- **syncLevel** \`ordersAndStock\` | \`stockOnly\`; **orderTypes** \`merchant\` (FBR, partner-fulfilled: the default) | \`marketplace\` (FBZ, Zalando-fulfilled) | \`all\` (both); **syncFrom** (ISO date); **skipMarketplaceFulfilledLines**
- **reconcileDays**: how far back the hourly reconciliation reads Zalando's approved orders not exported yet (created in the last days; or since **syncFrom**, if later); **reconcileMinAgeMinutes**: younger orders are left to the trigger
- **updateStockForMarketplaceOrders**: let Zalando-fulfilled (FBZ) orders move store stock
- **productIdentification** \`sku\` (Zalando's merchant product id, \`external_id\`) | \`ean\` | \`offerId\` (Zalando article id), **skuPrefixPattern**, **skuSuffixPattern** (regular expressions cropped from it), **useBillingAsShipping**
- **cancelUnfulfillableOrders** (Zalando takes no cancellation reason: the customer is told the item is cancelled and refunded)
- **returnReason**: Zalando's return reason code (0-10, default 0) for returned units and for refunds of shipped units
- **salesChannelId**: the sales channel (a UUID) whose stock is set; empty: every live sales channel
- **restockReturnedItems**, **returnLookbackDays** (how far back the store orders of a return are looked up)
- **notificationEmail**, **notificationFrom**`;

/**
 * "Zalando: New Orders": approved orders, partner-fulfilled ones while not exported; both order types (Settings
 * **orderTypes** decides in "Filter Orders", as the trigger runs before Settings).
 */
export const zalandoNewOrders = (minutes = 5) =>
	zalandoTrigger('Zalando: New Orders', 'newOrder', minutes, { orderTypes: 'both' });
export const zalandoNewReturns = (minutes = 15) =>
	zalandoTrigger('Zalando: New Returns', 'newReturn', minutes);

/** "Zalando: ..." cancelling every unit of the item's `orderId` not shipped yet. */
const zalandoCancelNode = (name: string): NodeSpec =>
	zalandoNode(name, {
		resource: 'order',
		operation: 'cancel',
		orderId: expr('$json.orderId'),
		itemsMode: 'allOpen',
	});

/** Orders the store cannot fulfil: cancelled at Zalando (partner-fulfilled ones, when "cancelUnfulfillableOrders"), an email either way. */
export function zalandoCancelUnfulfillable(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): void {
	cancelUnfulfillable(lane, from, column, y, {
		marketplace: ZALANDO,
		cancel: zalandoCancelNode('Zalando: Cancel Order'),
		cancelWhen: (order) =>
			`${S('cancelUnfulfillableOrders')} && ${order}.fulfilment === 'merchant'`,
		cancelledText: `'It was cancelled at Zalando (every unit; Zalando takes no reason and refunds the customer).'`,
	});
}

/**
 * The store order number Zalando gets on export (letters and digits only; JS on the items, see `zalandoAccept`):
 * `created` on the store's answer to the order creation, `stored` on an item of the store lookup ("Orders Already in
 * Store": the order merged with its store order).
 */
export interface MerchantOrderId {
	created: string;
	stored: string;
}

/**
 * Zalando's export step after the store order exists (`acceptAfterStoreOrder`): the order just created ("Created
 * Order") and the orders already in the store ("Stored Order", with the store order number) -> "Not Exported Yet"
 * (partner-fulfilled and not exported) -> "Zalando: Accept Order" with the store order number (an order exported
 * before is not exported again: `alreadyAccepted`); a refusal -> "Email: Order Not Accepted" (the reconciliation
 * tries again every hour).
 */
export function zalandoAccept(
	lane: Lifecycle,
	options: {
		created: string;
		orders: string;
		merchantOrderId: MerchantOrderId;
		/** Column and row of "Created Order" (the accept steps follow it) and of "Orders Already in Store". */
		at: [number, number];
		existingAt: [number, number];
	},
): string {
	const order = `$('Check Store Stock').item.json`;
	return acceptAfterStoreOrder(lane, {
		...options,
		createdFields: {
			orderId: { type: 'string', value: expr(`${order}.orderId`) },
			fulfilment: { type: 'string', value: expr(`${order}.fulfilment`) },
			merchantOrderId: { type: 'string', value: expr(options.merchantOrderId.created) },
		},
		storedFields: {
			merchantOrderId: { type: 'string', value: expr(options.merchantOrderId.stored) },
		},
		open: {
			name: 'Not Exported Yet',
			conditions: [
				isTrue(`$json.fulfilment === 'merchant' && !($json.extra && $json.extra.exported)`),
				notEmpty('$json.merchantOrderId'),
			],
		},
		accept: zalandoNode('Zalando: Accept Order', {
			resource: 'order',
			operation: 'accept',
			orderId: expr('$json.orderId'),
			merchantOrderId: expr('$json.merchantOrderId'),
			options: {},
		}),
		refused: (item) => ({
			subject: `=Zalando order {{ ${item}.orderId }} was not accepted`,
			text: `=Zalando order {{ ${item}.orderId }} is in the store (order {{ ${item}.merchantOrderId }}), but Zalando did not take its export: {{ $json.error || 'no answer' }}{{ $json.errorDescription ? ' (' + $json.errorDescription + ')' : '' }}.\nThe hourly reconciliation tries again; Zalando expects the export within 3 hours of the order.`,
		}),
	});
}

/**
 * Store shipments -> "Check Tracking" (Zalando: tracking and return tracking code; `codes`: where the store keeps
 * them) -> "Zalando: Ship Order" (both numbers, then every open unit to shipped; with `items`, JS of the shipment's
 * `[{ sku, quantity }]`: only those units, so a partial shipment stays partial), or the missing-tracking email.
 */
export function zalandoShipment(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
	options: {
		codes: { trackingCode: string; returnTrackingCode: string; secondCodeIsReturn?: boolean };
		/** Where the store keeps the return tracking number, for the email. */
		returnWhere: string;
		/** JS: the units shipped, `[{ sku, quantity }]` (store SKU = Zalando's merchant product id); default: every open unit. */
		items?: string;
	},
): { shipped: string; notified: string } {
	return marketplaceShipment(lane, from, column, y, {
		marketplace: ZALANDO,
		codes: options.codes,
		ship: zalandoNode('Zalando: Ship Order', {
			resource: 'shipment',
			operation: 'create',
			orderId: expr('$json.orderId'),
			trackingNumber: expr('$json.trackingCheck.trackingCode'),
			returnTrackingNumber: expr('$json.trackingCheck.returnTrackingCode'),
			...(options.items
				? { itemsMode: 'list', items: expr(`JSON.stringify(${options.items})`) }
				: { itemsMode: 'allOpen' }),
			options: {},
		}),
		needs: `Zalando needs the tracking number and the return tracking number of the parcel (${options.returnWhere})`,
	});
}

/** JS on "Zalando: Ship Order"'s output: the store's shipped mark (both numbers). */
export const ZALANDO_SHIPPED_MARK = `$json.trackingNumber + ' / ' + $json.returnTrackingNumber`;

/** "Zalando: Cancel Store-Cancelled Order" (every unit not shipped yet) for items with `orderId`. */
export function zalandoStoreCancel(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): string {
	const cancel = lane.add(zalandoCancelNode('Zalando: Cancel Store-Cancelled Order'), column, y);
	lane.connect(from, cancel);
	return cancel;
}

/**
 * A store refund with items (`[{ sku, quantity }]`) -> "Zalando: Refund": Zalando has no refund call, so the units are
 * cancelled (not shipped yet) or returned (shipped, with **returnReason**) and Zalando refunds them; without items: an
 * email.
 */
export function zalandoRefund(lane: Lifecycle, from: string, column: number, y: number): string {
	return marketplaceRefund(lane, from, column, y, {
		marketplace: ZALANDO,
		refund: zalandoNode('Zalando: Refund', {
			resource: 'refund',
			operation: 'create',
			orderId: expr('$json.orderId'),
			itemsMode: 'list',
			items: expr('JSON.stringify($json.items)'),
			reason: expr(S('returnReason')),
		}),
		why: 'Zalando refunds per unit and takes no amounts; cancel or return the units in the Zalando partner portal',
	});
}

/**
 * New announced returns -> "Return Lines" (one per returned unit) -> units not returned at Zalando yet ->
 * "Zalando: Handle Return" (with **returnReason**; Zalando refunds the customer); units returned before go straight
 * to the refund check. Returns "Returned Line" `{ orderId, rmaId (the order line id), sku, quantity, registeredAt,
 * handledBefore }`, for the store refund.
 */
export function zalandoReturnIntake(lane: Lifecycle, route: string, y: number): string {
	const lines = lane.add(splitOut('Return Lines', 'lines'), 0, y);
	lane.fromRoute(route, lines);
	const unhandled = lane.add(ifNode('Not Handled Yet?', [isFalse('$json.handled')]), 1, y);
	lane.connect(lines, unhandled);
	const handle = lane.add(
		zalandoNode('Zalando: Handle Return', {
			resource: 'return',
			operation: 'handle',
			orderId: expr('$json.orderId'),
			orderLineIds: expr('$json.lineId'),
			reason: expr(S('returnReason')),
		}),
		2,
		y,
	);
	lane.connect(unhandled, handle, 0);
	const line = `$('${lines}').item.json`;
	const returned = lane.add(
		setNode('Returned Line', {
			orderId: { type: 'string', value: expr(`${line}.orderId`) },
			rmaId: { type: 'string', value: expr(`${line}.lineId`) },
			sku: { type: 'string', value: expr(`${line}.sku || ''`) },
			quantity: { type: 'number', value: expr(`${line}.quantity`) },
			registeredAt: {
				type: 'string',
				value: expr(`$('Route by Trigger').item.json.registeredAt`),
			},
			handledBefore: { type: 'boolean', value: expr(`${line}.handled === true`) },
		}),
		4,
		y,
	);
	lane.connect(handle, returned);
	lane.connect(unhandled, returned, 1);
	return returned;
}

/**
 * JS (on a returned line joined with its store order): a unit returned at Zalando before this run whose order has a
 * store refund not made for a Zalando return: the merchant refunded it in the store, and the refund lane returned it
 * at Zalando, so it is not refunded again.
 */
export const zalandoRefundedInStore = (prefix: (refund: string) => string) =>
	`($json.handledBefore && $json.storeRefunds.some(r => !${prefix('r')}))`;

/** "Zalando: Managed Stock" (managed, with an EAN) -> "Zalando: Update Stock" for items `{ ean, quantity, managed }`, one batch. */
export function zalandoStockUpdate(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): string {
	return marketplaceStockUpdate(lane, from, column, y, {
		marketplace: ZALANDO,
		conditions: [notEmpty('$json.ean')],
		update: zalandoNode('Zalando: Update Stock', {
			resource: 'stock',
			operation: 'update',
			ean: expr('$json.ean'),
			quantity: expr('$json.quantity'),
			salesChannelId: expr(S('salesChannelId')),
		}),
	});
}

/**
 * The reconciliation lane (after the orders lane): every hour Zalando's approved partner-fulfilled orders created in
 * the window and not exported yet ("Zalando: Open Orders") go into the orders lane's "Filter Orders", the trigger's own
 * path: a missing order is created and accepted, one in the store already is accepted ("Orders Already in Store").
 */
export function zalandoReconcile(lane: Lifecycle, y: number): string {
	return reconcileOrders(
		lane,
		zalandoNode('Zalando: Open Orders', {
			resource: 'order',
			operation: 'getAll',
			status: 'approved',
			returnAll: true,
			filters: { createdAfter: expr(RECONCILE_SINCE), exported: 'notExported' },
			options: { orderTypes: 'fbr' },
		}),
		y,
		zalandoNotes.reconcile,
	);
}

/** The Zalando lanes' sticky notes, with the store's words filled in. */
export const zalandoNotes = {
	orders: (store: string, specifics: string) => `## 1. Orders
New Zalando orders (polled: approved, partner-fulfilled ones while not exported) -> **Filter Orders** (sync level, order types FBR/FBZ, sync-from date) -> **Transform Orders** (store SKU, cropping, billing as shipping).
**Only New Orders** drops orders whose Zalando order id is already on a ${store} order, so nothing is created twice.
${specifics}
Then **Zalando: Accept Order** exports the order with the store order number (Zalando expects it within 3 hours). An order already in the store but not exported (its export failed, or its run stopped after the store order) is accepted instead of created (**Orders Already in Store**); one exported before is not exported again. A refused export -> email, and the hourly reconciliation tries again.
An order with an unknown product or too little stock is cancelled at Zalando (every unit; when **cancelUnfulfillableOrders**), and you get an email.`,
	reconcile: `## Reconciliation (at-least-once intake and export)
Every hour (**Every Hour: Reconcile Orders**) Zalando's approved partner-fulfilled orders not exported yet, created in the last **reconcileDays** days (or since **syncFrom**, if later) -> **Zalando: Open Orders** -> orders created more than **reconcileMinAgeMinutes** (default 30) ago -> the orders lane above, from **Filter Orders** on: the trigger's own path, not a copy. Younger orders are the trigger's.
What it repairs: n8n saves the trigger's state before the workflow runs, so an order whose run failed is never polled again. It stays "not exported" at Zalando, so this lane finds it: a missing one is created once and accepted; one the store has already (looked up by the Zalando order id) is only accepted. Zalando-fulfilled (FBZ) orders need no export and are not reconciled.
Cost: one order list call per 1000 orders (Zalando allows 40 a minute).`,
	stock: (specifics: string) => `## 2. Stock
${specifics}
Zalando finds articles by EAN: products without an EAN are skipped. The stock goes to **salesChannelId**, or to every live sales channel when it is empty; up to 1000 items per request, paced to Zalando's limits (60 requests and 2000 items a minute). An item Zalando rejects (unknown EAN) fails alone and the others go on.`,
	shipments: (store: string, specifics: string) => `## 3. Shipments
A partner-fulfilled Zalando order shipped in ${store} -> **Check Tracking** (Zalando requires the tracking number and the return tracking number of the return label in the parcel) -> **Zalando: Ship Order**: both numbers, then the shipped units (the shipment's lines, or every open unit) to shipped (5 seconds later, as Zalando asks).
${specifics}
A number missing: one email instead of a shipment (a missing return tracking number counts against your Zalando KPIs); add it and the shipment goes out. Zalando keeps the first tracking number of an order.`,
	cancellations: (store: string) => `## Store cancellations
A Zalando order cancelled in ${store} is cancelled at Zalando (every unit not shipped yet; Zalando takes no reason and refunds the customer), once.`,
	refunds: (store: string, specifics: string) => `## 5. Refunds
A refund made in ${store} on a Zalando order -> **Zalando: Refund** of its product lines: Zalando has no refund call and no amounts, so units not shipped yet are cancelled and shipped ones returned (with **returnReason**), and Zalando refunds the customer for them.
${specifics} A refund without product lines -> email.`,
	returns: (store: string) => `## 4. Returns
New Zalando returns (announced by the customer; polled) -> one item per returned unit -> **Zalando: Handle Return** (unit to returned, with **returnReason**: Zalando refunds the customer).
The ${store} order gets a refund of that unit (no payment is moved: Zalando paid) and the items go back into stock (**restockReturnedItems**). Each unit is refunded once; a unit returned at Zalando before (a re-run) is not handled twice, and one you refunded in ${store} yourself (sent to Zalando by lane 5) is not refunded again.`,
};

/** The line of a setting in a Settings note (the stock templates take one setting of the Zalando lifecycle's). */
function noteLine(note: string, name: string): string {
	const line = note.split('\n').find((l) => l.startsWith(`- **${name}**`));
	if (!line) throw new Error(`no Settings note line for ${name}`);
	return line;
}

/** JS: the tracks of the Magento shipment being checked (its "Shipments of Zalando Orders" item), in the order they were added. */
const MAGE_TRACKS = `($('Shipments of Zalando Orders').item.json.tracks || []).slice().sort((a, b) => a.entity_id - b.entity_id)`;
/** JS function: is a Magento track the return label's (its title or carrier code contains **returnTrackTitle**). */
const MAGE_IS_RETURN_TRACK = `(t => (name => name !== '' && [t.title, t.carrier_code].some(v => String(v || '').toLowerCase().includes(name)))(String(${S('returnTrackTitle')} || '').trim().toLowerCase()))`;
/** The WooCommerce order of a shipment ("Completed Zalando Orders") and the Shopify order of a fulfilment. */
const WOO_ORDER = `$('Completed Zalando Orders').item.json`;
const SHOP_ORDER = `$('Shopify: Order of Fulfillment').item.json.order`;

/**
 * Where each store keeps the tracking number and the return tracking number (the pair's setting: a WooCommerce
 * order meta, a Magento track title, a Shopify note attribute), and the email's words for it.
 */
const TRACKING: Record<
	StoreId,
	{
		codes: { trackingCode: string; returnTrackingCode: string; secondCodeIsReturn: boolean };
		returnWhere: string;
	}
> = {
	woocommerce: {
		codes: {
			trackingCode: expr(
				`[].concat(${wooMeta(S('trackingMetaKey'), WOO_ORDER)} || []).map(t => t.tracking_number).filter(Boolean)`,
			),
			returnTrackingCode: expr(`${wooMeta(S('returnTrackingMetaKey'), WOO_ORDER)} || ''`),
			secondCodeIsReturn: true,
		},
		returnWhere:
			'a second Shipment Tracking entry for the return label, or the order meta named in returnTrackingMetaKey',
	},
	magento2: {
		codes: {
			trackingCode: expr(
				`${MAGE_TRACKS}.filter(t => !${MAGE_IS_RETURN_TRACK}(t)).map(t => t.track_number).filter(Boolean)`,
			),
			returnTrackingCode: expr(
				`(${MAGE_TRACKS}.find(${MAGE_IS_RETURN_TRACK}) || {}).track_number || ''`,
			),
			secondCodeIsReturn: true,
		},
		returnWhere:
			'a track on the Magento shipment whose title names returnTrackTitle, or a second track',
	},
	shopify: {
		codes: {
			trackingCode: expr(
				`[].concat(${SHOP_FULFILMENT}.tracking_numbers || ${SHOP_FULFILMENT}.tracking_number || []).filter(Boolean)`,
			),
			returnTrackingCode: expr(`${noteAttribute(S('returnTrackingAttribute'), SHOP_ORDER)} || ''`),
			secondCodeIsReturn: true,
		},
		returnWhere:
			'the order note attribute named in returnTrackingAttribute, or a second tracking number on the fulfilment',
	},
};

/** The Zalando lanes of every lifecycle template (see lanes.mts). */
export const ZALANDO_LANES: MarketplaceLanes = {
	entry: MARKETPLACE_REGISTRY.zalando,
	names: ZALANDO,
	abbr: 'Zal',
	description: (store) =>
		`Orders, stock, shipments, cancellations, refunds and returns between Zalando and ${store.title}.`,
	settings: ZALANDO_SETTINGS,
	settingsNote: ZALANDO_SETTINGS_NOTE,
	triggers: {
		orders: () => ({ node: zalandoNewOrders(), lanes: ['New Zalando orders'] }),
		returns: () => ({ node: zalandoNewReturns(), lanes: ['New Zalando returns'] }),
	},
	returnsRoute: 'New Zalando returns',
	intake: (lane, _store, y) => {
		const transform = orderIntake(lane, { route: 'New Zalando orders' }, y);
		return { orders: transform, transform, shift: 0, y };
	},
	// the export with the store order number, after the store order exists
	accept: {
		orderNumber: true,
		add: (lane, { created, orders, number, at, existingAt }) => {
			if (!number) throw new Error('Zalando accepts with the store order number: none given');
			return zalandoAccept(lane, { created, orders, merchantOrderId: number, at, existingAt });
		},
	},
	cancelUnfulfillable: zalandoCancelUnfulfillable,
	reconcile: zalandoReconcile,
	stock: { filter: 'Zalando: Managed Stock', barcodes: true, update: zalandoStockUpdate },
	shipment: (lane, from, column, y, store) =>
		zalandoShipment(lane, from, column, y, {
			...TRACKING[store.id],
			// the shipment's own lines: a partial shipment stays partial at Zalando
			...(store.shipmentLines ? { items: '$json.lines' } : {}),
		}),
	shippedMark: ZALANDO_SHIPPED_MARK,
	storeCancel: { mark: '$json.status', add: zalandoStoreCancel },
	refund: zalandoRefund,
	returnIntake: zalandoReturnIntake,
	returnColumn: 5,
	stockTemplate: {
		enabled: true,
		settings: { salesChannelId: ZALANDO_SETTINGS.salesChannelId },
		settingsNote: noteLine(ZALANDO_SETTINGS_NOTE, 'salesChannelId'),
		fanOut:
			'Zalando by EAN on **salesChannelId** or every live sales channel (up to 1000 items per request; products without an EAN are skipped)',
		selfFulfilled: {
			note: "Zalando-fulfilled (FBZ) stock is Zalando's: the template only sets your own (partner-fulfilled) stock.",
		},
	},
	pairs: {
		woocommerce: {
			settings: { returnTrackingMetaKey: { type: 'string', value: '_zalando_return_tracking' } },
			settingsNote:
				'- **returnTrackingMetaKey**: order meta with the return tracking number (Zalando requires one); empty meta: the second Shipment Tracking entry of the order',
			notes: {
				orders: zalandoNotes.orders(
					'WooCommerce',
					`Lines are matched to store products and variations by SKU. An order that can be fulfilled is created with status *processing* (WooCommerce reserves the stock) and the Zalando order id in the order meta **orderIdMetaKey**; Zalando gets the WooCommerce order id as its merchant order id.
Zalando-fulfilled (FBZ) orders are created *completed* with WooCommerce's \`_order_stock_reduced\` flag, so they do not move store stock unless **updateStockForMarketplaceOrders**.`,
				),
				stock:
					zalandoNotes.stock(`A product saved in WooCommerce (stock changed by an order, a refund, or by hand) -> after **stockSettleSeconds** its current stock, or the stock of each of its variations, goes to Zalando in one batch (read again when the wait is over, not taken from the webhook).
Every hour the whole catalogue is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed. The EAN is the product's \`global_unique_id\`, else its meta **eanMetaKey**.`),
				shipments: zalandoNotes.shipments(
					'WooCommerce (status *completed*)',
					'The tracking number is the first entry of the Shipment Tracking extension (order meta **trackingMetaKey**); the return tracking number is the order meta **returnTrackingMetaKey** (`_zalando_return_tracking`), else the second Shipment Tracking entry. The order gets `_zalando_shipment`, so it ships once.',
				),
				cancellations: zalandoNotes.cancellations('WooCommerce'),
				refunds: zalandoNotes.refunds(
					'WooCommerce',
					'Refunds this workflow made for Zalando returns are skipped; each refund is sent once (`_zalando_refunds_forwarded`). ' +
						wooClaimNote('zalando'),
				),
				returns: zalandoNotes.returns('WooCommerce'),
			},
			refundItems: () => WOO_REFUND_SKUS,
			returnRefunded: `${WOO_RETURN_REFUNDED} || ${zalandoRefundedInStore((r) => `String(${r}.reason || '').startsWith('Zalando return')`)}`,
		},
		magento2: {
			settings: { returnTrackTitle: { type: 'string', value: 'Return' } },
			settingsNote:
				"- **returnTrackTitle**: the return tracking number (Zalando requires one) is the shipment's track whose title or carrier code contains this text (not case-sensitive; default `Return`); without such a track, the shipment's second track",
			fullStockSync: true,
			cancellations: true,
			notes: {
				orders: zalandoNotes.orders(
					'Magento',
					`Lines are matched by SKU against the salable quantity (MSI, stock **stockId**). An order that can be fulfilled goes through the cart (Magento reserves the stock), gets the Zalando order id as an order comment \`[zalando:<id>]\` and is invoiced: Zalando collected the money. Magento prices the lines itself (the REST cart takes no custom price); the comment records what the customer paid at Zalando. Zalando gets the Magento increment id (letters and digits only) as its merchant order id.
Magento reserves stock for every order it places, so Zalando-fulfilled (FBZ) orders are not created unless they move store stock (**updateStockForMarketplaceOrders**).`,
				),
				stock:
					zalandoNotes.stock(`Every 15 minutes: the salable quantity (MSI: source quantities minus reservations of open orders) of every simple product -> **Only Changed for Zalando** (what Zalando does not have yet) -> Zalando, in one batch -> **Remember Sent to Zalando** keeps what Zalando accepted (the workflow's static data).
Every hour (**Every Hour: Full Stock Sync**) every product goes to Zalando again, changed or not, which repairs anything Zalando lost. The EAN is the product attribute \`ean\`.`),
				storeChanges: `${zalandoNotes.shipments(
					'Magento (a shipment)',
					'Every 5 minutes the orders changed in the last **lookbackDays** are read once. The return tracking number is the track of the shipment whose title or carrier code contains **returnTrackTitle**, the tracking number the first other track; without a return track so named, the first track is the tracking number and the second the return tracking number. Only the lines of the shipment are shipped at Zalando, so a partial shipment stays partial. The order gets the comment `[zalando-shipped:<shipment>]`, so each shipment is sent once; a track added later to a shipment without one sends it then.',
				)}

${zalandoNotes.cancellations('Magento')} It then gets the comment \`[zalando-cancelled]\`. Orders are invoiced when they are created, so Magento offers **Cancel** only for an order whose invoice is missing; otherwise a credit memo (5. Refunds) is how you cancel in Magento, and Zalando cancels the units not shipped yet.

${zalandoNotes.refunds(
	'Magento (a credit memo)',
	'Credit memos this workflow made for Zalando returns are skipped; each memo is sent once (`[zalando-refund-forwarded:<memo>]`). ' +
		mageClaimNote('zalando'),
)}`,
				returns: `${zalandoNotes.returns('Magento')}
In Magento the refund is an offline credit memo of the unit with return to stock; the credit memo carries \`[zalando-return-refunded:<line>:memo] <sku> x <qty>\` from the start and the order gets \`[zalando-return-refunded:<line>:<memo>]\`, and the refund lane does not send the memo back to Zalando.`,
			},
			refundItems: () => MAGE_REFUND_SKUS,
			// a unit returned at Zalando before this run whose line the merchant refunded with a memo of their own (lane 5
			// returned it at Zalando) is not refunded again
			returnRefunded: `${mageReturnRefunded(ZALANDO)} || ($json.handledBefore && ${mageLineRefundedByMerchant(ZALANDO)})`,
		},
		shopify: {
			settings: {
				returnTrackingAttribute: { type: 'string', value: 'zalando_return_tracking' },
			},
			settingsNote:
				'- **returnTrackingAttribute**: the order note attribute with the return tracking number (Zalando requires one); without it: the second tracking number of the fulfilment',
			notes: {
				orders: zalandoNotes.orders(
					'Shopify',
					`Lines are matched to the shop's variants by SKU. An order that can be fulfilled is created paid, at the prices the customer paid at Zalando, without receipts, with the Zalando order id in the note attribute \`zalando_order_id\`; the stock is decremented (obeying each variant's inventory policy). Zalando gets the Shopify order name without \`#\` (\`#1001\` -> \`1001\`) as its merchant order number.
Zalando-fulfilled (FBZ) orders are created and marked fulfilled at once, and do not move store stock unless **updateStockForMarketplaceOrders**.`,
				),
				stock:
					zalandoNotes.stock(`An inventory level changed in Shopify (an order, a refund, by hand) -> after **stockSettleSeconds** the item's current available quantity (all locations, or **locationId**) goes to Zalando (read again when the wait is over, not taken from the webhook; two changes of one item seconds apart can still reach Zalando in the wrong order, which the hourly full sync repairs).
Every hour every variant's stock is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed. The EAN is the variant's barcode: Shopify's REST API finds no variant by inventory item, so a change reads the shop's product list once (**Shopify: Changed Item Products**) for it.`),
				shipments: zalandoNotes.shipments(
					'Shopify (a fulfilment, or a fulfilment whose tracking was added later)',
					"The tracking number is the fulfilment's first; the return tracking number is the order note attribute **returnTrackingAttribute** (`zalando_return_tracking`), else the fulfilment's second tracking number (added later: add it to the fulfilment's tracking, or set the note attribute and save the tracking again; the fulfilment update ships it). Each fulfilment ships its own units (SKU and quantity), so a partial fulfilment stays partial; a later fulfilment of the order must carry the same tracking number (another one fails the execution: Zalando keeps one per order). The order gets `zalando_shipped_<fulfilment>`, so each fulfilment ships once.",
				),
				cancellations: zalandoNotes.cancellations('Shopify'),
				refunds: zalandoNotes.refunds(
					'Shopify',
					'Refunds this workflow made for Zalando returns are skipped; each refund is sent once (`zalando_refund_forwarded_<refund>`). ' +
						shopClaimNote('zalando'),
				),
				returns: zalandoNotes.returns('Shopify'),
			},
			refundItems: shopRefundSkus,
			returnRefunded: `${SHOP_RETURN_REFUNDED} || ${zalandoRefundedInStore((r) => `String(${r}.note || '').startsWith('Zalando return')`)}`,
		},
	},
};
