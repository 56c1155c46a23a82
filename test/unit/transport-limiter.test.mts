import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BOL_API } from '../../nodes/BolRetailer/transport';
import type { Clock } from '../../nodes/shared/clock';
import { requestOptionsProperty, transportSettings } from '../../nodes/shared/options';
import { RateLimiter } from '../../nodes/shared/transport/rateLimiter';
import {
	DEFAULT_TRANSPORT_SETTINGS,
	marketplaceRequest,
	type MarketplaceApi,
} from '../../nodes/shared/transport/request';
import { bolContext } from '../helpers/bol.mts';
import { installClock } from '../helpers/clock.mts';

const T0 = Date.parse('2026-11-23T10:00:00Z');

/**
 * A clock for concurrent callers: `sleep` resolves when `run` moves time to its end, earliest first, after the real
 * I/O in flight (nock) has had its turn. Time only moves through the timers, as on a real clock.
 */
class SchedulerClock implements Clock {
	time = T0;
	private timers: Array<{ at: number; resolve: () => void }> = [];
	now = () => this.time;
	random = () => 0.5;
	sleep = (ms: number) =>
		ms <= 0
			? Promise.resolve()
			: new Promise<void>((resolve) => this.timers.push({ at: this.time + ms, resolve }));

	async run<T>(work: Promise<T>): Promise<T> {
		let done = false;
		const settled = work.finally(() => (done = true));
		settled.catch(() => undefined);
		while (!done) {
			await new Promise((resolve) => setTimeout(resolve, 5));
			if (done || this.timers.length === 0) continue;
			this.timers.sort((a, b) => a.at - b.at);
			const next = this.timers.shift()!;
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
		return await work;
	}
}

const BUCKET = 'test:limited';
const limitedApi = (ratePerSecond: number, burst: number): MarketplaceApi => ({
	...BOL_API,
	name: 'Limited',
	rateLimits: { [BUCKET]: { ratePerSecond, burst } },
});
const S3 = 'http://presigned.test';
const call = (n: number) => ({
	method: 'GET' as const,
	url: `${S3}/doc/${n}`,
	authentication: 'none' as const,
	bucket: BUCKET,
	operation: `download ${n}`,
});

let clock: SchedulerClock;
let restore: () => void;
beforeEach(() => {
	({ clock, restore } = installClock(new SchedulerClock()));
	nock.disableNetConnect();
});
afterEach(() => {
	restore();
	nock.cleanAll();
	nock.enableNetConnect();
});

/** N concurrent calls; returns the (clock) times at which the server received them, in order. */
async function concurrent(n: number, api: MarketplaceApi, share?: number): Promise<number[]> {
	const received: number[] = [];
	nock(S3)
		.get(/\/doc\/\d+/)
		.times(n)
		.reply(() => {
			received.push(clock.now() - T0);
			return [200, { ok: true }];
		});
	const { ctx } = bolContext({});
	const settings = { maxAttempts: 1, maxWaitMs: 600_000, scope: 'x', rateLimitShare: share };
	await clock.run(
		Promise.all(
			Array.from({ length: n }, (_, i) => marketplaceRequest(ctx, api, call(i), settings)),
		),
	);
	return received.sort((a, b) => a - b);
}

describe('rate limiter with concurrent callers', () => {
	it('books each caller its own slot: 5 concurrent calls on 1/s (burst 1) go out one second apart', async () => {
		expect(await concurrent(5, limitedApi(1, 1))).toEqual([0, 1000, 2000, 3000, 4000]);
	});

	it('lets a burst go at once, then paces the rest', async () => {
		expect(await concurrent(5, limitedApi(2, 3))).toEqual([0, 0, 0, 500, 1000]);
	});

	it('reserve() returns the wait of the slot it books', () => {
		const limiter = new RateLimiter({ ratePerSecond: 1, burst: 2 }, clock);
		expect([limiter.reserve(), limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([
			0, 0, 1000, 2000,
		]);
	});
});

describe('Rate Limit Share', () => {
	it('uses only the given fraction of the documented rate and burst', async () => {
		// 2/s with burst 2, half of it: 1/s with burst 1
		expect(await concurrent(3, limitedApi(2, 2), 0.5)).toEqual([0, 1000, 2000]);
	});

	it('scales the rate Amazon announces in x-amzn-RateLimit-Limit too', () => {
		const limiter = new RateLimiter({ ratePerSecond: 10, burst: 1 }, clock, 0.25);
		limiter.reserve();
		limiter.observe(200, { 'x-amzn-RateLimit-Limit': '2' });
		// 2/s announced, a quarter of it: one call every 2 s
		expect(limiter.reserve()).toBe(2000);
	});

	it('is a Request Option, default 1 (the whole budget); values outside (0, 1] mean 1', () => {
		const option = (
			requestOptionsProperty.options as Array<{ name: string; default: number }>
		).find((o) => o.name === 'rateLimitShare');
		expect(option!.default).toBe(DEFAULT_TRANSPORT_SETTINGS.rateLimitShare);
		expect(DEFAULT_TRANSPORT_SETTINGS.rateLimitShare).toBe(1);
		expect(transportSettings({ rateLimitShare: 0.25 }, 's').rateLimitShare).toBe(0.25);
		expect(transportSettings({ rateLimitShare: 0 }, 's').rateLimitShare).toBe(1);
		expect(transportSettings({ rateLimitShare: 3 }, 's').rateLimitShare).toBe(1);
	});
});

describe('a caller that gives up waiting', () => {
	it('hands its booked slot back, so the next caller is not delayed by it', async () => {
		nock(S3)
			.get(/\/doc\/\d+/)
			.times(2)
			.reply(200, { ok: true });
		const { ctx } = bolContext({});
		const api = limitedApi(1, 1);
		const base = { maxAttempts: 1, maxWaitMs: 600_000, scope: 'x' };
		await clock.run(marketplaceRequest(ctx, api, call(0), base));
		// the bucket is empty: this caller would need 1 s but may wait 0 s
		const error = await clock
			.run(marketplaceRequest(ctx, api, call(1), { ...base, maxWaitMs: 0 }))
			.catch((e) => e);
		expect(error.message).toContain('exceeds the "Max Wait" option');
		const start = clock.now();
		await clock.run(marketplaceRequest(ctx, api, call(2), base));
		expect(clock.now() - start).toBe(1000);
	});
});

describe('RateLimiter: a documented "N per minute" as a sliding window', () => {
	const fixed = (time: { now: number }): Clock => ({
		now: () => time.now,
		random: () => 0.5,
		sleep: async () => undefined,
	});

	it('lets the whole budget go at once, then waits until the oldest calls leave the window (plus 1 s)', () => {
		const time = { now: T0 };
		const limiter = new RateLimiter({ window: { limit: 3, seconds: 60 } }, fixed(time));
		expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 0, 0]);
		expect(limiter.reserve()).toBe(61_000);
		time.now += 30_000;
		// the 5th waits for the 2nd to leave: it was sent at T0
		expect(limiter.reserve()).toBe(31_000);
	});

	it('counts in cost units: 1000-item stock calls against 2000 items a minute', () => {
		const time = { now: T0 };
		const limiter = new RateLimiter({ window: { limit: 2000, seconds: 60 } }, fixed(time));
		expect(limiter.reserve(1000)).toBe(0);
		expect(limiter.reserve(1000)).toBe(0);
		expect(limiter.reserve(1000)).toBe(61_000);
		// a call that gives up hands its booking back: the next one gets the same slot
		limiter.release(1000);
		expect(limiter.reserve(1000)).toBe(61_000);
	});

	it('frees the budget of calls that left the window, window after window (and of a booking given back)', () => {
		const time = { now: T0 };
		const limiter = new RateLimiter({ window: { limit: 3, seconds: 60 } }, fixed(time));
		for (let window = 0; window < 4; window++) {
			expect([limiter.reserve(), limiter.reserve(2)]).toEqual([0, 0]);
			expect(limiter.reserve()).toBe(61_000);
			limiter.release();
			time.now += 61_000;
		}
		expect([limiter.reserve(3)]).toEqual([0]);
	});

	it('a share of the budget (queue-mode workers) scales the window limit', () => {
		const time = { now: T0 };
		const limiter = new RateLimiter({ window: { limit: 4, seconds: 60 } }, fixed(time), 0.5);
		expect([limiter.reserve(), limiter.reserve()]).toEqual([0, 0]);
		expect(limiter.reserve()).toBe(61_000);
	});
});
