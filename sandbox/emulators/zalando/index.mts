import { translateError, withErrorMapping } from '../core/attempt.mts';
import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from '../core/http.mts';
import { JSON_API } from '../core/jsonapi.mts';
import { Random } from '../core/random.mts';
import { asInput } from '../seed/input.mts';
import type { HttpMethod, RouteDefinition } from '../core/router.mts';
import {
	SeedError,
	type ServiceContext,
	type ServiceDefinition,
	type ServiceFactory,
} from '../core/service.mts';
import {
	ZALANDO_DEFAULT_CLIENT_ID,
	ZALANDO_DEFAULT_CLIENT_SECRET,
	applyZalandoTokenFault,
	authenticateZalando,
	issueZalandoToken,
	me,
	merchantIdsOf,
} from './auth.mts';
import type { ZalandoClient } from './model.mts';
import { documentRoutes } from './documents.mts';
import { QueryError, orderRoutes, type OrdersContext } from './orders.mts';
import {
	OrderUrls,
	includedFor,
	presentAnnouncedReturn,
	presentOrder,
	presentSalesChannel,
	presentShipment,
	zalandoTime,
} from './present.mts';
import { ZALANDO_RATE_LIMITS } from './rate-limits.mts';
import { returnRoutes } from './returns.mts';
import { isPilotRefusal, shipmentRoutes } from './shipments.mts';
import {
	SeedInputError,
	ZALANDO_DEFAULT_MERCHANT_ID,
	ZALANDO_SALES_CHANNELS,
	announcedReturnFromInput,
	articleFromInput,
	generateArticles,
	generateOpenOrders,
	generateZalandoSeed,
	orderFromInput,
} from './seed.mts';
import { checkZalandoRequest, errorResponse, zalandoValidator } from './spec.mts';
import { stockItemCount, stockRoutes } from './stocks.mts';
import {
	DEFAULT_ZALANDO_SETTINGS,
	ZalandoRuleError,
	ZalandoStore,
	type ZalandoSettings,
} from './store.mts';

export { ZALANDO_DEFAULT_CLIENT_ID, ZALANDO_DEFAULT_CLIENT_SECRET } from './auth.mts';
export {
	ZALANDO_DEFAULT_MERCHANT_ID,
	ZALANDO_SALES_CHANNEL_DE,
	ZALANDO_SALES_CHANNEL_FR,
	ZALANDO_SALES_CHANNEL_NL,
	ZALANDO_SALES_CHANNELS,
	generateZalandoSeed,
} from './seed.mts';

/**
 * The Zalando zDirect emulator on one host, as production https://api.merchants.zalando.com: `/auth/token`,
 * `/auth/me`, `/sales-channels`, the Orders API (JSON:API) with the Shipments API (pilot), announced returns, ZSS
 * shipping documents and the Stocks API, with zDirect's
 * rate limits, error formats, line state machine and request validation against the specs in `specs/zalando/`.
 */
export interface ZalandoOptions {
	/** OAuth clients and the merchants (bpids) each may act for; default one client for the default merchant. */
	clients?: ZalandoClient[];
	settings?: Partial<ZalandoSettings>;
}

/** A rule error or a bad query becomes the endpoint's error response. */
function ruleErrors(error: unknown, req: EmulatorRequest): EmulatorResponse | undefined {
	if (error instanceof ZalandoRuleError)
		return errorResponse(req.path, error.status, [
			{ title: error.title, detail: error.message, pointer: error.pointer },
		]);
	if (error instanceof QueryError) return errorResponse(req.path, 400, error.issues);
	return undefined;
}

export function zalandoService(options: ZalandoOptions = {}): ServiceFactory {
	return (ctx: ServiceContext): ServiceDefinition => {
		const clients = options.clients ?? [
			{
				clientId: ZALANDO_DEFAULT_CLIENT_ID,
				clientSecret: ZALANDO_DEFAULT_CLIENT_SECRET,
				merchantIds: [ZALANDO_DEFAULT_MERCHANT_ID],
			},
		];
		const merchantId = clients[0]?.merchantIds[0] ?? ZALANDO_DEFAULT_MERCHANT_ID;
		const settings: ZalandoSettings = { ...DEFAULT_ZALANDO_SETTINGS, ...options.settings };
		const store = new ZalandoStore(settings);
		const validator = zalandoValidator();
		const now = () => ctx.clock.now();
		const context: OrdersContext = { store, now };

		const api: RouteDefinition[] = [
			{
				method: 'GET',
				path: '/auth/me',
				handler: me,
			},
			{
				method: 'GET',
				path: '/sales-channels',
				handler: (req) => {
					const wanted = (req.query.get('merchant_ids') ?? '').split(',').map((m) => m.trim());
					const mine = merchantIdsOf(req.principal).filter((m) => wanted.includes(m));
					const zalandoOnly = req.query.get('zalando_only') === 'true';
					const items = mine.length === 0 ? [] : ZALANDO_SALES_CHANNELS;
					return jsonResponse(200, {
						items: items.filter((c) => !zalandoOnly || c.zalandoRetail).map(presentSalesChannel),
					});
				},
			},
			...orderRoutes(context),
			...shipmentRoutes(context),
			...documentRoutes(context),
			...returnRoutes(context),
			...stockRoutes(context),
		];
		const routes: RouteDefinition[] = [
			{
				method: 'POST',
				path: '/auth/token',
				auth: false,
				handler: (req) => {
					store.counters.tokenRequests++;
					return issueZalandoToken(req, clients, store, now());
				},
			},
			...api.map((route) => ({
				...route,
				handler: (req: EmulatorRequest) =>
					withErrorMapping(route.handler, (error) => ruleErrors(error, req))(req),
			})),
		];
		// Spec operations that are not emulated (deletion requests): 501; anything else: 404.
		for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as HttpMethod[]) {
			routes.push({
				method,
				path: '/merchants/*',
				handler: (req) =>
					validator.find(req.method, req.path)
						? errorResponse(req.path, 501, [
								{
									title: 'Not Implemented',
									detail: `${req.method} ${req.path} is in the zDirect spec but not emulated.`,
								},
							])
						: errorResponse(req.path, 404, [
								{ title: 'Not Found', detail: `No endpoint ${req.method} ${req.path}.` },
							]),
			});
		}

		function seedData(input: Record<string, unknown>): Record<string, number> {
			const at = now();
			const seed = typeof input.seed === 'number' ? input.seed : (ctx.seed ?? 1);
			// fork on everything already held, so consecutive seed calls never generate the same ids
			const random = new Random(seed).fork(
				`admin-${store.orders.size}-${store.articles.size}-${store.announcedReturns.size}`,
			);
			const summary = {
				orders: 0,
				articles: 0,
				announcedReturns: 0,
				approved: 0,
				paymentFailed: 0,
			};
			translateError(
				() => {
					if (store.articles.size === 0 && input.articles === undefined)
						generateArticles(seed).forEach((a) => store.articles.set(a.ean, a));
					if (Array.isArray(input.articles)) {
						for (const raw of input.articles) {
							const article = articleFromInput(asInput(raw), random);
							store.articles.set(article.ean, article);
						}
						summary.articles = input.articles.length;
					}
					if (Array.isArray(input.orders)) {
						for (const raw of input.orders) {
							const { order, newArticles } = orderFromInput(
								raw,
								random,
								[...store.articles.values()],
								merchantId,
								at,
							);
							newArticles.forEach((a) => store.articles.set(a.ean, a));
							store.orders.set(order.orderId, order);
						}
						summary.orders = input.orders.length;
					} else if (
						typeof input.orders === 'number' ||
						(input.orders === undefined &&
							input.articles === undefined &&
							input.announcedReturns === undefined &&
							input.approve === undefined &&
							input.failPayment === undefined)
					) {
						const count =
							typeof input.orders === 'number' ? input.orders : settings.defaultSeedOrders;
						if (!Number.isInteger(count) || count < 0 || count > 10_000)
							throw new SeedError('orders must be an integer between 0 and 10000');
						const hours = typeof input.withinHours === 'number' ? input.withinHours : 3;
						for (const order of generateOpenOrders(
							random,
							[...store.articles.values()],
							merchantId,
							at,
							count,
							hours,
						))
							store.orders.set(order.orderId, order);
						summary.orders = count;
					}
					if (Array.isArray(input.announcedReturns)) {
						for (const raw of input.announcedReturns) {
							const ret = announcedReturnFromInput(raw, random, store.orders, at);
							store.announcedReturns.set(ret.announcedReturnId, ret);
						}
						summary.announcedReturns = input.announcedReturns.length;
					}
					for (const [key, action] of [
						['approve', 'approve'],
						['failPayment', 'fail'],
					] as const) {
						const ids = input[key];
						if (!Array.isArray(ids)) continue;
						for (const id of ids) store.settlePayment(String(id), action, at);
						summary[key === 'approve' ? 'approved' : 'paymentFailed'] = ids.length;
					}
				},
				SeedInputError,
				(e) => new SeedError(e.message),
			);
			return summary;
		}

		const snapshotOrder = (
			order: Parameters<typeof presentOrder>[0],
			urls: OrderUrls,
			at: number,
		) => ({
			...presentOrder(order, urls, at),
			included: includedFor(order, new Set(['order_items', 'order_lines']), urls, at),
			shipments: store.shipmentsOf(order).map(presentShipment),
			emulator: {
				trackingPatchedAt:
					order.trackingPatchedAt === undefined ? null : zalandoTime(order.trackingPatchedAt),
				process: order.process ?? null,
			},
		});

		return {
			name: 'zalando',
			routes,
			rateLimitProfile: ZALANDO_RATE_LIMITS,
			info: () => ({
				baseUrl: ctx.url(),
				tokenUrl: `${ctx.url()}/auth/token`,
				clientId: clients[0]?.clientId,
				clientSecret: clients[0]?.clientSecret,
				merchantId,
				salesChannels: ZALANDO_SALES_CHANNELS.map(presentSalesChannel),
			}),
			state: {
				settings,
				snapshot: () => {
					const at = now();
					const urls = new OrderUrls(`${ctx.url()}/merchants/${merchantId}`);
					return {
						merchantId,
						salesChannels: ZALANDO_SALES_CHANNELS.map(presentSalesChannel),
						counters: { ...store.counters },
						shippedTooSoon: store.shippedTooSoon.map((s) => ({ ...s, at: zalandoTime(s.at) })),
						orders: [...store.orders.values()].map((o) => snapshotOrder(o, urls, at)),
						articles: [...store.articles.values()],
						stocks: [...store.stocks.entries()].map(([key, value]) => {
							const [salesChannelId, ean] = key.split('|');
							return {
								sales_channel_id: salesChannelId,
								ean,
								quantity: value.quantity,
								updated_at: zalandoTime(value.updatedAt),
							};
						}),
						announcedReturns: [...store.announcedReturns.values()].map((r) =>
							presentAnnouncedReturn(r, store.orders),
						),
						tokens: [...store.tokens.values()].map((t) => ({
							clientId: t.clientId,
							issuedAt: zalandoTime(t.issuedAt),
							expiresAt: zalandoTime(t.expiresAt),
							revoked: t.revoked,
						})),
					};
				},
				reset: ({ empty }) => {
					store.clear(ctx.seed ?? 1);
					if (!empty && ctx.seed !== undefined)
						store.load(generateZalandoSeed({ seed: ctx.seed, now: now(), merchantId }));
				},
				seed: (input) => seedData(asInput(input)),
			},
			hooks: {
				error: (status, error, req) =>
					errorResponse(req?.path ?? '/', status, [
						{ title: error.title, detail: error.detail ?? error.title, code: error.code },
					]),
				authenticate: (req) => authenticateZalando(req, clients, store, now()),
				authFault: (kind, req) => applyZalandoTokenFault(kind, req, store, now()),
				rateLimitCost: (req, rule) => (rule.unit === 'items' ? stockItemCount(req) : 1),
				rateLimited: (d, req) => {
					if (req.path === '/auth/token') store.counters.tokenRequests++;
					const headers = {
						'retry-after': String(d.realSeconds(Math.max(1000, d.retryAfterMs))),
						'x-rate-limit': String(d.limit),
					};
					const res = /^\/merchants\/[^/]+\/stocks$/.test(req.path)
						? errorResponse(req.path, 429, [
								{
									title: 'Too Many Requests',
									detail: `Rate limit of ${d.limit} ${d.rule?.unit ?? 'requests'} per minute exceeded.`,
								},
							])
						: jsonResponse(
								429,
								{
									message:
										'Too Many Requests: rate limit exceeded, retry after Retry-After seconds.',
								},
								req.path.startsWith('/merchants/') ? JSON_API : 'application/json',
							);
					return { ...res, headers: { ...res.headers, ...headers } };
				},
				validateRequest: (req) => checkZalandoRequest(validator, req),
				checkResponse: (req, _route, res) => {
					const found = validator.find(req.method, req.path);
					if (!found || res.status === 501 || isPilotRefusal(req, res)) return [];
					return validator.validateResponse(found.operation, res.status, res.contentType, res.body);
				},
				malformedBody: (req) =>
					errorResponse(req.path, 400, [
						{ title: 'Bad Request', detail: 'The request body is not valid JSON.', pointer: '' },
					]),
			},
		};
	};
}
