/**
 * The Zalando emulator's admin state (`GET /__admin/state`, its `state` field) as the tests, the sandbox demo and the
 * bench read it: the shapes of what they look at, not every field. The emulator builds its bodies as untyped JSON, so
 * unlike bol's and Spartoo's this type is not checked against its snapshot when it compiles; the tests that read it are
 * its check.
 */

export interface ZalResource {
	type: string;
	id: string;
	attributes: Record<string, unknown> & { status?: string };
}
export interface ZalOrder extends ZalResource {
	attributes: ZalResource['attributes'] & {
		order_id: string;
		exported: boolean;
		merchant_order_id?: string;
		tracking_number?: string;
		return_tracking_number?: string;
	};
	included: ZalResource[];
}
/** Stock the emulator holds per sales channel and EAN. */
export interface ZalStock {
	sales_channel_id: string;
	ean: string;
	quantity: number;
}
/** The emulator's admin state, as far as the tests read it. */
export interface ZalState {
	orders: ZalOrder[];
	stocks: ZalStock[];
	/** The merchant's articles (the shared catalogue: EAN and store SKU). */
	articles: Array<{ ean: string; sku: string }>;
	salesChannels: Array<{ sales_channel_id: string; live?: boolean }>;
}
