import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { returnAllProperties } from '../../../shared/options';
import { ORDER_STATUS_IDS, ORDER_STATUS_NAMES, SCRIPTS } from '../../constants';
import { toSpartooExportDate } from '../../time';
import { readOrders } from '../../transport/read';
import {
	mappingOptions,
	mappingSettings,
	optionsCollection,
	show,
	spartooClient,
	toMarketplaceOrder,
	validator,
} from '../common';

const display = show('order', 'getAll');

export const STATUS_FILTER_OPTIONS = [
	{ name: 'All', value: 'all' },
	...ORDER_STATUS_IDS.map((id) => ({
		name: `${id}: ${ORDER_STATUS_NAMES[id]}`,
		value: String(id),
	})),
];

export const description: INodeProperties[] = [
	{
		displayName: 'Since',
		name: 'since',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			'Orders since this time. Sent to Spartoo as `date=YYYY-MM-DD:hh:mm:ss` in Paris time (Europe/Paris, daylight saving included).',
		displayOptions: display,
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: '11',
		description: 'Only orders in this Spartoo status (11: waiting for your accept)',
		options: STATUS_FILTER_OPTIONS,
		displayOptions: display,
	},
	...returnAllProperties('order', 'getAll'),
	optionsCollection(display, mappingOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await spartooClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const since = v.date({ label: 'Since', name: 'since' }, this.getNodeParameter('since', i));
		const status = v.oneOf(
			{ label: 'Status', name: 'status' },
			String(this.getNodeParameter('status', i, 'all')),
			STATUS_FILTER_OPTIONS.map((o) => o.value),
		);
		const returnAll = this.getNodeParameter('returnAll', i, false) === true;
		const limit = returnAll
			? Number.MAX_SAFE_INTEGER
			: v.integer({ label: 'Limit', name: 'limit' }, this.getNodeParameter('limit', i, 50), 1, 500);
		const settings = mappingSettings(this, client, i);
		// Spartoo does not page: one export answers every matching order; Limit cuts the list here
		const answer = await client.post({
			script: SCRIPTS.exportOrders,
			form: { date: toSpartooExportDate(since), status: status === 'all' ? undefined : status },
			operation: 'list orders',
			itemIndex: i,
			read: true,
		});
		return readOrders(answer.root)
			.slice(0, limit)
			.map((record) => toMarketplaceOrder(record, settings) as unknown as IDataObject);
	});
}
