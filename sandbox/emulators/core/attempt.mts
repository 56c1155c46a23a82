import type { EmulatorResponse, Handler } from './http.mts';

/** Result of running code that may throw: lets callers translate errors without re-throwing inside a catch. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function attempt<T>(fn: () => T): Attempt<T> {
	try {
		return { ok: true, value: fn() };
	} catch (error) {
		return { ok: false, error };
	}
}

export async function attemptAsync<T>(fn: () => Promise<T> | T): Promise<Attempt<T>> {
	try {
		return { ok: true, value: await fn() };
	} catch (error) {
		return { ok: false, error };
	}
}

/**
 * A handler whose rule violations (errors `map` recognises) become the service's error responses; anything else
 * propagates and the core answers 500 `emulator error`.
 */
export function withErrorMapping(
	handler: Handler,
	map: (error: unknown) => EmulatorResponse | undefined,
): Handler {
	return async (req) => {
		const result = await attemptAsync(() => handler(req));
		if (result.ok) return result.value;
		const mapped = map(result.error);
		if (mapped) return mapped;
		throw result.error;
	};
}

/** Runs `fn`; an error of class `from` is replaced by `to(error)` (e.g. a store rule error by a SeedError). */
export function translateError<T, E extends Error>(
	fn: () => T,
	from: new (...args: never[]) => E,
	to: (error: E) => Error,
): T {
	const result = attempt(fn);
	if (result.ok) return result.value;
	throw result.error instanceof from ? to(result.error) : result.error;
}
