import {
	cropSku,
	joinName,
	lineStatus,
	orderStatusFromLines,
	roundMoney,
	type Address,
	type Customer,
	type LineStatus,
	type MarketplaceOrder,
	type MarketplaceOrderLine,
	type MarketplaceReturn,
	type MarketplaceReturnLine,
} from '../shared/model';
import { redact } from '../shared/redact';
import {
	EXPORT_DEADLINE_MS,
	FULFIL_DEADLINE_MS,
	eanFromExternalId,
	type ZalandoLineStatus,
} from './constants';
import type {
	ZalandoAddress,
	ZalandoAnnouncedReturn,
	ZalandoLineResource,
	ZalandoMoney,
	ZalandoOrder,
} from './transport/types';

/** Koongo's Zalando order settings that shape the normalized order. */
export interface ZalandoMappingSettings {
	/**
	 * Which field becomes `sku`: the merchant's product identifier (`external_id`), its EAN, or Zalando's `article_id`.
	 */
	productIdentification: 'externalId' | 'ean' | 'articleId';
	skuPrefixPattern?: string;
	skuSuffixPattern?: string;
	/** Carry `updateStoreStock: true` on Zalando-fulfilled (ZFS / FBZ) orders. */
	updateStockForFbz: boolean;
	includeRaw: boolean;
}

export const DEFAULT_ZALANDO_MAPPING: ZalandoMappingSettings = {
	productIdentification: 'externalId',
	updateStockForFbz: false,
	includeRaw: false,
};

function text(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	const trimmed = String(value).trim();
	return trimmed === '' ? null : trimmed;
}

function amount(money: ZalandoMoney | undefined): number | null {
	const value = Number(money?.amount);
	return money && Number.isFinite(value) ? value : null;
}

export function toAddress(
	address: ZalandoAddress | undefined,
	email: string | null,
	phone: string | null,
): Address | null {
	if (!address) return null;
	const point = address.service_point_details;
	const atPoint =
		address.address_type === 'PACK_STATION' ||
		address.address_type === 'PICKUP_POINT' ||
		point !== undefined;
	return {
		firstName: text(address.first_name),
		lastName: text(address.last_name),
		fullName: joinName(address.first_name, address.last_name),
		company: null,
		street: text(address.address_line_1),
		houseNumber: null,
		houseNumberExtension: null,
		address1: text(address.address_line_1),
		address2: joinName(address.address_line_2, address.address_line_3),
		postalCode: text(address.zip_code),
		city: text(address.city),
		region: null,
		countryCode: text(address.country_code),
		email,
		phone,
		vatNumber: null,
		pickupPoint: atPoint
			? {
					name: text(point?.service_point_name),
					id: text(point?.service_point_id) ?? text(point?.service_point_member_id),
				}
			: null,
	};
}

/** How many of an item's unit lines are in each status. */
export function lineCounts(
	lines: readonly ZalandoLineResource[],
): Record<ZalandoLineStatus, number> {
	const counts: Record<ZalandoLineStatus, number> = {
		initial: 0,
		reserved: 0,
		shipped: 0,
		returned: 0,
		canceled: 0,
	};
	for (const line of lines) {
		const status = line.attributes.status;
		if (status in counts) counts[status] += 1;
	}
	return counts;
}

export function skuOf(
	item: { article_id?: string; external_id?: string },
	settings: Pick<
		ZalandoMappingSettings,
		'productIdentification' | 'skuPrefixPattern' | 'skuSuffixPattern'
	>,
): string | null {
	const externalId = text(item.external_id);
	const identifier =
		settings.productIdentification === 'articleId'
			? text(item.article_id)
			: settings.productIdentification === 'ean'
				? (eanFromExternalId(externalId) ?? externalId)
				: externalId;
	return cropSku(identifier, settings.skuPrefixPattern, settings.skuSuffixPattern);
}

/**
 * One normalized line per Zalando order item (an article with a quantity). Zalando keeps one order line per unit;
 * the node's operations pick that many unit lines of the item in the right status. `extra.lines` of the order lists
 * them all.
 */
function toLine(
	entry: ZalandoOrder['items'][number],
	fulfilment: 'merchant' | 'marketplace',
	deliverBy: string | null,
	settings: ZalandoMappingSettings,
): MarketplaceOrderLine {
	const { item, lines } = entry;
	const a = item.attributes;
	const counts = lineCounts(lines);
	const quantity =
		lines.length > 0
			? lines.length
			: (a.quantity_initial ?? 0) +
				(a.quantity_reserved ?? 0) +
				(a.quantity_shipped ?? 0) +
				(a.quantity_returned ?? 0) +
				(a.quantity_canceled ?? 0);
	const shipped = lines.length > 0 ? counts.shipped + counts.returned : (a.quantity_shipped ?? 0);
	const returned = lines.length > 0 ? counts.returned : (a.quantity_returned ?? 0);
	const cancelled = lines.length > 0 ? counts.canceled : (a.quantity_canceled ?? 0);
	const paid = lines.map(
		(l) => amount(l.attributes.discounted_price) ?? amount(l.attributes.price),
	);
	const known = paid.filter((p): p is number => p !== null);
	const status: LineStatus =
		returned > 0 && returned + cancelled >= quantity
			? 'returned'
			: lineStatus(quantity, shipped, cancelled);
	const externalId = text(a.external_id);
	const updated = [a.modified_at, ...lines.map((l) => l.attributes.modified_at)]
		.filter((t): t is string => typeof t === 'string' && t !== '')
		.sort((x, y) => Date.parse(x) - Date.parse(y));
	return {
		lineId: String(a.order_item_id ?? item.id),
		sku: skuOf(a, settings),
		ean: eanFromExternalId(externalId),
		offerId: text(a.article_id),
		merchantReference: externalId,
		title: text(a.description),
		quantity,
		quantityShipped: shipped,
		quantityCancelled: cancelled,
		quantityOpen: Math.max(0, quantity - shipped - cancelled),
		unitPrice: known.length > 0 ? known[0] : null,
		totalPrice: known.length > 0 ? roundMoney(known.reduce((s, p) => s + p, 0)) : null,
		tax: null,
		commission: null,
		fulfilment,
		status,
		cancellationRequested: false,
		deliverBy,
		updatedAt: updated[updated.length - 1] ?? null,
	};
}

function plus(time: string | null, ms: number): string | null {
	const at = time === null ? NaN : Date.parse(time);
	return Number.isNaN(at) ? null : new Date(at + ms).toISOString();
}

export function toMarketplaceOrder(
	zalando: ZalandoOrder,
	settings: ZalandoMappingSettings,
): MarketplaceOrder {
	const a = zalando.order.attributes;
	const orderId = String(a.order_id ?? zalando.order.id);
	const fulfilment = a.order_type === 'ZalandoFulfilled' ? 'marketplace' : 'merchant';
	const deliverBy = text(a.delivery_end_date);
	const lines = zalando.items.map((entry) => toLine(entry, fulfilment, deliverBy, settings));
	const email = text(a.customer_email);
	const phone = text(a.customer_phone?.number);
	const billing = toAddress(a.billing_address, email, phone);
	const shipping = toAddress(a.shipping_address, email, phone);
	const items = roundMoney(lines.reduce((sum, l) => sum + (l.totalPrice ?? 0), 0));
	const shippingCost = amount(a.shipping_costs);
	const created = text(a.order_date) ?? text(a.created_at);
	const currency =
		text(a.order_lines_price_currency) ??
		text(zalando.items[0]?.lines[0]?.attributes.price?.currency) ??
		text(a.shipping_costs?.currency) ??
		'EUR';
	const partner = fulfilment === 'merchant';
	const result: MarketplaceOrder = {
		marketplace: 'zalando',
		orderId,
		// not unique: one customer order can be split into several partner orders
		orderNumber: text(a.order_number) ?? orderId,
		status: a.status === 'initial' ? 'pending' : orderStatusFromLines(lines),
		createdAt: created,
		updatedAt: text(a.modified_at) ?? created,
		fulfilment,
		hasMarketplaceFulfilledLines: !partner,
		currency,
		customer: {
			firstName: billing?.firstName ?? shipping?.firstName ?? null,
			lastName: billing?.lastName ?? shipping?.lastName ?? null,
			fullName: billing?.fullName ?? shipping?.fullName ?? null,
			email,
			phone,
			company: null,
			vatNumber: null,
			language: text(a.locale)?.slice(0, 2) ?? null,
		} satisfies Customer,
		shippingAddress: shipping,
		billingAddress: billing,
		lines,
		totals: {
			items,
			shipping: shippingCost,
			tax: null,
			discount: null,
			total: roundMoney(items + (shippingCost ?? 0)),
			commission: null,
		},
		pricesIncludeTax: true,
		deadlines: {
			// conservative: one version of Zalando's docs counts the 3 hours from creation, another from approval
			acceptBy: partner && a.exported !== true ? plus(created, EXPORT_DEADLINE_MS) : null,
			shipBy: partner ? plus(created, FULFIL_DEADLINE_MS) : null,
			deliverBy,
			expiresAt: null,
		},
		cancellationRequested: false,
		updateStoreStock: partner ? true : settings.updateStockForFbz,
		extra: {
			orderType: a.order_type ?? null,
			zalandoStatus: a.status,
			exported: a.exported === true,
			merchantOrderId: text(a.merchant_order_id),
			salesChannelId: text(a.sales_channel_id),
			locale: text(a.locale),
			customerNumber: text(a.customer_number),
			trackingNumber: text(a.tracking_number),
			returnTrackingNumber: text(a.return_tracking_number),
			stockLocationId: text(a.stock_location_id),
			lines: zalando.items.flatMap(({ item, lines: units }) =>
				units.map((line) => ({
					orderItemId: String(item.attributes.order_item_id ?? item.id),
					orderLineId: String(line.attributes.order_line_id ?? line.id),
					status: line.attributes.status,
				})),
			),
		},
	};
	if (settings.includeRaw) result.raw = redact(zalando);
	return result;
}

/** What Koongo's "Order Types" option keeps: partner-fulfilled (FBR), Zalando-fulfilled (FBZ) or both. */
export function keepOrderType(order: MarketplaceOrder, choice: string): boolean {
	if (choice === 'fbr') return order.fulfilment === 'merchant';
	if (choice === 'fbz') return order.fulfilment === 'marketplace';
	return true;
}

/** The `order_type` query value an "Order Types" choice needs (undefined: both). */
export function orderTypeQuery(choice: string): string | undefined {
	if (choice === 'fbr') return 'PartnerFulfilled';
	if (choice === 'fbz') return 'ZalandoFulfilled';
	return undefined;
}

export interface ReturnLineContext {
	sku: string | null;
	ean: string | null;
	title: string | null;
	status: ZalandoLineStatus | null;
}

/**
 * An announced return: one return can span several orders; each returned unit is one line (`lineId` = the Zalando
 * order line id, which Return > Handle takes). `orderLineId` is the normalized order line (the order item). With the
 * orders looked up (`context`), lines carry sku, EAN and title, and count as handled once the line is `returned`.
 */
export function toMarketplaceReturn(
	announced: ZalandoAnnouncedReturn,
	includeRaw: boolean,
	context?: (orderLineId: string) => ReturnLineContext | undefined,
): MarketplaceReturn {
	const lines: MarketplaceReturnLine[] = (announced.orders ?? []).flatMap((order) =>
		(order.order_lines ?? []).map((line) => {
			const known = context?.(String(line.order_line_id));
			const handled = known?.status === 'returned';
			return {
				lineId: String(line.order_line_id),
				orderId: text(order.order_id),
				orderLineId: text(line.order_item_id),
				sku: known?.sku ?? null,
				ean: known?.ean ?? null,
				title: known?.title ?? null,
				quantity: 1,
				reason: text(line.return_reason),
				reasonDetail: null,
				customerComment: null,
				handled,
				handlingResult: handled ? 'returned' : null,
				processingResult: null,
				quantityProcessed: handled ? 1 : 0,
				// a line set to returned makes Zalando refund the customer
				refunded: handled ? true : null,
				trackAndTrace: text(announced.return_tracking_number),
				carrier: null,
			};
		}),
	);
	const result: MarketplaceReturn = {
		marketplace: 'zalando',
		returnId: String(announced.announced_return_id),
		orderIds: [...new Set((announced.orders ?? []).map((o) => String(o.order_id)))],
		registeredAt: text(announced.return_registered_at),
		fulfilment: 'merchant',
		status: lines.length > 0 && lines.every((l) => l.handled) ? 'handled' : 'open',
		customer: null,
		lines,
		extra: {
			salesChannelId: text(announced.sales_channel_id),
			type: text(announced.type),
			orderNumbers: (announced.orders ?? []).map((o) => text(o.order_number)),
			merchantOrderIds: (announced.orders ?? []).map((o) => text(o.merchant_order_id)),
		},
	};
	if (includeRaw) result.raw = redact(announced);
	return result;
}
