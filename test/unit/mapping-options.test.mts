/**
 * The order-mapping options every marketplace reads the same way (nodes/shared/options.ts readCommonMappingOptions):
 * a Product Identification outside the marketplace's choices or a SKU pattern that is not a regular expression fails
 * naming the field and what is allowed, in every node, before any request.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { mappingSettingsFrom as amazon } from '../../nodes/AmazonSellingPartner/actions/common';
import { mappingSettingsFrom as bol } from '../../nodes/BolRetailer/actions/common';
import { mappingSettingsFrom as miinto } from '../../nodes/Miinto/actions/common';
import { mappingSettingsFrom as spartoo } from '../../nodes/Spartoo/actions/common';
import { mappingSettingsFrom as zalando } from '../../nodes/ZalandoZDirect/actions/common';
import { readCommonMappingOptions } from '../../nodes/shared/options';
import { InputValidator } from '../../nodes/shared/validation';

const node = {
	name: 'Marketplace',
	type: 'test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as INode;
const v = new InputValidator(node, 0);

const READERS: Array<
	[string, (options: IDataObject) => { productIdentification: string }, string[]]
> = [
	['bol', (o) => bol(o, v), ['offerReference', 'ean']],
	['amazon', (o) => amazon(o, v), ['sellerSku', 'asin']],
	['zalando', (o) => zalando(o, v), ['externalId', 'ean', 'articleId']],
	['miinto', (o) => miinto(o, v), ['gtin', 'miintoItemId', 'productId']],
	['spartoo', (o) => spartoo(o, v, 'EUR'), ['reference', 'sizeReference', 'spartooId']],
];

describe('order-mapping options, one reader for every marketplace', () => {
	it.each(READERS)(
		'%s: the default identification, every choice, nothing else',
		(_id, read, choices) => {
			expect(read({}).productIdentification).toBe(choices[0]);
			for (const choice of choices)
				expect(read({ productIdentification: choice }).productIdentification).toBe(choice);
			expect(() => read({ productIdentification: 'sku' })).toThrow(
				`Invalid value for "Product Identification" (options.productIdentification): got "sku". Allowed: one of ${choices.join(', ')}.`,
			);
		},
	);

	it.each(READERS)('%s: SKU patterns are regular expressions, or absent', (_id, read) => {
		expect(() => read({ skuPrefixPattern: '(' })).toThrow(
			/"SKU Prefix to Crop" \(options\.skuPrefixPattern\): got "\(". Allowed: a valid regular expression/,
		);
		expect(() => read({ skuSuffixPattern: '[' })).toThrow(/"SKU Suffix to Crop"/);
		expect(read({ skuPrefixPattern: '', skuSuffixPattern: '-NL$' })).toMatchObject({
			skuPrefixPattern: undefined,
			skuSuffixPattern: '-NL$',
		});
	});

	it('reads Include Raw Payload only when it is true, and names examples in a bad pattern', () => {
		const read = (options: IDataObject) =>
			readCommonMappingOptions(options, v, {
				choices: ['a', 'b'] as const,
				fallback: 'b',
				examples: { prefix: 'BOL-', suffix: '-NL' },
			});
		expect(read({ includeRaw: 'yes' })).toEqual({
			productIdentification: 'b',
			skuPrefixPattern: undefined,
			skuSuffixPattern: undefined,
			includeRaw: false,
		});
		expect(read({ includeRaw: true }).includeRaw).toBe(true);
		expect(() => read({ skuSuffixPattern: '(' })).toThrow('a valid regular expression, e.g. -NL');
	});
});
