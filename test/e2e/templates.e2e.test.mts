/**
 * Every workflow template in workflows-templates/ imports cleanly into a real n8n with this package installed and
 * references only node types (and versions) and credential types that n8n has registered. The checker itself is
 * proven on a sound and on a broken workflow, so the suite checks something even while there are no templates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	bolOrdersWorkflow,
	checkWorkflow,
	MANUAL_TRIGGER,
	manualWorkflow,
	N8nInstance,
	readTemplates,
	REPO_ROOT,
	TEMPLATES_DIR,
	TypeRegistry,
	type N8nServer,
	type PackageManifest,
	type TemplateFile,
	type WorkflowJson,
} from '../../sandbox/n8n/index.mts';
import { builtPackage } from './support.mts';

describe('workflow templates', () => {
	let manifest: PackageManifest;
	let templates: TemplateFile[];
	let instance: N8nInstance | undefined;
	let server: N8nServer;
	let registry: TypeRegistry;
	const importErrors = new Map<string, string>();

	beforeAll(async () => {
		manifest = await builtPackage();
		templates = await readTemplates();
		instance = await N8nInstance.create({ packageDir: REPO_ROOT });
		// imported with the CLI before n8n starts, as `npm start` does: the whole directory in one CLI run, and only
		// when that fails file by file, to name the template that does not import
		const imported = await instance
			.importWorkflowDirectory(TEMPLATES_DIR)
			.then(() => true)
			.catch(() => false);
		if (!imported) {
			for (const template of templates) {
				await instance.importWorkflowFile(template.file).catch((error: Error) => {
					importErrors.set(template.relative, error.message);
				});
			}
		}
		server = await instance.start();
		registry = new TypeRegistry(await server.nodeTypes(), await server.credentialTypes());
	});

	afterAll(async () => {
		await instance?.dispose();
	});

	it('the checker accepts a sound workflow using this package', () => {
		const workflow = bolOrdersWorkflow({
			id: 'checkerSound00001',
			name: 'sound',
			manifest,
			credential: { id: 'x', name: 'x' },
		});
		expect(checkWorkflow(workflow, registry, manifest)).toEqual([]);
	});

	it('the checker reports unknown types, versions, credentials, dev-mode names, dangling connections, no id', () => {
		const broken: WorkflowJson = {
			...manualWorkflow({
				id: 'checkerBroken0001',
				name: 'broken',
				node: {
					name: 'Bol',
					type: `CUSTOM.bolRetailer`,
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
			}),
		};
		broken.nodes.push(
			{
				name: 'Ghost',
				type: `${manifest.name}.doesNotExist`,
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{ ...MANUAL_TRIGGER, name: 'Old Trigger', typeVersion: 99 },
			{
				name: 'Wrong Credential',
				type: manifest.nodes[0].type,
				typeVersion: manifest.nodes[0].versions[0],
				position: [0, 0],
				parameters: {},
				credentials: {
					noSuchCredentialApi: { id: '1', name: 'x' },
					httpHeaderAuth: { id: '2', name: 'y' },
				},
			},
		);
		broken.connections.Nowhere = { main: [[{ node: 'Missing', type: 'main', index: 0 }]] };
		delete broken.id;
		const problems = checkWorkflow(broken, registry, manifest).join('\n');
		expect(problems).toMatch(/"Bol" uses the dev-mode type CUSTOM\.bolRetailer/);
		expect(problems).toMatch(
			/"Ghost" has the unknown node type n8n-nodes-marketplace-sync\.doesNotExist/,
		);
		expect(problems).toMatch(/"Old Trigger": n8n-nodes-base\.manualTrigger has no typeVersion 99/);
		expect(problems).toMatch(
			/"Wrong Credential" uses the unknown credential type noSuchCredentialApi/,
		);
		expect(problems).toMatch(
			/"Wrong Credential": .* does not accept credentials of type httpHeaderAuth/,
		);
		expect(problems).toMatch(/a connection starts at the missing node "Nowhere"/);
		expect(problems).toMatch(/goes to the missing node "Missing"/);
		expect(problems).toMatch(/the workflow has no id/);
	});

	it('every template imports cleanly with the n8n CLI', () => {
		expect(Object.fromEntries(importErrors)).toEqual({});
	});

	it('every template references only registered node types, versions and credential types', () => {
		const problems: Record<string, string[]> = {};
		for (const template of templates) {
			template.workflows.forEach((workflow, index) => {
				const found = checkWorkflow(workflow, registry, manifest);
				if (found.length > 0) problems[`${template.relative}#${index}`] = found;
			});
		}
		expect(problems).toEqual({});
	});

	it('every imported template is stored in n8n with all its nodes', async () => {
		const stored = await server.rest<Array<{ id: string; name: string }>>('GET', '/rest/workflows');
		for (const template of templates) {
			for (const workflow of template.workflows) {
				const match = stored.find((entry) =>
					workflow.id ? entry.id === workflow.id : entry.name === workflow.name,
				);
				expect(match, `${template.relative}: "${workflow.name}" is not in n8n`).toBeDefined();
				const full = await server.getWorkflow(match!.id);
				expect(full.nodes.map((node) => node.name).sort()).toEqual(
					workflow.nodes.map((node) => node.name).sort(),
				);
			}
		}
	});
});
