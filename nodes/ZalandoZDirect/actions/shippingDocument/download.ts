import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorJson } from '../../../shared/execute';
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
	{
		displayName: 'Put Output File in Field',
		name: 'binaryProperty',
		type: 'string',
		default: 'data',
		description: 'The binary field the PDF goes into',
		displayOptions: display,
	},
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
	const output: INodeExecutionData[] = [];
	const items = this.getInputData();
	for (let i = 0; i < items.length; i++) {
		try {
			const v = validator(this, i);
			const documentId = v.string(
				{ label: 'Document ID', name: 'documentId' },
				this.getNodeParameter('documentId', i),
				{ maxLength: 200, pattern: /^[A-Za-z0-9_.:-]+$/, patternHint: 'letters, digits, - _ . :' },
			);
			const field = v.string(
				{ label: 'Put Output File in Field', name: 'binaryProperty' },
				this.getNodeParameter('binaryProperty', i, 'data'),
				{ maxLength: 100, pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, patternHint: 'a field name' },
			);
			const bytes = await client.downloadShippingDocument(documentId, i);
			if (!Buffer.isBuffer(bytes) || bytes.length === 0)
				throw new NodeOperationError(
					this.getNode(),
					`Zalando sent an empty document ${documentId}`,
					{
						itemIndex: i,
					},
				);
			const binary = await this.helpers.prepareBinaryData(
				bytes,
				`zalando-${documentId}.pdf`,
				'application/pdf',
			);
			output.push({
				json: { documentId, fileName: `zalando-${documentId}.pdf`, bytes: bytes.length },
				binary: { [field]: binary },
				pairedItem: { item: i },
			});
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: errorJson(error), pairedItem: { item: i } });
				continue;
			}
			throw asNodeError(this, error, i);
		}
	}
	return output;
}
