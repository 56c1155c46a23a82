import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { returnAllProperties } from '../../../shared/options';
import { RETURN_STATUS_IDS, RETURN_STATUS_NAMES } from '../../constants';
import { toUnixSeconds } from '../../time';
import {
	fetchReturns,
	returnMappingOptions,
	mappingSettings,
	optionsCollection,
	show,
	spartooClient,
	normalizeReturn,
	ORDER_LOCATOR,
	orderIdProperty,
	readId,
	type OrderCache,
	validator,
} from '../common';

const display = show('return', 'getAll');

export const RETURN_STATUS_FILTER = [
	{ name: 'All', value: 'all' },
	...RETURN_STATUS_IDS.map((id) => ({
		name: `${id}: ${RETURN_STATUS_NAMES[id]}`,
		value: String(id),
	})),
];

export const description: INodeProperties[] = [
	{
		displayName: 'Filter By',
		name: 'filterBy',
		type: 'options',
		default: 'since',
		options: [
			{ name: 'Since a Time', value: 'since', description: 'Returns registered since a time' },
			{ name: 'Order', value: 'order', description: 'The returns of one order' },
		],
		displayOptions: display,
	},
	{
		displayName: 'Since',
		name: 'since',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Returns since this time (sent to Spartoo as a Unix timestamp)',
		displayOptions: { show: { ...display.show, filterBy: ['since'] } },
	},
	{
		...orderIdProperty,
		description: ORDER_LOCATOR.description.replace(
			'The Spartoo order:',
			'The Spartoo order whose returns to list:',
		),
		displayOptions: { show: { ...display.show, filterBy: ['order'] } },
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'all',
		description: 'Only returns in this Spartoo status (2: waiting to be received)',
		options: RETURN_STATUS_FILTER,
		displayOptions: display,
	},
	...returnAllProperties('return', 'getAll'),
	optionsCollection(display, returnMappingOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await spartooClient(this);
	// each order read once per run, however many of its returns the run maps
	const orders: OrderCache = new Map();
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const filterBy = v.oneOf(
			{ label: 'Filter By', name: 'filterBy' },
			this.getNodeParameter('filterBy', i, 'since'),
			['since', 'order'],
		);
		const form: Record<string, string | number | undefined> = {};
		if (filterBy === 'since')
			form.date = toUnixSeconds(
				v.date({ label: 'Since', name: 'since' }, this.getNodeParameter('since', i)),
			);
		else form.oID = readId(this, i, 'orderId');
		const status = v.oneOf(
			{ label: 'Status', name: 'status' },
			String(this.getNodeParameter('status', i, 'all')),
			RETURN_STATUS_FILTER.map((o) => o.value),
		);
		if (status !== 'all') form.statut = status;
		const returnAll = this.getNodeParameter('returnAll', i, false) === true;
		const limit = returnAll
			? Number.MAX_SAFE_INTEGER
			: v.integer({ label: 'Limit', name: 'limit' }, this.getNodeParameter('limit', i, 50), 1, 500);
		const settings = mappingSettings(this, client, i);
		const records = await fetchReturns(client, form, 'list returns', i);
		const out: IDataObject[] = [];
		for (const record of records.slice(0, limit))
			out.push(
				(await normalizeReturn(client, record, settings, orders, i)) as unknown as IDataObject,
			);
		return out;
	});
}
