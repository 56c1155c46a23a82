import { asBody } from '../../commerce.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { WooContext } from '../context.mts';
import { created, ok, route } from '../http.mts';
import { WooError } from '../store.mts';
import { findOrder } from './orders.mts';

/** An order's refunds (created through the payment gateway when `api_refund` is true). */
export function refundRoutes(s: WooContext): RouteDefinition[] {
	const { store, now, emit } = s;
	const { presentOrder, presentRefund } = s.present;
	return [
		route('GET', '/orders/:id/refunds', (req) =>
			ok([...findOrder(store, req).refunds].reverse().map(presentRefund)),
		),
		route('POST', '/orders/:id/refunds', (req) => {
			const order = findOrder(store, req);
			const refund = store.refund(order, asBody(req.body), now());
			emit('order.updated', presentOrder(order));
			return created(presentRefund(refund));
		}),
		route('GET', '/orders/:id/refunds/:refundId', (req) => {
			const refund = findOrder(store, req).refunds.find(
				(r) => r.id === Number(req.params.refundId),
			);
			if (!refund) throw new WooError(404, 'woocommerce_rest_invalid_id', 'Invalid resource ID.');
			return ok(presentRefund(refund));
		}),
	];
}
