import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getClock } from '../../shared/clock';
import {
	decodePageToken,
	encodePageToken,
	listSearchPage,
	matchesFilter,
	type ListEntry,
} from '../../shared/locators';
import {
	ORDER_ID_PATTERN,
	ORDER_LIST_DAYS,
	ORDER_LIST_PAGE_SIZE,
	marketplaceName,
	sellerCentralOrderUrl,
} from '../constants';
import { AmazonClient, type AmazonOrder } from '../transport';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The picker's page token: Amazon's token plus the start of the period the first page asked for, because Amazon
 * takes a token only with the query it came from (and "the last 30 days" moves while the user scrolls).
 */
type OrderPageToken = { createdAfter: string; amazonToken: string };

function total(order: AmazonOrder): string | undefined {
	const money = order.proceeds?.grandTotal;
	return money ? `${money.amount} ${money.currencyCode}` : undefined;
}

export function orderEntry(order: AmazonOrder): ListEntry {
	const day = order.createdTime?.slice(0, 10);
	const status = order.fulfillment?.fulfillmentStatus;
	const marketplaceId = order.salesChannel?.marketplaceId;
	const amount = total(order);
	return {
		name: [order.orderId, day, status, amount].filter(Boolean).join(' · '),
		value: order.orderId,
		url: sellerCentralOrderUrl(order.orderId, marketplaceId),
		description: [
			`Purchased ${order.createdTime}`,
			status ? `status ${status}` : undefined,
			amount ? `total ${amount}` : undefined,
			marketplaceId ? marketplaceName(marketplaceId) : undefined,
		]
			.filter(Boolean)
			.join(', '),
	};
}

/**
 * "From List" of the order picker: the orders of the credential's marketplaces created in the last 30 days, one
 * searchOrders call per page, newest first within the page; the filter keeps orders whose ID contains it. A whole
 * order ID as the filter is looked up directly (one getOrder call), so an older order can be picked too.
 */
export async function searchOrders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await AmazonClient.create(this);
	const wanted = (filter ?? '').trim();
	if (ORDER_ID_PATTERN.pattern.test(wanted)) {
		const order = await client.findOrder(wanted, ['PROCEEDS', 'FULFILLMENT']);
		return listSearchPage(order ? [orderEntry(order)] : []);
	}
	const token = decodePageToken<OrderPageToken>(paginationToken, {
		createdAfter: 'string',
		amazonToken: 'string',
	});
	const createdAfter =
		token?.createdAfter ?? new Date(getClock().now() - ORDER_LIST_DAYS * DAY_MS).toISOString();
	const page = await client.searchOrdersPage(
		{
			createdAfter,
			marketplaceIds: client.marketplaceIds,
			includedData: ['PROCEEDS', 'FULFILLMENT'],
			maxResultsPerPage: ORDER_LIST_PAGE_SIZE,
		},
		token?.amazonToken,
	);
	const entries = page.orders
		.filter((order) => matchesFilter(filter, order.orderId))
		.sort((a, b) => Date.parse(b.createdTime) - Date.parse(a.createdTime))
		.map(orderEntry);
	return listSearchPage(
		entries,
		page.nextToken ? encodePageToken({ createdAfter, amazonToken: page.nextToken }) : undefined,
	);
}
