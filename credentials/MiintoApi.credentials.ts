import { randomInt } from 'crypto';

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { getClock } from '../nodes/shared/clock';
import { customUrlField, environmentField } from '../nodes/shared/credentialFields';
import { redactSecretValues } from '../nodes/shared/redact';
import { exactRequest } from '../nodes/shared/signing';
import { TOKEN_REQUEST_TIMEOUT_MS } from '../nodes/shared/clientCredentials';
import {
	TOKEN_FINGERPRINT_FIELD,
	currentToken,
	storedTokenProperties,
	tokenFingerprint,
} from '../nodes/shared/tokenFingerprint';
import { AUTH_API_VERSION, ORDER_API_VERSION } from '../nodes/Miinto/constants';
import {
	MIINTO_AUTH_URL_EXPRESSION,
	miintoAuthUrl,
	miintoBaseUrls,
} from '../nodes/Miinto/transport/endpoints';
import { miintoAuthHeaders } from '../nodes/Miinto/transport/signature';

/** What a channel is opened for: a channel opened with other values is not used (see tokenFingerprint). */
function fingerprint(credentials: ICredentialDataDecryptedObject): string {
	return tokenFingerprint(credentials.username, credentials.password, miintoAuthUrl(credentials));
}

/** The shop (unified location) ids a channel's privileges name: `__GLOBAL__.Store` and per-country `ShopAdmin` keys. */
export function channelShops(privileges: unknown): string[] {
	if (privileges === null || typeof privileges !== 'object' || Array.isArray(privileges)) return [];
	const shops = new Set<string>();
	for (const scope of Object.values(privileges as Record<string, unknown>)) {
		if (scope === null || typeof scope !== 'object') continue;
		for (const role of ['Store', 'ShopAdmin']) {
			const map = (scope as Record<string, unknown>)[role];
			if (map !== null && typeof map === 'object' && !Array.isArray(map))
				for (const id of Object.keys(map)) shops.add(id);
		}
	}
	return [...shops];
}

/**
 * Miinto: a Miinto Communication Channel (MCC) opened with the Miinto Admin username and password, and every call
 * signed with MNT-HMAC-SHA256 over the exact method, host, path, query and body bytes.
 *
 * The channel (id + token) is opened in `preAuthentication` and kept in the hidden, expirable `accessToken` and
 * `channelId` fields, which n8n stores with the credential: every call reuses it until Miinto answers 401, then n8n
 * opens one new channel and resends. The shops the channel may act for (its privileges) are kept in `channelShops`
 * for the nodes' shop list.
 */
export class MiintoApi implements ICredentialType {
	name = 'miintoApi';

	displayName = 'Miinto API';

	icon = { light: 'file:../icons/miinto.svg', dark: 'file:../icons/miinto.dark.svg' } as const;

	documentationUrl = 'https://miintoauthserviceapi.docs.apiary.io/';

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'Your Miinto Admin username (the channel identifier)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your Miinto Admin password (the channel secret)',
		},
		environmentField('https://api-auth.miinto.net, api-order, api-stock', [
			{ name: 'Sandbox', value: 'sandbox', description: 'https://api-auth-sandbox.miinto.net' },
			{ name: 'UAT', value: 'uat', description: "Miinto's acceptance environment" },
		]),
		customUrlField('Auth Base URL', 'authUrl', 'http://127.0.0.1:4016/auth', 'Serves /channels'),
		customUrlField(
			'Order Base URL',
			'orderUrl',
			'http://127.0.0.1:4016/order',
			'Serves /shops/{shopId}/transfers and /shops/{shopId}/orders',
		),
		customUrlField(
			'Stock Base URL',
			'stockUrl',
			'http://127.0.0.1:4016/stock',
			'Serves /locations/{locationId}/items',
		),
		...storedTokenProperties,
		{ displayName: 'Channel ID', name: 'channelId', type: 'hidden', default: '' },
		{ displayName: 'Channel Shops', name: 'channelShops', type: 'hidden', default: '' },
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const password = String(credentials.password ?? '');
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${miintoAuthUrl(credentials)}/channels`,
			body: { identifier: String(credentials.username ?? ''), secret: password },
			json: true,
			headers: { Accept: 'application/json', 'Miinto-Api-Control-Version': AUTH_API_VERSION },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: TOKEN_REQUEST_TIMEOUT_MS,
		})) as { statusCode: number; body: unknown };
		const body = (response.body ?? {}) as {
			meta?: { status?: string; message?: string };
			data?: { id?: unknown; token?: unknown; privileges?: unknown };
		};
		const failed =
			response.statusCode < 200 ||
			response.statusCode >= 300 ||
			body.meta?.status === 'failure' ||
			typeof body.data?.id !== 'string' ||
			typeof body.data?.token !== 'string';
		if (failed) {
			const why = body.meta?.message
				? `: ${redactSecretValues(String(body.meta.message), [password]).slice(0, 300)}`
				: '';
			throw new Error(
				[400, 401, 403].includes(response.statusCode) || body.meta?.status === 'failure'
					? `Miinto did not open a channel for this username and password (HTTP ${response.statusCode})${why}. Check both, and the environment.`
					: `Miinto's auth service answered HTTP ${response.statusCode} without a channel${why}: check the Auth Base URL`,
			);
		}
		return {
			accessToken: body.data!.token as string,
			channelId: body.data!.id as string,
			channelShops: channelShops(body.data!.privileges).join(','),
			[TOKEN_FINGERPRINT_FIELD]: fingerprint(credentials),
		};
	}

	/**
	 * Signs the call. The query and body are fixed first (`exactRequest`), so the bytes signed are the bytes sent. A call
	 * to the auth service says API version 1.0, every other one the Order API version (unless the call names its own).
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const token = currentToken(credentials, 'accessToken', fingerprint(credentials));
		const { options, parts } = exactRequest(requestOptions);
		const headers = { ...((options.headers ?? {}) as IDataObject) };
		const versionKey = Object.keys(headers).find(
			(key) => key.toLowerCase() === 'miinto-api-control-version',
		);
		const version = versionKey
			? String(headers[versionKey])
			: options.url.startsWith(miintoBaseUrls(credentials).auth)
				? AUTH_API_VERSION
				: ORDER_API_VERSION;
		if (versionKey) delete headers[versionKey];
		const timestamp = String(Math.floor(getClock().now() / 1000));
		const seed = String(randomInt(1, 1_000_000));
		// no valid channel: Miinto answers 401 and n8n opens a new one with the current values
		const channel = token
			? { id: String(credentials.channelId ?? ''), token }
			: { id: 'stale', token: 'stale' };
		return {
			...options,
			headers: {
				...headers,
				...miintoAuthHeaders(parts, channel, version, timestamp, seed),
			},
		};
	}

	/** Opening the channel proves the username and password; the auth service's status call is then signed with it. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: MIINTO_AUTH_URL_EXPRESSION,
			url: '/status',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
	};
}
