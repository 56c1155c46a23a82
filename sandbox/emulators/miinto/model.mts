/**
 * The Miinto emulator's data: accounts and their channels, shops (unified locations), the shop's items, transfers with
 * positions, the orders Miinto makes of accepted positions, stock and RMAs. Prices are integers in minor units, as the
 * Order API sends them (§2.5, M-C5). Facts and their sources: ../shared/docs/zalando-miinto-spartoo.md §2; the
 * contract: docs/miinto-openapi.derived.yaml.
 */

export type DeliveryType = 'HomeDelivery' | 'CompanyDelivery' | 'ParcelShopDelivery';
export const DELIVERY_TYPES: readonly DeliveryType[] = [
	'HomeDelivery',
	'CompanyDelivery',
	'ParcelShopDelivery',
];

/** A Miinto Admin login: the username and password a channel is opened with. */
export interface MiintoAccount {
	username: string;
	password: string;
	accessorId: number;
	/** Shops of `privileges.__GLOBAL__.Store` (M-C1, M-C6). */
	storeShops: string[];
	/** Shops of `privileges.<country>.ShopAdmin` (M-C5), by lower-case country. */
	shopAdmin: Record<string, string[]>;
}

/** A Miinto Communication Channel (§2.2). */
export interface MiintoChannelRecord {
	id: string;
	token: string;
	username: string;
	openedAt: number;
	expiresAt: number;
	revoked: boolean;
}

export interface MiintoShopRecord {
	id: string;
	name: string;
	countryCode: string;
	currency: string;
}

/** An article of a shop's feed: what a position's `item` names. `referencePrice`: the merchant's own feed price. */
export interface MiintoItemRecord {
	gtin: string;
	productId: string;
	miintoId: string;
	name: string;
	brand: string;
	/** Minor units, in the shop's currency (the price the merchant exported; Miinto may offer another, §2.3). */
	referencePrice: number;
}

export interface PostalAddress {
	street: string;
	postcode: string;
	city: string;
	countryCode: string;
}

export interface Customer {
	name: string;
	email: string;
	phone: string;
	address: PostalAddress;
}

export interface Delivery {
	type: DeliveryType;
	/** The person (HomeDelivery), the company (CompanyDelivery) or the parcel shop (ParcelShopDelivery). */
	name: string;
	/** [unverified] where a parcel shop's own id travels (unverified.ts PARCEL_SHOP_ID_FIELDS: the first). */
	parcelShopId?: string;
	address: PostalAddress;
}

/** `pending -> accepted | declined`, `accepted -> shipped` (§2.13). */
export type PositionStatus = 'pending' | 'accepted' | 'declined' | 'shipped';

export interface PositionRecord {
	id: number;
	quantity: number;
	/** Miinto's price for one unit, minor units. */
	price: number;
	item: MiintoItemRecord;
	status: PositionStatus;
	decidedAt?: number;
	trackAndTrace?: string;
	shippingProviderId?: number;
	shippedAt?: number;
	/** Quantity returned through accepted RMAs. */
	returnedQuantity: number;
}

export interface TransferRecord {
	id: number;
	shopId: string;
	parentOrderId: number;
	currency: string;
	createdAt: number;
	positions: PositionRecord[];
	billing: Customer;
	delivery: Delivery;
	/** The order made of the accepted positions (created by the first accept, extended by later ones). */
	orderId?: number;
}

export interface OrderRecord {
	id: number;
	shopId: string;
	transferId: number;
	createdAt: number;
}

/** `pending -> accepted | declined` (§2.9, Koongo's RMA model). */
export type RmaStatus = 'pending' | 'accepted' | 'declined';

export interface RmaPositionRecord {
	positionId: number;
	quantity: number;
	reason: string | null;
}

export interface RmaRecord {
	id: number;
	shopId: string;
	orderId: number;
	status: RmaStatus;
	createdAt: number;
	updatedAt: number;
	decidedAt?: number;
	positions: RmaPositionRecord[];
	/** The buyer's comment (channel RMAs). */
	comment?: string;
	/** The return parcel's tracking. */
	trackAndTrace?: string;
	/** The customer's reason (the merchant's, on a request); `decisionReason` the merchant's decision's. */
	reason: string | null;
	decisionReason?: string;
	/** `channel`: created by the customer on Miinto; `merchant`: an RMA request the merchant created (store refund). */
	origin: 'channel' | 'merchant';
}

export interface StockRecord {
	locationId: string;
	/** The identifier field the item was named by (`gtin`, `id`, `miintoId`). */
	field: string;
	identifier: string;
	stock: number;
	/** Whether an item of the location's feed carries this identifier. */
	known: boolean;
	updatedAt: number;
}

export interface ShippingProvider {
	id: number;
	name: string;
	/** Serves parcel-shop deliveries. */
	parcelShops: boolean;
	countries: string[];
}
