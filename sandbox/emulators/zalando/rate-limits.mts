import type { RateLimitProfile } from '../core/rate-limit.mts';

/**
 * zDirect's limits, production column (doc §1.13; sandbox limits are lower: token 1/min, order lists 10/min, ...).
 * Counted per client id (per partner app; the doc says "per Fashion Partner" for PATCH, which is the same for one
 * client), on the emulated clock; the token endpoint per caller address (no client is known before the check).
 * Change them at runtime with PUT /__admin/rate-limits.
 */
const ORDERS_DOC = 'developers.merchants.zalando.com: Orders API rate limits (Z-D19), production';

export const ZALANDO_RATE_LIMITS: RateLimitProfile = {
	description: 'Zalando zDirect (production): fixed one-minute windows per client',
	rules: [
		{
			id: 'token',
			method: 'POST',
			path: '/auth/token',
			limit: 8,
			windowSeconds: 60,
			verified: true,
			source:
				'zDirect authentication docs (Z-D16): 8 token requests/min in production, 1 in sandbox',
		},
		{
			id: 'orders-by-number',
			method: 'GET',
			path: '/merchants/*/orders',
			whenQuery: 'order_number',
			limit: 400,
			windowSeconds: 60,
			verified: true,
			source: `${ORDERS_DOC} (described as temporary)`,
		},
		{
			id: 'orders-list',
			method: 'GET',
			path: '/merchants/*/orders',
			limit: 40,
			windowSeconds: 60,
			verified: true,
			source: ORDERS_DOC,
		},
		{
			id: 'order-lines',
			method: 'GET',
			path: '/merchants/*/orders/*/items/*/lines**',
			limit: 2000,
			windowSeconds: 60,
			verified: true,
			source: ORDERS_DOC,
		},
		{
			id: 'order-items',
			method: 'GET',
			path: '/merchants/*/orders/*/items**',
			limit: 2000,
			windowSeconds: 60,
			verified: true,
			source: ORDERS_DOC,
		},
		{
			id: 'orders-patch',
			method: 'PATCH',
			path: '/merchants/*/orders/**',
			limit: 2000,
			windowSeconds: 60,
			verified: true,
			source: `${ORDERS_DOC} (per Fashion Partner)`,
		},
		{
			id: 'orders-deletion-requests',
			method: 'GET',
			path: '/merchants/*/orders-deletion-requests',
			limit: 40,
			windowSeconds: 60,
			verified: true,
			source: ORDERS_DOC,
		},
		{
			id: 'stocks-requests',
			method: 'POST',
			path: '/merchants/*/stocks',
			limit: 60,
			windowSeconds: 60,
			combine: true,
			verified: true,
			source:
				'Stocks API docs (Z-D20): 60 requests and 2000 stock updates per minute, both at once',
		},
		{
			id: 'stocks-items',
			method: 'POST',
			path: '/merchants/*/stocks',
			unit: 'items',
			limit: 2000,
			windowSeconds: 60,
			verified: true,
			source: 'Stocks API docs (Z-D20)',
		},
		{
			id: 'zss-documents',
			method: 'GET',
			path: '/zss/shipping-documents**',
			limit: 400,
			windowSeconds: 60,
			verified: false,
			source:
				'Shipping documents (Z-D14): 40/400 per minute per partner is documented for the ZRS variant; [unverified] that ZSS lists and downloads share it',
		},
		{
			id: 'other',
			path: '/**',
			limit: 2000,
			windowSeconds: 60,
			verified: true,
			source: `${ORDERS_DOC}: everything else, per app`,
		},
	],
};
