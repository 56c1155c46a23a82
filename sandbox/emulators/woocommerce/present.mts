import { money, toNumber, type Body } from '../commerce.mts';
import {
	WooStore,
	wooDates,
	type WooNote,
	type WooOrder,
	type WooProduct,
	type WooRefund,
	type WooVariation,
	type WooWebhook,
} from './store.mts';

/** WooCommerce's REST representations (`url`: the shop's base URL, for permalinks and payment URLs). */
export function wooPresenters(url: () => string) {
	function presentStock(s: WooProduct | WooVariation): Body {
		return {
			id: s.id,
			...wooDates('date_created', s.date_created),
			...wooDates('date_modified', s.date_modified),
			sku: s.sku,
			price: s.price,
			regular_price: s.regular_price,
			sale_price: '',
			on_sale: false,
			purchasable: true,
			manage_stock: s.manage_stock,
			stock_quantity: s.stock_quantity,
			stock_status: s.stock_status,
			backorders: s.backorders,
			backorders_allowed: s.backorders !== 'no',
			meta_data: s.meta_data,
		};
	}
	function presentProduct(p: WooProduct): Body {
		return {
			...presentStock(p),
			name: p.name,
			slug: p.slug,
			permalink: `${url()}/product/${p.slug}/`,
			type: p.type,
			status: p.status,
			categories: p.categories,
			attributes: p.attributes,
			variations: p.variations,
			images: [],
		};
	}
	function presentVariation(v: WooVariation): Body {
		return {
			...presentStock(v),
			parent_id: v.parent_id,
			attributes: v.attributes,
			permalink: `${url()}/?p=${v.id}`,
		};
	}
	function presentRefund(r: WooRefund): Body {
		return {
			id: r.id,
			...wooDates('date_created', r.date_created),
			amount: r.amount,
			reason: r.reason,
			refunded_by: r.refunded_by,
			refunded_payment: r.refunded_payment,
			meta_data: r.meta_data,
			line_items: r.line_items,
		};
	}
	function presentNote(n: WooNote): Body {
		return {
			id: n.id,
			author: n.author,
			...wooDates('date_created', n.date_created),
			note: n.note,
			customer_note: n.customer_note,
		};
	}
	function presentOrder(o: WooOrder): Body {
		return {
			id: o.id,
			parent_id: 0,
			status: o.status,
			currency: o.currency,
			version: '9.3.3',
			prices_include_tax: false,
			...wooDates('date_created', o.date_created),
			...wooDates('date_modified', o.date_modified),
			discount_total: '0.00',
			discount_tax: '0.00',
			shipping_total: money(o.shipping_lines.reduce((s, l) => s + toNumber(l.total), 0)),
			shipping_tax: '0.00',
			cart_tax: '0.00',
			total: money(WooStore.orderTotal(o)),
			total_tax: '0.00',
			customer_id: o.customer_id,
			order_key: o.order_key,
			billing: o.billing,
			shipping: o.shipping,
			payment_method: o.payment_method,
			payment_method_title: o.payment_method_title,
			transaction_id: o.transaction_id,
			customer_ip_address: '',
			customer_user_agent: '',
			created_via: o.created_via,
			customer_note: o.customer_note,
			...wooDates('date_completed', o.date_completed),
			...wooDates('date_paid', o.date_paid),
			cart_hash: '',
			number: String(o.id),
			meta_data: o.meta_data,
			line_items: o.line_items,
			tax_lines: [],
			shipping_lines: o.shipping_lines,
			fee_lines: o.fee_lines,
			coupon_lines: [],
			refunds: o.refunds.map((r) => ({ id: r.id, reason: r.reason, total: `-${r.amount}` })),
			payment_url: `${url()}/checkout/order-pay/${o.id}/?pay_for_order=true&key=${o.order_key}`,
			is_editable: ['pending', 'on-hold', 'auto-draft'].includes(o.status),
			needs_payment: ['pending', 'failed'].includes(o.status),
			needs_processing: true,
		};
	}
	function presentWebhook(w: WooWebhook): Body {
		const [resource, event] = w.topic.split('.');
		return {
			id: w.id,
			name: w.name,
			// the registry turns a hook off after repeated failed deliveries: WooCommerce shows it as disabled
			status: !w.active && w.status === 'active' ? 'disabled' : w.status,
			topic: w.topic,
			resource,
			event,
			hooks: [
				`woocommerce_${event === 'created' ? 'new' : event === 'updated' ? 'update' : event === 'deleted' ? 'delete' : 'restore'}_${resource}`,
			],
			delivery_url: w.address,
			...wooDates('date_created', w.date_created),
			...wooDates('date_modified', w.date_modified),
			_links: {},
		};
	}
	return {
		presentStock,
		presentProduct,
		presentVariation,
		presentRefund,
		presentNote,
		presentOrder,
		presentWebhook,
	};
}

export type WooPresenters = ReturnType<typeof wooPresenters>;
