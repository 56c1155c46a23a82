import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { binaryFieldProperty, pdfFile, readBinaryField } from '../../../shared/files';
import { buildXml, xmlElement } from '../../../shared/xml';
import { SCRIPTS } from '../../constants';
import { downloadLinked } from '../../transport';
import { readDeliverySlip } from '../../transport/read';
import { fetchOrder, orderIdProperty, readId, show, spartooClient } from '../common';

const display = show('deliverySlip', 'download');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	binaryFieldProperty('The binary field the PDF goes into', display),
];

/** The XML `xml_export_bl` takes: the order and its products (your references) with their quantities (S-D7). */
export function deliverySlipXml(
	orderId: string,
	products: Array<{ reference: string; quantity: number }>,
): string {
	return buildXml(
		xmlElement('root', {}, [
			xmlElement('order_id', {}, [orderId]),
			xmlElement(
				'products',
				{},
				products.map((p) =>
					xmlElement('product', {}, [
						xmlElement('reference_partenaire', {}, [p.reference]),
						xmlElement('product_quantity', {}, [p.quantity]),
					]),
				),
			),
		]),
	);
}

/** `pdf` is base64 [unverified] or a link: bytes either way. */
function isPdf(bytes: Buffer): boolean {
	return bytes.subarray(0, 5).toString('latin1') === '%PDF-';
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await spartooClient(this);
	return await runPerItem.call(this, async (i) => {
		const orderId = readId(this, i, 'orderId');
		const field = readBinaryField(this, i);
		const record = await fetchOrder(this, client, orderId, i);
		const products = record.products
			.filter((p) => (p.products_reference ?? '').trim() !== '')
			.map((p) => ({
				reference: p.products_reference.trim(),
				quantity: Math.max(1, Math.trunc(Number(p.products_qty) || 1)),
			}));
		if (products.length === 0)
			throw new NodeOperationError(
				this.getNode(),
				`Order ${orderId} has no product with a reference: Spartoo's delivery slip needs reference_partenaire`,
				{ itemIndex: i },
			);
		const answer = await client.post({
			script: SCRIPTS.deliverySlip,
			form: { xml: deliverySlipXml(orderId, products) },
			operation: `get the delivery slip of order ${orderId}`,
			itemIndex: i,
			read: true,
		});
		const { pdf } = readDeliverySlip(answer.root);
		if (!pdf)
			throw new NodeOperationError(
				this.getNode(),
				`Spartoo sent no delivery slip for order ${orderId} (no <pdf> in its answer)`,
				{ itemIndex: i },
			);
		const bytes = /^https?:\/\//i.test(pdf)
			? await downloadLinked(client, this, pdf, `download the delivery slip of order ${orderId}`, i)
			: Buffer.from(pdf.replace(/\s+/g, ''), 'base64');
		if (bytes.length === 0 || !isPdf(bytes))
			throw new NodeOperationError(
				this.getNode(),
				`The delivery slip Spartoo sent for order ${orderId} is not a PDF (neither base64 of a PDF nor a link to one)`,
				{ itemIndex: i },
			);
		return await pdfFile(this, bytes, `spartoo-delivery-slip-${orderId}.pdf`, field, {
			orderId,
			products: products.length,
		});
	});
}
