import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { InputValidator } from '../../../shared/validation';
import { CANCELLATION_REASONS } from '../../constants';
import type { BolProcessStatus, BolReducedReturnItem } from '../../transport';
import {
	bolClient,
	cancellationReasonOptions,
	show,
	validator,
	waitOptions,
	waitSettings,
	optionsCollection,
} from '../common';
import { lineSelectionProperty, matchOrderItem, parseLineSelection } from '../lines';
import { ORDER_ID_PATTERN, orderIdProperty } from '../order/fields';
import { runSubmitted } from '../outcome';

const display = show('refund', 'create');

export const description: INodeProperties[] = [
	{
		displayName:
			'Bol has no refund call: bol refunds the customer itself when an order item is cancelled, or when a return is handled as Return Received. This operation does that per item: not yet shipped -> cancel the item; shipped -> handle the open return of that item as Return Received, or create one on behalf of the customer.',
		name: 'refundNotice',
		type: 'notice',
		default: '',
		displayOptions: display,
	},
	{ ...orderIdProperty, displayOptions: display },
	{
		displayName: 'Items',
		name: 'itemsMode',
		type: 'options',
		default: 'all',
		displayOptions: display,
		options: [
			{
				name: 'Whole Order',
				value: 'all',
				description: 'Refund every item that is not cancelled yet',
			},
			{ name: 'Listed Items', value: 'list', description: 'Refund the items listed as JSON' },
		],
	},
	lineSelectionProperty(display, 'Refund', 'everything refundable of that item'),
	optionsCollection(display, [
		{
			displayName: 'Cancellation Reason',
			name: 'cancellationReason',
			type: 'options',
			options: cancellationReasonOptions,
			default: 'REQUESTED_BY_CUSTOMER',
			description: 'Reason used for items that have not shipped yet',
		},
		...waitOptions,
	]),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	return await runSubmitted(this, client, async (i) => {
		const v: InputValidator = validator(this, i);
		const orderId = v.string(
			{ label: 'Order ID', name: 'orderId' },
			this.getNodeParameter('orderId', i),
			ORDER_ID_PATTERN,
		);
		const mode = v.oneOf(
			{ label: 'Items', name: 'itemsMode' },
			this.getNodeParameter('itemsMode', i),
			['all', 'list'],
		);
		const wanted =
			mode === 'list'
				? parseLineSelection(v, this.getNodeParameter('items', i), 'Refund')
				: undefined;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const reason = v.oneOf(
			{ label: 'Cancellation Reason', name: 'options.cancellationReason' },
			options.cancellationReason ?? 'REQUESTED_BY_CUSTOMER',
			CANCELLATION_REASONS,
		);
		const wait = waitSettings(this, i);

		const order = await client.getOrder(orderId, i);
		const items = order.orderItems ?? [];
		const targets = wanted
			? wanted.map((w) => ({
					item: matchOrderItem(v, orderId, items, w, 'Refund'),
					quantity: w.quantity,
				}))
			: items
					.filter((c) => c.quantity - c.quantityCancelled > 0)
					.map((item) => ({ item, quantity: undefined as number | undefined }));

		// plan before sending anything, so a bad quantity fails the item without side effects
		const plan = targets.map(({ item, quantity }) => {
			const open = item.quantity - item.quantityShipped - item.quantityCancelled;
			const id = String(item.orderItemId);
			if (item.quantityShipped === 0 && open > 0) {
				if (quantity !== undefined && quantity !== open) {
					v.fail(
						{ label: 'Items to Refund: quantity', name: 'items[].quantity' },
						quantity,
						`${open} for item ${id}: bol cancels an unshipped item as a whole`,
					);
				}
				return { kind: 'cancel' as const, item, id, quantity: open };
			}
			if (item.quantityShipped > 0) {
				const refundable = item.quantityShipped;
				if (quantity !== undefined && quantity > refundable) {
					v.fail(
						{ label: 'Items to Refund: quantity', name: 'items[].quantity' },
						quantity,
						`at most the shipped quantity of item ${id} (${refundable})`,
					);
				}
				return { kind: 'return' as const, item, id, quantity: quantity ?? refundable };
			}
			return v.fail(
				{ label: 'Items to Refund (JSON)', name: 'items' },
				id,
				'items that are not cancelled already',
			);
		});

		let openReturns: BolReducedReturnItem[] | undefined;
		const results: Array<{
			lineId: string;
			action: string;
			quantity: number;
			status: BolProcessStatus;
		}> = [];
		for (const step of plan) {
			if (step.kind === 'cancel') {
				results.push({
					lineId: step.id,
					action: 'cancelled',
					quantity: step.quantity,
					status: await client.cancelOrderItem(step.id, reason, i),
				});
				continue;
			}
			if (!openReturns) {
				openReturns = [];
				for await (const ret of client.listReturns(
					{ handled: 'false', 'fulfilment-method': 'FBR' },
					i,
				)) {
					openReturns.push(
						...ret.returnItems.filter((r) => String(r.orderId) === orderId && !r.handled),
					);
				}
			}
			const existing = openReturns.find((r) => r.ean === step.item.product?.ean);
			if (existing) {
				results.push({
					lineId: step.id,
					action: 'return_handled',
					quantity: step.quantity,
					status: await client.handleReturn(
						String(existing.rmaId),
						'RETURN_RECEIVED',
						step.quantity,
						i,
					),
				});
				openReturns = openReturns.filter((r) => r !== existing);
			} else {
				results.push({
					lineId: step.id,
					action: 'return_created',
					quantity: step.quantity,
					status: await client.createReturn(step.id, step.quantity, 'RETURN_RECEIVED', i),
				});
			}
		}
		if (results.length === 0)
			return { orderId, refundedBy: 'bol', status: 'nothing_to_refund', lines: [] };
		return {
			what: 'refund',
			requests: results,
			wait,
			result: (summary) => ({
				orderId,
				refundedBy: 'bol',
				status: summary.status === 'done' ? 'refunded' : 'pending',
				lines: results.map((r, index) => ({
					lineId: r.lineId,
					action: r.action,
					quantity: r.quantity,
					...summary.lines[index],
				})),
			}),
		};
	});
}
