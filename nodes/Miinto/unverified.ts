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
 * When an accepted order became one (the trigger's New Order time). [unverified] Clients read
 * `parentOrder.createdAt` (the buyer's order, M-C1); the order resource's own `createdAt` (the acceptance, what
 * `sort=-createdAt` sorts by) is taken first when present, so that an order accepted long after the buyer ordered is
 * not older than the trigger's window.
 */
export const ORDER_CREATED_AT_FIELDS = ['createdAt', 'parentOrder.createdAt'] as const;

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
 * Rate limits. [unverified] None is published (§2.11). A conservative assumption: 5 requests a second, 10 at once,
 * for the whole account: channel openings, order and stock calls draw on one budget (the emulator counts them
 * together). Paced waits are a quarter of a token (50 ms) longer: a burst's calls are booked at once but reach the
 * server tens of milliseconds apart, so the server's bucket is fuller than the client's when the next call is due
 * (without it, one call in every bench run drew a 429). The steady rate is unchanged.
 */
export const ASSUMED_RATE_LIMIT = { ratePerSecond: 5, burst: 10, margin: 0.25 };

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

// ---- labels

/**
 * The shipping label of an order, one PDF. [unverified] Koongo links "the order labels in PDF" of a Miinto order
 * (seed, "Miinto Labels Transfer"): Miinto supplies labels for at least some flows, but no public source names the
 * endpoint (§2.6). Best guess: a sub-resource of the order. A 404 (or a failure envelope) means "no label for this
 * order" and is reported as such, not as an error.
 */
export function labelPath(shopId: string, orderId: string): string {
	return `/shops/${encodeURIComponent(shopId)}/orders/${encodeURIComponent(orderId)}/labels`;
}
export const LABEL_CONTENT_TYPE = 'application/pdf';

// ---- returns (RMA) and RMA requests

/**
 * Channel returns exist since Order API 2.5 (M-P2): they originate on Miinto, the merchant accepts them (Miinto then
 * refunds the buyer) or declines them with a reason (seed). No public source shows the endpoints (§2.9). [unverified]
 * The node's guess follows the transfers: a list with `status[]`, `sort`, `limit`, `offset` and
 * `meta.totalItemCount`, the single resource below it, a PATCH of its status to decide, and a POST of an RMA request.
 */
export const RMA_PATHS = {
	list: (shopId: string) => `/shops/${encodeURIComponent(shopId)}/rmas`,
	one: (shopId: string, rmaId: string) =>
		`/shops/${encodeURIComponent(shopId)}/rmas/${encodeURIComponent(rmaId)}`,
	requests: (shopId: string) => `/shops/${encodeURIComponent(shopId)}/rma-requests`,
} as const;

/**
 * The RMA list honours `sort=-createdAt` (newest first), as the transfer and order lists do (M-C1, M-C5, M-C6).
 * [unverified] for RMAs. The node stops reading an RMA list at the first RMA older than what it looks for (the
 * trigger's window; an order's RMAs cannot predate the order); set to false to make it read every page instead.
 */
export const RMA_LIST_IS_NEWEST_FIRST = true;

/** RMA states (§2.13: pending -> accepted | declined) and the `status[]` values of the list [unverified]. */
export const RMA_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type MiintoRmaStatus = (typeof RMA_STATUSES)[number];

/**
 * Where an RMA carries what the node reads. [unverified] Every name is a guess by analogy with the order resource
 * (`id`, `createdAt`, `positions[]{id, quantity, price, item}`); the first present field is taken.
 */
export const RMA_FIELDS = {
	orderId: ['orderId', 'order.id', 'parentOrder.id'],
	status: ['status'],
	createdAt: ['createdAt', 'created'],
	reason: ['reason', 'returnReason'],
	comment: ['comment', 'customerComment'],
	decisionReason: ['decisionReason', 'declineReason', 'acceptReason'],
	trackAndTrace: ['trackAndTrace', 'returnTrackAndTrace'],
	positions: ['positions', 'items'],
	/** On a position: the order position it returns. */
	positionId: ['id', 'positionId'],
	positionReason: ['reason', 'returnReason'],
	/** `rma` (opened by the buyer) or `rmaRequest` (created by the merchant). */
	type: ['type'],
} as const;

/** Longest reason text the node sends. [unverified] No limit is published; a conservative one. */
export const RMA_REASON_MAX_LENGTH = 1000;

/**
 * Accepting or declining an RMA. [unverified] Koongo accepts or declines "with a reason description" (seed); the
 * node's guess is a PATCH of the RMA's `status` with a `reason` (required when declining).
 */
export function rmaDecisionRequest(
	shopId: string,
	rmaId: string,
	decision: 'accepted' | 'declined',
	reason: string,
): { method: 'PATCH'; path: string; body: IDataObject } {
	const body: IDataObject = { status: decision };
	if (reason !== '') body.reason = reason;
	return { method: 'PATCH', path: RMA_PATHS.one(shopId, rmaId), body };
}

/**
 * An RMA request: the buyer sent items back without an RMA, the merchant asks Miinto to refund them (seed, scenario
 * 1; Miinto supports only channel returns, M-P2). [unverified] The node's guess: the order, its positions with
 * quantities, and a reason.
 */
export function rmaRequestBody(
	orderId: number,
	positions: Array<{ id: number; quantity: number }>,
	reason: string,
): IDataObject {
	const body: IDataObject = {
		orderId,
		positions: positions.map(({ id, quantity }) => ({ id, quantity })),
	};
	if (reason !== '') body.reason = reason;
	return body;
}
