import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getClock } from '../../shared/clock';
import {
	decodePageToken,
	encodePageToken,
	orderListEntry,
	returnListEntry,
	searchList,
	slicePage,
	type ListSource,
} from '../../shared/locators';
import type { MarketplaceOrder, MarketplaceReturn } from '../../shared/model';
import { exportOrders, fetchReturns } from '../actions/common';
import {
	DEFAULT_SPARTOO_MAPPING,
	toMarketplaceOrder,
	toMarketplaceReturn,
	type SpartooMappingSettings,
} from '../mapping';
import {
	LIST_DAYS,
	LIST_PAGE_SIZE,
	ORDER_STATUS,
	ORDER_STATUS_NAMES,
	RETURN_STATUS,
} from '../constants';
import { toSpartooExportDate, toUnixSeconds } from '../time';
import { SpartooClient } from '../transport';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A filter that is a whole order or return ID (digits) is looked up directly (one call). */
const WHOLE_ID = /^\d{4,20}$/;

/** The picker's page token: the period's start and the offset in the period's sorted records. */
type PageToken = { since: number; offset: number };

function pageToken(token: string | undefined): PageToken {
	return (
		decodePageToken<PageToken>(token, { since: 'number', offset: 'number' }) ?? {
			since: getClock().now() - LIST_DAYS * DAY_MS,
			offset: 0,
		}
	);
}

/** What a Spartoo picker lists: one export (one call) of a period or of one ID, mapped. */
interface PeriodList<T> {
	what: 'order' | 'return';
	exportBy(form: Record<string, string | number>, operation: string): Promise<T[]>;
	/** The export's form for "since" (orders: Paris time, returns: a Unix timestamp) and for one ID. */
	since(time: Date): Record<string, string | number>;
	byId(id: string): Record<string, string | number>;
	idOf(record: T): string;
	/** The statuses to act on, listed first (in that order), then the rest; newest first within each. */
	first: readonly number[];
	status(record: T): number;
	time(record: T): string | null;
	entry: ListSource<T>['entry'];
	searchable: ListSource<T>['searchable'];
}

/**
 * A picker over Spartoo's exports. Spartoo does not page: one export answers every record of the period. The token
 * keeps the period's start (so "the last 30 days" does not move while the user scrolls) and the offset; each page is
 * one export call, sorted and cut into 50s. A whole ID is one export by ID.
 */
function periodSource<T>(list: PeriodList<T>): ListSource<T> {
	const rank = (record: T) => {
		const at = list.first.indexOf(list.status(record));
		return at === -1 ? list.first.length : at;
	};
	return {
		page: async (token) => {
			const { since, offset } = pageToken(token);
			const records = await list.exportBy(
				list.since(new Date(since)),
				`list ${list.what}s for the ${list.what} picker`,
			);
			const sorted = [...records].sort(
				(a, b) => rank(a) - rank(b) || (list.time(b) ?? '').localeCompare(list.time(a) ?? ''),
			);
			const page = slicePage(sorted, offset, LIST_PAGE_SIZE);
			return {
				items: page.items,
				next: page.next === undefined ? undefined : encodePageToken({ since, offset: page.next }),
			};
		},
		entry: list.entry,
		searchable: list.searchable,
		lookup: {
			pattern: WHOLE_ID,
			find: async (id) =>
				(await list.exportBy(list.byId(id), `get ${list.what} ${id}`)).filter(
					(record) => list.idOf(record) === id,
				),
		},
	};
}

/** A picker's `listSearch` method: the client and mapping settings of the credential, then `periodSource`. */
function periodSearch<T>(
	describe: (client: SpartooClient, settings: SpartooMappingSettings) => PeriodList<T>,
) {
	return async function (
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const client = await SpartooClient.create(this);
		const settings = { ...DEFAULT_SPARTOO_MAPPING, currency: client.currency };
		return await searchList(periodSource(describe(client, settings)), filter, paginationToken);
	};
}

interface ListedOrder {
	order: MarketplaceOrder;
	statusId: number;
}

/**
 * "From List" of the order picker: the orders of the last 30 days (the export's `date`: changed since, as far as
 * Spartoo says, EXPORT_DATE_SELECTS_LAST_CHANGE), waiting for your accept (11) first, then in preparation (2), then the
 * others, newest first, 50 a page (each page one `xml_export_orders` call); the filter keeps orders whose ID or
 * customer contains it. A whole order ID is looked up directly (`oID`, one call).
 */
export const searchOrders = periodSearch<ListedOrder>((client, settings) => ({
	what: 'order',
	exportBy: async (form, operation) =>
		(await exportOrders(client, form, operation)).map((record) => ({
			order: toMarketplaceOrder(record, settings),
			statusId: Number(record.order.orders_status_id ?? 0),
		})),
	since: (time) => ({ date: toSpartooExportDate(time) }),
	byId: (id) => ({ oID: id }),
	idOf: ({ order }) => order.orderId,
	first: [ORDER_STATUS.verified, ORDER_STATUS.preparation],
	status: ({ statusId }) => statusId,
	time: ({ order }) => order.createdAt,
	entry: ({ order, statusId }) =>
		orderListEntry(order, `${statusId} (${ORDER_STATUS_NAMES[statusId] ?? 'unknown'})`),
	searchable: ({ order }) => [order.orderId, order.customer.fullName, order.customer.email],
}));

/**
 * "From List" of the return picker: the returns of the last 30 days, waiting to be received (2) first, newest first,
 * 50 a page (each page one `xml_export_returns` call); the filter keeps returns whose ID or order ID contains it. A
 * whole return ID is looked up directly (`rID`, one call).
 */
export const searchReturns = periodSearch<MarketplaceReturn>((client, settings) => ({
	what: 'return',
	exportBy: async (form, operation) =>
		(await fetchReturns(client, form, operation)).map((record) =>
			toMarketplaceReturn(record, settings),
		),
	since: (time) => ({ date: toUnixSeconds(time) }),
	byId: (id) => ({ rID: id }),
	idOf: (record) => record.returnId,
	first: [RETURN_STATUS.waiting],
	status: (record) => Number(record.extra.spartooStatus ?? 0),
	time: (record) => record.registeredAt,
	entry: returnListEntry,
	searchable: (record) => [record.returnId, ...record.orderIds],
}));
