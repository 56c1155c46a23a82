import type { IDataObject } from 'n8n-workflow';

import { pageNumberFetcher, paginatePages } from '../shared/paging';
import type { PollWindow, TriggerEvents, TriggerPage } from '../shared/trigger';
import { BOL_PAGE_SIZE } from './constants';
import {
	fulfilmentMethodFor,
	keepOrderType,
	toMarketplaceOrder,
	toMarketplaceReturn,
	type BolMappingSettings,
} from './mapping';
import type { BolClient, BolReducedOrder, BolReducedReturn } from './transport';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export type BolTriggerEvent = 'newOrder' | 'orderChanged' | 'newReturn';

export interface BolTriggerSettings {
	settings: BolMappingSettings;
	orderTypes: string;
	returnFulfilmentMethod: 'FBR' | 'FBB';
}

/** The latest change of any item of an order (bol's time), or when it was placed. */
export function latestChange(order: BolReducedOrder): number {
	const times = (order.orderItems ?? [])
		.map((i) => (i.latestChangedDateTime ? Date.parse(i.latestChangedDateTime) : NaN))
		.filter((t) => !Number.isNaN(t));
	return times.length ? Math.max(...times) : placedAt(order);
}

function placedAt(order: BolReducedOrder): number {
	const placed = order.orderPlacedDateTime ? Date.parse(order.orderPlacedDateTime) : NaN;
	return Number.isNaN(placed) ? 0 : placed;
}

/**
 * One page-numbered list of the Retailer API, page by page (bol answers an empty page with `{}`). Page numbers over a
 * live list can shift: the events say so (`shifting`), and the trigger reads again until nothing new shows up.
 */
function listPages<T>(
	client: BolClient,
	path: string,
	key: string,
	bucket: string,
	query: IDataObject,
): AsyncGenerator<TriggerPage<T>> {
	return paginatePages(
		pageNumberFetcher(async (page) => {
			const response = await client.request<Record<string, T[] | undefined>>({
				method: 'GET',
				path,
				qs: { ...query, page },
				bucket,
				operation: `list ${key} (page ${page})`,
			});
			return response.body?.[key] ?? [];
		}, BOL_PAGE_SIZE),
	);
}

/**
 * bol filters changes either by the last N minutes (at most 60) or by calendar day: a look-back up to an hour uses the
 * first, a longer one asks day by day (at most the 3 months bol keeps). Both are relative to bol's own clock, so the
 * look-back is measured on n8n's clock (a difference, which clock skew does not change).
 */
export function changeQueries(lookbackMs: number, now: number): IDataObject[] {
	if (lookbackMs <= 60 * MINUTE)
		return [
			{ 'change-interval-minute': Math.max(1, Math.min(60, Math.ceil(lookbackMs / MINUTE))) },
		];
	const queries: IDataObject[] = [];
	const start = Math.max(now - lookbackMs, now - 92 * DAY);
	for (
		let day = Date.UTC(
			new Date(start).getUTCFullYear(),
			new Date(start).getUTCMonth(),
			new Date(start).getUTCDate(),
		);
		day <= now;
		day += DAY
	) {
		queries.push({ 'latest-change-date': new Date(day).toISOString().slice(0, 10) });
	}
	return queries;
}

async function orderOutput(
	client: BolClient,
	reduced: BolReducedOrder,
	{ settings, orderTypes }: BolTriggerSettings,
): Promise<IDataObject | undefined> {
	const order = toMarketplaceOrder(await client.getOrder(reduced.orderId), settings);
	return keepOrderType(order, orderTypes) ? (order as unknown as IDataObject) : undefined;
}

/** What each bol trigger event lists, how it dedups and what it emits. `now` reads n8n's clock. */
export function bolTriggerEvents(
	event: BolTriggerEvent,
	client: BolClient,
	options: BolTriggerSettings,
	now: () => number,
): TriggerEvents<BolReducedOrder> | TriggerEvents<BolReducedReturn> {
	const fulfilmentMethod = fulfilmentMethodFor(options.orderTypes);
	if (event === 'newOrder') {
		// every OPEN order, filtered by the time it was placed: no time filter at bol
		const events: TriggerEvents<BolReducedOrder> = {
			shifting: true,
			pages: () =>
				listPages<BolReducedOrder>(client, '/orders', 'orders', 'orders:list', {
					status: 'OPEN',
					'fulfilment-method': fulfilmentMethod,
				}),
			key: (order) => order.orderId,
			time: placedAt,
			output: async (order) => await orderOutput(client, order, options),
		};
		return events;
	}
	if (event === 'orderChanged') {
		const events: TriggerEvents<BolReducedOrder> = {
			shifting: true,
			pages: (window: PollWindow) => changedPages(client, window, fulfilmentMethod, now()),
			key: (order) => `${order.orderId}@${latestChange(order)}`,
			time: latestChange,
			output: async (order) => {
				const json = await orderOutput(client, order, options);
				return (
					json && { ...json, change: { changedAt: new Date(latestChange(order)).toISOString() } }
				);
			},
		};
		return events;
	}
	const events: TriggerEvents<BolReducedReturn> = {
		shifting: true,
		pages: () =>
			listPages<BolReducedReturn>(client, '/returns', 'returns', 'returns:list', {
				handled: 'false',
				'fulfilment-method': options.returnFulfilmentMethod,
			}),
		key: (ret) => ret.returnId,
		time: (ret) => Date.parse(ret.registrationDateTime) || 0,
		output: async (ret) =>
			toMarketplaceReturn(ret, options.settings.includeRaw) as unknown as IDataObject,
	};
	return events;
}

async function* changedPages(
	client: BolClient,
	window: PollWindow,
	fulfilmentMethod: string | undefined,
	now: number,
): AsyncGenerator<TriggerPage<BolReducedOrder>> {
	for (const query of changeQueries(window.lookbackMs, now)) {
		yield* listPages<BolReducedOrder>(client, '/orders', 'orders', 'orders:list', {
			...query,
			status: 'ALL',
			'fulfilment-method': fulfilmentMethod,
		});
	}
}
