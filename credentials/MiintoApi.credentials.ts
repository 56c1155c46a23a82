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
import { exactRequest } from '../nodes/shared/signing';
import { headerValue } from '../nodes/shared/transport/rateLimiter';
import { TOKEN_REQUEST_TIMEOUT_MS } from '../nodes/shared/clientCredentials';
import {
	TOKEN_FINGERPRINT_FIELD,
	currentToken,
	storedTokenProperties,
	tokenFingerprint,
} from '../nodes/shared/tokenFingerprint';
import { AUTH_API_VERSION, ORDER_API_VERSION } from '../nodes/Miinto/constants';
import {
	CHANNEL_ID_HEADER,
	CHANNEL_TOKEN_HEADER,
	channelRequest,
	readChannel,
} from '../nodes/Miinto/transport/channel';
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

/** Removes a header (any case) and returns its value. */
function takeHeader(headers: IDataObject, name: string): string | undefined {
	let value: string | undefined;
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() !== name) continue;
		value = String(headers[key]);
		delete headers[key];
	}
	return value;
}

/**
 * Miinto: a Miinto Communication Channel (MCC) opened with the Miinto Admin username and password, and every call
 * signed with MNT-HMAC-SHA256 over the exact method, host, path, query and body bytes.
 *
 * The channel (id + token) is opened in `preAuthentication` and kept in the hidden, expirable `accessToken` and
 * `channelId` fields, which n8n stores with the credential: every call reuses it until Miinto answers 401, then n8n
 * opens one new channel and resends. The shops the channel may act for (its privileges) are kept in `channelShops`
 * for the nodes' shop list. Miinto may also report an expired channel inside a 200 answer (`meta.status: failure`),
 * which n8n cannot see: the node then opens a channel itself and passes it to `authenticate` for the rest of its run
 * (internal headers, removed before sending; see nodes/Miinto/transport/index.ts).
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
		const { url, body, headers } = channelRequest(credentials);
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url,
			body,
			json: true,
			headers,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: TOKEN_REQUEST_TIMEOUT_MS,
		})) as { statusCode: number; headers?: unknown; body: unknown };
		const channel = readChannel(
			response.statusCode,
			response.body,
			String(credentials.password ?? ''),
			headerValue(response.headers, 'retry-after'),
		);
		return {
			accessToken: channel.token,
			channelId: channel.id,
			channelShops: channel.shops.join(','),
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
		// a channel the node opened itself for this run (the stored one expired inside a 200 answer): never sent as is
		const own = takeHeader(headers, CHANNEL_ID_HEADER);
		const ownToken = takeHeader(headers, CHANNEL_TOKEN_HEADER);
		const timestamp = String(Math.floor(getClock().now() / 1000));
		const seed = String(randomInt(1, 1_000_000));
		// no valid channel: Miinto answers 401 and n8n opens a new one with the current values
		const channel =
			own && ownToken
				? { id: own, token: ownToken }
				: token
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
