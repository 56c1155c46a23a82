import type { RouteDefinition } from '../../core/router.mts';
import type { ShopifyContext } from '../context.mts';
import { adminRoutes, ok } from '../http.mts';
import { ShopifyError } from '../store.mts';

/** `shop.json` and the locations. */
export function shopRoutes(s: ShopifyContext): RouteDefinition[] {
	const { store, shopDomain } = s;
	const { presentLocation } = s.present;
	const { routes, route } = adminRoutes();
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
	return routes;
}
