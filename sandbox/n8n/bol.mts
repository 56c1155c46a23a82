/** Credentials and workflows that point this package's Bol.com nodes at the Bol emulator. */
import type { PackageManifest } from './package.mts';
import type { CredentialImport, WorkflowJson, WorkflowNode } from './types.mts';

export const BOL_CREDENTIAL_TYPE = 'bolRetailerApi';
export const BOL_NODE = 'bolRetailer';

/** A `bolRetailerApi` credential for the emulator at `emulatorUrl` (`environment: custom`). */
export function bolEmulatorCredential(options: {
	id: string;
	name: string;
	emulatorUrl: string;
	clientId: string;
	clientSecret: string;
}): CredentialImport {
	const baseUrl = options.emulatorUrl.replace(/\/+$/, '');
	return {
		id: options.id,
		name: options.name,
		type: BOL_CREDENTIAL_TYPE,
		data: {
			clientId: options.clientId,
			clientSecret: options.clientSecret,
			environment: 'custom',
			baseUrl,
			authUrl: `${baseUrl}/token`,
		},
	};
}

/** The package's node `name`, failing loudly when the built package does not have it. */
export function packageNode(manifest: PackageManifest, name: string) {
	const node = manifest.nodes.find((entry) => entry.name === name);
	if (!node) {
		const known = manifest.nodes.map((entry) => entry.name).join(', ');
		throw new Error(`${manifest.name} has no node "${name}" (it has: ${known})`);
	}
	return node;
}

/** A workflow node of one of this package's Bol nodes, at its latest version, using `credential`. */
function bolNode(
	manifest: PackageManifest,
	nodeName: string,
	node: { id: string; name: string; parameters: Record<string, unknown> },
	credential: { id: string; name: string },
): WorkflowNode {
	const description = packageNode(manifest, nodeName);
	return {
		...node,
		type: description.type,
		typeVersion: description.versions[description.versions.length - 1],
		position: [0, 0],
		credentials: { [BOL_CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
	};
}

export const MANUAL_TRIGGER: WorkflowNode = {
	id: '6f1c3a52-0000-4000-8000-000000000001',
	name: 'Manual Trigger',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Manual Trigger -> one node, the shape every CLI-run workflow of the harness has. */
export function manualWorkflow(options: {
	id: string;
	name: string;
	node: WorkflowNode;
}): WorkflowJson {
	return {
		id: options.id,
		name: options.name,
		nodes: [MANUAL_TRIGGER, { ...options.node, position: [240, 0] }],
		connections: {
			[MANUAL_TRIGGER.name]: { main: [[{ node: options.node.name, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** What every Bol workflow of the harness is made of. */
export interface BolWorkflowOptions {
	id: string;
	name: string;
	manifest: PackageManifest;
	credential: { id: string; name: string };
}

/** Manual Trigger -> Bol.com Retailer (order: getAll, every page) with the given credential. */
export function bolOrdersWorkflow(
	options: BolWorkflowOptions & { status?: 'OPEN' | 'SHIPPED' | 'ALL'; nodeName?: string },
): WorkflowJson {
	return manualWorkflow({
		id: options.id,
		name: options.name,
		node: bolNode(
			options.manifest,
			BOL_NODE,
			{
				id: '6f1c3a52-0000-4000-8000-000000000002',
				name: options.nodeName ?? 'Get Bol Orders',
				parameters: {
					resource: 'order',
					operation: 'getAll',
					status: options.status ?? 'OPEN',
					returnAll: true,
				},
			},
			options.credential,
		),
	});
}

/**
 * Bol.com Retailer Trigger (polling every minute) -> No Operation. With `syncFrom`, the first poll (n8n runs one
 * right at activation) also emits what happened since then.
 */
export function bolTriggerWorkflow(
	options: BolWorkflowOptions & {
		event?: 'newOrder' | 'orderChanged' | 'newReturn';
		syncFrom?: string;
	},
): WorkflowJson {
	const triggerName = 'Bol.com Retailer Trigger';
	return {
		id: options.id,
		name: options.name,
		nodes: [
			bolNode(
				options.manifest,
				`${BOL_NODE}Trigger`,
				{
					id: '6f1c3a52-0000-4000-8000-000000000003',
					name: triggerName,
					parameters: {
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						event: options.event ?? 'newOrder',
						options: options.syncFrom ? { syncFrom: options.syncFrom } : {},
					},
				},
				options.credential,
			),
			{
				id: '6f1c3a52-0000-4000-8000-000000000004',
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [240, 0],
				parameters: {},
			},
		],
		connections: { [triggerName]: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}
