/**
 * Endpoints written once (nodes/shared/endpoints.ts): the URL a node calls and the URL the credential's connection
 * test calls come from one table per marketplace, for every environment.
 */
import type { ICredentialDataDecryptedObject, ICredentialTestRequest } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { AmazonSellingPartnerApi } from '../../credentials/AmazonSellingPartnerApi.credentials';
import { BolRetailerApi } from '../../credentials/BolRetailerApi.credentials';
import { ZalandoZDirectApi } from '../../credentials/ZalandoZDirectApi.credentials';
import { spApiBaseUrl } from '../../nodes/AmazonSellingPartner/transport/endpoints';
import { bolBaseUrls, bolTokenUrl } from '../../nodes/BolRetailer/transport/endpoints';
import { endpointExpression, endpointUrl, type EndpointTable } from '../../nodes/shared/endpoints';
import { zalandoBaseUrl, zalandoTokenUrl } from '../../nodes/ZalandoZDirect/transport/endpoints';

/** Resolves an n8n `={{ ... }}` expression over `$credentials` (as n8n does before a credential test). */
function resolve(expression: string, credentials: ICredentialDataDecryptedObject): string {
	const match = /^=\{\{([\s\S]*)\}\}$/.exec(expression);
	if (!match) return expression;
	return String(new Function('$credentials', `return (${match[1]});`)(credentials));
}

/** The URL a credential's connection test requests. */
function testUrl(
	test: ICredentialTestRequest,
	credentials: ICredentialDataDecryptedObject,
): string {
	const base = resolve(String(test.request.baseURL ?? ''), credentials);
	return base + resolve(String(test.request.url ?? ''), credentials);
}

const TABLE: EndpointTable = {
	production: 'https://api-{region}.example.com/v1',
	sandbox: 'https://sandbox-{region}.example.com/v1',
	custom: '{baseUrl}/v1',
};

describe('endpoint tables', () => {
	it('fill placeholders from the credential; a custom base URL loses its trailing slashes and spaces', () => {
		expect(endpointUrl(TABLE, { environment: 'production', region: 'eu' })).toBe(
			'https://api-eu.example.com/v1',
		);
		expect(endpointUrl(TABLE, { environment: 'sandbox', region: 'na' })).toBe(
			'https://sandbox-na.example.com/v1',
		);
		expect(endpointUrl(TABLE, { environment: 'custom', baseUrl: ' http://127.0.0.1:9/x// ' })).toBe(
			'http://127.0.0.1:9/x/v1',
		);
	});

	it('a missing or unknown environment is production', () => {
		expect(endpointUrl(TABLE, { region: 'fe' })).toBe('https://api-fe.example.com/v1');
		expect(endpointUrl(TABLE, { environment: 'toString', region: 'fe' })).toBe(
			'https://api-fe.example.com/v1',
		);
	});

	it('the n8n expression resolves to the same URL in every environment', () => {
		const expression = endpointExpression(TABLE);
		expect(expression).toMatch(/^=\{\{ .* \}\}$/);
		const cases: ICredentialDataDecryptedObject[] = [
			{ environment: 'production', region: 'eu' },
			{ environment: 'sandbox', region: 'fe' },
			{ environment: 'custom', baseUrl: 'http://localhost:3000/' },
			{ environment: 'custom', baseUrl: 'http://localhost:3000' },
		];
		for (const credentials of cases)
			expect(resolve(expression, credentials)).toBe(endpointUrl(TABLE, credentials));
		expect(resolve(endpointExpression({ production: 'https://fixed.example' }), {})).toBe(
			'https://fixed.example',
		);
	});
});

describe('the credentials test the URL the nodes call', () => {
	const environments: ICredentialDataDecryptedObject[] = [
		{ environment: 'production' },
		{ environment: 'sandbox' },
		{
			environment: 'custom',
			baseUrl: 'http://127.0.0.1:8080/',
			authUrl: 'http://127.0.0.1:8080/token',
		},
	];

	it.each(environments.map((c) => [String(c.environment), c] as const))(
		'Bol.com, %s: the connection test reads orders from the Retailer API root the node uses',
		(_name, credentials) => {
			expect(testUrl(new BolRetailerApi().test, credentials)).toBe(
				`${bolBaseUrls(credentials).retailer}/orders`,
			);
		},
	);

	it('Bol.com: the documented hosts (production and the demo environment share the token endpoint)', () => {
		expect(bolBaseUrls({ environment: 'production' })).toEqual({
			retailer: 'https://api.bol.com/retailer',
			shared: 'https://api.bol.com/shared',
		});
		expect(bolBaseUrls({ environment: 'sandbox' })).toEqual({
			retailer: 'https://api.bol.com/retailer-demo',
			shared: 'https://api.bol.com/shared-demo',
		});
		expect(bolTokenUrl({ environment: 'sandbox' })).toBe('https://login.bol.com/token');
		expect(bolTokenUrl({ environment: 'custom', authUrl: 'http://127.0.0.1:8080/token' })).toBe(
			'http://127.0.0.1:8080/token',
		);
	});

	it.each(
		['na', 'eu', 'fe'].flatMap((region) =>
			environments.map(
				(c) =>
					[
						`${String(c.environment)} ${region}`,
						{ ...c, region, sellerId: 'A1 B' } as ICredentialDataDecryptedObject,
					] as const,
			),
		),
	)('Amazon, %s: the connection test calls the SP-API host the node uses', (_name, credentials) => {
		const url = testUrl(new AmazonSellingPartnerApi().test, credentials);
		expect(url).toBe(`${spApiBaseUrl(credentials)}/listings/2021-08-01/items/A1%20B`);
		if (credentials.environment === 'sandbox')
			expect(
				url.startsWith(`https://sandbox.sellingpartnerapi-${credentials.region}.amazon.com/`),
			).toBe(true);
	});

	it.each(
		environments.flatMap((c) => [
			[`${String(c.environment)}, merchant ID given`, { ...c, merchantId: ' 8a3e/4b ' }] as const,
			[`${String(c.environment)}, merchant ID empty`, { ...c, merchantId: '' }] as const,
		]),
	)('Zalando, %s: the connection test calls the host the node uses', (name, credentials) => {
		const url = testUrl(new ZalandoZDirectApi().test, credentials);
		expect(url).toBe(
			name.endsWith('given')
				? `${zalandoBaseUrl(credentials)}/merchants/8a3e%2F4b/orders?page%5Bsize%5D=1`
				: `${zalandoBaseUrl(credentials)}/auth/me`,
		);
		expect(zalandoTokenUrl(credentials)).toBe(`${zalandoBaseUrl(credentials)}/auth/token`);
	});

	it('Zalando: the documented hosts', () => {
		expect(zalandoBaseUrl({ environment: 'production' })).toBe('https://api.merchants.zalando.com');
		expect(zalandoBaseUrl({ environment: 'sandbox' })).toBe(
			'https://api-sandbox.merchants.zalando.com',
		);
	});
});
