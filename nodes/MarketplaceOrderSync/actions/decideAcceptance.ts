import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import {
	DEFAULT_ACCEPTANCE,
	LINE_KEYS,
	MISSING_PRICE_ACTIONS,
	MISSING_PRODUCT_ACTIONS,
	PRICE_ATTRIBUTES,
	autoAcceptProperties,
	decideAcceptance,
	lookupFrom,
	type AcceptanceSettings,
	type StoreData,
} from '../rules/acceptance';
import { optionsCollection } from '../../shared/properties';
import { validator, type InputValidator } from '../../shared/validation';
import { jsonValue, orderOf, runRouted, show } from './common';

const display = show('decideAcceptance');
const lookupDisplay = { show: { ...display.show, storeDataSource: ['lookup'] } };

const lineKeyOptions = [
	{ name: 'SKU', value: 'sku', description: 'The `sku` of each line' },
	{ name: 'EAN', value: 'ean' },
	{ name: 'Offer ID', value: 'offerId', description: 'The marketplace offer/listing ID' },
	{
		name: 'Merchant Reference',
		value: 'merchantReference',
		description: 'Your reference on the offer, before cropping',
	},
];

const words = {
	unit: 'line',
	price: 'its unit price',
	example: '{"SKU-1": {"stock": 4, "finalPrice": 19.99, "originalPrice": 24.99}}',
	matchBy: {
		displayName: 'Match Lines By',
		description: 'Which line field is the product key in Store Products',
		options: lineKeyOptions,
	},
};
/** Store Products and its key show for the lookup source only; the price settings for every source. */
const lookup = autoAcceptProperties({ ...words, displayOptions: lookupDisplay });
const compare = autoAcceptProperties({ ...words, displayOptions: display });

export const description: INodeProperties[] = [
	{
		displayName: 'Store Data Source',
		name: 'storeDataSource',
		type: 'options',
		default: 'lookup',
		description: 'Where the store stock and prices of the ordered products come from',
		displayOptions: display,
		options: [
			{
				name: 'Lookup Object or Array',
				value: 'lookup',
				description:
					'One object or array with the store data of the products, found by a line field (SKU, EAN, ...)',
			},
			{
				name: 'One Entry per Line',
				value: 'perLine',
				description:
					'An array with one entry per order line, in the order of `lines`, mapped by expression',
			},
		],
	},
	lookup.storeProducts,
	lookup.matchBy,
	{
		displayName: 'Line Store Data',
		name: 'lineValues',
		type: 'json',
		default: '={{ $json.storeLines }}',
		description:
			'An array with one entry per order line (same order as `lines`), each like {"stock": 4, "finalPrice": 19.99}: an expression that maps every line to the store data of its product',
		displayOptions: { show: { ...display.show, storeDataSource: ['perLine'] } },
	},
	compare.priceAttribute,
	compare.threshold,
	optionsCollection(display, [
		{
			displayName: 'Exported Price Field',
			name: 'exportedPriceField',
			type: 'string',
			default: 'exportedPrice',
			description:
				'Field (dot path) of the last price exported to the marketplace in a store entry',
		},
		{
			displayName: 'Fall Back to Other Price',
			name: 'fallbackToOtherPrice',
			type: 'boolean',
			default: false,
			description:
				'Whether to compare with the other price attribute when the chosen one is missing',
		},
		{
			displayName: 'Final Price Field',
			name: 'finalPriceField',
			type: 'string',
			default: 'finalPrice',
			description: 'Field (dot path) of the final price incl. tax in a store entry.',
		},
		{
			displayName: 'Lookup Key Field',
			name: 'lookupKeyField',
			type: 'string',
			default: '',
			placeholder: 'sku',
			description:
				'When Store Products is an array: the field (dot path) of each entry that holds the product key. Empty: the Match Lines By field name.',
		},
		{
			displayName: 'Net Price Tax Rate (%)',
			name: 'netPriceTaxRate',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0, maxValue: 100 },
			description:
				'For orders whose prices exclude tax (`pricesIncludeTax` false): the tax rate added to line prices before they are compared with the store prices incl. tax. 0: compare as they are.',
		},
		{
			displayName: 'Original Price Field',
			name: 'originalPriceField',
			type: 'string',
			default: 'originalPrice',
			description: 'Field (dot path) of the original price incl. tax in a store entry.',
		},
		{
			displayName: 'Prefer Last Exported Price',
			name: 'preferExportedPrice',
			type: 'boolean',
			default: false,
			description:
				"Whether to compare with the last price exported to the marketplace when the store entry has one, and with the price attribute otherwise (Koongo's Miinto rule)",
		},
		{
			displayName: 'Stock Field',
			name: 'stockField',
			type: 'string',
			default: 'stock',
			description: 'Field (dot path) of the stock quantity in a store entry',
		},
		{
			displayName: 'When Price Is Missing',
			name: 'onMissingPrice',
			type: 'options',
			default: 'decline',
			description: 'What to do when the store has no reference price or the line has no price',
			options: [
				{ name: 'Decline the Order', value: 'decline' },
				{
					name: 'Check Stock Only',
					value: 'skipPriceCheck',
					description: 'Accept the line on stock alone',
				},
				{ name: 'Fail the Item', value: 'error' },
			],
		},
		{
			displayName: 'When Product Is Missing',
			name: 'onMissingProduct',
			type: 'options',
			default: 'decline',
			description: "What to do when a line's product (or its stock) is not in the store data",
			options: [
				{ name: 'Decline the Order', value: 'decline' },
				{
					name: 'Ignore the Line',
					value: 'ignoreLine',
					description: 'Decide on the other lines; an order with no line left is declined',
				},
				{ name: 'Fail the Item', value: 'error' },
			],
		},
	]),
];

function fieldPath(
	v: InputValidator,
	options: IDataObject,
	name: keyof AcceptanceSettings['fields'],
	label: string,
): string {
	const option = `${name}Field`;
	if (options[option] === undefined) return DEFAULT_ACCEPTANCE.fields[name];
	return v.string({ label, name: `options.${option}` }, options[option], { maxLength: 200 });
}

export function acceptanceSettings(
	ctx: IExecuteFunctions,
	i: number,
	v: InputValidator,
): AcceptanceSettings {
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const source = ctx.getNodeParameter('storeDataSource', i, 'lookup');
	return {
		threshold: v.number(
			{ label: 'Price Threshold', name: 'threshold' },
			ctx.getNodeParameter('threshold', i, 0.97),
			0,
			10,
		),
		priceAttribute: v.oneOf(
			{ label: 'Price Attribute', name: 'priceAttribute' },
			ctx.getNodeParameter('priceAttribute', i, 'finalPrice'),
			PRICE_ATTRIBUTES,
		),
		matchBy:
			source === 'lookup'
				? v.oneOf(
						{ label: 'Match Lines By', name: 'matchBy' },
						ctx.getNodeParameter('matchBy', i, 'sku'),
						LINE_KEYS,
					)
				: 'sku',
		fallbackToOtherPrice: options.fallbackToOtherPrice === true,
		preferExportedPrice: options.preferExportedPrice === true,
		onMissingProduct: v.oneOf(
			{ label: 'When Product Is Missing', name: 'options.onMissingProduct' },
			options.onMissingProduct ?? 'decline',
			MISSING_PRODUCT_ACTIONS,
		),
		onMissingPrice: v.oneOf(
			{ label: 'When Price Is Missing', name: 'options.onMissingPrice' },
			options.onMissingPrice ?? 'decline',
			MISSING_PRICE_ACTIONS,
		),
		netPriceTaxRate: v.number(
			{ label: 'Net Price Tax Rate (%)', name: 'options.netPriceTaxRate' },
			options.netPriceTaxRate ?? 0,
			0,
			100,
		),
		fields: {
			stock: fieldPath(v, options, 'stock', 'Stock Field'),
			finalPrice: fieldPath(v, options, 'finalPrice', 'Final Price Field'),
			originalPrice: fieldPath(v, options, 'originalPrice', 'Original Price Field'),
			exportedPrice: fieldPath(v, options, 'exportedPrice', 'Exported Price Field'),
		},
	};
}

function storeData(
	ctx: IExecuteFunctions,
	i: number,
	v: InputValidator,
	settings: AcceptanceSettings,
	lineCount: number,
): StoreData {
	const source = v.oneOf(
		{ label: 'Store Data Source', name: 'storeDataSource' },
		ctx.getNodeParameter('storeDataSource', i, 'lookup'),
		['lookup', 'perLine'],
	);
	if (source === 'perLine') {
		const field = { label: 'Line Store Data', name: 'lineValues' };
		const allowed = `an array with one entry per order line (${lineCount}), each like {"stock": 4, "finalPrice": 19.99}`;
		const value = jsonValue(v, field, ctx.getNodeParameter('lineValues', i, undefined), allowed);
		if (!Array.isArray(value) || value.length !== lineCount) v.fail(field, value, allowed);
		return { kind: 'perLine', entries: value };
	}
	const field = { label: 'Store Products', name: 'storeProducts' };
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const keyField =
		options.lookupKeyField === undefined || options.lookupKeyField === ''
			? settings.matchBy
			: v.string(
					{ label: 'Lookup Key Field', name: 'options.lookupKeyField' },
					options.lookupKeyField,
					{ maxLength: 200 },
				);
	const allowed = `an object keyed by ${settings.matchBy} like {"SKU-1": {"stock": 4, "finalPrice": 19.99}}, or an array of entries with a "${keyField}" field`;
	const value = jsonValue(v, field, ctx.getNodeParameter('storeProducts', i, undefined), allowed);
	const entries = lookupFrom(value, keyField);
	if (!entries) v.fail(field, value, allowed);
	return { kind: 'lookup', entries };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	return await runRouted.call(this, async (i) => {
		const v = validator(this, i);
		const order = orderOf(v, items[i].json);
		const settings = acceptanceSettings(this, i, v);
		const store = storeData(this, i, v, settings, order.lines.length);
		const acceptance = decideAcceptance(order, store, settings, (message) => {
			throw inputError(
				this.getNode(),
				`Order ${order.orderId}: ${message}`,
				i,
				'"When Product Is Missing" / "When Price Is Missing" is set to fail the item; set it to decline the order instead.',
			);
		});
		return {
			route: acceptance.decision === 'accept' ? 0 : 1,
			json: { ...items[i].json, acceptance: acceptance as unknown as IDataObject },
		};
	});
}
