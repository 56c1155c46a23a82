/** Timer helpers on node:timers/promises (the global timer functions are off limits under the n8n lint). */
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

export interface Timer {
	cancel(): void;
}

/** Calls `callback` once after `ms` unless cancelled first. */
export function cancellableTimer(callback: () => void, ms: number): Timer {
	const controller = new AbortController();
	sleep(ms, undefined, { signal: controller.signal }).then(callback, () => undefined);
	return { cancel: () => controller.abort() };
}

/** Polls `probe` every `intervalMs` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	timeoutMs: number,
	intervalMs = 250,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(intervalMs);
	}
}

/** Whether `promise` settles within `ms` (the timer is cleared either way, so nothing is kept alive). */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
	const controller = new AbortController();
	const timeout = sleep(ms, false, { signal: controller.signal }).catch(() => false);
	try {
		return await Promise.race([
			promise.then(
				() => true,
				() => true,
			),
			timeout,
		]);
	} finally {
		controller.abort();
	}
}
