import { describe, expect, it } from 'vitest';

import { AMAZON_CARRIERS } from '../../nodes/AmazonSellingPartner/constants';
import { BOL_CARRIERS } from '../../nodes/BolRetailer/constants';
import {
	allowedCarriers,
	carrierMappingRows,
	normalizeCarrierName,
	resolveCarrier,
	type CarrierVocabulary,
} from '../../nodes/shared/carrier';
import { InputValidator } from '../../nodes/shared/validation';

const v = new InputValidator(
	{ id: '1', name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} },
	0,
);

describe('carrier names: one normalization', () => {
	it('ignores case, accents, spaces, dashes, underscores and dots, and keeps every word', () => {
		expect(normalizeCarrierName(' Pöst.NL_Pakket-Service ')).toBe('postnlpakketservice');
		expect(normalizeCarrierName('DPD-NL')).toBe(normalizeCarrierName('dpd nl'));
		expect(normalizeCarrierName('TNT Express')).not.toBe(normalizeCarrierName('TNT'));
	});

	it('no two codes of a marketplace normalize alike, and every alias names one of its codes', () => {
		for (const vocabulary of [BOL_CARRIERS, AMAZON_CARRIERS]) {
			const keys = vocabulary.codes.map(normalizeCarrierName);
			expect(new Set(keys).size).toBe(keys.length);
			for (const code of Object.values(vocabulary.aliases))
				expect(vocabulary.codes).toContain(code);
		}
	});
});

describe('carrier resolver: one precedence', () => {
	const vocabulary: CarrierVocabulary = {
		codeName: 'test code',
		codes: ['GLS', 'DHL', 'OTHER'],
		aliases: { gls: 'OTHER', 'Deutsche Post': 'DHL' },
	};
	const rules = [{ storeCarrier: 'DHL', carrierCode: 'GLS' }];

	it("takes the user's mapping first, even for a name that is a marketplace code", () => {
		expect(resolveCarrier('dhl', { rules, vocabulary })).toMatchObject({
			carrierCode: 'GLS',
			matchedBy: 'rule',
			ruleNumber: 1,
		});
	});

	it('takes a marketplace code before an alias of the same name, then aliases, then the default', () => {
		expect(resolveCarrier('G.L.S', { rules, vocabulary })).toMatchObject({
			carrierCode: 'GLS',
			matchedBy: 'code',
			rule: '"G.L.S" is the test code GLS',
		});
		expect(resolveCarrier('deutsche-post', { rules, vocabulary })).toMatchObject({
			carrierCode: 'DHL',
			matchedBy: 'alias',
		});
		expect(resolveCarrier('Pigeon', { rules, vocabulary, defaultCode: 'other' })).toEqual({
			input: 'Pigeon',
			carrierCode: 'OTHER',
			matchedBy: 'default',
			ruleNumber: null,
			rule: 'no rule, code or known name matches "Pigeon": default shipping service OTHER',
		});
		expect(resolveCarrier('  ', { rules, vocabulary, defaultCode: 'DHL' }).matchedBy).toBe(
			'default',
		);
	});

	it('gives nothing for an unknown carrier without default, and the error lists what is allowed', () => {
		expect(resolveCarrier('Pigeon', { rules, vocabulary })).toMatchObject({
			carrierCode: null,
			matchedBy: 'none',
		});
		expect(allowedCarriers(vocabulary, 'a mapped carrier', 'set a default')).toBe(
			'a test code (GLS, DHL, OTHER), a known carrier name (gls, Deutsche Post), a mapped carrier, or set a default',
		);
	});

	it('spells a mapped code as the marketplace does, and sends one it does not list as given', () => {
		expect(
			resolveCarrier('Our Courier', {
				rules: [{ storeCarrier: 'our courier', carrierCode: 'dpd-nl' }],
				vocabulary: BOL_CARRIERS,
			}).carrierCode,
		).toBe('DPD-NL');
		expect(
			resolveCarrier('Our Courier', {
				rules: [{ storeCarrier: 'our courier', carrierCode: 'NEW-BOL-CODE' }],
				vocabulary: BOL_CARRIERS,
			}).carrierCode,
		).toBe('NEW-BOL-CODE');
	});
});

describe('carrier resolver: per marketplace', () => {
	it('bol: codes after normalization, built-in names, nothing for an unknown carrier', () => {
		const bol = (name: string) => resolveCarrier(name, { vocabulary: BOL_CARRIERS }).carrierCode;
		expect(bol('TNT Express')).toBe('TNT-EXPRESS');
		expect(bol('dpd be')).toBe('DPD-BE');
		expect(bol('PostNL')).toBe('TNT');
		expect(bol('Pigeon Express')).toBeNull();
	});

	it('amazon: codes after normalization and built-in names', () => {
		const amazon = (name: string) =>
			resolveCarrier(name, { vocabulary: AMAZON_CARRIERS, defaultCode: 'Other' }).carrierCode;
		expect(amazon('royal.mail')).toBe('Royal Mail');
		expect(amazon('EVRI')).toBe('Hermes');
		expect(amazon('Koerier Jansen')).toBe('Other');
	});
});

describe('carrier mapping rows of the shipment operations', () => {
	it('skips empty rows and names a half-filled one', () => {
		expect(
			carrierMappingRows(
				v,
				{ mapping: [{ storeCarrier: ' Post ', carrierCode: 'PostNL' }, {}] },
				{ name: 'carrierCode', label: 'Amazon Carrier Code' },
			),
		).toEqual([{ storeCarrier: 'Post', carrierCode: 'PostNL', matchType: 'equals' }]);
		expect(() =>
			carrierMappingRows(
				v,
				{ mapping: [{ storeCarrier: 'Post', carrierCode: '' }] },
				{ name: 'carrierCode', label: 'Amazon Carrier Code' },
			),
		).toThrow(
			'Invalid value for "Carrier Mapping row 1: Amazon Carrier Code" (options.carrierMapping.mapping[0].carrierCode): got nothing. Allowed: the code "Post" becomes.',
		);
	});
});
