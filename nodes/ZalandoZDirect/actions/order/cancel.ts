import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { CANCELLABLE_LINE_STATUSES } from '../../constants';
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

const display = show('order', 'cancel');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	...itemSelectionProperties(display, 'Cancel', 'Cancel every line not shipped yet'),
	{
		displayName:
			'Zalando takes no cancellation reason: the customer is told the item is cancelled and refunded. Only lines not shipped yet (initial or reserved) can be cancelled.',
		name: 'cancelNotice',
		type: 'notice',
		default: '',
		displayOptions: display,
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await zalandoClient(this);
	return await runPerItem.call(this, async (i) => {
		const orderId = readOrderId(this, i);
		const requests = readItemRequests(this, i);
		const order = await client.getOrder(orderId, i);
		const normalized = toMarketplaceOrder(order, mappingSettings(this, i));
		if (normalized.fulfilment === 'marketplace') {
			validator(this, i).fail(
				{ label: 'Order ID', name: 'orderId' },
				orderId,
				'a partner-fulfilled order: Zalando fulfils this one (FBZ) and it is read-only',
			);
		}
		const { send, alreadyDone } = pickUnits(validator(this, i), order, normalized, requests, {
			verb: 'cancelled',
			from: CANCELLABLE_LINE_STATUSES,
			done: ['canceled'],
		});
		const applied = await patchUnits(this, client, orderId, send, { status: 'canceled' }, i);
		return {
			orderId,
			orderNumber: normalized.orderNumber,
			status: applied.length + alreadyDone.length === 0 ? 'nothing_to_cancel' : 'cancelled',
			lines: [...unitJson(applied), ...unitJson(alreadyDone, { alreadyDone: true })],
		};
	});
}
