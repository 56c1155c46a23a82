import { translateError, withErrorMapping } from '../core/attempt.mts';
import {
	headerValue,
	type EmulatorRequest,
	type EmulatorResponse,
	type Principal,
} from '../core/http.mts';
import { Random } from '../core/random.mts';
import type { HttpMethod, RouteDefinition } from '../core/router.mts';
import {
	SeedError,
	type ServiceContext,
	type ServiceDefinition,
	type ServiceFactory,
} from '../core/service.mts';
import { asInput, str } from '../seed/input.mts';
import { pdfDocument } from '../core/pdf.mts';
import type { MiintoAccount, TransferRecord } from './model.mts';
import {
	AUTH_API_VERSION,
	ORDER_API_VERSION,
	miintoTime,
	presentOrder,
	presentPosition,
	presentRma,
	presentShop,
	presentTransfer,
	success,
} from './present.mts';
import { MIINTO_RATE_LIMITS } from './rate-limits.mts';
import {
	MIINTO_SHOP_DK,
	SeedInputError,
	defaultAccount,
	generateTransfers,
	rmaFromInput,
	seedMiinto,
	transferFromInput,
} from './seed.mts';
import { AUTH_HEADERS, checkSignature } from './signature.mts';
import {
	MiintoContract,
	checkMiintoRequest,
	checkMiintoResponse,
	failureResponse,
	type MiintoApiService,
} from './spec.mts';
import {
	DEFAULT_MIINTO_SETTINGS,
	MiintoRuleError,
	MiintoStore,
	type MiintoSettings,
} from './store.mts';

export {
	MIINTO_ACCESSOR_ID,
	MIINTO_DEFAULT_PASSWORD,
	MIINTO_DEFAULT_USERNAME,
	MIINTO_SHOP_DK,
	MIINTO_SHOP_SE,
	MIINTO_SHOPS,
} from './seed.mts';
export { MIINTO_RATE_LIMITS } from './rate-limits.mts';
export { miintoContractFile } from './spec.mts';

/**
 * The Miinto emulator: the auth service (channels, status), the Order API 2.6 (shops, transfers and their
 * accept/decline, orders, shipping providers, shipping, labels, RMAs and RMA requests) and the stock service, on one
 * port under `/auth`, `/order` and `/stock` (the credential's custom base URLs). Every call but `POST /auth/channels`
 * must carry a valid MNT-HMAC-SHA256-1-0 signature of an open channel, recomputed here from the request's bytes. The
 * contract is `docs/miinto-openapi.derived.yaml` (derived, not official), read where it lives.
 */
export interface MiintoOptions {
	/** Miinto Admin logins; default one (`MIINTO_DEFAULT_USERNAME`) with both seeded shops. */
	accounts?: MiintoAccount[];
	settings?: Partial<MiintoSettings>;
}

interface MiintoPrincipal extends Principal {
	username: string;
	channelId: string;
}

/** The `Miinto-Api-Control-Version` of a call, or the service's default, for `meta.version`. */
function versionOf(req: EmulatorRequest): string {
	return (
		headerValue(req, 'miinto-api-control-version') ??
		(req.path.startsWith('/auth/') ? AUTH_API_VERSION : ORDER_API_VERSION)
	);
}

function ruleErrors(error: unknown, req: EmulatorRequest): EmulatorResponse | undefined {
	if (error instanceof MiintoRuleError)
		return failureResponse(error.status, error.message, versionOf(req));
	return undefined;
}

const intParam = (req: EmulatorRequest, name: string) => Number(req.params[name]);

export function miintoService(options: MiintoOptions = {}): ServiceFactory {
	return (ctx: ServiceContext): ServiceDefinition => {
		const settings: MiintoSettings = { ...DEFAULT_MIINTO_SETTINGS, ...options.settings };
		const store = new MiintoStore(settings);
		const contract = MiintoContract.shared();
		const now = () => ctx.clock.now();
		const who = (req: EmulatorRequest) => req.principal as MiintoPrincipal;
		const ok = (
			req: EmulatorRequest,
			data: unknown,
			meta: Record<string, unknown> = {},
			status = 200,
		) => ({
			status,
			contentType: 'application/json',
			body: success(data, versionOf(req), meta),
		});
		const shopOf = (req: EmulatorRequest, param = 'shopId') =>
			store.shop(who(req).username, req.params[param] ?? '');

		/** `limit` / `offset` (validated by the yaml) and `sort=-createdAt`. */
		function page<T extends { createdAt: number; id: number }>(req: EmulatorRequest, all: T[]) {
			const limit = Math.min(
				Number(req.query.get('limit') ?? settings.defaultPageSize),
				settings.maxPageSize,
			);
			const offset = Number(req.query.get('offset') ?? 0);
			const newestFirst = req.query.get('sort') === '-createdAt';
			const sorted = [...all].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
			if (newestFirst) sorted.reverse();
			return { items: sorted.slice(offset, offset + limit), total: all.length };
		}
		const statusFilter = (req: EmulatorRequest) => req.query.getAll('status[]');
		/**
		 * The handlers of bodies rely on the yaml's shapes: with request validation switched off
		 * (`--no-validate`), a body the yaml refuses is still answered 400 rather than breaking the handler.
		 */
		const refusedBody = (req: EmulatorRequest) => checkMiintoRequest(contract, req, versionOf(req));

		const orderRoutes: RouteDefinition[] = [
			{
				method: 'GET',
				path: '/order/shops/:shopId',
				handler: (req) => ok(req, presentShop(shopOf(req))),
			},
			{
				method: 'GET',
				path: '/order/shops/:shopId/transfers',
				handler: (req) => {
					const shop = shopOf(req);
					const wanted = statusFilter(req);
					const all = [...store.transfers.values()].filter(
						(t) =>
							t.shopId === shop.id &&
							(wanted.length === 0 || wanted.includes(String(presentTransfer(t).status))),
					);
					const { items, total } = page(req, all);
					return ok(req, items.map(presentTransfer), { totalItemCount: total });
				},
			},
			{
				method: 'GET',
				path: '/order/shops/:shopId/transfers/:transferId',
				handler: (req) =>
					ok(req, presentTransfer(store.transfer(shopOf(req).id, intParam(req, 'transferId')))),
			},
			{
				method: 'PATCH',
				path: '/order/shops/:shopId/transfers/:transferId',
				handler: (req) => {
					const shop = shopOf(req);
					const refused = refusedBody(req);
					if (refused) return refused;
					const body = req.body as {
						acceptedPositions: Array<{ id: number }>;
						declinedPositions: Array<{ id: number }>;
					};
					const { orderId } = store.decide(
						shop.id,
						intParam(req, 'transferId'),
						body.acceptedPositions.map((p) => p.id),
						body.declinedPositions.map((p) => p.id),
						now(),
					);
					return ok(req, { newOrder: orderId === null ? null : { id: orderId } });
				},
			},
			{
				method: 'GET',
				path: '/order/shops/:shopId/orders',
				handler: (req) => {
					const shop = shopOf(req);
					const wanted = statusFilter(req);
					const all = [...store.orders.values()].filter(
						(o) =>
							o.shopId === shop.id &&
							(wanted.length === 0 || wanted.includes(store.orderStatus(o))),
					);
					const { items, total } = page(req, all);
					return ok(
						req,
						items.map((o) => presentOrder(store, o.id)),
						{ totalItemCount: total },
					);
				},
			},
			{
				method: 'GET',
				path: '/order/shops/:shopId/orders/:orderId/labels',
				handler: (req) => {
					const shop = shopOf(req);
					const order = store.order(shop.id, intParam(req, 'orderId'));
					const transfer = store.transferOf(order);
					// [unverified] which orders have a Miinto label: the Danish shop's (Miinto's home market)
					if (shop.countryCode !== 'DK')
						throw new MiintoRuleError(404, `Order ${order.id} has no shipping label.`);
					const pdf = pdfDocument(
						[
							`Miinto shipping label - order ${order.id}`,
							`${transfer.delivery.name}`,
							`${transfer.delivery.address.street}`,
							`${transfer.delivery.address.postcode} ${transfer.delivery.address.city}`,
							`${transfer.delivery.address.countryCode} ${transfer.delivery.type}`,
						],
						{ width: 298, height: 420 },
					);
					return { status: 200, raw: pdf, contentType: 'application/pdf' };
				},
			},
			{
				method: 'GET',
				path: '/order/shops/:shopId/orders/:orderId',
				handler: (req) => {
					const order = store.order(shopOf(req).id, intParam(req, 'orderId'));
					return ok(req, presentOrder(store, order.id));
				},
			},
			{
				method: 'PATCH',
				path: '/order/shops/:shopId/orders/:orderId',
				handler: (req) => {
					const shop = shopOf(req);
					const orderId = intParam(req, 'orderId');
					const refused = refusedBody(req);
					if (refused) return refused;
					const body = req.body as {
						shippedPositions: Array<{
							id: number;
							trackAndTrace: string;
							shippingProviderId: number | string;
						}>;
					};
					store.ship(shop.id, orderId, body.shippedPositions, now());
					return ok(req, presentOrder(store, orderId));
				},
			},
			{
				method: 'GET',
				path: '/order/shops/:shopId/shipping-providers/orders/:orderId',
				handler: (req) => {
					const order = store.order(shopOf(req).id, intParam(req, 'orderId'));
					return ok(
						req,
						store.providersFor(order).map((p) => ({ id: p.id, name: p.name })),
					);
				},
			},
			{
				method: 'GET',
				path: '/order/shops/:shopId/rmas',
				handler: (req) => {
					const shop = shopOf(req);
					const wanted = statusFilter(req);
					const all = [...store.rmas.values()].filter(
						(r) => r.shopId === shop.id && (wanted.length === 0 || wanted.includes(r.status)),
					);
					const { items, total } = page(req, all);
					return ok(
						req,
						items.map((r) => presentRma(store, r)),
						{ totalItemCount: total },
					);
				},
			},
			{
				method: 'GET',
				path: '/order/shops/:shopId/rmas/:rmaId',
				handler: (req) =>
					ok(req, presentRma(store, store.rma(shopOf(req).id, intParam(req, 'rmaId')))),
			},
			{
				method: 'PATCH',
				path: '/order/shops/:shopId/rmas/:rmaId',
				handler: (req) => {
					const refused = refusedBody(req);
					if (refused) return refused;
					const body = req.body as { status: 'accepted' | 'declined'; reason?: string };
					const rma = store.decideRma(
						shopOf(req).id,
						intParam(req, 'rmaId'),
						body.status,
						body.reason ?? '',
						now(),
					);
					return ok(req, presentRma(store, rma));
				},
			},
			{
				method: 'POST',
				path: '/order/shops/:shopId/rma-requests',
				handler: (req) => {
					const refused = refusedBody(req);
					if (refused) return refused;
					const body = req.body as {
						orderId: number;
						positions: Array<{ id: number; quantity: number }>;
						reason?: string;
					};
					const rma = store.createRma(
						shopOf(req).id,
						body.orderId,
						body.positions.map((p) => ({ positionId: p.id, quantity: p.quantity })),
						body.reason === undefined || body.reason === '' ? null : body.reason,
						now(),
					);
					return ok(req, presentRma(store, rma), {}, 201);
				},
			},
		];

		const stockRoutes: RouteDefinition[] = [
			{
				method: 'PATCH',
				path: '/stock/locations/:locationId/items',
				handler: (req) => {
					const location = shopOf(req, 'locationId');
					const refused = refusedBody(req);
					if (refused) return refused;
					store.updateStock(location.id, req.body as Array<Record<string, unknown>>, now());
					return ok(req, null);
				},
			},
		];

		const authRoutes: RouteDefinition[] = [
			{
				method: 'POST',
				path: '/auth/channels',
				auth: false,
				handler: (req) => {
					const body = asInput(req.body);
					const identifier = str(body, 'identifier') ?? '';
					const secret = str(body, 'secret') ?? '';
					const account = store.accounts.get(identifier);
					if (!account || account.password !== secret) {
						store.counters.channelRefusals++;
						return failureResponse(401, 'Invalid identifier or secret.', AUTH_API_VERSION);
					}
					const channel = store.openChannel(account, now());
					const privileges: Record<string, Record<string, Record<string, unknown>>> = {
						__GLOBAL__: {
							Store: Object.fromEntries(account.storeShops.map((s) => [s, ['read', 'write']])),
						},
					};
					for (const [country, shops] of Object.entries(account.shopAdmin))
						privileges[country] = { ShopAdmin: Object.fromEntries(shops.map((s) => [s, true])) };
					return {
						status: 200,
						contentType: 'application/json',
						body: success(
							{
								id: channel.id,
								token: channel.token,
								data: { accessorId: account.accessorId },
								privileges,
							},
							AUTH_API_VERSION,
						),
					};
				},
			},
			{
				method: 'GET',
				path: '/auth/channels/:channelId',
				handler: (req) => {
					const channel = store.channels.get(req.params.channelId ?? '');
					if (!channel || channel.username !== who(req).username)
						return failureResponse(404, 'Channel not found.', versionOf(req));
					const account = store.accounts.get(channel.username) as MiintoAccount;
					return ok(req, { id: channel.id, data: { accessorId: account.accessorId } });
				},
			},
			{
				method: 'GET',
				path: '/auth/status',
				handler: () => ({
					status: 200,
					contentType: 'application/json',
					body: { name: 'auth-service', status: 'OK' },
				}),
			},
		];

		const routes: RouteDefinition[] = [...authRoutes, ...orderRoutes, ...stockRoutes].map(
			(route) => ({
				...route,
				handler: (req: EmulatorRequest) =>
					withErrorMapping(route.handler, (error) => ruleErrors(error, req))(req),
			}),
		);
		// operations of the yaml that are not emulated: 501; anything else under a service: 404
		for (const service of ['auth', 'order', 'stock'] as MiintoApiService[])
			for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as HttpMethod[])
				routes.push({
					method,
					path: `/${service}/*`,
					handler: (req) =>
						contract.find(req.method, req.path)
							? failureResponse(
									501,
									`${req.method} ${req.path} is in the contract but not emulated.`,
									versionOf(req),
								)
							: failureResponse(404, `No endpoint ${req.method} ${req.path}.`, versionOf(req)),
				});

		/** The answer to a channel that expired (or was revoked): 401, or 200 as M-C5 reads it, with the failure envelope. */
		function expired(req: EmulatorRequest): EmulatorResponse {
			store.counters.expiredChannelAnswers++;
			return failureResponse(
				settings.expiredChannelStatus,
				'The channel has expired; open a new one.',
				versionOf(req),
			);
		}

		function authenticate(req: EmulatorRequest): MiintoPrincipal | EmulatorResponse {
			const toleranceMs = settings.timestampToleranceSeconds * 1000;
			const check = checkSignature(
				req,
				(id) => store.channels.get(id)?.token,
				// fresh against the emulated clock, or the real one (clients on real time talking to a scaled or moved
				// emulator clock): the emulator's choice, documented in the README
				(ms) => Math.abs(ms - now()) <= toleranceMs || Math.abs(ms - Date.now()) <= toleranceMs,
			);
			if (!check.ok) {
				store.counters.signatureRefusals++;
				return failureResponse(401, check.message, versionOf(req));
			}
			const channel = store.channels.get(check.channelId);
			if (!channel || channel.revoked || now() >= channel.expiresAt) return expired(req);
			return {
				id: channel.username,
				username: channel.username,
				channelId: channel.id,
				credential: channel.id,
			};
		}

		function seedData(input: Record<string, unknown>): Record<string, number> {
			const at = now();
			const seed = typeof input.seed === 'number' ? input.seed : (ctx.seed ?? 1);
			const random = new Random(seed).fork(
				`admin-${store.transfers.size}-${store.rmas.size}-${store.orders.size}`,
			);
			const summary = { transfers: 0, orders: 0, rmas: 0, channelsExpired: 0 };
			translateError(
				() => {
					if (store.shops.size === 0) seedMiinto(store, seed, at);
					const ordersBefore = store.orders.size;
					if (Array.isArray(input.transfers)) {
						for (const raw of input.transfers) transferFromInput(store, raw, random, at);
						summary.transfers = input.transfers.length;
					} else if (
						typeof input.transfers === 'number' ||
						(input.transfers === undefined &&
							input.rmas === undefined &&
							input.expireChannels === undefined)
					) {
						const count =
							typeof input.transfers === 'number' ? input.transfers : settings.defaultSeedTransfers;
						if (!Number.isInteger(count) || count < 0 || count > 10_000)
							throw new SeedError('transfers must be an integer between 0 and 10000');
						const shopId = str(input, 'shopId') ?? MIINTO_SHOP_DK;
						const shop = store.shops.get(shopId);
						if (!shop) throw new SeedError(`unknown shop ${shopId}`);
						summary.transfers = generateTransfers(store, random, shop, count, at).length;
					}
					summary.orders = store.orders.size - ordersBefore;
					if (Array.isArray(input.rmas)) {
						for (const raw of input.rmas) rmaFromInput(store, raw, at);
						summary.rmas = input.rmas.length;
					}
					if (input.expireChannels === true)
						for (const channel of store.channels.values())
							if (at < channel.expiresAt) {
								channel.expiresAt = at;
								summary.channelsExpired++;
							}
				},
				SeedInputError,
				(e) => new SeedError(e.message),
			);
			return summary;
		}

		const presentTransferState = (t: TransferRecord) => ({
			...presentTransfer(t),
			emulator: {
				shopId: t.shopId,
				orderId: t.orderId ?? null,
				routedAway: MiintoStore.routedAway(t),
				positions: t.positions.map((p) => ({
					...presentPosition(p),
					status: p.status,
					referencePrice: p.item.referencePrice,
					returnedQuantity: p.returnedQuantity,
				})),
				billing: t.billing,
				delivery: t.delivery,
			},
		});

		return {
			name: 'miinto',
			routes,
			rateLimitProfile: MIINTO_RATE_LIMITS,
			info: () => ({
				baseUrl: ctx.url(),
				authUrl: `${ctx.url()}/auth`,
				orderUrl: `${ctx.url()}/order`,
				stockUrl: `${ctx.url()}/stock`,
				username: (options.accounts?.[0] ?? defaultAccount()).username,
				shops: [...store.shops.values()].map(presentShop),
				contract: contract.file,
				// the password is the exported constant MIINTO_DEFAULT_PASSWORD (not published here)
				credential: {
					username: (options.accounts?.[0] ?? defaultAccount()).username,
					environment: 'custom',
					authUrl: `${ctx.url()}/auth`,
					orderUrl: `${ctx.url()}/order`,
					stockUrl: `${ctx.url()}/stock`,
					accessToken: '',
				},
			}),
			state: {
				settings,
				snapshot: () => ({
					counters: { ...store.counters },
					accounts: [...store.accounts.values()].map((a) => ({
						username: a.username,
						accessorId: a.accessorId,
						shops: store.shopsOf(a.username),
					})),
					channels: [...store.channels.values()].map((c) => ({
						id: c.id,
						username: c.username,
						openedAt: miintoTime(c.openedAt),
						expiresAt: miintoTime(c.expiresAt),
						expired: now() >= c.expiresAt,
						revoked: c.revoked,
					})),
					shops: [...store.shops.values()].map(presentShop),
					items: Object.fromEntries(store.items),
					transfers: [...store.transfers.values()].map(presentTransferState),
					orders: [...store.orders.values()].map((o) => ({
						...presentOrder(store, o.id),
						emulator: { shopId: o.shopId },
					})),
					rmas: [...store.rmas.values()].map((r) => ({
						...presentRma(store, r),
						emulator: { shopId: r.shopId },
					})),
					stocks: [...store.stocks.values()].map((s) => ({
						...s,
						updatedAt: miintoTime(s.updatedAt),
					})),
				}),
				reset: ({ empty }) => {
					store.clear();
					const accounts = options.accounts ?? [defaultAccount()];
					if (!empty && ctx.seed !== undefined) seedMiinto(store, ctx.seed, now());
					accounts.forEach((a) => store.accounts.set(a.username, a));
					if (store.shops.size === 0) seedShopsOnly();
				},
				seed: (input) => seedData(asInput(input)),
			},
			hooks: {
				error: (status, error, req) =>
					failureResponse(
						status,
						error.detail ?? error.title,
						req ? versionOf(req) : ORDER_API_VERSION,
					),
				authenticate,
				authFault: (kind, req) => {
					const channel = store.channels.get(headerValue(req, AUTH_HEADERS.id) ?? '');
					if (channel) {
						if (kind === 'token-revoked') channel.revoked = true;
						else channel.expiresAt = Math.min(channel.expiresAt, now());
					}
					return expired(req);
				},
				rateLimited: (d, req) =>
					failureResponse(
						429,
						'Too many requests; retry after Retry-After seconds.',
						versionOf(req),
						{
							'retry-after': String(d.realSeconds(Math.max(1000, d.retryAfterMs))),
						},
					),
				validateRequest: (req) => checkMiintoRequest(contract, req, versionOf(req)),
				checkResponse: (req, _route, res) =>
					res.status === 501 ? [] : checkMiintoResponse(contract, req, res),
				malformedBody: (req) =>
					failureResponse(400, 'The request body is not valid JSON.', versionOf(req)),
			},
		};

		/** Without a start-up seed: the account's shops exist (so channels have privileges), with their feeds. */
		function seedShopsOnly(): void {
			const empty = new MiintoStore(settings);
			seedMiinto(empty, ctx.seed ?? 1, now());
			for (const shop of empty.shops.values()) store.shops.set(shop.id, shop);
			for (const [id, items] of empty.items) store.items.set(id, items);
		}
	};
}
