import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
	const failed = results.filter((r) => r.status.status === 'FAILURE' || r.status.status === 'TIMEOUT');
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

/**
 * Waits (when the user wants to) for the process statuses of one request to settle, then summarizes them.
 * `requests` holds each line and the process status bol answered its call with.
 */
export async function settleAndSummarize(
	ctx: IExecuteFunctions,
	client: BolClient,
	itemIndex: number,
	what: string,
	requests: Array<{ lineId: string; status: BolProcessStatus }>,
	wait: WaitSettings,
) {
	const initial = requests.map((r) => r.status);
	const settled = wait.wait ? await client.waitForProcessStatuses(initial, wait.timeoutMs, itemIndex) : initial;
	return summarize(
		ctx,
		itemIndex,
		what,
		requests.map((r, index) => ({ lineId: r.lineId, status: settled[index] })),
	);
}
