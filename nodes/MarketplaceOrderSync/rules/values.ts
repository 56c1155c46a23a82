/** Small readers for values that come from items and expressions. */

/** Reads `a.b.c` out of an object; a plain key with dots is tried first. */
export function readPath(source: unknown, path: string): unknown {
	if (source === null || typeof source !== 'object') return undefined;
	const record = source as Record<string, unknown>;
	if (path in record) return record[path];
	let current: unknown = source;
	for (const part of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

/**
 * A number from a number or a numeric text ("12.50", or "12,50" with a decimal comma); undefined otherwise. Texts with
 * thousands separators ("1,234.50") are not numbers here: a wrong price is worse than a missing one.
 */
export function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value.trim() !== '') {
		const text = value.trim();
		if (/^-?\d+,\d{1,2}$/.test(text)) return Number(text.replace(',', '.'));
		return /^-?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : undefined;
	}
	return undefined;
}
