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
}

const MAX_MARGIN_MS = 1000;

export type Headers = Record<string, unknown>;

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

	constructor(
		policy: RateLimitPolicy,
		private readonly clock: Clock,
	) {
		this.rate = policy.ratePerSecond;
		this.burst = Math.max(1, policy.burst ?? 1);
		this.tokens = this.burst;
		this.refilledAt = clock.now();
		this.margin = Math.max(0, policy.margin ?? 0);
	}

	/** Milliseconds to wait before the next call may be sent. */
	delayBeforeNext(): number {
		const now = this.clock.now();
		this.refill(now);
		let delay = Math.max(0, this.blockedUntil - now);
		if (this.remaining !== undefined && this.remaining <= 0 && this.windowResetAt !== undefined) {
			delay = Math.max(delay, this.windowResetAt - now);
		}
		if (this.rate !== undefined && this.tokens < 1) {
			const margin = Math.min(MAX_MARGIN_MS, (this.margin / this.rate) * 1000);
			delay = Math.max(delay, ((1 - this.tokens) / this.rate) * 1000 + margin);
		}
		return Math.ceil(delay);
	}

	/** Book one call. */
	take(): void {
		const now = this.clock.now();
		this.refill(now);
		if (this.rate !== undefined) this.tokens -= 1;
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
			this.rate = amazonRate;
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

const limiters = new Map<string, RateLimiter>();

/**
 * One limiter per account and endpoint family, kept for the lifetime of the n8n process so that consecutive
 * executions of a workflow share what they learnt about the marketplace's limits.
 */
export function getRateLimiter(key: string, policy: RateLimitPolicy, clock: Clock): RateLimiter {
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new RateLimiter(policy, clock);
		limiters.set(key, limiter);
	}
	return limiter;
}

/** Forget every limiter (tests, benchmarks). */
export function resetRateLimiters(): void {
	limiters.clear();
}
