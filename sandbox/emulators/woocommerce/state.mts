/**
 * The WooCommerce emulator's admin state (`GET /__admin/state`, its `state` field) as the tests, the sandbox demo and
 * the bench read it: the API shapes of what they look at, not every field. The emulator builds its bodies as untyped
 * JSON, so unlike bol's and Spartoo's this type is not checked against its snapshot when it compiles; the tests that
 * read it are its check.
 */

export interface WooMeta {
	key: string;
	value: unknown;
}

export interface WooLine {
	id: number;
	product_id: number;
	variation_id: number;
	sku: string;
	quantity: number;
	total: string;
}

export interface WooOrder {
	id: number;
	status: string;
	total: string;
	meta_data: WooMeta[];
	line_items: WooLine[];
	shipping: Record<string, string>;
	billing: Record<string, string>;
	refunds: Array<{ id: number; reason: string; total: string }>;
}

export interface WooStock {
	id: number;
	sku: string;
	type?: string;
	manage_stock: boolean;
	stock_quantity: number | null;
	parent_id?: number;
	meta_data: WooMeta[];
}

export interface WooState {
	products: WooStock[];
	variations: WooStock[];
	orders: WooOrder[];
}
