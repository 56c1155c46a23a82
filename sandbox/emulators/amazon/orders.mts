import {
	emptyResponse,
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
	type Principal,
} from '../core/http.mts';
import { invalidInput, notFound, rdtCovers, type AmazonErrorFactory } from './auth.mts';
import { isoTime, type AmazonStore, type Json, type StoredOrder, type Token } from './store.mts';

/**
 * Orders API v2026-01-01 (searchOrders, getOrder) and v0 confirmShipment over the stored orders.
 *
 * Datasets: without `includedData` only the basic order and items come back; each dataset adds its fields.
 * PII (BUYER, RECIPIENT): only for merchant-fulfilled orders that are UNSHIPPED, PARTIALLY_SHIPPED or SHIPPED, only
 * when the seller granted the restricted role, and (setting `piiRequiresRdt`, default on) only with a Restricted
 * Data Token that covers the call with `buyerInfo` / `shippingAddress`. Otherwise the PII fields are left out, as
 * Amazon leaves them out, and the rest of the order is answered.
 */

const ORDER_DATASETS: Record<string, string> = {
	BUYER: 'buyer',
	RECIPIENT: 'recipient',
	PROCEEDS: 'proceeds',
	FULFILLMENT: 'fulfillment',
	PACKAGES: 'packages',
	TAX: 'tax',
	PAYMENT: 'payment',
	FULFILLMENT_ORDERS: 'fulfillmentOrders',
};
const ITEM_DATASETS: Record<string, string> = {
	PROCEEDS: 'proceeds',
	EXPENSE: 'expense',
	PROMOTION: 'promotion',
	CANCELLATION: 'cancellation',
	FULFILLMENT: 'fulfillment',
	TAX: 'tax',
};
const PII_STATUSES = ['UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED'];
const LAG_MS = 120_000;
const PAGE_TOKEN_LIFETIME_MS = 24 * 3_600_000;

function listParam(req: EmulatorRequest, name: string): string[] {
	return req.query
		.getAll(name)
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter(Boolean);
}

function piiAllowed(
	store: AmazonStore,
	principal: Principal,
	req: EmulatorRequest,
	stored: StoredOrder,
	dataElement: string,
): boolean {
	const order = stored.order;
	if (
		order.fulfillment?.fulfilledBy !== 'MERCHANT' ||
		!PII_STATUSES.includes(order.fulfillment?.fulfillmentStatus)
	)
		return false;
	if (!store.seller(stored.sellerId)?.piiRole) return false;
	if (!store.settings.piiRequiresRdt) return true;
	const token = principal.token as Token;
	if (token.kind !== 'rdt') return false;
	return rdtCovers(token, req.method, req.path).dataElements.includes(dataElement);
}

/** The order as the API shows it for the requested datasets (and the PII the caller may see). */
export function presentOrder(
	store: AmazonStore,
	principal: Principal,
	req: EmulatorRequest,
	stored: StoredOrder,
	included: string[],
): Json {
	const source = stored.order;
	const out: Json = {};
	for (const key of [
		'orderId',
		'orderAliases',
		'createdTime',
		'lastUpdatedTime',
		'programs',
		'associatedOrders',
		'salesChannel',
	]) {
		if (source[key] !== undefined) out[key] = structuredClone(source[key]);
	}
	const buyerAllowed =
		included.includes('BUYER') && piiAllowed(store, principal, req, stored, 'buyerInfo');
	const recipientAllowed =
		included.includes('RECIPIENT') && piiAllowed(store, principal, req, stored, 'shippingAddress');
	for (const [dataset, key] of Object.entries(ORDER_DATASETS)) {
		if (!included.includes(dataset) || source[key] === undefined) continue;
		if ((dataset === 'BUYER' && !buyerAllowed) || (dataset === 'RECIPIENT' && !recipientAllowed))
			continue;
		out[key] = structuredClone(source[key]);
	}
	out.orderItems = (source.orderItems as Json[]).map((item) => {
		const presented: Json = {};
		for (const key of [
			'orderItemId',
			'quantityOrdered',
			'measurement',
			'associatedOrderItems',
			'programs',
			'product',
		]) {
			if (item[key] !== undefined) presented[key] = structuredClone(item[key]);
		}
		// the customized URL is buyer data
		if (!buyerAllowed && presented.product?.customization) delete presented.product.customization;
		for (const [dataset, key] of Object.entries(ITEM_DATASETS)) {
			if (included.includes(dataset) && item[key] !== undefined)
				presented[key] = structuredClone(item[key]);
		}
		// the gift message is buyer data
		if (!buyerAllowed && presented.fulfillment?.packing?.giftOption?.giftMessage !== undefined)
			delete presented.fulfillment.packing.giftOption.giftMessage;
		return presented;
	});
	return out;
}

interface PageToken {
	offset: number;
	key: string;
	expiresAt: number;
}

function queryKey(req: EmulatorRequest): string {
	const params = [...req.query.entries()]
		.filter(([k]) => k !== 'paginationToken')
		.sort(([a], [b]) => a.localeCompare(b));
	return JSON.stringify(params);
}

export function searchOrders(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const principal = req.principal as Principal;
	const q = (name: string) => req.query.get(name) ?? undefined;
	const createdAfter = q('createdAfter');
	const lastUpdatedAfter = q('lastUpdatedAfter');
	if ((createdAfter === undefined) === (lastUpdatedAfter === undefined)) {
		return invalidInput(
			error,
			'Exactly one of createdAfter and lastUpdatedAfter must be provided.',
			'Invalid Input',
		);
	}
	const byCreated = createdAfter !== undefined;
	const field = byCreated ? 'createdTime' : 'lastUpdatedTime';
	const beforeName = byCreated ? 'createdBefore' : 'lastUpdatedBefore';
	if (byCreated ? q('lastUpdatedBefore') !== undefined : q('createdBefore') !== undefined) {
		return invalidInput(
			error,
			'createdBefore goes with createdAfter, lastUpdatedBefore with lastUpdatedAfter.',
			'Invalid Input',
		);
	}
	const after = Date.parse((createdAfter ?? lastUpdatedAfter) as string);
	const latest = now - LAG_MS;
	const rawBefore = q(beforeName);
	const before = rawBefore === undefined ? latest : Date.parse(rawBefore);
	if (before > latest)
		return invalidInput(
			error,
			`${beforeName} must be at least two minutes before the time of the request.`,
			'Invalid Input',
		);
	if (before < after)
		return invalidInput(
			error,
			`${beforeName} must be equal to or after ${byCreated ? 'createdAfter' : 'lastUpdatedAfter'}.`,
			'Invalid Input',
		);
	const pageSize = Number(q('maxResultsPerPage') ?? 100);
	if (!(pageSize >= 1 && pageSize <= 100))
		return invalidInput(error, 'maxResultsPerPage must be between 1 and 100.', 'Invalid Input');

	let offset = 0;
	const token = q('paginationToken');
	const key = queryKey(req);
	if (token !== undefined) {
		let parsed: PageToken | undefined;
		try {
			parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageToken;
		} catch {
			parsed = undefined;
		}
		if (!parsed || typeof parsed.offset !== 'number' || parsed.key !== key)
			return invalidInput(
				error,
				'The paginationToken is invalid for this request.',
				'Invalid Input',
			);
		if (parsed.expiresAt < now)
			return invalidInput(error, 'The paginationToken has expired (24 hours).', 'Invalid Input');
		offset = parsed.offset;
	}

	const sellerId = principal.sellerId as string;
	const marketplaces = listParam(req, 'marketplaceIds');
	const allowedMarketplaces = marketplaces.length
		? marketplaces
		: (store.seller(sellerId)?.marketplaceIds ?? []);
	const statuses = listParam(req, 'fulfillmentStatuses');
	const fulfilledBy = listParam(req, 'fulfilledBy');
	const included = listParam(req, 'includedData');
	const matching = [...store.orders.values()]
		.filter((o) => o.sellerId === sellerId)
		.filter((o) => allowedMarketplaces.includes(o.order.salesChannel?.marketplaceId))
		.filter((o) => {
			const time = Date.parse(o.order[field]);
			return time >= after && time <= before;
		})
		.filter(
			(o) => statuses.length === 0 || statuses.includes(o.order.fulfillment?.fulfillmentStatus),
		)
		.filter(
			(o) => fulfilledBy.length === 0 || fulfilledBy.includes(o.order.fulfillment?.fulfilledBy),
		)
		.sort(
			(a, b) =>
				Date.parse(a.order[field]) - Date.parse(b.order[field]) ||
				String(a.order.orderId).localeCompare(String(b.order.orderId)),
		);
	const page = matching.slice(offset, offset + pageSize);
	const body: Json = {
		orders: page.map((o) => presentOrder(store, principal, req, o, included)),
		[beforeName]: isoTime(before),
	};
	if (offset + pageSize < matching.length) {
		const next: PageToken = {
			offset: offset + pageSize,
			key,
			expiresAt: now + PAGE_TOKEN_LIFETIME_MS,
		};
		body.pagination = { nextToken: Buffer.from(JSON.stringify(next)).toString('base64url') };
	}
	return jsonResponse(200, body);
}

function ownOrder(req: EmulatorRequest, store: AmazonStore): StoredOrder | undefined {
	const stored = store.orders.get(req.params.orderId as string);
	return stored && stored.sellerId === (req.principal as Principal).sellerId ? stored : undefined;
}

export function getOrder(
	req: EmulatorRequest,
	store: AmazonStore,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const stored = ownOrder(req, store);
	if (!stored) return notFound(error, 'order', `orderId ${String(req.params.orderId)}`);
	return jsonResponse(200, {
		order: presentOrder(
			store,
			req.principal as Principal,
			req,
			stored,
			listParam(req, 'includedData'),
		),
	});
}

/** Status of an order from its items: everything shipped/cancelled decides it. */
export function settleStatus(order: Json): void {
	const items = order.orderItems as Json[];
	const cancelled = (i: Json) => Boolean(i.cancellation?.cancellationExecution);
	const shipped = (i: Json) => i.fulfillment?.quantityFulfilled ?? 0;
	if (items.every(cancelled) && items.every((i) => shipped(i) === 0))
		order.fulfillment.fulfillmentStatus = 'CANCELLED';
	else if (items.every((i) => cancelled(i) || shipped(i) >= i.quantityOrdered))
		order.fulfillment.fulfillmentStatus = 'SHIPPED';
	else if (items.some((i) => shipped(i) > 0))
		order.fulfillment.fulfillmentStatus = 'PARTIALLY_SHIPPED';
}

export function openQuantity(item: Json): number {
	if (item.cancellation?.cancellationExecution) return 0;
	return Math.max(0, item.quantityOrdered - (item.fulfillment?.quantityFulfilled ?? 0));
}

/** `POST /orders/v0/orders/{orderId}/shipmentConfirmation`: checks what Amazon checks, then ships the items (204). */
export function confirmShipment(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const stored = ownOrder(req, store);
	if (!stored) return notFound(error, 'order', `orderId ${String(req.params.orderId)}`);
	const order = stored.order;
	const body = req.body as Json;
	const detail = body.packageDetail as Json;
	const invalid = (details: string) => invalidInput(error, details, 'Invalid Input');
	if (order.fulfillment?.fulfilledBy !== 'MERCHANT')
		return invalid('The order is fulfilled by Amazon: it cannot be confirmed by the seller.');
	const status = order.fulfillment?.fulfillmentStatus;
	if (!['UNSHIPPED', 'PARTIALLY_SHIPPED'].includes(status))
		return invalid(`The order is ${status} and cannot be shipped.`);
	if (body.marketplaceId !== order.salesChannel?.marketplaceId)
		return invalid(
			`marketplaceId ${String(body.marketplaceId)} is not the marketplace of the order.`,
		);
	if (!/^[1-9]\d*$/.test(String(detail.packageReferenceId)))
		return invalid('packageReferenceId must be a positive number.');
	order.packages ??= [];
	if (
		(order.packages as Json[]).some(
			(p) => p.packageReferenceId === String(detail.packageReferenceId),
		)
	) {
		return invalid(
			`packageReferenceId ${String(detail.packageReferenceId)} is already used in this order.`,
		);
	}
	if (detail.carrierCode === 'Other' && !detail.carrierName)
		return invalid('carrierName is required when carrierCode is Other.');
	const lines = detail.orderItems as Json[];
	if (lines.length === 0) return invalid('orderItems must not be empty.');
	for (const line of lines) {
		const item = (order.orderItems as Json[]).find((i) => i.orderItemId === line.orderItemId);
		if (!item) return invalid(`orderItemId ${String(line.orderItemId)} is not in the order.`);
		const open = openQuantity(item);
		if (!(line.quantity >= 1 && line.quantity <= open))
			return invalid(
				`quantity ${String(line.quantity)} of item ${String(line.orderItemId)} must be between 1 and ${open}.`,
			);
	}
	for (const line of lines) {
		const item = (order.orderItems as Json[]).find(
			(i) => i.orderItemId === line.orderItemId,
		) as Json;
		item.fulfillment ??= { quantityFulfilled: 0, quantityUnfulfilled: item.quantityOrdered };
		item.fulfillment.quantityFulfilled = (item.fulfillment.quantityFulfilled ?? 0) + line.quantity;
		item.fulfillment.quantityUnfulfilled = Math.max(
			0,
			item.quantityOrdered - item.fulfillment.quantityFulfilled,
		);
	}
	(order.packages as Json[]).push({
		packageReferenceId: String(detail.packageReferenceId),
		createdTime: isoTime(now),
		packageStatus: { status: 'SHIPPED' },
		carrier: detail.carrierCode === 'Other' ? detail.carrierName : detail.carrierCode,
		shipTime: detail.shipDate,
		...(detail.shippingMethod ? { shippingService: detail.shippingMethod } : {}),
		trackingNumber: detail.trackingNumber,
		packageItems: lines.map((l) => ({ orderItemId: l.orderItemId, quantity: l.quantity })),
	});
	settleStatus(order);
	order.lastUpdatedTime = isoTime(now);
	return emptyResponse(204);
}
