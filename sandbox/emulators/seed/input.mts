/**
 * Reading the loosely typed objects of `POST /__admin/seed` (and request bodies): a field of the wanted type, or
 * undefined. Shared by the services' explicit seed inputs.
 */
export type Input = Record<string, unknown>;

/** The value itself when it is a plain object, else `{}`. */
export function asInput(value: unknown): Input {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Input)
		: {};
}

/** A string field (numbers are taken as their text). */
export function str(input: Input, key: string): string | undefined {
	const value = input[key];
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

export function num(input: Input, key: string): number | undefined {
	const value = input[key];
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function bool(input: Input, key: string): boolean | undefined {
	const value = input[key];
	return typeof value === 'boolean' ? value : undefined;
}

/** An object field, or `{}`. */
export function obj(input: Input, key: string): Input {
	return asInput(input[key]);
}
