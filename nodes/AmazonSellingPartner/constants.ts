/**
 * Amazon Selling Partner API vocabulary. Facts from the official models (copies in sandbox/emulators/specs/amazon) are marked [spec];
 * facts from Amazon's documentation [doc]; values no source in this repository confirms are marked [unverified] and
 * each lives in ONE constant here, so correcting it is a one-line change.
 */
import type { CarrierVocabulary } from '../shared/carrier';
import type { RateLimitPolicy } from '../shared/transport';

export type Region = 'na' | 'eu' | 'fe';

export interface Marketplace {
	id: string;
	country: string;
	name: string;
	region: Region;
	currency: string;
}

/** The marketplaces sellers use most, by country [doc: developer-docs.amazon.com/sp-api/docs/marketplace-ids]. */
export const MARKETPLACES: readonly Marketplace[] = [
	{
		id: 'ATVPDKIKX0DER',
		country: 'US',
		name: 'United States (Amazon.com)',
		region: 'na',
		currency: 'USD',
	},
	{
		id: 'A2EUQ1WTGCTBG2',
		country: 'CA',
		name: 'Canada (Amazon.ca)',
		region: 'na',
		currency: 'CAD',
	},
	{
		id: 'A1AM78C64UM0Y8',
		country: 'MX',
		name: 'Mexico (Amazon.com.mx)',
		region: 'na',
		currency: 'MXN',
	},
	{
		id: 'A2Q3Y263D00KWC',
		country: 'BR',
		name: 'Brazil (Amazon.com.br)',
		region: 'na',
		currency: 'BRL',
	},
	{
		id: 'A1PA6795UKMFR9',
		country: 'DE',
		name: 'Germany (Amazon.de)',
		region: 'eu',
		currency: 'EUR',
	},
	{
		id: 'A1805IZSGTT6HS',
		country: 'NL',
		name: 'Netherlands (Amazon.nl)',
		region: 'eu',
		currency: 'EUR',
	},
	{
		id: 'AMEN7PMS3EDWL',
		country: 'BE',
		name: 'Belgium (Amazon.com.be)',
		region: 'eu',
		currency: 'EUR',
	},
	{
		id: 'A13V1IB3VIYZZH',
		country: 'FR',
		name: 'France (Amazon.fr)',
		region: 'eu',
		currency: 'EUR',
	},
	{ id: 'APJ6JRA9NG5V4', country: 'IT', name: 'Italy (Amazon.it)', region: 'eu', currency: 'EUR' },
	{ id: 'A1RKKUPIHCS9HS', country: 'ES', name: 'Spain (Amazon.es)', region: 'eu', currency: 'EUR' },
	{
		id: 'A28R8C7NBKEWEA',
		country: 'IE',
		name: 'Ireland (Amazon.ie)',
		region: 'eu',
		currency: 'EUR',
	},
	{
		id: 'A1F83G8C2ARO7P',
		country: 'GB',
		name: 'United Kingdom (Amazon.co.uk)',
		region: 'eu',
		currency: 'GBP',
	},
	{
		id: 'A2NODRKZP88ZB9',
		country: 'SE',
		name: 'Sweden (Amazon.se)',
		region: 'eu',
		currency: 'SEK',
	},
	{
		id: 'A1C3SOZRARQ6R3',
		country: 'PL',
		name: 'Poland (Amazon.pl)',
		region: 'eu',
		currency: 'PLN',
	},
	{
		id: 'A33AVAJ2PDY3EV',
		country: 'TR',
		name: 'Turkey (Amazon.com.tr)',
		region: 'eu',
		currency: 'TRY',
	},
	{
		id: 'A2VIGQ35RCS4UG',
		country: 'AE',
		name: 'United Arab Emirates (Amazon.ae)',
		region: 'eu',
		currency: 'AED',
	},
	{
		id: 'A17E79C6D8DWNP',
		country: 'SA',
		name: 'Saudi Arabia (Amazon.sa)',
		region: 'eu',
		currency: 'SAR',
	},
	{ id: 'ARBP9OOSHTCHU', country: 'EG', name: 'Egypt (Amazon.eg)', region: 'eu', currency: 'EGP' },
	{ id: 'A21TJRUUN4KGV', country: 'IN', name: 'India (Amazon.in)', region: 'eu', currency: 'INR' },
	{
		id: 'AE08WJ6YKNBMC',
		country: 'ZA',
		name: 'South Africa (Amazon.co.za)',
		region: 'eu',
		currency: 'ZAR',
	},
	{
		id: 'A1VC38T7YXB528',
		country: 'JP',
		name: 'Japan (Amazon.co.jp)',
		region: 'fe',
		currency: 'JPY',
	},
	{
		id: 'A39IBJ37TRP1C6',
		country: 'AU',
		name: 'Australia (Amazon.com.au)',
		region: 'fe',
		currency: 'AUD',
	},
	{
		id: 'A19VAU5U5O7RUS',
		country: 'SG',
		name: 'Singapore (Amazon.sg)',
		region: 'fe',
		currency: 'SGD',
	},
];

export const REGIONS: Record<Region, { name: string; awsRegion: string }> = {
	na: { name: 'North America', awsRegion: 'us-east-1' },
	eu: { name: 'Europe', awsRegion: 'eu-west-1' },
	fe: { name: 'Far East', awsRegion: 'us-west-2' },
};

/** Login with Amazon token endpoint, the same for every region [doc]. */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

/** Production and static-sandbox hosts per region [doc]. */
export function regionalEndpoint(region: Region, sandbox: boolean): string {
	return `https://${sandbox ? 'sandbox.' : ''}sellingpartnerapi-${region}.amazon.com`;
}

/**
 * Amazon's data lags: orders are searchable about two minutes after they change, and `createdBefore` /
 * `lastUpdatedBefore` must be at least two minutes before the request [spec: searchOrders]. 30 s more absorbs clock
 * skew between n8n and Amazon.
 */
export const DATA_LAG_MS = 150_000;

/** searchOrders `maxResultsPerPage` range [spec]. */
export const ORDERS_PAGE_SIZE = 100;

/** Orders API v2026-01-01 `FulfillmentStatus` [spec]. */
export const FULFILLMENT_STATUSES = [
	'PENDING_AVAILABILITY',
	'PENDING',
	'UNSHIPPED',
	'PARTIALLY_SHIPPED',
	'SHIPPED',
	'CANCELLED',
	'UNFULFILLABLE',
] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

/** searchOrders `fulfilledBy` [spec]. Koongo's "Order types". */
export const FULFILLED_BY = ['MERCHANT', 'AMAZON'] as const;

/** Datasets the normalized order needs; BUYER and RECIPIENT (PII) are added only on request [spec: includedData]. */
export const ORDER_DATASETS = ['PROCEEDS', 'FULFILLMENT', 'CANCELLATION', 'PACKAGES'] as const;
export const PII_DATASETS = ['BUYER', 'RECIPIENT'] as const;

/** Restricted Data Token `dataElements` for the PII datasets [spec: tokens_2021-03-01 RestrictedResource]. */
export const RDT_DATA_ELEMENTS = ['buyerInfo', 'shippingAddress'] as const;

/** Feed types [doc]. The order XML feeds were not on the 2025 feed deprecation list. */
export const FEED_TYPES = {
	listings: 'JSON_LISTINGS_FEED',
	orderAcknowledgement: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
	paymentAdjustment: 'POST_PAYMENT_ADJUSTMENT_DATA',
} as const;

export const FEED_CONTENT_TYPES = {
	json: 'application/json; charset=UTF-8',
	xml: 'text/xml; charset=UTF-8',
} as const;

/** Feed and report `processingStatus` [spec: feeds_2021-06-30, reports_2021-06-30]. */
export const PROCESSING_STATUSES = [
	'IN_QUEUE',
	'IN_PROGRESS',
	'DONE',
	'FATAL',
	'CANCELLED',
] as const;
export type ProcessingStatus = (typeof PROCESSING_STATUSES)[number];
export const FINAL_PROCESSING_STATUSES: readonly string[] = ['DONE', 'FATAL', 'CANCELLED'];

/**
 * Feed and report status checks: at least 2 s apart (getFeed and getReport allow 2 per second for all of them), at
 * most 15 s: a finished feed is noticed within 15 s, and an hour-long one costs 240 checks. One pair of limits for
 * the job runner's feeds, Feed > Get's wait and the return report's wait.
 */
export const FEED_POLL_MIN_DELAY_MS = 2000;
export const FEED_POLL_MAX_DELAY_MS = 15_000;

/**
 * `CancelReason` of the OrderAcknowledgement XML feed. [unverified]: the XSD (OrderAcknowledgement.xsd) is not in
 * Amazon's models repository; this list is what third-party integrations send.
 * Correct it here when the XSD is at hand.
 */
export const CANCEL_REASONS = [
	'NoInventory',
	'ShippingAddressUndeliverable',
	'CustomerExchange',
	'BuyerCanceled',
	'GeneralAdjustment',
	'CarrierCreditDecision',
	'RiskAssessmentInformationNotValid',
	'CarrierCoverageFailure',
	'CustomerReturn',
	'MerchandiseNotReceived',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/**
 * `AdjustmentReason` of the OrderAdjustment XML feed (POST_PAYMENT_ADJUSTMENT_DATA). [unverified]: from a third-party
 * class generated from the MWS-era OrderAdjustment.xsd, which is not in Amazon's models repository.
 */
export const ADJUSTMENT_REASONS = [
	'NoInventory',
	'CustomerReturn',
	'GeneralAdjustment',
	'CouldNotShip',
	'DifferentItem',
	'Abandoned',
	'CustomerCancel',
	'PriceError',
	'ProductOutofStock',
	'CustomerAddressIncorrect',
	'Exchange',
	'Other',
	'CarrierCreditDecision',
	'RiskAssessmentInformationNotValid',
	'CarrierCoverageFailure',
	'TransactionRecord',
	'Undeliverable',
	'RefusedDelivery',
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/**
 * `ItemPriceAdjustments/Component/Type` of the OrderAdjustment feed, keyed by the node's field names. [unverified]
 * (same source as ADJUSTMENT_REASONS).
 */
export const ADJUSTMENT_COMPONENTS = {
	principal: 'Principal',
	shipping: 'Shipping',
	tax: 'Tax',
	shippingTax: 'ShippingTax',
	goodwill: 'Goodwill',
} as const;
export type AdjustmentComponent = keyof typeof ADJUSTMENT_COMPONENTS;

/**
 * The returns report: report type and the columns the node reads. [doc: "Returns reports attributes",
 * developer-docs.amazon.com/sp-api/docs/returns-reports-attributes] lists this tab-delimited report of
 * seller-fulfilled returns with these columns and a 60-day maximum range; the report type itself is
 * [unverified]. Correct it here.
 */
export const RETURNS_REPORT = {
	reportType: 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE',
	maxRangeDays: 60,
	columns: {
		orderId: 'Order ID',
		orderDate: 'Order date',
		requestDate: 'Return request date',
		requestStatus: 'Return request status',
		rmaId: 'Amazon RMA ID',
		merchantRmaId: 'Merchant RMA ID',
		labelType: 'Label type',
		labelCost: 'Label cost',
		currency: 'Currency code',
		carrier: 'Return carrier',
		trackingId: 'Tracking ID',
		asin: 'ASIN',
		sku: 'Merchant SKU',
		title: 'Item Name',
		quantity: 'Return quantity',
		reason: 'Return Reason',
		inPolicy: 'In policy',
		returnType: 'Return type',
		resolution: 'Resolution',
		deliveryDate: 'Return delivery date',
		refundedAmount: 'Refunded Amount',
	},
} as const;

/**
 * Carrier codes for confirmShipment. The model types `carrierCode` as a free string [spec]; this is a short list of
 * common codes from Amazon's carrier code list [unverified subset]. The shipment's Carrier becomes a code through the
 * Carrier Mapping (its code is sent as given, so a code outside this list works), these codes (normalized: "royal
 * mail" is Royal Mail) and CARRIER_ALIASES, else the Default Shipping Service (`Other` unless set; `shared/carrier.ts`).
 * An unknown carrier is therefore never refused: with `Other` it is sent as typed in Amazon's free-text
 * `carrierName` (the Carrier Name option, else the Default Order Shipping Method, else the store carrier); `Other`
 * with no name at all fails before any request.
 */
export const CARRIER_CODES = [
	'Amazon Shipping',
	'Australia Post',
	'BRT',
	'Chronopost',
	'Colissimo',
	'Correos',
	'DHL',
	'DHL eCommerce',
	'DPD',
	'Deutsche Post',
	'FedEx',
	'GLS',
	'Hermes',
	'Japan Post',
	'La Poste',
	'Poste Italiane',
	'PostNL',
	'Royal Mail',
	'SEUR',
	'TNT',
	'UPS',
	'USPS',
	'Yamato Transport',
	'Other',
] as const;

/** Store carrier names that map to an Amazon carrier code without configuration (normalized: `shared/carrier.ts`). */
export const CARRIER_ALIASES: Record<string, string> = {
	postnl: 'PostNL',
	dhl: 'DHL',
	dhlparcel: 'DHL',
	dhlexpress: 'DHL',
	dhlecommerce: 'DHL eCommerce',
	deutschepost: 'Deutsche Post',
	dpd: 'DPD',
	gls: 'GLS',
	ups: 'UPS',
	usps: 'USPS',
	fedex: 'FedEx',
	hermes: 'Hermes',
	evri: 'Hermes',
	royalmail: 'Royal Mail',
	tnt: 'TNT',
	colissimo: 'Colissimo',
	laposte: 'La Poste',
	chronopost: 'Chronopost',
	brt: 'BRT',
	seur: 'SEUR',
	correos: 'Correos',
	posteitaliane: 'Poste Italiane',
	amazonshipping: 'Amazon Shipping',
};

/** The Amazon carrier vocabulary, as the shared carrier resolver takes it. */
export const AMAZON_CARRIERS: CarrierVocabulary = {
	codeName: 'Amazon carrier code',
	codes: CARRIER_CODES,
	aliases: CARRIER_ALIASES,
};

/** Fulfilment channel code of merchant-fulfilled stock [spec: listings feed example]. */
export const MERCHANT_CHANNEL = 'DEFAULT';
/** Amazon-fulfilled (FBA) channel codes start with this (AMAZON_NA, AMAZON_EU, AMAZON_JP...). */
export const FBA_CHANNEL_PREFIX = 'AMAZON_';

/** PII access: Restricted Data Token first (as issue #5 asks), or role-based access (what Amazon documents for v2026-01-01). */
export const PII_ACCESS_MODES = ['restrictedDataToken', 'roleBased'] as const;
export type PiiAccess = (typeof PII_ACCESS_MODES)[number];
export const DEFAULT_PII_ACCESS: PiiAccess = 'restrictedDataToken';

/** Stock updates of at most this many SKUs use the Listings Items API, more use one JSON_LISTINGS_FEED. */
export const DEFAULT_FEED_THRESHOLD = 10;
/** JSON_LISTINGS_FEED messages per feed [spec: listings-feed-schema-v2 maxItems]. */
export const MAX_FEED_MESSAGES = 25_000;
/** Messages per XML order feed the node sends in one go. */
export const MAX_ORDER_FEED_MESSAGES = 1000;

/**
 * Documented default usage plans (rate per second, burst) per operation [spec: each operation's "Usage Plan" table].
 * The transport's token buckets start from these and follow `x-amzn-RateLimit-Limit` once Amazon sends it.
 */
/** Paced waits are 5% of a token's refill time longer (at most 1 s), so they never meet Amazon's bucket at its edge. */
export const PACING_MARGIN = 0.05;

const usagePlan = (ratePerSecond: number, burst: number): RateLimitPolicy => ({
	ratePerSecond,
	burst,
	margin: PACING_MARGIN,
});

export const RATE_LIMITS: Record<string, RateLimitPolicy> = {
	'orders:search': usagePlan(0.0056, 20),
	'orders:get': usagePlan(0.5, 30),
	'orders:confirmShipment': usagePlan(2, 10),
	'tokens:rdt': usagePlan(1, 10),
	'listings:get': usagePlan(5, 10),
	'listings:search': usagePlan(5, 5),
	'listings:patch': usagePlan(5, 5),
	'feeds:createDocument': usagePlan(0.5, 15),
	'feeds:create': usagePlan(0.0083, 15),
	'feeds:get': usagePlan(2, 15),
	'feeds:list': usagePlan(0.0222, 10),
	'feeds:getDocument': usagePlan(0.0222, 10),
	'reports:create': usagePlan(0.0167, 15),
	'reports:get': usagePlan(2, 15),
	'reports:getDocument': usagePlan(0.0167, 15),
};

/** Amazon order ids: 3-7-7 digits [spec: confirmShipment orderId]; the source without anchors (resource locators). */
export const ORDER_ID_REGEX = String.raw`\d{3}-\d{7}-\d{7}`;
export const ORDER_ID_PATTERN = {
	maxLength: 19,
	pattern: new RegExp(`^${ORDER_ID_REGEX}$`),
	patternHint: 'Amazon order ID, 3-7-7 digits like 902-1106328-1059050',
};

/**
 * A Seller Central order page, `https://sellercentral.amazon.<tld>/orders-v3/order/<orderId>` (and its sub-pages such
 * as `/confirm-shipment`); the capture group is the order id. [unverified: not in Amazon's developer docs; the
 * `orders-v3/order/<id>` path is what public seller tools link to. Hosts other than sellercentral.amazon.com are
 * derived from the marketplace's domain.]
 */
export const SELLER_CENTRAL_ORDER_URL_REGEX = String.raw`https://sellercentral(?:-[a-z]+)?\.amazon\.[a-z.]{2,10}/orders-v3/order/(${ORDER_ID_REGEX})`;

/** The Seller Central page of an order in a marketplace (amazon.com's when the marketplace is not known). */
export function sellerCentralOrderUrl(orderId: string, marketplaceId?: string): string {
	const marketplace = MARKETPLACES.find((m) => m.id === marketplaceId);
	const domain = /\((amazon\.[a-z.]+)\)/i.exec(marketplace?.name ?? '')?.[1]?.toLowerCase();
	return `https://sellercentral.${domain ?? 'amazon.com'}/orders-v3/order/${encodeURIComponent(orderId)}`;
}

/** "From List" of the order picker: orders created in the last this many days, this many per page. */
export const ORDER_LIST_DAYS = 30;
export const ORDER_LIST_PAGE_SIZE = 50;
/** "From List" of the listing picker: this many listings per searchListingsItems call (Amazon allows 1-20). */
export const LISTING_LIST_PAGE_SIZE = 20;
/** "From List" of the feed picker: this many feeds per getFeeds call (Amazon allows 1-100). */
export const FEED_LIST_PAGE_SIZE = 50;
export const ORDER_ITEM_ID_PATTERN = {
	maxLength: 30,
	pattern: /^\d{1,30}$/,
	patternHint: 'digits only',
};
export const MARKETPLACE_ID_PATTERN = /^[A-Z0-9]{9,16}$/;

export const ORDER_TYPES = ['all', 'merchant', 'amazon'] as const;
export type OrderTypes = (typeof ORDER_TYPES)[number];

export const USER_AGENT = 'n8n-nodes-marketplace-sync/0.1 (Language=TypeScript; Platform=n8n)';

/** A marketplace by its country and site, e.g. "Germany (Amazon.de)"; an unknown ID as itself. */
export function marketplaceName(id: string): string {
	return MARKETPLACES.find((m) => m.id === id)?.name ?? `Marketplace ${id}`;
}
