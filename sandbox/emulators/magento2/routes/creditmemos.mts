import { asBody } from '../../commerce.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { MagentoContext } from '../context.mts';
import { list, magentoRoutes, ok } from '../http.mts';
import { entity } from '../store.mts';

/** Refunding an order (offline credit memo, with its comment), the credit memos and their comments. */
export function creditmemoRoutes(s: MagentoContext): RouteDefinition[] {
	const { store, now } = s;
	const { presentMemo, presentMemoComment } = s.present;
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
	// salesCreditmemoManagementV1GetCommentsList: the memo's comments, oldest first
	route('GET', '/creditmemo/:id/comments', (req) => {
		const memo = entity(store.creditmemos, Number(req.params.id));
		return ok({ items: memo.comments.map(presentMemoComment), total_count: memo.comments.length });
	});
	// salesCreditmemoCommentRepositoryV1Save: `{ entity: { parent_id, comment, is_customer_notified?, ... } }`
	route('POST', '/creditmemo/:id/comments', (req) => {
		const input = asBody(asBody(req.body).entity);
		const memo = entity(store.creditmemos, Number(input.parent_id ?? req.params.id));
		return ok(presentMemoComment(store.addCreditmemoComment(memo, input, now())));
	});
	return routes;
}
