import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { getClock } from '../../shared/clock';
import type { ParsedApiError } from '../../shared/errors';
import { transportSettings } from '../../shared/options';
import { paginate } from '../../shared/paging';
import {
	marketplaceRequest,
	type ApiCall,
	type ApiResponse,
	type MarketplaceApi,
	type RequestContext,
	type TransportSettings,
} from '../../shared/transport';
import { waitUntil } from '../../shared/wait';
import {
	FEED_POLL_MAX_DELAY_MS,
	FEED_POLL_MIN_DELAY_MS,
	FINAL_PROCESSING_STATUSES,
	ORDERS_PAGE_SIZE,
	RATE_LIMITS,
	USER_AGENT,
} from '../constants';
import { documentText } from './documents';
import { RESTRICTED_DATA_TOKEN_HEADER, credentialMarketplaceIds, spApiBaseUrl } from './endpoints';
import type {
	AmazonDocument,
	AmazonFeed,
	AmazonOrder,
	AmazonReport,
	ListingsItem,
	ListingsSubmission,
	SearchOrdersResponse,
} from './types';

export * from './types';

export const AMAZON_CREDENTIAL = 'amazonSellingPartnerApi';

const ACCESS_HINT =
	'The app may lack the role this operation needs (Inventory and Order Tracking, Product Listing, Direct-to-Consumer Delivery (Restricted) for buyer and address data), or the refresh token belongs to another seller or region.';

/** Amazon `{errors:[{code, message, details}]}` (and S3's XML `<Error>`) -> message. */
export function parseAmazonError(body: unknown, statusCode: number): ParsedApiError | undefined {
	if (typeof body === 'string') {
		const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
		const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
		if (code || message)
			return { message: [code, message].filter(Boolean).join(': '), violations: [], code };
		return body.trim() ? { message: body.trim().slice(0, 300), violations: [] } : undefined;
	}
	if (body === null || typeof body !== 'object') return undefined;
	const raw = (body as { errors?: unknown }).errors;
	const errors = (Array.isArray(raw) ? raw : []) as Array<{
		code?: string;
		message?: string;
		details?: string;
	}>;
	if (errors.length === 0) return undefined;
	const message = errors
		.map(
			(e) =>
				[e.code, e.message].filter(Boolean).join(': ') +
				(e.details && e.details !== e.message ? ` (${e.details})` : ''),
		)
		.join('; ');
	return {
		message: statusCode === 403 ? `${message}. ${ACCESS_HINT}` : message,
		violations: [],
		code: errors[0].code,
	};
}

export const AMAZON_API: MarketplaceApi = {
	name: 'Amazon',
	credentialType: AMAZON_CREDENTIAL,
	parseError: parseAmazonError,
	rateLimits: RATE_LIMITS,
	// Amazon answers 403 (Unauthorized, "The access token you provided has expired") to an expired LWA token
	reauthStatuses: [401, 403],
};

export type AmazonContext = RequestContext & {
	getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
};

/** An `ApiCall` to the SP-API: a path below the host instead of a URL; the headers follow from the call. */
export interface AmazonCall extends Omit<ApiCall, 'url' | 'headers' | 'qs' | 'body'> {
	/** Path below the SP-API host, e.g. `/orders/2026-01-01/orders`. */
	path: string;
	/** Arrays are sent comma-separated, as the models declare (Swagger `collectionFormat: csv`). */
	qs?: Record<string, string | number | string[] | undefined>;
	body?: IDataObject;
	/** A Restricted Data Token sent in place of the access token (PII). */
	restrictedDataToken?: string;
}

/** `20261123T100000Z` */
function amzDate(time: number): string {
	return new Date(time)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

function csvQuery(qs: AmazonCall['qs']): IDataObject | undefined {
	if (!qs) return undefined;
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined) continue;
		out[key] = Array.isArray(value) ? value.join(',') : value;
	}
	return out;
}

/** Everything the Amazon node and trigger do over HTTP. One client per node execution. */
export class AmazonClient {
	private readonly rdts = new Map<string, { token: string; expiresAt: number }>();

	private constructor(
		private readonly ctx: AmazonContext,
		readonly baseUrl: string,
		readonly sellerId: string,
		readonly marketplaceIds: string[],
		readonly settings: TransportSettings,
	) {}

	static async create(ctx: AmazonContext, requestOptions?: IDataObject): Promise<AmazonClient> {
		const credentials = await ctx.getCredentials(AMAZON_CREDENTIAL);
		const baseUrl = spApiBaseUrl(credentials);
		const sellerId = String(credentials.sellerId ?? '').trim();
		// separate rate-limit state per seller, app and environment, without keeping the secrets around
		const scope = `${baseUrl}|${sellerId}|${String(credentials.clientId ?? '')}`;
		return new AmazonClient(
			ctx,
			baseUrl,
			sellerId,
			credentialMarketplaceIds(credentials),
			transportSettings(requestOptions, scope),
		);
	}

	async request<T>({
		path,
		qs,
		restrictedDataToken,
		...call
	}: AmazonCall): Promise<ApiResponse<T>> {
		const headers: IDataObject = {
			Accept: 'application/json',
			'User-Agent': USER_AGENT,
			'x-amz-date': amzDate(getClock().now()),
		};
		if (call.body !== undefined) headers['Content-Type'] = 'application/json';
		// the credential sends it as x-amz-access-token, in place of the access token (see RESTRICTED_DATA_TOKEN_HEADER)
		if (restrictedDataToken) headers[RESTRICTED_DATA_TOKEN_HEADER] = restrictedDataToken;
		// every other field of the call (retry, paging and error options) goes through as it is
		return await marketplaceRequest<T>(
			this.ctx,
			AMAZON_API,
			{ ...call, url: `${this.baseUrl}${path}`, qs: csvQuery(qs), headers },
			this.settings,
		);
	}

	// ---- restricted data (PII)

	/**
	 * A Restricted Data Token for one restricted resource, reused until a minute before it expires (an RDT lives an
	 * hour). `path` may name one order or use the `{orderId}` placeholder for any order.
	 */
	async restrictedDataToken(
		path: string,
		dataElements: readonly string[],
		itemIndex?: number,
	): Promise<string> {
		const key = `${path}|${dataElements.join(',')}`;
		const now = getClock().now();
		const cached = this.rdts.get(key);
		if (cached && cached.expiresAt - 60_000 > now) return cached.token;
		const response = await this.request<{ restrictedDataToken?: string; expiresIn?: number }>({
			method: 'POST',
			path: '/tokens/2021-03-01/restrictedDataToken',
			body: { restrictedResources: [{ method: 'GET', path, dataElements: [...dataElements] }] },
			bucket: 'tokens:rdt',
			readOnly: true,
			operation: 'get a Restricted Data Token for buyer and address data',
			itemIndex,
		});
		const token = response.body?.restrictedDataToken ?? '';
		this.rdts.set(key, { token, expiresAt: now + (response.body?.expiresIn ?? 3600) * 1000 });
		return token;
	}

	// ---- orders (v2026-01-01 reads, v0 confirmShipment)

	/** searchOrders, all pages, lazily (the next page is fetched only when the consumer needs it). */
	searchOrders(
		query: Record<string, string | number | string[] | undefined>,
		itemIndex?: number,
		rdt?: string,
	): AsyncGenerator<AmazonOrder> {
		let page = 0;
		return paginate<AmazonOrder, string>(async (paginationToken) => {
			page++;
			const response = await this.searchOrdersPage(query, paginationToken, page, itemIndex, rdt);
			return { items: response.orders, next: response.nextToken };
		});
	}

	/** One searchOrders call: the page `paginationToken` names (the first without one) and the next page's token. */
	async searchOrdersPage(
		query: Record<string, string | number | string[] | undefined>,
		paginationToken?: string,
		page = 1,
		itemIndex?: number,
		rdt?: string,
	): Promise<{ orders: AmazonOrder[]; nextToken?: string }> {
		const response = await this.request<SearchOrdersResponse>({
			method: 'GET',
			path: '/orders/2026-01-01/orders',
			qs: {
				...query,
				maxResultsPerPage: query.maxResultsPerPage ?? ORDERS_PAGE_SIZE,
				paginationToken,
			},
			bucket: 'orders:search',
			operation: `search orders (page ${page})`,
			itemIndex,
			restrictedDataToken: rdt,
		});
		return {
			orders: response.body?.orders ?? [],
			nextToken: response.body?.pagination?.nextToken || undefined,
		};
	}

	async getOrder(
		orderId: string,
		includedData: readonly string[],
		itemIndex?: number,
		rdt?: string,
	): Promise<AmazonOrder> {
		const response = await this.request<{ order: AmazonOrder }>({
			method: 'GET',
			path: `/orders/2026-01-01/orders/${encodeURIComponent(orderId)}`,
			qs: { includedData: [...includedData] },
			bucket: 'orders:get',
			operation: `get order ${orderId}`,
			itemIndex,
			restrictedDataToken: rdt,
		});
		return response.body.order;
	}

	/** getOrder, or undefined when Amazon has no such order (404). */
	async findOrder(
		orderId: string,
		includedData: readonly string[],
		itemIndex?: number,
	): Promise<AmazonOrder | undefined> {
		const response = await this.request<{ order?: AmazonOrder }>({
			method: 'GET',
			path: `/orders/2026-01-01/orders/${encodeURIComponent(orderId)}`,
			qs: { includedData: [...includedData] },
			bucket: 'orders:get',
			operation: `get order ${orderId}`,
			itemIndex,
			passStatuses: [404],
		});
		return response.statusCode === 404 ? undefined : response.body?.order;
	}

	async confirmShipment(orderId: string, body: IDataObject, itemIndex?: number): Promise<void> {
		await this.request({
			method: 'POST',
			path: `/orders/v0/orders/${encodeURIComponent(orderId)}/shipmentConfirmation`,
			body,
			bucket: 'orders:confirmShipment',
			operation: `confirm the shipment of order ${orderId}`,
			itemIndex,
		});
	}

	// ---- listings

	/** The listing, or undefined when the SKU has none. */
	async getListingsItem(
		sku: string,
		marketplaceIds: string[],
		itemIndex?: number,
	): Promise<ListingsItem | undefined> {
		const response = await this.request<ListingsItem>({
			method: 'GET',
			path: `/listings/2021-08-01/items/${encodeURIComponent(this.sellerId)}/${encodeURIComponent(sku)}`,
			qs: { marketplaceIds, includedData: ['summaries', 'fulfillmentAvailability'] },
			bucket: 'listings:get',
			operation: `get listing ${sku}`,
			itemIndex,
			passStatuses: [404],
		});
		return response.statusCode === 404 ? undefined : response.body;
	}

	/**
	 * One searchListingsItems call: the seller's listings in one marketplace (summaries and fulfillment availability),
	 * `pageSize` a page; with Amazon's `pageToken` the next page of the same query.
	 */
	async searchListingsPage(
		marketplaceId: string,
		pageSize: number,
		pageToken?: string,
	): Promise<{ items: ListingsItem[]; nextToken?: string }> {
		const response = await this.request<{
			items?: ListingsItem[];
			pagination?: { nextToken?: string };
		}>({
			method: 'GET',
			path: `/listings/2021-08-01/items/${encodeURIComponent(this.sellerId)}`,
			qs: {
				marketplaceIds: [marketplaceId],
				includedData: ['summaries', 'fulfillmentAvailability'],
				pageSize,
				...(pageToken ? { pageToken } : {}),
			},
			bucket: 'listings:search',
			operation: 'search listings',
		});
		return {
			items: response.body?.items ?? [],
			nextToken: response.body?.pagination?.nextToken || undefined,
		};
	}

	async patchListingsItem(
		sku: string,
		marketplaceIds: string[],
		body: IDataObject,
		itemIndex?: number,
	): Promise<ListingsSubmission> {
		const response = await this.request<ListingsSubmission>({
			method: 'PATCH',
			path: `/listings/2021-08-01/items/${encodeURIComponent(this.sellerId)}/${encodeURIComponent(sku)}`,
			qs: { marketplaceIds, includedData: ['issues'] },
			body,
			bucket: 'listings:patch',
			operation: `update listing ${sku}`,
			itemIndex,
		});
		return response.body;
	}

	// ---- feeds

	/** Feed lifecycle steps 1-3: create the document, upload the content to the pre-signed URL, create the feed. */
	async submitFeed(
		feedType: string,
		content: string,
		contentType: string,
		marketplaceIds: string[],
		itemIndex?: number,
	): Promise<{ feedId: string; feedDocumentId: string }> {
		const document = await this.request<{ feedDocumentId: string; url: string }>({
			method: 'POST',
			path: '/feeds/2021-06-30/documents',
			body: { contentType },
			bucket: 'feeds:createDocument',
			readOnly: true,
			operation: `create a ${feedType} feed document`,
			itemIndex,
		});
		await marketplaceRequest(
			this.ctx,
			AMAZON_API,
			{
				method: 'PUT',
				url: document.body.url,
				body: content,
				headers: { 'Content-Type': contentType },
				// a pre-signed S3 URL: the access token must not go there
				authentication: 'none',
				bucket: 's3:upload',
				operation: `upload the ${feedType} feed document`,
				itemIndex,
			},
			this.settings,
		);
		const feed = await this.request<{ feedId: string }>({
			method: 'POST',
			path: '/feeds/2021-06-30/feeds',
			body: { feedType, marketplaceIds, inputFeedDocumentId: document.body.feedDocumentId },
			bucket: 'feeds:create',
			operation: `create the ${feedType} feed`,
			itemIndex,
		});
		return { feedId: feed.body.feedId, feedDocumentId: document.body.feedDocumentId };
	}

	async getFeed(feedId: string, itemIndex?: number): Promise<AmazonFeed> {
		const response = await this.request<AmazonFeed>({
			method: 'GET',
			path: `/feeds/2021-06-30/feeds/${encodeURIComponent(feedId)}`,
			bucket: 'feeds:get',
			operation: `get feed ${feedId}`,
			itemIndex,
		});
		return response.body;
	}

	/**
	 * One getFeeds call: the seller's feeds of `feedTypes`, newest first, `pageSize` a page; with Amazon's `nextToken`
	 * the next page (Amazon takes the token alone, without the first page's query).
	 */
	async feedsPage(
		feedTypes: readonly string[],
		pageSize: number,
		nextToken?: string,
	): Promise<{ feeds: AmazonFeed[]; nextToken?: string }> {
		const response = await this.request<{ feeds?: AmazonFeed[]; nextToken?: string }>({
			method: 'GET',
			path: '/feeds/2021-06-30/feeds',
			qs: nextToken ? { nextToken } : { feedTypes: feedTypes.join(','), pageSize },
			bucket: 'feeds:list',
			operation: 'list feeds',
		});
		return { feeds: response.body?.feeds ?? [], nextToken: response.body?.nextToken || undefined };
	}

	/** The feed, or undefined when Amazon does not know it (404). */
	async findFeed(feedId: string): Promise<AmazonFeed | undefined> {
		const response = await this.request<AmazonFeed>({
			method: 'GET',
			path: `/feeds/2021-06-30/feeds/${encodeURIComponent(feedId)}`,
			bucket: 'feeds:get',
			operation: `get feed ${feedId}`,
			passStatuses: [404],
		});
		return response.statusCode === 404 ? undefined : response.body;
	}

	/** Polls the feed until DONE, FATAL or CANCELLED, or until `timeoutMs` has passed (then returns it as it is). */
	async waitForFeed(feedId: string, timeoutMs: number, itemIndex?: number): Promise<AmazonFeed> {
		const { value } = await waitUntil(
			async () => await this.getFeed(feedId, itemIndex),
			(feed) => FINAL_PROCESSING_STATUSES.includes(feed.processingStatus),
			{ timeoutMs, firstDelayMs: FEED_POLL_MIN_DELAY_MS, maxDelayMs: FEED_POLL_MAX_DELAY_MS },
		);
		return value;
	}

	/** The processing report of a finished feed, as text (decompressed); undefined when Amazon made none. */
	async feedResult(feed: AmazonFeed, itemIndex?: number): Promise<string | undefined> {
		if (!feed.resultFeedDocumentId) return undefined;
		const response = await this.request<AmazonDocument>({
			method: 'GET',
			path: `/feeds/2021-06-30/documents/${encodeURIComponent(feed.resultFeedDocumentId)}`,
			bucket: 'feeds:getDocument',
			operation: `get the processing report of feed ${feed.feedId}`,
			itemIndex,
		});
		return await this.download(
			response.body,
			`the processing report of feed ${feed.feedId}`,
			itemIndex,
		);
	}

	// ---- reports

	async createReport(body: IDataObject, itemIndex?: number): Promise<string> {
		const response = await this.request<{ reportId: string }>({
			method: 'POST',
			path: '/reports/2021-06-30/reports',
			body,
			bucket: 'reports:create',
			readOnly: true,
			operation: `request a ${String(body.reportType)} report`,
			itemIndex,
		});
		return response.body.reportId;
	}

	async waitForReport(
		reportId: string,
		timeoutMs: number,
		itemIndex?: number,
	): Promise<{ report: AmazonReport; finished: boolean }> {
		const { value, finished } = await waitUntil(
			async () =>
				(
					await this.request<AmazonReport>({
						method: 'GET',
						path: `/reports/2021-06-30/reports/${encodeURIComponent(reportId)}`,
						bucket: 'reports:get',
						operation: `get report ${reportId}`,
						itemIndex,
					})
				).body,
			(report) => FINAL_PROCESSING_STATUSES.includes(report.processingStatus),
			{ timeoutMs, firstDelayMs: FEED_POLL_MIN_DELAY_MS, maxDelayMs: FEED_POLL_MAX_DELAY_MS },
		);
		return { report: value, finished };
	}

	async reportContent(report: AmazonReport, itemIndex?: number): Promise<string> {
		const response = await this.request<AmazonDocument>({
			method: 'GET',
			path: `/reports/2021-06-30/documents/${encodeURIComponent(report.reportDocumentId ?? '')}`,
			bucket: 'reports:getDocument',
			operation: `get the document of report ${report.reportId}`,
			itemIndex,
		});
		return await this.download(response.body, `report ${report.reportId}`, itemIndex);
	}

	/** GET a pre-signed document URL (no credential), decompressed and decoded by its charset. */
	private async download(
		document: AmazonDocument,
		what: string,
		itemIndex?: number,
	): Promise<string> {
		const response = await marketplaceRequest(
			this.ctx,
			AMAZON_API,
			{
				method: 'GET',
				url: document.url,
				authentication: 'none',
				binary: true,
				bucket: 's3:download',
				operation: `download ${what}`,
				itemIndex,
			},
			this.settings,
		);
		const contentType = Object.entries(response.headers).find(
			([key]) => key.toLowerCase() === 'content-type',
		)?.[1];
		return await documentText(response.body, document.compressionAlgorithm, contentType);
	}
}
