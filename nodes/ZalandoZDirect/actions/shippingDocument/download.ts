import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { binaryFieldProperty, pdfFile, readBinaryField } from '../../../shared/files';
import { ZSS_DOWNLOAD_PATH } from '../../constants';
import { show, validator, zalandoClient } from '../common';

const display = show('shippingDocument', 'download');

export const description: INodeProperties[] = [
	{
		displayName: 'Document ID',
		name: 'documentId',
		type: 'string',
		required: true,
		default: '',
		description: 'The ID of a document, as listed by Shipping Document > Get Many',
		displayOptions: display,
	},
	binaryFieldProperty('The binary field the PDF goes into', display),
	{
		displayName: `Zalando documents the list of shipping documents but not the download path: this operation asks GET ${ZSS_DOWNLOAD_PATH('DOCUMENT_ID')} with Accept: application/pdf, which is unverified.`,
		name: 'downloadNotice',
		type: 'notice',
		default: '',
		displayOptions: display,
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await zalandoClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const documentId = v.string(
			{ label: 'Document ID', name: 'documentId' },
			this.getNodeParameter('documentId', i),
			{ maxLength: 200, pattern: /^[A-Za-z0-9_.:-]+$/, patternHint: 'letters, digits, - _ . :' },
		);
		const field = readBinaryField(this, i);
		const bytes = await client.downloadShippingDocument(documentId, i);
		if (!Buffer.isBuffer(bytes) || bytes.length === 0)
			throw new NodeOperationError(this.getNode(), `Zalando sent an empty document ${documentId}`, {
				itemIndex: i,
			});
		return await pdfFile(this, bytes, `zalando-${documentId}.pdf`, field, { documentId });
	});
}
