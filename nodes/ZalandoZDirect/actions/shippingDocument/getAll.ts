import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { orderIdProperty, readOrderId, show, zalandoClient } from '../common';

const display = show('shippingDocument', 'getAll');

export const description: INodeProperties[] = [
	{
		...orderIdProperty,
		description: 'The order whose Zalando Shipping Solutions (ZSS) documents to list',
		displayOptions: display,
	},
];

/** ZSS documents of an order: outbound label, return label (A6, 300 dpi) and delivery slip (A4), one item each. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await zalandoClient(this);
	return await runPerItem.call(this, async (i) => {
		const orderId = readOrderId(this, i);
		const documents = await client.listShippingDocuments(orderId, i);
		return documents.map((document) => ({ orderId, ...document }));
	});
}
