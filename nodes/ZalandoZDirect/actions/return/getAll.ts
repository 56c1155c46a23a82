import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { returnAllProperties } from '../../../shared/options';
import { mapAsync, take } from '../../../shared/paging';
import { toMarketplaceReturn, type ReturnLineContext } from '../../mapping';
import type { ZalandoClient, ZalandoOrder } from '../../transport';
import {
	mappingSettings,
	optionsCollection,
	show,
	toMarketplaceOrder,
	unitLines,
	validator,
	zalandoClient,
	UUID,
} from '../common';

const display = show('return', 'getAll');

export const description: INodeProperties[] = [
	...returnAllProperties('return', 'getAll', 1000),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: display,
		options: [
			{
				displayName: 'Registered After',
				name: 'after',
				type: 'dateTime',
				default: '',
				description: 'Only returns announced at or after this time',
			},
			{
				displayName: 'Registered Before',
				name: 'before',
				type: 'dateTime',
				default: '',
				description: 'Only returns announced before this time',
			},
			{
				displayName: 'Sales Channel Name or ID',
				name: 'salesChannelId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getSalesChannelFilter' },
				default: '',
				description:
					'Only returns of orders sold on this sales channel (country). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	optionsCollection(display, [
		{
			displayName: 'Include Raw Payload',
			name: 'includeRaw',
			type: 'boolean',
			default: false,
			description: 'Whether to add the announced return as `raw` to each result',
		},
		{
			displayName: 'Look Up Orders',
			name: 'lookupOrders',
			type: 'boolean',
			default: true,
			description:
				'Whether to read each order of a return (one call per order), so lines carry sku, EAN and title and count as handled once Zalando shows them returned',
		},
		{
			displayName: 'Product Identification',
			name: 'productIdentification',
			type: 'options',
			default: 'externalId',
			description: 'Which Zalando field becomes the `sku` of each line (with Look Up Orders)',
			options: [
				{ name: 'Merchant Product ID (External ID)', value: 'externalId' },
				{ name: 'EAN', value: 'ean' },
				{ name: 'Zalando Article ID', value: 'articleId' },
			],
		},
	]),
];

/** sku, EAN, title and status of every unit line of the orders a return names, one order read per order. */
export async function returnLineContext(
	client: ZalandoClient,
	orderIds: string[],
	settings: ReturnType<typeof mappingSettings>,
	cache: Map<string, ZalandoOrder>,
	itemIndex: number,
): Promise<(orderLineId: string) => ReturnLineContext | undefined> {
	const known = new Map<string, ReturnLineContext>();
	for (const orderId of orderIds) {
		let order = cache.get(orderId);
		if (!order) {
			order = await client.getOrder(orderId, itemIndex);
			cache.set(orderId, order);
		}
		const normalized = toMarketplaceOrder(order, settings);
		for (const unit of unitLines(order)) {
			const line = normalized.lines.find((l) => l.lineId === unit.orderItemId);
			known.set(unit.orderLineId, {
				sku: line?.sku ?? null,
				ean: line?.ean ?? null,
				title: line?.title ?? null,
				status: unit.status,
			});
		}
	}
	return (orderLineId) => known.get(orderLineId);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await zalandoClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const returnAll = this.getNodeParameter('returnAll', i) as boolean;
		const limit = returnAll
			? 0
			: v.integer({ label: 'Limit', name: 'limit' }, this.getNodeParameter('limit', i), 1, 1000);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const settings = mappingSettings(this, i);
		const query: IDataObject = {};
		if (filters.after)
			query.after = v
				.date({ label: 'Registered After', name: 'filters.after' }, filters.after)
				.toISOString();
		if (filters.before)
			query.before = v
				.date({ label: 'Registered Before', name: 'filters.before' }, filters.before)
				.toISOString();
		const channel = v.optionalString(
			{ label: 'Sales Channel Name or ID', name: 'filters.salesChannelId' },
			filters.salesChannelId,
			{ pattern: UUID, patternHint: 'a UUID' },
		);
		if (channel) query.sales_channel_id = channel;
		const lookup = options.lookupOrders !== false;
		const cache = new Map<string, ZalandoOrder>();
		const returns = mapAsync(client.listAnnouncedReturns(query, i), async (announced) =>
			toMarketplaceReturn(
				announced,
				settings.includeRaw,
				lookup
					? await returnLineContext(
							client,
							[...new Set((announced.orders ?? []).map((o) => String(o.order_id)))],
							settings,
							cache,
							i,
						)
					: undefined,
			),
		);
		return (await take(returns, returnAll, limit)) as unknown as IDataObject[];
	});
}
