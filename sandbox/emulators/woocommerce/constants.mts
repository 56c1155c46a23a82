/** The REST API's root path. */
export const PREFIX = '/wp-json/wc/v3';
/** What WooCommerce's webhook deliveries send as User-Agent. */
export const USER_AGENT = 'WooCommerce/9.3.3 Hookshot (WordPress/6.6.2)';
/** The webhook topics WooCommerce accepts (besides `action.*`). */
export const TOPICS = ['order', 'product', 'customer', 'coupon'].flatMap((r) =>
	['created', 'updated', 'deleted', 'restored'].map((e) => `${r}.${e}`),
);
