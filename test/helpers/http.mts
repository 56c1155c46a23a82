/**
 * One HTTP exchange over Node's `http`/`https` modules, the way n8n sends (its helpers and the HTTP Request node use
 * axios, which sends through them): keep-alive sockets of the global agents, no decompression, no redirects followed.
 * The test context's `httpRequest` and the bench's HTTP Request baseline both send through it, so the two variants of
 * a bench scenario pay the same for a call; nock intercepts it like any `http.request`.
 */
import http from 'node:http';
import https from 'node:https';

export interface RawResponse {
	status: number;
	statusText: string;
	/** Lower-case names; a repeated header's values joined with ", " (as `fetch` does). */
	headers: Record<string, string>;
	body: Buffer;
}

/** A failed exchange (no answer): the message and the socket's error code, e.g. ECONNRESET, ECONNREFUSED. */
export class NetworkError extends Error {
	constructor(
		message: string,
		readonly code: string,
	) {
		super(message);
	}
}

export async function sendRaw(
	method: string,
	url: string,
	headers: Record<string, string>,
	body?: string,
): Promise<RawResponse> {
	const target = new URL(url);
	const module = target.protocol === 'https:' ? https : http;
	const sent: Record<string, string> = { ...headers };
	if (body !== undefined) sent['content-length'] = String(Buffer.byteLength(body));
	return await new Promise<RawResponse>((resolve, reject) => {
		const fail = (error: NodeJS.ErrnoException) =>
			reject(new NetworkError(error.message, error.code ?? 'ECONNRESET'));
		const request = module.request(target, { method, headers: sent }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', fail);
			response.on('end', () => {
				const received: Record<string, string> = {};
				for (const [name, value] of Object.entries(response.headers))
					if (value !== undefined) received[name] = Array.isArray(value) ? value.join(', ') : value;
				resolve({
					status: response.statusCode ?? 0,
					statusText: response.statusMessage ?? '',
					headers: received,
					body: Buffer.concat(chunks),
				});
			});
		});
		request.on('error', fail);
		request.end(body);
	});
}
