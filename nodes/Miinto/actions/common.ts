import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locatorProperty, readLocator, type LocatorSpec } from '../../shared/locators';
import { readCommonMappingOptions } from '../../shared/options';
import { optionsCollection } from '../../shared/properties';
import type { InputValidator } from '../../shared/validation';
import { validator } from '../../shared/validation';
import {
	DEFAULT_MIINTO_MAPPING,
	PRODUCT_IDENTIFICATIONS,
	type MiintoMappingSettings,
} from '../mapping';
import { MiintoClient } from '../transport';

export { optionsCollection, validator };
export { show } from '../../shared/router';

/** One client per node run: one credential read, one channel, one rate-limit scope. */
export async function miintoClient(ctx: IExecuteFunctions): Promise<MiintoClient> {
	return await MiintoClient.create(
		ctx,
		ctx.getNodeParameter('requestOptions', 0, {}) as IDataObject,
	);
}

export const shopIdProperty: INodeProperties = {
	displayName: 'Shop Name or ID',
	name: 'shopId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getShops' },
	required: true,
	default: '',
	description:
		'The Miinto shop (unified location ID, e.g. 1-m!i!s-045-1234) among those your channel may act for. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** A unified location id goes into the path: no slash, query or space. */
const SHOP_ID = {
	maxLength: 100,
	pattern: /^[^/?#\s]+$/,
	patternHint: 'a unified location ID such as 1-m!i!s-045-1234',
};

export function readShopId(ctx: IExecuteFunctions, i: number): string {
	return checkShopId(validator(ctx, i), ctx.getNodeParameter('shopId', i));
}

/** The Shop parameter checked (node and trigger). */
export function checkShopId(v: InputValidator, value: unknown): string {
	return v.string({ label: 'Shop Name or ID', name: 'shopId' }, value, SHOP_ID);
}

/** Miinto's transfer, order and RMA ids are whole numbers; the source without anchors. */
const NUMERIC_SOURCE = '\\d{1,19}';

/**
 * A picker of one shop's records (the Shop is chosen first; the list is that shop's); its name stays the plain-string
 * parameter's so older workflows and expressions keep working. No "By URL": Miinto documents no partner-portal URLs.
 */
function numericLocator(
	displayName: string,
	name: string,
	searchListMethod: string,
	description: string,
	example: string,
): LocatorSpec {
	return {
		displayName,
		name,
		description: `${description} For an AI agent: the ID as digits, e.g. ${example}.`,
		searchListMethod,
		listPlaceholder: `Select ${/^[AEIOU]/.test(displayName) ? 'an' : 'a'} ${displayName.replace(/ ID$/, '').toLowerCase()}...`,
		id: {
			regex: NUMERIC_SOURCE,
			hint: `a Miinto ${displayName}, a whole number`,
			placeholder: example,
		},
	};
}

export const TRANSFER_LOCATOR = numericLocator(
	'Transfer ID',
	'transferId',
	'searchTransfers',
	"The Miinto transfer (order request): pick one of the shop's pending transfers, newest first (type to filter by ID), or type its ID (`orderId` of a normalized transfer).",
	'123456',
);

export const ORDER_LOCATOR = numericLocator(
	'Order ID',
	'orderId',
	'searchOrders',
	"The Miinto order: pick one of the shop's orders, newest first (type to filter by ID or customer), or type its ID (`orderId` of a normalized order, or `newOrderId` of an accepted transfer).",
	'654321',
);

export const RMA_LOCATOR = numericLocator(
	'RMA ID',
	'rmaId',
	'searchReturns',
	"The Miinto RMA (return): pick one of the shop's RMAs, newest first (type to filter by RMA or order ID), or type its ID (`returnId` of a normalized return).",
	'7788',
);

export const transferIdProperty: INodeProperties = locatorProperty(TRANSFER_LOCATOR);
export const orderIdProperty: INodeProperties = locatorProperty(ORDER_LOCATOR);

const LOCATORS: Record<string, LocatorSpec> = {
	transferId: TRANSFER_LOCATOR,
	orderId: ORDER_LOCATOR,
	rmaId: RMA_LOCATOR,
};

/** A transfer, order or RMA ID: from the picker, typed, or a plain string; checked before any request. */
export function readNumericId(
	ctx: IExecuteFunctions,
	i: number,
	field: { label: string; name: 'transferId' | 'orderId' | 'rmaId' },
): string {
	return readLocator(
		validator(ctx, i),
		field,
		ctx.getNodeParameter(field.name, i),
		LOCATORS[field.name],
	);
}

/** Options that shape the normalized order (Koongo's Miinto order settings). */
export const orderMappingOptions: INodeProperties[] = [
	{
		displayName: 'Include Raw Payload',
		name: 'includeRaw',
		type: 'boolean',
		default: false,
		description: 'Whether to add the Miinto payload as `raw` to each result',
	},
	{
		displayName: 'Product Identification',
		name: 'productIdentification',
		type: 'options',
		default: 'gtin',
		description:
			'Which item field becomes the `sku` of each line (Koongo "Product Identification Attribute")',
		options: [
			{ name: 'GTIN', value: 'gtin', description: 'The GTIN / EAN of the item' },
			{ name: 'Miinto Item ID', value: 'miintoItemId' },
			{
				name: 'Your Product ID',
				value: 'productId',
				description: 'The product ID you gave the item in your Miinto feed',
			},
		],
	},
	{
		displayName: 'SKU Prefix to Crop',
		name: 'skuPrefixPattern',
		type: 'string',
		default: '',
		placeholder: 'MII-',
		description: 'Regular expression removed from the start of each SKU',
	},
	{
		displayName: 'SKU Suffix to Crop',
		name: 'skuSuffixPattern',
		type: 'string',
		default: '',
		placeholder: '-DK',
		description: 'Regular expression removed from the end of each SKU',
	},
	{
		displayName: 'Use Billing Address for Shipping',
		name: 'billingAsShipping',
		type: 'boolean',
		default: false,
		description:
			'Whether the billing address becomes the shipping address (Koongo "Use Billing Address For Shipping")',
	},
];

export function mappingSettings(ctx: IExecuteFunctions, i: number): MiintoMappingSettings {
	return mappingSettingsFrom(
		ctx.getNodeParameter('options', i, {}) as IDataObject,
		validator(ctx, i),
	);
}

export function mappingSettingsFrom(
	options: IDataObject,
	v: InputValidator,
): MiintoMappingSettings {
	return {
		...DEFAULT_MIINTO_MAPPING,
		...readCommonMappingOptions(options, v, {
			choices: PRODUCT_IDENTIFICATIONS,
			fallback: 'gtin',
			examples: { prefix: 'MII-', suffix: '-DK' },
		}),
		billingAsShipping: options.billingAsShipping === true,
	};
}
