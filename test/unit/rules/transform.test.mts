import { describe, expect, it } from 'vitest';

import {
	netGross,
	roundCents,
	transformOrder,
	type TransformSettings,
} from '../../../nodes/MarketplaceOrderSync/rules/transform';
import { orderSchema } from '../../helpers/model-schemas.mts';
import { line, order, runNode } from './fixtures.mts';

const settings = (overrides: Partial<TransformSettings> = {}): TransformSettings => ({
	productIdentification: 'sku',
	fallbackToSku: true,
	useBillingAsShipping: false,
	taxHandling: 'keep',
	taxRate: 21,
	pricesIncludeTax: 'fromOrder',
	...overrides,
});

const params = (extra: Record<string, unknown> = {}) => ({
	operation: 'transform',
	productIdentification: 'sku',
	skuPrefixPattern: '',
	skuSuffixPattern: '',
	useBillingAsShipping: false,
	taxHandling: 'keep',
	taxRate: 21,
	pricesIncludeTax: 'fromOrder',
	options: {},
	...extra,
});

describe('transform: product identification and SKU cropping', () => {
	it('makes the chosen field the sku', () => {
		const skus = (productIdentification: TransformSettings['productIdentification']) =>
			transformOrder(order(), settings({ productIdentification })).lines[0].sku;
		expect(skus('sku')).toBe('SKU-1');
		expect(skus('ean')).toBe('8712345678906');
		expect(skus('merchantReference')).toBe('BOL-SKU-1-NL');
		expect(skus('offerId')).toBe('offer-1');
	});

	it('keeps the current sku when the chosen field is empty, or clears it when asked', () => {
		const noEan = order({}, [line({ ean: null })]);
		expect(transformOrder(noEan, settings({ productIdentification: 'ean' })).lines[0].sku).toBe(
			'SKU-1',
		);
		expect(
			transformOrder(noEan, settings({ productIdentification: 'ean', fallbackToSku: false }))
				.lines[0].sku,
		).toBeNull();
	});

	it('crops prefix and suffix patterns, anchored at the start and end only', () => {
		const result = transformOrder(
			order({}, [
				line({ merchantReference: 'BOL-SKU-BOL-NL' }),
				line({ lineId: '1002', merchantReference: 'AMZ-X-1-BE' }),
			]),
			settings({
				productIdentification: 'merchantReference',
				skuPrefixPattern: 'BOL-|AMZ-',
				skuSuffixPattern: '-(NL|BE)',
			}),
		);
		expect(result.lines.map((l) => l.sku)).toEqual(['SKU-BOL', 'X-1']);
	});

	it('leaves SKUs that do not match the patterns alone', () => {
		expect(
			transformOrder(order(), settings({ skuPrefixPattern: 'BOL-', skuSuffixPattern: '-NL' }))
				.lines[0].sku,
		).toBe('SKU-1');
	});

	it('does not change the input order', () => {
		const input = order();
		transformOrder(
			input,
			settings({
				productIdentification: 'ean',
				taxHandling: 'computeNetGross',
				useBillingAsShipping: true,
			}),
		);
		expect(input).toEqual(order());
	});
});

describe('transform: addresses', () => {
	it('puts the billing address in the shipping address when asked, without a pick-up point', () => {
		const input = order({
			shippingAddress: { ...order().shippingAddress!, pickupPoint: { name: 'Shop', id: '1' } },
		});
		const result = transformOrder(input, settings({ useBillingAsShipping: true }));
		expect(result.shippingAddress).toEqual({ ...input.billingAddress, pickupPoint: null });
		expect(transformOrder(input, settings()).shippingAddress?.city).toBe('Utrecht');
	});

	it('keeps the shipping address when there is no billing address', () => {
		const result = transformOrder(
			order({ billingAddress: null }),
			settings({ useBillingAsShipping: true }),
		);
		expect(result.shippingAddress?.city).toBe('Utrecht');
	});
});

describe('transform: tax', () => {
	it('rounds half-cents away from zero without binary drift', () => {
		expect(roundCents(1.005)).toBe(1.01);
		expect(roundCents(2.675)).toBe(2.68);
		expect(roundCents(-1.005)).toBe(-1.01);
		expect(roundCents(16.520661157)).toBe(16.52);
		expect(roundCents(0)).toBe(0);
	});

	it('computes net from gross and gross from net', () => {
		expect(netGross(19.99, true, 21)).toEqual({ net: 16.52, gross: 19.99 });
		expect(netGross(16.52, false, 21)).toEqual({ net: 16.52, gross: 19.99 });
		expect(netGross(10, false, 0)).toEqual({ net: 10, gross: 10 });
		expect(netGross(null, true, 21)).toEqual({ net: null, gross: null });
	});

	it('adds net/gross unit and line prices and totals for prices incl. tax, rounded to cents', () => {
		const input = order({ totals: { ...order().totals, shipping: 4.95 } }, [
			line({ quantity: 3, quantityOpen: 3, unitPrice: 19.99, totalPrice: 59.97 }),
		]);
		const result = transformOrder(input, settings({ taxHandling: 'computeNetGross', taxRate: 21 }));
		expect(result.lines[0]).toMatchObject({
			unitPriceNet: 16.52,
			unitPriceGross: 19.99,
			totalPriceNet: 49.56,
			totalPriceGross: 59.97,
			taxRate: 21,
			tax: 10.41,
		});
		expect(result.totals).toMatchObject({
			itemsNet: 49.56,
			itemsGross: 59.97,
			shippingNet: 4.09,
			shippingGross: 4.95,
			tax: 11.27,
		});
		expect(result).toMatchObject({ pricesIncludeTax: true, taxRate: 21 });
	});

	it('computes gross from net prices when the order (or the setting) says prices exclude tax', () => {
		const net = order({}, [
			line({ unitPrice: 8.26, totalPrice: 16.52, quantity: 2, quantityOpen: 2 }),
		]);
		const fromOrder = transformOrder(
			{ ...net, pricesIncludeTax: false },
			settings({ taxHandling: 'computeNetGross', taxRate: 21 }),
		);
		expect(fromOrder.lines[0]).toMatchObject({
			unitPriceNet: 8.26,
			unitPriceGross: 9.99,
			totalPriceNet: 16.52,
			totalPriceGross: 19.99,
			tax: 3.47,
		});
		const forced = transformOrder(
			net,
			settings({ taxHandling: 'computeNetGross', taxRate: 21, pricesIncludeTax: 'no' }),
		);
		expect(forced.lines[0]).toMatchObject({ unitPriceGross: 9.99, totalPriceGross: 19.99 });
		expect(forced.pricesIncludeTax).toBe(false);
	});

	it('keeps tax amounts the marketplace gave', () => {
		const input = order({ totals: { ...order().totals, tax: 3.5 } }, [line({ tax: 3.47 })]);
		const result = transformOrder(input, settings({ taxHandling: 'computeNetGross' }));
		expect(result.lines[0].tax).toBe(3.47);
		expect(result.totals.tax).toBe(3.5);
	});

	it('ignores marketplace tax: clears line and total tax, keeps prices', () => {
		const input = order({ totals: { ...order().totals, tax: 3.47 } }, [line({ tax: 3.47 })]);
		const result = transformOrder(input, settings({ taxHandling: 'ignoreTax' }));
		expect(result.lines[0]).toMatchObject({ tax: null, unitPrice: 19.99, totalPrice: 19.99 });
		expect(result.totals.tax).toBeNull();
		expect(() => orderSchema.parse(result)).not.toThrow();
	});

	it('leaves null prices null', () => {
		const result = transformOrder(
			order({}, [line({ unitPrice: null, totalPrice: null })]),
			settings({ taxHandling: 'computeNetGross' }),
		);
		expect(result.lines[0]).toMatchObject({ unitPriceNet: null, unitPriceGross: null, tax: null });
		expect(result.totals).toMatchObject({ itemsNet: 0, itemsGross: 0, tax: 0 });
	});
});

describe('transform: node', () => {
	it('outputs the transformed order, paired with its input, still a valid normalized order', async () => {
		const [items] = await runNode(
			params({
				productIdentification: 'merchantReference',
				skuPrefixPattern: 'BOL-',
				skuSuffixPattern: '-NL',
				taxHandling: 'computeNetGross',
			}),
			[order(), order({ orderId: 'ORDER-2' })],
		);
		expect(
			items.map((i) => [
				i.json.orderId,
				(i.json.lines as Array<{ sku: string }>)[0].sku,
				i.pairedItem,
			]),
		).toEqual([
			['ORDER-1', 'SKU-1', { item: 0 }],
			['ORDER-2', 'SKU-1', { item: 1 }],
		]);
		expect(() => orderSchema.parse(items[0].json)).not.toThrow();
	});

	it('names the field and the allowed values', async () => {
		await expect(runNode(params({ skuPrefixPattern: '(BOL' }), [order()])).rejects.toThrow(
			'Invalid value for "SKU Prefix to Crop" (skuPrefixPattern): got "(BOL". Allowed: a valid regular expression, e.g. BOL- or (NL|BE).',
		);
		await expect(runNode(params({ skuSuffixPattern: '[' }), [order()])).rejects.toThrow(
			'"SKU Suffix to Crop" (skuSuffixPattern)',
		);
		await expect(runNode(params({ productIdentification: 'gtin' }), [order()])).rejects.toThrow(
			'Invalid value for "Product Identification" (productIdentification): got "gtin". Allowed: one of sku, ean, merchantReference, offerId.',
		);
		await expect(
			runNode(params({ taxHandling: 'computeNetGross', taxRate: 121 }), [order()]),
		).rejects.toThrow(
			'Invalid value for "Tax Rate (%)" (taxRate): got 121. Allowed: a number from 0 to 100.',
		);
		await expect(runNode(params({ taxHandling: 'net' }), [order()])).rejects.toThrow(
			'Allowed: one of keep, computeNetGross, ignoreTax.',
		);
		await expect(runNode(params({ pricesIncludeTax: true }), [order()])).rejects.toThrow(
			'Invalid value for "Prices Include Tax" (pricesIncludeTax): got true. Allowed: one of fromOrder, yes, no.',
		);
	});

	it('does not check the tax rate when it is not used', async () => {
		const [items] = await runNode(params({ taxRate: 'oops' }), [order()]);
		expect(items).toHaveLength(1);
	});
});
