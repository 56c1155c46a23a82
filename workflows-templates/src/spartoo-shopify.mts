/**
 * Spartoo x Shopify: the whole order lifecycle in one workflow, one lane per trigger.
 *
 *   Spartoo: New Orders                  -> filter, transform, skip orders already in the shop, create the shop order,
 *                                           accept it at Spartoo (11 -> 2); or cancel it at Spartoo (41) and email;
 *                                           automatic acceptance off: an email per order
 *   Every Hour: Reconcile                -> Spartoo's open orders (11, 2) missing in the shop, through the same steps
 *   Shopify: Inventory Updated           -> the item's current available quantity -> Spartoo, as a size of its product
 *   Every Hour: Full Stock Sync          -> every variant's stock -> Spartoo (batch)
 *   Shopify: Fulfillment Created/Updated -> tracking -> Spartoo shipment (3; missing -> email)
 *   Shopify: Order Cancelled             -> cancelled at Spartoo (41)
 *   Shopify: Refund Created              -> a whole-order refund -> Spartoo Refund > Create
 *   Every Hour: Reconcile Store          -> the shop's shipments, cancellations and refunds whose webhook never arrived
 *   Spartoo: New Returns                 -> accept (shop refund + restock, once) or refuse, or an email
 *
 * Spartoo finds a size by your product reference and size reference. Shopify products have no SKU, so the product
 * reference of a product with sizes follows Settings **spartooProductReference** (SPARTOO_PRODUCT_REFERENCE).
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
import { expr, setting, type Fields } from './nodes.mts';
import {
	SHOP_ORDERS_CAP,
	SHOP_STORE_PRODUCTS,
	SHOP_RETURN_REFUNDED,
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
	type ShopVariantFields,
} from './shopify.mts';
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

const S = setting;

/** The Settings field that names a Shopify product with sizes at Spartoo (this template and the Shopify stock template). */
export const SPARTOO_PRODUCT_REFERENCE_SETTING: Fields = {
	spartooProductReference: { type: 'string', value: 'handle' },
};

/** Its Settings note line. */
export const SPARTOO_PRODUCT_REFERENCE_NOTE = `- **spartooProductReference**: your product reference at Spartoo of a product with sizes (Shopify products have no SKU; a size's reference is its variant SKU): \`handle\` (the product handle, as in Shopify's product CSV export) | \`productId\` (the Shopify product id) | \`skuStem\` (the variant SKU up to its last \`-\`: \`SHOE-42\` -> \`SHOE\`). A product without options is its own reference (its SKU)`;

/**
 * Your product reference at Spartoo (`reference_partenaire`) of a Shopify variant (`$json`) of `product`: a product
 * without options (its one variant is Shopify's "Default Title") is a product without sizes, its own reference and
 * size reference (its SKU, Spartoo's `TU`); a variant of a product with options is a size of that product, whose
 * reference is, by Settings **spartooProductReference**: `handle` (the product's handle, the column Shopify's product
 * CSV export identifies a product by, so what a product feed built from it names the product), `productId` (the
 * Shopify product id, what feed apps export as the variants' group id) or `skuStem` (the variant SKU up to its last
 * `-`: `SHOE-42` -> `SHOE`). Anything else counts as `handle`.
 */
export const SPARTOO_PRODUCT_REFERENCE: ShopVariantFields = (product) => ({
	reference: {
		type: 'string',
		value: expr(
			`(p => (rule => (p.variants || []).length <= 1 && $json.option1 === 'Default Title' ? String($json.sku || '') : ` +
				`rule === 'productId' ? String(p.id || '') : rule === 'skuStem' ? String($json.sku || '').replace(/-[^-]*$/, '') : String(p.handle || ''))` +
				`(${S('spartooProductReference')}))(${product} || {})`,
		),
	},
});

/**
 * JS: the lines of a Shopify refund (`refund`: JS) as Spartoo refund items (the variant SKU = your size reference),
 * or none when the refunds of the order so far do not cover every product line in full (Spartoo refunds whole
 * orders only).
 */
const refundItems = (refund: string) =>
	`(items => (($json.order || {}).line_items || []).filter(l => l.sku).every(l => items.filter(i => i.sku === l.sku).reduce((sum, i) => sum + i.quantity, 0) >= l.quantity) ? items : [])` +
	`(${shopRefundSkus(refund)})`;

export function spartooShopify(): Lifecycle {
	const rows = {
		orders: 0,
		stock: 1000,
		fulfilment: 1500,
		cancel: 1950,
		refund: 2250,
		returns: 2800,
	};
	const lane = new Lifecycle({
		id: 'mpsSpaShpLifecyc',
		name: 'Spartoo x Shopify: order lifecycle',
		description:
			'Orders accepted or cancelled at Spartoo, stock per size, shipments, cancellations, refunds and returns between Spartoo and Shopify.',
		settings: {
			...SHOPIFY_SETTINGS,
			...STORE_RECONCILE_SETTINGS,
			...SPARTOO_PRODUCT_REFERENCE_SETTING,
			...SPARTOO_SETTINGS,
		},
		settingsNote: `## Settings\nEverything you are expected to change is in **Settings**:\n${SHOPIFY_SETTINGS_NOTE}\n${STORE_RECONCILE_SETTINGS_NOTE}\n${SPARTOO_PRODUCT_REFERENCE_NOTE}\n${SPARTOO_SETTINGS_NOTE}\n\nPoll intervals are on the Spartoo triggers, the full stock sync interval on its schedule trigger (n8n triggers run before Settings). The Shopify credential needs the app's API secret key: n8n checks every webhook's HMAC with it.`,
		triggers: [
			{ node: spartooNewOrders(), lanes: ['New Spartoo orders'] },
			reconcileTrigger(),
			...shopStockTriggers(),
			...shopOrderTriggers(),
			storeReconcileTrigger(),
			{ node: spartooNewReturns(), lanes: ['New Spartoo returns'] },
		],
	});

	// 1. orders: the shop order once, then the accept at Spartoo
	const y = rows.orders;
	const auto = spartooAutoAccept(lane, 'New Spartoo orders', y - 160);
	const transform = orderIntake(lane, auto, y);
	const storeIds = shopOrdersSince(
		lane,
		SPARTOO,
		'Shopify: Orders Since',
		transform,
		windowStart('createdAt', '2'),
		2,
		y + 200,
	);
	const newOrders = onlyNewOrders(lane, transform, storeIds, 5, y, SHOP_ORDERS_CAP);
	// with prices: Koongo's price rule ("Auto-Accept Rule") compares Spartoo's prices with the variants'
	const catalog = shopCatalog(lane, newOrders, 6, y + 200, { prices: true });
	const plan = shopPlanOrder(lane, MOVE_STOCK, 12, y);
	lane.connect(withCatalog(lane, newOrders, catalog, 11, y), plan);
	const decide = canFulfil(lane, plan, 13, y);
	const priced = spartooPriceCheck(lane, decide, 15, y - 150, SHOP_STORE_PRODUCTS, y + 170);
	const create = shopCreateOrder(lane, SPARTOO, priced, 16, y - 150);
	spartooAccept(lane, {
		created: create,
		orders: transform,
		at: [17, y - 340],
		existingAt: [5, y + 560],
	});
	spartooCancelUnfulfillable(lane, decide, 15, y + 380);
	lane.note(
		spartooNotes.orders(
			'Shopify',
			"Lines are matched to the shop's variants by SKU (your size reference). An order that can be fulfilled is created paid, at Spartoo's prices, without receipts, with the Spartoo order id in the note attribute `spartoo_order_id`; the stock is decremented (obeying each variant's inventory policy).",
		),
		5,
	);

	// reconciliation: the orders still open at Spartoo, through the orders lane again
	spartooReconcile(lane, y + 860);

	// 2. stock: each variant with its product reference
	const levels = shopStockLevels(lane, 'Stock changed', 'Full stock sync', rows.stock, {
		fields: SPARTOO_PRODUCT_REFERENCE,
	});
	spartooStockUpdate(lane, levels, 9, rows.stock);
	lane.note(
		spartooNotes.stock(`An inventory level changed in Shopify (an order, a refund, by hand) -> after **stockSettleSeconds** the item's current available quantity (all locations, or **locationId**) goes to Spartoo (read again when the wait is over, not taken from the webhook).
Every hour every variant's stock is sent again (**Every Hour: Full Stock Sync**), which repairs anything a lost webhook missed.
In Shopify a product without options is a product without sizes (its SKU is its reference and size reference); a variant of a product with options is a size of that product: its SKU is the size reference, the product's reference follows **spartooProductReference** (\`handle\` by default). Shopify's REST API finds no variant by inventory item, so a change reads the shop's product list once (**Shopify: Changed Item Products**) for the variant's product.`),
		6,
	);

	// 3. shipments: fulfilments created, or updated (tracking added later)
	shopShipments(
		lane,
		SPARTOO,
		['Fulfilment created', 'Fulfilment updated'],
		rows.fulfilment,
		(from, column, at) => spartooShipment(lane, from, column, at),
		{ shippedMark: SPARTOO_SHIPPED_MARK },
	);
	lane.note(
		spartooNotes.shipments(
			'Shopify (a fulfilment, or a fulfilment whose tracking was added later)',
			"The tracking number is the fulfilment's first. Spartoo ships an order as a whole: the first fulfilment with a tracking number ships it (a later fulfilment of the order is reported as shipped before). The order gets `spartoo_shipped_<fulfilment>`, so each fulfilment ships once.",
		),
		3,
	);

	// store cancellations
	shopCancellations(
		lane,
		SPARTOO,
		'Order cancelled',
		rows.cancel,
		(from, column, at) => spartooStoreCancel(lane, from, column, at),
		'$json.status',
	);
	lane.note(spartooNotes.cancellations('Shopify'), 3);

	// 5. refunds: whole orders only
	shopRefunds(
		lane,
		SPARTOO,
		'Refund created',
		rows.refund,
		refundItems,
		(from, column, at) => spartooRefund(lane, from, column, at),
		'$json.refundedBy',
	);
	lane.note(
		spartooNotes.refunds(
			'Shopify',
			'Refunds this workflow made for Spartoo returns are skipped; each refund is sent once (`spartoo_refund_forwarded_<refund>`). ' +
				shopClaimNote('spartoo'),
		),
		2,
	);

	// store reconciliation: shipments, cancellations and refunds whose webhook never arrived, through the lanes above
	shopStoreReconcile(lane, SPARTOO, rows.refund + 450);

	// 4. returns
	const returned = spartooReturnIntake(lane, 'New Spartoo returns', rows.returns);
	shopRefundReturnedLine(lane, SPARTOO, returned, 5, rows.returns, SHOP_RETURN_REFUNDED);
	lane.note(spartooNotes.returns('Shopify'), 4);

	return lane;
}
