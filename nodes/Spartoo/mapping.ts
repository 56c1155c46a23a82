/**
 * Spartoo XML records (transport/read.ts) -> the normalized model (nodes/shared/model.ts).
 *
 * Spartoo has no line ids and no EANs in its order XML: a line is one `<product>` of the order, identified by your size
 * reference (`products_size_reference`, what stock updates and delivery slips use) or, failing that, your product
 * reference. A return concerns exactly one product.
 */
import {
	cropSku,
	joinName,
	lineStatus,
	orderStatusFromLines,
	roundMoney,
	type Address,
	type Customer,
	type MarketplaceOrder,
	type MarketplaceOrderLine,
	type MarketplaceReturn,
	type OrderStatus,
} from '../shared/model';
import {
	DEFAULT_CURRENCY,
	ORDER_STATUS,
	ORDER_STATUS_NAMES,
	PRICES_INCLUDE_TAX,
	RETURN_QUANTITY,
	RETURN_STATUS,
	RETURN_STATUS_NAMES,
} from './constants';
import type { Fields, SpartooOrderRecord, SpartooReturnRecord } from './transport/read';
import { spartooDateToIso } from './time';

export const PRODUCT_IDENTIFICATIONS = ['reference', 'sizeReference', 'spartooId'] as const;
export type ProductIdentification = (typeof PRODUCT_IDENTIFICATIONS)[number];

export interface SpartooMappingSettings {
	/** Which field becomes `sku` (Koongo "Product Identification Attribute"). */
	productIdentification: ProductIdentification;
	skuPrefixPattern?: string;
	skuSuffixPattern?: string;
	/** Koongo "Use Billing Address For Shipping". */
	billingAsShipping: boolean;
	includeRaw: boolean;
	currency: string;
}

export const DEFAULT_SPARTOO_MAPPING: SpartooMappingSettings = {
	productIdentification: 'reference',
	billingAsShipping: false,
	includeRaw: false,
	currency: DEFAULT_CURRENCY,
};

const SHIPPED_STATUSES: readonly number[] = [
	ORDER_STATUS.shipped,
	ORDER_STATUS.lost,
	ORDER_STATUS.failedDelivery,
];

function str(value: string | undefined): string | null {
	const text = (value ?? '').trim();
	return text === '' ? null : text;
}

function num(value: string | undefined): number | null {
	const text = (value ?? '').trim().replace(',', '.');
	if (text === '') return null;
	const n = Number(text);
	return Number.isFinite(n) ? n : null;
}

function int(value: string | undefined, fallback: number): number {
	const n = num(value);
	return n === null ? fallback : Math.trunc(n);
}

function country(value: string | undefined): string | null {
	const text = str(value);
	return text !== null && /^[A-Za-z]{2}$/.test(text) ? text.toUpperCase() : text;
}

/** An address from `customers_*` or `delivery_*` fields. */
function address(
	f: Fields,
	prefix: 'customers' | 'delivery',
	email: string | null,
	phone: string | null,
): Address {
	const get = (name: string) => str(f[`${prefix}_${name}`]);
	const firstName = get('firstname');
	const lastName = get('lastname');
	const street = get('street_address');
	return {
		firstName,
		lastName,
		fullName: joinName(firstName, lastName),
		company: get('company'),
		street,
		houseNumber: null,
		houseNumberExtension: null,
		address1: street,
		address2: get('suburb'),
		postalCode: get('postcode'),
		city: get('city'),
		region: get('state'),
		countryCode: country(f[`${prefix}_country`]),
		email,
		phone,
		vatNumber: null,
		pickupPoint: null,
	};
}

function skuOf(product: Fields, settings: SpartooMappingSettings): string | null {
	const raw =
		settings.productIdentification === 'sizeReference'
			? (str(product.products_size_reference) ?? str(product.products_reference))
			: settings.productIdentification === 'spartooId'
				? str(product.products_spartoo)
				: str(product.products_reference);
	return cropSku(raw, settings.skuPrefixPattern, settings.skuSuffixPattern);
}

/** The line ids of an order: the size reference (or product reference) of each product, made unique by position. */
export function lineIds(products: Fields[]): string[] {
	const bases = products.map(
		(p, i) => str(p.products_size_reference) ?? str(p.products_reference) ?? `line-${i + 1}`,
	);
	return bases.map((base, i) =>
		bases.indexOf(base) !== bases.lastIndexOf(base) ? `${base}#${i + 1}` : base,
	);
}

export function toMarketplaceOrder(
	record: SpartooOrderRecord,
	settings: SpartooMappingSettings = DEFAULT_SPARTOO_MAPPING,
): MarketplaceOrder {
	const o = record.order;
	const statusId = int(o.orders_status_id, 0);
	const updatedAt = spartooDateToIso(o.last_modified);
	const ids = lineIds(record.products);
	const lines: MarketplaceOrderLine[] = record.products.map((p, i) => {
		const quantity = Math.max(0, int(p.products_qty, 1));
		const shipped = SHIPPED_STATUSES.includes(statusId) ? quantity : 0;
		const cancelled = statusId === ORDER_STATUS.cancelled ? quantity : 0;
		const unitPrice = num(p.products_price_unit_with_reduce) ?? num(p.products_price_unit);
		const total =
			num(p.products_final_price) ?? (unitPrice === null ? null : roundMoney(unitPrice * quantity));
		return {
			lineId: ids[i],
			sku: skuOf(p, settings),
			ean: null,
			offerId: str(p.products_spartoo),
			merchantReference: str(p.products_reference),
			title: str(p.products_name),
			quantity,
			quantityShipped: shipped,
			quantityCancelled: cancelled,
			quantityOpen: Math.max(0, quantity - shipped - cancelled),
			unitPrice,
			totalPrice: total,
			tax: null,
			commission: null,
			fulfilment: 'merchant',
			status: lineStatus(quantity, shipped, cancelled),
			cancellationRequested: false,
			deliverBy: null,
			updatedAt,
		};
	});
	const c = record.customers;
	const email = str(c.customers_email_address);
	const phone = str(c.customers_telephone);
	const billing = address(c, 'customers', email, phone);
	let shipping = settings.billingAsShipping
		? { ...billing }
		: address(record.delivery, 'delivery', email, phone);
	if (record.relay) {
		shipping = {
			...shipping,
			pickupPoint: { name: str(record.relay.relay_name), id: str(record.relay.relay_id) },
		};
	}
	const status: OrderStatus =
		statusId === ORDER_STATUS.verified ? 'pending' : orderStatusFromLines(lines);
	const items = roundMoney(lines.reduce((sum, l) => sum + (l.totalPrice ?? 0), 0));
	const shippingPrice = num(o.shipping_price);
	const customer: Customer = {
		firstName: billing.firstName,
		lastName: billing.lastName,
		fullName: billing.fullName,
		email,
		phone,
		company: billing.company,
		vatNumber: null,
		language: null,
	};
	const order: MarketplaceOrder = {
		marketplace: 'spartoo',
		orderId: o.orders_id,
		orderNumber: o.orders_id,
		status,
		createdAt: spartooDateToIso(o.date_purchased),
		updatedAt,
		fulfilment: 'merchant',
		hasMarketplaceFulfilledLines: false,
		currency: settings.currency,
		customer,
		shippingAddress: shipping,
		billingAddress: billing,
		lines,
		totals: {
			items,
			shipping: shippingPrice,
			tax: null,
			discount: null,
			total: num(o.order_total) ?? roundMoney(items + (shippingPrice ?? 0)),
			commission: null,
		},
		pricesIncludeTax: PRICES_INCLUDE_TAX,
		deadlines: { acceptBy: null, shipBy: null, deliverBy: null, expiresAt: null },
		cancellationRequested: false,
		updateStoreStock: true,
		extra: {
			spartooStatus: statusId,
			spartooStatusName: str(o.orders_status_name) ?? ORDER_STATUS_NAMES[statusId] ?? null,
			/** The transporter of the order: Spartoo ships with it, there is no carrier to choose. */
			shippingName: str(o.shipping_name),
			paymentMethod: str(o.payment_method),
			paymentPrice: num(o.payment_price),
			relay: record.relay,
			lines: record.products.map((p, i) => ({
				lineId: ids[i],
				reference: str(p.products_reference),
				sizeReference: str(p.products_size_reference),
				size: str(p.products_size),
				color: str(p.products_color),
				brand: str(p.products_manufacturers),
				unitPriceBeforeReduction: num(p.products_price_unit),
			})),
			errors: record.errors,
		},
	};
	if (settings.includeRaw) order.raw = record;
	return order;
}

export function toMarketplaceReturn(
	record: SpartooReturnRecord,
	settings: SpartooMappingSettings = DEFAULT_SPARTOO_MAPPING,
): MarketplaceReturn {
	const f = record.fields;
	const p = record.product;
	const statusId = int(f.return_status, 0);
	const handled = statusId !== RETURN_STATUS.waiting && statusId !== 0;
	const accepted = (
		[RETURN_STATUS.accepted, RETURN_STATUS.paid, RETURN_STATUS.refund] as number[]
	).includes(statusId);
	const returnId = str(f.return_id) ?? '';
	const orderId = str(f.order);
	// a return's product has no size reference: Size Reference falls back to your product reference
	const sku = skuOf(p, settings);
	const result: MarketplaceReturn = {
		marketplace: 'spartoo',
		returnId,
		orderIds: orderId ? [orderId] : [],
		registeredAt: spartooDateToIso(f.return_date),
		fulfilment: 'merchant',
		status: handled ? 'handled' : 'open',
		customer: null,
		lines: [
			{
				lineId: returnId,
				orderId,
				orderLineId: null,
				sku,
				ean: null,
				title: str(p.products_name),
				quantity: RETURN_QUANTITY,
				reason: str(f.return_reason),
				reasonDetail: null,
				customerComment: null,
				handled,
				handlingResult: handled ? (accepted ? 'accepted' : 'refused') : null,
				processingResult: str(f.return_status_name) ?? RETURN_STATUS_NAMES[statusId] ?? null,
				quantityProcessed: handled ? RETURN_QUANTITY : 0,
				refunded: handled ? accepted : null,
				trackAndTrace: null,
				carrier: null,
			},
		],
		extra: {
			spartooStatus: statusId,
			spartooStatusName: str(f.return_status_name) ?? RETURN_STATUS_NAMES[statusId] ?? null,
			reference: str(p.products_reference),
			spartooProductId: str(p.products_spartoo),
			size: str(p.products_size),
			color: str(p.products_color),
			brand: str(p.products_manufacturers),
			errors: record.errors,
		},
	};
	if (settings.includeRaw) result.raw = record;
	return result;
}
