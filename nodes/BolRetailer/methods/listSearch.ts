import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listSearchPage, matchesFilter, type ListEntry } from '../../shared/locators';
import { BOL_PAGE_SIZE } from '../constants';
import {
	BolClient,
	type BolOrder,
	type BolReducedOrder,
	type BolReducedReturn,
} from '../transport';

/** A filter that is a whole bol order ID (at least 8 letters and digits with a digit) is looked up directly. */
const WHOLE_ORDER_ID = /^(?=.*\d)[A-Za-z0-9]{8,40}$/;

function units(order: BolReducedOrder | BolOrder): number {
	return order.orderItems.reduce((sum, item) => sum + item.quantity, 0);
}

/** The EANs of an order's items (a reduced order carries `ean`, a full one `product.ean`). */
function eans(order: BolReducedOrder | BolOrder): string[] {
	const found = order.orderItems.map((item) =>
		'ean' in item ? item.ean : (item as { product?: { ean?: string } | null }).product?.ean,
	);
	return [...new Set(found.filter((ean): ean is string => Boolean(ean)))];
}

export function orderEntry(order: BolReducedOrder | BolOrder): ListEntry {
	const day = order.orderPlacedDateTime?.slice(0, 10);
	// a reduced order says OPEN per item; a full one by its shipped and cancelled quantities
	const open = order.orderItems.some((item) =>
		'fulfilmentStatus' in item
			? item.fulfilmentStatus === 'OPEN'
			: item.quantityShipped + item.quantityCancelled < item.quantity,
	);
	const count = units(order);
	return {
		name: [order.orderId, day, open ? 'open' : 'handled', `${count} unit${count === 1 ? '' : 's'}`]
			.filter(Boolean)
			.join(' · '),
		value: order.orderId,
		description: [
			order.orderPlacedDateTime ? `Placed ${order.orderPlacedDateTime}` : undefined,
			`EAN ${eans(order).join(', ')}`,
		]
			.filter(Boolean)
			.join(', '),
	};
}

/** The picker's page token is bol's page number (from 1); a page of fewer than 50 is the last. */
function pageOf(paginationToken: string | undefined): number {
	const page = Number(paginationToken ?? '1');
	return Number.isInteger(page) && page >= 1 ? page : 1;
}

function nextToken(found: number, page: number): string | undefined {
	return found === BOL_PAGE_SIZE ? String(page + 1) : undefined;
}

/**
 * "From List" of the order picker: bol's orders (open and shipped, FBR and FBB: what the order list returns, newest
 * changes first), one call per page of 50; the filter keeps orders whose ID or an EAN contains it. A whole order ID
 * as the filter is looked up directly (one call), so an order beyond the listed pages can be picked too.
 */
export async function searchOrders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await BolClient.create(this);
	const wanted = (filter ?? '').trim();
	if (!paginationToken && WHOLE_ORDER_ID.test(wanted)) {
		const order = await client.findOrder(wanted);
		if (order) return listSearchPage([orderEntry(order)]);
	}
	const page = pageOf(paginationToken);
	const orders = await client.ordersPage({ status: 'ALL', 'fulfilment-method': 'ALL' }, page);
	const entries = orders
		.filter((order) => matchesFilter(filter, order.orderId, ...eans(order)))
		.map(orderEntry);
	return listSearchPage(entries, nextToken(orders.length, page));
}

export function returnEntry(bolReturn: BolReducedReturn): ListEntry {
	const orders = [...new Set(bolReturn.returnItems.map((item) => item.orderId))];
	const open = bolReturn.returnItems.filter((item) => !item.handled).length;
	return {
		name: [
			bolReturn.returnId,
			bolReturn.registrationDateTime?.slice(0, 10),
			`order ${orders.join(', ')}`,
			open > 0 ? `${open} to handle` : 'handled',
		]
			.filter(Boolean)
			.join(' · '),
		value: bolReturn.returnId,
		description: [
			`Registered ${bolReturn.registrationDateTime}`,
			bolReturn.fulfilmentMethod,
			...bolReturn.returnItems.map((item) => `EAN ${item.ean} x ${item.expectedQuantity}`),
		].join(', '),
	};
}

/**
 * "From List" of the return picker: returns not handled yet (the ones a merchant acts on), then handled ones, one
 * call per page of 50 each; the filter keeps returns whose ID, order ID or an EAN contains it.
 */
export async function searchReturns(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await BolClient.create(this);
	// token: "<handled>:<page>", unhandled returns first
	const [phase, pageText] = (paginationToken ?? 'false:1').split(':');
	const handled = phase === 'true';
	const page = pageOf(pageText);
	const returns = await client.returnsPage({ handled, 'fulfilment-method': 'FBR' }, page);
	const entries = returns
		.filter((bolReturn) =>
			matchesFilter(
				filter,
				bolReturn.returnId,
				...bolReturn.returnItems.flatMap((item) => [item.orderId, item.ean]),
			),
		)
		.map(returnEntry);
	const next = nextToken(returns.length, page);
	const token = next ? `${String(handled)}:${next}` : handled ? undefined : 'true:1';
	return listSearchPage(entries, token);
}
