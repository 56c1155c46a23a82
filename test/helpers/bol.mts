import nock from 'nock';

import { BolRetailerApi } from '../../credentials/BolRetailerApi.credentials';
import { createContext, type ContextOptions } from './context.mts';

export const BOL_BASE = 'http://bol.test';
export const CLIENT_ID = 'client-id-123';
export const CLIENT_SECRET = 'super-secret-value-xyz';
export const V10 = 'application/vnd.retailer.v10+json';
export const V11 = 'application/vnd.retailer.v11+json';

export function bolCredentials() {
	return {
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		environment: 'custom',
		baseUrl: BOL_BASE,
		authUrl: `${BOL_BASE}/token`,
		accessToken: '',
	};
}

export function bolContext(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
) {
	return createContext({
		credentialType: new BolRetailerApi(),
		credentials: bolCredentials(),
		parameters,
		nodeType: 'n8n-nodes-marketplace-sync.bolRetailer',
		...extra,
	});
}

let tokenCounter = 0;

/** The bol token endpoint: checks Basic auth and the grant type, hands out numbered tokens. */
export function mockToken(scope = nock(BOL_BASE), times = 1) {
	return scope
		.post('/token')
		.query({ grant_type: 'client_credentials' })
		.times(times)
		.basicAuth({ user: CLIENT_ID, pass: CLIENT_SECRET })
		.reply(200, () => ({
			access_token: `token-${++tokenCounter}`,
			token_type: 'Bearer',
			expires_in: 299,
			scope: 'RETAILER',
		}));
}

export function problem(
	status: number,
	title: string,
	violations: Array<{ name: string; reason: string }> = [],
) {
	return {
		type: 'https://api.bol.com/problems',
		title,
		status,
		detail: title,
		host: 'Instance-001',
		instance: 'https://api.bol.com/retailer/resource',
		violations,
	};
}
