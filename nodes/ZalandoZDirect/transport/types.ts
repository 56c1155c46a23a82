/**
 * The Zalando zDirect payloads the node reads, from the Orders API spec (JSON:API resource objects) with the
 * real-world additions the documentation shows (line `discounted_price`, `meta.possible_status_transitions`, address
 * `address_id`). Only what the node uses is typed; everything else is kept as it came (`raw`).
 */
import type { ZalandoLineStatus, ZalandoOrderStatus, ZalandoOrderType } from '../constants';

export interface ZalandoMoney {
	amount: number;
	currency: string;
}

export interface ZalandoAddress {
	address_id?: string;
	first_name?: string;
	last_name?: string;
	address_line_1?: string;
	address_line_2?: string;
	address_line_3?: string;
	zip_code?: string;
	city?: string;
	country_code?: string;
	address_type?: string;
	service_point_details?: {
		service_point_name?: string;
		service_point_id?: string;
		service_point_member_id?: string;
	};
}

export interface ResourceIdentifier {
	type: string;
	id: string;
}

export interface Relationship {
	data?: ResourceIdentifier[] | ResourceIdentifier | null;
}

export interface ZalandoResource<A> {
	type: string;
	id: string;
	attributes: A;
	relationships?: Record<string, Relationship>;
	meta?: Record<string, unknown>;
	links?: Record<string, unknown>;
}

export interface ZalandoOrderAttributes {
	order_id?: string;
	order_number: string;
	order_date?: string;
	merchant_order_id?: string;
	exported?: boolean;
	sales_channel_id?: string;
	locale?: string;
	customer_number?: string;
	customer_email?: string;
	order_type?: ZalandoOrderType;
	status: ZalandoOrderStatus;
	shipping_address?: ZalandoAddress;
	billing_address?: ZalandoAddress;
	shipment_number?: string;
	order_lines_count?: number;
	order_lines_price_amount?: number;
	order_lines_price_currency?: string;
	delivery_end_date?: string;
	created_at?: string;
	modified_at?: string;
	tracking_number?: string;
	return_tracking_number?: string;
	shipping_costs?: ZalandoMoney;
	stock_location_id?: string;
	customer_phone?: { number?: string };
}

export interface ZalandoItemAttributes {
	order_item_id?: string;
	order_id?: string;
	article_id?: string;
	external_id?: string;
	description?: string;
	quantity_initial?: number;
	quantity_reserved?: number;
	quantity_shipped?: number;
	quantity_returned?: number;
	quantity_canceled?: number;
	modified_at?: string;
}

export interface ZalandoLineAttributes {
	order_line_id?: string;
	order_item_id?: string;
	status: ZalandoLineStatus;
	price?: ZalandoMoney;
	discounted_price?: ZalandoMoney;
	modified_at?: string;
}

export type ZalandoOrderResource = ZalandoResource<ZalandoOrderAttributes>;
export type ZalandoItemResource = ZalandoResource<ZalandoItemAttributes>;
export type ZalandoLineResource = ZalandoResource<ZalandoLineAttributes>;

/** A JSON:API document of one order or a list of them. */
export interface ZalandoOrdersDocument {
	data: ZalandoOrderResource[] | ZalandoOrderResource;
	included?: Array<ZalandoResource<Record<string, unknown>>>;
	links?: { self?: string; next?: string; prev?: string; first?: string; last?: string };
}

/** One order with its items and lines, resolved from a JSON:API document. */
export interface ZalandoOrder {
	order: ZalandoOrderResource;
	items: Array<{ item: ZalandoItemResource; lines: ZalandoLineResource[] }>;
}

export interface ZalandoAnnouncedReturnLine {
	order_line_id: string;
	order_item_id?: string;
	return_reason?: string;
}

export interface ZalandoAnnouncedReturn {
	announced_return_id: string;
	sales_channel_id?: string;
	return_tracking_number?: string;
	type?: string;
	return_registered_at?: string;
	orders: Array<{
		order_id: string;
		order_number?: string;
		merchant_order_id?: string;
		order_lines: ZalandoAnnouncedReturnLine[];
	}>;
}

export interface ZalandoAnnouncedReturns {
	data?: ZalandoAnnouncedReturn[];
	links?: { self?: string; next?: string; prev?: string };
}

export interface ZalandoStockItem {
	sales_channel_id: string;
	ean: string;
	quantity: number;
}

export interface ZalandoStockResult {
	item?: Partial<ZalandoStockItem>;
	result?: { status?: string; code?: number; description?: string };
}

export interface ZalandoSalesChannel {
	sales_channel_id: string;
	country_name?: string;
	country_code?: string;
	live?: boolean;
}

/** A shipment of the Shipments API (pilot): bare JSON, not a JSON:API resource. */
export interface ZalandoShipment {
	shipment_id: string;
	shipment_number?: string;
	merchant_specified_shipment_id?: string;
	order_lines?: Array<{ order_line_id: string }>;
	tracking_number?: string;
	return_tracking_number?: string;
	outbound_logistic_center_id?: string;
	weight?: { value: number; unit: string };
	status?: 'initial' | 'shipped' | 'canceled' | string;
	created_at?: string;
	modified_at?: string;
}

/** The body of `POST .../shipments` and `PATCH .../shipments/{id}`. */
export interface ZalandoShipmentInput {
	order_lines?: Array<{ order_line_id: string }>;
	weight?: { value: number; unit: string };
	merchant_specified_shipment_id?: string;
	outbound_logistic_center_id?: string;
	tracking_number?: string;
	return_tracking_number?: string;
	status?: 'initial' | 'shipped' | 'canceled';
}
