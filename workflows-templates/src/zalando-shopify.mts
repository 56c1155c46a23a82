/**
 * Zalando x Shopify: the whole order lifecycle in one workflow, one lane per trigger.
 *
 *   Zalando: New Orders                  -> filter, transform, skip orders already in the shop, create the order at
 *                                           the Zalando prices, accept (export) it at Zalando with the Shopify order
 *                                           name; or cancel at Zalando with an email
 *   Shopify: Inventory Updated           -> the item's current available quantity -> Zalando, by EAN (barcode)
 *   Every Hour: Full Stock Sync          -> every variant's stock -> Zalando
 *   Shopify: Fulfillment Created/Updated -> tracking and return tracking -> Zalando shipment of the fulfilment's
 *                                           units (missing -> email)
 *   Shopify: Order Cancelled             -> cancelled at Zalando
 *   Shopify: Refund Created              -> Zalando refund (units cancelled or returned)
 *   Zalando: New Returns                 -> each returned unit handled at Zalando -> shop refund + restock
 */
import {
	Lifecycle,
	MOVE_STOCK,
	canFulfil,
	onlyNewOrders,
	orderIntake,
	reconcileTrigger,
	windowStart,
	withCatalog,
	storeReconcileTrigger,
	STORE_RECONCILE_SETTINGS,
	STORE_RECONCILE_SETTINGS_NOTE,
} from './lifecycle.mts';
import { expr, setting } from './nodes.mts';
import {
	SHOP_ORDERS_CAP,
	SHOP_RETURN_REFUNDED,
	SHOPIFY_SETTINGS,
	SHOPIFY_SETTINGS_NOTE,
	noteAttribute,
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
	SHOP_FULFILMENT,
	shopStoreReconcile,
} from './shopify.mts';
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
	zalandoRefundedInStore,
	zalandoReturnIntake,
	zalandoShipment,
	zalandoStockUpdate,
	zalandoStoreCancel,
} from './zalando.mts';

const S = setting;

/** JS: the Shopify order name (`#1001`) as Zalando's merchant order number (letters and digits only: `1001`). */
const orderNumber = (name: string) => `String(${name} || '').replace(/[^A-Za-z0-9]/g, '')`;

export function zalandoShopify(): Lifecycle {
	const rows = {
		orders: 0,
		stock: 900,
		fulfilment: 1400,
		cancel: 1850,
		refund: 2150,
		returns: 2600,
	};
	const lane = new Lifecycle({
		id: 'mpsZalShpLifecyc',
		name: 'Zalando x Shopify: order lifecycle',
		description:
			'Orders, stock, shipments, cancellations, refunds and returns between Zalando and Shopify.',
		settings: {
			...SHOPIFY_SETTINGS,
			...STORE_RECONCILE_SETTINGS,
			returnTrackingAttribute: { type: 'string', value: 'zalando_return_tracking' },
			...ZALANDO_SETTINGS,
		},
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${SHOPIFY_SETTINGS_NOTE}\n${STORE_RECONCILE_SETTINGS_NOTE}\n- **returnTrackingAttribute**: the order note attribute with the return tracking number (Zalando requires one); without it: the second tracking number of the fulfilment\n${ZALANDO_SETTINGS_NOTE}\n\nPoll intervals are on the Zalando triggers, the full stock sync interval on its schedule trigger (n8n triggers run before Settings). The Shopify credential needs the app's API secret key: n8n checks every webhook's HMAC with it.`,
		triggers: [
			{ node: zalandoNewOrders(), lanes: ['New Zalando orders'] },
			reconcileTrigger(),
			...shopStockTriggers(),
			...shopOrderTriggers(),
			storeReconcileTrigger(),
			{ node: zalandoNewReturns(), lanes: ['New Zalando returns'] },
		],
	});

	// 1. orders
	const y = rows.orders;
	const transform = orderIntake(lane, { route: 'New Zalando orders' }, y);
	const storeIds = shopOrdersSince(
		lane,
		'Shopify: Orders Since',
		transform,
		windowStart('createdAt', '2'),
		2,
		y + 200,
		ZALANDO,
		{ storeOrderNumber: { type: 'string', value: expr(orderNumber('$json.name')) } },
	);
	const newOrders = onlyNewOrders(lane, transform, storeIds, 5, y, SHOP_ORDERS_CAP);
	const catalog = shopCatalog(lane, newOrders, 6, y + 200);
	const plan = shopPlanOrder(lane, MOVE_STOCK, 12, y);
	lane.connect(withCatalog(lane, newOrders, catalog, 11, y), plan);
	const decide = canFulfil(lane, plan, 13, y);
	const create = shopCreateOrder(lane, decide, 15, y - 150, ZALANDO);
	zalandoAccept(lane, {
		created: create,
		orders: transform,
		merchantOrderId: {
			created: orderNumber('$json.order.name'),
			stored: 'String($json.storeOrderNumber)',
		},
		at: [16, y - 340],
		existingAt: [5, y + 560],
	});
	zalandoCancelUnfulfillable(lane, decide, 15, y + 200);
	lane.note(
		zalandoNotes.orders(
			'Shopify',
			`Lines are matched to the shop's variants by SKU. An order that can be fulfilled is created paid, at the prices the customer paid at Zalando, without receipts, with the Zalando order id in the note attribute \`zalando_order_id\`; the stock is decremented (obeying each variant's inventory policy). Zalando gets the Shopify order name without \`#\` (\`#1001\` -> \`1001\`) as its merchant order number.
Zalando-fulfilled (FBZ) orders are created and marked fulfilled at once, and do not move store stock unless **updateStockForMarketplaceOrders**.`,
		),
		5,
	);

	// reconciliation: the orders still waiting at the marketplace, through the orders lane again
	zalandoReconcile(lane, y + 860);

	// 2. stock
	const levels = shopStockLevels(lane, 'Stock changed', 'Full stock sync', rows.stock, {
		barcodes: true,
	});
	zalandoStockUpdate(lane, levels, 9, rows.stock);
	lane.note(
		zalandoNotes.stock(`An inventory level changed in Shopify (an order, a refund, by hand) -> after **stockSettleSeconds** the item's current available quantity (all locations, or **locationId**) goes to Zalando (read again when the wait is over, not taken from the webhook; two changes of one item seconds apart can still reach Zalando in the wrong order, which the hourly full sync repairs).
Every hour every variant's stock is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed. The EAN is the variant's barcode: Shopify's REST API finds no variant by inventory item, so a change reads the shop's product list once (**Shopify: Changed Item Products**) for it.`),
		6,
	);

	// 3. shipments: fulfilments created, or updated (tracking added later)
	const fulfilment = SHOP_FULFILMENT;
	const order = `$('Shopify: Order of Fulfillment').item.json.order`;
	shopShipments(
		lane,
		ZALANDO,
		['Fulfilment created', 'Fulfilment updated'],
		rows.fulfilment,
		(from, column, at) =>
			zalandoShipment(lane, from, column, at, {
				codes: {
					trackingCode: expr(
						`[].concat(${fulfilment}.tracking_numbers || ${fulfilment}.tracking_number || []).filter(Boolean)`,
					),
					returnTrackingCode: expr(`${noteAttribute(S('returnTrackingAttribute'), order)} || ''`),
					secondCodeIsReturn: true,
				},
				returnWhere:
					'the order note attribute named in returnTrackingAttribute, or a second tracking number on the fulfilment',
				items: '$json.lines',
			}),
		{ shippedMark: ZALANDO_SHIPPED_MARK },
	);
	lane.note(
		zalandoNotes.shipments(
			'Shopify (a fulfilment, or a fulfilment whose tracking was added later)',
			"The tracking number is the fulfilment's first; the return tracking number is the order note attribute **returnTrackingAttribute** (`zalando_return_tracking`), else the fulfilment's second tracking number (added later: add it to the fulfilment's tracking, or set the note attribute and save the tracking again; the fulfilment update ships it). Each fulfilment ships its own units (SKU and quantity), so a partial fulfilment stays partial; a later fulfilment of the order must carry the same tracking number (another one fails the execution: Zalando keeps one per order). The order gets `zalando_shipped_<fulfilment>`, so each fulfilment ships once.",
		),
		3,
	);

	// store cancellations
	shopCancellations(
		lane,
		ZALANDO,
		'Order cancelled',
		rows.cancel,
		(from, column, at) => zalandoStoreCancel(lane, from, column, at),
		'$json.status',
	);
	lane.note(zalandoNotes.cancellations('Shopify'), 3);

	// 5. refunds
	shopRefunds(lane, ZALANDO, 'Refund created', rows.refund, shopRefundSkus, (from, column, at) =>
		zalandoRefund(lane, from, column, at),
	);
	lane.note(
		zalandoNotes.refunds(
			'Shopify',
			'Refunds this workflow made for Zalando returns are skipped; each refund is sent once (`zalando_refund_forwarded_<refund>`). ' +
				shopClaimNote('zalando'),
		),
		2,
	);

	// store reconciliation: shipments, cancellations and refunds whose webhook never arrived, through the lanes above
	shopStoreReconcile(lane, ZALANDO, rows.refund + 450);

	// 4. returns
	const returned = zalandoReturnIntake(lane, 'New Zalando returns', rows.returns);
	shopRefundReturnedLine(
		lane,
		returned,
		5,
		rows.returns,
		ZALANDO,
		`${SHOP_RETURN_REFUNDED} || ${zalandoRefundedInStore((r) => `String(${r}.note || '').startsWith('Zalando return')`)}`,
	);
	lane.note(zalandoNotes.returns('Shopify'), 4);

	return lane;
}
