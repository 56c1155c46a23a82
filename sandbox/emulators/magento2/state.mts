/**
 * The Magento 2 emulator's admin state (`GET /__admin/state`, its `state` field) as the tests, the sandbox demo and
 * the bench read it: the API shapes of what they look at, not every field. The emulator builds its bodies as untyped
 * JSON, so unlike bol's and Spartoo's this type is not checked against its snapshot when it compiles; the tests that
 * read it are its check. REST shapes and MSI salable quantities.
 */

export interface MageItem {
	item_id: number;
	sku: string;
	qty_ordered: number;
	qty_invoiced: number;
	qty_shipped: number;
	qty_refunded: number;
	price: number;
}
export interface MageOrder {
	entity_id: number;
	increment_id: string;
	state: string;
	items: MageItem[];
	status_histories: Array<{ comment: string }>;
	extension_attributes: {
		shipping_assignments: Array<{ shipping: { address: Record<string, unknown> } }>;
	};
}
export interface MageState {
	products: Array<{ sku: string; type_id: string }>;
	salable: Record<string, number>;
	orders: MageOrder[];
	creditmemos: Array<{
		entity_id: number;
		order_id: number;
		items: Array<{ sku: string; qty: number; back_to_stock: boolean }>;
	}>;
}
