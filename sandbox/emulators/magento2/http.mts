import type { Body } from '../commerce.mts';
import { withErrorMapping } from '../core/attempt.mts';
import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from '../core/http.mts';
import type { HttpMethod, RouteDefinition } from '../core/router.mts';
import { MissingSearchCriteria, echoCriteria, parseSearchCriteria, search } from './search.mts';
import { MagentoError } from './store.mts';

/** Magento's error body: `{message, parameters?}` (the message keeps its `%placeholders`). */
export const error = (
	status: number,
	message: string,
	parameters?: Body | string[],
): EmulatorResponse =>
	jsonResponse(status, parameters === undefined ? { message } : { message, parameters });
export const unauthorized = (resource = 'Magento_Sales::actions_view') =>
	error(401, "The consumer isn't authorized to access %resources.", { resources: resource });

/** A search result: `searchCriteria[...]` filters, sort and pages, echoed back. */
export function list(req: EmulatorRequest, items: Body[]): EmulatorResponse {
	const criteria = parseSearchCriteria(req.query);
	return jsonResponse(200, {
		...search(items, criteria),
		search_criteria: echoCriteria(criteria),
	});
}

export const ok = (body: unknown) => jsonResponse(200, body);

/** A route list in which each route is served under /rest/{store}/V1 (store: default, all, or a code) and /rest/V1. */
export function magentoRoutes(): {
	routes: RouteDefinition[];
	route: (
		method: HttpMethod,
		path: string,
		handler: RouteDefinition['handler'],
		auth?: boolean,
	) => void;
} {
	const routes: RouteDefinition[] = [];
	function route(
		method: HttpMethod,
		path: string,
		handler: RouteDefinition['handler'],
		auth = true,
	): void {
		const wrapped = guarded(handler);
		routes.push(
			{ method, path: `/rest/:storeCode/V1${path}`, handler: wrapped, auth },
			{ method, path: `/rest/V1${path}`, handler: wrapped, auth },
		);
	}
	function guarded(handler: RouteDefinition['handler']): RouteDefinition['handler'] {
		return withErrorMapping(handler, (e) => {
			if (e instanceof MagentoError) return error(e.status, e.message, e.parameters);
			if (e instanceof MissingSearchCriteria)
				return error(400, '"%fieldName" is required. Enter and try again.', {
					fieldName: e.message,
				});
			return undefined;
		});
	}
	return { routes, route };
}
