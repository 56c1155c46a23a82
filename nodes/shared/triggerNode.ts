import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import { pollWindowSettings } from './poll';
import { optionValues } from './properties';
import { pollTrigger, type TriggerEvents, type TriggerOptions } from './trigger';
import { InputValidator } from './validation';

/**
 * The part of a marketplace trigger node's `poll` every marketplace writes the same way: read and check the Event
 * (before any request: a value outside the list is an error naming the field, never a fallback such as "all orders"),
 * the Options and the window options (Sync From, Overlap), and run the trigger factory with the package's defaults.
 * A trigger node supplies its Event property and its events (`triggerEvents.ts`).
 */

/** Most items one poll emits (the rest follow in the next polls) and the size of a manual run's sample. */
export const TRIGGER_DEFAULTS = { maxPerPoll: 500, sampleSize: 3, maxSeen: 10_000 } as const;

export interface TriggerPollInput<E extends string> {
	event: E;
	/** The trigger's "Options" collection. */
	options: IDataObject;
	/** The trigger's "Request Options" collection. */
	requestOptions: IDataObject;
	v: InputValidator;
	overlapMs: number;
	syncFrom?: number;
}

/** Reads and checks what every trigger reads first. */
export function triggerPollInput<E extends string>(
	ctx: IPollFunctions,
	eventProperty: INodeProperties,
): TriggerPollInput<E> {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const v = new InputValidator(ctx.getNode());
	const event = v.oneOf(
		{ label: eventProperty.displayName, name: eventProperty.name },
		ctx.getNodeParameter(eventProperty.name),
		optionValues(eventProperty) as E[],
	);
	const { overlapMs, syncFrom } = pollWindowSettings(options, v);
	return {
		event,
		options,
		requestOptions: ctx.getNodeParameter('requestOptions', {}) as IDataObject,
		v,
		overlapMs,
		syncFrom,
	};
}

/** Runs the trigger factory over `events` with the window of `input` and the package's defaults (`overrides` win). */
export async function runTriggerPoll(
	ctx: IPollFunctions,
	input: Pick<TriggerPollInput<string>, 'overlapMs' | 'syncFrom'>,
	events: TriggerEvents<unknown>,
	overrides: Partial<TriggerOptions> = {},
): Promise<INodeExecutionData[][] | null> {
	return await pollTrigger(ctx, events, {
		...TRIGGER_DEFAULTS,
		overlapMs: input.overlapMs,
		syncFrom: input.syncFrom,
		...overrides,
	});
}
