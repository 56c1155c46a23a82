import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import type { MarketplaceOrder } from '../../../shared/model';
import { returnAllProperties } from '../../../shared/options';
import { toMarketplaceOrder } from '../../mapping';
import {
	mappingSettings,
	miintoClient,
	optionsCollection,
	orderMappingOptions,
	readShopId,
	shopIdProperty,
	show,
	validator,
} from '../common';

const display = show('order', 'getAll');

export const description: INodeProperties[] = [
	{ ...shopIdProperty, displayOptions: display },
	...returnAllProperties('order', 'getAll', 1000),
	optionsCollection(display, [
		{
			displayName: 'Created After',
			name: 'createdAfter',
			type: 'dateTime',
			default: '',
			description:
				'Only orders created after this time (Koongo "Sync Orders Created From Date"). Miinto lists the newest first, so reading stops at the first older order.',
		},
		...orderMappingOptions,
	]),
];

/** Accepted orders of a shop, newest first, normalized; offset/limit paging until `totalItemCount`. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await miintoClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const shopId = readShopId(this, i);
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
		const orders: MarketplaceOrder[] = [];
		for await (const order of client.acceptedOrders(shopId, i)) {
			const normalized = toMarketplaceOrder(order, shopId, settings);
			if (after !== undefined && normalized.createdAt !== null) {
				if (Date.parse(normalized.createdAt) <= after) break;
			}
			orders.push(normalized);
			if (orders.length >= limit) break;
		}
		return orders as unknown as IDataObject[];
	});
}
