/**
 * The workflow templates shipped in `workflows-templates/`: reading them and checking them against what a real
 * n8n has registered (node types, versions, credential types), before and after importing them.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import type { PackageManifest } from './package.mts';
import { REPO_ROOT } from './runtime.mts';
import type { CredentialTypeDescription, NodeTypeDescription, WorkflowJson } from './types.mts';

export const TEMPLATES_DIR = path.join(REPO_ROOT, 'workflows-templates');

export interface TemplateFile {
	/** Absolute path. */
	file: string;
	/** Path relative to the templates folder, for messages. */
	relative: string;
	/** A file holds one workflow or an array of them, as `n8n import:workflow` accepts. */
	workflows: WorkflowJson[];
}

async function jsonFiles(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true }).catch(
		(error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT') return [];
			throw error;
		},
	);
	const files: string[] = [];
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) files.push(...(await jsonFiles(full)));
		else if (entry.isFile() && entry.name.endsWith('.json')) files.push(full);
	}
	return files.sort();
}

/** Every `*.json` under the templates folder (none when the folder does not exist). Throws on invalid JSON. */
export async function readTemplates(dir = TEMPLATES_DIR): Promise<TemplateFile[]> {
	const templates: TemplateFile[] = [];
	for (const file of await jsonFiles(dir)) {
		const relative = path.relative(dir, file);
		let parsed: unknown;
		try {
			parsed = JSON.parse(await readFile(file, 'utf8'));
		} catch (error) {
			throw new Error(`${relative} is not valid JSON: ${(error as Error).message}`);
		}
		const workflows = (Array.isArray(parsed) ? parsed : [parsed]) as WorkflowJson[];
		templates.push({ file, relative, workflows });
	}
	return templates;
}

/** What a running n8n has registered, indexed for the checks. */
export class TypeRegistry {
	private readonly versions = new Map<string, Set<number>>();
	private readonly nodeCredentials = new Map<string, Set<string>>();
	private readonly credentialTypes: Set<string>;

	constructor(nodeTypes: NodeTypeDescription[], credentialTypes: CredentialTypeDescription[]) {
		for (const type of nodeTypes) {
			const versions = this.versions.get(type.name) ?? new Set<number>();
			for (const version of Array.isArray(type.version) ? type.version : [type.version])
				versions.add(version);
			this.versions.set(type.name, versions);
			const credentials = this.nodeCredentials.get(type.name) ?? new Set<string>();
			for (const credential of type.credentials ?? []) credentials.add(credential.name);
			this.nodeCredentials.set(type.name, credentials);
		}
		this.credentialTypes = new Set(credentialTypes.map((type) => type.name));
	}

	hasNodeType(name: string): boolean {
		return this.versions.has(name);
	}

	nodeVersions(name: string): number[] {
		return [...(this.versions.get(name) ?? [])].sort((a, b) => a - b);
	}

	hasCredentialType(name: string): boolean {
		return this.credentialTypes.has(name);
	}

	/** Credential types a node type declares (generic nodes such as HTTP Request accept more than they declare). */
	declaredCredentials(nodeType: string): Set<string> {
		return this.nodeCredentials.get(nodeType) ?? new Set();
	}
}

/**
 * Problems of one workflow: structure (name, an importable id), node types and versions that n8n does not know, `CUSTOM.*` types (dev-mode
 * names that never work in a real install), credential types that are not registered or that a node of this
 * package does not accept, and connections to nodes that do not exist. Empty when the workflow is sound.
 */
export function checkWorkflow(
	workflow: WorkflowJson,
	registry: TypeRegistry,
	manifest: PackageManifest,
): string[] {
	const problems: string[] = [];
	if (typeof workflow?.name !== 'string' || workflow.name.trim() === '')
		problems.push('the workflow has no name');
	if (typeof workflow?.id !== 'string' || workflow.id === '') {
		// n8n 2.41 `import:workflow --input=<file>` inserts a NULL id (SQLITE_CONSTRAINT); only --separate adds one
		problems.push(
			'the workflow has no id, so `n8n import:workflow --input=<file>` fails: give it a 16-character id',
		);
	} else if (workflow.id.length > 21) {
		problems.push(`the workflow id "${workflow.id}" is longer than the 21 characters n8n accepts`);
	}
	if (!Array.isArray(workflow?.nodes) || workflow.nodes.length === 0) {
		problems.push('the workflow has no nodes');
		return problems;
	}
	if (typeof workflow.connections !== 'object' || workflow.connections === null) {
		problems.push('the workflow has no connections object');
	}
	const names = new Set<string>();
	const ownPrefix = `${manifest.name}.`;
	for (const node of workflow.nodes) {
		const label = `node "${node.name}"`;
		if (names.has(node.name)) problems.push(`${label} appears twice`);
		names.add(node.name);
		if (node.type.startsWith('CUSTOM.')) {
			problems.push(
				`${label} uses the dev-mode type ${node.type}; installed packages use ${ownPrefix}<node>`,
			);
		} else if (!registry.hasNodeType(node.type)) {
			problems.push(`${label} has the unknown node type ${node.type}`);
		} else if (!registry.nodeVersions(node.type).includes(node.typeVersion)) {
			const known = registry.nodeVersions(node.type).join(', ');
			problems.push(
				`${label}: ${node.type} has no typeVersion ${node.typeVersion} (known: ${known})`,
			);
		}
		for (const credentialType of Object.keys(node.credentials ?? {})) {
			if (!registry.hasCredentialType(credentialType)) {
				problems.push(`${label} uses the unknown credential type ${credentialType}`);
			} else if (
				node.type.startsWith(ownPrefix) &&
				!registry.declaredCredentials(node.type).has(credentialType)
			) {
				problems.push(
					`${label}: ${node.type} does not accept credentials of type ${credentialType}`,
				);
			}
		}
	}
	for (const [source, outputs] of Object.entries(workflow.connections ?? {})) {
		if (!names.has(source)) problems.push(`a connection starts at the missing node "${source}"`);
		for (const connections of Object.values((outputs ?? {}) as Record<string, unknown>)) {
			for (const group of Array.isArray(connections) ? connections : []) {
				for (const target of Array.isArray(group) ? (group as Array<{ node?: unknown }>) : []) {
					if (typeof target?.node !== 'string' || !names.has(target.node)) {
						problems.push(
							`a connection from "${source}" goes to the missing node "${String(target?.node)}"`,
						);
					}
				}
			}
		}
	}
	return problems;
}
