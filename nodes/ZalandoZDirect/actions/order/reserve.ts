import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import {
	itemSelectionProperties,
	mappingSettings,
	orderIdProperty,
	patchUnits,
	pickUnits,
	readItemRequests,
	readOrderId,
	show,
	toMarketplaceOrder,
	unitJson,
	validator,
	zalandoClient,
} from '../common';

const display = show('order', 'reserve');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	...itemSelectionProperties(display, 'Reserve', 'Reserve every line still initial'),
];

/** The optional step between export and shipping: lines to `reserved` (allowed even before export). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await zalandoClient(this);
	return await runPerItem.call(this, async (i) => {
		const orderId = readOrderId(this, i);
		const requests = readItemRequests(this, i);
		const order = await client.getOrder(orderId, i);
		const normalized = toMarketplaceOrder(order, mappingSettings(this, i));
		const { send, alreadyDone } = pickUnits(validator(this, i), order, normalized, requests, {
			verb: 'reserved',
			from: ['initial'],
			done: ['reserved'],
		});
		const applied = await patchUnits(this, client, orderId, send, { status: 'reserved' }, i);
		return {
			orderId,
			orderNumber: normalized.orderNumber,
			status: applied.length + alreadyDone.length === 0 ? 'nothing_to_reserve' : 'reserved',
			lines: [...unitJson(applied), ...unitJson(alreadyDone, { alreadyDone: true })],
		};
	});
}
