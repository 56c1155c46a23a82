/**
 * Feed documents the node writes (order acknowledgement and payment adjustment XML, JSON listings) and the
 * processing reports Amazon answers with (JSON for listings feeds, XML for the order feeds).
 *
 * The XML feeds follow Amazon's MWS-era envelope (amzn-envelope.xsd, OrderAcknowledgement.xsd, OrderAdjustment.xsd).
 * Those XSDs are not in Amazon's models repository, so the element names are kept to the documented minimum and the
 * reason values are the [unverified] constants in constants.ts.
 */
import { child, childText, children, descendant, parseXml, type XmlElement } from '../shared/xml';
import { ADJUSTMENT_COMPONENTS, type AdjustmentComponent } from './constants';

export function xmlEscape(value: string | number): string {
	return String(value).replace(
		/[<>&'"]/g,
		(c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
	);
}

function envelope(sellerId: string, messageType: string, messages: string[]): string {
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">',
		`<Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>${xmlEscape(sellerId)}</MerchantIdentifier></Header>`,
		`<MessageType>${messageType}</MessageType>`,
		...messages,
		'</AmazonEnvelope>',
	].join('\n');
}

export interface CancellationMessage {
	messageId: number;
	orderId: string;
	items: Array<{ orderItemId: string; cancelReason: string }>;
}

/** POST_ORDER_ACKNOWLEDGEMENT_DATA with `StatusCode` Failure: cancels the listed items with a reason each. */
export function orderAcknowledgementFeed(
	sellerId: string,
	messages: CancellationMessage[],
): string {
	return envelope(
		sellerId,
		'OrderAcknowledgement',
		messages.map((m) =>
			[
				'<Message>',
				`<MessageID>${m.messageId}</MessageID>`,
				'<OrderAcknowledgement>',
				`<AmazonOrderID>${xmlEscape(m.orderId)}</AmazonOrderID>`,
				'<StatusCode>Failure</StatusCode>',
				...m.items.map(
					(i) =>
						`<Item><AmazonOrderItemCode>${xmlEscape(i.orderItemId)}</AmazonOrderItemCode><CancelReason>${xmlEscape(i.cancelReason)}</CancelReason></Item>`,
				),
				'</OrderAcknowledgement>',
				'</Message>',
			].join(''),
		),
	);
}

export interface AdjustmentMessage {
	messageId: number;
	orderId: string;
	currency: string;
	items: Array<{
		orderItemId: string;
		reason: string;
		amounts: Partial<Record<AdjustmentComponent, number>>;
		/** Amounts asked for that were lowered to what the buyer paid (option "Cap at What Was Paid"). */
		capped?: Partial<Record<AdjustmentComponent, number>>;
	}>;
}

/** POST_PAYMENT_ADJUSTMENT_DATA: refunds the given amounts per item (positive amounts = refunded to the buyer). */
export function paymentAdjustmentFeed(sellerId: string, messages: AdjustmentMessage[]): string {
	return envelope(
		sellerId,
		'OrderAdjustment',
		messages.map((m) =>
			[
				'<Message>',
				`<MessageID>${m.messageId}</MessageID>`,
				'<OrderAdjustment>',
				`<AmazonOrderID>${xmlEscape(m.orderId)}</AmazonOrderID>`,
				...m.items.map((i) =>
					[
						'<AdjustedItem>',
						`<AmazonOrderItemCode>${xmlEscape(i.orderItemId)}</AmazonOrderItemCode>`,
						`<AdjustmentReason>${xmlEscape(i.reason)}</AdjustmentReason>`,
						'<ItemPriceAdjustments>',
						...(Object.entries(i.amounts) as Array<[AdjustmentComponent, number]>)
							.filter(([, value]) => value > 0)
							.map(
								([component, value]) =>
									`<Component><Type>${ADJUSTMENT_COMPONENTS[component]}</Type><Amount currency="${xmlEscape(m.currency)}">${value.toFixed(2)}</Amount></Component>`,
							),
						'</ItemPriceAdjustments>',
						'</AdjustedItem>',
					].join(''),
				),
				'</OrderAdjustment>',
				'</Message>',
			].join(''),
		),
	);
}

export interface StockMessage {
	messageId: number;
	sku: string;
	productType: string;
	quantity: number;
	channel: string;
}

/** The JSON Patch of a stock update. `merge` changes the quantity and keeps lead time and restock date. */
export function stockPatch(quantity: number, channel: string) {
	return {
		op: 'merge',
		path: '/attributes/fulfillment_availability',
		value: [{ fulfillment_channel_code: channel, quantity }],
	};
}

/** JSON_LISTINGS_FEED (listings-feed-schema-v2) with one PATCH message per SKU. */
export function listingsStockFeed(sellerId: string, messages: StockMessage[]): string {
	return JSON.stringify({
		header: { sellerId, version: '2.0', issueLocale: 'en_US' },
		messages: messages.map((m) => ({
			messageId: m.messageId,
			sku: m.sku,
			operationType: 'PATCH',
			productType: m.productType,
			patches: [stockPatch(m.quantity, m.channel)],
		})),
	});
}

export interface FeedIssue {
	messageId: number | null;
	sku: string | null;
	severity: 'ERROR' | 'WARNING' | 'INFO';
	code: string | null;
	message: string;
	attributeName: string | null;
}

export interface ProcessingReport {
	format: 'json' | 'xml' | 'text';
	processed: number | null;
	accepted: number | null;
	invalid: number | null;
	warnings: number | null;
	issues: FeedIssue[];
	/** The report text when it could not be read as JSON or XML. */
	text?: string;
}

function count(value: string | number | undefined): number | null {
	const n = Number(value);
	return value === undefined || !Number.isFinite(n) ? null : n;
}

function severityOf(value: unknown): FeedIssue['severity'] {
	const text = String(value ?? '').toUpperCase();
	return text === 'WARNING' ? 'WARNING' : text === 'INFO' ? 'INFO' : 'ERROR';
}

/** Reads a processing report: JSON (listings-feed-processing-report-schema-v2) or XML (ProcessingReport). */
export function parseProcessingReport(text: string): ProcessingReport {
	const trimmed = text.trim();
	if (trimmed.startsWith('{')) {
		try {
			const report = JSON.parse(trimmed) as {
				summary?: Record<string, number>;
				issues?: Array<Record<string, unknown>>;
			};
			return {
				format: 'json',
				processed: count(report.summary?.messagesProcessed),
				accepted: count(report.summary?.messagesAccepted),
				invalid: count(report.summary?.messagesInvalid),
				warnings: count(report.summary?.warnings),
				issues: (report.issues ?? []).map((i) => ({
					messageId: count(i.messageId as number),
					sku: typeof i.sku === 'string' ? i.sku : null,
					severity: severityOf(i.severity),
					code: i.code === undefined ? null : String(i.code),
					message: String(i.message ?? ''),
					attributeName: typeof i.attributeName === 'string' ? i.attributeName : null,
				})),
			};
		} catch {
			return {
				format: 'text',
				processed: null,
				accepted: null,
				invalid: null,
				warnings: null,
				issues: [],
				text: trimmed.slice(0, 2000),
			};
		}
	}
	if (trimmed.startsWith('<')) {
		let root: XmlElement;
		try {
			root = parseXml(trimmed);
		} catch {
			// like a JSON report that does not parse: kept as text
			return {
				format: 'text',
				processed: null,
				accepted: null,
				invalid: null,
				warnings: null,
				issues: [],
				text: trimmed.slice(0, 2000),
			};
		}
		// <AmazonEnvelope><Message><ProcessingReport> as Amazon sends it, or a bare <ProcessingReport>
		const report =
			root.name === 'ProcessingReport'
				? root
				: (descendant(root, 'Message/ProcessingReport') ?? root);
		const summary = child(report, 'ProcessingSummary');
		const value = (el: XmlElement | undefined, path: string) => {
			const found = el && childText(el, path);
			return found === undefined ? undefined : found.trim();
		};
		return {
			format: 'xml',
			processed: count(value(summary, 'MessagesProcessed')),
			accepted: count(value(summary, 'MessagesSuccessful')),
			invalid: count(value(summary, 'MessagesWithError')),
			warnings: count(value(summary, 'MessagesWithWarning')),
			issues: children(report, 'Result').map((result) => ({
				messageId: count(value(result, 'MessageID')),
				sku: value(result, 'AdditionalInfo/SKU') ?? value(result, 'SKU') ?? null,
				severity: severityOf(value(result, 'ResultCode')),
				code: value(result, 'ResultMessageCode') ?? null,
				message: value(result, 'ResultDescription') ?? '',
				attributeName: null,
			})),
		};
	}
	return {
		format: 'text',
		processed: null,
		accepted: null,
		invalid: null,
		warnings: null,
		issues: [],
		text: trimmed.slice(0, 2000),
	};
}

/** The issues of one message, split into errors and the rest. */
export function issuesOf(report: ProcessingReport | undefined, messageId: number) {
	const issues = (report?.issues ?? []).filter((i) => i.messageId === messageId);
	return {
		errors: issues.filter((i) => i.severity === 'ERROR'),
		others: issues.filter((i) => i.severity !== 'ERROR'),
	};
}
