import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { toMarketplaceOrder } from '../../mapping';
import {
	bolClient,
	mappingSettings,
	orderMappingOptions,
	show,
	validator,
	optionsCollection,
} from '../common';
import { orderIdProperty, readOrderId } from './fields';

const display = show('order', 'get');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	optionsCollection(display, orderMappingOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	return await runPerItem.call(this, async (i) => {
		const orderId = readOrderId(validator(this, i), this.getNodeParameter('orderId', i));
		return toMarketplaceOrder(
			await client.getOrder(orderId, i),
			mappingSettings(this, i),
		) as unknown as IDataObject;
	});
}
