import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { toMarketplaceOrder } from '../../mapping';
import {
	mappingSettings,
	miintoClient,
	optionsCollection,
	orderIdProperty,
	orderMappingOptions,
	readNumericId,
	readShopId,
	shopIdProperty,
	show,
} from '../common';

const display = show('order', 'get');

export const description: INodeProperties[] = [
	{ ...shopIdProperty, displayOptions: display },
	{ ...orderIdProperty, displayOptions: display },
	optionsCollection(display, orderMappingOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await miintoClient(this);
	return await runPerItem.call(this, async (i) => {
		const shopId = readShopId(this, i);
		const orderId = readNumericId(this, i, { label: 'Order ID', name: 'orderId' });
		const settings = mappingSettings(this, i);
		return toMarketplaceOrder(
			await client.getOrder(shopId, orderId, i),
			shopId,
			settings,
		) as unknown as IDataObject;
	});
}
