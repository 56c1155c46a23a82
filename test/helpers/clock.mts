import nock from 'nock';
import { afterEach, beforeEach } from 'vitest';

import { useClock, type Clock } from '../../nodes/shared/clock';
import { resetRateLimiters } from '../../nodes/shared/transport/rateLimiter';

/** A clock whose `sleep` returns at once and moves time forward, recording every wait. */
export class FakeClock implements Clock {
	time: number;
	sleeps: number[] = [];
	constructor(
		start = Date.parse('2026-11-23T10:00:00Z'),
		private readonly randomValue = 0.5,
	) {
		this.time = start;
	}
	now = () => this.time;
	random = () => this.randomValue;
	sleep = async (ms: number) => {
		this.sleeps.push(ms);
		this.time += ms;
	};
	get totalSlept() {
		return this.sleeps.reduce((a, b) => a + b, 0);
	}
}

/** Installs a clock (for the core) and fresh rate limiters; returns the clock and a restore function. */
export function installClock<C extends Clock>(clock: C): { clock: C; restore: () => void } {
	resetRateLimiters();
	const restore = useClock(clock);
	return {
		clock,
		restore: () => {
			restore();
			resetRateLimiters();
		},
	};
}

/** Installs a fake clock and fresh rate limiters; returns the clock and a restore function. */
export function installFakeClock(start?: number): { clock: FakeClock; restore: () => void } {
	return installClock(new FakeClock(start));
}

/**
 * The set-up of a unit test file that talks HTTP through nock on a fake clock: before each test a fresh fake clock
 * (and rate limiters) and no real network; after it, everything restored. Returns the current test's clock.
 */
export function useNockAndFakeClock(start?: number): () => FakeClock {
	let current: { clock: FakeClock; restore: () => void } | undefined;
	beforeEach(() => {
		current = installFakeClock(start);
		nock.disableNetConnect();
	});
	afterEach(() => {
		current?.restore();
		nock.cleanAll();
		nock.enableNetConnect();
	});
	return () => current!.clock;
}
