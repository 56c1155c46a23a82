import type { Address, MarketplaceOrder, MarketplaceOrderLine } from '../../shared/model';
import { cropSku } from '../../shared/model';
import { toNumber } from './values';

/**
 * Koongo's order settings that reshape an order before it goes to the store: "Product Identification Attribute",
 * "Crop Seller SKU" (prefix/suffix pattern), "Use Billing Address For Shipping", "Tax Is Included In Prices" and
 * "Ignore Amazon Tax".
 */

export const PRODUCT_IDENTIFICATIONS = ['sku', 'ean', 'merchantReference', 'offerId'] as const;
export type ProductIdentification = (typeof PRODUCT_IDENTIFICATIONS)[number];

export const TAX_HANDLINGS = ['keep', 'computeNetGross', 'ignoreTax'] as const;
export type TaxHandling = (typeof TAX_HANDLINGS)[number];

export const PRICES_INCLUDE_TAX = ['fromOrder', 'yes', 'no'] as const;
export type PricesIncludeTax = (typeof PRICES_INCLUDE_TAX)[number];

export interface TransformSettings {
	productIdentification: ProductIdentification;
	/** Keep the current `sku` when the chosen field is empty on a line. */
	fallbackToSku: boolean;
	skuPrefixPattern?: string;
	skuSuffixPattern?: string;
	useBillingAsShipping: boolean;
	taxHandling: TaxHandling;
	/** Percent, e.g. 21 for 21 %. Used by computeNetGross. */
	taxRate: number;
	/** Whether the marketplace prices include tax: as the order says, or forced. */
	pricesIncludeTax: PricesIncludeTax;
}

/** Rounds to cents, half away from zero, without the binary drift of `x * 100` (1.005 -> 1.01). */
export function roundCents(value: number): number {
	const cents = Number((Math.abs(value) * 100).toPrecision(12));
	return (Math.sign(value) * Math.round(cents)) / 100;
}

export interface NetGross {
	net: number | null;
	gross: number | null;
}

/** Net and gross of an amount, rounded to cents: `includesTax` says which of the two the amount is. */
export function netGross(value: unknown, includesTax: boolean, ratePercent: number): NetGross {
	const amount = toNumber(value);
	if (amount === undefined) return { net: null, gross: null };
	const factor = 1 + ratePercent / 100;
	return includesTax
		? { net: roundCents(amount / factor), gross: roundCents(amount) }
		: { net: roundCents(amount), gross: roundCents(amount * factor) };
}

function identify(line: MarketplaceOrderLine, settings: TransformSettings): string | null {
	const chosen = line[settings.productIdentification];
	const value =
		chosen === null || chosen === undefined || String(chosen).trim() === ''
			? null
			: String(chosen).trim();
	const sku = value ?? (settings.fallbackToSku ? line.sku : null);
	return cropSku(sku, settings.skuPrefixPattern, settings.skuSuffixPattern);
}

const sum = (values: Array<number | null>) =>
	roundCents(values.reduce<number>((total, v) => total + (v ?? 0), 0));

/** Returns a transformed copy of the order; the input is not changed. */
export function transformOrder(
	input: MarketplaceOrder,
	settings: TransformSettings,
): MarketplaceOrder {
	const order: MarketplaceOrder = {
		...input,
		totals: { ...input.totals },
		lines: input.lines.map((line) => ({ ...line })),
	};
	for (const line of order.lines) line.sku = identify(line, settings);

	if (settings.useBillingAsShipping && order.billingAddress) {
		const billing: Address = { ...order.billingAddress, pickupPoint: null };
		order.shippingAddress = billing;
	}

	const includesTax =
		settings.pricesIncludeTax === 'fromOrder'
			? order.pricesIncludeTax !== false
			: settings.pricesIncludeTax === 'yes';
	order.pricesIncludeTax = includesTax;

	if (settings.taxHandling === 'ignoreTax') {
		for (const line of order.lines) line.tax = null;
		order.totals.tax = null;
	} else if (settings.taxHandling === 'computeNetGross') {
		const lineTotals: NetGross[] = [];
		order.lines = order.lines.map((line) => {
			const unit = netGross(line.unitPrice, includesTax, settings.taxRate);
			const total = netGross(line.totalPrice, includesTax, settings.taxRate);
			lineTotals.push(total);
			const tax =
				total.net !== null && total.gross !== null ? roundCents(total.gross - total.net) : null;
			return {
				...line,
				unitPriceNet: unit.net,
				unitPriceGross: unit.gross,
				totalPriceNet: total.net,
				totalPriceGross: total.gross,
				taxRate: settings.taxRate,
				tax: line.tax ?? tax,
			};
		});
		const shipping = netGross(order.totals.shipping, includesTax, settings.taxRate);
		const itemsNet = sum(lineTotals.map((t) => t.net));
		const itemsGross = sum(lineTotals.map((t) => t.gross));
		const computedTax = roundCents(
			itemsGross - itemsNet + (shipping.gross ?? 0) - (shipping.net ?? 0),
		);
		order.totals = {
			...order.totals,
			itemsNet,
			itemsGross,
			shippingNet: shipping.net,
			shippingGross: shipping.gross,
			tax: order.totals.tax ?? computedTax,
		} as MarketplaceOrder['totals'];
		(order as MarketplaceOrder & { taxRate: number }).taxRate = settings.taxRate;
	}
	return order;
}
