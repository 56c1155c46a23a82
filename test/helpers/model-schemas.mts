/**
 * zod schemas of the normalized model (`nodes/shared/model.ts`), for tests that check what the nodes output. They live
 * in the tooling because the published package has no runtime dependency; the type assertions at the bottom make the
 * type checker fail when a schema and the published type drift apart (in either direction).
 */
import { z } from 'zod';

import {
	FULFILMENTS,
	LINE_STATUSES,
	MARKETPLACES,
	ORDER_STATUSES,
	RETURN_STATUSES,
	type Address,
	type Customer,
	type MarketplaceId,
	type MarketplaceOrder,
	type MarketplaceOrderLine,
	type MarketplaceReturn,
	type MarketplaceReturnLine,
} from '../../nodes/shared/model';

const marketplaceEnum = z.enum(MARKETPLACES as [MarketplaceId, ...MarketplaceId[]]);
const nullableString = z.string().nullable();
const nullableNumber = z.number().nullable();

export const addressSchema = z.object({
	firstName: nullableString,
	lastName: nullableString,
	fullName: nullableString,
	company: nullableString,
	street: nullableString,
	houseNumber: nullableString,
	houseNumberExtension: nullableString,
	address1: nullableString,
	address2: nullableString,
	postalCode: nullableString,
	city: nullableString,
	region: nullableString,
	countryCode: nullableString,
	email: nullableString,
	phone: nullableString,
	vatNumber: nullableString,
	pickupPoint: z.object({ name: nullableString, id: nullableString }).nullable(),
});

export const customerSchema = z.object({
	firstName: nullableString,
	lastName: nullableString,
	fullName: nullableString,
	email: nullableString,
	phone: nullableString,
	company: nullableString,
	vatNumber: nullableString,
	language: nullableString,
});

export const orderLineSchema = z.object({
	lineId: z.string(),
	sku: nullableString,
	ean: nullableString,
	offerId: nullableString,
	merchantReference: nullableString,
	title: nullableString,
	quantity: z.number().int(),
	quantityShipped: z.number().int(),
	quantityCancelled: z.number().int(),
	quantityOpen: z.number().int(),
	unitPrice: nullableNumber,
	totalPrice: nullableNumber,
	tax: nullableNumber,
	commission: nullableNumber,
	fulfilment: z.enum(FULFILMENTS),
	status: z.enum(LINE_STATUSES),
	cancellationRequested: z.boolean(),
	deliverBy: nullableString,
	updatedAt: nullableString,
});

export const orderSchema = z.object({
	marketplace: marketplaceEnum,
	orderId: z.string(),
	orderNumber: z.string(),
	status: z.enum(ORDER_STATUSES),
	createdAt: nullableString,
	updatedAt: nullableString,
	fulfilment: z.enum(FULFILMENTS),
	hasMarketplaceFulfilledLines: z.boolean(),
	currency: z.string(),
	customer: customerSchema,
	shippingAddress: addressSchema.nullable(),
	billingAddress: addressSchema.nullable(),
	lines: z.array(orderLineSchema),
	totals: z.object({
		items: z.number(),
		shipping: nullableNumber,
		tax: nullableNumber,
		discount: nullableNumber,
		total: z.number(),
		commission: nullableNumber,
	}),
	pricesIncludeTax: z.boolean(),
	deadlines: z.object({
		acceptBy: nullableString,
		shipBy: nullableString,
		deliverBy: nullableString,
		expiresAt: nullableString,
	}),
	cancellationRequested: z.boolean(),
	updateStoreStock: z.boolean(),
	extra: z.record(z.unknown()),
	raw: z.unknown().optional(),
});

export const returnLineSchema = z.object({
	lineId: z.string(),
	orderId: nullableString,
	orderLineId: nullableString,
	sku: nullableString,
	ean: nullableString,
	title: nullableString,
	quantity: z.number().int(),
	reason: nullableString,
	reasonDetail: nullableString,
	customerComment: nullableString,
	handled: z.boolean(),
	handlingResult: nullableString,
	processingResult: nullableString,
	quantityProcessed: z.number().int(),
	refunded: z.boolean().nullable(),
	trackAndTrace: nullableString,
	carrier: nullableString,
});

export const returnSchema = z.object({
	marketplace: marketplaceEnum,
	returnId: z.string(),
	orderIds: z.array(z.string()),
	registeredAt: nullableString,
	fulfilment: z.enum(FULFILMENTS),
	status: z.enum(RETURN_STATUSES),
	customer: customerSchema.nullable(),
	lines: z.array(returnLineSchema),
	extra: z.record(z.unknown()),
	raw: z.unknown().optional(),
});

/** Compiles only when A and B are the same type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(): T => true as T;
export const SCHEMAS_MATCH_THE_MODEL = [
	agree<Same<z.infer<typeof addressSchema>, Address>>(),
	agree<Same<z.infer<typeof customerSchema>, Customer>>(),
	agree<Same<z.infer<typeof orderLineSchema>, MarketplaceOrderLine>>(),
	agree<Same<z.infer<typeof orderSchema>, MarketplaceOrder>>(),
	agree<Same<z.infer<typeof returnLineSchema>, MarketplaceReturnLine>>(),
	agree<Same<z.infer<typeof returnSchema>, MarketplaceReturn>>(),
];
