/**
 * Spartoo x WooCommerce: the whole order lifecycle in one workflow, one lane per trigger.
 *
 *   Spartoo: New Orders         -> filter, transform, skip orders already in the store, create the store order, accept
 *                                  it at Spartoo (11 -> 2); or cancel it at Spartoo (41) and email; automatic
 *                                  acceptance off: an email per order
 *   Every Hour: Reconcile       -> Spartoo's open orders (11, 2) missing in the store, through the same order steps
 *   Woo: Product Updated        -> the product's (or its variations') current stock -> Spartoo, per size
 *   Every Hour: Full Stock Sync -> every product's stock -> Spartoo (batch)
 *   Woo: Order Updated          -> completed with tracking -> Spartoo shipment (3; missing -> email); cancelled in the
 *                                  store -> cancelled at Spartoo (41); a whole-order refund -> Spartoo Refund > Create
 *   Every Hour: Reconcile Store -> the store's shipments, cancellations and refunds whose webhook never arrived
 *   Spartoo: New Returns        -> accept (store refund + restock, once) or refuse, or an email
 */
import {
	Lifecycle,
	MOVE_STOCK,
	canFulfil,
	onlyNewOrders,
	orderIntake,
	reconcileTrigger,
	storeReconcileTrigger,
	STORE_RECONCILE_SETTINGS,
	STORE_RECONCILE_SETTINGS_NOTE,
	windowStart,
	withCatalog,
} from './lifecycle.mts';
import { scheduleTrigger } from './nodes.mts';
import {
	SPARTOO,
	SPARTOO_RETURN_REFUNDED,
	SPARTOO_SETTINGS,
	SPARTOO_SETTINGS_NOTE,
	SPARTOO_SHIPPED_MARK,
	spartooAccept,
	spartooAutoAccept,
	spartooCancelUnfulfillable,
	spartooNewOrders,
	spartooNewReturns,
	spartooNotes,
	spartooPriceCheck,
	spartooReconcile,
	spartooRefund,
	spartooReturnIntake,
	spartooShipment,
	spartooStockUpdate,
	spartooStoreCancel,
} from './spartoo.mts';
import {
	WOO_ORDERS_CAP,
	WOO_PARENT_REFERENCE,
	WOO_SETTINGS,
	WOO_SETTINGS_NOTE,
	wooCancellations,
	wooCatalog,
	wooClaimNote,
	wooCreateOrder,
	wooOrderIds,
	wooPlanOrder,
	wooRefundReturnedLine,
	wooRefunds,
	wooShipments,
	wooStockLevels,
	wooStoreProducts,
	wooTrigger,
	wooStoreReconcile,
} from './woocommerce.mts';

/**
 * JS: the lines of a WooCommerce refund as Spartoo refund items (store SKU = your size reference), or none when the
 * refund does not cover every line of the order in full (Spartoo refunds whole orders only).
 */
const REFUND_ITEMS =
	`(items => (order => (order.line_items || []).every(l => items.filter(i => i.sku === l.sku).reduce((sum, i) => sum + i.quantity, 0) >= l.quantity) ? items : [])($('Spartoo Orders with New Refunds').item.json))` +
	`(($json.line_items || []).filter(l => l.sku && Math.abs(l.quantity) > 0).map(l => ({ sku: l.sku, quantity: Math.abs(l.quantity) })))`;

export function spartooWooCommerce(): Lifecycle {
	const rows = { orders: 0, stock: 1000, order: 1400, returns: 2500 };
	const lane = new Lifecycle({
		id: 'mpsSpaWooLifecyc',
		name: 'Spartoo x WooCommerce: order lifecycle',
		description:
			'Orders accepted or cancelled at Spartoo, stock, shipments, cancellations, refunds and returns between Spartoo and WooCommerce.',
		settings: {
			...WOO_SETTINGS,
			...STORE_RECONCILE_SETTINGS,
			orderIdMetaKey: { type: 'string', value: '_spartoo_order_id' },
			...SPARTOO_SETTINGS,
		},
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${WOO_SETTINGS_NOTE}\n${STORE_RECONCILE_SETTINGS_NOTE}\n${SPARTOO_SETTINGS_NOTE}\n\nPoll intervals are on the Spartoo triggers, the full stock sync interval on its schedule trigger (n8n triggers run before Settings).`,
		triggers: [
			{ node: spartooNewOrders(), lanes: ['New Spartoo orders'] },
			reconcileTrigger(),
			{
				node: wooTrigger('Woo: Product Updated', 'product.updated'),
				lanes: ['Store stock changed'],
			},
			{ node: scheduleTrigger('Every Hour: Full Stock Sync', 60), lanes: ['Full stock sync'] },
			{
				node: wooTrigger('Woo: Order Updated', 'order.updated'),
				lanes: ['Store order shipped', 'Store order cancelled', 'Store order refunded'],
			},
			storeReconcileTrigger(),
			{ node: spartooNewReturns(), lanes: ['New Spartoo returns'] },
		],
	});

	// 1. orders: the store order once, then the accept at Spartoo
	const y = rows.orders;
	const auto = spartooAutoAccept(lane, 'New Spartoo orders', y - 160);
	const transform = orderIntake(lane, auto, y);
	const storeIds = wooOrderIds(
		lane,
		'Woo: Orders Since',
		transform,
		windowStart('createdAt', '2'),
		2,
		y + 200,
	);
	const newOrders = onlyNewOrders(lane, transform, storeIds, 4, y, WOO_ORDERS_CAP);
	const catalog = wooCatalog(lane, newOrders, 5, y + 200);
	const plan = wooPlanOrder(lane, MOVE_STOCK, 12, y);
	lane.connect(withCatalog(lane, newOrders, catalog, 11, y), plan);
	const decide = canFulfil(lane, plan, 13, y);
	const priced = spartooPriceCheck(lane, decide, 15, y - 100, wooStoreProducts());
	const create = wooCreateOrder(lane, SPARTOO, priced, 16, y - 100);
	spartooAccept(lane, {
		created: create,
		orders: transform,
		at: [17, y - 260],
		existingAt: [5, y + 540],
	});
	spartooCancelUnfulfillable(lane, decide, 15, y + 260);
	lane.note(
		spartooNotes.orders(
			'WooCommerce',
			"Lines are matched to store products and variations by SKU (your size reference). An order that can be fulfilled is created with status *processing* (WooCommerce reserves the stock), the Spartoo order id in the order meta **orderIdMetaKey**, at Spartoo's prices.",
		),
		5,
	);

	// reconciliation: the orders still open at Spartoo, through the orders lane again
	spartooReconcile(lane, y + 800);

	// 2. stock
	// your product reference at Spartoo: a variation's parent SKU, else the product's own SKU
	const levels = wooStockLevels(
		lane,
		'Store stock changed',
		'Full stock sync',
		rows.stock,
		WOO_PARENT_REFERENCE,
	);
	spartooStockUpdate(lane, levels, 5, rows.stock);
	lane.note(
		spartooNotes.stock(`A product saved in WooCommerce (stock changed by an order, a refund, or by hand) -> after **stockSettleSeconds** its current stock, or the stock of each of its variations, goes to Spartoo (read again when the wait is over, not taken from the webhook).
Every hour the whole catalogue is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.`),
		6,
	);

	// 3. shipments
	const oy = rows.order;
	wooShipments(
		lane,
		SPARTOO,
		'Store order shipped',
		oy,
		(from, column, at) => spartooShipment(lane, from, column, at),
		SPARTOO_SHIPPED_MARK,
	);
	lane.note(
		spartooNotes.shipments(
			'WooCommerce (status *completed*)',
			'The tracking number is the last entry of the Shipment Tracking extension (order meta **trackingMetaKey**). The order gets `_spartoo_shipment`, so it ships once.',
		),
		3,
	);

	// store cancellations
	wooCancellations(lane, SPARTOO, 'Store order cancelled', oy + 330, (from, column, at) =>
		spartooStoreCancel(lane, from, column, at),
	);
	lane.note(spartooNotes.cancellations('WooCommerce'), 3);

	// 5. refunds
	wooRefunds(lane, SPARTOO, 'Store order refunded', oy + 700, REFUND_ITEMS, (from, column, at) =>
		spartooRefund(lane, from, column, at),
	);
	lane.note(
		spartooNotes.refunds(
			'WooCommerce',
			'Refunds this workflow made for Spartoo returns are skipped; each refund is sent once (`_spartoo_refunds_forwarded`). ' +
				wooClaimNote('spartoo'),
		),
		2,
	);

	// store reconciliation: shipments, cancellations and refunds whose webhook never arrived, through the lanes above
	wooStoreReconcile(lane, SPARTOO, oy + 1100);

	// 4. returns
	const ty = rows.returns;
	const returned = spartooReturnIntake(lane, 'New Spartoo returns', ty);
	wooRefundReturnedLine(lane, SPARTOO, returned, 5, ty, SPARTOO_RETURN_REFUNDED);
	lane.note(spartooNotes.returns('WooCommerce'), 4);

	return lane;
}
