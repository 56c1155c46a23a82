/**
 * The sandbox demo: steps run in the real n8n against the emulators' seeded data, each reporting one line: the
 * templates are sound, the Bol node imports the open orders, then the Bol.com x WooCommerce template runs the whole
 * lifecycle (demo-lifecycle.mts).
 */
import { bolOrdersWorkflow } from './bol.mts';
import { bolWooLifecycleSteps } from './demo-lifecycle.mts';
import { nodeJson } from './execution.mts';
import type { N8nInstance } from './instance.mts';
import type { Mail } from './lifecycle.mts';
import type { N8nServer } from './server.mts';
import { checkWorkflow, TypeRegistry, type TemplateFile } from './templates.mts';

export interface DemoContext {
	instance: N8nInstance;
	server: N8nServer;
	templates: TemplateFile[];
	/** Credentials created for the emulators (and the SMTP sink), by credential type. */
	credentials: Record<string, { id: string; name: string }>;
	/** Base URL of each running emulator, by service (bol, amazon, woocommerce, ...). */
	emulators: Record<string, string>;
	/** What the workflows' Send Email nodes delivered to the sandbox's SMTP sink, as it arrives. */
	mail?: Mail[];
}

export interface DemoStep {
	title: string;
	/** Returns the one-line outcome; throws when the step fails. */
	run(context: DemoContext): Promise<string>;
}

export interface DemoStepResult {
	title: string;
	ok: boolean;
	detail: string;
	durationMs: number;
}

export const DEMO_BOL_WORKFLOW_ID = 'sandboxBolOrders1';
const DEMO_BOL_NODE = 'Get Bol Orders';

function credentialFor(context: DemoContext, type: string): { id: string; name: string } {
	const credential = context.credentials[type];
	if (!credential) throw new Error(`no sandbox credential of type ${type}`);
	return credential;
}

function money(amount: number): string {
	return amount.toFixed(2);
}

/** Imports the open Bol orders through the Bol.com Retailer node and summarizes them. */
const importBolOrders: DemoStep = {
	title: 'Import open Bol.com orders (Bol.com Retailer node, order: getAll)',
	async run(context) {
		await context.instance.importWorkflows([
			bolOrdersWorkflow({
				id: DEMO_BOL_WORKFLOW_ID,
				name: 'Sandbox demo: open Bol.com orders',
				manifest: context.instance.manifest,
				credential: credentialFor(context, 'bolRetailerApi'),
				nodeName: DEMO_BOL_NODE,
			}),
		]);
		const execution = await context.instance.execute(DEMO_BOL_WORKFLOW_ID);
		if (execution.status !== 'success')
			throw new Error(execution.error ?? `execution ${execution.status}`);
		const orders = nodeJson(execution.run.data, DEMO_BOL_NODE) as Array<{
			fulfilment: string;
			currency: string;
			lines: unknown[];
			totals: { total: number };
		}>;
		if (orders.length === 0)
			throw new Error('the node returned no orders, but the emulator is seeded with some');
		const merchant = orders.filter((order) => order.fulfilment === 'merchant').length;
		const lines = orders.reduce((sum, order) => sum + order.lines.length, 0);
		const totals = new Map<string, number>();
		for (const order of orders)
			totals.set(order.currency, (totals.get(order.currency) ?? 0) + order.totals.total);
		const value = [...totals].map(([currency, total]) => `${currency} ${money(total)}`).join(', ');
		return (
			`${orders.length} orders (${merchant} merchant-fulfilled, ${orders.length - merchant} by bol), ` +
			`${lines} lines, ${value}; in the editor: Executions of "Sandbox demo: open Bol.com orders"`
		);
	},
};

/** Every imported template references only node and credential types this n8n has. */
const checkTemplates: DemoStep = {
	title: 'Check the imported workflow templates against the registered node types',
	async run(context) {
		const registry = new TypeRegistry(
			await context.server.nodeTypes(),
			await context.server.credentialTypes(),
		);
		const problems: string[] = [];
		let workflows = 0;
		for (const template of context.templates) {
			for (const workflow of template.workflows) {
				workflows++;
				for (const problem of checkWorkflow(workflow, registry, context.instance.manifest)) {
					problems.push(`${template.relative}: ${problem}`);
				}
			}
		}
		if (problems.length > 0) throw new Error(problems.join('; '));
		return workflows === 0
			? 'no templates in workflows-templates/ yet'
			: `${workflows} workflows, all sound`;
	},
};

export const demoSteps: DemoStep[] = [checkTemplates, importBolOrders, ...bolWooLifecycleSteps()];

/** Runs every step (a failing step does not stop the others), reporting progress through `say`. */
export async function runDemo(
	context: DemoContext,
	say: (line: string) => void,
	steps: DemoStep[] = demoSteps,
): Promise<DemoStepResult[]> {
	const results: DemoStepResult[] = [];
	for (const [index, step] of steps.entries()) {
		const label = `[demo] (${index + 1}/${steps.length}) ${step.title}`;
		say(`${label} ...`);
		const started = Date.now();
		try {
			const detail = await step.run(context);
			results.push({ title: step.title, ok: true, detail, durationMs: Date.now() - started });
		} catch (error) {
			const detail = context.instance.redactor.redact((error as Error).message);
			results.push({ title: step.title, ok: false, detail, durationMs: Date.now() - started });
		}
		const result = results[results.length - 1];
		say(
			`${label}: ${result.ok ? 'ok' : 'FAILED'} (${(result.durationMs / 1000).toFixed(1)} s): ${result.detail}`,
		);
	}
	return results;
}
