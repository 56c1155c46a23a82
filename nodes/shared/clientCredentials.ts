import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { tokenRequestError } from './errors';
import { redactSecretValues } from './redact';
import { TOKEN_FINGERPRINT_FIELD, currentToken, tokenFingerprint } from './tokenFingerprint';
import { headerValue } from './transport/rateLimiter';

/**
 * The OAuth2 client-credentials token request of a credential's `preAuthentication`, written once (Bol, Zalando).
 * HTTP Basic `client_id:client_secret`, `grant_type=client_credentials` in the query (bol) or in the form body
 * (Zalando), a time limit so a hung token endpoint cannot hang a run, and an error that says what to check: a wrong
 * id or secret (400/401/403), the token endpoint's own rate limit (429: Zalando allows 8 token requests a minute in
 * production and 1 in its sandbox, and bans abusers), or an answer without a token (a wrong Token URL). Nothing of
 * the secret or a token reaches the message.
 *
 * n8n keeps the token in the credential's expirable field until the marketplace answers 401, so this runs once per
 * token lifetime, never per call or per item.
 */
export interface ClientCredentialsRequest {
	/** Shown in errors: "Zalando". */
	marketplace: string;
	url: string;
	clientId: unknown;
	clientSecret: unknown;
	/** Where `grant_type` (and `extra`) go: the query string or an `application/x-www-form-urlencoded` body. */
	grantIn: 'query' | 'body';
	/** More form or query fields, e.g. `scope`. */
	extra?: Record<string, string>;
}

export interface ClientCredentialsToken {
	accessToken: string;
	/** Seconds, as the token endpoint said; undefined when it did not. */
	expiresIn?: number;
}

export const TOKEN_REQUEST_TIMEOUT_MS = 60_000;

function parsed(body: unknown): IDataObject | undefined {
	if (typeof body === 'string') {
		try {
			return JSON.parse(body) as IDataObject;
		} catch {
			return undefined;
		}
	}
	return body !== null && typeof body === 'object' ? (body as IDataObject) : undefined;
}

/** The reason a token endpoint gave (`error_description`, `error`, `detail`, `message`), without secrets. */
function reason(body: IDataObject | undefined, secrets: string[]): string {
	const text = [
		body?.error_description,
		body?.error,
		body?.detail,
		body?.title,
		body?.message,
	].find((value) => typeof value === 'string' && value.trim() !== '') as string | undefined;
	if (text === undefined) return '';
	return `: ${redactSecretValues(text, secrets).slice(0, 300)}`;
}

export async function fetchClientCredentialsToken(
	helper: IHttpRequestHelper,
	request: ClientCredentialsRequest,
): Promise<ClientCredentialsToken> {
	const clientId = String(request.clientId ?? '');
	const clientSecret = String(request.clientSecret ?? '');
	const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
	const fields = { grant_type: 'client_credentials', ...(request.extra ?? {}) };
	const response = (await helper.helpers.httpRequest({
		method: 'POST',
		url: request.url,
		...(request.grantIn === 'query'
			? { qs: fields }
			: { body: new URLSearchParams(fields).toString() }),
		headers: {
			Authorization: `Basic ${basic}`,
			Accept: 'application/json',
			'Content-Type': 'application/x-www-form-urlencoded',
		},
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: TOKEN_REQUEST_TIMEOUT_MS,
	})) as { statusCode: number; headers?: unknown; body: unknown };
	const body = parsed(response.body);
	const why = reason(body, [clientSecret]);
	const name = request.marketplace;
	if (response.statusCode === 429) {
		const retryAfter = headerValue(response.headers, 'retry-after');
		throw tokenRequestError(
			`The ${name} token endpoint refused the request: too many token requests (HTTP 429)${
				retryAfter ? `; retry after ${retryAfter} s` : ''
			}. Tokens are reused until they expire; do other workflows or tools use the same client id?`,
			{ status: 429, retryAfter },
		);
	}
	if ([400, 401, 403].includes(response.statusCode)) {
		throw new Error(
			`The ${name} token endpoint did not accept the client id and secret (HTTP ${response.statusCode})${why}. Check both, and that they belong to the chosen environment.`,
		);
	}
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw tokenRequestError(
			`The ${name} token endpoint answered HTTP ${response.statusCode}${why}; no token was issued`,
			{ status: response.statusCode, retryAfter: headerValue(response.headers, 'retry-after') },
		);
	}
	if (typeof body?.access_token !== 'string' || body.access_token === '') {
		throw new Error(
			`The ${name} token endpoint answered without an access_token: check the Token URL`,
		);
	}
	const expiresIn = Number(body.expires_in);
	return {
		accessToken: body.access_token,
		expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
	};
}

/**
 * A credential's `preAuthentication` and `authenticate` for OAuth2 client credentials with a bearer token, written
 * once (Bol, Zalando). The token is stored with a fingerprint of the client id, secret and token URL it was issued for
 * (`tokenFingerprint.ts`): a token fetched for other values is not sent, the marketplace answers 401 and n8n fetches a
 * new one with the current values.
 */
export function clientCredentialsAuth(options: {
	marketplace: string;
	tokenUrl: (credentials: ICredentialDataDecryptedObject) => string;
	grantIn: ClientCredentialsRequest['grantIn'];
}) {
	const fingerprint = (credentials: ICredentialDataDecryptedObject) =>
		tokenFingerprint(credentials.clientId, credentials.clientSecret, options.tokenUrl(credentials));
	return {
		fingerprint,
		async preAuthentication(
			helper: IHttpRequestHelper,
			credentials: ICredentialDataDecryptedObject,
		): Promise<IDataObject> {
			const token = await fetchClientCredentialsToken(helper, {
				marketplace: options.marketplace,
				url: options.tokenUrl(credentials),
				clientId: credentials.clientId,
				clientSecret: credentials.clientSecret,
				grantIn: options.grantIn,
			});
			return {
				accessToken: token.accessToken,
				[TOKEN_FINGERPRINT_FIELD]: fingerprint(credentials),
			};
		},
		authenticate(
			credentials: ICredentialDataDecryptedObject,
			requestOptions: IHttpRequestOptions,
		): IHttpRequestOptions {
			const token = currentToken(credentials, 'accessToken', fingerprint(credentials));
			return {
				...requestOptions,
				// no valid token: the marketplace answers 401 and n8n fetches a new one with the current values
				headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${token || 'stale'}` },
			};
		},
	};
}
