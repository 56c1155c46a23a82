import { asBody, toNumber } from '../../commerce.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { MagentoContext } from '../context.mts';
import { list, magentoRoutes, ok } from '../http.mts';
import { required } from '../store.mts';

/** Products and their (legacy CatalogInventory) stock items. */
export function catalogRoutes(s: MagentoContext): RouteDefinition[] {
	const { store, now } = s;
	const { presentProduct } = s.present;
	const { routes, route } = magentoRoutes();
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
		const deleted = store.product(req.params.sku as string);
		store.products.delete(deleted.sku);
		store.configurableLinks.delete(deleted.sku);
		for (const [parent, ids] of store.configurableLinks)
			store.configurableLinks.set(
				parent,
				ids.filter((id) => id !== deleted.id),
			);
		return ok(true);
	});
	// configurable products: the children (simple products) a configurable product is made of
	route('GET', '/configurable-products/:sku/children', (req) => {
		const product = store.product(req.params.sku as string);
		return ok(
			product.type_id === 'configurable' ? store.children(product.sku).map(presentProduct) : [],
		);
	});
	route('POST', '/configurable-products/:sku/child', (req) => {
		const childSku = asBody(req.body).childSku;
		if (typeof childSku !== 'string' || childSku === '') throw required('childSku');
		store.linkChild(req.params.sku as string, childSku);
		return ok(true);
	});
	route('DELETE', '/configurable-products/:sku/children/:childSku', (req) => {
		store.unlinkChild(req.params.sku as string, req.params.childSku as string);
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
	return routes;
}
