import { z } from 'zod';

/**
 * The normalized order/return model: the same shape for every marketplace, so that store-side flows are written once.
 * This file is the contract templates are written against; the README documents it field by field.
 * Money amounts are numbers in the order's currency; timestamps are ISO 8601 strings in UTC.
 */

export const MARKETPLACES = ['bol', 'amazon', 'zalando', 'miinto', 'spartoo'] as const;
export type MarketplaceId = (typeof MARKETPLACES)[number];

/** Who ships: the merchant (Bol FBR, Amazon MFN, Zalando partner) or the marketplace (Bol FBB, Amazon AFN/FBA, ZFS). */
export const FULFILMENTS = ['merchant', 'marketplace'] as const;
export type Fulfilment = (typeof FULFILMENTS)[number];

export const ORDER_STATUSES = [
	'pending',
	'open',
	'partially_shipped',
	'shipped',
	'cancelled',
	'unfulfillable',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const LINE_STATUSES = [
	'open',
	'partially_shipped',
	'shipped',
	'cancelled',
	'returned',
] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

const nullableString = z.string().nullable();
const nullableNumber = z.number().nullable();

export const addressSchema = z.object({
	firstName: nullableString,
	lastName: nullableString,
	/** First and last name joined, as a store expects it on one line. */
	fullName: nullableString,
	company: nullableString,
	street: nullableString,
	houseNumber: nullableString,
	houseNumberExtension: nullableString,
	/** Street, number and extension as one line ("Dorpstraat 1 B"). */
	address1: nullableString,
	/** Extra address information (apartment, c/o). */
	address2: nullableString,
	postalCode: nullableString,
	city: nullableString,
	region: nullableString,
	/** ISO 3166-1 alpha-2. */
	countryCode: nullableString,
	email: nullableString,
	phone: nullableString,
	vatNumber: nullableString,
	/** Set when the parcel goes to a pick-up point instead of the customer's door. */
	pickupPoint: z.object({ name: nullableString, id: nullableString }).nullable(),
});
export type Address = z.infer<typeof addressSchema>;

export const customerSchema = z.object({
	firstName: nullableString,
	lastName: nullableString,
	fullName: nullableString,
	email: nullableString,
	phone: nullableString,
	company: nullableString,
	vatNumber: nullableString,
	language: nullableString,
});
export type Customer = z.infer<typeof customerSchema>;

export const orderLineSchema = z.object({
	/** The marketplace's id of the line (Bol orderItemId, Amazon orderItemId). Shipments and cancellations use it. */
	lineId: z.string(),
	/** The identifier the store knows the product by (see the "Product Identification" option). */
	sku: nullableString,
	ean: nullableString,
	/** The marketplace's offer/listing id, when it has one. */
	offerId: nullableString,
	/** The merchant's own reference on the offer (Bol offer reference, Amazon seller SKU) before any cropping. */
	merchantReference: nullableString,
	title: nullableString,
	quantity: z.number().int(),
	quantityShipped: z.number().int(),
	quantityCancelled: z.number().int(),
	/** quantity - shipped - cancelled */
	quantityOpen: z.number().int(),
	/** Price of one unit as paid by the customer (incl. tax unless `order.pricesIncludeTax` is false). */
	unitPrice: nullableNumber,
	/** Price of the whole line as paid by the customer. */
	totalPrice: nullableNumber,
	/** Tax in `totalPrice`, when the marketplace says. */
	tax: nullableNumber,
	/** Marketplace commission for the line, when the marketplace says. */
	commission: nullableNumber,
	fulfilment: z.enum(FULFILMENTS),
	status: z.enum(LINE_STATUSES),
	/** The customer asked to cancel this line before it shipped. */
	cancellationRequested: z.boolean(),
	/** Latest date the line must be delivered (or shipped) by, when the marketplace gives one. */
	deliverBy: nullableString,
	updatedAt: nullableString,
});
export type MarketplaceOrderLine = z.infer<typeof orderLineSchema>;

export const orderSchema = z.object({
	marketplace: z.enum(MARKETPLACES),
	orderId: z.string(),
	/** The number shown to the customer (equals orderId where the marketplace has only one). */
	orderNumber: z.string(),
	status: z.enum(ORDER_STATUSES),
	createdAt: nullableString,
	updatedAt: nullableString,
	/** `marketplace` only when every line is fulfilled by the marketplace. */
	fulfilment: z.enum(FULFILMENTS),
	/** True when at least one line is fulfilled by the marketplace (Bol FBB, Amazon AFN). */
	hasMarketplaceFulfilledLines: z.boolean(),
	currency: z.string(),
	customer: customerSchema,
	shippingAddress: addressSchema.nullable(),
	billingAddress: addressSchema.nullable(),
	lines: z.array(orderLineSchema),
	totals: z.object({
		/** Sum of line totals. */
		items: z.number(),
		shipping: nullableNumber,
		tax: nullableNumber,
		discount: nullableNumber,
		total: z.number(),
		commission: nullableNumber,
	}),
	pricesIncludeTax: z.boolean(),
	deadlines: z.object({
		shipBy: nullableString,
		deliverBy: nullableString,
		/** When the marketplace cancels the order by itself if it has not shipped. */
		expiresAt: nullableString,
	}),
	/** Some line carries a customer cancellation request. */
	cancellationRequested: z.boolean(),
	/**
	 * Should the store's stock move for this order? Always true for merchant-fulfilled orders; for
	 * marketplace-fulfilled ones it follows the node's "Update Stock for Marketplace-Fulfilled Orders" option.
	 */
	updateStoreStock: z.boolean(),
	/** Marketplace-specific extras that have no common field (Bol: vvb, pickupPoint; Amazon: programs, ...). */
	extra: z.record(z.unknown()),
	/** The marketplace payload, only when the node's "Include Raw Payload" option is on. */
	raw: z.unknown().optional(),
});
export type MarketplaceOrder = z.infer<typeof orderSchema>;

export const RETURN_STATUSES = ['open', 'handled'] as const;

export const returnLineSchema = z.object({
	/** The id a handling call takes (Bol rmaId). */
	lineId: z.string(),
	orderId: nullableString,
	orderLineId: nullableString,
	sku: nullableString,
	ean: nullableString,
	title: nullableString,
	quantity: z.number().int(),
	reason: nullableString,
	reasonDetail: nullableString,
	customerComment: nullableString,
	handled: z.boolean(),
	/** The handling result the merchant gave, in the marketplace's vocabulary. */
	handlingResult: nullableString,
	/** What the marketplace did with it (Bol ACCEPTED / REJECTED ...). */
	processingResult: nullableString,
	quantityProcessed: z.number().int(),
	/** Does the handling result make the marketplace refund the customer? null while unhandled. */
	refunded: z.boolean().nullable(),
	trackAndTrace: nullableString,
	carrier: nullableString,
});
export type MarketplaceReturnLine = z.infer<typeof returnLineSchema>;

export const returnSchema = z.object({
	marketplace: z.enum(MARKETPLACES),
	returnId: z.string(),
	orderIds: z.array(z.string()),
	registeredAt: nullableString,
	fulfilment: z.enum(FULFILMENTS),
	status: z.enum(RETURN_STATUSES),
	customer: customerSchema.nullable(),
	lines: z.array(returnLineSchema),
	extra: z.record(z.unknown()),
	raw: z.unknown().optional(),
});
export type MarketplaceReturn = z.infer<typeof returnSchema>;

export const stockUpdateSchema = z.object({
	sku: z.string().optional(),
	ean: z.string().optional(),
	offerId: z.string().optional(),
	quantity: z.number().int().min(0),
});
export type StockUpdate = z.infer<typeof stockUpdateSchema>;

export const shipmentRequestSchema = z.object({
	orderId: z.string(),
	lines: z.array(z.object({ lineId: z.string(), quantity: z.number().int().min(1).optional() })),
	/** Carrier as the store names it, or the marketplace's own code. */
	carrier: z.string().optional(),
	trackingCode: z.string().optional(),
	reference: z.string().optional(),
});
export type ShipmentRequest = z.infer<typeof shipmentRequestSchema>;

/** Small helpers the mappings share. */
export function joinName(...parts: Array<string | null | undefined>): string | null {
	const text = parts
		.filter((p) => p !== undefined && p !== null && String(p).trim() !== '')
		.join(' ')
		.trim();
	return text === '' ? null : text;
}

export function orNull<T>(value: T | undefined | null): T | null {
	return value === undefined ? null : value;
}

export function lineStatus(quantity: number, shipped: number, cancelled: number): LineStatus {
	if (cancelled >= quantity) return 'cancelled';
	if (shipped + cancelled >= quantity) return 'shipped';
	if (shipped > 0) return 'partially_shipped';
	return 'open';
}

/** Order status from its lines. */
export function orderStatusFromLines(
	lines: Array<Pick<MarketplaceOrderLine, 'status'>>,
): OrderStatus {
	if (lines.length === 0) return 'open';
	const statuses = lines.map((l) => l.status);
	if (statuses.every((s) => s === 'cancelled')) return 'cancelled';
	if (statuses.every((s) => s === 'shipped' || s === 'cancelled' || s === 'returned'))
		return 'shipped';
	if (statuses.some((s) => s === 'shipped' || s === 'partially_shipped' || s === 'returned'))
		return 'partially_shipped';
	return 'open';
}

export function roundMoney(value: number): number {
	return Math.round(value * 100) / 100;
}

/** Crops a prefix and/or suffix pattern (regular expressions, anchored) from a SKU. */
export function cropSku(
	sku: string | null,
	prefixPattern?: string,
	suffixPattern?: string,
): string | null {
	if (sku === null) return null;
	let result = sku;
	if (prefixPattern) result = result.replace(new RegExp(`^(?:${prefixPattern})`), '');
	if (suffixPattern) result = result.replace(new RegExp(`(?:${suffixPattern})$`), '');
	return result;
}
