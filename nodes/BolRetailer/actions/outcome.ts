import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BolProcessStatus } from '../transport';
import { processResult } from './common';

/**
 * Summarizes process statuses of one request into `status` and per-line results. A FAILURE is an error for the
 * item: the message names every failed line and what bol said, and which lines did succeed.
 */
export function summarize(
	ctx: IExecuteFunctions,
	itemIndex: number,
	what: string,
	results: Array<{ lineId: string; status: BolProcessStatus }>,
): { status: 'done' | 'pending' | 'failed'; lines: IDataObject[] } {
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
	return { status: pending ? 'pending' : 'done', lines };
}
