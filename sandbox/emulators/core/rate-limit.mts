import type { EmulatedClock } from './clock.mts';
import { globToRegExp, methodMatches } from './http.mts';

/**
 * One line of a rate-limit profile. Rules are tried in order; the first whose method and path match applies.
 * `fixed-window`: `limit` requests per `windowSeconds` (emulated), counted per principal (or globally).
 * `leaky-bucket`: a bucket of `limit` requests that drains `leakPerSecond` per emulated second (Shopify).
 */
export interface RateLimitRule {
	id: string;
	method?: string | string[];
	/** Path glob: `*` = one segment, `**` = any remainder. */
	path: string;
	limit: number;
	windowSeconds?: number;
	algorithm?: 'fixed-window' | 'leaky-bucket';
	leakPerSecond?: number;
	/** Default `principal`: one budget per client id / key; `global`: one for all callers. */
	scope?: 'principal' | 'global';
	/** false = a chosen default, not confirmed in a marketplace source: correct it when the real number is known. */
	verified: boolean;
	source?: string;
	/**
	 * What one count is: a request (default), or a unit the service prices per request with its `rateLimitCost` hook
	 * (Zalando stocks: `items`, the number of stock updates in the body).
	 */
	unit?: string;
	/**
	 * The next matching rule applies as well: a request must fit every limit of the chain and is counted in each
	 * (Zalando stocks: 60 requests and 2000 items per minute at once). Nothing is counted when one limit is spent.
	 */
	combine?: boolean;
	/** The rule applies only to requests with this query parameter (Zalando: orders by `order_number`). */
	whenQuery?: string;
	/**
	 * Fixed windows on the clock (multiples of `windowSeconds` since the epoch: 3600 = clock hours, 10:00-11:00) instead
	 * of windows that open with a client's first request (Spartoo's "current 1-hour window").
	 */
	aligned?: boolean;
}

export interface RateLimitProfile {
	description?: string;
	rules: RateLimitRule[];
}

export interface RateLimitDecision {
	rule: RateLimitRule;
	limited: boolean;
	limit: number;
	/** Requests left in the current window / bucket after this one. */
	remaining: number;
	/** Bucket level after this request (leaky bucket) or requests used in the window. */
	used: number;
	/** Emulated ms until the window resets (or, for a bucket, until it is empty). */
	resetMs: number;
	/** Emulated ms the caller must wait before the next request can pass (0 when not limited). */
	retryAfterMs: number;
}

interface Bucket {
	start: number;
	count: number;
	level: number;
	updated: number;
}

export class RateLimitConfigError extends Error {}

export function validateProfile(profile: unknown): RateLimitProfile {
	if (
		typeof profile !== 'object' ||
		profile === null ||
		!Array.isArray((profile as RateLimitProfile).rules)
	) {
		throw new RateLimitConfigError('a rate-limit profile is an object with a rules array');
	}
	const rules = (profile as RateLimitProfile).rules;
	const seen = new Set<string>();
	for (const rule of rules) {
		if (typeof rule.id !== 'string' || seen.has(rule.id))
			throw new RateLimitConfigError('each rule needs a unique id');
		seen.add(rule.id);
		if (typeof rule.path !== 'string')
			throw new RateLimitConfigError(`rule ${rule.id}: path must be a string`);
		for (const key of ['unit', 'whenQuery'] as const) {
			if (rule[key] !== undefined && typeof rule[key] !== 'string')
				throw new RateLimitConfigError(`rule ${rule.id}: ${key} must be a string`);
		}
		if (rule.aligned !== undefined && typeof rule.aligned !== 'boolean')
			throw new RateLimitConfigError(`rule ${rule.id}: aligned must be a boolean`);
		if (!(Number.isInteger(rule.limit) && rule.limit > 0)) {
			throw new RateLimitConfigError(`rule ${rule.id}: limit must be a positive integer`);
		}
		const algorithm = rule.algorithm ?? 'fixed-window';
		if (
			algorithm === 'fixed-window' &&
			!(typeof rule.windowSeconds === 'number' && rule.windowSeconds > 0)
		) {
			throw new RateLimitConfigError(`rule ${rule.id}: windowSeconds must be > 0`);
		}
		if (
			algorithm === 'leaky-bucket' &&
			!(typeof rule.leakPerSecond === 'number' && rule.leakPerSecond > 0)
		) {
			throw new RateLimitConfigError(`rule ${rule.id}: leakPerSecond must be > 0`);
		}
	}
	return profile as RateLimitProfile;
}

export class RateLimiter {
	private profile: RateLimitProfile;
	private compiled: Array<{ rule: RateLimitRule; regex: RegExp }> = [];
	private buckets = new Map<string, Bucket>();

	constructor(
		private readonly clock: EmulatedClock,
		private readonly defaultProfile: RateLimitProfile,
		public enabled = true,
	) {
		this.profile = defaultProfile;
		this.setProfile(defaultProfile);
	}

	setProfile(profile: RateLimitProfile): void {
		validateProfile(profile);
		this.profile = structuredClone(profile);
		this.compiled = this.profile.rules.map((rule) => ({ rule, regex: globToRegExp(rule.path) }));
		this.buckets.clear();
	}

	restoreDefault(): void {
		this.setProfile(this.defaultProfile);
	}

	resetCounters(): void {
		this.buckets.clear();
	}

	getProfile(): RateLimitProfile {
		return structuredClone(this.profile);
	}

	/** The rule that would apply to a request (nothing is counted). */
	ruleFor(method: string, path: string, query?: URLSearchParams): RateLimitRule | undefined {
		return this.chainFor(method, path, query)[0];
	}

	/** The rules that apply to a request: the first match, and the ones after it while a rule says `combine`. */
	private chainFor(method: string, path: string, query?: URLSearchParams): RateLimitRule[] {
		const chain: RateLimitRule[] = [];
		for (const { rule, regex } of this.compiled) {
			if (!methodMatches(rule.method, method) || !regex.test(path)) continue;
			if (rule.whenQuery !== undefined && !query?.has(rule.whenQuery)) continue;
			chain.push(rule);
			if (!rule.combine) break;
		}
		return chain;
	}

	/**
	 * Counts the request against the first matching rule (and the rules it combines with); undefined when disabled or
	 * no rule matches. `cost` prices a rule's unit (default 1: one request). With several rules the answer is the
	 * first spent one (nothing is counted then), else the first rule's.
	 */
	check(
		method: string,
		path: string,
		principalId: string,
		cost: (rule: RateLimitRule) => number = () => 1,
		query?: URLSearchParams,
	): RateLimitDecision | undefined {
		if (!this.enabled) return undefined;
		const chain = this.chainFor(method, path, query);
		if (chain.length === 0) return undefined;
		const now = this.clock.now();
		const entries = chain.map((rule) => {
			const key = `${rule.id}|${rule.scope === 'global' ? '*' : principalId}`;
			let bucket = this.buckets.get(key);
			if (!bucket) {
				bucket = { start: now, count: 0, level: 0, updated: now };
				this.buckets.set(key, bucket);
			}
			return { rule, bucket, cost: rule.unit === undefined ? 1 : cost(rule) };
		});
		const decide = (commit: boolean) =>
			entries.map(({ rule, bucket, cost: units }) =>
				rule.algorithm === 'leaky-bucket'
					? RateLimiter.leaky(rule, bucket, now, units, commit)
					: RateLimiter.fixedWindow(rule, bucket, now, units, commit),
			);
		const probe = decide(false);
		const spent = probe.find((decision) => decision.limited);
		if (spent) return spent;
		return decide(true)[0];
	}

	/** One rule's decision for a request of `cost` units; the bucket only changes when `commit` is set. */
	private static fixedWindow(
		rule: RateLimitRule,
		bucket: Bucket,
		now: number,
		cost: number,
		commit: boolean,
	): RateLimitDecision {
		const windowMs = (rule.windowSeconds as number) * 1000;
		const clockWindow = rule.aligned ? now - (((now % windowMs) + windowMs) % windowMs) : now;
		if (rule.aligned ? bucket.start !== clockWindow : now >= bucket.start + windowMs) {
			bucket.start = clockWindow;
			bucket.count = 0;
		}
		const resetMs = bucket.start + windowMs - now;
		const limited = bucket.count + cost > rule.limit;
		const used = limited ? bucket.count : bucket.count + cost;
		if (commit && !limited) bucket.count = used;
		return {
			rule,
			limited,
			limit: rule.limit,
			remaining: Math.max(0, rule.limit - used),
			used,
			resetMs,
			retryAfterMs: limited ? resetMs : 0,
		};
	}

	private static leaky(
		rule: RateLimitRule,
		bucket: Bucket,
		now: number,
		cost: number,
		commit: boolean,
	): RateLimitDecision {
		const leak = rule.leakPerSecond as number;
		const drained = Math.max(0, bucket.level - ((now - bucket.updated) / 1000) * leak);
		const limited = drained + cost > rule.limit;
		const level = limited ? drained : drained + cost;
		if (commit) {
			bucket.level = level;
			bucket.updated = now;
		}
		const retryAfterMs = limited ? ((drained + cost - rule.limit) / leak) * 1000 : 0;
		return {
			rule,
			limited,
			limit: rule.limit,
			remaining: Math.max(0, Math.floor(rule.limit - level)),
			used: Math.ceil(level),
			resetMs: (level / leak) * 1000,
			retryAfterMs,
		};
	}
}
