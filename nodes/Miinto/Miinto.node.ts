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
import { searchOrders, searchReturns, searchTransfers } from './methods/listSearch';
import { getShops } from './methods/loadOptions';

export class Miinto implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Miinto',
		name: 'miinto',
		icon: { light: 'file:../../icons/miinto.svg', dark: 'file:../../icons/miinto.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Accept or decline Miinto transfers position by position, read accepted orders, ship, update stock, and handle returns (RMA) and refunds (Miinto Order API)',
		defaults: { name: 'Miinto' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'miintoApi', required: true }],
		properties: [...resourceProperties(), testModeProperty, requestOptionsProperty],
	};

	methods = {
		loadOptions: { getShops },
		listSearch: { searchTransfers, searchOrders, searchReturns },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
