/** The Admin API version the emulator answers as (`X-Shopify-Api-Version`, webhooks). */
export const SHOPIFY_API_VERSION = '2024-07';

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
