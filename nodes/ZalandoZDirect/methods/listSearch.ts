import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { numberedPages, orderListEntry, searchList, unlessMissing } from '../../shared/locators';
import { UUID } from '../actions/common';
import { ORDER_LIST_PAGE_SIZE } from '../constants';
import { DEFAULT_ZALANDO_MAPPING, toMarketplaceOrder } from '../mapping';
import { ZalandoClient, type ZalandoOrder } from '../transport';

/** A filter that is a whole order ID (UUID) or a whole order number (digits) is looked up with one call. */
const WHOLE_ORDER = new RegExp(`${UUID.source}|^\\d{10,20}$`);

/**
 * "From List" of the order picker: the merchant's orders (partner- and Zalando-fulfilled, in Zalando's order: most
 * recently changed first), one call per page of 50 with items and lines; the filter keeps orders whose order number
 * or ID contains it. A whole order ID or order number is looked up directly (one call), so an older order can be
 * picked too.
 */
export async function searchOrders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await ZalandoClient.create(this);
	return await searchList<ZalandoOrder>(
		{
			// the picker's page token is Zalando's page number (from 0)
			page: numberedPages(async (page) => await client.ordersPage({}, page, ORDER_LIST_PAGE_SIZE)),
			entry: (order) =>
				orderListEntry(
					toMarketplaceOrder(order, DEFAULT_ZALANDO_MAPPING),
					order.order.attributes.status,
				),
			searchable: (order) => [order.order.id, order.order.attributes.order_number],
			lookup: {
				pattern: WHOLE_ORDER,
				find: async (wanted) => {
					if (UUID.test(wanted))
						return await unlessMissing(async () => await client.getOrder(wanted.toLowerCase()));
					return (await client.ordersPage({ order_number: wanted }, 0, ORDER_LIST_PAGE_SIZE)).items;
				},
			},
		},
		filter,
		paginationToken,
	);
}
