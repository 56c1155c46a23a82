import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import {
	fetchReturn,
	mappingOptions,
	mappingSettings,
	optionsCollection,
	readId,
	returnIdProperty,
	show,
	spartooClient,
	toMarketplaceReturn,
} from '../common';

const display = show('return', 'get');

export const description: INodeProperties[] = [
	{ ...returnIdProperty, displayOptions: display },
	optionsCollection(display, mappingOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await spartooClient(this);
	return await runPerItem.call(this, async (i) => {
		const returnId = readId(this, i, 'returnId');
		const settings = mappingSettings(this, client, i);
		return toMarketplaceReturn(
			await fetchReturn(this, client, returnId, i),
			settings,
		) as unknown as IDataObject;
	});
}
