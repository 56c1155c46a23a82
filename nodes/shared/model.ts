import { MARKETPLACE_IDS, type MarketplaceId } from './marketplaces';

/**
 * The normalized order/return model: the same shape for every marketplace, so that store-side flows are written once.
 * This file is the contract templates are written against; the README documents it field by field.
 * Money amounts are numbers in the order's currency; timestamps are ISO 8601 strings in UTC.
 */

/** The marketplaces the model knows, from the registry (`marketplaces.ts`). */
export const MARKETPLACES: readonly MarketplaceId[] = MARKETPLACE_IDS;
export type { MarketplaceId };

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

/** The normalized shapes, as plain types: the published code has no runtime dependency (zod schemas of the same shapes
 * live in the tooling, `test/helpers/model-schemas.mts`, and the type checker keeps the two equal). */

export interface Address {
	firstName: string | null;
	lastName: string | null;
	/** First and last name joined, as a store expects it on one line. */
	fullName: string | null;
	company: string | null;
	street: string | null;
	houseNumber: string | null;
	houseNumberExtension: string | null;
	/** Street, number and extension as one line ("Dorpstraat 1 B"). */
	address1: string | null;
	/** Extra address information (apartment, c/o). */
	address2: string | null;
	postalCode: string | null;
	city: string | null;
	region: string | null;
	/** ISO 3166-1 alpha-2. */
	countryCode: string | null;
	email: string | null;
	phone: string | null;
	vatNumber: string | null;
	/** Set when the parcel goes to a pick-up point instead of the customer's door. */
	pickupPoint: { name: string | null; id: string | null } | null;
}

export interface Customer {
	firstName: string | null;
	lastName: string | null;
	fullName: string | null;
	email: string | null;
	phone: string | null;
	company: string | null;
	vatNumber: string | null;
	language: string | null;
}

export interface MarketplaceOrderLine {
	/** The marketplace's id of the line (Bol orderItemId, Amazon orderItemId). Shipments and cancellations use it. */
	lineId: string;
	/** The identifier the store knows the product by (see the "Product Identification" option). */
	sku: string | null;
	ean: string | null;
	/** The marketplace's offer/listing id, when it has one. */
	offerId: string | null;
	/** The merchant's own reference on the offer (Bol offer reference, Amazon seller SKU) before any cropping. */
	merchantReference: string | null;
	title: string | null;
	/** Whole units. */
	quantity: number;
	quantityShipped: number;
	quantityCancelled: number;
	/** quantity - shipped - cancelled */
	quantityOpen: number;
	/** Price of one unit as paid by the customer (incl. tax unless `order.pricesIncludeTax` is false). */
	unitPrice: number | null;
	/** Price of the whole line as paid by the customer. */
	totalPrice: number | null;
	/** Tax in `totalPrice`, when the marketplace says. */
	tax: number | null;
	/** Marketplace commission for the line, when the marketplace says. */
	commission: number | null;
	fulfilment: Fulfilment;
	status: LineStatus;
	/** The customer asked to cancel this line before it shipped. */
	cancellationRequested: boolean;
	/** Latest date the line must be delivered (or shipped) by, when the marketplace gives one. */
	deliverBy: string | null;
	updatedAt: string | null;
}

export interface MarketplaceOrder {
	marketplace: MarketplaceId;
	orderId: string;
	/** The number shown to the customer (equals orderId where the marketplace has only one). */
	orderNumber: string;
	status: OrderStatus;
	createdAt: string | null;
	updatedAt: string | null;
	/** `marketplace` only when every line is fulfilled by the marketplace. */
	fulfilment: Fulfilment;
	/** True when at least one line is fulfilled by the marketplace (Bol FBB, Amazon AFN). */
	hasMarketplaceFulfilledLines: boolean;
	currency: string;
	customer: Customer;
	shippingAddress: Address | null;
	billingAddress: Address | null;
	lines: MarketplaceOrderLine[];
	totals: {
		/** Sum of line totals. */
		items: number;
		shipping: number | null;
		tax: number | null;
		discount: number | null;
		total: number;
		commission: number | null;
	};
	pricesIncludeTax: boolean;
	deadlines: {
		/**
		 * Where the marketplace has an acceptance step (Zalando export, Miinto transfer, Spartoo accept): the latest time
		 * to accept the order. null elsewhere.
		 */
		acceptBy: string | null;
		shipBy: string | null;
		deliverBy: string | null;
		/** When the marketplace cancels the order by itself if it has not shipped. */
		expiresAt: string | null;
	};
	/** Some line carries a customer cancellation request. */
	cancellationRequested: boolean;
	/**
	 * Should the store's stock move for this order? Always true for merchant-fulfilled orders; for
	 * marketplace-fulfilled ones it follows the node's "Update Stock for Marketplace-Fulfilled Orders" option.
	 */
	updateStoreStock: boolean;
	/** Marketplace-specific extras that have no common field (Bol: vvb, pickupPoint; Amazon: programs, ...). */
	extra: Record<string, unknown>;
	/** The marketplace payload, only when the node's "Include Raw Payload" option is on. */
	raw?: unknown;
}

export const RETURN_STATUSES = ['open', 'handled'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export interface MarketplaceReturnLine {
	/** The id a handling call takes (Bol rmaId). */
	lineId: string;
	orderId: string | null;
	orderLineId: string | null;
	sku: string | null;
	ean: string | null;
	title: string | null;
	quantity: number;
	reason: string | null;
	reasonDetail: string | null;
	customerComment: string | null;
	handled: boolean;
	/** The handling result the merchant gave, in the marketplace's vocabulary. */
	handlingResult: string | null;
	/** What the marketplace did with it (Bol ACCEPTED / REJECTED ...). */
	processingResult: string | null;
	quantityProcessed: number;
	/** Does the handling result make the marketplace refund the customer? null while unhandled. */
	refunded: boolean | null;
	trackAndTrace: string | null;
	carrier: string | null;
}

export interface MarketplaceReturn {
	marketplace: MarketplaceId;
	returnId: string;
	orderIds: string[];
	registeredAt: string | null;
	fulfilment: Fulfilment;
	status: ReturnStatus;
	customer: Customer | null;
	lines: MarketplaceReturnLine[];
	extra: Record<string, unknown>;
	raw?: unknown;
}

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
