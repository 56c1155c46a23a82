/**
 * Miinto x WooCommerce: the whole order lifecycle in one workflow, one lane per trigger.
 *
 *   Miinto: New Transfers       -> the store's stock and prices -> accept / decline each position at Miinto in one
 *                                  call (Koongo's auto-accept, threshold 0.97) -> the accepted Miinto order created
 *                                  once in WooCommerce (or an email when it cannot be fulfilled)
 *   Every Hour: Reconcile       -> Miinto's accepted orders missing in the store, through the same order steps
 *   Woo: Product Updated        -> the product's (or its variations') current stock -> Miinto
 *   Every Hour: Full Stock Sync -> every product's stock -> Miinto
 *   Woo: Order Updated          -> completed with tracking -> Miinto shipment (missing -> email); cancelled in the
 *                                  store -> email (Miinto takes no cancellation after acceptance); refunded -> Miinto
 *                                  refund (the matching RMA accepted, or an RMA request)
 *   Miinto: New RMAs            -> accept (store refund + restock, once) or decline with the reason, or an email
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
import {
	equals,
	expr,
	filterNode,
	isEmpty,
	notEmpty,
	scheduleTrigger,
	setNode,
	setting,
} from './nodes.mts';
import {
	MIINTO,
	MIINTO_SETTINGS,
	MIINTO_SETTINGS_NOTE,
	MIINTO_SHIPPED_MARK,
	miintoNewRmas,
	miintoNewTransfers,
	miintoNotes,
	miintoReconcile,
	miintoRefund,
	miintoReturnRefunded,
	miintoRmaIntake,
	miintoShipment,
	miintoStockUpdate,
	miintoStoreCancelEmail,
	miintoTransferIntake,
	miintoUnfulfillable,
} from './miinto.mts';
import {
	WOO_ORDERS_CAP,
	WOO_SETTINGS,
	WOO_SETTINGS_NOTE,
	wooCatalog,
	wooClaimNote,
	wooCreateOrder,
	wooMarkOrder,
	wooMeta,
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

const S = setting;

/** JS: the lines of a WooCommerce refund as Miinto refund items (store SKU = your product id at Miinto). */
const REFUND_ITEMS = `($json.line_items || []).filter(l => l.sku && Math.abs(l.quantity) > 0).map(l => ({ sku: l.sku, quantity: Math.abs(l.quantity) }))`;

/**
 * Koongo's store data for auto-acceptance (`wooStoreProducts`), with the exported price: the product meta
 * **exportedPriceMetaKey** (the price last sent to Miinto, in the shop's currency), when it has one.
 */
const STORE_PRODUCTS = wooStoreProducts(wooMeta(S('exportedPriceMetaKey'), 'p'));

export function miintoWooCommerce(): Lifecycle {
	const rows = { transfers: 0, stock: 1300, order: 1700, returns: 3100 };
	const lane = new Lifecycle({
		id: 'mpsMiiWooLifecyc',
		name: 'Miinto x WooCommerce: order lifecycle',
		description:
			'Transfers accepted or declined per position, orders, stock, shipments, RMAs and refunds between Miinto and WooCommerce.',
		settings: {
			...WOO_SETTINGS,
			...STORE_RECONCILE_SETTINGS,
			orderIdMetaKey: { type: 'string', value: '_miinto_order_id' },
			exportedPriceMetaKey: { type: 'string', value: '_miinto_price' },
			...MIINTO_SETTINGS,
		},
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${WOO_SETTINGS_NOTE}\n${STORE_RECONCILE_SETTINGS_NOTE}\n- **exportedPriceMetaKey**: product meta with the price last exported to Miinto (in the Miinto shop's currency); what auto-acceptance compares with first (Koongo), else the WooCommerce price\n${MIINTO_SETTINGS_NOTE}\n\nPoll intervals are on the Miinto triggers, the full stock sync interval on its schedule trigger (n8n triggers run before Settings).`,
		triggers: [
			{ node: miintoNewTransfers(), lanes: ['New Miinto transfers'] },
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
			{ node: miintoNewRmas(), lanes: ['New Miinto RMAs'] },
		],
	});

	// 1. transfers: accept / decline at Miinto, then the accepted order in the store
	const y = rows.transfers;
	const acceptedOrder = miintoTransferIntake(lane, y, {
		// the acceptance step's own catalogue (the orders lane has its "Catalog": node names are unique)
		catalog: (transfers) =>
			wooCatalog(lane, transfers, 1, y + 200, (name) =>
				name.replace(/^(Woo: |Variable )?/, '$1Store '),
			),
		column: 7,
		storeProducts: STORE_PRODUCTS,
	});
	const oy = y + 500;
	const transform = orderIntake(lane, acceptedOrder, oy);
	const storeIds = wooOrderIds(
		lane,
		'Woo: Orders Since',
		transform,
		windowStart('createdAt', '2'),
		2,
		oy + 200,
	);
	const newOrders = onlyNewOrders(lane, transform, storeIds, 4, oy, WOO_ORDERS_CAP);
	const catalog = wooCatalog(lane, newOrders, 5, oy + 200);
	const plan = wooPlanOrder(lane, MOVE_STOCK, 12, oy);
	lane.connect(withCatalog(lane, newOrders, catalog, 11, oy), plan);
	const decide = canFulfil(lane, plan, 13, oy);
	wooCreateOrder(lane, decide, 15, oy - 100, 'Miinto');
	miintoUnfulfillable(lane, decide, 15, oy + 100);
	lane.note(
		miintoNotes.acceptance(
			'WooCommerce',
			'products and variations by SKU; the exported Miinto price is the product meta **exportedPriceMetaKey**',
		) +
			`\nThe store order is created with status *processing* (WooCommerce reserves the stock), the Miinto order id in the order meta **orderIdMetaKey** and the accepted positions as its lines, at Miinto's prices.`,
		5,
	);

	// reconciliation: the accepted orders missing in the store, through the orders lane again
	miintoReconcile(lane, oy + 800);

	// 2. stock
	const levels = wooStockLevels(lane, 'Store stock changed', 'Full stock sync', rows.stock);
	miintoStockUpdate(lane, levels, 5, rows.stock);
	lane.note(
		miintoNotes.stock(`A product saved in WooCommerce (stock changed by an order, a refund, or by hand) -> after **stockSettleSeconds** its current stock, or the stock of each of its variations, goes to Miinto (read again when the wait is over, not taken from the webhook).
Every hour the whole catalogue is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed. The EAN is the product's \`global_unique_id\`, else its meta **eanMetaKey**.`),
		6,
	);

	// 3. shipments
	const sy = rows.order;
	wooShipments(
		lane,
		MIINTO,
		'Store order shipped',
		sy,
		(from, column, at) => miintoShipment(lane, from, column, at),
		MIINTO_SHIPPED_MARK,
	);
	lane.note(
		miintoNotes.shipments(
			'WooCommerce (status *completed*)',
			'The track & trace code and the carrier are the last entry of the Shipment Tracking extension (order meta **trackingMetaKey**); without a carrier there, the shipping method. The order gets `_miinto_shipment`, so it ships once.',
		),
		3,
	);

	// store cancellations: nothing to send (Miinto has no cancellation after acceptance): one email
	const cy = sy + 330;
	const cancelled = lane.add(
		filterNode('Cancelled Miinto Orders', [
			equals('$json.status', 'cancelled'),
			notEmpty(wooMeta(S('orderIdMetaKey'))),
			isEmpty(wooMeta(`'_miinto_cancelled'`)),
		]),
		0,
		cy,
	);
	lane.fromRoute('Store order cancelled', cancelled);
	const cancelledOrder = lane.add(
		setNode('Cancelled Order', {
			orderId: { type: 'string', value: expr(wooMeta(S('orderIdMetaKey'))) },
			storeOrderId: { type: 'number', value: expr('$json.id') },
		}),
		1,
		cy,
	);
	lane.connect(cancelled, cancelledOrder);
	const cancelMail = lane.add(miintoStoreCancelEmail('$json'), 2, cy);
	lane.connect(cancelledOrder, cancelMail);
	lane.connect(
		cancelMail,
		lane.add(
			wooMarkOrder(
				'Woo: Mark Cancellation Handled',
				`$('${cancelledOrder}').item.json.storeOrderId`,
				[[`'_miinto_cancelled'`, '$now.toISO()']],
			),
			3,
			cy,
		),
	);
	lane.note(miintoNotes.cancellations('WooCommerce'), 3);

	// 5. store refunds -> RMA requests
	wooRefunds(lane, MIINTO, 'Store order refunded', sy + 650, REFUND_ITEMS, (from, column, at) =>
		miintoRefund(lane, from, column, at),
	);
	lane.note(
		miintoNotes.refunds(
			'WooCommerce',
			'Refunds this workflow made for Miinto RMAs are skipped; each refund is sent once (`_miinto_refunds_forwarded`). ' +
				wooClaimNote('miinto'),
		),
		2,
	);

	// store reconciliation: shipments, cancellations (their email) and refunds whose webhook never arrived
	wooStoreReconcile(lane, MIINTO, sy + 980);

	// 4. RMAs
	const ty = rows.returns;
	const returned = miintoRmaIntake(lane, 'New Miinto RMAs', ty);
	wooRefundReturnedLine(lane, returned, 5, ty, 'Miinto', miintoReturnRefunded('reason'));
	lane.note(miintoNotes.returns('WooCommerce'), 4);

	return lane;
}
