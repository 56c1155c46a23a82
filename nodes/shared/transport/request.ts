import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';

import { getClock } from '../clock';
import { describeStatus, marketplaceApiError, transportError, type ErrorParser } from '../errors';
import { getRateLimiter, retryAfterMs, type Headers, type RateLimitPolicy } from './rateLimiter';

/** The part of an n8n execution context the transport needs (execute, poll and load-options contexts all fit). */
export interface RequestContext {
	getNode(): INode;
	helpers: {
		httpRequestWithAuthentication: IExecuteFunctions['helpers']['httpRequestWithAuthentication'];
		/** Only for calls that must not carry the credential (pre-signed upload/download URLs). */
		httpRequest?: IExecuteFunctions['helpers']['httpRequest'];
	};
}

/** What the core needs to know about one marketplace API. */
export interface MarketplaceApi {
	/** Shown in messages: "Bol.com". */
	name: string;
	/** n8n credential type used for every call. */
	credentialType: string;
	/** Marketplace error body -> message and field violations. */
	parseError: ErrorParser;
	/** Documented limits per endpoint family (bucket), used before any rate-limit header has been seen. */
	rateLimits?: Record<string, RateLimitPolicy>;
	/**
	 * Statuses with which the marketplace says the access token is no longer valid. On these n8n runs the credential's
	 * `preAuthentication` once more and resends (`preAuthenticationRetryStatusCode`). Default: 401 (Amazon: 401, 403).
	 */
	reauthStatuses?: number[];
}

export interface ApiCall {
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | string;
	headers?: IDataObject;
	/** Endpoint family whose rate limit this call counts against, e.g. `orders:list`. */
	bucket: string;
	/** What the call does, for messages: "get order A2K8290LP8". */
	operation: string;
	/**
	 * May the call be repeated when the outcome is unknown (5xx, dropped connection)? Defaults to true for
	 * GET/PUT/PATCH/DELETE and false for POST: a POST is then retried only when it certainly did not arrive (429, 503,
	 * connection refused).
	 */
	idempotent?: boolean;
	/** Statuses returned to the caller instead of raising, e.g. 404 for lookups. */
	passStatuses?: number[];
	itemIndex?: number;
	/**
	 * `none`: send without the credential, through `helpers.httpRequest` (a pre-signed URL that must not see the access
	 * token). Retries, pacing and error handling are the same. Default `credential`.
	 */
	authentication?: 'credential' | 'none';
	/** Return the body as raw bytes (a Buffer): compressed or binary documents. */
	binary?: boolean;
}

export interface TransportSettings {
	/** Attempts per call, including the first. */
	maxAttempts: number;
	/** Most time one call may spend waiting (backoff, Retry-After, pacing), in milliseconds. */
	maxWaitMs: number;
	/** Identifies the account, so different accounts get separate rate limiters. */
	scope: string;
}

export const DEFAULT_TRANSPORT_SETTINGS: Omit<TransportSettings, 'scope'> = {
	maxAttempts: 5,
	maxWaitMs: 300_000,
};

export interface ApiResponse<T = unknown> {
	statusCode: number;
	headers: Headers;
	body: T;
	attempts: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const DEFAULT_REAUTH_STATUSES = [401];
/** Statuses that mean the request was certainly not processed, so even a POST may be sent again. */
const NOT_PROCESSED_STATUS = new Set([429, 503]);
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
]);

const BASE_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 60_000;

/** Exponential backoff with jitter: attempt 1 -> 0.5..1 s, 2 -> 1..2 s, ... capped at 60 s. */
export function backoffMs(attempt: number, random: number): number {
	const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
	return Math.round(ceiling * (0.5 + random * 0.5));
}

interface Outcome {
	statusCode?: number;
	headers: Headers;
	body: unknown;
	/** The status came as a thrown error: n8n has already tried its token refresh for a token-expired status. */
	thrown?: boolean;
	/** Error code when no response was received (undefined: the request was not sent, see the message). */
	networkCode?: string;
	networkMessage?: string;
}

/** Pulls status, headers and body out of whatever `httpRequestWithAuthentication` threw. */
function outcomeFromError(error: unknown): Outcome {
	const e = error as {
		httpCode?: string | null;
		code?: string;
		message?: string;
		cause?: {
			code?: string;
			message?: string;
			response?: { status?: number; headers?: Headers; data?: unknown };
		};
		response?: { status?: number; headers?: Headers; data?: unknown };
	};
	const response = e?.cause?.response ?? e?.response;
	const status = response?.status ?? (e?.httpCode ? Number(e.httpCode) : undefined);
	if (status !== undefined && Number.isFinite(status)) {
		return {
			statusCode: status,
			headers: response?.headers ?? {},
			body: response?.data,
			thrown: true,
		};
	}
	const code = e?.cause?.code ?? e?.code;
	return {
		headers: {},
		body: undefined,
		// no code: not a network failure but e.g. the credential's token request failing (its message says why)
		networkCode: typeof code === 'string' && code !== '' ? code : undefined,
		networkMessage: e?.cause?.message ?? e?.message ?? 'request failed',
	};
}

/** Bytes of an error answer to a binary call, as text for the error parser. */
function textOf(body: unknown): unknown {
	if (body instanceof ArrayBuffer) return new TextDecoder().decode(body);
	if (ArrayBuffer.isView(body)) return new TextDecoder().decode(body as Uint8Array);
	return body;
}

async function send(
	ctx: RequestContext,
	api: MarketplaceApi,
	options: IHttpRequestOptions,
	authenticated: boolean,
	reauthStatuses: number[],
): Promise<unknown> {
	if (!authenticated) {
		if (!ctx.helpers.httpRequest)
			throw new Error('this context cannot send unauthenticated requests');
		return await ctx.helpers.httpRequest.call(ctx as unknown as IExecuteFunctions, options);
	}
	return await ctx.helpers.httpRequestWithAuthentication.call(
		ctx as unknown as IExecuteFunctions,
		api.credentialType,
		options,
		{ preAuthenticationRetryStatusCode: reauthStatuses },
	);
}

function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const trimmed = body.trim();
	if (trimmed === '') return undefined;
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		try {
			return JSON.parse(trimmed);
		} catch {
			return body;
		}
	}
	return body;
}

/**
 * The one function through which node code talks to a marketplace.
 *
 * - authenticates through the node's credential (`httpRequestWithAuthentication`); a 401 (or the API's other
 *   `reauthStatuses`) makes n8n run the credential's `preAuthentication` once more (token expired) and resend;
 * - paces calls from the documented limits and the rate-limit headers (`x-ratelimit-*`, `x-amzn-RateLimit-Limit`);
 * - retries 429, 5xx and network errors with exponential backoff and jitter, honouring `Retry-After`, within
 *   `maxAttempts` and `maxWaitMs`;
 * - turns error bodies into `NodeApiError`s naming the failing fields, with secrets redacted.
 */
export async function marketplaceRequest<T = unknown>(
	ctx: RequestContext,
	api: MarketplaceApi,
	call: ApiCall,
	settings: TransportSettings,
): Promise<ApiResponse<T>> {
	const clock = getClock();
	const node = ctx.getNode();
	const limiter = getRateLimiter(
		`${api.name}|${settings.scope}|${call.bucket}`,
		api.rateLimits?.[call.bucket] ?? {},
		clock,
	);
	const idempotent = call.idempotent ?? call.method !== 'POST';
	const maxAttempts = Math.max(1, Math.floor(settings.maxAttempts));
	const authenticated = call.authentication !== 'none';
	// without a credential there is no token to refresh: every status comes back as a response
	const reauthStatuses = authenticated ? (api.reauthStatuses ?? DEFAULT_REAUTH_STATUSES) : [];
	let waited = 0;
	let strictReauth = false;
	let last: Outcome | undefined;

	const wait = async (ms: number, reason: string) => {
		if (ms <= 0) return;
		if (waited + ms > settings.maxWaitMs) {
			throw transportError(
				node,
				api.name,
				`${call.operation}: ${reason} would need a wait of ${Math.ceil(ms / 1000)} s, which exceeds the "Max Wait" option (${Math.round(
					settings.maxWaitMs / 1000,
				)} s). Raise the option or run the workflow later.`,
				call.itemIndex,
			);
		}
		waited += ms;
		await clock.sleep(ms);
	};

	for (let attempt = 1; attempt <= maxAttempts; attempt++) {
		await wait(limiter.delayBeforeNext(), 'the rate limit');
		limiter.take();

		const options: IHttpRequestOptions = {
			method: call.method,
			url: call.url,
			qs: call.qs,
			headers: call.headers,
			body: call.body,
			arrayFormat: 'repeat',
			returnFullResponse: true,
			// every status comes back as a response, except the token-expired ones: they must throw so that n8n
			// refreshes the token and resends
			ignoreHttpStatusErrors: strictReauth ? false : { ignore: true, except: reauthStatuses },
			json: typeof call.body !== 'string' && !call.binary,
		};
		if (call.binary) options.encoding = 'arraybuffer';
		if (call.body === undefined) delete options.body;

		let outcome: Outcome;
		try {
			const response = (await send(ctx, api, options, authenticated, reauthStatuses)) as {
				statusCode: number;
				headers: Headers;
				body: unknown;
			};
			outcome = {
				statusCode: response.statusCode,
				headers: response.headers ?? {},
				body: response.body,
			};
		} catch (error) {
			outcome = outcomeFromError(error);
		}
		last = outcome;

		if (outcome.statusCode === undefined) {
			const retryable =
				NETWORK_CODES.has(outcome.networkCode ?? '') &&
				(idempotent || NOT_SENT_CODES.has(outcome.networkCode ?? ''));
			if (outcome.networkCode === undefined) {
				throw transportError(
					node,
					api.name,
					`${call.operation} failed: ${outcome.networkMessage}`,
					call.itemIndex,
				);
			}
			if (!retryable || attempt === maxAttempts) {
				throw transportError(
					node,
					api.name,
					`${call.operation} failed without a response (${outcome.networkCode}: ${outcome.networkMessage})` +
						(attempt > 1 ? ` after ${attempt} attempts` : '') +
						(retryable
							? ''
							: idempotent
								? ''
								: '. Not retried: the request may have been processed.'),
					call.itemIndex,
				);
			}
			await wait(backoffMs(attempt, clock.random()), 'a retry after a network error');
			continue;
		}

		const { statusCode } = outcome;
		limiter.observe(statusCode, outcome.headers);

		if (statusCode < 300 || call.passStatuses?.includes(statusCode)) {
			const body = call.binary ? outcome.body : parseBody(outcome.body);
			return { statusCode, headers: outcome.headers, body: body as T, attempts: attempt };
		}

		if (reauthStatuses.includes(statusCode) && !strictReauth && !outcome.thrown) {
			// An n8n version that ignores the `except` list handed the status back; ask once more in strict mode so that
			// n8n's own refresh-and-resend runs.
			strictReauth = true;
			attempt--;
			continue;
		}

		const retryable =
			RETRYABLE_STATUS.has(statusCode) && (idempotent || NOT_PROCESSED_STATUS.has(statusCode));
		if (!retryable || attempt === maxAttempts) {
			const error = marketplaceApiError(
				node,
				api.name,
				statusCode,
				parseBody(textOf(outcome.body)),
				api.parseError,
				{
					operation: call.operation,
					itemIndex: call.itemIndex,
				},
			);
			if (retryable) {
				error.description = `${error.description ?? ''} Gave up after ${attempt} attempts.`.trim();
			}
			throw error;
		}
		// The server's own instruction (Retry-After, rate-limit reset) wins; backoff with jitter when it gives none.
		const told = retryAfterMs(outcome.headers, clock.now());
		const pacing = limiter.delayBeforeNext();
		const delay =
			told !== undefined || (statusCode === 429 && pacing > 0)
				? Math.max(told ?? 0, pacing)
				: Math.max(backoffMs(attempt, clock.random()), pacing);
		await wait(
			delay,
			statusCode === 429 ? 'the rate limit (429)' : `a retry after ${describeStatus(statusCode)}`,
		);
	}
	/* istanbul ignore next: the loop always returns or throws */
	throw transportError(
		node,
		api.name,
		`${call.operation} failed (${last?.statusCode ?? last?.networkCode})`,
	);
}
