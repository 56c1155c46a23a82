/**
 * Spartoo vocabulary, codes and limits, from Spartoo's marketplace web-service pages
 * (`www.spartoo.{tld}/mp/documentation.php?page=<script>`) and its provisioning XML, as collected in
 * ../shared/docs/zalando-miinto-spartoo.md §3 (source keys S-D1..S-D8, S-C1..S-C4). The derived contract the node and
 * the emulator share is docs/spartoo-api.derived.md ("derived, not official").
 *
 * Every fact no source confirms is marked [unverified] here and nowhere else; the README lists them.
 */
import type { RateLimitPolicy } from '../shared/transport/rateLimiter';

/** The scripts under `{base}/mp/`. */
export const SCRIPTS = {
	exportOrders: 'xml_export_orders.php',
	updateOrder: 'xml_maj_orders.php',
	deliverySlip: 'xml_export_bl.php',
	stock: 'xml_maj_stock.php',
	stockBatch: 'xml_maj_stock_batch.php',
	exportReturns: 'xml_export_returns.php',
	updateReturn: 'xml_maj_returns.php',
} as const;
export type SpartooScript = (typeof SCRIPTS)[keyof typeof SCRIPTS];

/**
 * Site domains seen in Spartoo's pages and clients (S-D1..S-D8, S-C3, S-C4): `https://sws.spartoo.{tld}`. The French
 * pages point at sws.spartoo.com; `fr` is offered because partners look for it [unverified: that sws.spartoo.fr
 * answers].
 */
export const SITES = [
	{ name: 'France / International (spartoo.com)', value: 'com' },
	{ name: 'France (spartoo.fr) [Unverified Host]', value: 'fr' },
	{ name: 'United Kingdom (spartoo.co.uk)', value: 'co.uk' },
	{ name: 'Europe (spartoo.eu)', value: 'eu' },
	{ name: 'Germany (spartoo.de)', value: 'de' },
	{ name: 'Italy (spartoo.it)', value: 'it' },
	{ name: 'Spain (spartoo.es)', value: 'es' },
	{ name: 'Sweden (spartoo.se)', value: 'se' },
	{ name: 'Netherlands (spartoo.net)', value: 'net' },
	{ name: 'Switzerland (spartoo.ch)', value: 'ch' },
	{ name: 'Croatia (spartoo.com.hr)', value: 'com.hr' },
] as const;
export const SITE_VALUES = SITES.map((s) => s.value);

/**
 * Order statuses (provisioning XML `orders_status`, S-C1). 11 waits for the merchant's accept; 2 = accepted (name,
 * address and transporter frozen); 3 shipped; 41 cancelled (Spartoo refunds the buyer); 45 lost; 47 not delivered,
 * back at Spartoo.
 */
export const ORDER_STATUS = {
	preparation: 2,
	shipped: 3,
	verified: 11,
	cancelled: 41,
	lost: 45,
	failedDelivery: 47,
} as const;
export const ORDER_STATUS_NAMES: Record<number, string> = {
	2: 'Preparation in progress',
	3: 'Order Shipped',
	11: 'Order Verified',
	41: 'Cancellation Confirmed',
	45: 'Parcel Lost',
	47: 'Parcel not delivered, returned to Spartoo',
};
export const ORDER_STATUS_IDS = Object.keys(ORDER_STATUS_NAMES).map(Number);

/**
 * The merchant's transitions (S-D1): the status an order must be in for each target status. Cancel: any status but
 * 3 and 41 (and, read strictly, 45 and 47, which come after 3).
 */
export const ORDER_TRANSITIONS: Record<number, readonly number[]> = {
	2: [11],
	3: [2],
	41: [11, 2],
	45: [3],
	47: [3],
};

/**
 * [unverified] 45 (lost) and 47 (failed delivery) appear in `xml_maj_orders`' transition list, but its parameter table
 * names only 2, 3 and 41: whether a merchant may set them is not confirmed. The node offers them with this warning.
 */
export const LOST_AND_FAILED_SETTABLE_UNVERIFIED = true;

/** Return statuses (provisioning XML `returns_status`, S-C1). */
export const RETURN_STATUS = {
	waiting: 2,
	refused: 3,
	accepted: 4,
	paid: 5,
	refund: 7,
} as const;
export const RETURN_STATUS_NAMES: Record<number, string> = {
	2: 'Waiting to be received',
	3: 'Refused',
	4: 'Parcel received / return accepted',
	5: 'Paid',
	7: 'Refund',
};
export const RETURN_STATUS_IDS = Object.keys(RETURN_STATUS_NAMES).map(Number);

/** Merchant transitions of a return (S-D4): accept (4) from 2 or 3, refuse (3) only from 2. */
export const RETURN_TRANSITIONS: Record<number, readonly number[]> = {
	3: [2],
	4: [2, 3],
};

/** The codes of Spartoo's answers (S-D1..S-D7). 1 = OK; negative = an error, except -18 (stock unchanged). */
export const CODES: Record<number, string> = {
	1: 'OK',
	[-1]: 'the partner key is missing',
	[-2]: 'unknown partner: the partner key is wrong (Spartoo seller account, Informations: "Merchant ID for webservices")',
	[-3]: 'the date or the order / return ID is missing',
	[-5]: 'a required parameter (order ID, return ID, status or tracking number) is missing',
	[-6]: 'not found: no such order or return for this partner',
	[-7]: 'status chronology: this status cannot follow the current one',
	[-9]: 'the order or return already has this status',
	[-11]: 'the xml parameter is missing',
	[-12]: 'reference_partenaire (your product reference) is missing',
	[-13]: 'products_size_reference (your size reference) is missing',
	[-14]: 'product or size not found at Spartoo',
	[-15]: 'XML syntax error in the request',
	[-16]: 'Spartoo cannot set this quantity',
	[-18]: 'quantity unchanged (not an error)',
	[-20]: 'size no longer valid: Spartoo forced its stock to 0',
	[-22]: 'the return label file was not received',
	[-23]: 'the return label file was not received',
	[-24]: 'the return label link is too long',
	[-25]: 'the return label link is the same as before',
	[-428]: 'the Spartoo account is deactivated',
	[-429]: 'too many calls in the current one-hour window (hourly quota)',
};

export function codeMeaning(code: number): string {
	return CODES[code] ?? `unknown code ${code}`;
}

/** Codes that mean the credential is at fault. */
export const CREDENTIAL_CODES = new Set([-1, -2, -428]);
/** The hourly quota. */
export const QUOTA_CODE = -429;
/** Stock: unchanged is not an error. */
export const STOCK_UNCHANGED = -18;

/**
 * [unverified] The hourly quota is not published (C25). The node spends at most this many calls an hour per partner key
 * and process unless the credential's "Hourly Call Budget" says otherwise: conservative, so a workflow leaves room for
 * Spartoo's own back office and other tools.
 */
export const DEFAULT_HOURLY_BUDGET = 600;

/** The one budget every call counts against (Spartoo counts calls per partner, not per script). */
export function hourlyPolicy(budget: number): RateLimitPolicy {
	return { window: { limit: budget, seconds: 3600 } };
}

/**
 * [unverified] "The current 1-hour window" is read as clock hours: after a -429 the node waits until the next full
 * hour (UTC; Paris is a whole number of hours off UTC, so the boundary is the same) plus this margin.
 */
export const QUOTA_WINDOW_MARGIN_MS = 5_000;

/**
 * [unverified] The batch stock script's limit per call is not published: the node sends at most this many products in
 * one XML catalogue and splits larger updates.
 */
export const STOCK_BATCH_MAX_PRODUCTS = 500;

/**
 * [unverified] Dates in the order XML (`date_purchased`, `last_modified`, `return_date`) and the `date` parameter of
 * `xml_export_orders` are Europe/Paris wall-clock time: no page says, Spartoo is French.
 */
export const SPARTOO_TIME_ZONE = 'Europe/Paris';

/**
 * [unverified] The order XML carries no currency. The node uses the credential's Currency (default EUR).
 */
export const DEFAULT_CURRENCY = 'EUR';

/**
 * [unverified] `products_final_price` is the line total incl. tax (unit price after reduction x quantity);
 * `products_price_unit_with_reduce` the unit price paid. Prices include tax (French B2C).
 */
export const PRICES_INCLUDE_TAX = true;

/**
 * [unverified] A return concerns exactly one product (S-D3) and carries no quantity: quantity 1.
 */
export const RETURN_QUANTITY = 1;

/**
 * [unverified] `pdf` in `xml_export_bl`'s answer is base64 (it may be a URL: the node downloads an http(s) URL without
 * the key).
 */
export const DELIVERY_SLIP_PDF_IS_BASE64 = true;

/**
 * [unverified] The credential's connection test asks `xml_export_orders` for order 0: a known key gets "not found" or
 * an empty list, an unknown one -2.
 */
export const CONNECTION_TEST_ORDER_ID = '0';

/** Spartoo order and return ids are numbers; the source without anchors (resource locators). */
export const ID_SOURCE = '\\d{1,20}';
export const ID_PATTERN = new RegExp(`^${ID_SOURCE}$`);

/** "From List" of the order and return pickers: the last this many days, this many per page. */
export const LIST_DAYS = 30;
export const LIST_PAGE_SIZE = 50;

/** Koongo's auto-accept threshold default (price attribute x 0.97). */
export const DEFAULT_ACCEPT_THRESHOLD = 0.97;

/**
 * Spartoo's exports need a date (or an id): a first poll or a manual sample, which has no window start, looks back
 * this far. [unverified] [assumption: orders waiting for acceptance and fresh returns are younger than this]
 */
export const FIRST_POLL_LOOKBACK_MS = 30 * 24 * 3_600_000;

/**
 * New Order asks at least this far back, whatever the window: an order turns 11 when Spartoo has verified it, which
 * can be hours after its purchase, and whether the export's `date` filters on the purchase or the last change is
 * [unverified]. Orders waiting for acceptance are a short queue; the trigger's dedup emits each once.
 */
export const NEW_ORDER_QUERY_LOOKBACK_MS = 7 * 24 * 3_600_000;

/**
 * [unverified] Order Changed assumes the order export's `date` selects orders by their last change (`last_modified`):
 * if it selected by purchase date, an old order cancelled today would not be listed.
 */
export const EXPORT_DATE_SELECTS_LAST_CHANGE = true;

/** [unverified] The longest return label link Spartoo takes: -24 ("too long") names no number; 255 is assumed. */
export const LABEL_LINK_MAX_LENGTH = 255;
