import { createHmac } from 'node:crypto';

import {
	headerValue,
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
	type Principal,
} from '../core/http.mts';
import type { BolClient, BolToken } from './model.mts';
import type { BolStore } from './store.mts';

export const BOL_DEFAULT_CLIENT_ID = 'bol-emulator-client';
export const BOL_DEFAULT_CLIENT_SECRET = 'bol-emulator-secret';

const SIGNING_KEY = 'bol-emulator-signing-key';

function base64url(value: string | Buffer): string {
	return Buffer.from(value).toString('base64url');
}

function oauthError(status: number, error: string, description: string): EmulatorResponse {
	return jsonResponse(status, { error, error_description: description }, 'application/json', {
		'cache-control': 'no-store',
		...(status === 401 ? { 'www-authenticate': 'Basic realm="login.bol.com"' } : {}),
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

/**
 * `POST /token`: OAuth2 client credentials as at login.bol.com. grant_type in the query string or the form body,
 * client id and secret only as HTTP Basic. Tokens are JWT-shaped and expire on the emulated clock.
 */
export function issueToken(
	req: EmulatorRequest,
	clients: BolClient[],
	store: BolStore,
	now: number,
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
		);
	}
	const client = clients.find(
		(c) => c.clientId === credentials[0] && c.clientSecret === credentials[1],
	);
	if (!client) return oauthError(401, 'invalid_client', 'Bad client credentials');
	if (grantType === undefined) return oauthError(400, 'invalid_request', 'Missing grant type');
	if (grantType !== 'client_credentials')
		return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
	const lifetime = store.settings.tokenLifetimeSeconds;
	const jti = store.random.uuid();
	const header = base64url(JSON.stringify({ kid: 'emulator', alg: 'HS256', typ: 'JWT' }));
	const payload = base64url(
		JSON.stringify({
			sub: client.clientId,
			azp: client.clientId,
			iss: 'https://login.bol.com',
			scopes: client.scope ?? 'RETAILER',
			iat: Math.floor(now / 1000),
			exp: Math.floor(now / 1000) + lifetime,
			jti,
		}),
	);
	const signature = base64url(
		createHmac('sha256', SIGNING_KEY).update(`${header}.${payload}`).digest(),
	);
	const token: BolToken = {
		token: `${header}.${payload}.${signature}`,
		clientId: client.clientId,
		issuedAt: now,
		expiresAt: now + lifetime * 1000,
		revoked: false,
	};
	store.tokens.set(token.token, token);
	return jsonResponse(
		200,
		{
			access_token: token.token,
			token_type: 'Bearer',
			expires_in: lifetime,
			scope: client.scope ?? 'RETAILER',
		},
		'application/json',
		{ 'cache-control': 'no-store', pragma: 'no-cache' },
	);
}

export type AuthProblem = (status: number, title: string, detail: string) => EmulatorResponse;

function unauthorized(problem: AuthProblem, detail: string): EmulatorResponse {
	const res = problem(401, 'Unauthorized', detail);
	return {
		...res,
		headers: {
			...res.headers,
			'www-authenticate': `Bearer error="invalid_token", error_description="${detail}"`,
		},
	};
}

/** Bearer token check for /retailer and /shared: missing, unknown, expired and revoked tokens give a 401 Problem. */
export function authenticateBearer(
	req: EmulatorRequest,
	store: BolStore,
	now: number,
	problem: AuthProblem,
): Principal | EmulatorResponse {
	const header = headerValue(req, 'authorization');
	const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
	if (!match)
		return unauthorized(problem, 'Full authentication is required to access this resource.');
	const token = store.tokens.get(match[1] as string);
	if (!token) return unauthorized(problem, 'Invalid JWT.');
	if (token.revoked) return unauthorized(problem, 'JWT has been revoked.');
	if (token.expiresAt <= now) return unauthorized(problem, 'Expired JWT.');
	return { id: token.clientId, credential: token.token };
}

/** Faults `token-expired` / `token-revoked`: the presented token really dies, so a retry with it fails too. */
export function applyTokenFault(
	kind: 'token-expired' | 'token-revoked',
	req: EmulatorRequest,
	store: BolStore,
	now: number,
	problem: AuthProblem,
): EmulatorResponse {
	if (req.path === '/token')
		return oauthError(
			401,
			'invalid_client',
			kind === 'token-revoked' ? 'Client credentials revoked' : 'Bad client credentials',
		);
	const match = /^Bearer\s+(\S+)$/i.exec(headerValue(req, 'authorization') ?? '');
	const token = match ? store.tokens.get(match[1] as string) : undefined;
	if (token && kind === 'token-revoked') token.revoked = true;
	if (token && kind === 'token-expired') token.expiresAt = Math.min(token.expiresAt, now);
	return unauthorized(problem, kind === 'token-revoked' ? 'JWT has been revoked.' : 'Expired JWT.');
}
