/**
 * Secrets never leave the node: not in output, not in error messages, not in logs.
 * Everything that may carry a marketplace payload or a request description passes through `redact`; error texts
 * additionally go through `redactSecretValues` with the secrets actually in use (see `errors.ts`).
 */
const SECRET_KEY_PATTERN =
	/^(authorization|proxy-authorization|x-amz-access-token|x-amz-security-token|x-amz-signature|x-amz-credential|access[_-]?token|refresh[_-]?token|id[_-]?token|restricted[_-]?data[_-]?token|client[_-]?secret|secret|password|api[_-]?key|partner|session[_-]?token|cookie|set-cookie|signatureprovided|awsaccesskeyid|stringtosign|stringtosignbytes|canonicalrequest|canonicalrequestbytes)$/i;

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
	return SECRET_KEY_PATTERN.test(key);
}

/** Deep copy of `value` with every secret-looking key replaced by `[redacted]` and every string redacted. */
export function redact<T>(value: T, depth = 0): T {
	if (depth > 20 || value === null || typeof value !== 'object') {
		return typeof value === 'string' ? (redactString(value) as unknown as T) : value;
	}
	if (Array.isArray(value)) {
		return value.map((entry) => redact(entry, depth + 1)) as unknown as T;
	}
	const copy: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
		copy[key] = isSecretKey(key) ? REDACTED : redact(entry, depth + 1);
	}
	return copy as T;
}

/**
 * Names whose value is a secret wherever it shows up in text: request headers a gateway echoes, query parameters of
 * pre-signed URLs, form fields, JSON keys, XML elements of S3 error bodies.
 */
const SECRET_NAMES =
	'authorization|proxy-authorization|x-amz-access-token|x-amz-security-token|x-amz-signature|x-amz-credential|access_token|accessToken|refresh_token|refreshToken|client_secret|clientSecret|restrictedDataToken|restricted_data_token|id_token|session_token|password|api_key|apiKey|signature|SignatureProvided|AWSAccessKeyId|StringToSign|StringToSignBytes|CanonicalRequest|CanonicalRequestBytes|cookie|set-cookie';

/** `name: value`, `name=value`, `"name":"value"`, `\"name\": \"value\"`; keeps an auth scheme word (Bearer ...). */
const NAMED_VALUE = new RegExp(
	`(^|[^\\w-])(${SECRET_NAMES})([\\\\"']*\\s*[:=]\\s*[\\\\"']*)((?:Bearer|Basic|AWS4-HMAC-SHA256)\\s+)?(\\[redacted\\]|[^\\s"'\\\\&,;<>}\\]]+)`,
	'gi',
);

/** `<name>value</name>` (S3 error bodies). */
const NAMED_ELEMENT = new RegExp(`<(${SECRET_NAMES})>([^<]*)</\\1>`, 'gi');

/**
 * Spartoo's partner key, as a form field (`partner=...`, `partenaire=...`) or an XML element of its answers. Only these
 * two shapes: "partner" is an everyday word in messages ("unknown partner: ..."), so `partner: x` is left alone.
 */
const PARTNER_FIELD = /(^|[^\w-])(partner|partenaire)=([^\s"'\\&,;<>}\]]+)/gi;
const PARTNER_ELEMENT = /<(partner|partenaire)>([^<]*)<\/\1>/gi;

/** A URL whose query string signs it (S3 pre-signed URLs, SigV4 query auth): the whole query string goes. */
const SIGNED_URL =
	/(https?:\/\/[^\s"'<>?\\()]*)\?([^\s"'<>\\()]*(?:x-amz-signature|x-amz-credential|x-amz-security-token|signature=|awsaccesskeyid)[^\s"'<>\\()]*)/gi;

/** Removes bearer tokens, basic credentials, secret headers, parameters and elements, and signed URL queries. */
export function redactString(text: string): string {
	return text
		.replace(SIGNED_URL, `$1?${REDACTED}`)
		.replace(/(Bearer|Basic)\s+[A-Za-z0-9\-._~+/|]+=*/g, `$1 ${REDACTED}`)
		.replace(NAMED_ELEMENT, `<$1>${REDACTED}</$1>`)
		.replace(PARTNER_ELEMENT, `<$1>${REDACTED}</$1>`)
		.replace(PARTNER_FIELD, `$1$2=${REDACTED}`)
		.replace(
			NAMED_VALUE,
			(_match, lead: string, name: string, separator: string, scheme: string | undefined) =>
				`${lead}${name}${separator}${scheme ?? ''}${REDACTED}`,
		);
}

/** Shorter values are not searched for: replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 6;

/** Every form in which `secret` may appear in text: as it is, URL-encoded, JSON-escaped. */
function secretForms(secret: string): string[] {
	const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
	return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/**
 * Replaces every occurrence of the given secret values (access token, client secret, refresh token, Restricted Data
 * Token ...) with `[redacted]`, then applies `redactString`. The most robust protection: it does not depend on the
 * shape in which a server echoes what it received.
 */
export function redactSecretValues(text: string, secrets: readonly string[] = []): string {
	let result = text;
	const forms = secrets
		.filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
		.flatMap(secretForms)
		// longest first, so a secret that contains another one is replaced whole
		.sort((a, b) => b.length - a.length);
	for (const form of forms) result = result.split(form).join(REDACTED);
	return redactString(result);
}

/** Deep copy of `value` with `redact` applied and every secret value replaced (see `redactSecretValues`). */
export function redactDeep<T>(value: T, secrets: readonly string[] = [], depth = 0): T {
	if (typeof value === 'string') return redactSecretValues(value, secrets) as unknown as T;
	if (depth > 20 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) {
		return value.map((entry) => redactDeep(entry, secrets, depth + 1)) as unknown as T;
	}
	const copy: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
		copy[key] = isSecretKey(key) ? REDACTED : redactDeep(entry, secrets, depth + 1);
	}
	return copy as T;
}
