import { gzipSync } from 'node:zlib';

import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { RETURNS_REPORT } from '../../../nodes/AmazonSellingPartner/constants';
import { returnSchema } from '../../helpers/model-schemas.mts';
import {
	AMAZON_BASE,
	DE,
	S3_BASE,
	mockLwa,
	modelViolations,
	useUnitSetup,
} from '../../helpers/amazon.mts';
import { runNode, runNodeError } from './run.mts';

const clockOf = useUnitSetup();

const HEADER = Object.values(RETURNS_REPORT.columns);
function row(values: Partial<Record<keyof typeof RETURNS_REPORT.columns, string>>) {
	return (Object.keys(RETURNS_REPORT.columns) as Array<keyof typeof RETURNS_REPORT.columns>)
		.map((key) => values[key] ?? '')
		.join('\t');
}

const REPORT = [
	HEADER.join('\t'),
	row({
		orderId: '302-1234567-7654321',
		orderDate: '2026-11-01',
		requestDate: '2026-11-10T08:00:00+00:00',
		requestStatus: 'Approved',
		rmaId: 'DdLkj7Rrn',
		sku: 'AMZ-MUG-350',
		title: 'Crème de jour SPF 30 (50 ml)',
		quantity: '1',
		reason: 'DEFECTIVE',
		carrier: 'DHL',
		trackingId: 'JVGL0123',
		currency: 'EUR',
	}),
	row({
		orderId: '302-1234567-7654321',
		requestDate: '2026-11-10T08:00:00+00:00',
		requestStatus: 'Approved',
		rmaId: 'DdLkj7Rrn',
		sku: 'AMZ-BELL',
		title: 'Fietsbel',
		quantity: '2',
		reason: 'NOT_AS_DESCRIBED',
		currency: 'EUR',
	}),
	row({
		orderId: '302-7654321-1234567',
		requestDate: '2026-11-12T09:30:00+00:00',
		requestStatus: 'Closed',
		rmaId: 'Xy12',
		sku: 'AMZ-TEA',
		quantity: '1',
		reason: 'UNWANTED_ITEM',
		resolution: 'StandardRefund',
		refundedAmount: '21.50',
		currency: 'EUR',
	}),
].join('\r\n');

const returns = (params: Record<string, unknown> = {}) => ({
	resource: 'return',
	operation: 'getAll',
	after: '2026-11-01T00:00:00Z',
	before: '',
	returnAll: true,
	options: {},
	...params,
});

function serveReport(content: Buffer | string, compressed = false, status = 'DONE') {
	let created: any;
	nock(AMAZON_BASE)
		.post('/reports/2021-06-30/reports', (body) => ((created = body), true))
		.reply(202, { reportId: 'R1' })
		.get('/reports/2021-06-30/reports/R1')
		.reply(200, {
			reportId: 'R1',
			reportType: RETURNS_REPORT.reportType,
			createdTime: '2026-11-23T10:00:00Z',
			processingStatus: 'IN_QUEUE',
		})
		.get('/reports/2021-06-30/reports/R1')
		.reply(200, {
			reportId: 'R1',
			reportType: RETURNS_REPORT.reportType,
			createdTime: '2026-11-23T10:00:00Z',
			processingStatus: status,
			...(status === 'DONE' ? { reportDocumentId: 'amzn1.spdoc.R1' } : {}),
		});
	if (status === 'DONE') {
		nock(AMAZON_BASE)
			.get('/reports/2021-06-30/documents/amzn1.spdoc.R1')
			.reply(200, {
				reportDocumentId: 'amzn1.spdoc.R1',
				url: `${S3_BASE}/report-R1?sig=1`,
				...(compressed ? { compressionAlgorithm: 'GZIP' } : {}),
			});
		nock(S3_BASE)
			.get('/report-R1')
			.query(true)
			.reply(200, content, { 'Content-Type': 'text/plain; charset=windows-1252' });
	}
	return () => created;
}

describe('return: getAll (returns report)', () => {
	it('requests the returns report, waits for it, downloads (gzip, windows-1252) and normalizes one return per RMA', async () => {
		mockLwa();
		const created = serveReport(gzipSync(Buffer.from(REPORT, 'latin1')), true);
		const { items, fake } = await runNode(returns({ options: { skuPrefixPattern: 'AMZ-' } }));
		expect(modelViolations(fake.http)).toEqual([]);
		expect(created()).toEqual({
			reportType: 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE',
			marketplaceIds: [DE],
			dataStartTime: '2026-11-01T00:00:00.000Z',
			dataEndTime: '2026-11-23T10:00:00.000Z',
		});
		expect(clockOf().sleeps).toEqual([2000]);
		expect(items).toHaveLength(2);
		for (const item of items) expect(() => returnSchema.parse(item.json)).not.toThrow();
		const [first, second] = items.map((i) => i.json as Record<string, any>);
		expect(first).toMatchObject({
			marketplace: 'amazon',
			returnId: 'DdLkj7Rrn',
			orderIds: ['302-1234567-7654321'],
			registeredAt: '2026-11-10T08:00:00.000Z',
			fulfilment: 'merchant',
			status: 'open',
		});
		expect(
			first.lines.map((l: any) => [l.lineId, l.sku, l.quantity, l.reason, l.handled, l.refunded]),
		).toEqual([
			['DdLkj7Rrn-1', 'MUG-350', 1, 'DEFECTIVE', false, null],
			['DdLkj7Rrn-2', 'BELL', 2, 'NOT_AS_DESCRIBED', false, null],
		]);
		expect(first.lines[0]).toMatchObject({
			title: 'Crème de jour SPF 30 (50 ml)',
			carrier: 'DHL',
			trackAndTrace: 'JVGL0123',
			processingResult: 'Approved',
		});
		expect(first.extra.note).toContain('no call to authorize, reject or handle a return');
		expect(second).toMatchObject({
			returnId: 'Xy12',
			status: 'handled',
			extra: { refundedAmount: 21.5 },
		});
		expect(second.lines[0]).toMatchObject({
			handled: true,
			refunded: true,
			handlingResult: 'StandardRefund',
			quantityProcessed: 1,
		});
	});

	it('returns nothing when Amazon cancels the report for lack of data', async () => {
		mockLwa();
		serveReport('', false, 'CANCELLED');
		const { items } = await runNode(returns());
		expect(items).toEqual([]);
	});

	it('fails with the report id when Amazon could not make it', async () => {
		mockLwa();
		serveReport('', false, 'FATAL');
		const { error } = await runNodeError(returns());
		expect(error.message).toContain('Amazon could not generate the returns report R1 (FATAL)');
	});

	it('refuses a range longer than the 60 days Amazon allows, and an end before the start, before any request', async () => {
		const long = await runNodeError(returns({ after: '2026-09-01T00:00:00Z' }));
		expect(long.error.message).toContain('at most 60 days after "Returned After"');
		const reversed = await runNodeError(returns({ before: '2026-10-01T00:00:00Z' }));
		expect(reversed.error.message).toContain('Invalid value for "Returned After" (after)');
		for (const run of [long, reversed]) expect(run.fake.http).toHaveLength(0);
	});

	it('limits the output', async () => {
		mockLwa();
		serveReport(REPORT);
		const { items } = await runNode(returns({ returnAll: false, limit: 1 }));
		expect(items.map((i) => i.json.returnId)).toEqual(['DdLkj7Rrn']);
	});
});
