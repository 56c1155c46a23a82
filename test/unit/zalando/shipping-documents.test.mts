import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { ZSS_DOWNLOAD_PATH } from '../../../nodes/ZalandoZDirect/constants';
import { ZalandoZDirect } from '../../../nodes/ZalandoZDirect/ZalandoZDirect.node';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	ORDER_ID,
	ZALANDO_BASE,
	mockZalandoToken,
	runZalando,
	zalandoContext,
} from '../../helpers/zalando.mts';

useNockAndFakeClock();

const DOCUMENT = '3f2a9c1e-5b7d-5e8f-9a0b-1c2d3e4f5a6b';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n', 'latin1');

/** Runs Download (the test context keeps binary data as n8n does in memory: base64 with name, type and size). */
async function download(parameters: Record<string, unknown>) {
	const fake = zalandoContext({
		resource: 'shippingDocument',
		operation: 'download',
		documentId: DOCUMENT,
		...parameters,
	});
	const output: INodeExecutionData[][] = await new ZalandoZDirect().execute.call(fake.ctx);
	return output[0];
}

describe('Zalando shipping documents (ZSS)', () => {
	it('lists the documents of an order, one output item each, with the order id', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE, { reqheaders: { accept: 'application/json' } })
			.get('/zss/shipping-documents')
			.query({ order_id: ORDER_ID })
			.reply(200, {
				documents: [
					{
						id: 'd1',
						shipment_id: 's1',
						order_id: ORDER_ID,
						shipment_number: '1',
						type: 'RETURN_LABEL',
					},
					{
						id: 'd2',
						shipment_id: 's1',
						order_id: ORDER_ID,
						shipment_number: '1',
						type: 'DELIVERY_SLIP',
					},
				],
			});
		const { items } = await runZalando({
			resource: 'shippingDocument',
			operation: 'getAll',
			orderId: ORDER_ID,
		});
		expect(items.map((i) => [i.json.orderId, i.json.id, i.json.type])).toEqual([
			[ORDER_ID, 'd1', 'RETURN_LABEL'],
			[ORDER_ID, 'd2', 'DELIVERY_SLIP'],
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('downloads the PDF at the one unverified path, asking for application/pdf, into the chosen binary field', async () => {
		expect(ZSS_DOWNLOAD_PATH(DOCUMENT)).toBe(`/zss/shipping-documents/${DOCUMENT}`);
		mockZalandoToken();
		nock(ZALANDO_BASE, { reqheaders: { accept: 'application/pdf' } })
			.get(ZSS_DOWNLOAD_PATH(DOCUMENT))
			.reply(200, PDF, { 'content-type': 'application/pdf' });
		const [item] = await download({ binaryProperty: 'label' });
		expect(item.json).toEqual({
			documentId: DOCUMENT,
			fileName: `zalando-${DOCUMENT}.pdf`,
			bytes: PDF.length,
		});
		expect(item.binary?.label.mimeType).toBe('application/pdf');
		expect(Buffer.from(item.binary!.label.data, 'base64').equals(PDF)).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('an empty answer or a 404 is an error, not an empty file', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE).get(ZSS_DOWNLOAD_PATH(DOCUMENT)).reply(200, Buffer.alloc(0), {
			'content-type': 'application/pdf',
		});
		const empty = (await download({}).catch((e: Error) => e)) as Error;
		expect(empty.message).toMatch(/empty document/);
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(ZSS_DOWNLOAD_PATH(DOCUMENT))
			.reply(404, { errors: [{ status: '404', title: 'Not Found', detail: 'No such document.' }] });
		const missing = (await download({}).catch((e: Error) => e)) as Error;
		expect(missing.message).toMatch(/404.*No such document/);
		expect((await download({ documentId: 'a b' }).catch((e: Error) => e)) as Error).toHaveProperty(
			'message',
			expect.stringMatching(/"Document ID" \(documentId\)/),
		);
	});
});
