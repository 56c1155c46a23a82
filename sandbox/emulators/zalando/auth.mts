import {
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
	type Principal,
} from '../core/http.mts';
import {
	checkBearer,
	issueClientCredentialsToken,
	killBearer,
	oauthError,
	withBearerChallenge,
} from '../core/oauth.mts';
import type { ZalandoClient } from './model.mts';
import { errorResponse } from './spec.mts';
import type { ZalandoStore } from './store.mts';

export const ZALANDO_DEFAULT_CLIENT_ID = 'zalando-emulator-client';
export const ZALANDO_DEFAULT_CLIENT_SECRET = 'zalando-emulator-secret';

const SIGNING_KEY = 'zalando-emulator-signing-key';
const REALM = 'api.merchants.zalando.com';
const SCOPES = [
	'orders/read',
	'orders/write',
	'products/stock/write',
	'profile/sales-channels/read',
].join(' ');

/**
 * `POST /auth/token` (doc §1.1): HTTP Basic client_id:client_secret, form `grant_type=client_credentials` (the old
 * `scope=access_token_only` is accepted and changes nothing). No refresh token; `expires_in` 7200 (emulated).
 */
export function issueZalandoToken(
	req: EmulatorRequest,
	clients: ZalandoClient[],
	store: ZalandoStore,
	now: number,
): EmulatorResponse {
	const res = issueClientCredentialsToken(req, store, now, {
		clients,
		realm: REALM,
		jwt: {
			key: SIGNING_KEY,
			claims: (client) => ({
				sub: client.clientId,
				iss: 'https://api.merchants.zalando.com/auth',
				bpids: client.merchantIds,
				scope: SCOPES,
			}),
			jti: () => store.random.uuid(),
		},
	});
	if (res.status === 200) store.counters.tokensIssued++;
	return res;
}

/** The merchants a Bearer principal may act for. */
export function merchantIdsOf(principal: Principal | undefined): string[] {
	return (principal?.merchantIds as string[] | undefined) ?? [];
}

/** `GET /auth/me`: the client's business partner ids; clients take `bpids[0]` as their merchant id. */
export function me(req: EmulatorRequest): EmulatorResponse {
	return jsonResponse(200, { bpids: merchantIdsOf(req.principal) });
}

const DETAILS = {
	missing: 'Full authentication is required to access this resource.',
	invalid: 'The access token is invalid.',
	revoked: 'The access token has been revoked.',
	expired: 'The access token has expired.',
} as const;

function unauthorized(req: EmulatorRequest, detail: string): EmulatorResponse {
	return withBearerChallenge(
		errorResponse(req.path, 401, [{ title: 'Unauthorized', detail, code: 'unauthorized' }]),
		detail,
	);
}

/** Bearer check for everything but the token endpoint: missing, unknown, revoked and expired tokens give 401. */
export function authenticateZalando(
	req: EmulatorRequest,
	clients: ZalandoClient[],
	store: ZalandoStore,
	now: number,
): Principal | EmulatorResponse {
	const token = checkBearer(req, store.tokens, now);
	if (typeof token === 'string') return unauthorized(req, DETAILS[token]);
	const client = clients.find((c) => c.clientId === token.clientId);
	return { id: token.clientId, credential: token.token, merchantIds: client?.merchantIds ?? [] };
}

/** Faults `token-expired` / `token-revoked`: the presented token really dies, so a retry with it fails too. */
export function applyZalandoTokenFault(
	kind: 'token-expired' | 'token-revoked',
	req: EmulatorRequest,
	store: ZalandoStore,
	now: number,
): EmulatorResponse {
	if (req.path === '/auth/token')
		return oauthError(401, 'invalid_client', 'Bad client credentials', REALM);
	killBearer(kind, req, store.tokens, now);
	return unauthorized(req, kind === 'token-revoked' ? DETAILS.revoked : DETAILS.expired);
}
