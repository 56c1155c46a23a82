/** Reading results out of n8n execution data. */
import { createRequire } from 'node:module';
import path from 'node:path';

import type { N8nRuntime } from './runtime.mts';
import type { NodeExecutionItem, NodeRun, RunExecutionData } from './types.mts';

/** Items of one output of one node's run (default: the last run, output 0). */
export function nodeItems(
	data: RunExecutionData,
	nodeName: string,
	options: { run?: number; output?: number } = {},
): NodeExecutionItem[] {
	const runs: NodeRun[] | undefined = data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) {
		const ran = Object.keys(data.resultData.runData).join(', ') || 'none';
		throw new Error(`node "${nodeName}" did not run (nodes that ran: ${ran})`);
	}
	const run = runs[options.run ?? runs.length - 1];
	if (!run) throw new Error(`node "${nodeName}" has no run ${String(options.run)}`);
	if (run.error)
		throw new Error(`node "${nodeName}" failed: ${run.error.message ?? 'unknown error'}`);
	return run.data?.main?.[options.output ?? 0] ?? [];
}

/** The `json` of every item of a node's output. */
export function nodeJson(data: RunExecutionData, nodeName: string): Array<Record<string, unknown>> {
	return nodeItems(data, nodeName).map((item) => item.json);
}

/** The error that stopped an execution, as `"<node>: <message> (<description>)"`, or undefined. */
export function executionError(data: RunExecutionData): string | undefined {
	const error = data.resultData.error;
	if (!error) return undefined;
	const where = error.node?.name ? `${error.node.name}: ` : '';
	const description = error.description ? ` (${error.description})` : '';
	return `${where}${error.message ?? 'unknown error'}${description}`;
}

/**
 * `GET /rest/executions/:id` returns the execution data serialized with `flatted` (circular-safe JSON).
 * The parser is taken from the provisioned n8n itself, so it always matches the writer.
 */
export function parseFlatted(runtime: N8nRuntime, text: string): RunExecutionData {
	const load = createRequire(path.join(runtime.installDir, 'node_modules', 'n8n', 'package.json'));
	const flatted = load('flatted') as { parse: (value: string) => unknown };
	return flatted.parse(text) as RunExecutionData;
}
