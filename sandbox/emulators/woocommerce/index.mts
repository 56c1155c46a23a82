import { CredentialSet, asBody, asList } from '../commerce.mts';
import { translateError } from '../core/attempt.mts';
import {
	headerValue,
	type EmulatorRequest,
	type EmulatorResponse,
	type Principal,
} from '../core/http.mts';
import {
	SeedError,
	type ServiceContext,
	type ServiceDefinition,
	type ServiceFactory,
} from '../core/service.mts';
import { PREFIX } from './constants.mts';
import type { WooContext, WooSettings } from './context.mts';
import { withWooErrors, wooError } from './http.mts';
import { wooPresenters } from './present.mts';
import { noteRoutes } from './routes/notes.mts';
import { createOrder, orderRoutes } from './routes/orders.mts';
import { newProduct, productRoutes } from './routes/products.mts';
import { refundRoutes } from './routes/refunds.mts';
import { systemRoutes } from './routes/system.mts';
import { variationRoutes } from './routes/variations.mts';
import { webhookRoutes, wooEmitter } from './routes/webhooks.mts';
import { seedCatalog, seedOrders } from './seed.mts';
import { WooError, WooStore } from './store.mts';

export const WOOCOMMERCE_CONSUMER_KEY = 'ck_woocommerce_emulator_key';
export const WOOCOMMERCE_CONSUMER_SECRET = 'cs_woocommerce_emulator_secret';

export interface WooCommerceOptions {
	consumerKey?: string;
	consumerSecret?: string;
}

/** WooCommerce REST API v3 (`/wp-json/wc/v3`), Basic auth or query-string consumer key/secret. */
export function wooCommerceService(options: WooCommerceOptions = {}): ServiceFactory {
	return (ctx: ServiceContext): ServiceDefinition => {
		const key = options.consumerKey ?? WOOCOMMERCE_CONSUMER_KEY;
		const secret = options.consumerSecret ?? WOOCOMMERCE_CONSUMER_SECRET;
		const credentials = new CredentialSet(() => [key]);
		const settings: WooSettings = { orderMetaQuery: false, defaultSeedOrders: 5 };
		const now = () => ctx.clock.now();
		const present = wooPresenters(() => ctx.url());
		const { presentNote, presentOrder, presentProduct, presentVariation, presentWebhook } = present;
		const store: WooStore = new WooStore(ctx.webhooks, (product) =>
			emit('product.updated', presentProduct(product)),
		);
		const emit = wooEmitter(store, ctx);
		const s: WooContext = { ctx, store, settings, now, present, emit };
		// Registration order matters (first match wins): `/products/categories` before `/products/:id`.
		const routes = withWooErrors([
			...systemRoutes(s),
			...productRoutes(s),
			...variationRoutes(s),
			...orderRoutes(s),
			...noteRoutes(s),
			...refundRoutes(s),
			...webhookRoutes(s),
		]);

		function authenticate(req: EmulatorRequest): Principal | EmulatorResponse {
			const basic = /^Basic\s+(\S+)$/i.exec(headerValue(req, 'authorization') ?? '')?.[1];
			let pair: [string | undefined, string | undefined] = [
				req.query.get('consumer_key') ?? undefined,
				req.query.get('consumer_secret') ?? undefined,
			];
			if (basic) {
				const decoded = Buffer.from(basic, 'base64').toString('utf8');
				pair = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)];
			}
			const [user, pass] = pair;
			if (!user) {
				return req.method === 'GET'
					? wooError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.')
					: wooError(
							401,
							'woocommerce_rest_cannot_create',
							'Sorry, you are not allowed to create resources.',
						);
			}
			const status = credentials.check(user);
			if (status !== 'ok')
				return wooError(401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
			if (pass !== secret)
				return wooError(
					401,
					'woocommerce_rest_authentication_error',
					'Consumer secret is invalid.',
				);
			return { id: user, credential: user };
		}

		return {
			name: 'woocommerce',
			routes,
			rateLimitProfile: {
				description:
					'WooCommerce REST v3 has no platform rate limit (self-hosted); add rules at runtime if needed',
				rules: [],
			},
			info: () => ({
				baseUrl: ctx.url(),
				apiRoot: `${ctx.url()}${PREFIX}`,
				consumerKey: key,
				consumerSecret: secret,
				credential: {
					url: ctx.url(),
					consumerKey: key,
					consumerSecret: secret,
					includeCredentialsInQuery: false,
				},
			}),
			state: {
				settings,
				snapshot: () => ({
					products: [...store.products.values()].map(presentProduct),
					variations: [...store.variations.values()].map(presentVariation),
					orders: [...store.orders.values()].map((o) => ({
						...presentOrder(o),
						notes: o.notes.map(presentNote),
					})),
					webhooks: [...store.webhooks.subscriptions.values()].map(presentWebhook),
					deliveries: ctx.webhooks.list(),
				}),
				reset: ({ empty }) => {
					store.clear();
					credentials.reset();
					if (!empty && ctx.seed !== undefined) {
						seedCatalog(store, ctx.seed, now());
						seedOrders(store, ctx.seed, settings.defaultSeedOrders, now());
					}
				},
				seed: (input) => {
					const body = asBody(input);
					const seed = typeof body.seed === 'number' ? body.seed : (ctx.seed ?? 1);
					const at = now();
					const summary: Record<string, number> = {};
					translateError(
						() => {
							if (body.catalog !== false && store.products.size === 0)
								summary.products = seedCatalog(store, seed, at);
							for (const product of asList(body.products)) newProduct(store, product, at);
							if (typeof body.orders === 'number')
								summary.orders = seedOrders(store, seed, body.orders, at);
							for (const order of asList(body.orders)) createOrder(store, order, at);
						},
						WooError,
						(e) => new SeedError(e.message),
					);
					return summary;
				},
			},
			hooks: {
				error: (status, error) => {
					if (status === 404 || status === 405)
						return wooError(
							404,
							'rest_no_route',
							'No route was found matching the URL and request method.',
						);
					return wooError(
						status,
						error.code ?? (status >= 500 ? 'internal_server_error' : 'rest_error'),
						error.detail ?? error.title,
					);
				},
				authenticate,
				authFault: (kind, req) => {
					const principal = authenticate(req);
					if (kind === 'token-revoked' && 'id' in principal)
						credentials.revoke(principal.credential);
					return wooError(
						401,
						'woocommerce_rest_authentication_error',
						kind === 'token-revoked'
							? 'Consumer key is invalid.'
							: 'Invalid signature - provided signature does not match.',
					);
				},
				rateLimited: (d) => ({
					...wooError(
						429,
						'woocommerce_rest_too_many_requests',
						'Too many requests. Please wait and try again.',
					),
					headers: { 'retry-after': String(d.realSeconds(Math.max(1000, d.retryAfterMs))) },
				}),
				malformedBody: () => wooError(400, 'rest_invalid_json', 'Invalid JSON body passed.'),
			},
		};
	};
}
