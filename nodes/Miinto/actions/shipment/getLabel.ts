import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { asNodeError, errorJson } from '../../../shared/execute';
import { TestModeHalt, testOutput } from '../../../shared/testMode';
import { labelPath } from '../../unverified';
import {
	miintoClient,
	orderIdProperty,
	readNumericId,
	readShopId,
	shopIdProperty,
	show,
	validator,
} from '../common';

const display = show('shipment', 'getLabel');

export const description: INodeProperties[] = [
	{ ...shopIdProperty, displayOptions: display },
	{ ...orderIdProperty, displayOptions: display },
	{
		displayName: 'Put Output File in Field',
		name: 'binaryProperty',
		type: 'string',
		default: 'data',
		description: 'The binary field the label PDF goes into',
		displayOptions: display,
	},
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
	const output: INodeExecutionData[] = [];
	const count = this.getInputData().length;
	for (let i = 0; i < count; i++) {
		try {
			const v = validator(this, i);
			const shopId = readShopId(this, i);
			const orderId = readNumericId(this, i, { label: 'Order ID', name: 'orderId' });
			const field = v.string(
				{ label: 'Put Output File in Field', name: 'binaryProperty' },
				this.getNodeParameter('binaryProperty', i, 'data'),
				{ maxLength: 100, pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, patternHint: 'a field name' },
			);
			const bytes = await client.orderLabel(shopId, orderId, i);
			if (bytes === undefined) {
				output.push({
					json: {
						orderId,
						shopId,
						label: false,
						message: `Miinto has no label for order ${orderId}`,
					},
					pairedItem: { item: i },
				});
				continue;
			}
			const fileName = `miinto-label-${orderId}.pdf`;
			const binary = await this.helpers.prepareBinaryData(bytes, fileName, 'application/pdf');
			output.push({
				json: { orderId, shopId, label: true, fileName, bytes: bytes.length },
				binary: { [field]: binary },
				pairedItem: { item: i },
			});
		} catch (error) {
			if (error instanceof TestModeHalt) {
				output.push({ json: testOutput(error), pairedItem: { item: i } });
				continue;
			}
			if (this.continueOnFail()) {
				output.push({ json: errorJson(error), pairedItem: { item: i } });
				continue;
			}
			throw asNodeError(this, error, i);
		}
	}
	return output;
}
