import type { IDataObject } from 'n8n-workflow';

import type { TriggerEvents } from '../shared/trigger';
import { returnLineContext } from './actions/return/getAll';
import {
	keepOrderType,
	orderTypeQuery,
	toMarketplaceOrder,
	toMarketplaceReturn,
	type ZalandoMappingSettings,
} from './mapping';
import type { ZalandoAnnouncedReturn, ZalandoClient, ZalandoOrder } from './transport';

export type ZalandoTriggerEvent = 'newOrder' | 'orderChanged' | 'newReturn';

export interface ZalandoTriggerSettings {
	settings: ZalandoMappingSettings;
	/** Koongo "Order Types": fbr, fbz or both. */
	orderTypes: string;
}

const time = (value: string | undefined) => {
	const parsed = value ? Date.parse(value) : NaN;
	return Number.isNaN(parsed) ? 0 : parsed;
};

export const createdAt = (order: ZalandoOrder) =>
	time(order.order.attributes.order_date ?? order.order.attributes.created_at);
export const modifiedAt = (order: ZalandoOrder) =>
	time(order.order.attributes.modified_at) || createdAt(order);
const orderKey = (order: ZalandoOrder) => String(order.order.attributes.order_id ?? order.order.id);

/** Zalando's time bounds are exclusive: one millisecond earlier keeps an item exactly at `from`. */
const after = (from: number) => new Date(from - 1).toISOString();

/**
 * What each Zalando trigger event lists, how it dedups and what it emits. zDirect has no webhooks: orders must be
 * polled (Zalando's docs).
 *
 * - New Order: approved orders; for partner-fulfilled ones only those not exported yet (the export lane's queue: an
 *   order leaves it once accepted, so the list shifts while it is read and is read again until nothing new shows).
 * - Order Changed: every order whose `modified_at` is in the window, oldest change first (a line cancelled by
 *   Zalando after a failed payment, shipped, returned); one event per order and change time.
 * - New Return: announced returns registered in the window, with the returned lines' sku, EAN and title.
 */
export function zalandoTriggerEvents(
	event: ZalandoTriggerEvent,
	client: ZalandoClient,
	options: ZalandoTriggerSettings,
): TriggerEvents<ZalandoOrder> | TriggerEvents<ZalandoAnnouncedReturn> {
	const orderType = orderTypeQuery(options.orderTypes);
	const emit = (order: ZalandoOrder): IDataObject | undefined => {
		const normalized = toMarketplaceOrder(order, options.settings);
		return keepOrderType(normalized, options.orderTypes)
			? (normalized as unknown as IDataObject)
			: undefined;
	};
	if (event === 'newOrder') {
		const events: TriggerEvents<ZalandoOrder> = {
			shifting: true,
			pages: (window) =>
				client.orderPages({
					order_status: 'Approved',
					...(orderType ? { order_type: orderType } : {}),
					// `exported` is unreliable for Zalando-fulfilled orders (Zalando's docs): only asked for partner ones
					...(options.orderTypes === 'fbr' ? { exported: false } : {}),
					...(window.from === undefined ? {} : { created_after: after(window.from) }),
					sort: 'created_at',
				}),
			accept: (order) =>
				order.order.attributes.order_type === 'ZalandoFulfilled' ||
				order.order.attributes.exported !== true,
			key: orderKey,
			time: createdAt,
			output: async (order) => emit(order),
		};
		return events;
	}
	if (event === 'orderChanged') {
		const events: TriggerEvents<ZalandoOrder> = {
			ascending: true,
			pages: (window) =>
				client.orderPages({
					...(orderType ? { order_type: orderType } : {}),
					...(window.from === undefined ? {} : { last_updated_after: after(window.from) }),
					sort: 'modified_at',
				}),
			key: (order) => `${orderKey(order)}@${modifiedAt(order)}`,
			time: modifiedAt,
			output: async (order) => {
				const json = emit(order);
				return (
					json && { ...json, change: { changedAt: new Date(modifiedAt(order)).toISOString() } }
				);
			},
		};
		return events;
	}
	const cache = new Map<string, ZalandoOrder>();
	const events: TriggerEvents<ZalandoAnnouncedReturn> = {
		pages: (window) =>
			client.returnPages(
				window.from === undefined ? {} : { after: new Date(window.from).toISOString() },
			),
		key: (announced) => String(announced.announced_return_id),
		time: (announced) => time(announced.return_registered_at),
		output: async (announced) =>
			toMarketplaceReturn(
				announced,
				options.settings.includeRaw,
				await returnLineContext(
					client,
					[...new Set((announced.orders ?? []).map((o) => String(o.order_id)))],
					options.settings,
					cache,
					0,
				),
			) as unknown as IDataObject,
	};
	return events;
}
