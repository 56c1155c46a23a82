import { asBody, asList, toNumber, type Body } from '../../commerce.mts';
import { jsonResponse } from '../../core/http.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { MagentoContext } from '../context.mts';
import { list, magentoRoutes, ok } from '../http.mts';
import { MagentoError, required } from '../store.mts';

/** MSI: sources, source items and salable quantities. */
export function inventoryRoutes(s: MagentoContext): RouteDefinition[] {
	const { store } = s;
	const { routes, route } = magentoRoutes();
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
	route('GET', '/inventory/get-product-salable-qty/:sku/:stockId', (req) => {
		const product = store.product(req.params.sku as string);
		// MSI keeps no source items for a configurable product: its children have the stock
		if (product.type_id === 'configurable')
			throw new MagentoError(
				400,
				"Can't check requested quantity for products without Source Items support.",
			);
		return ok(store.salable(product.sku));
	});
	route('GET', '/inventory/is-product-salable/:sku/:stockId', (req) =>
		ok(store.salable(store.product(req.params.sku as string).sku) > 0),
	);
	return routes;
}
