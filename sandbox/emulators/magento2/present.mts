import { round2, type Body } from '../commerce.mts';
import { sqlDateTime } from '../core/time.mts';
import {
	MagentoStore,
	PAYMENT_METHODS,
	type MAddress,
	type MCreditmemo,
	type MCreditmemoComment,
	type MInvoice,
	type MOrder,
	type MProduct,
	type MQuote,
	type MShipment,
} from './store.mts';

/** Magento's REST representations (SQL datetimes in UTC, stock from the default source). */
export function magentoPresenters(store: MagentoStore) {
	function presentAddress(a: MAddress, type: string, parentId: number, email: string): Body {
		return {
			address_type: type,
			entity_id: parentId * 2 - (type === 'billing' ? 1 : 0),
			parent_id: parentId,
			email,
			region: null,
			...a,
		};
	}

	function presentOrder(o: MOrder): Body {
		const subtotal = round2(o.items.reduce((s, i) => s + i.price * i.qty_ordered, 0));
		const grand = MagentoStore.grandTotal(o);
		const items = o.items.map((i) => ({
			...i,
			base_price: i.price,
			row_total: round2(i.price * i.qty_ordered),
			base_row_total: round2(i.price * i.qty_ordered),
			created_at: sqlDateTime(o.created_at),
			updated_at: sqlDateTime(o.updated_at),
			store_id: 1,
			is_virtual: 0,
		}));
		return {
			entity_id: o.entity_id,
			increment_id: o.increment_id,
			quote_id: o.quote_id,
			state: o.state,
			status: o.status,
			store_id: 1,
			created_at: sqlDateTime(o.created_at),
			updated_at: sqlDateTime(o.updated_at),
			customer_email: o.customer_email,
			customer_firstname: o.billing.firstname,
			customer_lastname: o.billing.lastname,
			customer_is_guest: o.customer_is_guest ? 1 : 0,
			base_currency_code: 'EUR',
			order_currency_code: 'EUR',
			global_currency_code: 'EUR',
			subtotal,
			base_subtotal: subtotal,
			shipping_amount: o.shippingMethod.amount,
			shipping_description: o.shippingMethod.title,
			grand_total: grand,
			base_grand_total: grand,
			total_qty_ordered: o.items.reduce((s, i) => s + i.qty_ordered, 0),
			total_invoiced: o.total_invoiced,
			total_paid: o.total_paid,
			total_refunded: o.total_refunded,
			total_due: round2(grand - o.total_paid),
			items,
			billing_address: presentAddress(o.billing, 'billing', o.entity_id, o.customer_email),
			payment: {
				method: o.payment,
				amount_ordered: grand,
				amount_paid: o.total_paid,
				additional_information: [PAYMENT_METHODS[o.payment] ?? o.payment],
				parent_id: o.entity_id,
			},
			status_histories: [...o.comments].reverse().map((c) => ({
				...c,
				created_at: sqlDateTime(c.created_at),
				parent_id: o.entity_id,
				entity_name: 'order',
			})),
			extension_attributes: {
				shipping_assignments: [
					{
						shipping: {
							address: presentAddress(o.shipping, 'shipping', o.entity_id, o.customer_email),
							method: `${o.shippingMethod.carrier}_${o.shippingMethod.method}`,
							total: {
								shipping_amount: o.shippingMethod.amount,
								base_shipping_amount: o.shippingMethod.amount,
							},
						},
						items,
					},
				],
			},
		};
	}
	function presentProduct(p: MProduct): Body {
		// a configurable product has no source items (its children have the stock)
		const item =
			p.type_id === 'configurable' ? { quantity: 0 } : store.sourceItem(p.sku, 'default');
		return {
			...p,
			created_at: sqlDateTime(p.created_at),
			updated_at: sqlDateTime(p.updated_at),
			extension_attributes: {
				website_ids: [1],
				stock_item: {
					item_id: p.id,
					product_id: p.id,
					stock_id: 1,
					qty: item.quantity,
					is_in_stock: store.salable(p.sku) > 0,
					manage_stock: true,
					backorders: 0,
					min_sale_qty: 1,
				},
				// read with the product, in lists too (ProductRepository::getList runs the read extensions since 2.3)
				...(p.type_id === 'configurable'
					? { configurable_product_links: store.configurableLinks.get(p.sku) ?? [] }
					: {}),
			},
		};
	}
	const presentShipment = (s: MShipment): Body => ({
		...s,
		created_at: sqlDateTime(s.created_at),
		total_qty: s.items.reduce((sum, i) => sum + i.qty, 0),
		tracks: s.tracks.map((t) => ({ ...t, created_at: sqlDateTime(t.created_at) })),
		extension_attributes: { source_code: s.source_code },
	});
	const presentInvoice = (i: MInvoice): Body => ({
		...i,
		state: 2,
		created_at: sqlDateTime(i.created_at),
		base_grand_total: i.grand_total,
	});
	const presentMemoComment = (c: MCreditmemoComment): Body => ({
		...c,
		created_at: sqlDateTime(c.created_at),
	});
	const presentMemo = (m: MCreditmemo): Body => ({
		...m,
		state: 2,
		created_at: sqlDateTime(m.created_at),
		base_grand_total: m.grand_total,
		comments: m.comments.map(presentMemoComment),
	});
	const presentQuote = (q: MQuote): Body => ({
		id: q.id,
		created_at: sqlDateTime(q.created_at),
		updated_at: sqlDateTime(q.updated_at),
		is_active: q.active,
		is_virtual: false,
		items: q.items,
		items_count: q.items.length,
		items_qty: q.items.reduce((s, i) => s + i.qty, 0),
		customer: q.email ? { email: q.email } : {},
		customer_is_guest: q.customerId === undefined,
		billing_address: q.billingAddress ?? {},
		currency: { base_currency_code: 'EUR', quote_currency_code: 'EUR' },
		extension_attributes: q.shippingAddress
			? {
					shipping_assignments: [
						{
							shipping: {
								address: q.shippingAddress,
								method: q.shippingMethod
									? `${q.shippingMethod.carrier}_${q.shippingMethod.method}`
									: null,
							},
						},
					],
				}
			: {},
	});
	function totals(q: MQuote): Body {
		const subtotal = round2(q.items.reduce((s, i) => s + i.price * i.qty, 0));
		const shipping = q.shippingMethod?.amount ?? 0;
		return {
			grand_total: round2(subtotal + shipping),
			base_grand_total: round2(subtotal + shipping),
			subtotal,
			shipping_amount: shipping,
			tax_amount: 0,
			items_qty: q.items.reduce((s, i) => s + i.qty, 0),
			quote_currency_code: 'EUR',
			items: q.items.map((i) => ({
				item_id: i.item_id,
				price: i.price,
				qty: i.qty,
				row_total: round2(i.price * i.qty),
				name: i.name,
			})),
		};
	}
	return {
		presentAddress,
		presentOrder,
		presentProduct,
		presentShipment,
		presentInvoice,
		presentMemo,
		presentMemoComment,
		presentQuote,
		totals,
	};
}

export type MagentoPresenters = ReturnType<typeof magentoPresenters>;
