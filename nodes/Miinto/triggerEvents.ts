import type { IDataObject } from 'n8n-workflow';

import type { PollWindow, TriggerEvents, TriggerPage } from '../shared/trigger';
import {
	toMarketplaceOrder,
	toMarketplaceReturn,
	transferToMarketplaceOrder,
	type MiintoMappingSettings,
} from './mapping';
import type { MiintoClient, MiintoOrder, MiintoRma, MiintoTransfer } from './transport';
import {
	ORDER_CREATED_AT_FIELDS,
	RMA_FIELDS,
	RMA_LIST_IS_NEWEST_FIRST,
	TRANSFER_CREATED_AT_FIELDS,
	pickFirst,
} from './unverified';

export type MiintoTriggerEvent = 'newTransfer' | 'newOrder' | 'newRma';

export interface MiintoTriggerSettings {
	shopId: string;
	settings: MiintoMappingSettings;
	/** New RMA: also RMA requests the merchant created (Return > Create RMA Request, Refund > Create). */
	includeRmaRequests: boolean;
}

/** A listed item with the marketplace time the window filters on. */
interface Timed<T> {
	item: T;
	id: string;
	time: number;
}

function timeOf(source: unknown, fields: readonly string[]): number | undefined {
	const value = pickFirst(source, fields);
	const parsed = typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * Miinto's lists, newest first (`sort=-createdAt`), as trigger pages. An item without a readable time (the time
 * fields of transfers and RMAs are [unverified]) gets the window's start: it passes the window once, is deduplicated
 * by its id like any other, and never moves the cursor. Reading stops after the first page that reaches items older
 * than the window: the lists are sorted by that same time.
 */
async function* timedPages<T extends { id?: unknown }>(
	pages: AsyncGenerator<{ items: T[] }>,
	window: PollWindow,
	fields: readonly string[],
	newestFirst = true,
): AsyncGenerator<TriggerPage<Timed<T>>> {
	for await (const page of pages) {
		const items = page.items.map((item) => ({
			item,
			id: String(item.id),
			time: timeOf(item, fields) ?? window.from ?? 0,
		}));
		yield { items };
		if (
			newestFirst &&
			window.from !== undefined &&
			items.some((entry) => entry.time < (window.from ?? Number.NEGATIVE_INFINITY))
		)
			return;
	}
}

/**
 * What each Miinto trigger event lists, how it dedups and what it emits. Miinto has no webhooks: public clients poll
 * transfers every minute and orders every 5-10 minutes (§2.10).
 *
 * - New Transfer: pending transfers (order requests) with pending positions: the acceptance lane's input, one event
 *   per transfer. The list shrinks as transfers are decided, so it is read again until a pass shows nothing new.
 * - New Order: accepted orders (a transfer accepted in whole or in part), one event per order.
 * - New RMA: pending RMAs to accept or decline, one event per RMA; RMA requests the merchant created are left out
 *   unless asked for (the RMA lane would otherwise refund in the store what the store refunded already).
 */
export function miintoTriggerEvents(
	event: MiintoTriggerEvent,
	client: MiintoClient,
	options: MiintoTriggerSettings,
): TriggerEvents<unknown> {
	const { shopId, settings } = options;
	if (event === 'newTransfer') {
		const events: TriggerEvents<Timed<MiintoTransfer>> = {
			shifting: true,
			pages: (window) =>
				timedPages(client.pendingTransferPages(shopId), window, TRANSFER_CREATED_AT_FIELDS),
			accept: ({ item }) => (item.pendingPositions ?? []).length > 0,
			key: ({ id }) => `transfer:${id}`,
			time: ({ time }) => time,
			output: async ({ item }) =>
				transferToMarketplaceOrder(item, shopId, settings) as unknown as IDataObject,
		};
		return events as TriggerEvents<unknown>;
	}
	if (event === 'newOrder') {
		const events: TriggerEvents<Timed<MiintoOrder>> = {
			shifting: true,
			pages: (window) =>
				timedPages(client.acceptedOrderPages(shopId), window, ORDER_CREATED_AT_FIELDS),
			key: ({ id }) => `order:${id}`,
			time: ({ time }) => time,
			output: async ({ item }) =>
				toMarketplaceOrder(item, shopId, settings) as unknown as IDataObject,
		};
		return events as TriggerEvents<unknown>;
	}
	const events: TriggerEvents<Timed<MiintoRma>> = {
		shifting: true,
		pages: (window) =>
			timedPages(
				client.rmaPages(shopId, 'pending'),
				window,
				RMA_FIELDS.createdAt,
				RMA_LIST_IS_NEWEST_FIRST,
			),
		accept: ({ item }) =>
			options.includeRmaRequests || pickFirst(item, RMA_FIELDS.type) !== 'rmaRequest',
		key: ({ id }) => `rma:${id}`,
		time: ({ time }) => time,
		output: async ({ item }) =>
			toMarketplaceReturn(item, shopId, settings) as unknown as IDataObject,
	};
	return events as TriggerEvents<unknown>;
}
