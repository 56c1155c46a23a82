import { asBody } from '../../commerce.mts';
import { sqlDateTime } from '../../core/time.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { MagentoContext } from '../context.mts';
import { list, magentoRoutes, ok } from '../http.mts';

/** Orders: list, read, cancel, comments. */
export function orderRoutes(s: MagentoContext): RouteDefinition[] {
	const { store, now } = s;
	const { presentOrder } = s.present;
	const { routes, route } = magentoRoutes();
	route('GET', '/orders', (req) => list(req, [...store.orders.values()].map(presentOrder)));
	route('GET', '/orders/:id', (req) => ok(presentOrder(store.order(Number(req.params.id)))));
	route('POST', '/orders/:id/cancel', (req) =>
		ok(store.cancel(store.order(Number(req.params.id)), now())),
	);
	route('POST', '/orders/:id/comments', (req) => {
		store.comment(store.order(Number(req.params.id)), asBody(req.body), now());
		return ok(true);
	});
	route('GET', '/orders/:id/comments', (req) => {
		const order = store.order(Number(req.params.id));
		return ok({
			items: order.comments.map((c) => ({
				...c,
				created_at: sqlDateTime(c.created_at),
				parent_id: order.entity_id,
			})),
			total_count: order.comments.length,
		});
	});
	return routes;
}
