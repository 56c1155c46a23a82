import type { EmulatorRequest, EmulatorResponse, Principal } from '../core/http.mts';
import {
	checkBearer,
	issueClientCredentialsToken,
	killBearer,
	oauthError,
	withBearerChallenge,
} from '../core/oauth.mts';
import type { BolClient } from './model.mts';
import type { BolStore } from './store.mts';

export const BOL_DEFAULT_CLIENT_ID = 'bol-emulator-client';
export const BOL_DEFAULT_CLIENT_SECRET = 'bol-emulator-secret';

const SIGNING_KEY = 'bol-emulator-signing-key';
const REALM = 'login.bol.com';

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
	return issueClientCredentialsToken(req, store, now, {
		clients,
		realm: REALM,
		jwt: {
			key: SIGNING_KEY,
			claims: (client) => ({
				sub: client.clientId,
				azp: client.clientId,
				iss: 'https://login.bol.com',
				scopes: client.scope ?? 'RETAILER',
			}),
			jti: () => store.random.uuid(),
		},
		extra: (client) => ({ scope: client.scope ?? 'RETAILER' }),
	});
}

export type AuthProblem = (status: number, title: string, detail: string) => EmulatorResponse;

const DETAILS = {
	missing: 'Full authentication is required to access this resource.',
	invalid: 'Invalid JWT.',
	revoked: 'JWT has been revoked.',
	expired: 'Expired JWT.',
} as const;

function unauthorized(problem: AuthProblem, detail: string): EmulatorResponse {
	return withBearerChallenge(problem(401, 'Unauthorized', detail), detail);
}

/** Bearer token check for /retailer and /shared: missing, unknown, expired and revoked tokens give a 401 Problem. */
export function authenticateBearer(
	req: EmulatorRequest,
	store: BolStore,
	now: number,
	problem: AuthProblem,
): Principal | EmulatorResponse {
	const token = checkBearer(req, store.tokens, now);
	if (typeof token === 'string') return unauthorized(problem, DETAILS[token]);
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
			REALM,
		);
	killBearer(kind, req, store.tokens, now);
	return unauthorized(problem, kind === 'token-revoked' ? DETAILS.revoked : DETAILS.expired);
}
