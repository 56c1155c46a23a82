/**
 * Amazon x Magento 2: the order lifecycle Amazon's Selling Partner API allows, in one workflow, one lane per trigger.
 * Magento has no trigger node, so the store side polls: every 5 minutes for shipments and credit memos, every 15
 * minutes for stock.
 *
 *   Amazon: New Orders              -> filter, transform, skip orders already in the store, create the order through
 *                                      the cart (Magento reserves the stock) and invoice it, or cancel at Amazon
 *                                      (order acknowledgement feed) with an email
 *   Every 15 Minutes: Stock         -> salable quantity (MSI) of every product that changed -> Amazon MFN listings
 *   Every 5 Minutes: Store Changes  -> new shipments -> Amazon shipment confirmations (missing tracking -> email);
 *                                      new credit memos -> Amazon refunds of shipped items (payment adjustment feed),
 *                                      or Amazon cancellations when nothing was shipped yet
 *   Every Hour: Amazon Returns      -> returns report: returns Amazon refunded -> credit memo with return to stock
 */
import {
	AMAZON,
	AMAZON_SETTINGS,
	AMAZON_SETTINGS_NOTE,
	amazonCancelNode,
	amazonCancelUnfulfillable,
	amazonNewOrders,
	amazonReconcile,
	amazonNode,
	amazonNotes,
	amazonOrderIntake,
	amazonRefund,
	amazonReturnIntake,
	amazonShipment,
	amazonSku,
	amazonStockUpdate,
} from './amazon.mts';
import { Lifecycle, reconcileTrigger } from './lifecycle.mts';
import {
	MAGENTO_SETTINGS,
	MAGENTO_SETTINGS_NOTE,
	mageClaimNote,
	mageCreditMemos,
	mageLineRefundedByMerchant,
	mageOnlyChanged,
	mageOrders,
	mageRecentOrders,
	mageRefundReturnedLine,
	mageRememberStock,
	mageReturnRefunded,
	mageShipments,
	mageStockLevels,
} from './magento2.mts';
import { expr, ifNode, isTrue, noOp, scheduleTrigger, setNode } from './nodes.mts';

/**
 * A credit memo of an Amazon order (`{ orderId, storeOrderId, refundId, items: [{ sku, quantity, amount }] }`) ->
 * "Amazon: Order of Memo" (what Amazon shipped, what is open, what the buyer paid) -> "Refund or Cancel", per memo line:
 * the units Amazon shipped are refunded (the memo's amount of them, at most what the buyer paid for them); units
 * beyond those cancel the line's open quantity (Amazon refunds cancelled items itself). The cancellation goes first:
 * a run that fails between the two finds the line cancelled next time (not open, so not cancelled again) and only
 * retries the refund. Returns the nodes that end the lane (refund, email, cancellation only), for the memo's mark.
 */
function amazonMemo(lane: Lifecycle, from: string, column: number, y: number): string[] {
	const order = lane.add(
		amazonNode('Amazon: Order of Memo', {
			resource: 'order',
			operation: 'get',
			orderId: expr('$json.orderId'),
			options: {},
		}),
		column,
		y,
	);
	lane.connect(from, order);
	const memo = `$('${from}').item.json`;
	const matched = `${memo}.items.map(i => ({ i, line: ($json.lines || []).find(l => l.merchantReference === ${amazonSku('i.sku')}) })).filter(m => m.line)`;
	const decide = lane.add(
		setNode('Refund or Cancel', {
			orderId: { type: 'string', value: expr(`${memo}.orderId`) },
			storeOrderId: { type: 'number', value: expr(`${memo}.storeOrderId`) },
			refundId: { type: 'number', value: expr(`${memo}.refundId`) },
			items: {
				type: 'array',
				value: expr(
					`${matched}.filter(m => m.line.quantityShipped > 0)` +
						`.map(m => ({ m, units: Math.min(m.i.quantity, m.line.quantityShipped) }))` +
						`.map(({ m, units }) => ({ lineId: m.line.lineId, principal: Math.round(Math.min((Number(m.i.amount) || 0) / m.i.quantity * units, (m.line.totalPrice || 0) / m.line.quantity * units) * 100) / 100 }))` +
						`.filter(item => item.principal > 0)`,
				),
			},
			cancelLineIds: {
				type: 'string',
				value: expr(
					`${matched}.filter(m => m.i.quantity > m.line.quantityShipped && m.line.quantityOpen > 0).map(m => m.line.lineId).join(',')`,
				),
			},
		}),
		column + 1,
		y,
	);
	lane.connect(order, decide);
	const cancelFirst = lane.add(
		ifNode('Cancel Open Lines?', [isTrue(`$json.cancelLineIds !== ''`)]),
		column + 2,
		y,
	);
	lane.connect(decide, cancelFirst);
	const cancel = lane.add(
		amazonCancelNode('Amazon: Cancel Memo Items', '$json.cancelLineIds'),
		column + 3,
		y - 120,
	);
	lane.connect(cancelFirst, cancel, 0);
	const decided = `$('${decide}').item.json`;
	const refundToo = lane.add(
		ifNode('Shipped Units Too?', [isTrue(`${decided}.items.length > 0`)]),
		column + 4,
		y - 120,
	);
	lane.connect(cancel, refundToo);
	const refundItems = lane.add(
		setNode('Memo Refund', {
			orderId: { type: 'string', value: expr(`${decided}.orderId`) },
			storeOrderId: { type: 'number', value: expr(`${decided}.storeOrderId`) },
			refundId: { type: 'number', value: expr(`${decided}.refundId`) },
			items: { type: 'array', value: expr(`${decided}.items`) },
		}),
		column + 5,
		y,
	);
	lane.connect(refundToo, refundItems, 0);
	lane.connect(cancelFirst, refundItems, 1);
	const onlyCancelled = lane.add(noOp('Cancelled Only'), column + 5, y - 240);
	lane.connect(refundToo, onlyCancelled, 1);
	const refund = amazonRefund(lane, refundItems, column + 6, y);
	return [refund, 'Email: Refund Without Items', onlyCancelled];
}

export function amazonMagento2(): Lifecycle {
	const rows = { orders: 0, stock: 700, changes: 1150, returns: 2250 };
	const lane = new Lifecycle({
		id: 'mpsAmzMageLifecy',
		name: 'Amazon x Magento 2: order lifecycle',
		description:
			'Orders, stock, shipments, cancellations, refunds and returns between Amazon and Magento 2.',
		settings: { ...MAGENTO_SETTINGS, ...AMAZON_SETTINGS },
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${MAGENTO_SETTINGS_NOTE}\n${AMAZON_SETTINGS_NOTE}\n\nPoll intervals are on the Amazon trigger and the schedule triggers (n8n triggers run before Settings). The Amazon credential's marketplaces are the ones orders are read from.`,
		triggers: [
			{ node: amazonNewOrders(), lanes: ['New Amazon orders'] },
			reconcileTrigger(),
			{ node: scheduleTrigger('Every 15 Minutes: Stock', 15), lanes: ['Stock sync'] },
			{ node: scheduleTrigger('Every 5 Minutes: Store Changes', 5), lanes: ['Store changes'] },
			{ node: scheduleTrigger('Every Hour: Amazon Returns', 60), lanes: ['Amazon returns'] },
		],
	});

	// 1. orders
	const y = rows.orders;
	const importable = amazonOrderIntake(lane, 'New Amazon orders', y);
	const decide = mageOrders(lane, AMAZON, importable, 3, y);
	amazonCancelUnfulfillable(lane, decide, 15, y + 150);
	lane.note(
		amazonNotes.orders(
			'Magento',
			`Lines are matched by seller SKU against the salable quantity (MSI, stock **stockId**). An order that can be fulfilled goes through the cart (Magento reserves the stock), gets the Amazon order id as an order comment \`[amazon:<id>]\` and is invoiced: Amazon collected the money. Magento prices the lines itself (the REST cart takes no custom price); the comment records what the buyer paid at Amazon.
Magento reserves stock for every order it places, so Amazon-fulfilled (FBA) orders are not created unless they move store stock (**updateStockForMarketplaceOrders**).`,
		),
		5,
	);

	// reconciliation: the orders still waiting at the marketplace, through the orders lane again
	amazonReconcile(lane, y + 600);

	// 2. stock
	const changed = mageOnlyChanged(
		lane,
		mageStockLevels(lane, 'Stock sync', rows.stock),
		'Amazon',
		4,
		rows.stock,
	);
	const update = amazonStockUpdate(lane, changed, 5, rows.stock);
	// the update node's own input (after "Amazon: Managed Stock"): its output's pairedItem indexes into it
	mageRememberStock(lane, update, 'Amazon: Managed Stock', 'Amazon', 7, rows.stock);
	lane.note(
		amazonNotes.stock(
			"Every 15 minutes: the salable quantity (MSI: source quantities minus reservations of open orders) of every simple product -> **Only Changed for Amazon** (what Amazon does not have yet) -> the Amazon listings -> **Remember Sent to Amazon** keeps what Amazon accepted (the workflow's static data).",
		),
		6,
	);

	// 3. + 5. store changes: shipments and credit memos (one poll of the recently changed orders)
	const cy = rows.changes;
	const recent = mageRecentOrders(lane, AMAZON, 'Store changes', cy);
	mageShipments(
		lane,
		AMAZON,
		recent,
		cy,
		(from, column, at) => amazonShipment(lane, from, column, at, 'lines'),
		`$json.carrierCode + ' ' + $json.trackingNumber`,
	);
	mageCreditMemos(
		lane,
		AMAZON,
		recent,
		cy + 330,
		`($json.items || []).filter(i => i.qty > 0).map(i => ({ sku: i.sku, quantity: i.qty, amount: Number(i.row_total_incl_tax || i.row_total || 0) }))`,
		(from, column, at) => amazonMemo(lane, from, column, at),
		17,
	);
	lane.note(
		`${amazonNotes.shipments('Magento (a shipment)', 'Every 5 minutes the orders changed in the last **lookbackDays** are read once; their new shipments (with the last track of each) go to Amazon and get the comment `[amazon-shipped:<shipment>]`, so each ships once.')}

${amazonNotes.refunds(
	'Magento (a credit memo)',
	`Orders are invoiced when they are created, so Magento does not cancel them: a credit memo is how the store gives money back. **Amazon: Order of Memo** tells what Amazon shipped, and per memo:
- the units of a line Amazon has shipped are refunded: the memo amount of them (incl. tax), at most what the buyer paid Amazon for those units;
- units beyond those cancel the line's open quantity at Amazon (**Amazon: Cancel Memo Items**, **cancellationReason**; Amazon refunds the buyer for cancelled items), before the refund of a memo that has both.
Shipping and adjustments of a memo are not sent (refund them in Seller Central). Memos this workflow made for Amazon returns are skipped; each memo is sent once (\`[amazon-refund-forwarded:<memo>]\`). ${mageClaimNote('amazon')}`,
)}`,
		3,
	);

	// 4. returns
	const returned = amazonReturnIntake(lane, 'Amazon returns', rows.returns);
	// a return of a line the merchant refunded in the store (and lane 5 sent to Amazon) is not refunded twice
	mageRefundReturnedLine(
		lane,
		AMAZON,
		returned,
		4,
		rows.returns,
		`${mageReturnRefunded(AMAZON)} || ${mageLineRefundedByMerchant(AMAZON)}`,
	);
	lane.note(
		amazonNotes.returns(
			'Magento (credit memo, offline)',
			'Each return is refunded once: its credit memo carries `[amazon-return-refunded:<rma>:memo] <sku> x <qty>` from the start, and the order gets `[amazon-return-refunded:<rma>:<memo>]`; a line you refunded with a credit memo of your own (sent to Amazon by lane 5) is not refunded again.',
		),
		4,
	);

	return lane;
}
