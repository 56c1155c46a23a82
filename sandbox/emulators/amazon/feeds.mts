import {
	emptyResponse,
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
	type Principal,
} from '../core/http.mts';
import {
	ADJUSTMENT_COMPONENTS,
	ADJUSTMENT_REASONS,
	CANCEL_REASONS,
} from '../../../nodes/AmazonSellingPartner/constants';
import { invalidInput, notFound, type AmazonErrorFactory } from './auth.mts';
import { presign, storeResult } from './documents.mts';
import { applyListingPatch } from './listings.mts';
import { openQuantity, settleStatus } from './orders.mts';
import { listingsFeedProblems } from './spec.mts';
import {
	presentJob,
	queueJob,
	jobDue,
	isoTime,
	type AmazonStore,
	type Json,
	type StoredDocument,
	type StoredFeed,
} from './store.mts';

/**
 * Feeds API 2021-06-30 with the whole lifecycle: createFeedDocument -> PUT to the pre-signed URL -> createFeed ->
 * IN_QUEUE -> IN_PROGRESS -> DONE | FATAL (| CANCELLED) on the emulated clock -> getFeedDocument -> processing
 * report. Processed feed types:
 * - JSON_LISTINGS_FEED: checked against listings-feed-schema-v2; PATCH / PARTIAL_UPDATE of fulfillment_availability
 *   change the listings; the JSON processing report follows listings-feed-processing-report-schema-v2.
 * - POST_ORDER_ACKNOWLEDGEMENT_DATA (cancellations) and POST_PAYMENT_ADJUSTMENT_DATA (refunds): XML, read loosely
 *   (their XSDs are not in Amazon's models repository); the reason lists are the node's [unverified] constants, the
 *   only source there is. The XML processing report has Amazon's ProcessingReport layout; result codes are the
 *   emulator's (18028 for invalid data).
 * Any other feed type ends FATAL: the legacy inventory and listing feeds were retired on 2025-07-31.
 */

export const SUPPORTED_FEED_TYPES = [
	'JSON_LISTINGS_FEED',
	'POST_ORDER_ACKNOWLEDGEMENT_DATA',
	'POST_PAYMENT_ADJUSTMENT_DATA',
];

function seller(req: EmulatorRequest): string {
	return (req.principal as Principal).sellerId as string;
}

export function presentFeed(feed: StoredFeed): Json {
	return {
		feedId: feed.feedId,
		feedType: feed.feedType,
		...presentJob(feed),
		...(feed.resultFeedDocumentId ? { resultFeedDocumentId: feed.resultFeedDocumentId } : {}),
	};
}

export function createFeedDocument(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
): EmulatorResponse {
	const doc: StoredDocument = {
		id: `amzn1.tortuga.4.eu.${store.random.uuid()}`,
		sellerId: seller(req),
		purpose: 'feed-input',
		contentType: String((req.body as Json).contentType),
		compressed: false,
		createdAt: now,
	};
	store.documents.set(doc.id, doc);
	return jsonResponse(201, {
		feedDocumentId: doc.id,
		url: presign(req.origin, doc, 'PUT', now, store.settings.presignedUrlSeconds),
	});
}

export function createFeed(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const body = req.body as Json;
	const doc = store.documents.get(String(body.inputFeedDocumentId));
	if (!doc || doc.sellerId !== seller(req) || doc.purpose !== 'feed-input') {
		return invalidInput(
			error,
			`inputFeedDocumentId ${String(body.inputFeedDocumentId)} is not a feed document of this seller.`,
		);
	}
	if (doc.content === undefined)
		return invalidInput(error, 'The feed document has no content: upload it to its URL first.');
	if ([...store.feeds.values()].some((f) => f.inputFeedDocumentId === doc.id)) {
		return invalidInput(error, 'The feed document was already used for a feed.');
	}
	const feed: StoredFeed = {
		feedId: String(50_000 + store.feeds.size + 1),
		sellerId: seller(req),
		feedType: String(body.feedType),
		marketplaceIds: body.marketplaceIds as string[],
		inputFeedDocumentId: doc.id,
		...queueJob(now, store.settings.feedQueueSeconds, store.settings.feedProcessingSeconds),
	};
	store.feeds.set(feed.feedId, feed);
	return jsonResponse(202, { feedId: feed.feedId });
}

function ownFeed(req: EmulatorRequest, store: AmazonStore): StoredFeed | undefined {
	const feed = store.feeds.get(req.params.feedId as string);
	return feed && feed.sellerId === seller(req) ? feed : undefined;
}

export function getFeed(
	req: EmulatorRequest,
	store: AmazonStore,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const feed = ownFeed(req, store);
	return feed
		? jsonResponse(200, presentFeed(feed))
		: notFound(error, 'feed', `feedId ${String(req.params.feedId)}`);
}

export function cancelFeed(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const feed = ownFeed(req, store);
	if (!feed) return notFound(error, 'feed', `feedId ${String(req.params.feedId)}`);
	if (feed.status !== 'IN_QUEUE')
		return invalidInput(error, `The feed is ${feed.status} and can no longer be cancelled.`);
	feed.status = 'CANCELLED';
	feed.processingEndTime = now;
	return emptyResponse(200);
}

export function getFeeds(
	req: EmulatorRequest,
	store: AmazonStore,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const list = (name: string) =>
		req.query
			.getAll(name)
			.flatMap((v) => v.split(','))
			.filter(Boolean);
	const types = list('feedTypes');
	const statuses = list('processingStatuses');
	const pageSize = Number(req.query.get('pageSize') ?? 10);
	if (!(pageSize >= 1 && pageSize <= 100))
		return invalidInput(error, 'pageSize must be between 1 and 100.');
	const token = req.query.get('nextToken');
	const offset = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
	if (!Number.isInteger(offset) || offset < 0) return invalidInput(error, 'nextToken is invalid.');
	if (token === null && types.length === 0)
		return invalidInput(error, 'feedTypes is required when nextToken is not given.');
	const since = Date.parse(req.query.get('createdSince') ?? '') || 0;
	const until = Date.parse(req.query.get('createdUntil') ?? '') || Number.MAX_SAFE_INTEGER;
	const feeds = [...store.feeds.values()]
		.filter((f) => f.sellerId === seller(req) && (types.length === 0 || types.includes(f.feedType)))
		.filter(
			(f) =>
				(statuses.length === 0 || statuses.includes(f.status)) &&
				f.createdAt >= since &&
				f.createdAt <= until,
		)
		.sort((a, b) => b.createdAt - a.createdAt);
	const page = feeds.slice(offset, offset + pageSize);
	return jsonResponse(200, {
		feeds: page.map(presentFeed),
		...(offset + pageSize < feeds.length
			? { nextToken: Buffer.from(String(offset + pageSize)).toString('base64url') }
			: {}),
	});
}

export function getFeedDocument(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const doc = store.documents.get(req.params.feedDocumentId as string);
	if (!doc || doc.sellerId !== seller(req) || doc.purpose === 'report') {
		return notFound(error, 'feed document', `feedDocumentId ${String(req.params.feedDocumentId)}`);
	}
	return jsonResponse(200, {
		feedDocumentId: doc.id,
		url: presign(req.origin, doc, 'GET', now, store.settings.presignedUrlSeconds),
		...(doc.compressed ? { compressionAlgorithm: 'GZIP' } : {}),
	});
}

// ---- processing

interface XmlResult {
	messageId: number;
	code: 'Error' | 'Warning';
	description: string;
	orderId?: string;
}

function tag(xml: string, name: string): string | undefined {
	return new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml)?.[1]?.trim();
}

function tags(xml: string, name: string): string[] {
	return [...xml.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'g'))].map(
		(m) => m[1] as string,
	);
}

function xmlReport(
	sellerId: string,
	feedId: string,
	processed: number,
	results: XmlResult[],
): string {
	const errors = new Set(results.filter((r) => r.code === 'Error').map((r) => r.messageId)).size;
	const warnings = new Set(results.filter((r) => r.code === 'Warning').map((r) => r.messageId))
		.size;
	const escape = (text: string) =>
		text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">',
		`<Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>${escape(sellerId)}</MerchantIdentifier></Header>`,
		'<MessageType>ProcessingReport</MessageType>',
		'<Message><MessageID>1</MessageID><ProcessingReport>',
		`<DocumentTransactionID>${feedId}</DocumentTransactionID><StatusCode>Complete</StatusCode>`,
		`<ProcessingSummary><MessagesProcessed>${processed}</MessagesProcessed><MessagesSuccessful>${processed - errors}</MessagesSuccessful><MessagesWithError>${errors}</MessagesWithError><MessagesWithWarning>${warnings}</MessagesWithWarning></ProcessingSummary>`,
		...results.map(
			(r) =>
				`<Result><MessageID>${r.messageId}</MessageID><ResultCode>${r.code}</ResultCode><ResultMessageCode>18028</ResultMessageCode><ResultDescription>${escape(r.description)}</ResultDescription>${
					r.orderId
						? `<AdditionalInfo><AmazonOrderID>${escape(r.orderId)}</AmazonOrderID></AdditionalInfo>`
						: ''
				}</Result>`,
		),
		'</ProcessingReport></Message>',
		'</AmazonEnvelope>',
	].join('\n');
}

interface Processed {
	status: 'DONE' | 'FATAL';
	report: string;
	contentType: string;
}

function fatalXml(sellerId: string, feedId: string, description: string): Processed {
	return {
		status: 'FATAL',
		report: xmlReport(sellerId, feedId, 0, [{ messageId: 0, code: 'Error', description }]),
		contentType: 'text/xml; charset=UTF-8',
	};
}

function xmlMessages(
	content: string,
	messageType: string,
	sellerId: string,
): { messages: string[] } | { fatal: string } {
	if (!content.trim().startsWith('<')) return { fatal: 'The feed is not an XML document.' };
	if (tag(content, 'MessageType') !== messageType)
		return { fatal: `MessageType must be ${messageType}.` };
	if (tag(tag(content, 'Header') ?? '', 'MerchantIdentifier') !== sellerId)
		return { fatal: 'MerchantIdentifier is not the seller of this feed.' };
	const messages = tags(content, 'Message');
	return messages.length === 0 ? { fatal: 'The feed has no Message.' } : { messages };
}

function processAcknowledgements(
	store: AmazonStore,
	feed: StoredFeed,
	content: string,
	now: number,
): Processed {
	const parsed = xmlMessages(content, 'OrderAcknowledgement', feed.sellerId);
	if ('fatal' in parsed) return fatalXml(feed.sellerId, feed.feedId, parsed.fatal);
	const results: XmlResult[] = [];
	for (const message of parsed.messages) {
		const messageId = Number(tag(message, 'MessageID'));
		const orderId = tag(message, 'AmazonOrderID') ?? '';
		const fail = (description: string) =>
			results.push({ messageId, code: 'Error', description, orderId });
		const stored = store.orders.get(orderId);
		if (!stored || stored.sellerId !== feed.sellerId) {
			fail(`Order ${orderId} was not found.`);
			continue;
		}
		const statusCode = tag(message, 'StatusCode');
		if (statusCode === 'Success') continue;
		if (statusCode !== 'Failure') {
			fail(`StatusCode must be Success or Failure, not ${statusCode ?? 'missing'}.`);
			continue;
		}
		const order = stored.order;
		if (order.fulfillment?.fulfilledBy !== 'MERCHANT') {
			fail(`Order ${orderId} is fulfilled by Amazon and cannot be cancelled by the seller.`);
			continue;
		}
		const items = tags(message, 'Item').map((item) => ({
			id: tag(item, 'AmazonOrderItemCode') ?? '',
			reason: tag(item, 'CancelReason') ?? '',
		}));
		const problem =
			items.length === 0
				? 'The acknowledgement lists no Item to cancel.'
				: items
						.map((i) => {
							const item = (order.orderItems as Json[]).find(
								(candidate) => candidate.orderItemId === i.id,
							);
							if (!item) return `AmazonOrderItemCode ${i.id} is not in order ${orderId}.`;
							if (openQuantity(item) === 0)
								return `Item ${i.id} of order ${orderId} is already shipped or cancelled.`;
							if (!(CANCEL_REASONS as readonly string[]).includes(i.reason))
								return `CancelReason '${i.reason}' of item ${i.id} is not valid.`;
							return undefined;
						})
						.find(Boolean);
		if (problem) {
			fail(problem);
			continue;
		}
		for (const i of items) {
			const item = (order.orderItems as Json[]).find(
				(candidate) => candidate.orderItemId === i.id,
			) as Json;
			item.cancellation = {
				...(item.cancellation ?? {}),
				cancellationExecution: { cancelledBy: 'SELLER', cancelReason: i.reason },
			};
			if (item.fulfillment) item.fulfillment.quantityUnfulfilled = 0;
			stored.cancellations.push({ orderItemId: i.id, reason: i.reason, at: now });
		}
		settleStatus(order);
		order.lastUpdatedTime = isoTime(now);
	}
	return {
		status: 'DONE',
		report: xmlReport(feed.sellerId, feed.feedId, parsed.messages.length, results),
		contentType: 'text/xml; charset=UTF-8',
	};
}

const COMPONENT_TYPES: string[] = Object.values(ADJUSTMENT_COMPONENTS);

function paid(item: Json, type: string): number {
	return ((item.proceeds?.breakdowns ?? []) as Json[])
		.filter((b) => b.type === type)
		.reduce((sum, b) => sum + Number(b.subtotal?.amount ?? 0), 0);
}

function processAdjustments(
	store: AmazonStore,
	feed: StoredFeed,
	content: string,
	now: number,
): Processed {
	const parsed = xmlMessages(content, 'OrderAdjustment', feed.sellerId);
	if ('fatal' in parsed) return fatalXml(feed.sellerId, feed.feedId, parsed.fatal);
	const results: XmlResult[] = [];
	for (const message of parsed.messages) {
		const messageId = Number(tag(message, 'MessageID'));
		const orderId = tag(message, 'AmazonOrderID') ?? '';
		const stored = store.orders.get(orderId);
		const fail = (description: string) =>
			results.push({ messageId, code: 'Error', description, orderId });
		if (!stored || stored.sellerId !== feed.sellerId) {
			fail(`Order ${orderId} was not found.`);
			continue;
		}
		const currency =
			stored.order.proceeds?.grandTotal?.currencyCode ??
			stored.order.orderItems?.[0]?.proceeds?.proceedsTotal?.currencyCode;
		const adjustments: Array<{ item: Json; reason: string; amounts: Record<string, number> }> = [];
		let problem: string | undefined;
		for (const adjusted of tags(message, 'AdjustedItem')) {
			const id = tag(adjusted, 'AmazonOrderItemCode') ?? '';
			const reason = tag(adjusted, 'AdjustmentReason') ?? '';
			const item = (stored.order.orderItems as Json[]).find(
				(candidate) => candidate.orderItemId === id,
			);
			if (!item) problem ??= `AmazonOrderItemCode ${id} is not in order ${orderId}.`;
			else if (!(ADJUSTMENT_REASONS as readonly string[]).includes(reason))
				problem ??= `AdjustmentReason '${reason}' is not valid.`;
			const amounts: Record<string, number> = {};
			for (const component of tags(adjusted, 'Component')) {
				const type = tag(component, 'Type') ?? '';
				const amountTag = /<Amount\s+currency="([^"]*)"\s*>([^<]*)<\/Amount>/.exec(component);
				const value = Number(amountTag?.[2]);
				if (!COMPONENT_TYPES.includes(type)) problem ??= `Component Type '${type}' is not valid.`;
				else if (!amountTag || !(value > 0))
					problem ??= `The ${type} amount must be a positive number with a currency.`;
				else if (amountTag[1] !== currency)
					problem ??= `The currency ${amountTag[1]} is not the order currency ${String(currency)}.`;
				else amounts[type] = (amounts[type] ?? 0) + value;
			}
			if (Object.keys(amounts).length === 0)
				problem ??= `AdjustedItem ${id} has no amount to refund.`;
			if (item) {
				const refunded = (type: string) =>
					stored.refunds
						.filter((r) => r.orderItemId === id)
						.reduce((sum, r) => sum + (r.amounts[type] ?? 0), 0);
				for (const [type, breakdown] of [
					['Principal', 'ITEM'],
					['Shipping', 'SHIPPING'],
				] as const) {
					const left = Math.round((paid(item, breakdown) - refunded(type)) * 100) / 100;
					if ((amounts[type] ?? 0) > left + 0.001)
						problem ??= `The ${type} refund of item ${id} exceeds what is left to refund (${left.toFixed(2)}).`;
				}
				adjustments.push({ item, reason, amounts });
			}
		}
		if (adjustments.length === 0) problem ??= 'The adjustment lists no AdjustedItem.';
		if (problem) {
			fail(problem);
			continue;
		}
		for (const a of adjustments)
			stored.refunds.push({
				orderItemId: a.item.orderItemId,
				reason: a.reason,
				amounts: a.amounts,
				currency: String(currency),
				at: now,
			});
		stored.order.lastUpdatedTime = isoTime(now);
	}
	return {
		status: 'DONE',
		report: xmlReport(feed.sellerId, feed.feedId, parsed.messages.length, results),
		contentType: 'text/xml; charset=UTF-8',
	};
}

function processListings(
	store: AmazonStore,
	feed: StoredFeed,
	content: string,
	now: number,
): Processed {
	const report = (
		issues: Json[],
		processed: number,
		invalid: number,
		status: 'DONE' | 'FATAL',
	): Processed => ({
		status,
		contentType: 'application/json; charset=UTF-8',
		report: JSON.stringify({
			header: { sellerId: feed.sellerId, version: '2.0', feedId: feed.feedId },
			issues,
			summary: {
				errors: issues.filter((i) => i.severity === 'ERROR').length,
				warnings: issues.filter((i) => i.severity === 'WARNING').length,
				messagesProcessed: processed,
				messagesAccepted: processed - invalid,
				messagesInvalid: invalid,
			},
		}),
	});
	let document: Json;
	try {
		document = JSON.parse(content) as Json;
	} catch (e) {
		return report(
			[
				{
					severity: 'ERROR',
					code: '4000001',
					message: `The feed is not valid JSON: ${(e as Error).message}`,
				},
			],
			0,
			0,
			'FATAL',
		);
	}
	if (document?.header?.sellerId !== feed.sellerId || document?.header?.version !== '2.0') {
		return report(
			[
				{
					severity: 'ERROR',
					code: '4000002',
					message: 'header.sellerId must be the seller of this feed and header.version "2.0".',
				},
			],
			0,
			0,
			'FATAL',
		);
	}
	const problems = listingsFeedProblems(document);
	const messages = Array.isArray(document.messages) ? (document.messages as Json[]) : [];
	const messageProblems = new Map<number, string[]>();
	for (const problem of problems) {
		const index = /^\/messages\/(\d+)/.exec(problem)?.[1];
		if (index === undefined)
			return report(
				[
					{
						severity: 'ERROR',
						code: '4000003',
						message: `The feed does not match the listings feed schema: ${problem}`,
					},
				],
				0,
				0,
				'FATAL',
			);
		messageProblems.set(Number(index), [...(messageProblems.get(Number(index)) ?? []), problem]);
	}
	const issues: Json[] = [];
	let invalid = 0;
	messages.forEach((message, index) => {
		const own = messageProblems.get(index);
		const fail = (code: string, text: string) => {
			invalid++;
			issues.push({
				messageId: message.messageId,
				sku: message.sku,
				code,
				severity: 'ERROR',
				message: text,
			});
		};
		if (own)
			return fail(
				'4000004',
				`The message does not match the listings feed schema: ${[...new Set(own)].join('; ')}`,
			);
		const listing = store.listing(feed.sellerId, feed.marketplaceIds[0] ?? '', message.sku);
		let patches: Json[];
		if (message.operationType === 'PATCH') patches = message.patches;
		else if (
			message.operationType === 'PARTIAL_UPDATE' &&
			message.attributes?.fulfillment_availability
		) {
			patches = [
				{
					op: 'replace',
					path: '/attributes/fulfillment_availability',
					value: message.attributes.fulfillment_availability,
				},
			];
		} else
			return fail(
				'90000900',
				`The emulator processes PATCH and PARTIAL_UPDATE of fulfillment_availability only, not ${String(message.operationType)}.`,
			);
		const outcome = applyListingPatch(
			listing,
			message.sku,
			message.productType,
			patches,
			now,
			false,
		);
		if (outcome.status !== 'ACCEPTED') {
			invalid++;
			for (const i of outcome.issues)
				issues.push({
					messageId: message.messageId,
					sku: message.sku,
					code: i.code,
					severity: 'ERROR',
					message: i.message,
					attributeName: i.attributeNames?.[0],
				});
		}
	});
	return report(issues, messages.length, invalid, 'DONE');
}

/** Runs a feed whose processing time has come: applies it and stores its processing report. */
export function processFeed(store: AmazonStore, feed: StoredFeed, now: number): void {
	const input = store.documents.get(feed.inputFeedDocumentId);
	const content = input?.content?.toString('utf8') ?? '';
	let processed: Processed;
	switch (feed.feedType) {
		case 'JSON_LISTINGS_FEED':
			processed = processListings(store, feed, content, now);
			break;
		case 'POST_ORDER_ACKNOWLEDGEMENT_DATA':
			processed = processAcknowledgements(store, feed, content, now);
			break;
		case 'POST_PAYMENT_ADJUSTMENT_DATA':
			processed = processAdjustments(store, feed, content, now);
			break;
		default:
			processed = fatalXml(
				feed.sellerId,
				feed.feedId,
				`The feed type ${feed.feedType} is not supported (legacy listing and inventory feeds were retired on 2025-07-31).`,
			);
	}
	const doc = storeResult(
		store,
		feed.sellerId,
		'feed-result',
		processed.report,
		processed.contentType,
		now,
	);
	feed.status = processed.status;
	feed.processingEndTime = now;
	feed.resultFeedDocumentId = doc.id;
}

/** Moves feeds along on the emulated clock. */
export function tickFeeds(store: AmazonStore, now: number): void {
	for (const feed of store.feeds.values()) {
		if (jobDue(feed, now)) processFeed(store, feed, feed.finishesAt);
	}
}
