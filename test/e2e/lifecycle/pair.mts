/**
 * One place for the set-up and teardown of the lifecycle tests (test/e2e/lifecycle.e2e.test.mts, a case module per
 * pair in test/e2e/lifecycle/cases/<marketplace>-<store>.mts):
 * a driver per marketplace and per store says what differs (emulator service, credential, n8n environment, the store's
 * settings), `lifecyclePair` does the rest in the same order for every pair: the built package, the template, both
 * emulators, the test's own seed, the SMTP sink, an n8n with the credentials and the test's copies of the template,
 * started, the live copy activated; and after the tests, everything stopped and removed.
 *
 * A pair's case module supplies only what is its own: the seed (`seed`), its copies of the template (`workflows`,
 * built with `pair.copy`), which of them to activate, and its cases. A new marketplace needs no driver entry (its
 * emulator service and credential come from the registry and the emulator's self-description), only one case module
 * per store; the suite fails for a template without one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll } from 'vitest';

import {
	MARKETPLACE_IDS,
	MARKETPLACE_REGISTRY,
	type MarketplaceId,
} from '../../../nodes/shared/marketplaces';
import { startEmulators, type RunningEmulators } from '../../../sandbox/emulators/index.mts';
import {
	emulatorCredentials,
	N8nInstance,
	REPO_ROOT,
	type CredentialImport,
	type N8nServer,
	type WorkflowJson,
} from '../../../sandbox/n8n/index.mts';
import {
	expectQuietAndSuccessful,
	readTemplate,
	restCall,
	SHOPIFY_CERT_FILE,
	shopifyEmulatorCredential,
	shopifyHostEnvironment,
	shopifyTestClient,
	shopifyTls,
	SmtpSink,
	testCopy,
	type TestCopyOptions,
} from '../lifecycle-support.mts';
import { builtPackage, E2E_SEED } from '../support.mts';

/** Where the templates' notifications go in every lifecycle test. */
export const NOTIFY = 'orders@shop.test';
export const NOTIFY_FROM = 'n8n@shop.test';
/** The emulators' clock runs this many times faster than n8n's in a lifecycle test. */
export const TIME_SCALE = 60;
/**
 * One day in minutes: more than the emulators' clock runs ahead of n8n's in a test, so a minimum age of minus this
 * (`reconcileMinAgeMinutes`, `storeReconcileMinAgeMinutes`) lets the reconciliations see every order.
 */
export const EMULATED_DAY_MINUTES = 24 * 60;

export type StoreId = 'woocommerce' | 'shopify' | 'magento2';
type Ref = { id: string; name: string };

export interface MarketplaceDriver {
	id: MarketplaceId;
	/** "Bol.com", as the registry names it. */
	title: string;
	credentialType: string;
	/** After the emulator started, before the test's seed (e.g. bol: no FBB shipments by the emulator itself). */
	prepare?(url: string): Promise<void>;
}

export interface StoreDriver {
	id: StoreId;
	title: string;
	credentialType: string;
	/** Emulator options of the store's service (Shopify: TLS at *.myshopify.com). */
	tls?(): Promise<{ cert: string; key: string }>;
	/** Environment of the n8n processes (Shopify: *.myshopify.com sent to the emulator). */
	env?(dir: string, url: string): Promise<Record<string, string>>;
	/** The credential, when the emulator cannot describe it (Shopify: n8n's node calls <shop>.myshopify.com). */
	credential?(ref: Ref): CredentialImport;
	/** The template's store settings ("Settings" node) for the emulator at `url`. */
	settings(url: string): Promise<Record<string, unknown>>;
}

/** What a marketplace's emulator needs before a test's seed, if anything. */
const PREPARE: Partial<Record<MarketplaceId, (url: string) => Promise<void>>> = {
	// bol ships FBB items by itself some hours after the order (on the emulated clock): switched off, so the orders a
	// test reads from the emulator after an execution are exactly those the execution saw
	bol: async (url) => {
		await restCall('PATCH', `${url}/__admin/config`, {}, { fbbShipAfterHours: 1_000_000 });
	},
};

/** Every marketplace of the registry: its emulator service is its id, its credential the emulator describes. */
export const MARKETPLACE_DRIVERS = Object.fromEntries(
	MARKETPLACE_IDS.map((id) => [
		id,
		{
			id,
			title: MARKETPLACE_REGISTRY[id].title,
			credentialType: MARKETPLACE_REGISTRY[id].credentialType,
			prepare: PREPARE[id],
		},
	]),
) as Record<MarketplaceId, MarketplaceDriver>;

export const STORE_DRIVERS: Record<StoreId, StoreDriver> = {
	woocommerce: {
		id: 'woocommerce',
		title: 'WooCommerce',
		credentialType: 'wooCommerceApi',
		settings: async (url) => ({ storeUrl: url }),
	},
	magento2: {
		id: 'magento2',
		title: 'Magento 2',
		credentialType: 'magento2Api',
		settings: async (url) => ({ storeUrl: url }),
	},
	shopify: {
		id: 'shopify',
		title: 'Shopify',
		credentialType: 'shopifyAccessTokenApi',
		tls: shopifyTls,
		env: async (dir, url) =>
			await shopifyHostEnvironment({
				dir,
				port: Number(new URL(url).port),
				certFile: SHOPIFY_CERT_FILE,
			}),
		credential: (ref) => shopifyEmulatorCredential(ref),
		// the shop's first location: where the template reads and sets stock
		settings: async (url) => {
			const { cert } = await shopifyTls();
			const shop = await shopifyTestClient(url, cert).state();
			return { shopSubdomain: 'emulator-shop', locationId: String(shop.locations[0].id) };
		},
	},
};

/** The credentials of a pair's n8n, by credential type (what `testCopy` and manual starts reference). */
export interface PairCredentials extends Record<string, Ref> {
	smtp: Ref;
}

export interface LifecyclePair {
	marketplace: MarketplaceDriver;
	store: StoreDriver;
	/** workflows-templates/<marketplace>-<store>-lifecycle.json */
	templateFile: string;
	template: WorkflowJson;
	urls: { marketplace: string; store: string };
	emulators: RunningEmulators;
	credentials: PairCredentials;
	/** The certificate the store emulator serves TLS with (Shopify), for a test's own calls to it; else undefined. */
	storeCa?: string;
	/** The "Settings" values every copy gets: the store's, the notification addresses and the test's own. */
	settings: Record<string, unknown>;
	smtp: SmtpSink;
	instance: N8nInstance;
	server: N8nServer;
	/**
	 * A test copy of the template with the pair's credentials and settings (`options.settings` added to them), named
	 * "e2e: <marketplace> x <store> (<what>)".
	 */
	copy(
		id: string,
		what: string,
		options?: Partial<Omit<TestCopyOptions, 'id' | 'name'>>,
	): WorkflowJson;
	/** Waits until a workflow is quiet and fails with the node and message of any execution that did not succeed. */
	settle(workflowId: string): ReturnType<typeof expectQuietAndSuccessful>;
}

export interface PairSpec {
	/** After both emulators started (and the marketplace's `prepare`), before n8n: the test's own data. */
	seed?(pair: LifecyclePair): Promise<void>;
	/** Settings every copy gets besides the store's and the notification addresses. */
	settings?: Record<string, unknown>;
	/** The test's copies of the template (`pair.copy`), imported before n8n starts. */
	workflows(pair: LifecyclePair): WorkflowJson[] | Promise<WorkflowJson[]>;
	/** Copies activated once n8n runs (activation registers store webhooks and polls the triggers once). */
	activate?: string[];
}

/**
 * Registers the set-up (`beforeAll`) and teardown (`afterAll`) of a marketplace x store lifecycle test and returns the
 * pair, whose fields are filled in by the set-up (read them inside hooks and tests).
 */
export function lifecyclePair(
	marketplaceId: MarketplaceId,
	storeId: StoreId,
	spec: PairSpec,
): LifecyclePair {
	const marketplace = MARKETPLACE_DRIVERS[marketplaceId];
	const store = STORE_DRIVERS[storeId];
	const pair = {
		marketplace,
		store,
		templateFile: `${marketplace.id}-${store.id}-lifecycle.json`,
		copy(id, what, options = {}) {
			return testCopy(pair.template, {
				credentials: pair.credentials,
				...options,
				settings: { ...pair.settings, ...options.settings },
				id,
				name: `e2e: ${marketplace.title} x ${store.title} (${what})`,
			});
		},
		settle: async (workflowId) => await expectQuietAndSuccessful(pair.server, workflowId),
	} as LifecyclePair;
	let tmp: string | undefined;
	let emulators: RunningEmulators | undefined;
	let smtp: SmtpSink | undefined;
	let instance: N8nInstance | undefined;

	beforeAll(async () => {
		await builtPackage();
		pair.template = await readTemplate(pair.templateFile);
		const tls = await store.tls?.();
		pair.storeCa = tls?.cert;
		emulators = await startEmulators({
			services: [marketplace.id, store.id],
			seed: E2E_SEED,
			// 60 emulated seconds per real second: per-minute rate limits and short-lived tokens stay in force (the nodes
			// pace themselves and re-authenticate) without a test taking real minutes
			timeScale: TIME_SCALE,
			...(tls ? { tls: { [store.id]: tls } } : {}),
		});
		pair.emulators = emulators;
		pair.urls = {
			marketplace: emulators.urls[marketplace.id],
			store: emulators.urls[store.id],
		};
		await marketplace.prepare?.(pair.urls.marketplace);
		pair.settings = {
			...(await store.settings(pair.urls.store)),
			notificationEmail: NOTIFY,
			notificationFrom: NOTIFY_FROM,
			...spec.settings,
		};
		await spec.seed?.(pair);

		smtp = await SmtpSink.start();
		pair.smtp = smtp;
		tmp = await mkdtemp(path.join(os.tmpdir(), `mps-${marketplace.id}-${store.id}-`));
		instance = await N8nInstance.create({
			packageDir: REPO_ROOT,
			env: await store.env?.(tmp, pair.urls.store),
		});
		pair.instance = instance;
		const described = await emulatorCredentials({
			[marketplace.id]: pair.urls.marketplace,
			...(store.credential ? {} : { [store.id]: pair.urls.store }),
		});
		const storeRef = { id: `e2e${store.id.slice(0, 4)}StoreCred`, name: `${store.title} emulator` };
		const smtpRef = { id: 'e2eLifeSmtpCred01', name: 'SMTP sink' };
		pair.credentials = {
			...described.byType,
			...(store.credential ? { [store.credentialType]: storeRef } : {}),
			smtp: smtpRef,
		};
		for (const type of [marketplace.credentialType, store.credentialType])
			if (!pair.credentials[type])
				throw new Error(`no ${type} credential for the emulator: ${described.skipped.join('; ')}`);
		await instance.importCredentials([
			...described.credentials,
			...(store.credential ? [store.credential(storeRef)] : []),
			smtp.credential(smtpRef.id),
		]);
		await instance.importWorkflows(await spec.workflows(pair));
		pair.server = await instance.start();
		for (const id of spec.activate ?? []) await pair.server.activateWorkflow(id);
	});

	afterAll(async () => {
		await instance?.dispose();
		await emulators?.stop();
		await smtp?.stop();
		if (tmp) await rm(tmp, { recursive: true, force: true });
	});

	return pair;
}
