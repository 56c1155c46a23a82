import { snapshotOf } from '../core/service.mts';
import type { BolState } from './state.mts';
import { translateError } from '../core/attempt.mts';
import {
	emptyResponse,
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
} from '../core/http.mts';
import type { OpenApiValidator } from '../core/openapi.mts';
import { Random } from '../core/random.mts';
import type { HttpMethod, RouteDefinition } from '../core/router.mts';
import { asInput } from '../seed/input.mts';
import {
	SeedError,
	type ServiceContext,
	type ServiceDefinition,
	type ServiceFactory,
} from '../core/service.mts';
import {
	BOL_DEFAULT_CLIENT_ID,
	BOL_DEFAULT_CLIENT_SECRET,
	applyTokenFault,
	authenticateBearer,
	issueToken,
} from './auth.mts';
import type { BolClient, BolOffer, ProcessAction } from './model.mts';
import {
	presentOfferV10,
	presentOfferV11,
	presentOrder,
	presentProcessStatus,
	presentReducedOrder,
	presentReducedReturn,
	presentReducedShipment,
	presentReturn,
	presentShipment,
} from './present.mts';
import { labelPdf, presentDeliveryOption } from './labels.mts';
import { BOL_RATE_LIMITS } from './rate-limits.mts';
import {
	SeedInputError,
	generateBolSeed,
	offerFromInput,
	orderFromInput,
	returnFromInput,
} from './seed.mts';
import {
	V11,
	bolValidator,
	checkRequest,
	familyMediaType,
	selectOperation,
	type SelectedOperation,
	type Violation,
} from './spec.mts';
import {
	BolStore,
	DEFAULT_BOL_SETTINGS,
	paginate,
	type BolSettings,
	type OrderFilter,
} from './store.mts';

export { BOL_DEFAULT_CLIENT_ID, BOL_DEFAULT_CLIENT_SECRET } from './auth.mts';
export { generateBolSeed } from './seed.mts';

export interface BolOptions {
	/** OAuth clients accepted by `POST /token`; default one client `bol-emulator-client` / `bol-emulator-secret`. */
	clients?: BolClient[];
	settings?: Partial<BolSettings>;
}

type Body = Record<string, unknown>;
const asBody = asInput;

function intParam(req: EmulatorRequest, name: string, fallback: number): number {
	const raw = req.query.get(name);
	const value = raw === null ? NaN : Number(raw);
	return Number.isInteger(value) ? value : fallback;
}

const THREE_MONTHS_MS = 92 * 24 * 3_600_000;

/** The bol.com Retailer API v10 + Offers API v11 + login.bol.com token endpoint. */
export function bolService(options: BolOptions = {}): ServiceFactory {
	return (ctx: ServiceContext): ServiceDefinition => {
		const clients = options.clients ?? [
			{
				clientId: BOL_DEFAULT_CLIENT_ID,
				clientSecret: BOL_DEFAULT_CLIENT_SECRET,
				scope: 'RETAILER',
			},
		];
		const settings: BolSettings = { ...DEFAULT_BOL_SETTINGS, ...options.settings };
		const store = new BolStore(settings);
		const validator: OpenApiValidator = bolValidator();
		const selected = new WeakMap<EmulatorRequest, SelectedOperation>();
		const now = () => ctx.clock.now();

		const problemFor =
			(req: EmulatorRequest | undefined) =>
			(
				status: number,
				title: string,
				detail: string,
				violations: Violation[] = [],
			): EmulatorResponse =>
				jsonResponse(
					status,
					{
						type: 'https://api.bol.com/problems',
						title,
						status,
						detail,
						host: 'Emulator-bol',
						instance: `${ctx.url()}${req?.path ?? ''}`,
						violations,
					},
					familyMediaType(req?.path ?? ''),
				);
		const badRequest = (req: EmulatorRequest, violations: Violation[]) =>
			problemFor(req)(
				400,
				'Error validating request. Consult the bol.com API documentation for more information.',
				'Bad request',
				violations,
			);
		const notFound = (req: EmulatorRequest, detail: string) =>
			problemFor(req)(404, 'Not Found', detail);
		const accepted = (req: EmulatorRequest, action: ProcessAction) =>
			jsonResponse(
				202,
				presentProcessStatus(store.createProcess(action, now()), ctx.url()),
				familyMediaType(req.path),
			);
		const ok = (req: EmulatorRequest, body: unknown) =>
			jsonResponse(200, body, familyMediaType(req.path));
		/** bol leaves empty collections out: an empty list comes back as `{}`. */
		const list = (req: EmulatorRequest, key: string, items: unknown[]) =>
			ok(req, items.length === 0 ? {} : { [key]: items });

		function listOrders(req: EmulatorRequest): EmulatorResponse {
			const latestChangeDate = req.query.get('latest-change-date') ?? undefined;
			if (latestChangeDate !== undefined) {
				const parsed = /^\d{4}-\d{2}-\d{2}$/.test(latestChangeDate)
					? Date.parse(`${latestChangeDate}T00:00:00Z`)
					: NaN;
				if (Number.isNaN(parsed)) {
					return badRequest(req, [
						{
							name: 'latest-change-date',
							reason: `Request contains invalid value(s): '${latestChangeDate}', expected format: yyyy-MM-dd.`,
						},
					]);
				}
				if (parsed < now() - THREE_MONTHS_MS) {
					return badRequest(req, [
						{ name: 'latest-change-date', reason: 'must not be more than 3 months in the past' },
					]);
				}
			}
			const interval = req.query.get('change-interval-minute');
			const filter: OrderFilter = {
				page: intParam(req, 'page', 1),
				fulfilmentMethod: (req.query.get('fulfilment-method') ??
					'FBR') as OrderFilter['fulfilmentMethod'],
				status: (req.query.get('status') ?? 'OPEN') as OrderFilter['status'],
				changeIntervalMinute: interval === null ? undefined : Number(interval),
				latestChangeDate,
				vvbOnly: req.query.get('vvb-only') === 'true',
			};
			return list(
				req,
				'orders',
				store
					.listOrders(filter, now())
					.map(({ order, items }) => presentReducedOrder(order, items)),
			);
		}

		/** The `orderItems` of a label request: id and, when given, quantity (omitted: all that is open). */
		function labelLines(req: EmulatorRequest) {
			const body = asBody(req.body);
			return (Array.isArray(body.orderItems) ? body.orderItems : []).map((line) => {
				const item = asBody(line);
				return {
					orderItemId: String(item.orderItemId ?? ''),
					quantity: typeof item.quantity === 'number' ? item.quantity : null,
				};
			});
		}

		function listShipments(req: EmulatorRequest): EmulatorResponse {
			const method = req.query.get('fulfilment-method');
			const orderId = req.query.get('order-id');
			const shipments = [...store.shipments.values()]
				.filter((s) => orderId === null || s.orderId === orderId)
				.filter(
					(s) =>
						method === null ||
						store.item(s.items[0]?.orderItemId ?? '')?.item.fulfilmentMethod === method,
				)
				.sort((a, b) => b.createdAt - a.createdAt);
			return list(
				req,
				'shipments',
				paginate(shipments, intParam(req, 'page', 1)).map((s) =>
					presentReducedShipment(s, store.orders.get(s.orderId)),
				),
			);
		}

		function listReturns(req: EmulatorRequest): EmulatorResponse {
			const handled = req.query.get('handled');
			const method = req.query.get('fulfilment-method');
			const entries = [...store.returns.values()]
				.filter((r) => method === null || r.fulfilmentMethod === method)
				.sort((a, b) => b.registeredAt - a.registeredAt)
				.map((r) => ({
					ret: r,
					items: r.items.filter((i) => handled === null || i.handled === (handled === 'true')),
				}))
				.filter((e) => e.items.length > 0);
			return list(
				req,
				'returns',
				paginate(entries, intParam(req, 'page', 1)).map((e) =>
					presentReducedReturn(e.ret, e.items),
				),
			);
		}

		function listOffers(req: EmulatorRequest): EmulatorResponse {
			const ids = req.query.getAll('offer-ids').flatMap((v) => v.split(','));
			const eans = req.query.getAll('eans').flatMap((v) => v.split(','));
			const reference = req.query.get('reference');
			const forSale = req.query.get('for-sale');
			const modifiedSince = req.query.get('last-modified-date-time');
			const pageSize = intParam(req, 'page-size', 50);
			const cursor = req.query.get('cursor');
			let after = 0;
			if (cursor !== null) {
				try {
					after = Number(
						(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after: number })
							.after,
					);
				} catch {
					after = NaN;
				}
				if (!Number.isInteger(after))
					return badRequest(req, [
						{ name: 'cursor', reason: `Request contains invalid value(s): '${cursor}'.` },
					]);
			}
			const since = modifiedSince === null ? undefined : Date.parse(modifiedSince);
			const matching = [...store.offers.values()]
				.filter((o) => ids.length === 0 || ids.includes(o.offerId))
				.filter((o) => eans.length === 0 || eans.includes(o.ean))
				.filter((o) => reference === null || o.reference === reference)
				.filter(
					(o) =>
						forSale === null ||
						(forSale === 'true') === (!o.onHoldByRetailer && store.correctedStock(o) > 0),
				)
				.filter((o) => since === undefined || Number.isNaN(since) || o.lastModifiedAt >= since)
				.sort((a, b) => a.seq - b.seq)
				.filter((o) => o.seq > after);
			const page = matching.slice(0, pageSize);
			const last = page[page.length - 1];
			const nextCursor =
				matching.length > pageSize && last
					? Buffer.from(JSON.stringify({ after: last.seq })).toString('base64url')
					: null;
			return ok(req, {
				offers: page.map((o) => presentOfferV11(o, store.correctedStock(o))),
				page: { pageSize, nextCursor },
			});
		}

		function patchOffer(req: EmulatorRequest, offer: BolOffer): EmulatorResponse {
			const body = asBody(req.body);
			const stock = asBody(body.stock);
			if (typeof stock.amount === 'number' && (stock.amount < 0 || stock.amount > 999)) {
				return badRequest(req, [
					{
						name: 'stock.amount',
						reason:
							stock.amount < 0
								? 'must be greater than or equal to 0'
								: 'must be less than or equal to 999',
					},
				]);
			}
			const at = now();
			if (typeof stock.amount === 'number') {
				offer.stockAmount = stock.amount;
				offer.stockUpdatedAt = at;
			}
			if (typeof stock.managedByRetailer === 'boolean')
				offer.managedByRetailer = stock.managedByRetailer;
			if (typeof body.reference === 'string') offer.reference = body.reference;
			if (typeof body.onHoldByRetailer === 'boolean')
				offer.onHoldByRetailer = body.onHoldByRetailer;
			if (typeof body.unknownProductTitle === 'string')
				offer.unknownProductTitle = body.unknownProductTitle;
			if (typeof body.economicOperatorId === 'string')
				offer.economicOperatorId = body.economicOperatorId;
			const bundles = asBody(body.pricing).bundlePrices;
			if (Array.isArray(bundles) && bundles.length > 0)
				offer.bundlePrices = bundles as BolOffer['bundlePrices'];
			const method = asBody(body.fulfilment).method;
			if (method === 'FBR' || method === 'FBB') offer.fulfilmentMethod = method;
			offer.lastModifiedAt = at;
			return emptyResponse(204);
		}

		function processStatusesBy(req: EmulatorRequest): EmulatorResponse {
			const entityId = req.query.get('entity-id');
			const eventType = req.query.get('event-type');
			const statuses = store
				.processesOf(entityId ?? '', eventType ?? '')
				.sort((a, b) => b.createdAt - a.createdAt);
			return list(
				req,
				'processStatuses',
				paginate(statuses, intParam(req, 'page', 1)).map((ps) =>
					presentProcessStatus(ps, ctx.url()),
				),
			);
		}

		const routes: RouteDefinition[] = [
			{
				method: 'POST',
				path: '/token',
				auth: false,
				handler: (req) => issueToken(req, clients, store, now()),
			},
			{ method: 'GET', path: '/retailer/orders', handler: listOrders },
			{
				method: 'PUT',
				path: '/retailer/orders/cancellation',
				handler: (req) => {
					const line = asBody((asBody(req.body).orderItems as unknown[] | undefined)?.[0]);
					return accepted(req, {
						kind: 'cancel',
						orderItemId: String(line.orderItemId ?? ''),
						reasonCode: String(line.reasonCode ?? ''),
					});
				},
			},
			{
				method: 'GET',
				path: '/retailer/orders/:orderId',
				handler: (req) => {
					const order = store.orders.get(req.params.orderId as string);
					return order
						? ok(req, presentOrder(order))
						: notFound(req, `Order for order id ${req.params.orderId} not found.`);
				},
			},
			{
				method: 'POST',
				path: '/retailer/shipments',
				handler: (req) => {
					const body = asBody(req.body);
					const items = (Array.isArray(body.orderItems) ? body.orderItems : []).map((line) =>
						asBody(line),
					);
					return accepted(req, {
						kind: 'ship',
						orderItems: items.map((line) => ({
							orderItemId: String(line.orderItemId ?? ''),
							quantity: typeof line.quantity === 'number' ? line.quantity : null,
						})),
						shipmentReference:
							typeof body.shipmentReference === 'string' ? body.shipmentReference : null,
						shippingLabelId: typeof body.shippingLabelId === 'string' ? body.shippingLabelId : null,
						transport: body.transport
							? {
									transporterCode: String(asBody(body.transport).transporterCode ?? ''),
									trackAndTrace:
										(asBody(body.transport).trackAndTrace as string | undefined) ?? null,
								}
							: null,
					});
				},
			},
			{ method: 'GET', path: '/retailer/shipments', handler: listShipments },
			{
				method: 'POST',
				path: '/retailer/shipping-labels/delivery-options',
				handler: (req) => {
					const result = store.deliveryOptions(labelLines(req), now());
					if ('error' in result)
						return badRequest(req, [{ name: 'orderItems', reason: result.error }]);
					return ok(req, {
						deliveryOptions: result.offers.map((offer) => presentDeliveryOption(offer, now())),
					});
				},
			},
			{
				method: 'POST',
				path: '/retailer/shipping-labels',
				handler: (req) =>
					accepted(req, {
						kind: 'create-label',
						orderItems: labelLines(req),
						shippingLabelOfferId: String(asBody(req.body).shippingLabelOfferId ?? ''),
					}),
			},
			{
				method: 'GET',
				path: '/retailer/shipping-labels/:shippingLabelId',
				handler: (req) => {
					const label = store.labels.get(req.params.shippingLabelId as string);
					if (!label)
						return notFound(req, `Shipping label ${req.params.shippingLabelId} not found.`);
					return {
						status: 200,
						raw: labelPdf(label),
						contentType: 'application/vnd.retailer.v10+pdf',
						headers: {
							'x-track-and-trace-code': label.trackAndTrace,
							'x-transporter-code': label.transporterCode,
						},
					};
				},
			},
			{
				method: 'GET',
				path: '/retailer/shipments/:shipmentId',
				handler: (req) => {
					const shipment = store.shipments.get(req.params.shipmentId as string);
					return shipment
						? ok(req, presentShipment(shipment, store.orders.get(shipment.orderId)))
						: notFound(req, `Shipment with id ${req.params.shipmentId} not found.`);
				},
			},
			{
				method: 'PUT',
				path: '/retailer/transports/:transportId',
				handler: (req) => {
					const body = asBody(req.body);
					return accepted(req, {
						kind: 'change-transport',
						transportId: req.params.transportId as string,
						transporterCode: typeof body.transporterCode === 'string' ? body.transporterCode : null,
						trackAndTrace: String(body.trackAndTrace ?? ''),
					});
				},
			},
			{ method: 'GET', path: '/retailer/returns', handler: listReturns },
			{
				method: 'POST',
				path: '/retailer/returns',
				handler: (req) => {
					const body = asBody(req.body);
					return accepted(req, {
						kind: 'create-return',
						orderItemId: String(body.orderItemId ?? ''),
						quantityReturned: Number(body.quantityReturned ?? 0),
						handlingResult: String(body.handlingResult ?? ''),
					});
				},
			},
			{
				method: 'GET',
				path: '/retailer/returns/:returnId',
				handler: (req) => {
					const ret = store.returns.get(req.params.returnId as string);
					return ret
						? ok(req, presentReturn(ret))
						: notFound(req, `Return with id ${req.params.returnId} not found.`);
				},
			},
			{
				method: 'PUT',
				path: '/retailer/returns/:rmaId',
				handler: (req) => {
					const body = asBody(req.body);
					return accepted(req, {
						kind: 'handle-return',
						rmaId: req.params.rmaId as string,
						quantityReturned: Number(body.quantityReturned ?? 0),
						handlingResult: String(body.handlingResult ?? ''),
					});
				},
			},
			{ method: 'GET', path: '/retailer/offers', handler: listOffers },
			{
				method: 'GET',
				path: '/retailer/offers/:offerId',
				handler: (req) => {
					const offer = store.offers.get(req.params.offerId as string);
					if (!offer) return notFound(req, `Offer with id ${req.params.offerId} not found.`);
					const v11 = selected.get(req)?.operation.file.endsWith('offers-v11.yaml') ?? true;
					const body = v11
						? presentOfferV11(offer, store.correctedStock(offer))
						: presentOfferV10(offer, store.correctedStock(offer));
					return jsonResponse(200, body, v11 ? V11 : 'application/vnd.retailer.v10+json');
				},
			},
			{
				method: 'PATCH',
				path: '/retailer/offers/:offerId',
				handler: (req) => {
					const offer = store.offers.get(req.params.offerId as string);
					return offer
						? patchOffer(req, offer)
						: notFound(req, `Offer with id ${req.params.offerId} not found.`);
				},
			},
			{
				method: 'PUT',
				path: '/retailer/offers/:offerId/stock',
				handler: (req) => {
					const body = asBody(req.body);
					const res = accepted(req, {
						kind: 'update-stock',
						offerId: req.params.offerId as string,
						amount: Number(body.amount ?? 0),
						managedByRetailer: body.managedByRetailer === true,
					});
					return res;
				},
			},
			{ method: 'GET', path: '/shared/process-status', handler: processStatusesBy },
			{
				method: 'POST',
				path: '/shared/process-status',
				handler: (req) => {
					const queries = asBody(req.body).processStatusQueries;
					const ids = (Array.isArray(queries) ? queries : []).map((q) =>
						String(asBody(q).processStatusId ?? ''),
					);
					const found = ids.map((id) => store.processes.get(id)).filter((ps) => ps !== undefined);
					return list(
						req,
						'processStatuses',
						found.map((ps) => presentProcessStatus(ps, ctx.url())),
					);
				},
			},
			{
				method: 'GET',
				path: '/shared/process-status/:processStatusId',
				handler: (req) => {
					const ps = store.processes.get(req.params.processStatusId as string);
					return ps
						? ok(req, presentProcessStatus(ps, ctx.url()))
						: notFound(req, `Process status with id ${req.params.processStatusId} not found.`);
				},
			},
		];
		// Everything else under /retailer and /shared: 501 for operations of the spec that are not emulated, 404 otherwise.
		for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as HttpMethod[]) {
			for (const prefix of ['/retailer/*', '/shared/*']) {
				routes.push({
					method,
					path: prefix,
					handler: (req) =>
						validator.operations.some((op) => op.method === req.method && op.regex.test(req.path))
							? problemFor(req)(
									501,
									'Not Implemented',
									`${req.method} ${req.path} is in the bol spec but not emulated.`,
								)
							: notFound(req, `No endpoint ${req.method} ${req.path}.`),
				});
			}
		}

		function seedData(input: Body): Record<string, unknown> {
			const at = now();
			// fork on everything already held, so consecutive seed calls never generate the same ids
			const random = new Random(typeof input.seed === 'number' ? input.seed : (ctx.seed ?? 1)).fork(
				`admin-${store.orders.size}-${store.offers.size}-${store.returns.size}`,
			);
			const summary: Record<string, number> = { orders: 0, offers: 0, shipments: 0, returns: 0 };
			translateError(
				() => {
					if (Array.isArray(input.offers)) {
						for (const offerInput of input.offers) {
							const offer = offerFromInput(asBody(offerInput), random, at, store.offers.size + 1);
							store.offers.set(offer.offerId, offer);
							summary.offers = (summary.offers ?? 0) + 1;
						}
					}
					if (Array.isArray(input.orders)) {
						for (const orderInput of input.orders)
							store.upsertOrder(
								orderFromInput(asBody(orderInput), random, [...store.offers.values()], at),
							);
						summary.orders = input.orders.length;
					} else if (
						typeof input.orders === 'number' ||
						(input.orders === undefined &&
							input.offers === undefined &&
							input.returns === undefined)
					) {
						const count =
							typeof input.orders === 'number' ? input.orders : settings.defaultSeedOrders;
						if (!Number.isInteger(count) || count < 0 || count > 10_000)
							throw new SeedError('orders must be an integer between 0 and 10000');
						const data = generateBolSeed({
							seed: typeof input.seed === 'number' ? input.seed : (ctx.seed ?? 1),
							orders: count,
							now: at,
							withinHours: typeof input.withinHours === 'number' ? input.withinHours : undefined,
							offers: [...store.offers.values()],
						});
						Object.assign(summary, store.load(data));
					}
					if (Array.isArray(input.returns)) {
						for (const returnInput of input.returns) {
							const ref = store.item(String(asBody(returnInput).orderItemId ?? ''));
							if (!ref)
								throw new SeedError(
									`returns: unknown orderItemId ${String(asBody(returnInput).orderItemId)}`,
								);
							store.upsertReturn(
								returnFromInput(asBody(returnInput), random, ref.order, ref.item, at),
							);
						}
						summary.returns = input.returns.length;
					}
				},
				SeedInputError,
				(e) => new SeedError(e.message),
			);
			return summary;
		}

		return {
			name: 'bol',
			routes,
			rateLimitProfile: BOL_RATE_LIMITS,
			info: () => ({
				baseUrl: ctx.url(),
				tokenUrl: `${ctx.url()}/token`,
				clientId: clients[0]?.clientId,
				clientSecret: clients[0]?.clientSecret,
				credential: { environment: 'custom', baseUrl: ctx.url(), authUrl: `${ctx.url()}/token` },
			}),
			state: {
				settings,
				snapshot: () =>
					snapshotOf<BolState>()({
						orders: [...store.orders.values()].map((o) => presentOrder(o)),
						offers: [...store.offers.values()].map((o) =>
							presentOfferV11(o, store.correctedStock(o)),
						),
						shipments: [...store.shipments.values()].map((s) =>
							presentShipment(s, store.orders.get(s.orderId)),
						),
						returns: [...store.returns.values()].map((r) => presentReturn(r)),
						labels: [...store.labels.values()].map((label) => ({
							shippingLabelId: label.shippingLabelId,
							orderId: label.orderId,
							orderItems: label.items,
							transporterCode: label.transporterCode,
							labelType: label.labelType,
							price: label.price,
							trackAndTrace: label.trackAndTrace,
							usedByShipmentId: label.usedByShipmentId ?? null,
						})),
						processStatuses: [...store.processes.values()].map((ps) => ({
							...presentProcessStatus(ps, ctx.url()),
							dueAt: new Date(ps.dueAt).toISOString(),
						})),
						tokens: [...store.tokens.values()].map((t) => ({
							clientId: t.clientId,
							issuedAt: new Date(t.issuedAt).toISOString(),
							expiresAt: new Date(t.expiresAt).toISOString(),
							revoked: t.revoked,
						})),
					}),
				reset: ({ empty }) => {
					store.clear(ctx.seed ?? 1);
					if (!empty && ctx.seed !== undefined) {
						store.load(
							generateBolSeed({ seed: ctx.seed, orders: settings.defaultSeedOrders, now: now() }),
						);
					}
				},
				seed: (input) => seedData(asBody(input)),
				tick: (at) => store.tick(at),
			},
			hooks: {
				error: (status, error, req) =>
					problemFor(req)(status, error.title, error.detail ?? error.title, error.violations ?? []),
				authenticate: (req) => authenticateBearer(req, store, now(), problemFor(req)),
				authFault: (kind, req) => applyTokenFault(kind, req, store, now(), problemFor(req)),
				rateLimitHeaders: (d) => ({
					'x-ratelimit-limit': String(d.limit),
					'x-ratelimit-remaining': String(d.remaining),
					'x-ratelimit-reset': String(d.realSeconds(d.resetMs)),
				}),
				rateLimited: (d, req) => {
					const res = problemFor(req)(
						429,
						'Too Many Requests',
						'Rate limit exceeded, retry after the time in the Retry-After header.',
					);
					return {
						...res,
						headers: {
							'retry-after': String(d.realSeconds(Math.max(1000, d.retryAfterMs))),
							'x-ratelimit-limit': String(d.limit),
							'x-ratelimit-remaining': '0',
							'x-ratelimit-reset': String(d.realSeconds(Math.max(1000, d.resetMs))),
						},
					};
				},
				validateRequest: (req) => {
					const result = selectOperation(validator, req, problemFor(req));
					if (result === undefined) return undefined;
					if ('status' in result) return result;
					selected.set(req, result);
					return checkRequest(validator, result, req, problemFor(req));
				},
				checkResponse: (req, _route, res) => {
					const op =
						selected.get(req)?.operation ?? validator.find(req.method, req.path)?.operation;
					if (!op || (res.status >= 400 && !(String(res.status) in op.responses))) return [];
					// a file (a label PDF): its media type is checked, not its bytes against the spec's byte-string schema
					if (res.raw !== undefined) {
						const declared = Object.keys(op.responses[String(res.status)] ?? {});
						return res.contentType !== undefined && declared.includes(res.contentType)
							? []
							: [`media type ${res.contentType} is not one of ${declared.join(', ')}`];
					}
					const empty =
						typeof res.body === 'object' && res.body !== null && Object.keys(res.body).length === 0;
					if (empty && res.status === 200) return [];
					return validator.validateResponse(op, res.status, res.contentType, res.body);
				},
				malformedBody: (req) =>
					badRequest(req, [{ name: 'body', reason: 'Request body is not valid JSON.' }]),
			},
		};
	};
}
