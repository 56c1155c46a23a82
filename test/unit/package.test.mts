/**
 * scripts/check-package.mts, the check of the package a user installs (run on the real tarball by scripts/test.sh
 * after the build): its file-kind, entry-point, icon and load checks, and that its run of n8n's community-package
 * scanner rules does report errors (with `eslint-disable` comments ignored, as the scanner does).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	disallowedFiles,
	entryPointProblems,
	fileReferences,
	loadProblems,
	missingReferencedFiles,
	REPO,
	scan,
	TARBALL_PATTERNS,
} from '../../scripts/check-package.mts';

const manifest = {
	n8n: {
		nodes: ['dist/nodes/Shop/Shop.node.js'],
		credentials: ['dist/credentials/ShopApi.credentials.js'],
	},
};

const NODE_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Shop = void 0;
class Shop {
    constructor() {
        this.description = { displayName: 'Shop', name: 'shop', icon: { light: 'file:../../icons/shop.svg', dark: 'file:../../icons/shop.dark.svg' } };
    }
}
exports.Shop = Shop;
`;
const CREDENTIALS_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
class ShopApi {
    constructor() {
        this.name = 'shopApi';
        this.icon = 'file:../icons/shop.svg';
    }
}
exports.ShopApi = ShopApi;
`;

async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
	for (const [file, content] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
		await writeFile(path.join(dir, file), content);
	}
}

describe('package check: file kinds', () => {
	it('accepts what n8n loads', () => {
		expect(
			disallowedFiles([
				{ path: 'package.json', size: 3000 },
				{ path: 'README.md', size: 50_000 },
				{ path: 'LICENSE.md', size: 1000 },
				{ path: 'dist/nodes/Shop/Shop.node.js', size: 9000 },
				{ path: 'dist/nodes/shared/transport/index.js', size: 9000 },
				{ path: 'dist/nodes/Shop/Shop.node.json', size: 500 },
				{ path: 'dist/credentials/ShopApi.credentials.js', size: 2000 },
				{ path: 'dist/icons/shop.svg', size: 500 },
				{ path: 'dist/nodes/Shop/shop.png', size: 4000 },
			]),
		).toEqual([]);
	});

	it('names pictures, maps, build info, declarations, tests, sources and oversized icons', () => {
		const problems = disallowedFiles([
			{ path: 'dist/docs/templates/bol-shopify-lifecycle.png', size: 300_000 },
			{ path: 'dist/nodes/Shop/Shop.node.js.map', size: 4000 },
			{ path: 'dist/tsconfig.tsbuildinfo', size: 230_000 },
			{ path: 'dist/nodes/Shop/Shop.node.d.ts', size: 200 },
			{ path: 'dist/nodes/Shop/Shop.test.js', size: 200 },
			{ path: 'dist/package.json', size: 3000 },
			{ path: 'nodes/Shop/Shop.node.ts', size: 3000 },
			{ path: 'test/unit/shop.test.mts', size: 3000 },
			{ path: 'dist/icons/huge.png', size: 80_000 },
		]);
		expect(problems).toHaveLength(9);
		expect(problems[0]).toBe(
			'dist/docs/templates/bol-shopify-lifecycle.png: not an allowed kind of file',
		);
		expect(problems[8]).toBe('dist/icons/huge.png: icon of 80.0 kB, over 50.0 kB');
	});
});

describe('package check: entry points and icons', () => {
	it('names registered paths missing from the tarball and unregistered nodes in it', () => {
		expect(
			entryPointProblems(manifest, [
				'package.json',
				'dist/nodes/Shop/Shop.node.js',
				'dist/nodes/Shop/ShopTrigger.node.js',
			]),
		).toEqual([
			'dist/credentials/ShopApi.credentials.js: in package.json n8n but not in the tarball',
			'dist/nodes/Shop/ShopTrigger.node.js: in the tarball but not registered in package.json n8n',
		]);
		expect(entryPointProblems({}, [])).toEqual(['package.json n8n.nodes is empty']);
	});

	it('reads file: references of compiled code', () => {
		expect(fileReferences(NODE_JS)).toEqual(['../../icons/shop.svg', '../../icons/shop.dark.svg']);
	});

	describe('on a package directory', () => {
		let dir: string;
		beforeAll(async () => {
			dir = await mkdtemp(path.join(os.tmpdir(), 'mps-package-test-'));
			await writeTree(dir, {
				'dist/nodes/Shop/Shop.node.js': NODE_JS,
				'dist/credentials/ShopApi.credentials.js': CREDENTIALS_JS,
				'dist/icons/shop.svg': '<svg/>',
				'dist/nodes/Broken/Broken.node.js': 'exports.Other = class {};',
			});
		});
		afterAll(async () => {
			await rm(dir, { recursive: true, force: true });
		});

		it('names icons that are referenced but not packed', async () => {
			const paths = [
				'dist/nodes/Shop/Shop.node.js',
				'dist/credentials/ShopApi.credentials.js',
				'dist/icons/shop.svg',
			];
			expect(await missingReferencedFiles(dir, paths)).toEqual([
				'dist/nodes/Shop/Shop.node.js: references file:../../icons/shop.dark.svg (dist/icons/shop.dark.svg), not in the tarball',
			]);
		});

		it('loads entry points as n8n does', () => {
			const nodeModules = path.join(REPO, 'node_modules');
			expect(loadProblems(dir, manifest, nodeModules)).toEqual([]);
			const broken = {
				n8n: { nodes: ['dist/nodes/Broken/Broken.node.js', 'dist/nodes/Gone.node.js'] },
			};
			const problems = loadProblems(dir, broken, nodeModules);
			expect(problems).toHaveLength(2);
			expect(problems[0]).toBe(
				'dist/nodes/Broken/Broken.node.js: does not load: does not export a class Broken',
			);
			expect(problems[1]).toMatch(
				/^dist\/nodes\/Gone\.node\.js: does not load: Cannot find module/,
			);
		});
	});
});

describe('package check: n8n scanner rules', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'mps-package-scan-'));
		await writeTree(dir, {
			'package.json': JSON.stringify({
				name: 'n8n-nodes-shop',
				version: '0.1.0',
				description: 'Shop nodes',
				license: 'MIT',
				author: { name: 'Someone', email: 'someone@example.com' },
				files: ['dist'],
				n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/Shop/Shop.node.js'] },
				dependencies: { axios: '1.0.0' },
				peerDependencies: { 'n8n-workflow': '*' },
			}),
			'dist/nodes/Shop/Shop.node.js': `"use strict";
// eslint-disable-next-line
setTimeout(() => undefined, 10);
/* eslint-disable */
eval('1');
exports.x = 1;
`,
		});
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it('reports errors of compiled code and package.json, ignoring eslint-disable comments', async () => {
		const result = await scan(dir, TARBALL_PATTERNS);
		expect(result.files).toBe(2);
		expect(result.errorRules).toEqual(
			expect.arrayContaining([
				'@n8n/community-nodes/no-dangerous-functions',
				'@n8n/community-nodes/no-restricted-globals',
				'@n8n/community-nodes/no-runtime-dependencies',
			]),
		);
		expect(result.report).toContain('Shop.node.js');
	}, 60_000);
});
