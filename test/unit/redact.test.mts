import { describe, expect, it } from 'vitest';

import { redactDeep, redactSecretValues, redactString } from '../../nodes/shared/redact';

describe('redactString', () => {
	it('redacts secret headers echoed as text, JSON (also escaped) and XML', () => {
		expect(redactString('x-amz-access-token: Atza|abc123 and more')).toBe(
			'x-amz-access-token: [redacted] and more',
		);
		expect(redactString('{"x-amz-access-token":"Atza|abc","accept":"json"}')).toBe(
			'{"x-amz-access-token":"[redacted]","accept":"json"}',
		);
		expect(redactString('{\\"Authorization\\": \\"Bearer eyJ.abc\\"}')).toBe(
			'{\\"Authorization\\": \\"Bearer [redacted]\\"}',
		);
		expect(
			redactString(
				'<Error><X-Amz-Security-Token>FQoG</X-Amz-Security-Token><Code>x</Code></Error>',
			),
		).toBe('<Error><X-Amz-Security-Token>[redacted]</X-Amz-Security-Token><Code>x</Code></Error>');
		expect(
			redactString(
				'Authorization: AWS4-HMAC-SHA256 Credential=AKIA1/20261123/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=abcdef',
			),
		).toBe('Authorization: AWS4-HMAC-SHA256 [redacted], SignedHeaders=host, Signature=[redacted]');
	});

	it("redacts Spartoo's partner key in an echoed form body and in its XML answers, both spellings", () => {
		const key = 'SPKEY-0123456789abcdef';
		const text = `POST /mp/xml_maj_orders.php partner=${key}&oID=1 <partenaire>${key}</partenaire> statut=2`;
		const redacted = redactString(text);
		expect(redacted).not.toContain(key);
		expect(redacted).toContain('partner=[redacted]');
		expect(redacted).toContain('<partenaire>[redacted]</partenaire>');
		expect(redacted).toContain('statut=2');
		// the word alone is not a secret: Spartoo's own message for code -2 stays readable
		expect(redactString('code -2, unknown partner: the partner key is wrong')).toBe(
			'code -2, unknown partner: the partner key is wrong',
		);
	});

	it('drops the query string of pre-signed URLs, keeps the rest of the text', () => {
		expect(
			redactString(
				'expired (https://b.s3.amazonaws.com/doc?X-Amz-Credential=A%2Fb&X-Amz-Security-Token=T&X-Amz-Signature=S) see',
			),
		).toBe('expired (https://b.s3.amazonaws.com/doc?[redacted]) see');
		expect(redactString('https://b.s3.amazonaws.com/doc?versionId=3')).toBe(
			'https://b.s3.amazonaws.com/doc?versionId=3',
		);
		expect(redactString('/doc?a=1&X-Amz-Signature=abc&b=2')).toBe(
			'/doc?a=1&X-Amz-Signature=[redacted]&b=2',
		);
	});
});

describe('redactSecretValues', () => {
	it('replaces every occurrence of a secret in use, also URL-encoded, whatever surrounds it', () => {
		const token = 'Atza|IwEBIExampleToken';
		expect(
			redactSecretValues(`gateway saw ${token}; url ?t=${encodeURIComponent(token)}`, [token]),
		).toBe('gateway saw [redacted]; url ?t=[redacted]');
	});

	it('ignores values too short to be secrets', () => {
		expect(redactSecretValues('stale token sent', ['stale', ''])).toBe('stale token sent');
	});

	it('redactDeep redacts nested strings and secret keys', () => {
		const out = redactDeep(
			{ a: [{ note: 'the secret-value-123 leaked' }], clientSecret: 'x', n: 1 },
			['secret-value-123'],
		);
		expect(out).toEqual({
			a: [{ note: 'the [redacted] leaked' }],
			clientSecret: '[redacted]',
			n: 1,
		});
	});
});
