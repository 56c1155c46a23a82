import { getClock } from './clock';

export interface WaitOptions {
	/** Give up (returning the last value) after this long. */
	timeoutMs: number;
	/** First pause between checks; doubles after each check... */
	firstDelayMs: number;
	/** ...up to this. */
	maxDelayMs: number;
}

/**
 * Polls an asynchronous marketplace job (a feed, a report, a process status) until `done` says it is finished or the
 * time is up. Waits go through the core clock (n8n's `sleep`), starting short and backing off, so a quick job costs
 * few seconds and a slow one few calls. Returns the last value and whether it finished in time.
 */
export async function waitUntil<T>(
	check: () => Promise<T>,
	done: (value: T) => boolean,
	options: WaitOptions,
	initial?: T,
): Promise<{ value: T; finished: boolean }> {
	const clock = getClock();
	const deadline = clock.now() + options.timeoutMs;
	let value = initial === undefined ? await check() : initial;
	let delay = options.firstDelayMs;
	while (!done(value)) {
		const left = deadline - clock.now();
		if (left <= 0) return { value, finished: false };
		await clock.sleep(Math.min(delay, left));
		delay = Math.min(delay * 2, options.maxDelayMs);
		value = await check();
	}
	return { value, finished: true };
}
