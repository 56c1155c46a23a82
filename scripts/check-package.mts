/**
 * Checks the package a user installs: packs the built package (`npm pack` of `dist/` as `npm run build` left it, into a
 * temporary directory) and fails when
 *
 *   - the tarball is larger than the budget (BUDGET_BYTES),
 *   - it holds a file that is not of an allowed kind (ALLOWED_KINDS: compiled nodes and credentials, codex files,
 *     icons, README, LICENSE, package.json; no pictures, source maps, build info, declarations or tests),
 *   - a path of package.json `n8n.nodes` / `n8n.credentials` is missing from it, a `*.node.js` / `*.credentials.js`
 *     in it is not registered there, or an icon a node or credential references (`file:...`) is missing,
 *   - an entry point does not load the way n8n loads it (`require` with n8n's packages on NODE_PATH, then `new
 *     <ClassName>()` where ClassName is the file name before the first dot),
 *   - n8n's community-package scanner rules report an error. `npx @n8n/scan-community-package` (n8n's verification
 *     gate) needs a package published with provenance and its GitHub source, so it cannot run on a local tarball; this
 *     runs its two ESLint legs with its configuration (scanner/scanner.mjs `buildScanConfig` and `analyzePackage`,
 *     `allowInlineConfig: false`, so `eslint-disable` comments do not count) on the unpacked tarball's `**\/*.js` +
 *     `package.json` and on the source checkout's `package.json` + `{nodes,credentials}/**\/*.{js,ts,json}`. The rules
 *     come from the `@n8n/eslint-plugin-community-nodes`, `eslint-plugin-n8n-nodes-base` and ESLint copies that the
 *     pinned `@n8n/node-cli` (a devDependency) brings: the versions `n8n-node lint` uses.
 *
 *   npx tsx scripts/check-package.mts      # after `npm run build`; scripts/test.sh runs it after its build step
 *
 * Prints the tarball's size and file count. Exit code 1 on any failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { ESLint, Linter } from 'eslint';

export const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Tarball (gzip) size budget in bytes. 0.1.0 packs to about 110 kB. */
export const BUDGET_BYTES = 300_000;

/** The kinds of file the tarball may hold; a path must match one (and stay under its size cap). */
export const ALLOWED_KINDS: { kind: string; pattern: RegExp; maxBytes?: number }[] = [
	{ kind: 'package.json', pattern: /^package\.json$/ },
	{
		kind: 'readme / license / changelog',
		pattern: /^(README|LICEN[CS]E|CHANGELOG)(\.md|\.txt)?$/i,
	},
	{ kind: 'compiled code', pattern: /^dist\/(nodes|credentials)\/.+(?<!\.(test|spec))\.js$/ },
	{ kind: 'codex', pattern: /^dist\/nodes\/.+\.node\.json$/ },
	{ kind: 'icon', pattern: /^dist\/(icons|nodes|credentials)\/.+\.(svg|png)$/, maxBytes: 50_000 },
];

export interface PackedFile {
	path: string;
	size: number;
}

export interface PackResult {
	tarball: string;
	size: number;
	unpackedSize: number;
	files: PackedFile[];
}

/** Files that are not of an allowed kind, with the reason. */
export function disallowedFiles(files: PackedFile[]): string[] {
	const problems: string[] = [];
	for (const file of files) {
		const kind = ALLOWED_KINDS.find(({ pattern }) => pattern.test(file.path));
		if (!kind) problems.push(`${file.path}: not an allowed kind of file`);
		else if (kind.maxBytes !== undefined && file.size > kind.maxBytes)
			problems.push(`${file.path}: ${kind.kind} of ${kB(file.size)}, over ${kB(kind.maxBytes)}`);
	}
	return problems;
}

export interface N8nManifest {
	n8n?: { nodes?: string[]; credentials?: string[] };
}

/** package.json `n8n` entry points missing from the tarball, and nodes/credentials in it that are not registered. */
export function entryPointProblems(manifest: N8nManifest, paths: string[]): string[] {
	const inTarball = new Set(paths.map((p) => path.posix.normalize(p)));
	const registered = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])].map(
		(p) => path.posix.normalize(p),
	);
	const problems: string[] = [];
	if (!manifest.n8n?.nodes?.length) problems.push('package.json n8n.nodes is empty');
	for (const entry of registered)
		if (!inTarball.has(entry))
			problems.push(`${entry}: in package.json n8n but not in the tarball`);
	for (const file of inTarball)
		if (/\.(node|credentials)\.js$/.test(file) && !registered.includes(file))
			problems.push(`${file}: in the tarball but not registered in package.json n8n`);
	return problems;
}

/** The `file:` references (icons) in a compiled node or credential, as written. */
export function fileReferences(source: string): string[] {
	return [...source.matchAll(/(["'`])file:([^"'`]+)\1/g)].map((match) => match[2]);
}

/** `file:` references of the tarball's code that do not resolve to a file in the tarball. */
export async function missingReferencedFiles(dir: string, paths: string[]): Promise<string[]> {
	const inTarball = new Set(paths);
	const problems: string[] = [];
	for (const file of paths.filter((p) => p.endsWith('.js'))) {
		const source = await readFile(path.join(dir, file), 'utf8');
		for (const ref of fileReferences(source)) {
			const target = path.posix.join(path.posix.dirname(file), ref);
			if (!inTarball.has(target))
				problems.push(`${file}: references file:${ref} (${target}), not in the tarball`);
		}
	}
	return problems;
}

/** Loads every entry point as n8n does; returns the failures. */
export function loadProblems(dir: string, manifest: N8nManifest, nodePath: string): string[] {
	const entries = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const script = `
const path = require('node:path');
const problems = [];
for (const entry of ${JSON.stringify(entries)}) {
	const className = path.basename(entry).split('.')[0];
	try {
		const exported = require(path.join(${JSON.stringify(dir)}, entry))[className];
		if (typeof exported !== 'function') throw new Error('does not export a class ' + className);
		const instance = new exported();
		const name = entry.endsWith('.credentials.js') ? instance.name : instance.description && instance.description.name;
		if (typeof name !== 'string' || !name) throw new Error('has no ' + (entry.endsWith('.credentials.js') ? 'name' : 'description.name'));
	} catch (error) {
		problems.push(entry + ': does not load: ' + (error && error.message));
	}
}
process.stdout.write(JSON.stringify(problems));
`;
	const result = spawnSync(process.execPath, ['-e', script], {
		cwd: dir,
		env: { ...process.env, NODE_PATH: nodePath },
		encoding: 'utf8',
	});
	if (result.status !== 0) return [`loading the entry points failed: ${result.stderr}`];
	return JSON.parse(result.stdout) as string[];
}

/** `npm pack` of the package at `root` into `destination`. */
export function pack(root: string, destination: string): PackResult {
	const result = spawnSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
		{ cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
	);
	if (result.status !== 0) throw new Error(`npm pack failed (${result.status}): ${result.stderr}`);
	const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as {
		filename: string;
		size: number;
		unpackedSize: number;
		files: PackedFile[];
	}[];
	return {
		tarball: path.join(destination, path.basename(info.filename)),
		size: info.size,
		unpackedSize: info.unpackedSize,
		files: info.files
			.map(({ path: p, size }) => ({ path: p, size }))
			.sort((a, b) => a.path.localeCompare(b.path)),
	};
}

// --- n8n's community-package scanner rules ---------------------------------------------------------------------------

/** Requires resolved from the pinned `@n8n/node-cli`, so the rules are the ones `n8n-node lint` uses. */
function nodeCliRequire(): NodeRequire {
	const fromRepo = createRequire(path.join(REPO, 'package.json'));
	return createRequire(fromRepo.resolve('@n8n/node-cli/eslint'));
}

async function importFrom(require: NodeRequire, specifier: string): Promise<any> {
	return await import(pathToFileURL(require.resolve(specifier)).href);
}

/** `buildScanConfig` of @n8n/scan-community-package 0.32.0 (scanner/scanner.mjs), rule for rule. */
export async function scanConfig(): Promise<{
	ESLint: typeof ESLint;
	config: Linter.Config[];
	versions: Record<string, string>;
}> {
	const cli = nodeCliRequire();
	const eslintRequire = createRequire(cli.resolve('eslint'));
	const { ESLint: ESLintClass } = (await importFrom(cli, 'eslint')) as { ESLint: typeof ESLint };
	const { defineConfig } = await importFrom(eslintRequire, 'eslint/config');
	const { n8nCommunityNodesPlugin } = await importFrom(cli, '@n8n/eslint-plugin-community-nodes');
	const n8nNodesPlugin = (await importFrom(cli, 'eslint-plugin-n8n-nodes-base')).default;
	const tsParserModule = await importFrom(
		createRequire(cli.resolve('typescript-eslint')),
		'@typescript-eslint/parser',
	);
	const parser = tsParserModule.default ?? tsParserModule;

	const config = defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser } },
		{ files: ['**/*.ts'], languageOptions: { parser } },
	) as Linter.Config[];

	const version = (specifier: string, require = cli) =>
		(
			JSON.parse(readFileSync(require.resolve(`${specifier}/package.json`), 'utf8')) as {
				version: string;
			}
		).version;
	const pluginDir = path.dirname(path.dirname(cli.resolve('@n8n/eslint-plugin-community-nodes')));
	return {
		ESLint: ESLintClass,
		config,
		versions: {
			eslint: ESLintClass.version,
			'@n8n/eslint-plugin-community-nodes': (
				JSON.parse(readFileSync(path.join(pluginDir, 'package.json'), 'utf8')) as {
					version: string;
				}
			).version,
			'eslint-plugin-n8n-nodes-base': version('eslint-plugin-n8n-nodes-base'),
		},
	};
}

/** The scanner's tarball leg and source leg. */
export const TARBALL_PATTERNS = [/\.js$/, /^package\.json$/];
export const SOURCE_PATTERNS = [/^package\.json$/, /^(nodes|credentials)\/.+\.(js|ts|json)$/];

async function filesMatching(dir: string, patterns: RegExp[]): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true });
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) =>
			path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
		)
		.filter((rel) => !rel.split('/').includes('node_modules') && rel !== 'package-lock.json')
		.filter((rel) => patterns.some((pattern) => pattern.test(rel)))
		.sort();
}

export interface ScanResult {
	files: number;
	errors: number;
	warnings: number;
	/** rule ids of the errors, sorted, each once */
	errorRules: string[];
	report: string;
}

/** Lints `dir` the way `analyzePackage` of the scanner does (`allowInlineConfig: false`). */
export async function scan(dir: string, patterns: RegExp[]): Promise<ScanResult> {
	const { ESLint: ESLintClass, config } = await scanConfig();
	const eslint = new ESLintClass({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: config,
	});
	const files = await filesMatching(dir, patterns);
	if (files.length === 0) return { files: 0, errors: 0, warnings: 0, errorRules: [], report: '' };
	const results = await eslint.lintFiles(files.map((f) => path.join(dir, f)));
	const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
	const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
	const formatter = await eslint.loadFormatter('stylish');
	const report = errors + warnings > 0 ? await formatter.format(results) : '';
	const errorRules = [
		...new Set(
			results.flatMap((r) =>
				r.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? 'parse'),
			),
		),
	].sort();
	return { files: files.length, errors, warnings, errorRules, report };
}

// --- main ------------------------------------------------------------------------------------------------------------

function kB(bytes: number): string {
	return `${(bytes / 1000).toFixed(1)} kB`;
}

async function main(): Promise<number> {
	const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as N8nManifest;
	if (!existsSync(path.join(REPO, 'dist'))) {
		console.error('[package] dist/ is missing: run `npm run build` first');
		return 1;
	}
	const work = await mkdtemp(path.join(os.tmpdir(), 'mps-package-'));
	try {
		const packed = pack(REPO, work);
		const unpacked = path.join(work, 'package');
		await mkdir(unpacked);
		const tar = spawnSync('tar', ['-xzf', packed.tarball, '-C', unpacked, '--strip-components=1'], {
			encoding: 'utf8',
		});
		if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
		const paths = packed.files.map((f) => f.path);

		console.log(
			`[package] ${path.basename(packed.tarball)}: ${kB(packed.size)} packed (budget ${kB(BUDGET_BYTES)}), ` +
				`${kB(packed.unpackedSize)} unpacked, ${packed.files.length} files`,
		);
		const failures: string[] = [];
		if (packed.size > BUDGET_BYTES)
			failures.push(`tarball is ${kB(packed.size)}, over the budget of ${kB(BUDGET_BYTES)}`);
		failures.push(...disallowedFiles(packed.files));
		failures.push(...entryPointProblems(manifest, paths));
		failures.push(...(await missingReferencedFiles(unpacked, paths)));
		failures.push(...loadProblems(unpacked, manifest, path.join(REPO, 'node_modules')));

		const { versions } = await scanConfig();
		console.log(
			`[package] scanner rules: ${Object.entries(versions)
				.map(([name, v]) => `${name}@${v}`)
				.join(', ')}`,
		);
		for (const [leg, dir, patterns] of [
			['tarball', unpacked, TARBALL_PATTERNS],
			['source', REPO, SOURCE_PATTERNS],
		] as const) {
			const result = await scan(dir, patterns);
			console.log(
				`[package] scanner (${leg}): ${result.files} files, ${result.errors} errors, ${result.warnings} warnings`,
			);
			if (result.report) console.log(result.report);
			if (result.errors > 0) failures.push(`scanner (${leg}): ${result.errors} errors (above)`);
		}

		if (failures.length > 0) {
			console.error(`[package] FAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
			return 1;
		}
		console.log('[package] ok');
		return 0;
	} finally {
		await rm(work, { recursive: true, force: true });
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	process.exitCode = await main();
}
