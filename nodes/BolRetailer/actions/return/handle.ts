import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { HANDLING_RESULTS, REFUNDING_HANDLING_RESULTS } from '../../constants';
import {
	bolClient,
	handlingResultOptions,
	show,
	validator,
	waitOptions,
	waitSettings,
	optionsCollection,
} from '../common';
import { runBolJobs } from '../outcome';
import { locatorProperty, readLocator } from '../../../shared/locators';
import { RMA_LOCATOR } from './fields';

const display = show('return', 'handle');

export const description: INodeProperties[] = [
	{ ...locatorProperty(RMA_LOCATOR), displayOptions: display },
	{
		displayName: 'Handling Result',
		name: 'handlingResult',
		type: 'options',
		default: 'RETURN_RECEIVED',
		options: handlingResultOptions,
		description:
			'What you did with the return (Koongo "Default RMA Handling Result"). Bol refunds the customer for Return Received and Still Approved.',
		displayOptions: display,
	},
	{
		displayName: 'Quantity Returned',
		name: 'quantityReturned',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 9999 },
		default: 1,
		displayOptions: display,
	},
	optionsCollection(display, waitOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	const plan = (i: number) => {
		const v = validator(this, i);
		const rmaId = readLocator(
			v,
			{ label: 'RMA ID', name: 'rmaId' },
			this.getNodeParameter('rmaId', i),
			RMA_LOCATOR,
		);
		const handlingResult = v.oneOf(
			{ label: 'Handling Result', name: 'handlingResult' },
			this.getNodeParameter('handlingResult', i),
			HANDLING_RESULTS,
		);
		const quantityReturned = v.integer(
			{ label: 'Quantity Returned', name: 'quantityReturned' },
			this.getNodeParameter('quantityReturned', i),
			1,
			9999,
		);
		return { rmaId, handlingResult, quantityReturned, wait: waitSettings(this, i) };
	};
	return await runBolJobs(this, client, 'return handlings', plan, async (p, i) => {
		const { rmaId, handlingResult, quantityReturned, wait } = p;
		const initial = await client.handleReturn(rmaId, handlingResult, quantityReturned, i);
		return {
			what: 'handle the return',
			requests: [{ lineId: rmaId, status: initial }],
			wait,
			result: (summary) => ({
				rmaId,
				handlingResult,
				quantityReturned,
				refundedByMarketplace: REFUNDING_HANDLING_RESULTS.includes(handlingResult),
				status: summary.status === 'done' ? 'handled' : 'pending',
				processStatus: summary.lines[0],
			}),
		};
	});
}
