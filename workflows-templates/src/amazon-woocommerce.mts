/**
 * Amazon x WooCommerce: the order lifecycle Amazon's Selling Partner API allows, in one workflow, one lane per trigger.
 *
 *   Amazon: New Orders              -> filter, transform, skip orders already in the store, create the store order
 *                                      (merchant-fulfilled: *processing*; FBA: *completed*, store stock only if set),
 *                                      or cancel at Amazon (order acknowledgement feed) with an email
 *   Woo: Product Updated            -> the product's (or its variations') current stock -> Amazon MFN listings
 *   Every Hour: Full Stock Sync     -> every product's stock -> Amazon
 *   Woo: Order Updated              -> completed with tracking -> Amazon shipment confirmation (missing tracking ->
 *                                      email); cancelled in the store -> cancelled at Amazon; refunded in the store ->
 *                                      Amazon refund (payment adjustment feed)
 *   Every Hour: Amazon Returns      -> returns report: returns Amazon refunded -> store refund + restock
 */
import {
	AMAZON,
	AMAZON_SETTINGS,
	AMAZON_SETTINGS_NOTE,
	amazonCancelUnfulfillable,
	amazonNewOrders,
	amazonReconcile,
	amazonOrderIntake,
	amazonNotes,
	amazonRefund,
	amazonReturnIntake,
	amazonShipment,
	amazonSku,
	amazonStockUpdate,
	amazonStoreCancel,
} from './amazon.mts';
import {
	Lifecycle,
	MOVE_STOCK,
	canFulfil,
	onlyNewOrders,
	windowStart,
	withCatalog,
	reconcileTrigger,
	storeReconcileTrigger,
	STORE_RECONCILE_SETTINGS,
	STORE_RECONCILE_SETTINGS_NOTE,
} from './lifecycle.mts';
import { scheduleTrigger } from './nodes.mts';
import {
	WOO_RETURN_REFUNDED,
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

/** JS: the lines of a WooCommerce refund as Amazon refund items (seller SKU and the refunded item price). */
const REFUND_ITEMS = `($json.line_items || []).filter(l => l.sku && Math.abs(Number(l.total)) > 0).map(l => ({ sku: ${amazonSku('l.sku')}, principal: Math.abs(Number(l.total)) }))`;

export function amazonWooCommerce(): Lifecycle {
	const rows = { orders: 0, stock: 700, order: 1100, returns: 2100 };
	const lane = new Lifecycle({
		id: 'mpsAmzWooLifecyc',
		name: 'Amazon x WooCommerce: order lifecycle',
		description:
			'Orders, stock, shipments, cancellations, refunds and returns between Amazon and WooCommerce.',
		settings: {
			...WOO_SETTINGS,
			...STORE_RECONCILE_SETTINGS,
			orderIdMetaKey: { type: 'string', value: '_amazon_order_id' },
			...AMAZON_SETTINGS,
		},
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${WOO_SETTINGS_NOTE}\n${STORE_RECONCILE_SETTINGS_NOTE}\n${AMAZON_SETTINGS_NOTE}\n\nPoll intervals are on the Amazon trigger and the schedule triggers (n8n triggers run before Settings). The Amazon credential's marketplaces are the ones orders are read from.`,
		triggers: [
			{ node: amazonNewOrders(), lanes: ['New Amazon orders'] },
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
			{ node: scheduleTrigger('Every Hour: Amazon Returns', 60), lanes: ['Amazon returns'] },
		],
	});

	// 1. orders
	const y = rows.orders;
	const importable = amazonOrderIntake(lane, 'New Amazon orders', y);
	const storeIds = wooOrderIds(
		lane,
		'Woo: Orders Since',
		importable,
		windowStart('createdAt', '2'),
		3,
		y + 200,
	);
	const newOrders = onlyNewOrders(lane, importable, storeIds, 5, y, WOO_ORDERS_CAP);
	const catalog = wooCatalog(lane, newOrders, 6, y + 200);
	const plan = wooPlanOrder(lane, MOVE_STOCK, 13, y);
	lane.connect(withCatalog(lane, newOrders, catalog, 12, y), plan);
	const decide = canFulfil(lane, plan, 14, y);
	wooCreateOrder(lane, decide, 16, y - 100, 'Amazon');
	amazonCancelUnfulfillable(lane, decide, 16, y + 100);
	lane.note(
		amazonNotes.orders(
			'WooCommerce',
			`Lines are matched to store products and variations by SKU and created at the Amazon price (what the buyer paid for the line). An order that can be fulfilled is created with status *processing* (WooCommerce reserves the stock) and the Amazon order id in the order meta **orderIdMetaKey**;
Amazon-fulfilled (FBA) orders are created *completed* with WooCommerce's \`_order_stock_reduced\` flag, so they do not move store stock unless **updateStockForMarketplaceOrders**.`,
		),
		5,
	);

	// reconciliation: the orders still waiting at the marketplace, through the orders lane again
	amazonReconcile(lane, y + 600);

	// 2. stock
	const levels = wooStockLevels(lane, 'Store stock changed', 'Full stock sync', rows.stock);
	amazonStockUpdate(lane, levels, 5, rows.stock);
	lane.note(
		amazonNotes.stock(`A product saved in WooCommerce (stock changed by an order, a refund, or by hand) -> after **stockSettleSeconds** its current stock, or the stock of each of its variations, goes to Amazon (read again when the wait is over, not taken from the webhook, so a webhook arriving late cannot send an old number; two changes of one product seconds apart can still reach Amazon in the wrong order, which the hourly full sync repairs).
Every hour the whole catalogue is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.`),
		6,
	);

	// 3. shipments
	const oy = rows.order;
	wooShipments(
		lane,
		AMAZON,
		'Store order shipped',
		oy,
		(from, column, at) => amazonShipment(lane, from, column, at),
		`$json.carrierCode + ' ' + $json.trackingNumber`,
	);
	lane.note(
		amazonNotes.shipments(
			'WooCommerce (status *completed*)',
			'The tracking number and carrier come from the Shipment Tracking extension (order meta **trackingMetaKey**); the order gets `_amazon_shipment`, so it ships once.',
		),
		3,
	);

	// store cancellations
	wooCancellations(lane, AMAZON, 'Store order cancelled', oy + 330, (from, column, at) =>
		amazonStoreCancel(lane, from, column, at),
	);
	lane.note(amazonNotes.cancellations('WooCommerce'), 3);

	// 5. refunds
	wooRefunds(lane, AMAZON, 'Store order refunded', oy + 650, REFUND_ITEMS, (from, column, at) =>
		amazonRefund(lane, from, column, at),
	);
	lane.note(
		amazonNotes.refunds(
			'WooCommerce',
			'Refunds this workflow made for Amazon returns are skipped; each refund is sent once (`_amazon_refunds_forwarded`). ' +
				wooClaimNote('amazon'),
		),
		2,
	);

	// store reconciliation: shipments, cancellations and refunds whose webhook never arrived, through the lanes above
	wooStoreReconcile(lane, AMAZON, oy + 1100);

	// 4. returns
	const returned = amazonReturnIntake(lane, 'Amazon returns', rows.returns);
	// a return of an order the merchant refunded in the store (and lane 5 sent to Amazon) is not refunded twice
	wooRefundReturnedLine(
		lane,
		returned,
		4,
		rows.returns,
		'Amazon',
		`${WOO_RETURN_REFUNDED} || $json.storeRefunds.some(r => !String(r.reason || '').startsWith('Amazon return'))`,
	);
	lane.note(
		amazonNotes.returns(
			'WooCommerce',
			'Each return is refunded once (its RMA id is in the refund reason); an order you refunded in WooCommerce yourself (sent to Amazon by lane 5) is not refunded again.',
		),
		4,
	);

	return lane;
}
