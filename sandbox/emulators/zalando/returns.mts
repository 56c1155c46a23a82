import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from '../core/http.mts';
import { JSON_API, linkWith } from '../core/jsonapi.mts';
import type { RouteDefinition } from '../core/router.mts';
import { QueryError, merchantOf, type OrdersContext } from './orders.mts';
import { presentAnnouncedReturn } from './present.mts';

/**
 * `GET /merchants/{mid}/announced-returns` (doc §1.9): returns customers announced on the Zalando site, newest first
 * (`sort=return_registered_at` for oldest first), cursor paging (`limit` 1..1000, default 50), `after` inclusive,
 * `before` exclusive, `sales_channel_id`. The cursor is opaque: the position after the last return of the page.
 */

function decodeCursor(raw: string): number {
	const parsed = (() => {
		try {
			return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { o?: unknown };
		} catch {
			return {};
		}
	})();
	if (!Number.isInteger(parsed.o) || (parsed.o as number) < 0)
		throw new QueryError([
			{ title: 'Bad Request', detail: `cursor '${raw}' is not valid.`, parameter: 'cursor' },
		]);
	return parsed.o as number;
}

function time(req: EmulatorRequest, name: string): number | undefined {
	const raw = req.query.get(name);
	if (raw === null) return undefined;
	const value = Date.parse(raw);
	if (Number.isNaN(value))
		throw new QueryError([
			{ title: 'Bad Request', detail: `${name} must be an ISO 8601 date-time.`, parameter: name },
		]);
	return value;
}

function listAnnouncedReturns(req: EmulatorRequest, ctx: OrdersContext): EmulatorResponse {
	const mid = merchantOf(req);
	const limit = Number(req.query.get('limit') ?? 50);
	if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
		throw new QueryError([
			{ title: 'Bad Request', detail: 'limit must be between 1 and 1000.', parameter: 'limit' },
		]);
	const sort = req.query.get('sort') ?? '-return_registered_at';
	if (!['-return_registered_at', 'return_registered_at', '+return_registered_at'].includes(sort))
		throw new QueryError([
			{
				title: 'Bad Request',
				detail: 'sort supports return_registered_at only.',
				parameter: 'sort',
			},
		]);
	const after = time(req, 'after');
	const before = time(req, 'before');
	const channel = req.query.get('sales_channel_id');
	const cursor = req.query.get('cursor');
	const offset = cursor === null ? 0 : decodeCursor(cursor);
	const sign = sort.startsWith('-') ? -1 : 1;
	const all = [...ctx.store.announcedReturns.values()]
		.filter(
			(r) =>
				(after === undefined || r.registeredAt >= after) &&
				(before === undefined || r.registeredAt < before) &&
				(channel === null || r.salesChannelId === channel) &&
				r.orders.some((o) => ctx.store.orders.get(o.orderId)?.merchantId === mid),
		)
		.sort(
			(a, b) =>
				sign * (a.registeredAt - b.registeredAt) ||
				a.announcedReturnId.localeCompare(b.announcedReturnId),
		);
	const page = all.slice(offset, offset + limit);
	const at = (o: number) =>
		linkWith(req, { cursor: Buffer.from(JSON.stringify({ o })).toString('base64url') });
	return jsonResponse(
		200,
		{
			data: page.map((r) => presentAnnouncedReturn(r, ctx.store.orders)),
			links: {
				self: linkWith(req, {}),
				...(offset > 0 ? { prev: at(Math.max(0, offset - limit)) } : {}),
				...(offset + limit < all.length ? { next: at(offset + limit) } : {}),
			},
		},
		JSON_API,
	);
}

export function returnRoutes(ctx: OrdersContext): RouteDefinition[] {
	return [
		{
			method: 'GET',
			path: '/merchants/:mid/announced-returns',
			handler: (req) => listAnnouncedReturns(req, ctx),
		},
	];
}
