import {
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
	type Principal,
} from '../core/http.mts';
import { invalidInput, notFound, type AmazonErrorFactory } from './auth.mts';
import { presign, storeResult } from './documents.mts';
import { RETURNS_REPORT_COLUMNS } from './seed.mts';
import {
	isoTime,
	jobDue,
	presentJob,
	queueJob,
	type AmazonStore,
	type Json,
	type StoredReport,
} from './store.mts';

/**
 * Reports API 2021-06-30 for the returns report (GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE, tab-delimited, at most
 * 60 days per request): createReport -> IN_QUEUE -> IN_PROGRESS -> DONE with a report document, or CANCELLED when
 * there is no data (as Amazon does). Other report types end FATAL (not emulated).
 */

export const RETURNS_REPORT_TYPE = 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE';
const MAX_RANGE_MS = 60 * 24 * 3_600_000;
const DEFAULT_RANGE_MS = 30 * 24 * 3_600_000;

function seller(req: EmulatorRequest): string {
	return (req.principal as Principal).sellerId as string;
}

export function presentReport(report: StoredReport): Json {
	return {
		reportId: report.reportId,
		reportType: report.reportType,
		dataStartTime: isoTime(report.dataStartTime),
		dataEndTime: isoTime(report.dataEndTime),
		...presentJob(report),
		...(report.reportDocumentId ? { reportDocumentId: report.reportDocumentId } : {}),
	};
}

export function createReport(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const body = req.body as Json;
	const end = body.dataEndTime ? Date.parse(body.dataEndTime) : now;
	const start = body.dataStartTime ? Date.parse(body.dataStartTime) : end - DEFAULT_RANGE_MS;
	if (start > end) return invalidInput(error, 'dataStartTime must be before dataEndTime.');
	if (body.reportType === RETURNS_REPORT_TYPE && end - start > MAX_RANGE_MS) {
		return invalidInput(error, 'The returns report covers at most 60 days per request.');
	}
	const report: StoredReport = {
		reportId: String(90_000 + store.reports.size + 1),
		sellerId: seller(req),
		reportType: String(body.reportType),
		marketplaceIds: body.marketplaceIds as string[],
		dataStartTime: start,
		dataEndTime: end,
		...queueJob(now, store.settings.reportQueueSeconds, store.settings.reportProcessingSeconds),
	};
	store.reports.set(report.reportId, report);
	return jsonResponse(202, { reportId: report.reportId });
}

export function getReport(
	req: EmulatorRequest,
	store: AmazonStore,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const report = store.reports.get(req.params.reportId as string);
	if (!report || report.sellerId !== seller(req))
		return notFound(error, 'report', `reportId ${String(req.params.reportId)}`);
	return jsonResponse(200, presentReport(report));
}

export function getReportDocument(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const doc = store.documents.get(req.params.reportDocumentId as string);
	if (!doc || doc.sellerId !== seller(req) || doc.purpose !== 'report') {
		return notFound(
			error,
			'report document',
			`reportDocumentId ${String(req.params.reportDocumentId)}`,
		);
	}
	return jsonResponse(200, {
		reportDocumentId: doc.id,
		url: presign(req.origin, doc, 'GET', now, store.settings.presignedUrlSeconds),
		...(doc.compressed ? { compressionAlgorithm: 'GZIP' } : {}),
	});
}

/** The returns report: one tab-separated line per returned item, Amazon's documented columns. */
export function returnsReportContent(store: AmazonStore, report: StoredReport): string | undefined {
	const rows = store.returns
		.filter(
			(r) => r.sellerId === report.sellerId && report.marketplaceIds.includes(r.marketplaceId),
		)
		.filter((r) => r.requestedAt >= report.dataStartTime && r.requestedAt <= report.dataEndTime)
		.sort((a, b) => a.requestedAt - b.requestedAt);
	if (rows.length === 0) return undefined;
	const clean = (value: string | undefined) => (value ?? '').replace(/[\t\r\n]+/g, ' ');
	return (
		[
			RETURNS_REPORT_COLUMNS.join('\t'),
			...rows.map((r) => RETURNS_REPORT_COLUMNS.map((c) => clean(r.values[c])).join('\t')),
		].join('\n') + '\n'
	);
}

export function tickReports(store: AmazonStore, now: number): void {
	for (const report of store.reports.values()) {
		if (!jobDue(report, now)) continue;
		report.processingEndTime = report.finishesAt;
		if (report.reportType !== RETURNS_REPORT_TYPE) {
			report.status = 'FATAL';
			continue;
		}
		const content = returnsReportContent(store, report);
		if (content === undefined) {
			report.status = 'CANCELLED';
			continue;
		}
		report.reportDocumentId = storeResult(
			store,
			report.sellerId,
			'report',
			content,
			'text/plain; charset=UTF-8',
			report.finishesAt,
		).id;
		report.status = 'DONE';
	}
}
