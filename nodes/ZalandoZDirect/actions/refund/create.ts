import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { CANCELLABLE_LINE_STATUSES } from '../../constants';
import { readReason, returnReasonProperty } from '../return/handle';
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

const display = show('refund', 'create');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	...itemSelectionProperties(
		display,
		'Refund',
		'Refund every unit: cancel what is not shipped, return what is shipped',
	),
	{
		...returnReasonProperty,
		description: 'Reason given for shipped units set to returned (Koongo "Order Return Reason")',
		displayOptions: display,
	},
	{
		displayName:
			'Zalando has no refund call and no amounts: it refunds the customer for every order line that is cancelled (not shipped yet) or returned (shipped). This operation does exactly that, per unit. For an item with both, shipped units are returned first; list order line IDs to choose exactly.',
		name: 'refundNotice',
		type: 'notice',
		default: '',
		displayOptions: display,
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await zalandoClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const orderId = readOrderId(this, i);
		const requests = readItemRequests(this, i);
		const reason = readReason(this, i);
		const order = await client.getOrder(orderId, i);
		const normalized = toMarketplaceOrder(order, mappingSettings(this, i));
		if (normalized.fulfilment === 'marketplace') {
			v.fail(
				{ label: 'Order ID', name: 'orderId' },
				orderId,
				'a partner-fulfilled order: Zalando handles refunds of orders it fulfils (FBZ)',
			);
		}
		const { send, alreadyDone } = pickUnits(v, order, normalized, requests, {
			verb: 'refunded',
			from: ['shipped', ...CANCELLABLE_LINE_STATUSES],
			preferred: ['shipped', 'reserved', 'initial'],
			done: ['canceled', 'returned'],
		});
		const applied = await patchUnits(
			this,
			client,
			orderId,
			send,
			(unit): IDataObject =>
				unit.status === 'shipped' ? { status: 'returned', reason } : { status: 'canceled' },
			i,
		);
		return {
			orderId,
			orderNumber: normalized.orderNumber,
			status: applied.length + alreadyDone.length === 0 ? 'nothing_to_refund' : 'refunded',
			cancelled: applied.filter((u) => u.status === 'canceled').length,
			returned: applied.filter((u) => u.status === 'returned').length,
			lines: [...unitJson(applied), ...unitJson(alreadyDone, { alreadyDone: true })],
		};
	});
}
