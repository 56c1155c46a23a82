import type { RouteDefinition } from '../../core/router.mts';
import type { ShopifyContext } from '../context.mts';
import { adminRoutes, created, paged, rootKey } from '../http.mts';
import { findOrder } from './orders.mts';

/**
 * An order's metafields (Metafield resource, REST): list (filters `namespace`, `key`; cursor pages of up to 250) and
 * create. Creating a metafield sends no webhook.
 */
export function metafieldRoutes(s: ShopifyContext): RouteDefinition[] {
	const { store, now } = s;
	const { presentMetafield } = s.present;
	const { routes, route } = adminRoutes();
	route('GET', '/orders/:id/metafields.json', (req) => {
		const order = findOrder(store, req);
		const namespace = req.query.get('namespace');
		const key = req.query.get('key');
		const fields = [...store.metafields.values()]
			.filter((m) => m.owner_id === order.id)
			.filter((m) => namespace === null || m.namespace === namespace)
			.filter((m) => key === null || m.key === key)
			.sort((a, b) => a.id - b.id);
		return paged(req, 'metafields', fields, presentMetafield);
	});
	route('POST', '/orders/:id/metafields.json', (req) => {
		const order = findOrder(store, req);
		return created({
			metafield: presentMetafield(
				store.createOrderMetafield(order, rootKey(req, 'metafield'), now()),
			),
		});
	});
	return routes;
}
