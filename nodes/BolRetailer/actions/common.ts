import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { readCommonMappingOptions } from '../../shared/options';
import { InputValidator } from '../../shared/validation';
import {
	CANCELLATION_REASONS,
	HANDLING_RESULT_LABELS,
	HANDLING_RESULTS,
	ORDER_TYPES,
	TRANSPORTERS,
	type HandlingResult,
} from '../constants';
import { DEFAULT_BOL_MAPPING, type BolMappingSettings } from '../mapping';
import { BolClient, type BolProcessStatus } from '../transport';

export { optionsCollection, show, type Show } from '../../shared/router';

/** One client per node run: one credential read, one rate-limit scope. */
export async function bolClient(ctx: IExecuteFunctions): Promise<BolClient> {
	return await BolClient.create(ctx, ctx.getNodeParameter('requestOptions', 0, {}) as IDataObject);
}

export function validator(ctx: IExecuteFunctions, itemIndex: number): InputValidator {
	return new InputValidator(ctx.getNode(), itemIndex);
}

function enumLabel(value: string): string {
	return value
		.toLowerCase()
		.split(/[_-]/)
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.join(' ');
}

export const cancellationReasonOptions: INodePropertyOptions[] = CANCELLATION_REASONS.map(
	(value) => ({
		name: enumLabel(value),
		value,
	}),
);

export const handlingResultOptions: INodePropertyOptions[] = HANDLING_RESULTS.map((value) => ({
	name: HANDLING_RESULT_LABELS[value],
	value,
}));

export const transporterOptions: INodePropertyOptions[] = TRANSPORTERS.map((value) => ({
	name: value,
	value,
}));

/** Koongo "Order Types". */
export const orderTypesOption: INodeProperties = {
	displayName: 'Order Types',
	name: 'orderTypes',
	type: 'options',
	default: 'fbrAndFbb',
	description: 'Which orders to handle, by who fulfils them (Koongo "Order Types")',
	options: [
		{
			name: 'FBR and FBB',
			value: ORDER_TYPES[0],
			description: 'Orders you ship and orders bol ships (LVB)',
		},
		{
			name: 'FBR Only',
			value: ORDER_TYPES[1],
			description: 'Orders with at least one item you ship',
		},
		{
			name: 'FBB Only',
			value: ORDER_TYPES[2],
			description: 'Orders with at least one item bol ships',
		},
		{
			name: 'Skip Orders with FBB or VVB Items',
			value: ORDER_TYPES[3],
			description: 'Only orders you ship entirely yourself, with your own labels',
		},
	],
};

/** Options that shape the normalized order (Koongo's Bol order settings). */
export const orderMappingOptions: INodeProperties[] = [
	{
		displayName: 'Include Raw Payload',
		name: 'includeRaw',
		type: 'boolean',
		default: false,
		description: 'Whether to add the bol payload as `raw` to each result',
	},
	{
		displayName: 'Product Identification',
		name: 'productIdentification',
		type: 'options',
		default: 'offerReference',
		description:
			'Which bol field becomes the `sku` of each line (Koongo "Product Identification Attribute")',
		options: [
			{
				name: 'Offer Reference (Falls Back to EAN)',
				value: 'offerReference',
				description: 'The reference you gave the offer on bol, usually your store SKU',
			},
			{ name: 'EAN', value: 'ean' },
		],
	},
	{
		displayName: 'SKU Prefix to Crop',
		name: 'skuPrefixPattern',
		type: 'string',
		default: '',
		placeholder: 'BOL-',
		description: 'Regular expression removed from the start of each SKU, e.g. a marketplace prefix',
	},
	{
		displayName: 'SKU Suffix to Crop',
		name: 'skuSuffixPattern',
		type: 'string',
		default: '',
		placeholder: '-NL',
		description: 'Regular expression removed from the end of each SKU',
	},
	{
		displayName: 'Update Stock for FBB Orders',
		name: 'updateStockForFbb',
		type: 'boolean',
		default: false,
		description:
			'Whether orders fulfilled by bol (FBB/LVB) should move store stock. Carried on each order as `updateStoreStock`.',
	},
	{
		displayName: 'Use Billing Address as Shipping Address',
		name: 'useBillingAsShipping',
		type: 'boolean',
		default: false,
		description: 'Whether to put the billing address in `shippingAddress` (when bol sends one)',
	},
];

export function mappingSettings(ctx: IExecuteFunctions, itemIndex: number): BolMappingSettings {
	return mappingSettingsFrom(
		ctx.getNodeParameter('options', itemIndex, {}) as IDataObject,
		validator(ctx, itemIndex),
	);
}

/** Reads the mapping options out of an "Options" collection (node or trigger). */
export function mappingSettingsFrom(options: IDataObject, v: InputValidator): BolMappingSettings {
	return {
		...DEFAULT_BOL_MAPPING,
		// a Product Identification other than offerReference or ean fails naming the field (it was read as offerReference)
		...readCommonMappingOptions(options, v, {
			choices: ['offerReference', 'ean'],
			fallback: 'offerReference',
		}),
		useBillingAsShipping: options.useBillingAsShipping === true,
		updateStockForFbb: options.updateStockForFbb === true,
	};
}

/** "Wait for Processing" options of every asynchronous bol call. */
export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Wait for Processing',
		name: 'waitForProcessing',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until bol has processed the request (process status SUCCESS or FAILURE). Off: return the PENDING process status at once.',
	},
	{
		displayName: 'Processing Timeout (Seconds)',
		name: 'processingTimeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 900 },
		default: 60,
		description: 'How long to wait for the process status before returning it as it is',
	},
];

export interface WaitSettings {
	wait: boolean;
	timeoutMs: number;
}

export function waitSettings(ctx: IExecuteFunctions, itemIndex: number): WaitSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeout = validator(ctx, itemIndex).integer(
		{ label: 'Processing Timeout (Seconds)', name: 'options.processingTimeout' },
		options.processingTimeout ?? 60,
		1,
		900,
	);
	return { wait: options.waitForProcessing !== false, timeoutMs: timeout * 1000 };
}

/** Normalized view of a bol process status. */
export function processResult(status: BolProcessStatus): IDataObject {
	return {
		processStatusId: status.processStatusId ?? null,
		entityId: status.entityId ?? null,
		eventType: status.eventType,
		status: status.status,
		description: status.description,
		errorMessage: status.errorMessage ?? null,
		createdAt: status.createTimestamp,
	};
}

export function isHandlingResult(value: string): value is HandlingResult {
	return (HANDLING_RESULTS as readonly string[]).includes(value);
}
