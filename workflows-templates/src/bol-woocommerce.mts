/**
 * Bol.com x WooCommerce: the whole order lifecycle in one workflow, one lane per trigger.
 *
 *   Bol: New Orders             -> filter, transform, skip orders already in the store, create the store order (stock
 *                                  is reserved by WooCommerce's "processing" status), or cancel at bol
 *   Woo: Product Updated        -> the product's (or its variations') current stock -> bol offers, in one batch
 *   Every Hour: Full Stock Sync -> every product's stock -> bol
 *   Woo: Order Updated          -> completed with tracking -> bol shipment (missing tracking -> email);
 *                                  cancelled in the store -> cancelled at bol; refunded in the store -> bol refund
 *   Bol: New Returns            -> handling result -> bol; where bol refunds: store refund + restock
 */
import {
	BOL,
	BOL_SETTINGS,
	BOL_SETTINGS_NOTE,
	bolCancelUnfulfillable,
	bolNewOrders,
	bolReconcile,
	bolNewReturns,
	bolNotes,
	bolRefund,
	bolReturnIntake,
	bolShipment,
	bolStockUpdate,
	bolStoreCancel,
} from './bol.mts';
import {
	Lifecycle,
	MOVE_STOCK,
	canFulfil,
	onlyNewOrders,
	orderIntake,
	windowStart,
	withCatalog,
	reconcileTrigger,
	storeReconcileTrigger,
	STORE_RECONCILE_SETTINGS,
	STORE_RECONCILE_SETTINGS_NOTE,
} from './lifecycle.mts';
import { scheduleTrigger } from './nodes.mts';
import {
	WOO_ORDERS_CAP,
	WOO_SETTINGS,
	WOO_SETTINGS_NOTE,
	wooCancellations,
	wooCatalog,
	wooCreateOrder,
	wooOrderIds,
	wooPlanOrder,
	wooRefundReturnedLine,
	wooClaimNote,
	wooRefunds,
	wooShipments,
	wooStockLevels,
	wooTrigger,
	wooStoreReconcile,
} from './woocommerce.mts';

export function bolWooCommerce(): Lifecycle {
	const rows = { orders: 0, stock: 700, order: 1100, returns: 2100 };
	const lane = new Lifecycle({
		id: 'mpsBolWooLifecyc',
		name: 'Bol.com x WooCommerce: order lifecycle',
		description: 'Orders, stock, shipments, returns and refunds between Bol.com and WooCommerce.',
		settings: {
			...WOO_SETTINGS,
			...STORE_RECONCILE_SETTINGS,
			orderIdMetaKey: { type: 'string', value: '_bol_order_id' },
			...BOL_SETTINGS,
		},
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${WOO_SETTINGS_NOTE}\n${STORE_RECONCILE_SETTINGS_NOTE}\n${BOL_SETTINGS_NOTE}\n\nPoll intervals are on the Bol triggers, the full stock sync interval on its schedule trigger (n8n triggers run before Settings).`,
		triggers: [
			{ node: bolNewOrders(), lanes: ['New bol orders'] },
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
			{ node: bolNewReturns(), lanes: ['New bol returns'] },
		],
	});

	// 1. orders
	const y = rows.orders;
	const transform = orderIntake(lane, { route: 'New bol orders' }, y);
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
	wooCreateOrder(lane, decide, 15, y - 100);
	bolCancelUnfulfillable(lane, decide, 15, y + 100);
	lane.note(
		bolNotes.orders(
			'WooCommerce',
			`Lines are matched to store products and variations by SKU. An order that can be fulfilled is created with status *processing* (WooCommerce reserves the stock) and the bol id in the order meta **orderIdMetaKey**;
bol-fulfilled (FBB) orders are created *completed* with WooCommerce's \`_order_stock_reduced\` flag, so they do not move store stock unless **updateStockForMarketplaceOrders** (or the order's \`updateStoreStock\`).`,
		),
		5,
	);

	// reconciliation: the orders still waiting at the marketplace, through the orders lane again
	bolReconcile(lane, y + 600);

	// 2. stock
	const levels = wooStockLevels(lane, 'Store stock changed', 'Full stock sync', rows.stock);
	bolStockUpdate(lane, levels, 5, rows.stock);
	lane.note(
		`## 2. Stock
A product saved in WooCommerce (stock changed by an order, a refund, or by hand) -> after **stockSettleSeconds** its current stock, or the stock of each of its variations, goes to the bol offers in one batch (read again when the wait is over, not taken from the webhook, so a webhook arriving late cannot send an old number; two changes of one product seconds apart can still reach bol in the wrong order, which the hourly full sync repairs).
Every hour the whole catalogue is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.
Offers are found by **offerMatch**. Offers bol fulfils (FBB) keep bol's stock: their update fails on purpose and the others go on.`,
		6,
	);

	// 3. shipments
	const oy = rows.order;
	wooShipments(
		lane,
		BOL,
		'Store order shipped',
		oy,
		(from, column, at) => bolShipment(lane, from, column, at),
		`$json.transporterCode + ' ' + ($json.trackAndTrace || '')`,
	);
	lane.note(
		bolNotes.shipments(
			'WooCommerce (status *completed*)',
			'The tracking code and carrier come from the Shipment Tracking extension (order meta **trackingMetaKey**); the order gets `_bol_shipment`, so it ships once.',
		),
		3,
	);

	// store cancellations
	wooCancellations(lane, BOL, 'Store order cancelled', oy + 330, (from, column, at) =>
		bolStoreCancel(lane, from, column, at),
	);
	lane.note(bolNotes.cancellations('WooCommerce'), 3);

	// 5. refunds
	wooRefunds(
		lane,
		BOL,
		'Store order refunded',
		oy + 650,
		`($json.line_items || []).filter(l => l.sku && Math.abs(l.quantity) > 0).map(l => ({ sku: l.sku, quantity: Math.abs(l.quantity) }))`,
		(from, column, at) => bolRefund(lane, from, column, at),
	);
	lane.note(
		bolNotes.refunds(
			'WooCommerce',
			'Refunds this workflow made for bol returns are skipped; each refund is sent once (`_bol_refunds_forwarded`). ' +
				wooClaimNote('bol'),
		),
		2,
	);

	// store reconciliation: shipments, cancellations and refunds whose webhook never arrived, through the lanes above
	wooStoreReconcile(lane, BOL, oy + 1100);

	// 4. returns
	const ty = rows.returns;
	const returned = bolReturnIntake(lane, 'New bol returns', ty);
	wooRefundReturnedLine(lane, returned, 7, ty);
	lane.note(bolNotes.returns('WooCommerce'), 4);

	return lane;
}
