/**
 * Miinto x Magento 2: the whole order lifecycle in one workflow, one lane per trigger. Magento has no trigger node,
 * so the store side polls: every 5 minutes for shipments, cancellations and credit memos, every 15 minutes for stock
 * (what changed) and every hour for the full stock.
 *
 *   Miinto: New Transfers           -> the salable quantities and prices of the positions' products -> accept /
 *                                      decline each position at Miinto in one call (Koongo's auto-accept, threshold
 *                                      0.97) -> the accepted Miinto order created once through the Magento cart and
 *                                      invoiced (or an email when it cannot be fulfilled)
 *   Every Hour: Reconcile           -> Miinto's accepted orders missing in the store, through the same order steps
 *   Every 15 Minutes: Stock         -> salable quantity (MSI) of every product that changed -> Miinto
 *   Every Hour: Full Stock Sync     -> every product's salable quantity -> Miinto
 *   Every 5 Minutes: Store Changes  -> new shipments with a track -> Miinto shipment of the order (missing -> email);
 *                                      orders cancelled in Magento -> email (Miinto takes no cancellation after
 *                                      acceptance); credit memos -> Miinto refund (the matching RMA accepted, or an
 *                                      RMA request)
 *   Miinto: New RMAs                -> accept (credit memo with return to stock, once) or decline with the reason,
 *                                      or an email
 */
import { Lifecycle, orderIntake, reconcileTrigger } from './lifecycle.mts';
import {
	MAGE_STORE_PRODUCTS,
	MAGENTO_SETTINGS,
	MAGENTO_SETTINGS_NOTE,
	mageCancellations,
	mageCatalog,
	mageClaimNote,
	mageCreditMemos,
	mageOrders,
	mageRecentOrders,
	mageRefundReturnedLine,
	mageShipments,
	mageStockSync,
} from './magento2.mts';
import { scheduleTrigger } from './nodes.mts';
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
	miintoRmaIntake,
	miintoShipment,
	miintoStockUpdate,
	miintoStoreCancelEmail,
	miintoTransferIntake,
	miintoUnfulfillable,
} from './miinto.mts';

/** JS on a credit memo: its lines as Miinto refund items (store SKU = your product id at Miinto). */
const REFUND_ITEMS = `($json.items || []).filter(i => i.sku && i.qty > 0).map(i => ({ sku: i.sku, quantity: i.qty }))`;

export function miintoMagento2(): Lifecycle {
	const rows = { transfers: 0, orders: 500, stock: 1500, changes: 1950, returns: 3150 };
	const lane = new Lifecycle({
		id: 'mpsMiiMg2Lifecyc',
		name: 'Miinto x Magento 2: order lifecycle',
		description:
			'Transfers accepted or declined per position, orders, stock, shipments, RMAs and refunds between Miinto and Magento 2.',
		settings: {
			...MAGENTO_SETTINGS,
			...MIINTO_SETTINGS,
		},
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${MAGENTO_SETTINGS_NOTE}\n${MIINTO_SETTINGS_NOTE}\n\nAuto-acceptance compares Miinto's price with the product's special price, else its price (\`finalPrice\`), or its price (\`originalPrice\`): the store's prices must be in the Miinto shop's currency. Poll intervals are on the Miinto triggers and the schedule triggers (n8n triggers run before Settings).`,
		triggers: [
			{ node: miintoNewTransfers(), lanes: ['New Miinto transfers'] },
			reconcileTrigger(),
			{ node: scheduleTrigger('Every 15 Minutes: Stock', 15), lanes: ['Stock sync'] },
			{ node: scheduleTrigger('Every Hour: Full Stock Sync', 60), lanes: ['Full stock sync'] },
			{ node: scheduleTrigger('Every 5 Minutes: Store Changes', 5), lanes: ['Store changes'] },
			{ node: miintoNewRmas(), lanes: ['New Miinto RMAs'] },
		],
	});

	// 1. transfers: accept / decline at Miinto, then the accepted order in the store
	const acceptedOrder = miintoTransferIntake(lane, rows.transfers, {
		// the acceptance step's own catalogue, with prices (the orders lane has its "Catalog": node names are unique)
		catalog: (transfers) =>
			mageCatalog(lane, transfers, 1, rows.transfers + 200, {
				prefix: 'Store ',
				prices: true,
				always: true,
			}),
		column: 6,
		storeProducts: MAGE_STORE_PRODUCTS,
	});
	const oy = rows.orders;
	const transform = orderIntake(lane, acceptedOrder, oy);
	const decide = mageOrders(lane, MIINTO, transform, 2, oy);
	miintoUnfulfillable(lane, decide, 14, oy + 150);
	lane.note(
		miintoNotes.acceptance(
			'Magento',
			"the salable quantity (MSI, stock **stockId**) of each position's SKU; there is no exported Miinto price in Magento, so the special price (else the price) is compared",
		) +
			`\nThe store order goes through the cart (Magento reserves the stock), gets the Miinto order id as an order comment \`[miinto:<id>]\` and is invoiced: Miinto collected the money. Magento prices the lines itself (the REST cart takes no custom price); the comment records what the buyer paid at Miinto.`,
		5,
	);

	// reconciliation: the accepted orders missing in the store, through the orders lane again
	miintoReconcile(lane, oy + 800);

	// 2. stock: what changed every 15 minutes, everything every hour
	const sy = rows.stock;
	mageStockSync(lane, 'Miinto', sy, (from, column, at) =>
		miintoStockUpdate(lane, from, column, at),
	);
	lane.note(
		miintoNotes.stock(`Every 15 minutes: the salable quantity (MSI: source quantities minus reservations of open orders) of every simple product -> **Only Changed for Miinto** (what Miinto does not have yet) -> Miinto -> **Remember Sent to Miinto** keeps what Miinto accepted (the workflow's static data).
Every hour (**Every Hour: Full Stock Sync**) every product goes to Miinto again, changed or not, which repairs anything Miinto lost. Your product id is the SKU, the GTIN the product attribute \`ean\`.`),
		6,
	);

	// 3. + 5. store changes: shipments, cancellations and credit memos (one poll of the recently changed orders)
	const cy = rows.changes;
	const recent = mageRecentOrders(lane, MIINTO, 'Store changes', cy);
	mageShipments(
		lane,
		MIINTO,
		recent,
		cy,
		(from, column, at) => miintoShipment(lane, from, column, at),
		MIINTO_SHIPPED_MARK,
	);
	mageCreditMemos(lane, MIINTO, recent, cy + 330, REFUND_ITEMS, (from, column, at) => [
		miintoRefund(lane, from, column, at),
		'Email: Refund Without Items',
	]);
	mageCancellations(lane, MIINTO, recent, cy + 800, (from, column, at) => {
		const mail = lane.add(miintoStoreCancelEmail('$json'), column, at);
		lane.connect(from, mail);
		return mail;
	});
	lane.note(
		`${miintoNotes.shipments(
			'Magento (a shipment)',
			"Every 5 minutes the orders changed in the last **lookbackDays** are read once. The track & trace code is the shipment's last track, the carrier its title (else its carrier code). Miinto ships an order as a whole: the first shipment with a track ships every position (a later shipment of the order is reported as shipped before). The order gets the comment `[miinto-shipped:<shipment>]`, so each shipment ships once; a track added later to a shipment without one ships it then.",
		)}

${miintoNotes.cancellations('Magento')} In Magento the mark is the comment \`[miinto-cancelled]\`. Orders are invoiced when they are created, so Magento offers **Cancel** only for an order whose invoice is missing; otherwise a credit memo (5. Store refunds) is how you take it back.

${miintoNotes.refunds(
	'Magento (a credit memo)',
	'Credit memos this workflow made for Miinto RMAs are skipped; each memo is sent once (`[miinto-refund-forwarded:<memo>]`). ' +
		mageClaimNote('miinto'),
)}`,
		3,
	);

	// 4. RMAs
	const returned = miintoRmaIntake(lane, 'New Miinto RMAs', rows.returns);
	mageRefundReturnedLine(lane, MIINTO, returned, 5, rows.returns);
	lane.note(
		`${miintoNotes.returns('Magento')}
In Magento the refund is an offline credit memo of the unit with return to stock; the credit memo carries \`[miinto-return-refunded:<rma>/<position>:memo] <sku> x <qty>\` from the start and the order gets \`[miinto-return-refunded:<rma>/<position>:<memo>]\`, and the refund lane does not send the memo back to Miinto.`,
		4,
	);

	return lane;
}
