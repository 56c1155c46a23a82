import { asBody, toNumber } from '../../commerce.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { ShopifyContext } from '../context.mts';
import { adminRoutes, ok } from '../http.mts';
import { gid, iso } from '../present.mts';
import { ShopifyError, invalid } from '../store.mts';

/** Inventory levels (per location; set, adjust, connect) and inventory items. */
export function inventoryRoutes(s: ShopifyContext): RouteDefinition[] {
	const { store, now } = s;
	const { presentLevel } = s.present;
	const { routes, route } = adminRoutes();
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
	return routes;
}
