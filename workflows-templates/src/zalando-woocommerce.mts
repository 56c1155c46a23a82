/**
 * Zalando x WooCommerce: the whole order lifecycle in one workflow, one lane per trigger.
 *
 *   Zalando: New Orders         -> filter, transform, skip orders already in the store, create the store order, accept
 *                                  (export) it at Zalando with the store order id; or cancel at Zalando
 *   Woo: Product Updated        -> the product's (or its variations') current stock -> Zalando, by EAN
 *   Every Hour: Full Stock Sync -> every product's stock -> Zalando
 *   Woo: Order Updated          -> completed with tracking and return tracking -> Zalando shipment (missing -> email);
 *                                  cancelled in the store -> cancelled at Zalando; refunded -> Zalando refund
 *   Zalando: New Returns        -> each returned unit handled at Zalando -> store refund + restock
 */
import {
	Lifecycle,
	MOVE_STOCK,
	canFulfil,
	onlyNewOrders,
	orderIntake,
	reconcileTrigger,
	windowStart,
	withCatalog,
	storeReconcileTrigger,
	STORE_RECONCILE_SETTINGS,
	STORE_RECONCILE_SETTINGS_NOTE,
} from './lifecycle.mts';
import { expr, scheduleTrigger, setting } from './nodes.mts';
import {
	WOO_ORDERS_CAP,
	WOO_RETURN_REFUNDED,
	WOO_SETTINGS,
	WOO_SETTINGS_NOTE,
	wooCancellations,
	wooCatalog,
	wooClaimNote,
	wooCreateOrder,
	wooMeta,
	wooOrderIds,
	wooPlanOrder,
	wooRefundReturnedLine,
	wooRefunds,
	wooShipments,
	wooStockLevels,
	wooTrigger,
	wooStoreReconcile,
} from './woocommerce.mts';
import {
	ZALANDO,
	ZALANDO_SETTINGS,
	ZALANDO_SETTINGS_NOTE,
	ZALANDO_SHIPPED_MARK,
	zalandoAccept,
	zalandoCancelUnfulfillable,
	zalandoNewOrders,
	zalandoNewReturns,
	zalandoNotes,
	zalandoReconcile,
	zalandoRefund,
	zalandoRefundedInStore,
	zalandoReturnIntake,
	zalandoShipment,
	zalandoStockUpdate,
	zalandoStoreCancel,
} from './zalando.mts';

const S = setting;

/** JS: the lines of a WooCommerce refund as Zalando refund items (store SKU = Zalando's merchant product id). */
const REFUND_ITEMS = `($json.line_items || []).filter(l => l.sku && Math.abs(l.quantity) > 0).map(l => ({ sku: l.sku, quantity: Math.abs(l.quantity) }))`;

export function zalandoWooCommerce(): Lifecycle {
	const rows = { orders: 0, stock: 900, order: 1300, returns: 2300 };
	const lane = new Lifecycle({
		id: 'mpsZalWooLifecyc',
		name: 'Zalando x WooCommerce: order lifecycle',
		description:
			'Orders, stock, shipments, cancellations, refunds and returns between Zalando and WooCommerce.',
		settings: {
			...WOO_SETTINGS,
			...STORE_RECONCILE_SETTINGS,
			orderIdMetaKey: { type: 'string', value: '_zalando_order_id' },
			returnTrackingMetaKey: { type: 'string', value: '_zalando_return_tracking' },
			...ZALANDO_SETTINGS,
		},
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${WOO_SETTINGS_NOTE}\n${STORE_RECONCILE_SETTINGS_NOTE}\n- **returnTrackingMetaKey**: order meta with the return tracking number (Zalando requires one); empty meta: the second Shipment Tracking entry of the order\n${ZALANDO_SETTINGS_NOTE}\n\nPoll intervals are on the Zalando triggers, the full stock sync interval on its schedule trigger (n8n triggers run before Settings).`,
		triggers: [
			{ node: zalandoNewOrders(), lanes: ['New Zalando orders'] },
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
			{ node: zalandoNewReturns(), lanes: ['New Zalando returns'] },
		],
	});

	// 1. orders
	const y = rows.orders;
	const transform = orderIntake(lane, { route: 'New Zalando orders' }, y);
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
	const create = wooCreateOrder(lane, decide, 15, y - 100, 'Zalando');
	zalandoAccept(lane, {
		created: create,
		orders: transform,
		merchantOrderId: { created: 'String($json.id)', stored: 'String($json.storeOrderId)' },
		at: [16, y - 260],
		existingAt: [5, y + 540],
	});
	zalandoCancelUnfulfillable(lane, decide, 15, y + 100);
	lane.note(
		zalandoNotes.orders(
			'WooCommerce',
			`Lines are matched to store products and variations by SKU. An order that can be fulfilled is created with status *processing* (WooCommerce reserves the stock) and the Zalando order id in the order meta **orderIdMetaKey**; Zalando gets the WooCommerce order id as its merchant order id.
Zalando-fulfilled (FBZ) orders are created *completed* with WooCommerce's \`_order_stock_reduced\` flag, so they do not move store stock unless **updateStockForMarketplaceOrders**.`,
		),
		5,
	);

	// reconciliation: the orders still waiting at the marketplace, through the orders lane again
	zalandoReconcile(lane, y + 800);

	// 2. stock
	const levels = wooStockLevels(lane, 'Store stock changed', 'Full stock sync', rows.stock);
	zalandoStockUpdate(lane, levels, 5, rows.stock);
	lane.note(
		zalandoNotes.stock(`A product saved in WooCommerce (stock changed by an order, a refund, or by hand) -> after **stockSettleSeconds** its current stock, or the stock of each of its variations, goes to Zalando in one batch (read again when the wait is over, not taken from the webhook).
Every hour the whole catalogue is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed. The EAN is the product's \`global_unique_id\`, else its meta **eanMetaKey**.`),
		6,
	);

	// 3. shipments
	const oy = rows.order;
	const order = `$('Completed Zalando Orders').item.json`;
	wooShipments(
		lane,
		ZALANDO,
		'Store order shipped',
		oy,
		(from, column, at) =>
			zalandoShipment(lane, from, column, at, {
				codes: {
					trackingCode: expr(
						`[].concat(${wooMeta(S('trackingMetaKey'), order)} || []).map(t => t.tracking_number).filter(Boolean)`,
					),
					returnTrackingCode: expr(`${wooMeta(S('returnTrackingMetaKey'), order)} || ''`),
					secondCodeIsReturn: true,
				},
				returnWhere:
					'a second Shipment Tracking entry for the return label, or the order meta named in returnTrackingMetaKey',
			}),
		ZALANDO_SHIPPED_MARK,
	);
	lane.note(
		zalandoNotes.shipments(
			'WooCommerce (status *completed*)',
			'The tracking number is the first entry of the Shipment Tracking extension (order meta **trackingMetaKey**); the return tracking number is the order meta **returnTrackingMetaKey** (`_zalando_return_tracking`), else the second Shipment Tracking entry. The order gets `_zalando_shipment`, so it ships once.',
		),
		3,
	);

	// store cancellations
	wooCancellations(lane, ZALANDO, 'Store order cancelled', oy + 330, (from, column, at) =>
		zalandoStoreCancel(lane, from, column, at),
	);
	lane.note(zalandoNotes.cancellations('WooCommerce'), 3);

	// 5. refunds
	wooRefunds(lane, ZALANDO, 'Store order refunded', oy + 650, REFUND_ITEMS, (from, column, at) =>
		zalandoRefund(lane, from, column, at),
	);
	lane.note(
		zalandoNotes.refunds(
			'WooCommerce',
			'Refunds this workflow made for Zalando returns are skipped; each refund is sent once (`_zalando_refunds_forwarded`). ' +
				wooClaimNote('zalando'),
		),
		2,
	);

	// store reconciliation: shipments, cancellations and refunds whose webhook never arrived, through the lanes above
	wooStoreReconcile(lane, ZALANDO, oy + 1100);

	// 4. returns
	const ty = rows.returns;
	const returned = zalandoReturnIntake(lane, 'New Zalando returns', ty);
	wooRefundReturnedLine(
		lane,
		returned,
		5,
		ty,
		'Zalando',
		`${WOO_RETURN_REFUNDED} || ${zalandoRefundedInStore((r) => `String(${r}.reason || '').startsWith('Zalando return')`)}`,
	);
	lane.note(zalandoNotes.returns('WooCommerce'), 4);

	return lane;
}
