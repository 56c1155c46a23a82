import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { InputValidator } from '../../../shared/validation';
import { CANCELLATION_REASONS } from '../../constants';
import {
	bolClient,
	cancellationReasonOptions,
	show,
	validator,
	waitOptions,
	waitSettings,
	optionsCollection,
} from '../common';
import { findEarlierRequests, runBolJobs, type Submitted } from '../outcome';
import { ORDER_ITEM_ID_PATTERN, orderIdProperty, readOrderId } from './fields';

const display = show('order', 'cancel');
const NOT_OPEN = 'items that are neither shipped nor cancelled yet';

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	{
		displayName: 'Order Item IDs',
		name: 'orderItemIds',
		type: 'string',
		default: '',
		placeholder: '2012345678, 2012345679',
		description:
			'Comma-separated order item IDs (`lines[].lineId`) to cancel. Empty: every item that is still open.',
		displayOptions: display,
	},
	{
		displayName: 'Reason',
		name: 'reasonCode',
		type: 'options',
		default: 'OUT_OF_STOCK',
		options: cancellationReasonOptions,
		description: 'Why you cancel (Koongo "Order Cancellation Reason")',
		displayOptions: display,
	},
	optionsCollection(display, [
		{
			displayName: 'Only Confirm Customer Requests',
			name: 'onlyCustomerRequests',
			type: 'boolean',
			default: false,
			description:
				'Whether to cancel only the items the customer asked to cancel (`cancellationRequested`), confirming the request with reason REQUESTED_BY_CUSTOMER',
		},
		...waitOptions,
	]),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	const plan = (i: number) => {
		const v: InputValidator = validator(this, i);
		const orderId = readOrderId(v, this.getNodeParameter('orderId', i));
		const rawIds = this.getNodeParameter('orderItemIds', i, '') as string;
		const requested =
			rawIds === '' || rawIds === undefined
				? undefined
				: v.idList({ label: 'Order Item IDs', name: 'orderItemIds' }, rawIds, {
						...ORDER_ITEM_ID_PATTERN,
						max: 100,
					});
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const onlyCustomerRequests = options.onlyCustomerRequests === true;
		const reasonCode = onlyCustomerRequests
			? 'REQUESTED_BY_CUSTOMER'
			: v.oneOf(
					{ label: 'Reason', name: 'reasonCode' },
					this.getNodeParameter('reasonCode', i),
					CANCELLATION_REASONS,
				);
		return { orderId, requested, onlyCustomerRequests, reasonCode, wait: waitSettings(this, i) };
	};
	return await runBolJobs(this, client, 'cancellations', plan, async (p, i) => {
		const { orderId, requested, onlyCustomerRequests, reasonCode, wait } = p;
		const v: InputValidator = validator(this, i);
		const order = await client.getOrder(orderId, i);
		const items = order.orderItems ?? [];
		const open = (item: (typeof items)[number]) =>
			item.quantity - item.quantityShipped - item.quantityCancelled > 0;
		// an item asked for by id that is no longer open may have been cancelled by an earlier run whose answer was
		// lost: a recent SUCCESS cancellation of it is adopted below, anything else is refused before any request
		const closed: string[] = [];
		const notOpen = { label: 'Order Item IDs', name: 'orderItemIds' };
		let targets = requested
			? requested.flatMap((id) => {
					const item = items.find((candidate) => String(candidate.orderItemId) === id);
					if (!item) {
						v.fail(
							{ label: 'Order Item IDs', name: 'orderItemIds' },
							id,
							`item IDs of order ${orderId}: ${items.map((c) => c.orderItemId).join(', ')}`,
						);
					}
					if (open(item)) return [item];
					if (item.quantityCancelled === 0) v.fail(notOpen, id, NOT_OPEN);
					closed.push(id);
					return [];
				})
			: items.filter(open);
		if (onlyCustomerRequests) targets = targets.filter((item) => item.cancellationRequest);

		// Before sending, every item's recent cancellations at bol: one that is PENDING (an earlier run's answer was lost
		// and Retry On Fail or a re-run sends the same input again) or SUCCESS is waited for, not sent a second time.
		// All items are checked before the first cancellation goes out.
		const earlier = await findEarlierRequests(this, client, i, {
			orderItemIds: [...closed, ...targets.map((item) => String(item.orderItemId))],
			eventType: 'CANCEL_ORDER',
			done: 'cancelled',
			risk: 'cancel it a second time',
			adopt: ['PENDING', 'SUCCESS'],
		});
		const adopted = new Map(earlier.map((e) => [e.entityId, e.status]));
		const refused = closed.find((id) => !adopted.has(id));
		if (refused !== undefined) v.fail(notOpen, refused, NOT_OPEN);

		const results: Submitted['requests'] = closed.map((id) => ({
			lineId: id,
			status: adopted.get(id)!,
			adopted: true,
		}));
		for (const item of targets) {
			const lineId = String(item.orderItemId);
			const status = adopted.get(lineId);
			results.push(
				status
					? { lineId, status, adopted: true }
					: { lineId, status: await client.cancelOrderItem(lineId, reasonCode, i) },
			);
		}
		if (results.length === 0)
			return { orderId, reasonCode, status: 'nothing_to_cancel', lines: [] };
		return {
			what: 'cancel',
			requests: results,
			wait,
			result: (summary) => ({
				orderId,
				reasonCode,
				status: summary.status === 'done' ? 'cancelled' : 'pending',
				lines: summary.lines,
				adoptedProcessStatus: results.some((r) => r.adopted),
			}),
		};
	});
}
