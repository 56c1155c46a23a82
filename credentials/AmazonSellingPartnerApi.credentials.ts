import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { MARKETPLACES, REGIONS } from '../nodes/AmazonSellingPartner/constants';
import {
	RESTRICTED_DATA_TOKEN_HEADER,
	SP_API_URL_EXPRESSION,
	TOKEN_REQUEST_TIMEOUT_MS,
	explainLwaError,
	lwaTokenUrl,
} from '../nodes/AmazonSellingPartner/transport/endpoints';

import { customUrlField, environmentField } from '../nodes/shared/credentialFields';
import { tokenRequestError } from '../nodes/shared/errors';
import { headerValue } from '../nodes/shared/transport/rateLimiter';
import {
	TOKEN_FINGERPRINT_FIELD,
	currentToken,
	storedTokenProperties,
	tokenFingerprint,
} from '../nodes/shared/tokenFingerprint';

/**
 * Where `authenticate` keeps the Restricted Data Token on the options it returns: n8n hands those same options to
 * `authenticate` again when it resends after a token refresh, and the resend must carry the RDT again. A symbol is
 * neither sent nor serialized.
 */
const RDT = Symbol.for('n8n-nodes-marketplace-sync.restrictedDataToken');

type Authenticated = IHttpRequestOptions & { [RDT]?: string };

function lwaFingerprint(credentials: ICredentialDataDecryptedObject): string {
	return tokenFingerprint(
		credentials.clientId,
		credentials.clientSecret,
		credentials.refreshToken,
		lwaTokenUrl(credentials),
	);
}

/**
 * Amazon Selling Partner API through Login with Amazon (LWA): client id + client secret + the seller's refresh token.
 *
 * `preAuthentication` exchanges the refresh token for an access token (valid 1 h) and keeps it in the hidden,
 * expirable `accessToken` field that n8n stores with the credential. Every call reuses it; when Amazon answers 401 or
 * 403 (expired token) the node asks n8n to run `preAuthentication` again once and resend. No AWS keys and no SigV4:
 * Amazon dropped that requirement in October 2023.
 */
export class AmazonSellingPartnerApi implements ICredentialType {
	name = 'amazonSellingPartnerApi';

	displayName = 'Amazon Selling Partner API';

	icon = { light: 'file:../icons/amazon.svg', dark: 'file:../icons/amazon.dark.svg' } as const;

	documentationUrl =
		'https://developer-docs.amazon.com/sp-api/docs/connecting-to-the-selling-partner-api';

	properties: INodeProperties[] = [
		{
			displayName: 'LWA Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'amzn1.application-oa2-client.0123456789abcdef',
			description:
				"Your app's Login with Amazon client identifier (Developer Central > your app > LWA credentials)",
		},
		{
			displayName: 'LWA Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Amazon requires a new client secret every 180 days; update it here after rotating it',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Atzr|... refresh token you got when the seller authorized your app',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: 'eu',
			options: (Object.keys(REGIONS) as Array<keyof typeof REGIONS>).map((value) => ({
				name: REGIONS[value].name,
				value,
				description: `sellingpartnerapi-${value}.amazon.com (${REGIONS[value].awsRegion})`,
			})),
			description: 'The regional endpoint that serves your marketplaces',
		},
		{
			displayName: 'Seller ID',
			name: 'sellerId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'A2C3EXAMPLE1XY',
			description:
				'Your merchant token (Seller Central > Settings > Account Info > Merchant Token); used for listings',
		},
		{
			displayName: 'Marketplaces',
			name: 'marketplaceIds',
			type: 'multiOptions',
			default: [],
			options: MARKETPLACES.map((m) => ({ name: m.name, value: m.id, description: m.id })),
			description: 'The marketplaces you sell on; nodes use them unless an operation names others',
		},
		{
			displayName: 'Other Marketplace IDs',
			name: 'otherMarketplaceIds',
			type: 'string',
			default: '',
			placeholder: 'A2EUQ1WTGCTBG2, A1AM78C64UM0Y8',
			description: 'Comma-separated marketplace IDs not in the list above',
		},
		environmentField('https://sellingpartnerapi-{region}.amazon.com', [
			{
				name: 'Sandbox',
				value: 'sandbox',
				description:
					"Amazon's static sandbox (https://sandbox.sellingpartnerapi-{region}.amazon.com): fixed example answers",
			},
		]),
		customUrlField(
			'Base URL',
			'baseUrl',
			'http://127.0.0.1:4021',
			'Serves the SP-API paths (/orders/..., /feeds/..., /listings/...)',
		),
		customUrlField(
			'Token URL',
			'authUrl',
			'http://127.0.0.1:4021/auth/o2/token',
			'Login with Amazon token endpoint',
		),
		...storedTokenProperties,
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const form = new URLSearchParams({
			grant_type: 'refresh_token',
			refresh_token: String(credentials.refreshToken ?? ''),
			client_id: String(credentials.clientId ?? ''),
			client_secret: String(credentials.clientSecret ?? ''),
		});
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: lwaTokenUrl(credentials),
			body: form.toString(),
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
				Accept: 'application/json',
			},
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: TOKEN_REQUEST_TIMEOUT_MS,
		})) as { statusCode: number; headers?: Record<string, unknown>; body: unknown };
		const body = (typeof response.body === 'string' ? safeJson(response.body) : response.body) as
			| IDataObject
			| undefined;
		if (response.statusCode >= 300) {
			// with its status: the node's transport waits out a passing refusal (429, 5xx) and asks again
			throw tokenRequestError(explainLwaError(response.statusCode, body), {
				status: response.statusCode,
				retryAfter: headerValue(response.headers, 'retry-after'),
			});
		}
		if (typeof body?.access_token !== 'string' || body.access_token === '') {
			throw new Error(
				'Login with Amazon answered without an access_token: check the Token URL of the credential',
			);
		}
		return {
			accessToken: body.access_token,
			[TOKEN_FINGERPRINT_FIELD]: lwaFingerprint(credentials),
		};
	}

	/**
	 * Sends the LWA access token as `x-amz-access-token`, or the Restricted Data Token the transport passed under
	 * `RESTRICTED_DATA_TOKEN_HEADER` (that header itself is never sent). An `x-amz-access-token` already present is an
	 * access token of an earlier attempt: it is replaced, so the resend after a refresh carries the new token.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		let rdt = (requestOptions as Authenticated)[RDT];
		const headers: IDataObject = {};
		for (const [key, value] of Object.entries(requestOptions.headers ?? {})) {
			const name = key.toLowerCase();
			if (name === RESTRICTED_DATA_TOKEN_HEADER) {
				if (typeof value === 'string' && value !== '') rdt = value;
			} else if (name !== 'x-amz-access-token') headers[key] = value;
		}
		// a token fetched for other values (edited secret or refresh token) is not sent: Amazon answers 401/403 and
		// n8n fetches a new one
		headers['x-amz-access-token'] =
			rdt ?? (currentToken(credentials, 'accessToken', lwaFingerprint(credentials)) || 'stale');
		const authenticated: Authenticated = { ...requestOptions, headers };
		if (rdt !== undefined) authenticated[RDT] = rdt;
		else delete authenticated[RDT];
		return authenticated;
	}

	test: ICredentialTestRequest = {
		request: {
			// the SP-API host the nodes call (nodes/AmazonSellingPartner/transport/endpoints.ts)
			baseURL: SP_API_URL_EXPRESSION,
			url: '={{ "/listings/2021-08-01/items/" + encodeURIComponent($credentials.sellerId) }}',
			method: 'GET',
			qs: {
				marketplaceIds:
					'={{ [].concat($credentials.marketplaceIds || [], String($credentials.otherMarketplaceIds || "").split(",")).map(id => String(id).trim()).filter(id => id)[0] }}',
				pageSize: 1,
			},
		},
	};
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return { error_description: text.slice(0, 200) };
	}
}
