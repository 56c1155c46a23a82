/**
 * Amazon x Shopify: the order lifecycle Amazon's Selling Partner API allows, in one workflow, one lane per trigger.
 *
 *   Amazon: New Orders                   -> filter, transform, skip orders already in the shop, create the order at
 *                                           the Amazon prices (merchant-fulfilled: stock decremented; FBA: marked
 *                                           fulfilled, stock only if set), or cancel at Amazon with an email
 *   Shopify: Inventory Updated           -> the item's current available quantity -> Amazon MFN listing
 *   Every Hour: Full Stock Sync          -> every variant's stock -> Amazon
 *   Shopify: Fulfillment Created/Updated -> Amazon shipment confirmation with the tracking (missing tracking -> email)
 *   Shopify: Order Cancelled             -> cancelled at Amazon
 *   Shopify: Refund Created              -> Amazon refund (payment adjustment feed)
 *   Every Hour: Amazon Returns           -> returns report: returns Amazon refunded -> shop refund + restock
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
	SHOP_RETURN_REFUNDED,
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
	shopRefunds,
	shopShipments,
	shopStockLevels,
	shopOrderTriggers,
	shopStockTriggers,
	shopStoreReconcile,
} from './shopify.mts';

/** JS: the product lines of a Shopify refund (`refund`: JS) as Amazon refund items (seller SKU, the refunded line amount as the item price). */
const refundItems = (refund: string) =>
	`(${refund}.refund_line_items || []).filter(l => l.line_item && l.line_item.sku && Math.abs(Number(l.subtotal)) > 0)` +
	`.map(l => ({ sku: ${amazonSku('l.line_item.sku')}, principal: Math.round(Math.abs(Number(l.subtotal)) * 100) / 100 }))`;

export function amazonShopify(): Lifecycle {
	const rows = {
		orders: 0,
		stock: 750,
		fulfilment: 1200,
		cancel: 1650,
		refund: 1950,
		returns: 2400,
	};
	const lane = new Lifecycle({
		id: 'mpsAmzShopLifecy',
		name: 'Amazon x Shopify: order lifecycle',
		description:
			'Orders, stock, shipments, cancellations, refunds and returns between Amazon and Shopify.',
		settings: { ...SHOPIFY_SETTINGS, ...STORE_RECONCILE_SETTINGS, ...AMAZON_SETTINGS },
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${SHOPIFY_SETTINGS_NOTE}\n${STORE_RECONCILE_SETTINGS_NOTE}\n${AMAZON_SETTINGS_NOTE}\n\nPoll intervals are on the Amazon trigger and the schedule triggers (n8n triggers run before Settings). The Amazon credential's marketplaces are the ones orders are read from. The Shopify credential needs the app's API secret key: n8n checks every webhook's HMAC with it.`,
		triggers: [
			{ node: amazonNewOrders(), lanes: ['New Amazon orders'] },
			reconcileTrigger(),
			...shopStockTriggers(),
			...shopOrderTriggers(),
			storeReconcileTrigger(),
			{ node: scheduleTrigger('Every Hour: Amazon Returns', 60), lanes: ['Amazon returns'] },
		],
	});

	// 1. orders
	const y = rows.orders;
	const importable = amazonOrderIntake(lane, 'New Amazon orders', y);
	const storeIds = shopOrdersSince(
		lane,
		'Shopify: Orders Since',
		importable,
		windowStart('createdAt', '2'),
		3,
		y + 200,
		AMAZON,
	);
	const newOrders = onlyNewOrders(lane, importable, storeIds, 6, y, SHOP_ORDERS_CAP);
	const catalog = shopCatalog(lane, newOrders, 7, y + 200);
	const plan = shopPlanOrder(lane, MOVE_STOCK, 13, y);
	lane.connect(withCatalog(lane, newOrders, catalog, 12, y), plan);
	const decide = canFulfil(lane, plan, 14, y);
	shopCreateOrder(lane, decide, 16, y - 150, AMAZON);
	amazonCancelUnfulfillable(lane, decide, 16, y + 200);
	lane.note(
		amazonNotes.orders(
			'Shopify',
			`Lines are matched to the shop's variants by SKU. An order that can be fulfilled is created paid, at the Amazon price (what the buyer paid for the line), without receipts, with the Amazon order id in the note attribute \`amazon_order_id\`; the stock is decremented (obeying each variant's inventory policy).
Amazon-fulfilled (FBA) orders are created and marked fulfilled at once, and do not move store stock unless **updateStockForMarketplaceOrders**.`,
		),
		5,
	);

	// reconciliation: the orders still waiting at the marketplace, through the orders lane again
	amazonReconcile(lane, y + 600);

	// 2. stock
	const levels = shopStockLevels(lane, 'Stock changed', 'Full stock sync', rows.stock);
	amazonStockUpdate(lane, levels, 6, rows.stock);
	lane.note(
		amazonNotes.stock(`An inventory level changed in Shopify (an order, a refund, by hand) -> after **stockSettleSeconds** the item's SKU and its current available quantity (all locations, or **locationId**) go to Amazon (read again when the wait is over, not taken from the webhook, so a webhook arriving late cannot send an old number; two changes of one item seconds apart can still reach Amazon in the wrong order, which the hourly full sync repairs).
Every hour every variant's stock is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.`),
		6,
	);

	// 3. shipments: fulfilments created, or updated (tracking added later)
	shopShipments(
		lane,
		AMAZON,
		['Fulfilment created', 'Fulfilment updated'],
		rows.fulfilment,
		(from, column, at) => amazonShipment(lane, from, column, at, 'lines'),
		{
			shippedMark: `$json.carrierCode + ' ' + $json.trackingNumber`,
		},
	);
	lane.note(
		amazonNotes.shipments(
			'Shopify (a fulfilment, or a fulfilment whose tracking was added later)',
			'Each fulfilment is confirmed with its own lines (seller SKU and quantity), so a partial fulfilment stays partial at Amazon; the tracking number and carrier (tracking company) come from the fulfilment, and the order gets `amazon_shipped_<fulfilment>`, so each fulfilment ships once.',
		),
		3,
	);

	// store cancellations
	shopCancellations(
		lane,
		AMAZON,
		'Order cancelled',
		rows.cancel,
		(from, column, at) => amazonStoreCancel(lane, from, column, at),
		'$json.status',
	);
	lane.note(amazonNotes.cancellations('Shopify'), 3);

	// 5. refunds
	shopRefunds(lane, AMAZON, 'Refund created', rows.refund, refundItems, (from, column, at) =>
		amazonRefund(lane, from, column, at),
	);
	lane.note(
		amazonNotes.refunds(
			'Shopify',
			'Refunds this workflow made for Amazon returns are skipped; each refund is sent once (`amazon_refund_forwarded_<refund>`). ' +
				shopClaimNote('amazon'),
		),
		2,
	);

	// store reconciliation: shipments, cancellations and refunds whose webhook never arrived, through the lanes above
	shopStoreReconcile(lane, AMAZON, rows.refund + 450);

	// 4. returns
	const returned = amazonReturnIntake(lane, 'Amazon returns', rows.returns);
	// a return of an order the merchant refunded in the shop (and lane 5 sent to Amazon) is not refunded twice
	shopRefundReturnedLine(
		lane,
		returned,
		4,
		rows.returns,
		AMAZON,
		`${SHOP_RETURN_REFUNDED} || $json.storeRefunds.some(r => !String(r.note || '').startsWith('Amazon return'))`,
	);
	lane.note(
		amazonNotes.returns(
			'Shopify',
			'Each return is refunded once (its RMA id is in the refund note); an order you refunded in Shopify yourself (sent to Amazon by lane 5) is not refunded again.',
		),
		4,
	);

	return lane;
}
