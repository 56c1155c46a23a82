import type { IssuedToken, OAuthClient } from '../core/oauth.mts';

/** The Zalando emulator's internal state. Times are emulated epoch milliseconds; `present.mts` renders the API. */

export type OrderStatus = 'initial' | 'approved' | 'fulfilled';
export type OrderType = 'PartnerFulfilled' | 'ZalandoFulfilled';
export type LineStatus = 'initial' | 'reserved' | 'shipped' | 'canceled' | 'returned';

export const LINE_STATUSES: readonly LineStatus[] = [
	'initial',
	'reserved',
	'shipped',
	'canceled',
	'returned',
];

export interface ZalandoAddress {
	addressId: string;
	addressType: 'HOME_ADDRESS' | 'PACK_STATION' | 'PICKUP_POINT';
	firstName: string;
	lastName: string;
	addressLine1: string;
	addressLine2?: string;
	zipCode: string;
	city: string;
	/** ISO 3166-1 alpha-2, upper case. */
	countryCode: string;
	servicePoint?: { name: string; id: string; memberId?: string };
}

export interface Transition {
	id: string;
	from: string;
	to: string;
	at: number;
	by: string;
	reason?: { code: string; description: string };
}

export interface ZalandoLine {
	lineId: string;
	itemId: string;
	status: LineStatus;
	price: number;
	discountedPrice: number;
	sourceStockLocationId?: string;
	outboundLogisticCenterId?: string;
	/** Integer reason of a `returned` PATCH. */
	returnReason?: number;
	createdAt: number;
	modifiedAt: number;
	modifiedBy: string;
	transitions: Transition[];
}

export interface ZalandoItem {
	itemId: string;
	/** Zalando's product id (config SKU + simple), e.g. `DU341A00M-1020375000`. */
	articleId: string;
	/** The merchant's product id: the catalogue SKU. */
	externalId: string;
	ean: string;
	description: string;
	createdAt: number;
	modifiedAt: number;
	lines: ZalandoLine[];
}

export interface ZalandoOrder {
	orderId: string;
	merchantId: string;
	/** Not unique: one customer sales order can become several partner orders. */
	orderNumber: string;
	orderType: OrderType;
	status: OrderStatus;
	exported: boolean;
	merchantOrderId?: string;
	salesChannelId: string;
	locale: string;
	customerNumber: string;
	customerEmail: string;
	shippingAddress: ZalandoAddress;
	billingAddress: ZalandoAddress;
	shipmentNumber: string;
	/** The initial shipment every order has (doc §1.7), holding every line no other shipment holds. */
	shipmentId: string;
	/**
	 * What the Shipments API changed on the initial shipment (status, tracking, weight, ...): absent until the API
	 * touches it; until then its status follows the lines (see `store.shipmentsOf`).
	 */
	initialShipment?: ShipmentFields;
	/** Shipments created through `POST .../shipments` (the pilot), oldest first. */
	shipments?: ZalandoShipment[];
	/**
	 * How the order is being fulfilled, never both (doc §1.7, C6): `lines` once a line was PATCHed to shipped or
	 * returned, `shipments` once a shipment was created or PATCHed. Undefined until either happens.
	 */
	process?: 'lines' | 'shipments';
	currency: string;
	shippingCosts: number;
	stockLocationId: string;
	orderDate: number;
	createdAt: number;
	modifiedAt: number;
	modifiedBy: string;
	deliveryEndDate: number;
	trackingNumber?: string;
	returnTrackingNumber?: string;
	/** Emulated time of the last PATCH that carried tracking (the 5 s rule: §1.6). */
	trackingPatchedAt?: number;
	items: ZalandoItem[];
	transitions: Transition[];
}

export type ShipmentStatus = 'initial' | 'shipped' | 'canceled';

/** The fields of a shipment the partner sets (`POST`/`PATCH .../shipments`). */
export interface ShipmentFields {
	status?: ShipmentStatus;
	merchantShipmentId?: string;
	outboundLogisticCenterId?: string;
	trackingNumber?: string;
	returnTrackingNumber?: string;
	weight?: { value: number; unit: string };
	modifiedAt?: number;
}

/** A shipment created through the Shipments API (pilot): one parcel of some of the order's lines. */
export interface ZalandoShipment extends ShipmentFields {
	shipmentId: string;
	shipmentNumber: string;
	status: ShipmentStatus;
	orderLines: Array<{ lineId: string; merchantIdentifier?: { type: string; value: string } }>;
	createdAt: number;
	modifiedAt: number;
}

/** A shipment as the API shows it: the initial one (computed) or a created one. */
export interface ShipmentView extends ZalandoShipment {
	initial: boolean;
}

export interface SalesChannel {
	salesChannelId: string;
	countryName: string;
	/** Lower case, as in the spec's example (`de`). */
	countryCode: string;
	locale: string;
	currency: string;
	live: boolean;
	/** Zalando is the retailer (`zalando_only=true`). */
	zalandoRetail: boolean;
}

export interface Article {
	ean: string;
	sku: string;
	articleId: string;
	title: string;
	price: number;
}

export interface AnnouncedReturn {
	announcedReturnId: string;
	salesChannelId: string;
	returnTrackingNumber: string;
	registeredAt: number;
	orders: Array<{
		orderId: string;
		lines: Array<{ lineId: string; itemId: string; returnReason: string }>;
	}>;
}

export interface ZalandoClient extends OAuthClient {
	/** Business partner ids (`GET /auth/me` `bpids`): the merchants this client may act for. */
	merchantIds: string[];
}

export type ZalandoToken = IssuedToken;

export interface ShippedTooSoon {
	orderId: string;
	lineId: string;
	/** Emulated ms between the order's last tracking PATCH and the line's shipped PATCH. */
	afterMs: number;
	at: number;
}

/** What tests read from `GET /__admin/state` (`state.counters`). */
export interface ZalandoCounters {
	/** Every `POST /auth/token` that reached the emulator (also refused and rate-limited ones). */
	tokenRequests: number;
	tokensIssued: number;
	/** Line PATCHes to `shipped` sooner than `trackingShipGapSeconds` after the order's tracking PATCH. */
	shippedTooSoonAfterTracking: number;
	/** Tracking PATCHes whose value was ignored because the order already had another one (first wins). */
	trackingUpdatesIgnored: number;
	stockRequests: number;
	stockItems: number;
	/** Shipments created / PATCHed through the Shipments API (pilot). */
	shipmentsCreated: number;
	shipmentsUpdated: number;
	/** Shipping documents (ZSS) downloaded. */
	documentsDownloaded: number;
}
