import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { clientCredentialsAuth } from '../nodes/shared/clientCredentials';
import { customUrlField, environmentField } from '../nodes/shared/credentialFields';
import { storedTokenProperties } from '../nodes/shared/tokenFingerprint';
import { BOL_RETAILER_URL_EXPRESSION, bolTokenUrl } from '../nodes/BolRetailer/transport/endpoints';

/** The client-credentials flow with its stored, fingerprinted token (nodes/shared/clientCredentials.ts). */
const AUTH = clientCredentialsAuth({
	marketplace: 'Bol.com',
	tokenUrl: bolTokenUrl,
	grantIn: 'query',
});

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
		environmentField('https://api.bol.com/retailer', [
			{
				name: 'Sandbox (Demo)',
				value: 'sandbox',
				description:
					"Bol's demo environment (https://api.bol.com/retailer-demo) with fixed demo data, same credentials",
			},
		]),
		customUrlField(
			'Base URL',
			'baseUrl',
			'http://127.0.0.1:4011',
			'Serves /retailer/... and /shared/... paths',
		),
		customUrlField(
			'Token URL',
			'authUrl',
			'http://127.0.0.1:4011/token',
			'OAuth2 client-credentials token endpoint',
		),
		...storedTokenProperties,
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await AUTH.preAuthentication(this, credentials);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return AUTH.authenticate(credentials, requestOptions);
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
