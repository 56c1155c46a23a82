import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { returnAllProperties } from '../../../shared/options';
import { filterAsync, mapAsync, take } from '../../../shared/paging';
import { ORDER_TYPE_CHOICES } from '../../constants';
import { keepOrderType, orderTypeQuery, toMarketplaceOrder } from '../../mapping';
import {
	mappingSettings,
	optionsCollection,
	orderMappingOptions,
	orderTypesOption,
	show,
	validator,
	zalandoClient,
	UUID,
} from '../common';

const display = show('order', 'getAll');

const STATUSES = ['approved', 'initial', 'fulfilled', 'all'] as const;
const EXPORTED = ['notExported', 'exported', 'any'] as const;

export const description: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'approved',
		displayOptions: display,
		options: [
			{
				name: 'Approved',
				value: 'approved',
				description: 'Paid orders, to export (accept) and ship',
			},
			{ name: 'Initial', value: 'initial', description: 'Not paid yet: do not ship' },
			{
				name: 'Fulfilled',
				value: 'fulfilled',
				description: 'Every line shipped, cancelled or returned',
			},
			{ name: 'All', value: 'all' },
		],
	},
	...returnAllProperties('order', 'getAll', 1000),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: display,
		options: [
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description: 'Only orders created after this time (Koongo "Sync From Date")',
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Exported',
				name: 'exported',
				type: 'options',
				default: 'any',
				description:
					'Whether the order was already exported (accepted). Zalando says the filter is unreliable for Zalando-fulfilled orders.',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Exported', value: 'exported' },
					{ name: 'Not Exported', value: 'notExported' },
				],
			},
			{
				displayName: 'Last Updated After',
				name: 'lastUpdatedAfter',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Last Updated Before',
				name: 'lastUpdatedBefore',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Order Number',
				name: 'orderNumber',
				type: 'string',
				default: '',
				description:
					'The number the customer sees. Not unique: one customer order can be several partner orders.',
			},
			{
				displayName: 'Sales Channel Name or ID',
				name: 'salesChannelId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getSalesChannelFilter' },
				default: '',
				description:
					'Only orders sold on this sales channel (country). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	optionsCollection(display, [orderTypesOption, ...orderMappingOptions]),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await zalandoClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const status = v.oneOf(
			{ label: 'Status', name: 'status' },
			this.getNodeParameter('status', i),
			STATUSES,
		);
		const returnAll = this.getNodeParameter('returnAll', i) as boolean;
		const limit = returnAll
			? 0
			: v.integer({ label: 'Limit', name: 'limit' }, this.getNodeParameter('limit', i), 1, 1000);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const orderTypes = v.oneOf(
			{ label: 'Order Types', name: 'options.orderTypes' },
			options.orderTypes ?? 'fbr',
			ORDER_TYPE_CHOICES,
		);
		const settings = mappingSettings(this, i);

		const query: IDataObject = {};
		// Zalando's own clients send the status capitalised ("Approved")
		if (status !== 'all') query.order_status = status.charAt(0).toUpperCase() + status.slice(1);
		const orderType = orderTypeQuery(orderTypes);
		if (orderType) query.order_type = orderType;
		const exported = v.oneOf(
			{ label: 'Exported', name: 'filters.exported' },
			filters.exported ?? 'any',
			EXPORTED,
		);
		if (exported !== 'any') query.exported = exported === 'exported';
		const times: Array<[string, string, string]> = [
			['createdAfter', 'created_after', 'Created After'],
			['createdBefore', 'created_before', 'Created Before'],
			['lastUpdatedAfter', 'last_updated_after', 'Last Updated After'],
			['lastUpdatedBefore', 'last_updated_before', 'Last Updated Before'],
		];
		for (const [name, param, label] of times) {
			if (filters[name])
				query[param] = v.date({ label, name: `filters.${name}` }, filters[name]).toISOString();
		}
		const orderNumber = v.optionalString(
			{ label: 'Order Number', name: 'filters.orderNumber' },
			filters.orderNumber,
			{ maxLength: 64 },
		);
		if (orderNumber) query.order_number = orderNumber;
		const channel = v.optionalString(
			{ label: 'Sales Channel Name or ID', name: 'filters.salesChannelId' },
			filters.salesChannelId,
			{ pattern: UUID, patternHint: 'a UUID' },
		);
		if (channel) query.sales_channel_id = channel;

		const mapped = mapAsync(client.listOrders(query, i), async (order) =>
			toMarketplaceOrder(order, settings),
		);
		const kept = filterAsync(mapped, (order) => keepOrderType(order, orderTypes));
		return (await take(kept, returnAll, limit)) as unknown as IDataObject[];
	});
}
