import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/options';
import { testModeProperty } from '../shared/testMode';
import { resourceProperties, route } from './actions/router';
import { searchOrders, searchReturns } from './methods/listSearch';

export class Spartoo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Spartoo',
		name: 'spartoo',
		icon: { light: 'file:../../icons/spartoo.svg', dark: 'file:../../icons/spartoo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Sync orders, shipments, stock, returns and refunds with the Spartoo marketplace web services',
		defaults: { name: 'Spartoo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'spartooApi', required: true }],
		properties: [...resourceProperties(), testModeProperty, requestOptionsProperty],
	};

	methods = { listSearch: { searchOrders, searchReturns } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
