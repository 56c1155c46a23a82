import nock from 'nock';

import { BOL_BASE } from '../../helpers/bol.mts';
import { bolExample } from '../../helpers/spec.mts';

/** A bol order as the spec's examples describe it, with a second, FBB item. */
export function specOrder(overrides: Record<string, unknown> = {}) {
	const order = bolExample<Record<string, any>>('Order');
	const item = order.orderItems[0];
	order.orderItems = [
		{
			...item,
			orderItemId: '2012345678',
			quantity: 2,
			quantityShipped: 0,
			quantityCancelled: 0,
			unitPrice: 12.99,
			totalPrice: 25.98,
		},
	];
	return { ...order, ...overrides };
}

export function reduced(
	orderId: string,
	items: Array<Record<string, unknown>> = [],
	placed = '2026-11-23T11:00:00+01:00',
) {
	const base = bolExample<Record<string, any>>('ReducedOrderItem');
	return {
		orderId,
		orderPlacedDateTime: placed,
		orderItems: (items.length ? items : [{}]).map((i, n) => ({
			...base,
			orderItemId: `${orderId}${n}`,
			...i,
		})),
	};
}

export function processStatus(
	status: 'PENDING' | 'SUCCESS' | 'FAILURE',
	id = '1234567',
	extra: Record<string, unknown> = {},
) {
	return {
		...bolExample<Record<string, any>>('ProcessStatus'),
		processStatusId: id,
		status,
		...extra,
	};
}

/**
 * What bol answers when the node asks for an order item's earlier shipments, cancellations or label purchases before sending one
 * (`GET /shared/process-status?entity-id=&event-type=`): by default none (bol's empty list is `{}`).
 */
export function earlierStatuses(
	entityId: string,
	eventType: 'CREATE_SHIPMENT' | 'CANCEL_ORDER' | 'CREATE_SHIPPING_LABEL',
	statuses: unknown[] = [],
	times = 1,
) {
	return nock(BOL_BASE)
		.get('/shared/process-status')
		.query({ 'entity-id': entityId, 'event-type': eventType })
		.times(times)
		.reply(200, statuses.length > 0 ? { processStatuses: statuses } : {});
}
