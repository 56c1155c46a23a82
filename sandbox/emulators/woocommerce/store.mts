import {
	IdSequence,
	WebhookRegistry,
	asList,
	money,
	optionalString,
	round2,
	toNumber,
	type Body,
	type WebhookSubscription,
} from '../commerce.mts';
import { localDateTime, utcDateTime } from '../core/time.mts';
import type { WebhookDispatcher } from '../core/webhooks.mts';
import { WEBHOOK_TIMEOUT_MS } from './constants.mts';

/** WooCommerce state in REST v3 shapes, with the rules of WooCommerce core (stock, statuses, refunds, webhooks). */

export const TIME_ZONE = 'Europe/Amsterdam';
export const ORDER_STATUSES = [
	'pending',
	'processing',
	'on-hold',
	'completed',
	'cancelled',
	'refunded',
	'failed',
	'checkout-draft',
	'trash',
];
/** Gateways that support automatic refunds (`api_refund: true`); all others make WooCommerce refuse them. */
export const REFUNDING_GATEWAYS: Record<string, string> = {
	stripe: 'Credit card (Stripe)',
	mollie_wc_gateway_ideal: 'iDEAL',
};
export const MANUAL_GATEWAYS: Record<string, string> = {
	bacs: 'Direct bank transfer',
	cod: 'Cash on delivery',
	cheque: 'Check payments',
};

export interface Meta {
	id: number;
	key: string;
	value: unknown;
}

export interface WooStock {
	id: number;
	sku: string;
	price: string;
	regular_price: string;
	manage_stock: boolean;
	stock_quantity: number | null;
	stock_status: 'instock' | 'outofstock' | 'onbackorder';
	backorders: 'no' | 'notify' | 'yes';
	date_created: number;
	date_modified: number;
	meta_data: Meta[];
}

export interface WooProduct extends WooStock {
	name: string;
	slug: string;
	type: 'simple' | 'variable';
	status: string;
	attributes: Array<{
		id: number;
		name: string;
		position: number;
		visible: boolean;
		variation: boolean;
		options: string[];
	}>;
	variations: number[];
	categories: Array<{ id: number; name: string; slug: string }>;
}

export interface WooVariation extends WooStock {
	parent_id: number;
	attributes: Array<{ id: number; name: string; option: string }>;
}

export interface WooLineItem {
	id: number;
	name: string;
	product_id: number;
	variation_id: number;
	quantity: number;
	tax_class: string;
	subtotal: string;
	subtotal_tax: string;
	total: string;
	total_tax: string;
	taxes: unknown[];
	meta_data: Meta[];
	sku: string;
	price: number;
}

export interface WooRefund {
	id: number;
	date_created: number;
	amount: string;
	reason: string;
	refunded_by: number;
	refunded_payment: boolean;
	meta_data: Meta[];
	line_items: Array<Omit<WooLineItem, 'price'> & { price: number; refund_total: number }>;
}

export interface WooNote {
	id: number;
	author: string;
	date_created: number;
	note: string;
	customer_note: boolean;
}

export interface WooOrder {
	id: number;
	order_key: string;
	status: string;
	currency: string;
	date_created: number;
	date_modified: number;
	date_paid: number | null;
	date_completed: number | null;
	customer_id: number;
	customer_note: string;
	billing: Body;
	shipping: Body;
	payment_method: string;
	payment_method_title: string;
	transaction_id: string;
	created_via: string;
	meta_data: Meta[];
	line_items: WooLineItem[];
	shipping_lines: Array<{
		id: number;
		method_title: string;
		method_id: string;
		total: string;
		total_tax: string;
		taxes: unknown[];
		meta_data: Meta[];
	}>;
	fee_lines: Array<{
		id: number;
		name: string;
		total: string;
		total_tax: string;
		tax_status: string;
		taxes: unknown[];
		meta_data: Meta[];
	}>;
	notes: WooNote[];
	refunds: WooRefund[];
	/** WooCommerce's `_order_stock_reduced` flag. */
	stockReduced: boolean;
}

export interface WooWebhook extends WebhookSubscription {
	name: string;
	status: 'active' | 'paused' | 'disabled';
	date_created: number;
	date_modified: number;
}

export class WooError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly data: Body = {},
	) {
		super(message);
	}
}

const STATUS_LABELS: Record<string, string> = {
	pending: 'Pending payment',
	processing: 'Processing',
	'on-hold': 'On hold',
	completed: 'Completed',
	cancelled: 'Cancelled',
	refunded: 'Refunded',
	failed: 'Failed',
	'checkout-draft': 'Draft',
	trash: 'Trash',
};

function category(id: number, name: string, slug: string) {
	return {
		id,
		name,
		slug,
		parent: 0,
		description: '',
		display: 'default',
		image: null,
		menu_order: 0,
		count: 0,
	};
}

/** The stock-keeping fields a new product or variation starts with. */
export function newStockFields(id: number, body: Body, at: number, defaultPrice: number): WooStock {
	const price = money(toNumber(body.regular_price, defaultPrice));
	const managed = body.manage_stock === true;
	const stock: WooStock = {
		id,
		sku: optionalString(body.sku) ?? '',
		price,
		regular_price: price,
		manage_stock: managed,
		stock_quantity: managed ? Math.trunc(toNumber(body.stock_quantity, 0)) : null,
		stock_status: 'instock',
		backorders: 'no',
		date_created: at,
		date_modified: at,
		meta_data: [],
	};
	stock.stock_status = WooStore.stockStatus(stock);
	return stock;
}

export function wooDates(prefix: string, value: number | null): Body {
	return {
		[prefix]: value === null ? null : localDateTime(value, TIME_ZONE),
		[`${prefix}_gmt`]: value === null ? null : utcDateTime(value),
	};
}

/** Meta updates as WooCommerce applies them: by id, else the first entry with the key; null value deletes. */
export function applyMeta(target: Meta[], updates: unknown, ids: IdSequence): void {
	for (const update of asList(updates)) {
		const key = optionalString(update.key);
		const id = toNumber(update.id, 0);
		const existing = target.find((m) => (id ? m.id === id : m.key === key));
		if (update.value === null && existing) target.splice(target.indexOf(existing), 1);
		else if (existing) existing.value = update.value;
		else if (key) target.push({ id: ids.next('meta'), key, value: update.value });
	}
}

export class WooStore {
	readonly products = new Map<number, WooProduct>();
	readonly variations = new Map<number, WooVariation>();
	readonly orders = new Map<number, WooOrder>();
	readonly ids = new IdSequence({
		post: 100,
		meta: 1000,
		item: 1,
		note: 1,
		webhook: 0,
		delivery: 0,
	});
	readonly webhooks: WebhookRegistry<WooWebhook>;
	readonly categories = [
		category(15, 'Uncategorized', 'uncategorized'),
		category(16, 'Wonen & keuken', 'wonen-keuken'),
		category(17, 'Kleding', 'kleding'),
	];

	constructor(
		dispatcher: WebhookDispatcher,
		readonly onProductChanged: (product: WooProduct) => void,
	) {
		// WooCommerce disables a webhook after more than 5 consecutive failed deliveries.
		this.webhooks = new WebhookRegistry<WooWebhook>(dispatcher, 5, WEBHOOK_TIMEOUT_MS);
	}

	clear(): void {
		this.products.clear();
		this.variations.clear();
		this.orders.clear();
		this.webhooks.clear();
		this.ids.reset();
	}

	/** The product or variation an order line points at. */
	stockItem(line: { product_id: number; variation_id: number }): WooStock | undefined {
		return line.variation_id
			? this.variations.get(line.variation_id)
			: this.products.get(line.product_id);
	}

	parentOf(stock: WooStock): WooProduct | undefined {
		return 'parent_id' in stock
			? this.products.get((stock as WooVariation).parent_id)
			: (stock as WooProduct);
	}

	static stockStatus(stock: WooStock): WooStock['stock_status'] {
		if (!stock.manage_stock || stock.stock_quantity === null) return stock.stock_status;
		if (stock.stock_quantity > 0) return 'instock';
		return stock.backorders === 'no' ? 'outofstock' : 'onbackorder';
	}

	setStock(stock: WooStock, quantity: number, at: number): void {
		stock.stock_quantity = quantity;
		stock.stock_status = WooStore.stockStatus(stock);
		stock.date_modified = at;
		const parent = this.parentOf(stock);
		if (parent) this.onProductChanged(parent);
	}

	note(
		order: WooOrder,
		text: string,
		at: number,
		customerNote = false,
		author = 'WooCommerce',
	): WooNote {
		const note: WooNote = {
			id: this.ids.next('note'),
			author,
			date_created: at,
			note: text,
			customer_note: customerNote,
		};
		order.notes.push(note);
		return note;
	}

	/** wc_maybe_reduce_stock_levels / wc_maybe_increase_stock_levels */
	private adjustStock(order: WooOrder, direction: -1 | 1, at: number): void {
		const changes: string[] = [];
		for (const line of order.line_items) {
			const stock = this.stockItem(line);
			if (!stock?.manage_stock || stock.stock_quantity === null) continue;
			const before = stock.stock_quantity;
			this.setStock(stock, before + direction * line.quantity, at);
			changes.push(`${line.name} (${stock.sku}) ${before}&rarr;${stock.stock_quantity}`);
		}
		order.stockReduced = direction === -1;
		if (changes.length > 0)
			this.note(
				order,
				`${direction === -1 ? 'Stock levels reduced' : 'Stock levels increased'}: ${changes.join(', ')}`,
				at,
			);
	}

	/** Status change with WooCommerce's side effects (stock, dates, notes). */
	setStatus(order: WooOrder, status: string, at: number): void {
		if (!ORDER_STATUSES.includes(status)) {
			throw new WooError(400, 'rest_invalid_param', 'Invalid parameter(s): status', {
				params: { status: `status is not one of ${ORDER_STATUSES.join(', ')}.` },
			});
		}
		const previous = order.status;
		if (previous === status) return;
		order.status = status;
		if (
			['processing', 'completed'].includes(status) &&
			order.date_paid === null &&
			order.payment_method !== 'cod'
		)
			order.date_paid = at;
		if (status === 'completed') order.date_completed = at;
		this.note(
			order,
			`Order status changed from ${STATUS_LABELS[previous] ?? previous} to ${STATUS_LABELS[status] ?? status}.`,
			at,
		);
		if (['processing', 'completed', 'on-hold'].includes(status) && !order.stockReduced)
			this.adjustStock(order, -1, at);
		if (['cancelled', 'pending'].includes(status) && order.stockReduced)
			this.adjustStock(order, 1, at);
	}

	static orderTotal(order: WooOrder): number {
		const lines = order.line_items.reduce((sum, l) => sum + toNumber(l.total), 0);
		const shipping = order.shipping_lines.reduce((sum, l) => sum + toNumber(l.total), 0);
		const fees = order.fee_lines.reduce((sum, l) => sum + toNumber(l.total), 0);
		return round2(lines + shipping + fees);
	}

	static refunded(order: WooOrder): number {
		return round2(order.refunds.reduce((sum, r) => sum + toNumber(r.amount), 0));
	}

	lineItem(input: Body): WooLineItem {
		const productId = toNumber(input.product_id, 0);
		const variationId = toNumber(input.variation_id, 0);
		const stock = this.stockItem({ product_id: productId, variation_id: variationId });
		const product = variationId
			? this.products.get((stock as WooVariation | undefined)?.parent_id ?? productId)
			: (stock as WooProduct | undefined);
		if (
			!stock ||
			!product ||
			(variationId && (stock as WooVariation).parent_id !== productId && productId !== 0)
		) {
			throw new WooError(
				400,
				variationId
					? 'woocommerce_rest_invalid_variation_id'
					: 'woocommerce_rest_invalid_product_id',
				variationId ? 'Invalid variation ID.' : 'Invalid product ID.',
			);
		}
		const quantity = toNumber(input.quantity, 1);
		if (quantity <= 0)
			throw new WooError(
				400,
				'woocommerce_rest_invalid_product_quantity',
				'Product quantity must be a positive float.',
			);
		const price = input.price !== undefined ? toNumber(input.price) : toNumber(stock.price);
		const total = input.total !== undefined ? toNumber(input.total) : price * quantity;
		const subtotal = input.subtotal !== undefined ? toNumber(input.subtotal) : total;
		const variation = variationId ? (stock as WooVariation) : undefined;
		const meta: Meta[] = [];
		applyMeta(meta, input.meta_data, this.ids);
		return {
			id: this.ids.next('item'),
			name: variation
				? `${product.name} - ${variation.attributes.map((a) => a.option).join(', ')}`
				: product.name,
			product_id: product.id,
			variation_id: variationId,
			quantity,
			tax_class: '',
			subtotal: money(subtotal),
			subtotal_tax: '0.00',
			total: money(total),
			total_tax: '0.00',
			taxes: [],
			meta_data: meta,
			sku: stock.sku,
			price: round2(total / quantity),
		};
	}

	/** POST /orders/{id}/refunds, with WooCommerce's checks on amount and gateway. */
	refund(order: WooOrder, input: Body, at: number): WooRefund {
		const lines = asList(input.line_items);
		const lineRefunds = lines.map((line) => {
			const item = order.line_items.find((i) => i.id === toNumber(line.id, -1));
			if (!item)
				throw new WooError(400, 'woocommerce_rest_invalid_order_item', 'Invalid order item ID.');
			return { item, quantity: toNumber(line.quantity, 0), total: toNumber(line.refund_total, 0) };
		});
		const amount =
			input.amount !== undefined
				? toNumber(input.amount, NaN)
				: round2(lineRefunds.reduce((s, l) => s + l.total, 0));
		if (!(amount > 0))
			throw new WooError(
				400,
				'woocommerce_rest_invalid_order_refund',
				'Refund amount must be greater than zero.',
			);
		const remaining = round2(WooStore.orderTotal(order) - WooStore.refunded(order));
		if (amount > remaining + 0.0001)
			throw new WooError(
				500,
				'woocommerce_rest_cannot_create_order_refund',
				'Invalid refund amount.',
			);
		const apiRefund = input.api_refund !== false && input.api_refund !== 'false';
		if (apiRefund) {
			if (!REFUNDING_GATEWAYS[order.payment_method] && !MANUAL_GATEWAYS[order.payment_method]) {
				throw new WooError(
					500,
					'woocommerce_rest_cannot_create_order_refund',
					'The payment gateway for this order does not exist.',
				);
			}
			if (!REFUNDING_GATEWAYS[order.payment_method]) {
				throw new WooError(
					500,
					'woocommerce_rest_cannot_create_order_refund',
					'The payment gateway for this order does not support automatic refunds.',
				);
			}
		}
		const meta: Meta[] = [];
		applyMeta(meta, input.meta_data, this.ids);
		const refund: WooRefund = {
			id: this.ids.next('post'),
			date_created: at,
			amount: money(amount),
			reason: optionalString(input.reason) ?? '',
			refunded_by: toNumber(input.refunded_by, 1),
			refunded_payment: apiRefund,
			meta_data: meta,
			line_items: lineRefunds.map(({ item, quantity, total }) => ({
				...item,
				id: this.ids.next('item'),
				quantity: -quantity,
				subtotal: money(-total),
				total: money(-total),
				price: -item.price,
				refund_total: total,
			})),
		};
		order.refunds.push(refund);
		if (input.api_restock !== false && input.api_restock !== 'false') {
			for (const { item, quantity } of lineRefunds) {
				const stock = this.stockItem(item);
				if (quantity > 0 && stock?.manage_stock && stock.stock_quantity !== null) {
					const before = stock.stock_quantity;
					this.setStock(stock, before + quantity, at);
					this.note(
						order,
						`Item #${item.product_id} stock increased from ${before} to ${stock.stock_quantity}.`,
						at,
					);
				}
			}
		}
		this.note(
			order,
			`Refunded ${money(amount)} &euro;${refund.reason ? ` &ndash; ${refund.reason}` : ''}`,
			at,
		);
		if (round2(WooStore.orderTotal(order) - WooStore.refunded(order)) <= 0)
			this.setStatus(order, 'refunded', at);
		order.date_modified = at;
		return refund;
	}
}
