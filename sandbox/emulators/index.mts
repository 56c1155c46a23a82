import { amazonService } from './amazon/index.mts';
import { bolService } from './bol/index.mts';
import { attemptAsync } from './core/attempt.mts';
import { EmulatedClock } from './core/clock.mts';
import { assertLoopback, startService, type RunningService } from './core/server.mts';
import type { ServiceFactory } from './core/service.mts';
import { magento2Service } from './magento2/index.mts';
import { miintoService } from './miinto/index.mts';
import { shopifyService } from './shopify/index.mts';
import { spartooService } from './spartoo/index.mts';
import { wooCommerceService } from './woocommerce/index.mts';
import { zalandoService } from './zalando/index.mts';

export type ServiceName =
	| 'bol'
	| 'amazon'
	| 'shopify'
	| 'woocommerce'
	| 'magento2'
	| 'zalando'
	| 'miinto'
	| 'spartoo';

export const SERVICE_NAMES: readonly ServiceName[] = [
	'bol',
	'shopify',
	'woocommerce',
	'magento2',
	'amazon',
	'zalando',
	'miinto',
	'spartoo',
];

export interface EmulatorOptions {
	services?: ServiceName[]; // default: all
	host?: string; // default '127.0.0.1' (never anything but loopback)
	ports?: Partial<Record<ServiceName, number>>; // omitted or 0: a free port
	timeScale?: number; // 1 = real time; 60 = one emulated minute per real second
	rateLimits?: boolean; // default true: the documented per-endpoint profile
	validateRequests?: boolean; // default true: requests checked against the official spec
	seed?: number; // seed data generator seed
}

/** Optional extras beyond the ARCHITECTURE.md contract. */
export interface EmulatorExtras {
	/** Serve a service over HTTPS (PEM cert + key), e.g. Shopify reached as https://<shop>.myshopify.com. */
	tls?: Partial<Record<ServiceName, { cert: string | Buffer; key: string | Buffer }>>;
	/** Emulators check their own responses against the spec (bol) and answer 500 on a mismatch. */
	validateResponses?: boolean;
}

export interface RunningEmulators {
	/** Base URL of each started service (services not started are absent). */
	urls: Record<ServiceName, string>;
	stop(): Promise<void>;
}

export interface EmulatorHandles {
	/** The shared emulated clock of all services. */
	clock: EmulatedClock;
	/** Per-service handles (definition, port, stop). */
	services: Partial<Record<ServiceName, RunningService>>;
}

const FACTORIES: Record<ServiceName, () => ServiceFactory> = {
	bol: () => bolService(),
	amazon: () => amazonService(),
	shopify: () => shopifyService(),
	woocommerce: () => wooCommerceService(),
	magento2: () => magento2Service(),
	zalando: () => zalandoService(),
	miinto: () => miintoService(),
	spartoo: () => spartooService(),
};

/** Starts the emulators, each on its own loopback port, sharing one emulated clock. */
export async function startEmulators(
	options: EmulatorOptions & EmulatorExtras = {},
): Promise<RunningEmulators & EmulatorHandles> {
	const host = options.host ?? '127.0.0.1';
	assertLoopback(host);
	const names = options.services ?? [...SERVICE_NAMES];
	const unknown = names.filter((name) => !SERVICE_NAMES.includes(name));
	if (unknown.length > 0) throw new Error(`unknown emulator service(s): ${unknown.join(', ')}`);
	const clock = new EmulatedClock({ timeScale: options.timeScale ?? 1 });
	const services: Partial<Record<ServiceName, RunningService>> = {};
	const urls = {} as Record<ServiceName, string>;
	const stopAll = async () => {
		await Promise.all(Object.values(services).map((service) => service.stop()));
	};
	for (const name of names) {
		const started = await attemptAsync(() =>
			startService(FACTORIES[name](), {
				host,
				port: options.ports?.[name] ?? 0,
				clock,
				rateLimits: options.rateLimits,
				validateRequests: options.validateRequests,
				validateResponses: options.validateResponses,
				seed: options.seed,
				tls: options.tls?.[name],
			}),
		);
		if (!started.ok) {
			await stopAll();
			throw started.error;
		}
		services[name] = started.value;
		urls[name] = started.value.url;
	}
	return { urls, clock, services, stop: stopAll };
}

export { BOL_DEFAULT_CLIENT_ID, BOL_DEFAULT_CLIENT_SECRET, bolService } from './bol/index.mts';
export {
	AMAZON_DEFAULT_CLIENT_ID,
	AMAZON_DEFAULT_CLIENT_SECRET,
	AMAZON_DEFAULT_REFRESH_TOKEN,
	AMAZON_DEFAULT_SELLER_ID,
	amazonEmulatorAccessToken,
	amazonService,
} from './amazon/index.mts';
export {
	MAGENTO_ADMIN_PASSWORD,
	MAGENTO_ADMIN_USERNAME,
	MAGENTO_INTEGRATION_TOKEN,
	magento2Service,
} from './magento2/index.mts';
export {
	SHOPIFY_ACCESS_TOKEN,
	SHOPIFY_API_SECRET,
	SHOPIFY_SHOP_DOMAIN,
	shopifyService,
} from './shopify/index.mts';
export {
	WOOCOMMERCE_CONSUMER_KEY,
	WOOCOMMERCE_CONSUMER_SECRET,
	wooCommerceService,
} from './woocommerce/index.mts';
export {
	ZALANDO_DEFAULT_CLIENT_ID,
	ZALANDO_DEFAULT_CLIENT_SECRET,
	ZALANDO_DEFAULT_MERCHANT_ID,
	ZALANDO_SALES_CHANNEL_DE,
	ZALANDO_SALES_CHANNEL_FR,
	ZALANDO_SALES_CHANNEL_NL,
	zalandoService,
} from './zalando/index.mts';
export {
	MIINTO_DEFAULT_PASSWORD,
	MIINTO_DEFAULT_USERNAME,
	MIINTO_SHOP_DK,
	MIINTO_SHOP_SE,
	miintoService,
} from './miinto/index.mts';
export {
	SPARTOO_DEFAULT_PARTNER_KEY,
	SPARTOO_SCRIPTS,
	generateSpartooSeed,
	spartooService,
} from './spartoo/index.mts';
export { startService, type RunningService, type StartServiceOptions } from './core/server.mts';
