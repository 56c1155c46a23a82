/**
 * Every Miinto payload shape that no public source shows, in one place.
 *
 * Miinto publishes no OpenAPI spec; its partner documentation (Apiary: Auth Service, Order API 2.x) is not public.
 * What public clients confirm lives in `transport/types.ts` and `constants.ts`; what they do not is here, each entry
 * with what it rests on. A merchant with Miinto's partner documentation corrects the node by editing this file (and
 * `docs/miinto-openapi.derived.yaml`, the contract the emulator serves, which marks the same operations
 * "x-source: unverified"). Sources are the keys of ../shared/docs/zalando-miinto-spartoo.md §5.
 */
import type { IDataObject } from 'n8n-workflow';

/**
 * `GET /shops/{shopId}/transfers/{transferId}`: one transfer. [unverified] Public clients only list transfers
 * (M-C1, M-C6); the single resource follows the orders' pattern (`GET /shops/{shopId}/orders/{orderId}`, M-C1, M-C5).
 */
export function transferPath(shopId: string, transferId: string): string {
	return `/shops/${encodeURIComponent(shopId)}/transfers/${encodeURIComponent(transferId)}`;
}

/**
 * The positions of a transfer that were decided already. [unverified] Clients read only `pendingPositions` of a
 * transfer (M-C1); an accepted order carries `acceptedPositions` (M-C1, M-C5), so a transfer is read the same way, with
 * `declinedPositions` beside it. Used to report positions decided before (a re-run after a lost answer) and to find
 * out what a failed accept/decline call applied.
 */
export const TRANSFER_DECIDED_FIELDS = {
	accepted: 'acceptedPositions',
	declined: 'declinedPositions',
} as const;

/**
 * Fields of a transfer besides `id` and `pendingPositions`. [unverified] By analogy with the order resource (§2.5):
 * `currency`, `createdAt` (or `parentOrder.createdAt`), `shippingInformation`, `billingInformation`.
 */
export const TRANSFER_CREATED_AT_FIELDS = ['createdAt', 'parentOrder.createdAt'] as const;

/**
 * Position prices are integers in minor units (cents, øre). For order positions a public client divides by 100
 * [third-party M-C5]; that transfer positions use the same unit is [unverified]. `price` is taken as the price of ONE
 * unit [unverified]: no client multiplies it by `quantity` or divides it.
 */
export const TRANSFER_PRICE_IN_MINOR_UNITS = true;
export const POSITION_PRICE_IS_UNIT_PRICE = true;

/**
 * The parcel shop of a `ParcelShopDelivery` address. [unverified] §2.5 names the three delivery types and the
 * `name` + `address` of `deliveryAddress`; where the point's own id travels is not public. The first of these fields
 * that is present is taken.
 */
export const PARCEL_SHOP_ID_FIELDS = [
	'parcelShopId',
	'parcelShop.id',
	'servicePointId',
	'id',
] as const;

/**
 * Product identifiers on a position's `item`. `gtin` is read by every client (M-C1); `productId` appears in client
 * specs (M-C1) and is taken as the merchant's own id [unverified meaning]; Miinto's item id as `miintoId` (M-C2 uses
 * `miintoId` on the alternative order resource) or `id` [unverified on this resource].
 */
export const ITEM_ID_FIELDS = {
	gtin: ['gtin'],
	productId: ['productId'],
	miintoItemId: ['miintoId', 'miintoItemId', 'id'],
} as const;

/**
 * A channel that expired: Miinto answers HTTP 401, or (one client reads it from the body, M-C5) HTTP 200 with
 * `meta.status: "failure"` [unverified whether 200]. Both are treated as "open a new channel and send once more".
 */
export function isExpiredChannelAnswer(statusCode: number, body: unknown): boolean {
	if (statusCode === 401) return true;
	return failureEnvelope(body);
}

/** `{"meta": {"status": "failure"}}` (§2.12). */
export function failureEnvelope(body: unknown): boolean {
	return (
		body !== null &&
		typeof body === 'object' &&
		(body as { meta?: { status?: unknown } }).meta?.status === 'failure'
	);
}

/**
 * Where a failure envelope says why. [unverified] No error schema has been seen (§2.12); these are the fields
 * Miinto's own SDK and integrators print.
 */
export const ERROR_MESSAGE_FIELDS = [
	'meta.message',
	'meta.error',
	'message',
	'error.message',
	'error',
	'errors.0.message',
	'errors.0',
	'data.message',
] as const;

/**
 * Largest `limit` of a list call. [unverified] Clients send 50 (M-C5, M-C6); no maximum is published.
 */
export const PAGE_SIZE = 50;

/**
 * Rate limits. [unverified] None is published (§2.11). A conservative assumption: 5 requests a second, 10 at once.
 */
export const ASSUMED_RATE_LIMIT = { ratePerSecond: 5, burst: 10 };

/** Reads a dotted path (`a.b.0.c`) of a payload. */
export function pick(source: unknown, path: string): unknown {
	let value: unknown = source;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/** The first of `paths` that holds a non-empty value. */
export function pickFirst(source: unknown, paths: readonly string[]): unknown {
	for (const path of paths) {
		const value = pick(source, path);
		if (value !== undefined && value !== null && value !== '') return value;
	}
	return undefined;
}

/** The ids of a transfer's positions decided already (see TRANSFER_DECIDED_FIELDS). */
export function decidedPositionIds(transfer: unknown, decision: 'accepted' | 'declined'): string[] {
	const positions = pick(transfer, TRANSFER_DECIDED_FIELDS[decision]);
	if (!Array.isArray(positions)) return [];
	return positions
		.map((p) => (p !== null && typeof p === 'object' ? (p as IDataObject).id : p))
		.filter((id) => id !== undefined && id !== null && id !== '')
		.map((id) => String(id));
}

/**
 * Shipping (track & trace) of accepted positions. [unverified] No public source shows the payload (§2.6): positions
 * carry `trackAndTrace` and `shippingProviderId` in one client (M-C2), and the provider must be one Miinto allows for
 * the order (`GET /shops/{shopId}/shipping-providers/orders/{orderId}`, M-C1). Best guess: a PATCH of the order with
 * the shipped positions, named like the transfer's `acceptedPositions`.
 */
export function shipmentRequest(
	shopId: string,
	orderId: string,
	positions: number[],
	trackAndTrace: string,
	shippingProviderId: number | string,
): { method: 'PATCH'; path: string; body: IDataObject } {
	return {
		method: 'PATCH',
		path: `/shops/${encodeURIComponent(shopId)}/orders/${encodeURIComponent(orderId)}`,
		body: {
			shippedPositions: positions.map((id) => ({ id, trackAndTrace, shippingProviderId })),
		},
	};
}

/** Where an order position shows the tracking it was shipped with. [unverified] M-C2's `trackAndTrace` per item. */
export const POSITION_TRACKING_FIELD = 'trackAndTrace';

/**
 * Stock items of `PATCH {stock}/locations/{locationId}/items` (§2.8). [unverified] The endpoint and the JSON array
 * body are from one client (M-C6); the only payload sample there is commented out (`stock, group, brand, color,
 * size`). The node's guess: the item named by the identifier it is known by, and `stock`.
 */
export const STOCK_IDENTIFIER_FIELDS = {
	gtin: 'gtin',
	productId: 'id',
	miintoItemId: 'miintoId',
} as const;

export function stockItem(
	identification: keyof typeof STOCK_IDENTIFIER_FIELDS,
	identifier: string,
	quantity: number,
): IDataObject {
	return { [STOCK_IDENTIFIER_FIELDS[identification]]: identifier, stock: quantity };
}

/** Items per stock call. [unverified] No limit is published; a conservative batch. */
export const STOCK_BATCH_SIZE = 500;
