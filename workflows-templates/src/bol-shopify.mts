/**
 * Bol.com x Shopify: the whole order lifecycle in one workflow, one lane per trigger.
 *
 *   Bol: New Orders                  -> filter, transform, skip orders already in the shop, create the order at the
 *                                       bol prices (stock decremented when the order moves stock), or cancel at bol
 *   Shopify: Inventory Updated       -> the item's current available quantity -> bol offer
 *   Every Hour: Full Stock Sync      -> every variant's stock -> bol, in one batch
 *   Shopify: Fulfillment Created/Updated -> bol shipment with the tracking (missing tracking -> email)
 *   Shopify: Order Cancelled         -> cancelled at bol
 *   Shopify: Refund Created          -> bol refund
 *   Bol: New Returns                 -> handling result -> bol; where bol refunds: shop refund + restock
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
import {
	SHOP_ORDERS_CAP,
	SHOPIFY_SETTINGS,
	SHOPIFY_SETTINGS_NOTE,
	shopCancellations,
	shopCatalog,
	shopCreateOrder,
	shopOrdersSince,
	shopPlanOrder,
	shopRefundReturnedLine,
	shopClaimNote,
	shopRefundSkus,
	shopRefunds,
	shopShipments,
	shopStockLevels,
	shopOrderTriggers,
	shopStockTriggers,
	shopStoreReconcile,
} from './shopify.mts';

export function bolShopify(): Lifecycle {
	const rows = {
		orders: 0,
		stock: 750,
		fulfilment: 1200,
		cancel: 1650,
		refund: 1950,
		returns: 2400,
	};
	const lane = new Lifecycle({
		id: 'mpsBolShopLifecy',
		name: 'Bol.com x Shopify: order lifecycle',
		description: 'Orders, stock, shipments, returns and refunds between Bol.com and Shopify.',
		settings: { ...SHOPIFY_SETTINGS, ...STORE_RECONCILE_SETTINGS, ...BOL_SETTINGS },
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${SHOPIFY_SETTINGS_NOTE}\n${STORE_RECONCILE_SETTINGS_NOTE}\n${BOL_SETTINGS_NOTE}\n\nPoll intervals are on the Bol triggers, the full stock sync interval on its schedule trigger (n8n triggers run before Settings). The Shopify credential needs the app's API secret key: n8n checks every webhook's HMAC with it.`,
		triggers: [
			{ node: bolNewOrders(), lanes: ['New bol orders'] },
			reconcileTrigger(),
			...shopStockTriggers(),
			...shopOrderTriggers(),
			storeReconcileTrigger(),
			{ node: bolNewReturns(), lanes: ['New bol returns'] },
		],
	});

	// 1. orders
	const y = rows.orders;
	const transform = orderIntake(lane, { route: 'New bol orders' }, y);
	const storeIds = shopOrdersSince(
		lane,
		'Shopify: Orders Since',
		transform,
		windowStart('createdAt', '2'),
		2,
		y + 200,
		BOL,
	);
	const newOrders = onlyNewOrders(lane, transform, storeIds, 5, y, SHOP_ORDERS_CAP);
	const catalog = shopCatalog(lane, newOrders, 6, y + 200);
	const plan = shopPlanOrder(lane, MOVE_STOCK, 12, y);
	lane.connect(withCatalog(lane, newOrders, catalog, 11, y), plan);
	const decide = canFulfil(lane, plan, 13, y);
	shopCreateOrder(lane, decide, 15, y - 150, BOL);
	bolCancelUnfulfillable(lane, decide, 15, y + 200);
	lane.note(
		bolNotes.orders(
			'Shopify',
			`Lines are matched to the shop's variants by SKU. An order that can be fulfilled is created paid, at the prices the customer paid at bol, without receipts, with the bol id in the note attribute \`bol_order_id\`; the stock is decremented (obeying each variant's inventory policy) when the order moves stock.
Bol-fulfilled (FBB) orders do not move stock unless **updateStockForMarketplaceOrders** (or the order's \`updateStoreStock\`), and are marked fulfilled at once.`,
		),
		5,
	);

	// reconciliation: the orders still waiting at the marketplace, through the orders lane again
	bolReconcile(lane, y + 600);

	// 2. stock
	const levels = shopStockLevels(lane, 'Stock changed', 'Full stock sync', rows.stock);
	bolStockUpdate(lane, levels, 6, rows.stock);
	lane.note(
		`## 2. Stock
An inventory level changed in Shopify (an order, a refund, by hand) -> after **stockSettleSeconds** the item's SKU and its current available quantity (all locations, or **locationId**) go to the bol offer (read again when the wait is over, not taken from the webhook, so a webhook arriving late cannot send an old number; two changes of one item seconds apart can still reach bol in the wrong order, which the hourly full sync repairs).
Every hour every variant's stock is sent again in one batch (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.
Offers are found by **offerMatch** (\`ean\` is the variant barcode, in the full sync only). Offers bol fulfils (FBB) keep bol's stock.`,
		6,
	);

	// 3. shipments: fulfilments created, or updated (tracking added later)
	shopShipments(
		lane,
		BOL,
		['Fulfilment created', 'Fulfilment updated'],
		rows.fulfilment,
		(from, column, at) => bolShipment(lane, from, column, at),
		{
			shippedMark: `$json.transporterCode + ' ' + ($json.trackAndTrace || '')`,
		},
	);
	lane.note(
		bolNotes.shipments(
			'Shopify (a fulfilment, or a fulfilment whose tracking was added later)',
			'Each fulfilment goes to bol line by line and marks the order (`bol_shipped_<fulfilment>`), so it ships once.',
		),
		3,
	);

	// store cancellations
	shopCancellations(
		lane,
		BOL,
		'Order cancelled',
		rows.cancel,
		(from, column, at) => bolStoreCancel(lane, from, column, at),
		'$json.reasonCode',
	);
	lane.note(bolNotes.cancellations('Shopify'), 3);

	// 5. refunds
	shopRefunds(lane, BOL, 'Refund created', rows.refund, shopRefundSkus, (from, column, at) =>
		bolRefund(lane, from, column, at),
	);
	lane.note(
		bolNotes.refunds(
			'Shopify',
			'Refunds this workflow made for bol returns are skipped; each refund is sent once (`bol_refund_forwarded_<refund>`). ' +
				shopClaimNote('bol'),
		),
		2,
	);

	// store reconciliation: shipments, cancellations and refunds whose webhook never arrived, through the lanes above
	shopStoreReconcile(lane, BOL, rows.refund + 450);

	// 4. returns
	const returned = bolReturnIntake(lane, 'New bol returns', rows.returns);
	shopRefundReturnedLine(lane, returned, 7, rows.returns, BOL);
	lane.note(bolNotes.returns('Shopify'), 4);

	return lane;
}
