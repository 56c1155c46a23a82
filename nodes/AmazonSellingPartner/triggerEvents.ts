import type { IDataObject } from 'n8n-workflow';

import { paginatePages } from '../shared/paging';
import type { PollWindow, TriggerEvents, TriggerPage } from '../shared/trigger';
import { orderDatasets, piiToken, type OrderReadSettings } from './actions/common';
import { DATA_LAG_MS, ORDERS_PAGE_SIZE } from './constants';
import { toMarketplaceOrder } from './mapping';
import type { AmazonClient, AmazonOrder, SearchOrdersResponse } from './transport';

export type AmazonTriggerEvent = 'newOrder' | 'orderStatusChanged';

export interface AmazonTriggerSettings {
	event: AmazonTriggerEvent;
	statuses: readonly string[];
	marketplaceIds: string[];
	fulfilledBy?: string[];
	settings: OrderReadSettings;
	/** New Order: only orders created at or after this (Amazon's time). */
	since: number;
}

const SEARCH_PATH = '/orders/2026-01-01/orders';
const DAY = 24 * 60 * 60_000;

/**
 * searchOrders over a window, page by page. `lastUpdatedBefore` is left to Amazon (its default: two minutes before
 * its own now) and read back from the answer: the window's end is Amazon's time, not n8n's. Amazon lists orders by
 * `lastUpdatedTime`, oldest first (so a poll that stops at its limit can continue from there).
 */
async function* searchPages(
	client: AmazonClient,
	options: AmazonTriggerSettings,
	window: PollWindow,
	now: number,
): AsyncGenerator<TriggerPage<AmazonOrder>> {
	// n8n's clock only to place the window roughly; its end is always Amazon's own time
	const estimate = now - DATA_LAG_MS;
	if (window.firstPoll && window.from === undefined) {
		// activation: nothing to emit yet, only Amazon's time to start from (one order asked for, in a generous window)
		const response = await search(client, options, estimate - DAY, 1, undefined, undefined, false);
		yield { items: [], marketplaceNow: answeredBefore(response) ?? estimate };
		return;
	}
	const from = window.from ?? estimate - window.lookbackMs;
	const rdt = await piiToken(client, options.settings, SEARCH_PATH);
	yield* paginatePages<AmazonOrder, string>(async (paginationToken) => {
		const response = await search(client, options, from, ORDERS_PAGE_SIZE, paginationToken, rdt);
		const before = answeredBefore(response);
		return {
			items: response.orders ?? [],
			next: response.pagination?.nextToken || undefined,
			...(before === undefined ? {} : { marketplaceNow: before }),
		} as TriggerPage<AmazonOrder> & { next?: string };
	});
}

/** The time up to which Amazon's answer is complete (its `lastUpdatedBefore`, two minutes before its own now). */
function answeredBefore(response: SearchOrdersResponse): number | undefined {
	const before = response.lastUpdatedBefore ? Date.parse(response.lastUpdatedBefore) : NaN;
	return Number.isNaN(before) ? undefined : before;
}

async function search(
	client: AmazonClient,
	options: AmazonTriggerSettings,
	from: number,
	pageSize: number,
	paginationToken?: string,
	rdt?: string,
	pii = options.settings.piiRequested,
): Promise<SearchOrdersResponse> {
	const response = await client.request<SearchOrdersResponse>({
		method: 'GET',
		path: SEARCH_PATH,
		qs: {
			lastUpdatedAfter: new Date(from).toISOString(),
			marketplaceIds: options.marketplaceIds,
			fulfillmentStatuses: [...options.statuses],
			fulfilledBy: options.fulfilledBy,
			includedData: orderDatasets(pii),
			maxResultsPerPage: pageSize,
			paginationToken,
		},
		bucket: 'orders:search',
		operation: paginationToken ? 'search orders (next page)' : 'search orders',
		restrictedDataToken: rdt,
	});
	return response.body ?? { orders: [] };
}

function statusOf(order: AmazonOrder): string {
	return order.fulfillment?.fulfillmentStatus ?? '';
}

/** What the Amazon trigger events list, how they dedup and what they emit. `now` reads n8n's clock. */
export function amazonTriggerEvents(
	client: AmazonClient,
	options: AmazonTriggerSettings,
	now: () => number,
): TriggerEvents<AmazonOrder> {
	const newOrder = options.event === 'newOrder';
	return {
		ascending: true,
		pages: (window) => searchPages(client, options, window, now()),
		accept: (order) =>
			options.statuses.includes(statusOf(order)) &&
			(!newOrder || Date.parse(order.createdTime) >= options.since),
		key: (order) => (newOrder ? order.orderId : `${order.orderId}:${statusOf(order)}`),
		time: (order) => Date.parse(order.lastUpdatedTime),
		output: async (order) => {
			const normalized = toMarketplaceOrder(order, options.settings) as unknown as IDataObject;
			return newOrder
				? normalized
				: {
						...normalized,
						change: { status: statusOf(order), changedAt: order.lastUpdatedTime },
					};
		},
	};
}
