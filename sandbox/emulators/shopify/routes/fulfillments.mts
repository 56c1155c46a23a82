import { asBody } from '../../commerce.mts';
import type { EmulatorRequest } from '../../core/http.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { ShopifyContext } from '../context.mts';
import { adminRoutes, created, ok, rootKey } from '../http.mts';
import { ShopifyError, ShopifyStore, type Fulfillment, type Order } from '../store.mts';
import { findOrder } from './orders.mts';

function findFulfillment(
	store: ShopifyStore,
	req: EmulatorRequest,
): { order: Order; fulfillment: Fulfillment } {
	for (const order of store.orders.values()) {
		const fulfillment = order.fulfillments.find((f) => f.id === Number(req.params.id));
		if (fulfillment) return { order, fulfillment };
	}
	throw new ShopifyError(404, 'Not Found');
}

/** Fulfillment orders and fulfillments (create, tracking, cancel, per order). */
export function fulfillmentRoutes(s: ShopifyContext): RouteDefinition[] {
	const { store, now, emit, orderEvents } = s;
	const { presentFulfillment, presentFulfillmentOrder } = s.present;
	const { routes, route } = adminRoutes();
	route('GET', '/orders/:id/fulfillment_orders.json', (req) =>
		ok({
			fulfillment_orders: store
				.fulfillmentOrdersOf(findOrder(store, req).id)
				.map(presentFulfillmentOrder),
		}),
	);
	route('GET', '/fulfillment_orders/:id.json', (req) => {
		const fo = store.fulfillmentOrders.get(Number(req.params.id));
		if (!fo) throw new ShopifyError(404, 'Not Found');
		return ok({ fulfillment_order: presentFulfillmentOrder(fo) });
	});
	route('POST', '/fulfillments.json', (req) => {
		const { order, fulfillment } = store.fulfill(rootKey(req, 'fulfillment'), now());
		emit('fulfillments/create', presentFulfillment(order, fulfillment));
		orderEvents(
			order,
			ShopifyStore.fulfillmentStatus(order) === 'fulfilled'
				? 'orders/fulfilled'
				: 'orders/partially_fulfilled',
			'orders/updated',
		);
		return created({ fulfillment: presentFulfillment(order, fulfillment) });
	});
	route('POST', '/fulfillments/:id/update_tracking.json', (req) => {
		const { order, fulfillment } = findFulfillment(store, req);
		const tracking = asBody(rootKey(req, 'fulfillment').tracking_info);
		if (typeof tracking.company === 'string') fulfillment.tracking_company = tracking.company;
		if (typeof tracking.number === 'string') fulfillment.tracking_numbers = [tracking.number];
		if (typeof tracking.url === 'string') fulfillment.tracking_urls = [tracking.url];
		fulfillment.updated_at = now();
		emit('fulfillments/update', presentFulfillment(order, fulfillment));
		return ok({ fulfillment: presentFulfillment(order, fulfillment) });
	});
	route('POST', '/fulfillments/:id/cancel.json', (req) => {
		const { order, fulfillment } = findFulfillment(store, req);
		store.cancelFulfillment(fulfillment, order, now());
		emit('fulfillments/update', presentFulfillment(order, fulfillment));
		return ok({ fulfillment: presentFulfillment(order, fulfillment) });
	});
	route('GET', '/orders/:id/fulfillments.json', (req) => {
		const order = findOrder(store, req);
		return ok({ fulfillments: order.fulfillments.map((f) => presentFulfillment(order, f)) });
	});
	route('GET', '/orders/:id/fulfillments/:fulfillmentId.json', (req) => {
		const order = findOrder(store, req);
		const fulfillment = order.fulfillments.find((f) => f.id === Number(req.params.fulfillmentId));
		if (!fulfillment) throw new ShopifyError(404, 'Not Found');
		return ok({ fulfillment: presentFulfillment(order, fulfillment) });
	});
	return routes;
}
