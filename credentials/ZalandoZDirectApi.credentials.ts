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
import {
	ZALANDO_URL_EXPRESSION,
	zalandoTokenUrl,
} from '../nodes/ZalandoZDirect/transport/endpoints';

/** The client-credentials flow with its stored, fingerprinted token (nodes/shared/clientCredentials.ts). */
const AUTH = clientCredentialsAuth({
	marketplace: 'Zalando',
	tokenUrl: zalandoTokenUrl,
	grantIn: 'body',
});

/**
 * Zalando zDirect: OAuth2 client credentials (HTTP Basic, `grant_type=client_credentials` in the form body).
 *
 * Zalando's token endpoint allows 8 token requests a minute in production and 1 in the sandbox, and may ban clients
 * that ask more often. So the token (valid about 2 hours) is fetched in `preAuthentication` and kept in the hidden,
 * expirable `accessToken` field, which n8n stores with the credential: every call of every execution reuses it until
 * Zalando answers 401, then n8n fetches one new token and resends. Never one token request per call or per item.
 */
export class ZalandoZDirectApi implements ICredentialType {
	name = 'zalandoZDirectApi';

	displayName = 'Zalando zDirect API';

	icon = { light: 'file:../icons/zalando.svg', dark: 'file:../icons/zalando.dark.svg' } as const;

	documentationUrl = 'https://developers.merchants.zalando.com/docs/authentication.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Client ID of your zDirect API client (Zalando Partner Portal: API clients)',
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
			displayName: 'Merchant ID',
			name: 'merchantId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 6e5d2a40-8b10-4c1e-9a1f-3f2a7b4c5d6e',
			description:
				'Your Zalando merchant (business partner) ID. Empty: the first one Zalando names for these credentials (GET /auth/me).',
		},
		environmentField('https://api.merchants.zalando.com', [
			{
				name: 'Sandbox',
				value: 'sandbox',
				description:
					'https://api-sandbox.merchants.zalando.com, with its own credentials (production ones do not work there)',
			},
		]),
		customUrlField(
			'Base URL',
			'baseUrl',
			'http://127.0.0.1:4015',
			'Serves /auth/token, /auth/me, /merchants/... and /sales-channels',
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

	/**
	 * With a Merchant ID: one page of that merchant's orders, which proves the token, the id and the `orders/read`
	 * scope. Without: `GET /auth/me`, which proves the token and names the merchant the nodes will use.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: ZALANDO_URL_EXPRESSION,
			url: '={{ String($credentials.merchantId || "").trim() ? "/merchants/" + encodeURIComponent(String($credentials.merchantId).trim()) + "/orders?page%5Bsize%5D=1" : "/auth/me" }}',
			method: 'GET',
			headers: { Accept: 'application/vnd.api+json, application/json' },
		},
	};
}
