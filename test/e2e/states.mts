/**
 * What the lifecycle tests read from the Amazon, Shopify and Magento 2 emulators (their `/__admin/state`), and the
 * helpers that go with it. The Bol and WooCommerce shapes are shared with the sandbox demo (sandbox/n8n/lifecycle.mts).
 */

// Amazon (Orders API v2026-01-01 model, the emulator's refund and cancellation log, Listings)
export interface Money {
	amount: string;
	currencyCode: string;
}
export interface AmazonItem {
	orderItemId: string;
	quantityOrdered: number;
	product: { asin: string; sellerSku: string; title: string; price?: { unitPrice: Money } };
	proceeds: { proceedsTotal: Money; breakdowns: Array<{ type: string; subtotal: Money }> };
	fulfillment?: { quantityFulfilled: number; quantityUnfulfilled: number };
	cancellation?: unknown;
}
export interface AmazonOrder {
	sellerId: string;
	orderId: string;
	createdTime: string;
	lastUpdatedTime: string;
	salesChannel: { marketplaceId: string };
	fulfillment: { fulfillmentStatus: string; fulfilledBy: 'MERCHANT' | 'AMAZON' };
	recipient?: {
		deliveryAddress?: {
			city: string;
			postalCode: string;
			countryCode: string;
			addressLine1: string;
		};
	};
	orderItems: AmazonItem[];
	packages?: Array<{
		carrier: string;
		trackingNumber: string;
		packageItems: Array<{ orderItemId: string; quantity: number }>;
	}>;
	emulator: {
		refunds: Array<{ orderItemId: string; reason: string; amounts: Record<string, number> }>;
		cancellations: Array<{ orderItemId: string; reason: string }>;
	};
}
export interface AmazonListing {
	sku: string;
	marketplaceId: string;
	summaries: Array<{ asin: string; itemName: string }>;
	fulfillmentAvailability: Array<{ fulfillmentChannelCode: string; quantity: number }>;
}
export interface AmazonState {
	orders: AmazonOrder[];
	listings: AmazonListing[];
}

/** Amazon prints whole seconds. */
export const amazonTime = (ms: number) =>
	new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
export const itemTotal = (item: AmazonItem) =>
	Number(item.proceeds.breakdowns.find((b) => b.type === 'ITEM')?.subtotal.amount ?? 0);
/** Orders the template imports: paid and not shipped yet, or shipped by Amazon (FBA). */
export const importable = (order: AmazonOrder) =>
	order.fulfillment.fulfillmentStatus === 'UNSHIPPED' ||
	(order.fulfillment.fulfilledBy === 'AMAZON' && order.fulfillment.fulfillmentStatus === 'SHIPPED');

/**
 * A new Amazon order (Orders API model) with one line, shaped after a seeded order: placed 10 minutes ago, so the
 * trigger's first poll finds it.
 */
export function newAmazonOrder(
	shape: AmazonOrder,
	id: string,
	line: { sku: string; asin: string; title: string; quantity: number; unitPrice: number },
	by: 'MERCHANT' | 'AMAZON',
): Record<string, unknown> {
	const { sellerId: _seller, emulator: _emulator, ...order } = structuredClone(shape);
	const currency = order.orderItems[0].proceeds.proceedsTotal.currencyCode;
	const money = (amount: number): Money => ({ amount: amount.toFixed(2), currencyCode: currency });
	const total = line.unitPrice * line.quantity;
	const shipped = by === 'AMAZON' ? line.quantity : 0;
	const at = amazonTime(Date.now() - 10 * 60_000);
	return {
		...order,
		orderId: id,
		createdTime: at,
		lastUpdatedTime: at,
		fulfillment: {
			...order.fulfillment,
			fulfilledBy: by,
			fulfillmentStatus: by === 'AMAZON' ? 'SHIPPED' : 'UNSHIPPED',
		},
		proceeds: { grandTotal: money(total), breakdowns: [{ type: 'ITEM', subtotal: money(total) }] },
		orderItems: [
			{
				orderItemId: `${id.replace(/\D/g, '').slice(-14)}`,
				quantityOrdered: line.quantity,
				programs: [],
				product: {
					asin: line.asin,
					title: line.title,
					sellerSku: line.sku,
					condition: { conditionType: 'NEW', conditionSubtype: 'NEW' },
					price: { unitPrice: money(line.unitPrice) },
				},
				proceeds: {
					proceedsTotal: money(total),
					breakdowns: [{ type: 'ITEM', subtotal: money(total) }],
				},
				fulfillment: { quantityFulfilled: shipped, quantityUnfulfilled: line.quantity - shipped },
			},
		],
		packages: [],
	};
}

// Shopify (Admin REST)
export interface ShopLine {
	id: number;
	variant_id: number;
	sku: string;
	quantity: number;
	price: string;
}
export interface ShopOrder {
	id: number;
	name: string;
	cancelled_at: string | null;
	financial_status: string;
	fulfillment_status: string | null;
	line_items: ShopLine[];
	note_attributes: Array<{ name: string; value: string }>;
	shipping_address: Record<string, string>;
	refunds: Array<{
		id: number;
		note: string | null;
		refund_line_items: Array<{ quantity: number; restock_type: string }>;
	}>;
}
export interface ShopState {
	locations: Array<{ id: number }>;
	products: Array<{
		variants: Array<{
			id: number;
			sku: string;
			inventory_item_id: number;
			inventory_management: string | null;
		}>;
	}>;
	inventoryLevels: Array<{ inventory_item_id: number; location_id: number; available: number }>;
	orders: ShopOrder[];
	webhooks: Array<{ topic: string; address: string }>;
}

export const shopAttribute = (order: ShopOrder, name: string) =>
	order.note_attributes.find((entry) => entry.name === name)?.value;

// Magento 2 (REST, MSI salable quantities)
export interface MageItem {
	item_id: number;
	sku: string;
	qty_ordered: number;
	qty_invoiced: number;
	qty_shipped: number;
	qty_refunded: number;
	price: number;
}
export interface MageOrder {
	entity_id: number;
	increment_id: string;
	state: string;
	items: MageItem[];
	status_histories: Array<{ comment: string }>;
	extension_attributes: {
		shipping_assignments: Array<{ shipping: { address: Record<string, unknown> } }>;
	};
}
export interface MageState {
	products: Array<{ sku: string; type_id: string }>;
	salable: Record<string, number>;
	orders: MageOrder[];
	creditmemos: Array<{
		entity_id: number;
		order_id: number;
		items: Array<{ sku: string; qty: number; back_to_stock: boolean }>;
	}>;
}

/** The marketplace order id a lifecycle template tagged a Magento order with (`[<marketplace>:<id>]`). */
export const mageTag = (order: MageOrder, marketplace = 'bol') =>
	order.status_histories
		.map((h) => new RegExp(`\\[${marketplace}:([^\\]]+)\\]`).exec(h.comment)?.[1])
		.find(Boolean);
export const hasComment = (order: MageOrder, text: string) =>
	order.status_histories.some((h) => h.comment.includes(text));
