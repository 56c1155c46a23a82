/** Bol.com payloads as the official spec defines them (only the fields this package reads). */
import type { LabelType } from '../constants';

export interface BolReducedOrderItem {
	orderItemId: string;
	ean: string;
	fulfilmentMethod: 'FBR' | 'FBB';
	fulfilmentStatus: 'OPEN' | 'HANDLED';
	quantity: number;
	quantityShipped: number;
	quantityCancelled: number;
	cancellationRequest: boolean;
	latestChangedDateTime?: string | null;
}

export interface BolReducedOrder {
	orderId: string;
	orderPlacedDateTime?: string | null;
	orderItems: BolReducedOrderItem[];
}

export interface BolAddressDetails {
	pickupPointName?: string | null;
	salutation?: string;
	firstName?: string | null;
	surname?: string | null;
	streetName?: string | null;
	houseNumber?: string | null;
	houseNumberExtension?: string | null;
	extraAddressInformation?: string | null;
	zipCode?: string | null;
	city?: string | null;
	countryCode?: string | null;
	email?: string | null;
	company?: string | null;
	deliveryPhoneNumber?: string | null;
	language?: string | null;
	vatNumber?: string | null;
	kvkNumber?: string | null;
	orderReference?: string | null;
}

export interface BolOrderItem {
	orderItemId: string;
	cancellationRequest: boolean;
	fulfilment?: {
		method: string;
		distributionParty?: 'RETAILER' | 'BOL' | null;
		latestDeliveryDate?: string | null;
		exactDeliveryDate?: string | null;
		expiryDate?: string | null;
		timeFrameType?: string;
	} | null;
	offer?: { offerId?: string | null; reference?: string | null } | null;
	product?: { ean: string; title: string } | null;
	quantity: number;
	quantityShipped: number;
	quantityCancelled: number;
	unitPrice: number;
	totalPrice: number;
	discounts?: Array<{ title?: string; amount?: number }>;
	commission?: number;
	latestChangedDateTime?: string | null;
}

export interface BolOrder {
	orderId: string;
	pickupPoint: boolean;
	orderPlacedDateTime?: string | null;
	shipmentDetails: BolAddressDetails;
	billingDetails?: BolAddressDetails | null;
	orderItems: BolOrderItem[];
}

export interface BolProcessStatus {
	processStatusId?: string | null;
	entityId?: string | null;
	eventType: string;
	description: string;
	status: 'PENDING' | 'SUCCESS' | 'FAILURE' | 'TIMEOUT';
	errorMessage?: string | null;
	createTimestamp: string;
	links?: Array<{ rel?: string; href?: string; method?: string }>;
}

/** One label bol offers for a set of order items (`POST /retailer/shipping-labels/delivery-options`). */
export interface BolDeliveryOption {
	shippingLabelOfferId: string;
	recommended: boolean;
	validUntilDate?: string | null;
	transporterCode: string;
	labelType: LabelType;
	labelDisplayName: string;
	labelPrice: { totalPrice: number };
	packageRestrictions: { maxWeight: string; maxDimensions: string };
	handoverDetails?: {
		meetsCustomerExpectation?: boolean | null;
		earliestHandoverDateTime?: string | null;
		latestHandoverDateTime?: string | null;
		collectionMethod?: 'DROP_OFF' | 'PICK_UP' | null;
	} | null;
}

export interface BolProcessingResult {
	quantity: number;
	processingResult: string;
	handlingResult: string;
	processingDateTime: string;
}

export interface BolReturnReason {
	mainReason: string;
	detailedReason?: string | null;
	customerComments?: string | null;
}

export interface BolReducedReturnItem {
	rmaId: string;
	orderId: string;
	ean: string;
	expectedQuantity: number;
	returnReason: BolReturnReason;
	handled: boolean;
	processingResults: BolProcessingResult[];
}

export interface BolReducedReturn {
	returnId: string;
	registrationDateTime: string;
	fulfilmentMethod: string;
	returnItems: BolReducedReturnItem[];
}

export interface BolReturnItem extends BolReducedReturnItem {
	title?: string;
	trackAndTrace?: string | null;
	transporterName?: string | null;
	customerDetails?: BolAddressDetails | null;
}

export interface BolReturn extends Omit<BolReducedReturn, 'returnItems'> {
	returnItems: BolReturnItem[];
}

export interface BolOfferV11 {
	offerId: string;
	ean?: string;
	reference?: string | null;
	product?: { ean?: string };
	stock?: { amount?: number; correctedStock?: number; managedByRetailer?: boolean };
	fulfilment?: { method?: string };
}
