/**
 * The marketplaces of the bench: emulator services, the credential recipe for the node, and how an HTTP Request flow
 * authenticates. Adding Miinto or Spartoo is one entry here plus its scenarios in bench/scenarios.mts.
 */
import { Buffer } from 'node:buffer';

import { AmazonSellingPartnerApi } from '../credentials/AmazonSellingPartnerApi.credentials';
import { BolRetailerApi } from '../credentials/BolRetailerApi.credentials';
import { AmazonSellingPartner } from '../nodes/AmazonSellingPartner/AmazonSellingPartner.node.ts';
import { BolRetailer } from '../nodes/BolRetailer/BolRetailer.node.ts';
import { ZalandoZDirectApi } from '../credentials/ZalandoZDirectApi.credentials';
import { ZalandoZDirect } from '../nodes/ZalandoZDirect/ZalandoZDirect.node.ts';
import {
	AMAZON_DEFAULT_CLIENT_ID,
	AMAZON_DEFAULT_CLIENT_SECRET,
	AMAZON_DEFAULT_MARKETPLACES,
	AMAZON_DEFAULT_REFRESH_TOKEN,
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
	ZALANDO_DEFAULT_CLIENT_ID,
	ZALANDO_DEFAULT_CLIENT_SECRET,
} from '../sandbox/emulators/zalando/auth.mts';
import { zalandoService } from '../sandbox/emulators/zalando/index.mts';
import { ZALANDO_DEFAULT_MERCHANT_ID } from '../sandbox/emulators/zalando/seed.mts';
import type { BaselineAuth, Env, MarketplaceRecipe } from './harness.mts';
import type { HttpRequestFlow } from './http-request-baseline.mts';

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
				body: new URLSearchParams({
					grant_type: 'refresh_token',
					refresh_token: AMAZON_DEFAULT_REFRESH_TOKEN,
					client_id: AMAZON_DEFAULT_CLIENT_ID,
					client_secret: AMAZON_DEFAULT_CLIENT_SECRET,
				}).toString(),
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
