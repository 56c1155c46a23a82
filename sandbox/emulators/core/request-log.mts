import type { IncomingHttpHeaders } from 'node:http';

import type { EmulatedClock } from './clock.mts';
import { queryToObject, type EmulatorRequest } from './http.mts';

export const REDACTED = '[REDACTED]';

const SENSITIVE_HEADERS = new Set([
	'authorization',
	'proxy-authorization',
	'cookie',
	'set-cookie',
	'x-shopify-access-token',
	'x-shopify-hmac-sha256',
	'x-wc-webhook-signature',
]);
// `partner` / `partenaire`: a credential sent as a plain form field (Spartoo's partner key)
const SENSITIVE_NAME =
	/secret|token|password|passwd|signature|api[-_]?key|consumer[-_]?key|hmac|^partner$|^partenaire$/i;

export function isSensitiveName(name: string): boolean {
	return SENSITIVE_NAME.test(name);
}

/** Authorization-like headers keep their scheme (`Bearer [REDACTED]`); other secrets are replaced entirely. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, raw] of Object.entries(headers)) {
		if (raw === undefined) continue;
		const value = Array.isArray(raw) ? raw.join(', ') : raw;
		const lower = name.toLowerCase();
		if (lower === 'authorization' || lower === 'proxy-authorization') {
			const scheme = /^(\S+)\s/.exec(value)?.[1];
			out[lower] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
		} else if (SENSITIVE_HEADERS.has(lower) || isSensitiveName(lower)) {
			out[lower] = REDACTED;
		} else {
			out[lower] = value;
		}
	}
	return out;
}

/** Deep copy of a JSON/form value with sensitive keys replaced. */
export function redactValue(value: unknown): unknown {
	if (Array.isArray(value)) return value.map((item) => redactValue(item));
	if (typeof value === 'object' && value !== null) {
		const out: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value))
			out[key] = isSensitiveName(key) ? REDACTED : redactValue(inner);
		return out;
	}
	return value;
}

export interface LoggedRequest {
	id: number;
	/** Emulated time of arrival (ISO). */
	at: string;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string>;
	body?: unknown;
	status?: number;
	/** `ok`, `rate-limited`, `invalid`, `unauthorized`, `fault:<kind>`, or `fault:<kind>:after` (processed, then faulted). */
	outcome?: string;
	/** The status the handler answered: set only when the request was processed (even if an `after` fault then lost it). */
	handledStatus?: number;
	durationMs?: number;
}

export interface RequestLogFilter {
	method?: string;
	path?: string;
	limit?: number;
}

/** Ring buffer of received requests, secrets redacted (`GET /__admin/requests`). */
export class RequestLog {
	private entries: LoggedRequest[] = [];

	constructor(
		private readonly clock: EmulatedClock,
		private readonly max = 5000,
	) {}

	record(req: EmulatorRequest): LoggedRequest {
		const entry: LoggedRequest = {
			id: req.id,
			at: new Date(this.clock.now()).toISOString(),
			method: req.method,
			path: req.path,
			query: redactValue(queryToObject(req.query)) as Record<string, string | string[]>,
			headers: redactHeaders(req.headers),
		};
		if (req.body !== undefined) entry.body = redactValue(req.body);
		else if (req.rawBody.length > 0) entry.body = `<${req.rawBody.length} bytes, unparsed>`;
		this.entries.push(entry);
		if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
		return entry;
	}

	list(filter: RequestLogFilter = {}): LoggedRequest[] {
		let out = this.entries;
		if (filter.method) out = out.filter((e) => e.method === filter.method?.toUpperCase());
		if (filter.path) {
			const needle = filter.path;
			out = out.filter((e) => e.path.includes(needle));
		}
		if (filter.limit !== undefined) out = out.slice(-filter.limit);
		return out;
	}

	clear(): void {
		this.entries = [];
	}
}
