import type { IncomingHttpHeaders } from 'node:http';

/** An authenticated caller, as established by a service's `authenticate` hook. */
export interface Principal {
	/** Stable id used as the rate-limit key (client id, consumer key, token owner). */
	id: string;
	/** The credential presented (token, key): what a `token-revoked` fault revokes. */
	credential?: string;
	[extra: string]: unknown;
}

export interface EmulatorRequest {
	/** Sequence number within the service (also the request-log id). */
	id: number;
	method: string;
	/** Decoded path without the query string. */
	path: string;
	/**
	 * The request-target exactly as it arrived on the request line (path and query, still encoded): what a client
	 * signs (Miinto's MNT-HMAC-SHA256). Absent on requests not made by the server.
	 */
	target?: string;
	url: URL;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	/** Parsed body: JSON value, form fields (`Record<string, string | string[]>`) or undefined. */
	body: unknown;
	/** Set when the body could not be parsed as its declared content type. */
	bodyError?: string;
	/** Media type of the body without parameters, lower case (`application/json`). */
	contentType?: string;
	/** Path parameters of the matched route. */
	params: Record<string, string>;
	/** Set by the service's `authenticate` hook. */
	principal?: Principal;
	/** `http(s)://host[:port]` as the client addressed it (the Host header), for links in responses. */
	origin: string;
	remoteAddress: string;
}

export interface EmulatorResponse {
	status: number;
	headers?: Record<string, string | number | string[]>;
	/** JSON-serialised unless `raw` is set. */
	body?: unknown;
	raw?: string | Buffer;
	/** Default `application/json` when there is a body. */
	contentType?: string;
}

export type Handler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

export function jsonResponse(
	status: number,
	body: unknown,
	contentType = 'application/json',
	headers: EmulatorResponse['headers'] = {},
): EmulatorResponse {
	return { status, body, contentType, headers };
}

export function emptyResponse(
	status = 204,
	headers: EmulatorResponse['headers'] = {},
): EmulatorResponse {
	return { status, headers };
}

/** First value of a request header (case-insensitive). */
export function headerValue(
	req: Pick<EmulatorRequest, 'headers'>,
	name: string,
): string | undefined {
	const value = req.headers[name.toLowerCase()];
	if (Array.isArray(value)) return value[0];
	return value;
}

export interface MediaType {
	type: string;
	params: Record<string, string>;
}

export function parseMediaType(value: string | undefined): MediaType | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const [type, ...rest] = value.split(';');
	const params: Record<string, string> = {};
	for (const part of rest) {
		const cut = part.indexOf('=');
		const [key, raw] = cut < 0 ? [part, undefined] : [part.slice(0, cut), part.slice(cut + 1)];
		if (raw !== undefined) params[key.trim().toLowerCase()] = raw.trim().replace(/^"|"$/g, '');
	}
	return { type: (type ?? '').trim().toLowerCase(), params };
}

/** The media ranges of an Accept header with their q-values (q=0 ranges are dropped). */
export function parseAccept(value: string | undefined): string[] {
	if (value === undefined) return [];
	return value
		.split(',')
		.map((part) => parseMediaType(part))
		.filter((m): m is MediaType => m !== undefined && m.type !== '' && m.params.q !== '0')
		.map((m) => m.type);
}

/**
 * Whether an Accept header explicitly lists `mediaType`. Wildcards (`*\/*`, `application/*`) only count when
 * `allowWildcards` is set: strict services (Bol) want the exact vendor type.
 */
export function acceptsMediaType(
	accept: string | undefined,
	mediaType: string,
	allowWildcards = false,
): boolean {
	const wanted = mediaType.toLowerCase();
	const [wantedMain] = wanted.split('/');
	return parseAccept(accept).some(
		(range) =>
			range === wanted || (allowWildcards && (range === '*/*' || range === `${wantedMain}/*`)),
	);
}

export function isJsonMediaType(type: string | undefined): boolean {
	return type !== undefined && (type === 'application/json' || type.endsWith('+json'));
}

function formFields(text: string): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [key, value] of new URLSearchParams(text)) {
		const existing = out[key];
		if (existing === undefined) out[key] = value;
		else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return out;
}

/**
 * A file part of a `multipart/form-data` body. Its bytes are a non-enumerable `data`, so the request log (which copies
 * enumerable fields) shows the name, type and size, not the content.
 */
export interface UploadedFile {
	filename: string;
	contentType: string;
	size: number;
	readonly data: Buffer;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
	return (
		typeof value === 'object' &&
		value !== null &&
		'filename' in value &&
		Buffer.isBuffer((value as { data?: unknown }).data)
	);
}

/**
 * Parses `multipart/form-data` (RFC 7578): text fields as strings (repeated names as arrays, like url-encoded forms),
 * file parts as `UploadedFile`. Undefined when the body is not a well-formed multipart body for `boundary`.
 */
export function parseMultipart(
	raw: Buffer,
	boundary: string,
): Record<string, string | string[] | UploadedFile> | undefined {
	const delimiter = Buffer.from(`--${boundary}`);
	const out: Record<string, string | string[] | UploadedFile> = {};
	let at = raw.indexOf(delimiter);
	if (at < 0) return undefined;
	for (;;) {
		at += delimiter.length;
		if (raw.subarray(at, at + 2).toString('latin1') === '--') return out;
		if (raw.subarray(at, at + 2).toString('latin1') !== '\r\n') return undefined;
		const headerEnd = raw.indexOf('\r\n\r\n', at + 2);
		const next = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), at + 2);
		if (headerEnd < 0 || next < 0 || headerEnd > next) return undefined;
		const headers = raw
			.subarray(at + 2, headerEnd)
			.toString('utf8')
			.split('\r\n');
		const content = raw.subarray(headerEnd + 4, next);
		const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
		const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
		if (name === undefined) return undefined;
		const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
		if (filename !== undefined) {
			const type = headers.find((h) => /^content-type:/i.test(h))?.replace(/^[^:]*:\s*/, '');
			const file = {
				filename,
				contentType: type ?? 'application/octet-stream',
				size: content.length,
			};
			Object.defineProperty(file, 'data', { value: Buffer.from(content), enumerable: false });
			out[name] = file as UploadedFile;
		} else {
			const value = content.toString('utf8');
			const existing = out[name];
			if (existing === undefined) out[name] = value;
			else if (Array.isArray(existing)) existing.push(value);
			else if (typeof existing === 'string') out[name] = [existing, value];
		}
		at = next + 2;
	}
}

/**
 * Parses a request body by its Content-Type: JSON (`application/json`, `*+json`), url-encoded forms and
 * `multipart/form-data` (with its `boundary`).
 */
export function parseBody(
	raw: Buffer,
	contentType: string | undefined,
	boundary?: string,
): { body: unknown; error?: string } {
	if (raw.length === 0) return { body: undefined };
	if (contentType === 'multipart/form-data') {
		const fields = boundary ? parseMultipart(raw, boundary) : undefined;
		return fields
			? { body: fields }
			: { body: undefined, error: 'Malformed multipart/form-data body' };
	}
	const text = raw.toString('utf8');
	if (contentType === 'application/x-www-form-urlencoded') return { body: formFields(text) };
	if (isJsonMediaType(contentType) || contentType === undefined) {
		try {
			return { body: JSON.parse(text) as unknown };
		} catch (error) {
			if (contentType === undefined) return { body: text };
			return { body: undefined, error: `Malformed JSON: ${(error as Error).message}` };
		}
	}
	return { body: text };
}

/**
 * Parses bracket notation (`searchCriteria[filterGroups][0][filters][0][field]=x`, `a[]=1&a[]=2`) into nested
 * objects; numeric keys stay object keys (callers read them in order with `Object.values`).
 */
export function parseNestedQuery(query: URLSearchParams): Record<string, unknown> {
	const root: Record<string, unknown> = {};
	for (const [fullKey, value] of query) {
		const match = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(fullKey);
		if (!match) {
			root[fullKey] = value;
			continue;
		}
		const keys = [
			match[1] as string,
			...[...(match[2] ?? '').matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] as string),
		];
		let node: Record<string, unknown> = root;
		keys.forEach((key, index) => {
			const last = index === keys.length - 1;
			const name = key === '' ? String(Object.keys(node).length) : key;
			if (last) {
				node[name] = value;
				return;
			}
			const next = node[name];
			if (typeof next !== 'object' || next === null) node[name] = {};
			node = node[name] as Record<string, unknown>;
		});
	}
	return root;
}

/**
 * Turns a path glob into a RegExp: `*` is one path segment (or the part of one), `**` any remainder, everything else
 * literal. `/retailer/orders/*` matches `/retailer/orders/123` but not `/retailer/orders`.
 */
export function globToRegExp(glob: string): RegExp {
	let source = '';
	for (let i = 0; i < glob.length; i++) {
		const ch = glob[i] as string;
		if (ch === '*' && glob[i + 1] === '*') {
			source += '.*';
			i++;
		} else if (ch === '*') {
			source += '[^/]+';
		} else {
			source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
		}
	}
	return new RegExp(`^${source}$`);
}

export function methodMatches(filter: string | string[] | undefined, method: string): boolean {
	if (filter === undefined) return true;
	const list = Array.isArray(filter) ? filter : [filter];
	return list.some((m) => m === '*' || m.toUpperCase() === method.toUpperCase());
}

export function queryToObject(query: URLSearchParams): Record<string, string | string[]> {
	return formFields(query.toString());
}
