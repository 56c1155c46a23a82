import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from '../core/http.mts';
import { Random } from '../core/random.mts';
import type { RouteDefinition } from '../core/router.mts';
import {
	SeedError,
	type ServiceContext,
	type ServiceDefinition,
	type ServiceFactory,
} from '../core/service.mts';
import {
	applyTokenFault,
	authenticateAmazon,
	issueLwaToken,
	issueRdt,
	type AmazonErrorFactory,
} from './auth.mts';
import { downloadDocument, uploadDocument } from './documents.mts';
import {
	cancelFeed,
	createFeed,
	createFeedDocument,
	getFeed,
	getFeedDocument,
	getFeeds,
	presentFeed,
	tickFeeds,
} from './feeds.mts';
import {
	getListingsItem,
	patchListingsItem,
	presentListing,
	searchListingsItems,
} from './listings.mts';
import { confirmShipment, getOrder, searchOrders } from './orders.mts';
import { AMAZON_RATE_LIMITS } from './rate-limits.mts';
import {
	createReport,
	getReport,
	getReportDocument,
	presentReport,
	tickReports,
} from './reports.mts';
import {
	MARKETPLACE_BE,
	MARKETPLACE_DE,
	MARKETPLACE_NL,
	generateAmazonSeed,
	listingFromInput,
	orderFromInput,
	returnFromInput,
	sandboxOrders,
} from './seed.mts';
import { amazonValidator, checkAmazonRequest, violationMessage } from './spec.mts';
import {
	AmazonStore,
	DEFAULT_AMAZON_SETTINGS,
	type AmazonApp,
	type AmazonSettings,
	type Json,
	type Seller,
} from './store.mts';

/**
 * The Amazon Selling Partner API emulator: Login with Amazon, Orders v2026-01-01 (+ v0 confirmShipment), Tokens
 * (RDT), Listings Items, Feeds and Reports with pre-signed S3 documents, on the emulator core (clock, rate limits,
 * faults, request log, admin API). Requests are validated against the official models (sandbox/emulators/specs/amazon).
 *
 * Credential for the node (environment `custom`): baseUrl = the service URL, authUrl = `${url}/auth/o2/token`,
 * client id/secret and refresh token below, seller id `A2EMULATORSELLER`, marketplaces NL, BE, DE.
 */
export const AMAZON_DEFAULT_CLIENT_ID = 'amzn1.application-oa2-client.emulator0000000000000000';
export const AMAZON_DEFAULT_CLIENT_SECRET =
	'amzn1.oa2-cs.v1.emulator-secret-0000000000000000000000000';
export const AMAZON_DEFAULT_REFRESH_TOKEN = 'Atzr|IwEBIemulator-refresh-token-0000000000000000';
export const AMAZON_DEFAULT_SELLER_ID = 'A2EMULATORSELLER';
export const AMAZON_DEFAULT_MARKETPLACES = [MARKETPLACE_NL, MARKETPLACE_BE, MARKETPLACE_DE];

/** The LWA refresh-token grant of the default app and seller (form fields of `POST /auth/o2/token`). */
export const AMAZON_DEFAULT_TOKEN_FORM = {
	grant_type: 'refresh_token',
	refresh_token: AMAZON_DEFAULT_REFRESH_TOKEN,
	client_id: AMAZON_DEFAULT_CLIENT_ID,
	client_secret: AMAZON_DEFAULT_CLIENT_SECRET,
};

/** An access token of the default app from the emulator at `url`, for calls made beside the node (tests, set-up). */
export async function amazonEmulatorAccessToken(url: string): Promise<string> {
	const response = await fetch(`${url}/auth/o2/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(AMAZON_DEFAULT_TOKEN_FORM).toString(),
	});
	if (!response.ok)
		throw new Error(`the Amazon emulator refused the token request: ${response.status}`);
	return ((await response.json()) as { access_token: string }).access_token;
}

/** The amazonSellingPartnerApi credential data for an emulator at `url` with the default app and seller. */
export function amazonEmulatorCredentialData(url: string) {
	return {
		clientId: AMAZON_DEFAULT_CLIENT_ID,
		clientSecret: AMAZON_DEFAULT_CLIENT_SECRET,
		refreshToken: AMAZON_DEFAULT_REFRESH_TOKEN,
		region: 'eu',
		sellerId: AMAZON_DEFAULT_SELLER_ID,
		marketplaceIds: AMAZON_DEFAULT_MARKETPLACES,
		otherMarketplaceIds: '',
		environment: 'custom',
		baseUrl: url,
		authUrl: `${url}/auth/o2/token`,
		accessToken: '',
	};
}

export interface AmazonOptions {
	app?: AmazonApp;
	sellers?: Seller[];
	settings?: Partial<AmazonSettings>;
}

function asBody(value: unknown): Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Json)
		: {};
}

export function amazonService(options: AmazonOptions = {}): ServiceFactory {
	return (ctx: ServiceContext): ServiceDefinition => {
		const app = options.app ?? {
			clientId: AMAZON_DEFAULT_CLIENT_ID,
			clientSecret: AMAZON_DEFAULT_CLIENT_SECRET,
		};
		const sellers = options.sellers ?? [
			{
				sellerId: AMAZON_DEFAULT_SELLER_ID,
				refreshToken: AMAZON_DEFAULT_REFRESH_TOKEN,
				marketplaceIds: AMAZON_DEFAULT_MARKETPLACES,
				piiRole: true,
			},
		];
		const settings = { ...DEFAULT_AMAZON_SETTINGS, ...options.settings } as AmazonSettings;
		const store = new AmazonStore(app, sellers, settings);
		const now = () => ctx.clock.now();
		let requestCounter = 0;
		const requestId = () =>
			`emu-${(++requestCounter).toString(16).padStart(8, '0')}-${store.random.chars(8, '0123456789abcdef')}`;

		/** Amazon's error body `{errors: [{code, message, details}]}` with `x-amzn-RequestId`. */
		const error: AmazonErrorFactory = (status, code, message, details) =>
			jsonResponse(
				status,
				{ errors: [{ code, message, ...(details === undefined ? {} : { details }) }] },
				'application/json',
				{
					'x-amzn-RequestId': requestId(),
				},
			);

		/** Every SP-API answer carries `x-amzn-RequestId`; a body that could not be parsed is Amazon's 400. */
		const api =
			(handler: (req: EmulatorRequest) => EmulatorResponse): RouteDefinition['handler'] =>
			(req) => {
				if (req.bodyError !== undefined)
					return error(400, 'InvalidInput', 'The request body is not valid JSON.', req.bodyError);
				const res = handler(req);
				return { ...res, headers: { 'x-amzn-RequestId': requestId(), ...res.headers } };
			};

		const routes: RouteDefinition[] = [
			{
				method: 'POST',
				path: '/auth/o2/token',
				auth: false,
				handler: (req) => issueLwaToken(req, store, now()),
			},
			{
				method: 'PUT',
				path: '/s3/:bucket/:document',
				auth: false,
				handler: (req) => uploadDocument(req, store, now()),
			},
			{
				method: 'GET',
				path: '/s3/:bucket/:document',
				auth: false,
				handler: (req) => downloadDocument(req, store, now()),
			},
			{
				method: 'POST',
				path: '/tokens/2021-03-01/restrictedDataToken',
				handler: api((req) => issueRdt(req, req.principal!, store, now(), error)),
			},
			{
				method: 'GET',
				path: '/orders/2026-01-01/orders',
				handler: api((req) => searchOrders(req, store, now(), error)),
			},
			{
				method: 'GET',
				path: '/orders/2026-01-01/orders/:orderId',
				handler: api((req) => getOrder(req, store, error)),
			},
			{
				method: 'POST',
				path: '/orders/v0/orders/:orderId/shipmentConfirmation',
				handler: api((req) => confirmShipment(req, store, now(), error)),
			},
			{
				method: 'GET',
				path: '/listings/2021-08-01/items/:sellerId',
				handler: api((req) => searchListingsItems(req, store, error)),
			},
			{
				method: 'GET',
				path: '/listings/2021-08-01/items/:sellerId/:sku',
				handler: api((req) => getListingsItem(req, store, error)),
			},
			{
				method: 'PATCH',
				path: '/listings/2021-08-01/items/:sellerId/:sku',
				handler: api((req) => patchListingsItem(req, store, now(), error)),
			},
			{
				method: 'POST',
				path: '/feeds/2021-06-30/documents',
				handler: api((req) => createFeedDocument(req, store, now())),
			},
			{
				method: 'GET',
				path: '/feeds/2021-06-30/documents/:feedDocumentId',
				handler: api((req) => getFeedDocument(req, store, now(), error)),
			},
			{
				method: 'POST',
				path: '/feeds/2021-06-30/feeds',
				handler: api((req) => createFeed(req, store, now(), error)),
			},
			{
				method: 'GET',
				path: '/feeds/2021-06-30/feeds',
				handler: api((req) => getFeeds(req, store, error)),
			},
			{
				method: 'GET',
				path: '/feeds/2021-06-30/feeds/:feedId',
				handler: api((req) => getFeed(req, store, error)),
			},
			{
				method: 'DELETE',
				path: '/feeds/2021-06-30/feeds/:feedId',
				handler: api((req) => cancelFeed(req, store, now(), error)),
			},
			{
				method: 'POST',
				path: '/reports/2021-06-30/reports',
				handler: api((req) => createReport(req, store, now(), error)),
			},
			{
				method: 'GET',
				path: '/reports/2021-06-30/reports/:reportId',
				handler: api((req) => getReport(req, store, error)),
			},
			{
				method: 'GET',
				path: '/reports/2021-06-30/documents/:reportDocumentId',
				handler: api((req) => getReportDocument(req, store, now(), error)),
			},
		];

		/** Requests against the official models: 415 for a body that is not JSON, 400 naming every violation. */
		function validateRequest(req: EmulatorRequest): EmulatorResponse | undefined {
			const check = checkAmazonRequest({
				method: req.method,
				path: req.path,
				query: req.query,
				headers: req.headers as Record<string, string | string[] | undefined>,
				body: req.body,
				contentType: req.contentType,
			});
			const operation = check.operation;
			if (!operation) return undefined;
			if (
				operation.requestBody &&
				req.rawBody.length > 0 &&
				req.contentType !== 'application/json'
			) {
				return error(
					415,
					'UnsupportedMediaType',
					`Content-Type must be application/json; got ${req.contentType ?? 'none'}.`,
				);
			}
			if (req.bodyError !== undefined)
				return error(400, 'InvalidInput', 'The request body is not valid JSON.', req.bodyError);
			// Amazon's parameter names are case-sensitive: a parameter the model does not declare is a client bug
			const known = new Set(
				operation.parameters.filter((p) => p.in === 'query').map((p) => p.name),
			);
			const unknown = [...new Set(req.query.keys())].filter((name) => !known.has(name));
			const problems = [
				...unknown.map(
					(name) => `${name} is not a parameter of ${operation.operationId ?? 'this operation'}`,
				),
				...check.violations.map(violationMessage),
			];
			if (problems.length === 0) return undefined;
			return jsonResponse(
				400,
				{ errors: problems.map((message) => ({ code: 'InvalidInput', message, details: '' })) },
				'application/json',
				{ 'x-amzn-RequestId': requestId() },
			);
		}

		function seedData(input: Json): Record<string, number> {
			const at = now();
			const random = new Random(typeof input.seed === 'number' ? input.seed : (ctx.seed ?? 1)).fork(
				`admin-${store.orders.size}`,
			);
			const sellerId =
				typeof input.sellerId === 'string' ? input.sellerId : (sellers[0]?.sellerId as string);
			const seller = store.seller(sellerId);
			if (!seller) throw new SeedError(`unknown sellerId ${sellerId}`);
			const summary = { orders: 0, listings: 0, returns: 0 };
			if (Array.isArray(input.listings)) {
				for (const listing of input.listings)
					store.putListing(
						listingFromInput(
							asBody(listing),
							sellerId,
							seller.marketplaceIds[0] ?? MARKETPLACE_NL,
							at,
							random,
						),
					);
				summary.listings = input.listings.length;
			}
			if (Array.isArray(input.orders)) {
				for (const order of input.orders) {
					const stored = orderFromInput(order, sellerId);
					store.orders.set(stored.order.orderId, stored);
				}
				summary.orders = input.orders.length;
			} else if (typeof input.orders === 'number') {
				if (!Number.isInteger(input.orders) || input.orders < 0 || input.orders > 10_000)
					throw new SeedError('orders must be an integer between 0 and 10000');
				const data = generateAmazonSeed({
					seed: typeof input.seed === 'number' ? input.seed : (ctx.seed ?? 1),
					orders: input.orders,
					now: at,
					sellerId,
					marketplaceIds: seller.marketplaceIds,
				});
				for (const stored of data.orders) store.orders.set(stored.order.orderId, stored);
				summary.orders = data.orders.length;
			}
			if (Array.isArray(input.returns)) {
				for (const row of input.returns)
					store.returns.push(
						returnFromInput(asBody(row), store.orders.get(String(asBody(row).orderId)), at, random),
					);
				summary.returns = input.returns.length;
			}
			return summary;
		}

		function reset(empty: boolean): void {
			store.clear(ctx.seed ?? 1);
			if (empty) return;
			const seller = sellers[0] as Seller;
			for (const stored of sandboxOrders(seller.sellerId))
				store.orders.set(stored.order.orderId, stored);
			if (ctx.seed === undefined) return;
			const data = generateAmazonSeed({
				seed: ctx.seed,
				orders: settings.defaultSeedOrders,
				now: now(),
				sellerId: seller.sellerId,
				marketplaceIds: seller.marketplaceIds,
			});
			for (const stored of data.orders) store.orders.set(stored.order.orderId, stored);
			for (const listing of data.listings) store.putListing(listing);
			store.returns.push(...data.returns);
		}

		return {
			name: 'amazon',
			routes,
			rateLimitProfile: AMAZON_RATE_LIMITS,
			info: () => ({
				baseUrl: ctx.url(),
				tokenUrl: `${ctx.url()}/auth/o2/token`,
				clientId: app.clientId,
				sellerId: sellers[0]?.sellerId,
				marketplaceIds: sellers[0]?.marketplaceIds,
				credential: {
					environment: 'custom',
					baseUrl: ctx.url(),
					authUrl: `${ctx.url()}/auth/o2/token`,
					clientId: app.clientId,
					sellerId: sellers[0]?.sellerId,
					marketplaceIds: sellers[0]?.marketplaceIds,
				},
			}),
			state: {
				settings,
				snapshot: () => ({
					orders: [...store.orders.values()].map((o) => ({
						sellerId: o.sellerId,
						...o.order,
						emulator: { refunds: o.refunds, cancellations: o.cancellations },
					})),
					listings: [...store.listings.values()].map((l) => ({
						sellerId: l.sellerId,
						marketplaceId: l.marketplaceId,
						...presentListing(l, ['summaries', 'fulfillmentAvailability']),
					})),
					feeds: [...store.feeds.values()].map(presentFeed),
					reports: [...store.reports.values()].map(presentReport),
					returns: store.returns.map((r) => ({
						...r.values,
						requestedAt: new Date(r.requestedAt).toISOString(),
					})),
					tokens: [...store.tokens.values()].map((t) => ({
						kind: t.kind,
						sellerId: t.sellerId,
						issuedAt: new Date(t.issuedAt).toISOString(),
						expiresAt: new Date(t.expiresAt).toISOString(),
						revoked: t.revoked,
						resources: t.resources,
					})),
				}),
				reset: ({ empty }) => reset(empty),
				seed: (input) => seedData(asBody(input)),
				tick: (at) => {
					tickFeeds(store, at);
					tickReports(store, at);
				},
			},
			hooks: {
				error: (status, e) =>
					error(
						status,
						e.code ??
							(status === 404 ? 'NotFound' : status >= 500 ? 'InternalFailure' : 'InvalidInput'),
						e.title,
						e.detail,
					),
				authenticate: (req) => authenticateAmazon(req, store, now(), error),
				authFault: (kind, req) => applyTokenFault(kind, req, store, now(), error),
				rateLimitHeaders: (d): Record<string, string> =>
					d.rule ? { 'x-amzn-RateLimit-Limit': String(d.rule.leakPerSecond ?? d.limit) } : {},
				// Amazon answers a spent bucket with 429 QuotaExceeded; the rate-limit header is not sent on 429
				rateLimited: () =>
					error(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.', ''),
				validateRequest: (req) => validateRequest(req),
				checkResponse: (req, _route, res) => {
					const found = amazonValidator().find(req.method, req.path);
					if (!found) return [];
					const type = res.contentType ?? (res.body === undefined ? undefined : 'application/json');
					return amazonValidator().validateResponse(found.operation, res.status, type, res.body);
				},
			},
		};
	};
}
