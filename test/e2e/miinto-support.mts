/**
 * What the Miinto lifecycle e2e tests share: the emulator's admin state as far as the tests read it, the n8n
 * credential for the emulator (the sandbox's recipe), and the Miinto nodes a manual start uses instead of the
 * triggers.
 */
import { expect } from 'vitest';

import { MIINTO_SHOP_DK } from '../../sandbox/emulators/index.mts';
import { nodeItems, waitFor, type CliExecution } from '../../sandbox/n8n/index.mts';
import { adminSeed, adminState, ONCE_A_YEAR, restCall } from './lifecycle-support.mts';
import { acceptedRequests, emulatorRequests } from './support.mts';
import type {
	MiintoStateTransfer,
	MiintoStateOrder,
	MiintoStateRma,
	MiintoFeedItem,
	MiintoState,
} from '../../sandbox/emulators/miinto/state.mts';

export { MIINTO_SHOP_DK };

/** A position as the emulator's state shows it (`transfers[].emulator.positions`, orders' `acceptedPositions`). */
export type {
	MiintoStatePosition,
	MiintoStateTransfer,
	MiintoStateOrder,
	MiintoStateRma,
	MiintoFeedItem,
	MiintoState,
} from '../../sandbox/emulators/miinto/state.mts';

export const miintoState = async (url: string) => await adminState<MiintoState>(url);

/**
 * Resets the emulator to its account, its shops and their feeds only (no seeded transfers, orders or RMAs); returns the
 * shop's feed by your product id (the store SKU).
 */
export async function miintoFeedsOnly(
	url: string,
	shopId: string,
): Promise<Map<string, MiintoFeedItem>> {
	await restCall('POST', `${url}/__admin/reset`, {}, { empty: true });
	return new Map(
		((await miintoState(url)).items[shopId] as MiintoFeedItem[]).map((item) => [
			item.productId,
			item,
		]),
	);
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

/** A Miinto node reading one transfer: a manual start's stand-in for the transfer delivered again (a re-run). */
export const miintoGetTransfer = (
	credential: { id: string; name: string },
	shopId: string,
	transferId: number,
) => ({
	...miintoListTransfers(credential, shopId),
	parameters: {
		resource: 'transfer',
		operation: 'get',
		shopId,
		transferId: String(transferId),
		options: { productIdentification: 'productId' },
	},
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

// What the Miinto lifecycle tests do and check the same way whatever the store (`url`: the Miinto emulator).

/** The PATCHes Miinto accepted whose path ends with `suffix` (a transfer's decision, an order's shipment, an RMA's). */
export const miintoPatches = async (url: string, suffix: string) =>
	(await acceptedRequests(url, { method: 'PATCH' })).filter((request) =>
		request.path.endsWith(suffix),
	);

/** The store SKUs (your product ids at Miinto) of the test transfer's positions. */
export type TransferSkus = Record<'a' | 'b' | 'c' | 'd', string>;

/**
 * Seeds the test transfer to the shop: a (2 units, at the feed price) and d (5 % over) for the store to accept, b (10 %
 * under the threshold) and c (out of stock in the store, set by the test) to decline. Returns its id.
 */
export async function seedTestTransfer(
	url: string,
	shopId: string,
	sku: TransferSkus,
): Promise<number> {
	const before = new Set((await miintoState(url)).transfers.map((transfer) => transfer.id));
	await adminSeed(url, {
		transfers: [
			{
				shopId,
				deliveryType: 'HomeDelivery',
				positions: [
					{ productId: sku.a, quantity: 2, priceFactor: 1 },
					{ productId: sku.b, quantity: 1, priceFactor: 0.9 },
					{ productId: sku.c, quantity: 1, priceFactor: 1 },
					{ productId: sku.d, quantity: 1, priceFactor: 1.05 },
				],
			},
		],
	});
	return (await miintoState(url)).transfers.find((transfer) => !before.has(transfer.id))!.id;
}

/** The transfer as Miinto has it now. */
export const transferNow = async (url: string, transferId: number) =>
	(await miintoState(url)).transfers.find((transfer) => transfer.id === transferId)!;

/** A transfer's position of a product (your product id = the store SKU). */
export const positionOf = (transfer: MiintoStateTransfer, productId: string) =>
	transfer.emulator.positions.find((position) => position.item.productId === productId)!;

/**
 * The acceptance lane's run of the test transfer, as the merchant sees it in Miinto: a and d accepted, b (price) and c
 * (stock) declined with their reasons, all in one PATCH, the accepted positions' new order id returned. Returns the
 * transfer and that order's id.
 */
export async function expectTransferDecided(
	url: string,
	execution: CliExecution,
	transferId: number,
	sku: TransferSkus,
): Promise<{ transfer: MiintoStateTransfer; miintoOrderId: string }> {
	expect(execution.error).toBeUndefined();
	expect(execution.status).toBe('success');
	const transfer = await transferNow(url, transferId);
	expect(positionOf(transfer, sku.a).status).toBe('accepted');
	expect(positionOf(transfer, sku.d).status).toBe('accepted');
	expect(positionOf(transfer, sku.b).status).toBe('declined');
	expect(positionOf(transfer, sku.c).status).toBe('declined');
	expect(await miintoPatches(url, `/transfers/${transferId}`)).toHaveLength(1);
	const [decided] = nodeItems(execution.run.data, 'Miinto: Accept / Decline Positions');
	const reasons = JSON.stringify(decided.json.acceptance);
	expect(reasons).toContain(sku.b);
	expect(reasons).toContain(sku.c);
	expect(transfer.emulator.orderId).not.toBeNull();
	const miintoOrderId = String(transfer.emulator.orderId);
	expect(String(decided.json.newOrderId)).toBe(miintoOrderId);
	return { transfer, miintoOrderId };
}

/** The decided transfer run again: no order id, nothing sent again, the store's `createNode` not reached. */
export async function expectTransferNotDecidedAgain(
	url: string,
	execution: CliExecution,
	transferId: number,
	createNode: string,
): Promise<void> {
	expect(execution.error).toBeUndefined();
	expect(execution.status).toBe('success');
	const [decided] = nodeItems(execution.run.data, 'Miinto: Accept / Decline Positions');
	expect(decided.json.newOrderId ?? null).toBeNull();
	expect(Object.keys(execution.run.data.resultData.runData)).not.toContain(createNode);
	expect(await miintoPatches(url, `/transfers/${transferId}`)).toHaveLength(1);
}

/** Orders accepted in Miinto by hand, one position each (these SKUs, one unit); returns them. */
export async function seedOrdersAcceptedByHand(
	url: string,
	shopId: string,
	skus: string[],
	status: 'accepted' | 'shipped' = 'accepted',
): Promise<MiintoStateOrder[]> {
	const before = new Set((await miintoState(url)).orders.map((order) => order.id));
	await adminSeed(url, {
		transfers: skus.map((productId) => ({
			shopId,
			positions: [{ productId, quantity: 1, priceFactor: 1, status }],
		})),
	});
	return (await miintoState(url)).orders.filter((order) => !before.has(order.id));
}

/** A buyer's pending RMA of one unit of an order's position; returns it. */
export async function seedBuyerRma(
	url: string,
	orderId: number,
	positionId: number,
	reason: string,
): Promise<MiintoStateRma> {
	await adminSeed(url, {
		rmas: [{ orderId, positions: [{ positionId, quantity: 1 }], reason }],
	});
	return (await miintoState(url)).rmas.find(
		(rma) => rma.orderId === orderId && rma.status === 'pending',
	)!;
}

/** The RMA requests of an order at Miinto (a store refund's). */
export const rmaRequestsOf = async (url: string, orderId: string) =>
	(await miintoState(url)).rmas.filter(
		(rma) => rma.type === 'rmaRequest' && String(rma.orderId) === orderId,
	);

/** The RMA requests Miinto accepted (POST `.../rma-requests`). */
export const rmaRequestPosts = async (url: string) =>
	(await acceptedRequests(url, { method: 'POST' })).filter((request) =>
		request.path.endsWith('/rma-requests'),
	);

/** What was sent to Miinto about an order, other than reads (a cancellation must send nothing). */
export const writesAboutOrder = async (url: string, orderId: string) =>
	(await emulatorRequests(url)).filter(
		(request) => request.method !== 'GET' && request.path.includes(`/orders/${orderId}`),
	);

/**
 * Waits (a minute) until a store webhook's lane made its effect at Miinto: `probe` returns it, or undefined while it
 * is not there. On a timeout the error carries `explain()` (the live workflow's recent executions).
 */
export async function waitAtMiinto<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	explain: () => Promise<string>,
): Promise<T> {
	return await waitFor(what, probe, 60_000, 1_000).catch(async (error: Error) => {
		throw new Error(`${error.message}\n${await explain()}`);
	});
}

/** The shop's stock entry of an item by your product id at this quantity, once it is there. */
export const stockAtMiinto =
	(url: string, shopId: string, productId: string, stock: number) => async () =>
		(await miintoState(url)).stocks.find(
			(entry) =>
				entry.locationId === shopId &&
				entry.field === 'id' &&
				entry.identifier === productId &&
				entry.stock === stock,
		);

/** A Miinto order once every position carries this track & trace code. */
export const shippedAtMiinto = (url: string, orderId: string, tracking: string) => async () => {
	const order = (await miintoState(url)).orders.find((o) => String(o.id) === orderId)!;
	return order.acceptedPositions.every((p) => p.trackAndTrace === tracking) ? order : undefined;
};
