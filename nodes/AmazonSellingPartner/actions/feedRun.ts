import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { planEach, type BatchOutcome } from '../../shared/execute';
import {
	FEED_CONTENT_TYPES,
	FINAL_PROCESSING_STATUSES,
	MAX_ORDER_FEED_MESSAGES,
	ORDER_DATASETS,
} from '../constants';
import { issuesOf, parseProcessingReport, type FeedIssue, type ProcessingReport } from '../feeds';
import type { AmazonClient, AmazonFeed, AmazonOrder } from '../transport';
import type { FeedWait } from './common';

/** A submitted feed and, when the node waited for it, its final state and processing report. */
export interface FeedRun {
	feedId: string;
	feedType: string;
	feed?: AmazonFeed;
	report?: ProcessingReport;
	finished: boolean;
}

/** The whole feed lifecycle: document, upload, feed, then (optionally) polling to a final status and the report. */
export async function runFeed(
	client: AmazonClient,
	feedType: string,
	content: string,
	contentType: string,
	marketplaceIds: string[],
	wait: FeedWait,
	itemIndex?: number,
): Promise<FeedRun> {
	const { feedId } = await client.submitFeed(
		feedType,
		content,
		contentType,
		marketplaceIds,
		itemIndex,
	);
	if (!wait.wait) return { feedId, feedType, finished: false };
	const feed = await client.waitForFeed(feedId, wait.timeoutMs, itemIndex);
	const finished = FINAL_PROCESSING_STATUSES.includes(feed.processingStatus);
	const text = finished ? await client.feedResult(feed, itemIndex) : undefined;
	return {
		feedId,
		feedType,
		feed,
		report: text === undefined ? undefined : parseProcessingReport(text),
		finished,
	};
}

export function feedInfo(run: FeedRun): IDataObject {
	return {
		feedId: run.feedId,
		feedType: run.feedType,
		processingStatus: run.feed?.processingStatus ?? 'SUBMITTED',
		...(run.report
			? {
					messagesProcessed: run.report.processed,
					messagesAccepted: run.report.accepted,
					messagesInvalid: run.report.invalid,
				}
			: {}),
	};
}

function describeIssues(issues: FeedIssue[]): string {
	return issues
		.map(
			(i) =>
				`${i.code ? `${i.code}: ` : ''}${i.message}${i.attributeName ? ` (${i.attributeName})` : ''}`,
		)
		.join('; ');
}

export function issueJson(issues: FeedIssue[]): IDataObject[] {
	return issues.map((i) => ({
		severity: i.severity,
		code: i.code,
		message: i.message,
		attributeName: i.attributeName,
	}));
}

/** One input item's result of a feed: its fields, `status` (`doneStatus` or `submitted`), the feed and any warnings. */
export function feedItemResult(fields: IDataObject, doneStatus: string): MessageJson {
	return (status, warnings, run) => ({
		...fields,
		status: status === 'done' ? doneStatus : 'submitted',
		feed: feedInfo(run),
		warnings: issueJson(warnings),
	});
}

/**
 * The outcome of one feed message for one input item: `done` (processed without errors), `submitted` (the node did
 * not wait, or the feed is still being processed), or an error naming what Amazon said.
 */
export function messageOutcome(
	ctx: IExecuteFunctions,
	run: FeedRun,
	messageId: number,
	itemIndex: number,
	what: string,
): { status: 'done' | 'submitted'; warnings: FeedIssue[] } {
	if (!run.finished) return { status: 'submitted', warnings: [] };
	const status = run.feed?.processingStatus;
	if (status !== 'DONE') {
		const detail = run.report ? describeIssues(run.report.issues) || run.report.text || '' : '';
		throw new NodeOperationError(
			ctx.getNode(),
			`Amazon did not process the ${run.feedType} feed ${run.feedId} (${status}): could not ${what}`,
			{
				itemIndex,
				description: detail || 'Check the feed with Feed > Get for its processing report.',
			},
		);
	}
	// issues without a message id concern the whole feed
	const feedLevel = (run.report?.issues ?? []).filter(
		(i) => i.messageId === null || i.messageId === 0,
	);
	const own = issuesOf(run.report, messageId);
	const errors = [...feedLevel.filter((i) => i.severity === 'ERROR'), ...own.errors];
	if (errors.length > 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Amazon rejected the request to ${what}: ${describeIssues(errors)}`,
			{
				itemIndex,
				description: `Feed ${run.feedId} (${run.feedType}), message ${messageId}.`,
			},
		);
	}
	return {
		status: 'done',
		warnings: [...feedLevel.filter((i) => i.severity !== 'ERROR'), ...own.others],
	};
}

type MessageJson = (
	status: 'done' | 'submitted',
	warnings: FeedIssue[],
	run: FeedRun,
) => IDataObject;

/** Maps one feed's messages back to the input items that produced them. */
export function feedOutcomes(
	ctx: IExecuteFunctions,
	run: FeedRun,
	planned: Array<{ itemIndex: number; messageId: number; what: string; json: MessageJson }>,
): BatchOutcome[] {
	return planned.map((plan) => {
		try {
			const { status, warnings } = messageOutcome(
				ctx,
				run,
				plan.messageId,
				plan.itemIndex,
				plan.what,
			);
			return { itemIndex: plan.itemIndex, json: plan.json(status, warnings, run) };
		} catch (error) {
			return { itemIndex: plan.itemIndex, error: error as Error };
		}
	});
}

export interface FeedSpec {
	type: string;
	content: string;
	contentType: string;
	marketplaceIds: string[];
	wait: FeedWait;
}

/**
 * One feed for the messages of many input items: each item gets its own message's result. When the feed itself
 * fails (upload refused, rate limit beyond Max Wait...) every item of it fails with that error.
 */
export async function feedBatch<M extends { itemIndex: number; messageId: number }>(
	ctx: IExecuteFunctions,
	client: AmazonClient,
	feed: FeedSpec,
	messages: M[],
	describe: (message: M) => { what: string; json: MessageJson },
): Promise<BatchOutcome[]> {
	if (messages.length === 0) return [];
	try {
		const run = await runFeed(
			client,
			feed.type,
			feed.content,
			feed.contentType,
			feed.marketplaceIds,
			feed.wait,
			messages[0].itemIndex,
		);
		return feedOutcomes(
			ctx,
			run,
			messages.map((m) => ({ itemIndex: m.itemIndex, messageId: m.messageId, ...describe(m) })),
		);
	} catch (error) {
		return messages.map((m) => ({ itemIndex: m.itemIndex, error: error as Error }));
	}
}

export interface OrderMessage {
	itemIndex: number;
	messageId: number;
	orderId: string;
	marketplaceId: string;
}

/**
 * The order feeds' second step: looks every planned order up (paced by getOrder's bucket) and turns it into a feed
 * message, an immediate result (`{ json }`, e.g. nothing to cancel) or the item's error.
 */
export async function orderMessages<
	P extends { itemIndex: number; orderId: string },
	M extends OrderMessage,
>(
	client: AmazonClient,
	planned: P[],
	outcomes: BatchOutcome[],
	build: (plan: P, order: AmazonOrder, messageId: number) => M | { json: IDataObject },
): Promise<M[]> {
	const messages: M[] = [];
	for (const plan of planned) {
		try {
			const order = await client.getOrder(plan.orderId, ORDER_DATASETS, plan.itemIndex);
			const built = build(plan, order, messages.length + 1);
			if ('json' in built) outcomes.push({ itemIndex: plan.itemIndex, json: built.json });
			else messages.push(built);
		} catch (error) {
			outcomes.push({ itemIndex: plan.itemIndex, error: error as Error });
		}
	}
	return messages;
}

/** The marketplaces of the orders of a feed (createFeed takes 1 to 25). */
function feedMarketplaces(messages: OrderMessage[], client: AmazonClient): string[] {
	const ids = [...new Set(messages.map((m) => m.marketplaceId).filter(Boolean))].slice(0, 25);
	return ids.length ? ids : client.marketplaceIds.slice(0, 1);
}

export interface OrderFeedSpec<P, M> {
	/** What one input item is, for messages: "orders", "refunds". */
	noun: string;
	feedType: string;
	/** Checks one input item (before any request). */
	plan: (itemIndex: number) => P;
	/** The order's feed message, or an immediate result, or an error (thrown). */
	build: (plan: P, order: AmazonOrder, messageId: number) => M | { json: IDataObject };
	/** The XML document of all messages. */
	content: (messages: M[]) => string;
	describe: (message: M) => { what: string; json: MessageJson };
}

/**
 * An order feed operation over all input items: check them all, look every order up, send one XML feed with one
 * message per order, wait for it (if asked) and give each item its message's result.
 */
export async function runOrderFeed<
	P extends { itemIndex: number; orderId: string; wait: FeedWait },
	M extends OrderMessage,
>(
	ctx: IExecuteFunctions,
	client: AmazonClient,
	indexes: number[],
	spec: OrderFeedSpec<P, M>,
): Promise<BatchOutcome[]> {
	const { planned, outcomes } = planEach(indexes, spec.plan);
	if (planned.length > MAX_ORDER_FEED_MESSAGES) {
		throw new NodeOperationError(
			ctx.getNode(),
			`At most ${MAX_ORDER_FEED_MESSAGES} ${spec.noun} per run, got ${planned.length}`,
			{
				description: 'Split the input, e.g. with a Loop Over Items node.',
			},
		);
	}
	const messages = await orderMessages(client, planned, outcomes, spec.build);
	if (messages.length === 0) return outcomes;
	const feed: FeedSpec = {
		type: spec.feedType,
		content: spec.content(messages),
		contentType: FEED_CONTENT_TYPES.xml,
		marketplaceIds: feedMarketplaces(messages, client),
		wait: planned.find((p) => p.itemIndex === messages[0].itemIndex)!.wait,
	};
	return [...outcomes, ...(await feedBatch(ctx, client, feed, messages, spec.describe))];
}
