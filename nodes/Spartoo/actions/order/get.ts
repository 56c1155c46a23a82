import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import {
	fetchOrder,
	mappingOptions,
	mappingSettings,
	optionsCollection,
	orderIdProperty,
	readId,
	show,
	spartooClient,
	toMarketplaceOrder,
} from '../common';

const display = show('order', 'get');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	optionsCollection(display, mappingOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await spartooClient(this);
	return await runPerItem.call(this, async (i) => {
		const orderId = readId(this, i, 'orderId');
		const settings = mappingSettings(this, client, i);
		return toMarketplaceOrder(
			await fetchOrder(this, client, orderId, i),
			settings,
		) as unknown as IDataObject;
	});
}
