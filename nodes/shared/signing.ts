import { createHash, createHmac } from 'crypto';

import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * Request signing, written once with `crypto` only (Miinto signs every call with HMAC-SHA256 over the exact method,
 * host, path, query and body bytes). A signature only holds when the bytes signed are the bytes sent, so
 * `exactRequest` first fixes them: the query parameters go into the URL as one encoded string (no `qs` left for n8n
 * to encode differently) and an object body becomes its JSON text. A credential's `authenticate` signs what
 * `exactRequest` returns and sends exactly that.
 */

export function sha256Hex(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256Hex(key: string | Buffer, data: string | Buffer): string {
	return createHmac('sha256', key).update(data).digest('hex');
}

/** What a request signature covers. */
export interface SignedParts {
	method: string;
	/** Host name without scheme and port. */
	host: string;
	/** The path as sent, with any trailing slash. */
	path: string;
	/** The encoded query string without `?` ('' when none). */
	query: string;
	/** The body as sent ('' when none). */
	body: string;
}

function appendQuery(params: URLSearchParams, key: string, value: unknown): void {
	if (value === undefined || value === null) return;
	if (Array.isArray(value)) {
		for (const entry of value) appendQuery(params, key, entry);
		return;
	}
	params.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/**
 * The request as it will go over the wire: `qs` merged into the URL (after any query the URL already has, arrays as
 * repeated keys: `status[]=a&status[]=b` when the key is `status[]`), an object body as JSON text; and the parts a
 * signature covers. The returned options carry no `qs`, so n8n sends the URL as it is.
 */
export function exactRequest(options: IHttpRequestOptions): {
	options: IHttpRequestOptions;
	parts: SignedParts;
} {
	const url = new URL(options.url, options.baseURL);
	const params = new URLSearchParams(url.search);
	for (const [key, value] of Object.entries((options.qs ?? {}) as IDataObject))
		appendQuery(params, key, value);
	const query = params.toString();
	url.search = query;
	const body =
		options.body === undefined || options.body === null
			? ''
			: typeof options.body === 'string'
				? options.body
				: Buffer.isBuffer(options.body)
					? options.body.toString('utf8')
					: JSON.stringify(options.body);
	const exact: IHttpRequestOptions = { ...options, url: url.toString(), qs: undefined };
	delete exact.baseURL;
	if (body !== '') exact.body = body;
	return {
		options: exact,
		parts: {
			method: String(options.method ?? 'GET').toUpperCase(),
			host: url.hostname,
			path: url.pathname,
			query,
			body,
		},
	};
}
