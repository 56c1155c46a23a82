/**
 * Clocks for tests and the bench: nothing here imports nock or vitest, so the bench (a plain process) loads no HTTP
 * interception (nock hooks fetch and http as soon as it is imported). The nock set-up of unit tests is in nock.mts.
 */
import { useClock, type Clock } from '../../nodes/shared/clock';
import type { EmulatedClock } from '../../sandbox/emulators/core/clock.mts';
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
 * The core clock bridged to an emulator's clock: `now` is the emulated time and every wait of the node (backoff,
 * rate-limit pacing, feed polling) moves the emulated clock forward at once. Tests of minutes of Amazon time run in
 * milliseconds, and the node and the emulator agree on the time.
 */
export class EmulatorBridgeClock implements Clock {
	sleeps: number[] = [];
	constructor(private readonly emulated: EmulatedClock) {}
	now = () => this.emulated.now();
	random = () => 0.5;
	sleep = async (ms: number) => {
		this.sleeps.push(ms);
		this.emulated.advance(ms);
	};
}

export function installEmulatorClock(emulated: EmulatedClock): {
	clock: EmulatorBridgeClock;
	restore: () => void;
} {
	return installClock(new EmulatorBridgeClock(emulated));
}
