import { money, type Body } from '../commerce.mts';
import { zonedDateTime } from '../core/time.mts';
import {
	ShopifyStore,
	type Fulfillment,
	type FulfillmentOrder,
	type LineItem,
	type Order,
	type Product,
	type Refund,
	type Transaction,
	type Variant,
	type Metafield,
	type Webhook,
} from './store.mts';

export const iso = (ms: number | null) =>
	ms === null ? null : zonedDateTime(ms, 'Europe/Amsterdam');
export const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

/** Shopify's REST representations of the store's objects (timestamps in the shop's zone, money as strings). */
export function shopifyPresenters(store: ShopifyStore, now: () => number) {
	function presentVariant(v: Variant): Body {
		return {
			id: v.id,
			product_id: v.product_id,
			title: v.title,
			price: v.price,
			sku: v.sku,
			position: v.position,
			inventory_policy: v.inventory_policy,
			compare_at_price: null,
			option1: v.option1,
			option2: null,
			option3: null,
			created_at: iso(v.created_at),
			updated_at: iso(v.updated_at),
			taxable: true,
			barcode: v.barcode,
			fulfillment_service: 'manual',
			grams: 0,
			inventory_management: v.inventory_management,
			requires_shipping: v.requires_shipping,
			weight: 0,
			weight_unit: 'kg',
			inventory_item_id: v.inventory_item_id,
			inventory_quantity: store.available(v.inventory_item_id),
			old_inventory_quantity: store.available(v.inventory_item_id),
			admin_graphql_api_id: gid('ProductVariant', v.id),
		};
	}
	function presentProduct(p: Product): Body {
		return {
			id: p.id,
			title: p.title,
			body_html: '',
			vendor: p.vendor,
			product_type: p.product_type,
			created_at: iso(p.created_at),
			handle: p.handle,
			updated_at: iso(p.updated_at),
			published_at: iso(p.created_at),
			status: p.status,
			tags: p.tags,
			admin_graphql_api_id: gid('Product', p.id),
			variants: p.variants.map(presentVariant),
			options: p.options.map((o, i) => ({
				id: p.id + i,
				product_id: p.id,
				name: o.name,
				position: i + 1,
				values: o.values,
			})),
			images: [],
			image: null,
		};
	}
	const presentTransaction = (t: Transaction): Body => ({
		...t,
		amount: money(t.amount),
		currency: 'EUR',
		created_at: iso(t.created_at),
		processed_at: iso(t.created_at),
		test: false,
		admin_graphql_api_id: gid('OrderTransaction', t.id),
	});
	function presentLine(order: Order, l: LineItem): Body {
		return {
			id: l.id,
			admin_graphql_api_id: gid('LineItem', l.id),
			variant_id: l.variant_id,
			product_id: l.product_id,
			title: l.title,
			name: l.name,
			sku: l.sku,
			quantity: l.quantity,
			current_quantity: l.quantity - l.refunded,
			fulfillable_quantity:
				order.cancelled_at === null ? Math.max(0, l.quantity - l.refunded - l.fulfilled) : 0,
			fulfillment_status:
				l.fulfilled === 0 ? null : l.fulfilled >= l.quantity - l.refunded ? 'fulfilled' : 'partial',
			fulfillment_service: 'manual',
			requires_shipping: l.requires_shipping,
			price: money(l.price),
			price_set: {
				shop_money: { amount: money(l.price), currency_code: 'EUR' },
				presentment_money: { amount: money(l.price), currency_code: 'EUR' },
			},
			total_discount: '0.00',
			taxable: true,
			tax_lines: [],
			discount_allocations: [],
			duties: [],
			properties: [],
			gift_card: false,
			vendor: l.product_id ? (store.products.get(l.product_id)?.vendor ?? null) : null,
		};
	}
	function presentFulfillment(order: Order, f: Fulfillment): Body {
		return {
			id: f.id,
			admin_graphql_api_id: gid('Fulfillment', f.id),
			order_id: f.order_id,
			name: f.name,
			status: f.status,
			service: 'manual',
			shipment_status: null,
			location_id: f.location_id,
			created_at: iso(f.created_at),
			updated_at: iso(f.updated_at),
			tracking_company: f.tracking_company,
			tracking_number: f.tracking_numbers[0] ?? null,
			tracking_numbers: f.tracking_numbers,
			tracking_url: f.tracking_urls[0] ?? null,
			tracking_urls: f.tracking_urls,
			receipt: {},
			origin_address: {},
			line_items: f.lines.map((fl) => {
				const line = order.line_items.find((l) => l.id === fl.line_item_id) as LineItem;
				return { ...presentLine(order, line), quantity: fl.quantity };
			}),
		};
	}
	function presentRefund(order: Order, r: Refund): Body {
		return {
			id: r.id,
			admin_graphql_api_id: gid('Refund', r.id),
			order_id: r.order_id,
			created_at: iso(r.created_at),
			processed_at: iso(r.created_at),
			note: r.note,
			restock: r.lines.some((l) => l.restock_type !== 'no_restock'),
			user_id: null,
			order_adjustments:
				r.shipping > 0
					? [
							{
								id: r.id + 1,
								order_id: order.id,
								refund_id: r.id,
								kind: 'shipping_refund',
								amount: money(-r.shipping),
								tax_amount: '0.00',
								reason: 'Shipping refund',
							},
						]
					: [],
			refund_line_items: r.lines.map((l) => ({
				id: l.id,
				line_item_id: l.line_item_id,
				quantity: l.quantity,
				restock_type: l.restock_type,
				location_id: l.location_id,
				subtotal: l.subtotal,
				total_tax: 0,
				line_item: presentLine(
					order,
					order.line_items.find((i) => i.id === l.line_item_id) as LineItem,
				),
			})),
			transactions: r.transactions.map(presentTransaction),
			duties: [],
		};
	}
	function presentOrder(o: Order): Body {
		const total = ShopifyStore.total(o);
		const refunded = ShopifyStore.refundedAmount(o);
		const amount = (v: number) => ({
			shop_money: { amount: money(v), currency_code: o.currency },
			presentment_money: { amount: money(v), currency_code: o.currency },
		});
		return {
			id: o.id,
			admin_graphql_api_id: gid('Order', o.id),
			name: o.name,
			order_number: o.order_number,
			number: o.order_number - 1000,
			email: o.email,
			contact_email: o.email,
			created_at: iso(o.created_at),
			updated_at: iso(o.updated_at),
			processed_at: iso(o.processed_at),
			cancelled_at: iso(o.cancelled_at),
			cancel_reason: o.cancel_reason,
			closed_at: iso(o.closed_at),
			currency: o.currency,
			presentment_currency: o.currency,
			financial_status: o.financial_status,
			fulfillment_status: ShopifyStore.fulfillmentStatus(o),
			confirmed: true,
			test: o.test,
			note: o.note,
			note_attributes: o.note_attributes,
			tags: o.tags,
			source_name: o.source_name,
			taxes_included: false,
			total_price: money(total),
			subtotal_price: money(ShopifyStore.subtotal(o)),
			total_line_items_price: money(ShopifyStore.subtotal(o)),
			total_tax: '0.00',
			total_discounts: '0.00',
			current_total_price: money(total - refunded),
			total_price_set: amount(total),
			total_shipping_price_set: amount(o.shipping_lines.reduce((s, l) => s + l.price, 0)),
			total_outstanding: money(Math.max(0, total - ShopifyStore.captured(o))),
			customer: o.customer,
			billing_address: o.billing_address,
			shipping_address: o.shipping_address,
			line_items: o.line_items.map((l) => presentLine(o, l)),
			shipping_lines: o.shipping_lines.map((s) => ({
				...s,
				price: money(s.price),
				discounted_price: money(s.price),
				tax_lines: [],
			})),
			fulfillments: o.fulfillments.map((f) => presentFulfillment(o, f)),
			refunds: o.refunds.map((r) => presentRefund(o, r)),
			payment_gateway_names: [...new Set(o.transactions.map((t) => t.gateway))],
			tax_lines: [],
			discount_codes: [],
		};
	}
	function presentFulfillmentOrder(fo: FulfillmentOrder): Body {
		const order = store.orders.get(fo.order_id) as Order;
		const location = store.locations.find((l) => l.id === fo.assigned_location_id);
		return {
			id: fo.id,
			admin_graphql_api_id: gid('FulfillmentOrder', fo.id),
			shop_id: 1,
			order_id: fo.order_id,
			assigned_location_id: fo.assigned_location_id,
			request_status: 'unsubmitted',
			status: fo.status,
			fulfill_at: iso(fo.created_at),
			fulfill_by: null,
			supported_actions:
				fo.status === 'closed' || fo.status === 'cancelled'
					? []
					: ['create_fulfillment', 'move', 'hold'],
			destination: order.shipping_address,
			line_items: fo.line_items.map((l) => ({
				id: l.id,
				shop_id: 1,
				fulfillment_order_id: fo.id,
				quantity: l.quantity,
				line_item_id: l.line_item_id,
				inventory_item_id: l.inventory_item_id,
				fulfillable_quantity: l.fulfillable_quantity,
				variant_id: l.variant_id,
			})),
			international_duties: null,
			fulfillment_holds: [],
			delivery_method: { id: fo.id, method_type: 'shipping' },
			assigned_location: location
				? {
						address1: location.address1,
						city: location.city,
						country_code: location.country_code,
						location_id: location.id,
						name: location.name,
						zip: location.zip,
					}
				: null,
			merchant_requests: [],
			created_at: iso(fo.created_at),
			updated_at: iso(fo.updated_at),
		};
	}
	const presentLocation = (l: ShopifyStore['locations'][number]): Body => ({
		...l,
		country: l.country_code === 'NL' ? 'Netherlands' : 'Belgium',
		legacy: false,
		admin_graphql_api_id: gid('Location', l.id),
	});
	const presentLevel = (itemId: number, locationId: number): Body => {
		const level = store.levels.get(itemId)?.get(locationId);
		return {
			inventory_item_id: itemId,
			location_id: locationId,
			available: level?.available ?? 0,
			updated_at: iso(level?.updated_at ?? now()),
			admin_graphql_api_id: gid('InventoryLevel', itemId),
		};
	};
	const presentMetafield = (m: Metafield): Body => ({
		id: m.id,
		namespace: m.namespace,
		key: m.key,
		value: m.value,
		description: m.description,
		owner_id: m.owner_id,
		created_at: iso(m.created_at),
		updated_at: iso(m.updated_at),
		owner_resource: m.owner_resource,
		type: m.type,
		admin_graphql_api_id: gid('Metafield', m.id),
	});
	const presentWebhook = (w: Webhook): Body => ({
		id: w.id,
		address: w.address,
		topic: w.topic,
		created_at: iso(w.created_at),
		updated_at: iso(w.updated_at),
		format: w.format,
		fields: [],
		metafield_namespaces: [],
		api_version: w.api_version,
		private_metafield_namespaces: [],
	});

	return {
		presentVariant,
		presentProduct,
		presentTransaction,
		presentLine,
		presentFulfillment,
		presentRefund,
		presentOrder,
		presentFulfillmentOrder,
		presentLocation,
		presentLevel,
		presentWebhook,
		presentMetafield,
	};
}

export type ShopifyPresenters = ReturnType<typeof shopifyPresenters>;
