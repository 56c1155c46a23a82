/**
 * The multi-marketplace stock templates (workflows-templates/stock-*-to-marketplaces.json) in a real n8n: one
 * store's stock reaches the Bol and the Amazon emulators, through the real triggers (WooCommerce and Shopify webhooks;
 * Magento's Schedule Trigger, every 15 seconds in the test copy instead of every 15 minutes). The hourly full syncs
 * cannot fire in a test: they run from a copy with that trigger swapped for a manual start.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	MAGENTO_INTEGRATION_TOKEN,
	SHOPIFY_ACCESS_TOKEN,
	SHOPIFY_API_SECRET,
	WOOCOMMERCE_CONSUMER_KEY,
	WOOCOMMERCE_CONSUMER_SECRET,
	startEmulators,
	type RunningEmulators,
	type ServiceName,
} from '../../sandbox/emulators/index.mts';
import { emulatorCredentials, N8nInstance, nodeItems, REPO_ROOT, waitFor, type CredentialImport, type N8nServer } from '../../sandbox/n8n/index.mts';
import {
	adminState,
	expectQuietAndSuccessful,
	httpsJson,
	merchantOffer,
	readTemplate,
	restCall,
	shopifyHostEnvironment,
	testCopy,
	type BolState,
} from './lifecycle-support.mts';
import { builtPackage, E2E_SEED } from './support.mts';

const FIXTURES = path.join(REPO_ROOT, 'test', 'emulators', 'fixtures');

interface AmazonState {
	listings: Array<{ sku: string; fulfillmentAvailability?: Array<{ fulfillmentChannelCode: string; quantity: number }> }>;
}

/** A store for the stock test: how to start it, read its stock, and change it. */
interface StoreUnderTest {
	service: ServiceName;
	template: string;
	credentials(url: string): CredentialImport;
	settings(url: string, state: unknown): Record<string, unknown>;
	/** Trigger parameters of the live copy (shorter intervals). */
	parameters?: Record<string, Record<string, unknown>>;
	/** The trigger swapped for a manual start in the full-sync copy, if the template has one. */
	fullSync?: string;
	/** SKU -> stock the marketplaces should have. */
	stock(url: string): Promise<Map<string, number>>;
	/** Changes the stock of two SKUs the marketplaces list; returns them. */
	change(url: string): Promise<Map<string, number>>;
	tls?: boolean;
}

const woo = (url: string) => async <T,>(method: string, apiPath: string, body?: unknown) =>
	await restCall<T>(method, `${url}/wp-json/wc/v3${apiPath}`, { authorization: `Basic ${Buffer.from(`${WOOCOMMERCE_CONSUMER_KEY}:${WOOCOMMERCE_CONSUMER_SECRET}`).toString('base64')}` }, body);
const magento = (url: string) => async <T,>(method: string, apiPath: string, body?: unknown) =>
	await restCall<T>(method, `${url}/rest/default/V1${apiPath}`, { authorization: `Bearer ${MAGENTO_INTEGRATION_TOKEN}` }, body);

interface WooStock {
	id: number;
	sku: string;
	type?: string;
	parent_id?: number;
	manage_stock: boolean;
	stock_quantity: number | null;
}
interface ShopState {
	locations: Array<{ id: number }>;
	products: Array<{ variants: Array<{ sku: string; inventory_item_id: number; inventory_management: string | null }> }>;
	inventoryLevels: Array<{ inventory_item_id: number; available: number }>;
}

let shopCa = '';
const shopify = (url: string) => async <T,>(method: string, apiPath: string, body?: unknown) =>
	await httpsJson<T>(method, `${url}/admin/api/2024-07${apiPath}`, { ca: shopCa, headers: { 'x-shopify-access-token': SHOPIFY_ACCESS_TOKEN }, body });
const shopState = async (url: string) => (await httpsJson<{ state: ShopState }>('GET', `${url}/__admin/state`, { ca: shopCa })).state;

const STORES: StoreUnderTest[] = [
	{
		service: 'woocommerce',
		template: 'stock-woocommerce-to-marketplaces.json',
		credentials: (url) => ({ id: 'e2eStockWooCred1', name: 'WooCommerce', type: 'wooCommerceApi', data: { url, consumerKey: WOOCOMMERCE_CONSUMER_KEY, consumerSecret: WOOCOMMERCE_CONSUMER_SECRET } }),
		settings: (url) => ({ storeUrl: url, stockSettleSeconds: 2 }),
		fullSync: 'Every Hour: Full Stock Sync',
		stock: async (url) => {
			const state = await adminState<{ products: WooStock[]; variations: WooStock[] }>(url);
			return new Map([...state.products, ...state.variations].filter((p) => p.manage_stock).map((p) => [p.sku, Math.max(0, p.stock_quantity ?? 0)]));
		},
		change: async (url) => {
			const state = await adminState<{ products: WooStock[]; variations: WooStock[] }>(url);
			const simple = state.products.find((p) => p.type === 'simple' && p.manage_stock)!;
			const variation = state.variations.find((v) => v.manage_stock)!;
			await woo(url)('PUT', `/products/${simple.id}`, { stock_quantity: 21 });
			await woo(url)('PUT', `/products/${variation.parent_id}/variations/${variation.id}`, { stock_quantity: 8 });
			return new Map([[simple.sku, 21], [variation.sku, 8]]);
		},
	},
	{
		service: 'magento2',
		template: 'stock-magento2-to-marketplaces.json',
		credentials: (url) => ({ id: 'e2eStockMageCred', name: 'Magento', type: 'magento2Api', data: { host: url, accessToken: MAGENTO_INTEGRATION_TOKEN } }),
		settings: (url) => ({ storeUrl: url }),
		parameters: { 'Every 15 Minutes: Stock': { rule: { interval: [{ field: 'seconds', secondsInterval: 15 }] } } },
		stock: async (url) => {
			const state = await adminState<{ products: Array<{ sku: string; type_id: string }>; salable: Record<string, number> }>(url);
			return new Map(state.products.filter((p) => p.type_id === 'simple').map((p) => [p.sku, Math.max(0, state.salable[p.sku])]));
		},
		change: async (url) => {
			const state = await adminState<{ products: Array<{ sku: string; type_id: string }> }>(url);
			const [a, b] = state.products.filter((p) => p.type_id === 'simple');
			await magento(url)('POST', '/inventory/source-items', {
				sourceItems: [
					{ sku: a.sku, source_code: 'default', quantity: 17, status: 1 },
					{ sku: b.sku, source_code: 'default', quantity: 4, status: 1 },
				],
			});
			const salable = (await adminState<{ salable: Record<string, number> }>(url)).salable;
			return new Map([[a.sku, salable[a.sku]], [b.sku, salable[b.sku]]]);
		},
	},
	{
		service: 'shopify',
		template: 'stock-shopify-to-marketplaces.json',
		tls: true,
		credentials: () => ({ id: 'e2eStockShopCred', name: 'Shopify', type: 'shopifyAccessTokenApi', data: { shopSubdomain: 'emulator-shop', accessToken: SHOPIFY_ACCESS_TOKEN, appSecretKey: SHOPIFY_API_SECRET } }),
		settings: () => ({ shopSubdomain: 'emulator-shop', stockSettleSeconds: 2 }),
		fullSync: 'Every Hour: Full Stock Sync',
		stock: async (url) => {
			const state = await shopState(url);
			return new Map(
				state.products
					.flatMap((p) => p.variants)
					.filter((v) => v.inventory_management === 'shopify')
					.map((v) => [v.sku, Math.max(0, state.inventoryLevels.filter((l) => l.inventory_item_id === v.inventory_item_id).reduce((sum, l) => sum + l.available, 0))]),
			);
		},
		change: async (url) => {
			const state = await shopState(url);
			const [a, b] = state.products.flatMap((p) => p.variants).filter((v) => v.inventory_management === 'shopify');
			await shopify(url)('POST', '/inventory_levels/set.json', { location_id: state.locations[0].id, inventory_item_id: a.inventory_item_id, available: 26 });
			await shopify(url)('POST', '/inventory_levels/set.json', { location_id: state.locations[0].id, inventory_item_id: b.inventory_item_id, available: 3 });
			const stock = await STORES[2].stock(url);
			return new Map([[a.sku, stock.get(a.sku)!], [b.sku, stock.get(b.sku)!]]);
		},
	},
];

for (const store of STORES) {
	describe(`stock template for ${store.service}: one store stock change reaches Bol.com and Amazon`, () => {
		let emulators: RunningEmulators | undefined;
		let instance: N8nInstance | undefined;
		let server: N8nServer;
		let tmp: string | undefined;
		let urls: Record<string, string>;
		const live = `e2eStock${store.service.slice(0, 4)}Live`.padEnd(16, '0');
		const sync = `e2eStock${store.service.slice(0, 4)}Sync`.padEnd(16, '0');

		/** SKUs whose stock differs at bol (merchant offer) or at Amazon (merchant-fulfilled listing). */
		const mismatches = async (skus?: Iterable<string>) => {
			const [bol, amazon, stock] = [await adminState<BolState>(urls.bol), await adminState<AmazonState>(urls.amazon), await store.stock(urls[store.service])];
			const found: Array<{ sku: string; store: number; bol?: number; amazon?: number }> = [];
			for (const sku of skus ?? stock.keys()) {
				const expected = stock.get(sku);
				if (expected === undefined) continue;
				const offer = merchantOffer(bol, sku);
				const listing = amazon.listings.find((candidate) => candidate.sku === sku)?.fulfillmentAvailability?.find((channel) => channel.fulfillmentChannelCode === 'DEFAULT');
				const bolWrong = offer !== undefined && offer.stock.amount !== Math.min(999, expected);
				const amazonWrong = listing !== undefined && listing.quantity !== expected;
				if (bolWrong || amazonWrong) found.push({ sku, store: expected, bol: offer?.stock.amount, amazon: listing?.quantity });
			}
			return found;
		};

		beforeAll(async () => {
			await builtPackage();
			const tls = store.tls
				? { tls: { shopify: { cert: (shopCa = await readFile(path.join(FIXTURES, 'tls-cert.pem'), 'utf8')), key: await readFile(path.join(FIXTURES, 'tls-key.pem'), 'utf8') } } }
				: {};
			emulators = await startEmulators({ services: ['bol', 'amazon', store.service], seed: E2E_SEED, timeScale: 60, ...tls });
			urls = emulators.urls as Record<string, string>;
			const marketplaces = await emulatorCredentials({ bol: urls.bol, amazon: urls.amazon });
			let env: Record<string, string> = {};
			if (store.tls) {
				tmp = await mkdtemp(path.join(os.tmpdir(), 'mps-stock-'));
				env = await shopifyHostEnvironment({ dir: tmp, port: Number(new URL(urls.shopify).port), certFile: path.join(FIXTURES, 'tls-cert.pem') });
			}
			instance = await N8nInstance.create({ packageDir: REPO_ROOT, env });
			const storeCredential = store.credentials(urls[store.service]);
			await instance.importCredentials([...marketplaces.credentials, storeCredential]);
			const credentials = { ...marketplaces.byType, [storeCredential.type]: { id: storeCredential.id, name: storeCredential.name } };
			const template = await readTemplate(store.template);
			const settings = store.settings(urls[store.service], undefined);
			const workflows = [testCopy(template, { id: live, name: `e2e: ${store.template} (live)`, credentials, settings, parameters: store.parameters })];
			if (store.fullSync) {
				workflows.push(
					testCopy(template, { id: sync, name: `e2e: ${store.template} (full sync)`, credentials, settings, manualStart: { [store.fullSync]: { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} } } }),
				);
			}
			await instance.importWorkflows(workflows);
			server = await instance.start();
			await server.activateWorkflow(live);
		});

		afterAll(async () => {
			await instance?.dispose();
			await emulators?.stop();
			if (tmp) await rm(tmp, { recursive: true, force: true });
		});

		it('a stock change in the store reaches both marketplaces', async () => {
			if (store.service !== 'magento2') {
				await waitFor('the store webhooks', async () => ((await server.listExecutions({ workflowId: live }, 1)) ? true : undefined), 30_000);
				await new Promise((resolve) => setTimeout(resolve, 3_000));
			}
			const changed = await store.change(urls[store.service]);
			await waitFor('both marketplaces with the new stock', async () => ((await mismatches(changed.keys())).length === 0 ? true : undefined), 120_000, 1_000);
			await expectQuietAndSuccessful(server, live);
			expect(await mismatches(changed.keys())).toEqual([]);
			const bol = await adminState<BolState>(urls.bol);
			for (const [sku, quantity] of changed) {
				const offer = merchantOffer(bol, sku);
				if (offer) expect(offer.stock.amount).toBe(quantity);
			}
		});

		it(store.fullSync ? 'the hourly full sync (from a manual start) sends the whole catalogue to both' : 'every product reaches both, and an unchanged stock is not sent again', async () => {
			if (store.fullSync) {
				await server.deactivateWorkflow(live);
				const execution = await instance!.execute(sync);
				expect(execution.error).toBeUndefined();
				expect(nodeItems(execution.run.data, 'Bol: Update Stock').length).toBeGreaterThan(2);
				expect(nodeItems(execution.run.data, 'Amazon: Update Stock').length).toBeGreaterThan(2);
				expect(await mismatches()).toEqual([]);
				return;
			}
			await waitFor('every product at both marketplaces', async () => ((await mismatches()).length === 0 ? true : undefined), 120_000, 2_000);
			// the next poll finds nothing changed: it sends nothing
			const seen = (await server.listExecutions({ workflowId: live }, 1))[0]?.id;
			const next = await waitFor(
				'another poll',
				async () => {
					const [latest] = await server.listExecutions({ workflowId: live }, 1);
					return latest && latest.id !== seen && latest.stoppedAt ? latest : undefined;
				},
				60_000,
				1_000,
			);
			const data = (await server.getExecution(next.id)).data;
			expect(data.resultData.runData['Only Changed for Bol']?.[0]?.data?.main?.[0] ?? []).toHaveLength(0);
			expect(data.resultData.runData['Only Changed for Amazon']?.[0]?.data?.main?.[0] ?? []).toHaveLength(0);
			await expectQuietAndSuccessful(server, live);
		});
	});
}
