import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getClock } from './clock';
import { errorMessage } from './errors';
import { redact } from './redact';
import { asNodeError, errorJson, type ItemResult } from './execute';
import { TestModeHalt, testOutput } from './testMode';
import { waitUntil, type PollSchedule } from './wait';

/**
 * One runner for every operation that starts asynchronous work at a marketplace (bol process statuses, Amazon feeds,
 * later Zalando/Miinto/Spartoo jobs), in four phases:
 *
 * 1. plan: every input item is checked before any request; a bad item fails with an error naming the field;
 * 2. submit: the requests are sent (item by item, or batched by the marketplace module), each item with its own
 *    error handling;
 * 3. settle: the jobs of all items are awaited together (bulk status calls where the marketplace allows, one shared
 *    timeout). A status that cannot be read fails only the items of that job;
 * 4. describe: each item gets its result (with `pairedItem`), built from its jobs' last states.
 *
 * Guarantees: a job that has not finished is never reported as done (its item says so and carries the job id); a job
 * that failed is an error of its item; without "Continue On Fail" the thrown error lists which items were applied,
 * which were submitted and are still being processed, and which were not sent.
 */

export interface JobWait {
	/** Whether to wait for the jobs at all. */
	wait: boolean;
	timeoutMs: number;
}

/** What one input item sent: the jobs it waits for and how its result follows from their states. */
export interface ItemJobs<S> {
	/** The item's jobs, each with the state the submission answered; items that share a job share its key. */
	jobs: Array<{ key: string; state: S }>;
	wait: JobWait;
	/**
	 * The item's result from its jobs' last states (in `jobs` order): pending work said as pending, a failed job thrown
	 * as the item's error (naming what failed and what succeeded).
	 */
	describe(states: S[]): ItemResult;
}

/** The submission of one item: jobs to settle, or a result at once (nothing to do), or its error. */
export type SubmitOutcome<S> =
	| { itemIndex: number; jobs: ItemJobs<S> }
	| { itemIndex: number; json: ItemResult }
	| { itemIndex: number; error: Error };

export interface SettleOptions<S> {
	/** Whether a job is finished (successfully or not). */
	finished(state: S): boolean;
	/** The current states of unfinished jobs (at most `bulk` keys per call), keyed like the jobs. */
	poll(keys: string[], itemIndex: number): Promise<Map<string, S>>;
	/** Most jobs per status call. Default 1. */
	bulk?: number;
	/** Runs once for a job that finished (e.g. downloads its report); its error fails the job's items. */
	complete?(key: string, state: S, itemIndex: number): Promise<S>;
	/** When to check again (see `backoffSchedule`, `expectedDoneSchedule`). */
	schedule: PollSchedule;
	/** Whether to check the jobs at once (their submission says nothing of their state) before the first pause. */
	checkAtOnce?: boolean;
	/** A job named for people, e.g. "process status 123", "feed 50001". */
	label(key: string): string;
	/** Fields that identify an item's jobs in its output and error items, e.g. `{ feedId }`. */
	idJson(keys: string[]): IDataObject;
}

export interface JobRun<P, S> {
	/** What the items are, plural, for the error summary: "shipments", "refunds". */
	noun: string;
	/** Checks one item before any request; throws (naming the field) for bad input. */
	plan(itemIndex: number): P;
	/** Sends one item's requests (`each`), or all items' at once (`all`: a batch, e.g. one feed for many items). */
	submit:
		| { each(plan: P, itemIndex: number): Promise<ItemJobs<S> | { json: ItemResult }> }
		| { all(planned: Array<{ itemIndex: number; plan: P }>): Promise<Array<SubmitOutcome<S>>> };
	settle: SettleOptions<S>;
}

type Stage = 'invalid' | 'unsent' | 'failed' | 'immediate' | 'submitted';

interface Entry<S> {
	itemIndex: number;
	stage: Stage;
	plan?: unknown;
	error?: Error;
	json?: ItemResult;
	jobs?: ItemJobs<S>;
}

/** The last known state of a job, or why it could not be read. */
export interface JobState<S> {
	state: S;
	finished: boolean;
	error?: Error;
}

function itemList(indexes: number[]): string {
	return indexes.length === 1 ? `item ${indexes[0]}` : `items ${indexes.join(', ')}`;
}

/** A bad input item, without Continue On Fail: its own error, saying that nothing was sent. */
function planError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	count: number,
): Error {
	const nodeError = asNodeError(ctx, error, itemIndex) as Error & { description?: string | null };
	const note =
		count > 1
			? `item ${itemIndex}: ${errorMessage(error)}\nNothing was sent: every input item is checked before any request.`
			: 'Nothing was sent.';
	nodeError.description = nodeError.description ? `${nodeError.description}\n${note}` : note;
	return nodeError;
}

/**
 * Settles jobs: polls the unfinished ones together (`bulk` per call) until all are finished or the time is up. A
 * status call that fails marks its jobs with the error and stops polling them; the others go on.
 */
export async function settleJobs<S>(
	options: SettleOptions<S>,
	initial: Map<string, S>,
	timeoutMs: number,
	startedAt: number,
	itemIndexOf: (key: string) => number,
): Promise<Map<string, JobState<S>>> {
	const states = new Map<string, JobState<S>>();
	for (const [key, state] of initial) states.set(key, { state, finished: options.finished(state) });
	const open = () => [...states].filter(([, s]) => !s.finished && !s.error).map(([key]) => key);
	const completed = new Set<string>();
	const completeFinished = async () => {
		if (!options.complete) return;
		for (const [key, s] of states) {
			if (!s.finished || s.error || completed.has(key)) continue;
			completed.add(key);
			try {
				s.state = await options.complete(key, s.state, itemIndexOf(key));
			} catch (error) {
				s.error = error as Error;
			}
		}
	};
	const poll = async () => {
		const keys = open();
		const bulk = Math.max(1, options.bulk ?? 1);
		for (let start = 0; start < keys.length; start += bulk) {
			const chunk = keys.slice(start, start + bulk);
			try {
				const fresh = await options.poll(chunk, itemIndexOf(chunk[0]));
				for (const key of chunk) {
					const state = fresh.get(key);
					if (state !== undefined) states.set(key, { state, finished: options.finished(state) });
				}
			} catch (error) {
				for (const key of chunk) states.get(key)!.error = error as Error;
			}
		}
		await completeFinished();
		return open().length;
	};
	await completeFinished();
	if (open().length > 0) {
		await waitUntil(
			poll,
			(left) => left === 0,
			{ timeoutMs, startedAt, schedule: options.schedule },
			options.checkAtOnce ? undefined : open().length,
		);
	}
	return states;
}

/**
 * Runs an asynchronous-job operation over all input items: plan, submit, settle, describe (see above). Every output
 * item carries `pairedItem`; with "Continue On Fail" a failed item is returned with its error (and the ids of any
 * jobs it started), never dropped.
 */
export async function runJobs<P, S>(
	ctx: IExecuteFunctions,
	run: JobRun<P, S>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const entries: Array<Entry<S>> = ctx
		.getInputData()
		.map((_, itemIndex) => ({ itemIndex, stage: 'unsent' as Stage }));

	// 1. plan: nothing is sent before every item is checked
	for (const entry of entries) {
		try {
			entry.plan = run.plan(entry.itemIndex);
		} catch (error) {
			if (!continueOnFail) throw planError(ctx, error, entry.itemIndex, entries.length);
			entry.stage = 'invalid';
			entry.error = error as Error;
		}
	}

	// 2. submit
	const started = getClock().now();
	const valid = entries.filter((e) => e.stage === 'unsent');
	const record = (entry: Entry<S>, outcome: ItemJobs<S> | { json: ItemResult }) => {
		if ('json' in outcome) {
			entry.stage = 'immediate';
			entry.json = outcome.json;
		} else {
			entry.stage = 'submitted';
			entry.jobs = outcome;
		}
	};
	// test mode: the write was not sent; the item says what it would have sent and what was planned
	const asTest = (entry: Entry<S>, halt: TestModeHalt) => {
		const planned =
			entry.plan !== null && typeof entry.plan === 'object'
				? { planned: redact(entry.plan as IDataObject) }
				: {};
		record(entry, { json: { ...testOutput(halt), ...planned } });
	};
	if ('each' in run.submit) {
		for (const entry of valid) {
			try {
				record(entry, await run.submit.each(entry.plan as P, entry.itemIndex));
			} catch (error) {
				if (error instanceof TestModeHalt) {
					asTest(entry, error);
					continue;
				}
				entry.stage = 'failed';
				entry.error = error as Error;
				// n8n stops at the first failure: the items after it are not sent
				if (!continueOnFail) break;
			}
		}
	} else {
		type Outcomes = Awaited<ReturnType<typeof run.submit.all>>;
		const submitted = await run.submit
			.all(valid.map((e) => ({ itemIndex: e.itemIndex, plan: e.plan as P })))
			.then(
				(result): Outcomes | TestModeHalt => result,
				async (error: unknown) =>
					error instanceof TestModeHalt ? error : await Promise.reject(error as Error),
			);
		if (submitted instanceof TestModeHalt) for (const entry of valid) asTest(entry, submitted);
		const outcomes: Outcomes = submitted instanceof TestModeHalt ? [] : submitted;
		for (const outcome of outcomes) {
			const entry = entries[outcome.itemIndex];
			if ('error' in outcome && outcome.error instanceof TestModeHalt) asTest(entry, outcome.error);
			else if ('error' in outcome) {
				entry.stage = 'failed';
				entry.error = outcome.error;
			} else record(entry, 'json' in outcome ? { json: outcome.json } : outcome.jobs);
		}
	}

	// 3. settle all items' jobs together, within per-item error handling
	const submitted = entries.filter((e) => e.stage === 'submitted');
	const initial = new Map<string, S>();
	const owner = new Map<string, number>();
	for (const entry of submitted) {
		if (!entry.jobs!.wait.wait) continue;
		for (const job of entry.jobs!.jobs) {
			if (!initial.has(job.key)) initial.set(job.key, job.state);
			if (!owner.has(job.key)) owner.set(job.key, entry.itemIndex);
		}
	}
	const timeoutMs = Math.max(
		0,
		...submitted.filter((e) => e.jobs!.wait.wait).map((e) => e.jobs!.wait.timeoutMs),
	);
	const settled =
		initial.size > 0
			? await settleJobs(run.settle, initial, timeoutMs, started, (key) => owner.get(key) ?? 0)
			: new Map<string, JobState<S>>();

	// 4. describe
	const output: INodeExecutionData[] = [];
	const failures: Array<Entry<S>> = [];
	const applied: number[] = [];
	const pending: Array<{ itemIndex: number; keys: string[] }> = [];
	for (const entry of entries) {
		const pairedItem = { item: entry.itemIndex };
		const keys = entry.jobs?.jobs.map((j) => j.key) ?? [];
		try {
			if (entry.stage === 'unsent') continue;
			if (entry.error) throw entry.error;
			if (entry.stage === 'immediate') {
				applied.push(entry.itemIndex);
				const list = Array.isArray(entry.json) ? entry.json : [entry.json!];
				for (const json of list) output.push({ json, pairedItem });
				continue;
			}
			const jobs = entry.jobs!;
			const unread = keys.filter((key) => settled.get(key)?.error);
			if (unread.length > 0) {
				const first = settled.get(unread[0])!.error!;
				throw new NodeOperationError(
					ctx.getNode(),
					`Could not read the status of ${unread.map((k) => run.settle.label(k)).join(', ')}: ${errorMessage(first)}`,
					{
						itemIndex: entry.itemIndex,
						description: `The request was sent and may have been applied: check ${unread.map((k) => run.settle.label(k)).join(', ')} before sending it again.`,
					},
				);
			}
			const states = jobs.jobs.map((job) => settled.get(job.key)?.state ?? job.state);
			const result = jobs.describe(states);
			const done = jobs.jobs.every((job, n) => run.settle.finished(states[n]));
			if (done) applied.push(entry.itemIndex);
			else pending.push({ itemIndex: entry.itemIndex, keys });
			const list = Array.isArray(result) ? result : [result];
			for (const json of list) output.push({ json, pairedItem });
		} catch (error) {
			entry.error = error as Error;
			failures.push(entry);
			if (continueOnFail)
				output.push({
					json: { ...errorJson(error), ...(keys.length ? run.settle.idJson(keys) : {}) },
					pairedItem,
				});
		}
	}
	if (failures.length === 0 || continueOnFail) return output;

	const unsent = entries.filter((e) => e.stage === 'unsent').map((e) => e.itemIndex);
	if (
		failures.length === 1 &&
		applied.length === 0 &&
		pending.length === 0 &&
		unsent.length === 0
	) {
		// one failed item and nothing else sent: its own error says it best
		throw asNodeError(ctx, failures[0].error, failures[0].itemIndex);
	}
	const total = entries.length;
	const others = total - failures.length;
	const message =
		pending.length === 0 && unsent.length === 0
			? `${failures.length} of ${total} ${run.noun} failed; the other ${others} were applied`
			: `${failures.length} of ${total} ${run.noun} failed; of the others ${applied.length} were applied, ${pending.length} submitted and not finished yet, ${unsent.length} not sent`;
	const lines = failures.slice(0, 20).map((f) => `item ${f.itemIndex}: ${errorMessage(f.error)}`);
	if (failures.length > 20) lines.push(`… and ${failures.length - 20} more`);
	if (applied.length) lines.push(`Applied: ${itemList(applied)}.`);
	if (pending.length)
		lines.push(
			`Submitted, not finished yet: ${pending
				.map((p) => `item ${p.itemIndex} (${p.keys.map((k) => run.settle.label(k)).join(', ')})`)
				.join(', ')}.`,
		);
	if (unsent.length) lines.push(`Not sent: ${itemList(unsent)}.`);
	lines.push(
		'Turn on "Continue On Fail" (Settings) to get one output item per input item with its own result.',
	);
	throw new NodeOperationError(ctx.getNode(), message, {
		description: lines.join('\n'),
		itemIndex: failures[0].itemIndex,
	});
}
