/** Bol.com vocabulary, from the official Retailer API v10 / Offers API v11 specs (copies in sandbox/emulators/specs/bol). */
import type { CarrierVocabulary } from '../shared/carrier';

export const CANCELLATION_REASONS = [
	'OUT_OF_STOCK',
	'REQUESTED_BY_CUSTOMER',
	'BAD_CONDITION',
	'HIGHER_SHIPCOST',
	'INCORRECT_PRICE',
	'NOT_AVAIL_IN_TIME',
	'NO_BOL_GUARANTEE',
	'ORDERED_TWICE',
	'RETAIN_ITEM',
	'TECH_ISSUE',
	'UNFINDABLE_ITEM',
	'OTHER',
] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

/** `PUT /retailer/returns/{rma-id}` handling results. */
export const HANDLING_RESULTS = [
	'RETURN_RECEIVED',
	'EXCHANGE_PRODUCT',
	'RETURN_DOES_NOT_MEET_CONDITIONS',
	'REPAIR_PRODUCT',
	'CUSTOMER_KEEPS_PRODUCT_PAID',
	'STILL_APPROVED',
] as const;
export type HandlingResult = (typeof HANDLING_RESULTS)[number];

/** `POST /retailer/returns` takes the same list without STILL_APPROVED. */
export const CREATE_RETURN_HANDLING_RESULTS = HANDLING_RESULTS.filter(
	(r) => r !== 'STILL_APPROVED',
);

/** Handling results after which bol refunds the customer (Koongo's table, bol docs). */
export const REFUNDING_HANDLING_RESULTS: readonly string[] = ['RETURN_RECEIVED', 'STILL_APPROVED'];

export const HANDLING_RESULT_LABELS: Record<HandlingResult, string> = {
	RETURN_RECEIVED: 'Return Received (Bol Refunds the Customer)',
	EXCHANGE_PRODUCT: 'Product Exchanged',
	RETURN_DOES_NOT_MEET_CONDITIONS: 'Returned Product Does Not Meet Conditions',
	REPAIR_PRODUCT: 'Product Repaired',
	CUSTOMER_KEEPS_PRODUCT_PAID: 'Customer Keeps Product Paid',
	STILL_APPROVED: 'Still Approved (Bol Refunds the Customer)',
};

/**
 * Transporter codes. The v10 spec types `transporterCode` as a free string; this list is the one third-party clients
 * use [unverified: third-party clients, not bol's own documentation]. The shipment's Carrier becomes one of these codes
 * through the Carrier Mapping, the codes themselves (case, spaces, dashes, underscores and dots ignored: "dpd nl" is
 * DPD-NL) and BUILT_IN_CARRIER_ALIASES, else the Default Transporter (`shared/carrier.ts`). A carrier that is none of
 * these, with no Default Transporter, fails the item before any request, naming the Carrier field and listing these
 * codes: a typo never reaches bol. A Carrier Mapping row's transporter code is sent as given, so a new bol code works
 * without a release by mapping a store carrier to it (add it here too).
 */
export const TRANSPORTERS = [
	'BRIEFPOST',
	'UPS',
	'TNT',
	'TNT-EXTRA',
	'TNT_BRIEF',
	'TNT-EXPRESS',
	'DYL',
	'DPD-NL',
	'DPD-BE',
	'BPOST_BE',
	'BPOST_BRIEF',
	'DHLFORYOU',
	'GLS',
	'FEDEX_NL',
	'FEDEX_BE',
	'OTHER',
	'DHL',
	'DHL_DE',
	'DHL-GLOBAL-MAIL',
	'TSN',
	'FIEGE',
	'TRANSMISSION',
	'PARCEL-NL',
	'LOGOIX',
	'PACKS',
] as const;

/** Store carrier names that map to a bol transporter without configuration (normalized: see `shared/carrier.ts`). */
export const BUILT_IN_CARRIER_ALIASES: Record<string, string> = {
	postnl: 'TNT',
	tnt: 'TNT',
	dhl: 'DHL',
	dhlparcel: 'DHL',
	dhlde: 'DHL_DE',
	dhlforyou: 'DHLFORYOU',
	dpd: 'DPD-NL',
	dpdnl: 'DPD-NL',
	dpdbe: 'DPD-BE',
	ups: 'UPS',
	gls: 'GLS',
	bpost: 'BPOST_BE',
	fedex: 'FEDEX_NL',
	briefpost: 'BRIEFPOST',
};

/** The bol carrier vocabulary, as the shared carrier resolver takes it. */
export const BOL_CARRIERS: CarrierVocabulary = {
	codeName: 'bol transporter code',
	codes: TRANSPORTERS,
	aliases: BUILT_IN_CARRIER_ALIASES,
};

export const PROCESS_EVENT_TYPES = [
	'CREATE_SHIPMENT',
	'CANCEL_ORDER',
	'CHANGE_TRANSPORT',
	'HANDLE_RETURN_ITEM',
	'CREATE_RETURN_ITEM',
	'UPDATE_OFFER_STOCK',
	'CREATE_SHIPPING_LABEL',
] as const;

/** The kinds of label bol sells (VVB, "Verzenden via bol"): a parcel, a mailbox parcel with or without delivery scan. */
export const LABEL_TYPES = ['PARCEL', 'MAILBOX', 'MAILBOX_LIGHT'] as const;
export type LabelType = (typeof LABEL_TYPES)[number];

/**
 * [unverified] How bol names a shipping-label purchase in its process statuses, the one place the package relies on
 * it (Shipping Label > Create):
 * - `POST /retailer/shipping-labels` answers a PENDING `CREATE_SHIPPING_LABEL` process status; once it is SUCCESS its
 *   `entityId` is the new label's id (bol's guide: the finished process names the label);
 * - `GET /shared/process-status?entity-id=<order item id>&event-type=CREATE_SHIPPING_LABEL` lists the label purchases
 *   of that order item, also after they finished and name the label. The spec says only that an entity id "can be an
 *   order item id"; that a finished label process is still found by its order item is not documented.
 * Create asks that look-up before it buys, so that a lost answer followed by Retry On Fail or a re-run waits for the
 * label bought before (or takes it over) instead of buying a second one. If bol does not list finished purchases by
 * order item, the look-up still finds a purchase bol is processing (a few seconds), not one it finished: the README
 * says so.
 */
export const SHIPPING_LABEL_PROCESS = {
	eventType: 'CREATE_SHIPPING_LABEL',
	/** A finished purchase names the label, not the order item it was looked up by (the first point above). */
	entityBecomesResult: true,
	/** The label id a process status names: its entityId once it is SUCCESS. */
	labelId: (status: { status: string; entityId?: string | null }): string | null =>
		status.status === 'SUCCESS' && status.entityId ? String(status.entityId) : null,
} as const;

export const ORDER_TYPES = ['fbrAndFbb', 'fbrOnly', 'fbbOnly', 'skipFbbOrVvb'] as const;
export type OrderTypes = (typeof ORDER_TYPES)[number];

/** The Retailer API's fixed page size for orders, returns and shipments. */
export const BOL_PAGE_SIZE = 50;
/** Offers API v11 maximum page size. */
export const OFFERS_PAGE_SIZE = 100;
/** Stock amount range accepted by bol. */
export const MAX_STOCK = 999;
