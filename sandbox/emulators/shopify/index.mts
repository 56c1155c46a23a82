import { randomUUID } from 'node:crypto';

import {
	CredentialSet,
	asBody,
	catalogSeed,
	money,
	optionalString,
	seededCustomer,
	street,
	toNumber,
	type Body,
	type Customer,
} from '../commerce.mts';
import { translateError, withErrorMapping } from '../core/attempt.mts';
import {
	headerValue,
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
	type Principal,
} from '../core/http.mts';
import type { RateLimitProfile } from '../core/rate-limit.mts';
import type { HttpMethod, RouteDefinition } from '../core/router.mts';
import {
	SeedError,
	type ServiceContext,
	type ServiceDefinition,
	type ServiceFactory,
} from '../core/service.mts';
import { zonedDateTime } from '../core/time.mts';
import { hmacBase64 } from '../core/webhooks.mts';
import {
	ShopifyError,
	ShopifyStore,
	invalid,
	type Fulfillment,
	type FulfillmentOrder,
	type LineItem,
	type Order,
	type Product,
	type Refund,
	type Transaction,
	type Variant,
	type Webhook,
} from './store.mts';

export const SHOPIFY_ACCESS_TOKEN = 'shpat_emulator_access_token';
export const SHOPIFY_API_SECRET = 'shopify-emulator-app-secret';
export const SHOPIFY_API_KEY = 'shopify-emulator-api-key';
export const SHOPIFY_SHOP_DOMAIN = 'emulator-shop.myshopify.com';
export const SHOPIFY_API_VERSION = '2024-07';

export interface ShopifyOptions {
	accessToken?: string;
	/** Signs webhooks (`X-Shopify-Hmac-Sha256`): the app's API secret key (n8n credential `appSecretKey`). */
	apiSecret?: string;
	apiKey?: string;
	shopDomain?: string;
}

const TOPICS = [
	'orders/create',
	'orders/updated',
	'orders/paid',
	'orders/cancelled',
	'orders/fulfilled',
	'orders/partially_fulfilled',
	'orders/delete',
	'fulfillments/create',
	'fulfillments/update',
	'refunds/create',
	'inventory_levels/update',
	'inventory_items/update',
	'products/create',
	'products/update',
	'products/delete',
	'order_transactions/create',
	'app/uninstalled',
];

/** Shopify's standard REST limit: a bucket of 40 calls that leaks 2 per second, per app and shop. */
export const SHOPIFY_RATE_LIMITS: RateLimitProfile = {
	description: 'Shopify Admin REST: leaky bucket per app (standard plan: 40 requests, 2/s)',
	rules: [
		{
			id: 'admin-rest',
			path: '/admin/api/**',
			limit: 40,
			algorithm: 'leaky-bucket',
			leakPerSecond: 2,
			verified: true,
			source: 'shopify.dev REST Admin API rate limits (standard plan)',
		},
	],
};

const iso = (ms: number | null) => (ms === null ? null : zonedDateTime(ms, 'Europe/Amsterdam'));
const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

function addressOf(c: Customer): Body {
	return {
		first_name: c.firstName,
		last_name: c.surname,
		name: `${c.firstName} ${c.surname}`,
		company: c.company ?? null,
		address1: street(c),
		address2: c.extraAddressInformation ?? null,
		city: c.city,
		zip: c.zipCode,
		province: null,
		country: c.countryCode === 'NL' ? 'Netherlands' : 'Belgium',
		country_code: c.countryCode,
		phone: c.phone,
	};
}

/** Shopify Admin REST API (`/admin/api/{version}/...json`), reachable under any Host header; HTTPS via the tls option. */
export function shopifyService(options: ShopifyOptions = {}): ServiceFactory {
	return (ctx: ServiceContext): ServiceDefinition => {
		const token = options.accessToken ?? SHOPIFY_ACCESS_TOKEN;
		const apiSecret = options.apiSecret ?? SHOPIFY_API_SECRET;
		const apiKey = options.apiKey ?? SHOPIFY_API_KEY;
		const shopDomain = options.shopDomain ?? SHOPIFY_SHOP_DOMAIN;
		const credentials = new CredentialSet(() => [token]);
		const settings = {
			/** Shopify only accepts https webhook addresses; the emulator allows http (for local n8n) unless this is false. */
			allowHttpWebhookAddress: true,
			defaultSeedOrders: 5,
		};
		const now = () => ctx.clock.now();
		const store: ShopifyStore = new ShopifyStore(ctx.webhooks, (itemId, locationId) => {
			const level = store.levels.get(itemId)?.get(locationId);
			if (level)
				emit('inventory_levels/update', {
					inventory_item_id: itemId,
					location_id: locationId,
					available: level.available,
					updated_at: iso(level.updated_at),
					admin_graphql_api_id: gid('InventoryLevel', itemId),
				});
		});

		const errors = (status: number, body: unknown): EmulatorResponse =>
			jsonResponse(
				status,
				typeof body === 'object' && body !== null && 'error' in body ? body : { errors: body },
			);

		function presentVariant(v: Variant): Body {
			return {
				id: v.id,
				product_id: v.product_id,
				title: v.title,
				price: v.price,
				sku: v.sku,
				position: v.position,
				inventory_policy: v.inventory_policy,
				compare_at_price: null,
				option1: v.option1,
				option2: null,
				option3: null,
				created_at: iso(v.created_at),
				updated_at: iso(v.updated_at),
				taxable: true,
				barcode: v.barcode,
				fulfillment_service: 'manual',
				grams: 0,
				inventory_management: v.inventory_management,
				requires_shipping: v.requires_shipping,
				weight: 0,
				weight_unit: 'kg',
				inventory_item_id: v.inventory_item_id,
				inventory_quantity: store.available(v.inventory_item_id),
				old_inventory_quantity: store.available(v.inventory_item_id),
				admin_graphql_api_id: gid('ProductVariant', v.id),
			};
		}
		function presentProduct(p: Product): Body {
			return {
				id: p.id,
				title: p.title,
				body_html: '',
				vendor: p.vendor,
				product_type: p.product_type,
				created_at: iso(p.created_at),
				handle: p.handle,
				updated_at: iso(p.updated_at),
				published_at: iso(p.created_at),
				status: p.status,
				tags: p.tags,
				admin_graphql_api_id: gid('Product', p.id),
				variants: p.variants.map(presentVariant),
				options: p.options.map((o, i) => ({
					id: p.id + i,
					product_id: p.id,
					name: o.name,
					position: i + 1,
					values: o.values,
				})),
				images: [],
				image: null,
			};
		}
		const presentTransaction = (t: Transaction): Body => ({
			...t,
			amount: money(t.amount),
			currency: 'EUR',
			created_at: iso(t.created_at),
			processed_at: iso(t.created_at),
			test: false,
			admin_graphql_api_id: gid('OrderTransaction', t.id),
		});
		function presentLine(order: Order, l: LineItem): Body {
			return {
				id: l.id,
				admin_graphql_api_id: gid('LineItem', l.id),
				variant_id: l.variant_id,
				product_id: l.product_id,
				title: l.title,
				name: l.name,
				sku: l.sku,
				quantity: l.quantity,
				current_quantity: l.quantity - l.refunded,
				fulfillable_quantity:
					order.cancelled_at === null ? Math.max(0, l.quantity - l.refunded - l.fulfilled) : 0,
				fulfillment_status:
					l.fulfilled === 0
						? null
						: l.fulfilled >= l.quantity - l.refunded
							? 'fulfilled'
							: 'partial',
				fulfillment_service: 'manual',
				requires_shipping: l.requires_shipping,
				price: money(l.price),
				price_set: {
					shop_money: { amount: money(l.price), currency_code: 'EUR' },
					presentment_money: { amount: money(l.price), currency_code: 'EUR' },
				},
				total_discount: '0.00',
				taxable: true,
				tax_lines: [],
				discount_allocations: [],
				duties: [],
				properties: [],
				gift_card: false,
				vendor: l.product_id ? (store.products.get(l.product_id)?.vendor ?? null) : null,
			};
		}
		function presentFulfillment(order: Order, f: Fulfillment): Body {
			return {
				id: f.id,
				admin_graphql_api_id: gid('Fulfillment', f.id),
				order_id: f.order_id,
				name: f.name,
				status: f.status,
				service: 'manual',
				shipment_status: null,
				location_id: f.location_id,
				created_at: iso(f.created_at),
				updated_at: iso(f.updated_at),
				tracking_company: f.tracking_company,
				tracking_number: f.tracking_numbers[0] ?? null,
				tracking_numbers: f.tracking_numbers,
				tracking_url: f.tracking_urls[0] ?? null,
				tracking_urls: f.tracking_urls,
				receipt: {},
				origin_address: {},
				line_items: f.lines.map((fl) => {
					const line = order.line_items.find((l) => l.id === fl.line_item_id) as LineItem;
					return { ...presentLine(order, line), quantity: fl.quantity };
				}),
			};
		}
		function presentRefund(order: Order, r: Refund): Body {
			return {
				id: r.id,
				admin_graphql_api_id: gid('Refund', r.id),
				order_id: r.order_id,
				created_at: iso(r.created_at),
				processed_at: iso(r.created_at),
				note: r.note,
				restock: r.lines.some((l) => l.restock_type !== 'no_restock'),
				user_id: null,
				order_adjustments:
					r.shipping > 0
						? [
								{
									id: r.id + 1,
									order_id: order.id,
									refund_id: r.id,
									kind: 'shipping_refund',
									amount: money(-r.shipping),
									tax_amount: '0.00',
									reason: 'Shipping refund',
								},
							]
						: [],
				refund_line_items: r.lines.map((l) => ({
					id: l.id,
					line_item_id: l.line_item_id,
					quantity: l.quantity,
					restock_type: l.restock_type,
					location_id: l.location_id,
					subtotal: l.subtotal,
					total_tax: 0,
					line_item: presentLine(
						order,
						order.line_items.find((i) => i.id === l.line_item_id) as LineItem,
					),
				})),
				transactions: r.transactions.map(presentTransaction),
				duties: [],
			};
		}
		function presentOrder(o: Order): Body {
			const total = ShopifyStore.total(o);
			const refunded = ShopifyStore.refundedAmount(o);
			const amount = (v: number) => ({
				shop_money: { amount: money(v), currency_code: o.currency },
				presentment_money: { amount: money(v), currency_code: o.currency },
			});
			return {
				id: o.id,
				admin_graphql_api_id: gid('Order', o.id),
				name: o.name,
				order_number: o.order_number,
				number: o.order_number - 1000,
				email: o.email,
				contact_email: o.email,
				created_at: iso(o.created_at),
				updated_at: iso(o.updated_at),
				processed_at: iso(o.processed_at),
				cancelled_at: iso(o.cancelled_at),
				cancel_reason: o.cancel_reason,
				closed_at: iso(o.closed_at),
				currency: o.currency,
				presentment_currency: o.currency,
				financial_status: o.financial_status,
				fulfillment_status: ShopifyStore.fulfillmentStatus(o),
				confirmed: true,
				test: o.test,
				note: o.note,
				note_attributes: o.note_attributes,
				tags: o.tags,
				source_name: o.source_name,
				taxes_included: false,
				total_price: money(total),
				subtotal_price: money(ShopifyStore.subtotal(o)),
				total_line_items_price: money(ShopifyStore.subtotal(o)),
				total_tax: '0.00',
				total_discounts: '0.00',
				current_total_price: money(total - refunded),
				total_price_set: amount(total),
				total_shipping_price_set: amount(o.shipping_lines.reduce((s, l) => s + l.price, 0)),
				total_outstanding: money(Math.max(0, total - ShopifyStore.captured(o))),
				customer: o.customer,
				billing_address: o.billing_address,
				shipping_address: o.shipping_address,
				line_items: o.line_items.map((l) => presentLine(o, l)),
				shipping_lines: o.shipping_lines.map((s) => ({
					...s,
					price: money(s.price),
					discounted_price: money(s.price),
					tax_lines: [],
				})),
				fulfillments: o.fulfillments.map((f) => presentFulfillment(o, f)),
				refunds: o.refunds.map((r) => presentRefund(o, r)),
				payment_gateway_names: [...new Set(o.transactions.map((t) => t.gateway))],
				tax_lines: [],
				discount_codes: [],
			};
		}
		function presentFulfillmentOrder(fo: FulfillmentOrder): Body {
			const order = store.orders.get(fo.order_id) as Order;
			const location = store.locations.find((l) => l.id === fo.assigned_location_id);
			return {
				id: fo.id,
				admin_graphql_api_id: gid('FulfillmentOrder', fo.id),
				shop_id: 1,
				order_id: fo.order_id,
				assigned_location_id: fo.assigned_location_id,
				request_status: 'unsubmitted',
				status: fo.status,
				fulfill_at: iso(fo.created_at),
				fulfill_by: null,
				supported_actions:
					fo.status === 'closed' || fo.status === 'cancelled'
						? []
						: ['create_fulfillment', 'move', 'hold'],
				destination: order.shipping_address,
				line_items: fo.line_items.map((l) => ({
					id: l.id,
					shop_id: 1,
					fulfillment_order_id: fo.id,
					quantity: l.quantity,
					line_item_id: l.line_item_id,
					inventory_item_id: l.inventory_item_id,
					fulfillable_quantity: l.fulfillable_quantity,
					variant_id: l.variant_id,
				})),
				international_duties: null,
				fulfillment_holds: [],
				delivery_method: { id: fo.id, method_type: 'shipping' },
				assigned_location: location
					? {
							address1: location.address1,
							city: location.city,
							country_code: location.country_code,
							location_id: location.id,
							name: location.name,
							zip: location.zip,
						}
					: null,
				merchant_requests: [],
				created_at: iso(fo.created_at),
				updated_at: iso(fo.updated_at),
			};
		}
		const presentLocation = (l: ShopifyStore['locations'][number]): Body => ({
			...l,
			country: l.country_code === 'NL' ? 'Netherlands' : 'Belgium',
			legacy: false,
			admin_graphql_api_id: gid('Location', l.id),
		});
		const presentLevel = (itemId: number, locationId: number): Body => {
			const level = store.levels.get(itemId)?.get(locationId);
			return {
				inventory_item_id: itemId,
				location_id: locationId,
				available: level?.available ?? 0,
				updated_at: iso(level?.updated_at ?? now()),
				admin_graphql_api_id: gid('InventoryLevel', itemId),
			};
		};
		const presentWebhook = (w: Webhook): Body => ({
			id: w.id,
			address: w.address,
			topic: w.topic,
			created_at: iso(w.created_at),
			updated_at: iso(w.updated_at),
			format: w.format,
			fields: [],
			metafield_namespaces: [],
			api_version: w.api_version,
			private_metafield_namespaces: [],
		});

		function emit(topic: string, payload: Body): void {
			store.webhooks.emit(topic, payload, (_sub, body) => ({
				'x-shopify-topic': topic,
				'x-shopify-hmac-sha256': hmacBase64(apiSecret, body),
				'x-shopify-shop-domain': shopDomain,
				'x-shopify-api-version': SHOPIFY_API_VERSION,
				'x-shopify-webhook-id': randomUUID(),
				'x-shopify-event-id': randomUUID(),
				'x-shopify-triggered-at': new Date(now()).toISOString(),
			}));
		}
		const orderEvents = (order: Order, ...topics: string[]) =>
			topics.forEach((t) => emit(t, presentOrder(order)));

		/** Cursor pagination with `page_info` and a Link header, as Shopify does for REST lists. */
		function paged<T extends { id: number }>(
			req: EmulatorRequest,
			key: string,
			all: T[],
			present: (item: T) => Body,
			max = 250,
		): EmulatorResponse {
			const limit = Math.trunc(toNumber(req.query.get('limit'), 50));
			if (limit < 1 || limit > max) return errors(400, { limit: `must be between 1 and ${max}` });
			const pageInfo = req.query.get('page_info');
			let offset = 0;
			if (pageInfo !== null) {
				const extra = [...req.query.keys()].filter(
					(k) => !['page_info', 'limit', 'fields'].includes(k),
				);
				if (extra.length > 0)
					return errors(400, {
						page_info:
							'page_info cannot be combined with other query parameters besides limit and fields',
					});
				try {
					offset = Number(
						(JSON.parse(Buffer.from(pageInfo, 'base64url').toString('utf8')) as { offset: number })
							.offset,
					);
				} catch {
					offset = NaN;
				}
				if (!Number.isInteger(offset) || offset < 0)
					return errors(400, { page_info: 'Invalid value.' });
			}
			const page = all.slice(offset, offset + limit);
			const fields = req.query
				.get('fields')
				?.split(',')
				.map((f) => f.trim());
			const rendered = page
				.map(present)
				.map((item) =>
					fields
						? Object.fromEntries(Object.entries(item).filter(([k]) => fields.includes(k)))
						: item,
				);
			const link = (o: number, rel: string) => {
				const url = new URL(`${req.origin}${req.path}`);
				url.searchParams.set('limit', String(limit));
				if (fields) url.searchParams.set('fields', fields.join(','));
				url.searchParams.set(
					'page_info',
					Buffer.from(JSON.stringify({ offset: o, key })).toString('base64url'),
				);
				return `<${url.toString()}>; rel="${rel}"`;
			};
			const links = [
				offset > 0 ? link(Math.max(0, offset - limit), 'previous') : '',
				offset + limit < all.length ? link(offset + limit, 'next') : '',
			].filter(Boolean);
			return jsonResponse(
				200,
				{ [key]: rendered },
				'application/json',
				links.length > 0 ? { link: links.join(', ') } : {},
			);
		}

		/** The filters a page_info cursor keeps: the list is filtered once, from the first request's parameters. */
		const cursorFilters = new Map<string, URLSearchParams>();
		function filtersOf(req: EmulatorRequest, key: string): URLSearchParams {
			const pageInfo = req.query.get('page_info');
			if (pageInfo === null) {
				cursorFilters.set(key, new URLSearchParams(req.query));
				return req.query;
			}
			return cursorFilters.get(key) ?? new URLSearchParams();
		}

		const time = (v: string | null) => (v === null ? undefined : Date.parse(v));
		function listOrders(req: EmulatorRequest): EmulatorResponse {
			const q = filtersOf(req, 'orders');
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
				.filter(
					(o) => financial === null || financial === 'any' || o.financial_status === financial,
				)
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

		function findOrder(req: EmulatorRequest): Order {
			const order = store.orders.get(Number(req.params.id));
			if (!order) throw new ShopifyError(404, 'Not Found');
			return order;
		}
		function rootKey(req: EmulatorRequest, key: string): Body {
			const body = asBody(req.body);
			if (typeof body[key] !== 'object' || body[key] === null)
				throw new ShopifyError(400, { [key]: 'Required parameter missing or invalid' });
			return asBody(body[key]);
		}
		function findFulfillment(req: EmulatorRequest): { order: Order; fulfillment: Fulfillment } {
			for (const order of store.orders.values()) {
				const fulfillment = order.fulfillments.find((f) => f.id === Number(req.params.id));
				if (fulfillment) return { order, fulfillment };
			}
			throw new ShopifyError(404, 'Not Found');
		}
		function createWebhook(input: Body, at: number): Webhook {
			const topic = optionalString(input.topic) ?? '';
			if (!TOPICS.includes(topic))
				throw invalid(
					'topic',
					`Invalid topic specified: ${topic}. Topics allowed: ${TOPICS.join(', ')}`,
				);
			const address = optionalString(input.address) ?? '';
			let url: URL | undefined;
			try {
				url = new URL(address);
			} catch {
				url = undefined;
			}
			if (!url) throw invalid('address', 'is invalid');
			if (
				url.protocol !== 'https:' &&
				!(settings.allowHttpWebhookAddress && url.protocol === 'http:')
			)
				throw invalid('address', `protocol ${url.protocol}// is not supported`);
			if (
				[...store.webhooks.subscriptions.values()].some(
					(w) => w.topic === topic && w.address === address,
				)
			)
				throw invalid('address', 'for this topic has already been taken');
			const webhook: Webhook = {
				id: store.ids.next('webhook'),
				topic,
				address,
				format: optionalString(input.format) ?? 'json',
				api_version: SHOPIFY_API_VERSION,
				active: true,
				failures: 0,
				created_at: at,
				updated_at: at,
			};
			store.webhooks.subscriptions.set(webhook.id, webhook);
			return webhook;
		}

		const routes: RouteDefinition[] = [];
		function route(method: HttpMethod, path: string, handler: RouteDefinition['handler']): void {
			routes.push({
				method,
				path: `/admin/api/:version${path}`,
				handler: withErrorMapping(
					async (req) => {
						const res = await handler(req);
						const version = req.params.version as string;
						return {
							...res,
							headers: {
								...res.headers,
								'x-shopify-api-version':
									/^\d{4}-\d{2}$/.test(version) && version >= SHOPIFY_API_VERSION
										? version
										: SHOPIFY_API_VERSION,
							},
						};
					},
					(e) => (e instanceof ShopifyError ? errors(e.status, e.errors) : undefined),
				),
			});
		}
		const ok = (body: Body) => jsonResponse(200, body);
		const created = (body: Body) => jsonResponse(201, body);

		route('GET', '/shop.json', () =>
			ok({
				shop: {
					id: 1,
					name: 'Emulator Shop',
					domain: shopDomain,
					myshopify_domain: shopDomain,
					currency: 'EUR',
					country_code: 'NL',
					iana_timezone: 'Europe/Amsterdam',
					plan_name: 'basic',
				},
			}),
		);
		route('GET', '/locations.json', () => ok({ locations: store.locations.map(presentLocation) }));
		route('GET', '/locations/:id.json', (req) => {
			const location = store.locations.find((l) => l.id === Number(req.params.id));
			if (!location) throw new ShopifyError(404, 'Not Found');
			return ok({ location: presentLocation(location) });
		});
		route('GET', '/locations/:id/inventory_levels.json', (req) => {
			const id = Number(req.params.id);
			return ok({
				inventory_levels: [...store.levels.entries()]
					.filter(([, m]) => m.has(id))
					.map(([itemId]) => presentLevel(itemId, id)),
			});
		});
		route('GET', '/inventory_levels.json', (req) => {
			const items = req.query.get('inventory_item_ids')?.split(',').map(Number);
			const locations = req.query.get('location_ids')?.split(',').map(Number);
			if (!items && !locations)
				throw invalid('base', 'inventory_item_ids or location_ids is required');
			const levels = [...store.levels.entries()].flatMap(([itemId, m]) =>
				[...m.keys()].map((locationId) => ({ itemId, locationId })),
			);
			return ok({
				inventory_levels: levels
					.filter(
						(l) =>
							(!items || items.includes(l.itemId)) &&
							(!locations || locations.includes(l.locationId)),
					)
					.map((l) => presentLevel(l.itemId, l.locationId)),
			});
		});
		for (const op of ['set', 'adjust', 'connect'] as const) {
			route('POST', `/inventory_levels/${op}.json`, (req) => {
				const body = asBody(req.body);
				const itemId = toNumber(body.inventory_item_id, NaN);
				const locationId = toNumber(body.location_id, NaN);
				if (!Number.isFinite(itemId)) throw invalid('inventory_item_id', "can't be blank");
				if (!Number.isFinite(locationId)) throw invalid('location_id', "can't be blank");
				if (!store.variantByInventoryItem(itemId))
					throw new ShopifyError(422, ['Inventory item does not exist']);
				if (!store.locations.some((l) => l.id === locationId))
					throw new ShopifyError(422, ['Location does not exist']);
				const connected = store.levels.get(itemId)?.has(locationId) ?? false;
				if (op === 'set') {
					if (typeof body.available !== 'number' || !Number.isInteger(body.available))
						throw invalid('available', 'must be an integer');
					store.setLevel(itemId, locationId, body.available, now());
				} else if (op === 'adjust') {
					if (!connected)
						throw new ShopifyError(422, ['Inventory item is not stocked at the location']);
					if (typeof body.available_adjustment !== 'number')
						throw invalid('available_adjustment', 'must be an integer');
					store.adjustLevel(itemId, locationId, body.available_adjustment, now());
				} else if (!connected) {
					store.setLevel(itemId, locationId, 0, now());
				}
				return ok({ inventory_level: presentLevel(itemId, locationId) });
			});
		}
		route('GET', '/inventory_items/:id.json', (req) => {
			const variant = store.variantByInventoryItem(Number(req.params.id));
			if (!variant) throw new ShopifyError(404, 'Not Found');
			return ok({
				inventory_item: {
					id: variant.inventory_item_id,
					sku: variant.sku,
					tracked: variant.inventory_management === 'shopify',
					requires_shipping: variant.requires_shipping,
					created_at: iso(variant.created_at),
					updated_at: iso(variant.updated_at),
					admin_graphql_api_id: gid('InventoryItem', variant.inventory_item_id),
				},
			});
		});
		route('GET', '/products/count.json', () => ok({ count: store.products.size }));
		route('GET', '/products.json', (req) => {
			const q = filtersOf(req, 'products');
			const ids = q.get('ids')?.split(',').map(Number);
			const title = q.get('title')?.toLowerCase();
			const products = [...store.products.values()]
				.filter(
					(p) =>
						(!ids || ids.includes(p.id)) &&
						(!title || p.title.toLowerCase().includes(title)) &&
						(q.get('status') === null || p.status === q.get('status')),
				)
				.filter((p) => p.id > toNumber(q.get('since_id'), 0))
				.sort((a, b) => a.id - b.id);
			return paged(req, 'products', products, presentProduct);
		});
		route('POST', '/products.json', (req) => {
			const product = store.addProduct(rootKey(req, 'product'), now());
			emit('products/create', presentProduct(product));
			return created({ product: presentProduct(product) });
		});
		route('GET', '/products/:id.json', (req) => {
			const product = store.products.get(Number(req.params.id));
			if (!product) throw new ShopifyError(404, 'Not Found');
			return ok({ product: presentProduct(product) });
		});
		route('PUT', '/products/:id.json', (req) => {
			const product = store.products.get(Number(req.params.id));
			if (!product) throw new ShopifyError(404, 'Not Found');
			const body = rootKey(req, 'product');
			for (const field of ['title', 'vendor', 'product_type', 'status', 'tags'] as const)
				if (typeof body[field] === 'string') product[field] = body[field] as string;
			product.updated_at = now();
			emit('products/update', presentProduct(product));
			return ok({ product: presentProduct(product) });
		});
		route('DELETE', '/products/:id.json', (req) => {
			const product = store.products.get(Number(req.params.id));
			if (!product) throw new ShopifyError(404, 'Not Found');
			store.products.delete(product.id);
			product.variants.forEach((v) => store.variants.delete(v.id));
			emit('products/delete', { id: product.id });
			return ok({});
		});
		route('GET', '/variants/:id.json', (req) => {
			const variant = store.variants.get(Number(req.params.id));
			if (!variant) throw new ShopifyError(404, 'Not Found');
			return ok({ variant: presentVariant(variant) });
		});
		route('PUT', '/variants/:id.json', (req) => {
			const variant = store.variants.get(Number(req.params.id));
			if (!variant) throw new ShopifyError(404, 'Not Found');
			const body = rootKey(req, 'variant');
			if (body.inventory_quantity !== undefined)
				throw invalid('inventory_quantity', 'is read-only: use inventory_levels/set.json');
			if (body.price !== undefined) variant.price = money(toNumber(body.price));
			for (const field of ['sku', 'barcode'] as const)
				if (typeof body[field] === 'string') variant[field] = body[field] as string;
			if (body.inventory_policy === 'deny' || body.inventory_policy === 'continue')
				variant.inventory_policy = body.inventory_policy;
			variant.updated_at = now();
			return ok({ variant: presentVariant(variant) });
		});
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
		route('GET', '/orders/:id.json', (req) => ok({ order: presentOrder(findOrder(req)) }));
		route('PUT', '/orders/:id.json', (req) => {
			const order = findOrder(req);
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
			const order = findOrder(req);
			store.orders.delete(order.id);
			emit('orders/delete', { id: order.id });
			return ok({});
		});
		route('POST', '/orders/:id/cancel.json', (req) => {
			const order = findOrder(req);
			store.cancel(order, asBody(req.body), now());
			orderEvents(order, 'orders/cancelled', 'orders/updated');
			return ok({ order: presentOrder(order) });
		});
		route('POST', '/orders/:id/close.json', (req) => {
			const order = findOrder(req);
			order.closed_at = now();
			order.updated_at = now();
			return ok({ order: presentOrder(order) });
		});
		route('POST', '/orders/:id/open.json', (req) => {
			const order = findOrder(req);
			if (order.cancelled_at !== null)
				throw new ShopifyError(422, { base: ['Cannot reopen a cancelled order'] });
			order.closed_at = null;
			order.updated_at = now();
			return ok({ order: presentOrder(order) });
		});
		route('GET', '/orders/:id/fulfillment_orders.json', (req) =>
			ok({
				fulfillment_orders: store
					.fulfillmentOrdersOf(findOrder(req).id)
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
			const { order, fulfillment } = findFulfillment(req);
			const tracking = asBody(rootKey(req, 'fulfillment').tracking_info);
			if (typeof tracking.company === 'string') fulfillment.tracking_company = tracking.company;
			if (typeof tracking.number === 'string') fulfillment.tracking_numbers = [tracking.number];
			if (typeof tracking.url === 'string') fulfillment.tracking_urls = [tracking.url];
			fulfillment.updated_at = now();
			emit('fulfillments/update', presentFulfillment(order, fulfillment));
			return ok({ fulfillment: presentFulfillment(order, fulfillment) });
		});
		route('POST', '/fulfillments/:id/cancel.json', (req) => {
			const { order, fulfillment } = findFulfillment(req);
			store.cancelFulfillment(fulfillment, order, now());
			emit('fulfillments/update', presentFulfillment(order, fulfillment));
			return ok({ fulfillment: presentFulfillment(order, fulfillment) });
		});
		route('GET', '/orders/:id/fulfillments.json', (req) => {
			const order = findOrder(req);
			return ok({ fulfillments: order.fulfillments.map((f) => presentFulfillment(order, f)) });
		});
		route('GET', '/orders/:id/fulfillments/:fulfillmentId.json', (req) => {
			const order = findOrder(req);
			const fulfillment = order.fulfillments.find((f) => f.id === Number(req.params.fulfillmentId));
			if (!fulfillment) throw new ShopifyError(404, 'Not Found');
			return ok({ fulfillment: presentFulfillment(order, fulfillment) });
		});
		route('GET', '/orders/:id/transactions.json', (req) =>
			ok({ transactions: findOrder(req).transactions.map(presentTransaction) }),
		);
		route('POST', '/orders/:id/refunds/calculate.json', (req) => {
			const order = findOrder(req);
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
			const order = findOrder(req);
			const refund = store.refund(order, rootKey(req, 'refund'), now());
			emit('refunds/create', presentRefund(order, refund));
			orderEvents(order, 'orders/updated');
			return created({ refund: presentRefund(order, refund) });
		});
		route('GET', '/orders/:id/refunds.json', (req) => {
			const order = findOrder(req);
			return ok({ refunds: order.refunds.map((r) => presentRefund(order, r)) });
		});
		route('GET', '/orders/:id/refunds/:refundId.json', (req) => {
			const order = findOrder(req);
			const refund = order.refunds.find((r) => r.id === Number(req.params.refundId));
			if (!refund) throw new ShopifyError(404, 'Not Found');
			return ok({ refund: presentRefund(order, refund) });
		});
		route('GET', '/webhooks/count.json', () => ok({ count: store.webhooks.subscriptions.size }));
		route('GET', '/webhooks.json', (req) => {
			const topic = req.query.get('topic');
			const address = req.query.get('address');
			const hooks = [...store.webhooks.subscriptions.values()].filter(
				(w) => (topic === null || w.topic === topic) && (address === null || w.address === address),
			);
			return ok({ webhooks: hooks.map(presentWebhook) });
		});
		route('POST', '/webhooks.json', (req) =>
			created({ webhook: presentWebhook(createWebhook(rootKey(req, 'webhook'), now())) }),
		);
		route('GET', '/webhooks/:id.json', (req) => {
			const webhook = store.webhooks.subscriptions.get(Number(req.params.id));
			if (!webhook) throw new ShopifyError(404, 'Not Found');
			return ok({ webhook: presentWebhook(webhook) });
		});
		route('PUT', '/webhooks/:id.json', (req) => {
			const webhook = store.webhooks.subscriptions.get(Number(req.params.id));
			if (!webhook) throw new ShopifyError(404, 'Not Found');
			const body = rootKey(req, 'webhook');
			if (typeof body.address === 'string') webhook.address = body.address;
			webhook.updated_at = now();
			return ok({ webhook: presentWebhook(webhook) });
		});
		route('DELETE', '/webhooks/:id.json', (req) => {
			if (!store.webhooks.subscriptions.delete(Number(req.params.id)))
				throw new ShopifyError(404, 'Not Found');
			return ok({});
		});

		function seed(
			seedValue: number,
			orders: number,
			at: number,
		): { products: number; orders: number } {
			const catalog = catalogSeed(seedValue, 'shopify');
			if (store.products.size === 0) {
				const location = store.primaryLocation();
				for (const p of catalog.simple) {
					const product = store.addProduct(
						{
							title: p.title,
							vendor: 'Emulator Shop',
							variants: [{ price: p.price, sku: p.sku, barcode: p.ean }],
						},
						at,
					);
					const variant = product.variants[0] as Variant;
					store.setLevel(variant.inventory_item_id, location.id, p.stock, at);
				}
				for (const members of catalog.families.values()) {
					const first = members[0];
					if (!first) continue;
					const product = store.addProduct(
						{
							title: first.familyTitle,
							options: [{ name: first.option?.name, values: members.map((m) => m.option?.value) }],
							variants: members.map((m) => ({
								price: m.price,
								sku: m.sku,
								barcode: m.ean,
								option1: m.option?.value,
							})),
						},
						at,
					);
					product.variants.forEach((v, i) =>
						store.setLevel(v.inventory_item_id, location.id, members[i]?.stock ?? 0, at),
					);
				}
			}
			const variants = [...store.variants.values()];
			for (let i = 0; i < orders && variants.length > 0; i++) {
				const customer = seededCustomer(catalog.random);
				const order = store.createOrder(
					{
						email: customer.email,
						customer: {
							first_name: customer.firstName,
							last_name: customer.surname,
							email: customer.email,
						},
						billing_address: addressOf(customer),
						shipping_address: addressOf(customer),
						line_items: [
							{ variant_id: catalog.random.pick(variants).id, quantity: catalog.random.int(1, 2) },
						],
						shipping_lines: [{ title: 'PostNL', price: '4.95', code: 'PostNL' }],
						inventory_behaviour: 'decrement_ignoring_policy',
						source_name: 'web',
					},
					at - catalog.random.int(1, 72) * 3_600_000,
				);
				order.updated_at = order.created_at;
			}
			return { products: catalog.products.length, orders };
		}

		function authenticate(req: EmulatorRequest): Principal | EmulatorResponse {
			let presented = headerValue(req, 'x-shopify-access-token');
			const basic = /^Basic\s+(\S+)$/i.exec(headerValue(req, 'authorization') ?? '')?.[1];
			if (!presented && basic) {
				const [user, pass] = Buffer.from(basic, 'base64').toString('utf8').split(':');
				if (user === apiKey) presented = pass;
			}
			if (credentials.check(presented) !== 'ok')
				return errors(
					401,
					'[API] Invalid API key or access token (unrecognized login or wrong password)',
				);
			return { id: shopDomain, credential: presented };
		}

		return {
			name: 'shopify',
			routes,
			rateLimitProfile: SHOPIFY_RATE_LIMITS,
			info: () => ({
				baseUrl: ctx.url(),
				apiRoot: `${ctx.url()}/admin/api/${SHOPIFY_API_VERSION}`,
				shopDomain,
				accessToken: token,
				apiSecret,
				apiKey,
				credential: {
					shopSubdomain: shopDomain.replace(/\.myshopify\.com$/, ''),
					accessToken: token,
					appSecretKey: apiSecret,
				},
			}),
			state: {
				settings,
				snapshot: () => ({
					locations: store.locations.map(presentLocation),
					products: [...store.products.values()].map(presentProduct),
					inventoryLevels: [...store.levels.entries()].flatMap(([itemId, m]) =>
						[...m.keys()].map((locationId) => presentLevel(itemId, locationId)),
					),
					orders: [...store.orders.values()].map(presentOrder),
					fulfillmentOrders: [...store.fulfillmentOrders.values()].map(presentFulfillmentOrder),
					webhooks: [...store.webhooks.subscriptions.values()].map(presentWebhook),
					deliveries: ctx.webhooks.list(),
				}),
				reset: ({ empty }) => {
					store.clear();
					credentials.reset();
					cursorFilters.clear();
					store.locations.push(
						{
							id: store.ids.next('location'),
							name: 'Magazijn Amsterdam',
							address1: 'Cruquiusweg 110',
							city: 'Amsterdam',
							zip: '1019AK',
							country_code: 'NL',
							active: true,
						},
						{
							id: store.ids.next('location'),
							name: 'Winkel Utrecht',
							address1: 'Oudegracht 150',
							city: 'Utrecht',
							zip: '3511AZ',
							country_code: 'NL',
							active: true,
						},
					);
					if (!empty && ctx.seed !== undefined) seed(ctx.seed, settings.defaultSeedOrders, now());
				},
				seed: (input) => {
					const body = asBody(input);
					return translateError(
						() =>
							seed(
								typeof body.seed === 'number' ? body.seed : (ctx.seed ?? 1),
								typeof body.orders === 'number' ? body.orders : 0,
								now(),
							),
						ShopifyError,
						(e) => new SeedError(e.message),
					);
				},
			},
			hooks: {
				error: (status, err) =>
					errors(
						status === 405 ? 404 : status,
						status === 404 || status === 405 ? 'Not Found' : (err.detail ?? err.title),
					),
				authenticate,
				authFault: (kind, req) => {
					if (kind === 'token-revoked')
						credentials.revoke(headerValue(req, 'x-shopify-access-token'));
					return errors(
						401,
						'[API] Invalid API key or access token (unrecognized login or wrong password)',
					);
				},
				rateLimitHeaders: (d) => ({ 'x-shopify-shop-api-call-limit': `${d.used}/${d.limit}` }),
				rateLimited: (d) => ({
					...errors(
						429,
						'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.',
					),
					headers: {
						'retry-after': d.realSeconds(Math.max(1000, d.retryAfterMs)).toFixed(1),
						'x-shopify-shop-api-call-limit': `${d.limit}/${d.limit}`,
					},
				}),
				malformedBody: () => errors(400, 'Invalid JSON body'),
			},
		};
	};
}
