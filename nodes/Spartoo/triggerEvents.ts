import type { IDataObject } from 'n8n-workflow';

import { getClock } from '../shared/clock';
import type { PollWindow, TriggerEvents, TriggerPage } from '../shared/trigger';
import {
	FIRST_POLL_LOOKBACK_MS,
	NEW_ORDER_QUERY_LOOKBACK_MS,
	ORDER_STATUS,
	SCRIPTS,
} from './constants';
import { normalizeReturn, type OrderCache } from './actions/common';
import { toMarketplaceOrder, type SpartooMappingSettings } from './mapping';
import type { SpartooClient } from './transport';
import {
	readOrders,
	readReturns,
	type SpartooOrderRecord,
	type SpartooReturnRecord,
} from './transport/read';
import { spartooDateToIso, toSpartooExportDate, toUnixSeconds } from './time';

export type SpartooTriggerEvent = 'newOrder' | 'orderChanged' | 'newReturn';

/** Order changes the Order Changed event reports: cancelled, lost, not delivered (S-D1). */
export const CHANGE_STATUSES: readonly number[] = [
	ORDER_STATUS.cancelled,
	ORDER_STATUS.lost,
	ORDER_STATUS.failedDelivery,
];

const timeOf = (value: string | undefined) => {
	const iso = spartooDateToIso(value);
	return iso === null ? 0 : Date.parse(iso);
};

/** When an order last changed (it became 11 when Spartoo verified it: later than its purchase). */
export const orderTime = (record: SpartooOrderRecord) =>
	timeOf(record.order.last_modified) || timeOf(record.order.date_purchased);

const since = (window: PollWindow, atLeastMs = 0) => {
	const now = getClock().now();
	const from = window.from ?? now - FIRST_POLL_LOOKBACK_MS;
	return new Date(Math.min(from, now - atLeastMs));
};

async function* onePage<T>(read: () => Promise<T[]>): AsyncIterable<TriggerPage<T>> {
	yield { items: await read() };
}

/**
 * What each Spartoo trigger event lists (Spartoo has no webhooks: polling by date is the only model). Spartoo does not
 * page: one export answers a whole window.
 *
 * - New Order: orders in status 11 (verified, waiting for your accept) that changed in the window; asked for the
 *   last 7 days at least (`date`, Paris time).
 * - Order Changed: orders changed in the window now cancelled (41), lost (45) or not delivered (47); one event per
 *   order and change time. Whether the export's `date` selects by last change is unverified (constants.ts).
 * - New Return: returns registered in the window (`date` as a Unix timestamp), each with its size resolved from its
 *   order (one order read per order and poll, unless Resolve Size From Order is off).
 */
export function spartooTriggerEvents(
	event: SpartooTriggerEvent,
	client: SpartooClient,
	settings: SpartooMappingSettings,
): TriggerEvents<SpartooOrderRecord> | TriggerEvents<SpartooReturnRecord> {
	const orders = (window: PollWindow, status?: number, atLeastMs = 0) =>
		onePage(async () => {
			const answer = await client.post({
				script: SCRIPTS.exportOrders,
				form: { date: toSpartooExportDate(since(window, atLeastMs)), status },
				operation: 'list orders',
				read: true,
			});
			return readOrders(answer.root);
		});
	const emit = (record: SpartooOrderRecord) =>
		toMarketplaceOrder(record, settings) as unknown as IDataObject;
	if (event === 'newOrder') {
		const events: TriggerEvents<SpartooOrderRecord> = {
			pages: (window) => orders(window, ORDER_STATUS.verified, NEW_ORDER_QUERY_LOOKBACK_MS),
			accept: (record) => Number(record.order.orders_status_id) === ORDER_STATUS.verified,
			key: (record) => record.order.orders_id,
			time: orderTime,
			output: async (record) => emit(record),
		};
		return events;
	}
	if (event === 'orderChanged') {
		const events: TriggerEvents<SpartooOrderRecord> = {
			pages: (window) => orders(window),
			accept: (record) => CHANGE_STATUSES.includes(Number(record.order.orders_status_id)),
			key: (record) =>
				`${record.order.orders_id}@${record.order.orders_status_id}@${orderTime(record)}`,
			time: orderTime,
			output: async (record) => ({
				...emit(record),
				change: {
					status: Number(record.order.orders_status_id),
					changedAt: new Date(orderTime(record)).toISOString(),
				},
			}),
		};
		return events;
	}
	const orderCache: OrderCache = new Map();
	const events: TriggerEvents<SpartooReturnRecord> = {
		pages: (window) =>
			onePage(async () => {
				const answer = await client.post({
					script: SCRIPTS.exportReturns,
					form: { date: toUnixSeconds(since(window)) },
					operation: 'list returns',
					read: true,
					accept: [-6],
				});
				return answer.code === -6 ? [] : readReturns(answer.root);
			}),
		key: (record) => record.fields.return_id,
		time: (record) => timeOf(record.fields.return_date),
		// the returned size from the return's order: one order read per order and poll (Resolve Size From Order)
		output: async (record) =>
			(await normalizeReturn(client, record, settings, orderCache, undefined, {
				orderReadMayFail: true,
			})) as unknown as IDataObject,
	};
	return events;
}
