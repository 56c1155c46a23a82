/**
 * Miinto x Shopify: the whole order lifecycle in one workflow, one lane per trigger.
 *
 *   Miinto: New Transfers                -> the shop's stock and prices -> accept / decline each position at Miinto in
 *                                           one call (Koongo's auto-accept, threshold 0.97) -> the accepted Miinto
 *                                           order created once in Shopify (or an email when it cannot be fulfilled)
 *   Every Hour: Reconcile                -> Miinto's accepted orders missing in the shop, through the same order steps
 *   Shopify: Inventory Updated           -> the item's current available quantity -> Miinto
 *   Every Hour: Full Stock Sync          -> every variant's stock -> Miinto
 *   Shopify: Fulfillment Created/Updated -> tracking -> Miinto shipment of the order (missing -> email)
 *   Shopify: Order Cancelled             -> email (Miinto takes no cancellation after acceptance)
 *   Shopify: Refund Created              -> Miinto refund (the matching RMA accepted, or an RMA request)
 *   Miinto: New RMAs                     -> accept (shop refund + restock, once) or decline with the reason, or an email
 */
import {
	Lifecycle,
	MOVE_STOCK,
	canFulfil,
	onlyNewOrders,
	orderIntake,
	reconcileTrigger,
	storeReconcileTrigger,
	STORE_RECONCILE_SETTINGS,
	STORE_RECONCILE_SETTINGS_NOTE,
	windowStart,
	withCatalog,
} from './lifecycle.mts';
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
	miintoReturnRefunded,
	miintoRmaIntake,
	miintoShipment,
	miintoStockUpdate,
	miintoStoreCancelEmail,
	miintoTransferIntake,
	miintoUnfulfillable,
} from './miinto.mts';
import {
	SHOP_ORDERS_CAP,
	SHOP_STORE_PRODUCTS,
	SHOPIFY_SETTINGS,
	SHOPIFY_SETTINGS_NOTE,
	shopCancellations,
	shopCatalog,
	shopClaimNote,
	shopCreateOrder,
	shopOrdersSince,
	shopOrderTriggers,
	shopPlanOrder,
	shopRefundReturnedLine,
	shopRefundSkus,
	shopRefunds,
	shopShipments,
	shopStockLevels,
	shopStockTriggers,
	shopStoreReconcile,
} from './shopify.mts';

export function miintoShopify(): Lifecycle {
	const rows = {
		transfers: 0,
		orders: 500,
		stock: 1800,
		fulfilment: 2300,
		cancel: 2750,
		refund: 3050,
		returns: 3950,
	};
	const lane = new Lifecycle({
		id: 'mpsMiiShpLifecyc',
		name: 'Miinto x Shopify: order lifecycle',
		description:
			'Transfers accepted or declined per position, orders, stock, shipments, RMAs and refunds between Miinto and Shopify.',
		settings: {
			...SHOPIFY_SETTINGS,
			...STORE_RECONCILE_SETTINGS,
			...MIINTO_SETTINGS,
		},
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${SHOPIFY_SETTINGS_NOTE}\n${STORE_RECONCILE_SETTINGS_NOTE}\n${MIINTO_SETTINGS_NOTE}\n\nAuto-acceptance compares Miinto's price with the variant's price (\`finalPrice\`) or compare-at price (\`originalPrice\`): the shop's prices must be in the Miinto shop's currency. Poll intervals are on the Miinto triggers, the full stock sync interval on its schedule trigger (n8n triggers run before Settings). The Shopify credential needs the app's API secret key: n8n checks every webhook's HMAC with it.`,
		triggers: [
			{ node: miintoNewTransfers(), lanes: ['New Miinto transfers'] },
			reconcileTrigger(),
			...shopStockTriggers(),
			...shopOrderTriggers(),
			storeReconcileTrigger(),
			{ node: miintoNewRmas(), lanes: ['New Miinto RMAs'] },
		],
	});

	// 1. transfers: accept / decline at Miinto, then the accepted order in the shop
	const acceptedOrder = miintoTransferIntake(lane, rows.transfers, {
		// the acceptance step's own catalogue, with prices (the orders lane has its "Catalog": node names are unique)
		catalog: (transfers) =>
			shopCatalog(lane, transfers, 1, rows.transfers + 200, { prefix: 'Store ', prices: true }),
		column: 6,
		storeProducts: SHOP_STORE_PRODUCTS,
	});
	const oy = rows.orders;
	const transform = orderIntake(lane, acceptedOrder, oy);
	const storeIds = shopOrdersSince(
		lane,
		'Shopify: Orders Since',
		transform,
		windowStart('createdAt', '2'),
		2,
		oy + 200,
		MIINTO,
	);
	const newOrders = onlyNewOrders(lane, transform, storeIds, 5, oy, SHOP_ORDERS_CAP);
	const catalog = shopCatalog(lane, newOrders, 6, oy + 200);
	const plan = shopPlanOrder(lane, MOVE_STOCK, 12, oy);
	lane.connect(withCatalog(lane, newOrders, catalog, 11, oy), plan);
	const decide = canFulfil(lane, plan, 13, oy);
	shopCreateOrder(lane, decide, 15, oy - 150, MIINTO);
	miintoUnfulfillable(lane, decide, 15, oy + 200);
	lane.note(
		miintoNotes.acceptance(
			'Shopify',
			"variants by SKU, the stock at **locationId** (else every location); there is no exported Miinto price in Shopify, so the variant's price is compared",
		) +
			`\nThe store order is created paid, at Miinto's prices, without receipts, with the Miinto order id in the note attribute \`miinto_order_id\` and the accepted positions as its lines; the stock is decremented (obeying each variant's inventory policy).`,
		5,
	);

	// reconciliation: the accepted orders missing in the shop, through the orders lane again
	miintoReconcile(lane, oy + 860);

	// 2. stock (with the variants' barcodes: the GTIN, when Miinto finds the items by it)
	const levels = shopStockLevels(lane, 'Stock changed', 'Full stock sync', rows.stock, {
		barcodes: true,
	});
	miintoStockUpdate(lane, levels, 9, rows.stock);
	lane.note(
		miintoNotes.stock(`An inventory level changed in Shopify (an order, a refund, by hand) -> after **stockSettleSeconds** the item's current available quantity (all locations, or **locationId**) goes to Miinto (read again when the wait is over, not taken from the webhook).
Every hour every variant's stock is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed. Your product id is the variant's SKU, the GTIN its barcode.`),
		6,
	);

	// 3. shipments: fulfilments created, or updated (tracking added later)
	shopShipments(
		lane,
		MIINTO,
		['Fulfilment created', 'Fulfilment updated'],
		rows.fulfilment,
		(from, column, at) => miintoShipment(lane, from, column, at),
		{ shippedMark: MIINTO_SHIPPED_MARK },
	);
	lane.note(
		miintoNotes.shipments(
			'Shopify (a fulfilment, or a fulfilment whose tracking was added later)',
			"The track & trace code is the fulfilment's first tracking number, the carrier its tracking company. Miinto ships an order as a whole: the first fulfilment with a tracking number ships every position (a later fulfilment of the order is reported as shipped before). The order gets `miinto_shipped_<fulfilment>`, so each fulfilment ships once.",
		),
		3,
	);

	// store cancellations: nothing to send (Miinto has no cancellation after acceptance): one email
	shopCancellations(
		lane,
		MIINTO,
		'Order cancelled',
		rows.cancel,
		(from, column, at) => {
			const mail = lane.add(miintoStoreCancelEmail('$json'), column, at);
			lane.connect(from, mail);
			return mail;
		},
		'$now.toISO()',
	);
	lane.note(miintoNotes.cancellations('Shopify'), 3);

	// 5. store refunds -> RMA requests
	shopRefunds(
		lane,
		MIINTO,
		'Refund created',
		rows.refund,
		shopRefundSkus,
		(from, column, at) => miintoRefund(lane, from, column, at),
		'$json.action',
	);
	lane.note(
		miintoNotes.refunds(
			'Shopify',
			'Refunds this workflow made for Miinto RMAs are skipped; each refund is sent once (`miinto_refund_forwarded_<refund>`). ' +
				shopClaimNote('miinto'),
		),
		2,
	);

	// store reconciliation: shipments, cancellations (their email) and refunds whose webhook never arrived
	shopStoreReconcile(lane, MIINTO, rows.refund + 450);

	// 4. RMAs
	const returned = miintoRmaIntake(lane, 'New Miinto RMAs', rows.returns);
	shopRefundReturnedLine(lane, returned, 5, rows.returns, MIINTO, miintoReturnRefunded('note'));
	lane.note(miintoNotes.returns('Shopify'), 4);

	return lane;
}
