import type { INodeProperties, INodeTypes } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { MarketplaceOrderSync } from '../../../nodes/MarketplaceOrderSync/MarketplaceOrderSync.node.ts';
import { OPERATIONS } from '../../../nodes/MarketplaceOrderSync/actions/router';
import { runNode } from './fixtures.mts';

const type = new MarketplaceOrderSync();

/** The node's outputs for an operation, as n8n's own expression engine evaluates them. */
function outputsFor(operation: string) {
	const nodeTypes = {
		getByName: () => type,
		getByNameAndVersion: () => type,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const node = {
		id: '1',
		name: 'Sync',
		type: 'n8n-nodes-marketplace-sync.marketplaceOrderSync',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: { operation },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return NodeHelpers.getNodeOutputs(workflow, workflow.getNode('Sync')!, type.description);
}

describe('Marketplace Order Sync node', () => {
	it('is a credential-less node usable as a tool', () => {
		expect(type.description).toMatchObject({
			name: 'marketplaceOrderSync',
			usableAsTool: true,
			version: 1,
		});
		expect(type.description.credentials).toBeUndefined();
	});

	it('has two named outputs for the splitting operations and one for the others', () => {
		const main = (displayName: string) => ({ type: 'main', displayName });
		expect(outputsFor('decideAcceptance')).toEqual([main('Accept'), main('Decline')]);
		expect(outputsFor('filterOrders')).toEqual([main('Kept'), main('Skipped')]);
		expect(outputsFor('checkTracking')).toEqual([main('Complete'), main('Incomplete')]);
		expect(outputsFor('transform')).toEqual(['main']);
		expect(outputsFor('mapCarrier')).toEqual(['main']);
	});

	it('returns as many outputs as it declares', async () => {
		for (const operation of Object.keys(OPERATIONS)) {
			const outputs = await runNode(
				{ operation, onNoMatch: 'continue', requirements: 'custom' },
				[],
			);
			expect(outputs).toHaveLength(OPERATIONS[operation].outputs ? 2 : 1);
		}
	});

	it('shows every parameter for its operation only, with defaults among its options', () => {
		const properties = type.description.properties.filter((p) => p.name !== 'operation');
		const check = (property: INodeProperties) => {
			if (property.type === 'options') {
				const values = (property.options as Array<{ value: unknown }>).map((o) => o.value);
				expect(values, property.name).toContain(property.default);
			}
			for (const nested of (property.options ?? []) as INodeProperties[])
				if ('type' in nested) check(nested);
		};
		for (const property of properties) {
			expect(property.displayOptions?.show?.operation, property.name).toHaveLength(1);
			check(property);
		}
	});

	it('rejects an unknown operation with the allowed ones', async () => {
		await expect(runNode({ operation: 'shipOrders' }, [{}])).rejects.toThrow(
			'The operation "shipOrders" is not supported',
		);
	});
});
