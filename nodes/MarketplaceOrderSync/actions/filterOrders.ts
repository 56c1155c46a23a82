import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { ORDER_TYPES, SYNC_LEVELS, filterOrder, type FilterSettings } from '../rules/filter';
import { optionsCollection } from '../../shared/properties';
import { validator } from '../../shared/validation';
import { orderOf, runRouted, show } from './common';

const display = show('filterOrders');

export const description: INodeProperties[] = [
	{
		displayName: 'Sync Level',
		name: 'syncLevel',
		type: 'options',
		default: 'ordersAndStock',
		description: 'Koongo "Order Synchronization Level"',
		displayOptions: display,
		options: [
			{
				name: 'Orders and Stock',
				value: 'ordersAndStock',
				description: 'Orders go on to the store',
			},
			{
				name: 'Stock Only',
				value: 'stockOnly',
				description: 'Every order is skipped; only stock is synced',
			},
		],
	},
	{
		displayName: 'Order Types',
		name: 'orderTypes',
		type: 'options',
		default: 'all',
		description: 'Which orders to keep, by who fulfils them (Koongo "Order Types")',
		displayOptions: display,
		options: [
			{ name: 'All', value: 'all', description: 'Merchant- and marketplace-fulfilled orders' },
			{
				name: 'Merchant Fulfilled',
				value: 'merchant',
				description:
					'Orders with at least one line you ship (Bol FBR, Amazon MFN, Zalando partner)',
			},
			{
				name: 'Marketplace Fulfilled',
				value: 'marketplace',
				description:
					'Orders with at least one line the marketplace ships (Bol FBB, Amazon FBA, ZFS)',
			},
		],
	},
	{
		displayName: 'Sync From',
		name: 'syncFrom',
		type: 'dateTime',
		default: '',
		description:
			'Skip orders created before this date (Koongo "Sync Orders Created From Date"). An order created exactly at it is kept. Times without a zone are UTC. Empty: no date filter.',
		displayOptions: display,
	},
	{
		displayName: 'Skip Orders With Marketplace-Fulfilled Lines',
		name: 'skipMarketplaceFulfilledLines',
		type: 'boolean',
		default: false,
		description:
			'Whether to skip every order that has a line the marketplace ships (e.g. Bol FBB), keeping only orders you ship entirely',
		displayOptions: display,
	},
	optionsCollection(display, [
		{
			displayName: 'Count Marketplace Labels as Marketplace-Fulfilled',
			name: 'countMarketplaceLabels',
			type: 'boolean',
			default: false,
			description:
				'Whether "Skip Orders With Marketplace-Fulfilled Lines" also skips orders shipped with a label bought from the marketplace (Bol VVB, `extra.vvb`)',
		},
	]),
];

export function filterSettings(ctx: IExecuteFunctions, i: number): FilterSettings {
	const v = validator(ctx, i);
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const syncFrom = ctx.getNodeParameter('syncFrom', i, '');
	return {
		syncLevel: v.oneOf(
			{ label: 'Sync Level', name: 'syncLevel' },
			ctx.getNodeParameter('syncLevel', i, 'ordersAndStock'),
			SYNC_LEVELS,
		),
		orderTypes: v.oneOf(
			{ label: 'Order Types', name: 'orderTypes' },
			ctx.getNodeParameter('orderTypes', i, 'all'),
			ORDER_TYPES,
		),
		syncFrom:
			syncFrom === '' || syncFrom === undefined || syncFrom === null
				? undefined
				: v.date({ label: 'Sync From', name: 'syncFrom' }, zoned(syncFrom)),
		skipMarketplaceFulfilledLines:
			ctx.getNodeParameter('skipMarketplaceFulfilledLines', i, false) === true,
		countMarketplaceLabels: options.countMarketplaceLabels === true,
	};
}

/** A date-time without a zone is read as UTC (`Date.parse` would use the server's zone); Luxon dates ($now) as ISO. */
function zoned(value: unknown): unknown {
	const luxon = value as { toISO?: () => string } | null;
	if (luxon !== null && typeof luxon === 'object' && typeof luxon.toISO === 'function')
		return luxon.toISO();
	if (typeof value !== 'string') return value;
	const text = value.trim();
	return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)
		? `${text.replace(' ', 'T')}Z`
		: text;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	return await runRouted.call(this, async (i) => {
		const settings = filterSettings(this, i);
		const order = orderOf(validator(this, i), items[i].json);
		const result = filterOrder(order, settings);
		return { route: result.kept ? 0 : 1, json: { ...items[i].json, orderFilter: { ...result } } };
	});
}
