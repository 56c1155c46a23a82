/**
 * Secrets never leave the node: not in output, not in error messages, not in logs.
 * Everything that may carry a marketplace payload or a request description passes through `redact`.
 */
const SECRET_KEY_PATTERN =
	/^(authorization|proxy-authorization|x-amz-access-token|x-amz-security-token|access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?secret|secret|password|api[_-]?key|partner|session[_-]?token|cookie|set-cookie)$/i;

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
	return SECRET_KEY_PATTERN.test(key);
}

/** Deep copy of `value` with every secret-looking key replaced by `[redacted]`. */
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

/** Removes bearer tokens and basic credentials that may be embedded in free text. */
export function redactString(text: string): string {
	return text
		.replace(/(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g, `$1 ${REDACTED}`)
		.replace(/((?:access_token|refresh_token|client_secret|password)=)[^&\s"]+/gi, `$1${REDACTED}`);
}
