import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { locatorProperty, readLocator, type LocatorSpec } from '../../../shared/locators';
import { binaryFieldProperty, pdfFile, readBinaryField } from '../../../shared/files';
import { ZSS_DOWNLOAD_PATH } from '../../constants';
import { orderIdProperty, show, validator, zalandoClient } from '../common';

const display = show('shippingDocument', 'download');

/**
 * The shipping document picker: the documents of the order chosen above it (or of an order ID or number typed in the
 * search). Its name stays `documentId` so plain-string values and expressions keep working. No "By URL".
 */
export const DOCUMENT_LOCATOR: LocatorSpec = {
	displayName: 'Document ID',
	name: 'documentId',
	description:
		'The ZSS shipping document: pick one of the documents of the order chosen above (outbound label, return label, delivery slip; or type an order ID or number in the search), or type its ID (`id` of a Shipping Document > Get Many item). For an AI agent: the document ID as text, e.g. 3f2a9c1e-5b7d-5e8f-9a0b-1c2d3e4f5a6b.',
	searchListMethod: 'searchShippingDocuments',
	listPlaceholder: 'Select a document (choose the order first)...',
	id: {
		regex: '[A-Za-z0-9_.:-]{1,200}',
		hint: 'a ZSS document ID: letters, digits, - _ . :',
		placeholder: '3f2a9c1e-5b7d-5e8f-9a0b-1c2d3e4f5a6b',
	},
};

export const description: INodeProperties[] = [
	{
		...orderIdProperty,
		required: false,
		description:
			'Only for the Document ID list: the order whose shipping documents it shows (Zalando lists documents per order). The download needs the document ID alone; this order is not sent.',
		displayOptions: display,
	},
	{ ...locatorProperty(DOCUMENT_LOCATOR), displayOptions: display },
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
		const documentId = readLocator(
			v,
			{ label: 'Document ID', name: 'documentId' },
			this.getNodeParameter('documentId', i),
			DOCUMENT_LOCATOR,
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
