import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	listSearchPage,
	locatorValue,
	matchesFilter,
	searchList,
	type ListEntry,
} from '../../shared/locators';
import { InputValidator } from '../../shared/validation';
import { resolveOrderItems } from '../actions/lines';
import { labelOfferEntry } from '../actions/shippingLabel/fields';
import { BOL_PAGE_SIZE } from '../constants';
import {
	BolClient,
	type BolOfferV11,
	type BolOrder,
	type BolReducedOrder,
	type BolReducedReturn,
} from '../transport';

/** A filter that is a whole bol order ID (at least 8 letters and digits with a digit) is looked up directly. */
const WHOLE_ORDER_ID = /^(?=.*\d)[A-Za-z0-9]{8,40}$/;

/**
 * The order a filter names in full (first page only), looked up with one call, so an order beyond the listed pages can
 * be picked too; undefined when the filter is no whole order ID or bol does not know it.
 */
async function wholeOrder(
	client: BolClient,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<Awaited<ReturnType<BolClient['findOrder']>> | undefined> {
	const wanted = (filter ?? '').trim();
	if (paginationToken || !WHOLE_ORDER_ID.test(wanted)) return undefined;
	return await client.findOrder(wanted);
}

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
	const order = await wholeOrder(client, filter, paginationToken);
	if (order) return listSearchPage([orderEntry(order)]);
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

/**
 * "From List" of the RMA picker (Return > Handle): the return items still to handle (the ones a handling applies
 * to), one entry per item, one call per page of 50 returns; the filter keeps items whose RMA ID, return ID, order ID
 * or EAN contains it.
 */
export async function searchRmas(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await BolClient.create(this);
	const page = pageOf(paginationToken);
	const returns = await client.returnsPage({ handled: false, 'fulfilment-method': 'FBR' }, page);
	const entries = returns.flatMap((bolReturn) =>
		bolReturn.returnItems
			.filter((item) => !item.handled)
			.filter((item) =>
				matchesFilter(filter, item.rmaId, bolReturn.returnId, item.orderId, item.ean),
			)
			.map(
				(item): ListEntry => ({
					name: [
						item.rmaId,
						bolReturn.registrationDateTime?.slice(0, 10),
						`order ${item.orderId}`,
						`EAN ${item.ean} x ${item.expectedQuantity}`,
					]
						.filter(Boolean)
						.join(' · '),
					value: item.rmaId,
					description: [
						`Return ${bolReturn.returnId}`,
						bolReturn.registrationDateTime
							? `registered ${bolReturn.registrationDateTime}`
							: undefined,
						item.returnReason?.mainReason,
					]
						.filter(Boolean)
						.join(', '),
				}),
			),
	);
	return listSearchPage(entries, nextToken(returns.length, page));
}

/** One shipped FBR order item (what a return can be registered for) of a reduced or a full order. */
interface ShippedItem {
	orderId: string;
	placed?: string | null;
	orderItemId: string;
	ean?: string;
	title?: string;
	quantity: number;
	quantityShipped: number;
}

function shippedItems(order: BolReducedOrder | BolOrder): ShippedItem[] {
	return order.orderItems
		.filter(
			(item) =>
				item.quantityShipped > 0 &&
				('fulfilmentMethod' in item ? item.fulfilmentMethod : item.fulfilment?.method) === 'FBR',
		)
		.map((item) => ({
			orderId: order.orderId,
			placed: order.orderPlacedDateTime,
			orderItemId: item.orderItemId,
			ean: 'ean' in item ? item.ean : (item.product?.ean ?? undefined),
			title: 'product' in item ? (item.product?.title ?? undefined) : undefined,
			quantity: item.quantity,
			quantityShipped: item.quantityShipped,
		}));
}

function shippedItemEntry(item: ShippedItem): ListEntry {
	return {
		name: [
			item.orderItemId,
			`order ${item.orderId}`,
			item.placed?.slice(0, 10),
			item.ean ? `EAN ${item.ean}` : undefined,
			`${item.quantityShipped} shipped`,
		]
			.filter(Boolean)
			.join(' · '),
		value: item.orderItemId,
		description: [
			item.title,
			item.placed ? `Placed ${item.placed}` : undefined,
			`${item.quantity} ordered, ${item.quantityShipped} shipped`,
		]
			.filter(Boolean)
			.join(', '),
	};
}

/**
 * "From List" of the order item picker (Return > Create): the shipped items of the account's orders (newest changes
 * first), one entry per item, one call per page of 50 orders; the filter keeps items whose order item ID, order ID or
 * EAN contains it. A whole order ID as the filter lists that order's shipped items (one call), so an item of an order
 * beyond the listed pages can be picked too.
 */
export async function searchShippedItems(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await BolClient.create(this);
	const order = await wholeOrder(client, filter, paginationToken);
	if (order) return listSearchPage(shippedItems(order).map(shippedItemEntry));
	const page = pageOf(paginationToken);
	const orders = await client.ordersPage({ status: 'ALL', 'fulfilment-method': 'FBR' }, page);
	const entries = orders
		.flatMap(shippedItems)
		.filter((item) => matchesFilter(filter, item.orderItemId, item.orderId, item.ean))
		.map(shippedItemEntry);
	return listSearchPage(entries, nextToken(orders.length, page));
}

/** A filter that is a whole offer ID (a UUID) or a whole EAN is looked up with one call. */
const WHOLE_OFFER_ID =
	/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const WHOLE_EAN = /^\d{8}$|^\d{12,14}$/;

function offerEntry(offer: BolOfferV11): ListEntry {
	const ean = offer.ean ?? offer.product?.ean;
	const stock = offer.stock?.amount;
	return {
		name: [
			offer.reference || ean || offer.offerId,
			ean ? `EAN ${ean}` : undefined,
			stock === undefined ? undefined : `stock ${stock}`,
			offer.fulfilment?.method,
		]
			.filter(Boolean)
			.join(' · '),
		value: offer.offerId,
		description: [
			`Offer ID ${offer.offerId}`,
			offer.reference ? `reference ${offer.reference}` : undefined,
			offer.stock?.managedByRetailer === undefined
				? undefined
				: `managed by retailer: ${offer.stock.managedByRetailer ? 'yes' : 'no'}`,
		]
			.filter(Boolean)
			.join(', '),
	};
}

/**
 * "From List" of the offer picker (Stock > Update by offer ID): the account's offers (Offers API v11, one call per
 * page of 100, bol's cursor as the token); the filter keeps offers whose reference, EAN or offer ID contains it. A
 * whole offer ID or EAN is looked up directly (one call with `offer-ids` / `eans`).
 */
export async function searchOffers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await BolClient.create(this);
	return await searchList<BolOfferV11>(
		{
			page: async (cursor) => await client.offersPage({}, cursor),
			entry: offerEntry,
			searchable: (offer) => [offer.reference, offer.ean ?? offer.product?.ean, offer.offerId],
			lookup: {
				pattern: new RegExp(`${WHOLE_OFFER_ID.source}|${WHOLE_EAN.source}`),
				find: async (wanted) =>
					(
						await client.offersPage(
							WHOLE_OFFER_ID.test(wanted) ? { 'offer-ids': wanted } : { eans: wanted },
							undefined,
						)
					).items,
			},
		},
		filter,
		paginationToken,
	);
}

/**
 * "From List" of the label offer picker (Shipping Label > Create): bol's delivery options for every open item the
 * merchant ships of one order (the Order ID chosen above the picker, or a whole order ID typed in the search): two
 * calls, the order and its options; the filter keeps options whose name, type or transporter contains it. Without an
 * order the list says to choose one.
 */
export async function searchDeliveryOptions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const client = await BolClient.create(this);
	const wanted = (filter ?? '').trim();
	const chosen = locatorValue(this.getCurrentNodeParameter('orderId')).value;
	const typed = WHOLE_ORDER_ID.test(wanted);
	const orderId = typed
		? wanted
		: typeof chosen === 'string' && chosen.trim() !== ''
			? chosen.trim()
			: undefined;
	if (!orderId)
		throw new NodeOperationError(
			this.getNode(),
			'Choose the Order ID first, or type an order ID in the search: bol offers labels per order',
		);
	const { items } = await resolveOrderItems(
		new InputValidator(this.getNode(), 0),
		client,
		orderId,
		undefined,
		'label',
		0,
	);
	if (items.length === 0)
		throw new NodeOperationError(
			this.getNode(),
			`Order ${orderId} has no open items you ship: nothing to buy a label for`,
		);
	const options = await client.getDeliveryOptions(items);
	return listSearchPage(
		options
			.filter(
				(option) =>
					typed ||
					matchesFilter(filter, option.labelDisplayName, option.labelType, option.transporterCode),
			)
			.map(labelOfferEntry),
	);
}
