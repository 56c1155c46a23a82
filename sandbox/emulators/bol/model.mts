import type { IssuedToken, OAuthClient } from '../core/oauth.mts';
import type { Address, CountryCode, Person } from '../seed/people.mts';

/** The bol emulator's internal state. Times are emulated epoch milliseconds; `present.ts` renders the API shapes. */

export type FulfilmentMethod = 'FBR' | 'FBB';
export type DistributionParty = 'RETAILER' | 'BOL';
export type TimeFrameType = 'REGULAR' | 'EVENING' | 'APPOINTMENT' | 'SAMEDAY' | 'SUNDAY';

export interface BolShipmentDetails extends Person, Address {
	pickupPointName?: string;
}

export interface BolBillingDetails extends Person, Address {
	orderReference?: string;
}

export interface BolOrderItem {
	orderItemId: string;
	ean: string;
	title: string;
	offerId?: string;
	reference?: string;
	quantity: number;
	quantityShipped: number;
	quantityCancelled: number;
	cancellationRequest: boolean;
	fulfilmentMethod: FulfilmentMethod;
	distributionParty: DistributionParty;
	timeFrameType: TimeFrameType;
	/** ISO dates (yyyy-mm-dd). */
	latestDeliveryDate: string;
	exactDeliveryDate?: string;
	expiryDate: string;
	unitPrice: number;
	commission: number;
	discounts: Array<{ title: string; amount: number }>;
	additionalServices: Array<{ serviceType: string }>;
	latestChangedAt: number;
}

export interface BolOrder {
	orderId: string;
	placedAt: number;
	pickupPoint: boolean;
	shipmentDetails: BolShipmentDetails;
	billingDetails: BolBillingDetails;
	items: BolOrderItem[];
}

export interface BolOffer {
	offerId: string;
	ean: string;
	reference?: string;
	title: string;
	onHoldByRetailer: boolean;
	unknownProductTitle?: string;
	economicOperatorId?: string;
	stockAmount: number;
	managedByRetailer: boolean;
	/** Last stock update: with managedByRetailer, only orders placed after it reduce the corrected stock. */
	stockUpdatedAt: number;
	bundlePrices: Array<{ quantity: number; unitPrice: number }>;
	fulfilmentMethod: FulfilmentMethod;
	deliveryPromise?: {
		minimumDaysToCustomer: number;
		maximumDaysToCustomer: number;
		ultimateOrderTime?: string;
	};
	countries: CountryCode[];
	lastModifiedAt: number;
	bolProductId: string;
	/** Ordering key for cursor paging. */
	seq: number;
}

export interface BolShipment {
	shipmentId: string;
	createdAt: number;
	shipmentReference?: string;
	orderId: string;
	items: Array<{ orderItemId: string; quantity: number }>;
	transport: {
		transportId: string;
		transporterCode?: string;
		trackAndTrace?: string;
		shippingLabelId?: string;
	};
}

/** A label bol offered for a set of order items (`POST /retailer/shipping-labels/delivery-options`). */
export interface BolLabelOffer {
	shippingLabelOfferId: string;
	orderId: string;
	/** `orderItemId:quantity`, sorted: the set of items the offer was made for. */
	itemsKey: string;
	transporterCode: string;
	labelType: 'PARCEL' | 'MAILBOX' | 'MAILBOX_LIGHT';
	labelDisplayName: string;
	price: number;
	recommended: boolean;
	/** `yyyy-mm-dd`: bol refuses the offer once the emulated (Amsterdam) day is past this date. */
	validUntilDate: string;
}

/** A label bought from bol (VVB). */
export interface BolLabel {
	shippingLabelId: string;
	orderId: string;
	items: Array<{ orderItemId: string; quantity: number }>;
	transporterCode: string;
	labelType: BolLabelOffer['labelType'];
	price: number;
	trackAndTrace: string;
	createdAt: number;
	/** The shipment that used it; a label ships once. */
	usedByShipmentId?: string;
}

export interface BolProcessingResult {
	quantity: number;
	processingResult: 'ACCEPTED' | 'REJECTED' | 'CANCELLED';
	handlingResult: string;
	processingAt: number;
}

export interface BolReturnItem {
	rmaId: string;
	orderId: string;
	orderItemId: string;
	ean: string;
	title: string;
	expectedQuantity: number;
	returnReason: { mainReason: string; detailedReason?: string; customerComments: string };
	trackAndTrace?: string;
	transporterName?: string;
	handled: boolean;
	processingResults: BolProcessingResult[];
}

export interface BolReturn {
	returnId: string;
	registeredAt: number;
	fulfilmentMethod: FulfilmentMethod;
	items: BolReturnItem[];
	customer: Person & Address;
}

export type ProcessAction =
	| {
			kind: 'ship';
			orderItems: Array<{ orderItemId: string; quantity?: number | null }>;
			shipmentReference?: string | null;
			shippingLabelId?: string | null;
			transport?: { transporterCode: string; trackAndTrace?: string | null } | null;
	  }
	| { kind: 'cancel'; orderItemId: string; reasonCode: string }
	| { kind: 'handle-return'; rmaId: string; handlingResult: string; quantityReturned: number }
	| { kind: 'create-return'; orderItemId: string; handlingResult: string; quantityReturned: number }
	| {
			kind: 'change-transport';
			transportId: string;
			transporterCode?: string | null;
			trackAndTrace: string;
	  }
	| { kind: 'update-stock'; offerId: string; amount: number; managedByRetailer: boolean }
	| {
			kind: 'create-label';
			orderItems: Array<{ orderItemId: string; quantity?: number | null }>;
			shippingLabelOfferId: string;
	  };

export type ProcessStatusValue = 'PENDING' | 'SUCCESS' | 'FAILURE' | 'TIMEOUT';

export interface BolProcessStatus {
	processStatusId: string;
	entityId: string;
	eventType: string;
	description: string;
	status: ProcessStatusValue;
	errorMessage?: string;
	createdAt: number;
	/** Emulated time at which the process completes. */
	dueAt: number;
	action: ProcessAction;
}

export type BolToken = IssuedToken;

export type BolClient = OAuthClient;
