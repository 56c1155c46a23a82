import nock from 'nock';

import { AmazonSellingPartnerApi } from '../../credentials/AmazonSellingPartnerApi.credentials';
import {
	checkAmazonRequest,
	sandboxExamples,
	violationMessage,
} from '../../sandbox/emulators/amazon/spec.mts';
import type { FakeClock } from './clock.mts';
import { createContext, type ContextOptions, type HttpLogEntry } from './context.mts';
import { useNockAndFakeClock } from './nock.mts';

export const AMAZON_BASE = 'http://amazon.test';
export const S3_BASE = 'http://s3.amazon.test';
export const LWA_PATH = '/auth/o2/token';
export const CLIENT_ID = 'amzn1.application-oa2-client.test0001';
export const CLIENT_SECRET = 'amzn1.oa2-cs.v1.super-secret-value-xyz';
export const REFRESH_TOKEN = 'Atzr|refresh-token-secret-abc';
export const SELLER_ID = 'A2SELLERTEST01';
export const DE = 'A1PA6795UKMFR9';
export const NL = 'A1805IZSGTT6HS';

export function amazonCredentials(overrides: Record<string, unknown> = {}) {
	return {
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		refreshToken: REFRESH_TOKEN,
		region: 'eu',
		sellerId: SELLER_ID,
		marketplaceIds: [DE],
		otherMarketplaceIds: '',
		environment: 'custom',
		baseUrl: AMAZON_BASE,
		authUrl: `${AMAZON_BASE}${LWA_PATH}`,
		accessToken: '',
		...overrides,
	};
}

export function amazonContext(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
) {
	return createContext({
		credentialType: new AmazonSellingPartnerApi(),
		credentials: amazonCredentials(),
		parameters,
		nodeType: 'n8n-nodes-marketplace-sync.amazonSellingPartner',
		...extra,
	});
}

let tokenCounter = 0;

/** The LWA token endpoint: checks the refresh-token grant form, hands out numbered tokens. */
export function mockLwa(times = 1, scope = nock(AMAZON_BASE)) {
	return scope
		.post(LWA_PATH, (body: Record<string, string>) => {
			return (
				body.grant_type === 'refresh_token' &&
				body.refresh_token === REFRESH_TOKEN &&
				body.client_id === CLIENT_ID &&
				body.client_secret === CLIENT_SECRET
			);
		})
		.times(times)
		.reply(200, () => ({
			access_token: `Atza|access-${++tokenCounter}`,
			token_type: 'bearer',
			expires_in: 3600,
			refresh_token: REFRESH_TOKEN,
		}));
}

export function amazonErrors(code: string, message: string, details?: string) {
	return { errors: [{ code, message, ...(details === undefined ? {} : { details }) }] };
}

/**
 * Every SP-API request in the log (not LWA, not the pre-signed S3 URLs) must match an operation of the official
 * models and validate against it: parameters, body, names (case-sensitive). Returns the problems found.
 */
export function modelViolations(log: HttpLogEntry[]): string[] {
	const problems: string[] = [];
	for (const entry of log) {
		const url = new URL(entry.url);
		if (url.origin !== AMAZON_BASE || url.pathname === LWA_PATH) continue;
		const contentType = Object.entries(entry.headers)
			.find(([k]) => k.toLowerCase() === 'content-type')?.[1]
			?.split(';')[0];
		const result = checkAmazonRequest({
			method: entry.method,
			path: decodeURI(url.pathname),
			query: url.searchParams,
			headers: Object.fromEntries(
				Object.entries(entry.headers).map(([k, v]) => [k.toLowerCase(), v]),
			),
			body: entry.body,
			contentType,
		});
		if (!result.operation)
			problems.push(`${entry.method} ${url.pathname}: no such operation in the models`);
		for (const v of result.violations)
			problems.push(`${entry.method} ${url.pathname}: ${violationMessage(v)}`);
		if (!Object.keys(entry.headers).some((k) => k.toLowerCase() === 'x-amz-access-token')) {
			problems.push(`${entry.method} ${url.pathname}: no x-amz-access-token`);
		}
	}
	return problems;
}

/** The SP-API calls of a log as `METHOD /path`. */
export function calls(log: HttpLogEntry[]): string[] {
	return log.map((e) => `${e.method} ${new URL(e.url).pathname}`);
}

export function header(entry: HttpLogEntry, name: string): string | undefined {
	return Object.entries(entry.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

/** Orders from the model's `x-amzn-api-sandbox` examples, by order id. */
export function exampleOrder(orderId: string): Record<string, any> {
	const examples = [
		...sandboxExamples(
			'orders_2026-01-01.json',
			'/orders/2026-01-01/orders/{orderId}',
			'get',
			'200',
		).map((e) => (e.response as any).order),
		...sandboxExamples('orders_2026-01-01.json', '/orders/2026-01-01/orders', 'get', '200').flatMap(
			(e) => (e.response as any).orders,
		),
	];
	const order = examples.find((o) => o.orderId === orderId);
	if (!order) throw new Error(`no sandbox example order ${orderId}`);
	return structuredClone(order);
}

/** Brazil, UNSHIPPED, merchant-fulfilled, one item (17198765432109, ECHO-DOT-4-BR-PRETO, 299.90 BRL). */
export const BR_UNSHIPPED = '171-9876543-2109876';
/** US, UNSHIPPED, merchant-fulfilled, ITEM 39.99 + TAX 10.00. */
export const US_UNSHIPPED = '114-9876543-1234567';
/** Japan, SHIPPED, fulfilled by Amazon, two items. */
export const JP_FBA = '250-1234567-8901234';
/** Turkey, SHIPPED, merchant-fulfilled. */
export const TR_SHIPPED = '028-1234567-8901234';

/** The pre-signed S3 upload of a feed document: records what was uploaded. */
export function mockUpload(path = '/feed-upload', uploads: string[] = []) {
	nock(S3_BASE)
		.put(path)
		.query(true)
		.reply(200, (_uri: string, body: string) => {
			uploads.push(typeof body === 'string' ? body : JSON.stringify(body));
			return '';
		});
	return uploads;
}

/** Feed lifecycle with nock: document, upload, feed, one IN_PROGRESS then DONE, report document, download. */
export function mockFeedLifecycle(options: {
	feedType: string;
	report: string | Buffer;
	compressed?: boolean;
	feedId?: string;
	contentType?: string;
	status?: 'DONE' | 'FATAL' | 'CANCELLED';
}) {
	const feedId = options.feedId ?? '50001';
	const uploads = mockUpload();
	const created: Array<Record<string, unknown>> = [];
	nock(AMAZON_BASE)
		.post('/feeds/2021-06-30/documents')
		.reply(201, {
			feedDocumentId: 'amzn1.tortuga.doc.in',
			url: `${S3_BASE}/feed-upload?X-Amz-Signature=abc`,
		})
		.post('/feeds/2021-06-30/feeds', (body: Record<string, unknown>) => (created.push(body), true))
		.reply(202, { feedId })
		.get(`/feeds/2021-06-30/feeds/${feedId}`)
		.reply(200, {
			feedId,
			feedType: options.feedType,
			createdTime: '2026-11-23T10:00:00Z',
			processingStatus: 'IN_PROGRESS',
		})
		.get(`/feeds/2021-06-30/feeds/${feedId}`)
		.reply(200, {
			feedId,
			feedType: options.feedType,
			createdTime: '2026-11-23T10:00:00Z',
			processingStatus: options.status ?? 'DONE',
			processingEndTime: '2026-11-23T10:03:00Z',
			resultFeedDocumentId: 'amzn1.tortuga.doc.out',
		})
		.get('/feeds/2021-06-30/documents/amzn1.tortuga.doc.out')
		.reply(200, {
			feedDocumentId: 'amzn1.tortuga.doc.out',
			url: `${S3_BASE}/feed-report?X-Amz-Signature=def`,
			...(options.compressed ? { compressionAlgorithm: 'GZIP' } : {}),
		});
	nock(S3_BASE)
		.get('/feed-report')
		.query(true)
		.reply(200, options.report, {
			'Content-Type': options.contentType ?? 'application/octet-stream',
		});
	return { uploads, created, feedId };
}

/** An XML processing report of the order feeds: results for the given messages (others succeeded). */
export function xmlReport(
	processed: number,
	results: Array<{
		messageId: number;
		code: 'Error' | 'Warning';
		description: string;
		messageCode?: string;
	}>,
) {
	const errors = results.filter((r) => r.code === 'Error').length;
	const warnings = results.filter((r) => r.code === 'Warning').length;
	return `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
<Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>${SELLER_ID}</MerchantIdentifier></Header>
<MessageType>ProcessingReport</MessageType>
<Message><MessageID>1</MessageID><ProcessingReport><DocumentTransactionID>50001</DocumentTransactionID><StatusCode>Complete</StatusCode>
<ProcessingSummary><MessagesProcessed>${processed}</MessagesProcessed><MessagesSuccessful>${processed - errors}</MessagesSuccessful><MessagesWithError>${errors}</MessagesWithError><MessagesWithWarning>${warnings}</MessagesWithWarning></ProcessingSummary>
${results
	.map(
		(r) =>
			`<Result><MessageID>${r.messageId}</MessageID><ResultCode>${r.code}</ResultCode><ResultMessageCode>${r.messageCode ?? '18028'}</ResultMessageCode><ResultDescription>${r.description}</ResultDescription></Result>`,
	)
	.join('\n')}
</ProcessingReport></Message>
</AmazonEnvelope>`;
}

/**
 * The hooks every Amazon unit test file needs: a fake clock (waits return at once, recorded), fresh rate limiters,
 * nock without the network. Returns a getter for the current test's clock.
 */
export function useUnitSetup(start = Date.parse('2026-11-23T10:00:00Z')): () => FakeClock {
	return useNockAndFakeClock(start);
}
