import { describe, expect, it } from 'vitest';

import { mapCarrier, type CarrierRule } from '../../../nodes/MarketplaceOrderSync/rules/carrier';
import { runNode } from './fixtures.mts';

const rules: CarrierRule[] = [
	{ storeCarrier: 'PostNL', carrierCode: 'TNT', matchType: 'equals' },
	{ storeCarrier: 'DHL', carrierCode: 'DHL', matchType: 'contains' },
	{ storeCarrier: '^dpd\\b', carrierCode: 'DPD-NL', matchType: 'regex' },
];

const params = (extra: Record<string, unknown> = {}) => ({
	operation: 'mapCarrier',
	carrier: 'PostNL',
	rules: { rule: rules },
	defaultCarrierCode: '',
	onNoMatch: 'error',
	...extra,
});

describe('map carrier: rules', () => {
	it('matches ignoring case and white space, and says which rule matched', () => {
		expect(mapCarrier('  post nl ', rules, undefined)).toEqual({
			input: 'post nl',
			carrierCode: 'TNT',
			matchedBy: 'rule',
			ruleNumber: 1,
			rule: 'rule 1: "PostNL" (equals) -> TNT',
		});
	});

	it('equals needs the whole name; contains and regex match part of it', () => {
		expect(mapCarrier('PostNL Extra', rules, undefined).matchedBy).toBe('none');
		expect(mapCarrier('DHL Parcel NL', rules, undefined)).toMatchObject({
			carrierCode: 'DHL',
			ruleNumber: 2,
		});
		expect(mapCarrier('DPD Classic', rules, undefined)).toMatchObject({
			carrierCode: 'DPD-NL',
			ruleNumber: 3,
		});
		expect(mapCarrier('NoDPD', rules, undefined).matchedBy).toBe('none');
	});

	it('takes the first matching rule in table order', () => {
		const ordered: CarrierRule[] = [
			{ storeCarrier: 'express', carrierCode: 'TNT-EXPRESS', matchType: 'contains' },
			{ storeCarrier: 'PostNL Express', carrierCode: 'TNT', matchType: 'equals' },
		];
		expect(mapCarrier('PostNL Express', ordered, undefined)).toMatchObject({
			carrierCode: 'TNT-EXPRESS',
			ruleNumber: 1,
		});
	});

	it('falls back to the default shipping service for an unknown or empty carrier', () => {
		expect(mapCarrier('Bike courier', rules, 'OTHER')).toEqual({
			input: 'Bike courier',
			carrierCode: 'OTHER',
			matchedBy: 'default',
			ruleNumber: null,
			rule: 'no rule matches "Bike courier": default shipping service OTHER',
		});
		expect(mapCarrier('', rules, 'OTHER')).toMatchObject({
			input: null,
			carrierCode: 'OTHER',
			rule: 'no store carrier given: default shipping service OTHER',
		});
		expect(mapCarrier(null, rules, 'OTHER').matchedBy).toBe('default');
	});

	it('gives no code when nothing matches and there is no default', () => {
		expect(mapCarrier('Bike courier', rules, undefined)).toEqual({
			input: 'Bike courier',
			carrierCode: null,
			matchedBy: 'none',
			ruleNumber: null,
			rule: 'no rule matches "Bike courier" and no default shipping service is set',
		});
	});

	it('never matches a rule with an empty store carrier', () => {
		expect(
			mapCarrier('x', [{ storeCarrier: ' ', carrierCode: 'X', matchType: 'contains' }], undefined)
				.matchedBy,
		).toBe('none');
	});
});

describe('map carrier: node', () => {
	it('adds carrierMapping to each item, paired with its input', async () => {
		const [items] = await runNode(
			params({
				carrier: (i: number) => ['postnl', 'Bike', 'DHL Express'][i],
				defaultCarrierCode: 'OTHER',
			}),
			[{ orderId: '1' }, { orderId: '2' }, { orderId: '3' }],
		);
		expect(
			items.map((i) => [
				i.json.orderId,
				(i.json.carrierMapping as { carrierCode: string }).carrierCode,
				i.pairedItem,
			]),
		).toEqual([
			['1', 'TNT', { item: 0 }],
			['2', 'OTHER', { item: 1 }],
			['3', 'DHL', { item: 2 }],
		]);
	});

	it('fails an unknown carrier without default, naming the rules', async () => {
		await expect(runNode(params({ carrier: 'Bike' }), [{}])).rejects.toThrow(
			'Invalid value for "Store Carrier" (carrier): got "Bike". Allowed: a carrier matching a Carrier Mapping rule ("PostNL" (equals), "DHL" (contains), "^dpd\\b" (regex)), or set a Default Shipping Service.',
		);
	});

	it('continues without a code when set to', async () => {
		const [items] = await runNode(params({ carrier: 'Bike', onNoMatch: 'continue' }), [{}]);
		expect(items[0].json.carrierMapping).toMatchObject({ carrierCode: null, matchedBy: 'none' });
	});

	it('validates every rule and the default, naming the row', async () => {
		await expect(
			runNode(
				params({
					rules: { rule: [{ storeCarrier: 'PostNL', carrierCode: '', matchType: 'equals' }] },
				}),
				[{}],
			),
		).rejects.toThrow(
			'Invalid value for "Carrier Mapping rule 1: Marketplace Carrier Code" (rules.rule[0].carrierCode): got nothing. Allowed: a non-empty text of at most 100 characters.',
		);
		await expect(
			runNode(
				params({ rules: { rule: [{ storeCarrier: '(', carrierCode: 'X', matchType: 'regex' }] } }),
				[{}],
			),
		).rejects.toThrow(
			'"Carrier Mapping rule 1: Store Carrier" (rules.rule[0].storeCarrier): got "(". Allowed: a valid regular expression',
		);
		await expect(
			runNode(
				params({ rules: { rule: [{ storeCarrier: 'a', carrierCode: 'X', matchType: 'like' }] } }),
				[{}],
			),
		).rejects.toThrow(
			'(rules.rule[0].matchType): got "like". Allowed: one of equals, contains, regex.',
		);
		await expect(runNode(params({ defaultCarrierCode: 'x'.repeat(101) }), [{}])).rejects.toThrow(
			'"Default Shipping Service" (defaultCarrierCode)',
		);
		await expect(runNode(params({ onNoMatch: 'skip' }), [{}])).rejects.toThrow(
			'Allowed: one of error, continue.',
		);
		await expect(runNode(params({ carrier: { name: 'PostNL' } }), [{}])).rejects.toThrow(
			'"Store Carrier" (carrier): got {"name":"PostNL"}',
		);
	});

	it("with Marketplace Codes: the rules first, then the marketplace's codes and names, then the default", async () => {
		const [items] = await runNode(
			params({
				marketplace: 'bol',
				rules: { rule: [{ storeCarrier: 'DHL', carrierCode: 'dhlforyou', matchType: 'equals' }] },
				carrier: (i: number) => ['dhl', 'dpd nl', 'PostNL Pakket', 'Post-NL', 'Bike'][i],
				defaultCarrierCode: 'OTHER',
			}),
			[{}, {}, {}, {}, {}],
		);
		expect(
			items.map((i) => {
				const m = i.json.carrierMapping as { carrierCode: string; matchedBy: string };
				return [m.carrierCode, m.matchedBy];
			}),
		).toEqual([
			['DHLFORYOU', 'rule'],
			['DPD-NL', 'code'],
			['OTHER', 'default'],
			['TNT', 'alias'],
			['OTHER', 'default'],
		]);
		await expect(
			runNode(params({ marketplace: 'amazon', carrier: 'Bike', rules: {} }), [{}]),
		).rejects.toThrow('Allowed: an Amazon carrier code (Amazon Shipping, Australia Post, BRT,');
	});

	it('ignores accents, dashes, underscores and dots as well as case and spaces', () => {
		expect(mapCarrier('Post_N.L', rules, undefined)).toMatchObject({
			carrierCode: 'TNT',
			ruleNumber: 1,
		});
		expect(mapCarrier('DHL-Parcel', rules, undefined).carrierCode).toBe('DHL');
		expect(mapCarrier('PöstNL', rules, undefined).carrierCode).toBe('TNT');
	});

	it('works without rules: default or error', async () => {
		const [items] = await runNode(params({ rules: {}, defaultCarrierCode: 'TNT' }), [{}]);
		expect(items[0].json.carrierMapping).toMatchObject({
			carrierCode: 'TNT',
			matchedBy: 'default',
		});
		await expect(runNode(params({ rules: {} }), [{}])).rejects.toThrow('(no rules set)');
	});
});
