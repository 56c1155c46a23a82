import { randomBytes } from 'node:crypto';

import {
	CredentialSet,
	asBody,
	asList,
	catalogSeed,
	money,
	optionalString,
	pageParams,
	seededCustomer,
	slugify,
	street,
	toNumber,
	type Body,
	type Customer,
} from '../commerce.mts';
import { withErrorMapping, translateError } from '../core/attempt.mts';
import {
	headerValue,
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
	type Principal,
} from '../core/http.mts';
import type { HttpMethod, RouteDefinition } from '../core/router.mts';
import {
	SeedError,
	type ServiceContext,
	type ServiceDefinition,
	type ServiceFactory,
} from '../core/service.mts';
import { hmacBase64 } from '../core/webhooks.mts';
import {
	MANUAL_GATEWAYS,
	ORDER_STATUSES,
	REFUNDING_GATEWAYS,
	WooError,
	WooStore,
	applyMeta,
	newStockFields,
	wooDates,
	type WooNote,
	type WooOrder,
	type WooProduct,
	type WooRefund,
	type WooVariation,
	type WooWebhook,
} from './store.mts';

export const WOOCOMMERCE_CONSUMER_KEY = 'ck_woocommerce_emulator_key';
export const WOOCOMMERCE_CONSUMER_SECRET = 'cs_woocommerce_emulator_secret';
const PREFIX = '/wp-json/wc/v3';
const USER_AGENT = 'WooCommerce/9.3.3 Hookshot (WordPress/6.6.2)';
const TOPICS = ['order', 'product', 'customer', 'coupon'].flatMap((r) =>
	['created', 'updated', 'deleted', 'restored'].map((e) => `${r}.${e}`),
);

export interface WooCommerceOptions {
	consumerKey?: string;
	consumerSecret?: string;
}

function addressOf(c: Customer, withContact: boolean): Body {
	return {
		first_name: c.firstName,
		last_name: c.surname,
		company: c.company ?? '',
		address_1: street(c),
		address_2: c.extraAddressInformation ?? '',
		city: c.city,
		state: '',
		postcode: c.zipCode,
		country: c.countryCode,
		...(withContact ? { email: c.email, phone: c.phone } : { phone: '' }),
	};
}

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

/** WooCommerce REST API v3 (`/wp-json/wc/v3`), Basic auth or query-string consumer key/secret. */
export function wooCommerceService(options: WooCommerceOptions = {}): ServiceFactory {
	return (ctx: ServiceContext): ServiceDefinition => {
		const key = options.consumerKey ?? WOOCOMMERCE_CONSUMER_KEY;
		const secret = options.consumerSecret ?? WOOCOMMERCE_CONSUMER_SECRET;
		const credentials = new CredentialSet(() => [key]);
		const settings = {
			/** WooCommerce core ignores meta_key/meta_value on GET /orders; true emulates a shop with a query filter snippet. */
			orderMetaQuery: false,
			/** Orders generated at start (with a seed). */
			defaultSeedOrders: 5,
		};
		const now = () => ctx.clock.now();
		const store: WooStore = new WooStore(ctx.webhooks, (product) =>
			emit('product.updated', presentProduct(product)),
		);

		const wooError = (
			status: number,
			code: string,
			message: string,
			data: Body = {},
		): EmulatorResponse => jsonResponse(status, { code, message, data: { status, ...data } });

		function presentStock(s: WooProduct | WooVariation): Body {
			return {
				id: s.id,
				...wooDates('date_created', s.date_created),
				...wooDates('date_modified', s.date_modified),
				sku: s.sku,
				price: s.price,
				regular_price: s.regular_price,
				sale_price: '',
				on_sale: false,
				purchasable: true,
				manage_stock: s.manage_stock,
				stock_quantity: s.stock_quantity,
				stock_status: s.stock_status,
				backorders: s.backorders,
				backorders_allowed: s.backorders !== 'no',
				meta_data: s.meta_data,
			};
		}
		function presentProduct(p: WooProduct): Body {
			return {
				...presentStock(p),
				name: p.name,
				slug: p.slug,
				permalink: `${ctx.url()}/product/${p.slug}/`,
				type: p.type,
				status: p.status,
				categories: p.categories,
				attributes: p.attributes,
				variations: p.variations,
				images: [],
			};
		}
		function presentVariation(v: WooVariation): Body {
			return {
				...presentStock(v),
				parent_id: v.parent_id,
				attributes: v.attributes,
				permalink: `${ctx.url()}/?p=${v.id}`,
			};
		}
		function presentRefund(r: WooRefund): Body {
			return {
				id: r.id,
				...wooDates('date_created', r.date_created),
				amount: r.amount,
				reason: r.reason,
				refunded_by: r.refunded_by,
				refunded_payment: r.refunded_payment,
				meta_data: r.meta_data,
				line_items: r.line_items,
			};
		}
		function presentNote(n: WooNote): Body {
			return {
				id: n.id,
				author: n.author,
				...wooDates('date_created', n.date_created),
				note: n.note,
				customer_note: n.customer_note,
			};
		}
		function presentOrder(o: WooOrder): Body {
			return {
				id: o.id,
				parent_id: 0,
				status: o.status,
				currency: o.currency,
				version: '9.3.3',
				prices_include_tax: false,
				...wooDates('date_created', o.date_created),
				...wooDates('date_modified', o.date_modified),
				discount_total: '0.00',
				discount_tax: '0.00',
				shipping_total: money(o.shipping_lines.reduce((s, l) => s + toNumber(l.total), 0)),
				shipping_tax: '0.00',
				cart_tax: '0.00',
				total: money(WooStore.orderTotal(o)),
				total_tax: '0.00',
				customer_id: o.customer_id,
				order_key: o.order_key,
				billing: o.billing,
				shipping: o.shipping,
				payment_method: o.payment_method,
				payment_method_title: o.payment_method_title,
				transaction_id: o.transaction_id,
				customer_ip_address: '',
				customer_user_agent: '',
				created_via: o.created_via,
				customer_note: o.customer_note,
				...wooDates('date_completed', o.date_completed),
				...wooDates('date_paid', o.date_paid),
				cart_hash: '',
				number: String(o.id),
				meta_data: o.meta_data,
				line_items: o.line_items,
				tax_lines: [],
				shipping_lines: o.shipping_lines,
				fee_lines: o.fee_lines,
				coupon_lines: [],
				refunds: o.refunds.map((r) => ({ id: r.id, reason: r.reason, total: `-${r.amount}` })),
				payment_url: `${ctx.url()}/checkout/order-pay/${o.id}/?pay_for_order=true&key=${o.order_key}`,
				is_editable: ['pending', 'on-hold', 'auto-draft'].includes(o.status),
				needs_payment: ['pending', 'failed'].includes(o.status),
				needs_processing: true,
			};
		}
		function presentWebhook(w: WooWebhook): Body {
			const [resource, event] = w.topic.split('.');
			return {
				id: w.id,
				name: w.name,
				// the registry turns a hook off after repeated failed deliveries: WooCommerce shows it as disabled
				status: !w.active && w.status === 'active' ? 'disabled' : w.status,
				topic: w.topic,
				resource,
				event,
				hooks: [
					`woocommerce_${event === 'created' ? 'new' : event === 'updated' ? 'update' : event === 'deleted' ? 'delete' : 'restore'}_${resource}`,
				],
				delivery_url: w.address,
				...wooDates('date_created', w.date_created),
				...wooDates('date_modified', w.date_modified),
				_links: {},
			};
		}

		function emit(topic: string, payload: Body): void {
			const [resource, event] = topic.split('.');
			store.webhooks.emit(topic, payload, (sub, body) => ({
				'user-agent': USER_AGENT,
				'x-wc-webhook-source': `${ctx.url()}/`,
				'x-wc-webhook-topic': topic,
				'x-wc-webhook-resource': resource ?? '',
				'x-wc-webhook-event': event ?? '',
				'x-wc-webhook-signature': hmacBase64(sub.secret ?? '', body),
				'x-wc-webhook-id': String(sub.id),
				'x-wc-webhook-delivery-id': String(store.ids.next('delivery')),
			}));
		}

		function listResponse(req: EmulatorRequest, items: Body[]): EmulatorResponse {
			const { page, size, valid } = pageParams(
				req,
				{ page: 'page', size: 'per_page' },
				{ size: 10, max: 100 },
			);
			if (!valid) {
				return wooError(400, 'rest_invalid_param', 'Invalid parameter(s): per_page', {
					params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' },
				});
			}
			const totalPages = Math.ceil(items.length / size);
			const link = (p: number) => {
				const url = new URL(`${req.origin}${req.path}`);
				for (const [k, v] of req.query) if (k !== 'page') url.searchParams.append(k, v);
				url.searchParams.set('page', String(p));
				return url.toString();
			};
			const links = [
				page > 1 ? `<${link(page - 1)}>; rel="prev"` : '',
				page < totalPages ? `<${link(page + 1)}>; rel="next"` : '',
			].filter(Boolean);
			return jsonResponse(200, items.slice((page - 1) * size, page * size), 'application/json', {
				'x-wp-total': String(items.length),
				'x-wp-totalpages': String(totalPages),
				...(links.length > 0 ? { link: links.join(', ') } : {}),
			});
		}

		function sortBy<T extends { id: number; date_created: number; date_modified: number }>(
			req: EmulatorRequest,
			items: T[],
		): T[] {
			const orderby = req.query.get('orderby') ?? 'date';
			const dir = (req.query.get('order') ?? 'desc') === 'asc' ? 1 : -1;
			const keyOf = (item: T) =>
				orderby === 'id'
					? item.id
					: orderby === 'modified'
						? item.date_modified
						: item.date_created;
			return [...items].sort((a, b) => dir * (keyOf(a) - keyOf(b) || a.id - b.id));
		}

		const parsedDate = (value: string | null) =>
			value === null
				? undefined
				: Date.parse(value.endsWith('Z') || /[+-]\d{2}:\d{2}$/.test(value) ? value : `${value}Z`);
		const listOfIds = (value: string | null) =>
			value === null ? undefined : value.split(',').map(Number);

		function findOrder(req: EmulatorRequest): WooOrder {
			const order = store.orders.get(Number(req.params.id));
			if (!order) throw new WooError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
			return order;
		}
		function findNote(req: EmulatorRequest): { order: WooOrder; note: WooNote } {
			const order = findOrder(req);
			const note = order.notes.find((n) => n.id === Number(req.params.noteId));
			if (!note) throw new WooError(404, 'woocommerce_rest_invalid_id', 'Invalid resource ID.');
			return { order, note };
		}
		/** WooCommerce deletes these resources only with force=true (they have no trash). */
		function requireForce(req: EmulatorRequest, what: string): void {
			if (req.query.get('force') !== 'true') {
				throw new WooError(
					501,
					'woocommerce_rest_trash_not_supported',
					`${what} does not support trashing.`,
				);
			}
		}
		function findProduct(req: EmulatorRequest): WooProduct {
			const product = store.products.get(Number(req.params.id));
			if (!product) throw new WooError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
			return product;
		}
		function findVariation(req: EmulatorRequest): WooVariation {
			const product = findProduct(req);
			const variation = store.variations.get(Number(req.params.variationId));
			if (!variation || variation.parent_id !== product.id)
				throw new WooError(404, 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.');
			return variation;
		}

		function assertUniqueSku(sku: unknown, ownId: number): void {
			if (typeof sku !== 'string' || sku === '') return;
			const taken = [...store.products.values(), ...store.variations.values()].some(
				(p) => p.sku === sku && p.id !== ownId,
			);
			if (taken)
				throw new WooError(400, 'product_invalid_sku', 'Invalid or duplicated SKU.', {
					resource_id: ownId,
					unique_sku: `${sku}-1`,
				});
		}

		function updateStockFields(target: WooProduct | WooVariation, body: Body): void {
			const at = now();
			assertUniqueSku(body.sku, target.id);
			if (typeof body.sku === 'string') target.sku = body.sku;
			if (body.regular_price !== undefined) {
				target.regular_price = money(toNumber(body.regular_price));
				target.price = target.regular_price;
			}
			if (typeof body.manage_stock === 'boolean') target.manage_stock = body.manage_stock;
			if (body.backorders === 'no' || body.backorders === 'notify' || body.backorders === 'yes')
				target.backorders = body.backorders;
			if (
				body.stock_status === 'instock' ||
				body.stock_status === 'outofstock' ||
				body.stock_status === 'onbackorder'
			)
				target.stock_status = body.stock_status;
			applyMeta(target.meta_data, body.meta_data, store.ids);
			target.date_modified = at;
			if (body.stock_quantity !== undefined && target.manage_stock)
				store.setStock(target, Math.trunc(toNumber(body.stock_quantity)), at);
			else {
				target.stock_status = WooStore.stockStatus(target);
				const parent = store.parentOf(target);
				if (parent) emit('product.updated', presentProduct(parent));
			}
		}

		function newProduct(body: Body, at: number): WooProduct {
			assertUniqueSku(body.sku, -1);
			const name = optionalString(body.name) ?? 'Product';
			const product: WooProduct = {
				...newStockFields(store.ids.next('post'), body, at, 0),
				name,
				slug: slugify(name),
				type: body.type === 'variable' ? 'variable' : 'simple',
				status: optionalString(body.status) ?? 'publish',
				attributes: asList(body.attributes).map((a, i) => ({
					id: 0,
					name: optionalString(a.name) ?? '',
					position: i,
					visible: true,
					variation: a.variation === true,
					options: Array.isArray(a.options) ? a.options.map(String) : [],
				})),
				variations: [],
				categories: [],
			};
			applyMeta(product.meta_data, body.meta_data, store.ids);
			store.products.set(product.id, product);
			return product;
		}

		function newVariation(product: WooProduct, body: Body, at: number): WooVariation {
			assertUniqueSku(body.sku, -1);
			const variation: WooVariation = {
				...newStockFields(store.ids.next('post'), body, at, toNumber(product.price)),
				parent_id: product.id,
				attributes: asList(body.attributes).map((a) => ({
					id: 0,
					name: optionalString(a.name) ?? '',
					option: optionalString(a.option) ?? '',
				})),
			};
			store.variations.set(variation.id, variation);
			product.variations.push(variation.id);
			return variation;
		}

		function createOrder(body: Body, at: number, via = 'rest-api'): WooOrder {
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
			const status =
				body.set_paid === true ? 'processing' : (optionalString(body.status) ?? 'pending');
			if (body.set_paid === true) order.date_paid = at;
			store.setStatus(order, status, at);
			return order;
		}

		function updateOrder(order: WooOrder, body: Body): void {
			const at = now();
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
			if (body.shipping !== undefined)
				order.shipping = { ...order.shipping, ...asBody(body.shipping) };
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

		function listProducts(req: EmulatorRequest): EmulatorResponse {
			const skus = req.query.get('sku')?.split(',');
			const search = req.query.get('search')?.toLowerCase();
			const type = req.query.get('type');
			const status = req.query.get('status');
			const include = listOfIds(req.query.get('include'));
			const products = [...store.products.values()].filter(
				(p) =>
					(!skus || skus.includes(p.sku)) &&
					(!search ||
						p.name.toLowerCase().includes(search) ||
						p.sku.toLowerCase().includes(search)) &&
					(type === null || p.type === type) &&
					(status === null || status === 'any' || p.status === status) &&
					(!include || include.includes(p.id)),
			);
			return listResponse(req, sortBy(req, products).map(presentProduct));
		}

		function createWebhook(body: Body, at: number): WooWebhook {
			const topic = optionalString(body.topic) ?? '';
			if (!TOPICS.includes(topic) && !topic.startsWith('action.'))
				throw new WooError(
					400,
					'woocommerce_rest_webhook_invalid_topic',
					'Webhook topic is invalid.',
				);
			const address = optionalString(body.delivery_url) ?? '';
			if (!/^https?:\/\//.test(address))
				throw new WooError(
					400,
					'woocommerce_rest_webhook_invalid_delivery_url',
					'Webhook delivery URL must be a valid URL starting with http:// or https://.',
				);
			const status =
				body.status === 'paused' || body.status === 'disabled' ? body.status : 'active';
			const webhook: WooWebhook = {
				id: store.ids.next('webhook'),
				name: optionalString(body.name) ?? `Webhook created on ${new Date(at).toUTCString()}`,
				status,
				topic,
				address,
				secret: optionalString(body.secret) ?? randomBytes(24).toString('base64url'),
				active: status === 'active',
				failures: 0,
				date_created: at,
				date_modified: at,
			};
			store.webhooks.subscriptions.set(webhook.id, webhook);
			if (webhook.active) {
				// WooCommerce pings a new active webhook with a form-encoded webhook_id.
				ctx.webhooks.deliver({
					subscriptionId: String(webhook.id),
					topic: 'ping',
					url: address,
					body: `webhook_id=${webhook.id}`,
					headers: {
						'content-type': 'application/x-www-form-urlencoded',
						'user-agent': USER_AGENT,
					},
				});
			}
			return webhook;
		}

		/** WordPress accepts POST, PUT and PATCH for updates of a single item. */
		const editable = (path: string, handler: RouteDefinition['handler']): RouteDefinition[] =>
			(['POST', 'PUT', 'PATCH'] as HttpMethod[]).map((method) => ({
				method,
				path: `${PREFIX}${path}`,
				handler,
			}));
		const route = (
			method: HttpMethod,
			path: string,
			handler: RouteDefinition['handler'],
		): RouteDefinition => ({ method, path: `${PREFIX}${path}`, handler });
		const created = (body: Body) => jsonResponse(201, body);
		const ok = (body: unknown) => jsonResponse(200, body);

		const routes: RouteDefinition[] = [
			route('GET', '/system_status', () =>
				ok({
					environment: {
						home_url: ctx.url(),
						site_url: ctx.url(),
						version: '9.3.3',
						wp_version: '6.6.2',
					},
					settings: { currency: 'EUR', currency_symbol: '&euro;' },
				}),
			),
			route('GET', '/products/categories', (req) => listResponse(req, store.categories)),
			route('GET', '/products', listProducts),
			route('POST', '/products', (req) => {
				const at = now();
				const product = newProduct(asBody(req.body), at);
				emit('product.created', presentProduct(product));
				return created(presentProduct(product));
			}),
			route('GET', '/products/:id', (req) => ok(presentProduct(findProduct(req)))),
			...editable('/products/:id', (req) => {
				const product = findProduct(req);
				const body = asBody(req.body);
				if (typeof body.name === 'string') product.name = body.name;
				if (typeof body.status === 'string') product.status = body.status;
				updateStockFields(product, body);
				return ok(presentProduct(product));
			}),
			route('DELETE', '/products/:id', (req) => {
				const product = findProduct(req);
				if (req.query.get('force') !== 'true') {
					product.status = 'trash';
					return ok(presentProduct(product));
				}
				store.products.delete(product.id);
				product.variations.forEach((id) => store.variations.delete(id));
				emit('product.deleted', { id: product.id });
				return ok(presentProduct(product));
			}),
			route('GET', '/products/:id/variations', (req) => {
				const product = findProduct(req);
				const variations = product.variations
					.map((id) => store.variations.get(id))
					.filter((v): v is WooVariation => v !== undefined);
				return listResponse(req, sortBy(req, variations).map(presentVariation));
			}),
			route('POST', '/products/:id/variations', (req) =>
				created(presentVariation(newVariation(findProduct(req), asBody(req.body), now()))),
			),
			route('GET', '/products/:id/variations/:variationId', (req) =>
				ok(presentVariation(findVariation(req))),
			),
			...editable('/products/:id/variations/:variationId', (req) => {
				const variation = findVariation(req);
				updateStockFields(variation, asBody(req.body));
				return ok(presentVariation(variation));
			}),
			route('DELETE', '/products/:id/variations/:variationId', (req) => {
				const variation = findVariation(req);
				requireForce(req, 'The variation');
				store.variations.delete(variation.id);
				const parent = store.products.get(variation.parent_id);
				if (parent) parent.variations = parent.variations.filter((id) => id !== variation.id);
				return ok(presentVariation(variation));
			}),
			route('GET', '/orders', listOrders),
			route('POST', '/orders', (req) => {
				const order = createOrder(asBody(req.body), now());
				emit('order.created', presentOrder(order));
				return created(presentOrder(order));
			}),
			route('GET', '/orders/:id', (req) => ok(presentOrder(findOrder(req)))),
			...editable('/orders/:id', (req) => {
				const order = findOrder(req);
				updateOrder(order, asBody(req.body));
				emit('order.updated', presentOrder(order));
				return ok(presentOrder(order));
			}),
			route('DELETE', '/orders/:id', (req) => {
				const order = findOrder(req);
				if (req.query.get('force') === 'true') {
					store.orders.delete(order.id);
					emit('order.deleted', { id: order.id });
				} else {
					store.setStatus(order, 'trash', now());
				}
				return ok(presentOrder(order));
			}),
			route('GET', '/orders/:id/notes', (req) => {
				const type = req.query.get('type') ?? 'any';
				const notes = findOrder(req).notes.filter(
					(n) => type === 'any' || (type === 'customer') === n.customer_note,
				);
				return ok([...notes].reverse().map(presentNote));
			}),
			route('POST', '/orders/:id/notes', (req) => {
				const order = findOrder(req);
				const body = asBody(req.body);
				const text = optionalString(body.note);
				if (!text)
					throw new WooError(400, 'rest_missing_callback_param', 'Missing parameter(s): note', {
						params: ['note'],
					});
				const note = store.note(
					order,
					text,
					now(),
					body.customer_note === true,
					body.added_by_user === true ? 'admin' : 'WooCommerce',
				);
				return created(presentNote(note));
			}),
			route('GET', '/orders/:id/notes/:noteId', (req) => ok(presentNote(findNote(req).note))),
			route('DELETE', '/orders/:id/notes/:noteId', (req) => {
				const { order, note } = findNote(req);
				requireForce(req, 'The order note');
				order.notes = order.notes.filter((n) => n !== note);
				return ok(presentNote(note));
			}),
			route('GET', '/orders/:id/refunds', (req) =>
				ok([...findOrder(req).refunds].reverse().map(presentRefund)),
			),
			route('POST', '/orders/:id/refunds', (req) => {
				const order = findOrder(req);
				const refund = store.refund(order, asBody(req.body), now());
				emit('order.updated', presentOrder(order));
				return created(presentRefund(refund));
			}),
			route('GET', '/orders/:id/refunds/:refundId', (req) => {
				const refund = findOrder(req).refunds.find((r) => r.id === Number(req.params.refundId));
				if (!refund) throw new WooError(404, 'woocommerce_rest_invalid_id', 'Invalid resource ID.');
				return ok(presentRefund(refund));
			}),
			route('GET', '/webhooks', (req) => {
				const status = req.query.get('status') ?? 'all';
				const hooks = [...store.webhooks.subscriptions.values()].filter(
					(w) => status === 'all' || w.status === status,
				);
				return listResponse(req, sortBy(req, hooks).map(presentWebhook));
			}),
			route('POST', '/webhooks', (req) =>
				created(presentWebhook(createWebhook(asBody(req.body), now()))),
			),
			route('GET', '/webhooks/:id', (req) => {
				const webhook = store.webhooks.subscriptions.get(Number(req.params.id));
				if (!webhook) throw new WooError(404, 'woocommerce_rest_webhook_invalid_id', 'Invalid ID.');
				return ok(presentWebhook(webhook));
			}),
			...editable('/webhooks/:id', (req) => {
				const webhook = store.webhooks.subscriptions.get(Number(req.params.id));
				if (!webhook) throw new WooError(404, 'woocommerce_rest_webhook_invalid_id', 'Invalid ID.');
				const body = asBody(req.body);
				if (typeof body.name === 'string') webhook.name = body.name;
				if (typeof body.delivery_url === 'string') webhook.address = body.delivery_url;
				if (typeof body.secret === 'string') webhook.secret = body.secret;
				if (typeof body.topic === 'string' && TOPICS.includes(body.topic))
					webhook.topic = body.topic;
				if (body.status === 'active' || body.status === 'paused' || body.status === 'disabled') {
					webhook.status = body.status;
					webhook.active = body.status === 'active';
					if (webhook.active) webhook.failures = 0;
				}
				webhook.date_modified = now();
				return ok(presentWebhook(webhook));
			}),
			route('DELETE', '/webhooks/:id', (req) => {
				const webhook = store.webhooks.subscriptions.get(Number(req.params.id));
				if (!webhook) throw new WooError(404, 'woocommerce_rest_webhook_invalid_id', 'Invalid ID.');
				requireForce(req, 'The webhook');
				store.webhooks.subscriptions.delete(webhook.id);
				return ok(presentWebhook(webhook));
			}),
			// A WooError thrown by the rules becomes WooCommerce's `{code, message, data}` error.
		].map((r) => ({
			...r,
			handler: withErrorMapping(r.handler, (e) =>
				e instanceof WooError ? wooError(e.status, e.code, e.message, e.data) : undefined,
			),
		}));

		function seedCatalog(seed: number, at: number): number {
			const catalog = catalogSeed(seed, 'woocommerce');
			for (const p of catalog.simple) {
				const product = newProduct(
					{
						name: p.title,
						sku: p.sku,
						regular_price: p.price,
						manage_stock: true,
						stock_quantity: p.stock,
					},
					at,
				);
				product.meta_data.push({ id: store.ids.next('meta'), key: '_ean', value: p.ean });
				product.categories = [store.categories[1] as WooProduct['categories'][number]];
			}
			for (const [familySku, members] of catalog.families) {
				const first = members[0];
				if (!first) continue;
				const parent = newProduct(
					{
						name: first.familyTitle,
						sku: familySku,
						type: 'variable',
						regular_price: first.price,
						attributes: [
							{
								name: first.option?.name,
								variation: true,
								options: members.map((m) => m.option?.value),
							},
						],
					},
					at,
				);
				parent.categories = [store.categories[2] as WooProduct['categories'][number]];
				for (const m of members) {
					const variation = newVariation(
						parent,
						{
							sku: m.sku,
							regular_price: m.price,
							manage_stock: true,
							stock_quantity: m.stock,
							attributes: [{ name: m.option?.name, option: m.option?.value }],
						},
						at,
					);
					variation.meta_data.push({ id: store.ids.next('meta'), key: '_ean', value: m.ean });
				}
			}
			return catalog.products.length;
		}

		function seedOrders(seed: number, count: number, at: number): number {
			const { random } = catalogSeed(seed, 'woocommerce-orders');
			const buyable = [...store.products.values()].flatMap((p) =>
				p.type === 'variable'
					? p.variations.map((id) => ({ product_id: p.id, variation_id: id }))
					: [{ product_id: p.id, variation_id: 0 }],
			);
			for (let i = 0; i < count && buyable.length > 0; i++) {
				const customer = seededCustomer(random);
				const order = createOrder(
					{
						billing: addressOf(customer, true),
						shipping: addressOf(customer, false),
						payment_method: random.pick(['stripe', 'mollie_wc_gateway_ideal', 'bacs']),
						line_items: [{ ...random.pick(buyable), quantity: random.int(1, 2) }],
						shipping_lines: [{ method_id: 'flat_rate', method_title: 'PostNL', total: '4.95' }],
						set_paid: random.chance(0.8),
					},
					at - random.int(1, 72) * 3_600_000,
					'checkout',
				);
				order.date_modified = order.date_created;
			}
			return count;
		}

		function authenticate(req: EmulatorRequest): Principal | EmulatorResponse {
			const basic = /^Basic\s+(\S+)$/i.exec(headerValue(req, 'authorization') ?? '')?.[1];
			let pair: [string | undefined, string | undefined] = [
				req.query.get('consumer_key') ?? undefined,
				req.query.get('consumer_secret') ?? undefined,
			];
			if (basic) {
				const decoded = Buffer.from(basic, 'base64').toString('utf8');
				pair = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)];
			}
			const [user, pass] = pair;
			if (!user) {
				return req.method === 'GET'
					? wooError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.')
					: wooError(
							401,
							'woocommerce_rest_cannot_create',
							'Sorry, you are not allowed to create resources.',
						);
			}
			const status = credentials.check(user);
			if (status !== 'ok')
				return wooError(401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
			if (pass !== secret)
				return wooError(
					401,
					'woocommerce_rest_authentication_error',
					'Consumer secret is invalid.',
				);
			return { id: user, credential: user };
		}

		return {
			name: 'woocommerce',
			routes,
			rateLimitProfile: {
				description:
					'WooCommerce REST v3 has no platform rate limit (self-hosted); add rules at runtime if needed',
				rules: [],
			},
			info: () => ({
				baseUrl: ctx.url(),
				apiRoot: `${ctx.url()}${PREFIX}`,
				consumerKey: key,
				consumerSecret: secret,
				credential: {
					url: ctx.url(),
					consumerKey: key,
					consumerSecret: secret,
					includeCredentialsInQuery: false,
				},
			}),
			state: {
				settings,
				snapshot: () => ({
					products: [...store.products.values()].map(presentProduct),
					variations: [...store.variations.values()].map(presentVariation),
					orders: [...store.orders.values()].map((o) => ({
						...presentOrder(o),
						notes: o.notes.map(presentNote),
					})),
					webhooks: [...store.webhooks.subscriptions.values()].map(presentWebhook),
					deliveries: ctx.webhooks.list(),
				}),
				reset: ({ empty }) => {
					store.clear();
					credentials.reset();
					if (!empty && ctx.seed !== undefined) {
						seedCatalog(ctx.seed, now());
						seedOrders(ctx.seed, settings.defaultSeedOrders, now());
					}
				},
				seed: (input) => {
					const body = asBody(input);
					const seed = typeof body.seed === 'number' ? body.seed : (ctx.seed ?? 1);
					const at = now();
					const summary: Record<string, number> = {};
					translateError(
						() => {
							if (body.catalog !== false && store.products.size === 0)
								summary.products = seedCatalog(seed, at);
							for (const product of asList(body.products)) newProduct(product, at);
							if (typeof body.orders === 'number')
								summary.orders = seedOrders(seed, body.orders, at);
							for (const order of asList(body.orders)) createOrder(order, at);
						},
						WooError,
						(e) => new SeedError(e.message),
					);
					return summary;
				},
			},
			hooks: {
				error: (status, error) => {
					if (status === 404 || status === 405)
						return wooError(
							404,
							'rest_no_route',
							'No route was found matching the URL and request method.',
						);
					return wooError(
						status,
						error.code ?? (status >= 500 ? 'internal_server_error' : 'rest_error'),
						error.detail ?? error.title,
					);
				},
				authenticate,
				authFault: (kind, req) => {
					const principal = authenticate(req);
					if (kind === 'token-revoked' && 'id' in principal)
						credentials.revoke(principal.credential);
					return wooError(
						401,
						'woocommerce_rest_authentication_error',
						kind === 'token-revoked'
							? 'Consumer key is invalid.'
							: 'Invalid signature - provided signature does not match.',
					);
				},
				rateLimited: (d) => ({
					...wooError(
						429,
						'woocommerce_rest_too_many_requests',
						'Too many requests. Please wait and try again.',
					),
					headers: { 'retry-after': String(d.realSeconds(Math.max(1000, d.retryAfterMs))) },
				}),
				malformedBody: () => wooError(400, 'rest_invalid_json', 'Invalid JSON body passed.'),
			},
		};
	};
}
