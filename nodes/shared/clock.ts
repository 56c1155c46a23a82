import { sleep } from 'n8n-workflow';

/**
 * The core never reads the wall clock or waits directly: it goes through this clock, so tests and benchmarks can
 * replace it and so every wait uses n8n-workflow's `sleep`.
 */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
	/** A number in [0, 1) for jitter. */
	random(): number;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms: number) => {
		if (ms > 0) await sleep(ms);
	},
	random: () => Math.random(),
};

let activeClock: Clock = systemClock;

export function getClock(): Clock {
	return activeClock;
}

/** Replace the clock (tests, benchmarks). Returns a function that restores the previous one. */
export function useClock(clock: Clock): () => void {
	const previous = activeClock;
	activeClock = clock;
	return () => {
		activeClock = previous;
	};
}
