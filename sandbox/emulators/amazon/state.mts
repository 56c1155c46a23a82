/**
 * The Amazon Selling Partner emulator's admin state (`GET /__admin/state`, its `state` field) as the tests, the
 * sandbox demo and the bench read it: the API shapes of what they look at, not every field. The emulator builds its
 * bodies as untyped JSON, so unlike bol's and Spartoo's this type is not checked against its snapshot when it
 * compiles; the tests that read it are its check. Orders API v2026-01-01 model, the emulator's refund and cancellation
 * log, Listings.
 */

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
