/**
 * A small builder for n8n workflow JSON: nodes with stable ids, connections, sticky notes and a lane layout.
 * The templates in `workflows-templates/*.json` are generated from `templates.mts` with it (`build.mts`), so the
 * lanes every store shares are written once. The JSON files are what users import; never edit them by hand.
 */
import { createHash } from 'node:crypto';

export type Position = [number, number];

export interface N8nNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: Position;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	notes?: string;
	notesInFlow?: boolean;
}

export interface Connection {
	node: string;
	type: 'main';
	index: number;
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: N8nNode[];
	connections: Record<string, { main: Connection[][] }>;
	settings: Record<string, unknown>;
	pinData: Record<string, never>;
	meta: Record<string, unknown>;
	tags: never[];
	active: false;
}

/** A node as the lane code describes it; id and position are filled in by the workflow. */
export type NodeSpec = Omit<N8nNode, 'id' | 'position'> & { position?: Position };

/** A uuid-shaped id derived from a seed, so regenerated templates do not change. */
export function stableUuid(seed: string): string {
	const hex = createHash('sha256').update(seed).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Grid of the canvas: one column per step of a lane, one row band per lane. */
export const GRID = { x: 240, y: 200 };

export class Workflow {
	private readonly nodes: N8nNode[] = [];
	private readonly connections: WorkflowJson['connections'] = {};
	private stickyCount = 0;

	constructor(
		readonly id: string,
		readonly name: string,
		private readonly description: string,
	) {
		if (!/^[A-Za-z0-9]{16}$/.test(id))
			throw new Error(`workflow id "${id}" must be 16 letters or digits`);
	}

	/** Adds a node at `position` (canvas pixels) and returns its name. */
	add(spec: NodeSpec, position: Position): string {
		if (this.nodes.some((node) => node.name === spec.name))
			throw new Error(`${this.name}: node "${spec.name}" twice`);
		const node: N8nNode = { id: stableUuid(`${this.id}:${spec.name}`), ...spec, position };
		if (spec.webhookId !== undefined)
			node.webhookId = stableUuid(`${this.id}:${spec.name}:webhook`);
		this.nodes.push(node);
		return spec.name;
	}

	/** Has the workflow a node of this name? */
	has(name: string): boolean {
		return this.nodes.some((node) => node.name === name);
	}

	/** `from` output `output` -> `to` input `input`. */
	connect(from: string, to: string, output = 0, input = 0): void {
		for (const name of [from, to]) {
			if (!this.nodes.some((node) => node.name === name))
				throw new Error(`${this.name}: connection names unknown node "${name}"`);
		}
		const outputs = (this.connections[from] ??= { main: [] }).main;
		while (outputs.length <= output) outputs.push([]);
		outputs[output].push({ node: to, type: 'main', index: input });
	}

	/** A node of the workflow, to move it. */
	node(name: string): N8nNode {
		const node = this.nodes.find((candidate) => candidate.name === name);
		if (!node) throw new Error(`${this.name}: no node "${name}"`);
		return node;
	}

	/** Connects each node to the next one (output 0). */
	chain(...names: string[]): void {
		for (let i = 1; i < names.length; i++) this.connect(names[i - 1], names[i]);
	}

	/** A sticky note behind a lane (n8n draws sticky notes under the nodes). */
	sticky(content: string, position: Position, size: [number, number], color = 7): void {
		this.stickyCount++;
		this.add(
			{
				name: `Note ${this.stickyCount}`,
				type: 'n8n-nodes-base.stickyNote',
				typeVersion: 1,
				parameters: { content, width: size[0], height: size[1], color },
			},
			position,
		);
	}

	toJSON(): WorkflowJson {
		return {
			id: this.id,
			name: this.name,
			nodes: this.nodes,
			connections: this.connections,
			settings: {
				executionOrder: 'v1',
				saveManualExecutions: true,
				callerPolicy: 'workflowsFromSameOwner',
			},
			pinData: {},
			meta: { templateCredsSetupCompleted: false, description: this.description },
			tags: [],
			active: false,
		};
	}
}

/**
 * Lays out one lane: nodes placed left to right on a row, at `column` steps from `origin`. Returns the node name so
 * calls can be chained: `lane.at(2, spec)`.
 */
export class Lane {
	constructor(
		private readonly workflow: Workflow,
		private readonly origin: Position,
	) {}

	/** Adds a node `column` grid steps right and `row` half-steps down of the lane origin. */
	at(column: number, spec: NodeSpec, row = 0): string {
		return this.workflow.add(spec, [
			this.origin[0] + column * GRID.x,
			this.origin[1] + row * (GRID.y / 2),
		]);
	}
}
