import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { getClock } from '../../../shared/clock';
import { runPerItem } from '../../../shared/execute';
import { returnAllProperties } from '../../../shared/options';
import { mapAsync, take } from '../../../shared/paging';
import { optionsCollection, show } from '../../../shared/router';
import { DATA_LAG_MS, FULFILLMENT_STATUSES, ORDERS_PAGE_SIZE, ORDER_TYPES } from '../../constants';
import { fulfilledByFor, toMarketplaceOrder } from '../../mapping';
import {
	amazonClient,
	mappingSettings,
	marketplaceIds,
	marketplaceIdsOption,
	orderDatasets,
	orderMappingOptions,
	orderTypesOption,
	piiToken,
	validator,
} from '../common';

const display = show('order', 'getAll');
const MAX_LIMIT = 1000;

export const description: INodeProperties[] = [
	{
		displayName: 'Filter By',
		name: 'filterBy',
		type: 'options',
		default: 'lastUpdated',
		displayOptions: display,
		options: [
			{
				name: 'Last Updated',
				value: 'lastUpdated',
				description: 'Orders changed in the period (status, shipment, cancellation)',
			},
			{ name: 'Created', value: 'created', description: 'Orders placed in the period' },
		],
	},
	{
		displayName: 'After',
		name: 'after',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: display,
		description: 'Start of the period',
	},
	{
		displayName: 'Before',
		name: 'before',
		type: 'dateTime',
		default: '',
		displayOptions: display,
		description:
			'End of the period. Empty, or later than 2.5 minutes ago: 2.5 minutes ago, because Amazon needs about two minutes before a change can be searched.',
	},
	...returnAllProperties('order', 'getAll', MAX_LIMIT),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: display,
		options: [
			{
				displayName: 'Fulfillment Statuses',
				name: 'fulfillmentStatuses',
				type: 'multiOptions',
				default: [],
				options: FULFILLMENT_STATUSES.map((value) => ({ name: value, value })),
				description: 'Only orders in these statuses. Empty: all.',
			},
			orderTypesOption,
			marketplaceIdsOption,
		],
	},
	optionsCollection(display, orderMappingOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await amazonClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const filterBy = v.oneOf(
			{ label: 'Filter By', name: 'filterBy' },
			this.getNodeParameter('filterBy', i),
			['lastUpdated', 'created'],
		);
		const latest = getClock().now() - DATA_LAG_MS;
		const after = v.date({ label: 'After', name: 'after' }, this.getNodeParameter('after', i));
		if (after.getTime() >= latest) {
			v.fail(
				{ label: 'After', name: 'after' },
				this.getNodeParameter('after', i),
				`a time before ${new Date(latest).toISOString()} (Amazon's data lags about two minutes)`,
			);
		}
		const rawBefore = this.getNodeParameter('before', i, '');
		const before = rawBefore
			? Math.min(v.date({ label: 'Before', name: 'before' }, rawBefore).getTime(), latest)
			: latest;
		if (before <= after.getTime())
			v.fail({ label: 'Before', name: 'before' }, rawBefore, 'a time after "After"');
		const returnAll = this.getNodeParameter('returnAll', i) as boolean;
		const limit = returnAll
			? 0
			: v.integer(
					{ label: 'Limit', name: 'limit' },
					this.getNodeParameter('limit', i),
					1,
					MAX_LIMIT,
				);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const statuses = Array.isArray(filters.fulfillmentStatuses) ? filters.fulfillmentStatuses : [];
		statuses.forEach((s) =>
			v.oneOf(
				{ label: 'Fulfillment Statuses', name: 'filters.fulfillmentStatuses' },
				s,
				FULFILLMENT_STATUSES,
			),
		);
		const orderTypes = v.oneOf(
			{ label: 'Order Types', name: 'filters.orderTypes' },
			filters.orderTypes ?? 'all',
			ORDER_TYPES,
		);
		const marketplaces = marketplaceIds(
			client,
			filters.marketplaceIds,
			v,
			'filters.marketplaceIds',
		);
		const settings = mappingSettings(this, i);

		const prefix = filterBy === 'created' ? 'created' : 'lastUpdated';
		const query = {
			[`${prefix}After`]: after.toISOString(),
			[`${prefix}Before`]: new Date(before).toISOString(),
			marketplaceIds: marketplaces,
			fulfillmentStatuses: statuses.length ? (statuses as string[]) : undefined,
			fulfilledBy: fulfilledByFor(orderTypes),
			includedData: orderDatasets(settings.piiRequested),
			maxResultsPerPage: returnAll ? ORDERS_PAGE_SIZE : Math.min(ORDERS_PAGE_SIZE, limit),
		};
		const rdt = await piiToken(client, settings, '/orders/2026-01-01/orders', i);
		const orders = mapAsync(client.searchOrders(query, i, rdt), async (order) =>
			toMarketplaceOrder(order, settings),
		);
		return (await take(orders, returnAll, limit)) as unknown as IDataObject[];
	});
}
