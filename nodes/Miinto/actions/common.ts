import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readCommonMappingOptions } from '../../shared/options';
import { optionsCollection } from '../../shared/properties';
import type { InputValidator } from '../../shared/validation';
import { validator } from '../../shared/validation';
import { NUMERIC_ID } from '../constants';
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

export const transferIdProperty: INodeProperties = {
	displayName: 'Transfer ID',
	name: 'transferId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 123456',
	description: 'The Miinto transfer (order request) ID: `orderId` of a normalized transfer',
};

export const orderIdProperty: INodeProperties = {
	displayName: 'Order ID',
	name: 'orderId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 654321',
	description:
		'The Miinto order ID: `orderId` of a normalized order, or `newOrderId` of an accepted transfer',
};

const NUMERIC = { maxLength: 19, pattern: NUMERIC_ID, patternHint: 'a whole number' };

export function readNumericId(
	ctx: IExecuteFunctions,
	i: number,
	field: { label: string; name: string },
): string {
	return validator(ctx, i).string(field, ctx.getNodeParameter(field.name, i), NUMERIC);
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
