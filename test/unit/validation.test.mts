import { describe, expect, it } from 'vitest';

import { InputValidator, validGtinCheckDigit } from '../../nodes/shared/validation';
import { cropSku } from '../../nodes/shared/model';
import { redact, redactString } from '../../nodes/shared/redact';

const node = {
	id: '1',
	name: 'Bol',
	type: 't',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};
const v = new InputValidator(node, 3);

describe('InputValidator', () => {
	it('accepts EANs with a valid check digit and names field and rule otherwise', () => {
		expect(v.ean({ label: 'EAN', name: 'ean' }, '0000007740404')).toBe('0000007740404');
		expect(v.ean({ label: 'EAN', name: 'ean' }, '9789076174082')).toBe('9789076174082');
		expect(() => v.ean({ label: 'EAN', name: 'ean' }, '9789076174083')).toThrow(
			'Invalid value for "EAN" (ean): got "9789076174083". Allowed: an EAN/GTIN of 8, 12, 13 or 14 digits with a valid check digit.',
		);
		expect(validGtinCheckDigit('96385074')).toBe(true);
	});

	it('checks integer ranges', () => {
		expect(v.integer({ label: 'Quantity', name: 'quantity' }, '5', 1, 9)).toBe(5);
		expect(() => v.integer({ label: 'Quantity', name: 'quantity' }, 2.5, 1, 9)).toThrow(
			'Allowed: a whole number from 1 to 9',
		);
		expect(() => v.integer({ label: 'Quantity', name: 'quantity' }, 'x', 1, 9)).toThrow(
			'(quantity): got "x"',
		);
	});

	it('lists the allowed values of an enum', () => {
		expect(() =>
			v.oneOf({ label: 'Reason', name: 'reasonCode' }, 'NOPE', ['OUT_OF_STOCK', 'OTHER']),
		).toThrow('Allowed: one of OUT_OF_STOCK, OTHER.');
	});

	it('checks dates and tracking codes', () => {
		expect(v.date({ label: 'From', name: 'from' }, '2026-11-23T10:00:00Z').toISOString()).toBe(
			'2026-11-23T10:00:00.000Z',
		);
		expect(() => v.date({ label: 'From', name: 'from' }, 'yesterday')).toThrow('ISO 8601');
		expect(v.trackingCode({ label: 'Track', name: 'tt' }, '3SBOL0987654321')).toBe(
			'3SBOL0987654321',
		);
		expect(() => v.trackingCode({ label: 'Track', name: 'tt' }, '3S BOL')).toThrow(
			'without spaces',
		);
	});

	it('checks typed regular expressions: empty is none, anything but a valid pattern fails with the example', () => {
		const field = { label: 'SKU Prefix to Crop', name: 'skuPrefixPattern' };
		expect(v.optionalPattern(field, '')).toBeUndefined();
		expect(v.optionalPattern(field, '^BOL-')).toBe('^BOL-');
		expect(() => v.optionalPattern(field, 5, 'BOL-')).toThrow(
			'Invalid value for "SKU Prefix to Crop" (skuPrefixPattern): got 5. Allowed: a regular expression, e.g. BOL-.',
		);
		expect(() => v.optionalPattern(field, '(')).toThrow('Allowed: a valid regular expression.');
	});

	it('splits id lists and keeps the item index on the error', () => {
		expect(v.idList({ label: 'IDs', name: 'ids' }, ' 1, 2,2 ,3')).toEqual(['1', '2', '3']);
		try {
			v.idList({ label: 'IDs', name: 'ids' }, '', { min: 1 });
		} catch (error) {
			expect((error as { context: { itemIndex: number } }).context.itemIndex).toBe(3);
		}
	});
});

describe('cropSku', () => {
	it('crops prefix and suffix patterns', () => {
		expect(cropSku('BOL-ABC-123-NL', 'BOL-', '-(NL|BE)')).toBe('ABC-123');
		expect(cropSku('ABC', 'X', undefined)).toBe('ABC');
		expect(cropSku(null, 'X')).toBeNull();
	});
});

describe('redact', () => {
	it('removes secrets from objects and text', () => {
		const out = redact({
			headers: { Authorization: 'Bearer abc', accept: 'x' },
			access_token: 't',
			nested: [{ clientSecret: 's' }],
		});
		expect(JSON.stringify(out)).not.toMatch(/abc|"t"|"s"/);
		expect(
			redactString('failed: Authorization: Bearer eyJhbGciOi.xyz and access_token=abc&x=1'),
		).toBe('failed: Authorization: Bearer [redacted] and access_token=[redacted]&x=1');
	});
});
