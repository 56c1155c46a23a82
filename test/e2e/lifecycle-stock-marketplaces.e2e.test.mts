/**
 * The multi-marketplace stock templates (workflows-templates/stock-*-to-marketplaces.json) in one real n8n: each
 * store's stock reaches its own Bol, Amazon, Zalando, Miinto and Spartoo emulators
 * through the template's real trigger (WooCommerce and Shopify webhooks; Magento's Schedule Trigger, every few seconds
 * in the test copy instead of every 15 minutes).
 * The hourly full syncs cannot fire in a test: they run from a copy with that trigger swapped for a manual start.
 *
 * One n8n for the three stores (an n8n start costs more than all the tests of a store), but each store gets its own
 * marketplace emulators: the emulators share one catalogue (the same SKUs and EANs in every store), so three
 * templates pushing to the same marketplaces would overwrite each other's stock. A live workflow is active only while
 * its store's tests run, so nothing else runs in n8n at the same time.
 *
 * Zalando finds articles by EAN only: in each store one product has its EAN removed (as a merchant would leave it
 * empty) before n8n starts, and must be skipped for Zalando (not refused) while bol and Amazon still get it. Miinto
 * (switched on in the test copies, on the seeded shop) finds items by your product id (the SKU: WooCommerce, Magento)
 * or by GTIN (the EAN: Shopify, where the product without one is skipped as for Zalando). Spartoo (switched on in the
 * test copies) gets the stock per size: your product reference (a variation's parent SKU; in Magento, where each family
 * of the shared catalogue becomes a configurable product before n8n starts, the configurable product's SKU; in Shopify,
 * whose catalogue Spartoo gets as a merchant listed it, a product with options by its handle; any other product its own
 * SKU) and size reference (the SKU). One size of each store's Spartoo catalogue is no longer valid there (-20):
 * Spartoo refuses it, and only it.
 *
 * Shopify is reached as `https://emulator-shop.myshopify.com` (see `shopifyHostEnvironment`).
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
} from '../../sandbox/emulators/index.mts';
import {
	emulatorCredentials,
	N8nInstance,
	nodeItems,
	REPO_ROOT,
	waitFor,
	type CredentialImport,
	type N8nServer,
	type RunExecutionData,
	type WorkflowJson,
} from '../../sandbox/n8n/index.mts';
import {
	adminSeed,
	adminState,
	describeExecutions,
	expectQuietAndSuccessful,
	httpsJson,
	merchantOffer,
	readTemplate,
	restCall,
	shopifyHostEnvironment,
	testCopy,
	type BolState,
} from './lifecycle-support.mts';
import { mfnQuantity, NL } from './amazon-support.mts';
import type { AmazonState } from './states.mts';
import { builtPackage, E2E_SEED } from './support.mts';
import type { ZalState } from './zalando-support.mts';
import { MIINTO_SHOP_DK, type MiintoState } from './miinto-support.mts';
import type { SpartooState } from './spartoo-support.mts';

const FIXTURES = path.join(REPO_ROOT, 'test', 'emulators', 'fixtures');

/** The Magento test copy's schedule (the template: every 15 minutes). */
const MAGENTO_POLL_SECONDS = 10;

/** What a store under test offers the test: its stock by SKU and a way to change it, as the merchant would. */
interface StoreUnderTest {
	key: 'Woo' | 'Mag' | 'Shp';
	title: string;
	service: 'woocommerce' | 'magento2' | 'shopify';
	template: string;
	credential(url: string): Omit<CredentialImport, 'id' | 'name'>;
	settings(url: string): Record<string, unknown>;
	/** How the test copy's Miinto lane identifies items (Settings miintoProductIdentification). */
	miintoBy: 'productId' | 'gtin';
	/** Trigger parameters of the live copy. */
	parameters?: Record<string, Record<string, unknown>>;
	/** The schedule trigger swapped for a manual start in the full-sync copy, if the template has a separate one. */
	fullSync?: string;
	/** The webhook topic the live copy registers, for stores with a webhook trigger. */
	webhookTopic?: string;
	webhooks?(url: string): Promise<Array<{ topic: string }>>;
	/** Managed stock by SKU (what the marketplaces should get). */
	stock(url: string): Promise<Map<string, number>>;
	/** The EAN of each managed SKU ('' without one), where the template reads it. */
	eans(url: string): Promise<Map<string, string>>;
	/** Removes the EAN of a product, as the merchant would in the store's admin. */
	clearEan(url: string, sku: string): Promise<void>;
	/** SKUs whose stock `setStock` can change, in a stable order (for the store's kinds of product). */
	changeable(url: string): Promise<string[]>;
	/** Sets the stock of SKUs as the merchant would in the store's admin (the API the store's own UI uses). */
	setStock(url: string, quantities: Map<string, number>): Promise<void>;
	/**
	 * For a store whose template sends Spartoo the stock: your product reference of each managed SKU at Spartoo (a size
	 * of a product: the product's SKU; any other: its own SKU), as the store has it.
	 */
	references?(url: string): Promise<Map<string, string>>;
	/** Makes the store's catalogue the one Spartoo has (sizes of one product), before n8n starts. */
	spartooCatalogue?(url: string, spartoo: SpartooStockState, spartooUrl: string): Promise<void>;
}

// ---------------------------------------------------------------- WooCommerce

interface WooStock {
	id: number;
	sku: string;
	type?: string;
	parent_id?: number;
	manage_stock: boolean;
	stock_quantity: number | null;
	meta_data: Array<{ key: string; value: unknown }>;
}
const wooState = async (url: string) =>
	await adminState<{ products: WooStock[]; variations: WooStock[] }>(url);
const woo = async (url: string, method: string, apiPath: string, body?: unknown) =>
	await restCall(
		method,
		`${url}/wp-json/wc/v3${apiPath}`,
		{
			authorization: `Basic ${Buffer.from(`${WOOCOMMERCE_CONSUMER_KEY}:${WOOCOMMERCE_CONSUMER_SECRET}`).toString('base64')}`,
		},
		body,
	);
/** The REST path of a simple product or a variation. */
const wooPath = (product: WooStock) =>
	product.parent_id
		? `/products/${product.parent_id}/variations/${product.id}`
		: `/products/${product.id}`;
const wooProduct = (state: { products: WooStock[]; variations: WooStock[] }, sku: string) =>
	[...state.products, ...state.variations].find((p) => p.sku === sku)!;

const WOOCOMMERCE: StoreUnderTest = {
	key: 'Woo',
	title: 'WooCommerce',
	service: 'woocommerce',
	template: 'stock-woocommerce-to-marketplaces.json',
	credential: (url) => ({
		type: 'wooCommerceApi',
		data: {
			url,
			consumerKey: WOOCOMMERCE_CONSUMER_KEY,
			consumerSecret: WOOCOMMERCE_CONSUMER_SECRET,
		},
	}),
	settings: (url) => ({ storeUrl: url, stockSettleSeconds: 2 }),
	miintoBy: 'productId',
	fullSync: 'Every Hour: Full Stock Sync',
	webhookTopic: 'product.updated',
	webhooks: async (url) => (await adminState<{ webhooks: Array<{ topic: string }> }>(url)).webhooks,
	stock: async (url) => {
		const state = await wooState(url);
		return new Map(
			[...state.products, ...state.variations]
				.filter((p) => p.manage_stock)
				.map((p) => [p.sku, Math.max(0, p.stock_quantity ?? 0)]),
		);
	},
	// the template's default eanMetaKey (the emulator has no global_unique_id)
	eans: async (url) => {
		const state = await wooState(url);
		return new Map(
			[...state.products, ...state.variations]
				.filter((p) => p.manage_stock)
				.map((p) => [p.sku, String(p.meta_data.find((m) => m.key === '_ean')?.value ?? '')]),
		);
	},
	// a null meta value deletes the meta entry
	clearEan: async (url, sku) => {
		await woo(url, 'PUT', wooPath(wooProduct(await wooState(url), sku)), {
			meta_data: [{ key: '_ean', value: null }],
		});
	},
	// a simple product and a variation first: the two ways the template reads a product
	changeable: async (url) => {
		const state = await wooState(url);
		const simple = state.products
			.filter((p) => p.type === 'simple' && p.manage_stock)
			.map((p) => p.sku);
		const variations = state.variations.filter((v) => v.manage_stock).map((v) => v.sku);
		return [...variations.slice(0, 1), ...simple, ...variations.slice(1)];
	},
	setStock: async (url, quantities) => {
		const state = await wooState(url);
		for (const [sku, quantity] of quantities)
			await woo(url, 'PUT', wooPath(wooProduct(state, sku)), { stock_quantity: quantity });
	},
	// a variation is a size of its variable product
	references: async (url) => {
		const state = await wooState(url);
		const parent = (p: WooStock) =>
			p.parent_id ? state.products.find((product) => product.id === p.parent_id)!.sku : p.sku;
		return new Map(
			[...state.products, ...state.variations]
				.filter((p) => p.manage_stock)
				.map((p) => [p.sku, parent(p)]),
		);
	},
};

// ---------------------------------------------------------------- Magento 2

interface MageState {
	products: Array<{
		id: number;
		sku: string;
		type_id: string;
		custom_attributes: Array<{ attribute_code: string; value: unknown }>;
		extension_attributes?: { configurable_product_links?: number[] };
	}>;
	salable: Record<string, number>;
}
/** The configurable product SKU of each child product's id. */
const mageParents = (state: MageState) =>
	new Map(
		state.products.flatMap((p) =>
			(p.extension_attributes?.configurable_product_links ?? []).map((id) => [id, p.sku] as const),
		),
	);
const mage = async (url: string, method: string, apiPath: string, body?: unknown) =>
	await restCall(
		method,
		`${url}/rest/default/V1${apiPath}`,
		{ authorization: `Bearer ${MAGENTO_INTEGRATION_TOKEN}` },
		body,
	);

const MAGENTO: StoreUnderTest = {
	key: 'Mag',
	title: 'Magento 2',
	service: 'magento2',
	template: 'stock-magento2-to-marketplaces.json',
	credential: (url) => ({
		type: 'magento2Api',
		data: { host: url, accessToken: MAGENTO_INTEGRATION_TOKEN },
	}),
	settings: (url) => ({ storeUrl: url }),
	miintoBy: 'productId',
	parameters: {
		'Every 15 Minutes: Stock': {
			rule: { interval: [{ field: 'seconds', secondsInterval: MAGENTO_POLL_SECONDS }] },
		},
	},
	stock: async (url) => {
		const state = await adminState<MageState>(url);
		return new Map(
			state.products
				.filter((p) => p.type_id === 'simple')
				.map((p) => [p.sku, Math.max(0, state.salable[p.sku])]),
		);
	},
	// the product attribute `ean`
	eans: async (url) =>
		new Map(
			(await adminState<MageState>(url)).products
				.filter((p) => p.type_id === 'simple')
				.map((p) => [
					p.sku,
					String(p.custom_attributes.find((a) => a.attribute_code === 'ean')?.value ?? ''),
				]),
		),
	clearEan: async (url, sku) => {
		await mage(url, 'PUT', `/products/${encodeURIComponent(sku)}`, {
			product: { sku, custom_attributes: [{ attribute_code: 'ean', value: '' }] },
		});
	},
	// a child of a configurable product first: the way a size reaches Spartoo
	changeable: async (url) => {
		const state = await adminState<MageState>(url);
		const parents = mageParents(state);
		const simple = state.products.filter((p) => p.type_id === 'simple');
		const children = simple.filter((p) => parents.has(p.id)).map((p) => p.sku);
		const others = simple.filter((p) => !parents.has(p.id)).map((p) => p.sku);
		return [...children.slice(0, 1), ...others, ...children.slice(1)];
	},
	// the source quantity; the salable quantity the template sends is that minus the open reservations
	setStock: async (url, quantities) => {
		await mage(url, 'POST', '/inventory/source-items', {
			sourceItems: [...quantities].map(([sku, quantity]) => ({
				sku,
				source_code: 'default',
				quantity,
				status: 1,
			})),
		});
	},
	// a child of a configurable product is a size of it
	references: async (url) => {
		const state = await adminState<MageState>(url);
		const parents = mageParents(state);
		return new Map(
			state.products
				.filter((p) => p.type_id === 'simple')
				.map((p) => [p.sku, parents.get(p.id) ?? p.sku]),
		);
	},
	// every Spartoo product of two or more sizes (a family of the shared catalogue) a configurable product, its sizes
	// its children, as a merchant's catalogue has it
	spartooCatalogue: async (url, spartoo) => {
		const simple = new Set(
			(await adminState<MageState>(url)).products
				.filter((p) => p.type_id === 'simple')
				.map((p) => p.sku),
		);
		const families = spartoo.products.filter(
			(product) =>
				product.sizes.length >= 2 && product.sizes.every((size) => simple.has(size.reference)),
		);
		if (families.length === 0) throw new Error('no Spartoo product of sizes the store has');
		for (const product of families) {
			await mage(url, 'POST', '/products', {
				product: {
					sku: product.reference,
					name: `Family ${product.reference}`,
					type_id: 'configurable',
					price: 0,
					visibility: 4,
				},
			});
			for (const size of product.sizes)
				await mage(
					url,
					'POST',
					`/configurable-products/${encodeURIComponent(product.reference)}/child`,
					{
						childSku: size.reference,
					},
				);
		}
	},
};

// ---------------------------------------------------------------- Shopify

interface ShopState {
	locations: Array<{ id: number }>;
	products: Array<{
		handle: string;
		variants: Array<{
			id: number;
			sku: string;
			option1: string | null;
			barcode: string | null;
			inventory_item_id: number;
			inventory_management: string | null;
		}>;
	}>;
	inventoryLevels: Array<{ inventory_item_id: number; location_id: number; available: number }>;
	webhooks: Array<{ topic: string }>;
}
let shopCa = '';
const shopState = async (url: string) =>
	(await httpsJson<{ state: ShopState }>('GET', `${url}/__admin/state`, { ca: shopCa })).state;
/** A product with options: its variants are sizes of it (Shopify's "Default Title" is the one variant of a product without). */
const shopSized = (product: ShopState['products'][number]) =>
	!(product.variants.length === 1 && product.variants[0].option1 === 'Default Title');
const shopVariants = (state: ShopState) =>
	state.products.flatMap((p) => p.variants).filter((v) => v.inventory_management === 'shopify');
const shopify = async (url: string, method: string, apiPath: string, body: unknown) =>
	await httpsJson(method, `${url}/admin/api/2024-07${apiPath}`, {
		ca: shopCa,
		headers: { 'x-shopify-access-token': SHOPIFY_ACCESS_TOKEN },
		body,
	});

const SHOPIFY: StoreUnderTest = {
	key: 'Shp',
	title: 'Shopify',
	service: 'shopify',
	template: 'stock-shopify-to-marketplaces.json',
	credential: () => ({
		type: 'shopifyAccessTokenApi',
		data: {
			shopSubdomain: 'emulator-shop',
			accessToken: SHOPIFY_ACCESS_TOKEN,
			appSecretKey: SHOPIFY_API_SECRET,
		},
	}),
	settings: () => ({ shopSubdomain: 'emulator-shop', stockSettleSeconds: 2 }),
	miintoBy: 'gtin',
	fullSync: 'Every Hour: Full Stock Sync',
	webhookTopic: 'inventory_levels/update',
	webhooks: async (url) => (await shopState(url)).webhooks,
	// available over all locations (the template's default: no locationId)
	stock: async (url) => {
		const state = await shopState(url);
		const available = (itemId: number) =>
			state.inventoryLevels
				.filter((l) => l.inventory_item_id === itemId)
				.reduce((sum, l) => sum + l.available, 0);
		return new Map(
			shopVariants(state).map((v) => [v.sku, Math.max(0, available(v.inventory_item_id))]),
		);
	},
	// the variant's barcode
	eans: async (url) =>
		new Map(shopVariants(await shopState(url)).map((v) => [v.sku, v.barcode ?? ''])),
	clearEan: async (url, sku) => {
		const variant = shopVariants(await shopState(url)).find((v) => v.sku === sku)!;
		await shopify(url, 'PUT', `/variants/${variant.id}.json`, {
			variant: { id: variant.id, barcode: '' },
		});
	},
	// a size of a product with options first: the way a size reaches Spartoo
	changeable: async (url) => {
		const state = await shopState(url);
		const sized = new Set(
			state.products.filter(shopSized).flatMap((product) => product.variants.map((v) => v.sku)),
		);
		const skus = shopVariants(state).map((v) => v.sku);
		return [
			...skus.filter((sku) => sized.has(sku)).slice(0, 1),
			...skus.filter((sku) => !sized.has(sku)),
			...skus.filter((sku) => sized.has(sku)).slice(1),
		];
	},
	// at the first location: the total is that plus the other locations' stock
	// a variant of a product with options is a size of that product, named by its handle (the template's default
	// spartooProductReference); a product without options is its own reference
	references: async (url) =>
		new Map(
			(await shopState(url)).products.flatMap((product) =>
				product.variants
					.filter((v) => v.inventory_management === 'shopify')
					.map((v) => [v.sku, shopSized(product) ? product.handle : v.sku] as const),
			),
		),
	// Spartoo has the shop's catalogue as a merchant listed it (a product with options by its handle); the last size
	// of the first product with two or more is no longer sold there (-20)
	spartooCatalogue: async (url, _spartoo, spartooUrl) => {
		const products = (await shopState(url)).products.filter((product) =>
			product.variants.some((v) => v.inventory_management === 'shopify'),
		);
		const family = products.find((product) => shopSized(product) && product.variants.length >= 2);
		if (!family) throw new Error('no Shopify product with two or more options');
		const retired = family.variants.at(-1)!.sku;
		await restCall('POST', `${spartooUrl}/__admin/reset`, {}, { empty: true });
		await adminSeed(spartooUrl, {
			products: products.map((product) =>
				shopSized(product)
					? {
							reference: product.handle,
							sizes: product.variants.map((size) => ({
								reference: size.sku,
								size: size.option1,
								quantity: 3,
								valid: size.sku !== retired,
							})),
						}
					: { reference: product.variants[0].sku, sizes: [{ quantity: 3 }] },
			),
		});
	},
	setStock: async (url, quantities) => {
		const state = await shopState(url);
		for (const [sku, quantity] of quantities) {
			const variant = shopVariants(state).find((v) => v.sku === sku)!;
			await shopify(url, 'POST', '/inventory_levels/set.json', {
				location_id: state.locations[0].id,
				inventory_item_id: variant.inventory_item_id,
				available: quantity,
			});
		}
	},
};

const STORES = [WOOCOMMERCE, MAGENTO, SHOPIFY];

// ---------------------------------------------------------------- the marketplaces of one store

/** The Zalando emulator's state the stock decides: its articles (by EAN), sales channels and stock per channel + EAN. */
type ZalandoStockState = Pick<ZalState, 'articles' | 'salesChannels' | 'stocks'>;

/** The Miinto emulator's state the stock decides: the shops' feeds and the stock set per location and identifier. */
type MiintoStockState = Pick<MiintoState, 'items' | 'stocks'>;

/** The Spartoo emulator's state the stock decides: its products with their sizes (stock per size). */
type SpartooStockState = Pick<SpartooState, 'products'>;

/**
 * Everything the marketplaces of one store hold that the store's stock decides (FBR offers, DEFAULT listings, Zalando,
 * Miinto and, for a store whose template sends it, Spartoo stock).
 */
interface Marketplaces {
	bol: BolState;
	amazon: AmazonState;
	zalando: ZalandoStockState;
	miinto: MiintoStockState;
	spartoo?: SpartooStockState;
}

interface Running {
	store: StoreUnderTest;
	emulators: RunningEmulators;
	url: string;
	bolUrl: string;
	amazonUrl: string;
	zalandoUrl: string;
	miintoUrl: string;
	/** Spartoo's emulator, for a store whose template sends Spartoo the stock (`references`). */
	spartooUrl?: string;
	live: string;
	sync: string;
	active: boolean;
	/** SKUs whose marketplace stock differed from the store's before n8n ran. */
	seedMismatches: number;
	/** The product whose EAN was removed before n8n ran (listed at bol and Amazon), and its EAN before that. */
	noEan: { sku: string; ean: string };
}

const marketplaces = async (run: Running): Promise<Marketplaces> => ({
	bol: await adminState<BolState>(run.bolUrl),
	amazon: await adminState<AmazonState>(run.amazonUrl),
	zalando: await adminState<ZalandoStockState>(run.zalandoUrl),
	miinto: await adminState<MiintoStockState>(run.miintoUrl),
	...(run.spartooUrl ? { spartoo: await adminState<SpartooStockState>(run.spartooUrl) } : {}),
});

/** A size at Spartoo, by your product reference and size reference (undefined: Spartoo has no such size). */
const spartooSize = (spartoo: SpartooStockState, reference: string, sku: string) =>
	spartoo.products
		.find((product) => product.reference === reference)
		?.sizes.find((size) => size.reference === sku);

/** The sizes Spartoo no longer sells (it refuses their stock: -20). */
const retiredSizes = (spartoo: SpartooStockState | undefined) =>
	(spartoo?.products ?? []).flatMap((product) =>
		product.sizes.filter((size) => !size.valid).map((size) => size.reference),
	);

/** Spartoo's refusal of a size it no longer sells (the update node's error names the size and the code). */
const refusedAsRetired = (retired: string[], error: unknown) =>
	String(error).includes('code -20') &&
	retired.some((sku) => String(error).includes(` size ${sku} `));

/** The emulator's field of a Miinto stock item by identification (your product id travels as `id`). */
const MIINTO_FIELD = { productId: 'id', gtin: 'gtin' } as const;

/** The identifier Miinto knows a product by in this store's test copy ('' by GTIN for a product without an EAN). */
const miintoIdentifier = (run: Running, sku: string, ean: string) =>
	run.store.miintoBy === 'gtin' ? ean : sku;

/** Miinto's stock of a product in the test shop (undefined: none set). */
const miintoQuantity = (run: Running, miinto: MiintoStockState, sku: string, ean: string) => {
	const identifier = miintoIdentifier(run, sku, ean);
	return miinto.stocks.find(
		(stock) =>
			stock.locationId === MIINTO_SHOP_DK &&
			stock.field === MIINTO_FIELD[run.store.miintoBy] &&
			stock.identifier === identifier,
	)?.stock;
};

/** Whether the test shop's feed has the product (by your product id or GTIN, as the test copy identifies it). */
const inMiintoFeed = (run: Running, miinto: MiintoStockState, sku: string, ean: string) => {
	const identifier = miintoIdentifier(run, sku, ean);
	return (
		identifier !== '' &&
		(miinto.items[MIINTO_SHOP_DK] ?? []).some((item) => item[run.store.miintoBy] === identifier)
	);
};

/** Zalando's stock of an EAN on each live sales channel, in channel order (undefined: none set on that channel). */
const zalandoQuantities = (zalando: ZalandoStockState, ean: string) =>
	zalando.salesChannels
		.filter((channel) => channel.live)
		.map(
			(channel) =>
				zalando.stocks.find(
					(stock) => stock.sales_channel_id === channel.sales_channel_id && stock.ean === ean,
				)?.quantity,
		);

/** EANs Zalando has an article for. */
const zalandoArticles = (zalando: ZalandoStockState) =>
	new Set(zalando.articles.map((article) => article.ean));

/** A SKU whose stock a marketplace does not have: the store's and each marketplace's. */
interface Mismatch {
	sku: string;
	store: number;
	bol?: number;
	amazon?: number;
	zalando?: unknown[];
	miinto?: number;
	spartoo?: number;
}

/**
 * SKUs of the store whose merchant-fulfilled bol offer, Amazon listing, (with an EAN) Zalando stock on a live sales
 * channel, Miinto stock in the test shop (by its identifier) or Spartoo size (by your product reference and size
 * reference; one Spartoo still sells) does not have the store's stock (bol: at most 999). `skus`: only these, and each
 * must be at every marketplace (a test SKU without them would prove nothing): a bol offer, an Amazon listing, an EAN
 * Zalando has an article for, an item of the Miinto shop's feed, a valid Spartoo size.
 */
async function mismatches(run: Running, skus?: string[]): Promise<Mismatch[]> {
	const [stock, eans, { bol, amazon, zalando, miinto, spartoo }] = [
		await run.store.stock(run.url),
		await run.store.eans(run.url),
		await marketplaces(run),
	];
	const references = (await run.store.references?.(run.url)) ?? new Map<string, string>();
	const articles = zalandoArticles(zalando);
	const found: Mismatch[] = [];
	for (const sku of skus ?? [...stock.keys()]) {
		const expected = stock.get(sku);
		const offer = merchantOffer(bol, sku)?.stock.amount;
		const listing = mfnQuantity(amazon, sku);
		const ean = eans.get(sku) ?? '';
		if (
			skus &&
			(expected === undefined ||
				offer === undefined ||
				listing === undefined ||
				!articles.has(ean) ||
				!inMiintoFeed(run, miinto, sku, ean) ||
				(spartoo && !spartooSize(spartoo, references.get(sku) ?? '', sku)?.valid))
		)
			throw new Error(`test SKU ${sku} is not in the store and at every marketplace`);
		if (expected === undefined) continue;
		const bolWrong = offer !== undefined && offer !== Math.min(999, expected);
		const amazonWrong = listing !== undefined && listing !== expected;
		// every live sales channel of the merchant (the template's salesChannelId is empty)
		const channels = ean ? zalandoQuantities(zalando, ean) : [];
		const zalandoWrong = channels.some((quantity) => quantity !== expected);
		// Miinto: every product it can be identified by (by GTIN: with an EAN)
		const miintoKnown = miintoIdentifier(run, sku, ean) !== '';
		const atMiinto = miintoQuantity(run, miinto, sku, ean);
		const miintoWrong = miintoKnown && atMiinto !== expected;
		// Spartoo: every size it still sells
		const size = spartoo && spartooSize(spartoo, references.get(sku) ?? '', sku);
		const spartooWrong = Boolean(size?.valid) && size!.quantity !== expected;
		if (bolWrong || amazonWrong || zalandoWrong || miintoWrong || spartooWrong)
			found.push({
				sku,
				store: expected,
				bol: offer,
				amazon: listing,
				...(ean ? { zalando: channels } : {}),
				...(miintoKnown ? { miinto: atMiinto } : {}),
				...(size ? { spartoo: size.quantity } : {}),
			});
	}
	return found;
}

/** SKUs of the store the marketplaces manage themselves (bol FBB offers, Amazon FBA listings), with their stock. */
function marketplaceManaged(stock: Map<string, number>, { bol, amazon }: Marketplaces) {
	const skus = [...stock.keys()];
	return {
		bol: new Map(
			bol.offers
				.filter(
					(offer) => offer.fulfilment.method === 'FBB' && skus.includes(offer.reference ?? ''),
				)
				.map((offer) => [offer.reference!, offer.stock.amount]),
		),
		amazon: new Map(
			amazon.listings
				.filter(
					(listing) =>
						listing.marketplaceId === NL &&
						skus.includes(listing.sku) &&
						mfnQuantity(amazon, listing.sku) === undefined,
				)
				.map((listing) => [
					listing.sku,
					listing.fulfillmentAvailability
						?.map((channel) => `${channel.fulfillmentChannelCode}=${channel.quantity}`)
						.join(','),
				]),
		),
	};
}

/**
 * Changeable SKUs at every marketplace: a bol offer, an Amazon listing, an EAN Zalando has an article for, an item of
 * the Miinto shop's feed and (Spartoo's stores) a size Spartoo sells.
 */
async function listedEverywhere(run: Running): Promise<string[]> {
	const { bol, amazon, zalando, miinto, spartoo } = await marketplaces(run);
	const [eans, articles] = [await run.store.eans(run.url), zalandoArticles(zalando)];
	const references = (await run.store.references?.(run.url)) ?? new Map<string, string>();
	return (await run.store.changeable(run.url)).filter(
		(sku) =>
			merchantOffer(bol, sku) &&
			mfnQuantity(amazon, sku) !== undefined &&
			articles.has(eans.get(sku) ?? '') &&
			inMiintoFeed(run, miinto, sku, eans.get(sku) ?? '') &&
			(!spartoo || spartooSize(spartoo, references.get(sku) ?? '', sku)?.valid),
	);
}

/** New stock for `count` changeable SKUs at every marketplace: a quantity none holds yet. */
async function pickChanges(
	run: Running,
	count: number,
	exclude: string[] = [],
	base = 200,
): Promise<Map<string, number>> {
	const skus = (await listedEverywhere(run)).filter((sku) => !exclude.includes(sku));
	if (skus.length < count)
		throw new Error(
			`the ${run.store.title} seed has only ${skus.length} SKUs listed at every marketplace`,
		);
	return new Map(skus.slice(0, count).map((sku, index) => [sku, base + 10 * index]));
}

/** The update nodes of the marketplaces (each goes on after a refused item: its execution still succeeds). */
const UPDATE_NODES = [
	'Bol: Update Stock',
	'Amazon: Update Stock',
	'Zalando: Update Stock',
	'Miinto: Update Stock',
	'Spartoo: Update Stock',
];

/**
 * The output items of every run of a node (none if it did not run): a node fed by two branches runs once for each
 * (WooCommerce: the simple products, then the variations).
 */
const allItems = (data: RunExecutionData, node: string) =>
	(data.resultData.runData[node] ?? []).flatMap((_, run) => nodeItems(data, node, { run }));

/** `waitFor`, and on a timeout the live workflow's recent executions in the message. */
async function eventually<T>(
	server: N8nServer,
	workflowId: string,
	what: string,
	probe: () => Promise<T | undefined>,
	timeoutMs: number,
): Promise<T> {
	try {
		return await waitFor(what, probe, timeoutMs, 500);
	} catch (error) {
		throw new Error(
			`${(error as Error).message}\n${await describeExecutions(server, workflowId).catch((e: Error) => e.message)}`,
		);
	}
}

// ---------------------------------------------------------------- one n8n, three stores

let instance: N8nInstance | undefined;
let server: N8nServer;
let tmp: string | undefined;
const running = new Map<string, Running>();

beforeAll(async () => {
	await builtPackage();
	const cert = path.join(FIXTURES, 'tls-cert.pem');
	shopCa = await readFile(cert, 'utf8');
	const key = await readFile(path.join(FIXTURES, 'tls-key.pem'), 'utf8');
	const credentials: CredentialImport[] = [];
	const workflows: WorkflowJson[] = [];
	for (const store of STORES) {
		const emulators = await startEmulators({
			services: [
				'bol',
				'amazon',
				'zalando',
				'miinto',
				...(store.references ? (['spartoo'] as const) : []),
				store.service,
			],
			seed: E2E_SEED,
			timeScale: 60,
			...(store.service === 'shopify' ? { tls: { shopify: { cert: shopCa, key } } } : {}),
		});
		const urls = emulators.urls as Record<string, string>;
		const run: Running = {
			store,
			emulators,
			url: urls[store.service],
			bolUrl: urls.bol,
			amazonUrl: urls.amazon,
			zalandoUrl: urls.zalando,
			miintoUrl: urls.miinto,
			...(store.references ? { spartooUrl: urls.spartoo } : {}),
			live: `e2eStk${store.key}Live001`,
			sync: `e2eStk${store.key}Sync001`,
			active: false,
			seedMismatches: 0,
			noEan: { sku: '', ean: '' },
		};
		running.set(store.key, run);
		// the shared catalogue: every EAN of the store is a Zalando article
		const { zalando, spartoo } = await marketplaces(run);
		if (spartoo) await store.spartooCatalogue?.(run.url, spartoo, run.spartooUrl!);
		const eans = await store.eans(run.url);
		const unknown = [...eans].filter(([, ean]) => !zalandoArticles(zalando).has(ean));
		if (eans.size === 0 || unknown.length > 0)
			throw new Error(
				`the ${store.title} EANs are not Zalando's articles: ${JSON.stringify(unknown)}`,
			);
		// one product without an EAN, the last one at every marketplace (the tests change the first ones)
		const sku = (await listedEverywhere(run)).at(-1)!;
		run.noEan = { sku, ean: eans.get(sku)! };
		await store.clearEan(run.url, sku);
		expect((await store.eans(run.url)).get(sku)).toBe('');
		run.seedMismatches = (await mismatches(run)).length;
		// the emulator credentials, with ids of this store's (each store has its own marketplaces)
		const market = await emulatorCredentials({
			bol: run.bolUrl,
			amazon: run.amazonUrl,
			zalando: run.zalandoUrl,
			miinto: run.miintoUrl,
			...(run.spartooUrl ? { spartoo: run.spartooUrl } : {}),
		});
		const own = (type: string, suffix: string) => ({
			id: `e2eStk${store.key}${suffix}Cred`.padEnd(16, '0'),
			name: `${store.title}: ${type}`,
		});
		const suffixes: Record<string, string> = {
			bolRetailerApi: 'Bol',
			amazonSellingPartnerApi: 'Amz',
			zalandoZDirectApi: 'Zal',
			miintoApi: 'Mii',
			spartooApi: 'Spa',
		};
		const byType: Record<string, { id: string; name: string }> = {};
		for (const credential of market.credentials) {
			byType[credential.type] = own(credential.type, suffixes[credential.type]);
			credentials.push({ ...credential, ...byType[credential.type] });
		}
		const storeCredential = store.credential(run.url);
		byType[storeCredential.type] = own(storeCredential.type, 'Sto');
		credentials.push({ ...storeCredential, ...byType[storeCredential.type] });

		const template = await readTemplate(store.template);
		// Miinto is off in the template until its shop is set; Spartoo (in preview) until switched on
		const settings = {
			...store.settings(run.url),
			miintoEnabled: true,
			shopId: MIINTO_SHOP_DK,
			miintoProductIdentification: store.miintoBy,
			...(run.spartooUrl ? { spartooEnabled: true } : {}),
		};
		workflows.push(
			testCopy(template, {
				id: run.live,
				name: `e2e: ${store.template} (live)`,
				credentials: byType,
				settings,
				parameters: store.parameters,
			}),
		);
		if (store.fullSync) {
			workflows.push(
				testCopy(template, {
					id: run.sync,
					name: `e2e: ${store.template} (full sync, manual start)`,
					credentials: byType,
					settings,
					manualStart: {
						[store.fullSync]: { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
					},
				}),
			);
		}
	}
	tmp = await mkdtemp(path.join(os.tmpdir(), 'mps-stock-'));
	const env = await shopifyHostEnvironment({
		dir: tmp,
		port: Number(new URL(running.get('Shp')!.url).port),
		certFile: cert,
	});
	instance = await N8nInstance.create({ packageDir: REPO_ROOT, env });
	await instance.importCredentials(credentials);
	await instance.importWorkflows(workflows);
	server = await instance.start();
});

afterAll(async () => {
	await instance?.dispose();
	for (const run of running.values()) await run.emulators.stop();
	if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Activates the store's live copy (and waits for its webhook registration); deactivated after the store's tests. */
function liveWorkflow(key: StoreUnderTest['key']): () => Running {
	let run: Running | undefined;
	beforeAll(async () => {
		run = running.get(key)!;
		await server.activateWorkflow(run.live);
		run.active = true;
		const { store, url } = run;
		if (store.webhooks) {
			const hooks = await waitFor(
				`the ${store.title} webhook`,
				async () => {
					const found = await store.webhooks!(url);
					return found.length > 0 ? found : undefined;
				},
				60_000,
			);
			expect(hooks.map((hook) => hook.topic)).toEqual([store.webhookTopic]);
		}
	});
	afterAll(async () => {
		if (run?.active) await deactivate(run);
	});
	return () => run!;
}

async function deactivate(run: Running): Promise<void> {
	await server.deactivateWorkflow(run.live);
	run.active = false;
}

/**
 * What the update nodes refused in these executions (`nodes`: default every marketplace's), but Spartoo's refusals of
 * the `retired` sizes (it no longer sells them: a run sends them with the other sizes of their product).
 */
async function refusals(
	executions: Array<{ id: string }>,
	nodes = UPDATE_NODES,
	retired: string[] = [],
): Promise<Array<{ node: string; json: unknown }>> {
	const found: Array<{ node: string; json: unknown }> = [];
	for (const execution of executions) {
		const data = (await server.getExecution(execution.id)).data;
		for (const node of nodes)
			for (const item of allItems(data, node))
				if (
					item.json.error &&
					!(node === 'Spartoo: Update Stock' && refusedAsRetired(retired, item.json.error))
				)
					found.push({ node, json: item.json });
	}
	return found;
}

/**
 * Spartoo's results in these executions for the changed SKUs: each set to the store's stock now, as a size of the
 * product the store makes it one of (`reference`); and at least one of them a size of another product (a variation, a
 * configurable product's child).
 */
async function expectSpartooSizes(
	run: Running,
	executions: Array<{ id: string }>,
	skus: string[],
): Promise<void> {
	const [references, stock] = [
		await run.store.references!(run.url),
		await run.store.stock(run.url),
	];
	const results: Array<Record<string, unknown>> = [];
	for (const execution of executions)
		for (const item of allItems(
			(await server.getExecution(execution.id)).data,
			'Spartoo: Update Stock',
		))
			results.push(item.json);
	for (const sku of skus)
		expect(results.filter((result) => result.sizeReference === sku)).toContainEqual(
			expect.objectContaining({
				reference: references.get(sku),
				quantity: stock.get(sku),
				success: true,
			}),
		);
	expect(skus.some((sku) => references.get(sku) !== sku)).toBe(true);
}

/**
 * The stock change test of a store with a webhook trigger: the webhook executions bring it to every marketplace
 * (Zalando: by EAN, on every live sales channel; Miinto: by the store's identification, in the test shop).
 */
async function webhookStockChange(run: Running): Promise<void> {
	const changes = await pickChanges(run, 2);
	const skus = [...changes.keys()];
	const before = await marketplaces(run);
	await run.store.setStock(run.url, changes);
	await eventually(
		server,
		run.live,
		'every marketplace with the new stock',
		async () => ((await mismatches(run, skus)).length === 0 ? true : undefined),
		60_000,
	);
	const executions = await expectQuietAndSuccessful(server, run.live);
	expect(executions.length).toBeGreaterThanOrEqual(1);
	expect(executions.every((execution) => execution.mode === 'webhook')).toBe(true);
	// the update nodes go on after a refused item (their execution still succeeds): none may have been refused (but a
	// size Spartoo no longer sells, sent with the other sizes of its product)
	expect(await refusals(executions, UPDATE_NODES, retiredSizes(before.spartoo))).toEqual([]);
	if (run.spartooUrl) await expectSpartooSizes(run, executions, skus);
	const [after, eans] = [await marketplaces(run), await run.store.eans(run.url)];
	const references = (await run.store.references?.(run.url)) ?? new Map<string, string>();
	const channels = after.zalando.salesChannels.filter((channel) => channel.live);
	expect(channels.length).toBeGreaterThan(1);
	for (const [sku, quantity] of changes) {
		const ean = eans.get(sku)!;
		expect(merchantOffer(after.bol, sku)?.stock.amount).toBe(quantity);
		expect(mfnQuantity(after.amazon, sku)).toBe(quantity);
		expect(zalandoQuantities(after.zalando, ean)).toEqual(channels.map(() => quantity));
		expect(miintoQuantity(run, after.miinto, sku, ean)).toBe(quantity);
		const reference = references.get(sku) ?? '';
		if (after.spartoo) expect(spartooSize(after.spartoo, reference, sku)?.quantity).toBe(quantity);
		// what a test run can prove only if the marketplaces did not have it already
		expect(
			merchantOffer(before.bol, sku)?.stock.amount === quantity &&
				mfnQuantity(before.amazon, sku) === quantity &&
				zalandoQuantities(before.zalando, ean).every((known) => known === quantity) &&
				miintoQuantity(run, before.miinto, sku, ean) === quantity &&
				(!before.spartoo || spartooSize(before.spartoo, reference, sku)?.quantity === quantity),
		).toBe(false);
	}
}

/**
 * The hourly full sync, from its manual-start copy (live copy off: no webhook changes anything meanwhile): store
 * stock changed without a webhook, and the seed's differences, all reach every marketplace; bol FBB offers and
 * Amazon FBA listings keep the marketplace's stock; Zalando gets every product with an EAN (on every live sales
 * channel) and refuses none, and the product without an EAN is skipped (bol and Amazon still get it); Miinto gets every
 * product it can identify (by your product id: all; by GTIN: those with an EAN), each once, and refuses none; Spartoo
 * gets every product as a size of its product (the one without an EAN too) and refuses only the
 * sizes it no longer sells.
 */
async function fullSync(run: Running): Promise<void> {
	await deactivate(run);
	const changes = await pickChanges(run, 3, [run.noEan.sku], 300);
	await run.store.setStock(run.url, new Map([...changes, [run.noEan.sku, 400]]));
	const [stock, eans] = [await run.store.stock(run.url), await run.store.eans(run.url)];
	const before = await marketplaces(run);
	expect((await mismatches(run)).length).toBeGreaterThanOrEqual(3);

	const execution = await instance!.execute(run.sync);
	expect(execution.error).toBeUndefined();
	expect(await mismatches(run)).toEqual([]);
	// every SKU was sent; only those the marketplace manages itself were refused
	const sent = (node: string) => allItems(execution.run.data, node);
	const refused = (node: string) =>
		sent(node)
			.filter((item) => item.json.error)
			.map((item) => `${String(item.json.error)} ${String(item.json.errorDescription ?? '')}`);
	const skus = [...stock.keys()];
	expect(skus.length).toBeGreaterThan(10);
	expect(sent('Bol: Update Stock')).toHaveLength(skus.length);
	expect(sent('Amazon: Update Stock')).toHaveLength(skus.length);
	expect(refused('Bol: Update Stock')).toHaveLength(
		skus.filter((sku) => !merchantOffer(before.bol, sku)).length,
	);
	expect(refused('Amazon: Update Stock')).toHaveLength(
		skus.filter((sku) => mfnQuantity(before.amazon, sku) === undefined).length,
	);
	// Zalando: every product with an EAN, once, none refused; the one without is not sent (not an error either)
	expect(eans.get(run.noEan.sku)).toBe('');
	const withEan = skus.filter((sku) => eans.get(sku));
	expect(withEan).toHaveLength(skus.length - 1);
	expect(
		sent('Zalando: Update Stock')
			.map((item) => String(item.json.ean))
			.sort(),
	).toEqual(withEan.map((sku) => eans.get(sku)!).sort());
	expect(refused('Zalando: Update Stock')).toEqual([]);
	// Miinto: by your product id every SKU, by GTIN every EAN; each an item of the shop's feed, none refused
	const byGtin = run.store.miintoBy === 'gtin';
	expect(
		sent('Miinto: Update Stock')
			.map((item) => String(item.json[run.store.miintoBy]))
			.sort(),
	).toEqual((byGtin ? withEan.map((sku) => eans.get(sku)!) : skus).sort());
	expect(refused('Miinto: Update Stock')).toEqual([]);
	const after = await marketplaces(run);
	const shopStock = after.miinto.stocks.filter((entry) => entry.locationId === MIINTO_SHOP_DK);
	expect(shopStock).toHaveLength(byGtin ? withEan.length : skus.length);
	expect(shopStock.filter((entry) => !entry.known)).toEqual([]);
	expect(merchantOffer(after.bol, run.noEan.sku)?.stock.amount).toBe(400);
	expect(mfnQuantity(after.amazon, run.noEan.sku)).toBe(400);
	expect(zalandoQuantities(after.zalando, run.noEan.ean).every((q) => q === undefined)).toBe(true);
	expect(miintoQuantity(run, after.miinto, run.noEan.sku, byGtin ? run.noEan.ean : '')).toBe(
		byGtin ? undefined : 400,
	);
	if (run.spartooUrl) {
		// Spartoo: every product once, as a size of its product; refused: only the sizes it no longer sells
		const references = await run.store.references!(run.url);
		const results = sent('Spartoo: Update Stock').map((item) => item.json);
		const succeeded = results.filter((result) => result.success === true);
		const retired = skus.filter((sku) => retiredSizes(before.spartoo).includes(sku));
		expect(retired.length).toBeGreaterThan(0);
		expect(results).toHaveLength(skus.length);
		expect(succeeded.map((result) => String(result.sizeReference)).sort()).toEqual(
			skus.filter((sku) => !retired.includes(sku)).sort(),
		);
		for (const result of succeeded)
			expect(result.reference).toBe(references.get(String(result.sizeReference)));
		expect(succeeded.some((result) => result.reference !== result.sizeReference)).toBe(true);
		expect(
			refused('Spartoo: Update Stock').map((error) => refusedAsRetired(retired, error)),
		).toEqual(retired.map(() => true));
		const noEanReference = references.get(run.noEan.sku)!;
		expect(spartooSize(after.spartoo!, noEanReference, run.noEan.sku)?.quantity).toBe(400);
	}
	const managedBefore = marketplaceManaged(stock, before);
	expect(managedBefore.bol.size + managedBefore.amazon.size).toBeGreaterThan(0);
	expect(marketplaceManaged(stock, after)).toEqual(managedBefore);
}

describe('stock: WooCommerce -> Bol.com, Amazon, Zalando, Miinto and Spartoo', () => {
	const live = liveWorkflow('Woo');

	it('a product saved in WooCommerce (a simple product, a variation) reaches the bol offer, the Amazon listing, every Zalando sales channel, the Miinto shop (by SKU) and Spartoo (a variation as a size of its parent)', async () => {
		await webhookStockChange(live());
	});

	it('the hourly full sync (from a manual start) sends the whole catalogue to every marketplace (Zalando: what has an EAN; Spartoo: per size)', async () => {
		await fullSync(live());
	});
});

describe('stock: Magento 2 -> Bol.com, Amazon, Zalando, Miinto and Spartoo', () => {
	const live = liveWorkflow('Mag');

	it('the scheduled run sends every product to every marketplace (Spartoo: a child of a configurable product as a size of it); a stock change in Magento follows on a later run', async () => {
		const run = live();
		expect(run.seedMismatches).toBeGreaterThan(0);
		await eventually(
			server,
			run.live,
			'every product at every marketplace',
			async () => ((await mismatches(run)).length === 0 ? true : undefined),
			60_000,
		);
		const changes = await pickChanges(run, 2);
		await run.store.setStock(run.url, changes);
		const skus = [...changes.keys()];
		expect((await mismatches(run, skus)).length).toBe(2);
		await eventually(
			server,
			run.live,
			'every marketplace with the new stock',
			async () => ((await mismatches(run, skus)).length === 0 ? true : undefined),
			60_000,
		);
		const executions = await expectQuietAndSuccessful(server, run.live);
		expect(await mismatches(run)).toEqual([]);
		// bol and Amazon refuse the stock they manage themselves; Zalando and Miinto refuse nothing, Spartoo only the
		// sizes it no longer sells
		const retired = retiredSizes((await marketplaces(run)).spartoo);
		expect(retired.length).toBeGreaterThan(0);
		expect(
			await refusals(
				executions,
				['Zalando: Update Stock', 'Miinto: Update Stock', 'Spartoo: Update Stock'],
				retired,
			),
		).toEqual([]);
		// a change of a configurable product's child reached Spartoo as a size of it
		await expectSpartooSizes(run, executions, skus);
	});

	it('a stock a marketplace accepted is not sent again: a run with nothing changed retries only what was refused', async () => {
		const run = live();
		const [seen] = await expectQuietAndSuccessful(server, run.live);
		const next = await eventually(
			server,
			run.live,
			'the next scheduled run',
			async () => {
				const [latest] = await server.listExecutions({ workflowId: run.live }, 1);
				return latest && Number(latest.id) > Number(seen.id) && latest.stoppedAt
					? latest
					: undefined;
			},
			60_000,
		);
		expect(next.status).toBe('success');
		const data = (await server.getExecution(next.id)).data;
		const [stock, eans] = [await run.store.stock(run.url), await run.store.eans(run.url)];
		const { bol, amazon, spartoo } = await marketplaces(run);
		// refused: bol FBB offers and Amazon FBA listings (read-only stock); everything else was remembered
		const refusedByBol = [...stock.keys()].filter((sku) => !merchantOffer(bol, sku)).sort();
		const refusedByAmazon = [...stock.keys()]
			.filter((sku) => mfnQuantity(amazon, sku) === undefined)
			.sort();
		expect(refusedByBol.length + refusedByAmazon.length).toBeGreaterThan(0);
		// Zalando refused nothing: only the product without an EAN is never remembered (and never sent)
		const withoutEan = [...stock.keys()].filter((sku) => !eans.get(sku));
		expect(withoutEan).toEqual([run.noEan.sku]);
		const skus = (node: string) =>
			allItems(data, node)
				.map((item) => String(item.json.sku))
				.sort();
		expect(skus('Only Changed for Bol')).toEqual(refusedByBol);
		expect(skus('Only Changed for Amazon')).toEqual(refusedByAmazon);
		expect(skus('Only Changed for Zalando')).toEqual(withoutEan);
		// Miinto (by your product id) got and remembered every product, the one without an EAN too
		expect(skus('Only Changed for Miinto')).toEqual([]);
		// Spartoo remembered every size but those it no longer sells (refused again)
		const retired = [...stock.keys()].filter((sku) => retiredSizes(spartoo).includes(sku)).sort();
		expect(retired.length).toBeGreaterThan(0);
		expect(skus('Only Changed for Spartoo')).toEqual(retired);
		for (const node of ['Bol: Update Stock', 'Amazon: Update Stock']) {
			expect(
				allItems(data, node)
					.filter((item) => !item.json.error)
					.map((item) => item.json),
			).toEqual([]);
		}
		expect(allItems(data, 'Zalando: Update Stock')).toEqual([]);
		expect(allItems(data, 'Miinto: Update Stock')).toEqual([]);
		expect(
			allItems(data, 'Spartoo: Update Stock').map((item) =>
				refusedAsRetired(retired, item.json.error),
			),
		).toEqual(retired.map(() => true));
		await expectQuietAndSuccessful(server, run.live);
	});
});

describe('stock: Shopify -> Bol.com, Amazon, Zalando, Miinto and Spartoo', () => {
	const live = liveWorkflow('Shp');

	it('an inventory change in Shopify reaches the bol offer, the Amazon listing, every Zalando sales channel, the Miinto shop (by the variant barcode) and Spartoo (a variant as a size of its product, by handle)', async () => {
		await webhookStockChange(live());
	});

	it('the hourly full sync (from a manual start) sends every variant to all five (Zalando and Miinto: what has a barcode; Spartoo: each as a size of its product)', async () => {
		await fullSync(live());
	});
});
