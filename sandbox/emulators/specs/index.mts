import { existsSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

import { OpenApiValidator } from '../core/openapi.mts';

/**
 * Where the spec copies live (`sandbox/emulators/specs`): found from the working directory upwards, so it works from
 * the repository root, a test runner's root or a sub-folder. `MPS_EMULATOR_SPECS` overrides it.
 */
export function specDir(): string {
	const override = process.env.MPS_EMULATOR_SPECS;
	if (override) return path.resolve(override);
	let dir = process.cwd();
	for (;;) {
		const candidate = path.join(dir, 'sandbox', 'emulators', 'specs');
		if (existsSync(path.join(candidate, 'SOURCES.md'))) return candidate;
		const parent = path.dirname(dir);
		if (parent === dir)
			throw new Error(
				'cannot find sandbox/emulators/specs above the working directory; set MPS_EMULATOR_SPECS',
			);
		dir = parent;
	}
}

export function specFile(...parts: string[]): string {
	return path.join(specDir(), ...parts);
}

/** The process-wide validator over spec copies in `specs/<dir>/` (`referenced`: documents only pointed at by `$ref`). */
export function specValidator(
	dir: string,
	files: string[],
	referenced: Array<[string, string]> = [],
): OpenApiValidator {
	return OpenApiValidator.shared({
		files: files.map((file) => specFile(dir, file)),
		referencedFiles: referenced.map(([d, file]) => specFile(d, file)),
	});
}
