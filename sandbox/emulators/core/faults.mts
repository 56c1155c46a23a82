import { globToRegExp, methodMatches } from './http.mts';
import type { Random } from './random.mts';

export const FAULT_KINDS = [
	'rate-limit',
	'server-error',
	'slow',
	'drop',
	'token-expired',
	'token-revoked',
	'malformed-json',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The body of `POST /__admin/faults` (one rule, or `{ "faults": [rule, ...] }`). */
export interface FaultRuleInput {
	id?: string;
	kind: FaultKind;
	/** HTTP method(s) the fault applies to; default any. */
	method?: string | string[];
	/** Path glob (`*` = one segment, `**` = any remainder); default every path. */
	path?: string;
	/** How many times it fires; default 1, or unlimited when `probability` is set. */
	count?: number;
	/** Chance (0..1) that a matching request is hit, drawn from the seeded generator. */
	probability?: number;
	/** Let this many matching requests through before the fault starts firing. */
	after?: number;
	/** `server-error`: the status (default 500; 502, 503, 504 are typical). */
	status?: number;
	/** `slow`: extra latency in real milliseconds (default 2000). */
	delayMs?: number;
	/** `rate-limit`: the Retry-After value in seconds (default 1). */
	retryAfterSeconds?: number;
}

export interface FaultRule extends FaultRuleInput {
	id: string;
	/** Firings left (`null` = unlimited). */
	remaining: number | null;
	/** Times fired. */
	hits: number;
	/** Matching requests seen (including the ones let through). */
	seen: number;
}

export class FaultConfigError extends Error {}

function checkNumber(
	value: unknown,
	name: string,
	min: number,
	max = Number.POSITIVE_INFINITY,
): void {
	if (value === undefined) return;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
		throw new FaultConfigError(`${name} must be a number between ${min} and ${max}`);
	}
}

/** Per-endpoint, per-test fault injection (see README "Faults"). */
export class FaultInjector {
	private rules: Array<FaultRule & { pathRegex: RegExp }> = [];
	private nextId = 1;

	constructor(private readonly random: Random) {}

	add(input: FaultRuleInput): FaultRule {
		if (typeof input !== 'object' || input === null)
			throw new FaultConfigError('a fault rule must be an object');
		if (!FAULT_KINDS.includes(input.kind)) {
			throw new FaultConfigError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
		}
		checkNumber(input.count, 'count', 1);
		checkNumber(input.probability, 'probability', 0, 1);
		checkNumber(input.after, 'after', 0);
		checkNumber(input.status, 'status', 400, 599);
		checkNumber(input.delayMs, 'delayMs', 0, 600_000);
		checkNumber(input.retryAfterSeconds, 'retryAfterSeconds', 0);
		if (input.path !== undefined && typeof input.path !== 'string')
			throw new FaultConfigError('path must be a string');
		const id = input.id ?? `fault-${this.nextId++}`;
		if (this.rules.some((rule) => rule.id === id))
			throw new FaultConfigError(`a fault with id ${id} exists`);
		const remaining = input.count ?? (input.probability === undefined ? 1 : null);
		const rule = {
			...input,
			id,
			remaining,
			hits: 0,
			seen: 0,
			pathRegex: globToRegExp(input.path ?? '**'),
		};
		this.rules.push(rule);
		return FaultInjector.view(rule);
	}

	private static view(rule: FaultRule & { pathRegex?: RegExp }): FaultRule {
		return Object.fromEntries(
			Object.entries(rule).filter(([key]) => key !== 'pathRegex'),
		) as unknown as FaultRule;
	}

	list(): FaultRule[] {
		return this.rules.map((rule) => FaultInjector.view(rule));
	}

	remove(id: string): boolean {
		const before = this.rules.length;
		this.rules = this.rules.filter((rule) => rule.id !== id);
		return this.rules.length < before;
	}

	clear(): void {
		this.rules = [];
	}

	/** The fault to apply to this request, if any (consumes one firing). */
	pick(method: string, path: string): FaultRule | undefined {
		for (const rule of this.rules) {
			if (!methodMatches(rule.method, method) || !rule.pathRegex.test(path)) continue;
			if (rule.remaining === 0) continue;
			rule.seen++;
			if (rule.seen <= (rule.after ?? 0)) continue;
			if (rule.probability !== undefined && !this.random.chance(rule.probability)) continue;
			if (rule.remaining !== null) rule.remaining--;
			rule.hits++;
			return FaultInjector.view(rule);
		}
		return undefined;
	}
}
