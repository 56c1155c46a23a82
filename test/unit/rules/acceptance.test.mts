import { describe, expect, it } from 'vitest';

import { description as decideAcceptanceDescription } from '../../../nodes/MarketplaceOrderSync/actions/decideAcceptance';
import { description as miintoDecide } from '../../../nodes/Miinto/actions/transfer/decide';
import { description as spartooAccept } from '../../../nodes/Spartoo/actions/order/accept';
import {
	DEFAULT_ACCEPTANCE,
	MissingStoreDataError,
	PRICE_ATTRIBUTES,
	decideAcceptance,
	lookupFrom,
	type AcceptanceSettings,
	type StoreData,
} from '../../../nodes/MarketplaceOrderSync/rules/acceptance';
import { orderSchema } from '../../helpers/model-schemas.mts';
import { line, order, runNode } from './fixtures.mts';

const settings = (overrides: Partial<AcceptanceSettings> = {}): AcceptanceSettings => ({
	...DEFAULT_ACCEPTANCE,
	...overrides,
});
const lookup = (value: unknown, key = 'sku'): StoreData => ({
	kind: 'lookup',
	entries: lookupFrom(value, key)!,
});

const accept = (extra: Record<string, unknown> = {}) => ({
	operation: 'decideAcceptance',
	storeDataSource: 'lookup',
	storeProducts: { 'SKU-1': { stock: 5, finalPrice: 20, originalPrice: 25 } },
	matchBy: 'sku',
	priceAttribute: 'finalPrice',
	threshold: 0.97,
	options: {},
	...extra,
});

describe('fixtures', () => {
	it('are normalized orders as the marketplace nodes output them', () => {
		expect(() => orderSchema.parse(order())).not.toThrow();
	});
});

describe('decide acceptance: price threshold', () => {
	it('accepts a price of exactly threshold x reference price (0.97 x 100 = 97)', () => {
		const result = decideAcceptance(
			order({}, [line({ unitPrice: 97 })]),
			lookup({ 'SKU-1': { stock: 1, finalPrice: 100 } }),
			settings(),
		);
		expect(result.decision).toBe('accept');
		expect(result.lines[0]).toMatchObject({
			decision: 'accept',
			referencePrice: 100,
			minimumPrice: 97,
			priceAttribute: 'finalPrice',
		});
	});

	it('declines one cent below the threshold and says by how much', () => {
		const result = decideAcceptance(
			order({}, [line({ unitPrice: 96.99 })]),
			lookup({ 'SKU-1': { stock: 1, finalPrice: 100 } }),
			settings(),
		);
		expect(result.decision).toBe('decline');
		expect(result.lines[0].reason).toBe(
			'line 1001 (sku SKU-1): price 96.99 is below 0.97 x finalPrice 100 = 97',
		);
		expect(result.reason).toBe(
			'Declined: line 1001 (sku SKU-1): price 96.99 is below 0.97 x finalPrice 100 = 97',
		);
	});

	it('compares with the exact minimum, not a rounded one (0.97 x 19.99 = 19.3903)', () => {
		const store = lookup({ 'SKU-1': { stock: 1, finalPrice: 19.99 } });
		expect(
			decideAcceptance(order({}, [line({ unitPrice: 19.39 })]), store, settings()).decision,
		).toBe('decline');
		expect(
			decideAcceptance(order({}, [line({ unitPrice: 19.4 })]), store, settings()).decision,
		).toBe('accept');
	});

	it('does not decline the boundary because of binary floating point (1.1 x 3 = 3.3000000000000003)', () => {
		const result = decideAcceptance(
			order({}, [line({ unitPrice: 3.3 })]),
			lookup({ 'SKU-1': { stock: 1, finalPrice: 3 } }),
			settings({ threshold: 1.1 }),
		);
		expect(result.decision).toBe('accept');
		expect(result.lines[0].minimumPrice).toBe(3.3);
	});

	it('uses the original price when that is the price attribute', () => {
		const store = lookup({ 'SKU-1': { stock: 1, finalPrice: 15, originalPrice: 25 } });
		const result = decideAcceptance(
			order({}, [line({ unitPrice: 19.99 })]),
			store,
			settings({ priceAttribute: 'originalPrice' }),
		);
		expect(result.decision).toBe('decline');
		expect(result.lines[0]).toMatchObject({
			referencePrice: 25,
			priceAttribute: 'originalPrice',
			minimumPrice: 24.25,
		});
	});

	it('prefers the last exported price when asked and falls back to the attribute without one', () => {
		const exported = lookup({ 'SKU-1': { stock: 1, finalPrice: 30, exportedPrice: 20 } });
		expect(
			decideAcceptance(order(), exported, settings({ preferExportedPrice: true })).lines[0],
		).toMatchObject({
			decision: 'accept',
			priceAttribute: 'exportedPrice',
			referencePrice: 20,
		});
		const none = lookup({ 'SKU-1': { stock: 1, finalPrice: 30 } });
		expect(
			decideAcceptance(order(), none, settings({ preferExportedPrice: true })).lines[0],
		).toMatchObject({
			decision: 'decline',
			priceAttribute: 'finalPrice',
		});
	});

	it('grosses up net line prices with the net price tax rate before comparing', () => {
		const store = lookup({ 'SKU-1': { stock: 1, finalPrice: 12.1 } });
		const net = order({ pricesIncludeTax: false }, [line({ unitPrice: 10 })]);
		expect(decideAcceptance(net, store, settings()).decision).toBe('decline');
		const result = decideAcceptance(net, store, settings({ netPriceTaxRate: 21 }));
		expect(result.decision).toBe('accept');
		expect(result.lines[0].unitPrice).toBeCloseTo(12.1, 10);
	});

	it('derives the unit price from the line total when the unit price is missing', () => {
		const result = decideAcceptance(
			order({}, [line({ unitPrice: null, totalPrice: 40, quantity: 2, quantityOpen: 2 })]),
			lookup({ 'SKU-1': { stock: 2, finalPrice: 20 } }),
			settings(),
		);
		expect(result.lines[0]).toMatchObject({ decision: 'accept', unitPrice: 20 });
	});
});

describe('decide acceptance: missing price', () => {
	const store = lookup({ 'SKU-1': { stock: 3 } });

	it('declines with a clear reason by default', () => {
		const result = decideAcceptance(order(), store, settings());
		expect(result.decision).toBe('decline');
		expect(result.lines[0].reason).toBe(
			'line 1001 (sku SKU-1): the store data has no finalPrice for the product',
		);
	});

	it('falls back to the other price attribute when set', () => {
		const both = lookup({ 'SKU-1': { stock: 3, originalPrice: 19.99 } });
		expect(
			decideAcceptance(order(), both, settings({ fallbackToOtherPrice: true })).lines[0],
		).toMatchObject({
			decision: 'accept',
			priceAttribute: 'originalPrice',
		});
	});

	it('checks stock only when set to skip the price check', () => {
		const result = decideAcceptance(order(), store, settings({ onMissingPrice: 'skipPriceCheck' }));
		expect(result.decision).toBe('accept');
		expect(result.lines[0].reason).toContain(
			'price not checked (the store data has no finalPrice for the product)',
		);
	});

	it('fails the item when set to error', () => {
		expect(() => decideAcceptance(order(), store, settings({ onMissingPrice: 'error' }))).toThrow(
			MissingStoreDataError,
		);
	});

	it('declines a line the marketplace gave no price for', () => {
		const result = decideAcceptance(
			order({}, [line({ unitPrice: null, totalPrice: null })]),
			lookup({ 'SKU-1': { stock: 3, finalPrice: 1 } }),
			settings(),
		);
		expect(result.lines[0].reason).toBe(
			'line 1001 (sku SKU-1): the marketplace gave no price for the line',
		);
	});

	it('reads numeric texts, with a decimal comma too, but never a thousands separator', () => {
		expect(
			decideAcceptance(
				order(),
				lookup({ 'SKU-1': { stock: '3', finalPrice: '20,00' } }),
				settings(),
			).decision,
		).toBe('accept');
		expect(
			decideAcceptance(
				order(),
				lookup({ 'SKU-1': { stock: 3, finalPrice: '1,020.00' } }),
				settings(),
			).lines[0].reason,
		).toContain('has no finalPrice');
	});
});

describe('decide acceptance: missing product and stock', () => {
	const other = lookup({ 'SKU-2': { stock: 3, finalPrice: 10 } });

	it('declines a product that is not in the store data', () => {
		const result = decideAcceptance(order(), other, settings());
		expect(result.decision).toBe('decline');
		expect(result.lines[0].reason).toBe(
			'line 1001 (sku SKU-1): product not found in the store data',
		);
	});

	it('declines a line without the key to look it up by', () => {
		const result = decideAcceptance(
			order({}, [line({ ean: null })]),
			other,
			settings({ matchBy: 'ean' }),
		);
		expect(result.lines[0].reason).toBe('line 1001: the line has no ean to find the product by');
	});

	it('declines a product without a stock value', () => {
		const result = decideAcceptance(order(), lookup({ 'SKU-1': { finalPrice: 10 } }), settings());
		expect(result.lines[0].reason).toBe(
			'line 1001 (sku SKU-1): the store data has no stock ("stock") for the product',
		);
	});

	it('ignores the line when set, deciding on the others', () => {
		const lines = [line(), line({ lineId: '1002', sku: 'SKU-2', unitPrice: 10, totalPrice: 10 })];
		const result = decideAcceptance(
			order({}, lines),
			other,
			settings({ onMissingProduct: 'ignoreLine' }),
		);
		expect(result.decision).toBe('accept');
		expect(result.lines.map((l) => l.decision)).toEqual(['ignored', 'accept']);
	});

	it('declines when every line is ignored: nothing was checked', () => {
		const result = decideAcceptance(order(), other, settings({ onMissingProduct: 'ignoreLine' }));
		expect(result.decision).toBe('decline');
		expect(result.reason).toMatch(/^Declined: no line could be checked against the store/);
	});

	it('fails the item when set to error', () => {
		expect(() => decideAcceptance(order(), other, settings({ onMissingProduct: 'error' }))).toThrow(
			'line 1001 (sku SKU-1): product not found in the store data',
		);
	});
});

describe('decide acceptance: stock', () => {
	it('declines partial stock, naming the line', () => {
		const lines = [
			line(),
			line({
				lineId: '1002',
				sku: 'SKU-2',
				quantity: 3,
				quantityOpen: 3,
				unitPrice: 10,
				totalPrice: 30,
			}),
		];
		const store = lookup({
			'SKU-1': { stock: 9, finalPrice: 19.99 },
			'SKU-2': { stock: 2, finalPrice: 10 },
		});
		const result = decideAcceptance(order({}, lines), store, settings());
		expect(result.decision).toBe('decline');
		expect(result.lines.map((l) => l.decision)).toEqual(['accept', 'decline']);
		expect(result.reason).toBe('Declined: line 1002 (sku SKU-2): 2 in stock for 3 ordered');
	});

	it('accepts stock equal to the quantity', () => {
		const result = decideAcceptance(
			order({}, [line({ quantity: 2, quantityOpen: 2 })]),
			lookup({ 'SKU-1': { stock: 2, finalPrice: 19.99 } }),
			settings(),
		);
		expect(result.decision).toBe('accept');
	});

	it('adds up lines of the same product', () => {
		const lines = [line(), line({ lineId: '1002' })];
		const result = decideAcceptance(
			order({}, lines),
			lookup({ 'SKU-1': { stock: 1, finalPrice: 19.99 } }),
			settings(),
		);
		expect(result.lines.map((l) => l.decision)).toEqual(['accept', 'decline']);
		expect(result.lines[1].reason).toBe(
			'line 1002 (sku SKU-1): 1 in stock for 2 ordered on lines with this sku (this line: 1)',
		);
	});

	it('lists stock and price problems of one line together', () => {
		const result = decideAcceptance(
			order({}, [line({ unitPrice: 1 })]),
			lookup({ 'SKU-1': { stock: 0, finalPrice: 19.99 } }),
			settings(),
		);
		expect(result.lines[0].reason).toBe(
			'line 1001 (sku SKU-1): 0 in stock for 1 ordered; price 1 is below 0.97 x finalPrice 19.99 = 19.3903',
		);
	});

	it('skips marketplace-fulfilled and cancelled lines; an order with only those is declined', () => {
		const lines = [
			line({ fulfilment: 'marketplace' }),
			line({ lineId: '1002', status: 'cancelled', quantityCancelled: 1, quantityOpen: 0 }),
			line({ lineId: '1003' }),
		];
		const store = lookup({ 'SKU-1': { stock: 1, finalPrice: 19.99 } });
		const result = decideAcceptance(order({}, lines), store, settings());
		expect(result.decision).toBe('accept');
		expect(result.lines.map((l) => l.decision)).toEqual(['ignored', 'ignored', 'accept']);
		expect(result.lines[0].reason).toBe(
			'line 1001 (sku SKU-1): fulfilled by the marketplace, no store stock needed',
		);
		expect(decideAcceptance(order({}, lines.slice(0, 2)), store, settings()).decision).toBe(
			'decline',
		);
		expect(decideAcceptance(order({}, []), store, settings()).reason).toBe(
			'Declined: the order has no lines',
		);
	});
});

describe('decide acceptance: store data shapes', () => {
	it('finds products in an array by the match field, or by another key field', () => {
		const array = [{ ean: '8712345678906', stock: 1, finalPrice: 19.99 }];
		expect(
			decideAcceptance(order(), lookup(array, 'ean'), settings({ matchBy: 'ean' })).decision,
		).toBe('accept');
		const byId = [{ product: { id: 'SKU-1' }, stock: 1, finalPrice: 19.99 }];
		expect(decideAcceptance(order(), lookup(byId, 'product.id'), settings()).decision).toBe(
			'accept',
		);
	});

	it('reads nested fields by dot path', () => {
		const store = lookup({ 'SKU-1': { inventory: { qty: 2 }, prices: { final: 19.99 } } });
		const result = decideAcceptance(
			order(),
			store,
			settings({
				fields: {
					...DEFAULT_ACCEPTANCE.fields,
					stock: 'inventory.qty',
					finalPrice: 'prices.final',
				},
			}),
		);
		expect(result.decision).toBe('accept');
	});

	it('takes one entry per line in line order', () => {
		const lines = [line(), line({ lineId: '1002', sku: 'SKU-2' })];
		const store: StoreData = { kind: 'perLine', entries: [{ stock: 1, finalPrice: 19.99 }, null] };
		const result = decideAcceptance(order({}, lines), store, settings());
		expect(result.lines[1].reason).toBe(
			'line 1002 (sku SKU-2): no store data for this line (no entry at the same position)',
		);
	});
});

describe('decide acceptance: node', () => {
	it('routes accepted orders to the first output and declined ones to the second, with the reason per line', async () => {
		const cheap = order({ orderId: 'ORDER-2' }, [line({ unitPrice: 5 })]);
		const [accepted, declined] = await runNode(accept(), [order(), cheap]);
		expect(accepted.map((i) => i.json.orderId)).toEqual(['ORDER-1']);
		expect(accepted[0].pairedItem).toEqual({ item: 0 });
		expect(declined.map((i) => i.json.orderId)).toEqual(['ORDER-2']);
		expect(declined[0].pairedItem).toEqual({ item: 1 });
		expect(declined[0].json.acceptance).toMatchObject({
			decision: 'decline',
			threshold: 0.97,
			priceAttribute: 'finalPrice',
			lines: [
				{
					lineId: '1001',
					decision: 'decline',
					reason: 'line 1001 (sku SKU-1): price 5 is below 0.97 x finalPrice 20 = 19.4',
				},
			],
		});
	});

	it('reads the store data from JSON text and per-line arrays', async () => {
		const [fromText] = await runNode(
			accept({ storeProducts: '[{"sku": "SKU-1", "stock": 1, "finalPrice": 19}]' }),
			[order()],
		);
		expect(fromText).toHaveLength(1);
		const [perLine] = await runNode(
			accept({ storeDataSource: 'perLine', lineValues: [{ stock: 1, finalPrice: 19 }] }),
			[order()],
		);
		expect(perLine).toHaveLength(1);
	});

	it('names the field and what is allowed for wrong parameters', async () => {
		await expect(runNode(accept({ threshold: 1.5e3 }), [order()])).rejects.toThrow(
			'Invalid value for "Price Threshold" (threshold): got 1500. Allowed: a number from 0 to 10.',
		);
		await expect(runNode(accept({ priceAttribute: 'price' }), [order()])).rejects.toThrow(
			'Invalid value for "Price Attribute" (priceAttribute): got "price". Allowed: one of finalPrice, originalPrice.',
		);
		await expect(runNode(accept({ storeProducts: undefined }), [order()])).rejects.toThrow(
			'Invalid value for "Store Products" (storeProducts): got nothing. Allowed: an object keyed by sku like {"SKU-1": {"stock": 4, "finalPrice": 19.99}}, or an array of entries with a "sku" field.',
		);
		await expect(runNode(accept({ storeProducts: '{oops' }), [order()])).rejects.toThrow(
			'(storeProducts): got "{oops"',
		);
		await expect(
			runNode(accept({ storeDataSource: 'perLine', lineValues: [] }), [order()]),
		).rejects.toThrow(
			'Invalid value for "Line Store Data" (lineValues): got []. Allowed: an array with one entry per order line (1)',
		);
		await expect(
			runNode(accept({ options: { onMissingProduct: 'skip' } }), [order()]),
		).rejects.toThrow(
			'Invalid value for "When Product Is Missing" (options.onMissingProduct): got "skip". Allowed: one of decline, ignoreLine, error.',
		);
		await expect(runNode(accept({ options: { stockField: ' ' } }), [order()])).rejects.toThrow(
			'"Stock Field" (options.stockField)',
		);
		await expect(runNode(accept(), [{ orderId: 'X' }])).rejects.toThrow(
			'Invalid value for "Input Item" (lines): got nothing. Allowed: a normalized marketplace order',
		);
	});

	it('fails the item when a missing product is set to error, naming the order and the line', async () => {
		await expect(
			runNode(accept({ storeProducts: {}, options: { onMissingProduct: 'error' } }), [order()]),
		).rejects.toThrow('Order ORDER-1: line 1001 (sku SKU-1): product not found in the store data');
	});

	it('with Continue On Fail, sends a failed item to the decline output, never to accept', async () => {
		const [accepted, declined] = await runNode(accept(), [{ orderId: 'broken' }, order()], {
			continueOnFail: true,
		});
		expect(accepted.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(declined).toHaveLength(1);
		expect(declined[0]).toMatchObject({
			pairedItem: { item: 0 },
			json: { error: expect.stringContaining('"Input Item" (lines)') },
		});
	});
});

describe('auto-accept parameters: one description for every node that auto-accepts', () => {
	const nodes = {
		'Spartoo Order > Accept': spartooAccept,
		'Miinto Transfer > Decide': miintoDecide,
		'Marketplace Order Sync > Decide Acceptance': decideAcceptanceDescription,
	};

	it.each(Object.entries(nodes))(
		'%s offers Store Products, the match key, Price Attribute and Price Threshold with the rule default',
		(_, description) => {
			const byName = new Map(description.map((property) => [property.name, property]));
			expect(byName.get('storeProducts')?.type).toBe('json');
			expect(byName.get('matchBy')?.type).toBe('options');
			expect(
				byName.get('priceAttribute')?.options?.map((option) => 'value' in option && option.value),
			).toEqual([...PRICE_ATTRIBUTES]);
			// the editor's default is the default the rule reads when the parameter is missing
			expect(byName.get('threshold')?.default).toBe(DEFAULT_ACCEPTANCE.threshold);
		},
	);
});
