/** The Admin API version the emulator answers as (`X-Shopify-Api-Version`, webhooks). */
export const SHOPIFY_API_VERSION = '2024-07';

/** Shopify waits 5 seconds for a webhook receiver's answer; a slower one counts as a failed delivery. */
export const WEBHOOK_TIMEOUT_MS = 5_000;

/** The webhook topics the emulator accepts (`POST /webhooks.json`). */
export const TOPICS = [
	'orders/create',
	'orders/updated',
	'orders/paid',
	'orders/cancelled',
	'orders/fulfilled',
	'orders/partially_fulfilled',
	'orders/delete',
	'fulfillments/create',
	'fulfillments/update',
	'refunds/create',
	'inventory_levels/update',
	'inventory_items/update',
	'products/create',
	'products/update',
	'products/delete',
	'order_transactions/create',
	'app/uninstalled',
];
