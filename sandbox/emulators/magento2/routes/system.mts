import { randomBytes } from 'node:crypto';

import { asBody } from '../../commerce.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { MagentoContext } from '../context.mts';
import { error, magentoRoutes, ok } from '../http.mts';

/** What `GET /modules` lists. */
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

/** The admin token, the modules and the store configuration. */
export function systemRoutes(s: MagentoContext): RouteDefinition[] {
	const { ctx, settings, now, adminTokens, username, password } = s;
	const { routes, route } = magentoRoutes();
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
	return routes;
}
