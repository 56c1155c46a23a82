import { getClock } from './clock';

/** What a poll schedule knows when it picks the next pause. */
export interface PollInfo {
	/** Checks made so far (the first pause follows check 1, or the initial value). */
	checks: number;
	/** Time since the job was started (`startedAt`) or, without it, since the wait began. */
	elapsedMs: number;
	/** The pause before the last check; undefined before the first pause. */
	lastDelayMs: number | undefined;
}

/** Picks the pause before the next check. */
export type PollSchedule = (info: PollInfo) => number;

interface BaseWaitOptions {
	/** Give up (returning the last value) after this long. */
	timeoutMs: number;
	/** When the job was started (clock time), for schedules that expect it done after some time. */
	startedAt?: number;
}

export type WaitOptions = BaseWaitOptions &
	(
		| {
				/** First pause between checks; doubles after each check... */
				firstDelayMs: number;
				/** ...up to this. */
				maxDelayMs: number;
				schedule?: undefined;
		  }
		| { schedule: PollSchedule; firstDelayMs?: undefined; maxDelayMs?: undefined }
	);

/** Starts at `firstDelayMs` and doubles up to `maxDelayMs`: a quick job costs few seconds, a slow one few calls. */
export function backoffSchedule(firstDelayMs: number, maxDelayMs: number): PollSchedule {
	return ({ lastDelayMs }) =>
		lastDelayMs === undefined ? firstDelayMs : Math.min(lastDelayMs * 2, maxDelayMs);
}

export interface ExpectedDoneOptions {
	/** When the job is expected to be done, counted from its start (e.g. from the size of a feed). */
	expectedMs: number;
	/** Shortest pause (keeps within the status call's rate limit). */
	minDelayMs: number;
	/** Longest pause. */
	maxDelayMs: number;
	/** After the expected time, pause this share of the time the job has taken so far (between min and max). */
	fraction?: number;
}

/**
 * Checks a job when it is expected to be done rather than at fixed intervals: the first pause runs up to the expected
 * time, later ones are a share of the time taken so far (a job late by seconds is checked every few seconds, one late
 * by an hour every `maxDelayMs`). So a job is noticed soon after it finishes, and a slow one costs few calls.
 */
export function expectedDoneSchedule(options: ExpectedDoneOptions): PollSchedule {
	const fraction = options.fraction ?? 0.1;
	return ({ elapsedMs }) => {
		const untilExpected = options.expectedMs - elapsedMs;
		if (untilExpected > options.minDelayMs) return Math.min(untilExpected, options.maxDelayMs * 4);
		return Math.min(options.maxDelayMs, Math.max(options.minDelayMs, elapsedMs * fraction));
	};
}

/**
 * Polls an asynchronous marketplace job (a feed, a report, a process status) until `done` says it is finished or the
 * time is up. Waits go through the core clock (n8n's `sleep`), following the schedule (default: start short and back
 * off), so a quick job costs few seconds and a slow one few calls. Returns the last value and whether it finished in
 * time.
 */
export async function waitUntil<T>(
	check: () => Promise<T>,
	done: (value: T) => boolean,
	options: WaitOptions,
	initial?: T,
): Promise<{ value: T; finished: boolean }> {
	const clock = getClock();
	const start = clock.now();
	const deadline = start + options.timeoutMs;
	const schedule = options.schedule ?? backoffSchedule(options.firstDelayMs, options.maxDelayMs);
	const startedAt = options.startedAt ?? start;
	let value = initial === undefined ? await check() : initial;
	let checks = 1;
	let lastDelayMs: number | undefined;
	while (!done(value)) {
		const left = deadline - clock.now();
		if (left <= 0) return { value, finished: false };
		const delay = Math.max(
			0,
			schedule({ checks, elapsedMs: clock.now() - startedAt, lastDelayMs }),
		);
		await clock.sleep(Math.min(delay, left));
		lastDelayMs = delay;
		value = await check();
		checks++;
	}
	return { value, finished: true };
}
