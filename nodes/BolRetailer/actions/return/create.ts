import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { CREATE_RETURN_HANDLING_RESULTS, REFUNDING_HANDLING_RESULTS } from '../../constants';
import {
	bolClient,
	handlingResultOptions,
	show,
	validator,
	waitOptions,
	waitSettings,
	optionsCollection,
} from '../common';
import { locatorProperty, readLocator } from '../../../shared/locators';
import { ORDER_ITEM_LOCATOR } from '../order/fields';
import { runBolJobs } from '../outcome';

const display = show('return', 'create');

export const description: INodeProperties[] = [
	{ ...locatorProperty(ORDER_ITEM_LOCATOR), displayOptions: display },
	{
		displayName: 'Quantity Returned',
		name: 'quantityReturned',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 9999 },
		default: 1,
		displayOptions: display,
	},
	{
		displayName: 'Handling Result',
		name: 'handlingResult',
		type: 'options',
		default: 'RETURN_RECEIVED',
		options: handlingResultOptions.filter((o) => o.value !== 'STILL_APPROVED'),
		displayOptions: display,
	},
	optionsCollection(display, waitOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	const plan = (i: number) => {
		const v = validator(this, i);
		const orderItemId = readLocator(
			v,
			{ label: 'Order Item ID', name: 'orderItemId' },
			this.getNodeParameter('orderItemId', i),
			ORDER_ITEM_LOCATOR,
		);
		const quantityReturned = v.integer(
			{ label: 'Quantity Returned', name: 'quantityReturned' },
			this.getNodeParameter('quantityReturned', i),
			1,
			9999,
		);
		const handlingResult = v.oneOf(
			{ label: 'Handling Result', name: 'handlingResult' },
			this.getNodeParameter('handlingResult', i),
			CREATE_RETURN_HANDLING_RESULTS,
		);
		return { orderItemId, quantityReturned, handlingResult, wait: waitSettings(this, i) };
	};
	return await runBolJobs(this, client, 'returns', plan, async (p, i) => {
		const { orderItemId, quantityReturned, handlingResult, wait } = p;
		const initial = await client.createReturn(orderItemId, quantityReturned, handlingResult, i);
		return {
			what: 'create the return',
			requests: [{ lineId: orderItemId, status: initial }],
			wait,
			result: (summary) => ({
				orderItemId,
				quantityReturned,
				handlingResult,
				refundedByMarketplace: REFUNDING_HANDLING_RESULTS.includes(handlingResult),
				// bol puts the new return's id in the process status entityId
				returnId:
					summary.statuses[0].status === 'SUCCESS' ? (summary.statuses[0].entityId ?? null) : null,
				status: summary.status === 'done' ? 'created' : 'pending',
				processStatus: summary.lines[0],
			}),
		};
	});
}
