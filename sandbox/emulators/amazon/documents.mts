import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { gzipSync } from 'node:zlib';

import {
	headerValue,
	parseMediaType,
	type EmulatorRequest,
	type EmulatorResponse,
} from '../core/http.mts';
import type { AmazonStore, StoredDocument } from './store.mts';

/**
 * The fake S3 behind feed and report documents. `createFeedDocument` / `getFeedDocument` / `getReportDocument`
 * hand out pre-signed URLs (`/s3/<bucket>/<document>?X-Amz-...`) that are bound to one method, expire on the emulated
 * clock (5 minutes by default, as Amazon's upload URLs) and are checked like S3 checks them: a wrong signature, an
 * expired URL or an upload whose Content-Type differs from the one the document was created with is refused with
 * S3's XML error. Stricter than S3 on purpose: a request that carries the SP-API access token is refused, because
 * the token must never leave the SP-API.
 */

const SIGNING_KEY = 'amazon-emulator-s3-signing-key';
const BUCKETS: Record<StoredDocument['purpose'], string> = {
	'feed-input': 'tortuga-prod-feeds-input',
	'feed-result': 'tortuga-prod-feeds-output',
	report: 'tortuga-prod-reports',
};

function amzDate(epochMs: number): string {
	return new Date(epochMs)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): number {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	return m
		? Date.UTC(
				Number(m[1]),
				Number(m[2]) - 1,
				Number(m[3]),
				Number(m[4]),
				Number(m[5]),
				Number(m[6]),
			)
		: NaN;
}

function signature(method: string, path: string, date: string, expires: string): string {
	return createHmac('sha256', SIGNING_KEY)
		.update(`${method}\n${path}\n${date}\n${expires}`)
		.digest('hex');
}

export function documentPath(doc: StoredDocument): string {
	return `/s3/${BUCKETS[doc.purpose]}/${doc.id}`;
}

/** A pre-signed URL for one method on one document, valid `seconds` of emulated time from `now`. */
export function presign(
	origin: string,
	doc: StoredDocument,
	method: 'GET' | 'PUT',
	now: number,
	seconds: number,
): string {
	const path = documentPath(doc);
	const date = amzDate(now);
	const expires = String(seconds);
	const query = new URLSearchParams({
		'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
		'X-Amz-Date': date,
		'X-Amz-Expires': expires,
		'X-Amz-SignedHeaders': 'content-type;host',
		'X-Amz-Signature': signature(method, path, date, expires),
	});
	return `${origin}${path}?${query.toString()}`;
}

function s3Error(status: number, code: string, message: string): EmulatorResponse {
	return {
		status,
		raw: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>EMULATOR</RequestId></Error>`,
		contentType: 'application/xml',
	};
}

function checkUrl(req: EmulatorRequest, now: number): EmulatorResponse | undefined {
	if (headerValue(req, 'x-amz-access-token')) {
		return s3Error(
			400,
			'InvalidRequest',
			'The SP-API access token must not be sent to a pre-signed S3 URL.',
		);
	}
	const date = req.query.get('X-Amz-Date') ?? '';
	const expires = req.query.get('X-Amz-Expires') ?? '';
	const given = req.query.get('X-Amz-Signature') ?? '';
	const expected = signature(req.method, req.path, date, expires);
	if (
		given.length !== expected.length ||
		!timingSafeEqual(Buffer.from(given), Buffer.from(expected))
	) {
		return s3Error(
			403,
			'SignatureDoesNotMatch',
			'The request signature we calculated does not match the signature you provided.',
		);
	}
	const issued = parseAmzDate(date);
	if (Number.isNaN(issued) || now > issued + Number(expires) * 1000)
		return s3Error(403, 'AccessDenied', 'Request has expired');
	return undefined;
}

function documentOf(req: EmulatorRequest, store: AmazonStore): StoredDocument | undefined {
	const doc = store.documents.get(req.params.document as string);
	return doc && BUCKETS[doc.purpose] === req.params.bucket ? doc : undefined;
}

/** `PUT /s3/<bucket>/<document>`: the feed upload. */
export function uploadDocument(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
): EmulatorResponse {
	const refused = checkUrl(req, now);
	if (refused) return refused;
	const doc = documentOf(req, store);
	if (!doc || doc.purpose !== 'feed-input')
		return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
	const declared = parseMediaType(doc.contentType)?.type;
	if (req.contentType !== declared) {
		return s3Error(
			403,
			'SignatureDoesNotMatch',
			`The Content-Type must be the one the feed document was created with (${doc.contentType}).`,
		);
	}
	doc.content = Buffer.from(req.rawBody);
	doc.uploadedAt = now;
	return {
		status: 200,
		headers: { etag: `"${createHash('md5').update(doc.content).digest('hex')}"` },
	};
}

/** `GET /s3/<bucket>/<document>`: a processing report or a report document. */
export function downloadDocument(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
): EmulatorResponse {
	const refused = checkUrl(req, now);
	if (refused) return refused;
	const doc = documentOf(req, store);
	if (!doc || doc.content === undefined)
		return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
	return { status: 200, raw: doc.content, contentType: doc.contentType };
}

/** A stored result document (processing report, report), GZIP-compressed when the setting asks for it. */
export function storeResult(
	store: AmazonStore,
	sellerId: string,
	purpose: 'feed-result' | 'report',
	content: string,
	contentType: string,
	now: number,
): StoredDocument {
	const compressed = store.settings.compressDocuments;
	const bytes = Buffer.from(content, 'utf8');
	const doc: StoredDocument = {
		id: `amzn1.${purpose === 'report' ? 'spdoc' : 'tortuga'}.4.eu.${store.random.uuid()}`,
		sellerId,
		purpose,
		contentType,
		content: compressed ? gzipSync(bytes) : bytes,
		compressed,
		createdAt: now,
		uploadedAt: now,
	};
	store.documents.set(doc.id, doc);
	return doc;
}
