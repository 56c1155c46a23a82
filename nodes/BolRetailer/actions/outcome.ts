import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getClock } from '../../shared/clock';
import { asNodeError, errorJson } from '../../shared/execute';
import type { BolClient, BolProcessStatus } from '../transport';
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

/**
 * Runs an asynchronous bol operation over all items in two phases: first every item's requests are sent, then the
 * process statuses of all items are awaited together (bulk calls, one shared timeout), and each item gets its result
 * or, when bol refused part of it, its error. So 500 shipments wait for bol once, not 500 times.
 */
export async function runSubmitted(
	ctx: IExecuteFunctions,
	client: BolClient,
	submit: (itemIndex: number) => Promise<Submitted | IDataObject>,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const phase: Array<{
		itemIndex: number;
		submitted?: Submitted;
		json?: IDataObject;
		error?: Error;
	}> = [];
	const started = getClock().now();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const outcome = await submit(itemIndex);
			phase.push(
				'requests' in outcome && 'result' in outcome
					? { itemIndex, submitted: outcome as Submitted }
					: { itemIndex, json: outcome as IDataObject },
			);
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx, error, itemIndex);
			phase.push({ itemIndex, error: error as Error });
		}
	}

	const waiting = phase.filter((p) => p.submitted?.wait.wait);
	const pending = waiting.flatMap((p) => p.submitted!.requests.map((r) => r.status));
	const timeoutMs = Math.max(0, ...waiting.map((p) => p.submitted!.wait.timeoutMs));
	const settled = new Map<string, BolProcessStatus>();
	if (pending.length > 0) {
		const fresh = await client.waitForProcessStatuses(
			pending,
			timeoutMs,
			waiting[0].itemIndex,
			getClock().now() - started,
		);
		for (const status of fresh)
			if (status.processStatusId) settled.set(String(status.processStatusId), status);
	}

	const output: INodeExecutionData[] = [];
	for (const entry of phase) {
		const pairedItem = { item: entry.itemIndex };
		try {
			if (entry.error) throw entry.error;
			if (entry.json) {
				output.push({ json: entry.json, pairedItem });
				continue;
			}
			const submitted = entry.submitted!;
			const requests = submitted.requests.map((r) => ({
				lineId: r.lineId,
				status:
					(submitted.wait.wait &&
						r.status.processStatusId &&
						settled.get(String(r.status.processStatusId))) ||
					r.status,
			}));
			output.push({
				json: submitted.result(summarize(ctx, entry.itemIndex, submitted.what, requests)),
				pairedItem,
			});
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx, error, entry.itemIndex);
			output.push({ json: errorJson(error), pairedItem });
		}
	}
	return output;
}
