import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { TestModeHalt, describeCall, testModeActive } from '../testMode';

import { getClock } from '../clock';
import {
	describeStatus,
	isPassingTokenRefusal,
	marketplaceApiError,
	tokenRefusalOf,
	transportError,
	type ErrorParser,
} from '../errors';
import { isSecretKey, redactSecretValues } from '../redact';
import {
	getRateLimiter,
	headerValue,
	retryAfterMs,
	type Headers,
	type RateLimitPolicy,
} from './rateLimiter';

/** The part of an n8n execution context the transport needs (execute, poll and load-options contexts all fit). */
export interface RequestContext {
	getNode(): INode;
	helpers: {
		httpRequestWithAuthentication: IExecuteFunctions['helpers']['httpRequestWithAuthentication'];
		/** Only for calls that must not carry the credential (pre-signed upload/download URLs). */
		httpRequest?: IExecuteFunctions['helpers']['httpRequest'];
	};
	/**
	 * When present, read once when a call fails, so that every secret value of the credential (access token, client
	 * secret, refresh token) is redacted from the error wherever a server echoed it.
	 */
	getCredentials?(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
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
	/**
	 * Tokens the call takes from its bucket (default 1): a bucket may count units other than requests, e.g. Zalando's
	 * stock updates, limited both per request and per item (`cost` = the larger of the two in item units).
	 */
	cost?: number;
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
	/**
	 * Must a 2xx answer be JSON (or empty)? Then a body that is not (an HTML page from a proxy, truncated JSON) is an
	 * error, not a success. Default: true, except for `binary` calls and calls that send a string body (uploads).
	 */
	expectJson?: boolean;
	/**
	 * A non-GET call that changes nothing a buyer or the money can notice (a feed document slot, a Restricted Data
	 * Token, a bulk status query): still sent in test mode. Default false: every non-GET call is held in test mode.
	 */
	readOnly?: boolean;
}

export interface TransportSettings {
	/** Attempts per call, including the first. */
	maxAttempts: number;
	/** Most time one call may spend waiting (backoff, Retry-After, pacing), in milliseconds. */
	maxWaitMs: number;
	/** Identifies the account, so different accounts get separate rate limiters. */
	scope: string;
	/**
	 * Longest time one attempt may take until the answer has arrived, in milliseconds (n8n's `timeout`). A timed-out
	 * call is retried only when it is idempotent. Default 60 s.
	 */
	timeoutMs?: number;
	/**
	 * Fraction (0-1] of the documented rate limits this process may use; with several n8n processes (queue-mode
	 * workers) sending for one account, 1/N keeps them together within the budget. Default 1. See `rateLimiter.ts`.
	 */
	rateLimitShare?: number;
}

export const DEFAULT_TRANSPORT_SETTINGS: Required<Omit<TransportSettings, 'scope'>> = {
	maxAttempts: 5,
	maxWaitMs: 300_000,
	timeoutMs: 60_000,
	rateLimitShare: 1,
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
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'UND_ERR_CONNECT_TIMEOUT',
]);
/** Codes with which n8n's HTTP stack (axios, undici, Node's sockets) reports that no answer came in time. */
const TIMEOUT_CODES = new Set([
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);
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
	/** No answer within the timeout. */
	timedOut?: boolean;
}

/** axios says `ECONNABORTED` + "timeout of 60000ms exceeded"; others name a timeout code or say "timed out". */
function isTimeout(code: string | undefined, message: string | undefined): boolean {
	if (code !== undefined && TIMEOUT_CODES.has(code)) return true;
	const text = message ?? '';
	if (code === 'ECONNABORTED' || code === undefined) {
		return /timeout of \d+ ?ms exceeded|timed out/i.test(text);
	}
	return false;
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
	const networkCode = typeof code === 'string' && code !== '' ? code : undefined;
	const networkMessage = e?.cause?.message ?? e?.message ?? 'request failed';
	return {
		headers: {},
		body: undefined,
		// no code: not a network failure but e.g. the credential's token request failing (its message says why)
		networkCode,
		networkMessage,
		timedOut: isTimeout(networkCode, networkMessage),
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

/** Header and query parameter names whose values are secrets (beyond `isSecretKey`): the RDT's internal header. */
const SECRET_NAME = /token|secret|signature|credential|password|api[_-]?key/i;

function secretValue(value: unknown): string[] {
	if (typeof value !== 'string' || value === '') return [];
	const bare = value.replace(/^(Bearer|Basic)\s+/i, '');
	return bare === value ? [value] : [value, bare];
}

/** The secret values a call carries itself: token headers, pre-signed URL signatures and security tokens. */
function secretsOfCall(call: ApiCall): string[] {
	const secrets: string[] = [];
	const isSecret = (name: string) => isSecretKey(name) || SECRET_NAME.test(name);
	for (const [name, value] of Object.entries(call.headers ?? {}))
		if (isSecret(name)) secrets.push(...secretValue(value));
	for (const [name, value] of Object.entries(call.qs ?? {}))
		if (isSecret(name)) secrets.push(...secretValue(value));
	try {
		for (const [name, value] of new URL(call.url).searchParams)
			if (isSecret(name)) secrets.push(...secretValue(value));
	} catch {
		// not an absolute URL: nothing to take from it
	}
	return secrets;
}

/** The secret fields of the credential in use (tokens, client secret), as stored right now. */
async function secretsOfCredential(
	ctx: RequestContext,
	api: MarketplaceApi,
	itemIndex?: number,
): Promise<string[]> {
	if (!ctx.getCredentials) return [];
	try {
		const credentials = await ctx.getCredentials(api.credentialType, itemIndex);
		return Object.entries(credentials ?? {})
			.filter(([name]) => isSecretKey(name) || SECRET_NAME.test(name))
			.flatMap(([, value]) => secretValue(value));
	} catch {
		return [];
	}
}

/**
 * The text of a 2xx body that should have been JSON but is not (HTML from a proxy, truncated JSON), or undefined when
 * the body is fine. n8n (axios) hands back the raw text when it cannot parse it.
 */
function unreadableJson(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const trimmed = body.trim();
		if (trimmed === '') return undefined;
		try {
			JSON.parse(trimmed);
			return undefined;
		} catch {
			return body;
		}
	}
	if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
		const text = textOf(body) as string;
		return unreadableJson(text) === undefined ? undefined : text;
	}
	return undefined;
}

function seconds(ms: number): string {
	return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
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
 * - paces calls from the documented limits and the rate-limit headers (`x-ratelimit-*`, `x-amzn-RateLimit-Limit`),
 *   booking each call's slot before it waits (per process: see `rateLimiter.ts`);
 * - gives every attempt `timeoutMs` (default 60 s) to answer;
 * - retries 429, 5xx, network errors and timeouts with exponential backoff and jitter, honouring `Retry-After`, within
 *   `maxAttempts` and `maxWaitMs`; a call that may have been processed (5xx, timeout, dropped connection) is retried
 *   only when it is idempotent;
 * - treats a 2xx whose body is not the JSON the call expects as an error, not a success;
 * - turns error bodies into `NodeApiError`s naming the failing fields, with secrets redacted: secret headers and
 *   parameters, pre-signed URL queries and every value of the credential and the call's tokens.
 */
export async function marketplaceRequest<T = unknown>(
	ctx: RequestContext,
	api: MarketplaceApi,
	call: ApiCall,
	settings: TransportSettings,
): Promise<ApiResponse<T>> {
	if (call.method !== 'GET' && call.readOnly !== true && testModeActive(ctx)) {
		throw new TestModeHalt(describeCall(call));
	}
	const clock = getClock();
	const node = ctx.getNode();
	const limiter = getRateLimiter(
		`${api.name}|${settings.scope}|${call.bucket}`,
		api.rateLimits?.[call.bucket] ?? {},
		clock,
		settings.rateLimitShare,
	);
	const idempotent = call.idempotent ?? call.method !== 'POST';
	const timeoutMs =
		settings.timeoutMs !== undefined &&
		Number.isFinite(settings.timeoutMs) &&
		settings.timeoutMs > 0
			? settings.timeoutMs
			: DEFAULT_TRANSPORT_SETTINGS.timeoutMs;
	const expectJson = call.expectJson ?? (!call.binary && typeof call.body !== 'string');
	// read only when a call fails: every error text is scrubbed of these values
	let secretsCache: string[] | undefined;
	const secrets = async (): Promise<string[]> =>
		(secretsCache ??= [
			...secretsOfCall(call),
			...(await secretsOfCredential(ctx, api, call.itemIndex)),
		]);
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
				await secrets(),
			);
		}
		waited += ms;
		await clock.sleep(ms);
	};

	for (let attempt = 1; attempt <= maxAttempts; attempt++) {
		// the slot is booked before the wait, so concurrent callers queue up instead of sharing one token
		const slot = limiter.reserve(call.cost);
		// a call that gives up rather than wait this long (see `wait`) hands its slot back to the other callers
		if (slot > 0 && waited + slot > settings.maxWaitMs) limiter.release(call.cost);
		await wait(slot, 'the rate limit');
		// a 429 seen by another caller while this one waited blocks this one too
		await wait(limiter.blockedFor(), 'the rate limit (429)');

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
			timeout: timeoutMs,
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
			// the credential's token request was refused for now (too many token requests, or the token endpoint
			// failing): the call itself was refused (401) or not sent, so it is asked again after a wait
			const refusal = tokenRefusalOf(error);
			if (refusal !== undefined && isPassingTokenRefusal(refusal) && attempt < maxAttempts) {
				const told = retryAfterMs(
					refusal.retryAfter === undefined ? {} : { 'retry-after': refusal.retryAfter },
					clock.now(),
				);
				await wait(
					told ?? backoffMs(attempt, clock.random()),
					`the token endpoint's ${refusal.status === 429 ? 'rate limit (429)' : describeStatus(refusal.status)}`,
				);
				continue;
			}
			outcome = outcomeFromError(error);
			if (refusal !== undefined && isPassingTokenRefusal(refusal) && attempt > 1)
				outcome.networkMessage = `${outcome.networkMessage ?? ''} (gave up after ${attempt} attempts)`;
		}
		last = outcome;

		if (outcome.statusCode === undefined) {
			const code = outcome.networkCode ?? '';
			const timedOut = outcome.timedOut === true;
			const known = timedOut || NETWORK_CODES.has(code);
			const retryable = known && (idempotent || NOT_SENT_CODES.has(code));
			if (outcome.networkCode === undefined && !timedOut) {
				throw transportError(
					node,
					api.name,
					`${call.operation} failed: ${outcome.networkMessage}`,
					call.itemIndex,
					await secrets(),
				);
			}
			if (!retryable || attempt === maxAttempts) {
				const notRetried = '. Not retried: the request may have been processed.';
				const message = timedOut
					? `${call.operation} timed out: no answer within ${seconds(timeoutMs)} (the "Timeout" request option)` +
						(retryable
							? attempt > 1
								? `. Retried ${attempt - 1} time${attempt > 2 ? 's' : ''}, every attempt timed out (${attempt} attempts).`
								: '. Not retried: "Max Attempts" is 1.'
							: notRetried)
					: `${call.operation} failed without a response (${outcome.networkCode}: ${outcome.networkMessage})` +
						(attempt > 1 ? ` after ${attempt} attempts` : '') +
						(retryable ? '' : idempotent ? '' : notRetried);
				throw transportError(node, api.name, message, call.itemIndex, await secrets());
			}
			await wait(
				backoffMs(attempt, clock.random()),
				timedOut ? 'a retry after a timeout' : 'a retry after a network error',
			);
			continue;
		}

		const { statusCode } = outcome;
		limiter.observe(statusCode, outcome.headers);

		if (statusCode < 300 && expectJson) {
			const unreadable = unreadableJson(outcome.body);
			if (unreadable !== undefined) {
				// the server answered, but not with what the call needs: an idempotent call may simply be asked again
				if (idempotent && attempt < maxAttempts) {
					await wait(backoffMs(attempt, clock.random()), 'a retry after an unreadable answer');
					continue;
				}
				const all = await secrets();
				const contentType = headerValue(outcome.headers, 'content-type') ?? 'no content type';
				// redacted before it is cut, so that no secret is cut in two and half of it shown
				const excerpt = redactSecretValues(unreadable.trim(), all).slice(0, 200);
				throw transportError(
					node,
					api.name,
					`${call.operation}: the answer (${statusCode}, ${contentType}) is not the JSON the call expects, so it is not counted as a success` +
						(attempt > 1
							? ` (${attempt} attempts)`
							: idempotent
								? ''
								: '. Not retried: the request may have been processed') +
						`. It begins: ${excerpt}`,
					call.itemIndex,
					all,
				);
			}
		}

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
					secrets: await secrets(),
				},
			);
			if (retryable) {
				error.description = `${error.description ?? ''} Gave up after ${attempt} attempts.`.trim();
			} else if (RETRYABLE_STATUS.has(statusCode)) {
				error.description =
					`${error.description ?? ''} Not retried: the request may have been processed.`.trim();
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
		call.itemIndex,
		await secrets(),
	);
}
