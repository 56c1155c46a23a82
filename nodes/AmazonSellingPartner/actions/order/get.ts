import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { optionsCollection, show } from '../../../shared/router';
import { toMarketplaceOrder } from '../../mapping';
import {
	amazonClient,
	mappingSettings,
	orderId,
	orderIdProperty,
	orderMappingOptions,
	readOrder,
} from '../common';

const display = show('order', 'get');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	optionsCollection(display, orderMappingOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await amazonClient(this);
	return await runPerItem.call(this, async (i) => {
		const id = orderId(this, i);
		const settings = mappingSettings(this, i);
		return toMarketplaceOrder(
			await readOrder(client, id, settings, i),
			settings,
		) as unknown as IDataObject;
	});
}
