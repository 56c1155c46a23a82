import { randomBytes } from 'node:crypto';

import { asBody, optionalString } from '../../commerce.mts';
import type { EmulatorRequest } from '../../core/http.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { MagentoContext } from '../context.mts';
import { magentoRoutes, ok } from '../http.mts';
import {
	MagentoError,
	MagentoStore,
	PAYMENT_METHODS,
	type MAddress,
	type MQuote,
} from '../store.mts';

/** A new cart (quote); a guest cart (`masked`) is addressed by a random masked id. */
export function newQuote(store: MagentoStore, masked: boolean, at: number): MQuote {
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

/** Carts: guest (masked id, anonymous) and admin (numeric id). */
export function cartRoutes(s: MagentoContext): RouteDefinition[] {
	const { store, now } = s;
	const { presentQuote, totals } = s.present;
	const { routes, route } = magentoRoutes();
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

	route('POST', '/guest-carts', () => ok(newQuote(store, true, now()).maskedId as string), false);
	route('POST', '/carts', () => ok(newQuote(store, false, now()).id));
	route('POST', '/carts/', () => ok(newQuote(store, false, now()).id));
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
	return routes;
}
