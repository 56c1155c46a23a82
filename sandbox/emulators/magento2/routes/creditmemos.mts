import { asBody } from '../../commerce.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { MagentoContext } from '../context.mts';
import { list, magentoRoutes, ok } from '../http.mts';
import { entity } from '../store.mts';

/** Refunding an order (offline credit memo), and the credit memos. */
export function creditmemoRoutes(s: MagentoContext): RouteDefinition[] {
	const { store, now } = s;
	const { presentMemo } = s.present;
	const { routes, route } = magentoRoutes();
	route('POST', '/order/:id/refund', (req) =>
		ok(store.refund(store.order(Number(req.params.id)), asBody(req.body), now()).entity_id),
	);
	route('GET', '/creditmemos', (req) =>
		list(req, [...store.creditmemos.values()].map(presentMemo)),
	);
	route('GET', '/creditmemo/:id', (req) => {
		const memo = entity(store.creditmemos, Number(req.params.id));
		return ok(presentMemo(memo));
	});
	return routes;
}
