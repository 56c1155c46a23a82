import { money, toNumber } from '../../commerce.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { ShopifyContext } from '../context.mts';
import { adminRoutes, created, ok, paged, rootKey } from '../http.mts';
import { ShopifyError, invalid } from '../store.mts';

/** Products and their variants. */
export function productRoutes(s: ShopifyContext): RouteDefinition[] {
	const { store, now, emit, cursors } = s;
	const { presentProduct, presentVariant } = s.present;
	const { routes, route } = adminRoutes();
	route('GET', '/products/count.json', () => ok({ count: store.products.size }));
	route('GET', '/products.json', (req) => {
		const q = cursors.of(req, 'products');
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
	return routes;
}
