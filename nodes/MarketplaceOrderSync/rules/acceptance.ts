import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { MarketplaceOrder, MarketplaceOrderLine } from '../../shared/model';
import type { InputValidator } from '../../shared/validation';
import { readPath, toNumber } from './values';

/**
 * Koongo's "Accept Orders Automatically" (Miinto, Spartoo): an order is accepted when every line is in stock and its
 * price is at least threshold x the reference price ("Price Attribute": final or original price incl. tax).
 */

export const PRICE_ATTRIBUTES = ['finalPrice', 'originalPrice'] as const;
export type PriceAttribute = (typeof PRICE_ATTRIBUTES)[number];

export const LINE_KEYS = ['sku', 'ean', 'offerId', 'merchantReference'] as const;
export type LineKey = (typeof LINE_KEYS)[number];

export const MISSING_PRODUCT_ACTIONS = ['decline', 'ignoreLine', 'error'] as const;
export type MissingProductAction = (typeof MISSING_PRODUCT_ACTIONS)[number];

export const MISSING_PRICE_ACTIONS = ['decline', 'skipPriceCheck', 'error'] as const;
export type MissingPriceAction = (typeof MISSING_PRICE_ACTIONS)[number];

export interface AcceptanceSettings {
	/** The order price must be >= threshold x reference price. 0.97 recommended by Koongo. */
	threshold: number;
	priceAttribute: PriceAttribute;
	/** Use the other price attribute when the chosen one is missing. */
	fallbackToOtherPrice: boolean;
	/** Compare with the last price exported to the marketplace when the store data has one (Koongo Miinto). */
	preferExportedPrice: boolean;
	/** Which line field finds the product in a lookup. */
	matchBy: LineKey;
	onMissingProduct: MissingProductAction;
	onMissingPrice: MissingPriceAction;
	/** Tax rate (percent) added to line prices of orders whose prices exclude tax, so they compare with gross prices. */
	netPriceTaxRate: number;
	/** Where stock and prices are inside a store entry (dot paths). */
	fields: { stock: string; finalPrice: string; originalPrice: string; exportedPrice: string };
}

export const DEFAULT_ACCEPTANCE: AcceptanceSettings = {
	threshold: 0.97,
	priceAttribute: 'finalPrice',
	fallbackToOtherPrice: false,
	preferExportedPrice: false,
	matchBy: 'sku',
	onMissingProduct: 'decline',
	onMissingPrice: 'decline',
	netPriceTaxRate: 0,
	fields: {
		stock: 'stock',
		finalPrice: 'finalPrice',
		originalPrice: 'originalPrice',
		exportedPrice: 'exportedPrice',
	},
};

/** The store side: a lookup by product key, or one entry per order line (same order as `lines`). */
export type StoreData =
	| { kind: 'lookup'; entries: Map<string, unknown> }
	| { kind: 'perLine'; entries: unknown[] };

export type LineDecision = 'accept' | 'decline' | 'ignored';

export interface LineAcceptance {
	lineId: string;
	/** The product key the line was looked up by (its sku, ean, ... as chosen). */
	key: string | null;
	quantity: number;
	stock: number | null;
	unitPrice: number | null;
	referencePrice: number | null;
	/** Which store price was used: finalPrice, originalPrice or exportedPrice. */
	priceAttribute: string | null;
	minimumPrice: number | null;
	decision: LineDecision;
	reason: string;
}

export interface OrderAcceptance {
	decision: 'accept' | 'decline';
	reason: string;
	threshold: number;
	priceAttribute: PriceAttribute;
	lines: LineAcceptance[];
}

/** Raised when a setting says "error" on missing data, unless the caller passes its own `fail`. */
export class MissingStoreDataError extends Error {}

const failWith = (message: string): never => {
	throw new MissingStoreDataError(message);
};

/** Builds the lookup from `{ [key]: entry }` or `[{ <key field>: key, ... }]`. */
export function lookupFrom(value: unknown, keyField: string): Map<string, unknown> | undefined {
	const entries = new Map<string, unknown>();
	if (Array.isArray(value)) {
		for (const entry of value) {
			const key = readPath(entry, keyField);
			if (typeof key === 'string' || typeof key === 'number')
				entries.set(String(key).trim(), entry);
		}
		return entries;
	}
	if (value !== null && typeof value === 'object') {
		for (const [key, entry] of Object.entries(value as Record<string, unknown>))
			entries.set(key.trim(), entry);
		return entries;
	}
	return undefined;
}

const amount = (value: number) => String(Number(value.toFixed(4)));

function lineKey(line: MarketplaceOrderLine, matchBy: LineKey): string | null {
	const value = line[matchBy];
	if (value === null || value === undefined) return null;
	const text = String(value).trim();
	return text === '' ? null : text;
}

function openQuantity(line: MarketplaceOrderLine): number {
	if (typeof line.quantityOpen === 'number') return line.quantityOpen;
	return (line.quantity ?? 0) - (line.quantityShipped ?? 0) - (line.quantityCancelled ?? 0);
}

/** The price of one unit as the customer paid it, incl. tax when the order's prices exclude it and a rate is set. */
function linePrice(
	order: MarketplaceOrder,
	line: MarketplaceOrderLine,
	settings: AcceptanceSettings,
): number | null {
	let price = toNumber(line.unitPrice);
	if (price === undefined) {
		const total = toNumber(line.totalPrice);
		price = total !== undefined && line.quantity > 0 ? total / line.quantity : undefined;
	}
	if (price === undefined) return null;
	if (order.pricesIncludeTax === false && settings.netPriceTaxRate > 0)
		price = price * (1 + settings.netPriceTaxRate / 100);
	return price;
}

function referencePrice(
	entry: unknown,
	settings: AcceptanceSettings,
): { price: number; attribute: string } | undefined {
	if (settings.preferExportedPrice) {
		const exported = toNumber(readPath(entry, settings.fields.exportedPrice));
		if (exported !== undefined) return { price: exported, attribute: 'exportedPrice' };
	}
	const chosen = toNumber(readPath(entry, settings.fields[settings.priceAttribute]));
	if (chosen !== undefined) return { price: chosen, attribute: settings.priceAttribute };
	if (settings.fallbackToOtherPrice) {
		const other: PriceAttribute =
			settings.priceAttribute === 'finalPrice' ? 'originalPrice' : 'finalPrice';
		const price = toNumber(readPath(entry, settings.fields[other]));
		if (price !== undefined) return { price, attribute: other };
	}
	return undefined;
}

/** Decides one order. Lines are described in the order's line order, each with its own reason. */
export function decideAcceptance(
	order: MarketplaceOrder,
	store: StoreData,
	settings: AcceptanceSettings,
	fail: (message: string) => never = failWith,
): OrderAcceptance {
	const demand = new Map<string, number>();
	const lines: LineAcceptance[] = order.lines.map((line, index) => {
		const key = lineKey(line, settings.matchBy);
		const quantity = openQuantity(line);
		const label = `line ${line.lineId}${key ? ` (${settings.matchBy} ${key})` : ''}`;
		const result: LineAcceptance = {
			lineId: String(line.lineId),
			key,
			quantity,
			stock: null,
			unitPrice: null,
			referencePrice: null,
			priceAttribute: null,
			minimumPrice: null,
			decision: 'ignored',
			reason: '',
		};
		if (quantity <= 0 || line.status === 'cancelled') {
			result.reason = `${label}: nothing open to accept (status ${line.status})`;
			return result;
		}
		if (line.fulfilment === 'marketplace') {
			result.reason = `${label}: fulfilled by the marketplace, no store stock needed`;
			return result;
		}
		const missingProduct = (why: string): LineAcceptance => {
			const message = `${label}: ${why}`;
			if (settings.onMissingProduct === 'error') fail(message);
			result.decision = settings.onMissingProduct === 'ignoreLine' ? 'ignored' : 'decline';
			result.reason =
				settings.onMissingProduct === 'ignoreLine' ? `${message} (ignored as set)` : message;
			return result;
		};
		let entry: unknown;
		if (store.kind === 'perLine') {
			entry = store.entries[index];
			if (entry === undefined || entry === null)
				return missingProduct('no store data for this line (no entry at the same position)');
		} else {
			if (key === null)
				return missingProduct(`the line has no ${settings.matchBy} to find the product by`);
			entry = store.entries.get(key);
			if (entry === undefined || entry === null)
				return missingProduct(`product not found in the store data`);
		}
		const stock = toNumber(readPath(entry, settings.fields.stock));
		if (stock === undefined)
			return missingProduct(
				`the store data has no stock ("${settings.fields.stock}") for the product`,
			);
		result.stock = stock;

		const wanted =
			(key !== null && store.kind === 'lookup' ? (demand.get(key) ?? 0) : 0) + quantity;
		if (key !== null && store.kind === 'lookup') demand.set(key, wanted);
		const reasons: string[] = [];
		if (stock < wanted) {
			reasons.push(
				wanted > quantity
					? `${stock} in stock for ${wanted} ordered on lines with this ${settings.matchBy} (this line: ${quantity})`
					: `${stock} in stock for ${quantity} ordered`,
			);
		}

		const price = linePrice(order, line, settings);
		const reference = referencePrice(entry, settings);
		result.unitPrice = price;
		let priceText = '';
		if (price === null || reference === undefined) {
			const why =
				price === null
					? 'the marketplace gave no price for the line'
					: `the store data has no ${settings.preferExportedPrice ? 'exported price or ' : ''}${settings.priceAttribute}${
							settings.fallbackToOtherPrice ? ' or other price' : ''
						} for the product`;
			if (settings.onMissingPrice === 'error') fail(`${label}: ${why}`);
			if (settings.onMissingPrice === 'decline') reasons.push(why);
			else priceText = `price not checked (${why})`;
		} else {
			const minimum = settings.threshold * reference.price;
			result.referencePrice = reference.price;
			result.priceAttribute = reference.attribute;
			result.minimumPrice = Number(minimum.toFixed(4));
			// a tolerance far below a cent keeps binary drift (1.1 x 3 = 3.3000000000000003) from declining a price of 3.30
			if (price + 1e-8 < minimum) {
				reasons.push(
					`price ${amount(price)} is below ${settings.threshold} x ${reference.attribute} ${amount(reference.price)} = ${amount(minimum)}`,
				);
			} else {
				priceText = `price ${amount(price)} >= ${settings.threshold} x ${reference.attribute} ${amount(reference.price)} = ${amount(minimum)}`;
			}
		}
		if (reasons.length > 0) {
			result.decision = 'decline';
			result.reason = `${label}: ${reasons.join('; ')}`;
		} else {
			result.decision = 'accept';
			result.reason = `${label}: ${stock} in stock for ${wanted} ordered, ${priceText}`;
		}
		return result;
	});

	const declined = lines.filter((l) => l.decision === 'decline');
	const accepted = lines.filter((l) => l.decision === 'accept');
	let decision: 'accept' | 'decline' = 'accept';
	let reason: string;
	if (declined.length > 0) {
		decision = 'decline';
		reason = `Declined: ${declined.map((l) => l.reason).join('; ')}`;
	} else if (accepted.length === 0) {
		decision = 'decline';
		reason =
			lines.length === 0
				? 'Declined: the order has no lines'
				: `Declined: no line could be checked against the store (${lines.map((l) => l.reason).join('; ')})`;
	} else {
		reason = `Accepted: ${accepted.length} line${accepted.length === 1 ? '' : 's'} in stock and priced at or above ${settings.threshold} x the reference price`;
	}
	return {
		decision,
		reason,
		threshold: settings.threshold,
		priceAttribute: settings.priceAttribute,
		lines,
	};
}

/** What a node says in its own words around the shared Auto-Accept parameters (`autoAcceptProperties`). */
export interface AutoAcceptWords {
	/** Where the parameters show. */
	displayOptions: IDisplayOptions;
	/** "line" (an order line) or "position" (Miinto's word). */
	unit: string;
	/** The price of a unit compared, e.g. "its Spartoo unit price (tax included)". */
	price: string;
	/** An example of Store Products, in the marketplace's product keys. */
	example: string;
	/** "Match Lines By" or the marketplace's word; its options (the product keys a line can be found by). */
	matchBy: { displayName: string; description: string; options: INodePropertyOptions[] };
	/** When the price attribute applies, if not always (Miinto: "when Store Products has no exported price"). */
	priceAttributeWhen?: string;
}

/** The store price a line is compared with: Koongo's two price attributes. */
export const PRICE_ATTRIBUTE_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Price Final Incl. Tax',
		value: 'finalPrice',
		description: 'The selling price after store discounts',
	},
	{
		name: 'Price Original Incl. Tax',
		value: 'originalPrice',
		description: 'The regular price before discounts',
	},
];

/**
 * The parameters `readAutoAccept` reads, described once for every node that auto-accepts (Miinto's transfer decision,
 * Spartoo's order accept, the rules node's Decide Acceptance): **Store Products**, the match key, **Price Attribute**
 * and **Price Threshold** (Koongo's "Accept Orders Automatically" settings). Named, so a node can place its own
 * parameters between them.
 */
export function autoAcceptProperties(words: AutoAcceptWords): {
	storeProducts: INodeProperties;
	matchBy: INodeProperties;
	priceAttribute: INodeProperties;
	threshold: INodeProperties;
} {
	const displayOptions = words.displayOptions;
	return {
		storeProducts: {
			displayName: 'Store Products',
			name: 'storeProducts',
			type: 'json',
			default: '={{ $json.storeProducts }}',
			displayOptions,
			description: `Store data of the products: an object keyed by product key, e.g. ${words.example}, or an array of such entries each with the key field`,
		},
		matchBy: {
			displayName: words.matchBy.displayName,
			name: 'matchBy',
			type: 'options',
			default: 'sku',
			displayOptions,
			description: words.matchBy.description,
			options: words.matchBy.options,
		},
		priceAttribute: {
			displayName: 'Price Attribute',
			name: 'priceAttribute',
			type: 'options',
			default: 'finalPrice',
			displayOptions,
			description: `The store price compared with${words.priceAttributeWhen ? ` ${words.priceAttributeWhen}` : ''} (Koongo "Auto Accept Orders - Price Attribute")`,
			options: PRICE_ATTRIBUTE_OPTIONS,
		},
		threshold: {
			displayName: 'Price Threshold',
			name: 'threshold',
			type: 'number',
			// Koongo's recommendation, DEFAULT_ACCEPTANCE.threshold (a literal here: n8n's lint reads it)
			default: 0.97,
			typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 4 },
			displayOptions,
			description: `A ${words.unit} is priced well enough when ${words.price} is at least this times the store price: 0.97 accepts prices down to 97% of the store price (Koongo "Price Attribute Threshold", 0.97 recommended)`,
		},
	};
}

/**
 * The Auto-Accept inputs of a marketplace node (Miinto's transfer decision, Spartoo's order accept), read and checked
 * before any request: **Store Products** (`storeProducts`: an object keyed by product key or an array of entries, or
 * that as JSON text), **Price Attribute** (`priceAttribute`) and **Price Threshold** (`threshold`, 0 to 10).
 */
export function readAutoAccept(
	read: (name: string, fallback: unknown) => unknown,
	v: InputValidator,
	options: {
		matchBy: LineKey;
		/** The example of Store Products in the error message, in the marketplace's words. */
		example: string;
		defaultThreshold: number;
		preferExportedPrice?: boolean;
	},
): { store: StoreData; settings: AcceptanceSettings } {
	const raw = read('storeProducts', undefined);
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch {
			value = undefined;
		}
	}
	const entries =
		lookupFrom(value, options.matchBy) ??
		v.fail(
			{ label: 'Store Products', name: 'storeProducts' },
			raw,
			`an object keyed by product key (${options.example}) or an array of entries with the key field`,
		);
	return {
		store: { kind: 'lookup', entries },
		settings: {
			...DEFAULT_ACCEPTANCE,
			matchBy: options.matchBy,
			preferExportedPrice: options.preferExportedPrice ?? DEFAULT_ACCEPTANCE.preferExportedPrice,
			priceAttribute: v.oneOf(
				{ label: 'Price Attribute', name: 'priceAttribute' },
				read('priceAttribute', 'finalPrice'),
				PRICE_ATTRIBUTES,
			),
			threshold: v.number(
				{ label: 'Price Threshold', name: 'threshold' },
				read('threshold', options.defaultThreshold),
				0,
				10,
			),
		},
	};
}
