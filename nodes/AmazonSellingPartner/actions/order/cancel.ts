import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsCollection, show } from '../../../shared/router';
import type { InputValidator } from '../../../shared/validation';
import { CANCEL_REASONS, FEED_TYPES, ORDER_ITEM_ID_PATTERN } from '../../constants';
import { orderAcknowledgementFeed, type CancellationMessage } from '../../feeds';
import type { AmazonOrder } from '../../transport';
import {
	amazonClient,
	feedWait,
	feedWaitOptions,
	openQuantity,
	orderId,
	orderIdProperty,
	validator,
	valueOptions,
	type FeedWait,
} from '../common';
import { feedItemResult, runOrderFeed, type OrderMessage } from '../feedRun';

const display = show('order', 'cancel');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	{
		displayName: 'Order Item IDs',
		name: 'orderItemIds',
		type: 'string',
		default: '',
		placeholder: '79039765272157, 79039765272158',
		description:
			'Comma-separated order item IDs (`lines[].lineId`) to cancel. Empty: every item not shipped yet.',
		displayOptions: display,
	},
	{
		displayName: 'Cancellation Reason',
		name: 'reason',
		type: 'options',
		default: 'NoInventory',
		options: valueOptions(CANCEL_REASONS),
		description:
			'Why you cancel (Koongo "Order Cancellation Reason"); sent as `CancelReason` of the order acknowledgement feed',
		displayOptions: display,
	},
	optionsCollection(display, [
		{
			displayName: 'Only Confirm Customer Requests',
			name: 'onlyCustomerRequests',
			type: 'boolean',
			default: false,
			description:
				'Whether to cancel only the items the buyer asked to cancel (`cancellationRequested`), with reason BuyerCanceled',
		},
		...feedWaitOptions,
	]),
];

interface Planned {
	itemIndex: number;
	orderId: string;
	reason: string;
	onlyCustomerRequests: boolean;
	requested?: string[];
	wait: FeedWait;
}

function plan(ctx: IExecuteFunctions, i: number): Planned {
	const v = validator(ctx, i);
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const onlyCustomerRequests = options.onlyCustomerRequests === true;
	const rawIds = String(ctx.getNodeParameter('orderItemIds', i, '') ?? '').trim();
	return {
		itemIndex: i,
		orderId: orderId(ctx, i),
		reason: onlyCustomerRequests
			? 'BuyerCanceled'
			: v.oneOf(
					{ label: 'Cancellation Reason', name: 'reason' },
					ctx.getNodeParameter('reason', i),
					CANCEL_REASONS,
				),
		onlyCustomerRequests,
		requested:
			rawIds === ''
				? undefined
				: v.idList({ label: 'Order Item IDs', name: 'orderItemIds' }, rawIds, {
						...ORDER_ITEM_ID_PATTERN,
						max: 100,
					}),
		wait: feedWait(options, v),
	};
}

/** The items to cancel: the listed ones (each must be open) or every open one; none for FBA orders. */
function message(
	ctx: IExecuteFunctions,
	p: Planned,
	order: AmazonOrder,
	messageId: number,
): (CancellationMessage & OrderMessage) | { json: IDataObject } {
	const v: InputValidator = validator(ctx, p.itemIndex);
	if (order.fulfillment?.fulfilledBy === 'AMAZON') {
		v.fail(
			{ label: 'Order ID', name: 'orderId' },
			p.orderId,
			'a merchant-fulfilled order: Amazon fulfils and cancels FBA orders itself',
		);
	}
	const field = { label: 'Order Item IDs', name: 'orderItemIds' };
	let targets = p.requested
		? p.requested.map((id) => {
				const item = order.orderItems.find((candidate) => candidate.orderItemId === id);
				if (!item)
					v.fail(
						field,
						id,
						`item IDs of order ${p.orderId}: ${order.orderItems.map((c) => c.orderItemId).join(', ')}`,
					);
				if (openQuantity(order, id) === 0)
					v.fail(field, id, 'items that are neither shipped nor cancelled yet');
				return item;
			})
		: order.orderItems.filter((item) => openQuantity(order, item.orderItemId) > 0);
	if (p.onlyCustomerRequests)
		targets = targets.filter((item) => item.cancellation?.cancellationRequest);
	if (targets.length === 0) {
		return {
			json: {
				orderId: p.orderId,
				status: 'nothing_to_cancel',
				reason: p.reason,
				lines: [],
				fulfillmentStatus: order.fulfillment?.fulfillmentStatus ?? null,
			},
		};
	}
	return {
		itemIndex: p.itemIndex,
		messageId,
		orderId: p.orderId,
		marketplaceId: order.salesChannel?.marketplaceId ?? '',
		items: targets.map((item) => ({ orderItemId: item.orderItemId, cancelReason: p.reason })),
	};
}

/**
 * Cancels orders through one POST_ORDER_ACKNOWLEDGEMENT_DATA feed for all input items (Amazon has no REST call to
 * cancel, and createFeed allows few calls: one feed per run, one message per order).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await amazonClient(this);
	return await runOrderFeed(this, client, {
		summaryNoun: 'cancellations',
		noun: 'orders',
		feedType: FEED_TYPES.orderAcknowledgement,
		plan: (i) => plan(this, i),
		build: (p, order, messageId) => message(this, p, order, messageId),
		content: (messages) => orderAcknowledgementFeed(client.sellerId, messages),
		describe: (m) => ({
			what: `cancel order ${m.orderId}`,
			json: feedItemResult(
				{
					orderId: m.orderId,
					reason: m.items[0].cancelReason,
					lines: m.items.map((item) => ({ lineId: item.orderItemId })),
				},
				'cancelled',
			),
		}),
	});
}
