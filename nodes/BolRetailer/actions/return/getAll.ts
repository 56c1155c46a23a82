import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { returnAllProperties } from '../../../shared/options';
import { take } from '../../../shared/paging';
import type { BolOrder } from '../../transport';
import { bolClient, show, validator, optionsCollection } from '../common';
import { normalizeReturn, returnOptions } from './fields';

const display = show('return', 'getAll');

export const description: INodeProperties[] = [
	{
		displayName: 'Handled',
		name: 'handled',
		type: 'options',
		default: 'false',
		displayOptions: display,
		options: [
			{
				name: 'Unhandled',
				value: 'false',
				description: 'Returns still waiting for your handling result',
			},
			{ name: 'Handled', value: 'true' },
		],
	},
	{
		displayName: 'Fulfilment Method',
		name: 'fulfilmentMethod',
		type: 'options',
		default: 'FBR',
		displayOptions: display,
		options: [
			{ name: 'FBR', value: 'FBR', description: 'Items you shipped' },
			{ name: 'FBB', value: 'FBB', description: 'Items bol shipped (bol handles these)' },
		],
	},
	...returnAllProperties('return', 'getAll'),
	optionsCollection(display, returnOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	const orderCache = new Map<string, BolOrder>();
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const handled = v.oneOf(
			{ label: 'Handled', name: 'handled' },
			String(this.getNodeParameter('handled', i)),
			['true', 'false'],
		);
		const method = v.oneOf(
			{ label: 'Fulfilment Method', name: 'fulfilmentMethod' },
			this.getNodeParameter('fulfilmentMethod', i),
			['FBR', 'FBB'],
		);
		const returnAll = this.getNodeParameter('returnAll', i) as boolean;
		const limit = returnAll
			? 0
			: v.integer({ label: 'Limit', name: 'limit' }, this.getNodeParameter('limit', i), 1, 500);
		const returns = await take(
			client.listReturns({ handled, 'fulfilment-method': method }, i),
			returnAll,
			limit,
		);
		const result: IDataObject[] = [];
		for (const bolReturn of returns) {
			result.push(
				(await normalizeReturn(this, client, bolReturn, i, orderCache)) as unknown as IDataObject,
			);
		}
		return result;
	});
}
