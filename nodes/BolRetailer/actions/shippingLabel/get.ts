import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { binaryFieldProperty, pdfFile, readBinaryField } from '../../../shared/files';
import { bolClient, show, validator } from '../common';
import { LABEL_ID_PATTERN } from './fields';

const display = show('shippingLabel', 'get');

export const description: INodeProperties[] = [
	{
		displayName: 'Shipping Label ID',
		name: 'shippingLabelId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '5f2c1d8e-3b1a-4c0e-9f5e-2a7b9c4d6e8f',
		description: 'The label bought with Shipping Label > Create (its `shippingLabelId`)',
		displayOptions: display,
	},
	binaryFieldProperty('The binary field the label PDF goes into', display),
];

/** A bought label as a PDF file, with the transporter and the track & trace code bol sends along with it. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	return await runPerItem.call(this, async (i) => {
		const shippingLabelId = validator(this, i).string(
			{ label: 'Shipping Label ID', name: 'shippingLabelId' },
			this.getNodeParameter('shippingLabelId', i),
			LABEL_ID_PATTERN,
		);
		const field = readBinaryField(this, i);
		const label = await client.getShippingLabel(shippingLabelId, i);
		if (!Buffer.isBuffer(label.pdf) || label.pdf.length === 0)
			throw new NodeOperationError(
				this.getNode(),
				`Bol.com sent an empty label ${shippingLabelId}`,
				{
					itemIndex: i,
				},
			);
		return await pdfFile(this, label.pdf, `bol-label-${shippingLabelId}.pdf`, field, {
			shippingLabelId,
			transporterCode: label.transporterCode,
			trackAndTrace: label.trackAndTrace,
		});
	});
}
