import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** One operation module: its UI properties and what it does. */
export interface OperationModule {
	description: INodeProperties[];
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

export interface ResourceDefinition {
	name: string;
	operations: Record<
		string,
		{ name: string; action: string; description: string; module: OperationModule }
	>;
}

/** Every resource and operation of a node: the UI and the dispatcher are both built from this table. */
export type ResourceTable = Record<string, ResourceDefinition>;

export type Show = { resource: string[]; operation: string[] };

/** `displayOptions` that show a property for one resource and one or more of its operations. */
export function show(resource: string, operation: string | string[]): { show: Show } {
	return {
		show: { resource: [resource], operation: Array.isArray(operation) ? operation : [operation] },
	};
}

/** The "Options" collection of an operation (written once, in `properties.ts`). */
export { optionsCollection } from './properties';

/** Resource and operation selectors, followed by every operation's own properties. */
export function resourceProperties(
	table: ResourceTable,
	defaultResource = Object.keys(table)[0],
): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			default: defaultResource,
			options: Object.entries(table).map(([value, r]) => ({ name: r.name, value })),
		},
	];
	for (const [resource, r] of Object.entries(table)) {
		const first = Object.keys(r.operations)[0];
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			default: first,
			options: Object.entries(r.operations).map(([value, op]) => ({
				name: op.name,
				value,
				action: op.action,
				description: op.description,
			})),
		});
	}
	for (const r of Object.values(table)) {
		for (const op of Object.values(r.operations)) properties.push(...op.module.description);
	}
	return properties;
}

/** Runs the operation the node's `resource` and `operation` parameters name. */
export async function route(
	this: IExecuteFunctions,
	table: ResourceTable,
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = table[resource]?.operations[operation];
	if (!op) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	return [await op.module.execute.call(this)];
}
