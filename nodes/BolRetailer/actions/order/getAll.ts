import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { returnAllProperties } from '../../../shared/options';
import { filterAsync, mapAsync, take } from '../../../shared/paging';
import { fulfilmentMethodFor, keepOrderType, toMarketplaceOrder } from '../../mapping';
import type { BolReducedOrder } from '../../transport';
import {
	bolClient,
	mappingSettings,
	orderMappingOptions,
	orderTypesOption,
	show,
	validator,
	optionsCollection,
} from '../common';

const display = show('order', 'getAll');

export const description: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'OPEN',
		displayOptions: display,
		options: [
			{ name: 'Open', value: 'OPEN', description: 'Orders with items still to ship or cancel' },
			{ name: 'Shipped', value: 'SHIPPED' },
			{ name: 'All', value: 'ALL' },
		],
	},
	...returnAllProperties('order', 'getAll'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: display,
		options: [
			{
				displayName: 'Changed Within (Minutes)',
				name: 'changeIntervalMinute',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 60 },
				default: 15,
				description: 'Only orders with an item changed in the last N minutes (bol allows up to 60)',
			},
			{
				displayName: 'Changed On Date',
				name: 'latestChangeDate',
				type: 'dateTime',
				default: '',
				description: 'Only orders with an item last changed on this day (up to 3 months back)',
			},
			{
				displayName: 'Placed After',
				name: 'placedAfter',
				type: 'dateTime',
				default: '',
				description: 'Only orders placed at or after this time (Koongo "Sync From Date")',
			},
		],
	},
	optionsCollection(display, [orderTypesOption, ...orderMappingOptions]),
];

function reducedKeep(order: BolReducedOrder, orderTypes: string): boolean {
	// decide what the reduced listing already tells, to save a detail call per skipped order
	const methods = new Set((order.orderItems ?? []).map((i) => i.fulfilmentMethod));
	if (orderTypes === 'fbrOnly') return methods.has('FBR');
	if (orderTypes === 'fbbOnly') return methods.has('FBB');
	if (orderTypes === 'skipFbbOrVvb') return !methods.has('FBB');
	return true;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const status = v.oneOf(
			{ label: 'Status', name: 'status' },
			this.getNodeParameter('status', i),
			['OPEN', 'SHIPPED', 'ALL'],
		);
		const returnAll = this.getNodeParameter('returnAll', i) as boolean;
		const limit = returnAll
			? 0
			: v.integer({ label: 'Limit', name: 'limit' }, this.getNodeParameter('limit', i), 1, 500);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const orderTypes = v.oneOf(
			{ label: 'Order Types', name: 'options.orderTypes' },
			options.orderTypes ?? 'fbrAndFbb',
			['fbrAndFbb', 'fbrOnly', 'fbbOnly', 'skipFbbOrVvb'],
		);
		const settings = mappingSettings(this, i);

		const query: IDataObject = { status, 'fulfilment-method': fulfilmentMethodFor(orderTypes) };
		if (filters.changeIntervalMinute !== undefined && filters.changeIntervalMinute !== '') {
			query['change-interval-minute'] = v.integer(
				{ label: 'Changed Within (Minutes)', name: 'filters.changeIntervalMinute' },
				filters.changeIntervalMinute,
				1,
				60,
			);
		}
		if (filters.latestChangeDate) {
			const date = v.date(
				{ label: 'Changed On Date', name: 'filters.latestChangeDate' },
				filters.latestChangeDate,
			);
			query['latest-change-date'] = date.toISOString().slice(0, 10);
		}
		const placedAfter = filters.placedAfter
			? v
					.date({ label: 'Placed After', name: 'filters.placedAfter' }, filters.placedAfter)
					.getTime()
			: undefined;

		const listed = filterAsync(client.listOrders(query, i), (order) => {
			if (!reducedKeep(order, orderTypes)) return false;
			if (placedAfter !== undefined && order.orderPlacedDateTime) {
				return Date.parse(order.orderPlacedDateTime) >= placedAfter;
			}
			return true;
		});
		const detailed = mapAsync(listed, async (reduced) =>
			toMarketplaceOrder(await client.getOrder(reduced.orderId, i), settings),
		);
		const kept = filterAsync(detailed, (order) => keepOrderType(order, orderTypes));
		return (await take(kept, returnAll, limit)) as unknown as IDataObject[];
	});
}
