/**
 * n8n credentials that point at running emulators. Each emulator describes itself in `GET /__admin/state`
 * (`info`: its URL, default keys and the matching n8n credential fields); this turns that into credentials.
 */
import {
	AMAZON_DEFAULT_CLIENT_SECRET,
	AMAZON_DEFAULT_REFRESH_TOKEN,
} from '../emulators/amazon/index.mts';
import { MIINTO_DEFAULT_PASSWORD } from '../emulators/miinto/index.mts';
import { MARKETPLACE_REGISTRY, shippedMarketplaces } from '../../nodes/shared/marketplaces';
import { BOL_CREDENTIAL_TYPE, bolEmulatorCredential } from './bol.mts';
import type { CredentialImport } from './types.mts';

interface EmulatorInfo {
	clientId?: string;
	clientSecret?: string;
	credential?: Record<string, unknown>;
}

/** Reads an emulator's self-description from its admin API. */
export async function emulatorInfo(url: string): Promise<EmulatorInfo> {
	const response = await fetch(`${url}/__admin/state`);
	if (!response.ok) throw new Error(`GET ${url}/__admin/state -> ${response.status}`);
	return ((await response.json()) as { info?: EmulatorInfo }).info ?? {};
}

interface CredentialRecipe {
	id: string;
	name: string;
	type: string;
	build(url: string, info: EmulatorInfo): CredentialImport['data'];
}

function infoCredential(info: EmulatorInfo, service: string): Record<string, unknown> {
	if (!info.credential)
		throw new Error(`the ${service} emulator does not describe its n8n credential`);
	return info.credential;
}

/** One recipe per emulator an n8n node can reach. */
const RECIPES: Record<string, CredentialRecipe> = {
	bol: {
		id: 'sandboxBolCred01',
		name: 'Bol.com (sandbox emulator)',
		type: BOL_CREDENTIAL_TYPE,
		build: (url, info) => {
			if (!info.clientId || !info.clientSecret)
				throw new Error('the bol emulator did not report its client');
			return bolEmulatorCredential({
				id: '',
				name: '',
				emulatorUrl: url,
				clientId: info.clientId,
				clientSecret: info.clientSecret,
			}).data;
		},
	},
	amazon: {
		id: 'sandboxAmznCred1',
		name: 'Amazon Selling Partner (sandbox emulator)',
		type: 'amazonSellingPartnerApi',
		// the emulator's app secret and refresh token are its fixed defaults (it publishes only the non-secret fields)
		build: (_url, info) => ({
			...infoCredential(info, 'amazon'),
			clientSecret: AMAZON_DEFAULT_CLIENT_SECRET,
			refreshToken: AMAZON_DEFAULT_REFRESH_TOKEN,
			region: 'eu',
			otherMarketplaceIds: '',
		}),
	},
	zalando: {
		id: 'sandboxZalCred01',
		name: 'Zalando zDirect (sandbox emulator)',
		type: 'zalandoZDirectApi',
		build: (url, info) => {
			const zalando = info as EmulatorInfo & { merchantId?: string };
			if (!zalando.clientId || !zalando.clientSecret)
				throw new Error('the zalando emulator did not report its client');
			return {
				clientId: zalando.clientId,
				clientSecret: zalando.clientSecret,
				merchantId: zalando.merchantId ?? '',
				environment: 'custom',
				baseUrl: url,
				accessToken: '',
			};
		},
	},
	miinto: {
		id: 'sandboxMiintoCr1',
		name: 'Miinto (sandbox emulator)',
		type: MARKETPLACE_REGISTRY.miinto.credentialType,
		// the custom environment's three base URLs (auth, order, stock) and the username come from the emulator's info;
		// the password is its fixed default (it publishes only the non-secret fields)
		build: (_url, info) => ({
			...infoCredential(info, 'miinto'),
			password: MIINTO_DEFAULT_PASSWORD,
		}),
	},
	spartoo: {
		id: 'sandboxSpaCred01',
		name: 'Spartoo (sandbox emulator)',
		type: MARKETPLACE_REGISTRY.spartoo.credentialType,
		// credentials/SpartooApi.credentials.ts: the partner key, Environment "custom" and the base URL the scripts are
		// under ({baseUrl}/mp/<script>.php); the site only matters in production
		build: (url, info) => {
			const spartoo = info as EmulatorInfo & { partnerKey?: string };
			if (!spartoo.partnerKey)
				throw new Error('the spartoo emulator did not report its partner key');
			return {
				apiKey: spartoo.partnerKey,
				environment: 'custom',
				baseUrl: url,
				site: 'com',
				currency: 'EUR',
				hourlyBudget: 600,
			};
		},
	},
	woocommerce: {
		id: 'sandboxWooCred01',
		name: 'WooCommerce (sandbox emulator)',
		type: 'wooCommerceApi',
		build: (_url, info) => infoCredential(info, 'woocommerce'),
	},
	magento2: {
		id: 'sandboxMageCred1',
		name: 'Magento 2 (sandbox emulator)',
		type: 'magento2Api',
		build: (_url, info) => infoCredential(info, 'magento2'),
	},
};

/**
 * Whether n8n knows the credential type: a marketplace whose registry status is still `planned` ships no credential
 * (Miinto until it is `preview`), and n8n refuses to import a credential of an unknown type.
 */
function shipsCredential(type: string): boolean {
	const marketplace = Object.values(MARKETPLACE_REGISTRY).find((m) => m.credentialType === type);
	return marketplace === undefined || shippedMarketplaces().some((m) => m.credentialType === type);
}

/** Why an emulator gets no credential. */
const UNREACHABLE: Record<string, string> = {
	shopify:
		"n8n's Shopify node always calls https://<shop>.myshopify.com, so it cannot be pointed at the local emulator",
};

export interface SandboxCredentials {
	credentials: CredentialImport[];
	/** By credential type: what workflows reference. */
	byType: Record<string, { id: string; name: string }>;
	/** One line per emulator that got no credential. */
	skipped: string[];
}

/** Credentials for every running emulator that an n8n node can reach. */
export async function emulatorCredentials(
	urls: Record<string, string>,
): Promise<SandboxCredentials> {
	const result: SandboxCredentials = { credentials: [], byType: {}, skipped: [] };
	for (const [service, url] of Object.entries(urls)) {
		const recipe = RECIPES[service];
		if (!recipe) {
			result.skipped.push(`${service}: ${UNREACHABLE[service] ?? 'no n8n credential recipe yet'}`);
			continue;
		}
		if (!shipsCredential(recipe.type)) {
			result.skipped.push(
				`${service}: its credential type ${recipe.type} is not registered with n8n yet (registry status planned)`,
			);
			continue;
		}
		const data = recipe.build(url, await emulatorInfo(url));
		result.credentials.push({ id: recipe.id, name: recipe.name, type: recipe.type, data });
		result.byType[recipe.type] = { id: recipe.id, name: recipe.name };
	}
	return result;
}
