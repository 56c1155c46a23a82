import type { INode } from 'n8n-workflow';

import { inputError } from './errors';

/**
 * Checks of what users type, run before any request is sent. Every error names the parameter (display name and
 * internal name) and says what is allowed.
 */
export interface Field {
	/** Display name, as in the node's UI. */
	label: string;
	/** Internal parameter name (what expressions and templates use). */
	name: string;
}

/** The validator of one input item of a node run: its errors carry the node and the item index. */
export function validator(ctx: { getNode(): INode }, itemIndex: number): InputValidator {
	return new InputValidator(ctx.getNode(), itemIndex);
}

export class InputValidator {
	constructor(
		private readonly node: INode,
		private readonly itemIndex?: number,
	) {}

	fail(field: Field, value: unknown, allowed: string): never {
		const shown = value === undefined || value === '' ? 'nothing' : JSON.stringify(value);
		throw inputError(
			this.node,
			`Invalid value for "${field.label}" (${field.name}): got ${shown}. Allowed: ${allowed}.`,
			this.itemIndex,
		);
	}

	string(
		field: Field,
		value: unknown,
		options: { maxLength?: number; pattern?: RegExp; patternHint?: string } = {},
	) {
		const text = typeof value === 'number' ? String(value) : value;
		const max = options.maxLength ?? 1000;
		const allowed = `a non-empty text of at most ${max} characters${options.patternHint ? ` (${options.patternHint})` : ''}`;
		if (typeof text !== 'string' || text.trim() === '') this.fail(field, value, allowed);
		const trimmed = text.trim();
		if (trimmed.length > max) this.fail(field, value, allowed);
		if (options.pattern && !options.pattern.test(trimmed)) this.fail(field, value, allowed);
		return trimmed;
	}

	optionalString(
		field: Field,
		value: unknown,
		options: { maxLength?: number; pattern?: RegExp; patternHint?: string } = {},
	) {
		if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
			return undefined;
		return this.string(field, value, options);
	}

	integer(field: Field, value: unknown, min: number, max: number): number {
		const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
		if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
			this.fail(field, value, `a whole number from ${min} to ${max}`);
		}
		return number;
	}

	number(field: Field, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
		const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
		if (typeof number !== 'number' || !Number.isFinite(number) || number < min || number > max) {
			this.fail(
				field,
				value,
				max === Number.MAX_SAFE_INTEGER
					? `a number of at least ${min}`
					: `a number from ${min} to ${max}`,
			);
		}
		return number;
	}

	oneOf<T extends string>(field: Field, value: unknown, allowed: readonly T[]): T {
		const text = typeof value === 'string' ? value.trim() : value;
		if (typeof text !== 'string' || !allowed.includes(text as T))
			this.fail(field, value, `one of ${allowed.join(', ')}`);
		return text as T;
	}

	/** A non-empty JSON array of objects, given as JSON text or as an array (an expression's value). */
	jsonArray(field: Field, value: unknown, example: string): Array<Record<string, unknown>> {
		let parsed = value;
		if (typeof value === 'string') {
			try {
				parsed = JSON.parse(value);
			} catch {
				this.fail(field, value, `a JSON array like ${example}`);
			}
		}
		if (
			!Array.isArray(parsed) ||
			parsed.length === 0 ||
			parsed.some((e) => e === null || typeof e !== 'object' || Array.isArray(e))
		) {
			this.fail(field, value, `a non-empty JSON array of objects like ${example}`);
		}
		return parsed as Array<Record<string, unknown>>;
	}

	/**
	 * A regular expression the user typed (e.g. a SKU prefix to crop); undefined when empty. Anything but a text fails
	 * too: a pattern that is silently ignored crops nothing. `example` is added to the error ("e.g. BOL- or (NL|BE)").
	 */
	optionalPattern(field: Field, value: unknown, example?: string): string | undefined {
		if (value === undefined || value === null || value === '') return undefined;
		const hint = example ? `, e.g. ${example}` : '';
		if (typeof value !== 'string') this.fail(field, value, `a regular expression${hint}`);
		try {
			new RegExp(value);
		} catch {
			this.fail(field, value, `a valid regular expression${hint}`);
		}
		return value;
	}

	/** GTIN-8/12/13/14 with a valid check digit (EAN-13 is what Bol and Zalando use). */
	ean(field: Field, value: unknown): string {
		const text =
			typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
		const allowed = 'an EAN/GTIN of 8, 12, 13 or 14 digits with a valid check digit';
		if (!/^(\d{8}|\d{12,14})$/.test(text) || !validGtinCheckDigit(text))
			this.fail(field, value, allowed);
		return text;
	}

	/** ISO 8601 date or date-time; returns the parsed time. */
	date(field: Field, value: unknown): Date {
		const text =
			value instanceof Date ? value.toISOString() : typeof value === 'string' ? value.trim() : '';
		const time = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)
			? Date.parse(text)
			: NaN;
		if (Number.isNaN(time))
			this.fail(
				field,
				value,
				'an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T10:00:00Z',
			);
		return new Date(time);
	}

	/** Carrier tracking code: letters, digits and - _ . / only. */
	trackingCode(field: Field, value: unknown, maxLength = 100): string {
		return this.string(field, value, {
			maxLength,
			pattern: /^[A-Za-z0-9][A-Za-z0-9\-_./]*$/,
			patternHint: 'letters, digits and - _ . / without spaces',
		});
	}

	/** A list of ids given as an array or a comma-separated text. */
	idList(
		field: Field,
		value: unknown,
		options: { min?: number; max?: number; pattern?: RegExp; patternHint?: string } = {},
	) {
		const raw = Array.isArray(value)
			? value.map((v) => String(v))
			: typeof value === 'string' || typeof value === 'number'
				? String(value).split(',')
				: [];
		const ids = raw.map((v) => v.trim()).filter((v) => v !== '');
		const min = options.min ?? 1;
		const max = options.max ?? 1000;
		const allowed = `a comma-separated list of ${min} to ${max} ids${options.patternHint ? ` (${options.patternHint})` : ''}`;
		if (ids.length < min || ids.length > max) this.fail(field, value, allowed);
		if (options.pattern && ids.some((id) => !options.pattern!.test(id)))
			this.fail(field, value, allowed);
		return [...new Set(ids)];
	}
}

export function validGtinCheckDigit(code: string): boolean {
	const digits = code.split('').map(Number);
	const check = digits.pop()!;
	let sum = 0;
	for (let i = digits.length - 1, weight = 3; i >= 0; i--, weight = weight === 3 ? 1 : 3)
		sum += digits[i] * weight;
	return (10 - (sum % 10)) % 10 === check;
}
