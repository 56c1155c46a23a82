import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationProperties, outputsExpression, route } from './actions/router';

export class MarketplaceOrderSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Marketplace Order Sync',
		name: 'marketplaceOrderSync',
		icon: {
			light: 'file:../../icons/order-sync.svg',
			dark: 'file:../../icons/order-sync.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Order-sync rules for normalized marketplace orders and shipments: auto-accept, filters, SKU and tax transforms, carrier mapping, tracking checks',
		defaults: { name: 'Marketplace Order Sync' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: outputsExpression(),
		properties: operationProperties(),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
