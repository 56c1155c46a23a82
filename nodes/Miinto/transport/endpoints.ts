import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { endpointExpression, endpointUrl, type EndpointTable } from '../../shared/endpoints';

/**
 * Where Miinto serves its APIs, per environment of the credential: one host per service (auth, orders, stock). The
 * sandbox hosts come from a public client's README, the UAT auth host from Miinto's own SDK [third-party]; a custom
 * environment names its three base URLs (the emulator, a proxy). The nodes and the credential both read these tables.
 */
export const MIINTO_AUTH_URLS: EndpointTable = {
	production: 'https://api-auth.miinto.net',
	sandbox: 'https://api-auth-sandbox.miinto.net',
	uat: 'https://api-auth-uat.miinto.net',
	custom: '{authUrl}',
};
export const MIINTO_ORDER_URLS: EndpointTable = {
	production: 'https://api-order.miinto.net',
	sandbox: 'https://api-order-sandbox.miinto.net',
	// [unverified] no public source names a UAT order host: the pattern of the auth host
	uat: 'https://api-order-uat.miinto.net',
	custom: '{orderUrl}',
};
export const MIINTO_STOCK_URLS: EndpointTable = {
	production: 'https://api-stock.miinto.net',
	// [unverified] no public source names sandbox or UAT stock hosts: the pattern of the others
	sandbox: 'https://api-stock-sandbox.miinto.net',
	uat: 'https://api-stock-uat.miinto.net',
	custom: '{stockUrl}',
};

export function miintoAuthUrl(credentials: ICredentialDataDecryptedObject): string {
	return endpointUrl(MIINTO_AUTH_URLS, credentials);
}

export function miintoBaseUrls(credentials: ICredentialDataDecryptedObject): {
	auth: string;
	order: string;
	stock: string;
} {
	return {
		auth: miintoAuthUrl(credentials),
		order: endpointUrl(MIINTO_ORDER_URLS, credentials),
		stock: endpointUrl(MIINTO_STOCK_URLS, credentials),
	};
}

/** The auth service root as an n8n expression, for the credential's connection test. */
export const MIINTO_AUTH_URL_EXPRESSION = endpointExpression(MIINTO_AUTH_URLS);
