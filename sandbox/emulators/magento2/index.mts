import { randomBytes } from 'node:crypto';

import {
	CredentialSet,
	asBody,
	asList,
	bearerToken,
	catalogSeed,
	optionalString,
	round2,
	seededCustomer,
	street,
	toNumber,
	type Body,
} from '../commerce.mts';
import { translateError, withErrorMapping } from '../core/attempt.mts';
import {
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
import { sqlDateTime } from '../core/time.mts';
import { MissingSearchCriteria, echoCriteria, parseSearchCriteria, search } from './search.mts';
import {
	MagentoError,
	MagentoStore,
	entity,
	PAYMENT_METHODS,
	required,
	type MAddress,
	type MCreditmemo,
	type MInvoice,
	type MOrder,
	type MProduct,
	type MQuote,
	type MShipment,
} from './store.mts';

export const MAGENTO_INTEGRATION_TOKEN = 'magento-emulator-integration-token';
export const MAGENTO_ADMIN_USERNAME = 'admin';
export const MAGENTO_ADMIN_PASSWORD = 'Admin123!';

export interface Magento2Options {
	integrationToken?: string;
	adminUsername?: string;
	adminPassword?: string;
}

const MODULES = [
	'Magento_Store',
	'Magento_Catalog',
	'Magento_CatalogInventory',
	'Magento_Quote',
	'Magento_Sales',
	'Magento_Inventory',
	'Magento_InventoryApi',
	'Magento_InventorySales',
	'Magento_Integration',
];

/** Magento 2.4 REST (`/rest/default/V1`, `/rest/all/V1`, `/rest/V1`): admin and integration Bearer tokens, guest carts. */
export function magento2Service(options: Magento2Options = {}): ServiceFactory {
	return (ctx: ServiceContext): ServiceDefinition => {
		const integrationToken = options.integrationToken ?? MAGENTO_INTEGRATION_TOKEN;
		const username = options.adminUsername ?? MAGENTO_ADMIN_USERNAME;
		const password = options.adminPassword ?? MAGENTO_ADMIN_PASSWORD;
		const settings = { adminTokenLifetimeHours: 4, defaultSeedOrders: 5 };
		const store = new MagentoStore();
		const adminTokens = new Map<string, number>();
		const credentials = new CredentialSet(() => [integrationToken, ...adminTokens.keys()]);
		const now = () => ctx.clock.now();

		const error = (
			status: number,
			message: string,
			parameters?: Body | string[],
		): EmulatorResponse =>
			jsonResponse(status, parameters === undefined ? { message } : { message, parameters });
		const unauthorized = (resource = 'Magento_Sales::actions_view') =>
			error(401, "The consumer isn't authorized to access %resources.", { resources: resource });

		function presentAddress(a: MAddress, type: string, parentId: number, email: string): Body {
			return {
				address_type: type,
				entity_id: parentId * 2 - (type === 'billing' ? 1 : 0),
				parent_id: parentId,
				email,
				region: null,
				...a,
			};
		}

		function presentOrder(o: MOrder): Body {
			const subtotal = round2(o.items.reduce((s, i) => s + i.price * i.qty_ordered, 0));
			const grand = MagentoStore.grandTotal(o);
			const items = o.items.map((i) => ({
				...i,
				base_price: i.price,
				row_total: round2(i.price * i.qty_ordered),
				base_row_total: round2(i.price * i.qty_ordered),
				created_at: sqlDateTime(o.created_at),
				updated_at: sqlDateTime(o.updated_at),
				store_id: 1,
				is_virtual: 0,
			}));
			return {
				entity_id: o.entity_id,
				increment_id: o.increment_id,
				quote_id: o.quote_id,
				state: o.state,
				status: o.status,
				store_id: 1,
				created_at: sqlDateTime(o.created_at),
				updated_at: sqlDateTime(o.updated_at),
				customer_email: o.customer_email,
				customer_firstname: o.billing.firstname,
				customer_lastname: o.billing.lastname,
				customer_is_guest: o.customer_is_guest ? 1 : 0,
				base_currency_code: 'EUR',
				order_currency_code: 'EUR',
				global_currency_code: 'EUR',
				subtotal,
				base_subtotal: subtotal,
				shipping_amount: o.shippingMethod.amount,
				shipping_description: o.shippingMethod.title,
				grand_total: grand,
				base_grand_total: grand,
				total_qty_ordered: o.items.reduce((s, i) => s + i.qty_ordered, 0),
				total_invoiced: o.total_invoiced,
				total_paid: o.total_paid,
				total_refunded: o.total_refunded,
				total_due: round2(grand - o.total_paid),
				items,
				billing_address: presentAddress(o.billing, 'billing', o.entity_id, o.customer_email),
				payment: {
					method: o.payment,
					amount_ordered: grand,
					amount_paid: o.total_paid,
					additional_information: [PAYMENT_METHODS[o.payment] ?? o.payment],
					parent_id: o.entity_id,
				},
				status_histories: [...o.comments].reverse().map((c) => ({
					...c,
					created_at: sqlDateTime(c.created_at),
					parent_id: o.entity_id,
					entity_name: 'order',
				})),
				extension_attributes: {
					shipping_assignments: [
						{
							shipping: {
								address: presentAddress(o.shipping, 'shipping', o.entity_id, o.customer_email),
								method: `${o.shippingMethod.carrier}_${o.shippingMethod.method}`,
								total: {
									shipping_amount: o.shippingMethod.amount,
									base_shipping_amount: o.shippingMethod.amount,
								},
							},
							items,
						},
					],
				},
			};
		}
		function presentProduct(p: MProduct): Body {
			const item = store.sourceItem(p.sku, 'default');
			return {
				...p,
				created_at: sqlDateTime(p.created_at),
				updated_at: sqlDateTime(p.updated_at),
				extension_attributes: {
					website_ids: [1],
					stock_item: {
						item_id: p.id,
						product_id: p.id,
						stock_id: 1,
						qty: item.quantity,
						is_in_stock: store.salable(p.sku) > 0,
						manage_stock: true,
						backorders: 0,
						min_sale_qty: 1,
					},
				},
			};
		}
		const presentShipment = (s: MShipment): Body => ({
			...s,
			created_at: sqlDateTime(s.created_at),
			total_qty: s.items.reduce((sum, i) => sum + i.qty, 0),
			tracks: s.tracks.map((t) => ({ ...t, created_at: sqlDateTime(t.created_at) })),
			extension_attributes: { source_code: s.source_code },
		});
		const presentInvoice = (i: MInvoice): Body => ({
			...i,
			state: 2,
			created_at: sqlDateTime(i.created_at),
			base_grand_total: i.grand_total,
		});
		const presentMemo = (m: MCreditmemo): Body => ({
			...m,
			state: 2,
			created_at: sqlDateTime(m.created_at),
			base_grand_total: m.grand_total,
		});
		const presentQuote = (q: MQuote): Body => ({
			id: q.id,
			created_at: sqlDateTime(q.created_at),
			updated_at: sqlDateTime(q.updated_at),
			is_active: q.active,
			is_virtual: false,
			items: q.items,
			items_count: q.items.length,
			items_qty: q.items.reduce((s, i) => s + i.qty, 0),
			customer: q.email ? { email: q.email } : {},
			customer_is_guest: q.customerId === undefined,
			billing_address: q.billingAddress ?? {},
			currency: { base_currency_code: 'EUR', quote_currency_code: 'EUR' },
			extension_attributes: q.shippingAddress
				? {
						shipping_assignments: [
							{
								shipping: {
									address: q.shippingAddress,
									method: q.shippingMethod
										? `${q.shippingMethod.carrier}_${q.shippingMethod.method}`
										: null,
								},
							},
						],
					}
				: {},
		});
		function totals(q: MQuote): Body {
			const subtotal = round2(q.items.reduce((s, i) => s + i.price * i.qty, 0));
			const shipping = q.shippingMethod?.amount ?? 0;
			return {
				grand_total: round2(subtotal + shipping),
				base_grand_total: round2(subtotal + shipping),
				subtotal,
				shipping_amount: shipping,
				tax_amount: 0,
				items_qty: q.items.reduce((s, i) => s + i.qty, 0),
				quote_currency_code: 'EUR',
				items: q.items.map((i) => ({
					item_id: i.item_id,
					price: i.price,
					qty: i.qty,
					row_total: round2(i.price * i.qty),
					name: i.name,
				})),
			};
		}

		function newQuote(masked: boolean, at: number): MQuote {
			const quote: MQuote = {
				id: store.ids.next('quote'),
				active: true,
				items: [],
				created_at: at,
				updated_at: at,
			};
			if (masked) {
				quote.maskedId = randomBytes(16).toString('hex');
				store.masked.set(quote.maskedId, quote.id);
			}
			store.quotes.set(quote.id, quote);
			return quote;
		}

		const guestCart = (req: EmulatorRequest) => {
			const id = store.masked.get(req.params.cartId as string);
			if (id === undefined)
				throw new MagentoError(404, 'No such entity with %fieldName = %fieldValue', {
					fieldName: 'cartId',
					fieldValue: req.params.cartId as string,
				});
			return store.cart(id);
		};
		const adminCart = (req: EmulatorRequest) => store.cart(Number(req.params.cartId));

		function list(req: EmulatorRequest, items: Body[]): EmulatorResponse {
			const criteria = parseSearchCriteria(req.query);
			return jsonResponse(200, {
				...search(items, criteria),
				search_criteria: echoCriteria(criteria),
			});
		}

		const ok = (body: unknown) => jsonResponse(200, body);
		const routes: RouteDefinition[] = [];
		/** Every route under /rest/{store}/V1 (store: default, all, or a code) and /rest/V1. */
		function route(
			method: HttpMethod,
			path: string,
			handler: RouteDefinition['handler'],
			auth = true,
		): void {
			const wrapped = guarded(handler);
			routes.push(
				{ method, path: `/rest/:storeCode/V1${path}`, handler: wrapped, auth },
				{ method, path: `/rest/V1${path}`, handler: wrapped, auth },
			);
		}
		function guarded(handler: RouteDefinition['handler']): RouteDefinition['handler'] {
			return withErrorMapping(handler, (e) => {
				if (e instanceof MagentoError) return error(e.status, e.message, e.parameters);
				if (e instanceof MissingSearchCriteria)
					return error(400, '"%fieldName" is required. Enter and try again.', {
						fieldName: e.message,
					});
				return undefined;
			});
		}

		route(
			'POST',
			'/integration/admin/token',
			(req) => {
				const body = asBody(req.body);
				if (body.username !== username || body.password !== password) {
					return error(
						401,
						'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.',
					);
				}
				const token = randomBytes(16).toString('hex');
				adminTokens.set(token, now() + settings.adminTokenLifetimeHours * 3_600_000);
				return ok(token);
			},
			false,
		);
		route('GET', '/modules', () => ok(MODULES));
		route('GET', '/store/storeConfigs', () =>
			ok([
				{
					id: 1,
					code: 'default',
					website_id: 1,
					locale: 'nl_NL',
					base_currency_code: 'EUR',
					default_display_currency_code: 'EUR',
					timezone: 'Europe/Amsterdam',
					base_url: `${ctx.url()}/`,
				},
			]),
		);
		// catalog
		route('GET', '/products', (req) => list(req, [...store.products.values()].map(presentProduct)));
		route('POST', '/products', (req) => {
			const product = store.addProduct(asBody(asBody(req.body).product), now());
			const qty = asBody(
				asBody(asBody(asBody(req.body).product).extension_attributes).stock_item,
			).qty;
			if (qty !== undefined) store.setSourceQuantity(product.sku, 'default', toNumber(qty));
			return ok(presentProduct(product));
		});
		route('GET', '/products/:sku', (req) =>
			ok(presentProduct(store.product(req.params.sku as string))),
		);
		route('PUT', '/products/:sku', (req) => {
			store.product(req.params.sku as string);
			return ok(
				presentProduct(
					store.addProduct({ ...asBody(asBody(req.body).product), sku: req.params.sku }, now()),
				),
			);
		});
		route('DELETE', '/products/:sku', (req) => {
			store.product(req.params.sku as string);
			store.products.delete(req.params.sku as string);
			return ok(true);
		});
		route('GET', '/stockItems/:sku', (req) =>
			ok(
				asBody(presentProduct(store.product(req.params.sku as string)).extension_attributes)
					.stock_item,
			),
		);
		route('PUT', '/products/:sku/stockItems/:itemId', (req) => {
			const product = store.product(req.params.sku as string);
			const stockItem = asBody(asBody(req.body).stockItem ?? asBody(req.body).stock_item);
			if (stockItem.qty === undefined) throw required('qty');
			store.setSourceQuantity(
				product.sku,
				'default',
				toNumber(stockItem.qty),
				stockItem.is_in_stock === false ? 0 : 1,
			);
			product.updated_at = now();
			return ok(product.id);
		});
		// MSI
		route('GET', '/inventory/sources', (req) => list(req, store.sources));
		route('GET', '/inventory/source-items', (req) =>
			list(
				req,
				store.sourceItems.map((s) => ({ ...s })),
			),
		);
		route('POST', '/inventory/source-items', (req) => {
			const items = asList(asBody(req.body).sourceItems ?? asBody(req.body).source_items);
			if (items.length === 0) throw required('sourceItems');
			const errors = items.flatMap((item) => {
				const problems: Body[] = [];
				if (!store.products.has(String(item.sku)))
					problems.push({
						message: 'Product with SKU "%sku" does not exist.',
						parameters: { sku: String(item.sku) },
					});
				if (!store.sources.some((s) => s.source_code === item.source_code))
					problems.push({
						message: 'Source with code "%code" does not exist.',
						parameters: { code: String(item.source_code) },
					});
				if (!(toNumber(item.quantity, -1) >= 0))
					problems.push({
						message: '"%field" should be numeric.',
						parameters: { field: 'quantity' },
					});
				return problems;
			});
			if (errors.length > 0) return jsonResponse(400, { message: 'Validation Failed', errors });
			for (const item of items)
				store.setSourceQuantity(
					String(item.sku),
					String(item.source_code),
					toNumber(item.quantity),
					toNumber(item.status, 1),
				);
			return ok([]);
		});
		route('GET', '/inventory/get-product-salable-qty/:sku/:stockId', (req) =>
			ok(store.salable(store.product(req.params.sku as string).sku)),
		);
		route('GET', '/inventory/is-product-salable/:sku/:stockId', (req) =>
			ok(store.salable(store.product(req.params.sku as string).sku) > 0),
		);
		// carts: guest (masked id, anonymous) and admin (numeric id)
		route('POST', '/guest-carts', () => ok(newQuote(true, now()).maskedId as string), false);
		route('POST', '/carts', () => ok(newQuote(false, now()).id));
		route('POST', '/carts/', () => ok(newQuote(false, now()).id));
		for (const [prefix, resolve, auth] of [
			['/guest-carts/:cartId', guestCart, false],
			['/carts/:cartId', adminCart, true],
		] as const) {
			route('GET', prefix, (req) => ok(presentQuote(resolve(req))), auth);
			route('GET', `${prefix}/items`, (req) => ok(resolve(req).items), auth);
			route(
				'POST',
				`${prefix}/items`,
				(req) => {
					const cartItem = asBody(asBody(req.body).cartItem ?? asBody(req.body).cart_item);
					return ok(store.addCartItem(resolve(req), cartItem, now()));
				},
				auth,
			);
			route(
				'POST',
				`${prefix}/shipping-information`,
				(req) => {
					const quote = resolve(req);
					store.setShippingInformation(quote, asBody(req.body), now());
					return ok({
						payment_methods: Object.entries(PAYMENT_METHODS).map(([code, title]) => ({
							code,
							title,
						})),
						totals: totals(quote),
					});
				},
				auth,
			);
			route('GET', `${prefix}/totals`, (req) => ok(totals(resolve(req))), auth);
			route(
				'GET',
				`${prefix}/payment-methods`,
				() => ok(Object.entries(PAYMENT_METHODS).map(([code, title]) => ({ code, title }))),
				auth,
			);
			route(
				'PUT',
				`${prefix}/order`,
				(req) => {
					const body = asBody(req.body);
					return ok(
						store.placeOrder(resolve(req), body.paymentMethod ?? body.payment_method, now())
							.entity_id,
					);
				},
				auth,
			);
			route(
				'POST',
				`${prefix}/payment-information`,
				(req) => {
					const body = asBody(req.body);
					const quote = resolve(req);
					if (body.billingAddress ?? body.billing_address)
						quote.billingAddress = {
							...quote.billingAddress,
							...(asBody(body.billingAddress ?? body.billing_address) as MAddress),
						};
					return ok(
						store.placeOrder(
							quote,
							body.paymentMethod ?? body.payment_method,
							now(),
							optionalString(body.email),
						).entity_id,
					);
				},
				auth,
			);
		}
		// orders
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
		route('POST', '/order/:id/invoice', (req) =>
			ok(store.invoice(store.order(Number(req.params.id)), now()).entity_id),
		);
		route('POST', '/order/:id/ship', (req) =>
			ok(store.ship(store.order(Number(req.params.id)), asBody(req.body), now()).entity_id),
		);
		route('POST', '/order/:id/refund', (req) =>
			ok(store.refund(store.order(Number(req.params.id)), asBody(req.body), now()).entity_id),
		);
		route('GET', '/invoices', (req) => list(req, [...store.invoices.values()].map(presentInvoice)));
		route('GET', '/invoices/:id', (req) => {
			const invoice = entity(store.invoices, Number(req.params.id));
			return ok(presentInvoice(invoice));
		});
		route('GET', '/shipments', (req) =>
			list(req, [...store.shipments.values()].map(presentShipment)),
		);
		route('GET', '/shipment/:id', (req) => {
			const shipment = entity(store.shipments, Number(req.params.id));
			return ok(presentShipment(shipment));
		});
		route('POST', '/shipment/track', (req) => {
			const input = asBody(asBody(req.body).entity);
			const shipment = entity(store.shipments, toNumber(input.parent_id, -1));
			const track = store.addTrack(shipment, input, now());
			return ok({ ...track, created_at: sqlDateTime(track.created_at) });
		});
		route('GET', '/creditmemos', (req) =>
			list(req, [...store.creditmemos.values()].map(presentMemo)),
		);
		route('GET', '/creditmemo/:id', (req) => {
			const memo = entity(store.creditmemos, Number(req.params.id));
			return ok(presentMemo(memo));
		});

		function seedCatalog(seed: number, at: number): number {
			const catalog = catalogSeed(seed, 'magento2');
			for (const p of catalog.products) {
				store.addProduct(
					{
						sku: p.sku,
						name: p.title,
						price: p.price,
						custom_attributes: [{ attribute_code: 'ean', value: p.ean }],
					},
					at,
				);
				const split = catalog.random.int(0, Math.min(3, p.stock));
				store.setSourceQuantity(p.sku, 'default', p.stock - split, 1);
				if (split > 0) store.setSourceQuantity(p.sku, 'ams_warehouse', split, 1);
			}
			return catalog.products.length;
		}

		function seedOrders(seed: number, count: number, at: number): number {
			const { random } = catalogSeed(seed, 'magento2-orders');
			const skus = [...store.products.keys()];
			let placed = 0;
			for (let i = 0; i < count && skus.length > 0; i++) {
				const quote = newQuote(true, at);
				const customer = seededCustomer(random);
				const sku = random.pick(skus);
				if (store.salable(sku) < 1) continue;
				store.addCartItem(quote, { sku, qty: 1 }, at);
				const address = {
					firstname: customer.firstName,
					lastname: customer.surname,
					street: [street(customer)],
					city: customer.city,
					postcode: customer.zipCode,
					country_id: customer.countryCode,
					telephone: customer.phone,
					email: customer.email,
				};
				store.setShippingInformation(
					quote,
					{
						addressInformation: {
							shipping_address: address,
							billing_address: address,
							shipping_carrier_code: 'flatrate',
							shipping_method_code: 'flatrate',
						},
					},
					at,
				);
				const order = store.placeOrder(
					quote,
					{ method: 'checkmo' },
					at - random.int(1, 72) * 3_600_000,
					customer.email,
				);
				order.updated_at = order.created_at;
				if (random.chance(0.6)) store.invoice(order, order.created_at);
				placed++;
			}
			return placed;
		}

		function authenticate(req: EmulatorRequest): Principal | EmulatorResponse {
			const token = bearerToken(req);
			if (credentials.check(token) !== 'ok') return unauthorized();
			const expiresAt = adminTokens.get(token as string);
			if (expiresAt !== undefined && expiresAt <= now()) return unauthorized();
			return { id: token as string, credential: token };
		}

		return {
			name: 'magento2',
			routes,
			rateLimitProfile: {
				description: 'Magento 2 has no REST rate limit by default; add rules at runtime if needed',
				rules: [],
			},
			info: () => ({
				baseUrl: ctx.url(),
				apiRoot: `${ctx.url()}/rest/default/V1`,
				accessToken: integrationToken,
				adminUsername: username,
				adminPassword: password,
				credential: { host: ctx.url(), accessToken: integrationToken },
			}),
			state: {
				settings,
				snapshot: () => ({
					products: [...store.products.values()].map(presentProduct),
					sourceItems: store.sourceItems,
					reservations: store.reservations,
					salable: Object.fromEntries(
						[...store.products.keys()].map((sku) => [sku, store.salable(sku)]),
					),
					quotes: [...store.quotes.values()].map(presentQuote),
					orders: [...store.orders.values()].map(presentOrder),
					invoices: [...store.invoices.values()].map(presentInvoice),
					shipments: [...store.shipments.values()].map(presentShipment),
					creditmemos: [...store.creditmemos.values()].map(presentMemo),
				}),
				reset: ({ empty }) => {
					store.clear();
					adminTokens.clear();
					credentials.reset();
					if (!empty && ctx.seed !== undefined) {
						seedCatalog(ctx.seed, now());
						seedOrders(ctx.seed, settings.defaultSeedOrders, now());
					}
				},
				seed: (input) => {
					const body = asBody(input);
					const seed = typeof body.seed === 'number' ? body.seed : (ctx.seed ?? 1);
					const summary: Record<string, number> = {};
					translateError(
						() => {
							if (body.catalog !== false && store.products.size === 0)
								summary.products = seedCatalog(seed, now());
							for (const product of asList(body.products)) {
								const created = store.addProduct(product, now());
								if (product.qty !== undefined)
									store.setSourceQuantity(created.sku, 'default', toNumber(product.qty), 1);
							}
							if (typeof body.orders === 'number')
								summary.orders = seedOrders(seed, body.orders, now());
						},
						MagentoError,
						(e) => new SeedError(e.message),
					);
					return summary;
				},
			},
			hooks: {
				error: (status, err) => {
					if (status === 404 || status === 405)
						return error(404, 'Request does not match any route.');
					return error(status, err.detail ?? err.title);
				},
				authenticate,
				authFault: (kind, req) => {
					if (kind === 'token-revoked') credentials.revoke(bearerToken(req));
					else {
						const token = bearerToken(req);
						if (token && adminTokens.has(token)) adminTokens.set(token, now());
					}
					return unauthorized();
				},
				rateLimited: (d) => ({
					...error(429, 'Too Many Requests'),
					headers: { 'retry-after': String(d.realSeconds(Math.max(1000, d.retryAfterMs))) },
				}),
				malformedBody: () => error(400, 'Decoding error: \nSyntax error'),
			},
		};
	};
}
