import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { getClock } from './clock';
import { errorMessage } from './errors';

/**
 * # The polling-trigger factory
 *
 * A marketplace trigger supplies only its events (`TriggerEvents`): how to list the candidates of a window, each
 * item's marketplace time and dedup key, and how to turn it into an output item. `pollTrigger` owns everything else:
 * the window and its overlap, the bounded set of ids already emitted, the per-poll limit, the commit of the cursor,
 * the lease against overlapping polls and the manual sample.
 *
 * ## What it guarantees
 *
 * - **At most once per key, per workflow.** An item is emitted only when its key is not in the seen set, and the set
 *   is merged (never overwritten) at commit, so two polls that overlap in time (n8n starts one on every cron tick,
 *   even while the previous one still runs) never emit the same key twice: the later one finds the earlier one's
 *   lease and returns nothing, and a poll whose lease expired drops at commit what another poll emitted meanwhile.
 *   Keys are remembered for `retainMs` behind the cursor (and as long as the marketplace still lists them), at most
 *   `maxSeen` of them.
 * - **Nothing silently skipped in the marketplace's own time.** The cursor is derived from the data (the latest item
 *   time seen, or the time up to which the marketplace says its answer is complete), never from n8n's clock, so clock
 *   skew between n8n and the marketplace cannot open a gap; a cursor ahead of the marketplace's time by more than the
 *   overlap is pulled back. n8n's clock is used only for relative look-backs ("the last N minutes"), where skew
 *   cancels out.
 * - **Bounded work, converging catch-up.** A poll emits at most `maxPerPoll` items and stops reading there; the cursor
 *   moves only past what was emitted (for lists sorted by time), so the next poll continues where this one stopped.
 * - **One bad item does not stop intake.** An item whose `output` throws is logged through n8n's logger (key and
 *   message, never secrets) and skipped; the cursor is held at its time so the next polls try it again, up to
 *   `maxAttempts` polls, after which it is given up (logged as an error and marked seen). Everything else flows.
 * - **Shift-safe reading.** A list read by page number can lose an item when the list shrinks while it is read; for
 *   such lists (`shifting`) a poll reads again from the first page until a whole pass shows nothing new.
 * - **Nothing from before activation.** The first poll (without "Sync From") marks what the marketplace lists as
 *   seen and emits nothing; with "Sync From" it emits what is newer than that.
 * - **Manual runs are samples.** They read until `sampleSize` items and touch no state.
 *
 * ## What it does not guarantee: delivery to the workflow
 *
 * n8n saves the static data when `poll` returns, before the workflow runs; the trigger never learns whether the
 * execution succeeded. So the trigger is **at most once**: an execution that fails after the poll loses its items from
 * the trigger's point of view. At-least-once processing needs a reconciliation lane in the workflow: periodically list
 * what is still waiting for action in the marketplace (bol: OPEN orders not yet acknowledged or shipped; Amazon:
 * UNSHIPPED orders past their expected handling time) and compare with what the store has received, re-feeding what
 * is missing through the same idempotent path (the store's external-id lookup). The triggers' outputs carry the
 * marketplace ids needed for that.
 *
 * ## State (the node's static data)
 *
 * `cursor` (ISO, marketplace time), `floor` (the "Sync From" of the first poll), `polledAt` (n8n time of the last
 * commit), `activated`, `seen` (key -> item time), `failures` (key -> failed attempts), `generation` and `lease`
 * (`{ generation, until }`, n8n time).
 */

const MINUTE = 60_000;

export interface TriggerPage<T> {
	items: T[];
	/**
	 * Marketplace time up to which this answer is complete, when the marketplace says so (Amazon's
	 * `lastUpdatedBefore`). The cursor then moves to it after a complete read.
	 */
	marketplaceNow?: number;
}

export interface PollWindow {
	/**
	 * Marketplace time of the window's start: older items are not events of this poll. `undefined`: everything the
	 * marketplace lists (first poll, manual sample).
	 */
	from?: number;
	/**
	 * How far back, on n8n's own clock, a relative query ("changed in the last N minutes") must look to cover the
	 * window: the time since the last commit plus the overlap.
	 */
	lookbackMs: number;
	firstPoll: boolean;
	manual: boolean;
}

/** What a marketplace supplies for one trigger event. */
export interface TriggerEvents<T> {
	/** The candidates of a window, page by page, lazily. Each call starts a new pass from the first page. */
	pages(window: PollWindow): AsyncIterable<TriggerPage<T>>;
	/** Whether the candidates are an event at all (a status, created after activation...). */
	accept?(item: T): boolean;
	/** Dedup key: an item with a key already emitted is never emitted again. */
	key(item: T): string;
	/** The item's marketplace time, the one the window filters on. */
	time(item: T): number;
	/** The output item (may read details); `undefined` skips it (it counts as handled). Throwing: a bad item. */
	output(item: T): Promise<IDataObject | undefined>;
	/**
	 * The list is sorted by `time`, oldest first: a poll that stops at its limit moves the cursor to where it stopped.
	 * Otherwise the cursor stays until a poll reads the list to its end.
	 */
	ascending?: boolean;
	/** Page-number paging over a live list: read again until a pass shows nothing new. */
	shifting?: boolean;
}

export interface TriggerOptions {
	overlapMs: number;
	/** "Sync From": on the first poll, emit what is newer than this (marketplace time). */
	syncFrom?: number;
	/** Most items one poll emits. Default 500. */
	maxPerPoll?: number;
	/** Items of a manual run. Default 3. */
	sampleSize?: number;
	/** Look-back of a manual run, for relative queries. Default one hour. */
	sampleLookbackMs?: number;
	/** Most keys remembered. */
	maxSeen: number;
	/** How long behind the cursor a key is remembered. Default twice the overlap. */
	retainMs?: number;
	/** How long a poll may run before another one may start. Default 15 minutes. */
	leaseMs?: number;
	/** Polls in which a failing item is tried before it is given up. Default 5. */
	maxAttempts?: number;
	/** Passes over a `shifting` list per poll. Default 3. */
	maxPasses?: number;
}

export interface TriggerStateData {
	cursor?: string;
	floor?: string;
	polledAt?: string;
	activated?: boolean;
	seen?: Record<string, number>;
	failures?: Record<string, number>;
	generation?: number;
	lease?: { generation: number; until: string };
}

const iso = (time: number) => new Date(time).toISOString();
const parse = (value: string | undefined) => (value ? Date.parse(value) : undefined);

type Logger = Pick<IPollFunctions['logger'], 'warn' | 'error' | 'debug'>;

function loggerOf(ctx: IPollFunctions): Logger | undefined {
	// the logger is part of n8n's poll context; a stand-in without one only loses the messages
	return (ctx as { logger?: Logger }).logger;
}

/** Runs one poll of a trigger: the body of `poll()`. */
export async function pollTrigger<T>(
	ctx: IPollFunctions,
	events: TriggerEvents<T>,
	options: TriggerOptions,
): Promise<INodeExecutionData[][] | null> {
	const emitted =
		ctx.getMode() === 'manual'
			? await sample(events, options)
			: await poll(ctx, events, options, ctx.getWorkflowStaticData('node') as TriggerStateData);
	if (emitted.length === 0) return null;
	return [ctx.helpers.returnJsonArray(emitted)];
}

async function sample<T>(
	events: TriggerEvents<T>,
	options: TriggerOptions,
): Promise<IDataObject[]> {
	const size = options.sampleSize ?? 3;
	const result: IDataObject[] = [];
	const window: PollWindow = {
		lookbackMs: options.sampleLookbackMs ?? 60 * MINUTE,
		firstPoll: false,
		manual: true,
	};
	for await (const page of events.pages(window)) {
		for (const item of page.items) {
			if (events.accept && !events.accept(item)) continue;
			const json = await events.output(item);
			if (json) result.push(json);
			// stop reading as soon as the sample is full: no further detail or page calls
			if (result.length >= size) return result;
		}
	}
	return result;
}

async function poll<T>(
	ctx: IPollFunctions,
	events: TriggerEvents<T>,
	options: TriggerOptions,
	store: TriggerStateData,
): Promise<IDataObject[]> {
	const clock = getClock();
	const logger = loggerOf(ctx);
	const leaseMs = options.leaseMs ?? 15 * MINUTE;

	// ---- lease: one poll at a time per trigger
	const startedAt = clock.now();
	const held = store.lease;
	if (held && Date.parse(held.until) > startedAt) {
		logger?.debug('The previous poll is still running: this poll emits nothing', {
			until: held.until,
		});
		return [];
	}
	const generation = (store.generation ?? 0) + 1;
	store.generation = generation;
	store.lease = { generation, until: iso(startedAt + leaseMs) };
	const holdsLease = () => store.lease?.generation === generation;
	const renew = () => {
		if (holdsLease()) store.lease = { generation, until: iso(clock.now() + leaseMs) };
	};

	try {
		const result = await read(ctx, events, options, store, renew);
		return commit(store, options, result, holdsLease(), clock.now());
	} finally {
		// a failed poll commits nothing and lets the next one run (a committed one has released it already)
		if (holdsLease()) delete store.lease;
	}
}

interface ReadResult {
	emitted: Array<{ key: string; json: IDataObject }>;
	/** Keys handled by this poll (emitted, skipped by `output`, baseline, given up), with their time. */
	handled: Map<string, number>;
	/** Keys read by this poll: still listed, so still remembered. */
	touched: Set<string>;
	failed: Map<string, { time: number; attempts: number }>;
	cursor: number | undefined;
	floor: number | undefined;
	/** Read to the end with no item left to try again: relative look-backs may start from this poll. */
	complete: boolean;
}

async function read<T>(
	ctx: IPollFunctions,
	events: TriggerEvents<T>,
	options: TriggerOptions,
	store: TriggerStateData,
	renew: () => void,
): Promise<ReadResult> {
	const clock = getClock();
	const logger = loggerOf(ctx);
	const maxPerPoll = options.maxPerPoll ?? 500;
	const maxAttempts = options.maxAttempts ?? 5;
	const now = clock.now();

	const firstPoll = !store.activated && store.cursor === undefined;
	const floor = firstPoll ? options.syncFrom : parse(store.floor);
	const oldCursor = parse(store.cursor);
	const from = oldCursor !== undefined ? oldCursor - options.overlapMs : floor;
	// on the first poll without "Sync From", what is there already is marked seen, not emitted
	const baseline = firstPoll && options.syncFrom === undefined;
	const since = parse(store.polledAt) ?? oldCursor ?? floor;
	const window: PollWindow = {
		from,
		lookbackMs: Math.max(0, since === undefined ? 0 : now - since) + options.overlapMs,
		firstPoll,
		manual: false,
	};

	const result: ReadResult = {
		emitted: [],
		handled: new Map(),
		touched: new Set(),
		failed: new Map(),
		cursor: oldCursor,
		floor,
		complete: false,
	};
	// the live seen set: another poll's commit is visible here at once
	const isSeen = (key: string) =>
		result.handled.has(key) || result.failed.has(key) || (store.seen ?? {})[key] !== undefined;

	let marketplaceNow: number | undefined;
	let latest: number | undefined;
	let stoppedAt: number | undefined;
	let stopped = false;
	const maxPasses = events.shifting ? (options.maxPasses ?? 3) : 1;
	for (let pass = 0; pass < maxPasses && !stopped; pass++) {
		let pages = 0;
		let foundNew = false;
		for await (const page of events.pages(window)) {
			pages++;
			renew();
			if (page.marketplaceNow !== undefined) marketplaceNow = page.marketplaceNow;
			for (const item of page.items) {
				if (events.accept && !events.accept(item)) continue;
				const key = events.key(item);
				const time = events.time(item);
				result.touched.add(key);
				if (latest === undefined || time > latest) latest = time;
				if (isSeen(key)) continue;
				if (from !== undefined && time < from) continue;
				foundNew = true;
				if (baseline) {
					result.handled.set(key, time);
					continue;
				}
				if (stopped) {
					// the rest of a page already read: where the next poll must start
					stoppedAt = Math.min(stoppedAt ?? time, time);
					continue;
				}
				try {
					const json = await events.output(item);
					result.handled.set(key, time);
					if (json) result.emitted.push({ key, json });
				} catch (error) {
					const attempts = ((store.failures ?? {})[key] ?? 0) + 1;
					const message = errorMessage(error);
					if (attempts >= maxAttempts) {
						logger?.error(`Gave up on ${key} after ${attempts} polls: ${message}`, { key });
						result.handled.set(key, time);
					} else {
						logger?.warn(`Skipped ${key} in this poll (attempt ${attempts}): ${message}`, { key });
						result.failed.set(key, { time, attempts });
					}
				}
				if (result.emitted.length >= maxPerPoll) stopped = true;
			}
			if (stopped) break;
		}
		// a list that fits one page was read in one answer: nothing can have shifted
		if (pages <= 1 || !foundNew) break;
	}

	// ---- the new cursor, in the marketplace's time
	let cursor = oldCursor;
	if (stopped) {
		if (events.ascending) {
			const reached = stoppedAt ?? lastTime(result);
			if (reached !== undefined) cursor = Math.max(cursor ?? reached, reached);
		}
	} else if (marketplaceNow !== undefined) {
		// the marketplace's own "complete up to": a cursor ahead of it (by more than the overlap) is pulled back
		cursor =
			cursor === undefined || marketplaceNow >= cursor - options.overlapMs
				? Math.max(cursor ?? marketplaceNow, marketplaceNow)
				: marketplaceNow;
	} else if (latest !== undefined) {
		cursor = Math.max(cursor ?? latest, latest);
	}
	// an item to try again keeps the window open at its time
	for (const { time } of result.failed.values())
		if (cursor !== undefined) cursor = Math.min(cursor, time);
	result.cursor = cursor;
	result.complete = !stopped && result.failed.size === 0;
	return result;
}

function lastTime(result: ReadResult): number | undefined {
	const last = result.emitted[result.emitted.length - 1];
	return last ? result.handled.get(last.key) : undefined;
}

/**
 * Writes the poll's outcome into static data, merging with what is there now (another poll may have committed
 * meanwhile): the seen sets are united, and only the lease holder sets the cursor (any other poll only moves it
 * forward). Returns the items to emit: those no other poll emitted meanwhile.
 */
function commit(
	store: TriggerStateData,
	options: TriggerOptions,
	result: ReadResult,
	holdsLease: boolean,
	now: number,
): IDataObject[] {
	const live = store.seen ?? {};
	const emitted = result.emitted.filter(({ key }) => live[key] === undefined);

	const cursor = parse(store.cursor);
	const newCursor = holdsLease
		? result.cursor
		: result.cursor === undefined
			? cursor
			: Math.max(cursor ?? result.cursor, result.cursor);
	const horizon =
		newCursor === undefined
			? Number.NEGATIVE_INFINITY
			: newCursor - (options.retainMs ?? options.overlapMs * 2);
	const merged = new Map<string, number>(Object.entries(live));
	for (const [key, time] of result.handled) merged.set(key, time);
	store.seen = Object.fromEntries(
		[...merged.entries()]
			// keys older than the retention can no longer come back in a window, unless the marketplace still lists them
			.filter(([key, time]) => time >= horizon || result.touched.has(key))
			.sort((a, b) => b[1] - a[1])
			.slice(0, options.maxSeen),
	);

	// attempts are remembered for the items still listed; one that is gone (cancelled, shipped) is forgotten
	const failures: Record<string, number> = {};
	for (const [key, attempts] of Object.entries(store.failures ?? {}))
		if (result.touched.has(key) && !result.handled.has(key)) failures[key] = attempts;
	for (const [key, { attempts }] of result.failed) failures[key] = attempts;
	if (Object.keys(failures).length) store.failures = failures;
	else delete store.failures;

	if (newCursor !== undefined) store.cursor = iso(newCursor);
	if (result.floor !== undefined && store.floor === undefined) store.floor = iso(result.floor);
	store.activated = true;
	if (holdsLease) {
		// a poll that stopped early or left an item to try again keeps the look-back of relative queries open
		if (result.complete) store.polledAt = iso(now);
		delete store.lease;
	}
	return emitted.map(({ json }) => json);
}
