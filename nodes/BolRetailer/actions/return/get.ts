import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import type { BolOrder } from '../../transport';
import { bolClient, show, validator, optionsCollection } from '../common';
import { normalizeReturn, returnOptions } from './fields';

const display = show('return', 'get');

export const description: INodeProperties[] = [
	{
		displayName: 'Return ID',
		name: 'returnId',
		type: 'string',
		required: true,
		default: '',
		description: 'The `returnId` of a return',
		displayOptions: display,
	},
	optionsCollection(display, returnOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	const orderCache = new Map<string, BolOrder>();
	return await runPerItem.call(this, async (i) => {
		const returnId = validator(this, i).string(
			{ label: 'Return ID', name: 'returnId' },
			this.getNodeParameter('returnId', i),
			{
				pattern: /^\d{1,20}$/,
				patternHint: 'digits only',
			},
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
