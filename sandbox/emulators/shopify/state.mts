/**
 * The Shopify emulator's admin state (`GET /__admin/state`, its `state` field) as the tests, the sandbox demo and the
 * bench read it: the API shapes of what they look at, not every field. The emulator builds its bodies as untyped JSON,
 * so unlike bol's and Spartoo's this type is not checked against its snapshot when it compiles; the tests that read it
 * are its check. Admin REST shapes.
 */

export interface ShopLine {
	id: number;
	variant_id: number;
	sku: string;
	quantity: number;
	price: string;
}
export interface ShopOrder {
	id: number;
	name: string;
	cancelled_at: string | null;
	financial_status: string;
	fulfillment_status: string | null;
	line_items: ShopLine[];
	note_attributes: Array<{ name: string; value: string }>;
	shipping_address: Record<string, string>;
	refunds: Array<{
		id: number;
		note: string | null;
		refund_line_items: Array<{ quantity: number; restock_type: string }>;
	}>;
}
export interface ShopState {
	locations: Array<{ id: number }>;
	products: Array<{
		variants: Array<{
			id: number;
			sku: string;
			inventory_item_id: number;
			inventory_management: string | null;
		}>;
	}>;
	inventoryLevels: Array<{ inventory_item_id: number; location_id: number; available: number }>;
	orders: ShopOrder[];
	webhooks: Array<{ topic: string; address: string }>;
}

/** A variant as the Shopify emulator's state shows it. */
export interface ShopVariant {
	id: number;
	sku: string;
	barcode: string;
	price: string;
	inventory_item_id: number;
	inventory_management: string | null;
}
