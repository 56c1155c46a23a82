/** The shapes of n8n data the harness reads and writes (the parts it relies on; n8n adds more fields). */

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id?: string | null; name: string }>;
	disabled?: boolean;
	[extra: string]: unknown;
}

export interface WorkflowJson {
	/** 16 alphanumeric characters keeps the id as given on import. */
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	active?: boolean;
	versionId?: string;
	[extra: string]: unknown;
}

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	/** Plain text; n8n encrypts it on import. Never logged. */
	data: Record<string, unknown>;
}

export interface NodeExecutionItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
	[extra: string]: unknown;
}

export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	data?: { main?: Array<NodeExecutionItem[] | null> };
	error?: ExecutionError;
	[extra: string]: unknown;
}

export interface ExecutionError {
	message?: string;
	description?: string | null;
	httpCode?: string | null;
	node?: { name?: string };
	[extra: string]: unknown;
}

/** `IRunExecutionData`. */
export interface RunExecutionData {
	resultData: {
		runData: Record<string, NodeRun[]>;
		error?: ExecutionError;
		lastNodeExecuted?: string;
	};
	[extra: string]: unknown;
}

/** What `n8n execute --rawOutput` prints (`IRun`). */
export interface RunResult {
	data: RunExecutionData;
	mode?: string;
	status?: string;
	startedAt?: string;
	stoppedAt?: string;
	[extra: string]: unknown;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** An entry of `GET /rest/executions`. */
export interface ExecutionSummary {
	id: string;
	workflowId: string;
	workflowName?: string;
	mode: string;
	status: string;
	startedAt: string | null;
	stoppedAt: string | null;
	[extra: string]: unknown;
}

/** An n8n node type description as served in `/types/nodes.json`. */
export interface NodeTypeDescription {
	name: string;
	displayName: string;
	version: number | number[];
	group?: string[];
	credentials?: Array<{ name: string; required?: boolean }>;
	[extra: string]: unknown;
}

/** A credential type as served in `/types/credentials.json`. */
export interface CredentialTypeDescription {
	name: string;
	displayName: string;
	properties?: Array<{ name: string; type: string; [extra: string]: unknown }>;
	[extra: string]: unknown;
}
