/**
 * The workflow templates (workflows-templates/*.json) are sound without running n8n: scripts/validate-templates.mts
 * checks their shape, node types and versions, every parameter against the node's description, credentials by type
 * only, connections and expressions; and each JSON file is what its source in workflows-templates/src renders.
 *
 * This package's nodes are checked against the built package (dist/). n8n's own nodes are checked against the
 * provisioned n8n's n8n-nodes-base (scripts/provision-n8n.sh); without it those checks are skipped with a notice,
 * unless MPS_REQUIRE_N8N=1 (test/e2e/lifecycle-templates.e2e.test.mts always requires it).
 */
import { shippedMarketplaces } from '../../nodes/shared/marketplaces';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import {
	loadCatalog,
	referencedNodes,
	templateFiles,
	validateTemplates,
	validateWorkflow,
	type TemplateWorkflow,
} from '../../scripts/validate-templates.mts';
import { AMAZON_LANES } from '../../workflows-templates/src/amazon.mts';
import { BOL_LANES } from '../../workflows-templates/src/bol.mts';
import { staleTemplates } from '../../workflows-templates/src/build.mts';
import { MIINTO_LANES } from '../../workflows-templates/src/miinto.mts';
import { stockTemplate } from '../../workflows-templates/src/multi-stock.mts';
import { SPARTOO_LANES } from '../../workflows-templates/src/spartoo.mts';
import { WOOCOMMERCE } from '../../workflows-templates/src/woocommerce.mts';
import { ZALANDO_LANES } from '../../workflows-templates/src/zalando.mts';

const requireN8n = process.env.MPS_REQUIRE_N8N === '1';
const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('workflow templates', () => {
	const { reports, baseSkipped } = validateTemplates({ requireN8n });

	it('there are templates', () => {
		expect(templateFiles().length).toBeGreaterThan(0);
	});

	it('every template passes validate-templates', () => {
		if (baseSkipped) console.warn(`templates: ${baseSkipped}`);
		const problems = Object.fromEntries(
			reports
				.filter((report) => report.problems.length)
				.map((report) => [`${report.file}: ${report.workflow}`, report.problems]),
		);
		expect(problems).toEqual({});
	});

	it('no node evaluated per item reads a whole node output (quadratic: 1,900 store orders took 88 s in one If node)', () => {
		const problems: string[] = [];
		for (const file of templateFiles()) {
			interface PlainNode {
				name: string;
				type: string;
				executeOnce?: boolean;
				parameters: Record<string, unknown>;
			}
			const parsed = JSON.parse(readFileSync(file, 'utf8')) as PlainNode[] | { nodes: PlainNode[] };
			for (const node of Array.isArray(parsed) ? parsed : parsed.nodes) {
				// Code nodes (once for all items), nodes that run once, and notes read whole outputs once at most
				if (node.executeOnce || node.type === 'n8n-nodes-base.stickyNote') continue;
				if (node.type === 'n8n-nodes-base.code' && node.parameters.mode !== 'runOnceForEachItem')
					continue;
				if (/\$\('[^']+'\)\.all\(|\$input\.all\(|\$items\(/.test(JSON.stringify(node.parameters)))
					problems.push(`${path.basename(file)}: "${node.name}"`);
			}
		}
		expect(problems).toEqual([]);
	});

	it('no two nodes and no two sticky notes of a template overlap on the canvas', () => {
		const problems: string[] = [];
		for (const file of templateFiles()) {
			interface CanvasNode {
				name: string;
				type: string;
				position: [number, number];
				parameters: Record<string, unknown>;
			}
			const parsed = JSON.parse(readFileSync(file, 'utf8')) as
				| CanvasNode[]
				| { nodes: CanvasNode[] };
			const workflow = {
				nodes: (Array.isArray(parsed) ? parsed : [parsed]).flatMap(
					(entry) => (entry as { nodes: CanvasNode[] }).nodes,
				),
			};
			const nodes = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
			const notes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
			for (const [i, a] of nodes.entries()) {
				for (const b of nodes.slice(i + 1)) {
					// a node is 100 x 100 with its label below it: keep 120 x 120 between the corners
					if (
						Math.abs(a.position[0] - b.position[0]) < 120 &&
						Math.abs(a.position[1] - b.position[1]) < 120
					) {
						problems.push(`${path.basename(file)}: "${a.name}" overlaps "${b.name}"`);
					}
				}
			}
			const box = (note: (typeof notes)[number]) => ({
				x: note.position[0],
				y: note.position[1],
				w: Number(note.parameters.width),
				h: Number(note.parameters.height),
			});
			for (const [i, a] of notes.entries()) {
				for (const b of notes.slice(i + 1)) {
					const [p, q] = [box(a), box(b)];
					if (p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h)
						problems.push(`${path.basename(file)}: two notes overlap ("${a.name}", "${b.name}")`);
				}
			}
		}
		expect(problems).toEqual([]);
	});

	it('every template has its picture (npm run render:templates), shown in workflows-templates/README.md', () => {
		const readme = readFileSync(path.join(path.dirname(templateFiles()[0]), 'README.md'), 'utf8');
		const missing = templateFiles()
			.map((file) => path.basename(file).replace(/\.json$/, '.png'))
			.filter(
				(png) =>
					!existsSync(path.join(REPO, 'docs', 'templates', png)) ||
					!readme.includes(`](../docs/templates/${png})`),
			);
		expect(missing).toEqual([]);
	});

	it('every template file is what its source renders (npx tsx workflows-templates/src/build.mts)', () => {
		expect(staleTemplates()).toEqual([]);
	});

	it('finds node references in expressions', () => {
		expect(
			referencedNodes(
				`{{ $('Settings').first().json.a + $("Bol: New Orders").isExecuted + $node["Old \\"x\\""].json }}`,
			),
		).toEqual(['Settings', 'Bol: New Orders', 'Old "x"']);
	});
});

describe('validate-templates', () => {
	const load = loadCatalog({ requireN8n });
	const bol = 'n8n-nodes-marketplace-sync.bolRetailer';
	const sound = (): TemplateWorkflow => ({
		id: 'unitSoundTemplate1',
		name: 'sound',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'a',
				name: 'Trigger',
				type: 'n8n-nodes-marketplace-sync.bolRetailerTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { event: 'newOrder', options: {} },
				credentials: { bolRetailerApi: { id: '', name: 'Bol' } },
			},
			{
				id: 'b',
				name: 'Settings',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { assignments: { assignments: [] }, includeOtherFields: true, options: {} },
			},
			{
				id: 'c',
				name: 'Cancel',
				type: bol,
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					resource: 'order',
					operation: 'cancel',
					orderId: "={{ $('Settings').first().json.x }}",
					reasonCode: 'OUT_OF_STOCK',
					options: {},
				},
				credentials: { bolRetailerApi: { id: '', name: 'Bol' } },
			},
			{
				id: 'd',
				name: 'Note',
				type: 'n8n-nodes-base.stickyNote',
				typeVersion: 1,
				position: [0, -200],
				parameters: { content: 'lane' },
			},
		],
		connections: {
			Trigger: { main: [[{ node: 'Settings', type: 'main', index: 0 }]] },
			Settings: { main: [[{ node: 'Cancel', type: 'main', index: 0 }]] },
		},
	});
	const problemsOf = (change: (workflow: TemplateWorkflow) => void) => {
		const workflow = sound();
		change(workflow);
		return validateWorkflow(workflow, load).join('\n');
	};
	const node = (workflow: TemplateWorkflow, name: string) =>
		workflow.nodes!.find((candidate) => candidate.name === name)!;

	it('accepts a sound workflow', () => {
		expect(validateWorkflow(sound(), load)).toEqual([]);
	});

	it('reports unknown parameters, options out of range and parameters of another operation', () => {
		expect(problemsOf((w) => (node(w, 'Cancel').parameters!.bogus = 1))).toMatch(
			/parameter bogus does not exist/,
		);
		expect(problemsOf((w) => (node(w, 'Cancel').parameters!.reasonCode = 'NOPE'))).toMatch(
			/reasonCode: "NOPE" is not an allowed value/,
		);
		expect(problemsOf((w) => (node(w, 'Cancel').parameters!.trackAndTrace = 'x'))).toMatch(
			/trackAndTrace is not shown/,
		);
		expect(
			problemsOf(
				(w) => ((node(w, 'Cancel').parameters!.options as Record<string, unknown>).nope = true),
			),
		).toMatch(/options\.nope does not exist/);
	});

	it('reports what n8n would refuse to run: a required parameter left empty', () => {
		expect(problemsOf((w) => (node(w, 'Cancel').parameters!.orderId = ''))).toMatch(
			/n8n reports parameter issues: .*Order ID/,
		);
	});

	it('reports credentials with ids, of a wrong type, and missing credentials', () => {
		expect(problemsOf((w) => (node(w, 'Cancel').credentials!.bolRetailerApi.id = 'abc'))).toMatch(
			/carries an id/,
		);
		expect(
			problemsOf((w) => (node(w, 'Cancel').credentials = { noSuchApi: { id: '', name: 'x' } })),
		).toMatch(/unknown credential type noSuchApi/);
		expect(problemsOf((w) => delete node(w, 'Cancel').credentials)).toMatch(
			/needs a bolRetailerApi credential/,
		);
	});

	it('reports types, versions, dev-mode names, dangling connections and references, pinned data, missing Settings', () => {
		expect(problemsOf((w) => (node(w, 'Cancel').type = 'CUSTOM.bolRetailer'))).toMatch(
			/dev-mode type CUSTOM\.bolRetailer/,
		);
		expect(problemsOf((w) => (node(w, 'Cancel').typeVersion = 7))).toMatch(/has no typeVersion 7/);
		expect(problemsOf((w) => (node(w, 'Cancel').type = `${bol}Nope`))).toMatch(/unknown node type/);
		expect(problemsOf((w) => (w.connections!.Settings.main[0]![0].node = 'Ghost'))).toMatch(
			/goes to the missing node "Ghost"/,
		);
		expect(
			problemsOf((w) => (node(w, 'Cancel').parameters!.orderId = "={{ $('Ghost').item.json.id }}")),
		).toMatch(/refers to the missing node "Ghost"/);
		expect(problemsOf((w) => (w.pinData = { Trigger: [{}] }))).toMatch(/pinned data/);
		expect(problemsOf((w) => (node(w, 'Settings').name = 'Config'))).toMatch(
			/no "Settings" Set node/,
		);
		expect(problemsOf((w) => delete w.connections!.Trigger)).toMatch(
			/trigger "Trigger" does not lead into "Settings"/,
		);
		expect(problemsOf((w) => (w.id = 'short'))).toMatch(/id of 16 to 21/);
	});

	it('reports secrets and local URLs', () => {
		expect(
			problemsOf((w) => (node(w, 'Cancel').parameters!.orderId = 'shpat_0123456789abcdef')),
		).toMatch(/looks like a secret/);
		expect(
			problemsOf((w) => (node(w, 'Cancel').parameters!.orderId = 'http://127.0.0.1:5678/x')),
		).toMatch(/local URL/);
	});

	it("checks n8n's own nodes against the installed n8n-nodes-base (when n8n is provisioned)", () => {
		if (load.baseSkipped) {
			// nothing to check them against: they are reported as not checked, never as sound
			expect(problemsOf((w) => (node(w, 'Settings').typeVersion = 9))).not.toMatch(
				/set has no typeVersion/,
			);
			return;
		}
		expect(problemsOf((w) => (node(w, 'Settings').typeVersion = 9))).toMatch(
			/n8n-nodes-base\.set has no typeVersion 9/,
		);
		expect(problemsOf((w) => (node(w, 'Settings').parameters!.mode = 'nope'))).toMatch(
			/mode: "nope" is not an allowed value/,
		);
	});
});

describe('test mode in the templates', () => {
	interface TemplateNode {
		name: string;
		type: string;
		parameters: Record<string, unknown>;
	}
	// every marketplace action node n8n loads (the registry's shipped marketplaces)
	const MARKETPLACE_NODES = shippedMarketplaces().map(
		(m) => `n8n-nodes-marketplace-sync.${m.nodes.action}`,
	);
	const workflows = templateFiles().flatMap((file) => {
		const parsed = JSON.parse(readFileSync(file, 'utf8')) as
			| { name: string; nodes: TemplateNode[] }
			| Array<{ name: string; nodes: TemplateNode[] }>;
		return (Array.isArray(parsed) ? parsed : [parsed]).map((workflow) => ({
			file: path.basename(file),
			...workflow,
		}));
	});

	it.each(workflows.map((workflow) => [`${workflow.file}: ${workflow.name}`, workflow] as const))(
		'%s: every marketplace node reads Test Mode from Settings, which is "manual" and explained in the Settings note',
		(_label, workflow) => {
			const marketplaceNodes = workflow.nodes.filter((node) =>
				MARKETPLACE_NODES.includes(node.type),
			);
			expect(marketplaceNodes.length).toBeGreaterThan(0);
			const notReading = marketplaceNodes
				.filter((node) => node.parameters.testMode !== "={{ $('Settings').first().json.testMode }}")
				.map((node) => node.name);
			expect(notReading).toEqual([]);
			const settings = workflow.nodes.find((node) => node.name === 'Settings')!;
			const assignments = (
				settings.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }
			).assignments;
			expect(assignments.find((entry) => entry.name === 'testMode')?.value).toBe('manual');
			const notes = workflow.nodes
				.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
				.map((node) => String(node.parameters.content));
			expect(
				notes.some((note) => note.includes('## Settings') && note.includes('**testMode**')),
			).toBe(true);
		},
	);

	it.each(workflows.map((workflow) => [`${workflow.file}: ${workflow.name}`, workflow] as const))(
		'%s: after every marketplace write, only items that were sent (not in test mode) go on to mark the store',
		(_label, workflow) => {
			const { connections } = workflow as unknown as {
				connections: Record<string, { main: Array<Array<{ node: string }>> }>;
			};
			const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
			const writes = workflow.nodes.filter(
				(node) =>
					MARKETPLACE_NODES.includes(node.type) &&
					!['get', 'getAll'].includes(String(node.parameters.operation)),
			);
			expect(writes.length).toBeGreaterThan(0);
			const problems: string[] = [];
			for (const write of writes) {
				for (const { node: next } of connections[write.name]?.main[0] ?? []) {
					const filter = byName.get(next)!;
					const condition = JSON.stringify(filter.parameters.conditions ?? {});
					if (
						filter.type !== 'n8n-nodes-base.filter' ||
						!condition.includes('$json.testMode !== true') ||
						!condition.includes('"operation":"true"')
					)
						problems.push(`${write.name} -> ${next} (not a "Sent?" filter)`);
				}
			}
			expect(problems).toEqual([]);
		},
	);

	const withStockCheck = workflows.filter((workflow) =>
		workflow.nodes.some((node) => node.name === 'Check Store Stock'),
	);

	it('the lifecycle templates check store stock', () => {
		expect(withStockCheck.map((workflow) => workflow.file).sort()).toEqual(
			workflows
				.filter((workflow) => workflow.file.endsWith('-lifecycle.json'))
				.map((workflow) => workflow.file)
				.sort(),
		);
	});

	it.each(withStockCheck.map((workflow) => [workflow.file, workflow] as const))(
		'%s: "Check Store Stock" lets the orders of one run share the stock, in one pass, each output paired to its order',
		(_label, workflow) => {
			const node = workflow.nodes.find((candidate) => candidate.name === 'Check Store Stock')!;
			expect(node.type).toBe('n8n-nodes-base.code');
			expect(node.parameters.mode ?? 'runOnceForAllItems').toBe('runOnceForAllItems');
			const line = (sku: string, quantity: number, stock: number | null, extra = {}) => ({
				sku,
				quantity,
				stock,
				found: true,
				backorders: false,
				fulfilment: 'merchant',
				...extra,
			});
			const orders = [
				{ orderId: 'A', storeLines: [line('S1', 3, 5)] },
				// 2 of S1 left after A: 3 are too many
				{ orderId: 'B', storeLines: [line('S1', 3, 5), line('S2', 1, 10)] },
				// B was not fulfilled, so it used nothing: 2 left for C
				{ orderId: 'C', storeLines: [line('S1', 2, 5)] },
				{ orderId: 'D', storeLines: [line('S3', 1, 0, { found: false })] },
				// marketplace-fulfilled, backorders and unmanaged stock do not need store stock
				{
					orderId: 'E',
					storeLines: [
						line('S1', 9, 5, { fulfilment: 'marketplace' }),
						line('S1', 9, 5, { backorders: true }),
						line('S4', 9, null),
					],
				},
			];
			const items = orders.map((json) => ({ json }));
			const run = new Function('$input', String(node.parameters.jsCode)) as (input: {
				all: () => typeof items;
			}) => Array<{ json: { orderId: string; unfulfillable: string[] }; pairedItem: unknown }>;
			const out = run({ all: () => items });
			expect(out.map((item) => [item.json.orderId, item.json.unfulfillable])).toEqual([
				['A', []],
				['B', ['S1 (stock 2, ordered 3)']],
				['C', []],
				['D', ['S3 (not in the store)']],
				['E', []],
			]);
			expect(out.map((item) => item.pairedItem)).toEqual(
				orders.map((_, index) => ({ item: index })),
			);
		},
	);
});

describe('stock templates: the fan-out note is made of the marketplaces in the template', () => {
	const note = (marketplaces: Parameters<typeof stockTemplate>[1]) =>
		stockTemplate(WOOCOMMERCE, marketplaces)
			.build()
			.toJSON()
			.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
			.map((node) => String(node.parameters.content))
			.find((content) => content.includes('## To every marketplace'))!;

	it('names the self-fulfilled stock of bol, Amazon and Zalando only when they are in it', () => {
		const all = note([BOL_LANES, AMAZON_LANES, ZALANDO_LANES, MIINTO_LANES, SPARTOO_LANES]);
		expect(all).toContain('(bol FBB, Amazon FBA) keep the marketplace');
		expect(all).toContain('Zalando-fulfilled (FBZ)');
		const two = note([MIINTO_LANES, SPARTOO_LANES]);
		expect(two).not.toMatch(/FBB|FBA|FBZ/);
		expect(note([AMAZON_LANES])).toContain('(Amazon FBA) keep');
	});
});
