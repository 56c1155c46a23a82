import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	numberedPages,
	orderListEntry,
	returnListEntry,
	searchList,
	unlessMissing,
	type ListSource,
} from '../../shared/locators';
import { validator } from '../../shared/validation';
import { checkShopId } from '../actions/common';
import { LIST_PAGE_SIZE } from '../constants';
import {
	DEFAULT_MIINTO_MAPPING,
	toMarketplaceOrder,
	toMarketplaceReturn,
	transferToMarketplaceOrder,
} from '../mapping';
import { MiintoClient, type PickerRecords } from '../transport';

/** A filter that is a whole ID is looked up directly (one call). */
const WHOLE_ID = /^\d{1,19}$/;

/** Miinto lists per shop: the Shop chosen above the picker. */
function shopOf(ctx: ILoadOptionsFunctions): string {
	const shopId = ctx.getCurrentNodeParameter('shopId');
	if (typeof shopId !== 'string' || shopId.trim() === '')
		throw new NodeOperationError(
			ctx.getNode(),
			'Choose the Shop first: Miinto lists transfers, orders and RMAs per shop',
		);
	return checkShopId(validator(ctx, 0), shopId);
}

/** A "From List" of one shop's records: one call per page of 50, newest first, a whole ID looked up directly. */
async function searchShop<K extends keyof PickerRecords>(
	ctx: ILoadOptionsFunctions,
	kind: K,
	filter: string | undefined,
	paginationToken: string | undefined,
	describe: (
		client: MiintoClient,
		shopId: string,
	) => Omit<ListSource<PickerRecords[K]>, 'page' | 'lookup'> & {
		get(id: string): Promise<PickerRecords[K]>;
	},
): Promise<INodeListSearchResult> {
	const shopId = shopOf(ctx);
	const client = await MiintoClient.create(ctx);
	const { get, ...source } = describe(client, shopId);
	return await searchList<PickerRecords[K]>(
		{
			...source,
			// the picker's page token is the offset of the page in Miinto's list
			page: numberedPages(
				async (offset) => await client.pickerPage(kind, shopId, offset, LIST_PAGE_SIZE),
			),
			lookup: {
				pattern: WHOLE_ID,
				find: async (id) => await unlessMissing(async () => await get(id)),
			},
		},
		filter,
		paginationToken,
	);
}

/**
 * "From List" of the transfer picker: the shop's pending transfers (the ones to accept or decline), newest first, one
 * call per page of 50; the filter keeps transfers whose ID contains it; a whole transfer ID is looked up directly.
 */
export async function searchTransfers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchShop(this, 'transfers', filter, paginationToken, (client, shopId) => ({
		get: async (id) => await client.getTransfer(shopId, id),
		entry: (transfer) =>
			orderListEntry(
				transferToMarketplaceOrder(transfer, shopId, DEFAULT_MIINTO_MAPPING),
				'pending',
			),
		searchable: (transfer) => [String(transfer.id)],
	}));
}

/**
 * "From List" of the order picker: the shop's orders (every status), newest first, one call per page of 50; the
 * filter keeps orders whose ID, number (the parent order's) or customer name contains it; a whole order ID is looked up directly.
 */
export async function searchOrders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchShop(this, 'orders', filter, paginationToken, (client, shopId) => ({
		get: async (id) => await client.getOrder(shopId, id),
		entry: (order) =>
			orderListEntry(toMarketplaceOrder(order, shopId, DEFAULT_MIINTO_MAPPING), order.status),
		searchable: (order) => [
			String(order.id),
			order.parentOrder?.id === undefined ? undefined : String(order.parentOrder.id),
			order.billingInformation?.name,
			order.shippingInformation?.deliveryAddress?.name,
		],
	}));
}

/**
 * "From List" of the RMA picker: the shop's RMAs (every status), newest first, one call per page of 50; the filter
 * keeps RMAs whose ID or order ID contains it; a whole RMA ID is looked up directly.
 */
export async function searchReturns(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchShop(this, 'rmas', filter, paginationToken, (client, shopId) => ({
		get: async (id) => await client.getRma(shopId, id),
		entry: (rma) => returnListEntry(toMarketplaceReturn(rma, shopId, DEFAULT_MIINTO_MAPPING)),
		searchable: (rma) => {
			const normalized = toMarketplaceReturn(rma, shopId, DEFAULT_MIINTO_MAPPING);
			return [normalized.returnId, ...normalized.orderIds];
		},
	}));
}
