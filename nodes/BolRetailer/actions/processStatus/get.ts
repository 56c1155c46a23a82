import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { bolClient, processResult, show, validator } from '../common';

const display = show('processStatus', 'get');

export const description: INodeProperties[] = [
	{
		displayName: 'Process Status IDs',
		name: 'processStatusIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1234567, 1234568',
		description:
			'One ID, or many separated by commas (fetched in bulk, up to 1000 per call). One output item per ID.',
		displayOptions: display,
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	return await runPerItem.call(this, async (i) => {
		const ids = validator(this, i).idList(
			{ label: 'Process Status IDs', name: 'processStatusIds' },
			this.getNodeParameter('processStatusIds', i),
			{
				max: 10_000,
				pattern: /^\d{1,20}$/,
				patternHint: 'digits only',
			},
		);
		const statuses =
			ids.length === 1
				? [await client.getProcessStatus(ids[0], i)]
				: await client.getProcessStatuses(ids, i);
		return statuses.map(processResult);
	});
}
