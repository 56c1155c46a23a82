/** The REST API's root path. */
export const PREFIX = '/wp-json/wc/v3';
/**
 * How long WooCommerce waits for a webhook receiver: `WC_Webhook::deliver()` posts with `'timeout' =>
 * MINUTE_IN_SECONDS` (a busy n8n answering in 6 s still gets the delivery; the emulator used 5 s before).
 */
export const WEBHOOK_TIMEOUT_MS = 60_000;
/** What WooCommerce's webhook deliveries send as User-Agent. */
export const USER_AGENT = 'WooCommerce/9.3.3 Hookshot (WordPress/6.6.2)';
/** The webhook topics WooCommerce accepts (besides `action.*`). */
export const TOPICS = ['order', 'product', 'customer', 'coupon'].flatMap((r) =>
	['created', 'updated', 'deleted', 'restored'].map((e) => `${r}.${e}`),
);
