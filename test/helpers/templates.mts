/**
 * Reading the generated workflow templates (workflows-templates/*.json) in unit tests: the file, a node by name, and
 * the values of its Settings node.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPLATES_DIR = path.join(
	path.dirname(fileURLToPath(import.meta.url)),
	'..',
	'..',
	'workflows-templates',
);

export interface TemplateNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
}

export interface TemplateFile {
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

export const readTemplate = (file: string) =>
	JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as TemplateFile;

/** The node named `name`; throws when the template has none. */
export function templateNode(workflow: TemplateFile, name: string): TemplateNode {
	const found = workflow.nodes.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no node "${name}"`);
	return found;
}

/** The Settings node's values by name. */
export const templateSettings = (workflow: TemplateFile): Record<string, unknown> =>
	Object.fromEntries(
		(
			templateNode(workflow, 'Settings').parameters.assignments as {
				assignments: Array<{ name: string; value: unknown }>;
			}
		).assignments.map((entry) => [entry.name, entry.value]),
	);
