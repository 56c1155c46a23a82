/**
 * The window options every polling trigger offers. The trigger itself (window, overlap, dedup, limits, lease, cursor)
 * is `pollTrigger` in `./trigger`.
 */
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
