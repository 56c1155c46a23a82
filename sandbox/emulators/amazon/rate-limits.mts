import type { RateLimitProfile, RateLimitRule } from '../core/rate-limit.mts';

/**
 * Amazon's usage plans: a token bucket per operation and selling partner + application (the principal), refilled at
 * the operation's rate. The core's leaky bucket with `limit` = burst and `leakPerSecond` = rate is the same
 * algorithm. Numbers are the default usage plans of the models' "Usage Plan" tables (verified); the LWA endpoint
 * has no published plan and is not limited here. Change at runtime with PUT /__admin/rate-limits.
 */
function plan(
	id: string,
	method: string,
	path: string,
	rate: number,
	burst: number,
	model: string,
): RateLimitRule {
	return {
		id,
		method,
		path,
		limit: burst,
		leakPerSecond: rate,
		algorithm: 'leaky-bucket',
		verified: true,
		source: `usage plan in ${model}`,
	};
}

export const AMAZON_RATE_LIMITS: RateLimitProfile = {
	description:
		'Amazon SP-API usage plans: token buckets per operation (rate per second, burst) per seller and app',
	rules: [
		plan('searchOrders', 'GET', '/orders/2026-01-01/orders', 0.0056, 20, 'orders_2026-01-01.json'),
		plan('getOrder', 'GET', '/orders/2026-01-01/orders/*', 0.5, 30, 'orders_2026-01-01.json'),
		plan(
			'confirmShipment',
			'POST',
			'/orders/v0/orders/*/shipmentConfirmation',
			2,
			10,
			'ordersV0.json',
		),
		plan(
			'createRestrictedDataToken',
			'POST',
			'/tokens/2021-03-01/restrictedDataToken',
			1,
			10,
			'tokens_2021-03-01.json',
		),
		plan(
			'searchListingsItems',
			'GET',
			'/listings/2021-08-01/items/*',
			5,
			5,
			'listingsItems_2021-08-01.json',
		),
		plan(
			'getListingsItem',
			'GET',
			'/listings/2021-08-01/items/*/*',
			5,
			10,
			'listingsItems_2021-08-01.json',
		),
		plan(
			'patchListingsItem',
			'PATCH',
			'/listings/2021-08-01/items/*/*',
			5,
			5,
			'listingsItems_2021-08-01.json',
		),
		plan(
			'createFeedDocument',
			'POST',
			'/feeds/2021-06-30/documents',
			0.5,
			15,
			'feeds_2021-06-30.json',
		),
		plan(
			'getFeedDocument',
			'GET',
			'/feeds/2021-06-30/documents/*',
			0.0222,
			10,
			'feeds_2021-06-30.json',
		),
		plan('createFeed', 'POST', '/feeds/2021-06-30/feeds', 0.0083, 15, 'feeds_2021-06-30.json'),
		plan('getFeeds', 'GET', '/feeds/2021-06-30/feeds', 0.0222, 10, 'feeds_2021-06-30.json'),
		plan('getFeed', 'GET', '/feeds/2021-06-30/feeds/*', 2, 15, 'feeds_2021-06-30.json'),
		plan('cancelFeed', 'DELETE', '/feeds/2021-06-30/feeds/*', 2, 15, 'feeds_2021-06-30.json'),
		plan(
			'createReport',
			'POST',
			'/reports/2021-06-30/reports',
			0.0167,
			15,
			'reports_2021-06-30.json',
		),
		plan('getReport', 'GET', '/reports/2021-06-30/reports/*', 2, 15, 'reports_2021-06-30.json'),
		plan(
			'getReportDocument',
			'GET',
			'/reports/2021-06-30/documents/*',
			0.0167,
			15,
			'reports_2021-06-30.json',
		),
	],
};
