import type { RateLimitProfile } from '../core/rate-limit.mts';

/**
 * bol's per-endpoint limits as the emulator enforces them (change at runtime with PUT /__admin/rate-limits).
 * bol publishes the live table at https://api.bol.com/retailer/public/ratelimits; it was not available as a source.
 * `verified: false` marks every number that is a chosen default rather than a confirmed value: correct them here
 * when the real table is at hand. Limits are counted per client id, on the emulated clock.
 */
const CONVENTIONS =
	"bol API conventions page, table 'Rate Limiting' (given there as an illustration)";

export const BOL_RATE_LIMITS: RateLimitProfile = {
	description: 'bol Retailer API v10 / Offers v11 / login: fixed windows per client id',
	rules: [
		{
			id: 'token',
			method: 'POST',
			path: '/token',
			limit: 25,
			windowSeconds: 60,
			verified: false,
			source: 'unverified default',
		},
		{
			id: 'orders-list',
			method: 'GET',
			path: '/retailer/orders',
			limit: 7,
			windowSeconds: 180,
			verified: false,
			source: CONVENTIONS,
		},
		{
			id: 'orders-get',
			method: 'GET',
			path: '/retailer/orders/*',
			limit: 8,
			windowSeconds: 60,
			verified: false,
			source: CONVENTIONS,
		},
		{
			id: 'orders-cancel',
			method: ['PUT', 'POST'],
			path: '/retailer/orders/*',
			limit: 25,
			windowSeconds: 60,
			verified: false,
			source: CONVENTIONS,
		},
		{
			id: 'shipments-create',
			method: 'POST',
			path: '/retailer/shipments',
			limit: 25,
			windowSeconds: 60,
			verified: false,
			source: 'unverified default',
		},
		{
			id: 'shipments-read',
			method: 'GET',
			path: '/retailer/shipments**',
			limit: 20,
			windowSeconds: 60,
			verified: false,
			source: 'unverified default',
		},
		{
			id: 'shipping-labels-write',
			method: 'POST',
			path: '/retailer/shipping-labels**',
			limit: 25,
			windowSeconds: 60,
			verified: false,
			source: 'unverified default',
		},
		{
			id: 'shipping-labels-read',
			method: 'GET',
			path: '/retailer/shipping-labels/*',
			limit: 25,
			windowSeconds: 1,
			verified: false,
			source: 'unverified default',
		},
		{
			id: 'transports',
			method: 'PUT',
			path: '/retailer/transports/*',
			limit: 25,
			windowSeconds: 60,
			verified: false,
			source: 'unverified default',
		},
		{
			id: 'returns-read',
			method: 'GET',
			path: '/retailer/returns**',
			limit: 20,
			windowSeconds: 60,
			verified: false,
			source: 'unverified default',
		},
		{
			id: 'returns-write',
			method: ['PUT', 'POST'],
			path: '/retailer/returns**',
			limit: 25,
			windowSeconds: 60,
			verified: false,
			source: 'unverified default',
		},
		{
			id: 'offers-read',
			method: 'GET',
			path: '/retailer/offers**',
			limit: 25,
			windowSeconds: 1,
			verified: false,
			source: 'unverified default',
		},
		{
			id: 'offers-write',
			method: ['PATCH', 'PUT', 'POST', 'DELETE'],
			path: '/retailer/offers**',
			limit: 50,
			windowSeconds: 1,
			verified: false,
			source: 'unverified default',
		},
		{
			id: 'process-status',
			path: '/shared/process-status**',
			limit: 14,
			windowSeconds: 1,
			verified: false,
			source: 'unverified default (old Plaza API v2: 50000 per hour)',
		},
	],
};
