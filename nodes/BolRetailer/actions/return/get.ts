import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { locatorProperty, readLocator, type LocatorSpec } from '../../../shared/locators';
import type { BolOrder } from '../../transport';
import { bolClient, show, validator, optionsCollection } from '../common';
import { normalizeReturn, returnOptions } from './fields';

const display = show('return', 'get');

/** The return picker; its name stays `returnId` so plain-string values keep working. */
export const RETURN_LOCATOR: LocatorSpec = {
	displayName: 'Return ID',
	name: 'returnId',
	description:
		'The bol return: pick one from the list (returns to handle first, then handled ones; type to filter by return ID, order ID or EAN) or type its `returnId`. For an AI agent: the bol return ID as digits, e.g. 15892026.',
	searchListMethod: 'searchReturns',
	listPlaceholder: 'Select a return...',
	id: { regex: '\\d{1,20}', hint: 'a bol return ID, digits only', placeholder: '15892026' },
};

export const description: INodeProperties[] = [
	{ ...locatorProperty(RETURN_LOCATOR), displayOptions: display },
	optionsCollection(display, returnOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	const orderCache = new Map<string, BolOrder>();
	return await runPerItem.call(this, async (i) => {
		const returnId = readLocator(
			validator(this, i),
			{ label: 'Return ID', name: 'returnId' },
			this.getNodeParameter('returnId', i),
			RETURN_LOCATOR,
		);
		const bolReturn = await client.getReturn(returnId, i);
		return (await normalizeReturn(
			this,
			client,
			bolReturn,
			i,
			orderCache,
		)) as unknown as IDataObject;
	});
}
