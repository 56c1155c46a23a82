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
} from './bol.mts';
import { Lifecycle, orderIntake, reconcileTrigger } from './lifecycle.mts';
import {
	MAGENTO_SETTINGS,
	MAGENTO_SETTINGS_NOTE,
	mageClaimNote,
	mageCreditMemos,
	mageOnlyChanged,
	mageOrders,
	mageRecentOrders,
	mageRefundReturnedLine,
	mageRememberStock,
	mageShipments,
	mageStockLevels,
} from './magento2.mts';
import { scheduleTrigger } from './nodes.mts';

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
			reconcileTrigger(),
			{ node: scheduleTrigger('Every 15 Minutes: Stock', 15), lanes: ['Stock sync'] },
			{ node: scheduleTrigger('Every 5 Minutes: Store Changes', 5), lanes: ['Store changes'] },
			{ node: bolNewReturns(), lanes: ['New bol returns'] },
		],
	});

	// 1. orders
	const y = rows.orders;
	const transform = orderIntake(lane, { route: 'New bol orders' }, y);
	const decide = mageOrders(lane, BOL, transform, 2, y);
	bolCancelUnfulfillable(lane, decide, 14, y + 150);
	lane.note(
		bolNotes.orders(
			'Magento',
			`Lines are matched by SKU against the salable quantity (MSI, stock **stockId**). An order that can be fulfilled goes through the cart (Magento reserves the stock), gets the bol id as an order comment \`[bol:<id>]\` and is invoiced: bol collected the money. Magento prices the lines itself (the REST cart takes no custom price); the comment records what the customer paid at bol.
Magento reserves stock for every order it places, so bol-fulfilled (FBB) orders are not created unless they move store stock (**updateStockForMarketplaceOrders**).`,
		),
		5,
	);

	// reconciliation: the orders still waiting at the marketplace, through the orders lane again
	bolReconcile(lane, y + 600);

	// 2. stock
	const changed = mageOnlyChanged(
		lane,
		mageStockLevels(lane, 'Stock sync', rows.stock),
		'Bol',
		4,
		rows.stock,
	);
	const update = bolStockUpdate(lane, changed, 5, rows.stock);
	// the update node's own input (after "Managed Stock Only"): its output's pairedItem indexes into it
	mageRememberStock(lane, update, 'Managed Stock Only', 'Bol', 7, rows.stock);
	lane.note(
		`## 2. Stock
Every 15 minutes: the salable quantity (MSI: source quantities minus reservations of open orders) of every simple product -> **Only Changed for Bol** (what bol does not have yet) -> the bol offers, in one batch -> **Remember Sent to Bol** keeps what bol accepted (the workflow's static data).
Offers are found by **offerMatch**. Offers bol fulfils (FBB) keep bol's stock: their update fails on purpose and the others go on.`,
		6,
	);

	// 3. store changes: shipments and credit memos (one poll of the recently changed orders)
	const cy = rows.changes;
	const recent = mageRecentOrders(lane, BOL, 'Store changes', cy);
	mageShipments(
		lane,
		BOL,
		recent,
		cy,
		(from, column, at) => bolShipment(lane, from, column, at),
		`$json.transporterCode + ' ' + ($json.trackAndTrace || '')`,
	);
	mageCreditMemos(
		lane,
		BOL,
		recent,
		cy + 330,
		`($json.items || []).filter(i => i.qty > 0).map(i => ({ sku: i.sku, quantity: i.qty }))`,
		// a memo without product lines is marked after its email too, or it would stay claimed and look stuck
		(from, column, at) => [bolRefund(lane, from, column, at), 'Email: Refund Without Items'],
	);
	lane.note(
		`${bolNotes.shipments('Magento', 'Every 5 minutes the orders changed in the last **lookbackDays** are read once; their new shipments (with the last track of each) go to bol, line by line, and get the comment `[bol-shipped:<shipment>]`, so each ships once.')}

Orders are invoiced when they are created, so Magento does not cancel them: a credit memo (below) is how the store gives money back, and bol cancels what was not shipped.

${bolNotes.refunds('Magento (a credit memo)', 'Credit memos this workflow made for bol returns are skipped; each is sent once (`[bol-refund-forwarded:<memo>]`). ' + mageClaimNote('bol'))}`,
		3,
	);

	// 4. returns
	const returned = bolReturnIntake(lane, 'New bol returns', rows.returns);
	mageRefundReturnedLine(lane, BOL, returned, 7, rows.returns);
	lane.note(bolNotes.returns('Magento (credit memo, offline)'), 4);

	return lane;
}
