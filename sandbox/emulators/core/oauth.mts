import { createHmac } from 'node:crypto';

import { headerValue, jsonResponse, type EmulatorRequest, type EmulatorResponse } from './http.mts';

/**
 * OAuth2 client credentials as the marketplaces serve it (bol's login.bol.com, Zalando's `/auth/token`): client id and
 * secret as HTTP Basic, `grant_type=client_credentials` in the form body (or the query string), an access token that
 * expires on the emulated clock, and Bearer checks on the API. Services keep the tokens and word the API's 401.
 */

export interface OAuthClient {
	clientId: string;
	clientSecret: string;
	/** Scope string returned by the token endpoint. */
	scope?: string;
}

export interface IssuedToken {
	token: string;
	clientId: string;
	issuedAt: number;
	expiresAt: number;
	revoked: boolean;
}

/** `{error, error_description}` (RFC 6749 §5.2), never cached; 401 carries a Basic challenge for `realm`. */
export function oauthError(
	status: number,
	error: string,
	description: string,
	realm?: string,
): EmulatorResponse {
	return jsonResponse(status, { error, error_description: description }, 'application/json', {
		'cache-control': 'no-store',
		...(status === 401 && realm ? { 'www-authenticate': `Basic realm="${realm}"` } : {}),
	});
}

/** `Basic base64(id:secret)` -> [id, secret] */
export function basicCredentials(req: EmulatorRequest): [string, string] | undefined {
	const header = headerValue(req, 'authorization');
	const match = header ? /^Basic\s+(\S+)$/i.exec(header) : null;
	if (!match) return undefined;
	const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return [
		decodeURIComponent(decoded.slice(0, colon)),
		decodeURIComponent(decoded.slice(colon + 1)),
	];
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(req: EmulatorRequest): string | undefined {
	const match = /^Bearer\s+(\S+)$/i.exec(headerValue(req, 'authorization') ?? '');
	return match ? (match[1] as string) : undefined;
}

function base64url(value: string | Buffer): string {
	return Buffer.from(value).toString('base64url');
}

/** A JWT-shaped token (HS256 over `claims` with `key`): opaque to clients, like the real ones. */
export function signedJwt(claims: Record<string, unknown>, key: string): string {
	const header = base64url(JSON.stringify({ kid: 'emulator', alg: 'HS256', typ: 'JWT' }));
	const payload = base64url(JSON.stringify(claims));
	const signature = base64url(createHmac('sha256', key).update(`${header}.${payload}`).digest());
	return `${header}.${payload}.${signature}`;
}

/** Where a service keeps its tokens and their lifetime (`expires_in`, emulated seconds). */
export interface TokenKeeper {
	tokens: Map<string, IssuedToken>;
	settings: { tokenLifetimeSeconds: number };
}

export interface ClientCredentialsOptions<C extends OAuthClient> {
	clients: C[];
	/** Realm of the Basic challenge on 401. */
	realm?: string;
	/** The access token is a JWT of these claims (`iat`, `exp` and `jti` are added), signed with `key`. */
	jwt: { key: string; claims(client: C): Record<string, unknown>; jti(): string };
	/** More fields of the token response (`scope`). */
	extra?(client: C): Record<string, unknown>;
}

/**
 * `POST /token`-style endpoint: the client authenticates with HTTP Basic only (credentials in the form are refused),
 * grant_type `client_credentials` in the form body or query string. Errors the OAuth way: 401 `invalid_client`,
 * 400 `invalid_request` (no grant type), 400 `unsupported_grant_type`.
 */
export function issueClientCredentialsToken<C extends OAuthClient>(
	req: EmulatorRequest,
	keeper: TokenKeeper,
	now: number,
	options: ClientCredentialsOptions<C>,
): EmulatorResponse {
	const form =
		typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
	const grantType =
		req.query.get('grant_type') ??
		(typeof form.grant_type === 'string' ? form.grant_type : undefined);
	const credentials = basicCredentials(req);
	if (!credentials) {
		return oauthError(
			401,
			'invalid_client',
			'Client authentication failed: use HTTP Basic with client_id:client_secret.',
			options.realm,
		);
	}
	const client = options.clients.find(
		(c) => c.clientId === credentials[0] && c.clientSecret === credentials[1],
	);
	if (!client) return oauthError(401, 'invalid_client', 'Bad client credentials', options.realm);
	if (grantType === undefined) return oauthError(400, 'invalid_request', 'Missing grant type');
	if (grantType !== 'client_credentials')
		return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
	const lifetimeSeconds = keeper.settings.tokenLifetimeSeconds;
	const issuedAt = Math.floor(now / 1000);
	const token: IssuedToken = {
		token: signedJwt(
			{
				...options.jwt.claims(client),
				iat: issuedAt,
				exp: issuedAt + lifetimeSeconds,
				jti: options.jwt.jti(),
			},
			options.jwt.key,
		),
		clientId: client.clientId,
		issuedAt: now,
		expiresAt: now + lifetimeSeconds * 1000,
		revoked: false,
	};
	keeper.tokens.set(token.token, token);
	return jsonResponse(
		200,
		{
			access_token: token.token,
			token_type: 'Bearer',
			expires_in: lifetimeSeconds,
			...options.extra?.(client),
		},
		'application/json',
		{ 'cache-control': 'no-store', pragma: 'no-cache' },
	);
}

/** Why a Bearer token was refused. */
export type BearerProblem = 'missing' | 'invalid' | 'revoked' | 'expired';

/** The presented token if it is known, alive and not revoked; otherwise why not. */
export function checkBearer(
	req: EmulatorRequest,
	tokens: Map<string, IssuedToken>,
	now: number,
): IssuedToken | BearerProblem {
	const presented = bearerToken(req);
	if (presented === undefined) return 'missing';
	const token = tokens.get(presented);
	if (!token) return 'invalid';
	if (token.revoked) return 'revoked';
	if (token.expiresAt <= now) return 'expired';
	return token;
}

/** Faults `token-expired` / `token-revoked`: the presented token really dies, so a retry with it fails too. */
export function killBearer(
	kind: 'token-expired' | 'token-revoked',
	req: EmulatorRequest,
	tokens: Map<string, IssuedToken>,
	now: number,
): void {
	const token = tokens.get(bearerToken(req) ?? '');
	if (token && kind === 'token-revoked') token.revoked = true;
	if (token && kind === 'token-expired') token.expiresAt = Math.min(token.expiresAt, now);
}

/** A 401 with the RFC 6750 challenge added to the service's own error body. */
export function withBearerChallenge(res: EmulatorResponse, detail: string): EmulatorResponse {
	return {
		...res,
		headers: {
			...res.headers,
			'www-authenticate': `Bearer error="invalid_token", error_description="${detail}"`,
		},
	};
}
