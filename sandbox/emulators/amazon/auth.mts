import {
	headerValue,
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
	type Principal,
} from '../core/http.mts';
import type { AmazonStore, Json, Token } from './store.mts';

/**
 * Login with Amazon (`POST /auth/o2/token`) and the SP-API's token check (`x-amz-access-token`), including
 * Restricted Data Tokens from the Tokens API. An access token lives an hour on the emulated clock; an expired one is
 * answered with Amazon's 403 "The access token you provided has expired.", which makes the node refresh it.
 */

export type AmazonErrorFactory = (
	status: number,
	code: string,
	message: string,
	details?: string,
) => EmulatorResponse;

/** Amazon's 400 InvalidInput with what is wrong in `details` (the models' examples say "Invalid input"/"Invalid Input"). */
export function invalidInput(
	error: AmazonErrorFactory,
	details: string,
	message = 'Invalid input',
): EmulatorResponse {
	return error(400, 'InvalidInput', message, details);
}

/** Amazon's 404 for a resource of the caller that does not exist (`what`: "order", "feed", ...). */
export function notFound(
	error: AmazonErrorFactory,
	what: string,
	details: string,
): EmulatorResponse {
	return error(404, 'NotFound', `The requested ${what} was not found.`, details);
}

function lwaError(status: number, error: string, description: string): EmulatorResponse {
	return jsonResponse(status, { error_description: description, error }, 'application/json', {
		'cache-control': 'no-store',
	});
}

function formOf(req: EmulatorRequest): Record<string, string> {
	if (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body)) {
		return Object.fromEntries(
			Object.entries(req.body as Json).map(([k, v]) => [
				k,
				Array.isArray(v) ? String(v[0]) : String(v),
			]),
		);
	}
	return {};
}

function tokenString(store: AmazonStore, prefix: string): string {
	return `${prefix}|${store.random.chars(48, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')}`;
}

/**
 * `POST /auth/o2/token`: the refresh-token grant, form-encoded, client id and secret in the form (LWA also takes
 * HTTP Basic; the SP-API guides use the form). Answers as LWA: `{access_token, token_type: "bearer", expires_in,
 * refresh_token}`; errors as `{error, error_description}`.
 */
export function issueLwaToken(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
): EmulatorResponse {
	if (req.contentType !== 'application/x-www-form-urlencoded') {
		return lwaError(
			400,
			'invalid_request',
			'The Content-Type must be application/x-www-form-urlencoded',
		);
	}
	const form = formOf(req);
	if (form.grant_type !== 'refresh_token') {
		return form.grant_type === undefined
			? lwaError(400, 'invalid_request', 'The request is missing a required parameter : grant_type')
			: lwaError(
					400,
					'unsupported_grant_type',
					`The authorization grant type is not supported : ${form.grant_type}`,
				);
	}
	if (
		form.client_id !== store.app.clientId ||
		form.client_secret !== store.app.clientSecret ||
		store.settings.clientSecretExpired
	) {
		return lwaError(401, 'invalid_client', 'Client authentication failed');
	}
	if (!form.refresh_token)
		return lwaError(
			400,
			'invalid_request',
			'The request is missing a required parameter : refresh_token',
		);
	const seller = store.sellers.find((s) => s.refreshToken === form.refresh_token);
	if (!seller)
		return lwaError(
			400,
			'invalid_grant',
			'The request has an invalid grant parameter : refresh_token',
		);
	const lifetime = store.settings.tokenLifetimeSeconds;
	const token: Token = {
		token: tokenString(store, 'Atza'),
		kind: 'access',
		sellerId: seller.sellerId,
		clientId: store.app.clientId,
		issuedAt: now,
		expiresAt: now + lifetime * 1000,
		revoked: false,
	};
	store.tokens.set(token.token, token);
	return jsonResponse(
		200,
		{
			access_token: token.token,
			refresh_token: seller.refreshToken,
			token_type: 'bearer',
			expires_in: lifetime,
		},
		'application/json',
		{ 'cache-control': 'no-store', pragma: 'no-cache' },
	);
}

const DENIED = 'Access to requested resource is denied.';

/** Matches an RDT resource path (with `{placeholders}`) against a request path. */
function pathMatches(pattern: string, path: string): boolean {
	const regex = new RegExp(
		`^${pattern.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
	);
	return regex.test(path);
}

/** Does this RDT open the request? (method and path of one of its restricted resources) */
export function rdtCovers(
	token: Token,
	method: string,
	path: string,
): { covers: boolean; dataElements: string[] } {
	const resource = (token.resources ?? []).find(
		(r) => r.method === method && pathMatches(r.path, path),
	);
	return { covers: resource !== undefined, dataElements: resource?.dataElements ?? [] };
}

/** The SP-API token check: 403 for a missing, unknown, expired or revoked token, as Amazon does. */
export function authenticateAmazon(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
	error: AmazonErrorFactory,
): Principal | EmulatorResponse {
	const presented = headerValue(req, 'x-amz-access-token');
	if (!presented)
		return error(403, 'Unauthorized', DENIED, 'The request has no x-amz-access-token header.');
	const token = store.tokens.get(presented);
	if (!token)
		return error(
			403,
			'Unauthorized',
			DENIED,
			'The access token you provided is revoked, malformed or invalid.',
		);
	if (token.revoked)
		return error(
			403,
			'Unauthorized',
			DENIED,
			'The access token you provided is revoked, malformed or invalid.',
		);
	if (token.expiresAt <= now)
		return error(403, 'Unauthorized', DENIED, 'The access token you provided has expired.');
	if (token.kind === 'rdt' && !rdtCovers(token, req.method, req.path).covers) {
		return error(
			403,
			'Unauthorized',
			DENIED,
			'The Restricted Data Token does not authorize this resource.',
		);
	}
	return {
		id: `${token.sellerId}|${token.clientId}`,
		credential: token.token,
		sellerId: token.sellerId,
		token,
	};
}

/** Faults `token-expired` / `token-revoked`: the presented token really dies, so a retry with it fails too. */
export function applyTokenFault(
	kind: 'token-expired' | 'token-revoked',
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
	error: AmazonErrorFactory,
): EmulatorResponse {
	if (req.path === '/auth/o2/token')
		return lwaError(401, 'invalid_client', 'Client authentication failed');
	const token = store.tokens.get(headerValue(req, 'x-amz-access-token') ?? '');
	if (token && kind === 'token-revoked') token.revoked = true;
	if (token && kind === 'token-expired') token.expiresAt = Math.min(token.expiresAt, now);
	return error(
		403,
		'Unauthorized',
		DENIED,
		kind === 'token-expired'
			? 'The access token you provided has expired.'
			: 'The access token you provided is revoked, malformed or invalid.',
	);
}

/** Restricted resources the Tokens API issues RDTs for (method + path patterns). */
const RESTRICTED = [
	{ method: 'GET', path: '/orders/2026-01-01/orders' },
	{ method: 'GET', path: '/orders/2026-01-01/orders/{orderId}' },
	{ method: 'GET', path: '/orders/v0/orders' },
	{ method: 'GET', path: '/orders/v0/orders/{orderId}' },
	{ method: 'GET', path: '/orders/v0/orders/{orderId}/orderItems' },
	{ method: 'GET', path: '/orders/v0/orders/{orderId}/address' },
	{ method: 'GET', path: '/orders/v0/orders/{orderId}/buyerInfo' },
];
const DATA_ELEMENTS = ['buyerInfo', 'shippingAddress', 'buyerTaxInformation'];

/** `POST /tokens/2021-03-01/restrictedDataToken`. */
export function issueRdt(
	req: EmulatorRequest,
	principal: Principal,
	store: AmazonStore,
	now: number,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const current = principal.token as Token;
	if (current.kind === 'rdt')
		return error(
			403,
			'Unauthorized',
			DENIED,
			'A Restricted Data Token cannot request another one.',
		);
	const seller = store.seller(current.sellerId);
	if (!seller?.piiRole)
		return error(
			403,
			'Unauthorized',
			DENIED,
			'The application is not authorized for restricted data (Direct-to-Consumer Delivery role).',
		);
	const resources = ((req.body as Json)?.restrictedResources ?? []) as Json[];
	if (resources.length === 0 || resources.length > 50)
		return error(400, 'InvalidInput', 'restrictedResources must list 1 to 50 resources');
	for (const resource of resources) {
		const path = String(resource.path ?? '').split('?')[0];
		const allowed = RESTRICTED.some(
			(r) => r.method === resource.method && (pathMatches(r.path, path) || r.path === path),
		);
		if (!allowed) {
			return error(
				400,
				'InvalidInput',
				'Request is missing or has invalid parameters',
				`${String(resource.method)} ${path} is not a restricted resource.`,
			);
		}
		const unknown = ((resource.dataElements ?? []) as string[]).filter(
			(e) => !DATA_ELEMENTS.includes(e),
		);
		if (unknown.length)
			return error(
				400,
				'InvalidInput',
				'Request is missing or has invalid parameters',
				`Unknown dataElements: ${unknown.join(', ')}`,
			);
	}
	const lifetime = store.settings.tokenLifetimeSeconds;
	const token: Token = {
		token: tokenString(store, 'Atz.sprdt'),
		kind: 'rdt',
		sellerId: current.sellerId,
		clientId: current.clientId,
		issuedAt: now,
		expiresAt: now + lifetime * 1000,
		revoked: false,
		resources: resources.map((r) => ({
			method: String(r.method),
			path: String(r.path).split('?')[0],
			dataElements: (r.dataElements ?? []) as string[],
		})),
	};
	store.tokens.set(token.token, token);
	return jsonResponse(200, { restrictedDataToken: token.token, expiresIn: lifetime });
}
