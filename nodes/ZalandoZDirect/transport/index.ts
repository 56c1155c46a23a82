import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ParsedApiError } from '../../shared/errors';
import { transportSettings } from '../../shared/options';
import { paginatePages, type Page, type PageFetcher } from '../../shared/paging';
import {
	marketplaceRequest,
	type ApiCall,
	type ApiResponse,
	type MarketplaceApi,
	type RequestContext,
	type TransportSettings,
} from '../../shared/transport';
import {
	JSON_API,
	ORDERS_PAGE_SIZE,
	RETURNS_PAGE_SIZE,
	STOCK_MIN_REQUEST_COST,
	ZALANDO_RATE_LIMITS,
	ZSS_DOCUMENTS_PATH,
	ZSS_DOWNLOAD_PATH,
} from '../constants';
import { zalandoBaseUrl } from './endpoints';
import type {
	ZalandoAnnouncedReturn,
	ZalandoAnnouncedReturns,
	ZalandoItemResource,
	ZalandoLineResource,
	ZalandoOrder,
	ZalandoOrderResource,
	ZalandoOrdersDocument,
	ZalandoResource,
	ZalandoSalesChannel,
	ZalandoShipment,
	ZalandoShipmentInput,
	ZalandoStockItem,
	ZalandoStockResult,
} from './types';

export * from './types';

export const ZALANDO_CREDENTIAL = 'zalandoZDirectApi';

/** The order documents the node asks for: every order with its items and lines. */
export const ORDER_INCLUDE = 'order_items,order_lines';

/**
 * Zalando error bodies: JSON:API `{errors: [{status, code, title, detail, source: {pointer, parameter}}]}` (Orders
 * API), RFC 7807 `problem+json` `{title, detail}` (Stocks API, defaults) and `{message}` (429).
 */
export function parseZalandoError(body: unknown): ParsedApiError | undefined {
	if (body === null || typeof body !== 'object') return undefined;
	const record = body as {
		errors?: Array<{
			code?: string;
			title?: string;
			detail?: string;
			source?: { pointer?: string; parameter?: string };
		}>;
		title?: string;
		detail?: string;
		message?: string;
	};
	if (Array.isArray(record.errors) && record.errors.length > 0) {
		const first = record.errors[0];
		const message = [first.title, first.detail !== first.title ? first.detail : undefined]
			.filter(Boolean)
			.join(': ');
		return {
			message: message || String(first.code ?? ''),
			violations: record.errors
				.filter((e) => e.source?.pointer || e.source?.parameter)
				.map((e) => ({
					field: String(e.source?.pointer ?? e.source?.parameter),
					reason: String(e.detail ?? e.title ?? e.code ?? ''),
				})),
		};
	}
	const message = [
		record.title,
		record.detail && record.detail !== record.title ? record.detail : undefined,
		record.message,
	]
		.filter(Boolean)
		.join(': ');
	return message ? { message, violations: [] } : undefined;
}

export const ZALANDO_API: MarketplaceApi = {
	name: 'Zalando',
	credentialType: ZALANDO_CREDENTIAL,
	parseError: parseZalandoError,
	rateLimits: ZALANDO_RATE_LIMITS,
};

export type ZalandoContext = RequestContext & {
	getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
};

/** An `ApiCall` to Zalando: a path below the API root; JSON:API media types unless `json` says plain JSON. */
export interface ZalandoCall extends Omit<ApiCall, 'url' | 'headers'> {
	path: string;
	/** Plain `application/json` (stocks, sales channels, `/auth/me`) instead of JSON:API. */
	json?: boolean;
	accept?: string;
}

/** The `cursor` of a `links.next` URL (announced returns), or undefined. */
export function cursorOf(next: string | undefined): string | undefined {
	if (!next) return undefined;
	try {
		return new URL(next, 'http://relative.invalid').searchParams.get('cursor') ?? undefined;
	} catch {
		return undefined;
	}
}

function relationshipIds(resource: ZalandoResource<unknown>, name: string): string[] {
	const data = resource.relationships?.[name]?.data;
	if (!data) return [];
	return (Array.isArray(data) ? data : [data]).map((ref) => String(ref.id));
}

/**
 * The orders of a JSON:API document with their items and lines from `included`, following the relationships (order ->
 * order_items -> order_lines) and falling back to the ids in the attributes.
 */
export function resolveOrders(document: ZalandoOrdersDocument): ZalandoOrder[] {
	const orders = Array.isArray(document.data) ? document.data : [document.data];
	const included = document.included ?? [];
	const items = included.filter((r) => r.type === 'OrderItem') as unknown as ZalandoItemResource[];
	const lines = included.filter((r) => r.type === 'OrderLine') as unknown as ZalandoLineResource[];
	return orders.map((order) => {
		const itemIds = relationshipIds(order, 'order_items');
		const own = items.filter((item) =>
			itemIds.length > 0
				? itemIds.includes(item.id)
				: item.attributes.order_id === (order.attributes.order_id ?? order.id),
		);
		return {
			order,
			items: own.map((item) => {
				const lineIds = relationshipIds(item, 'order_lines');
				return {
					item,
					lines: lines.filter((line) =>
						lineIds.length > 0
							? lineIds.includes(line.id)
							: line.attributes.order_item_id === (item.attributes.order_item_id ?? item.id),
					),
				};
			}),
		};
	});
}

/** Everything the Zalando node and trigger do over HTTP. One client per node execution. */
export class ZalandoClient {
	private merchant: Promise<string> | undefined;

	private constructor(
		private readonly ctx: ZalandoContext,
		private readonly baseUrl: string,
		private readonly configuredMerchantId: string,
		readonly settings: TransportSettings,
	) {}

	static async create(ctx: ZalandoContext, requestOptions?: IDataObject): Promise<ZalandoClient> {
		const credentials = await ctx.getCredentials(ZALANDO_CREDENTIAL);
		const baseUrl = zalandoBaseUrl(credentials);
		const merchantId = String(credentials.merchantId ?? '').trim();
		// separate rate-limit state per account and environment, without keeping the secret around
		const scope = `${baseUrl}|${String(credentials.clientId ?? '')}`;
		return new ZalandoClient(ctx, baseUrl, merchantId, transportSettings(requestOptions, scope));
	}

	async request<T>({ path, json, accept, ...call }: ZalandoCall): Promise<ApiResponse<T>> {
		const mediaType = json ? 'application/json' : JSON_API;
		const headers: IDataObject = { Accept: accept ?? mediaType };
		if (call.body !== undefined) headers['Content-Type'] = mediaType;
		return await marketplaceRequest<T>(
			this.ctx,
			ZALANDO_API,
			{ ...call, url: `${this.baseUrl}${path}`, headers },
			this.settings,
		);
	}

	/**
	 * The merchant id of the credential, or (left empty) the first business partner id `GET /auth/me` names, read once
	 * per client.
	 */
	async merchantId(itemIndex?: number): Promise<string> {
		if (this.configuredMerchantId !== '') return this.configuredMerchantId;
		this.merchant ??= this.request<{ bpids?: string[] }>({
			method: 'GET',
			path: '/auth/me',
			json: true,
			bucket: 'auth:me',
			operation: 'read the merchant id (GET /auth/me)',
			itemIndex,
		}).then((response) => {
			const id = response.body?.bpids?.[0];
			if (typeof id !== 'string' || id === '') {
				throw new NodeOperationError(
					this.ctx.getNode(),
					'Zalando names no merchant for these credentials (GET /auth/me returned no bpids): enter the Merchant ID in the credential',
				);
			}
			return id;
		});
		// a failed lookup is not kept: the next item asks again
		return await this.merchant.catch(async (error: unknown) => {
			this.merchant = undefined;
			return await Promise.reject(error as Error);
		});
	}

	private async merchantPath(path: string, itemIndex?: number): Promise<string> {
		return `/merchants/${encodeURIComponent(await this.merchantId(itemIndex))}${path}`;
	}

	// ---- orders

	/**
	 * One page of orders with items and lines (`page[number]` from 0, up to 1000 a page, in the API's default order,
	 * most recently changed first, unless the query sorts): one call.
	 */
	async ordersPage(
		query: IDataObject,
		page: number,
		size = ORDERS_PAGE_SIZE,
		itemIndex?: number,
	): Promise<Page<ZalandoOrder, number>> {
		const response = await this.request<ZalandoOrdersDocument>({
			method: 'GET',
			path: await this.merchantPath('/orders', itemIndex),
			qs: { ...query, include: ORDER_INCLUDE, 'page[number]': page, 'page[size]': size },
			bucket: 'orders:list',
			operation: `list orders (page ${page})`,
			itemIndex,
		});
		const document = response.body;
		const orders = document?.data ? resolveOrders(document) : [];
		return { items: orders, next: document?.links?.next ? page + 1 : undefined };
	}

	/** Orders with items and lines, page by page (1000 a page), lazily. */
	orderPages(query: IDataObject, itemIndex?: number): AsyncGenerator<Page<ZalandoOrder, number>> {
		const fetchPage: PageFetcher<ZalandoOrder, number> = async (cursor) =>
			await this.ordersPage(query, cursor ?? 0, ORDERS_PAGE_SIZE, itemIndex);
		return paginatePages(fetchPage);
	}

	async *listOrders(query: IDataObject, itemIndex?: number): AsyncGenerator<ZalandoOrder> {
		for await (const page of this.orderPages(query, itemIndex)) yield* page.items;
	}

	async getOrder(orderId: string, itemIndex?: number): Promise<ZalandoOrder> {
		const response = await this.request<ZalandoOrdersDocument>({
			method: 'GET',
			path: await this.merchantPath(`/orders/${encodeURIComponent(orderId)}`, itemIndex),
			qs: { include: ORDER_INCLUDE },
			bucket: 'orders:get',
			operation: `get order ${orderId}`,
			itemIndex,
		});
		const [order] = resolveOrders(response.body);
		return order;
	}

	/** PATCH of order attributes: `merchant_order_id` (export), `tracking_number`, `return_tracking_number`. */
	async patchOrder(orderId: string, attributes: IDataObject, itemIndex?: number): Promise<void> {
		await this.request({
			method: 'PATCH',
			path: await this.merchantPath(`/orders/${encodeURIComponent(orderId)}`, itemIndex),
			body: { data: { type: 'Order', id: orderId, attributes } },
			bucket: 'patch',
			operation: `update order ${orderId} (${Object.keys(attributes).join(', ')})`,
			itemIndex,
		});
	}

	/** PATCH of one order line's status (reserved, shipped, canceled, returned with a reason). */
	async patchLine(
		orderId: string,
		itemId: string,
		lineId: string,
		attributes: IDataObject,
		itemIndex?: number,
	): Promise<void> {
		await this.request({
			method: 'PATCH',
			path: await this.merchantPath(
				`/orders/${encodeURIComponent(orderId)}/items/${encodeURIComponent(itemId)}/lines/${encodeURIComponent(lineId)}`,
				itemIndex,
			),
			body: { data: { type: 'OrderLine', id: lineId, attributes } },
			bucket: 'patch',
			operation: `set line ${lineId} of order ${orderId} to ${String(attributes.status)}`,
			itemIndex,
		});
	}

	// ---- Shipments API (pilot)

	private async shipmentsPath(orderId: string, itemIndex?: number, shipmentId?: string) {
		return await this.merchantPath(
			`/orders/${encodeURIComponent(orderId)}/shipments${shipmentId ? `/${encodeURIComponent(shipmentId)}` : ''}`,
			itemIndex,
		);
	}

	/** The order's shipments (the initial one holds every line no other shipment holds). */
	async listShipments(orderId: string, itemIndex?: number): Promise<ZalandoShipment[]> {
		const response = await this.request<{ shipments?: ZalandoShipment[] }>({
			method: 'GET',
			path: await this.shipmentsPath(orderId, itemIndex),
			bucket: 'shipments',
			operation: `list the shipments of order ${orderId}`,
			itemIndex,
		});
		return response.body?.shipments ?? [];
	}

	/** `POST .../shipments`: a new shipment of the named lines (they leave the shipment holding them). */
	async createShipment(
		orderId: string,
		body: ZalandoShipmentInput,
		itemIndex?: number,
	): Promise<string> {
		const response = await this.request<{ shipment_id?: string }>({
			method: 'POST',
			path: await this.shipmentsPath(orderId, itemIndex),
			body: body as IDataObject,
			bucket: 'shipments',
			operation: `create a shipment of ${body.order_lines?.length ?? 0} line(s) for order ${orderId}`,
			itemIndex,
		});
		const id = response.body?.shipment_id;
		if (typeof id !== 'string' || id === '')
			throw new NodeOperationError(
				this.ctx.getNode(),
				`Zalando created a shipment for order ${orderId} but named no shipment_id`,
				{ itemIndex },
			);
		return id;
	}

	/** `PATCH .../shipments/{id}`: status (shipped, canceled) and the other fields; 204. */
	async updateShipment(
		orderId: string,
		shipmentId: string,
		body: ZalandoShipmentInput,
		itemIndex?: number,
	): Promise<void> {
		await this.request({
			method: 'PATCH',
			path: await this.shipmentsPath(orderId, itemIndex, shipmentId),
			body: body as IDataObject,
			bucket: 'patch',
			operation: `update shipment ${shipmentId} of order ${orderId}${body.status ? ` to ${body.status}` : ''}`,
			itemIndex,
		});
	}

	// ---- returns

	/** Announced returns, cursor-paged (up to 1000 a page), lazily. */
	returnPages(
		query: IDataObject,
		itemIndex?: number,
	): AsyncGenerator<Page<ZalandoAnnouncedReturn, string>> {
		const fetchPage: PageFetcher<ZalandoAnnouncedReturn, string> = async (cursor) => {
			const response = await this.request<ZalandoAnnouncedReturns>({
				method: 'GET',
				path: await this.merchantPath('/announced-returns', itemIndex),
				qs: { ...query, limit: RETURNS_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
				bucket: 'returns:list',
				operation: 'list announced returns',
				itemIndex,
			});
			return {
				items: response.body?.data ?? [],
				next: cursorOf(response.body?.links?.next),
			};
		};
		return paginatePages(fetchPage);
	}

	async *listAnnouncedReturns(
		query: IDataObject,
		itemIndex?: number,
	): AsyncGenerator<ZalandoAnnouncedReturn> {
		for await (const page of this.returnPages(query, itemIndex)) yield* page.items;
	}

	// ---- stock

	/**
	 * One stock request of up to 1000 items; the 207 answer's per-item results, in request order. Paced by both of
	 * Zalando's limits (60 requests and 2000 items a minute): the request costs its item count, at least 2000 / 60.
	 */
	async updateStocks(items: ZalandoStockItem[], itemIndex?: number): Promise<ZalandoStockResult[]> {
		const response = await this.request<{ results?: ZalandoStockResult[] }>({
			method: 'POST',
			path: await this.merchantPath('/stocks', itemIndex),
			json: true,
			body: { items } as unknown as IDataObject,
			// setting a quantity twice leaves the same quantity: safe to resend after a lost answer
			idempotent: true,
			cost: Math.max(items.length, STOCK_MIN_REQUEST_COST),
			bucket: 'stocks:update',
			operation: `update stock of ${items.length} item(s)`,
			itemIndex,
		});
		return response.body?.results ?? [];
	}

	async salesChannels(itemIndex?: number): Promise<ZalandoSalesChannel[]> {
		const merchantId = await this.merchantId(itemIndex);
		const response = await this.request<{ items?: ZalandoSalesChannel[] }>({
			method: 'GET',
			path: '/sales-channels',
			json: true,
			qs: { merchant_ids: merchantId },
			bucket: 'salesChannels:list',
			operation: 'list sales channels',
			itemIndex,
		});
		return response.body?.items ?? [];
	}

	// ---- shipping documents (ZSS)

	async listShippingDocuments(orderId: string, itemIndex?: number): Promise<IDataObject[]> {
		const response = await this.request<{ documents?: IDataObject[] }>({
			method: 'GET',
			path: ZSS_DOCUMENTS_PATH,
			json: true,
			qs: { order_id: orderId },
			bucket: 'zss:documents',
			operation: `list shipping documents of order ${orderId}`,
			itemIndex,
		});
		return response.body?.documents ?? [];
	}

	async downloadShippingDocument(documentId: string, itemIndex?: number): Promise<Buffer> {
		const response = await this.request<Buffer>({
			method: 'GET',
			path: ZSS_DOWNLOAD_PATH(documentId),
			accept: 'application/pdf',
			binary: true,
			bucket: 'zss:documents',
			operation: `download shipping document ${documentId}`,
			itemIndex,
		});
		return response.body;
	}
}

export type { ZalandoOrderResource };
