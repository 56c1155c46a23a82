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
import { searchOrders, searchShippingDocuments } from './methods/listSearch';
import { getSalesChannelFilter, getSalesChannels } from './methods/loadOptions';

export class ZalandoZDirect implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zalando zDirect',
		name: 'zalandoZDirect',
		icon: { light: 'file:../../icons/zalando.svg', dark: 'file:../../icons/zalando.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Sync orders, shipments, stock, returns and refunds with the Zalando zDirect (Partner Program) API',
		defaults: { name: 'Zalando zDirect' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zalandoZDirectApi', required: true }],
		properties: [...resourceProperties(), testModeProperty, requestOptionsProperty],
	};

	methods = {
		loadOptions: { getSalesChannels, getSalesChannelFilter },
		listSearch: { searchOrders, searchShippingDocuments },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
