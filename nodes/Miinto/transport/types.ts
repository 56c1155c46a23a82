/**
 * Miinto's payloads as public clients read them (../shared/docs/zalando-miinto-spartoo.md §2). Fields no client reads
 * are optional and their meaning is in `../unverified.ts`.
 */

/** `{"meta": {...}, "data": ...}`: every answer of the auth and order services (§2.12). */
export interface MiintoEnvelope<T> {
	meta?: { status?: 'success' | 'failure' | string; version?: string; totalItemCount?: number };
	data?: T;
}

/** `POST /channels` -> `data` (§2.2). */
export interface MiintoChannelData {
	id: string;
	token: string;
	data?: { accessorId?: number };
	privileges?: unknown;
}

export interface MiintoItem {
	gtin?: string;
	name?: string;
	brand?: string;
	productId?: string;
	[key: string]: unknown;
}

/** A position of a transfer or an order: one article, `price` in minor units (§2.3, §2.5). */
export interface MiintoPosition {
	id: number;
	quantity?: number;
	price?: number;
	item?: MiintoItem;
	[key: string]: unknown;
}

/** A pending order request offered to one shop (§2.3). */
export interface MiintoTransfer {
	id: number;
	pendingPositions?: MiintoPosition[];
	acceptedPositions?: MiintoPosition[];
	declinedPositions?: MiintoPosition[];
	currency?: string;
	createdAt?: string;
	[key: string]: unknown;
}

export interface MiintoPostalAddress {
	street?: string;
	postcode?: string;
	city?: string;
	countryCode?: string;
	[key: string]: unknown;
}

/** The three delivery types of an order's delivery address (§2.5). */
export const DELIVERY_TYPES = ['HomeDelivery', 'CompanyDelivery', 'ParcelShopDelivery'] as const;
export type MiintoDeliveryType = (typeof DELIVERY_TYPES)[number];

/** An accepted order (§2.5). */
export interface MiintoOrder {
	id: number;
	currency?: string;
	status?: string;
	parentOrder?: { id?: number | string; createdAt?: string };
	acceptedPositions?: MiintoPosition[];
	billingInformation?: {
		name?: string;
		email?: string;
		phone?: string;
		address?: MiintoPostalAddress;
	};
	shippingInformation?: {
		deliveryAddress?: {
			name?: string;
			type?: MiintoDeliveryType | string;
			address?: MiintoPostalAddress;
			[key: string]: unknown;
		};
		[key: string]: unknown;
	};
	[key: string]: unknown;
}

/** The answer to an accept/decline PATCH: the order made of the accepted positions (§2.4). */
export interface MiintoTransferDecision {
	newOrder?: { id?: number | string } | null;
	[key: string]: unknown;
}

/** `GET /shops/{shopId}` (§2.2). */
export interface MiintoShop {
	id?: string;
	name?: string;
	[key: string]: unknown;
}

/** A shipping provider Miinto allows for an order (§2.6). */
export interface MiintoShippingProvider {
	id: number | string;
	name?: string;
	[key: string]: unknown;
}

/**
 * A return (RMA) of an accepted order, or an RMA request the merchant created (§2.9). [unverified] Every field is the
 * node's guess; `../unverified.ts` (RMA_FIELDS) says where each is read.
 */
export interface MiintoRma {
	id: number | string;
	orderId?: number | string;
	status?: string;
	type?: string;
	createdAt?: string;
	reason?: string | null;
	comment?: string | null;
	decisionReason?: string | null;
	trackAndTrace?: string | null;
	currency?: string;
	positions?: Array<{
		id: number | string;
		quantity?: number;
		price?: number;
		reason?: string | null;
		item?: MiintoItem;
		[key: string]: unknown;
	}>;
	[key: string]: unknown;
}
