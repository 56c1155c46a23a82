/**
 * Miinto's MNT-HMAC-SHA256-1-0 signing and channel. The expected signatures below were computed outside this code
 * base (Python's hashlib and hmac, following Miinto's own SDK), so a change of the algorithm fails here.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { MiintoApi } from '../../../credentials/MiintoApi.credentials';
import { channelShops } from '../../../nodes/Miinto/transport/channel';
import { miintoSignature } from '../../../nodes/Miinto/transport/signature';
import { exactRequest, type SignedParts } from '../../../nodes/shared/signing';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import { createContext } from '../../helpers/context.mts';
import { n8nContext } from '../transport-n8n.mts';

const CHANNEL = {
	id: 'M!t!Ch!v1!0000202044-5d1f44c1d0704-323406829',
	token: 'ed4c0b4a9f2e4d1c8b7a6f5e4d3c2b1a',
};
const AUTH = 'http://miinto-auth.test';
const ORDER = 'http://miinto-order.test';
const PASSWORD = 'miinto-admin-password-123';

const credentials = () => ({
	username: 'shop-admin',
	password: PASSWORD,
	environment: 'custom',
	authUrl: AUTH,
	orderUrl: ORDER,
	stockUrl: 'http://miinto-stock.test',
	accessToken: '',
});

describe('Miinto signature (MNT-HMAC-SHA256-1-0)', () => {
	it('signs a GET with a query: the reference value', () => {
		const parts: SignedParts = {
			method: 'GET',
			host: 'api-order.miinto.net',
			path: '/shops/1-m!i!s-045-1234/transfers',
			query: 'status%5B%5D=pending&sort=-createdAt',
			body: '',
		};
		expect(miintoSignature(parts, CHANNEL, '1764835200', '42')).toBe(
			'c97eccdbcf73cd2dde16f9d8030445fee53f9d30a8852c185b7531fc3cfe5ed6',
		);
	});

	it('signs a PATCH over its exact body bytes: the reference value', () => {
		const parts: SignedParts = {
			method: 'PATCH',
			host: 'api-order.miinto.net',
			path: '/shops/1-m!i!s-045-1234/transfers/123',
			query: '',
			body: '{"acceptedPositions":[{"id":1}],"declinedPositions":[{"id":2}]}',
		};
		expect(miintoSignature(parts, CHANNEL, '1764835200', '42')).toBe(
			'd1a4f59f5f15bf0b62b8ec6376b359d749262842b33c0b44bfeb217a0ea1d070',
		);
		// one byte more in the body is another signature
		expect(
			miintoSignature({ ...parts, body: `${parts.body} ` }, CHANNEL, '1764835200', '42'),
		).not.toBe('d1a4f59f5f15bf0b62b8ec6376b359d749262842b33c0b44bfeb217a0ea1d070');
	});
});

describe('exactRequest: the bytes signed are the bytes sent', () => {
	it('puts qs into the URL (arrays as repeated keys), keeps the URL query first, turns an object body into JSON', () => {
		const { options, parts } = exactRequest({
			method: 'PATCH',
			url: 'https://api-order.miinto.net:8443/shops/1-m!i!s-045-1234/transfers?x=1',
			qs: { 'status[]': ['pending', 'accepted'], sort: '-createdAt', none: undefined },
			body: { acceptedPositions: [{ id: 1 }] },
		});
		expect(options.qs).toBeUndefined();
		expect(options.url).toBe(
			'https://api-order.miinto.net:8443/shops/1-m!i!s-045-1234/transfers?x=1&status%5B%5D=pending&status%5B%5D=accepted&sort=-createdAt',
		);
		expect(options.body).toBe('{"acceptedPositions":[{"id":1}]}');
		expect(parts).toEqual({
			method: 'PATCH',
			host: 'api-order.miinto.net',
			path: '/shops/1-m!i!s-045-1234/transfers',
			query: 'x=1&status%5B%5D=pending&status%5B%5D=accepted&sort=-createdAt',
			body: '{"acceptedPositions":[{"id":1}]}',
		});
	});
});

describe('Miinto credential: the channel', () => {
	useNockAndFakeClock(Date.parse('2025-12-04T08:00:00Z'));

	it('opens a channel once, signs every call with it, and names the shops of its privileges', async () => {
		let opened = 0;
		nock(AUTH)
			.post('/channels', { identifier: 'shop-admin', secret: PASSWORD })
			.reply(200, () => {
				opened++;
				return {
					meta: { status: 'success', version: '1.0' },
					data: {
						id: CHANNEL.id,
						token: CHANNEL.token,
						privileges: {
							__GLOBAL__: { Store: { '1-m!i!s-045-1234': ['read'] } },
							dk: { ShopAdmin: { '1-m!i!s-045-9999': true } },
						},
					},
				};
			});
		const seen: Array<Record<string, string>> = [];
		nock(ORDER)
			.get('/shops/1-m!i!s-045-1234/transfers')
			.query(true)
			.times(2)
			.reply(function () {
				seen.push({ ...(this.req.headers as Record<string, string>), path: this.req.path });
				return [200, { meta: { status: 'success' }, data: [] }];
			});
		const fake = createContext({
			credentialType: new MiintoApi(),
			credentials: credentials(),
			parameters: {},
		});
		for (let n = 0; n < 2; n++)
			await fake.ctx.helpers.httpRequestWithAuthentication.call(fake.ctx, 'miintoApi', {
				method: 'GET',
				url: `${ORDER}/shops/1-m!i!s-045-1234/transfers`,
				qs: { 'status[]': 'pending', sort: '-createdAt' },
				json: true,
			});
		expect(opened).toBe(1);
		expect(fake.credentials.channelShops).toBe('1-m!i!s-045-1234,1-m!i!s-045-9999');
		for (const headers of seen) {
			// sent exactly as signed
			expect(headers.path).toBe(
				'/shops/1-m!i!s-045-1234/transfers?status%5B%5D=pending&sort=-createdAt',
			);
			expect(headers['miinto-api-auth-id']).toBe(CHANNEL.id);
			expect(headers['miinto-api-auth-type']).toBe('MNT-HMAC-SHA256-1-0');
			expect(headers['miinto-api-control-version']).toBe('2.6');
			expect(headers['miinto-api-auth-timestamp']).toBe(
				String(Date.parse('2025-12-04T08:00:00Z') / 1000),
			);
			const parts: SignedParts = {
				method: 'GET',
				host: 'miinto-order.test',
				path: '/shops/1-m!i!s-045-1234/transfers',
				query: 'status%5B%5D=pending&sort=-createdAt',
				body: '',
			};
			expect(headers['miinto-api-auth-signature']).toBe(
				miintoSignature(
					parts,
					CHANNEL,
					headers['miinto-api-auth-timestamp'],
					headers['miinto-api-auth-seed'],
				),
			);
		}
	});

	it("through n8n's own HTTP stack (axios) the path, query and body arrive exactly as signed", async () => {
		nock(AUTH)
			.post('/channels')
			.reply(200, { meta: { status: 'success' }, data: { id: CHANNEL.id, token: CHANNEL.token } });
		let arrived: { path: string; body: string; headers: Record<string, string> } | undefined;
		nock(ORDER)
			.patch('/shops/1-m!i!s-045-1234/transfers/123')
			.query(true)
			.reply(function (_uri, body) {
				arrived = {
					path: this.req.path,
					body: typeof body === 'string' ? body : JSON.stringify(body),
					headers: this.req.headers as Record<string, string>,
				};
				return [200, { meta: { status: 'success' }, data: { newOrder: { id: 9 } } }];
			});
		const n8n = n8nContext(new MiintoApi(), credentials());
		await n8n.ctx.helpers.httpRequestWithAuthentication.call(n8n.ctx as never, 'miintoApi', {
			method: 'PATCH',
			url: `${ORDER}/shops/1-m!i!s-045-1234/transfers/123`,
			qs: { note: 'a b&c' },
			body: { acceptedPositions: [{ id: 1 }], declinedPositions: [] },
			headers: { 'Content-Type': 'application/json' },
			json: true,
		});
		expect(arrived!.path).toBe('/shops/1-m!i!s-045-1234/transfers/123?note=a+b%26c');
		const parts: SignedParts = {
			method: 'PATCH',
			host: 'miinto-order.test',
			path: '/shops/1-m!i!s-045-1234/transfers/123',
			query: 'note=a+b%26c',
			body: arrived!.body,
		};
		expect(arrived!.body).toBe('{"acceptedPositions":[{"id":1}],"declinedPositions":[]}');
		expect(arrived!.headers['miinto-api-auth-signature']).toBe(
			miintoSignature(
				parts,
				CHANNEL,
				arrived!.headers['miinto-api-auth-timestamp'],
				arrived!.headers['miinto-api-auth-seed'],
			),
		);
	});

	it('a refused username/password is explained without echoing the password', async () => {
		nock(AUTH)
			.post('/channels')
			.reply(401, { meta: { status: 'failure', message: `bad secret ${PASSWORD}` } });
		const fake = createContext({
			credentialType: new MiintoApi(),
			credentials: credentials(),
			parameters: {},
		});
		const error = (await fake.ctx.helpers.httpRequestWithAuthentication
			.call(fake.ctx, 'miintoApi', { method: 'GET', url: `${ORDER}/shops/x/orders`, json: true })
			.catch((e: Error) => e)) as Error;
		const text = `${error.message} ${JSON.stringify(error)}`;
		expect(text).toMatch(/did not open a channel for this username and password/);
		expect(text).not.toContain(PASSWORD);
	});

	it('reads the shops of both privilege shapes, and nothing from anything else', () => {
		expect(
			channelShops({ __GLOBAL__: { Store: { a: 1, b: 2 } }, se: { ShopAdmin: { b: 1, c: 1 } } }),
		).toEqual(['a', 'b', 'c']);
		expect(channelShops([])).toEqual([]);
		expect(channelShops(null)).toEqual([]);
	});
});
