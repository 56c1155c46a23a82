import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { endpointExpression, endpointUrl, type EndpointTable } from '../../shared/endpoints';

/**
 * Where bol serves its APIs, per environment of the credential [doc: api.bol.com/retailer/public]. The demo
 * environment is the same host with "-demo" suffixed API roots; a custom base URL (the emulator, a proxy) serves
 * `/retailer` and `/shared` below it. The nodes and the credential's connection test both read these tables.
 */
export const BOL_RETAILER_URLS: EndpointTable = {
	production: 'https://api.bol.com/retailer',
	sandbox: 'https://api.bol.com/retailer-demo',
	custom: '{baseUrl}/retailer',
};
export const BOL_SHARED_URLS: EndpointTable = {
	production: 'https://api.bol.com/shared',
	sandbox: 'https://api.bol.com/shared-demo',
	custom: '{baseUrl}/shared',
};
/** bol's token endpoint: one for production and demo; a custom environment names its own (Token URL). */
export const BOL_TOKEN_URLS: EndpointTable = {
	production: 'https://login.bol.com/token',
	custom: '{authUrl}',
};

/** Where each environment serves the Retailer and Shared APIs. */
export function bolBaseUrls(credentials: ICredentialDataDecryptedObject): {
	retailer: string;
	shared: string;
} {
	return {
		retailer: endpointUrl(BOL_RETAILER_URLS, credentials),
		shared: endpointUrl(BOL_SHARED_URLS, credentials),
	};
}

export function bolTokenUrl(credentials: ICredentialDataDecryptedObject): string {
	return endpointUrl(BOL_TOKEN_URLS, credentials);
}

/** The Retailer API root as an n8n expression, for the credential's connection test. */
export const BOL_RETAILER_URL_EXPRESSION = endpointExpression(BOL_RETAILER_URLS);
