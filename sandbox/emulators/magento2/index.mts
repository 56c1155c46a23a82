import { CredentialSet, asBody, asList, bearerToken, toNumber } from '../commerce.mts';
import { translateError } from '../core/attempt.mts';
import type { EmulatorRequest, EmulatorResponse, Principal } from '../core/http.mts';
import {
	SeedError,
	type ServiceContext,
	type ServiceDefinition,
	type ServiceFactory,
} from '../core/service.mts';
import type { MagentoContext, MagentoSettings } from './context.mts';
import { error, unauthorized } from './http.mts';
import { magentoPresenters } from './present.mts';
import { cartRoutes } from './routes/carts.mts';
import { catalogRoutes } from './routes/catalog.mts';
import { creditmemoRoutes } from './routes/creditmemos.mts';
import { inventoryRoutes } from './routes/inventory.mts';
import { invoiceRoutes } from './routes/invoices.mts';
import { orderRoutes } from './routes/orders.mts';
import { shipmentRoutes } from './routes/shipments.mts';
import { systemRoutes } from './routes/system.mts';
import { seedCatalog, seedOrders } from './seed.mts';
import { MagentoError, MagentoStore } from './store.mts';

export const MAGENTO_INTEGRATION_TOKEN = 'magento-emulator-integration-token';
export const MAGENTO_ADMIN_USERNAME = 'admin';
export const MAGENTO_ADMIN_PASSWORD = 'Admin123!';

export interface Magento2Options {
	integrationToken?: string;
	adminUsername?: string;
	adminPassword?: string;
}

/** Magento 2.4 REST (`/rest/default/V1`, `/rest/all/V1`, `/rest/V1`): admin and integration Bearer tokens, guest carts. */
export function magento2Service(options: Magento2Options = {}): ServiceFactory {
	return (ctx: ServiceContext): ServiceDefinition => {
		const integrationToken = options.integrationToken ?? MAGENTO_INTEGRATION_TOKEN;
		const username = options.adminUsername ?? MAGENTO_ADMIN_USERNAME;
		const password = options.adminPassword ?? MAGENTO_ADMIN_PASSWORD;
		const settings: MagentoSettings = { adminTokenLifetimeHours: 4, defaultSeedOrders: 5 };
		const store = new MagentoStore();
		const adminTokens = new Map<string, number>();
		const credentials = new CredentialSet(() => [integrationToken, ...adminTokens.keys()]);
		const now = () => ctx.clock.now();

		const present = magentoPresenters(store);
		const {
			presentInvoice,
			presentMemo,
			presentOrder,
			presentProduct,
			presentQuote,
			presentShipment,
		} = present;
		const s: MagentoContext = {
			ctx,
			store,
			settings,
			now,
			present,
			adminTokens,
			username,
			password,
		};
		const routes = [
			...systemRoutes(s),
			...catalogRoutes(s),
			...inventoryRoutes(s),
			...cartRoutes(s),
			...orderRoutes(s),
			...invoiceRoutes(s),
			...shipmentRoutes(s),
			...creditmemoRoutes(s),
		];

		function authenticate(req: EmulatorRequest): Principal | EmulatorResponse {
			const token = bearerToken(req);
			if (credentials.check(token) !== 'ok') return unauthorized();
			const expiresAt = adminTokens.get(token as string);
			if (expiresAt !== undefined && expiresAt <= now()) return unauthorized();
			return { id: token as string, credential: token };
		}

		return {
			name: 'magento2',
			routes,
			rateLimitProfile: {
				description: 'Magento 2 has no REST rate limit by default; add rules at runtime if needed',
				rules: [],
			},
			info: () => ({
				baseUrl: ctx.url(),
				apiRoot: `${ctx.url()}/rest/default/V1`,
				accessToken: integrationToken,
				adminUsername: username,
				adminPassword: password,
				credential: { host: ctx.url(), accessToken: integrationToken },
			}),
			state: {
				settings,
				snapshot: () => ({
					products: [...store.products.values()].map(presentProduct),
					sourceItems: store.sourceItems,
					reservations: store.reservations,
					salable: Object.fromEntries(
						[...store.products.keys()].map((sku) => [sku, store.salable(sku)]),
					),
					quotes: [...store.quotes.values()].map(presentQuote),
					orders: [...store.orders.values()].map(presentOrder),
					invoices: [...store.invoices.values()].map(presentInvoice),
					shipments: [...store.shipments.values()].map(presentShipment),
					creditmemos: [...store.creditmemos.values()].map(presentMemo),
				}),
				reset: ({ empty }) => {
					store.clear();
					adminTokens.clear();
					credentials.reset();
					if (!empty && ctx.seed !== undefined) {
						seedCatalog(store, ctx.seed, now());
						seedOrders(store, ctx.seed, settings.defaultSeedOrders, now());
					}
				},
				seed: (input) => {
					const body = asBody(input);
					const seed = typeof body.seed === 'number' ? body.seed : (ctx.seed ?? 1);
					const summary: Record<string, number> = {};
					translateError(
						() => {
							if (body.catalog !== false && store.products.size === 0)
								summary.products = seedCatalog(store, seed, now());
							for (const product of asList(body.products)) {
								const created = store.addProduct(product, now());
								if (product.qty !== undefined)
									store.setSourceQuantity(created.sku, 'default', toNumber(product.qty), 1);
							}
							if (typeof body.orders === 'number')
								summary.orders = seedOrders(store, seed, body.orders, now());
						},
						MagentoError,
						(e) => new SeedError(e.message),
					);
					return summary;
				},
			},
			hooks: {
				error: (status, err) => {
					if (status === 404 || status === 405)
						return error(404, 'Request does not match any route.');
					return error(status, err.detail ?? err.title);
				},
				authenticate,
				authFault: (kind, req) => {
					if (kind === 'token-revoked') credentials.revoke(bearerToken(req));
					else {
						const token = bearerToken(req);
						if (token && adminTokens.has(token)) adminTokens.set(token, now());
					}
					return unauthorized();
				},
				rateLimited: (d) => ({
					...error(429, 'Too Many Requests'),
					headers: { 'retry-after': String(d.realSeconds(Math.max(1000, d.retryAfterMs))) },
				}),
				malformedBody: () => error(400, 'Decoding error: \nSyntax error'),
			},
		};
	};
}
