/**
 * Zalando x Magento 2: the whole order lifecycle in one workflow, one lane per trigger. Magento has no trigger node,
 * so the store side polls: every 5 minutes for shipments, cancellations and credit memos, every 15 minutes for stock
 * (what changed) and every hour for the full stock.
 *
 *   Zalando: New Orders             -> filter, transform, skip orders already in the store, create the order through
 *                                      the cart (Magento reserves the stock) and invoice it, accept (export) it at
 *                                      Zalando with the Magento increment id; or cancel at Zalando with an email
 *   Every 15 Minutes: Stock         -> salable quantity (MSI) of every product that changed -> Zalando, by EAN
 *   Every Hour: Full Stock Sync     -> every product's salable quantity -> Zalando
 *   Every 5 Minutes: Store Changes  -> new shipments with tracking and return tracking -> Zalando shipment (missing ->
 *                                      email); orders cancelled in Magento -> cancelled at Zalando; credit memos ->
 *                                      Zalando refund (cancel or return the units)
 *   Zalando: New Returns            -> each returned unit handled at Zalando -> credit memo with return to stock
 */
import { Lifecycle, orderIntake, reconcileTrigger } from './lifecycle.mts';
import {
	MAGENTO_SETTINGS,
	MAGENTO_SETTINGS_NOTE,
	mageCancellations,
	mageClaimNote,
	mageCreditMemos,
	mageHttp,
	mageLineRefundedByMerchant,
	mageOrders,
	mageRecentOrders,
	mageRefundReturnedLine,
	mageReturnRefunded,
	mageShipments,
	mageStockSync,
} from './magento2.mts';
import { expr, scheduleTrigger, setting } from './nodes.mts';
import {
	ZALANDO,
	ZALANDO_SETTINGS,
	ZALANDO_SETTINGS_NOTE,
	ZALANDO_SHIPPED_MARK,
	zalandoAccept,
	zalandoCancelUnfulfillable,
	zalandoNewOrders,
	zalandoNewReturns,
	zalandoNotes,
	zalandoReconcile,
	zalandoRefund,
	zalandoReturnIntake,
	zalandoShipment,
	zalandoStockUpdate,
	zalandoStoreCancel,
} from './zalando.mts';

const S = setting;

/** JS: a Magento increment id as Zalando takes a merchant order id (letters and digits only). */
const zalandoOrderNumber = (incrementId: string) =>
	`String(${incrementId} || '').replace(/[^A-Za-z0-9]/g, '')`;

/** JS: the tracks of the shipment being checked (its "Shipments of Zalando Orders" item), in the order they were added. */
const TRACKS = `($('Shipments of Zalando Orders').item.json.tracks || []).slice().sort((a, b) => a.entity_id - b.entity_id)`;
/** JS function: is a track the return label's (its title or carrier code contains **returnTrackTitle**). */
const IS_RETURN_TRACK = `(t => (name => name !== '' && [t.title, t.carrier_code].some(v => String(v || '').toLowerCase().includes(name)))(String(${S('returnTrackTitle')} || '').trim().toLowerCase()))`;

export function zalandoMagento2(): Lifecycle {
	const rows = { orders: 0, stock: 900, changes: 1350, returns: 2550 };
	const lane = new Lifecycle({
		id: 'mpsZalMg2Lifecyc',
		name: 'Zalando x Magento 2: order lifecycle',
		description:
			'Orders, stock, shipments, cancellations, refunds and returns between Zalando and Magento 2.',
		settings: {
			...MAGENTO_SETTINGS,
			returnTrackTitle: { type: 'string', value: 'Return' },
			...ZALANDO_SETTINGS,
		},
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${MAGENTO_SETTINGS_NOTE}\n- **returnTrackTitle**: the return tracking number (Zalando requires one) is the shipment's track whose title or carrier code contains this text (not case-sensitive; default \`Return\`); without such a track, the shipment's second track\n${ZALANDO_SETTINGS_NOTE}\n\nPoll intervals are on the Zalando triggers and the schedule triggers (n8n triggers run before Settings).`,
		triggers: [
			{ node: zalandoNewOrders(), lanes: ['New Zalando orders'] },
			reconcileTrigger(),
			{ node: scheduleTrigger('Every 15 Minutes: Stock', 15), lanes: ['Stock sync'] },
			{ node: scheduleTrigger('Every Hour: Full Stock Sync', 60), lanes: ['Full stock sync'] },
			{ node: scheduleTrigger('Every 5 Minutes: Store Changes', 5), lanes: ['Store changes'] },
			{ node: zalandoNewReturns(), lanes: ['New Zalando returns'] },
		],
	});

	// 1. orders
	const y = rows.orders;
	const transform = orderIntake(lane, { route: 'New Zalando orders' }, y);
	const decide = mageOrders(lane, ZALANDO, transform, 2, y);
	// the increment id Zalando gets is read from the placed order (the cart answers with its entity id only)
	const placed = lane.add(
		mageHttp(
			'Magento: Created Order',
			'GET',
			`/orders/{{ $('Magento: Place Order').item.json.body }}`,
		),
		26,
		y - 180,
	);
	lane.connect('Magento: Invoice', placed);
	zalandoAccept(lane, {
		created: placed,
		orders: transform,
		merchantOrderId: {
			created: zalandoOrderNumber('$json.body.increment_id'),
			stored: zalandoOrderNumber('$json.incrementId'),
		},
		at: [27, y - 180],
		existingAt: [6, y + 500],
	});
	zalandoCancelUnfulfillable(lane, decide, 14, y + 150);
	lane.note(
		zalandoNotes.orders(
			'Magento',
			`Lines are matched by SKU against the salable quantity (MSI, stock **stockId**). An order that can be fulfilled goes through the cart (Magento reserves the stock), gets the Zalando order id as an order comment \`[zalando:<id>]\` and is invoiced: Zalando collected the money. Magento prices the lines itself (the REST cart takes no custom price); the comment records what the customer paid at Zalando. Zalando gets the Magento increment id (letters and digits only) as its merchant order id.
Magento reserves stock for every order it places, so Zalando-fulfilled (FBZ) orders are not created unless they move store stock (**updateStockForMarketplaceOrders**).`,
		),
		5,
	);

	// reconciliation: the orders still waiting at the marketplace, through the orders lane again
	zalandoReconcile(lane, y + 800);

	// 2. stock: what changed every 15 minutes, everything every hour
	const sy = rows.stock;
	mageStockSync(lane, 'Zalando', sy, (from, column, at) =>
		zalandoStockUpdate(lane, from, column, at),
	);
	lane.note(
		zalandoNotes.stock(`Every 15 minutes: the salable quantity (MSI: source quantities minus reservations of open orders) of every simple product -> **Only Changed for Zalando** (what Zalando does not have yet) -> Zalando, in one batch -> **Remember Sent to Zalando** keeps what Zalando accepted (the workflow's static data).
Every hour (**Every Hour: Full Stock Sync**) every product goes to Zalando again, changed or not, which repairs anything Zalando lost. The EAN is the product attribute \`ean\`.`),
		6,
	);

	// 3. + 5. store changes: shipments, cancellations and credit memos (one poll of the recently changed orders)
	const cy = rows.changes;
	const recent = mageRecentOrders(lane, ZALANDO, 'Store changes', cy);
	mageShipments(
		lane,
		ZALANDO,
		recent,
		cy,
		(from, column, at) =>
			zalandoShipment(lane, from, column, at, {
				codes: {
					trackingCode: expr(
						`${TRACKS}.filter(t => !${IS_RETURN_TRACK}(t)).map(t => t.track_number).filter(Boolean)`,
					),
					returnTrackingCode: expr(`(${TRACKS}.find(${IS_RETURN_TRACK}) || {}).track_number || ''`),
					secondCodeIsReturn: true,
				},
				returnWhere:
					'a track on the Magento shipment whose title names returnTrackTitle, or a second track',
				// the shipment's own lines ("Shipment Details"): a partial shipment stays partial at Zalando
				items: '$json.lines',
			}),
		ZALANDO_SHIPPED_MARK,
	);
	mageCreditMemos(
		lane,
		ZALANDO,
		recent,
		cy + 330,
		`($json.items || []).filter(i => i.qty > 0).map(i => ({ sku: i.sku, quantity: i.qty }))`,
		(from, column, at) => [zalandoRefund(lane, from, column, at), 'Email: Refund Without Items'],
	);
	mageCancellations(lane, ZALANDO, recent, cy + 800, (from, column, at) =>
		zalandoStoreCancel(lane, from, column, at),
	);
	lane.note(
		`${zalandoNotes.shipments(
			'Magento (a shipment)',
			'Every 5 minutes the orders changed in the last **lookbackDays** are read once. The return tracking number is the track of the shipment whose title or carrier code contains **returnTrackTitle**, the tracking number the first other track; without a return track so named, the first track is the tracking number and the second the return tracking number. Only the lines of the shipment are shipped at Zalando, so a partial shipment stays partial. The order gets the comment `[zalando-shipped:<shipment>]`, so each shipment is sent once; a track added later to a shipment without one sends it then.',
		)}

${zalandoNotes.cancellations('Magento')} It then gets the comment \`[zalando-cancelled]\`. Orders are invoiced when they are created, so Magento offers **Cancel** only for an order whose invoice is missing; otherwise a credit memo (5. Refunds) is how you cancel in Magento, and Zalando cancels the units not shipped yet.

${zalandoNotes.refunds(
	'Magento (a credit memo)',
	'Credit memos this workflow made for Zalando returns are skipped; each memo is sent once (`[zalando-refund-forwarded:<memo>]`). ' +
		mageClaimNote('zalando'),
)}`,
		3,
	);

	// 4. returns
	const ty = rows.returns;
	const returned = zalandoReturnIntake(lane, 'New Zalando returns', ty);
	// a unit returned at Zalando before this run whose line the merchant refunded with a memo of their own (lane 5
	// returned it at Zalando) is not refunded again
	mageRefundReturnedLine(
		lane,
		ZALANDO,
		returned,
		5,
		ty,
		`${mageReturnRefunded(ZALANDO)} || ($json.handledBefore && ${mageLineRefundedByMerchant(ZALANDO)})`,
	);
	lane.note(
		`${zalandoNotes.returns('Magento')}
In Magento the refund is an offline credit memo of the unit with return to stock; the credit memo carries \`[zalando-return-refunded:<line>:memo] <sku> x <qty>\` from the start and the order gets \`[zalando-return-refunded:<line>:<memo>]\`, and the refund lane does not send the memo back to Zalando.`,
		4,
	);

	return lane;
}
