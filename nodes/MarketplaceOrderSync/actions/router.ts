import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import * as checkTracking from './checkTracking';
import * as decideAcceptance from './decideAcceptance';
import * as filterOrders from './filterOrders';
import * as mapCarrier from './mapCarrier';
import * as transform from './transform';

interface Operation {
	name: string;
	action: string;
	description: string;
	/** Names of the two outputs of an operation that splits items; absent: one output. */
	outputs?: [string, string];
	module: {
		description: INodeProperties[];
		execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
	};
}

/** Every operation of the node: the UI, the outputs and the dispatcher are built from this table. */
export const OPERATIONS: Record<string, Operation> = {
	decideAcceptance: {
		name: 'Decide Acceptance',
		action: 'Decide whether to accept orders',
		description:
			'Accept an order when every line is in stock and priced at or above threshold x the store price',
		outputs: ['Accept', 'Decline'],
		module: decideAcceptance,
	},
	filterOrders: {
		name: 'Filter Orders',
		action: 'Filter orders by sync settings',
		description:
			'Keep or skip orders by sync level, order type, sync-from date and marketplace-fulfilled lines',
		outputs: ['Kept', 'Skipped'],
		module: filterOrders,
	},
	transform: {
		name: 'Transform Orders',
		action: 'Transform orders for the store',
		description:
			'Choose the store SKU, crop SKU prefixes and suffixes, swap addresses, compute or ignore tax',
		module: transform,
	},
	mapCarrier: {
		name: 'Map Carrier',
		action: 'Map a store carrier to a marketplace carrier',
		description: 'Turn the store carrier or shipping method into the marketplace carrier code',
		module: mapCarrier,
	},
	checkTracking: {
		name: 'Check Tracking',
		action: 'Check shipments for tracking codes',
		description:
			'Tell apart shipments with every tracking code the marketplace requires from those missing one',
		outputs: ['Complete', 'Incomplete'],
		module: checkTracking,
	},
};

/** The outputs expression: two named outputs for the splitting operations, one for the others. */
export function outputsExpression(): `={{${string}}}` {
	const names: Record<string, [string, string]> = {};
	for (const [value, op] of Object.entries(OPERATIONS)) if (op.outputs) names[value] = op.outputs;
	const main = NodeConnectionTypes.Main;
	return `={{ ((names) => names ? names.map((displayName) => ({ type: "${main}", displayName })) : ["${main}"])(${JSON.stringify(names)}[$parameter.operation]) }}`;
}

export function operationProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			default: 'decideAcceptance',
			options: Object.entries(OPERATIONS).map(([value, op]) => ({
				name: op.name,
				value,
				action: op.action,
				description: op.description,
			})),
		},
		...Object.values(OPERATIONS).flatMap((op) => op.module.description),
	];
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = OPERATIONS[operation];
	if (!op) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`, {
			description: `Allowed: one of ${Object.keys(OPERATIONS).join(', ')}.`,
		});
	}
	return await op.module.execute.call(this);
}
