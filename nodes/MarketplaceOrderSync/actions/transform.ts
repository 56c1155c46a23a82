import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../shared/execute';
import {
	PRICES_INCLUDE_TAX,
	PRODUCT_IDENTIFICATIONS,
	TAX_HANDLINGS,
	transformOrder,
	type TransformSettings,
} from '../rules/transform';
import { optionsCollection } from '../../shared/properties';
import { validator } from '../../shared/validation';
import { REGEX_EXAMPLE, orderOf, show } from './common';

const display = show('transform');

export const description: INodeProperties[] = [
	{
		displayName: 'Product Identification',
		name: 'productIdentification',
		type: 'options',
		default: 'sku',
		description:
			'Which line field becomes the `sku` the store knows the product by (Koongo "Product Identification Attribute")',
		displayOptions: display,
		options: [
			{ name: 'SKU (Keep)', value: 'sku', description: 'Keep the `sku` the marketplace node set' },
			{ name: 'EAN', value: 'ean' },
			{
				name: 'Merchant Reference',
				value: 'merchantReference',
				description: 'Your reference on the offer (Bol offer reference, Amazon seller SKU)',
			},
			{ name: 'Offer ID', value: 'offerId', description: 'The marketplace offer/listing ID' },
		],
	},
	{
		displayName: 'SKU Prefix to Crop',
		name: 'skuPrefixPattern',
		type: 'string',
		default: '',
		placeholder: 'AMZ-|BOL-',
		description:
			'Regular expression removed from the start of each SKU (Koongo "Crop Seller SKU"). Empty: nothing.',
		displayOptions: display,
	},
	{
		displayName: 'SKU Suffix to Crop',
		name: 'skuSuffixPattern',
		type: 'string',
		default: '',
		placeholder: '-(NL|BE)',
		description: 'Regular expression removed from the end of each SKU. Empty: nothing.',
		displayOptions: display,
	},
	{
		displayName: 'Use Billing Address as Shipping Address',
		name: 'useBillingAsShipping',
		type: 'boolean',
		default: false,
		description:
			'Whether to put the billing address into `shippingAddress` when the order has one (Koongo "Use Billing Address For Shipping")',
		displayOptions: display,
	},
	{
		displayName: 'Tax Handling',
		name: 'taxHandling',
		type: 'options',
		default: 'keep',
		displayOptions: display,
		options: [
			{ name: 'Keep as Is', value: 'keep' },
			{
				name: 'Compute Net and Gross Prices',
				value: 'computeNetGross',
				description:
					'Add net and gross unit/line prices and totals, rounded to cents, from a tax rate',
			},
			{
				name: 'Ignore Marketplace Tax',
				value: 'ignoreTax',
				description:
					'Clear the tax amounts of lines and totals so the store computes its own (Koongo "Ignore Amazon Tax")',
			},
		],
	},
	{
		displayName: 'Tax Rate (%)',
		name: 'taxRate',
		type: 'number',
		default: 21,
		typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
		description:
			'The tax rate of the ordered products, e.g. 21 for NL, 19 for DE; an expression can pick it per order',
		displayOptions: { show: { ...display.show, taxHandling: ['computeNetGross'] } },
	},
	{
		displayName: 'Prices Include Tax',
		name: 'pricesIncludeTax',
		type: 'options',
		default: 'fromOrder',
		description:
			'Whether the marketplace prices include tax (Koongo "Tax Is Included In Prices"); also written to `pricesIncludeTax`',
		displayOptions: display,
		options: [
			{
				name: 'As the Order Says',
				value: 'fromOrder',
				description: 'The `pricesIncludeTax` of the order',
			},
			{ name: 'Yes', value: 'yes' },
			{ name: 'No', value: 'no' },
		],
	},
	optionsCollection(display, [
		{
			displayName: 'Keep SKU When Field Is Empty',
			name: 'fallbackToSku',
			type: 'boolean',
			default: true,
			description:
				'Whether a line keeps its current `sku` when the Product Identification field is empty (otherwise `sku` becomes null)',
		},
	]),
];

export function transformSettings(ctx: IExecuteFunctions, i: number): TransformSettings {
	const v = validator(ctx, i);
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const taxHandling = v.oneOf(
		{ label: 'Tax Handling', name: 'taxHandling' },
		ctx.getNodeParameter('taxHandling', i, 'keep'),
		TAX_HANDLINGS,
	);
	return {
		productIdentification: v.oneOf(
			{ label: 'Product Identification', name: 'productIdentification' },
			ctx.getNodeParameter('productIdentification', i, 'sku'),
			PRODUCT_IDENTIFICATIONS,
		),
		fallbackToSku: options.fallbackToSku !== false,
		skuPrefixPattern: v.optionalPattern(
			{ label: 'SKU Prefix to Crop', name: 'skuPrefixPattern' },
			ctx.getNodeParameter('skuPrefixPattern', i, ''),
			REGEX_EXAMPLE,
		),
		skuSuffixPattern: v.optionalPattern(
			{ label: 'SKU Suffix to Crop', name: 'skuSuffixPattern' },
			ctx.getNodeParameter('skuSuffixPattern', i, ''),
			REGEX_EXAMPLE,
		),
		useBillingAsShipping: ctx.getNodeParameter('useBillingAsShipping', i, false) === true,
		taxHandling,
		taxRate:
			taxHandling === 'computeNetGross'
				? v.number(
						{ label: 'Tax Rate (%)', name: 'taxRate' },
						ctx.getNodeParameter('taxRate', i, 21),
						0,
						100,
					)
				: 0,
		pricesIncludeTax: v.oneOf(
			{ label: 'Prices Include Tax', name: 'pricesIncludeTax' },
			ctx.getNodeParameter('pricesIncludeTax', i, 'fromOrder'),
			PRICES_INCLUDE_TAX,
		),
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output = await runPerItem.call(this, async (i) => {
		const settings = transformSettings(this, i);
		const order = orderOf(validator(this, i), items[i].json);
		return transformOrder(order, settings) as unknown as IDataObject;
	});
	return [output];
}
