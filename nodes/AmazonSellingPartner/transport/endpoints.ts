import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { endpointExpression, endpointUrl, type EndpointTable } from '../../shared/endpoints';
import { LWA_TOKEN_URL, MARKETPLACES, REGIONS, regionalEndpoint, type Region } from '../constants';

export function regionOf(credentials: ICredentialDataDecryptedObject): Region {
	const region = String(credentials.region ?? 'eu');
	return (region in REGIONS ? region : 'eu') as Region;
}

/**
 * The SP-API host per environment: the region's production or static-sandbox host [doc], or a custom base URL. The
 * nodes and the credential's connection test both read this table.
 */
export const SP_API_URLS: EndpointTable = {
	production: regionalEndpoint('{region}' as Region, false),
	sandbox: regionalEndpoint('{region}' as Region, true),
	custom: '{baseUrl}',
};
/** The Login with Amazon token endpoint: one for every region; a custom environment names its own (Token URL). */
export const LWA_TOKEN_URLS: EndpointTable = { production: LWA_TOKEN_URL, custom: '{authUrl}' };

/** The SP-API host as an n8n expression, for the credential's connection test. */
export const SP_API_URL_EXPRESSION = endpointExpression(SP_API_URLS);

/** The SP-API host of the credential's region and environment. */
export function spApiBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	return endpointUrl(SP_API_URLS, { ...credentials, region: regionOf(credentials) });
}

/**
 * Internal header under which the transport hands a Restricted Data Token to the credential's `authenticate`, which
 * sends it as `x-amz-access-token` and never sends this header itself. Any `x-amz-access-token` a request already has
 * is an access token from an earlier attempt and is replaced by the current one (after a refresh the resend must not
 * carry the expired token); only a token passed here is kept.
 */
export const RESTRICTED_DATA_TOKEN_HEADER = 'x-mps-restricted-data-token';

/** Token endpoint requests fail after this long instead of hanging a run (one value for every credential). */
export { TOKEN_REQUEST_TIMEOUT_MS } from '../../shared/clientCredentials';

export function lwaTokenUrl(credentials: ICredentialDataDecryptedObject): string {
	return endpointUrl(LWA_TOKEN_URLS, credentials);
}

/** The credential's marketplaces: the chosen ones and the typed ones, without duplicates. */
export function credentialMarketplaceIds(credentials: ICredentialDataDecryptedObject): string[] {
	const chosen = Array.isArray(credentials.marketplaceIds)
		? credentials.marketplaceIds.map(String)
		: [];
	const typed = String(credentials.otherMarketplaceIds ?? '').split(',');
	return [...new Set([...chosen, ...typed].map((id) => id.trim()).filter((id) => id !== ''))];
}

export function marketplaceById(id: string) {
	return MARKETPLACES.find((m) => m.id === id);
}

/**
 * A Login with Amazon error in words a user can act on. LWA answers `invalid_client` when the client id or secret
 * is wrong, and Amazon makes every client secret expire 180 days after it was issued: that is by far the most
 * common cause on a credential that used to work, so the message says so instead of a bare 400.
 */
export function explainLwaError(statusCode: number, body: IDataObject | undefined): string {
	const code = typeof body?.error === 'string' ? body.error : undefined;
	const description =
		typeof body?.error_description === 'string' ? body.error_description : undefined;
	const said = [code, description].filter(Boolean).join(': ') || `HTTP ${statusCode}`;
	if (code === 'invalid_client' || /client secret|expired/i.test(description ?? '')) {
		const expired = /expired/i.test(description ?? '');
		return (
			`Login with Amazon rejected the LWA client secret (${said}). ` +
			(expired
				? 'The client secret has expired: '
				: 'Amazon makes LWA client secrets expire 180 days after they are issued; if this credential used to work, the secret has most likely expired: ') +
			'generate a new secret for your app (Solution Provider Portal / Developer Central > your app > LWA credentials > Rotate), then paste it into "LWA Client Secret". ' +
			'If the secret is new, check that the client ID and secret belong to the same app.'
		);
	}
	if (code === 'invalid_grant') {
		return (
			`Login with Amazon rejected the refresh token (${said}). The seller revoked the authorization, or the token ` +
			'belongs to another app: authorize the app again and paste the new refresh token into the credential.'
		);
	}
	if (code === 'unauthorized_client') {
		return `Login with Amazon refused this app (${said}): check that the app is allowed to use the Selling Partner API.`;
	}
	if (statusCode >= 500) return `Login with Amazon is unavailable (${said}); try again later.`;
	return `Login with Amazon rejected the token request (${said}).`;
}

export function regionOfMarketplace(id: string): Region | undefined {
	return marketplaceById(id)?.region;
}
