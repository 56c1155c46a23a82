import { asBody, toNumber, type Body } from '../../commerce.mts';
import type { EmulatorRequest, EmulatorResponse } from '../../core/http.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { ShopifyContext } from '../context.mts';
import { adminRoutes, created, ok, paged, rootKey } from '../http.mts';
import { ShopifyError, ShopifyStore, type Order } from '../store.mts';

export function findOrder(store: ShopifyStore, req: EmulatorRequest): Order {
	const order = store.orders.get(Number(req.params.id));
	if (!order) throw new ShopifyError(404, 'Not Found');
	return order;
}

/** Orders: the filtered list with cursor pages, count, create, read, update, delete, cancel, close, open. */
export function orderRoutes(s: ShopifyContext): RouteDefinition[] {
	const { store, now, emit, orderEvents, cursors } = s;
	const { presentOrder } = s.present;
	const { routes, route } = adminRoutes();
	const time = (v: string | null) => (v === null ? undefined : Date.parse(v));
	function listOrders(req: EmulatorRequest): EmulatorResponse {
		const q = cursors.of(req, 'orders');
		const status = q.get('status') ?? 'open';
		const ids = q.get('ids')?.split(',').map(Number);
		const sinceId = toNumber(q.get('since_id'), 0);
		const createdMin = time(q.get('created_at_min'));
		const createdMax = time(q.get('created_at_max'));
		const updatedMin = time(q.get('updated_at_min'));
		const updatedMax = time(q.get('updated_at_max'));
		const financial = q.get('financial_status');
		const fulfillment = q.get('fulfillment_status');
		const name = q.get('name');
		const orders = [...store.orders.values()]
			.filter(
				(o) =>
					status === 'any' ||
					(status === 'open'
						? o.closed_at === null && o.cancelled_at === null
						: status === 'closed'
							? o.closed_at !== null
							: o.cancelled_at !== null),
			)
			.filter((o) => !ids || ids.includes(o.id))
			.filter((o) => o.id > sinceId)
			.filter(
				(o) =>
					(createdMin === undefined || o.created_at >= createdMin) &&
					(createdMax === undefined || o.created_at <= createdMax),
			)
			.filter(
				(o) =>
					(updatedMin === undefined || o.updated_at >= updatedMin) &&
					(updatedMax === undefined || o.updated_at <= updatedMax),
			)
			.filter((o) => financial === null || financial === 'any' || o.financial_status === financial)
			.filter((o) => {
				const fs = ShopifyStore.fulfillmentStatus(o);
				if (fulfillment === null || fulfillment === 'any') return true;
				if (fulfillment === 'shipped') return fs === 'fulfilled';
				if (fulfillment === 'partial') return fs === 'partial';
				if (fulfillment === 'unshipped') return fs === null;
				return fs !== 'fulfilled';
			})
			.filter((o) => name === null || o.name === name || o.name === `#${name}`)
			.sort((a, b) => (q.get('order') === 'created_at asc' ? a.id - b.id : b.id - a.id));
		return paged(req, 'orders', orders, presentOrder);
	}
	route('GET', '/orders/count.json', (req) => {
		const res = listOrders({
			...req,
			query: new URLSearchParams(
				[...req.query, ['limit', '250'] as [string, string]].filter(([k]) => k !== 'page_info'),
			),
		});
		return ok({ count: (asBody(res.body).orders as unknown[]).length });
	});
	route('GET', '/orders.json', listOrders);
	route('POST', '/orders.json', (req) => {
		const order = store.createOrder(rootKey(req, 'order'), now());
		orderEvents(
			order,
			'orders/create',
			...(order.financial_status === 'paid' ? ['orders/paid'] : []),
		);
		return created({ order: presentOrder(order) });
	});
	route('GET', '/orders/:id.json', (req) => ok({ order: presentOrder(findOrder(store, req)) }));
	route('PUT', '/orders/:id.json', (req) => {
		const order = findOrder(store, req);
		const body = rootKey(req, 'order');
		if (typeof body.note === 'string') order.note = body.note;
		if (typeof body.tags === 'string') order.tags = body.tags;
		if (typeof body.email === 'string') order.email = body.email;
		if (body.shipping_address !== undefined)
			order.shipping_address = { ...order.shipping_address, ...asBody(body.shipping_address) };
		if (Array.isArray(body.note_attributes))
			order.note_attributes = (body.note_attributes as Body[]).map((n) => ({
				name: String(n.name),
				value: String(n.value),
			}));
		order.updated_at = now();
		orderEvents(order, 'orders/updated');
		return ok({ order: presentOrder(order) });
	});
	route('DELETE', '/orders/:id.json', (req) => {
		const order = findOrder(store, req);
		store.orders.delete(order.id);
		emit('orders/delete', { id: order.id });
		return ok({});
	});
	route('POST', '/orders/:id/cancel.json', (req) => {
		const order = findOrder(store, req);
		store.cancel(order, asBody(req.body), now());
		orderEvents(order, 'orders/cancelled', 'orders/updated');
		return ok({ order: presentOrder(order) });
	});
	route('POST', '/orders/:id/close.json', (req) => {
		const order = findOrder(store, req);
		order.closed_at = now();
		order.updated_at = now();
		return ok({ order: presentOrder(order) });
	});
	route('POST', '/orders/:id/open.json', (req) => {
		const order = findOrder(store, req);
		if (order.cancelled_at !== null)
			throw new ShopifyError(422, { base: ['Cannot reopen a cancelled order'] });
		order.closed_at = null;
		order.updated_at = now();
		return ok({ order: presentOrder(order) });
	});
	return routes;
}
