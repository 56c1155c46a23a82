import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getClock } from '../../shared/clock';
import { errorMessage } from '../../shared/errors';
import { runJobs, type ItemJobs, type SettleOptions } from '../../shared/jobs';
import { BOL_POLL_SCHEDULE, type BolClient, type BolProcessStatus } from '../transport';
import { processResult, type WaitSettings } from './common';

/**
 * Summarizes process statuses of one request into `status` and per-line results. A FAILURE is an error for the
 * item: the message names every failed line and what bol said, and which lines did succeed.
 */
export function summarize(
	ctx: IExecuteFunctions,
	itemIndex: number,
	what: string,
	results: Submitted['requests'],
): { status: 'done' | 'pending'; lines: IDataObject[]; statuses: BolProcessStatus[] } {
	const lines = results.map((r) => ({
		lineId: r.lineId,
		...processResult(r.status),
		...(r.adopted ? { adoptedProcessStatus: true } : {}),
	}));
	const failed = results.filter(
		(r) => r.status.status === 'FAILURE' || r.status.status === 'TIMEOUT',
	);
	if (failed.length > 0) {
		const succeeded = results.filter((r) => r.status.status === 'SUCCESS').map((r) => r.lineId);
		throw new NodeOperationError(
			ctx.getNode(),
			`Bol.com could not ${what}: ${failed.map((f) => `item ${f.lineId} (${f.status.errorMessage ?? f.status.status})`).join(', ')}`,
			{
				itemIndex,
				description: succeeded.length
					? `These items did succeed: ${succeeded.join(', ')}.`
					: 'No item of this request succeeded.',
			},
		);
	}
	const pending = results.some((r) => r.status.status === 'PENDING');
	return { status: pending ? 'pending' : 'done', lines, statuses: results.map((r) => r.status) };
}

type Summary = ReturnType<typeof summarize>;

/** What an asynchronous operation sent for one input item: its requests and how to build the item's result. */
export interface Submitted {
	what: string;
	/** `adopted`: not sent by this run, an earlier request's process status taken over (see `findEarlierRequests`). */
	requests: Array<{ lineId: string; status: BolProcessStatus; adopted?: boolean }>;
	wait: WaitSettings;
	result(summary: Summary): IDataObject;
}

/** How the job runner settles bol process statuses: bulk calls of up to 1000 ids, the bol poll schedule. */
export function bolSettle(client: BolClient): SettleOptions<BolProcessStatus> {
	return {
		finished: (status) => status.status !== 'PENDING',
		poll: async (keys, itemIndex) => await client.readProcessStatuses(keys, itemIndex),
		bulk: 1000,
		schedule: BOL_POLL_SCHEDULE,
		label: (key) => `process status ${key}`,
		idJson: (keys) => ({ processStatusIds: keys }),
	};
}

/** A `Submitted` as jobs of the runner: one job per request that has a process status id. */
export function submittedJobs(
	ctx: IExecuteFunctions,
	itemIndex: number,
	submitted: Submitted,
): ItemJobs<BolProcessStatus> {
	const tracked = submitted.requests.filter((r) => r.status.processStatusId);
	return {
		jobs: tracked.map((r) => ({ key: String(r.status.processStatusId), state: r.status })),
		wait: submitted.wait,
		describe: (states) => {
			const latest = new Map(states.map((s) => [String(s.processStatusId), s]));
			const requests = submitted.requests.map((r) => ({
				...r,
				status:
					(r.status.processStatusId && latest.get(String(r.status.processStatusId))) || r.status,
			}));
			return submitted.result(summarize(ctx, itemIndex, submitted.what, requests));
		},
	};
}

/**
 * How far back an earlier request for the same order item counts as "this same request, sent before": 15 minutes,
 * the longest Processing Timeout the operations allow. Retry On Fail (at most 5 tries, at most 5 s apart) and a manual
 * re-run of a failed execution soon after fall well inside it, and so does any status this node could still be
 * waiting for; an older status (a shipment of another part of the item's quantity, a cancellation long ago) does not
 * block a new request. bol itself keeps process statuses only for a limited time.
 */
export const EARLIER_REQUEST_WINDOW_MS = 15 * 60_000;

/** An earlier request for one order item found at bol: its process status, to be waited for instead of sending. */
export interface EarlierRequest {
	entityId: string;
	status: BolProcessStatus;
}

/**
 * Before a request that bol must not receive twice (a shipment, a cancellation, a label purchase): asks bol, per order item, for the
 * process statuses of the same event type created within `EARLIER_REQUEST_WINDOW_MS`
 * (`GET /shared/process-status?entity-id=&event-type=`, one call per item). A PENDING one (or SUCCESS, when `adopt`
 * says so) means an earlier run already sent it, e.g. its answer was lost and Retry On Fail runs the node again: that
 * status is returned, to be adopted instead of sending again. FAILURE and TIMEOUT do not block a new request. Items
 * without such a status are not in the result. When bol cannot be asked, the input item fails before anything is
 * sent: sending without the check risks a second request.
 */
export async function findEarlierRequests(
	ctx: IExecuteFunctions,
	client: BolClient,
	itemIndex: number,
	lookup: {
		orderItemIds: string[];
		eventType: 'CREATE_SHIPMENT' | 'CANCEL_ORDER' | 'CREATE_SHIPPING_LABEL';
		/** For messages: "shipped", "cancelled", "given a label". */
		done: string;
		/** For messages: what sending without the check risks, e.g. "ship it a second time". */
		risk: string;
		adopt: Array<BolProcessStatus['status']>;
		/**
		 * A finished status names its result, not the order item (a label purchase names the label): every status
		 * bol lists for the item is the item's, whatever its entityId (`SHIPPING_LABEL_PROCESS`, unverified).
		 */
		entityBecomesResult?: boolean;
	},
): Promise<EarlierRequest[]> {
	const since = getClock().now() - EARLIER_REQUEST_WINDOW_MS;
	const found: EarlierRequest[] = [];
	for (const entityId of lookup.orderItemIds) {
		let statuses: BolProcessStatus[];
		try {
			statuses = await client.findProcessStatuses(entityId, lookup.eventType, itemIndex);
		} catch (error) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Could not check whether order item ${entityId} was already ${lookup.done} by an earlier request: ${errorMessage(error)}`,
				{
					itemIndex,
					description: `Nothing was sent for this item: sending it without that check could ${lookup.risk}. Run it again when bol answers (GET /shared/process-status?entity-id=${entityId}&event-type=${lookup.eventType}).`,
				},
			);
		}
		const earlier = statuses.find((s) => {
			if (s.eventType !== lookup.eventType) return false;
			if (
				!lookup.entityBecomesResult &&
				s.entityId !== null &&
				s.entityId !== undefined &&
				String(s.entityId) !== entityId
			)
				return false;
			if (!lookup.adopt.includes(s.status)) return false;
			const created = Date.parse(s.createTimestamp);
			// a status whose time cannot be read counts as recent: better to wait for it than to send twice
			return Number.isNaN(created) || created >= since;
		});
		if (earlier) found.push({ entityId, status: earlier });
	}
	return found;
}

/**
 * Earlier requests taken over instead of sending: each earlier process status once (bol names one order item per
 * shipment or label purchase, and several items of one request share its status).
 */
export function adoptedRequests(earlier: EarlierRequest[]): Submitted['requests'] {
	const byStatus = new Map(earlier.map((e) => [String(e.status.processStatusId), e]));
	return [...byStatus.values()].map((e) => ({
		lineId: e.entityId,
		status: e.status,
		adopted: true,
	}));
}

function isSubmitted(outcome: Submitted | IDataObject): outcome is Submitted {
	return 'requests' in outcome && 'result' in outcome;
}

/**
 * A bol operation on the job runner (`shared/jobs.ts`): every item is checked first (`plan`), then sent (`submit`),
 * then the process statuses of all items are awaited together (bulk calls, one shared timeout) and each item gets
 * its result or, when bol refused part of it or its status could not be read, its error.
 */
export async function runBolJobs<P>(
	ctx: IExecuteFunctions,
	client: BolClient,
	noun: string,
	plan: (itemIndex: number) => P,
	submit: (plan: P, itemIndex: number) => Promise<Submitted | IDataObject>,
): Promise<INodeExecutionData[]> {
	return await runJobs<P, BolProcessStatus>(ctx, {
		noun,
		plan,
		submit: {
			each: async (planned, itemIndex) => {
				const outcome = await submit(planned, itemIndex);
				return isSubmitted(outcome) ? submittedJobs(ctx, itemIndex, outcome) : { json: outcome };
			},
		},
		settle: bolSettle(client),
	});
}

/**
 * Runs an asynchronous bol operation over all items in two phases: first every item's requests are sent, then the
 * process statuses of all items are awaited together (bulk calls, one shared timeout), and each item gets its result
 * or, when bol refused part of it, its error. So 500 shipments wait for bol once, not 500 times. A status that cannot
 * be read fails only its item (with Continue On Fail an error item carrying the process status ids).
 */
export async function runSubmitted(
	ctx: IExecuteFunctions,
	client: BolClient,
	submit: (itemIndex: number) => Promise<Submitted | IDataObject>,
	noun = 'requests',
): Promise<INodeExecutionData[]> {
	return await runBolJobs(
		ctx,
		client,
		noun,
		() => undefined,
		async (_, itemIndex) => await submit(itemIndex),
	);
}
