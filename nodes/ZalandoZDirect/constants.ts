/**
 * Zalando zDirect vocabulary and limits, from Zalando's Orders, Stocks and Sales Channels OpenAPI specs (copies in
 * sandbox/emulators/specs/zalando) and the zDirect documentation (../shared/docs/zalando-miinto-spartoo.md §1).
 * Every fact no source confirms is marked [unverified] here and nowhere else; the README lists them.
 */
import type { RateLimitPolicy } from '../shared/transport';

/** JSON:API media type of the Orders API (orders, items, lines, announced returns). */
export const JSON_API = 'application/vnd.api+json';

/** `order_type`: who fulfils the order. Koongo calls them FBR (partner) and FBZ (Zalando). */
export const ORDER_TYPES = ['PartnerFulfilled', 'ZalandoFulfilled'] as const;
export type ZalandoOrderType = (typeof ORDER_TYPES)[number];

/** Koongo "Order Types" option values. */
export const ORDER_TYPE_CHOICES = ['fbr', 'fbz', 'both'] as const;
export type OrderTypeChoice = (typeof ORDER_TYPE_CHOICES)[number];

/** Order `status` (read-only, set by Zalando). The API and Zalando's own clients send `Approved` capitalised. */
export const ORDER_STATUSES = ['initial', 'approved', 'fulfilled'] as const;
export type ZalandoOrderStatus = (typeof ORDER_STATUSES)[number];

export const LINE_STATUSES = ['initial', 'reserved', 'shipped', 'returned', 'canceled'] as const;
export type ZalandoLineStatus = (typeof LINE_STATUSES)[number];

/** Line states from which the partner may cancel, reserve or ship. [unverified: the reserved -> canceled edge] */
export const CANCELLABLE_LINE_STATUSES: readonly ZalandoLineStatus[] = ['initial', 'reserved'];
export const SHIPPABLE_LINE_STATUSES: readonly ZalandoLineStatus[] = ['initial', 'reserved'];

/**
 * The EAN of an order item. [unverified] The spec calls `external_id` "the merchant's product identifier"; integrators
 * and Zalando's stock API key products by EAN, so an `external_id` of 8 or 12 to 14 digits is taken as the EAN.
 */
export function eanFromExternalId(externalId: string | null): string | null {
	return externalId !== null && /^(\d{8}|\d{12,14})$/.test(externalId) ? externalId : null;
}

/**
 * Return reason codes of a line PATCHed to `returned` (an int32 `reason`); 7 and 8 are not listed by Zalando.
 * Koongo's "Order Return Reason" is the default of Return > Handle.
 */
export const RETURN_REASONS = {
	0: 'UNKNOWN_CAUSE',
	1: 'DISLIKE',
	2: 'SIZE_BIG',
	3: 'SIZE_SMALL',
	4: 'VALUE_FOR_MONEY',
	5: 'DELIVERY_TOO_LATE',
	6: 'NOT_LIKE_IMAGINED',
	9: 'ARTICLE_WRONG',
	10: 'DEFECTIVE',
} as const;
export const RETURN_REASON_CODES = Object.keys(RETURN_REASONS).map(Number);

/**
 * Zalando processes calls less than about 5 s apart possibly out of order: the tracking PATCH of an order and the
 * PATCHes of its lines to `shipped` are kept at least this far apart.
 */
export const TRACKING_TO_LINES_DELAY_MS = 5_000;

/**
 * Calls of a shipment batch in flight at once (an order's read and tracking, or its lines; one order's lines stay in
 * order). Zalando publishes per-minute limits only (2,000 order PATCHes a minute), which the transport's rate limiter
 * keeps with any number in flight; 4 keeps one slow answer from holding the batch up without crowding the API.
 */
export const SHIPMENT_CALLS_IN_FLIGHT = 4;

/** Orders per page: the API's default is 50, its maximum 1000. */
export const ORDERS_PAGE_SIZE = 1000;
/** "From List" of the order picker: orders per page (one call each). */
export const ORDER_LIST_PAGE_SIZE = 50;
/** Announced returns per page: 1..1000, default 50. */
export const RETURNS_PAGE_SIZE = 1000;

/** Stock updates: 1..1000 items per request, at most 2000 items and 60 requests a minute (both apply). */
export const STOCK_BATCH_SIZE = 1000;
export const STOCK_ITEMS_PER_MINUTE = 2000;
export const STOCK_REQUESTS_PER_MINUTE = 60;
/** The item units one stock request costs at least: the request limit expressed in items (2000 / 60). */
export const STOCK_MIN_REQUEST_COST = STOCK_ITEMS_PER_MINUTE / STOCK_REQUESTS_PER_MINUTE;

/** Stock result codes (207 response): 0 success, 101 validation failed, 102 internal error, 104 pending onboarding. */
export const STOCK_RESULT_CODES: Readonly<Record<number, string>> = {
	0: 'success',
	101: 'validation failed',
	102: 'internal error',
	104: 'pending onboarding',
};

/** The export deadline: 3 h after approval (one documentation version says after creation: C7). */
export const EXPORT_DEADLINE_MS = 3 * 60 * 60 * 1000;
/** Every line must be shipped or cancelled within 7 days of the order's creation. */
export const FULFIL_DEADLINE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Shipments API (split parcels): a pilot Zalando enables per partner on request to the integration manager; an order
 * is fulfilled either with line PATCHes or with shipments, never both (doc §1.7, C6). Every order has an initial
 * shipment holding all its lines; a created shipment takes the lines it names out of the others. Weight is required,
 * in grams.
 */
export const SHIPMENT_WEIGHT_UNIT = 'g';
/** Largest parcel weight the node accepts, in grams (the spec's int32 allows more; 1000 kg is no parcel). */
export const MAX_PARCEL_WEIGHT_G = 1_000_000;
/** Most parcels one Shipment > Create item may carry. */
export const MAX_PARCELS = 50;
/**
 * [unverified] How Zalando refuses the Shipments API to a partner outside the pilot: a 403 is assumed (the spec's
 * "not allowed"), recognised by a message that names the pilot or says it is not enabled. A 403 on listing an order's
 * shipments is taken as the pilot refusal whatever its text, since the call only reads.
 */
export const SHIPMENTS_PILOT_REFUSAL = /pilot|not enabled/i;
/*
 * [unverified] That a shipment PATCHed to `shipped` sets its lines to `shipped` (Zalando's page was truncated there):
 * after shipping parcels the node reads the order back and reports each line's status as Zalando shows it.
 */

/**
 * [unverified] How the node tells that an order was shipped with the line process: a shipped or returned line that no
 * shipment created through the Shipments API holds (the line process leaves every line in the initial shipment, the
 * oldest one). Such an order is not split into parcels: the two processes are never mixed. Returns those lines.
 */
export function linesShippedLineByLine(
	lines: ReadonlyArray<{ orderLineId: string; status: ZalandoLineStatus }>,
	shipments: ReadonlyArray<{
		shipment_id: string;
		created_at?: string;
		order_lines?: Array<{ order_line_id: string }>;
	}>,
): string[] {
	const oldest = [...shipments].sort((a, b) =>
		String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')),
	)[0];
	const inParcels = new Set(
		shipments
			.filter((s) => s !== oldest)
			.flatMap((s) => (s.order_lines ?? []).map((l) => l.order_line_id)),
	);
	return lines
		.filter(
			(l) => (l.status === 'shipped' || l.status === 'returned') && !inParcels.has(l.orderLineId),
		)
		.map((l) => l.orderLineId);
}

/**
 * Shipping documents (ZSS): the list endpoint is documented; the PDF download path is not. [unverified] Zalando's docs
 * show no download URL; this is the path integrators assume (`GET /zss/shipping-documents/{id}`, Accept PDF).
 */
export const ZSS_DOCUMENTS_PATH = '/zss/shipping-documents';
export const ZSS_DOWNLOAD_PATH = (documentId: string) =>
	`/zss/shipping-documents/${encodeURIComponent(documentId)}`;

/**
 * Documented limits per minute (production), as sliding windows: the whole minute's budget may go at once, never more
 * than the limit within any minute (Zalando does not say whether it counts in fixed or sliding windows). Tokens: 8 a
 * minute (1 in the sandbox), fetched by the credential, not paced here. Stocks: one bucket counted in items, each
 * request at least STOCK_MIN_REQUEST_COST, so both the 2000 items and the 60 requests a minute hold. PATCHes of orders
 * and lines share Zalando's one PATCH budget, so they share one bucket here.
 */
const perMinute = (limit: number): RateLimitPolicy => ({ window: { limit, seconds: 60 } });
export const ZALANDO_RATE_LIMITS: Record<string, RateLimitPolicy> = {
	'orders:list': perMinute(40),
	'orders:get': perMinute(2000),
	patch: perMinute(2000),
	'returns:list': perMinute(2000),
	'auth:me': perMinute(2000),
	'salesChannels:list': perMinute(2000),
	'zss:documents': perMinute(400),
	// Shipments API reads and creates: "everything else" (2000 a minute); its PATCHes share the PATCH bucket
	shipments: perMinute(2000),
	'stocks:update': perMinute(STOCK_ITEMS_PER_MINUTE),
};
