/**
 * What the Miinto lifecycle e2e tests share: the emulator's admin state as far as the tests read it, the n8n
 * credential for the emulator (the sandbox's recipe), and the Miinto nodes a manual start uses instead of the
 * triggers.
 */
import { MIINTO_SHOP_DK } from '../../sandbox/emulators/index.mts';
import { emulatorCredentials } from '../../sandbox/n8n/index.mts';
import { adminState, ONCE_A_YEAR } from './lifecycle-support.mts';

export { MIINTO_SHOP_DK };

/** A position as the emulator's state shows it (`transfers[].emulator.positions`, orders' `acceptedPositions`). */
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

export const miintoState = async (url: string) => await adminState<MiintoState>(url);

/** The `miintoApi` credential for the emulator at `url` (the sandbox's recipe), under `ref`'s id and name. */
export async function miintoEmulatorCredential(ref: { id: string; name: string }, url: string) {
	const { credentials, skipped } = await emulatorCredentials({ miinto: url });
	if (!credentials[0]) throw new Error(`no Miinto emulator credential: ${skipped.join('; ')}`);
	return { ...credentials[0], ...ref };
}

/** The Miinto triggers' shop and poll (once at activation, then once a year). */
export const miintoTriggerParameters = (shopId: string) => ({
	shopId,
	...ONCE_A_YEAR,
});

/** A Miinto node listing the shop's pending transfers: a manual start's stand-in for "Miinto: New Transfers". */
export const miintoListTransfers = (credential: { id: string; name: string }, shopId: string) => ({
	type: 'n8n-nodes-marketplace-sync.miinto',
	typeVersion: 1,
	parameters: {
		resource: 'transfer',
		operation: 'getAll',
		shopId,
		returnAll: true,
		options: { productIdentification: 'productId' },
	},
	credentials: { miintoApi: credential },
});

/** A Miinto node listing the shop's pending RMAs: a manual start's stand-in for "Miinto: New RMAs". */
export const miintoListRmas = (credential: { id: string; name: string }, shopId: string) => ({
	...miintoListTransfers(credential, shopId),
	parameters: {
		resource: 'return',
		operation: 'getAll',
		shopId,
		status: 'pending',
		returnAll: true,
		options: { productIdentification: 'productId' },
	},
});
