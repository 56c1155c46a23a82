import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
	results: Array<{ lineId: string; status: BolProcessStatus }>,
): { status: 'done' | 'pending'; lines: IDataObject[]; statuses: BolProcessStatus[] } {
	const lines = results.map((r) => ({ lineId: r.lineId, ...processResult(r.status) }));
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
	requests: Array<{ lineId: string; status: BolProcessStatus }>;
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
				lineId: r.lineId,
				status:
					(r.status.processStatusId && latest.get(String(r.status.processStatusId))) || r.status,
			}));
			return submitted.result(summarize(ctx, itemIndex, submitted.what, requests));
		},
	};
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
