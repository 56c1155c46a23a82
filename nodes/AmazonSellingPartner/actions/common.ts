import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readCommonMappingOptions } from '../../shared/options';
import { locatorProperty, readLocator, type LocatorSpec } from '../../shared/locators';
import { InputValidator, type Field } from '../../shared/validation';
import {
	DEFAULT_PII_ACCESS,
	MARKETPLACE_ID_PATTERN,
	ORDER_DATASETS,
	ORDER_ID_REGEX,
	ORDER_TYPES,
	PII_ACCESS_MODES,
	PII_DATASETS,
	RDT_DATA_ELEMENTS,
	SELLER_CENTRAL_ORDER_URL_REGEX,
	type PiiAccess,
} from '../constants';
import { DEFAULT_AMAZON_MAPPING, type AmazonMappingSettings } from '../mapping';
import { AmazonClient, type AmazonOrder, type AmazonOrderItem } from '../transport';
import { regionOfMarketplace } from '../transport/endpoints';

/** One client per node run: one credential read, one rate-limit scope. */
export async function amazonClient(ctx: IExecuteFunctions): Promise<AmazonClient> {
	return await AmazonClient.create(
		ctx,
		ctx.getNodeParameter('requestOptions', 0, {}) as IDataObject,
	);
}

export function validator(ctx: IExecuteFunctions, itemIndex: number): InputValidator {
	return new InputValidator(ctx.getNode(), itemIndex);
}

/** The order picker of every operation on one order; its name stays `orderId` so plain-string values keep working. */
export const ORDER_LOCATOR: LocatorSpec = {
	displayName: 'Order ID',
	name: 'orderId',
	description:
		'The Amazon order: pick one of the orders of the last 30 days, type its Amazon order ID (3-7-7 digits like 902-1106328-1059050, the `orderId` of a normalized order) or paste its Seller Central URL. For an AI agent: the Amazon order ID as text, e.g. 902-1106328-1059050.',
	searchListMethod: 'searchOrders',
	listPlaceholder: 'Select an order...',
	id: {
		regex: ORDER_ID_REGEX,
		hint: 'an Amazon order ID, 3-7-7 digits like 902-1106328-1059050',
		placeholder: '902-1106328-1059050',
	},
	url: {
		regex: SELLER_CENTRAL_ORDER_URL_REGEX,
		hint: 'a Seller Central order URL like https://sellercentral.amazon.de/orders-v3/order/902-1106328-1059050',
		placeholder: 'https://sellercentral.amazon.de/orders-v3/order/902-1106328-1059050',
	},
};

export const orderIdProperty: INodeProperties = locatorProperty(ORDER_LOCATOR);

/** The order ID of an item: from the picker, a typed ID, a Seller Central URL or a plain string; checked before any request. */
export function orderId(ctx: IExecuteFunctions, itemIndex: number): string {
	return readLocator(
		validator(ctx, itemIndex),
		{ label: 'Order ID', name: 'orderId' },
		ctx.getNodeParameter('orderId', itemIndex),
		ORDER_LOCATOR,
	);
}

export const marketplaceIdsOption: INodeProperties = {
	displayName: 'Marketplace IDs',
	name: 'marketplaceIds',
	type: 'string',
	default: '',
	placeholder: 'A1PA6795UKMFR9, A1805IZSGTT6HS',
	description: "Comma-separated marketplace IDs. Empty: the credential's marketplaces.",
};

/**
 * The marketplaces of a call: the typed ones, or the credential's. Each must look like a marketplace ID and, when it
 * is a known one, belong to the credential's region (Amazon serves each marketplace from one regional endpoint).
 */
export function marketplaceIds(
	client: AmazonClient,
	typed: unknown,
	v: InputValidator,
	field = 'marketplaceIds',
	max = 50,
): string[] {
	const label = { label: 'Marketplace IDs', name: field };
	const ids =
		typed === undefined || typed === null || String(typed).trim() === ''
			? client.marketplaceIds
			: v.idList(label, typed, {
					max,
					pattern: MARKETPLACE_ID_PATTERN,
					patternHint: 'Amazon marketplace IDs like A1PA6795UKMFR9',
				});
	if (ids.length === 0) {
		v.fail(
			label,
			typed,
			'marketplace IDs: choose marketplaces in the credential or type them here',
		);
	}
	if (ids.length > max) v.fail(label, ids.join(','), `at most ${max} marketplace IDs`);
	const regions = new Set(ids.map(regionOfMarketplace).filter(Boolean));
	if (regions.size > 1)
		v.fail(
			label,
			ids.join(','),
			'marketplaces of one region (North America, Europe or Far East): use one credential per region',
		);
	return ids;
}

/** Koongo "Order Types": which orders to handle, by who fulfils them. */
export const orderTypesOption: INodeProperties = {
	displayName: 'Order Types',
	name: 'orderTypes',
	type: 'options',
	default: 'all',
	description: 'Which orders to handle, by who fulfils them (Koongo "Order Types")',
	options: [
		{
			name: 'All',
			value: ORDER_TYPES[0],
			description: 'Orders you ship (MFN) and orders Amazon ships (FBA)',
		},
		{ name: 'Fulfilled by Merchant (MFN)', value: ORDER_TYPES[1] },
		{ name: 'Fulfilled by Amazon (FBA)', value: ORDER_TYPES[2] },
	],
};

/** Options that shape the normalized order (Koongo's Amazon order settings) and the PII request. */
export const orderMappingOptions: INodeProperties[] = [
	{
		displayName: 'Include Buyer and Address (PII)',
		name: 'includePii',
		type: 'boolean',
		default: false,
		description:
			'Whether to ask Amazon for buyer and shipping address data (needs the Direct-to-Consumer Delivery (Restricted) role). Off: every order says so in `extra.pii`.',
	},
	{
		displayName: 'PII Authorization',
		name: 'piiAccess',
		type: 'options',
		default: DEFAULT_PII_ACCESS,
		description: 'How buyer and address data are authorized',
		options: [
			{
				name: 'Restricted Data Token',
				value: PII_ACCESS_MODES[0],
				description: 'Get a Restricted Data Token first and send it in place of the access token',
			},
			{
				name: 'Role Only',
				value: PII_ACCESS_MODES[1],
				description: "The access token alone: Amazon's documented way for Orders API v2026-01-01",
			},
		],
	},
	{
		displayName: 'Product Identification',
		name: 'productIdentification',
		type: 'options',
		default: 'sellerSku',
		description:
			'Which Amazon field becomes the `sku` of each line (Koongo "Product Identification Attribute")',
		options: [
			{
				name: 'Seller SKU',
				value: 'sellerSku',
				description: 'The SKU you gave the listing, usually your store SKU',
			},
			{ name: 'ASIN', value: 'asin' },
		],
	},
	{
		displayName: 'SKU Prefix to Crop',
		name: 'skuPrefixPattern',
		type: 'string',
		default: '',
		placeholder: 'AMZ-',
		description:
			"Regular expression removed from the start of each normalized SKU; `merchantReference` and `raw` keep Amazon's",
	},
	{
		displayName: 'SKU Suffix to Crop',
		name: 'skuSuffixPattern',
		type: 'string',
		default: '',
		placeholder: '-FBM',
		description: 'Regular expression removed from the end of each normalized SKU',
	},
	{
		displayName: 'Ignore Amazon Tax',
		name: 'ignoreAmazonTax',
		type: 'boolean',
		default: false,
		description:
			'Whether to leave Amazon\'s tax lines out: `tax` stays empty and is never added to the totals (Koongo "Ignore Amazon Tax")',
	},
	{
		displayName: 'Tax Is Included in Prices',
		name: 'taxIncludedInPrices',
		type: 'options',
		default: 'auto',
		description:
			'Whether Amazon\'s item and shipping amounts already contain tax (Koongo "Tax is included in Prices")',
		options: [
			{
				name: 'Automatic',
				value: 'auto',
				description: 'Yes, except in North America, where Amazon shows prices before sales tax',
			},
			{ name: 'Yes', value: 'yes' },
			{
				name: 'No',
				value: 'no',
				description: 'Tax is added on top of the item and shipping amounts',
			},
		],
	},
	{
		displayName: 'Update Stock for FBA Orders',
		name: 'updateStockForFba',
		type: 'boolean',
		default: false,
		description:
			'Whether orders Amazon fulfils (FBA) should move store stock. Carried on each order as `updateStoreStock`.',
	},
	{
		displayName: 'Include Raw Payload',
		name: 'includeRaw',
		type: 'boolean',
		default: false,
		description: 'Whether to add the Amazon payload as `raw` to each result',
	},
];

export interface OrderReadSettings extends AmazonMappingSettings {
	piiAccess: PiiAccess;
}

/** Reads the mapping options out of an "Options" collection (node or trigger). */
export function mappingSettingsFrom(options: IDataObject, v: InputValidator): OrderReadSettings {
	return {
		...DEFAULT_AMAZON_MAPPING,
		...readCommonMappingOptions(options, v, {
			choices: ['sellerSku', 'asin'],
			fallback: 'sellerSku',
		}),
		ignoreAmazonTax: options.ignoreAmazonTax === true,
		taxIncludedInPrices: v.oneOf(
			{ label: 'Tax Is Included in Prices', name: 'options.taxIncludedInPrices' },
			options.taxIncludedInPrices ?? 'auto',
			['auto', 'yes', 'no'],
		),
		updateStockForFba: options.updateStockForFba === true,
		piiRequested: options.includePii === true,
		piiAccess: v.oneOf(
			{ label: 'PII Authorization', name: 'options.piiAccess' },
			options.piiAccess ?? DEFAULT_PII_ACCESS,
			PII_ACCESS_MODES,
		),
	};
}

export function mappingSettings(ctx: IExecuteFunctions, itemIndex: number): OrderReadSettings {
	return mappingSettingsFrom(
		ctx.getNodeParameter('options', itemIndex, {}) as IDataObject,
		validator(ctx, itemIndex),
	);
}

export function orderDatasets(pii: boolean): string[] {
	return pii ? [...ORDER_DATASETS, ...PII_DATASETS] : [...ORDER_DATASETS];
}

/** The Restricted Data Token for a PII read, when PII is asked for with RDT authorization. */
export async function piiToken(
	client: AmazonClient,
	settings: Pick<OrderReadSettings, 'piiRequested' | 'piiAccess'>,
	path: string,
	itemIndex?: number,
): Promise<string | undefined> {
	if (!settings.piiRequested || settings.piiAccess !== 'restrictedDataToken') return undefined;
	return await client.restrictedDataToken(path, RDT_DATA_ELEMENTS, itemIndex);
}

/** getOrder with the datasets the normalized model needs (and PII when asked for). */
export async function readOrder(
	client: AmazonClient,
	id: string,
	settings: OrderReadSettings,
	itemIndex?: number,
): Promise<AmazonOrder> {
	const rdt = await piiToken(client, settings, '/orders/2026-01-01/orders/{orderId}', itemIndex);
	return await client.getOrder(id, orderDatasets(settings.piiRequested), itemIndex, rdt);
}

/** The order item a JSON entry names by `lineId` (order item ID) or `sku` (Seller SKU); fails naming the choices. */
export function orderItemOf(
	order: AmazonOrder,
	entry: IDataObject,
	v: InputValidator,
	field: Field,
): AmazonOrderItem {
	const lineId = entry.lineId ? String(entry.lineId) : undefined;
	const sku = entry.sku ? String(entry.sku) : undefined;
	const item = order.orderItems.find((candidate) =>
		lineId
			? candidate.orderItemId === lineId
			: sku !== undefined && candidate.product?.sellerSku === sku,
	);
	if (!item) {
		v.fail(
			field,
			entry,
			`items of order ${order.orderId} by lineId (${order.orderItems.map((i) => i.orderItemId).join(', ')}) or Seller SKU`,
		);
	}
	return item;
}

/** Order lines still to ship: ordered minus fulfilled, none for cancelled orders. */
export function openQuantity(order: AmazonOrder, orderItemId: string): number {
	if (order.fulfillment?.fulfillmentStatus === 'CANCELLED') return 0;
	const item = order.orderItems.find((i) => i.orderItemId === orderItemId);
	if (!item || item.cancellation?.cancellationExecution) return 0;
	return Math.max(0, item.quantityOrdered - (item.fulfillment?.quantityFulfilled ?? 0));
}

/** "Wait for Processing" options of every feed-based operation. */
export const feedWaitOptions: INodeProperties[] = [
	{
		displayName: 'Wait for Processing',
		name: 'waitForProcessing',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until Amazon has processed the feed and read its processing report. Off: return the feed ID at once (check it later with Feed > Get).',
	},
	{
		displayName: 'Processing Timeout (Seconds)',
		name: 'processingTimeout',
		type: 'number',
		typeOptions: { minValue: 10, maxValue: 3600 },
		default: 600,
		description: 'How long to wait for the feed; Amazon usually takes a few minutes',
	},
];

export interface FeedWait {
	wait: boolean;
	timeoutMs: number;
}

export function feedWait(options: IDataObject, v: InputValidator): FeedWait {
	const timeout = v.integer(
		{ label: 'Processing Timeout (Seconds)', name: 'options.processingTimeout' },
		options.processingTimeout ?? 600,
		10,
		3600,
	);
	return { wait: options.waitForProcessing !== false, timeoutMs: timeout * 1000 };
}

/** Options of a select field from a list of values. */
export function valueOptions(values: readonly string[]) {
	return values.map((value) => ({ name: value.replace(/([a-z])([A-Z])/g, '$1 $2'), value }));
}
