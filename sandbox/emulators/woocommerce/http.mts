import { pageParams, type Body } from '../commerce.mts';
import { withErrorMapping } from '../core/attempt.mts';
import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from '../core/http.mts';
import type { HttpMethod, RouteDefinition } from '../core/router.mts';
import { PREFIX } from './constants.mts';
import { WooError } from './store.mts';

/** WooCommerce's (WordPress REST) error body: `{code, message, data: {status, ...}}`. */
export const wooError = (
	status: number,
	code: string,
	message: string,
	data: Body = {},
): EmulatorResponse => jsonResponse(status, { code, message, data: { status, ...data } });

/** A page of a list (`page`, `per_page` up to 100) with `X-WP-Total`, `X-WP-TotalPages` and a Link header. */
export function listResponse(req: EmulatorRequest, items: Body[]): EmulatorResponse {
	const { page, size, valid } = pageParams(
		req,
		{ page: 'page', size: 'per_page' },
		{ size: 10, max: 100 },
	);
	if (!valid) {
		return wooError(400, 'rest_invalid_param', 'Invalid parameter(s): per_page', {
			params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' },
		});
	}
	const totalPages = Math.ceil(items.length / size);
	const link = (p: number) => {
		const url = new URL(`${req.origin}${req.path}`);
		for (const [k, v] of req.query) if (k !== 'page') url.searchParams.append(k, v);
		url.searchParams.set('page', String(p));
		return url.toString();
	};
	const links = [
		page > 1 ? `<${link(page - 1)}>; rel="prev"` : '',
		page < totalPages ? `<${link(page + 1)}>; rel="next"` : '',
	].filter(Boolean);
	return jsonResponse(200, items.slice((page - 1) * size, page * size), 'application/json', {
		'x-wp-total': String(items.length),
		'x-wp-totalpages': String(totalPages),
		...(links.length > 0 ? { link: links.join(', ') } : {}),
	});
}

export function sortBy<T extends { id: number; date_created: number; date_modified: number }>(
	req: EmulatorRequest,
	items: T[],
): T[] {
	const orderby = req.query.get('orderby') ?? 'date';
	const dir = (req.query.get('order') ?? 'desc') === 'asc' ? 1 : -1;
	const keyOf = (item: T) =>
		orderby === 'id' ? item.id : orderby === 'modified' ? item.date_modified : item.date_created;
	return [...items].sort((a, b) => dir * (keyOf(a) - keyOf(b) || a.id - b.id));
}

export const parsedDate = (value: string | null) =>
	value === null
		? undefined
		: Date.parse(value.endsWith('Z') || /[+-]\d{2}:\d{2}$/.test(value) ? value : `${value}Z`);
export const listOfIds = (value: string | null) =>
	value === null ? undefined : value.split(',').map(Number);

export /** WooCommerce deletes these resources only with force=true (they have no trash). */
function requireForce(req: EmulatorRequest, what: string): void {
	if (req.query.get('force') !== 'true') {
		throw new WooError(
			501,
			'woocommerce_rest_trash_not_supported',
			`${what} does not support trashing.`,
		);
	}
}
export /** WordPress accepts POST, PUT and PATCH for updates of a single item. */
const editable = (path: string, handler: RouteDefinition['handler']): RouteDefinition[] =>
	(['POST', 'PUT', 'PATCH'] as HttpMethod[]).map((method) => ({
		method,
		path: `${PREFIX}${path}`,
		handler,
	}));
export const route = (
	method: HttpMethod,
	path: string,
	handler: RouteDefinition['handler'],
): RouteDefinition => ({ method, path: `${PREFIX}${path}`, handler });
export const created = (body: Body) => jsonResponse(201, body);
export const ok = (body: unknown) => jsonResponse(200, body);

/** A WooError thrown by the rules becomes WooCommerce's `{code, message, data}` error. */
export function withWooErrors(routes: RouteDefinition[]): RouteDefinition[] {
	return routes.map((r) => ({
		...r,
		handler: withErrorMapping(r.handler, (e) =>
			e instanceof WooError ? wooError(e.status, e.code, e.message, e.data) : undefined,
		),
	}));
}
