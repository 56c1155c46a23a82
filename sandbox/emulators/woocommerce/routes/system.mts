import type { RouteDefinition } from '../../core/router.mts';
import type { WooContext } from '../context.mts';
import { ok, route } from '../http.mts';

/** `GET /system_status`: the shop's environment and settings. */
export function systemRoutes(s: WooContext): RouteDefinition[] {
	const { ctx } = s;
	return [
		route('GET', '/system_status', () =>
			ok({
				environment: {
					home_url: ctx.url(),
					site_url: ctx.url(),
					version: '9.3.3',
					wp_version: '6.6.2',
				},
				settings: { currency: 'EUR', currency_symbol: '&euro;' },
			}),
		),
	];
}
