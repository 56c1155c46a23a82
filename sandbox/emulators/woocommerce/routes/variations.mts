import { asBody, asList, optionalString, toNumber, type Body } from '../../commerce.mts';
import type { EmulatorRequest } from '../../core/http.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { WooContext } from '../context.mts';
import { created, editable, listResponse, ok, requireForce, route, sortBy } from '../http.mts';
import {
	WooError,
	WooStore,
	newStockFields,
	type WooProduct,
	type WooVariation,
} from '../store.mts';
import { assertUniqueSku, findProduct, updateStockFields } from './products.mts';

function findVariation(store: WooStore, req: EmulatorRequest): WooVariation {
	const product = findProduct(store, req);
	const variation = store.variations.get(Number(req.params.variationId));
	if (!variation || variation.parent_id !== product.id)
		throw new WooError(404, 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.');
	return variation;
}

export function newVariation(
	store: WooStore,
	product: WooProduct,
	body: Body,
	at: number,
): WooVariation {
	assertUniqueSku(store, body.sku, -1);
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

/** A variable product's variations. */
export function variationRoutes(s: WooContext): RouteDefinition[] {
	const { store, now } = s;
	const { presentVariation } = s.present;
	return [
		route('GET', '/products/:id/variations', (req) => {
			const product = findProduct(store, req);
			const variations = product.variations
				.map((id) => store.variations.get(id))
				.filter((v): v is WooVariation => v !== undefined);
			return listResponse(req, sortBy(req, variations).map(presentVariation));
		}),
		route('POST', '/products/:id/variations', (req) =>
			created(
				presentVariation(newVariation(store, findProduct(store, req), asBody(req.body), now())),
			),
		),
		route('GET', '/products/:id/variations/:variationId', (req) =>
			ok(presentVariation(findVariation(store, req))),
		),
		...editable('/products/:id/variations/:variationId', (req) => {
			const variation = findVariation(store, req);
			updateStockFields(s, variation, asBody(req.body));
			return ok(presentVariation(variation));
		}),
		route('DELETE', '/products/:id/variations/:variationId', (req) => {
			const variation = findVariation(store, req);
			requireForce(req, 'The variation');
			store.variations.delete(variation.id);
			const parent = store.products.get(variation.parent_id);
			if (parent) parent.variations = parent.variations.filter((id) => id !== variation.id);
			return ok(presentVariation(variation));
		}),
	];
}
