import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/options';
import { testModeProperty } from '../shared/testMode';
import { resourceProperties, route } from '../shared/router';
import { RESOURCES } from './actions/router';
import { searchFeeds, searchListings, searchOrders } from './methods/listSearch';
import { getMarketplaces } from './methods/loadOptions';

export class AmazonSellingPartner implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Selling Partner',
		name: 'amazonSellingPartner',
		icon: { light: 'file:../../icons/amazon.svg', dark: 'file:../../icons/amazon.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Sync orders, shipments, stock, returns and refunds with the Amazon Selling Partner API',
		defaults: { name: 'Amazon Selling Partner' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonSellingPartnerApi', required: true }],
		properties: [...resourceProperties(RESOURCES), testModeProperty, requestOptionsProperty],
	};

	methods = {
		listSearch: { searchOrders, searchFeeds, searchListings },
		loadOptions: { getMarketplaces },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, RESOURCES);
	}
}
