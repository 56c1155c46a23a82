import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { endpointExpression, endpointUrl, type EndpointTable } from '../../shared/endpoints';

/**
 * Where Spartoo serves its marketplace web services: one host per site, `https://sws.spartoo.{tld}` (S-D1..S-D8, S-C3),
 * the credential's Site field filling `{site}`. Every script lives under `/mp/`. A custom base URL (the emulator, a
 * proxy) serves the same `/mp/<script>.php` paths. The nodes and the credential's connection test both read this table.
 */
export const SPARTOO_API_URLS: EndpointTable = {
	production: 'https://sws.spartoo.{site}',
	custom: '{baseUrl}',
};

export function spartooBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const credentialsWithSite =
		String(credentials.environment ?? 'production') === 'custom'
			? credentials
			: { ...credentials, site: String(credentials.site ?? '').trim() || 'com' };
	return endpointUrl(SPARTOO_API_URLS, credentialsWithSite);
}

/** The URL of one script, e.g. `https://sws.spartoo.com/mp/xml_export_orders.php`. */
export function spartooScriptUrl(
	credentials: ICredentialDataDecryptedObject,
	script: string,
): string {
	return `${spartooBaseUrl(credentials)}/mp/${script}`;
}

/** The host as an n8n expression, for the credential's connection test. */
export const SPARTOO_URL_EXPRESSION = endpointExpression(SPARTOO_API_URLS);
