/**
 * Client-side pacing of marketplace calls.
 *
 * Scope, honestly: a limiter lives in the memory of one n8n process. All executions in that process (parallel
 * executions of one or several workflows, the items of one execution) share it and so share the budget. Separate
 * processes do not: every queue-mode worker, and the main process, paces on its own, so N workers may together send N
 * times the documented rate. The "Rate Limit Share" request option (`TransportSettings.rateLimitShare`) lets each
 * process use only a fraction of the documented token bucket (e.g. 1/N with N workers). What the marketplace itself
 * reports (`x-ratelimit-remaining`/`-reset`, `Retry-After` after a 429) is account-wide and is followed as it is; a
 * 429 caused by another process is retried like any other.
 */
import type { Clock } from '../clock';

/** What the marketplace documents for one endpoint family, used to pace calls before any header has been seen. */
export interface RateLimitPolicy {
	/** Sustained requests per second (token-bucket refill rate). */
	ratePerSecond?: number;
	/** Bucket size: requests that may be sent at once after a quiet period. */
	burst?: number;
	/**
	 * Safety margin of token-bucket pacing, as a fraction of one token's refill time (at most 1 s): the client then
	 * never arrives exactly when the server's bucket is still a hair short (clock skew, rounding). Default 0.
	 */
	margin?: number;
	/**
	 * "At most `limit` per `seconds`" as the marketplace documents it (Zalando: 2000 requests a minute): a sliding
	 * window over the calls booked, in the calls' `cost` units. Unlike a token bucket it lets the whole budget go at once
	 * and still never puts more than `limit` into any window of that length, whether the marketplace counts in fixed or
	 * sliding windows. `marginMs` (default 1 s) lengthens the window, for the time a call takes to arrive.
	 */
	window?: { limit: number; seconds: number; marginMs?: number };
}

const MAX_MARGIN_MS = 1000;
const DEFAULT_WINDOW_MARGIN_MS = 1000;

export type Headers = Record<string, unknown>;

/** A response header's value, whatever the case of its name (the first of a repeated one); undefined when absent. */
export function headerValue(headers: unknown, name: string): string | undefined {
	if (headers === null || typeof headers !== 'object') return undefined;
	return header(headers as Headers, name);
}

function header(headers: Headers, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (value === undefined || value === null) {
		const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
		if (key === undefined) return undefined;
		return String(headers[key]);
	}
	return Array.isArray(value) ? String(value[0]) : String(value);
}

function numberHeader(headers: Headers, ...names: string[]): number | undefined {
	for (const name of names) {
		const raw = header(headers, name);
		if (raw === undefined || raw.trim() === '') continue;
		const value = Number(raw);
		if (Number.isFinite(value)) return value;
	}
	return undefined;
}

/** `Retry-After` in milliseconds: delta seconds or an HTTP date. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
	const raw = header(headers, 'retry-after');
	if (raw === undefined || raw.trim() === '') return undefined;
	const seconds = Number(raw);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(raw);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * `x-ratelimit-reset` as an absolute time. Marketplaces send either seconds until the window resets (Bol) or an
 * epoch timestamp in seconds; a value above 10^9 is taken as the latter.
 */
function resetAt(headers: Headers, now: number): number | undefined {
	const reset = numberHeader(headers, 'x-ratelimit-reset', 'x-rate-limit-reset', 'ratelimit-reset');
	if (reset === undefined) return undefined;
	return reset > 1e9 ? reset * 1000 : now + reset * 1000;
}

/**
 * Paces the calls of one endpoint family of one account. It combines three signals:
 * - a token bucket (from the documented policy, or from `x-amzn-RateLimit-Limit`),
 * - the window counters `x-ratelimit-remaining` / `x-ratelimit-reset`,
 * - a hard block after a 429 (`Retry-After`).
 */
export class RateLimiter {
	private tokens: number;
	private rate: number | undefined;
	private burst: number;
	private refilledAt: number;
	private remaining: number | undefined;
	private windowResetAt: number | undefined;
	private blockedUntil = 0;
	private readonly margin: number;
	/** The sliding window: booked calls (time, cost), oldest first. */
	private readonly booked: Array<{ at: number; cost: number }> = [];
	/** The sum of the booked costs (kept as calls are booked and leave, so a call costs O(1), not O(window)). */
	private bookedCost = 0;
	private readonly window: { limit: number; ms: number } | undefined;
	private readonly share: number;

	/**
	 * @param share Fraction (0-1] of the documented (or announced) rate and burst this process may use: with N
	 * processes sending for one account, 1/N keeps their sum within the marketplace's budget. Default 1.
	 */
	constructor(
		policy: RateLimitPolicy,
		private readonly clock: Clock,
		share = 1,
	) {
		this.share = normalizeShare(share);
		this.rate = policy.ratePerSecond === undefined ? undefined : policy.ratePerSecond * this.share;
		this.burst = Math.max(1, Math.floor((policy.burst ?? 1) * this.share));
		this.tokens = this.burst;
		this.refilledAt = clock.now();
		this.margin = Math.max(0, policy.margin ?? 0);
		this.window = policy.window
			? {
					limit: Math.max(1, policy.window.limit * this.share),
					ms: policy.window.seconds * 1000 + (policy.window.marginMs ?? DEFAULT_WINDOW_MARGIN_MS),
				}
			: undefined;
	}

	/** How long until `cost` more fits into the sliding window (0: now). */
	private windowDelay(now: number, cost: number): number {
		if (!this.window) return 0;
		const { limit, ms } = this.window;
		while (this.booked.length > 0 && this.booked[0].at + ms <= now)
			this.bookedCost -= this.booked.shift()?.cost ?? 0;
		let used = this.bookedCost;
		const need = Math.min(Math.max(cost, 1), limit);
		// the calls that must leave the window first, oldest first
		for (const b of this.booked) {
			if (used + need <= limit) break;
			used -= b.cost;
			if (used + need <= limit) return b.at + ms - now;
		}
		return 0;
	}

	/**
	 * Milliseconds to wait before the next call may be sent. `cost`: how many tokens the call takes (Zalando's stock
	 * calls count their items against an items-per-minute budget); a call costing more than the burst waits for a full
	 * bucket and leaves it in debt, so the average rate still holds.
	 */
	delayBeforeNext(cost = 1): number {
		const now = this.clock.now();
		this.refill(now);
		let delay = Math.max(0, this.blockedUntil - now);
		if (this.remaining !== undefined && this.remaining <= 0 && this.windowResetAt !== undefined) {
			delay = Math.max(delay, this.windowResetAt - now);
		}
		delay = Math.max(delay, this.windowDelay(now, cost));
		const need = Math.min(Math.max(cost, 1), this.burst);
		if (this.rate !== undefined && this.tokens < need) {
			const margin = Math.min(MAX_MARGIN_MS, (this.margin / this.rate) * 1000);
			delay = Math.max(delay, ((need - this.tokens) / this.rate) * 1000 + margin);
		}
		return Math.ceil(delay);
	}

	/**
	 * Books the next free slot and returns how long the caller must wait for it (milliseconds). The token is taken
	 * now, before the caller sleeps: concurrent callers each get their own, later slot, so N callers of a bucket with
	 * rate r and burst b send no faster than the bucket allows. Prefer this to `delayBeforeNext` + `take`, which lets
	 * callers that waited at the same time share one token.
	 */
	reserve(cost = 1): number {
		const delay = this.delayBeforeNext(cost);
		this.take(cost);
		// booked at the time it will be sent
		if (this.window) {
			const booked = { at: this.clock.now() + delay, cost: Math.max(cost, 1) };
			this.booked.push(booked);
			this.bookedCost += booked.cost;
		}
		return delay;
	}

	/** Gives back a slot booked by `reserve` that will not be used (the caller gave up waiting). */
	release(cost = 1): void {
		const now = this.clock.now();
		this.refill(now);
		if (this.rate !== undefined)
			this.tokens = Math.min(this.burst, this.tokens + Math.max(cost, 1));
		// reserve and release follow each other without a pause (marketplaceRequest): the last booking is this one
		if (this.window) this.bookedCost -= this.booked.pop()?.cost ?? 0;
		if (this.remaining !== undefined) this.remaining += 1;
	}

	/** Book one call (of `cost` tokens). */
	take(cost = 1): void {
		const now = this.clock.now();
		this.refill(now);
		if (this.rate !== undefined) this.tokens -= Math.max(cost, 1);
		if (this.remaining !== undefined) this.remaining -= 1;
		if (this.windowResetAt !== undefined && this.windowResetAt <= now) {
			this.remaining = undefined;
			this.windowResetAt = undefined;
		}
	}

	/** Learn from a response's headers. */
	observe(statusCode: number, headers: Headers): void {
		const now = this.clock.now();
		const amazonRate = numberHeader(headers, 'x-amzn-ratelimit-limit');
		if (amazonRate !== undefined && amazonRate > 0) {
			this.refill(now);
			this.rate = amazonRate * this.share;
		}
		const remaining = numberHeader(
			headers,
			'x-ratelimit-remaining',
			'x-rate-limit-remaining',
			'ratelimit-remaining',
		);
		const reset = resetAt(headers, now);
		if (remaining !== undefined) {
			this.remaining = remaining;
			this.windowResetAt = reset ?? this.windowResetAt;
		}
		if (statusCode === 429) {
			const wait = retryAfterMs(headers, now) ?? (reset !== undefined ? reset - now : undefined);
			if (wait !== undefined) this.blockedUntil = Math.max(this.blockedUntil, now + wait);
			// the bucket is empty as far as the server is concerned
			this.tokens = Math.min(this.tokens, 0);
			if (this.remaining === undefined || this.remaining > 0) this.remaining = 0;
			if (this.windowResetAt === undefined && wait !== undefined) this.windowResetAt = now + wait;
		}
	}

	/** Time the caller was told to wait by the last 429, if still in the future. */
	blockedFor(): number {
		return Math.max(0, this.blockedUntil - this.clock.now());
	}

	private refill(now: number): void {
		if (this.rate === undefined) return;
		const elapsed = Math.max(0, now - this.refilledAt) / 1000;
		this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate);
		this.refilledAt = now;
	}
}

/** A share outside (0, 1] (or not a number) means the whole budget. */
export function normalizeShare(share: number | undefined): number {
	return typeof share === 'number' && Number.isFinite(share) && share > 0 && share <= 1 ? share : 1;
}

const limiters = new Map<string, RateLimiter>();

/**
 * One limiter per account, endpoint family and share, kept for the lifetime of the n8n process so that consecutive
 * and parallel executions in this process share what they learnt about the marketplace's limits and one budget. Not
 * shared across processes (queue-mode workers): see the module comment.
 */
export function getRateLimiter(
	key: string,
	policy: RateLimitPolicy,
	clock: Clock,
	share = 1,
): RateLimiter {
	const normalized = normalizeShare(share);
	const fullKey = normalized === 1 ? key : `${key}|share=${normalized}`;
	let limiter = limiters.get(fullKey);
	if (!limiter) {
		limiter = new RateLimiter(policy, clock, normalized);
		limiters.set(fullKey, limiter);
	}
	return limiter;
}

/** Forget every limiter (tests, benchmarks). */
export function resetRateLimiters(): void {
	limiters.clear();
}
