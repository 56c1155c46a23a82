import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { customUrlField, environmentField } from '../nodes/shared/credentialFields';
import {
	CONNECTION_TEST_ORDER_ID,
	DEFAULT_CURRENCY,
	DEFAULT_HOURLY_BUDGET,
	SCRIPTS,
	SITES,
} from '../nodes/Spartoo/constants';
import { SPARTOO_URL_EXPRESSION } from '../nodes/Spartoo/transport/endpoints';

/** The form field that carries the partner key on every call (Spartoo also reads `partenaire`). */
export const SPARTOO_KEY_FIELD = 'partner';

/**
 * Adds the partner key to a form body: a URL-encoded string (what the node sends) or an object (a declarative
 * request). Never to the query string or the URL, which reach logs and error messages.
 */
export function withPartnerKey(options: IHttpRequestOptions, key: string): IHttpRequestOptions {
	const body = options.body;
	if (body === undefined || body === null || body === '' || typeof body === 'string') {
		const params = new URLSearchParams(typeof body === 'string' ? body : '');
		params.delete(SPARTOO_KEY_FIELD);
		params.delete('partenaire');
		params.set(SPARTOO_KEY_FIELD, key);
		return { ...options, body: params.toString() };
	}
	if (typeof body === 'object' && !(body instanceof URLSearchParams) && !Buffer.isBuffer(body)) {
		return { ...options, body: { ...(body as Record<string, unknown>), [SPARTOO_KEY_FIELD]: key } };
	}
	if (body instanceof URLSearchParams) {
		const params = new URLSearchParams(body);
		params.set(SPARTOO_KEY_FIELD, key);
		return { ...options, body: params.toString() };
	}
	return options;
}

/**
 * Spartoo marketplace web services: one partner key ("Merchant ID for webservices", seller account, Informations),
 * sent as the `partner` form field of every POST. No token, no signature. Spartoo answers HTTP 200 with a numeric code
 * in its XML; the nodes turn -2 (unknown partner) and -428 (account deactivated) into credential errors.
 */
export class SpartooApi implements ICredentialType {
	name = 'spartooApi';

	displayName = 'Spartoo API';

	icon = { light: 'file:../icons/spartoo.svg', dark: 'file:../icons/spartoo.dark.svg' } as const;

	documentationUrl = 'https://www.spartoo.com/mp/documentation.php';

	properties: INodeProperties[] = [
		{
			displayName: 'Partner Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your "Merchant ID for webservices" (Spartoo seller account, Informations page). Sent in the body of every call, never in a URL.',
		},
		environmentField('https://sws.spartoo.{site}', []),
		{
			displayName: 'Site',
			name: 'site',
			type: 'options',
			default: 'com',
			options: SITES.map((s) => ({ name: s.name, value: s.value })),
			description:
				'The Spartoo site (country domain) of your seller account: calls go to https://sws.spartoo.{site}/mp/...',
			displayOptions: { show: { environment: ['production'] } },
		},
		customUrlField(
			'Base URL',
			'baseUrl',
			'http://127.0.0.1:4017',
			'Serves /mp/xml_export_orders.php and the other Spartoo scripts',
		),
		{
			displayName: 'Currency',
			name: 'currency',
			type: 'string',
			default: DEFAULT_CURRENCY,
			description:
				"Currency of the site's prices (ISO 4217). Spartoo's order XML does not say; EUR on most sites, GBP on spartoo.co.uk, SEK on spartoo.se, CHF on spartoo.ch.",
		},
		{
			displayName: 'Hourly Call Budget',
			name: 'hourlyBudget',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100000 },
			default: DEFAULT_HOURLY_BUDGET,
			description:
				'Most calls the nodes send per hour for this key (per n8n process). Spartoo limits calls per hour (code -429) without publishing the number; the default is a conservative assumption.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return withPartnerKey(requestOptions, String(credentials.apiKey ?? '').trim());
	}

	/**
	 * One harmless read: order 0 of `xml_export_orders` (an unknown order; nothing changes). n8n's declarative test
	 * checks the HTTP answer only; Spartoo's codes (-2 unknown partner, -428 deactivated) arrive in the XML of an HTTP
	 * 200, so a wrong key shows on the first node call, with its meaning.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: SPARTOO_URL_EXPRESSION,
			url: `/mp/${SCRIPTS.exportOrders}`,
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/xml' },
			body: `oID=${CONNECTION_TEST_ORDER_ID}`,
		},
	};
}
