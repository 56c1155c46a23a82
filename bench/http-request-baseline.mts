/**
 * A small model of what a flow built from n8n's HTTP Request node (v4, n8n 2.x) does, sent over Node's `http` as
 * n8n's axios sends (test/helpers/http.mts, the same as the package's calls): the baseline row of every scenario.
 * Read from n8n-nodes-base's HttpRequestV3 and n8n-core's WorkflowExecute.
 *
 * What it models:
 * - One HTTP Request node per step. Its requests for all input items are started at once (no "Batching" option
 *   set: the node then creates every item's request without waiting) and awaited together.
 * - Any non-2xx answer is an error ("Never Error" off). With the default "On Error: Stop Workflow", one failed item
 *   fails the node after all requests settled.
 * - "Retry On Fail" (3 tries, 1000 ms between tries): a failed node runs again with all its items, so requests that
 *   succeeded are sent again; after the third failure the workflow stops and every item counts as failed (nothing
 *   reaches the next node), even if the marketplace applied some of them.
 * - "Pagination" of one request: pages fetched one after the other, no interval between them (the default 0 ms); a
 *   non-2xx page fails the item.
 * - No pacing, no Retry-After, no rate-limit header handling, no per-request retry: that is the point of comparison.
 * - Auth: n8n's OAuth2 credential (client credentials) fetches a token before the first call and once more on a
 *   401 (bol); Amazon's LWA token is a first HTTP Request node whose result the others put in a header (no refresh);
 *   Miinto's credential opens a channel first (and on a 401) and signs each request; Spartoo's key is a form field.
 *
 * What it does not model: n8n's own execution overhead (expressions, item copying, the UI messages), the Wait/IF
 * loops a user might add (pacing, polling; a user who adds them is building what this package does), "Continue On
 * Fail" (which turns failures into items but disables Retry On Fail), concurrency limits of n8n's HTTP agent
 * (none; this bench caps requests in flight at MAX_IN_FLIGHT for file descriptors) and request/response bodies beyond what the next step needs.
 */
import type { Clock } from '../nodes/shared/clock';
import { itemCount, type BaselineAuth, type CallCounter } from './harness.mts';
import { sendRaw, type RawResponse } from '../test/helpers/http.mts';

export interface Request {
	method: string;
	url: string;
	headers?: Record<string, string>;
	/** JSON body (or a string body sent as is). */
	body?: unknown;
}

export interface Response {
	status: number;
	body: unknown;
}

export class HttpError extends Error {
	constructor(readonly response: Response) {
		super(`status ${response.status}`);
	}
}

/** The node failed after all its tries: the workflow stops here. */
export class NodeFailed extends Error {}

export const RETRY_TRIES = 3;
/**
 * Requests in flight at once. n8n sets no such cap; this bench does, so that 10,000 items fit in the process's file
 * descriptors (client and emulator sockets share one process). It only slows the baseline's bursts down, which
 * favours it against the rate limits.
 */
export const MAX_IN_FLIGHT = 256;
export const RETRY_WAIT_MS = 1000;

export class HttpRequestFlow {
	private inFlight = 0;
	private readonly queue: Array<() => void> = [];

	constructor(
		private readonly counter: CallCounter,
		private readonly clock: Clock,
	) {}

	private async slot(): Promise<() => void> {
		if (this.inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => this.queue.push(r));
		this.inFlight++;
		return () => {
			this.inFlight--;
			this.queue.shift()?.();
		};
	}

	/** n8n's Wait node: `ms` on the flow's clock. */
	async wait(ms: number): Promise<void> {
		await this.clock.sleep(ms);
	}

	/** One request, counted; a non-2xx answer throws `HttpError`. `auth.refresh` is used once on a 401. */
	async send(request: Request, auth?: BaselineAuth): Promise<Response> {
		let headers = { ...(auth ? await auth.headers(request) : {}), ...request.headers };
		let response = await this.fetch(request, headers);
		if (response.status === 401 && auth?.refresh) {
			headers = { ...(await auth.refresh(request)), ...request.headers };
			response = await this.fetch(request, headers);
		}
		if (response.status < 200 || response.status >= 300) throw new HttpError(response);
		return response;
	}

	private async fetch(request: Request, headers: Record<string, string>): Promise<Response> {
		const body =
			request.body === undefined
				? undefined
				: typeof request.body === 'string'
					? request.body
					: JSON.stringify(request.body);
		const url = new URL(request.url);
		const call = {
			method: request.method,
			path: url.pathname,
			query: url.search,
			items: itemCount(request.body),
			status: undefined as number | undefined,
		};
		const release = await this.slot();
		let text: string;
		let response: RawResponse;
		try {
			this.counter.record(call);
			response = await sendRaw(request.method, request.url, headers, body);
			call.status = response.status;
			text = response.body.toString('utf8');
		} finally {
			release();
		}
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// not JSON: kept as text
		}
		return { status: response.status, body: parsed };
	}

	/**
	 * One HTTP Request node over `items` with Retry On Fail: all items' work started at once, the node re-run with
	 * every item when one fails. Returns each item's result, or throws `NodeFailed` after the last try.
	 */
	async node<I, R>(items: I[], perItem: (item: I) => Promise<R>): Promise<R[]> {
		for (let attempt = 1; ; attempt++) {
			const settled = await Promise.allSettled(items.map(async (item) => await perItem(item)));
			if (settled.every((s) => s.status === 'fulfilled'))
				return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
			if (attempt >= RETRY_TRIES) throw new NodeFailed(`failed after ${RETRY_TRIES} tries`);
			await this.clock.sleep(RETRY_WAIT_MS);
		}
	}

	/** The node's Pagination: `next` gives the next request from the last answer, or undefined when complete. */
	async paginate(
		first: Request,
		next: (response: Response, request: Request) => Request | undefined,
		auth?: Parameters<HttpRequestFlow['send']>[1],
	): Promise<Response[]> {
		const pages: Response[] = [];
		let request: Request | undefined = first;
		while (request) {
			const response = await this.send(request, auth);
			pages.push(response);
			request = next(response, request);
		}
		return pages;
	}
}

/** Runs the flow's steps; a failed node stops the workflow: no item is done. */
export async function items(work: () => Promise<number>): Promise<number> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof NodeFailed) return 0;
		throw error;
	}
}
