import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	listSearchPage,
	locatorValue,
	matchesFilter,
	numberedPages,
	orderListEntry,
	searchList,
	unlessMissing,
} from '../../shared/locators';
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

/** The order a document list is for: the Order ID chosen above the picker, else a whole order ID or number typed. */
async function documentsOrder(
	ctx: ILoadOptionsFunctions,
	client: ZalandoClient,
	wanted: string,
): Promise<{ orderId?: string; typed: boolean }> {
	const chosen = locatorValue(ctx.getCurrentNodeParameter('orderId')).value;
	if (typeof chosen === 'string' && UUID.test(chosen.trim()))
		return { orderId: chosen.trim().toLowerCase(), typed: false };
	if (UUID.test(wanted)) return { orderId: wanted.toLowerCase(), typed: true };
	if (/^\d{10,20}$/.test(wanted)) {
		const found = await client.ordersPage({ order_number: wanted }, 0, ORDER_LIST_PAGE_SIZE);
		return { orderId: found.items[0]?.order.id, typed: true };
	}
	return { typed: false };
}

/**
 * "From List" of the shipping document picker (Shipping Document > Download): the ZSS documents of one order (the
 * Order ID chosen above the picker, or a whole order ID or number typed in the search), one call; the filter keeps
 * documents whose ID, type or shipment number contains it. Zalando lists documents per order only: without an order
 * the list says to choose one.
 */
export async function searchShippingDocuments(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const client = await ZalandoClient.create(this);
	const wanted = (filter ?? '').trim();
	const { orderId, typed } = await documentsOrder(this, client, wanted);
	if (!orderId)
		throw new NodeOperationError(
			this.getNode(),
			'Choose the Order ID first, or type an order ID or number in the search: Zalando lists shipping documents per order',
		);
	const documents = await client.listShippingDocuments(orderId);
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	return listSearchPage(
		documents
			.filter(
				(document) =>
					typed ||
					matchesFilter(
						filter,
						text(document.id),
						text(document.type),
						text(document.shipment_number),
					),
			)
			.map((document) => ({
				name: [
					text(document.type),
					text(document.page_size),
					document.shipment_number ? `shipment ${text(document.shipment_number)}` : undefined,
					text(document.created_at)?.slice(0, 10),
				]
					.filter(Boolean)
					.join(' · '),
				value: String(document.id),
				description: [`Document ${String(document.id)}`, `order ${orderId}`].join(', '),
			})),
	);
}
