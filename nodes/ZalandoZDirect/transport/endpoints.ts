import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { endpointExpression, endpointUrl, type EndpointTable } from '../../shared/endpoints';

/**
 * Where Zalando serves the zDirect APIs, per environment of the credential [doc/spec: developers.merchants.zalando.com].
 * One host serves the token endpoint (`/auth/token`), `/auth/me`, sales channels, orders, stocks and ZSS documents.
 * Tokens are environment-specific: a production token does not work in the sandbox. A custom base URL (the emulator,
 * a proxy) serves the same paths. The nodes and the credential's connection test both read this table.
 */
export const ZALANDO_API_URLS: EndpointTable = {
	production: 'https://api.merchants.zalando.com',
	sandbox: 'https://api-sandbox.merchants.zalando.com',
	custom: '{baseUrl}',
};

export function zalandoBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	return endpointUrl(ZALANDO_API_URLS, credentials);
}

export function zalandoTokenUrl(credentials: ICredentialDataDecryptedObject): string {
	return `${zalandoBaseUrl(credentials)}/auth/token`;
}

/** The API root as an n8n expression, for the credential's connection test. */
export const ZALANDO_URL_EXPRESSION = endpointExpression(ZALANDO_API_URLS);
