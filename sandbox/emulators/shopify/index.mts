import { CredentialSet, asBody } from '../commerce.mts';
import { translateError } from '../core/attempt.mts';
import {
	headerValue,
	type EmulatorRequest,
	type EmulatorResponse,
	type Principal,
} from '../core/http.mts';
import type { RateLimitProfile } from '../core/rate-limit.mts';
import {
	SeedError,
	type ServiceContext,
	type ServiceDefinition,
	type ServiceFactory,
} from '../core/service.mts';
import { SHOPIFY_API_VERSION } from './constants.mts';
import type { ShopifyContext, ShopifySettings } from './context.mts';
import { CursorFilters, errors } from './http.mts';
import { gid, iso, shopifyPresenters } from './present.mts';
import { fulfillmentRoutes } from './routes/fulfillments.mts';
import { inventoryRoutes } from './routes/inventory.mts';
import { orderRoutes } from './routes/orders.mts';
import { productRoutes } from './routes/products.mts';
import { metafieldRoutes } from './routes/metafields.mts';
import { refundRoutes } from './routes/refunds.mts';
import { shopRoutes } from './routes/shop.mts';
import { shopifyEmitter, webhookRoutes } from './routes/webhooks.mts';
import { addLocations, seedShop } from './seed.mts';
import { ShopifyError, ShopifyStore, type Order } from './store.mts';

export { SHOPIFY_API_VERSION } from './constants.mts';

export const SHOPIFY_ACCESS_TOKEN = 'shpat_emulator_access_token';
export const SHOPIFY_API_SECRET = 'shopify-emulator-app-secret';
export const SHOPIFY_API_KEY = 'shopify-emulator-api-key';
export const SHOPIFY_SHOP_DOMAIN = 'emulator-shop.myshopify.com';

/** Shopify's standard REST limit: a bucket of 40 calls that leaks 2 per second, per app and shop. */
export const SHOPIFY_RATE_LIMITS: RateLimitProfile = {
	description: 'Shopify Admin REST: leaky bucket per app (standard plan: 40 requests, 2/s)',
	rules: [
		{
			id: 'admin-rest',
			path: '/admin/api/**',
			limit: 40,
			algorithm: 'leaky-bucket',
			leakPerSecond: 2,
			verified: true,
			source: 'shopify.dev REST Admin API rate limits (standard plan)',
		},
	],
};

export interface ShopifyOptions {
	accessToken?: string;
	/** Signs webhooks (`X-Shopify-Hmac-Sha256`): the app's API secret key (n8n credential `appSecretKey`). */
	apiSecret?: string;
	apiKey?: string;
	shopDomain?: string;
}

/** Shopify Admin REST API (`/admin/api/{version}/...json`), reachable under any Host header; HTTPS via the tls option. */
export function shopifyService(options: ShopifyOptions = {}): ServiceFactory {
	return (ctx: ServiceContext): ServiceDefinition => {
		const token = options.accessToken ?? SHOPIFY_ACCESS_TOKEN;
		const apiSecret = options.apiSecret ?? SHOPIFY_API_SECRET;
		const apiKey = options.apiKey ?? SHOPIFY_API_KEY;
		const shopDomain = options.shopDomain ?? SHOPIFY_SHOP_DOMAIN;
		const credentials = new CredentialSet(() => [token]);
		const settings: ShopifySettings = { allowHttpWebhookAddress: true, defaultSeedOrders: 5 };
		const now = () => ctx.clock.now();
		const store: ShopifyStore = new ShopifyStore(ctx.webhooks, (itemId, locationId) => {
			const level = store.levels.get(itemId)?.get(locationId);
			if (level)
				emit('inventory_levels/update', {
					inventory_item_id: itemId,
					location_id: locationId,
					available: level.available,
					updated_at: iso(level.updated_at),
					admin_graphql_api_id: gid('InventoryLevel', itemId),
				});
		});

		const present = shopifyPresenters(store, now);
		const {
			presentFulfillmentOrder,
			presentLevel,
			presentLocation,
			presentOrder,
			presentProduct,
			presentWebhook,
		} = present;
		const emit = shopifyEmitter(store, { apiSecret, shopDomain, now });
		const orderEvents = (order: Order, ...topics: string[]) =>
			topics.forEach((t) => emit(t, presentOrder(order)));
		const cursors = new CursorFilters();
		const s: ShopifyContext = {
			ctx,
			store,
			settings,
			shopDomain,
			now,
			present,
			emit,
			orderEvents,
			cursors,
		};
		// Registration order matters (first match wins): each module lists its specific paths first.
		const routes = [
			...shopRoutes(s),
			...inventoryRoutes(s),
			...productRoutes(s),
			...orderRoutes(s),
			...fulfillmentRoutes(s),
			...refundRoutes(s),
			...metafieldRoutes(s),
			...webhookRoutes(s),
		];

		function authenticate(req: EmulatorRequest): Principal | EmulatorResponse {
			let presented = headerValue(req, 'x-shopify-access-token');
			const basic = /^Basic\s+(\S+)$/i.exec(headerValue(req, 'authorization') ?? '')?.[1];
			if (!presented && basic) {
				const [user, pass] = Buffer.from(basic, 'base64').toString('utf8').split(':');
				if (user === apiKey) presented = pass;
			}
			if (credentials.check(presented) !== 'ok')
				return errors(
					401,
					'[API] Invalid API key or access token (unrecognized login or wrong password)',
				);
			return { id: shopDomain, credential: presented };
		}

		return {
			name: 'shopify',
			routes,
			rateLimitProfile: SHOPIFY_RATE_LIMITS,
			info: () => ({
				baseUrl: ctx.url(),
				apiRoot: `${ctx.url()}/admin/api/${SHOPIFY_API_VERSION}`,
				shopDomain,
				accessToken: token,
				apiSecret,
				apiKey,
				credential: {
					shopSubdomain: shopDomain.replace(/\.myshopify\.com$/, ''),
					accessToken: token,
					appSecretKey: apiSecret,
				},
			}),
			state: {
				settings,
				snapshot: () => ({
					locations: store.locations.map(presentLocation),
					products: [...store.products.values()].map(presentProduct),
					inventoryLevels: [...store.levels.entries()].flatMap(([itemId, m]) =>
						[...m.keys()].map((locationId) => presentLevel(itemId, locationId)),
					),
					orders: [...store.orders.values()].map(presentOrder),
					fulfillmentOrders: [...store.fulfillmentOrders.values()].map(presentFulfillmentOrder),
					webhooks: [...store.webhooks.subscriptions.values()].map(presentWebhook),
					deliveries: ctx.webhooks.list(),
				}),
				reset: ({ empty }) => {
					store.clear();
					credentials.reset();
					cursors.clear();
					addLocations(store);
					if (!empty && ctx.seed !== undefined)
						seedShop(store, ctx.seed, settings.defaultSeedOrders, now());
				},
				seed: (input) => {
					const body = asBody(input);
					return translateError(
						() =>
							seedShop(
								store,
								typeof body.seed === 'number' ? body.seed : (ctx.seed ?? 1),
								typeof body.orders === 'number' ? body.orders : 0,
								now(),
							),
						ShopifyError,
						(e) => new SeedError(e.message),
					);
				},
			},
			hooks: {
				error: (status, err) =>
					errors(
						status === 405 ? 404 : status,
						status === 404 || status === 405 ? 'Not Found' : (err.detail ?? err.title),
					),
				authenticate,
				authFault: (kind, req) => {
					if (kind === 'token-revoked')
						credentials.revoke(headerValue(req, 'x-shopify-access-token'));
					return errors(
						401,
						'[API] Invalid API key or access token (unrecognized login or wrong password)',
					);
				},
				rateLimitHeaders: (d) => ({ 'x-shopify-shop-api-call-limit': `${d.used}/${d.limit}` }),
				rateLimited: (d) => ({
					...errors(
						429,
						'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.',
					),
					headers: {
						'retry-after': d.realSeconds(Math.max(1000, d.retryAfterMs)).toFixed(1),
						'x-shopify-shop-api-call-limit': `${d.limit}/${d.limit}`,
					},
				}),
				malformedBody: () => errors(400, 'Invalid JSON body'),
			},
		};
	};
}
