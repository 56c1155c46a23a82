import { money } from '../../commerce.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { ShopifyContext } from '../context.mts';
import { adminRoutes, created, ok, rootKey } from '../http.mts';
import { ShopifyError } from '../store.mts';
import { findOrder } from './orders.mts';

/** An order's transactions and refunds (calculate, create, list, read). */
export function refundRoutes(s: ShopifyContext): RouteDefinition[] {
	const { store, now, emit, orderEvents } = s;
	const { presentRefund, presentTransaction } = s.present;
	const { routes, route } = adminRoutes();
	route('GET', '/orders/:id/transactions.json', (req) =>
		ok({ transactions: findOrder(store, req).transactions.map(presentTransaction) }),
	);
	route('POST', '/orders/:id/refunds/calculate.json', (req) => {
		const order = findOrder(store, req);
		const calc = store.calculateRefund(order, rootKey(req, 'refund'));
		const parent = order.transactions.find((t) => t.kind === 'sale' || t.kind === 'capture');
		const suggested = Math.min(calc.total, calc.maxRefundable);
		return ok({
			refund: {
				currency: order.currency,
				shipping: {
					amount: money(calc.shipping),
					tax: '0.00',
					maximum_refundable: money(
						order.shipping_lines.reduce((s, l) => s + l.price, 0) -
							order.refunds.reduce((s, r) => s + r.shipping, 0),
					),
				},
				duties: [],
				refund_line_items: calc.lines.map((l) => ({
					...l,
					price: money(l.subtotal / l.quantity),
					subtotal: money(l.subtotal),
					total_tax: '0.00',
					discounted_price: money(l.subtotal / l.quantity),
					discounted_total_price: money(l.subtotal),
					total_cart_discount_amount: '0.00',
				})),
				transactions:
					parent && suggested > 0
						? [
								{
									order_id: order.id,
									kind: 'suggested_refund',
									gateway: parent.gateway,
									parent_id: parent.id,
									amount: money(suggested),
									currency: order.currency,
									maximum_refundable: money(calc.maxRefundable),
								},
							]
						: [],
			},
		});
	});
	route('POST', '/orders/:id/refunds.json', (req) => {
		const order = findOrder(store, req);
		const refund = store.refund(order, rootKey(req, 'refund'), now());
		emit('refunds/create', presentRefund(order, refund));
		orderEvents(order, 'orders/updated');
		return created({ refund: presentRefund(order, refund) });
	});
	route('GET', '/orders/:id/refunds.json', (req) => {
		const order = findOrder(store, req);
		return ok({ refunds: order.refunds.map((r) => presentRefund(order, r)) });
	});
	route('GET', '/orders/:id/refunds/:refundId.json', (req) => {
		const order = findOrder(store, req);
		const refund = order.refunds.find((r) => r.id === Number(req.params.refundId));
		if (!refund) throw new ShopifyError(404, 'Not Found');
		return ok({ refund: presentRefund(order, refund) });
	});
	return routes;
}
