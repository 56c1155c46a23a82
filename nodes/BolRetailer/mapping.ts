import {
	cropSku,
	joinName,
	lineStatus,
	orderStatusFromLines,
	orNull,
	roundMoney,
	type Address,
	type Customer,
	type MarketplaceOrder,
	type MarketplaceOrderLine,
	type MarketplaceReturn,
	type MarketplaceReturnLine,
} from '../shared/model';
import { redact } from '../shared/redact';
import { REFUNDING_HANDLING_RESULTS } from './constants';
import type {
	BolAddressDetails,
	BolOrder,
	BolOrderItem,
	BolReducedReturn,
	BolReturn,
	BolReturnItem,
} from './transport';

/** Koongo's Bol order settings that shape the normalized order. */
export interface BolMappingSettings {
	/** Which bol field becomes `sku`: the offer reference (falls back to the EAN when empty) or the EAN. */
	productIdentification: 'offerReference' | 'ean';
	/** Regular expressions cropped from the start / end of the SKU. */
	skuPrefixPattern?: string;
	skuSuffixPattern?: string;
	/** Use the billing address as shipping address (e.g. when the store ships to the buyer, not the pick-up point). */
	useBillingAsShipping: boolean;
	/** Carry `updateStoreStock: true` on orders fulfilled by bol (FBB/LVB). */
	updateStockForFbb: boolean;
	includeRaw: boolean;
}

export const DEFAULT_BOL_MAPPING: BolMappingSettings = {
	productIdentification: 'offerReference',
	useBillingAsShipping: false,
	updateStockForFbb: false,
	includeRaw: false,
};

function text(value: string | null | undefined): string | null {
	if (value === undefined || value === null) return null;
	const trimmed = String(value).trim();
	return trimmed === '' ? null : trimmed;
}

export function toAddress(
	details: BolAddressDetails | null | undefined,
	pickupPoint = false,
): Address | null {
	if (!details) return null;
	const street = text(details.streetName);
	const houseNumber = text(details.houseNumber);
	const extension = text(details.houseNumberExtension);
	return {
		firstName: text(details.firstName),
		lastName: text(details.surname),
		fullName: joinName(details.firstName, details.surname),
		company: text(details.company),
		street,
		houseNumber,
		houseNumberExtension: extension,
		address1: joinName(street, houseNumber, extension),
		address2: text(details.extraAddressInformation),
		postalCode: text(details.zipCode),
		city: text(details.city),
		region: null,
		countryCode: text(details.countryCode),
		email: text(details.email),
		phone: text(details.deliveryPhoneNumber),
		vatNumber: text(details.vatNumber),
		pickupPoint: pickupPoint ? { name: text(details.pickupPointName), id: null } : null,
	};
}

function toCustomer(details: BolAddressDetails | null | undefined): Customer {
	return {
		firstName: text(details?.firstName),
		lastName: text(details?.surname),
		fullName: joinName(details?.firstName, details?.surname),
		email: text(details?.email),
		phone: text(details?.deliveryPhoneNumber),
		company: text(details?.company),
		vatNumber: text(details?.vatNumber),
		language: text(details?.language),
	};
}

export function skuOf(
	item: { offer?: BolOrderItem['offer']; product?: BolOrderItem['product'] },
	settings: Pick<
		BolMappingSettings,
		'productIdentification' | 'skuPrefixPattern' | 'skuSuffixPattern'
	>,
): string | null {
	const ean = text(item.product?.ean);
	const reference = text(item.offer?.reference);
	const identifier = settings.productIdentification === 'ean' ? ean : (reference ?? ean);
	return cropSku(identifier, settings.skuPrefixPattern, settings.skuSuffixPattern);
}

function toLine(item: BolOrderItem, settings: BolMappingSettings): MarketplaceOrderLine {
	const quantity = item.quantity ?? 0;
	const shipped = item.quantityShipped ?? 0;
	const cancelled = item.quantityCancelled ?? 0;
	const deliverBy =
		text(item.fulfilment?.exactDeliveryDate) ?? text(item.fulfilment?.latestDeliveryDate);
	return {
		lineId: String(item.orderItemId),
		sku: skuOf(item, settings),
		ean: text(item.product?.ean),
		offerId: text(item.offer?.offerId),
		merchantReference: text(item.offer?.reference),
		title: text(item.product?.title),
		quantity,
		quantityShipped: shipped,
		quantityCancelled: cancelled,
		quantityOpen: Math.max(0, quantity - shipped - cancelled),
		unitPrice: orNull(item.unitPrice),
		totalPrice: orNull(item.totalPrice),
		tax: null,
		commission: orNull(item.commission),
		fulfilment: item.fulfilment?.method === 'FBB' ? 'marketplace' : 'merchant',
		status: lineStatus(quantity, shipped, cancelled),
		cancellationRequested: Boolean(item.cancellationRequest),
		deliverBy,
		updatedAt: text(item.latestChangedDateTime),
	};
}

function earliest(values: Array<string | null | undefined>): string | null {
	const present = values.filter((v): v is string => typeof v === 'string' && v !== '').sort();
	return present[0] ?? null;
}

function latest(values: Array<string | null | undefined>): string | null {
	const present = values
		.filter((v): v is string => typeof v === 'string' && v !== '')
		.sort((a, b) => Date.parse(a) - Date.parse(b));
	return present[present.length - 1] ?? null;
}

export function toMarketplaceOrder(
	order: BolOrder,
	settings: BolMappingSettings,
): MarketplaceOrder {
	const lines = (order.orderItems ?? []).map((item) => toLine(item, settings));
	const marketplaceOnly = lines.length > 0 && lines.every((l) => l.fulfilment === 'marketplace');
	const anyMarketplace = lines.some((l) => l.fulfilment === 'marketplace');
	const billing = toAddress(order.billingDetails);
	const shipping = toAddress(order.shipmentDetails, Boolean(order.pickupPoint));
	const items = roundMoney(lines.reduce((sum, l) => sum + (l.totalPrice ?? 0), 0));
	const discount = roundMoney(
		(order.orderItems ?? []).reduce(
			(sum, i) => sum + (i.discounts ?? []).reduce((s, d) => s + (d.amount ?? 0), 0),
			0,
		),
	);
	const commission = roundMoney(lines.reduce((sum, l) => sum + (l.commission ?? 0), 0));
	const vvb = (order.orderItems ?? []).some((i) => i.fulfilment?.distributionParty === 'BOL');
	const result: MarketplaceOrder = {
		marketplace: 'bol',
		orderId: String(order.orderId),
		orderNumber: String(order.orderId),
		status: orderStatusFromLines(lines),
		createdAt: text(order.orderPlacedDateTime),
		updatedAt: latest(lines.map((l) => l.updatedAt)) ?? text(order.orderPlacedDateTime),
		fulfilment: marketplaceOnly ? 'marketplace' : 'merchant',
		hasMarketplaceFulfilledLines: anyMarketplace,
		currency: 'EUR',
		customer: toCustomer(order.billingDetails ?? order.shipmentDetails),
		shippingAddress:
			settings.useBillingAsShipping && billing ? { ...billing, pickupPoint: null } : shipping,
		billingAddress: billing,
		lines,
		totals: {
			items,
			shipping: null,
			tax: null,
			discount: discount === 0 ? null : discount,
			total: items,
			commission: lines.some((l) => l.commission !== null) ? commission : null,
		},
		pricesIncludeTax: true,
		deadlines: {
			acceptBy: null,
			shipBy: null,
			deliverBy: earliest(lines.map((l) => l.deliverBy)),
			expiresAt: earliest((order.orderItems ?? []).map((i) => i.fulfilment?.expiryDate)),
		},
		cancellationRequested: lines.some((l) => l.cancellationRequested),
		updateStoreStock: marketplaceOnly ? settings.updateStockForFbb : true,
		extra: {
			pickupPoint: Boolean(order.pickupPoint),
			vvb,
			orderReference: text(order.billingDetails?.orderReference),
			kvkNumber: text(order.billingDetails?.kvkNumber),
			timeFrameTypes: [
				...new Set(
					(order.orderItems ?? []).map((i) => i.fulfilment?.timeFrameType).filter(Boolean),
				),
			],
		},
	};
	if (settings.includeRaw) result.raw = redact(order);
	return result;
}

/** What the Koongo "order types" option keeps. */
export function keepOrderType(order: MarketplaceOrder, orderTypes: string): boolean {
	switch (orderTypes) {
		case 'fbrOnly':
			return order.lines.some((l) => l.fulfilment === 'merchant');
		case 'fbbOnly':
			return order.hasMarketplaceFulfilledLines;
		case 'skipFbbOrVvb':
			return !order.hasMarketplaceFulfilledLines && order.extra.vvb !== true;
		default:
			return true;
	}
}

/** The `fulfilment-method` query value that fetches what an "order types" setting needs. */
export function fulfilmentMethodFor(orderTypes: string): 'FBR' | 'FBB' | 'ALL' {
	if (orderTypes === 'fbrOnly') return 'FBR';
	if (orderTypes === 'fbbOnly') return 'FBB';
	return 'ALL';
}

export interface ReturnLineContext {
	/** order item id and sku of the returned product, when the order was looked up */
	orderLineId?: string | null;
	sku?: string | null;
}

function toReturnLine(
	item: BolReturnItem,
	context: ReturnLineContext | undefined,
): MarketplaceReturnLine {
	const results = item.processingResults ?? [];
	const last = results[results.length - 1];
	const handled = Boolean(item.handled);
	return {
		lineId: String(item.rmaId),
		orderId: text(item.orderId),
		orderLineId: context?.orderLineId ?? null,
		sku: context?.sku ?? null,
		ean: text(item.ean),
		title: text(item.title),
		quantity: item.expectedQuantity ?? 0,
		reason: text(item.returnReason?.mainReason),
		reasonDetail: text(item.returnReason?.detailedReason),
		customerComment: text(item.returnReason?.customerComments),
		handled,
		handlingResult: text(last?.handlingResult),
		processingResult: text(last?.processingResult),
		quantityProcessed: results.reduce((sum, r) => sum + (r.quantity ?? 0), 0),
		refunded:
			handled && last
				? last.processingResult === 'ACCEPTED' &&
					REFUNDING_HANDLING_RESULTS.includes(last.handlingResult)
				: null,
		trackAndTrace: text(item.trackAndTrace),
		carrier: text(item.transporterName),
	};
}

export function toMarketplaceReturn(
	bolReturn: BolReturn | BolReducedReturn,
	includeRaw: boolean,
	lineContext?: (item: BolReturnItem) => ReturnLineContext | undefined,
): MarketplaceReturn {
	const items = (bolReturn.returnItems ?? []) as BolReturnItem[];
	const lines = items.map((item) => toReturnLine(item, lineContext?.(item)));
	const customerDetails = items.find((i) => i.customerDetails)?.customerDetails;
	const result: MarketplaceReturn = {
		marketplace: 'bol',
		returnId: String(bolReturn.returnId),
		orderIds: [...new Set(items.map((i) => String(i.orderId)))],
		registeredAt: text(bolReturn.registrationDateTime),
		fulfilment: bolReturn.fulfilmentMethod === 'FBB' ? 'marketplace' : 'merchant',
		status: lines.length > 0 && lines.every((l) => l.handled) ? 'handled' : 'open',
		customer: customerDetails ? toCustomer(customerDetails) : null,
		lines,
		extra: {},
	};
	if (includeRaw) result.raw = redact(bolReturn);
	return result;
}
