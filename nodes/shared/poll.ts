import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { InputValidator } from './validation';

const MINUTE = 60_000;

/** The "Sync From" and "Overlap" options every polling trigger offers. */
export function pollWindowOptions(marketplace: string): INodeProperties[] {
	return [
		{
			displayName: 'Sync From',
			name: 'syncFrom',
			type: 'dateTime',
			default: '',
			description:
				'On the first poll, also emit what happened since this time (Koongo "Sync Orders Created From Date"). Empty: only what happens after activation.',
		},
		{
			displayName: 'Overlap (Minutes)',
			name: 'overlapMinutes',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1440 },
			default: 10,
			description: `How far back each poll looks again, to catch what ${marketplace} makes visible late. Items are never emitted twice.`,
		},
	];
}

/** Reads the options of `pollWindowOptions` (inside an "Options" collection). */
export function pollWindowSettings(
	options: IDataObject,
	v: InputValidator,
): { overlapMs: number; syncFrom?: number } {
	const overlapMs =
		v.integer(
			{ label: 'Overlap (Minutes)', name: 'options.overlapMinutes' },
			options.overlapMinutes ?? 10,
			1,
			1440,
		) * MINUTE;
	const syncFrom = options.syncFrom
		? v.date({ label: 'Sync From', name: 'options.syncFrom' }, options.syncFrom).getTime()
		: undefined;
	return { overlapMs, syncFrom };
}

/**
 * State of a polling trigger, kept in the workflow's static data: a cursor (the time up to which everything has been
 * seen) and a bounded set of ids already emitted. Each poll looks back `overlapMs` before the cursor, so an item the
 * marketplace makes visible late is still caught; the seen set makes sure it is emitted only once.
 */
export interface PollStateData {
	cursor?: string;
	seen?: Record<string, number>;
}

export interface PollStateOptions {
	/** How far before the cursor each poll looks again. */
	overlapMs: number;
	/** Most ids remembered; the oldest are forgotten first. */
	maxSeen: number;
	/**
	 * How long before the cursor an id is remembered (by the time passed to `markSeen`). Default twice the overlap:
	 * enough when that time is the one the window filters on. Longer when an item can show up in a window long after
	 * its time (an Amazon order that is created pending and becomes shippable hours later).
	 */
	retainMs?: number;
}

export class PollState {
	private readonly seen: Map<string, number>;
	private cursorTime: number | undefined;

	constructor(
		private readonly store: IDataObject,
		private readonly options: PollStateOptions,
	) {
		const data = store as PollStateData;
		this.cursorTime = data.cursor ? Date.parse(data.cursor) : undefined;
		this.seen = new Map(Object.entries(data.seen ?? {}));
	}

	/** True on the very first poll after activation (no cursor yet). */
	get isFirstPoll(): boolean {
		return this.cursorTime === undefined;
	}

	get cursor(): number | undefined {
		return this.cursorTime;
	}

	/** Start of the window to ask the marketplace for. */
	windowStart(fallback: number): number {
		return (this.cursorTime ?? fallback) - this.options.overlapMs;
	}

	has(key: string): boolean {
		return this.seen.has(key);
	}

	/** Remember `key`; returns false when it had been seen already. */
	markSeen(key: string, time: number): boolean {
		if (this.seen.has(key)) return false;
		this.seen.set(key, time);
		return true;
	}

	/** Move the cursor forward (never back) and write the state back into static data. */
	commit(newCursor: number): void {
		if (this.cursorTime === undefined || newCursor > this.cursorTime) this.cursorTime = newCursor;
		const horizon = this.cursorTime - (this.options.retainMs ?? this.options.overlapMs * 2);
		const entries = [...this.seen.entries()]
			// ids older than the retention (default: twice the overlap) can no longer come back in a window
			.filter(([, time]) => time >= horizon)
			.sort((a, b) => b[1] - a[1])
			.slice(0, this.options.maxSeen);
		const data = this.store as PollStateData;
		data.cursor = new Date(this.cursorTime).toISOString();
		data.seen = Object.fromEntries(entries);
	}
}
