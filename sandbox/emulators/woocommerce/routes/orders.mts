import { randomBytes } from 'node:crypto';

import { asBody, asList, money, optionalString, toNumber, type Body } from '../../commerce.mts';
import type { EmulatorRequest, EmulatorResponse } from '../../core/http.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { WooContext } from '../context.mts';
import {
	created,
	editable,
	listOfIds,
	listResponse,
	ok,
	parsedDate,
	route,
	sortBy,
	wooError,
} from '../http.mts';
import {
	MANUAL_GATEWAYS,
	ORDER_STATUSES,
	REFUNDING_GATEWAYS,
	WooError,
	WooStore,
	applyMeta,
	type WooOrder,
} from '../store.mts';

const EMPTY_BILLING = {
	first_name: '',
	last_name: '',
	company: '',
	address_1: '',
	address_2: '',
	city: '',
	state: '',
	postcode: '',
	country: '',
	email: '',
	phone: '',
};

export function findOrder(store: WooStore, req: EmulatorRequest): WooOrder {
	const order = store.orders.get(Number(req.params.id));
	if (!order) throw new WooError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
	return order;
}

/** A new order from a REST order body (`via`: `created_via`, `checkout` for the seeded ones). */
export function createOrder(store: WooStore, body: Body, at: number, via = 'rest-api'): WooOrder {
	if (asList(body.coupon_lines).length > 0) {
		throw new WooError(
			400,
			'woocommerce_rest_invalid_coupon',
			`Coupon "${optionalString(asList(body.coupon_lines)[0]?.code) ?? ''}" does not exist!`,
		);
	}
	const paymentMethod = optionalString(body.payment_method) ?? '';
	const order: WooOrder = {
		id: store.ids.next('post'),
		order_key: `wc_order_${randomBytes(7).toString('base64url')}`,
		status: 'pending',
		currency: optionalString(body.currency) ?? 'EUR',
		date_created: at,
		date_modified: at,
		date_paid: null,
		date_completed: null,
		customer_id: toNumber(body.customer_id, 0),
		customer_note: optionalString(body.customer_note) ?? '',
		billing: { ...EMPTY_BILLING, ...asBody(body.billing) },
		shipping: { ...EMPTY_BILLING, ...asBody(body.shipping) },
		payment_method: paymentMethod,
		payment_method_title:
			optionalString(body.payment_method_title) ??
			REFUNDING_GATEWAYS[paymentMethod] ??
			MANUAL_GATEWAYS[paymentMethod] ??
			'',
		transaction_id: optionalString(body.transaction_id) ?? '',
		created_via: via,
		meta_data: [],
		line_items: asList(body.line_items).map((line) => store.lineItem(line)),
		shipping_lines: asList(body.shipping_lines).map((l) => ({
			id: store.ids.next('item'),
			method_title: optionalString(l.method_title) ?? '',
			method_id: optionalString(l.method_id) ?? '',
			total: money(toNumber(l.total)),
			total_tax: '0.00',
			taxes: [],
			meta_data: [],
		})),
		fee_lines: asList(body.fee_lines).map((l) => ({
			id: store.ids.next('item'),
			name: optionalString(l.name) ?? '',
			total: money(toNumber(l.total)),
			total_tax: '0.00',
			tax_status: 'taxable',
			taxes: [],
			meta_data: [],
		})),
		notes: [],
		refunds: [],
		stockReduced: false,
	};
	delete (order.shipping as Body).email;
	applyMeta(order.meta_data, body.meta_data, store.ids);
	store.orders.set(order.id, order);
	const status = body.set_paid === true ? 'processing' : (optionalString(body.status) ?? 'pending');
	if (body.set_paid === true) order.date_paid = at;
	store.setStatus(order, status, at);
	return order;
}

function updateOrder(store: WooStore, order: WooOrder, body: Body, at: number): void {
	for (const field of [
		'customer_note',
		'transaction_id',
		'payment_method',
		'payment_method_title',
		'currency',
	] as const) {
		if (typeof body[field] === 'string') order[field] = body[field] as string;
	}
	if (body.billing !== undefined) order.billing = { ...order.billing, ...asBody(body.billing) };
	if (body.shipping !== undefined) order.shipping = { ...order.shipping, ...asBody(body.shipping) };
	applyMeta(order.meta_data, body.meta_data, store.ids);
	if (body.line_items !== undefined)
		order.line_items.push(
			...asList(body.line_items)
				.filter((l) => l.id === undefined)
				.map((l) => store.lineItem(l)),
		);
	if (body.set_paid === true && order.date_paid === null) order.date_paid = at;
	const status =
		body.set_paid === true && order.status === 'pending'
			? 'processing'
			: optionalString(body.status);
	if (status !== undefined) store.setStatus(order, status, at);
	order.date_modified = at;
}

/** Orders: the filtered list, create, read, update, trash or delete. */
export function orderRoutes(s: WooContext): RouteDefinition[] {
	const { store, settings, now, emit } = s;
	const { presentOrder } = s.present;
	function listOrders(req: EmulatorRequest): EmulatorResponse {
		const statusParam = req.query.getAll('status').flatMap((v) => v.split(','));
		const bad = statusParam.find((s) => s !== 'any' && !ORDER_STATUSES.includes(s));
		if (bad !== undefined) {
			return wooError(400, 'rest_invalid_param', 'Invalid parameter(s): status', {
				params: { status: `status[0] is not one of any, ${ORDER_STATUSES.join(', ')}.` },
			});
		}
		const statuses =
			statusParam.length === 0 || statusParam.includes('any') ? undefined : statusParam;
		const search = req.query.get('search')?.toLowerCase();
		const after = parsedDate(req.query.get('after'));
		const before = parsedDate(req.query.get('before'));
		const modifiedAfter = parsedDate(req.query.get('modified_after'));
		const include = listOfIds(req.query.get('include'));
		const exclude = listOfIds(req.query.get('exclude'));
		const customer = req.query.get('customer');
		const product = req.query.get('product');
		const metaKey = settings.orderMetaQuery ? req.query.get('meta_key') : null;
		const metaValue = req.query.get('meta_value');
		const haystack = (o: WooOrder) =>
			[
				String(o.id),
				...Object.values(o.billing),
				...Object.values(o.shipping),
				...o.line_items.map((l) => l.name),
			].map((v) => String(v).toLowerCase());
		const orders = [...store.orders.values()].filter(
			(o) =>
				(statuses
					? statuses.includes(o.status)
					: o.status !== 'trash' && o.status !== 'checkout-draft') &&
				(!search || haystack(o).some((v) => v.includes(search))) &&
				(after === undefined || o.date_created > after) &&
				(before === undefined || o.date_created < before) &&
				(modifiedAfter === undefined || o.date_modified > modifiedAfter) &&
				(!include || include.includes(o.id)) &&
				(!exclude || !exclude.includes(o.id)) &&
				(customer === null || o.customer_id === Number(customer)) &&
				(product === null || o.line_items.some((l) => l.product_id === Number(product))) &&
				(metaKey === null ||
					o.meta_data.some(
						(m) => m.key === metaKey && (metaValue === null || String(m.value) === metaValue),
					)),
		);
		return listResponse(req, sortBy(req, orders).map(presentOrder));
	}

	return [
		route('GET', '/orders', listOrders),
		route('POST', '/orders', (req) => {
			const order = createOrder(store, asBody(req.body), now());
			emit('order.created', presentOrder(order));
			return created(presentOrder(order));
		}),
		route('GET', '/orders/:id', (req) => ok(presentOrder(findOrder(store, req)))),
		...editable('/orders/:id', (req) => {
			const order = findOrder(store, req);
			updateOrder(store, order, asBody(req.body), now());
			emit('order.updated', presentOrder(order));
			return ok(presentOrder(order));
		}),
		route('DELETE', '/orders/:id', (req) => {
			const order = findOrder(store, req);
			if (req.query.get('force') === 'true') {
				store.orders.delete(order.id);
				emit('order.deleted', { id: order.id });
			} else {
				store.setStatus(order, 'trash', now());
			}
			return ok(presentOrder(order));
		}),
	];
}
