import {
	cropSku,
	lineStatus,
	orderStatusFromLines,
	roundMoney,
	type Address,
	type Customer,
	type MarketplaceOrder,
	type MarketplaceOrderLine,
	type MarketplaceReturn,
	type MarketplaceReturnLine,
} from '../shared/model';
import { redact } from '../shared/redact';
import { MINOR_UNITS_PER_MAJOR } from './constants';
import type {
	MiintoDeliveryType,
	MiintoOrder,
	MiintoPosition,
	MiintoPostalAddress,
	MiintoRma,
	MiintoTransfer,
} from './transport/types';
import {
	ITEM_ID_FIELDS,
	PARCEL_SHOP_ID_FIELDS,
	POSITION_PRICE_IS_UNIT_PRICE,
	RMA_FIELDS,
	TRANSFER_CREATED_AT_FIELDS,
	TRANSFER_PRICE_IN_MINOR_UNITS,
	decidedPositionIds,
	pickFirst,
} from './unverified';

/** Koongo's Miinto order settings that shape the normalized order. */
export interface MiintoMappingSettings {
	/** Which item field becomes `sku` (Koongo "Product Identification Attribute"). */
	productIdentification: 'gtin' | 'miintoItemId' | 'productId';
	skuPrefixPattern?: string;
	skuSuffixPattern?: string;
	/** Koongo "Use Billing Address For Shipping". */
	billingAsShipping: boolean;
	includeRaw: boolean;
}

export const PRODUCT_IDENTIFICATIONS = ['gtin', 'miintoItemId', 'productId'] as const;

export const DEFAULT_MIINTO_MAPPING: MiintoMappingSettings = {
	productIdentification: 'gtin',
	billingAsShipping: false,
	includeRaw: false,
};

function text(value: unknown): string | null {
	if (value === undefined || value === null || typeof value === 'object') return null;
	const trimmed = String(value).trim();
	return trimmed === '' ? null : trimmed;
}

/** An integer amount in minor units as a money amount (12995 -> 129.95); null when it is not a number. */
export function fromMinorUnits(value: unknown): number | null {
	if (value === undefined || value === null || value === '') return null;
	const number = Number(value);
	return Number.isFinite(number) ? roundMoney(number / MINOR_UNITS_PER_MAJOR) : null;
}

/** An ISO time with an offset, as UTC; null when it is not a time. */
function utc(value: unknown): string | null {
	const raw = text(value);
	if (raw === null) return null;
	const time = Date.parse(raw);
	return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** Miinto gives one `name`: split on the first space, as public clients do (M-C1). */
export function splitName(name: unknown): { firstName: string | null; lastName: string | null } {
	const full = text(name);
	if (full === null) return { firstName: null, lastName: null };
	const space = full.indexOf(' ');
	return space < 0
		? { firstName: full, lastName: null }
		: { firstName: full.slice(0, space), lastName: text(full.slice(space + 1)) };
}

function postal(
	address: MiintoPostalAddress | undefined,
): Pick<Address, 'street' | 'address1' | 'postalCode' | 'city' | 'countryCode'> {
	const street = text(address?.street);
	const country = text(address?.countryCode);
	return {
		street,
		address1: street,
		postalCode: text(address?.postcode),
		city: text(address?.city),
		countryCode: country === null ? null : country.toUpperCase(),
	};
}

function baseAddress(): Address {
	return {
		firstName: null,
		lastName: null,
		fullName: null,
		company: null,
		street: null,
		houseNumber: null,
		houseNumberExtension: null,
		address1: null,
		address2: null,
		postalCode: null,
		city: null,
		region: null,
		countryCode: null,
		email: null,
		phone: null,
		vatNumber: null,
		pickupPoint: null,
	};
}

export function billingAddress(order: MiintoOrder): Address | null {
	const billing = order.billingInformation;
	if (!billing) return null;
	const name = splitName(billing.name);
	return {
		...baseAddress(),
		...name,
		fullName: text(billing.name),
		...postal(billing.address),
		email: text(billing.email),
		phone: text(billing.phone),
	};
}

/**
 * The delivery address by its type (§2.5):
 * - `HomeDelivery`: to the person named;
 * - `CompanyDelivery`: to the company named, for the buyer (the billing name);
 * - `ParcelShopDelivery`: to the buyer (the billing name), at the parcel shop named (`pickupPoint`).
 * An unknown type is kept as a home delivery and named in `extra.deliveryType`.
 */
export function shippingAddress(order: MiintoOrder): Address | null {
	const delivery = order.shippingInformation?.deliveryAddress;
	if (!delivery) return null;
	const type = text(delivery.type) as MiintoDeliveryType | null;
	const billing = order.billingInformation;
	const contact = { email: text(billing?.email), phone: text(billing?.phone) };
	const address = { ...baseAddress(), ...postal(delivery.address), ...contact };
	if (type === 'CompanyDelivery') {
		return {
			...address,
			...splitName(billing?.name),
			fullName: text(billing?.name),
			company: text(delivery.name),
		};
	}
	if (type === 'ParcelShopDelivery') {
		return {
			...address,
			...splitName(billing?.name),
			fullName: text(billing?.name),
			pickupPoint: {
				name: text(delivery.name),
				id: text(pickFirst(delivery, PARCEL_SHOP_ID_FIELDS)),
			},
		};
	}
	return { ...address, ...splitName(delivery.name), fullName: text(delivery.name) };
}

function customerOf(order: MiintoOrder): Customer {
	const billing = order.billingInformation;
	return {
		...splitName(billing?.name),
		fullName: text(billing?.name),
		email: text(billing?.email),
		phone: text(billing?.phone),
		company:
			order.shippingInformation?.deliveryAddress?.type === 'CompanyDelivery'
				? text(order.shippingInformation.deliveryAddress.name)
				: null,
		vatNumber: null,
		language: null,
	};
}

export function skuOf(
	position: MiintoPosition,
	settings: Pick<
		MiintoMappingSettings,
		'productIdentification' | 'skuPrefixPattern' | 'skuSuffixPattern'
	>,
): string | null {
	const identifier = text(pickFirst(position.item, ITEM_ID_FIELDS[settings.productIdentification]));
	return cropSku(identifier, settings.skuPrefixPattern, settings.skuSuffixPattern);
}

/** A position as a normalized line: `price` in minor units, per unit. */
function toLine(
	position: MiintoPosition,
	settings: MiintoMappingSettings,
	minorUnits: boolean,
): MarketplaceOrderLine {
	const quantity = Math.max(0, Math.floor(Number(position.quantity ?? 1)) || 0);
	const price = minorUnits ? fromMinorUnits(position.price) : numberOrNull(position.price);
	const unitPrice =
		price === null ? null : POSITION_PRICE_IS_UNIT_PRICE ? price : roundMoney(price / quantity);
	const gtin = text(pickFirst(position.item, ITEM_ID_FIELDS.gtin));
	return {
		lineId: String(position.id),
		sku: skuOf(position, settings),
		ean: gtin,
		offerId: text(pickFirst(position.item, ITEM_ID_FIELDS.miintoItemId)),
		merchantReference: text(pickFirst(position.item, ITEM_ID_FIELDS.productId)),
		title: text(position.item?.name),
		quantity,
		quantityShipped: 0,
		quantityCancelled: 0,
		quantityOpen: quantity,
		unitPrice,
		totalPrice: unitPrice === null ? null : roundMoney(unitPrice * quantity),
		tax: null,
		commission: null,
		fulfilment: 'merchant',
		status: lineStatus(quantity, 0, 0),
		cancellationRequested: false,
		deliverBy: null,
		updatedAt: null,
	};
}

function numberOrNull(value: unknown): number | null {
	const number = Number(value);
	return value === undefined || value === null || value === '' || !Number.isFinite(number)
		? null
		: number;
}

function orderShell(
	lines: MarketplaceOrderLine[],
	currency: unknown,
): Pick<
	MarketplaceOrder,
	| 'marketplace'
	| 'fulfilment'
	| 'hasMarketplaceFulfilledLines'
	| 'currency'
	| 'lines'
	| 'totals'
	| 'pricesIncludeTax'
	| 'deadlines'
	| 'cancellationRequested'
	| 'updateStoreStock'
> {
	const items = roundMoney(lines.reduce((sum, line) => sum + (line.totalPrice ?? 0), 0));
	return {
		marketplace: 'miinto',
		fulfilment: 'merchant',
		hasMarketplaceFulfilledLines: false,
		currency: text(currency)?.toUpperCase() ?? '',
		lines,
		totals: { items, shipping: null, tax: null, discount: null, total: items, commission: null },
		pricesIncludeTax: true,
		deadlines: { acceptBy: null, shipBy: null, deliverBy: null, expiresAt: null },
		cancellationRequested: false,
		updateStoreStock: true,
	};
}

/** An accepted Miinto order in the normalized model. */
export function toMarketplaceOrder(
	order: MiintoOrder,
	shopId: string,
	settings: MiintoMappingSettings,
): MarketplaceOrder {
	const lines = (order.acceptedPositions ?? []).map((p) => toLine(p, settings, true));
	const billing = billingAddress(order);
	const parentId = text(order.parentOrder?.id);
	const normalized: MarketplaceOrder = {
		...orderShell(lines, order.currency),
		orderId: String(order.id),
		orderNumber: parentId ?? String(order.id),
		status: orderStatusFromLines(lines),
		createdAt: utc(order.parentOrder?.createdAt ?? order.createdAt),
		updatedAt: null,
		customer: customerOf(order),
		shippingAddress: settings.billingAsShipping ? billing : shippingAddress(order),
		billingAddress: billing,
		extra: {
			shopId,
			parentOrderId: parentId,
			deliveryType: text(order.shippingInformation?.deliveryAddress?.type),
			miintoStatus: text(order.status),
		},
	};
	if (settings.includeRaw) normalized.raw = redact(order);
	return normalized;
}

/**
 * A pending transfer (an order request to accept or decline) in the normalized model: status `pending`, one line per
 * pending position (`lineId` = the position id that Accept / Decline takes), at the price Miinto offers.
 */
export function transferToMarketplaceOrder(
	transfer: MiintoTransfer,
	shopId: string,
	settings: MiintoMappingSettings,
): MarketplaceOrder {
	const lines = (transfer.pendingPositions ?? []).map((p) =>
		toLine(p, settings, TRANSFER_PRICE_IN_MINOR_UNITS),
	);
	const asOrder = transfer as unknown as MiintoOrder;
	const billing = billingAddress(asOrder);
	const normalized: MarketplaceOrder = {
		...orderShell(lines, transfer.currency),
		orderId: String(transfer.id),
		orderNumber: String(transfer.id),
		status: 'pending',
		createdAt: utc(pickFirst(transfer, TRANSFER_CREATED_AT_FIELDS)),
		updatedAt: null,
		customer: customerOf(asOrder),
		shippingAddress: settings.billingAsShipping ? billing : shippingAddress(asOrder),
		billingAddress: billing,
		extra: {
			shopId,
			transferId: String(transfer.id),
			pendingPositionIds: lines.map((line) => line.lineId),
			acceptedPositionIds: decidedPositionIds(transfer, 'accepted'),
			declinedPositionIds: decidedPositionIds(transfer, 'declined'),
		},
	};
	if (settings.includeRaw) normalized.raw = redact(transfer);
	return normalized;
}

/** What an RMA's Miinto status means in the shared return model. */
function rmaOutcome(status: string | null): {
	handled: boolean;
	refunded: boolean | null;
} {
	if (status === 'accepted') return { handled: true, refunded: true };
	if (status === 'declined') return { handled: true, refunded: false };
	return { handled: false, refunded: null };
}

/**
 * A Miinto return (RMA), or an RMA request the merchant created, in the shared return model: one line per returned
 * position (`lineId` = the order position), `status` open while Miinto's is `pending`. Accepting makes Miinto refund
 * the buyer (`refunded: true`); declining does not. Every field is read where `unverified.ts` (RMA_FIELDS) says.
 */
export function toMarketplaceReturn(
	rma: MiintoRma,
	shopId: string,
	settings: MiintoMappingSettings,
): MarketplaceReturn {
	const status = text(pickFirst(rma, RMA_FIELDS.status))?.toLowerCase() ?? null;
	const outcome = rmaOutcome(status);
	const orderId = text(pickFirst(rma, RMA_FIELDS.orderId));
	const decisionReason = text(pickFirst(rma, RMA_FIELDS.decisionReason));
	const positionsValue = pickFirst(rma, RMA_FIELDS.positions);
	const positions = (Array.isArray(positionsValue) ? positionsValue : []) as MiintoPosition[];
	const lines: MarketplaceReturnLine[] = positions.map((position) => {
		const quantity = Math.max(0, Math.floor(Number(position.quantity ?? 1)) || 0);
		return {
			lineId: String(pickFirst(position, RMA_FIELDS.positionId) ?? ''),
			orderId,
			orderLineId: text(pickFirst(position, RMA_FIELDS.positionId)),
			sku: skuOf(position, settings),
			ean: text(pickFirst(position.item, ITEM_ID_FIELDS.gtin)),
			title: text(position.item?.name),
			quantity,
			reason:
				text(pickFirst(position, RMA_FIELDS.positionReason)) ??
				text(pickFirst(rma, RMA_FIELDS.reason)),
			reasonDetail: null,
			customerComment: text(pickFirst(rma, RMA_FIELDS.comment)),
			handled: outcome.handled,
			handlingResult: outcome.handled ? status : null,
			processingResult: status,
			quantityProcessed: outcome.handled ? quantity : 0,
			refunded: outcome.refunded,
			trackAndTrace: text(pickFirst(rma, RMA_FIELDS.trackAndTrace)),
			carrier: null,
		};
	});
	const amounts = positions.map((p) => {
		const price = fromMinorUnits(p.price);
		const quantity = Math.max(0, Math.floor(Number(p.quantity ?? 1)) || 0);
		return price === null ? null : roundMoney(price * quantity);
	});
	const normalized: MarketplaceReturn = {
		marketplace: 'miinto',
		returnId: String(rma.id),
		orderIds: orderId === null ? [] : [orderId],
		registeredAt: utc(pickFirst(rma, RMA_FIELDS.createdAt)),
		fulfilment: 'merchant',
		status: outcome.handled ? 'handled' : 'open',
		customer: null,
		lines,
		extra: {
			shopId,
			miintoStatus: status,
			rmaType: text(pickFirst(rma, RMA_FIELDS.type)),
			decisionReason,
			currency: text(rma.currency)?.toUpperCase() ?? null,
			amount: amounts.some((a) => a === null)
				? null
				: roundMoney(amounts.reduce<number>((sum, a) => sum + (a ?? 0), 0)),
			refundedBy: 'miinto',
		},
	};
	if (settings.includeRaw) normalized.raw = redact(rma);
	return normalized;
}
