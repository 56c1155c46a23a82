/**
 * The Miinto side of the lifecycle templates, written once for every store: the node and trigger specs, the settings
 * (Koongo's Miinto order-sync settings), and the steps that talk to Miinto in each lane. A store template wires its
 * own steps between them: `MIINTO_LANES` (see lanes.mts).
 *
 * What is Miinto's own: each buyer order reaches the shop as a **transfer** of positions that the shop accepts or
 * declines, position by position (Koongo's "Accept Orders Automatically": in stock and priced at least threshold x the
 * store price); the accepted positions become a Miinto **order** (its id is what the store keeps), which the shop
 * ships with a track & trace code and a shipping provider Miinto allows for the order. An accepted position cannot be
 * cancelled through the API. Miinto refunds the buyer: the shop accepts (or declines, with a reason) the buyer's
 * **RMA**, and a refund made in the store becomes an **RMA request**.
 */
import { MARKETPLACE_REGISTRY } from '../../nodes/shared/marketplaces';
import type { NodeSpec } from './builder.mts';
import type { MarketplaceLanes, StoreId } from './lanes.mts';
import { mageClaimNote } from './magento2.mts';
import { shopClaimNote, shopRefundSkus } from './shopify.mts';
import { WOO_REFUND_SKUS, wooClaimNote, wooMeta } from './woocommerce.mts';
import {
	ORDER_SYNC_SETTINGS,
	RECONCILE_SINCE,
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
	TEST_MODE_SETTING,
	expr,
	filterNode,
	ifNode,
	isTrue,
	marketplaceParameters,
	mergeAll,
	notEmpty,
	sendEmail,
	setNode,
	setting,
	splitOut,
	switchNode,
	type Fields,
} from './nodes.mts';

const S = setting;

/** How the lanes name Miinto (node names "Completed Miinto Orders", meta keys `_miinto_*`, refunds "Miinto return ..."). */
export const MIINTO: MarketplaceNames = { key: 'miinto', name: 'Miinto', title: 'Miinto' };

/**
 * The Miinto credential reference (by type and display name; the user picks their own on import). Belongs in
 * nodes.mts CREDENTIAL_NAMES (`miintoApi: 'Miinto account'`) once Miinto leaves preview.
 */
export const MIINTO_CREDENTIAL = { miintoApi: { id: '', name: 'Miinto account' } };

/**
 * The shop the Miinto triggers watch. A trigger runs before Settings, so it cannot read **shopId** from there: the
 * template carries this placeholder, which the user replaces by picking the shop in each Miinto trigger.
 */
export const MIINTO_SHOP_PLACEHOLDER = 'YOUR-MIINTO-SHOP-ID';

/** The Miinto node (`miinto`) reading Test Mode from Settings. */
export function miintoNode(name: string, parameters: Record<string, unknown>): NodeSpec {
	return {
		name,
		type: `${PACKAGE}.miinto`,
		typeVersion: 1,
		parameters: marketplaceParameters(parameters),
		credentials: structuredClone(MIINTO_CREDENTIAL),
	};
}

/** The Miinto polling trigger on the shop of MIINTO_SHOP_PLACEHOLDER; `options`: the trigger's Options. */
export function miintoTrigger(
	name: string,
	event: 'newTransfer' | 'newOrder' | 'newRma',
	minutes: number,
	options: Record<string, unknown> = {},
): NodeSpec {
	return {
		name,
		type: `${PACKAGE}.miintoTrigger`,
		typeVersion: 1,
		parameters: {
			pollTimes: { item: [{ mode: 'everyX', value: minutes, unit: 'minutes' }] },
			event,
			shopId: MIINTO_SHOP_PLACEHOLDER,
			options,
		},
		credentials: structuredClone(MIINTO_CREDENTIAL),
	};
}

/** Settings of the Miinto lanes, whatever the store (Koongo's Miinto settings). */
export const MIINTO_SETTINGS: Fields = {
	...TEST_MODE_SETTING,
	shopId: { type: 'string', value: MIINTO_SHOP_PLACEHOLDER },
	syncLevel: ORDER_SYNC_SETTINGS.syncLevel,
	syncFrom: ORDER_SYNC_SETTINGS.syncFrom,
	// Miinto orders are all shipped by the shop: the orders lane's filter reads these as for any marketplace
	orderTypes: ORDER_SYNC_SETTINGS.orderTypes,
	skipMarketplaceFulfilledLines: ORDER_SYNC_SETTINGS.skipMarketplaceFulfilledLines,
	updateStockForMarketplaceOrders: ORDER_SYNC_SETTINGS.updateStockForMarketplaceOrders,
	...reconcileSettings(7),
	// Koongo "Accept Orders Automatically" (this template's reason to exist: on by default) and its threshold
	autoAcceptOrders: { type: 'boolean', value: true },
	autoAcceptThreshold: { type: 'number', value: 0.97 },
	autoAcceptPriceAttribute: { type: 'string', value: 'finalPrice' },
	// Koongo "Product Identification Attribute": by default the id attribute (your product id = the store SKU)
	miintoProductIdentification: { type: 'string', value: 'productId' },
	productIdentification: ORDER_SYNC_SETTINGS.productIdentification,
	skuPrefixPattern: ORDER_SYNC_SETTINGS.skuPrefixPattern,
	skuSuffixPattern: ORDER_SYNC_SETTINGS.skuSuffixPattern,
	useBillingAsShipping: ORDER_SYNC_SETTINGS.useBillingAsShipping,
	defaultShippingService: { type: 'string', value: '' },
	rmaDecision: { type: 'string', value: 'accept' },
	rmaAcceptNote: { type: 'string', value: '' },
	rmaDeclineReason: {
		type: 'string',
		value: 'The returned item did not reach us in its original condition.',
	},
	refundReason: { type: 'string', value: 'Refunded in the store' },
	restockReturnedItems: ORDER_SYNC_SETTINGS.restockReturnedItems,
	returnLookbackDays: { type: 'number', value: 120 },
	notificationEmail: ORDER_SYNC_SETTINGS.notificationEmail,
	notificationFrom: ORDER_SYNC_SETTINGS.notificationFrom,
};

/** The Settings note lines for the Miinto settings. */
export const MIINTO_SETTINGS_NOTE = `${TEST_MODE_NOTE}
- **shopId**: your Miinto shop (unified location id, e.g. \`1-m!i!s-045-1234\`); pick the same shop in **Miinto: New Transfers** and **Miinto: New RMAs** (triggers run before Settings)
- **syncLevel** \`ordersAndStock\` | \`stockOnly\`; **syncFrom** (ISO date: older transfers and orders are left alone); **orderTypes**, **skipMarketplaceFulfilledLines**, **updateStockForMarketplaceOrders** as in every template (Miinto orders are all shipped by you)
- **reconcileDays**, **reconcileMinAgeMinutes**: the hourly reconciliation of accepted orders
- **autoAcceptOrders** (Koongo "Accept Orders Automatically"; off: each transfer is emailed to you and waits for your decision in Miinto, and the hourly reconciliation creates what you accepted), **autoAcceptThreshold** (0.97: a position is accepted when in stock and priced at least 97 % of the store price), **autoAcceptPriceAttribute** \`finalPrice\` | \`originalPrice\` (compared when the product has no exported Miinto price)
- **miintoProductIdentification** \`productId\` (your product id in the Miinto feed = the store SKU; Koongo's default) | \`gtin\` | \`miintoItemId\`; **productIdentification**, **skuPrefixPattern**, **skuSuffixPattern**, **useBillingAsShipping**
- **defaultShippingService**: the Miinto shipping provider (name or id) used when the store's carrier is not one Miinto allows for the order (Koongo "Default Shipping Service")
- **rmaDecision** \`accept\` (Miinto refunds the buyer; the store order is refunded and restocked) | \`decline\` (with **rmaDeclineReason**, shown to the buyer) | \`manual\` (an email; decide in Miinto); **rmaAcceptNote**
- **refundReason**: sent with the RMA request a store refund becomes
- **restockReturnedItems**, **returnLookbackDays** (how far back the store orders of an RMA are looked up)
- **notificationEmail**, **notificationFrom**`;

/**
 * The Miinto node's options for orders, RMAs and refunds: the product identification only (Koongo's "Product
 * Identification Attribute"). SKU cropping and billing as shipping are the orders lane's "Transform Orders" (applying
 * them twice could crop twice); the node's return and refund operations take no cropping at all, so a store that
 * crops SKUs gets RMA lines with the uncropped SKU.
 */
const MAPPING_OPTIONS = { productIdentification: expr(S('miintoProductIdentification')) };
/** For Auto-Accept, which matches the positions to the store's products itself: with the cropping. */
const TRANSFER_OPTIONS = {
	...MAPPING_OPTIONS,
	skuPrefixPattern: expr(S('skuPrefixPattern')),
	skuSuffixPattern: expr(S('skuSuffixPattern')),
};

/** "Miinto: New Transfers": pending transfers of the shop (the acceptance lane's input). */
export const miintoNewTransfers = (minutes = 1) =>
	miintoTrigger('Miinto: New Transfers', 'newTransfer', minutes, {
		productIdentification: 'productId',
	});
/** "Miinto: New RMAs": the buyers' pending RMAs (RMA requests the store made are left out). */
export const miintoNewRmas = (minutes = 15) =>
	miintoTrigger('Miinto: New RMAs', 'newRma', minutes, { productIdentification: 'productId' });

/** JS: a store product entry for Koongo's acceptance, from `stock`, `price`, `regularPrice`, `exportedPrice` (JS). */
export interface StoreProductFields {
	/** JS: the catalogue entry's key (the store SKU). */
	key: string;
	stock: string;
	finalPrice: string;
	originalPrice: string;
	exportedPrice: string;
}

/**
 * The acceptance lane up to the accepted order: "Transfers to Decide" (from the route "New Miinto transfers": not
 * **syncLevel** `stockOnly`, created since **syncFrom**) -> the store's own catalogue step (`catalog`: its last node,
 * given the transfers, and the column after it; its item: `catalog`) -> "Transfers with Store Catalog" -> "Store Products"
 * (`storeProducts`: JS of Koongo's lookup from `$json.catalog`, see miintoAcceptTransfers) -> miintoAcceptTransfers.
 * Returns "Miinto: Accepted Order".
 */
export function miintoTransferIntake(
	lane: Lifecycle,
	y: number,
	store: {
		catalog: (from: string) => { catalog: string; column: number };
		storeProducts: string;
	},
): string {
	const transfers = lane.add(
		filterNode('Transfers to Decide', [
			isTrue(`${S('syncLevel')} !== 'stockOnly'`),
			isTrue(
				`!${S('syncFrom')} || !$json.createdAt || DateTime.fromISO($json.createdAt) >= DateTime.fromISO(${S('syncFrom')})`,
			),
		]),
		0,
		y,
	);
	lane.fromRoute('New Miinto transfers', transfers);
	const { catalog, column } = store.catalog(transfers);
	const withStore = lane.add(mergeAll('Transfers with Store Catalog'), column, y);
	lane.connect(transfers, withStore, 0, 0);
	lane.connect(catalog, withStore, 0, 1);
	const storeProducts = lane.add(
		setNode('Store Products', {
			orderId: { type: 'string', value: expr('$json.orderId') },
			currency: { type: 'string', value: expr(`$json.currency || ''`) },
			lines: { type: 'array', value: expr('$json.lines') },
			storeProducts: { type: 'object', value: expr(store.storeProducts) },
		}),
		column + 1,
		y,
	);
	lane.connect(withStore, storeProducts);
	return miintoAcceptTransfers(lane, storeProducts, column + 2, y);
}

/**
 * The acceptance steps after the store lookup (items: the transfer with `storeProducts`, Koongo's lookup
 * `{ [sku]: { stock, finalPrice, originalPrice, exportedPrice } }`): "Accept Automatically?" -> "Miinto: Accept /
 * Decline Positions" (Auto-Accept with **autoAcceptThreshold**: the accepted and the declined positions in one call;
 * the accepted ones become a Miinto order, `newOrderId`) -> "Accepted Order?" -> "Miinto: Accepted Order" (Order > Get:
 * the order as the store creates it); automatic acceptance off -> "Email: Transfer to Decide". Returns the order node,
 * whose items go into the orders lane ("Filter Orders").
 */
export function miintoAcceptTransfers(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): string {
	const auto = lane.add(
		ifNode('Accept Automatically?', [isTrue(S('autoAcceptOrders'))]),
		column,
		y,
	);
	lane.connect(from, auto);
	const decide = lane.add(
		miintoNode('Miinto: Accept / Decline Positions', {
			resource: 'transfer',
			operation: 'decide',
			shopId: expr(S('shopId')),
			transferId: expr('$json.orderId'),
			decision: 'autoAccept',
			storeProducts: expr('$json.storeProducts'),
			matchBy: 'sku',
			priceAttribute: expr(S('autoAcceptPriceAttribute')),
			threshold: expr(S('autoAcceptThreshold')),
			remaining: 'leave',
			options: TRANSFER_OPTIONS,
		}),
		column + 1,
		y - 80,
	);
	lane.connect(auto, decide, 0);
	lane.connect(
		auto,
		lane.add(
			sendEmail(
				'Email: Transfer to Decide',
				`=Miinto transfer {{ $json.orderId }} waits for your decision`,
				`=Miinto transfer {{ $json.orderId }} ({{ $json.lines.length }} position(s): {{ $json.lines.map(l => l.sku + ' x ' + l.quantity + ' at ' + l.unitPrice + ' ' + $json.currency).join(', ') }}) is pending. Automatic acceptance is off (Settings autoAcceptOrders): accept or decline its positions in Miinto. The hourly reconciliation creates the accepted order in the store.`,
			),
			column + 1,
			y + 100,
		),
		1,
	);
	const accepted = lane.add(
		filterNode('Accepted Order?', [notEmpty(`$json.newOrderId || ''`)]),
		column + 2,
		y - 80,
	);
	lane.connect(decide, accepted);
	const order = lane.add(
		miintoNode('Miinto: Accepted Order', {
			resource: 'order',
			operation: 'get',
			shopId: expr(S('shopId')),
			orderId: expr('$json.newOrderId'),
			options: MAPPING_OPTIONS,
		}),
		column + 3,
		y - 80,
	);
	lane.connect(accepted, order);
	return order;
}

/**
 * Accepted orders the store cannot fulfil (output 1 of "Can Fulfil?"): Miinto has no cancellation of an accepted
 * position, so the only step is "Email: Accepted Order Not Fulfillable" (cancel it with Miinto's partner support, or
 * fulfil it).
 */
export function miintoUnfulfillable(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): void {
	const order = `$('Check Store Stock').item.json`;
	lane.connect(
		from,
		lane.add(
			sendEmail(
				'Email: Order Not Fulfillable',
				`=Miinto order {{ ${order}.orderId }} cannot be fulfilled`,
				`=Miinto order {{ ${order}.orderId }} was accepted at Miinto but not created in the store: {{ ${order}.unfulfillable.join(', ') }}.\nMiinto takes no cancellation of an accepted position through its API: fulfil it, or ask Miinto's partner support to cancel it.`,
			),
			column,
			y,
		),
		1,
	);
}

/**
 * Store shipments (`{ orderId, storeOrderId, trackingCode, carrier, trackingNotified }`) -> "Check Tracking" (Miinto:
 * a track & trace code) -> "Miinto: Ship Order" (every position of the order, the store carrier mapped onto the
 * providers Miinto allows for the order, else **defaultShippingService**), or the missing-tracking email.
 */
export function miintoShipment(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): { shipped: string; notified: string } {
	return marketplaceShipment(lane, from, column, y, {
		marketplace: MIINTO,
		ship: miintoNode('Miinto: Ship Order', {
			resource: 'shipment',
			operation: 'create',
			shopId: expr(S('shopId')),
			orderId: expr('$json.orderId'),
			carrier: expr(`$json.carrier || ''`),
			trackAndTrace: expr(
				`($json.trackingCheck && $json.trackingCheck.trackingCode) || $json.trackingCode`,
			),
			positions: 'all',
			options: { defaultShippingService: expr(S('defaultShippingService')) },
		}),
		needs: 'Miinto needs the track & trace code of the parcel',
	});
}

/** JS on "Miinto: Ship Order"'s output: the store's shipped mark. */
export const MIINTO_SHIPPED_MARK = `$json.trackAndTrace + ' (' + (($json.shippingProvider || {}).name || ($json.shippingProvider || {}).id || '') + ')'`;

/** The store-cancellation email: Miinto has no cancellation after acceptance (Koongo syncs none either). */
export const miintoStoreCancelEmail = (order: string) =>
	sendEmail(
		'Email: Cancel at Miinto by Hand',
		`=Miinto order {{ ${order}.orderId }} was cancelled in the store`,
		`=Store order {{ ${order}.storeOrderId }} (Miinto order {{ ${order}.orderId }}) was cancelled in the store. Miinto takes no cancellation of accepted positions through its API, so nothing was sent: ask Miinto's partner support to cancel the order, or ship it. If the buyer sends items back later, the RMA lane handles the return.`,
	);

/**
 * A store refund with items (`[{ sku, quantity }]`) -> "Miinto: Refund" (Refund > Create: a pending buyer RMA with
 * exactly those items is accepted, else an RMA request for what no RMA covers; Miinto refunds the buyer); without
 * items: an email.
 */
export function miintoRefund(lane: Lifecycle, from: string, column: number, y: number): string {
	return marketplaceRefund(lane, from, column, y, {
		marketplace: MIINTO,
		refund: miintoNode('Miinto: Refund', {
			resource: 'refund',
			operation: 'create',
			shopId: expr(S('shopId')),
			orderId: expr('$json.orderId'),
			itemsMode: 'list',
			items: expr('JSON.stringify($json.items)'),
			reason: expr(S('refundReason')),
			options: { acceptMatchingRma: true, ...MAPPING_OPTIONS },
		}),
		why: 'Miinto refunds per returned item; create the RMA request in Miinto',
	});
}

/**
 * New RMAs -> "Pending RMAs" -> "RMA Decision" (Settings **rmaDecision**): accept -> "Miinto: Accept RMA" (Miinto
 * refunds the buyer) -> "RMA Lines" (one per returned position) -> "Returned Line" `{ orderId, rmaId (<rma>/<position>),
 * sku, quantity, registeredAt }` (returned, for the store refund with restock); decline -> "Miinto: Decline RMA" with
 * **rmaDeclineReason**; manual -> "Email: RMA to Decide".
 */
export function miintoRmaIntake(lane: Lifecycle, route: string, y: number): string {
	const pending = lane.add(filterNode('Pending RMAs', [isTrue(`$json.status === 'open'`)]), 0, y);
	lane.fromRoute(route, pending);
	const decision = lane.add(
		switchNode('RMA Decision', [
			{ output: 'accept', when: isTrue(`${S('rmaDecision')} === 'accept'`) },
			{ output: 'decline', when: isTrue(`${S('rmaDecision')} === 'decline'`) },
			{
				output: 'manual',
				when: isTrue(`!['accept', 'decline'].includes(${S('rmaDecision')})`),
			},
		]),
		1,
		y,
	);
	lane.connect(pending, decision);
	const accept = lane.add(
		miintoNode('Miinto: Accept RMA', {
			resource: 'return',
			operation: 'accept',
			shopId: expr(S('shopId')),
			rmaId: expr('$json.returnId'),
			reason: expr(S('rmaAcceptNote')),
			options: MAPPING_OPTIONS,
		}),
		2,
		y - 80,
	);
	lane.connect(decision, accept, 0);
	const decline = lane.add(
		miintoNode('Miinto: Decline RMA', {
			resource: 'return',
			operation: 'decline',
			shopId: expr(S('shopId')),
			rmaId: expr('$json.returnId'),
			reason: expr(S('rmaDeclineReason')),
			options: MAPPING_OPTIONS,
		}),
		2,
		y + 100,
	);
	lane.connect(decision, decline, 1);
	lane.connect(
		decision,
		lane.add(
			sendEmail(
				'Email: RMA to Decide',
				`=Miinto RMA {{ $json.returnId }} waits for your decision`,
				`=Miinto RMA {{ $json.returnId }} of order {{ $json.orderIds.join(', ') }} ({{ $json.lines.map(l => l.sku + ' x ' + l.quantity + (l.reason ? ' (' + l.reason + ')' : '')).join(', ') }}) is pending. Settings rmaDecision is manual: accept or decline it in Miinto.`,
			),
			2,
			y + 260,
		),
		2,
	);
	// one item per returned position of the RMA as Miinto has it after the decision (Split Out keeps the position
	// under `lines` when it includes other fields)
	const lines = lane.add(splitOut('RMA Lines', 'lines', ['returnId', 'registeredAt']), 3, y - 80);
	lane.connect(accept, lines);
	const line = '$json.lines';
	const returned = lane.add(
		setNode('Returned Line', {
			orderId: { type: 'string', value: expr(`String(${line}.orderId || '')`) },
			rmaId: { type: 'string', value: expr(`$json.returnId + '/' + ${line}.lineId`) },
			sku: { type: 'string', value: expr(`${line}.sku || ''`) },
			quantity: { type: 'number', value: expr(`${line}.quantity`) },
			registeredAt: { type: 'string', value: expr(`$json.registeredAt || $now.toISO()`) },
		}),
		4,
		y - 80,
	);
	lane.connect(lines, returned);
	return returned;
}

/**
 * JS (on a returned line joined with its store order): the store order has the refund of this RMA position already
 * (a refund whose `field`, WooCommerce's `reason` or Shopify's `note`, is "Miinto return <rma>/<position>": equal,
 * since `<rma>/1` is the start of `<rma>/12`).
 */
export const miintoReturnRefunded = (field: 'reason' | 'note') =>
	`$json.storeRefunds.some(r => String(r.${field} || '') === 'Miinto return ' + $json.rmaId)`;

/**
 * "Miinto: Managed Stock" (managed, with the identifier Miinto knows the item by) -> "Miinto: Update Stock" for items
 * `{ sku, ean, quantity, managed }`: one signed call per 500 items of the shop.
 */
export function miintoStockUpdate(
	lane: Lifecycle,
	from: string,
	column: number,
	y: number,
): string {
	const identifier = `(${S('miintoProductIdentification')} === 'gtin' ? $json.ean : $json.sku)`;
	const managed = lane.add(
		filterNode('Miinto: Managed Stock', [isTrue('$json.managed'), notEmpty(identifier)]),
		column,
		y,
	);
	lane.connect(from, managed);
	const update = lane.add(
		{
			...miintoNode('Miinto: Update Stock', {
				resource: 'stock',
				operation: 'update',
				shopId: expr(S('shopId')),
				identification: expr(
					`${S('miintoProductIdentification')} === 'gtin' ? 'gtin' : 'productId'`,
				),
				identifier: expr(identifier),
				quantity: expr('$json.quantity'),
			}),
			onError: 'continueRegularOutput',
		},
		column + 1,
		y,
	);
	lane.connect(managed, update);
	return update;
}

/**
 * The reconciliation lane (after the orders lane): every hour Miinto's accepted orders not shipped yet, created in the
 * window ("Miinto: Accepted Orders") go into the orders lane's "Filter Orders": one missing in the store (its run
 * stopped after the acceptance, or you accepted the transfer in Miinto yourself) is created once.
 */
export function miintoReconcile(lane: Lifecycle, y: number): string {
	return reconcileOrders(
		lane,
		miintoNode('Miinto: Accepted Orders', {
			resource: 'order',
			operation: 'getAll',
			shopId: expr(S('shopId')),
			returnAll: true,
			options: { ...MAPPING_OPTIONS, createdAfter: expr(RECONCILE_SINCE) },
		}),
		y,
		miintoNotes.reconcile,
	);
}

/** The Miinto lanes' sticky notes, with the store's words filled in. */
export const miintoNotes = {
	acceptance: (
		store: string,
		specifics: string,
	) => `## 1. Transfers: accept or decline, then the store order
New Miinto transfers (polled every minute: a buyer's order offered to your shop, position by position) -> the ${store} stock and prices of every product (${specifics}) -> **Miinto: Accept / Decline Positions** in Auto-Accept mode (Koongo "Accept Orders Automatically"): a position is accepted when the store has it in stock and Miinto's unit price is at least **autoAcceptThreshold** (0.97) x the product's exported Miinto price, else its **autoAcceptPriceAttribute** price; every other position is declined (Miinto offers it to another shop). The accepted and the declined positions go to Miinto in one call, and the accepted ones become a Miinto order (its id is returned).
That order (**Miinto: Accepted Order**) -> **Filter Orders** -> **Transform Orders** -> **Only New Orders** (its Miinto order id is not on a ${store} order yet) -> the store order, created once. A position decided before (a re-run) is not sent again.
**autoAcceptOrders** off: an email per transfer, you decide in Miinto, and the hourly reconciliation creates the order you accepted.
An accepted order the store cannot fulfil after all (stock sold meanwhile) -> email: Miinto takes no cancellation after acceptance.`,
	reconcile: `## Reconciliation (at-least-once intake)
Every hour (**Every Hour: Reconcile Orders**) Miinto's accepted orders not fully shipped, created in the last **reconcileDays** days (or since **syncFrom**, if later) -> **Miinto: Accepted Orders** -> orders older than **reconcileMinAgeMinutes** -> the orders lane above, from **Filter Orders** on: the trigger's own path, not a copy.
What it repairs: an order accepted in a run that stopped before the store order (n8n saved the trigger's state, so the transfer is never polled again; a re-run finds its positions decided and gets no order id), and the transfers you accepted in Miinto yourself. One the store has already (looked up by the Miinto order id) is skipped.`,
	stock: (specifics: string) => `## 2. Stock
${specifics}
Miinto finds items by your product id (the SKU; **miintoProductIdentification** \`productId\`) or by GTIN (\`gtin\`: the EAN); products without one are skipped. All items go out in one signed call per 500 items to the shop **shopId** (the item payload is unverified: see the Miinto README section).`,
	shipments: (store: string, specifics: string) => `## 3. Shipments
A Miinto order shipped in ${store} -> **Check Tracking** (Miinto needs a track & trace code) -> **Miinto: Ship Order**: the code for every position of the order, with the store's carrier mapped onto the shipping providers Miinto allows for the order, else **defaultShippingService** (Koongo's "Default Shipping Service"); a carrier that matches none is refused, and the error names the allowed providers.
${specifics}
No code: one email instead of a shipment; add it and the shipment goes out. A position shipped before is reported, not sent again.`,
	cancellations: (store: string) => `## Store cancellations
A Miinto order cancelled in ${store}: Miinto takes no cancellation of accepted positions through its API (Koongo syncs none), so nothing is sent. You get one email to settle it with Miinto's partner support, and the order is marked \`_miinto_cancelled\`.`,
	refunds: (store: string, specifics: string) => `## 5. Store refunds -> RMA request
A refund made in ${store} on a Miinto order -> **Miinto: Refund** of its product lines: Miinto refunds the buyer itself, so a pending buyer RMA with exactly those items is accepted, else an RMA request is created for the items no RMA covers yet (Koongo scenario 1); items covered already are not asked for again.
${specifics} A refund without product lines -> email.`,
	returns: (store: string) => `## 4. RMAs
New Miinto RMAs (a buyer's return, polled; your own RMA requests are left out) -> **RMA Decision** (**rmaDecision**):
- \`accept\` -> **Miinto: Accept RMA** (Miinto refunds the buyer) -> one item per returned position -> the ${store} order gets a refund of those items (no payment is moved: Miinto paid) and they go back into stock (**restockReturnedItems**), once per RMA position (refund reason "Miinto return <rma>/<position>").
- \`decline\` -> **Miinto: Decline RMA** with **rmaDeclineReason** (Miinto shows it to the buyer; send the items back).
- \`manual\` -> an email; decide in Miinto.
An RMA decided before (a re-run) is reported by Miinto's node and not sent again.`,
};

/**
 * The price last exported to Miinto of a priced catalogue entry `p` (JS), where the store keeps one: WooCommerce's
 * product meta **exportedPriceMetaKey** (in the Miinto shop's currency). Auto-acceptance compares with it first.
 */
const EXPORTED_PRICE: Partial<Record<StoreId, string>> = {
	woocommerce: wooMeta(S('exportedPriceMetaKey'), 'p'),
};

/** JS on a credit memo: its lines as Miinto refund items (store SKU = your product id at Miinto). */
const MAGE_REFUND_ITEMS = `($json.items || []).filter(i => i.sku && i.qty > 0).map(i => ({ sku: i.sku, quantity: i.qty }))`;

/** The Miinto lanes of every lifecycle template (see lanes.mts). */
export const MIINTO_LANES: MarketplaceLanes = {
	entry: MARKETPLACE_REGISTRY.miinto,
	names: MIINTO,
	abbr: 'Mii',
	description: (store) =>
		`Transfers accepted or declined per position, orders, stock, shipments, RMAs and refunds between Miinto and ${store.title}.`,
	settings: MIINTO_SETTINGS,
	settingsNote: MIINTO_SETTINGS_NOTE,
	triggers: {
		orders: () => ({ node: miintoNewTransfers(), lanes: ['New Miinto transfers'] }),
		returns: () => ({ node: miintoNewRmas(), lanes: ['New Miinto RMAs'] }),
	},
	returnsRoute: 'New Miinto RMAs',
	// transfers: accept / decline at Miinto (the store's own priced catalogue), then the accepted order in the store
	intake: (lane, store, y) => {
		const acceptedOrder = miintoTransferIntake(lane, y, {
			catalog: (transfers) => store.pricedCatalog(lane, transfers, y),
			storeProducts: store.storeProducts(EXPORTED_PRICE[store.id]),
		});
		const transform = orderIntake(lane, acceptedOrder, y + 500);
		return { orders: transform, transform, shift: 0, y: y + 500 };
	},
	cancelUnfulfillable: miintoUnfulfillable,
	reconcile: miintoReconcile,
	// with the barcodes: the GTIN, when Miinto finds the items by it
	stock: { filter: 'Miinto: Managed Stock', barcodes: true, update: miintoStockUpdate },
	shipment: (lane, from, column, y) => miintoShipment(lane, from, column, y),
	shippedMark: MIINTO_SHIPPED_MARK,
	// nothing to send (Miinto has no cancellation after acceptance): one email
	storeCancel: {
		notice: true,
		mark: '$now.toISO()',
		add: (lane, from, column, y) => {
			const mail = lane.add(miintoStoreCancelEmail('$json'), column, y);
			lane.connect(from, mail);
			return mail;
		},
	},
	refund: miintoRefund,
	refundedMark: '$json.action',
	returnIntake: miintoRmaIntake,
	returnColumn: 5,
	stockTemplate: {
		// preview: off until the shop is set
		enabled: false,
		switchNote: 'Miinto, in preview, is off until you set **shopId**',
		settings: {
			shopId: MIINTO_SETTINGS.shopId,
			miintoProductIdentification: MIINTO_SETTINGS.miintoProductIdentification,
		},
		settingsNote: `- **shopId**: your Miinto shop (unified location id, e.g. \`1-m!i!s-045-1234\`) whose stock is set
- **miintoProductIdentification** \`productId\` (Miinto knows the item by your product id = the store SKU) | \`gtin\` (by the EAN)`,
		fanOut:
			'Miinto by **miintoProductIdentification** (SKU or EAN) on the shop **shopId** (one signed call per 500 items; the item payload is unverified: see the Miinto README section)',
	},
	pairs: {
		woocommerce: {
			settings: { exportedPriceMetaKey: { type: 'string', value: '_miinto_price' } },
			settingsNote:
				"- **exportedPriceMetaKey**: product meta with the price last exported to Miinto (in the Miinto shop's currency); what auto-acceptance compares with first (Koongo), else the WooCommerce price",
			notes: {
				orders:
					miintoNotes.acceptance(
						'WooCommerce',
						'products and variations by SKU; the exported Miinto price is the product meta **exportedPriceMetaKey**',
					) +
					`\nThe store order is created with status *processing* (WooCommerce reserves the stock), the Miinto order id in the order meta **orderIdMetaKey** and the accepted positions as its lines, at Miinto's prices.`,
				stock:
					miintoNotes.stock(`A product saved in WooCommerce (stock changed by an order, a refund, or by hand) -> after **stockSettleSeconds** its current stock, or the stock of each of its variations, goes to Miinto (read again when the wait is over, not taken from the webhook).
Every hour the whole catalogue is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed. The EAN is the product's \`global_unique_id\`, else its meta **eanMetaKey**.`),
				shipments: miintoNotes.shipments(
					'WooCommerce (status *completed*)',
					'The track & trace code and the carrier are the last entry of the Shipment Tracking extension (order meta **trackingMetaKey**); without a carrier there, the shipping method. The order gets `_miinto_shipment`, so it ships once.',
				),
				cancellations: miintoNotes.cancellations('WooCommerce'),
				refunds: miintoNotes.refunds(
					'WooCommerce',
					'Refunds this workflow made for Miinto RMAs are skipped; each refund is sent once (`_miinto_refunds_forwarded`). ' +
						wooClaimNote('miinto'),
				),
				returns: miintoNotes.returns('WooCommerce'),
			},
			refundItems: () => WOO_REFUND_SKUS,
			returnRefunded: miintoReturnRefunded('reason'),
		},
		magento2: {
			pollNote:
				"Auto-acceptance compares Miinto's price with the product's special price, else its price (`finalPrice`), or its price (`originalPrice`): the store's prices must be in the Miinto shop's currency. Poll intervals are on the Miinto triggers and the schedule triggers (n8n triggers run before Settings).",
			fullStockSync: true,
			cancellations: true,
			notes: {
				orders:
					miintoNotes.acceptance(
						'Magento',
						"the salable quantity (MSI, stock **stockId**) of each position's SKU; there is no exported Miinto price in Magento, so the special price (else the price) is compared",
					) +
					`\nThe store order goes through the cart (Magento reserves the stock), gets the Miinto order id as an order comment \`[miinto:<id>]\` and is invoiced: Miinto collected the money. Magento prices the lines itself (the REST cart takes no custom price); the comment records what the buyer paid at Miinto.`,
				stock:
					miintoNotes.stock(`Every 15 minutes: the salable quantity (MSI: source quantities minus reservations of open orders) of every simple product -> **Only Changed for Miinto** (what Miinto does not have yet) -> Miinto -> **Remember Sent to Miinto** keeps what Miinto accepted (the workflow's static data).
Every hour (**Every Hour: Full Stock Sync**) every product goes to Miinto again, changed or not, which repairs anything Miinto lost. Your product id is the SKU, the GTIN the product attribute \`ean\`.`),
				storeChanges: `${miintoNotes.shipments(
					'Magento (a shipment)',
					"Every 5 minutes the orders changed in the last **lookbackDays** are read once. The track & trace code is the shipment's last track, the carrier its title (else its carrier code). Miinto ships an order as a whole: the first shipment with a track ships every position (a later shipment of the order is reported as shipped before). The order gets the comment `[miinto-shipped:<shipment>]`, so each shipment ships once; a track added later to a shipment without one ships it then.",
				)}

${miintoNotes.cancellations('Magento')} In Magento the mark is the comment \`[miinto-cancelled]\`. Orders are invoiced when they are created, so Magento offers **Cancel** only for an order whose invoice is missing; otherwise a credit memo (5. Store refunds) is how you take it back.

${miintoNotes.refunds(
	'Magento (a credit memo)',
	'Credit memos this workflow made for Miinto RMAs are skipped; each memo is sent once (`[miinto-refund-forwarded:<memo>]`). ' +
		mageClaimNote('miinto'),
)}`,
				returns: `${miintoNotes.returns('Magento')}
In Magento the refund is an offline credit memo of the unit with return to stock; the credit memo carries \`[miinto-return-refunded:<rma>/<position>:memo] <sku> x <qty>\` from the start and the order gets \`[miinto-return-refunded:<rma>/<position>:<memo>]\`, and the refund lane does not send the memo back to Miinto.`,
			},
			refundItems: () => MAGE_REFUND_ITEMS,
		},
		shopify: {
			pollNote:
				"Auto-acceptance compares Miinto's price with the variant's price (`finalPrice`) or compare-at price (`originalPrice`): the shop's prices must be in the Miinto shop's currency. Poll intervals are on the Miinto triggers, the full stock sync interval on its schedule trigger (n8n triggers run before Settings).",
			notes: {
				orders:
					miintoNotes.acceptance(
						'Shopify',
						"variants by SKU, the stock at **locationId** (else every location); there is no exported Miinto price in Shopify, so the variant's price is compared",
					) +
					`\nThe store order is created paid, at Miinto's prices, without receipts, with the Miinto order id in the note attribute \`miinto_order_id\` and the accepted positions as its lines; the stock is decremented (obeying each variant's inventory policy).`,
				stock:
					miintoNotes.stock(`An inventory level changed in Shopify (an order, a refund, by hand) -> after **stockSettleSeconds** the item's current available quantity (all locations, or **locationId**) goes to Miinto (read again when the wait is over, not taken from the webhook).
Every hour every variant's stock is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed. Your product id is the variant's SKU, the GTIN its barcode.`),
				shipments: miintoNotes.shipments(
					'Shopify (a fulfilment, or a fulfilment whose tracking was added later)',
					"The track & trace code is the fulfilment's first tracking number, the carrier its tracking company. Miinto ships an order as a whole: the first fulfilment with a tracking number ships every position (a later fulfilment of the order is reported as shipped before). The order gets `miinto_shipped_<fulfilment>`, so each fulfilment ships once.",
				),
				cancellations: miintoNotes.cancellations('Shopify'),
				refunds: miintoNotes.refunds(
					'Shopify',
					'Refunds this workflow made for Miinto RMAs are skipped; each refund is sent once (`miinto_refund_forwarded_<refund>`). ' +
						shopClaimNote('miinto'),
				),
				returns: miintoNotes.returns('Shopify'),
			},
			refundItems: shopRefundSkus,
			returnRefunded: miintoReturnRefunded('note'),
		},
	},
};
