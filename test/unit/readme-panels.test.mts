/**
 * The README's "The nodes in the editor" shows every node of the package (each trigger too) and a credential dialog:
 * a picture per node, rendered by `npm run render:panels` (scripts/render-panels.mts), whose alt text names the node.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { INodeType } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[] };
};
const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
const section = readme.slice(
	readme.indexOf('## The nodes in the editor'),
	readme.indexOf('\n## ', readme.indexOf('## The nodes in the editor') + 1),
);

/** The display name of each node the package registers (from its source, as package.json lists the build). */
async function displayNames(): Promise<string[]> {
	const names: string[] = [];
	for (const built of manifest.n8n.nodes) {
		const source = built.replace(/^dist\//, '').replace(/\.js$/, '.ts');
		const className = path.basename(source, '.node.ts');
		const module = (await import(path.join(REPO, source))) as Record<string, new () => INodeType>;
		names.push(new module[className]().description.displayName);
	}
	return names;
}

describe('README: the nodes in the editor', () => {
	it('shows a panel picture of every node of the package, and the pictures exist', async () => {
		const pictures = [...section.matchAll(/!\[([^\]]+)\]\((docs\/panels\/[^)]+\.png)\)/g)];
		const missing = pictures
			.filter(([, , file]) => !existsSync(path.join(REPO, file)))
			.map(([, , file]) => file);
		expect(missing).toEqual([]);
		const names = await displayNames();
		const shown = names.filter((name) => pictures.some(([, alt]) => alt.startsWith(`${name}:`)));
		expect(shown).toEqual(names);
		expect(pictures.some(([, alt]) => /credential dialog/.test(alt))).toBe(true);
		// it imports every node of the package from source (transformed on first import): seconds on a busy machine
	}, 60_000);
});
