import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { fetchClientCredentialsToken } from '../nodes/shared/clientCredentials';
import {
	TOKEN_FINGERPRINT_FIELD,
	currentToken,
	storedTokenProperties,
	tokenFingerprint,
} from '../nodes/shared/tokenFingerprint';
import { BOL_RETAILER_URL_EXPRESSION, bolTokenUrl } from '../nodes/BolRetailer/transport/endpoints';

/** What a token is issued for: a token fetched for other values is not sent (see tokenFingerprint). */
function fingerprint(credentials: ICredentialDataDecryptedObject): string {
	return tokenFingerprint(credentials.clientId, credentials.clientSecret, bolTokenUrl(credentials));
}

/**
 * Bol.com Retailer API: OAuth2 client credentials.
 *
 * The access token is fetched in `preAuthentication` and kept in the hidden, expirable `accessToken` field, which n8n
 * stores with the credential: every call of every execution reuses it until bol answers 401 (tokens live about
 * 5 minutes), then n8n fetches a new one once and resends. So there is one token request per token lifetime, never
 * one per API call. A token is only sent with the client id, secret and token URL it was issued for.
 */
export class BolRetailerApi implements ICredentialType {
	name = 'bolRetailerApi';

	displayName = 'Bol.com Retailer API';

	icon = { light: 'file:../icons/bol.svg', dark: 'file:../icons/bol.dark.svg' } as const;

	documentationUrl = 'https://api.bol.com/retailer/public/Retailer-API/authentication.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description:
				'Client ID of your API credentials (bol seller dashboard: Settings > API settings)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'https://api.bol.com/retailer' },
				{
					name: 'Sandbox (Demo)',
					value: 'sandbox',
					description:
						"Bol's demo environment (https://api.bol.com/retailer-demo) with fixed demo data, same credentials",
				},
				{
					name: 'Custom',
					value: 'custom',
					description: 'Your own base URL: a proxy, the emulator or a test server',
				},
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4011',
			description: 'Serves /retailer/... and /shared/... paths',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Token URL',
			name: 'authUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4011/token',
			description: 'OAuth2 client-credentials token endpoint',
			displayOptions: { show: { environment: ['custom'] } },
		},
		...storedTokenProperties,
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const token = await fetchClientCredentialsToken(this, {
			marketplace: 'Bol.com',
			url: bolTokenUrl(credentials),
			clientId: credentials.clientId,
			clientSecret: credentials.clientSecret,
			grantIn: 'query',
		});
		return { accessToken: token.accessToken, [TOKEN_FINGERPRINT_FIELD]: fingerprint(credentials) };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const token = currentToken(credentials, 'accessToken', fingerprint(credentials));
		return {
			...requestOptions,
			// no valid token: bol answers 401 and n8n fetches a new one with the current values
			headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${token || 'stale'}` },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			// the Retailer API root the nodes call (nodes/BolRetailer/transport/endpoints.ts), one page of orders
			baseURL: BOL_RETAILER_URL_EXPRESSION,
			url: '/orders',
			method: 'GET',
			qs: { page: 1 },
			headers: { Accept: 'application/vnd.retailer.v10+json' },
		},
	};
}
