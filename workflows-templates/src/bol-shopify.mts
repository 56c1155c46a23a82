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
	BOL_SETTINGS,
	BOL_SETTINGS_NOTE,
	MOVE_STOCK,
	bolCancelUnfulfillable,
	bolNewOrders,
	bolNewReturns,
	bolNotes,
	bolOrderIntake,
	bolRefund,
	bolReturnIntake,
	bolShipment,
	bolStockUpdate,
	bolStoreCancel,
} from './bol.mts';
import { Lifecycle, canFulfil, onlyNewOrders, windowStart, withCatalog } from './lifecycle.mts';
import { equals, expr, filterNode, isTrue, notEmpty, scheduleTrigger, setNode } from './nodes.mts';
import {
	SHOPIFY_SETTINGS,
	SHOPIFY_SETTINGS_NOTE,
	noteAttribute,
	shopCatalog,
	shopCreateOrder,
	shopHttp,
	shopMark,
	shopOrdersSince,
	shopRefundReturnedLine,
	shopStockLevels,
	shopifyTrigger,
} from './shopify.mts';

export function bolShopify(): Lifecycle {
	const rows = { orders: 0, stock: 750, fulfilment: 1200, cancel: 1650, refund: 1950, returns: 2400 };
	const lane = new Lifecycle({
		id: 'mpsBolShopLifecy',
		name: 'Bol.com x Shopify: order lifecycle',
		description: 'Orders, stock, shipments, returns and refunds between Bol.com and Shopify.',
		settings: { ...SHOPIFY_SETTINGS, ...BOL_SETTINGS },
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${SHOPIFY_SETTINGS_NOTE}\n${BOL_SETTINGS_NOTE}\n\nPoll intervals are on the Bol triggers, the full stock sync interval on its schedule trigger (n8n triggers run before Settings). The Shopify credential needs the app's API secret key: n8n checks every webhook's HMAC with it.`,
		triggers: [
			{ node: bolNewOrders(), lanes: ['New bol orders'] },
			{ node: shopifyTrigger('Shopify: Inventory Updated', 'inventory_levels/update'), lanes: ['Stock changed'] },
			{ node: scheduleTrigger('Every Hour: Full Stock Sync', 60), lanes: ['Full stock sync'] },
			{ node: shopifyTrigger('Shopify: Fulfillment Created', 'fulfillments/create'), lanes: ['Fulfilment created'] },
			{ node: shopifyTrigger('Shopify: Fulfillment Updated', 'fulfillments/update'), lanes: ['Fulfilment updated'] },
			{ node: shopifyTrigger('Shopify: Order Cancelled', 'orders/cancelled'), lanes: ['Order cancelled'] },
			{ node: shopifyTrigger('Shopify: Refund Created', 'refunds/create'), lanes: ['Refund created'] },
			{ node: bolNewReturns(), lanes: ['New bol returns'] },
		],
	});

	// 1. orders
	const y = rows.orders;
	const transform = bolOrderIntake(lane, { route: 'New bol orders' }, y);
	const storeIds = shopOrdersSince(lane, 'Shopify: Orders Since', transform, windowStart('createdAt', '2'), 2, y + 200);
	const newOrders = onlyNewOrders(lane, transform, storeIds, 5, y);
	const catalog = shopCatalog(lane, newOrders, 6, y + 200);
	const plan = lane.add(
		setNode(
			'Plan Store Order',
			{
				storeLines: {
					type: 'array',
					value: expr(
						`$json.lines.map(l => ({ line: l, variant: $json.catalog.find(v => v.sku && v.sku === l.sku) }))` +
							`.map(({ line, variant }) => ({ lineId: line.lineId, sku: line.sku, title: line.title, quantity: line.quantity, totalPrice: line.totalPrice, fulfilment: line.fulfilment, ` +
							`found: Boolean(variant), variantId: variant ? variant.variantId : null, stock: variant && variant.managed ? variant.stock : null, backorders: variant ? variant.backorders : false }))`,
					),
				},
				moveStock: { type: 'boolean', value: expr(MOVE_STOCK) },
			},
			true,
		),
		12,
		y,
	);
	lane.connect(withCatalog(lane, newOrders, catalog, 11, y), plan);
	const decide = canFulfil(lane, plan, 13, y);
	shopCreateOrder(lane, decide, 15, y - 150);
	bolCancelUnfulfillable(lane, decide, 15, y + 200);
	lane.note(
		bolNotes.orders(
			'Shopify',
			`Lines are matched to the shop's variants by SKU. An order that can be fulfilled is created paid, at the prices the customer paid at bol, without receipts, with the bol id in the note attribute \`bol_order_id\`; the stock is decremented (obeying each variant's inventory policy) when the order moves stock.
Bol-fulfilled (FBB) orders do not move stock unless **updateStockForMarketplaceOrders** (or the order's \`updateStoreStock\`), and are marked fulfilled at once.`,
		), 5);

	// 2. stock
	const levels = shopStockLevels(lane, 'Stock changed', 'Full stock sync', rows.stock);
	bolStockUpdate(lane, levels, 6, rows.stock);
	lane.note(
		`## 2. Stock
An inventory level changed in Shopify (an order, a refund, by hand) -> after **stockSettleSeconds** the item's SKU and its current available quantity (all locations, or **locationId**) go to the bol offer (read again when the wait is over, not taken from the webhook, so a webhook arriving late cannot send an old number; two changes of one item seconds apart can still reach bol in the wrong order, which the hourly full sync repairs).
Every hour every variant's stock is sent again in one batch (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.
Offers are found by **offerMatch** (\`ean\` is the variant barcode, in the full sync only). Offers bol fulfils (FBB) keep bol's stock.`, 6);

	// 3. shipments: fulfilments created, or updated (tracking added later)
	const fy = rows.fulfilment;
	const order = lane.add(shopHttp('Shopify: Order of Fulfillment', 'GET', '/orders/{{ $json.order_id }}.json'), 0, fy);
	lane.fromRoute('Fulfilment created', order);
	lane.fromRoute('Fulfilment updated', order);
	const fulfilment = `$('Route by Trigger').item.json`;
	const details = lane.add(
		setNode('Shipment Details', {
			marketplace: { type: 'string', value: 'bol' },
			orderId: { type: 'string', value: expr(`${noteAttribute(`'bol_order_id'`, '$json.order')} || ''`) },
			merchantFulfilled: { type: 'boolean', value: expr(`${noteAttribute(`'bol_fulfilment'`, '$json.order')} === 'merchant'`) },
			storeOrderId: { type: 'number', value: expr('$json.order.id') },
			fulfillmentId: { type: 'number', value: expr(`${fulfilment}.id`) },
			trackingCode: { type: 'string', value: expr(`${fulfilment}.tracking_number || (${fulfilment}.tracking_numbers || [])[0] || ''`) },
			carrier: { type: 'string', value: expr(`${fulfilment}.tracking_company || ''`) },
			reference: { type: 'string', value: expr(`'SH-' + $json.order.name.replace('#', '') + '-' + ${fulfilment}.id`) },
			lines: { type: 'array', value: expr(`(${fulfilment}.line_items || []).filter(l => l.sku).map(l => ({ sku: l.sku, quantity: l.quantity }))`) },
			trackingNotified: { type: 'boolean', value: expr(`Boolean(${noteAttribute(`'bol_tracking_missing_' + ${fulfilment}.id`, '$json.order')})`) },
			sent: { type: 'boolean', value: expr(`Boolean(${noteAttribute(`'bol_shipped_' + ${fulfilment}.id`, '$json.order')})`) },
		}),
		1,
		fy,
	);
	lane.connect(order, details);
	const toShip = lane.add(
		filterNode('Bol Fulfilments Not Sent Yet', [notEmpty('$json.orderId'), isTrue('$json.merchantFulfilled && !$json.sent'), equals(`${fulfilment}.status`, 'success')]),
		2,
		fy,
	);
	lane.connect(details, toShip);
	const shipment = bolShipment(lane, toShip, 3, fy);
	const orderRead = `$('${order}').item.json.order`;
	lane.connect(shipment.shipped, lane.add(shopMark('Shopify: Mark Shipped at Bol', orderRead, `'bol_shipped_' + $('${toShip}').item.json.fulfillmentId`, `$json.transporterCode + ' ' + ($json.trackAndTrace || '')`), 5, fy - 80));
	lane.connect(shipment.notified, lane.add(shopMark('Shopify: Mark Tracking Notified', orderRead, `'bol_tracking_missing_' + $('Not Notified Yet').item.json.fulfillmentId`, '$now.toISO()'), 6, fy + 80));
	lane.note(
		bolNotes.shipments('Shopify (a fulfilment, or a fulfilment whose tracking was added later)', 'Each fulfilment goes to bol line by line and marks the order (`bol_shipped_<fulfilment>`), so it ships once.'), 3);

	// store cancellations
	const cy = rows.cancel;
	const cancelled = lane.add(
		filterNode('Cancelled Bol Orders', [notEmpty(`${noteAttribute(`'bol_order_id'`)} || ''`), equals(noteAttribute(`'bol_fulfilment'`), 'merchant'), isTrue(`!${noteAttribute(`'bol_cancelled'`)}`)]),
		0,
		cy,
	);
	lane.fromRoute('Order cancelled', cancelled);
	const toCancel = lane.add(setNode('Cancelled Order', { orderId: { type: 'string', value: expr(noteAttribute(`'bol_order_id'`)) }, storeOrderId: { type: 'number', value: expr('$json.id') } }), 1, cy);
	lane.connect(cancelled, toCancel);
	const storeCancel = bolStoreCancel(lane, toCancel, 2, cy);
	lane.connect(storeCancel, lane.add(shopMark('Shopify: Mark Cancelled at Bol', `$('${cancelled}').item.json`, `'bol_cancelled'`, '$json.reasonCode'), 3, cy));
	lane.note(bolNotes.cancellations('Shopify'), 3);

	// 5. refunds
	const ry = rows.refund;
	const refunds = lane.add(filterNode('Refunds Made in the Shop', [isTrue(`!String($json.note || '').startsWith('Bol.com return')`)]), 0, ry);
	lane.fromRoute('Refund created', refunds);
	const refundOrder = lane.add(shopHttp('Shopify: Order of Refund', 'GET', '/orders/{{ $json.order_id }}.json'), 1, ry);
	lane.connect(refunds, refundOrder);
	const refund = `$('${refunds}').item.json`;
	const refundLines = lane.add(
		setNode('Refund Lines', {
			orderId: { type: 'string', value: expr(`${noteAttribute(`'bol_order_id'`, '$json.order')} || ''`) },
			storeOrderId: { type: 'number', value: expr('$json.order.id') },
			refundId: { type: 'number', value: expr(`${refund}.id`) },
			forwarded: { type: 'boolean', value: expr(`Boolean(${noteAttribute(`'bol_refund_forwarded_' + ${refund}.id`, '$json.order')})`) },
			items: { type: 'array', value: expr(`(${refund}.refund_line_items || []).filter(l => l.line_item && l.line_item.sku).map(l => ({ sku: l.line_item.sku, quantity: l.quantity }))`) },
		}),
		2,
		ry,
	);
	lane.connect(refundOrder, refundLines);
	const notForwarded = lane.add(filterNode('Bol Refunds Not Sent Yet', [notEmpty('$json.orderId'), isTrue('!$json.forwarded')]), 3, ry);
	lane.connect(refundLines, notForwarded);
	const bolRefundNode = bolRefund(lane, notForwarded, 4, ry);
	lane.connect(
		bolRefundNode,
		lane.add(shopMark('Shopify: Mark Refund Forwarded', `$('${refundOrder}').item.json.order`, `'bol_refund_forwarded_' + $('${notForwarded}').item.json.refundId`, '$json.status'), 6, ry - 80),
	);
	lane.note(bolNotes.refunds('Shopify', 'Refunds this workflow made for bol returns are skipped; each refund is sent once (`bol_refund_forwarded_<refund>`).'), 2);

	// 4. returns
	const ty = rows.returns;
	const returned = bolReturnIntake(lane, 'New bol returns', ty);
	shopRefundReturnedLine(lane, returned, 7, ty);
	lane.note(bolNotes.returns('Shopify'), 4);

	return lane;
}
