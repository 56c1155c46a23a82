import {
	emptyResponse,
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
} from '../core/http.mts';
import { JSON_API, pageLinks } from '../core/jsonapi.mts';
import type { RouteDefinition } from '../core/router.mts';
import { asInput } from '../seed/input.mts';
import { merchantIdsOf } from './auth.mts';
import type { OrderStatus, ZalandoOrder } from './model.mts';
import {
	INCLUDES,
	OrderUrls,
	copyrightMeta,
	includedFor,
	presentItem,
	presentLine,
	presentOrder,
	presentTransition,
	type Include,
} from './present.mts';
import type { Issue } from './spec.mts';
import { ZalandoRuleError, type ZalandoStore } from './store.mts';

/** The Orders API (JSON:API, `application/vnd.api+json`): list, get, export/tracking PATCH, items, lines, transitions. */

export interface OrdersContext {
	store: ZalandoStore;
	now(): number;
}

type Body = Record<string, unknown>;

/** 400 naming each bad query parameter. */
export class QueryError extends Error {
	constructor(readonly issues: Issue[]) {
		super(issues.map((i) => i.detail).join(' '));
	}
}

function badParameter(parameter: string, detail: string): Issue {
	return { title: 'Bad Request', code: 'invalid_parameter', detail, parameter };
}

/** The merchant of the path, if the token may act for it (403 otherwise, as the spec words it). */
export function merchantOf(req: EmulatorRequest): string {
	const mid = req.params.mid as string;
	if (!merchantIdsOf(req.principal).includes(mid))
		throw new ZalandoRuleError(
			403,
			'Forbidden',
			`The privileges of the token are insufficient for merchant ${mid}.`,
		);
	return mid;
}

export function urlsFor(req: EmulatorRequest, mid: string): OrderUrls {
	return new OrderUrls(`${req.origin}/merchants/${mid}`);
}

/** `include=a,b` against the names an endpoint allows (400 for others, as JSON:API requires). */
function includes(req: EmulatorRequest, allowed: readonly Include[]): Set<Include> {
	const raw = req.query.get('include');
	if (raw === null || raw.trim() === '') return new Set();
	const names = raw.split(',').map((n) => n.trim());
	const unknown = names.filter((n) => !(allowed as readonly string[]).includes(n));
	if (unknown.length > 0)
		throw new QueryError([
			badParameter(
				'include',
				`include ${unknown.join(', ')} is not supported; allowed: ${allowed.join(', ')}.`,
			),
		]);
	return new Set(names as Include[]);
}

function intParam(req: EmulatorRequest, names: string[], fallback: number): [number, string] {
	for (const name of names) {
		const raw = req.query.get(name);
		if (raw === null) continue;
		const value = Number(raw);
		if (!Number.isInteger(value))
			throw new QueryError([badParameter(name, `${name} must be an integer; got '${raw}'.`)]);
		return [value, name];
	}
	return [fallback, names[0] as string];
}

function timeParam(req: EmulatorRequest, name: string, issues: Issue[]): number | undefined {
	const raw = req.query.get(name);
	if (raw === null) return undefined;
	const value = Date.parse(raw);
	if (Number.isNaN(value))
		issues.push(badParameter(name, `${name} must be an ISO 8601 date-time; got '${raw}'.`));
	return value;
}

const SORTS: Record<string, (a: ZalandoOrder, b: ZalandoOrder) => number> = {
	modified_at: (a, b) => a.modifiedAt - b.modifiedAt,
	created_at: (a, b) => a.createdAt - b.createdAt,
	order_date: (a, b) => a.orderDate - b.orderDate,
};

function sorter(raw: string): (a: ZalandoOrder, b: ZalandoOrder) => number {
	const keys = raw.split(',').map((k) => k.trim());
	const parts = keys.map((key) => {
		const desc = key.startsWith('-');
		const compare = SORTS[key.replace(/^[-+]/, '')];
		if (!compare)
			throw new QueryError([
				badParameter(
					'sort',
					`sort ${key} is not supported; use ${Object.keys(SORTS).join(', ')} (with - for descending).`,
				),
			]);
		return desc ? (a: ZalandoOrder, b: ZalandoOrder) => compare(b, a) : compare;
	});
	return (a, b) => {
		for (const part of parts) {
			const result = part(a, b);
			if (result !== 0) return result;
		}
		return a.orderId.localeCompare(b.orderId);
	};
}

const STATUSES: readonly OrderStatus[] = ['initial', 'approved', 'fulfilled'];
const TYPES = ['PartnerFulfilled', 'ZalandoFulfilled'];

/** The filters of `GET /merchants/{mid}/orders` (doc §1.2): time bounds are exclusive, order_status any case. */
function orderFilter(req: EmulatorRequest): (order: ZalandoOrder) => boolean {
	const q = req.query;
	const issues: Issue[] = [];
	const createdAfter = timeParam(req, 'created_after', issues);
	const createdBefore = timeParam(req, 'created_before', issues);
	const updatedAfter = timeParam(req, 'last_updated_after', issues);
	const updatedBefore = timeParam(req, 'last_updated_before', issues);
	const status = q.get('order_status')?.toLowerCase();
	if (status !== undefined && !(STATUSES as string[]).includes(status))
		issues.push(
			badParameter('order_status', `order_status must be one of ${STATUSES.join(', ')}.`),
		);
	const type = q.get('order_type');
	const typeName = TYPES.find((t) => t.toLowerCase() === type?.toLowerCase());
	if (type !== null && !typeName)
		issues.push(badParameter('order_type', `order_type must be one of ${TYPES.join(', ')}.`));
	const exported = q.get('exported');
	if (exported !== null && exported !== 'true' && exported !== 'false')
		issues.push(badParameter('exported', 'exported must be true or false.'));
	if (issues.length > 0) throw new QueryError(issues);
	const number = q.get('order_number');
	const channel = q.get('sales_channel_id');
	const locale = q.get('locale')?.toLowerCase();
	return (o) =>
		(createdAfter === undefined || o.createdAt > createdAfter) &&
		(createdBefore === undefined || o.createdAt < createdBefore) &&
		(updatedAfter === undefined || o.modifiedAt > updatedAfter) &&
		(updatedBefore === undefined || o.modifiedAt < updatedBefore) &&
		(status === undefined || o.status === status) &&
		(typeName === undefined || o.orderType === typeName) &&
		(exported === null || o.exported === (exported === 'true')) &&
		(number === null || o.orderNumber === number) &&
		(channel === null || o.salesChannelId === channel) &&
		(locale === undefined || o.locale.toLowerCase() === locale);
}

function listOrders(req: EmulatorRequest, ctx: OrdersContext): EmulatorResponse {
	const mid = merchantOf(req);
	const [size, sizeName] = intParam(req, ['page[size]', 'page_size'], 50);
	const [page, pageName] = intParam(req, ['page[number]', 'page_number'], 0);
	if (size < 1 || size > 1000)
		throw new QueryError([badParameter(sizeName, `${sizeName} must be between 1 and 1000.`)]);
	if (page < 0) throw new QueryError([badParameter(pageName, `${pageName} must be >= 0.`)]);
	const include = includes(req, INCLUDES);
	const compare = sorter(req.query.get('sort') ?? '-modified_at');
	const matches = orderFilter(req);
	const all = [...ctx.store.orders.values()]
		.filter((o) => o.merchantId === mid && matches(o))
		.sort(compare);
	const slice = all.slice(page * size, (page + 1) * size);
	const urls = urlsFor(req, mid);
	const now = ctx.now();
	const canonical = { page_number: undefined, page_size: undefined, 'page[size]': String(size) };
	return jsonResponse(
		200,
		{
			data: slice.map((o) => presentOrder(o, urls, now)),
			...(include.size > 0
				? { included: slice.flatMap((o) => includedFor(o, include, urls, now)) }
				: {}),
			links: pageLinks(req, 'page[number]', page, (page + 1) * size < all.length, canonical),
			meta: { ...copyrightMeta(now), number_of_results: slice.length },
		},
		JSON_API,
	);
}

function getOrder(req: EmulatorRequest, ctx: OrdersContext): EmulatorResponse {
	const mid = merchantOf(req);
	const include = includes(req, INCLUDES);
	const order = ctx.store.order(mid, req.params.oid as string);
	const urls = urlsFor(req, mid);
	const now = ctx.now();
	return jsonResponse(
		200,
		{
			data: presentOrder(order, urls, now),
			...(include.size > 0 ? { included: includedFor(order, include, urls, now) } : {}),
			links: { self: urls.order(order) },
			meta: copyrightMeta(now),
		},
		JSON_API,
	);
}

/** `data.type` and `data.id` must name the resource of the path (JSON:API: 409 otherwise). */
function resourceData(req: EmulatorRequest, type: string, id: string): Body {
	const data = asInput(asInput(req.body).data);
	if (data.type !== type || data.id !== id)
		throw new ZalandoRuleError(
			409,
			'Conflict',
			`data.type must be ${type} and data.id must be ${id}, the resource of the URL.`,
			data.type !== type ? '/data/type' : '/data/id',
		);
	return asInput(data.attributes);
}

function patchOrder(req: EmulatorRequest, ctx: OrdersContext): EmulatorResponse {
	const mid = merchantOf(req);
	const order = ctx.store.order(mid, req.params.oid as string);
	const attributes = resourceData(req, 'Order', order.orderId);
	const text = (key: string) => {
		const value = attributes[key];
		return typeof value === 'string' ? value : undefined;
	};
	const merchantOrderId = text('merchant_order_id');
	const trackingNumber = text('tracking_number');
	const returnTrackingNumber = text('return_tracking_number');
	if (
		merchantOrderId === undefined &&
		trackingNumber === undefined &&
		returnTrackingNumber === undefined
	)
		throw new ZalandoRuleError(
			400,
			'Bad Request',
			'Nothing to update: send merchant_order_id, tracking_number or return_tracking_number.',
			'/data/attributes',
		);
	const now = ctx.now();
	const by = String(req.principal?.id ?? 'merchant');
	if (merchantOrderId !== undefined) ctx.store.exportOrder(order, merchantOrderId, now, by);
	if (trackingNumber !== undefined || returnTrackingNumber !== undefined)
		ctx.store.setTracking(order, { trackingNumber, returnTrackingNumber }, now, by);
	return emptyResponse(204, { location: urlsFor(req, mid).order(order) });
}

function patchLine(req: EmulatorRequest, ctx: OrdersContext): EmulatorResponse {
	const mid = merchantOf(req);
	const ref = ctx.store.line(
		mid,
		req.params.oid as string,
		req.params.iid as string,
		req.params.lid as string,
	);
	const attributes = resourceData(req, 'OrderLine', ref.line.lineId);
	if (typeof attributes.status !== 'string')
		throw new ZalandoRuleError(
			400,
			'Bad Request',
			'status is required.',
			'/data/attributes/status',
		);
	const reason = attributes.reason;
	if (reason !== undefined && !Number.isInteger(reason))
		throw new ZalandoRuleError(
			400,
			'Bad Request',
			'reason must be an integer.',
			'/data/attributes/reason',
		);
	ctx.store.updateLine(
		ref,
		{
			status: attributes.status,
			reason: reason as number | undefined,
			outboundLogisticCenterId:
				typeof attributes.outbound_logistic_center_id === 'string'
					? attributes.outbound_logistic_center_id
					: undefined,
		},
		ctx.now(),
		String(req.principal?.id ?? 'merchant'),
	);
	return emptyResponse(204, {
		location: urlsFor(req, mid).line(ref.order, ref.item, ref.line),
	});
}

function items(req: EmulatorRequest, ctx: OrdersContext, one: boolean): EmulatorResponse {
	const mid = merchantOf(req);
	const include = includes(req, ['order_lines', 'order_lines.order_line_transitions']);
	const order = ctx.store.order(mid, req.params.oid as string);
	const chosen = one ? [ctx.store.item(mid, order.orderId, req.params.iid as string)] : order.items;
	const urls = urlsFor(req, mid);
	const now = ctx.now();
	const lines = chosen.flatMap((item) => item.lines.map((line) => ({ item, line })));
	const included = [
		...(include.size > 0
			? lines.map(({ item, line }) => presentLine(order, item, line, urls, now))
			: []),
		...(include.has('order_lines.order_line_transitions')
			? lines.flatMap(({ line }) =>
					line.transitions.map((t) => presentTransition(t, 'OrderLineTransition')),
				)
			: []),
	];
	const data = chosen.map((item) => presentItem(order, item, urls));
	return jsonResponse(
		200,
		{
			data: one ? data[0] : data,
			...(included.length > 0 ? { included } : {}),
			links: { self: one ? urls.item(order, chosen[0]!) : `${urls.order(order)}/items` },
			meta: copyrightMeta(now),
		},
		JSON_API,
	);
}

function lines(req: EmulatorRequest, ctx: OrdersContext, one: boolean): EmulatorResponse {
	const mid = merchantOf(req);
	const include = includes(req, ['order_lines.order_line_transitions']);
	const order = ctx.store.order(mid, req.params.oid as string);
	const item = ctx.store.item(mid, order.orderId, req.params.iid as string);
	const chosen = one
		? [ctx.store.line(mid, order.orderId, item.itemId, req.params.lid as string).line]
		: item.lines;
	const urls = urlsFor(req, mid);
	const now = ctx.now();
	const data = chosen.map((line) => presentLine(order, item, line, urls, now));
	const included = include.has('order_lines.order_line_transitions')
		? chosen.flatMap((line) =>
				line.transitions.map((t) => presentTransition(t, 'OrderLineTransition')),
			)
		: [];
	return jsonResponse(
		200,
		{
			data: one ? data[0] : data,
			...(included.length > 0 ? { included } : {}),
			links: { self: one ? urls.line(order, item, chosen[0]!) : `${urls.item(order, item)}/lines` },
			meta: copyrightMeta(now),
		},
		JSON_API,
	);
}

function transitions(req: EmulatorRequest, ctx: OrdersContext, ofLine: boolean): EmulatorResponse {
	const mid = merchantOf(req);
	const order = ctx.store.order(mid, req.params.oid as string);
	const list = ofLine
		? ctx.store.line(mid, order.orderId, req.params.iid as string, req.params.lid as string).line
				.transitions
		: order.transitions;
	return jsonResponse(
		200,
		{
			data: list.map((t) =>
				presentTransition(t, ofLine ? 'OrderLineTransition' : 'OrderTransition'),
			),
			links: { self: `${req.origin}${req.path}` },
			meta: copyrightMeta(ctx.now()),
		},
		JSON_API,
	);
}

export function orderRoutes(ctx: OrdersContext): RouteDefinition[] {
	const base = '/merchants/:mid/orders';
	return [
		{ method: 'GET', path: base, handler: (req) => listOrders(req, ctx) },
		{ method: 'GET', path: `${base}/:oid`, handler: (req) => getOrder(req, ctx) },
		{ method: 'PATCH', path: `${base}/:oid`, handler: (req) => patchOrder(req, ctx) },
		{
			method: 'GET',
			path: `${base}/:oid/transitions`,
			handler: (req) => transitions(req, ctx, false),
		},
		{ method: 'GET', path: `${base}/:oid/items`, handler: (req) => items(req, ctx, false) },
		{ method: 'GET', path: `${base}/:oid/items/:iid`, handler: (req) => items(req, ctx, true) },
		{
			method: 'GET',
			path: `${base}/:oid/items/:iid/lines`,
			handler: (req) => lines(req, ctx, false),
		},
		{
			method: 'GET',
			path: `${base}/:oid/items/:iid/lines/:lid`,
			handler: (req) => lines(req, ctx, true),
		},
		{
			method: 'PATCH',
			path: `${base}/:oid/items/:iid/lines/:lid`,
			handler: (req) => patchLine(req, ctx),
		},
		{
			method: 'GET',
			path: `${base}/:oid/items/:iid/lines/:lid/transitions`,
			handler: (req) => transitions(req, ctx, true),
		},
	];
}
