/**
 * The marketplaces of the bench: emulator services, the credential recipe for the node, and how an HTTP Request flow
 * authenticates. A marketplace is one entry here plus its scenarios in bench/scenarios.mts.
 */
import { Buffer } from 'node:buffer';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestMethods,
} from 'n8n-workflow';

import { AmazonSellingPartnerApi } from '../credentials/AmazonSellingPartnerApi.credentials';
import { BolRetailerApi } from '../credentials/BolRetailerApi.credentials';
import { AmazonSellingPartner } from '../nodes/AmazonSellingPartner/AmazonSellingPartner.node.ts';
import { BolRetailer } from '../nodes/BolRetailer/BolRetailer.node.ts';
import { MiintoApi } from '../credentials/MiintoApi.credentials';
import { SpartooApi } from '../credentials/SpartooApi.credentials';
import { ZalandoZDirectApi } from '../credentials/ZalandoZDirectApi.credentials';
import { Miinto } from '../nodes/Miinto/Miinto.node.ts';
import { Spartoo } from '../nodes/Spartoo/Spartoo.node.ts';
import { ZalandoZDirect } from '../nodes/ZalandoZDirect/ZalandoZDirect.node.ts';
import {
	AMAZON_DEFAULT_TOKEN_FORM,
	AMAZON_DEFAULT_MARKETPLACES,
	AMAZON_DEFAULT_SELLER_ID,
	amazonEmulatorCredentialData,
	amazonService,
} from '../sandbox/emulators/amazon/index.mts';
import {
	BOL_DEFAULT_CLIENT_ID,
	BOL_DEFAULT_CLIENT_SECRET,
} from '../sandbox/emulators/bol/auth.mts';
import { bolService } from '../sandbox/emulators/bol/index.mts';
import {
	MIINTO_DEFAULT_PASSWORD,
	MIINTO_DEFAULT_USERNAME,
	MIINTO_SHOP_DK,
	miintoService,
} from '../sandbox/emulators/miinto/index.mts';
import {
	SPARTOO_DEFAULT_PARTNER_KEY,
	spartooService,
} from '../sandbox/emulators/spartoo/index.mts';
import {
	ZALANDO_DEFAULT_CLIENT_ID,
	ZALANDO_DEFAULT_CLIENT_SECRET,
} from '../sandbox/emulators/zalando/auth.mts';
import { zalandoService } from '../sandbox/emulators/zalando/index.mts';
import { ZALANDO_DEFAULT_MERCHANT_ID } from '../sandbox/emulators/zalando/seed.mts';
import type { BaselineAuth, Env, MarketplaceRecipe } from './harness.mts';
import type { HttpRequestFlow, Request } from './http-request-baseline.mts';

/** A token fetched once and shared; a refresh in flight is shared by every request that saw the 401. */
function tokenAuth(
	fetchToken: () => Promise<Record<string, string>>,
	refreshOn401: boolean,
): BaselineAuth {
	let current: Promise<Record<string, string>> | undefined;
	const refresh = () => (current = fetchToken());
	return {
		headers: async () => await (current ?? refresh()),
		refresh: refreshOn401
			? async () => {
					const seen = current;
					await seen;
					// another request already refreshed since: use its token
					return current !== seen && current ? await current : await refresh();
				}
			: undefined,
	};
}

export const bol: MarketplaceRecipe = {
	id: 'bol',
	services: [{ name: 'bol', factory: () => bolService() }],
	credentialType: () => new BolRetailerApi(),
	credentials: (env: Env) => ({
		clientId: BOL_DEFAULT_CLIENT_ID,
		clientSecret: BOL_DEFAULT_CLIENT_SECRET,
		environment: 'custom',
		baseUrl: env.url,
		authUrl: `${env.url}/token`,
		accessToken: '',
	}),
	node: () => new BolRetailer(),
	// n8n's OAuth2 API credential, grant type client credentials: a token first, a new one on a 401
	baselineAuth: (env: Env, flow: HttpRequestFlow) =>
		tokenAuth(async () => {
			const basic = Buffer.from(`${BOL_DEFAULT_CLIENT_ID}:${BOL_DEFAULT_CLIENT_SECRET}`).toString(
				'base64',
			);
			const response = await flow.send({
				method: 'POST',
				url: `${env.url}/token?grant_type=client_credentials`,
				headers: { authorization: `Basic ${basic}`, accept: 'application/json' },
			});
			return {
				authorization: `Bearer ${(response.body as { access_token: string }).access_token}`,
			};
		}, true),
};

export const AMAZON_SELLER_ID = AMAZON_DEFAULT_SELLER_ID;
export const AMAZON_MARKETPLACE = AMAZON_DEFAULT_MARKETPLACES[0];
/** The credential's marketplaces: the node reads orders of all of them. */
export const AMAZON_MARKETPLACES = AMAZON_DEFAULT_MARKETPLACES;

export const amazon: MarketplaceRecipe = {
	id: 'amazon',
	services: [{ name: 'amazon', factory: () => amazonService() }],
	credentialType: () => new AmazonSellingPartnerApi(),
	credentials: (env: Env) => amazonEmulatorCredentialData(env.url),
	node: () => new AmazonSellingPartner(),
	// n8n has no LWA credential: a first HTTP Request node gets the token, the others send it as x-amz-access-token
	baselineAuth: (env: Env, flow: HttpRequestFlow) =>
		tokenAuth(async () => {
			const response = await flow.send({
				method: 'POST',
				url: `${env.url}/auth/o2/token`,
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams(AMAZON_DEFAULT_TOKEN_FORM).toString(),
			});
			return { 'x-amz-access-token': (response.body as { access_token: string }).access_token };
		}, false),
};

export const ZALANDO_MERCHANT = ZALANDO_DEFAULT_MERCHANT_ID;

export const zalando: MarketplaceRecipe = {
	id: 'zalando',
	services: [{ name: 'zalando', factory: () => zalandoService() }],
	credentialType: () => new ZalandoZDirectApi(),
	credentials: (env: Env) => ({
		clientId: ZALANDO_DEFAULT_CLIENT_ID,
		clientSecret: ZALANDO_DEFAULT_CLIENT_SECRET,
		merchantId: ZALANDO_DEFAULT_MERCHANT_ID,
		environment: 'custom',
		baseUrl: env.url,
		accessToken: '',
	}),
	node: () => new ZalandoZDirect(),
	// n8n's OAuth2 API credential, grant type client credentials (form body): a token first, a new one on a 401
	baselineAuth: (env: Env, flow: HttpRequestFlow) =>
		tokenAuth(async () => {
			const basic = Buffer.from(
				`${ZALANDO_DEFAULT_CLIENT_ID}:${ZALANDO_DEFAULT_CLIENT_SECRET}`,
			).toString('base64');
			const response = await flow.send({
				method: 'POST',
				url: `${env.url}/auth/token`,
				headers: {
					authorization: `Basic ${basic}`,
					accept: 'application/json',
					'content-type': 'application/x-www-form-urlencoded',
				},
				body: 'grant_type=client_credentials',
			});
			return {
				authorization: `Bearer ${(response.body as { access_token: string }).access_token}`,
			};
		}, true),
};

export const MIINTO_SHOP = MIINTO_SHOP_DK;

/** The Miinto credential against the emulator (its custom environment: auth, order and stock base URLs). */
const miintoCredentials = (env: Env): ICredentialDataDecryptedObject => ({
	username: MIINTO_DEFAULT_USERNAME,
	password: MIINTO_DEFAULT_PASSWORD,
	environment: 'custom',
	authUrl: `${env.url}/auth`,
	orderUrl: `${env.url}/order`,
	stockUrl: `${env.url}/stock`,
	accessToken: '',
});

export const miinto: MarketplaceRecipe = {
	id: 'miinto',
	services: [{ name: 'miinto', factory: () => miintoService() }],
	credentialType: () => new MiintoApi(),
	credentials: miintoCredentials,
	node: () => new Miinto(),
	// HTTP Request nodes with this package's Miinto credential (n8n lets the HTTP Request node use a predefined credential
	// type): its preAuthentication opens a channel before the first call and once more on a 401, its authenticate
	// signs every request (the signature covers method, URL and body, so the headers are per request)
	baselineAuth: (env: Env, flow: HttpRequestFlow) => {
		const credential = new MiintoApi();
		const helper = {
			helpers: {
				httpRequest: async (options: { method?: string; url: string; body?: unknown }) => {
					const response = await flow.send({
						method: options.method ?? 'POST',
						url: options.url,
						headers: { 'content-type': 'application/json', accept: 'application/json' },
						body: options.body,
					});
					return { statusCode: response.status, body: response.body };
				},
			},
		} as unknown as IHttpRequestHelper;
		let current: Promise<ICredentialDataDecryptedObject> | undefined;
		const open = () =>
			(current = (async () => {
				const data = miintoCredentials(env);
				return { ...data, ...(await credential.preAuthentication.call(helper, data)) };
			})());
		const sign = async (request?: Request) => {
			if (!request) throw new Error('a Miinto request is signed per request');
			const signed = await credential.authenticate(await (current ?? open()), {
				method: request.method as IHttpRequestMethods,
				url: request.url,
				headers: { ...request.headers },
				...(request.body === undefined ? {} : { body: request.body as IDataObject }),
			});
			return Object.fromEntries(
				Object.entries((signed.headers ?? {}) as IDataObject).map(([k, v]) => [k, String(v)]),
			);
		};
		return {
			headers: sign,
			refresh: async (request?: Request) => {
				const seen = current;
				await seen;
				if (current === seen) open();
				return await sign(request);
			},
		};
	},
};

export const SPARTOO_PARTNER_KEY = SPARTOO_DEFAULT_PARTNER_KEY;

export const spartoo: MarketplaceRecipe = {
	id: 'spartoo',
	services: [{ name: 'spartoo', factory: () => spartooService() }],
	credentialType: () => new SpartooApi(),
	credentials: (env: Env) => ({
		apiKey: SPARTOO_DEFAULT_PARTNER_KEY,
		environment: 'custom',
		baseUrl: env.url,
		site: 'com',
		currency: 'EUR',
		hourlyBudget: 600,
	}),
	node: () => new Spartoo(),
	// n8n's HTTP Request node with the Spartoo credential: the partner key is a field of each form body (the scenarios'
	// forms carry it), no header
	baselineAuth: () => ({ headers: async () => ({}) }),
};
