import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { InputValidator } from '../../../shared/validation';
import { CANCELLATION_REASONS, REFUNDING_HANDLING_RESULTS } from '../../constants';
import type {
	BolClient,
	BolOrderItem,
	BolProcessStatus,
	BolReducedReturnItem,
} from '../../transport';
import {
	bolClient,
	cancellationReasonOptions,
	show,
	validator,
	waitOptions,
	waitSettings,
	optionsCollection,
	type WaitSettings,
} from '../common';
import {
	lineSelectionProperty,
	matchOrderItem,
	parseLineSelection,
	type WantedLine,
} from '../lines';
import { orderIdProperty, readOrderId } from '../order/fields';
import { findEarlierRequests, runBolJobs, type Submitted } from '../outcome';

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

interface Planned {
	orderId: string;
	wanted?: WantedLine[];
	reason: string;
	wait: WaitSettings;
}

function plan(ctx: IExecuteFunctions, i: number): Planned {
	const v: InputValidator = validator(ctx, i);
	const orderId = readOrderId(v, ctx.getNodeParameter('orderId', i));
	const mode = v.oneOf(
		{ label: 'Items', name: 'itemsMode' },
		ctx.getNodeParameter('itemsMode', i),
		['all', 'list'],
	);
	const wanted =
		mode === 'list' ? parseLineSelection(v, ctx.getNodeParameter('items', i), 'Refund') : undefined;
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const reason = v.oneOf(
		{ label: 'Cancellation Reason', name: 'options.cancellationReason' },
		options.cancellationReason ?? 'REQUESTED_BY_CUSTOMER',
		CANCELLATION_REASONS,
	);
	return { orderId, wanted, reason, wait: waitSettings(ctx, i) };
}

/** Units of a return item bol has refunded already: accepted processing results with a refunding handling result. */
export function refundedQuantity(item: BolReducedReturnItem): number {
	return (item.processingResults ?? [])
		.filter(
			(r) =>
				REFUNDING_HANDLING_RESULTS.includes(r.handlingResult) && r.processingResult === 'ACCEPTED',
		)
		.reduce((sum, r) => sum + (r.quantity ?? 0), 0);
}

async function submit(
	ctx: IExecuteFunctions,
	client: BolClient,
	p: Planned,
	i: number,
): Promise<Submitted | IDataObject> {
	const v: InputValidator = validator(ctx, i);
	const { orderId, wanted, reason, wait } = p;
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

	// the order's returns (handled and open), read once when a shipped item is refunded: what bol has refunded
	// through a return already is not refundable again, and an open return is handled rather than a new one made
	let returns: BolReducedReturnItem[] | undefined;
	if (targets.some((t) => t.item.quantityShipped > 0)) {
		returns = [];
		for await (const ret of client.listReturns({ 'fulfilment-method': 'FBR' }, i))
			returns.push(...ret.returnItems.filter((r) => String(r.orderId) === orderId));
	}
	const returned = (ean: string | undefined) =>
		(returns ?? []).filter((r) => r.ean === ean).reduce((sum, r) => sum + refundedQuantity(r), 0);

	// plan before sending anything, so a bad quantity fails the item without side effects
	type Step = { kind: 'cancel' | 'return'; item: BolOrderItem; id: string; quantity: number };
	const steps = targets.flatMap(({ item, quantity }): Step[] => {
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
			return [{ kind: 'cancel', item, id, quantity: open }];
		}
		if (item.quantityShipped > 0) {
			const already = returned(item.product?.ean);
			const refundable = Math.max(0, item.quantityShipped - already);
			if (quantity === undefined && refundable === 0 && !wanted) return []; // refunded in full already
			if ((quantity ?? refundable) > refundable || refundable === 0) {
				v.fail(
					{ label: 'Items to Refund: quantity', name: 'items[].quantity' },
					quantity ?? refundable,
					`at most the refundable quantity of item ${id}: ${refundable} (shipped ${item.quantityShipped}, already returned and refunded ${already})`,
				);
			}
			return [{ kind: 'return', item, id, quantity: quantity ?? refundable }];
		}
		return v.fail(
			{ label: 'Items to Refund (JSON)', name: 'items' },
			id,
			'items that are not cancelled already',
		);
	});

	// Before sending, the unshipped items' recent cancellations at bol: one that is PENDING or SUCCESS (an earlier run's
	// answer was lost and Retry On Fail or a re-run sends the same refund again) is waited for, not sent a second time.
	const earlier = await findEarlierRequests(ctx, client, i, {
		orderItemIds: steps.filter((step) => step.kind === 'cancel').map((step) => step.id),
		eventType: 'CANCEL_ORDER',
		done: 'cancelled',
		risk: 'cancel it a second time',
		adopt: ['PENDING', 'SUCCESS'],
	});
	const adopted = new Map(earlier.map((e) => [e.entityId, e.status]));

	let openReturns = (returns ?? []).filter((r) => !r.handled);
	const results: Array<{
		lineId: string;
		action: string;
		quantity: number;
		status: BolProcessStatus;
		adopted?: boolean;
	}> = [];
	for (const step of steps) {
		if (step.kind === 'cancel') {
			const status = adopted.get(step.id);
			results.push({
				lineId: step.id,
				action: 'cancelled',
				quantity: step.quantity,
				...(status
					? { status, adopted: true }
					: { status: await client.cancelOrderItem(step.id, reason, i) }),
			});
			continue;
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
			...(results.some((r) => r.adopted) ? { adoptedProcessStatus: true } : {}),
			lines: results.map((r, index) => ({
				lineId: r.lineId,
				action: r.action,
				quantity: r.quantity,
				...summary.lines[index],
			})),
		}),
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	return await runBolJobs(
		this,
		client,
		'refunds',
		(i) => plan(this, i),
		async (p, i) => await submit(this, client, p, i),
	);
}
