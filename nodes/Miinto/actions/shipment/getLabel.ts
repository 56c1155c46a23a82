import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { binaryFieldProperty, pdfFile, readBinaryField } from '../../../shared/files';
import { labelPath } from '../../unverified';
import {
	miintoClient,
	orderIdProperty,
	readNumericId,
	readShopId,
	shopIdProperty,
	show,
} from '../common';

const display = show('shipment', 'getLabel');

export const description: INodeProperties[] = [
	{ ...shopIdProperty, displayOptions: display },
	{ ...orderIdProperty, displayOptions: display },
	binaryFieldProperty('The binary field the label PDF goes into', display),
	{
		displayName: `Miinto supplies labels for some orders (Koongo links "the order labels in PDF"), but no public source names the endpoint: this operation asks GET ${labelPath('{shopId}', '{orderId}')} with Accept: application/pdf, which is unverified. An order without a label gives an item with label: false and no file.`,
		name: 'labelNotice',
		type: 'notice',
		default: '',
		displayOptions: display,
	},
];

/** The label PDF of an order as binary data; an item saying so when Miinto has none. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await miintoClient(this);
	return await runPerItem.call(this, async (i) => {
		const shopId = readShopId(this, i);
		const orderId = readNumericId(this, i, { label: 'Order ID', name: 'orderId' });
		const field = readBinaryField(this, i);
		const bytes = await client.orderLabel(shopId, orderId, i);
		if (bytes === undefined)
			return { orderId, shopId, label: false, message: `Miinto has no label for order ${orderId}` };
		return await pdfFile(this, bytes, `miinto-label-${orderId}.pdf`, field, {
			orderId,
			shopId,
			label: true,
		});
	});
}
