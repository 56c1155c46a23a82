import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { MARKETPLACE_REGISTRY, type MarketplaceId } from '../../shared/marketplaces';
import { MARKETPLACES } from '../../shared/model';
import {
	TRACKING_REQUIREMENTS,
	checkTracking,
	codeOf,
	codesOf,
	type TrackingField,
} from '../rules/tracking';
import { optionsCollection } from '../../shared/properties';
import { validator, type InputValidator } from '../../shared/validation';
import { runRouted, show } from './common';

const display = show('checkTracking');

/** Shown names, from the marketplace registry. */
const MARKETPLACE_NAMES = (id: MarketplaceId): string => MARKETPLACE_REGISTRY[id].title;

export const description: INodeProperties[] = [
	{
		displayName: 'Marketplace',
		name: 'marketplace',
		type: 'options',
		default: 'fromItem',
		description: 'Whose requirements apply',
		displayOptions: display,
		options: [
			{
				name: 'From the Item',
				value: 'fromItem',
				description: 'The `marketplace` field of the input item',
			},
			...MARKETPLACES.map((value) => ({ name: MARKETPLACE_NAMES(value), value })),
		],
	},
	{
		displayName: 'Tracking Code',
		name: 'trackingCode',
		type: 'string',
		default: '={{ $json.trackingCode || $json.trackAndTrace || "" }}',
		description: "The shipment's tracking code, or a list of them (the first one counts)",
		displayOptions: display,
	},
	{
		displayName: 'Return Tracking Code',
		name: 'returnTrackingCode',
		type: 'string',
		default: '={{ $json.returnTrackingCode || "" }}',
		description:
			'The tracking code of the return label that goes in the parcel (Zalando requires it)',
		displayOptions: display,
	},
	{
		displayName: 'Requirements',
		name: 'requirements',
		type: 'options',
		default: 'marketplace',
		displayOptions: display,
		options: [
			{
				name: 'As the Marketplace Requires',
				value: 'marketplace',
				description:
					'Zalando: tracking and return tracking code; Bol, Amazon, Miinto, Spartoo: tracking code',
			},
			{ name: 'Custom', value: 'custom', description: 'Choose which codes are required' },
		],
	},
	{
		displayName: 'Require Tracking Code',
		name: 'requireTrackingCode',
		type: 'boolean',
		default: true,
		description: 'Whether a shipment without a tracking code is incomplete',
		displayOptions: { show: { ...display.show, requirements: ['custom'] } },
	},
	{
		displayName: 'Require Return Tracking Code',
		name: 'requireReturnTrackingCode',
		type: 'boolean',
		default: false,
		description: 'Whether a shipment without a return tracking code is incomplete',
		displayOptions: { show: { ...display.show, requirements: ['custom'] } },
	},
	optionsCollection(display, [
		{
			displayName: 'Check Code Format',
			name: 'checkFormat',
			type: 'boolean',
			default: true,
			description:
				'Whether codes with other characters than letters, digits and - _ . / (e.g. spaces) count as incomplete (`invalid`).',
		},
		{
			displayName: 'Second Tracking Code Is the Return Code',
			name: 'secondCodeIsReturn',
			type: 'boolean',
			default: false,
			description:
				'Whether, when Tracking Code is a list and Return Tracking Code is empty, the second code of the list is the return tracking code (as Koongo reads Shopify fulfilments for Zalando)',
		},
	]),
];

function requiredCodes(
	ctx: IExecuteFunctions,
	i: number,
	v: InputValidator,
	marketplace: string | null,
): TrackingField[] {
	const mode = v.oneOf(
		{ label: 'Requirements', name: 'requirements' },
		ctx.getNodeParameter('requirements', i, 'marketplace'),
		['marketplace', 'custom'],
	);
	if (mode === 'custom') {
		const required: TrackingField[] = [];
		if (ctx.getNodeParameter('requireTrackingCode', i, true) === true)
			required.push('trackingCode');
		if (ctx.getNodeParameter('requireReturnTrackingCode', i, false) === true)
			required.push('returnTrackingCode');
		return required;
	}
	const known = v.oneOf(
		{ label: 'Marketplace', name: 'marketplace' },
		marketplace ?? '',
		MARKETPLACES,
	);
	return TRACKING_REQUIREMENTS[known];
}

/** A code parameter is a text, a number, a list of those, or empty; anything else is a mapping mistake. */
function codeParameter(
	v: InputValidator,
	field: { label: string; name: string },
	value: unknown,
): unknown {
	const scalar = (entry: unknown) =>
		entry === undefined || entry === null || typeof entry === 'string' || typeof entry === 'number';
	if (Array.isArray(value) ? !value.every(scalar) : !scalar(value)) {
		v.fail(field, value, 'a tracking code (text), a list of tracking codes, or empty');
	}
	return value;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	return await runRouted.call(this, async (i) => {
		const v = validator(this, i);
		const json = items[i].json;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const chosen = v.oneOf(
			{ label: 'Marketplace', name: 'marketplace' },
			this.getNodeParameter('marketplace', i, 'fromItem'),
			['fromItem', ...MARKETPLACES],
		);
		let marketplace: string | null = chosen === 'fromItem' ? codeOf(json.marketplace) : chosen;
		if (marketplace !== null) marketplace = marketplace.toLowerCase();
		const required = requiredCodes(this, i, v, marketplace);

		const trackingValue = codeParameter(
			v,
			{ label: 'Tracking Code', name: 'trackingCode' },
			this.getNodeParameter('trackingCode', i, ''),
		);
		const returnValue = codeParameter(
			v,
			{ label: 'Return Tracking Code', name: 'returnTrackingCode' },
			this.getNodeParameter('returnTrackingCode', i, ''),
		);
		const trackingCodes = codesOf(trackingValue);
		let returnTrackingCode = codeOf(returnValue);
		if (
			returnTrackingCode === null &&
			options.secondCodeIsReturn === true &&
			trackingCodes.length > 1
		)
			returnTrackingCode = trackingCodes[1];
		const check = checkTracking(
			marketplace,
			{ trackingCode: trackingCodes[0] ?? null, returnTrackingCode },
			required,
			options.checkFormat !== false,
		);
		return { route: check.complete ? 0 : 1, json: { ...json, trackingCheck: { ...check } } };
	});
}
