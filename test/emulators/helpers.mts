/** Shared helpers of the emulator tests: start one service in-process, call its admin API, receive webhooks. */
import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

import {
	startService,
	type RunningService,
	type StartServiceOptions,
} from '../../sandbox/emulators/core/server.mts';
import type { ServiceFactory } from '../../sandbox/emulators/core/service.mts';

export type Json = Record<string, any>;

/** Starts a service with response self-checks on (its responses must match the spec). */
export async function start(
	factory: ServiceFactory,
	options: StartServiceOptions = {},
): Promise<RunningService> {
	return await startService(factory, { validateResponses: true, ...options });
}

export async function admin(
	url: string,
	method: string,
	path: string,
	body?: unknown,
): Promise<{ status: number; body: Json }> {
	const response = await fetch(`${url}/__admin/${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Json };
}

export interface Call {
	status: number;
	headers: Headers;
	body: any;
	text: string;
}

/** fetch + parsed JSON body (undefined when empty). */
export async function call(url: string, init: RequestInit = {}): Promise<Call> {
	const response = await fetch(url, init);
	const text = await response.text();
	let body: unknown;
	try {
		body = text === '' ? undefined : JSON.parse(text);
	} catch {
		body = undefined;
	}
	return { status: response.status, headers: response.headers, body, text };
}

/** GET and JSON-body requests against one API root with fixed headers. */
export function client(root: () => string, headers: Record<string, string>) {
	return {
		get: (path: string, extra: Record<string, string> = headers) =>
			call(`${root()}${path}`, { headers: extra }),
		send: (
			method: string,
			path: string,
			body: unknown = {},
			extra: Record<string, string> = headers,
		) =>
			call(`${root()}${path}`, {
				method,
				headers: { 'content-type': 'application/json', ...extra },
				body: JSON.stringify(body),
			}),
	};
}

/** Polls until `probe` gives a truthy value, and returns it. */
export async function waitFor<T>(
	probe: () => T | Promise<T>,
	timeoutMs = 5000,
): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value as NonNullable<T>;
		if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
		await delay(20);
	}
}

export interface Received {
	headers: http.IncomingHttpHeaders;
	body: string;
	path: string;
}

/** A loopback HTTP server that records what is POSTed to it (webhook deliveries), answering after `delayMs`. */
export async function receiver(
	status = 200,
	delayMs = 0,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
				path: req.url ?? '/',
			});
			setTimeout(() => res.writeHead(status).end(), delayMs);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
