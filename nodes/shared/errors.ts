import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redactDeep, redactSecretValues, redactString } from './redact';

/** A field-level problem reported by a marketplace (Bol `violations[]`, Amazon `errors[].details`, ...). */
export interface FieldViolation {
	field: string;
	reason: string;
}

/** A marketplace error body reduced to what a user needs to fix the request. */
export interface ParsedApiError {
	message: string;
	violations: FieldViolation[];
	/** Marketplace error code, when it has one (Amazon `InvalidInput`, ...). */
	code?: string;
}

/** How a marketplace shapes its error bodies. */
export type ErrorParser = (body: unknown, statusCode: number) => ParsedApiError | undefined;

const STATUS_MEANING: Record<number, string> = {
	400: 'the request was rejected as invalid',
	401: 'authentication failed: check the credential (client id and secret) and its environment',
	403: 'access denied: the credential is not allowed to do this',
	404: 'not found',
	409: 'conflict with the current state of the resource',
	415: 'unsupported media type',
	422: 'the request could not be processed',
	429: 'rate limit exceeded',
	500: 'internal server error at the marketplace',
	502: 'bad gateway at the marketplace',
	503: 'the marketplace is unavailable',
	504: 'the marketplace timed out',
};

export function describeStatus(statusCode: number): string {
	return STATUS_MEANING[statusCode] ?? `HTTP ${statusCode}`;
}

/**
 * Builds the `NodeApiError` for a failed marketplace call. The message names the failing fields, so a user sees
 * "Bol.com rejected the request (400): transport.transporterCode: must not be blank" rather than "Bad request".
 * Only the (redacted) response body is attached: never the request, whose headers carry the access token. `secrets`
 * are the secret values in use (tokens, client secret): every occurrence of one is redacted, whatever the body's shape.
 */
export function marketplaceApiError(
	node: INode,
	marketplace: string,
	statusCode: number,
	body: unknown,
	parse: ErrorParser,
	context: { operation: string; itemIndex?: number; secrets?: readonly string[] },
): NodeApiError {
	const secrets = context.secrets ?? [];
	const parsed = safeParse(parse, body, statusCode);
	const fields = parsed?.violations.map((v) => `${v.field}: ${v.reason}`).join('; ');
	const base = parsed?.message ? parsed.message : describeStatus(statusCode);
	const message = redactSecretValues(
		`${marketplace} rejected ${context.operation} (${statusCode}): ${base}${fields ? ` [${fields}]` : ''}`,
		secrets,
	);
	const errorBody = (
		body !== null && typeof body === 'object'
			? redactDeep(body, secrets)
			: { body: redactSecretValues(String(body ?? ''), secrets) }
	) as JsonObject;
	const error = new NodeApiError(node, errorBody, {
		message,
		description: fields
			? `Fields rejected by ${marketplace}: ${fields}`
			: `${marketplace} answered ${statusCode} (${describeStatus(statusCode)}).`,
		httpCode: String(statusCode),
		itemIndex: context.itemIndex,
	});
	return scrubError(error, secrets);
}

/**
 * Last line of defence: every text an error carries (message, description, n8n's `messages`, the attached body, the
 * context, the cause) with the secret values and secret-looking parts redacted. n8n copies parts of the attached
 * body into the description, so this runs after the error is built.
 */
export function scrubError<E extends NodeApiError | NodeOperationError>(
	error: E,
	secrets: readonly string[] = [],
): E {
	error.message = redactSecretValues(error.message, secrets);
	if (typeof error.description === 'string')
		error.description = redactSecretValues(error.description, secrets);
	if (error instanceof NodeApiError && Array.isArray(error.messages))
		error.messages = error.messages.map((m) => redactSecretValues(String(m), secrets));
	if (error.errorResponse !== undefined)
		error.errorResponse = redactDeep(error.errorResponse, secrets);
	error.context = redactDeep(error.context, secrets);
	const cause = (error as { cause?: unknown }).cause;
	if (cause !== undefined) {
		Object.defineProperty(error, 'cause', {
			value:
				cause instanceof Error
					? { name: cause.name, message: redactSecretValues(cause.message, secrets) }
					: redactDeep(cause, secrets),
			enumerable: false,
			writable: true,
			configurable: true,
		});
	}
	if (typeof error.stack === 'string') error.stack = redactSecretValues(error.stack, secrets);
	return error;
}

function safeParse(
	parse: ErrorParser,
	body: unknown,
	statusCode: number,
): ParsedApiError | undefined {
	try {
		return parse(body, statusCode);
	} catch {
		return undefined;
	}
}

/** An error that happened before a response was received (network, time-out, wait cap). */
export function transportError(
	node: INode,
	marketplace: string,
	message: string,
	itemIndex?: number,
	secrets: readonly string[] = [],
): NodeApiError {
	const safe = redactSecretValues(message, secrets);
	const full = `${marketplace}: ${safe}`;
	const error = new NodeApiError(node, { message: safe } as JsonObject, {
		message: full,
		itemIndex,
	});
	// n8n swaps a message that names a network code (ECONNRESET, ETIMEDOUT ...) for a generic text. Keep ours: it says
	// which call failed and whether it was retried; n8n's text becomes the description.
	if (error.message !== full) {
		error.description = error.message;
		error.message = full;
	}
	return scrubError(error, secrets);
}

/** Bad user input, reported before any request is sent. */
export function inputError(node: INode, message: string, itemIndex?: number, description?: string) {
	return new NodeOperationError(node, message, { itemIndex, description });
}

/** Turn anything thrown into a message that is safe to show. */
export function errorMessage(error: unknown): string {
	if (error instanceof Error) return redactString(error.message);
	return redactString(String(error));
}

/**
 * A token request the token endpoint refused for the moment (429: too many token requests; 5xx), as a credential's
 * `preAuthentication` reports it. n8n hands it to the node wrapped in a `NodeApiError` (as its `cause`), without a
 * status; `tokenRefusalOf` finds it there, so the transport can wait and ask again: the API call the token was for
 * was refused (401) or not sent yet, so sending it again is safe. Many executions whose token expired at once (queue
 * mode: every worker) ask for a new one at the same moment, and the token endpoint's own limit refuses some of them.
 */
export interface TokenRefusal {
	/** The token endpoint's HTTP status. */
	status: number;
	/** Its `Retry-After` header, as sent. */
	retryAfter?: string;
}

const TOKEN_REFUSAL = 'tokenRefusal';

/** The error a credential's `preAuthentication` throws for a token request refused with `status`. */
export function tokenRequestError(message: string, refusal: TokenRefusal): Error {
	const error = new Error(message);
	Object.defineProperty(error, TOKEN_REFUSAL, { value: { ...refusal }, enumerable: false });
	return error;
}

/** The refusal carried by `error` or the errors it wraps (`cause`), if any. */
export function tokenRefusalOf(error: unknown): TokenRefusal | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
		const refusal = (current as Record<string, unknown>)[TOKEN_REFUSAL] as TokenRefusal | undefined;
		if (refusal !== undefined) return refusal;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** A refusal worth asking again after a wait: the endpoint's rate limit or a server error, not bad credentials. */
export function isPassingTokenRefusal(refusal: TokenRefusal): boolean {
	return refusal.status === 429 || refusal.status >= 500;
}
