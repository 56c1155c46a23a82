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
import { equals, expr, filterNode, isEmpty, isTrue, notEmpty, scheduleTrigger, setNode, setting } from './nodes.mts';
import {
	WOO_SETTINGS,
	WOO_SETTINGS_NOTE,
	wooCatalog,
	wooCreateOrder,
	wooListNode,
	wooMarkOrder,
	wooMeta,
	wooOrderIds,
	wooRefundReturnedLine,
	wooStockLevels,
	wooTrigger,
} from './woocommerce.mts';

const S = setting;

export function bolWooCommerce(): Lifecycle {
	const rows = { orders: 0, stock: 700, order: 1100, returns: 2100 };
	const lane = new Lifecycle({
		id: 'mpsBolWooLifecyc',
		name: 'Bol.com x WooCommerce: order lifecycle',
		description: 'Orders, stock, shipments, returns and refunds between Bol.com and WooCommerce.',
		settings: { ...WOO_SETTINGS, orderIdMetaKey: { type: 'string', value: '_bol_order_id' }, ...BOL_SETTINGS },
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${WOO_SETTINGS_NOTE}\n${BOL_SETTINGS_NOTE}\n\nPoll intervals are on the Bol triggers, the full stock sync interval on its schedule trigger (n8n triggers run before Settings).`,
		triggers: [
			{ node: bolNewOrders(), lanes: ['New bol orders'] },
			{ node: wooTrigger('Woo: Product Updated', 'product.updated'), lanes: ['Store stock changed'] },
			{ node: scheduleTrigger('Every Hour: Full Stock Sync', 60), lanes: ['Full stock sync'] },
			{ node: wooTrigger('Woo: Order Updated', 'order.updated'), lanes: ['Store order shipped', 'Store order cancelled', 'Store order refunded'] },
			{ node: bolNewReturns(), lanes: ['New bol returns'] },
		],
	});

	// 1. orders
	const y = rows.orders;
	const transform = bolOrderIntake(lane, { route: 'New bol orders' }, y);
	const storeIds = wooOrderIds(lane, 'Woo: Orders Since', transform, windowStart('createdAt', '2'), 2, y + 200);
	const newOrders = onlyNewOrders(lane, transform, storeIds, 4, y);
	const catalog = wooCatalog(lane, newOrders, 5, y + 200);
	const plan = lane.add(
		setNode(
			'Plan Store Order',
			{
				storeLines: {
					type: 'array',
					value: expr(
						`$json.lines.map(l => ({ line: l, product: $json.catalog.find(p => p.sku && p.sku === l.sku && p.type !== 'variable') }))` +
							`.map(({ line, product }) => ({ lineId: line.lineId, sku: line.sku, title: line.title, quantity: line.quantity, totalPrice: line.totalPrice, fulfilment: line.fulfilment, ` +
							`found: Boolean(product), productId: product ? (product.parent_id || product.id) : null, variationId: product && product.parent_id ? product.id : 0, ` +
							`stock: product && product.manage_stock ? product.stock_quantity : null, backorders: product ? product.backorders !== 'no' : false }))`,
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
	wooCreateOrder(lane, decide, 15, y - 100);
	bolCancelUnfulfillable(lane, decide, 15, y + 100);
	lane.note(
		bolNotes.orders(
			'WooCommerce',
			`Lines are matched to store products and variations by SKU. An order that can be fulfilled is created with status *processing* (WooCommerce reserves the stock) and the bol id in the order meta **orderIdMetaKey**;
bol-fulfilled (FBB) orders are created *completed* with WooCommerce's \`_order_stock_reduced\` flag, so they do not move store stock unless **updateStockForMarketplaceOrders** (or the order's \`updateStoreStock\`).`,
		), 5);

	// 2. stock
	const levels = wooStockLevels(lane, 'Store stock changed', 'Full stock sync', rows.stock);
	bolStockUpdate(lane, levels, 5, rows.stock);
	lane.note(
		`## 2. Stock
A product saved in WooCommerce (stock changed by an order, a refund, or by hand) -> after **stockSettleSeconds** its current stock, or the stock of each of its variations, goes to the bol offers in one batch (re-read, so webhooks arriving out of order cannot leave an old number at bol).
Every hour the whole catalogue is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.
Offers are found by **offerMatch**. Offers bol fulfils (FBB) keep bol's stock: their update fails on purpose and the others go on.`, 6);

	// 3. shipments
	const oy = rows.order;
	const bolId = wooMeta(S('orderIdMetaKey'));
	const merchantOrder = [notEmpty(bolId), equals(wooMeta(`'_bol_fulfilment'`), 'merchant')];
	const completed = lane.add(filterNode('Completed Bol Orders', [equals('$json.status', 'completed'), ...merchantOrder, isEmpty(wooMeta(`'_bol_shipment'`))]), 0, oy);
	lane.fromRoute('Store order shipped', completed);
	const tracking = `([].concat(${wooMeta(S('trackingMetaKey'))} || []).slice(-1)[0] || {})`;
	const details = lane.add(
		setNode('Shipment Details', {
			marketplace: { type: 'string', value: 'bol' },
			orderId: { type: 'string', value: expr(bolId) },
			storeOrderId: { type: 'number', value: expr('$json.id') },
			trackingCode: { type: 'string', value: expr(`${tracking}.tracking_number || ''`) },
			carrier: { type: 'string', value: expr(`${tracking}.custom_tracking_provider || ${tracking}.tracking_provider || ($json.shipping_lines[0] || {}).method_title || ''`) },
			reference: { type: 'string', value: expr(`'WC-' + $json.id`) },
			trackingNotified: { type: 'boolean', value: expr(`Boolean(${wooMeta(`'_bol_tracking_missing_notified'`)})`) },
		}),
		1,
		oy,
	);
	lane.connect(completed, details);
	const shipment = bolShipment(lane, details, 2, oy);
	lane.connect(shipment.shipped, lane.add(wooMarkOrder('Woo: Mark Shipped at Bol', `$('${details}').item.json.storeOrderId`, [[`'_bol_shipment'`, `$json.transporterCode + ' ' + ($json.trackAndTrace || '')`]]), 4, oy - 80));
	lane.connect(shipment.notified, lane.add(wooMarkOrder('Woo: Mark Tracking Notified', `$('Not Notified Yet').item.json.storeOrderId`, [[`'_bol_tracking_missing_notified'`, '$now.toISO()']]), 5, oy + 80));
	lane.note(
		bolNotes.shipments('WooCommerce (status *completed*)', 'The tracking code and carrier come from the Shipment Tracking extension (order meta **trackingMetaKey**); the order gets `_bol_shipment`, so it ships once.'), 3);

	// store cancellations
	const cy = oy + 330;
	const cancelled = lane.add(filterNode('Cancelled Bol Orders', [equals('$json.status', 'cancelled'), ...merchantOrder, isEmpty(wooMeta(`'_bol_cancelled'`))]), 0, cy);
	lane.fromRoute('Store order cancelled', cancelled);
	const toCancel = lane.add(setNode('Cancelled Order', { orderId: { type: 'string', value: expr(bolId) }, storeOrderId: { type: 'number', value: expr('$json.id') } }), 1, cy);
	lane.connect(cancelled, toCancel);
	const storeCancel = bolStoreCancel(lane, toCancel, 2, cy);
	lane.connect(storeCancel, lane.add(wooMarkOrder('Woo: Mark Cancelled at Bol', `$('${toCancel}').item.json.storeOrderId`, [[`'_bol_cancelled'`, '$json.status']]), 3, cy));
	lane.note(bolNotes.cancellations('WooCommerce'), 3);

	// 5. refunds
	const ry = oy + 650;
	const forwarded = (order: string) => `String(${wooMeta(`'_bol_refunds_forwarded'`, order)} || '').split(',')`;
	const isNewRefund = (refund: string, order: string) =>
		`!String(${refund}.reason || '').startsWith('Bol.com return') && !${forwarded(order)}.includes(String(${refund}.id))`;
	const refunded = lane.add(filterNode('Bol Orders with New Refunds', [notEmpty(bolId), isTrue(`$json.refunds.some(r => ${isNewRefund('r', '$json')})`)]), 0, ry);
	lane.fromRoute('Store order refunded', refunded);
	const order = `$('${refunded}').item.json`;
	const refundDetails = lane.add(wooListNode('Woo: Refunds of Order', '/orders/{{ $json.id }}/refunds'), 1, ry);
	lane.connect(refunded, refundDetails);
	const newRefunds = lane.add(filterNode('New Refunds Only', [isTrue(isNewRefund('$json', order))]), 2, ry);
	lane.connect(refundDetails, newRefunds);
	const refundLines = lane.add(
		setNode('Refund Lines', {
			orderId: { type: 'string', value: expr(wooMeta(S('orderIdMetaKey'), order)) },
			storeOrderId: { type: 'number', value: expr(`${order}.id`) },
			refundId: { type: 'number', value: expr('$json.id') },
			forwarded: { type: 'string', value: expr(`String(${wooMeta(`'_bol_refunds_forwarded'`, order)} || '')`) },
			items: { type: 'array', value: expr(`($json.line_items || []).filter(l => l.sku && Math.abs(l.quantity) > 0).map(l => ({ sku: l.sku, quantity: Math.abs(l.quantity) }))`) },
		}),
		3,
		ry,
	);
	lane.connect(newRefunds, refundLines);
	const refund = bolRefund(lane, refundLines, 4, ry);
	const lines = `$('${refundLines}').item.json`;
	lane.connect(refund, lane.add(wooMarkOrder('Woo: Mark Refund Forwarded', `${lines}.storeOrderId`, [[`'_bol_refunds_forwarded'`, `[${lines}.forwarded, ${lines}.refundId].filter(Boolean).join(',')`]]), 6, ry - 80));
	lane.note(
		bolNotes.refunds('WooCommerce', 'Refunds this workflow made for bol returns are skipped; each refund is sent once (`_bol_refunds_forwarded`).'), 2);

	// 4. returns
	const ty = rows.returns;
	const returned = bolReturnIntake(lane, 'New bol returns', ty);
	wooRefundReturnedLine(lane, returned, 7, ty);
	lane.note(bolNotes.returns('WooCommerce'), 4);

	return lane;
}
