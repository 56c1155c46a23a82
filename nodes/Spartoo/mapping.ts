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
	/** Returns: read the return's order to find the returned size (one order read per order and run). */
	resolveReturnSize: boolean;
}

export const DEFAULT_SPARTOO_MAPPING: SpartooMappingSettings = {
	productIdentification: 'reference',
	billingAsShipping: false,
	includeRaw: false,
	currency: DEFAULT_CURRENCY,
	resolveReturnSize: true,
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
				// every identifier Spartoo gives for the line, whatever Product Identification chose as `sku`
				reference: str(p.products_reference),
				sizeReference: str(p.products_size_reference),
				spartooId: str(p.products_spartoo),
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

/**
 * A return names your product reference and the size label (`products_size`), not the size reference (S-D3): the size
 * of a variable product is found in the return's order. `resolved` when one line of the order has that reference (or
 * one size reference among its lines of that reference with the same size label); `ambiguous` lists the candidates
 * instead of guessing; `notInOrder` / `orderNotFound` when the order does not help; `orderUnreadable` when the trigger
 * could not read it (the return is emitted all the same); `notAsked` when the option is off.
 */
export interface SizeResolution {
	status:
		| 'resolved'
		| 'ambiguous'
		| 'notInOrder'
		| 'orderNotFound'
		| 'orderUnreadable'
		| 'notAsked';
	/** How it was resolved: the only line of the order with the reference, or the only size with the size label. */
	by: 'onlyLineWithReference' | 'sizeLabel' | null;
	orderLineId: string | null;
	sizeReference: string | null;
	candidates: Array<{ orderLineId: string; sizeReference: string | null; size: string | null }>;
	note: string;
}

export const SIZE_NOT_ASKED: SizeResolution = {
	status: 'notAsked',
	by: null,
	orderLineId: null,
	sizeReference: null,
	candidates: [],
	note: 'Resolve Size From Order is off: the return names the product reference only',
};

/** Finds the size of a return's product among the lines of its order (undefined: Spartoo does not know the order). */
export function resolveReturnSize(
	record: SpartooReturnRecord,
	order: SpartooOrderRecord | undefined,
): SizeResolution {
	const reference = str(record.product.products_reference);
	const label = str(record.product.products_size);
	const none = { by: null, orderLineId: null, sizeReference: null, candidates: [] };
	const orderId = str(record.fields.order);
	if (!order)
		return {
			status: 'orderNotFound',
			...none,
			note: `Spartoo did not answer order ${orderId ?? '(none named)'} of the return: the size is not known`,
		};
	const ids = lineIds(order.products);
	const lines = order.products
		.map((p, i) => ({
			orderLineId: ids[i],
			sizeReference: str(p.products_size_reference),
			size: str(p.products_size),
			reference: str(p.products_reference),
		}))
		.filter((l) => reference !== null && l.reference === reference)
		.map(({ orderLineId, sizeReference, size }) => ({ orderLineId, sizeReference, size }));
	if (lines.length === 0)
		return {
			status: 'notInOrder',
			...none,
			note: `order ${order.order.orders_id} has no line with product reference ${reference ?? '(none)'}`,
		};
	const one = (
		by: SizeResolution['by'],
		found: SizeResolution['candidates'],
		note: string,
	): SizeResolution => ({
		status: 'resolved',
		by,
		orderLineId: found[0].orderLineId,
		sizeReference: found[0].sizeReference,
		candidates: found,
		note,
	});
	if (lines.length === 1)
		return one(
			'onlyLineWithReference',
			lines,
			`the only line of order ${order.order.orders_id} with product reference ${reference}`,
		);
	const sameLabel = (l: { size: string | null }) =>
		label !== null && l.size !== null && l.size.toLowerCase() === label.toLowerCase();
	const bySize = lines.filter(sameLabel);
	if (bySize.length > 0 && new Set(bySize.map((l) => l.sizeReference)).size === 1)
		return one(
			'sizeLabel',
			bySize,
			`the only size of product reference ${reference} in order ${order.order.orders_id} labelled ${label}`,
		);
	const candidates = bySize.length > 1 ? bySize : lines;
	return {
		status: 'ambiguous',
		...none,
		candidates,
		note: `order ${order.order.orders_id} has ${candidates.length} lines of product reference ${reference}${
			bySize.length > 1 ? ` labelled size ${label}` : ''
		}: the returned size is one of the candidates, not chosen by the node`,
	};
}

export function toMarketplaceReturn(
	record: SpartooReturnRecord,
	settings: SpartooMappingSettings = DEFAULT_SPARTOO_MAPPING,
	size: SizeResolution = SIZE_NOT_ASKED,
): MarketplaceReturn {
	const f = record.fields;
	const statusId = int(f.return_status, 0);
	const handled = statusId !== RETURN_STATUS.waiting && statusId !== 0;
	const accepted = (
		[RETURN_STATUS.accepted, RETURN_STATUS.paid, RETURN_STATUS.refund] as number[]
	).includes(statusId);
	const returnId = str(f.return_id) ?? '';
	const orderId = str(f.order);
	const sizeReference = size.status === 'resolved' ? size.sizeReference : null;
	// a return's product has no size reference (S-D3): the one resolved from the order, else Size Reference falls back
	// to your product reference
	const p: Fields = sizeReference
		? { ...record.product, products_size_reference: sizeReference }
		: record.product;
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
				orderLineId: size.status === 'resolved' ? size.orderLineId : null,
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
			sizeReference,
			spartooProductId: str(p.products_spartoo),
			size: str(p.products_size),
			color: str(p.products_color),
			brand: str(p.products_manufacturers),
			/** Same shape as an order's `extra.lines`: every identifier of the line, whatever `sku` is. */
			lines: [
				{
					lineId: returnId,
					reference: str(p.products_reference),
					sizeReference,
					spartooId: str(p.products_spartoo),
					size: str(p.products_size),
					color: str(p.products_color),
					brand: str(p.products_manufacturers),
				},
			],
			sizeResolution: size,
			errors: record.errors,
		},
	};
	if (settings.includeRaw) result.raw = record;
	return result;
}
