/**
 * Bol.com x Magento 2: the whole order lifecycle in one workflow. Magento has no trigger node, so the store side
 * polls: every 5 minutes for shipments, cancellations and credit memos, every 15 minutes for stock.
 *
 *   Bol: New Orders              -> filter, transform, skip orders already in the store, create the order through
 *                                   the cart (Magento reserves the stock) and invoice it, or cancel at bol
 *   Every 15 Minutes: Stock      -> salable quantity (MSI) of every product that changed -> bol, in one batch
 *   Every 5 Minutes: Store Changes -> new shipments -> bol shipments (missing tracking -> email); credit memos ->
 *                                   bol refunds (bol cancels what was not shipped)
 *   Bol: New Returns             -> handling result -> bol; where bol refunds: credit memo with return to stock
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
} from './bol.mts';
import { Lifecycle, canFulfil, onlyNewOrders, returnedLinesToRefund, windowStart, withCatalog } from './lifecycle.mts';
import {
	MAGENTO_SETTINGS,
	MAGENTO_SETTINGS_NOTE,
	mageCatalog,
	mageComment,
	mageCreateOrder,
	mageDocumentsWithOrder,
	mageHas,
	mageHttp,
	mageOnlyChanged,
	mageOrdersSince,
	mageRecentOrders,
	mageRememberStock,
	mageStockLevels,
} from './magento2.mts';
import { expr, filterNode, ifNode, isTrue, noOp, scheduleTrigger, setNode, setting } from './nodes.mts';

const S = setting;

export function bolMagento2(): Lifecycle {
	const rows = { orders: 0, stock: 700, changes: 1150, returns: 2250 };
	const lane = new Lifecycle({
		id: 'mpsBolMageLifecy',
		name: 'Bol.com x Magento 2: order lifecycle',
		description: 'Orders, stock, shipments, returns and refunds between Bol.com and Magento 2.',
		settings: { ...MAGENTO_SETTINGS, ...BOL_SETTINGS },
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${MAGENTO_SETTINGS_NOTE}\n${BOL_SETTINGS_NOTE}\n\nPoll intervals are on the triggers (n8n triggers run before Settings).`,
		triggers: [
			{ node: bolNewOrders(), lanes: ['New bol orders'] },
			{ node: scheduleTrigger('Every 15 Minutes: Stock', 15), lanes: ['Stock sync'] },
			{ node: scheduleTrigger('Every 5 Minutes: Store Changes', 5), lanes: ['Store changes'] },
			{ node: bolNewReturns(), lanes: ['New bol returns'] },
		],
	});

	// 1. orders
	const y = rows.orders;
	const transform = bolOrderIntake(lane, { route: 'New bol orders' }, y);
	const storeIds = mageOrdersSince(lane, 'Magento: Orders Since', transform, windowStart('createdAt', '2'), 2, y + 200);
	const newOrders = onlyNewOrders(lane, transform, storeIds, 5, y);
	const catalog = mageCatalog(lane, newOrders, 6, y + 200);
	const plan = lane.add(
		setNode(
			'Plan Store Order',
			{
				storeLines: {
					type: 'array',
					value: expr(
						`$json.lines.map(l => ({ line: l, entry: $json.catalog.find(c => c.sku === l.sku) || { found: false, stock: 0 } }))` +
							`.map(({ line, entry }) => ({ lineId: line.lineId, sku: line.sku, title: line.title, quantity: line.quantity, totalPrice: line.totalPrice, fulfilment: line.fulfilment, found: entry.found, stock: entry.stock, backorders: false }))`,
					),
				},
				moveStock: { type: 'boolean', value: expr(MOVE_STOCK) },
			},
			true,
		),
		11,
		y,
	);
	lane.connect(withCatalog(lane, newOrders, catalog, 10, y), plan);
	const decide = canFulfil(lane, plan, 12, y);
	const create = lane.add(ifNode('Moves Store Stock?', [isTrue('$json.moveStock')]), 14, y - 100);
	lane.connect(decide, create, 0);
	mageCreateOrder(lane, create, 15, y - 100);
	lane.connect(create, lane.add(noOp('Bol Fulfils It: Not Created'), 15, y - 250), 1);
	bolCancelUnfulfillable(lane, decide, 14, y + 150);
	lane.note(
		bolNotes.orders(
			'Magento',
			`Lines are matched by SKU against the salable quantity (MSI, stock **stockId**). An order that can be fulfilled goes through the cart (Magento reserves the stock), gets the bol id as an order comment \`[bol:<id>]\` and is invoiced: bol collected the money. Magento prices the lines itself (the REST cart takes no custom price); the comment records what the customer paid at bol.
Magento reserves stock for every order it places, so bol-fulfilled (FBB) orders are not created unless they move store stock (**updateStockForMarketplaceOrders**).`,
		), 5);

	// 2. stock
	const changed = mageOnlyChanged(lane, mageStockLevels(lane, 'Stock sync', rows.stock), 'Bol', 4, rows.stock);
	const update = bolStockUpdate(lane, changed, 5, rows.stock);
	// the update node's own input (after "Managed Stock Only"): its output's pairedItem indexes into it
	mageRememberStock(lane, update, 'Managed Stock Only', 'Bol', 7, rows.stock);
	lane.note(
		`## 2. Stock
Every 15 minutes: the salable quantity (MSI: source quantities minus reservations of open orders) of every simple product -> **Only Changed for Bol** (what bol does not have yet) -> the bol offers, in one batch -> **Remember Sent to Bol** keeps what bol accepted (the workflow's static data).
Offers are found by **offerMatch**. Offers bol fulfils (FBB) keep bol's stock: their update fails on purpose and the others go on.`, 6);

	// 3. store changes: shipments, cancellations, credit memos (one poll of the recently changed orders)
	const cy = rows.changes;
	const recent = mageRecentOrders(lane, 'Store changes', cy);
	const sy = cy;
	const shipments = mageDocumentsWithOrder(lane, 'Magento: Recent Shipments', '/shipments', recent, 3, sy);
	const track = `(($json.tracks || []).slice(-1)[0] || {})`;
	const details = lane.add(
		setNode('Shipment Details', {
			marketplace: { type: 'string', value: 'bol' },
			orderId: { type: 'string', value: expr('$json.marketplaceOrderId') },
			storeOrderId: { type: 'number', value: expr('$json.storeOrderId') },
			shipmentId: { type: 'number', value: expr('$json.entity_id') },
			trackingCode: { type: 'string', value: expr(`${track}.track_number || ''`) },
			carrier: { type: 'string', value: expr(`${track}.title || ${track}.carrier_code || ''`) },
			reference: { type: 'string', value: expr(`'M2-' + $json.increment_id`) },
			lines: { type: 'array', value: expr('($json.items || []).map(i => ({ sku: i.sku, quantity: i.qty }))') },
			trackingNotified: { type: 'boolean', value: expr(mageHas(`'[bol-tracking-missing:' + $json.entity_id + ']'`)) },
			sent: { type: 'boolean', value: expr(mageHas(`'[bol-shipped:' + $json.entity_id + ']'`)) },
		}),
		7,
		sy,
	);
	lane.connect(shipments, details);
	const notSent = lane.add(filterNode('Not Sent to Bol Yet', [isTrue('!$json.sent')]), 8, sy);
	lane.connect(details, notSent);
	const shipment = bolShipment(lane, notSent, 9, sy);
	lane.connect(
		shipment.shipped,
		lane.add(mageComment('Magento: Tag Shipped at Bol', `$('${notSent}').item.json.storeOrderId`, `'[bol-shipped:' + $('${notSent}').item.json.shipmentId + '] ' + $json.transporterCode + ' ' + ($json.trackAndTrace || '')`), 11, sy - 80),
	);
	lane.connect(
		shipment.notified,
		lane.add(mageComment('Magento: Tag Tracking Notified', `$('Not Notified Yet').item.json.storeOrderId`, `'[bol-tracking-missing:' + $('Not Notified Yet').item.json.shipmentId + '] no tracking code'`), 12, sy + 80),
	);

	const ry = sy + 330;
	const memos = mageDocumentsWithOrder(lane, 'Magento: Recent Credit Memos', '/creditmemos', recent, 3, ry);
	const memoMarked = (marker: string) => mageHas(`'[${marker}' + ':' + $json.entity_id + ']'`);
	const refundLines = lane.add(
		setNode('Refund Lines', {
			orderId: { type: 'string', value: expr('$json.marketplaceOrderId') },
			storeOrderId: { type: 'number', value: expr('$json.storeOrderId') },
			refundId: { type: 'number', value: expr('$json.entity_id') },
			items: { type: 'array', value: expr('($json.items || []).filter(i => i.qty > 0).map(i => ({ sku: i.sku, quantity: i.qty }))') },
			done: {
				type: 'boolean',
				value: expr(`${memoMarked('bol-refund-forwarded')} || $json.histories.some(c => c.startsWith('[bol-return-refunded:') && c.endsWith(':' + $json.entity_id + ']'))`),
			},
		}),
		7,
		ry,
	);
	lane.connect(memos, refundLines);
	const notForwarded = lane.add(filterNode('Not Forwarded Yet', [isTrue('!$json.done')]), 8, ry);
	lane.connect(refundLines, notForwarded);
	const refund = bolRefund(lane, notForwarded, 9, ry);
	lane.connect(refund, lane.add(mageComment('Magento: Tag Refund Forwarded', `$('${notForwarded}').item.json.storeOrderId`, `'[bol-refund-forwarded:' + $('${notForwarded}').item.json.refundId + ']'`), 11, ry - 80));
	lane.note(
		`${bolNotes.shipments('Magento', 'Every 5 minutes the orders changed in the last **lookbackDays** are read once; their new shipments (with the last track of each) go to bol, line by line, and get the comment `[bol-shipped:<shipment>]`, so each ships once.')}

Orders are invoiced when they are created, so Magento does not cancel them: a credit memo (below) is how the store gives money back, and bol cancels what was not shipped.

${bolNotes.refunds('Magento (a credit memo)', 'Credit memos this workflow made for bol returns are skipped; each is sent once (`[bol-refund-forwarded:<memo>]`).')}`, 3);

	// 4. returns
	const ty = rows.returns;
	const returned = bolReturnIntake(lane, 'New bol returns', ty);
	const returnOrders = mageOrdersSince(lane, 'Magento: Orders of Returns', returned, windowStart('registeredAt', S('returnLookbackDays')), 7, ty + 200);
	const toRefund = returnedLinesToRefund(lane, returned, returnOrders, mageHas(`'[bol-return-refunded:' + $json.rmaId + ':'`), 10, ty);
	const memo = lane.add(
		mageHttp(
			'Magento: Credit Memo and Restock',
			'POST',
			'/order/{{ $json.storeOrderId }}/refund',
			expr(
				`({ items: [{ order_item_id: $json.storeLine.item_id, qty: $json.quantity }], notify: false, arguments: { shipping_amount: 0, adjustment_positive: 0, adjustment_negative: 0, ` +
					`extension_attributes: { return_to_stock_items: ${S('restockReturnedItems')} ? [$json.storeLine.item_id] : [] } } })`,
			),
		),
		13,
		ty,
	);
	lane.connect(toRefund, memo);
	lane.connect(
		memo,
		lane.add(mageComment('Magento: Tag Return Refunded', `$('${toRefund}').item.json.storeOrderId`, `'[bol-return-refunded:' + $('${toRefund}').item.json.rmaId + ':' + $json.body + ']'`), 14, ty),
	);
	lane.note(bolNotes.returns('Magento (credit memo, offline)'), 4);

	return lane;
}
