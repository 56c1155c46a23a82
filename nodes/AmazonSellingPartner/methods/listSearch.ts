import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getClock } from '../../shared/clock';
import {
	decodePageToken,
	encodePageToken,
	listSearchPage,
	matchesFilter,
	searchList,
	type ListEntry,
} from '../../shared/locators';
import {
	FBA_CHANNEL_PREFIX,
	FEED_LIST_PAGE_SIZE,
	FEED_TYPES,
	LISTING_LIST_PAGE_SIZE,
	MARKETPLACE_ID_PATTERN,
	ORDER_ID_PATTERN,
	ORDER_LIST_DAYS,
	ORDER_LIST_PAGE_SIZE,
	marketplaceName,
	sellerCentralOrderUrl,
} from '../constants';
import { AmazonClient, type AmazonFeed, type AmazonOrder, type ListingsItem } from '../transport';

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

/** A filter that is a whole feed ID (Amazon's are digits) is looked up directly. */
const WHOLE_FEED_ID = /^\d{3,30}$/;

export function feedEntry(feed: AmazonFeed): ListEntry {
	return {
		name: [feed.feedId, feed.createdTime?.slice(0, 10), feed.feedType, feed.processingStatus]
			.filter(Boolean)
			.join(' · '),
		value: feed.feedId,
		description: [
			`Created ${feed.createdTime}`,
			feed.processingEndTime ? `processed ${feed.processingEndTime}` : undefined,
			...(feed.marketplaceIds ?? []).map(marketplaceName),
		]
			.filter(Boolean)
			.join(', '),
	};
}

/**
 * "From List" of the feed picker (Feed > Get): the seller's feeds of the types this node submits (listings, order
 * acknowledgements, payment adjustments) of the last 90 days (Amazon's getFeeds default), newest first, one getFeeds
 * call per page of 50 (Amazon's token as the page token); the filter keeps feeds whose ID, type or status contains
 * it. A whole feed ID is looked up directly (one getFeed call), so an older feed can be picked too.
 */
export async function searchFeeds(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await AmazonClient.create(this);
	return await searchList<AmazonFeed>(
		{
			page: async (token) => {
				const page = await client.feedsPage(Object.values(FEED_TYPES), FEED_LIST_PAGE_SIZE, token);
				return { items: page.feeds, next: page.nextToken };
			},
			entry: feedEntry,
			searchable: (feed) => [feed.feedId, feed.feedType, feed.processingStatus],
			lookup: {
				pattern: WHOLE_FEED_ID,
				find: async (wanted) => {
					const feed = await client.findFeed(wanted);
					return feed ? [feed] : [];
				},
			},
		},
		filter,
		paginationToken,
	);
}

/** The marketplace the listing picker lists: Stock Update's Marketplace option when chosen, else the credential's first. */
function listingMarketplace(ctx: ILoadOptionsFunctions, client: AmazonClient): string {
	const options = ctx.getCurrentNodeParameter('options') as { marketplaceId?: unknown } | undefined;
	const chosen = typeof options?.marketplaceId === 'string' ? options.marketplaceId.trim() : '';
	return MARKETPLACE_ID_PATTERN.test(chosen) ? chosen : client.marketplaceIds[0];
}

export function listingEntry(listing: ListingsItem, marketplaceId: string): ListEntry {
	const summary =
		listing.summaries?.find((s) => s.marketplaceId === marketplaceId) ?? listing.summaries?.[0];
	const availability = listing.fulfillmentAvailability ?? [];
	const stock = availability.find((a) => !a.fulfillmentChannelCode.startsWith(FBA_CHANNEL_PREFIX));
	return {
		name: [
			listing.sku,
			summary?.itemName ?? summary?.asin,
			summary?.status?.join('/'),
			stock?.quantity === undefined ? undefined : `stock ${stock.quantity}`,
		]
			.filter(Boolean)
			.join(' · '),
		value: listing.sku,
		description: [
			summary?.asin ? `ASIN ${summary.asin}` : undefined,
			summary?.productType,
			marketplaceName(marketplaceId),
			availability.length > 0
				? `channels ${availability.map((a) => a.fulfillmentChannelCode).join(', ')}`
				: undefined,
		]
			.filter(Boolean)
			.join(', '),
	};
}

/**
 * "From List" of the listing picker (Stock > Update's Seller SKU): the seller's listings in the marketplace the
 * stock update names (the credential's first without one), one searchListingsItems call per page of 20 (Amazon's
 * token as the page token); the filter keeps listings whose SKU, ASIN or title contains it. A filter that could be a
 * whole SKU is looked up directly first (one getListingsItem), so any listing can be picked.
 */
export async function searchListings(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await AmazonClient.create(this);
	const marketplaceId = listingMarketplace(this, client);
	return await searchList<ListingsItem>(
		{
			page: async (token) => {
				const page = await client.searchListingsPage(marketplaceId, LISTING_LIST_PAGE_SIZE, token);
				return { items: page.items, next: page.nextToken };
			},
			entry: (listing) => listingEntry(listing, marketplaceId),
			searchable: (listing) => [
				listing.sku,
				...(listing.summaries ?? []).flatMap((s) => [s.asin, s.itemName]),
			],
			lookup: {
				pattern: /^\S{1,40}$/,
				find: async (wanted) => {
					const listing = await client.getListingsItem(wanted, [marketplaceId]);
					return listing ? [listing] : [];
				},
			},
		},
		filter,
		paginationToken,
	);
}
