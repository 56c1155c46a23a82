import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import {
	mappingSettings,
	optionsCollection,
	orderIdProperty,
	orderMappingOptions,
	readOrderId,
	show,
	toMarketplaceOrder,
	zalandoClient,
} from '../common';

const display = show('order', 'get');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	optionsCollection(display, orderMappingOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await zalandoClient(this);
	return await runPerItem.call(this, async (i) => {
		const orderId = readOrderId(this, i);
		const settings = mappingSettings(this, i);
		return toMarketplaceOrder(
			await client.getOrder(orderId, i),
			settings,
		) as unknown as IDataObject;
	});
}
