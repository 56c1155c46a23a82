import nock from 'nock';
import { tokenFingerprint } from '../../../nodes/shared/tokenFingerprint';
import {
	RESTRICTED_DATA_TOKEN_HEADER,
	lwaTokenUrl,
} from '../../../nodes/AmazonSellingPartner/transport/endpoints';
import { describe, expect, it } from 'vitest';

import { AmazonSellingPartnerApi } from '../../../credentials/AmazonSellingPartnerApi.credentials';
import {
	AMAZON_BASE,
	BR_UNSHIPPED,
	CLIENT_SECRET,
	LWA_PATH,
	REFRESH_TOKEN,
	amazonErrors,
	exampleOrder,
	header,
	mockLwa,
	useUnitSetup,
} from '../../helpers/amazon.mts';
import { runNode, runNodeError } from './run.mts';

useUnitSetup();

const getOrder = { resource: 'order', operation: 'get', orderId: BR_UNSHIPPED, options: {} };

describe('amazonSellingPartnerApi credential', () => {
	it('exchanges the refresh token once and sends the access token as x-amz-access-token, with x-amz-date and a user agent', async () => {
		const lwa = mockLwa(1);
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.times(2)
			.reply(200, { order: exampleOrder(BR_UNSHIPPED) });
		const { fake } = await runNode(getOrder, { items: [{ json: {} }, { json: {} }] });
		expect(lwa.isDone()).toBe(true);
		expect(fake.preAuthentications).toBe(1);
		const api = fake.http.filter((h) => h.url.includes('/orders/'));
		expect(api).toHaveLength(2);
		for (const call of api) {
			expect(header(call, 'x-amz-access-token')).toBe(fake.credentials.accessToken);
			expect(header(call, 'x-amz-date')).toMatch(/^\d{8}T\d{6}Z$/);
			expect(header(call, 'user-agent')).toContain('n8n-nodes-marketplace-sync');
			expect(header(call, 'authorization')).toBeUndefined();
		}
		expect(String(fake.credentials.accessToken)).toMatch(/^Atza\|access-/);
	});

	it('refreshes the token once when Amazon answers 403 "expired token" and resends the call', async () => {
		mockLwa(2);
		const seen: string[] = [];
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.reply(function () {
				seen.push(String(this.req.headers['x-amz-access-token']));
				return [
					403,
					amazonErrors(
						'Unauthorized',
						'Access to requested resource is denied.',
						'The access token you provided has expired.',
					),
				];
			})
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.reply(function () {
				seen.push(String(this.req.headers['x-amz-access-token']));
				return [200, { order: exampleOrder(BR_UNSHIPPED) }];
			});
		const { items, fake } = await runNode(getOrder);
		expect(items[0].json.orderId).toBe(BR_UNSHIPPED);
		expect(fake.preAuthentications).toBe(2);
		expect(seen).toHaveLength(2);
		expect(seen[0]).not.toBe(seen[1]);
		expect(seen[1]).toBe(fake.credentials.accessToken);
	});

	it('refreshes on 401 too', async () => {
		mockLwa(2);
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.reply(401, amazonErrors('Unauthorized', 'Access to requested resource is denied.'))
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.reply(200, { order: exampleOrder(BR_UNSHIPPED) });
		const { fake } = await runNode(getOrder);
		expect(fake.preAuthentications).toBe(2);
	});

	it('fails with the access hint when a fresh token is still refused (missing role), after one refresh only', async () => {
		mockLwa(2);
		nock(AMAZON_BASE)
			.get(`/orders/2026-01-01/orders/${BR_UNSHIPPED}`)
			.query(true)
			.times(2)
			.reply(403, amazonErrors('Unauthorized', 'Access to requested resource is denied.'));
		const { error, fake } = await runNodeError(getOrder);
		expect(error.message).toContain('Amazon rejected get order 171-9876543-2109876 (403)');
		expect(error.message).toContain('role');
		expect(fake.http.filter((h) => h.url.includes('/orders/'))).toHaveLength(2);
		expect(fake.preAuthentications).toBe(2);
	});

	it('says that the LWA client secret has most likely expired on invalid_client, without leaking secrets', async () => {
		nock(AMAZON_BASE)
			.post(LWA_PATH)
			.reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
		const { error, fake } = await runNodeError(getOrder);
		expect(error.message).toContain('LWA client secret');
		expect(error.message).toContain('180 days');
		expect(error.message).toContain('invalid_client: Client authentication failed');
		expect(error.message).not.toContain(CLIENT_SECRET);
		expect(error.message).not.toContain(REFRESH_TOKEN);
		expect(error.message).not.toMatch(/\(400\)|\(401\)/);
		// no SP-API call was attempted without a token
		expect(fake.http.filter((h) => h.url.includes('/orders/'))).toHaveLength(0);
	});

	it('says "has expired" when LWA says so', async () => {
		nock(AMAZON_BASE)
			.post(LWA_PATH)
			.reply(400, { error: 'invalid_client', error_description: 'The client secret has expired' });
		const { error } = await runNodeError(getOrder);
		expect(error.message).toContain('The client secret has expired: generate a new secret');
	});

	it('asks to re-authorize on invalid_grant (revoked refresh token)', async () => {
		nock(AMAZON_BASE).post(LWA_PATH).reply(400, {
			error: 'invalid_grant',
			error_description: 'The request has an invalid grant parameter : refresh_token',
		});
		const { error } = await runNodeError(getOrder);
		expect(error.message).toContain('rejected the refresh token');
		expect(error.message).toContain('authorize the app again');
		expect(error.message).not.toContain(REFRESH_TOKEN);
	});

	it('keeps a Restricted Data Token a call carries instead of the access token', async () => {
		const credential = new AmazonSellingPartnerApi();
		const withRdt = await credential.authenticate(
			{ accessToken: 'Atza|a' },
			// the transport hands the RDT over under its internal header (a bare x-amz-access-token is a stale access token)
			{ url: '/x', headers: { [RESTRICTED_DATA_TOKEN_HEADER]: 'Atz.sprdt|r' } },
		);
		expect(withRdt.headers).toEqual({ 'x-amz-access-token': 'Atz.sprdt|r' });
		const issued = {
			clientId: 'id',
			clientSecret: 'secret',
			refreshToken: 'Atzr|r',
			environment: 'production',
			region: 'eu',
		};
		const stored = {
			...issued,
			accessToken: 'Atza|a',
			tokenFingerprint: tokenFingerprint('id', 'secret', 'Atzr|r', lwaTokenUrl(issued)),
		};
		const plain = await credential.authenticate(stored, {
			url: '/x',
			headers: { Accept: 'application/json' },
		});
		expect(plain.headers).toEqual({ Accept: 'application/json', 'x-amz-access-token': 'Atza|a' });
		// the user edited the secret: the token issued for the old one is not sent, so Amazon's 401/403 makes n8n refresh
		const edited = await credential.authenticate(
			{ ...stored, clientSecret: 'rotated' },
			{ url: '/x', headers: {} },
		);
		expect(edited.headers).toEqual({ 'x-amz-access-token': 'stale' });
	});

	it('tests against the regional endpoint of the environment with the first marketplace', () => {
		const test = new AmazonSellingPartnerApi().test.request;
		const evaluate = (expression: unknown, credentials: Record<string, unknown>) =>
			new Function(
				'$credentials',
				`return (${String(expression)
					.replace(/^=\{\{/, '')
					.replace(/\}\}$/, '')});`,
			)(credentials);
		const base = {
			region: 'fe',
			sellerId: 'A1 B',
			marketplaceIds: [],
			otherMarketplaceIds: ' A1VC38T7YXB528 , X',
		};
		expect(evaluate(test.baseURL, { ...base, environment: 'production' })).toBe(
			'https://sellingpartnerapi-fe.amazon.com',
		);
		expect(evaluate(test.baseURL, { ...base, environment: 'sandbox' })).toBe(
			'https://sandbox.sellingpartnerapi-fe.amazon.com',
		);
		expect(
			evaluate(test.baseURL, { ...base, environment: 'custom', baseUrl: 'http://127.0.0.1:9/' }),
		).toBe('http://127.0.0.1:9');
		expect(evaluate(test.url, base)).toBe('/listings/2021-08-01/items/A1%20B');
		expect(evaluate(test.qs?.marketplaceIds, base)).toBe('A1VC38T7YXB528');
		expect(evaluate(test.qs?.marketplaceIds, { ...base, marketplaceIds: ['A1PA6795UKMFR9'] })).toBe(
			'A1PA6795UKMFR9',
		);
	});
});
