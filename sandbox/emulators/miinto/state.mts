/**
 * The Miinto emulator's admin state (`GET /__admin/state`, its `state` field) as the tests, the sandbox demo and the
 * bench read it: the shapes of what they look at, not every field. The emulator builds its bodies as untyped JSON, so
 * unlike bol's and Spartoo's this type is not checked against its snapshot when it compiles; the tests that read it are
 * its check.
 */

export interface MiintoStatePosition {
	id: number;
	quantity: number;
	/** Miinto's unit price in minor units (øre). */
	price: number;
	item: { gtin: string; productId: string; miintoId?: string; name?: string };
	status?: 'pending' | 'accepted' | 'declined' | 'shipped';
	referencePrice?: number;
	returnedQuantity?: number;
	trackAndTrace?: string;
	shippingProviderId?: number;
}

export interface MiintoStateTransfer {
	id: number;
	status: string;
	currency: string;
	emulator: {
		shopId: string;
		orderId: number | null;
		routedAway: boolean;
		positions: MiintoStatePosition[];
	};
}

export interface MiintoStateOrder {
	id: number;
	status: string;
	transferId: number;
	acceptedPositions: MiintoStatePosition[];
	emulator: { shopId: string };
}

export interface MiintoStateRma {
	id: number;
	orderId: number;
	status: 'pending' | 'accepted' | 'declined';
	type: 'rma' | 'rmaRequest';
	reason?: string | null;
	decisionReason: string | null;
	positions: Array<{ id: number; quantity: number }>;
}

/** A feed item of a shop: GTIN = the store's EAN, your product id = the store SKU, the feed price in minor units. */
export interface MiintoFeedItem {
	gtin: string;
	productId: string;
	miintoId: string;
	referencePrice: number;
}

export interface MiintoState {
	counters: Record<string, number>;
	transfers: MiintoStateTransfer[];
	orders: MiintoStateOrder[];
	rmas: MiintoStateRma[];
	/** Shop id -> its feed. */
	items: Record<string, MiintoFeedItem[]>;
	/** Stock set per location and identifier (`field`: gtin, id = your product id, miintoId). */
	stocks: Array<{
		locationId: string;
		field: string;
		identifier: string;
		stock: number;
		known: boolean;
	}>;
}
