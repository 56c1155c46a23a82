/**
 * Spartoo returns (Get Many since a Unix timestamp / by order, Get, Accept, Refuse with a label link), Refund > Create
 * (cancel before shipping, accept the return after) and the delivery slip as binary data.
 */
import { describe, expect, it } from 'vitest';

import { parseXml, child, children, text } from '../../../nodes/shared/xml';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import { returnSchema } from '../../helpers/model-schemas.mts';
import {
	mockSpartoo,
	orderUpdateAnswer,
	orderXml,
	ordersAnswer,
	returnsAnswer,
	returnUpdateAnswer,
	returnXml,
	runSpartoo,
	statut,
	type SentForm,
} from '../../helpers/spartoo.mts';

useNockAndFakeClock();

describe('Spartoo Return > Get Many and Get', () => {
	it('lists returns since a time as a Unix timestamp, normalized; one product each', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_returns.php',
			[returnsAnswer(returnXml({ id: '1' }), returnXml({ id: '2', status: 4 }))],
			sent,
		);
		// both returns are of order 12345678: it is read once for the returned sizes
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml())], sent);
		const { items } = await runSpartoo({
			resource: 'return',
			operation: 'getAll',
			filterBy: 'since',
			since: '2026-12-01T00:00:00Z',
			status: 'all',
			returnAll: true,
			options: {},
		});
		expect(sent[0].form).toMatchObject({ date: String(Date.parse('2026-12-01T00:00:00Z') / 1000) });
		expect(sent[0].form.statut).toBeUndefined();
		for (const item of items) expect(() => returnSchema.parse(item.json)).not.toThrow();
		expect(items[0].json).toMatchObject({
			marketplace: 'spartoo',
			returnId: '1',
			orderIds: ['12345678'],
			status: 'open',
			registeredAt: '2026-12-01T08:00:00.000Z',
		});
		expect((items[0].json as any).lines[0]).toMatchObject({
			quantity: 1,
			sku: 'SKU-123',
			reason: 'Trop petit & serré',
			handled: false,
			refunded: null,
		});
		expect((items[1].json as any).lines[0]).toMatchObject({
			handled: true,
			handlingResult: 'accepted',
			refunded: true,
		});
		expect(sent.map((s) => [s.script, s.form.oID])).toEqual([
			['xml_export_returns.php', undefined],
			['xml_export_orders.php', '12345678'],
		]);
		expect((items[0].json as any).extra.sizeResolution).toMatchObject({ status: 'resolved' });
	});

	it('lists the returns of one order in one status', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_returns.php', [returnsAnswer(returnXml())], sent);
		await runSpartoo({
			resource: 'return',
			operation: 'getAll',
			filterBy: 'order',
			orderId: '12345678',
			status: '2',
			returnAll: true,
			options: { resolveReturnSize: false },
		});
		expect(sent).toHaveLength(1);
		expect(sent[0].form).toMatchObject({ oID: '12345678', statut: '2' });
		expect(sent[0].form.date).toBeUndefined();
	});

	it('Get asks by rID; an unknown return is an input error', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_returns.php',
			[returnsAnswer(returnXml({ id: '555', status: 3 })), `<root>${statut(-6)}</root>`],
			sent,
		);
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml())], sent);
		const { items } = await runSpartoo(
			{ resource: 'return', operation: 'get', returnId: '555', options: {} },
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(sent[0].form).toMatchObject({ rID: '555' });
		expect((items[0].json as any).lines[0]).toMatchObject({
			handlingResult: 'refused',
			refunded: false,
		});
		expect(items[1].json.error).toMatch(/"Return ID" \(returnId\).*Spartoo does not know this one/);
	});
});

describe("Spartoo returns: the returned size from the return's order", () => {
	const twoSizes = orderXml({
		products: [
			{ reference: 'SKU-123', sizeReference: 'SKU-123-38', size: '38' },
			{ reference: 'SKU-123', sizeReference: 'SKU-123-40', size: '40' },
			{ reference: 'SKU-9', sizeReference: 'SKU-9-U', size: 'TU', spartoo: '111' },
		],
	});

	async function getMany(options: Record<string, unknown>) {
		return await runSpartoo({
			resource: 'return',
			operation: 'getAll',
			filterBy: 'since',
			since: '2026-12-01T00:00:00Z',
			status: 'all',
			returnAll: true,
			options,
		});
	}

	it('one line of the order with the reference: its size reference becomes the sku (Size Reference) and orderLineId', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_returns.php',
			[returnsAnswer(returnXml({ reference: 'SKU-9', size: 'TU' }))],
			sent,
		);
		mockSpartoo('xml_export_orders.php', [ordersAnswer(twoSizes)], sent);
		const { items } = await getMany({ productIdentification: 'sizeReference' });
		const ret = items[0].json as any;
		expect(() => returnSchema.parse(ret)).not.toThrow();
		expect(ret.lines[0]).toMatchObject({
			sku: 'SKU-9-U',
			orderLineId: 'SKU-9-U',
			orderId: '12345678',
		});
		expect(ret.extra.lines[0]).toMatchObject({
			reference: 'SKU-9',
			sizeReference: 'SKU-9-U',
			spartooId: '987654',
		});
		expect(ret.extra.sizeResolution).toMatchObject({
			status: 'resolved',
			by: 'onlyLineWithReference',
		});
	});

	it('several sizes of the product in the order: the one with the returned size label', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_returns.php', [returnsAnswer(returnXml({ size: '40' }))], sent);
		mockSpartoo('xml_export_orders.php', [ordersAnswer(twoSizes)], sent);
		const { items } = await getMany({ productIdentification: 'sizeReference' });
		const ret = items[0].json as any;
		expect(ret.lines[0]).toMatchObject({ sku: 'SKU-123-40', orderLineId: 'SKU-123-40' });
		expect(ret.extra.sizeResolution).toMatchObject({ status: 'resolved', by: 'sizeLabel' });
	});

	it('several sizes and no label to tell them apart: candidates, not a guess; the sku stays the product reference', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_returns.php', [returnsAnswer(returnXml({ size: '39' }))], sent);
		mockSpartoo('xml_export_orders.php', [ordersAnswer(twoSizes)], sent);
		const { items } = await getMany({ productIdentification: 'sizeReference' });
		const ret = items[0].json as any;
		expect(ret.lines[0]).toMatchObject({ sku: 'SKU-123', orderLineId: null });
		expect(ret.extra.sizeReference).toBeNull();
		expect(ret.extra.sizeResolution).toMatchObject({
			status: 'ambiguous',
			candidates: [
				{ orderLineId: 'SKU-123-38', sizeReference: 'SKU-123-38', size: '38' },
				{ orderLineId: 'SKU-123-40', sizeReference: 'SKU-123-40', size: '40' },
			],
		});
		expect(ret.extra.sizeResolution.note).toMatch(/2 lines of product reference SKU-123/);
	});

	it('the default Product Reference identification keeps the sku; the size reference is in extra', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_returns.php', [returnsAnswer(returnXml({ size: '40' }))], sent);
		mockSpartoo('xml_export_orders.php', [ordersAnswer(twoSizes)], sent);
		const { items } = await getMany({});
		const ret = items[0].json as any;
		expect(ret.lines[0]).toMatchObject({ sku: 'SKU-123', orderLineId: 'SKU-123-40' });
		expect(ret.extra.sizeReference).toBe('SKU-123-40');
	});

	it('one order read per order and run; an order Spartoo does not know is reported, not an error', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_returns.php',
			[
				returnsAnswer(
					returnXml({ id: '1', order: '100' }),
					returnXml({ id: '2', order: '200' }),
					returnXml({ id: '3', order: '100', reference: 'SKU-9', size: 'TU' }),
				),
			],
			sent,
		);
		mockSpartoo(
			'xml_export_orders.php',
			[
				(form) =>
					form.oID === '100'
						? ordersAnswer(twoSizes.replace('<orders_id>12345678<', '<orders_id>100<'))
						: `<root>${statut(-6)}</root>`,
				(form) =>
					form.oID === '100'
						? ordersAnswer(twoSizes.replace('<orders_id>12345678<', '<orders_id>100<'))
						: `<root>${statut(-6)}</root>`,
			],
			sent,
		);
		const { items } = await getMany({ productIdentification: 'sizeReference' });
		expect(sent.filter((s) => s.script === 'xml_export_orders.php').map((s) => s.form.oID)).toEqual(
			['100', '200'],
		);
		expect(items.map((i) => (i.json as any).lines[0].sku)).toEqual([
			'SKU-123-38',
			'SKU-123',
			'SKU-9-U',
		]);
		expect((items[1].json as any).extra.sizeResolution).toMatchObject({ status: 'orderNotFound' });
	});

	it('Resolve Size From Order off: no order read, the line names the product reference only', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_returns.php', [returnsAnswer(returnXml({ size: '40' }))], sent);
		const { items } = await getMany({
			productIdentification: 'sizeReference',
			resolveReturnSize: false,
		});
		expect(sent).toHaveLength(1);
		const ret = items[0].json as any;
		expect(ret.lines[0]).toMatchObject({ sku: 'SKU-123', orderLineId: null });
		expect(ret.extra.sizeResolution).toMatchObject({ status: 'notAsked' });
	});
});

describe('Spartoo Return > Accept and Refuse', () => {
	it('Accept sends status=4 with the label link and answers the accepted return', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_returns.php', [returnsAnswer(returnXml({ status: 2 }))], sent);
		mockSpartoo(
			'xml_maj_returns.php',
			[returnUpdateAnswer('555', 1, 'https://labels.example/555.pdf')],
			sent,
		);
		const { items } = await runSpartoo({
			resource: 'return',
			operation: 'accept',
			returnId: '555',
			labelLink: 'https://labels.example/555.pdf',
			options: {},
		});
		expect(sent[1].form).toMatchObject({
			rID: '555',
			status: '4',
			label_link: 'https://labels.example/555.pdf',
		});
		expect(items[0].json).toMatchObject({
			accepted: true,
			alreadyAccepted: false,
			status: 'handled',
			refundedBySpartoo: true,
		});
		expect((items[0].json as any).spartooAnswer).toEqual({
			rID: '555',
			label_link: 'https://labels.example/555.pdf',
			label_file: '',
		});
	});

	it('Refuse is allowed only from 2; from 4 it is refused before any update', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_returns.php',
			[returnsAnswer(returnXml({ status: 2 })), returnsAnswer(returnXml({ status: 4 }))],
			sent,
		);
		mockSpartoo('xml_maj_returns.php', [returnUpdateAnswer('555')], sent);
		const { items } = await runSpartoo(
			{ resource: 'return', operation: 'refuse', returnId: '555', labelLink: '', options: {} },
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(
			sent.filter((s) => s.script === 'xml_maj_returns.php').map((s) => s.form.status),
		).toEqual(['3']);
		expect(items[0].json).toMatchObject({ refused: true, alreadyRefused: false });
		expect(items[1].json.error).toMatch(
			/return 555 is in status 4 \(Parcel received \/ return accepted\), Spartoo allows this only from 2 \(Waiting to be received\)/,
		);
	});

	it('Accept of an accepted return sends nothing; a bad label link is refused before any request', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_returns.php', [returnsAnswer(returnXml({ status: 4 }))], sent);
		const { items } = await runSpartoo(
			{
				resource: 'return',
				operation: 'accept',
				returnId: '555',
				labelLink: (i: number) => (i === 0 ? '' : 'ftp://x'),
				options: {},
			},
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(items[0].json).toMatchObject({ accepted: true, alreadyAccepted: true });
		expect(items[1].json.error).toMatch(/"Return Label Link" \(labelLink\): got "ftp:\/\/x"/);
		expect(sent).toHaveLength(1);
	});
});

describe('Spartoo Refund > Create', () => {
	it('before shipping it cancels the order (41) and says so', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml({ status: 2 }))], sent);
		mockSpartoo('xml_maj_orders.php', [orderUpdateAnswer('12345678', 41)], sent);
		const { items } = await runSpartoo({
			resource: 'refund',
			operation: 'create',
			orderId: '12345678',
			returnId: '',
			options: {},
		});
		expect(sent[1].form).toMatchObject({ oID: '12345678', statut: '41' });
		expect(items[0].json).toMatchObject({
			refundedBy: 'cancel',
			alreadyRefunded: false,
			status: 'cancelled',
		});
		expect(items[0].json.message).toMatch(/cancelled before shipping: Spartoo refunds the buyer/);
	});

	it('after shipping it accepts the order’s open returns (4) and says so', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml({ status: 3 }))], sent);
		mockSpartoo(
			'xml_export_returns.php',
			[returnsAnswer(returnXml({ id: '1', status: 2 }), returnXml({ id: '2', status: 5 }))],
			sent,
		);
		mockSpartoo('xml_maj_returns.php', [returnUpdateAnswer('1')], sent);
		const { items } = await runSpartoo({
			resource: 'refund',
			operation: 'create',
			orderId: '12345678',
			returnId: '',
			options: {},
		});
		expect(sent.map((s) => s.script)).toEqual([
			'xml_export_orders.php',
			'xml_export_returns.php',
			'xml_maj_returns.php',
		]);
		expect(sent[1].form).toMatchObject({ oID: '12345678' });
		expect(sent[2].form).toMatchObject({ rID: '1', status: '4' });
		expect(items[0].json).toMatchObject({ refundedBy: 'returnAccept', alreadyRefunded: false });
		expect((items[0].json.returns as any[]).map((r) => [r.returnId, r.alreadyAccepted])).toEqual([
			['1', false],
			['2', true],
		]);
	});

	it('a shipped order without a return cannot be refunded: says why', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml({ status: 3 }))], sent);
		mockSpartoo('xml_export_returns.php', [returnsAnswer()], sent);
		const error = (await runSpartoo({
			resource: 'refund',
			operation: 'create',
			orderId: '12345678',
			returnId: '',
			options: {},
		}).catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(/Spartoo refunds a shipped order only through a return/);
	});
});

describe('Spartoo Delivery Slip > Download', () => {
	const pdf = Buffer.from('%PDF-1.4\n% Spartoo slip é\n%%EOF');

	it('asks xml_export_bl with the order products and returns the PDF as binary data', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[
				ordersAnswer(
					orderXml({
						products: [
							{ reference: 'A&amp;B', sizeReference: 'A-1', qty: 2 },
							{ reference: 'C', qty: 1 },
						],
					}),
				),
			],
			sent,
		);
		mockSpartoo(
			'xml_export_bl.php',
			[
				`<root><bl><order_id>12345678</order_id><pdf>${pdf.toString('base64')}</pdf></bl><errors>1</errors></root>`,
			],
			sent,
		);
		const { items } = await runSpartoo({
			resource: 'deliverySlip',
			operation: 'download',
			orderId: '12345678',
			binaryProperty: 'slip',
		});
		const xml = parseXml(sent[1].form.xml);
		expect(text(child(xml, 'order_id')!)).toBe('12345678');
		expect(
			children(child(xml, 'products')!, 'product').map((p) => [
				text(child(p, 'reference_partenaire')!),
				text(child(p, 'product_quantity')!),
			]),
		).toEqual([
			['A&B', '2'],
			['C', '1'],
		]);
		expect(items[0].json).toMatchObject({
			orderId: '12345678',
			fileName: 'spartoo-delivery-slip-12345678.pdf',
			bytes: pdf.length,
		});
		expect(Buffer.from(String((items[0].binary as any).slip.data), 'base64').equals(pdf)).toBe(
			true,
		);
	});

	it('an answer without a PDF, or with something else, is an error', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[ordersAnswer(orderXml()), ordersAnswer(orderXml()), ordersAnswer(orderXml())],
			sent,
		);
		mockSpartoo(
			'xml_export_bl.php',
			[
				'<root><bl><order_id>12345678</order_id><pdf></pdf></bl><errors>1</errors></root>',
				`<root><bl><pdf>${Buffer.from('hello').toString('base64')}</pdf></bl><errors>1</errors></root>`,
				'<root><errors>-6</errors></root>',
			],
			sent,
		);
		const { items } = await runSpartoo(
			{
				resource: 'deliverySlip',
				operation: 'download',
				orderId: '12345678',
				binaryProperty: 'data',
			},
			{ items: [{ json: {} }, { json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(items.map((i) => i.json.error)).toEqual([
			expect.stringMatching(/sent no delivery slip/),
			expect.stringMatching(/not a PDF/),
			expect.stringMatching(/code -6, not found/),
		]);
	});
});
