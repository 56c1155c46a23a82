/**
 * Spartoo x Magento 2: the whole order lifecycle in one workflow, one lane per trigger. Magento has no trigger node,
 * so the store side polls: every 5 minutes for shipments, cancellations and credit memos, every 15 minutes for stock
 * (what changed) and every hour for the full stock.
 *
 *   Spartoo: New Orders             -> filter, transform, skip orders already in the store, create the order through
 *                                      the cart (Magento reserves the stock) and invoice it, accept it at Spartoo
 *                                      (11 -> 2); or cancel it at Spartoo (41) and email; automatic acceptance off: an
 *                                      email per order
 *   Every Hour: Reconcile           -> Spartoo's open orders (11, 2) missing in the store, through the same order steps
 *   Every 15 Minutes: Stock         -> salable quantity (MSI) of every simple product that changed -> Spartoo, per size
 *                                      (a child of a configurable product is a size of it)
 *   Every Hour: Full Stock Sync     -> every simple product's salable quantity -> Spartoo (batch)
 *   Every 5 Minutes: Store Changes  -> new shipments with a track -> Spartoo shipment (3; missing -> email); orders
 *                                      cancelled in Magento -> cancelled at Spartoo (41); a credit memo of the whole
 *                                      order -> Spartoo Refund > Create (claimed first). The poll reads every order
 *                                      changed in the last days, so it is the store reconciliation too
 *   Spartoo: New Returns            -> accept (credit memo with return to stock, once) or refuse, or an email
 */
import { Lifecycle, orderIntake, reconcileTrigger } from './lifecycle.mts';
import {
	MAGE_STORE_PRODUCTS,
	MAGENTO_SETTINGS,
	MAGENTO_SETTINGS_NOTE,
	mageCancellations,
	mageClaimNote,
	mageComment,
	mageCreditMemos,
	mageOrders,
	mageRecentOrders,
	mageRefundReturnedLine,
	mageShipments,
	mageStockSync,
} from './magento2.mts';
import { scheduleTrigger } from './nodes.mts';
import {
	SPARTOO,
	SPARTOO_SETTINGS,
	SPARTOO_SETTINGS_NOTE,
	SPARTOO_SHIPPED_MARK,
	spartooAccept,
	spartooAutoAccept,
	spartooCancelUnfulfillable,
	spartooNewOrders,
	spartooNewReturns,
	spartooNotes,
	spartooPriceCheck,
	spartooReconcile,
	spartooRefund,
	spartooReturnIntake,
	spartooShipment,
	spartooStockUpdate,
	spartooStoreCancel,
} from './spartoo.mts';

/**
 * JS on a credit memo ("Refund Lines"): its lines as Spartoo refund items (store SKU = your size reference), or none
 * when the memo does not cover every line of the order in full (Spartoo refunds whole orders only).
 */
const REFUND_ITEMS =
	`(items => $json.storeLines.filter(l => !l.parent_item_id).every(l => items.filter(i => i.sku === l.sku).reduce((sum, i) => sum + i.quantity, 0) >= l.qty_ordered) ? items : [])` +
	`(($json.items || []).filter(i => i.sku && i.qty > 0).map(i => ({ sku: i.sku, quantity: i.qty })))`;

export function spartooMagento2(): Lifecycle {
	const rows = { orders: 0, stock: 1100, changes: 1650, returns: 2850 };
	const lane = new Lifecycle({
		id: 'mpsSpaMg2Lifecyc',
		name: 'Spartoo x Magento 2: order lifecycle',
		description:
			'Orders accepted or cancelled at Spartoo, stock per size, shipments, cancellations, refunds and returns between Spartoo and Magento 2.',
		settings: {
			...MAGENTO_SETTINGS,
			...SPARTOO_SETTINGS,
		},
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${MAGENTO_SETTINGS_NOTE}\n${SPARTOO_SETTINGS_NOTE}\n\nPoll intervals are on the Spartoo triggers and the schedule triggers (n8n triggers run before Settings).`,
		triggers: [
			{ node: spartooNewOrders(), lanes: ['New Spartoo orders'] },
			reconcileTrigger(),
			{ node: scheduleTrigger('Every 15 Minutes: Stock', 15), lanes: ['Stock sync'] },
			{ node: scheduleTrigger('Every Hour: Full Stock Sync', 60), lanes: ['Full stock sync'] },
			{ node: scheduleTrigger('Every 5 Minutes: Store Changes', 5), lanes: ['Store changes'] },
			{ node: spartooNewReturns(), lanes: ['New Spartoo returns'] },
		],
	});

	// 1. orders: the store order once (cart, invoice), then the accept at Spartoo
	const y = rows.orders;
	const auto = spartooAutoAccept(lane, 'New Spartoo orders', y - 160);
	const transform = orderIntake(lane, auto, y);
	// the catalogue with prices, and Koongo's price rule before the cart ("Auto-Accept Rule")
	const decide = mageOrders(lane, SPARTOO, transform, 2, y, {
		prices: true,
		gate: (from, column, at) => spartooPriceCheck(lane, from, column, at, MAGE_STORE_PRODUCTS),
	});
	spartooAccept(lane, {
		created: 'Magento: Invoice',
		orders: transform,
		at: [27, y - 180],
		existingAt: [6, y + 500],
	});
	spartooCancelUnfulfillable(lane, decide, 14, y + 300);
	lane.note(
		spartooNotes.orders(
			'Magento',
			`Lines are matched by SKU (your size reference) against the salable quantity (MSI, stock **stockId**). An order that can be fulfilled goes through the cart (Magento reserves the stock), gets the Spartoo order id as an order comment \`[spartoo:<id>]\` and is invoiced: Spartoo collected the money. Magento prices the lines itself (the REST cart takes no custom price); the comment records what the buyer paid at Spartoo.`,
		),
		5,
	);

	// reconciliation: the orders still open at Spartoo, through the orders lane again
	spartooReconcile(lane, y + 800);

	// 2. stock: what changed every 15 minutes, everything every hour; a configurable product's child is a size of it
	mageStockSync(
		lane,
		'Spartoo',
		rows.stock,
		(from, column, at) => spartooStockUpdate(lane, from, column, at),
		{ configurableParents: true },
	);
	lane.note(
		spartooNotes.stock(`Every 15 minutes: the salable quantity (MSI: source quantities minus reservations of open orders) of every simple product -> **Only Changed for Spartoo** (what Spartoo does not have yet) -> Spartoo -> **Remember Sent to Spartoo** keeps what Spartoo accepted (the workflow's static data).
Every hour (**Every Hour: Full Stock Sync**) every product goes to Spartoo again, changed or not, which repairs anything Spartoo lost.
In Magento a size is a simple product linked to a configurable product: **Magento: Configurable Products** lists them once with their children (\`configurable_product_links\`), and **Configurable Parents** gives each child the configurable product's SKU as your product reference (its own SKU is the size reference); a simple product of no configurable product is its own reference.`),
		6,
	);

	// 3. + 5. store changes: shipments, cancellations and credit memos (one poll of the recently changed orders)
	const cy = rows.changes;
	const recent = mageRecentOrders(lane, SPARTOO, 'Store changes', cy);
	mageShipments(
		lane,
		SPARTOO,
		recent,
		cy,
		(from, column, at) => spartooShipment(lane, from, column, at),
		SPARTOO_SHIPPED_MARK,
	);
	mageCreditMemos(lane, SPARTOO, recent, cy + 330, REFUND_ITEMS, (from, column, at) => [
		spartooRefund(lane, from, column, at),
		'Email: Refund Without Items',
	]);
	mageCancellations(lane, SPARTOO, recent, cy + 800, (from, column, at) =>
		spartooStoreCancel(lane, from, column, at),
	);
	// a refused cancellation is marked too: the next poll does not email it again
	lane.connect(
		'Email: Cancellation Refused',
		lane.add(
			mageComment(
				'Magento: Tag Cancellation Refused',
				`$('Cancelled Order').item.json.storeOrderId`,
				`'[spartoo-cancelled] Spartoo refused the cancellation'`,
			),
			7,
			cy + 920,
		),
	);
	lane.note(
		`${spartooNotes.shipments(
			'Magento (a shipment)',
			"Every 5 minutes the orders changed in the last **lookbackDays** are read once. The tracking number is the shipment's last track. Spartoo ships an order as a whole: the first shipment with a track ships it (a later shipment of the order is reported as shipped before). The order gets the comment `[spartoo-shipped:<shipment>]`, so each shipment is sent once; a track added later to a shipment without one ships it then.",
		)}

${spartooNotes.cancellations('Magento')} In Magento the mark is the comment \`[spartoo-cancelled]\` (a refused cancellation gets it too, after its email). Orders are invoiced when they are created, so Magento offers **Cancel** only for an order whose invoice is missing; otherwise a credit memo of the whole order (5. Store refunds) is how you take it back.

${spartooNotes.refunds(
	'Magento (a credit memo)',
	'Credit memos this workflow made for Spartoo returns are skipped; each memo is sent once (`[spartoo-refund-forwarded:<memo>]`). ' +
		mageClaimNote('spartoo'),
)}

No separate store reconciliation: the poll reads every order changed in the last **lookbackDays**, so a change it missed (n8n down, a failed run) is found by the next poll.`,
		3,
	);

	// 4. returns
	const returned = spartooReturnIntake(lane, 'New Spartoo returns', rows.returns);
	mageRefundReturnedLine(lane, SPARTOO, returned, 5, rows.returns);
	lane.note(
		`${spartooNotes.returns('Magento')}
In Magento the refund is an offline credit memo of the unit with return to stock; the credit memo carries \`[spartoo-return-refunded:<return>:memo] <sku> x <qty>\` from the start and the order gets \`[spartoo-return-refunded:<return>:<memo>]\`, and the refund lane does not send the memo back to Spartoo.`,
		4,
	);

	return lane;
}
