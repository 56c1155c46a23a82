import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import type { MarketplaceReturn } from '../../../shared/model';
import { returnAllProperties } from '../../../shared/options';
import { toMarketplaceReturn } from '../../mapping';
import { RMA_STATUSES } from '../../unverified';
import {
	mappingSettings,
	miintoClient,
	optionsCollection,
	readShopId,
	shopIdProperty,
	show,
	validator,
} from '../common';
import { returnMappingOptions } from './common';

const display = show('return', 'getAll');

export const STATUS_FILTERS = ['pending', 'accepted', 'declined', 'any'] as const;

export const description: INodeProperties[] = [
	{ ...shopIdProperty, displayOptions: display },
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'pending',
		displayOptions: display,
		options: [
			{
				name: 'Pending',
				value: 'pending',
				description: 'RMAs waiting for you to accept or decline',
			},
			{ name: 'Accepted', value: 'accepted', description: 'Miinto refunds the buyer' },
			{ name: 'Declined', value: 'declined' },
			{ name: 'Any', value: 'any' },
		],
	},
	...returnAllProperties('return', 'getAll', 1000),
	optionsCollection(display, [
		{
			displayName: 'Created After',
			name: 'createdAfter',
			type: 'dateTime',
			default: '',
			description:
				'Only RMAs created after this time (Koongo "Sync Orders Created From Date" applies to RMAs too). Miinto lists the newest first, so reading stops at the first older RMA.',
		},
		...returnMappingOptions,
	]),
];

/** RMAs of a shop, newest first, normalized to the shared return model. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await miintoClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const shopId = readShopId(this, i);
		const status = v.oneOf(
			{ label: 'Status', name: 'status' },
			this.getNodeParameter('status', i, 'pending'),
			STATUS_FILTERS,
		);
		const returnAll = this.getNodeParameter('returnAll', i) as boolean;
		const limit = returnAll
			? Number.POSITIVE_INFINITY
			: v.integer({ label: 'Limit', name: 'limit' }, this.getNodeParameter('limit', i), 1, 1000);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const after = options.createdAfter
			? v
					.date({ label: 'Created After', name: 'options.createdAfter' }, options.createdAfter)
					.getTime()
			: undefined;
		const settings = mappingSettings(this, i);
		const filter = status === 'any' ? undefined : RMA_STATUSES.find((s) => s === status);
		const returns: MarketplaceReturn[] = [];
		for await (const rma of client.rmas(shopId, filter, i)) {
			const normalized = toMarketplaceReturn(rma, shopId, settings);
			if (after !== undefined && normalized.registeredAt !== null) {
				if (Date.parse(normalized.registeredAt) <= after) break;
			}
			returns.push(normalized);
			if (returns.length >= limit) break;
		}
		return returns as unknown as IDataObject[];
	});
}
