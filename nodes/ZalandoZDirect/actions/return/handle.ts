import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { RETURN_REASON_CODES, RETURN_REASONS } from '../../constants';
import {
	mappingSettings,
	orderIdProperty,
	patchUnits,
	pickUnits,
	readOrderId,
	show,
	toMarketplaceOrder,
	unitJson,
	validator,
	zalandoClient,
} from '../common';

const display = show('return', 'handle');

function reasonLabel(code: number, name: string): string {
	return `${code}: ${name
		.toLowerCase()
		.split('_')
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.join(' ')}`;
}

export const returnReasonProperty: INodeProperties = {
	displayName: 'Return Reason',
	name: 'reason',
	type: 'options',
	default: 0,
	description: 'Why the customer returned it (Koongo "Order Return Reason")',
	options: Object.entries(RETURN_REASONS).map(([code, name]) => ({
		name: reasonLabel(Number(code), name),
		value: Number(code),
	})),
};

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	{
		displayName: 'Order Line IDs',
		name: 'orderLineIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 5f1c..., 7a2d...',
		description:
			"Comma-separated Zalando order line IDs (a return's `lines[].lineId`): each shipped unit becomes returned, and Zalando refunds the customer",
		displayOptions: display,
	},
	{ ...returnReasonProperty, displayOptions: display },
];

export function readReason(ctx: IExecuteFunctions, i: number): number {
	const value = Number(ctx.getNodeParameter('reason', i, 0));
	if (!RETURN_REASON_CODES.includes(value))
		validator(ctx, i).fail(
			{ label: 'Return Reason', name: 'reason' },
			value,
			`one of ${RETURN_REASON_CODES.join(', ')}`,
		);
	return value;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await zalandoClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const orderId = readOrderId(this, i);
		const lineIds = v.idList(
			{ label: 'Order Line IDs', name: 'orderLineIds' },
			this.getNodeParameter('orderLineIds', i),
			{ max: 500 },
		);
		const reason = readReason(this, i);
		const order = await client.getOrder(orderId, i);
		const normalized = toMarketplaceOrder(order, mappingSettings(this, i));
		const known = new Set(order.items.flatMap((e) => e.lines.map((l) => l.id)));
		const unknown = lineIds.find((id) => !known.has(id));
		if (unknown !== undefined)
			v.fail(
				{ label: 'Order Line IDs', name: 'orderLineIds' },
				unknown,
				`order line IDs of order ${orderId}: ${[...known].join(', ')}`,
			);
		const { send, alreadyDone } = pickUnits(
			v,
			order,
			normalized,
			lineIds.map((lineId) => ({ lineId })),
			{ verb: 'returned', from: ['shipped'], done: ['returned'] },
		);
		const applied = await patchUnits(
			this,
			client,
			orderId,
			send,
			{ status: 'returned', reason },
			i,
		);
		const result: IDataObject = {
			orderId,
			orderNumber: normalized.orderNumber,
			status: 'returned',
			reason,
			reasonName: RETURN_REASONS[reason as keyof typeof RETURN_REASONS],
			lines: [...unitJson(applied), ...unitJson(alreadyDone, { alreadyDone: true })],
		};
		return result;
	});
}
