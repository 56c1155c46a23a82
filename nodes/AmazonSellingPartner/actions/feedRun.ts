import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runJobs, type ItemJobs, type SettleOptions, type SubmitOutcome } from '../../shared/jobs';
import { expectedDoneSchedule, type PollSchedule } from '../../shared/wait';
import {
	FEED_CONTENT_TYPES,
	FEED_POLL_MAX_DELAY_MS,
	FEED_POLL_MIN_DELAY_MS,
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

/** Until Amazon is expected to have processed a feed: this long per message (the first check is at once). */
export const FEED_MS_PER_MESSAGE = 2;

/**
 * When to check a feed of `messages` messages: once at once, then when it is expected to be done (from its size),
 * then a twentieth of the time it has taken so far (2 to 15 s): a feed is noticed soon after it finishes, not up to a
 * doubling interval later. Zalando, Miinto and Spartoo jobs can use the same `expectedDoneSchedule`.
 */
export function feedSchedule(messages: number): PollSchedule {
	return expectedDoneSchedule({
		expectedMs: FEED_MS_PER_MESSAGE * messages,
		minDelayMs: FEED_POLL_MIN_DELAY_MS,
		maxDelayMs: FEED_POLL_MAX_DELAY_MS,
		fraction: 0.05,
	});
}

/**
 * How the job runner settles Amazon feeds: each feed polled with getFeed (no bulk call exists), the processing
 * report read once a feed has finished. `messages` gives the size of the run's feeds, for the schedule.
 */
export function feedSettle(client: AmazonClient, messages: () => number): SettleOptions<FeedRun> {
	return {
		finished: (run) => FINAL_PROCESSING_STATUSES.includes(run.feed?.processingStatus ?? ''),
		poll: async (keys, itemIndex) => {
			const fresh = new Map<string, FeedRun>();
			for (const feedId of keys) {
				const feed = await client.getFeed(feedId, itemIndex);
				fresh.set(feedId, {
					feedId,
					feedType: feed.feedType,
					feed,
					finished: FINAL_PROCESSING_STATUSES.includes(feed.processingStatus),
				});
			}
			return fresh;
		},
		complete: async (_, run, itemIndex) => {
			const text = await client.feedResult(run.feed!, itemIndex);
			return { ...run, report: text === undefined ? undefined : parseProcessingReport(text) };
		},
		schedule: (info) => feedSchedule(messages())(info),
		checkAtOnce: true,
		label: (key) => `feed ${key}`,
		idJson: (keys) => (keys.length === 1 ? { feedId: keys[0] } : { feedIds: keys }),
	};
}

/**
 * Sends one feed (document, upload, feed) and returns the feed's job for the runner. Polling to a final status and
 * reading the report is the runner's settle phase (`feedSettle`).
 */
export async function submitFeedJob(
	client: AmazonClient,
	feed: FeedSpec,
	itemIndex?: number,
): Promise<FeedRun> {
	const { feedId } = await client.submitFeed(
		feed.type,
		feed.content,
		feed.contentType,
		feed.marketplaceIds,
		itemIndex,
	);
	return { feedId, feedType: feed.type, finished: false };
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

export interface FeedSpec {
	type: string;
	content: string;
	contentType: string;
	marketplaceIds: string[];
	wait: FeedWait;
}

/** One item's share of a feed: its message's result once the feed is settled. */
export function messageJob(
	ctx: IExecuteFunctions,
	run: FeedRun,
	message: { itemIndex: number; messageId: number; wait: FeedWait },
	described: { what: string; json: MessageJson },
): ItemJobs<FeedRun> {
	return {
		jobs: [{ key: run.feedId, state: run }],
		wait: message.wait,
		describe: ([settled]) => {
			const { status, warnings } = messageOutcome(
				ctx,
				settled,
				message.messageId,
				message.itemIndex,
				described.what,
			);
			return described.json(status, warnings, settled);
		},
	};
}

/**
 * One feed for the messages of many input items: each item gets its message's job. When the feed cannot be sent
 * (upload refused, rate limit beyond Max Wait...) every item of it fails with that error.
 */
export async function feedBatch<M extends { itemIndex: number; messageId: number; wait: FeedWait }>(
	ctx: IExecuteFunctions,
	client: AmazonClient,
	feed: FeedSpec,
	messages: M[],
	describe: (message: M) => { what: string; json: MessageJson },
): Promise<Array<SubmitOutcome<FeedRun>>> {
	if (messages.length === 0) return [];
	try {
		const run = await submitFeedJob(client, feed, messages[0].itemIndex);
		return messages.map((m) => ({
			itemIndex: m.itemIndex,
			jobs: messageJob(ctx, run, m, describe(m)),
		}));
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
	outcomes: Array<SubmitOutcome<FeedRun>>,
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
	/** What one input item asks for, plural, for the error summary: "cancellations", "refunds". */
	summaryNoun: string;
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
 * An order feed operation over all input items on the job runner: check them all, look every order up, send one XML
 * feed with one message per order, wait for it (if asked) and give each item its message's result. A feed that was
 * created is never lost: every error after it carries its feed id.
 */
export async function runOrderFeed<
	P extends { itemIndex: number; orderId: string; wait: FeedWait },
	M extends OrderMessage,
>(
	ctx: IExecuteFunctions,
	client: AmazonClient,
	spec: OrderFeedSpec<P, M>,
): Promise<INodeExecutionData[]> {
	let size = 0;
	return await runJobs<P, FeedRun>(ctx, {
		noun: spec.summaryNoun,
		plan: spec.plan,
		submit: {
			all: async (items) => {
				const planned = items.map((p) => p.plan);
				if (planned.length > MAX_ORDER_FEED_MESSAGES) {
					throw new NodeOperationError(
						ctx.getNode(),
						`At most ${MAX_ORDER_FEED_MESSAGES} ${spec.noun} per run, got ${planned.length}`,
						{ description: 'Split the input, e.g. with a Loop Over Items node.' },
					);
				}
				const outcomes: Array<SubmitOutcome<FeedRun>> = [];
				const built = await orderMessages(client, planned, outcomes, spec.build);
				if (built.length === 0) return outcomes;
				const wait = new Map(planned.map((p) => [p.itemIndex, p.wait]));
				const messages = built.map((m) => ({ ...m, wait: wait.get(m.itemIndex)! }));
				size = messages.length;
				const feed: FeedSpec = {
					type: spec.feedType,
					content: spec.content(built),
					contentType: FEED_CONTENT_TYPES.xml,
					marketplaceIds: feedMarketplaces(messages, client),
					wait: messages[0].wait,
				};
				return [...outcomes, ...(await feedBatch(ctx, client, feed, messages, spec.describe))];
			},
		},
		settle: feedSettle(client, () => size),
	});
}
