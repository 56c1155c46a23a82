import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import {
	fetchReturn,
	returnMappingOptions,
	mappingSettings,
	optionsCollection,
	readId,
	returnIdProperty,
	show,
	spartooClient,
	normalizeReturn,
	type OrderCache,
} from '../common';

const display = show('return', 'get');

export const description: INodeProperties[] = [
	{ ...returnIdProperty, displayOptions: display },
	optionsCollection(display, returnMappingOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await spartooClient(this);
	// each order read once per run, however many of its returns the run maps
	const orders: OrderCache = new Map();
	return await runPerItem.call(this, async (i) => {
		const returnId = readId(this, i, 'returnId');
		const settings = mappingSettings(this, client, i);
		const record = await fetchReturn(this, client, returnId, i);
		return (await normalizeReturn(client, record, settings, orders, i)) as unknown as IDataObject;
	});
}
