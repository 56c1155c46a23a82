import {
	cropSku,
	joinName,
	lineStatus,
	roundMoney,
	type Address,
	type Customer,
	type MarketplaceOrder,
	type MarketplaceOrderLine,
	type OrderStatus,
} from '../shared/model';
import { redact } from '../shared/redact';
import { marketplaceById } from './transport/endpoints';
import type {
	AmazonBreakdown,
	AmazonCustomerAddress,
	AmazonMoney,
	AmazonOrder,
	AmazonOrderItem,
} from './transport/types';

/** Koongo's Amazon order settings that shape the normalized order. */
export interface AmazonMappingSettings {
	/** Which Amazon field becomes `sku` (Koongo "Product Identification Attribute"): the Seller SKU or the ASIN. */
	productIdentification: 'sellerSku' | 'asin';
	/** Regular expressions cropped from the start / end of the normalized `sku` ("Crop Amazon Seller SKU"). */
	skuPrefixPattern?: string;
	skuSuffixPattern?: string;
	/** Koongo "Ignore Amazon Tax": leave Amazon's tax lines out (`tax` null, not added to totals). */
	ignoreAmazonTax: boolean;
	/**
	 * Koongo "Tax is included in Prices": whether Amazon's item and shipping amounts already contain tax. `auto`: yes
	 * everywhere but North America (Amazon US/CA/MX/BR show prices before sales tax).
	 */
	taxIncludedInPrices: 'auto' | 'yes' | 'no';
	/** Carry `updateStoreStock: true` on orders Amazon fulfils (FBA). */
	updateStockForFba: boolean;
	includeRaw: boolean;
	/** Were buyer and recipient (PII) asked for? Decides the note on the output. */
	piiRequested: boolean;
}

export const DEFAULT_AMAZON_MAPPING: AmazonMappingSettings = {
	productIdentification: 'sellerSku',
	ignoreAmazonTax: false,
	taxIncludedInPrices: 'auto',
	updateStockForFba: false,
	includeRaw: false,
	piiRequested: false,
};

export const PII_NOT_REQUESTED_NOTE =
	'Buyer and address data (PII) were not requested: turn on the "Include Buyer and Address (PII)" option (needs the Direct-to-Consumer Delivery (Restricted) role).';
export const PII_MISSING_NOTE =
	'Buyer and address data were requested but Amazon sent none for this order: Amazon withholds them for pending orders, Amazon-fulfilled (FBA) orders and when the app lacks the restricted role.';

const STATUS: Record<string, OrderStatus> = {
	PENDING_AVAILABILITY: 'pending',
	PENDING: 'pending',
	UNSHIPPED: 'open',
	PARTIALLY_SHIPPED: 'partially_shipped',
	SHIPPED: 'shipped',
	CANCELLED: 'cancelled',
	UNFULFILLABLE: 'unfulfillable',
};

function text(value: string | null | undefined): string | null {
	if (value === undefined || value === null) return null;
	const trimmed = String(value).trim();
	return trimmed === '' ? null : trimmed;
}

export function amount(money: AmazonMoney | undefined): number | null {
	if (!money) return null;
	const value = Number(money.amount);
	return Number.isFinite(value) ? value : null;
}

function sumOf(breakdowns: AmazonBreakdown[] | undefined, type: string): number | null {
	const matching = (breakdowns ?? []).filter((b) => b.type === type);
	if (matching.length === 0) return null;
	return roundMoney(matching.reduce((sum, b) => sum + (amount(b.subtotal) ?? 0), 0));
}

/** Tax on the item itself: the TAX breakdown's ITEM part when Amazon splits it, else the whole TAX subtotal. */
function itemTax(item: AmazonOrderItem): number | null {
	const tax = (item.proceeds?.breakdowns ?? []).find((b) => b.type === 'TAX');
	if (!tax) return null;
	const itemPart = (tax.detailedBreakdowns ?? []).filter((d) => d.subtype === 'ITEM');
	if (itemPart.length > 0)
		return roundMoney(itemPart.reduce((sum, d) => sum + (amount(d.value) ?? 0), 0));
	return amount(tax.subtotal);
}

export function pricesIncludeTax(
	order: AmazonOrder,
	setting: AmazonMappingSettings['taxIncludedInPrices'],
): boolean {
	if (setting === 'yes') return true;
	if (setting === 'no') return false;
	const marketplace = marketplaceById(order.salesChannel?.marketplaceId ?? '');
	return marketplace ? marketplace.region !== 'na' : true;
}

/** Amazon gives one name; first and last name are split at the last space (a best effort, documented). */
function splitName(name: string | null): { first: string | null; last: string | null } {
	if (!name) return { first: null, last: null };
	const cut = name.lastIndexOf(' ');
	return cut < 0
		? { first: null, last: name }
		: { first: name.slice(0, cut).trim(), last: name.slice(cut + 1).trim() };
}

export function toAddress(address: AmazonCustomerAddress | undefined): Address | null {
	if (!address) return null;
	const name = text(address.name);
	const { first, last } = splitName(name);
	const street = text(address.extendedFields?.streetName);
	const number = text(address.extendedFields?.streetNumber);
	return {
		firstName: first,
		lastName: last,
		fullName: name,
		company: text(address.companyName),
		street,
		houseNumber: number,
		houseNumberExtension: null,
		address1: text(address.addressLine1) ?? joinName(street, number),
		address2: joinName(
			...new Set(
				[address.addressLine2, address.addressLine3, address.extendedFields?.complement].map(
					(part) => text(part),
				),
			),
		),
		postalCode: text(address.postalCode),
		city: text(address.city),
		region: text(address.stateOrRegion) ?? text(address.districtOrCounty),
		countryCode: text(address.countryCode),
		email: null,
		phone: text(address.phone),
		vatNumber: null,
		pickupPoint: null,
	};
}

function toCustomer(order: AmazonOrder): Customer {
	const name = text(order.buyer?.buyerName) ?? text(order.recipient?.deliveryAddress?.name);
	const { first, last } = splitName(name);
	return {
		firstName: first,
		lastName: last,
		fullName: name,
		email: text(order.buyer?.buyerEmail),
		phone: text(order.recipient?.deliveryAddress?.phone),
		company:
			text(order.buyer?.buyerCompanyName) ?? text(order.recipient?.deliveryAddress?.companyName),
		vatNumber: null,
		language: null,
	};
}

export function skuOf(
	item: AmazonOrderItem,
	settings: Pick<
		AmazonMappingSettings,
		'productIdentification' | 'skuPrefixPattern' | 'skuSuffixPattern'
	>,
): string | null {
	const identifier =
		settings.productIdentification === 'asin'
			? text(item.product?.asin)
			: text(item.product?.sellerSku);
	return cropSku(identifier, settings.skuPrefixPattern, settings.skuSuffixPattern);
}

function toLine(
	order: AmazonOrder,
	item: AmazonOrderItem,
	settings: AmazonMappingSettings,
): MarketplaceOrderLine {
	const quantity = item.quantityOrdered ?? 0;
	const status = order.fulfillment?.fulfillmentStatus;
	const shipped = item.fulfillment?.quantityFulfilled ?? (status === 'SHIPPED' ? quantity : 0);
	const cancelled =
		status === 'CANCELLED' || item.cancellation?.cancellationExecution
			? Math.max(0, quantity - shipped)
			: 0;
	const itemTotal = sumOf(item.proceeds?.breakdowns, 'ITEM');
	const unit =
		amount(item.product?.price?.unitPrice) ??
		(itemTotal !== null && quantity > 0 ? roundMoney(itemTotal / quantity) : null);
	return {
		lineId: String(item.orderItemId),
		sku: skuOf(item, settings),
		ean: null,
		offerId: text(item.product?.asin),
		merchantReference: text(item.product?.sellerSku),
		title: text(item.product?.title),
		quantity,
		quantityShipped: shipped,
		quantityCancelled: cancelled,
		quantityOpen: Math.max(0, quantity - shipped - cancelled),
		unitPrice: unit,
		totalPrice: itemTotal ?? (unit !== null ? roundMoney(unit * quantity) : null),
		tax: settings.ignoreAmazonTax ? null : itemTax(item),
		commission: null,
		fulfilment: order.fulfillment?.fulfilledBy === 'AMAZON' ? 'marketplace' : 'merchant',
		status: lineStatus(quantity, shipped, cancelled),
		cancellationRequested:
			Boolean(item.cancellation?.cancellationRequest) && !item.cancellation?.cancellationExecution,
		deliverBy: text(order.fulfillment?.deliverByWindow?.latestDateTime),
		updatedAt: text(order.lastUpdatedTime),
	};
}

/** Order-level total of a breakdown type: Amazon's order breakdown when it sends one, else the items' sum. */
function orderSum(order: AmazonOrder, type: string): number | null {
	const orderLevel = sumOf(order.proceeds?.breakdowns, type);
	if (orderLevel !== null) return orderLevel;
	const parts = order.orderItems
		.map((i) => sumOf(i.proceeds?.breakdowns, type))
		.filter((v): v is number => v !== null);
	return parts.length ? roundMoney(parts.reduce((a, b) => a + b, 0)) : null;
}

function currencyOf(order: AmazonOrder): string {
	return (
		order.proceeds?.grandTotal?.currencyCode ??
		order.orderItems
			.map(
				(i) => i.product?.price?.unitPrice?.currencyCode ?? i.proceeds?.proceedsTotal?.currencyCode,
			)
			.find(Boolean) ??
		marketplaceById(order.salesChannel?.marketplaceId ?? '')?.currency ??
		''
	);
}

export function toMarketplaceOrder(
	order: AmazonOrder,
	settings: AmazonMappingSettings,
): MarketplaceOrder {
	const lines = (order.orderItems ?? []).map((item) => toLine(order, item, settings));
	const byAmazon = order.fulfillment?.fulfilledBy === 'AMAZON';
	const includeTax = pricesIncludeTax(order, settings.taxIncludedInPrices);
	const items = roundMoney(lines.reduce((sum, l) => sum + (l.totalPrice ?? 0), 0));
	const shipping = orderSum(order, 'SHIPPING');
	const tax = settings.ignoreAmazonTax ? null : orderSum(order, 'TAX');
	const discountRaw = orderSum(order, 'DISCOUNT');
	const discount = discountRaw === null || discountRaw === 0 ? null : Math.abs(discountRaw);
	const extras = ['GIFT_WRAP', 'COD_FEE', 'OTHER'].reduce(
		(sum, type) => sum + (orderSum(order, type) ?? 0),
		0,
	);
	const total = roundMoney(
		items + (shipping ?? 0) + extras - (discount ?? 0) + (includeTax ? 0 : (tax ?? 0)),
	);
	const address = toAddress(order.recipient?.deliveryAddress);
	const piiPresent = Boolean(order.buyer || order.recipient);
	const aliases = order.orderAliases ?? [];
	const result: MarketplaceOrder = {
		marketplace: 'amazon',
		orderId: order.orderId,
		orderNumber: order.orderId,
		status: STATUS[order.fulfillment?.fulfillmentStatus ?? ''] ?? 'open',
		createdAt: text(order.createdTime),
		updatedAt: text(order.lastUpdatedTime),
		fulfilment: byAmazon ? 'marketplace' : 'merchant',
		hasMarketplaceFulfilledLines: byAmazon,
		currency: currencyOf(order),
		customer: toCustomer(order),
		shippingAddress: address ? { ...address, email: text(order.buyer?.buyerEmail) } : null,
		billingAddress: null,
		lines,
		totals: { items, shipping, tax, discount, total, commission: null },
		pricesIncludeTax: includeTax,
		deadlines: {
			acceptBy: null,
			shipBy: text(order.fulfillment?.shipByWindow?.latestDateTime),
			deliverBy: text(order.fulfillment?.deliverByWindow?.latestDateTime),
			expiresAt: null,
		},
		cancellationRequested: lines.some((l) => l.cancellationRequested),
		updateStoreStock: byAmazon ? settings.updateStockForFba : true,
		extra: {
			marketplaceId: text(order.salesChannel?.marketplaceId),
			marketplaceName: text(order.salesChannel?.marketplaceName),
			salesChannel: text(order.salesChannel?.channelName),
			fulfillmentStatus: text(order.fulfillment?.fulfillmentStatus),
			fulfillmentServiceLevel: text(order.fulfillment?.fulfillmentServiceLevel),
			programs: order.programs ?? [],
			isPrime: (order.programs ?? []).includes('PRIME'),
			isBusinessOrder: (order.programs ?? []).includes('AMAZON_BUSINESS'),
			sellerOrderId: aliases.find((a) => a.aliasType === 'SELLER_ORDER_ID')?.aliasId ?? null,
			grandTotal: amount(order.proceeds?.grandTotal),
			packages: (order.packages ?? []).map((p) => ({
				packageReferenceId: p.packageReferenceId,
				carrier: p.carrier ?? null,
				shippingService: p.shippingService ?? null,
				trackingNumber: p.trackingNumber ?? null,
				shipTime: p.shipTime ?? null,
				status: p.packageStatus?.status ?? null,
			})),
			pii: settings.piiRequested
				? {
						requested: true,
						available: piiPresent,
						...(piiPresent ? {} : { note: PII_MISSING_NOTE }),
					}
				: { requested: false, available: false, note: PII_NOT_REQUESTED_NOTE },
		},
	};
	if (settings.includeRaw) result.raw = redact(order);
	return result;
}

/** What the Koongo "Order Types" option keeps (fulfilled by the merchant, by Amazon, or both). */
export function fulfilledByFor(orderTypes: string): string[] | undefined {
	if (orderTypes === 'merchant') return ['MERCHANT'];
	if (orderTypes === 'amazon') return ['AMAZON'];
	return undefined;
}
