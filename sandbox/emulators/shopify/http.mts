import { asBody, toNumber, type Body } from '../commerce.mts';
import { withErrorMapping } from '../core/attempt.mts';
import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from '../core/http.mts';
import type { HttpMethod, RouteDefinition } from '../core/router.mts';
import { SHOPIFY_API_VERSION } from './constants.mts';
import { ShopifyError } from './store.mts';

/** Shopify's error body: `{errors: ...}` (a string, a list or a field map), or `{error: ...}` as given. */
export const errors = (status: number, body: unknown): EmulatorResponse =>
	jsonResponse(
		status,
		typeof body === 'object' && body !== null && 'error' in body ? body : { errors: body },
	);

export const ok = (body: Body) => jsonResponse(200, body);
export const created = (body: Body) => jsonResponse(201, body);

/**
 * A route list under `/admin/api/{version}`: every answer carries `X-Shopify-Api-Version`, and a ShopifyError
 * thrown by the rules becomes Shopify's error body.
 */
export function adminRoutes(): {
	routes: RouteDefinition[];
	route: (method: HttpMethod, path: string, handler: RouteDefinition['handler']) => void;
} {
	const routes: RouteDefinition[] = [];
	function route(method: HttpMethod, path: string, handler: RouteDefinition['handler']): void {
		routes.push({
			method,
			path: `/admin/api/:version${path}`,
			handler: withErrorMapping(
				async (req) => {
					const res = await handler(req);
					const version = req.params.version as string;
					return {
						...res,
						headers: {
							...res.headers,
							'x-shopify-api-version':
								/^\d{4}-\d{2}$/.test(version) && version >= SHOPIFY_API_VERSION
									? version
									: SHOPIFY_API_VERSION,
						},
					};
				},
				(e) => (e instanceof ShopifyError ? errors(e.status, e.errors) : undefined),
			),
		});
	}
	return { routes, route };
}

export function rootKey(req: EmulatorRequest, key: string): Body {
	const body = asBody(req.body);
	if (typeof body[key] !== 'object' || body[key] === null)
		throw new ShopifyError(400, { [key]: 'Required parameter missing or invalid' });
	return asBody(body[key]);
}

export /** Cursor pagination with `page_info` and a Link header, as Shopify does for REST lists. */
function paged<T extends { id: number }>(
	req: EmulatorRequest,
	key: string,
	all: T[],
	present: (item: T) => Body,
	max = 250,
): EmulatorResponse {
	const limit = Math.trunc(toNumber(req.query.get('limit'), 50));
	if (limit < 1 || limit > max) return errors(400, { limit: `must be between 1 and ${max}` });
	const pageInfo = req.query.get('page_info');
	let offset = 0;
	if (pageInfo !== null) {
		const extra = [...req.query.keys()].filter(
			(k) => !['page_info', 'limit', 'fields'].includes(k),
		);
		if (extra.length > 0)
			return errors(400, {
				page_info:
					'page_info cannot be combined with other query parameters besides limit and fields',
			});
		try {
			offset = Number(
				(JSON.parse(Buffer.from(pageInfo, 'base64url').toString('utf8')) as { offset: number })
					.offset,
			);
		} catch {
			offset = NaN;
		}
		if (!Number.isInteger(offset) || offset < 0)
			return errors(400, { page_info: 'Invalid value.' });
	}
	const page = all.slice(offset, offset + limit);
	const fields = req.query
		.get('fields')
		?.split(',')
		.map((f) => f.trim());
	const rendered = page
		.map(present)
		.map((item) =>
			fields ? Object.fromEntries(Object.entries(item).filter(([k]) => fields.includes(k))) : item,
		);
	const link = (o: number, rel: string) => {
		const url = new URL(`${req.origin}${req.path}`);
		url.searchParams.set('limit', String(limit));
		if (fields) url.searchParams.set('fields', fields.join(','));
		url.searchParams.set(
			'page_info',
			Buffer.from(JSON.stringify({ offset: o, key })).toString('base64url'),
		);
		return `<${url.toString()}>; rel="${rel}"`;
	};
	const links = [
		offset > 0 ? link(Math.max(0, offset - limit), 'previous') : '',
		offset + limit < all.length ? link(offset + limit, 'next') : '',
	].filter(Boolean);
	return jsonResponse(
		200,
		{ [key]: rendered },
		'application/json',
		links.length > 0 ? { link: links.join(', ') } : {},
	);
}

/** The filters a page_info cursor keeps: the list is filtered once, from the first request's parameters. */
export class CursorFilters {
	private readonly filters = new Map<string, URLSearchParams>();

	of(req: EmulatorRequest, key: string): URLSearchParams {
		const pageInfo = req.query.get('page_info');
		if (pageInfo === null) {
			this.filters.set(key, new URLSearchParams(req.query));
			return req.query;
		}
		return this.filters.get(key) ?? new URLSearchParams();
	}

	clear(): void {
		this.filters.clear();
	}
}
