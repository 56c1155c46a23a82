/**
 * Writes the template JSON files from their sources (the lanes are shared between stores, so they are code).
 *
 *   npx tsx workflows-templates/src/build.mts          # write workflows-templates/*.json
 *   npx tsx workflows-templates/src/build.mts --check  # exit 1 when a JSON file differs from its source
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

import { TEMPLATES } from './templates.mts';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** File name -> JSON text, as written. */
export function renderTemplates(): Map<string, string> {
	const files = new Map<string, string>();
	for (const [file, build] of Object.entries(TEMPLATES))
		files.set(file, `${JSON.stringify(build().toJSON(), null, '\t')}\n`);
	return files;
}

/** Template files whose content differs from what their source renders. */
export function staleTemplates(): string[] {
	const stale: string[] = [];
	for (const [file, text] of renderTemplates()) {
		let current = '';
		try {
			current = readFileSync(path.join(DIR, file), 'utf8');
		} catch {
			// missing
		}
		if (current !== text) stale.push(file);
	}
	return stale;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	if (process.argv.includes('--check')) {
		const stale = staleTemplates();
		for (const file of stale)
			console.log(`stale: ${file} (run: npx tsx workflows-templates/src/build.mts)`);
		process.exit(stale.length ? 1 : 0);
	}
	for (const [file, text] of renderTemplates()) {
		writeFileSync(path.join(DIR, file), text);
		console.log(`wrote workflows-templates/${file}`);
	}
}
