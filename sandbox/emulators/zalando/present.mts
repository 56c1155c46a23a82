import type {
	AnnouncedReturn,
	SalesChannel,
	ShipmentView,
	Transition,
	ZalandoAddress,
	ZalandoItem,
	ZalandoLine,
	ZalandoOrder,
} from './model.mts';
import { ZALANDO_FULFILLMENT_PROVIDER_ID } from './seed.mts';
import { shipmentViews } from './shipment-view.mts';
import { NEXT_STATUSES } from './store.mts';

/** JSON:API resources as zDirect renders them (spec schemas plus the fields real answers carry: §1.2). */

/** Zalando prints millisecond timestamps with an explicit offset: `2022-10-23T19:51:51.244+00:00`. */
export function zalandoTime(epochMs: number): string {
	return new Date(epochMs).toISOString().replace('Z', '+00:00');
}

export function copyrightMeta(now: number): { copyright: string } {
	return { copyright: `Zalando SE ${new Date(now).getUTCFullYear()} All rights reserved.` };
}

export const INCLUDES = [
	'order_items',
	'order_lines',
	'order_lines.order_line_transitions',
	'order_transitions',
	'shipments',
] as const;
export type Include = (typeof INCLUDES)[number];

const money = (amount: number, currency: string) => ({
	amount: Math.round(amount * 100) / 100,
	currency,
});

function presentAddress(a: ZalandoAddress) {
	return {
		address_type: a.addressType,
		address_id: a.addressId,
		first_name: a.firstName,
		last_name: a.lastName,
		address_line_1: a.addressLine1,
		...(a.addressLine2 === undefined ? {} : { address_line_2: a.addressLine2 }),
		zip_code: a.zipCode,
		city: a.city,
		country_code: a.countryCode,
		...(a.servicePoint
			? {
					service_point_details: {
						service_point_name: a.servicePoint.name,
						service_point_id: a.servicePoint.id,
						...(a.servicePoint.memberId === undefined
							? {}
							: { service_point_member_id: a.servicePoint.memberId }),
					},
				}
			: {}),
	};
}

/** URLs of an order's resources below `root` (`http://host/merchants/{mid}`). */
export class OrderUrls {
	constructor(readonly root: string) {}
	order(o: ZalandoOrder): string {
		return `${this.root}/orders/${o.orderId}`;
	}
	item(o: ZalandoOrder, i: ZalandoItem): string {
		return `${this.order(o)}/items/${i.itemId}`;
	}
	line(o: ZalandoOrder, i: ZalandoItem, l: ZalandoLine): string {
		return `${this.item(o, i)}/lines/${l.lineId}`;
	}
}

export function presentOrder(order: ZalandoOrder, urls: OrderUrls, now: number) {
	const lines = order.items.flatMap((i) => i.lines);
	const optional = (key: string, value: string | undefined) =>
		value === undefined ? {} : { [key]: value };
	return {
		type: 'Order',
		id: order.orderId,
		attributes: {
			merchant_id: order.merchantId,
			logistics_provider_id:
				order.orderType === 'ZalandoFulfilled' ? ZALANDO_FULFILLMENT_PROVIDER_ID : order.merchantId,
			order_id: order.orderId,
			order_number: order.orderNumber,
			order_date: zalandoTime(order.orderDate),
			...optional('merchant_order_id', order.merchantOrderId),
			sales_channel_id: order.salesChannelId,
			locale: order.locale,
			customer_number: order.customerNumber,
			customer_email: order.customerEmail,
			status: order.status,
			shipping_address: presentAddress(order.shippingAddress),
			shipment_number: order.shipmentNumber,
			billing_address: presentAddress(order.billingAddress),
			...optional('tracking_number', order.trackingNumber),
			...optional('return_tracking_number', order.returnTrackingNumber),
			order_lines_count: lines.length,
			order_lines_price_amount: money(
				lines.reduce((sum, l) => sum + l.discountedPrice, 0),
				order.currency,
			).amount,
			order_lines_price_currency: order.currency,
			delivery_end_date: zalandoTime(order.deliveryEndDate),
			exported: order.exported,
			created_by: 'system',
			created_at: zalandoTime(order.createdAt),
			modified_by: order.modifiedBy,
			modified_at: zalandoTime(order.modifiedAt),
			order_type: order.orderType,
			shipping_costs: money(order.shippingCosts, order.currency),
			stock_location_id: order.stockLocationId,
		},
		links: { self: urls.order(order) },
		relationships: {
			order_items: {
				links: { related: `${urls.order(order)}/items` },
				data: order.items.map((i) => ({ type: 'OrderItem', id: i.itemId })),
			},
			order_transitions: { links: { related: `${urls.order(order)}/transitions` } },
		},
		meta: copyrightMeta(now),
	};
}

export function presentItem(order: ZalandoOrder, item: ZalandoItem, urls: OrderUrls) {
	const count = (status: string) => item.lines.filter((l) => l.status === status).length;
	return {
		type: 'OrderItem',
		id: item.itemId,
		attributes: {
			order_item_id: item.itemId,
			order_id: order.orderId,
			article_id: item.articleId,
			external_id: item.externalId,
			description: item.description,
			quantity_initial: count('initial'),
			quantity_reserved: count('reserved'),
			quantity_shipped: count('shipped'),
			quantity_returned: count('returned'),
			quantity_canceled: count('canceled'),
			created_by: 'system',
			created_at: zalandoTime(item.createdAt),
			modified_by: 'system',
			modified_at: zalandoTime(item.modifiedAt),
		},
		links: { self: urls.item(order, item) },
		relationships: {
			order_lines: {
				links: { related: `${urls.item(order, item)}/lines` },
				data: item.lines.map((l) => ({ type: 'OrderLine', id: l.lineId })),
			},
		},
	};
}

export function presentLine(
	order: ZalandoOrder,
	item: ZalandoItem,
	line: ZalandoLine,
	urls: OrderUrls,
	now: number,
) {
	const optional = (key: string, value: unknown) => (value === undefined ? {} : { [key]: value });
	return {
		type: 'OrderLine',
		id: line.lineId,
		attributes: {
			order_line_id: line.lineId,
			order_item_id: item.itemId,
			status: line.status,
			price: money(line.price, order.currency),
			discounted_price: money(line.discountedPrice, order.currency),
			created_by: 'system',
			created_at: zalandoTime(line.createdAt),
			modified_by: line.modifiedBy,
			modified_at: zalandoTime(line.modifiedAt),
			...optional('source_stock_location_id', line.sourceStockLocationId),
			...optional('outbound_logistic_center_id', line.outboundLogisticCenterId),
		},
		links: { self: urls.line(order, item, line) },
		relationships: {
			order_line_transitions: {
				links: { related: `${urls.line(order, item, line)}/transitions` },
			},
		},
		meta: {
			...copyrightMeta(now),
			possible_status_transitions:
				order.orderType === 'ZalandoFulfilled' ? [] : NEXT_STATUSES[line.status],
		},
	};
}

export function presentTransition(t: Transition, type: 'OrderTransition' | 'OrderLineTransition') {
	return {
		type,
		id: t.id,
		attributes: {
			original_status: t.from,
			final_status: t.to,
			...(t.reason ? { transition_reason: t.reason } : {}),
			created_at: zalandoTime(t.at),
			created_by: t.by,
		},
	};
}

/** The `included` resources of an order for the requested `include` names, each resource once. */
export function includedFor(
	order: ZalandoOrder,
	include: ReadonlySet<Include>,
	urls: OrderUrls,
	now: number,
): unknown[] {
	const out: unknown[] = [];
	if (include.has('order_items'))
		out.push(...order.items.map((item) => presentItem(order, item, urls)));
	const withTransitions = include.has('order_lines.order_line_transitions');
	if (include.has('order_lines') || withTransitions)
		for (const item of order.items)
			out.push(...item.lines.map((line) => presentLine(order, item, line, urls, now)));
	if (withTransitions)
		for (const line of order.items.flatMap((i) => i.lines))
			out.push(...line.transitions.map((t) => presentTransition(t, 'OrderLineTransition')));
	if (include.has('order_transitions'))
		out.push(...order.transitions.map((t) => presentTransition(t, 'OrderTransition')));
	if (include.has('shipments')) out.push(...presentShipmentResources(order));
	return out;
}

/** A `Shipment` as `GET .../shipments/{sid}` answers it (bare, not JSON:API-wrapped: spec). */
export function presentShipment(view: ShipmentView) {
	const optional = (key: string, value: unknown) => (value === undefined ? {} : { [key]: value });
	return {
		shipment_id: view.shipmentId,
		...optional('merchant_specified_shipment_id', view.merchantShipmentId),
		shipment_number: view.shipmentNumber,
		order_lines: view.orderLines.map((l) => ({
			order_line_id: l.lineId,
			...optional('merchant_specified_identifier', l.merchantIdentifier),
		})),
		...optional('tracking_number', view.trackingNumber || undefined),
		...optional('return_tracking_number', view.returnTrackingNumber || undefined),
		...optional('outbound_logistic_center_id', view.outboundLogisticCenterId),
		...optional('weight', view.weight),
		status: view.status,
		created_at: zalandoTime(view.createdAt),
		modified_at: zalandoTime(view.modifiedAt),
	};
}

/** The order's shipments as `included` resources (`ShipmentResource`): the initial one holds every other line. */
function presentShipmentResources(order: ZalandoOrder) {
	return shipmentViews(order).map((view) => ({
		type: 'Shipment',
		id: view.shipmentId,
		attributes: presentShipment(view),
	}));
}

export function presentSalesChannel(c: SalesChannel) {
	return {
		sales_channel_id: c.salesChannelId,
		country_name: c.countryName,
		country_code: c.countryCode,
		live: c.live,
	};
}

export function presentAnnouncedReturn(r: AnnouncedReturn, orders: Map<string, ZalandoOrder>) {
	return {
		announced_return_id: r.announcedReturnId,
		sales_channel_id: r.salesChannelId,
		return_tracking_number: r.returnTrackingNumber,
		type: 'ZALANDO_ONLINE_CREATED',
		return_registered_at: zalandoTime(r.registeredAt),
		orders: r.orders.map((entry) => {
			const order = orders.get(entry.orderId);
			return {
				order_id: entry.orderId,
				order_number: order?.orderNumber ?? '',
				...(order?.merchantOrderId ? { merchant_order_id: order.merchantOrderId } : {}),
				order_lines: entry.lines.map((l) => ({
					order_line_id: l.lineId,
					order_item_id: l.itemId,
					return_reason: l.returnReason,
				})),
			};
		}),
	};
}
