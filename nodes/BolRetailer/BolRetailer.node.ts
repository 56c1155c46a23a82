import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/options';
import {
	searchDeliveryOptions,
	searchOffers,
	searchOrders,
	searchReturns,
	searchRmas,
	searchShippedItems,
} from './methods/listSearch';
import { testModeProperty } from '../shared/testMode';
import { resourceProperties, route } from './actions/router';

export class BolRetailer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bol.com Retailer',
		name: 'bolRetailer',
		icon: { light: 'file:../../icons/bol.svg', dark: 'file:../../icons/bol.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Sync orders, shipments, stock, returns and refunds with the Bol.com Retailer API',
		defaults: { name: 'Bol.com Retailer' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bolRetailerApi', required: true }],
		properties: [...resourceProperties(), testModeProperty, requestOptionsProperty],
	};

	methods = {
		listSearch: {
			searchOrders,
			searchReturns,
			searchRmas,
			searchShippedItems,
			searchOffers,
			searchDeliveryOptions,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
