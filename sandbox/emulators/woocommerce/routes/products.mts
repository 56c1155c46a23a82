import {
	asBody,
	asList,
	money,
	optionalString,
	slugify,
	toNumber,
	type Body,
} from '../../commerce.mts';
import type { EmulatorRequest, EmulatorResponse } from '../../core/http.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { WooContext } from '../context.mts';
import { created, editable, listOfIds, listResponse, ok, route, sortBy } from '../http.mts';
import {
	WooError,
	WooStore,
	applyMeta,
	newStockFields,
	type WooProduct,
	type WooVariation,
} from '../store.mts';

export function findProduct(store: WooStore, req: EmulatorRequest): WooProduct {
	const product = store.products.get(Number(req.params.id));
	if (!product) throw new WooError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
	return product;
}

export function assertUniqueSku(store: WooStore, sku: unknown, ownId: number): void {
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

/** Applies the stock fields of a product or variation update (SKU, price, stock, meta). */
export function updateStockFields(
	s: WooContext,
	target: WooProduct | WooVariation,
	body: Body,
): void {
	const { store, emit } = s;
	const { presentProduct } = s.present;
	const at = s.now();
	assertUniqueSku(store, body.sku, target.id);
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

export function newProduct(store: WooStore, body: Body, at: number): WooProduct {
	assertUniqueSku(store, body.sku, -1);
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

/** Product categories and products (list, create, read, update, trash or delete). */
export function productRoutes(s: WooContext): RouteDefinition[] {
	const { store, now, emit } = s;
	const { presentProduct } = s.present;
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

	return [
		route('GET', '/products/categories', (req) => listResponse(req, store.categories)),
		route('GET', '/products', listProducts),
		route('POST', '/products', (req) => {
			const at = now();
			const product = newProduct(store, asBody(req.body), at);
			emit('product.created', presentProduct(product));
			return created(presentProduct(product));
		}),
		route('GET', '/products/:id', (req) => ok(presentProduct(findProduct(store, req)))),
		...editable('/products/:id', (req) => {
			const product = findProduct(store, req);
			const body = asBody(req.body);
			if (typeof body.name === 'string') product.name = body.name;
			if (typeof body.status === 'string') product.status = body.status;
			updateStockFields(s, product, body);
			return ok(presentProduct(product));
		}),
		route('DELETE', '/products/:id', (req) => {
			const product = findProduct(store, req);
			if (req.query.get('force') !== 'true') {
				product.status = 'trash';
				return ok(presentProduct(product));
			}
			store.products.delete(product.id);
			product.variations.forEach((id) => store.variations.delete(id));
			emit('product.deleted', { id: product.id });
			return ok(presentProduct(product));
		}),
	];
}
