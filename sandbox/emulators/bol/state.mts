/**
 * The Bol.com emulator's admin state (`GET /__admin/state`, its `state` field) as the tests, the sandbox demo and the
 * bench read it: the API shapes of what they look at, not every field. The emulator's snapshot is checked against it
 * when it compiles (`snapshotOf` in index.mts), so the two cannot drift apart.
 */

export interface BolStateItem {
	orderItemId: string;
	offer: { reference?: string; offerId?: string };
	product: { ean: string };
	quantity: number;
	quantityShipped: number;
	quantityCancelled: number;
	unitPrice: number;
	/** What the customer paid for the line (after bol's discounts). */
	totalPrice: number;
	/** `distributionParty` BOL: a VVB item, shipped with a label bought from bol (the shipment needs its id). */
	fulfilment: { method: string; distributionParty: 'RETAILER' | 'BOL' };
}

export interface BolStateOrder {
	orderId: string;
	orderItems: BolStateItem[];
	shipmentDetails: {
		streetName?: string;
		city?: string;
		zipCode?: string;
		countryCode?: string;
		firstName?: string;
		surname?: string;
	};
}

export interface BolState {
	orders: BolStateOrder[];
	offers: Array<{
		offerId: string;
		ean: string;
		reference?: string;
		stock: { amount: number };
		fulfilment: { method: string };
	}>;
	shipments: Array<{
		shipmentReference: string;
		order: { orderId: string };
		transport?: { transporterCode?: string | null; trackAndTrace?: string | null };
		shipmentItems: Array<{ orderItemId: string; quantity: number }>;
	}>;
	returns: Array<{
		returnId: string;
		returnItems: Array<{
			rmaId: string;
			orderId: string;
			handled: boolean;
			processingResults?: Array<{ handlingResult: string }>;
		}>;
	}>;
	/** Labels bought (VVB): each ships once (`usedByShipmentId`). */
	labels: Array<{
		shippingLabelId: string;
		orderId: string;
		orderItems: Array<{ orderItemId: string; quantity: number }>;
		transporterCode: string;
		labelType: 'PARCEL' | 'MAILBOX' | 'MAILBOX_LIGHT';
		price: number;
		trackAndTrace: string;
		usedByShipmentId: string | null;
	}>;
}
