import { createHash } from 'node:crypto';

import {
	globToRegExp,
	methodMatches,
	type EmulatorRequest,
	type EmulatorResponse,
} from './http.mts';
import type { Random } from './random.mts';

export const FAULT_KINDS = [
	'rate-limit',
	'server-error',
	'slow',
	'drop',
	'token-expired',
	'token-revoked',
	'malformed-json',
	'echo',
	's3-error',
	'hang',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * When a fault acts: `before` the handler (default; the request has no effect), or `after` it (the request was
 * processed and its effect applied, then the answer is lost: `drop` destroys the socket, `server-error`, `echo` and
 * `s3-error` replace the answer). Only `drop`, `server-error`, `echo`, `s3-error` and `hang` may act after.
 */
export const FAULT_PHASES = ['before', 'after'] as const;
export type FaultPhase = (typeof FAULT_PHASES)[number];
const AFTER_KINDS: readonly FaultKind[] = ['drop', 'server-error', 'echo', 's3-error', 'hang'];

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
	/** `before` (default) or `after` the handler ran (see `FaultPhase`). */
	phase?: FaultPhase;
	/** `server-error` (default 500; 502, 503, 504 are typical), `echo` (default 502), `s3-error` (default 403). */
	status?: number;
	/** `slow`: extra latency in real milliseconds (default 2000); `hang`: close the socket after this long (default never). */
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
		if (input.phase !== undefined && !FAULT_PHASES.includes(input.phase))
			throw new FaultConfigError(`phase must be one of ${FAULT_PHASES.join(', ')}`);
		if (input.phase === 'after' && !AFTER_KINDS.includes(input.kind))
			throw new FaultConfigError(`phase after works with ${AFTER_KINDS.join(', ')}`);
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

	/**
	 * The fault to apply to this request, if any (consumes one firing). `before` faults are picked when the request
	 * arrives, `after` faults once the handler has processed it (a request that never reached the handler does not
	 * consume an `after` fault).
	 */
	pick(method: string, path: string, phase: FaultPhase = 'before'): FaultRule | undefined {
		for (const rule of this.rules) {
			if ((rule.phase ?? 'before') !== phase) continue;
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

function headerRecord(req: EmulatorRequest): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

/**
 * Fault `echo`: what a misconfigured gateway in front of the API answers: an error whose body copies the request,
 * headers included (`Authorization`, `x-amz-access-token`, ...), unredacted.
 */
export function echoResponse(fault: FaultRule, req: EmulatorRequest): EmulatorResponse {
	const status = fault.status ?? 502;
	return {
		status,
		contentType: 'application/json',
		body: {
			message: 'Bad Gateway: upstream error',
			gateway: 'emulated-edge-proxy',
			request: {
				method: req.method,
				url: `${req.path}${req.url.search}`,
				headers: headerRecord(req),
			},
		},
	};
}

/** The session token an `s3-error` puts in the URL when the request had none (stable per request path). */
export function s3SecurityToken(path: string): string {
	return `IQoJb3JpZ2luX2VjEPz${createHash('sha256').update(path).digest('base64url').slice(0, 40)}`;
}

/**
 * Fault `s3-error`: an S3-style XML error (default 403 SignatureDoesNotMatch) whose body holds the pre-signed URL
 * the client used, with its `X-Amz-Security-Token` (added when the URL had none) and `X-Amz-Signature`, literally
 * (in CDATA), as S3 and the proxies in front of it echo it.
 */
export function s3ErrorResponse(fault: FaultRule, req: EmulatorRequest): EmulatorResponse {
	const status = fault.status ?? 403;
	const query = new URLSearchParams(req.url.search);
	if (!query.has('X-Amz-Security-Token')) {
		const signature = query.get('X-Amz-Signature');
		query.delete('X-Amz-Signature');
		query.set('X-Amz-Security-Token', s3SecurityToken(req.path));
		query.set('X-Amz-Signature', signature ?? createHash('sha256').update(req.path).digest('hex'));
	}
	const url = `${req.origin}${req.path}?${query.toString()}`;
	const code = status === 403 ? 'SignatureDoesNotMatch' : 'InternalError';
	return {
		status,
		contentType: 'application/xml',
		raw:
			'<?xml version="1.0" encoding="UTF-8"?>\n' +
			`<Error><Code>${code}</Code><Message>The request signature we calculated does not match the signature you provided.</Message>` +
			`<Url><![CDATA[${url}]]></Url><RequestId>EMULATOR${req.id}</RequestId><HostId>emulated-s3</HostId></Error>`,
	};
}
