import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { errorMessage } from './errors';
import { redact } from './redact';
import { TestModeHalt, testOutput } from './testMode';

export type ItemResult = IDataObject | IDataObject[];

/** An output item that carries a file (a label, a delivery slip): its JSON and its binary data. */
export class FileResult {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/** One operation: runs for the item at `itemIndex` and returns one or more output objects, or a file. */
export type ItemHandler = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<ItemResult | FileResult>;

/** Operations that work on all input items at once (batched APIs) return one result per input item. */
export type BatchHandler = (
	this: IExecuteFunctions,
	itemIndexes: number[],
) => Promise<BatchOutcome[]>;

export type BatchOutcome =
	| { itemIndex: number; json: ItemResult }
	| { itemIndex: number; error: Error };

/** The JSON an item gets when it failed and the node continues on fail. Nothing secret goes into it. */
export function errorJson(error: unknown): IDataObject {
	const e = error as NodeApiError & { description?: string | null };
	const json: IDataObject = { error: errorMessage(error) };
	if (e?.description) json.errorDescription = errorMessage(e.description);
	if (e instanceof NodeApiError && e.httpCode) json.httpCode = e.httpCode;
	return redact(json);
}

function toItems(result: ItemResult | FileResult, itemIndex: number): INodeExecutionData[] {
	if (result instanceof FileResult)
		return [{ json: result.json, binary: result.binary, pairedItem: { item: itemIndex } }];
	const list = Array.isArray(result) ? result : [result];
	return list.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/**
 * The n8n error for a failed item. A test-mode hold (`TestModeHalt`) passes through unchanged: it is not a failure,
 * and the item runners turn it into the item's "would send" output wherever an operation rethrows it.
 */
export function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof TestModeHalt) return error;
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), errorMessage(error), { itemIndex });
}

/**
 * Runs an operation item by item. Every output item carries `pairedItem`; with "Continue On Fail" a failed item is
 * returned with its error (never dropped) and the run goes on; without it the first failure stops the node.
 */
export async function runPerItem(
	this: IExecuteFunctions,
	handler: ItemHandler,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const count = this.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			output.push(...toItems(await handler.call(this, itemIndex), itemIndex));
		} catch (error) {
			if (error instanceof TestModeHalt) {
				output.push({ json: testOutput(error), pairedItem: { item: itemIndex } });
				continue;
			}
			if (this.continueOnFail()) {
				output.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
				continue;
			}
			throw asNodeError(this, error, itemIndex);
		}
	}
	return output;
}

/**
 * The first step of a batch: checks every item before any request. Returns the plans of the valid items and an error
 * outcome for each invalid one, so one bad item does not stop the others.
 */
export function planEach<P>(
	itemIndexes: number[],
	plan: (itemIndex: number) => P,
): { planned: P[]; outcomes: BatchOutcome[] } {
	const planned: P[] = [];
	const outcomes: BatchOutcome[] = [];
	for (const itemIndex of itemIndexes) {
		try {
			planned.push(plan(itemIndex));
		} catch (error) {
			outcomes.push({ itemIndex, error: error as Error });
		}
	}
	return { planned, outcomes };
}

/**
 * Runs a batched operation over all items. Every item gets its own result. When some items fail and the node does
 * not continue on fail, the error lists each failed item (the others have been applied at the marketplace).
 */
export async function runBatch(
	this: IExecuteFunctions,
	handler: BatchHandler,
	what: string,
): Promise<INodeExecutionData[]> {
	const indexes = this.getInputData().map((_, i) => i);
	// test mode: the batch's write (a feed, a bulk update) was not sent; every item says what it would have been
	const handled = await handler.call(this, indexes).then(
		(result): BatchOutcome[] | TestModeHalt => result,
		async (error: unknown) =>
			error instanceof TestModeHalt ? error : await Promise.reject(error as Error),
	);
	if (handled instanceof TestModeHalt) {
		return indexes.map((itemIndex) => ({
			json: testOutput(handled),
			pairedItem: { item: itemIndex },
		}));
	}
	const outcomes = handled
		.map((o) =>
			'error' in o && o.error instanceof TestModeHalt
				? { itemIndex: o.itemIndex, json: testOutput(o.error) }
				: o,
		)
		.sort((a, b) => a.itemIndex - b.itemIndex);
	const failed = outcomes.filter((o): o is { itemIndex: number; error: Error } => 'error' in o);
	if (failed.length === 1 && outcomes.length === 1 && !this.continueOnFail()) {
		// a run of one item: its own error says it best
		throw asNodeError(this, failed[0].error, failed[0].itemIndex);
	}
	if (failed.length > 0 && !this.continueOnFail()) {
		const list = failed
			.slice(0, 20)
			.map((f) => `item ${f.itemIndex}: ${errorMessage(f.error)}`)
			.join('\n');
		const more = failed.length > 20 ? `\n… and ${failed.length - 20} more` : '';
		throw new NodeOperationError(
			this.getNode(),
			`${failed.length} of ${outcomes.length} ${what} failed; the other ${outcomes.length - failed.length} were applied`,
			{
				description: `${list}${more}\nTurn on "Continue On Fail" (Settings) to get one output item per update with its own result.`,
				itemIndex: failed[0].itemIndex,
			},
		);
	}
	const output: INodeExecutionData[] = [];
	for (const outcome of outcomes) {
		if ('error' in outcome)
			output.push({ json: errorJson(outcome.error), pairedItem: { item: outcome.itemIndex } });
		else output.push(...toItems(outcome.json, outcome.itemIndex));
	}
	return output;
}
