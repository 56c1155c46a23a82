import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { ParsedApiError } from '../../shared/errors';
import { getClock } from '../../shared/clock';
import { waitUntil, type PollSchedule } from '../../shared/wait';
import { transportSettings } from '../../shared/options';
import { pageNumberFetcher, paginate, type Page } from '../../shared/paging';
import {
	headerValue,
	marketplaceRequest,
	type ApiCall,
	type ApiResponse,
	type MarketplaceApi,
	type RequestContext,
	type TransportSettings,
} from '../../shared/transport';
import { BOL_PAGE_SIZE, OFFERS_PAGE_SIZE } from '../constants';
import { bolBaseUrls } from './endpoints';
import type {
	BolDeliveryOption,
	BolOfferV11,
	BolOrder,
	BolProcessStatus,
	BolReducedOrder,
	BolReducedReturn,
	BolReturn,
} from './types';

export * from './types';

export const BOL_CREDENTIAL = 'bolRetailerApi';

/**
 * How bol process statuses are polled: the first check 1 s after the requests were sent (at once when sending took
 * longer), then from 250 ms backing off to 10 s.
 */
export const BOL_POLL_SCHEDULE: PollSchedule = ({ elapsedMs, lastDelayMs }) =>
	lastDelayMs === undefined
		? Math.max(0, 1000 - elapsedMs)
		: lastDelayMs === 0
			? 250
			: Math.min(lastDelayMs * 2, 10_000);

const RETAILER_V10 = 'application/vnd.retailer.v10+json';
const RETAILER_V11 = 'application/vnd.retailer.v11+json';

/** Bol `Problem{title, detail, violations[{name, reason}]}` -> message + violations. */
export function parseBolProblem(body: unknown): ParsedApiError | undefined {
	if (body === null || typeof body !== 'object') return undefined;
	const problem = body as {
		title?: string;
		detail?: string;
		violations?: Array<{ name?: string; reason?: string }>;
	};
	const violations = (problem.violations ?? []).map((v) => ({
		field: String(v.name ?? '?'),
		reason: String(v.reason ?? ''),
	}));
	const message = [
		problem.title,
		problem.detail && problem.detail !== problem.title ? problem.detail : undefined,
	]
		.filter(Boolean)
		.join(': ');
	return { message, violations };
}

export const BOL_API: MarketplaceApi = {
	name: 'Bol.com',
	credentialType: BOL_CREDENTIAL,
	parseError: parseBolProblem,
	// bol publishes no fixed numbers for these endpoints; pacing follows the x-ratelimit-* headers of every response
	rateLimits: {},
};

export type BolContext = RequestContext & {
	getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
};

/** An `ApiCall` to bol: a path below the API root instead of a URL; the headers follow from the API and the body. */
export interface BolCall extends Omit<ApiCall, 'url' | 'headers' | 'body'> {
	/** Path below the API root, e.g. `/orders/123` (retailer) or `/process-status/1` (shared). */
	path: string;
	api?: 'retailer' | 'shared';
	body?: IDataObject;
	/** Media type of the body, when the spec gives another one than the API's vendor type. */
	contentType?: string;
	/** Media type asked for, when the answer is not the API's JSON (a label: `application/vnd.retailer.v10+pdf`). */
	accept?: string;
}

/** Everything the Bol node and trigger do over HTTP. One client per node execution. */
export class BolClient {
	private constructor(
		private readonly ctx: BolContext,
		private readonly urls: { retailer: string; shared: string },
		readonly settings: TransportSettings,
	) {}

	static async create(ctx: BolContext, requestOptions?: IDataObject): Promise<BolClient> {
		const credentials = await ctx.getCredentials(BOL_CREDENTIAL);
		const urls = bolBaseUrls(credentials);
		// separate rate-limit state per account and environment, without keeping the secret around
		const scope = `${urls.retailer}|${String(credentials.clientId ?? '')}`;
		return new BolClient(ctx, urls, transportSettings(requestOptions, scope));
	}

	async request<T>({ api, path, contentType, accept, ...call }: BolCall): Promise<ApiResponse<T>> {
		const root = api === 'shared' ? this.urls.shared : this.urls.retailer;
		const mediaType = api !== 'shared' && path.startsWith('/offers') ? RETAILER_V11 : RETAILER_V10;
		const headers: IDataObject = { Accept: accept ?? mediaType };
		if (call.body !== undefined) headers['Content-Type'] = contentType ?? mediaType;
		// every other field of the call (retry, paging and error options) goes through as it is
		return await marketplaceRequest<T>(
			this.ctx,
			BOL_API,
			{ ...call, url: `${root}${path}`, headers },
			this.settings,
		);
	}

	// ---- orders

	/** Reduced orders, page by page (50 per page), lazily. */
	listOrders(query: IDataObject, itemIndex?: number): AsyncGenerator<BolReducedOrder> {
		return this.pagedList<BolReducedOrder>('/orders', 'orders', 'orders:list', query, itemIndex);
	}

	/**
	 * A page-numbered Retailer API list (50 per page). bol answers an empty page with `{}`, without the list key.
	 */
	private pagedList<T>(
		path: string,
		key: string,
		bucket: string,
		query: IDataObject,
		itemIndex?: number,
	): AsyncGenerator<T> {
		return paginate(
			pageNumberFetcher(
				async (page) => await this.listPage<T>(path, key, bucket, query, page, itemIndex),
				BOL_PAGE_SIZE,
			),
		);
	}

	/** One page (from 1) of a page-numbered Retailer API list; a page shorter than 50 is the last. */
	private async listPage<T>(
		path: string,
		key: string,
		bucket: string,
		query: IDataObject,
		page: number,
		itemIndex?: number,
	): Promise<T[]> {
		const response = await this.request<Record<string, T[] | undefined>>({
			method: 'GET',
			path,
			qs: { ...query, page },
			bucket,
			operation: `list ${key} (page ${page})`,
			itemIndex,
		});
		return response.body?.[key] ?? [];
	}

	/** One page of reduced orders (the editor's order picker pages with it). */
	async ordersPage(query: IDataObject, page: number): Promise<BolReducedOrder[]> {
		return await this.listPage<BolReducedOrder>('/orders', 'orders', 'orders:list', query, page);
	}

	/** One page of reduced returns (the editor's return picker). */
	async returnsPage(query: IDataObject, page: number): Promise<BolReducedReturn[]> {
		return await this.listPage<BolReducedReturn>(
			'/returns',
			'returns',
			'returns:list',
			query,
			page,
		);
	}

	/** The order, or undefined when bol does not know it (404). */
	async findOrder(orderId: string): Promise<BolOrder | undefined> {
		const response = await this.request<BolOrder>({
			method: 'GET',
			path: `/orders/${encodeURIComponent(orderId)}`,
			bucket: 'orders:get',
			operation: `get order ${orderId}`,
			passStatuses: [404],
		});
		return response.statusCode === 404 ? undefined : response.body;
	}

	async getOrder(orderId: string, itemIndex?: number): Promise<BolOrder> {
		const response = await this.request<BolOrder>({
			method: 'GET',
			path: `/orders/${encodeURIComponent(orderId)}`,
			bucket: 'orders:get',
			operation: `get order ${orderId}`,
			itemIndex,
		});
		return response.body;
	}

	async cancelOrderItem(
		orderItemId: string,
		reasonCode: string,
		itemIndex?: number,
	): Promise<BolProcessStatus> {
		const response = await this.request<BolProcessStatus>({
			method: 'PUT',
			path: '/orders/cancellation',
			body: { orderItems: [{ orderItemId, reasonCode }] },
			// a second cancellation of the same item fails at bol: never resent when the first may have arrived
			idempotent: false,
			bucket: 'orders:cancel',
			operation: `cancel order item ${orderItemId}`,
			itemIndex,
		});
		return response.body;
	}

	// ---- shipments

	async createShipment(body: IDataObject, itemIndex?: number): Promise<BolProcessStatus> {
		const response = await this.request<BolProcessStatus>({
			method: 'POST',
			path: '/shipments',
			body,
			bucket: 'shipments:create',
			operation: 'create shipment',
			itemIndex,
		});
		return response.body;
	}

	// ---- shipping labels (VVB)

	/** The labels bol offers for these order items (one order). Reads only: sent in test mode too. */
	async getDeliveryOptions(
		orderItems: Array<{ orderItemId: string; quantity: number }>,
		itemIndex?: number,
	): Promise<BolDeliveryOption[]> {
		const response = await this.request<{ deliveryOptions?: BolDeliveryOption[] }>({
			method: 'POST',
			path: '/shipping-labels/delivery-options',
			body: { orderItems },
			readOnly: true,
			idempotent: true,
			bucket: 'shipping-labels:delivery-options',
			operation: `get delivery options of order items ${orderItems.map((o) => o.orderItemId).join(', ')}`,
			itemIndex,
		});
		return response.body?.deliveryOptions ?? [];
	}

	/** Buys a label (bol charges it): never resent when the first request may have arrived. */
	async createShippingLabel(
		orderItems: Array<{ orderItemId: string; quantity: number }>,
		shippingLabelOfferId: string,
		itemIndex?: number,
	): Promise<BolProcessStatus> {
		const response = await this.request<BolProcessStatus>({
			method: 'POST',
			path: '/shipping-labels',
			body: { orderItems, shippingLabelOfferId },
			idempotent: false,
			bucket: 'shipping-labels:create',
			operation: `buy shipping label ${shippingLabelOfferId}`,
			itemIndex,
		});
		return response.body;
	}

	/** A label as PDF bytes, with the transporter and track & trace bol sends along as headers. */
	async getShippingLabel(
		shippingLabelId: string,
		itemIndex?: number,
	): Promise<{ pdf: Buffer; transporterCode: string | null; trackAndTrace: string | null }> {
		const response = await this.request<Buffer>({
			method: 'GET',
			path: `/shipping-labels/${encodeURIComponent(shippingLabelId)}`,
			accept: 'application/vnd.retailer.v10+pdf',
			binary: true,
			bucket: 'shipping-labels:get',
			operation: `get shipping label ${shippingLabelId}`,
			itemIndex,
		});
		return {
			pdf: response.body,
			transporterCode: headerValue(response.headers, 'x-transporter-code') ?? null,
			trackAndTrace: headerValue(response.headers, 'x-track-and-trace-code') ?? null,
		};
	}

	// ---- offers (v11)

	async patchOfferStock(
		offerId: string,
		amount: number,
		managedByRetailer: boolean,
		itemIndex?: number,
	): Promise<void> {
		await this.request({
			method: 'PATCH',
			path: `/offers/${encodeURIComponent(offerId)}`,
			body: { stock: { amount, managedByRetailer } },
			bucket: 'offers:patch',
			operation: `update stock of offer ${offerId}`,
			itemIndex,
		});
	}

	/** Offers matching a filter (`eans`, `reference`, `offer-ids`), all pages. */
	listOffers(query: IDataObject, itemIndex?: number): AsyncGenerator<BolOfferV11> {
		return paginate<BolOfferV11, string>(
			async (cursor) => await this.offersPage(query, cursor, itemIndex),
		);
	}

	/** One page of offers (`OFFERS_PAGE_SIZE`) from a cursor (none: the first), and the next page's cursor. */
	async offersPage(
		query: IDataObject,
		cursor: string | undefined,
		itemIndex?: number,
	): Promise<Page<BolOfferV11, string>> {
		const response = await this.request<{
			offers?: BolOfferV11[];
			page?: { nextCursor?: string | null };
		}>({
			method: 'GET',
			path: '/offers',
			qs: { ...query, 'page-size': OFFERS_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
			bucket: 'offers:list',
			operation: 'find offers',
			itemIndex,
		});
		return {
			items: response.body?.offers ?? [],
			next: response.body?.page?.nextCursor ?? undefined,
		};
	}

	// ---- returns

	listReturns(query: IDataObject, itemIndex?: number): AsyncGenerator<BolReducedReturn> {
		return this.pagedList<BolReducedReturn>(
			'/returns',
			'returns',
			'returns:list',
			query,
			itemIndex,
		);
	}

	async getReturn(returnId: string, itemIndex?: number): Promise<BolReturn> {
		const response = await this.request<BolReturn>({
			method: 'GET',
			path: `/returns/${encodeURIComponent(returnId)}`,
			bucket: 'returns:get',
			operation: `get return ${returnId}`,
			itemIndex,
		});
		return response.body;
	}

	async handleReturn(
		rmaId: string,
		handlingResult: string,
		quantityReturned: number,
		itemIndex?: number,
	) {
		const response = await this.request<BolProcessStatus>({
			method: 'PUT',
			path: `/returns/${encodeURIComponent(rmaId)}`,
			body: { handlingResult, quantityReturned },
			// bol refuses to handle an item twice: never resent when the first may have arrived
			idempotent: false,
			bucket: 'returns:handle',
			operation: `handle return item ${rmaId}`,
			itemIndex,
		});
		return response.body;
	}

	async createReturn(
		orderItemId: string,
		quantityReturned: number,
		handlingResult: string,
		itemIndex?: number,
	) {
		const response = await this.request<BolProcessStatus>({
			method: 'POST',
			path: '/returns',
			body: { orderItemId, quantityReturned, handlingResult },
			// the spec declares plain JSON for this one body
			contentType: 'application/json',
			bucket: 'returns:create',
			operation: `create return for order item ${orderItemId}`,
			itemIndex,
		});
		return response.body;
	}

	// ---- process status

	async getProcessStatus(id: string, itemIndex?: number): Promise<BolProcessStatus> {
		const response = await this.request<BolProcessStatus>({
			method: 'GET',
			api: 'shared',
			path: `/process-status/${encodeURIComponent(id)}`,
			bucket: 'process-status:get',
			operation: `get process status ${id}`,
			itemIndex,
		});
		return response.body;
	}

	/**
	 * The process statuses bol keeps for one entity and event type (e.g. an order item and `CANCEL_ORDER`), newest
	 * first: the first page of 50 only, which holds the recent ones. Paced with the other process-status reads (one
	 * endpoint family at bol).
	 */
	async findProcessStatuses(
		entityId: string,
		eventType: string,
		itemIndex?: number,
	): Promise<BolProcessStatus[]> {
		const response = await this.request<{ processStatuses?: BolProcessStatus[] }>({
			method: 'GET',
			api: 'shared',
			path: '/process-status',
			qs: { 'entity-id': entityId, 'event-type': eventType },
			bucket: 'process-status:get',
			operation: `find ${eventType} process statuses of ${entityId}`,
			itemIndex,
		});
		// bol leaves an empty list out: `{}`
		return response.body?.processStatuses ?? [];
	}

	/** Up to 1000 ids per call, as bol allows. */
	async getProcessStatuses(ids: string[], itemIndex?: number): Promise<BolProcessStatus[]> {
		const result: BolProcessStatus[] = [];
		for (let start = 0; start < ids.length; start += 1000) {
			const chunk = ids.slice(start, start + 1000);
			const response = await this.request<{ processStatuses?: BolProcessStatus[] }>({
				method: 'POST',
				api: 'shared',
				path: '/process-status',
				body: { processStatusQueries: chunk.map((processStatusId) => ({ processStatusId })) },
				// a read, though a POST: safe to resend when the connection drops
				idempotent: true,
				bucket: 'process-status:bulk',
				readOnly: true,
				operation: `get ${chunk.length} process statuses`,
				itemIndex,
			});
			result.push(...(response.body?.processStatuses ?? []));
		}
		return result;
	}

	/**
	 * Polls process statuses until none is PENDING or `timeoutMs` has passed. Returns the last known status of each.
	 * Polling (the shared `waitUntil`, `BOL_POLL_SCHEDULE`) backs off from 1 s to 10 s; many ids are polled with one
	 * bulk call.
	 */
	async waitForProcessStatuses(
		initial: BolProcessStatus[],
		timeoutMs: number,
		itemIndex?: number,
		/** How long ago the first of these requests was sent: a batch that took a while to send is checked at once. */
		sentAgoMs = 0,
	): Promise<BolProcessStatus[]> {
		const latest = new Map<string, BolProcessStatus>();
		for (const status of initial) latest.set(String(status.processStatusId), status);
		const pendingIds = () =>
			[...latest.values()]
				.filter((s) => s.status === 'PENDING' && s.processStatusId)
				.map((s) => String(s.processStatusId));
		await waitUntil(
			async () => {
				const fresh = await this.readProcessStatuses(pendingIds(), itemIndex);
				for (const status of fresh.values()) latest.set(String(status.processStatusId), status);
				return pendingIds().length;
			},
			(left) => left === 0,
			{ timeoutMs, startedAt: getClock().now() - sentAgoMs, schedule: BOL_POLL_SCHEDULE },
			pendingIds().length,
		);
		return initial.map((s) => latest.get(String(s.processStatusId)) ?? s);
	}

	/** The statuses of the given ids by id: one GET for one id, bulk calls for more. */
	async readProcessStatuses(
		ids: string[],
		itemIndex?: number,
	): Promise<Map<string, BolProcessStatus>> {
		const fresh =
			ids.length === 0
				? []
				: ids.length === 1
					? [await this.getProcessStatus(ids[0], itemIndex)]
					: await this.getProcessStatuses(ids, itemIndex);
		return new Map(fresh.map((status) => [String(status.processStatusId), status]));
	}
}
