import type { ICredentialDataDecryptedObject, IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { scrubError, type ParsedApiError } from '../../shared/errors';
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
	LIST_SORT,
	MIINTO_CREDENTIAL,
	ORDER_ACCEPTED_STATUS,
	TRANSFER_PENDING_STATUS,
} from '../constants';
import {
	ASSUMED_RATE_LIMIT,
	ERROR_MESSAGE_FIELDS,
	LABEL_CONTENT_TYPE,
	PAGE_SIZE,
	RMA_PATHS,
	failureEnvelope,
	labelPath,
	pickFirst,
	rmaDecisionRequest,
	rmaRequestBody,
	shipmentRequest,
	transferPath,
	type MiintoRmaStatus,
} from '../unverified';
import {
	CHANNEL_ID_HEADER,
	CHANNEL_TOKEN_HEADER,
	channelRequest,
	readChannel,
	type MiintoChannel,
} from './channel';
import { miintoBaseUrls } from './endpoints';
import type {
	MiintoEnvelope,
	MiintoOrder,
	MiintoRma,
	MiintoShippingProvider,
	MiintoShop,
	MiintoTransfer,
	MiintoTransferDecision,
} from './types';

export * from './types';
export type { MiintoChannel };

/** Why Miinto refused a call: its envelope's message (`meta.status: failure`), or a plain `message`/`error`. */
export function parseMiintoError(body: unknown, statusCode: number): ParsedApiError | undefined {
	const message = pickFirst(body, ERROR_MESSAGE_FIELDS);
	const text =
		typeof message === 'string'
			? message
			: message !== undefined && typeof message === 'object'
				? JSON.stringify(message)
				: undefined;
	if (statusCode === 401) {
		return {
			message: `the channel was refused${text ? ` (${text})` : ''}, also after a new channel was opened: check the username, password and environment of the Miinto credential`,
			violations: [],
		};
	}
	return text ? { message: text.slice(0, 500), violations: [] } : undefined;
}

/** The rate-limit bucket of every Miinto call (auth, order and stock services alike). */
const ACCOUNT_BUCKET = 'account';

export const MIINTO_API: MarketplaceApi = {
	name: 'Miinto',
	credentialType: MIINTO_CREDENTIAL,
	parseError: parseMiintoError,
	// one budget for the account, whatever the service: the assumed limit is per login (see ASSUMED_RATE_LIMIT)
	rateLimits: { [ACCOUNT_BUCKET]: ASSUMED_RATE_LIMIT },
	reauthStatuses: [401],
};

export type MiintoContext = RequestContext & {
	getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
};

/** A call to one of Miinto's services: a path below its base URL. */
export interface MiintoCall extends Omit<ApiCall, 'url' | 'bucket'> {
	service: 'order' | 'stock' | 'auth';
	path: string;
}

/** What the pickers list (`pickerPage`). */
export interface PickerRecords {
	transfers: MiintoTransfer;
	orders: MiintoOrder;
	rmas: MiintoRma;
}

/** One page of a list: offset/limit with `meta.totalItemCount` (§2.3, §2.5). */
export interface OffsetPage<T> {
	items: T[];
	total: number | undefined;
}

/**
 * Everything the Miinto node does over HTTP. One client per node execution.
 *
 * The channel: the credential opens it (`preAuthentication`) when none is stored and signs every call with it; a 401
 * makes n8n open a new one once and resend. Miinto may also report an expired channel inside a 200 answer
 * (`meta.status: failure`, M-C5), which n8n cannot see: the client then opens one new channel itself, resends the call
 * once with it and signs every later call of the run with it. A second failure is an error naming Miinto's message.
 */
export class MiintoClient {
	/** The channel this run opened itself, after the stored one was reported expired in a 200 answer. */
	private own: Promise<MiintoChannel> | undefined;

	private constructor(
		private readonly ctx: MiintoContext,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly urls: { auth: string; order: string; stock: string },
		readonly settings: TransportSettings,
	) {}

	static async create(ctx: MiintoContext, requestOptions?: IDataObject): Promise<MiintoClient> {
		const credentials = await ctx.getCredentials(MIINTO_CREDENTIAL);
		const urls = miintoBaseUrls(credentials);
		// separate rate-limit state per account and environment, without keeping the password around
		const scope = `${urls.auth}|${String(credentials.username ?? '')}`;
		return new MiintoClient(ctx, credentials, urls, transportSettings(requestOptions, scope));
	}

	/** The body of a call's answer (`{meta, data}`), with the channel renewed once when Miinto says it expired. */
	async request<T>(call: MiintoCall): Promise<MiintoEnvelope<T>> {
		const used = this.own;
		const first = await this.send<T>(call, used);
		if (!failureEnvelope(first)) return first;
		// the channel expired: open a new one (unless another call of this run did since this one was sent), once
		if (this.own === used) this.own = this.openChannel(call.itemIndex);
		const again = await this.send<T>(call, this.own);
		if (!failureEnvelope(again)) return again;
		throw await this.failure(call, again);
	}

	private async send<T>(
		call: MiintoCall,
		own: Promise<MiintoChannel> | undefined,
	): Promise<MiintoEnvelope<T>> {
		return (await this.sendRaw<MiintoEnvelope<T>>(call, own)).body ?? {};
	}

	private async sendRaw<T>(
		{ service, path, headers, ...call }: MiintoCall,
		own: Promise<MiintoChannel> | undefined,
	): Promise<ApiResponse<T>> {
		const all: IDataObject = { Accept: 'application/json', ...(headers ?? {}) };
		if (call.body !== undefined) all['Content-Type'] = 'application/json';
		if (own) {
			const channel = await own;
			all[CHANNEL_ID_HEADER] = channel.id;
			all[CHANNEL_TOKEN_HEADER] = channel.token;
		}
		return await marketplaceRequest<T>(
			this.ctx,
			MIINTO_API,
			{ ...call, url: `${this.urls[service]}${path}`, headers: all, bucket: ACCOUNT_BUCKET },
			this.settings,
		).catch(async (error: unknown) => await Promise.reject(withoutSignatures(error)));
	}

	private async failure(call: MiintoCall, body: unknown): Promise<NodeApiError> {
		const own = await this.ownChannel()?.catch(() => undefined);
		const why = parseMiintoError(body, 200)?.message ?? 'no reason given';
		const error = new NodeApiError(
			this.ctx.getNode(),
			{ meta: ((body as { meta?: IDataObject }).meta ?? {}) as JsonObject },
			{
				message: `Miinto refused ${call.operation}: ${why} (meta.status "failure", also after a new channel was opened)`,
				description:
					'Miinto answered with its failure envelope twice: once with the stored channel and once with a channel opened for this run. Check the credential (username, password, environment) and that the shop belongs to it.',
				itemIndex: call.itemIndex,
			},
		);
		return scrubError(error, [
			String(this.credentials.password ?? ''),
			String(this.credentials.accessToken ?? ''),
			...(own ? [own.token] : []),
		]);
	}

	/**
	 * `POST {auth}/channels`: a channel for the rest of this run (the stored one is left to n8n). A failed opening is
	 * not kept: the next call that needs one tries again.
	 */
	private async openChannel(itemIndex?: number): Promise<MiintoChannel> {
		const { url, body, headers } = channelRequest(this.credentials);
		try {
			const response = await marketplaceRequest(
				this.ctx,
				MIINTO_API,
				{
					method: 'POST',
					url,
					body,
					headers,
					authentication: 'none',
					readOnly: true,
					passStatuses: [400, 401, 403],
					bucket: ACCOUNT_BUCKET,
					operation: 'open a new channel (POST /channels)',
					itemIndex,
				},
				this.settings,
			);
			return readChannel(
				response.statusCode,
				response.body,
				String(this.credentials.password ?? ''),
			);
		} catch (error) {
			this.own = undefined;
			const failure =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeApiError(
							this.ctx.getNode(),
							{},
							{ message: (error as Error).message, itemIndex },
						);
			throw failure;
		}
	}

	private ownChannel(): Promise<MiintoChannel> | undefined {
		return this.own;
	}

	// ---- shops

	/**
	 * The shop (unified location) ids of the channel's privileges. When no channel was opened yet, a signed call to the
	 * auth service opens one (the credential stores its shops).
	 */
	async shops(): Promise<string[]> {
		if (this.own) return (await this.own).shops;
		const stored = storedShops(this.credentials);
		if (stored.length > 0 || String(this.credentials.accessToken ?? '') !== '') return stored;
		await this.request({
			service: 'auth',
			method: 'GET',
			path: '/status',
			operation: 'open the channel (GET /status)',
		});
		// the status call may itself have needed a channel of this run's own (an expiry seen in a 200 answer)
		const own = this.ownChannel();
		if (own) return (await own).shops;
		return storedShops(await this.ctx.getCredentials(MIINTO_CREDENTIAL));
	}

	async getShop(shopId: string): Promise<MiintoShop | undefined> {
		const envelope = await this.request<MiintoShop>({
			service: 'order',
			method: 'GET',
			path: `/shops/${encodeURIComponent(shopId)}`,
			passStatuses: [403, 404],
			operation: `get shop ${shopId}`,
		});
		return envelope.data;
	}

	// ---- lists

	/** One page of a list from `offset` (one call); the last page is the one that reaches `totalItemCount` (or is short). */
	private async listPage<T>(
		path: string,
		query: IDataObject,
		operation: string,
		offset: number,
		limit = PAGE_SIZE,
		itemIndex?: number,
	): Promise<Page<T, number>> {
		const envelope = await this.request<T[]>({
			service: 'order',
			method: 'GET',
			path,
			qs: { ...query, limit, offset },
			operation: `${operation} (offset ${offset})`,
			itemIndex,
		});
		const items = Array.isArray(envelope.data) ? envelope.data : [];
		const total = Number(envelope.meta?.totalItemCount);
		const reached = offset + items.length;
		const more = Number.isFinite(total) ? reached < total : items.length >= limit;
		return { items, next: more && items.length > 0 ? reached : undefined };
	}

	/** Offset/limit pages of a list, lazily. */
	private pages<T>(
		path: string,
		query: IDataObject,
		operation: string,
		itemIndex?: number,
	): AsyncGenerator<Page<T, number>> {
		const fetchPage: PageFetcher<T, number> = async (cursor) =>
			await this.listPage<T>(path, query, operation, cursor ?? 0, PAGE_SIZE, itemIndex);
		return paginatePages(fetchPage);
	}

	/**
	 * One page (one call, newest first) of what a picker lists for a shop: its pending transfers (the ones to accept or
	 * decline), its orders or its RMAs (every status).
	 */
	async pickerPage<K extends keyof PickerRecords>(
		kind: K,
		shopId: string,
		offset: number,
		limit: number,
	): Promise<Page<PickerRecords[K], number>> {
		const shop = encodeURIComponent(shopId);
		const lists: Record<keyof PickerRecords, [string, IDataObject, string]> = {
			transfers: [
				`/shops/${shop}/transfers`,
				{ 'status[]': TRANSFER_PENDING_STATUS, sort: LIST_SORT },
				`list pending transfers of shop ${shopId}`,
			],
			orders: [`/shops/${shop}/orders`, { sort: LIST_SORT }, `list orders of shop ${shopId}`],
			rmas: [RMA_PATHS.list(shopId), { sort: LIST_SORT }, `list RMAs of shop ${shopId}`],
		};
		const [path, query, operation] = lists[kind];
		return await this.listPage<PickerRecords[K]>(path, query, operation, offset, limit);
	}

	private async *list<T>(
		path: string,
		query: IDataObject,
		operation: string,
		itemIndex?: number,
	): AsyncGenerator<T> {
		for await (const page of this.pages<T>(path, query, operation, itemIndex)) yield* page.items;
	}

	// ---- pages, for the trigger (each call starts from the first page)

	/** Pending transfers of a shop, newest first, page by page. */
	pendingTransferPages(shopId: string): AsyncGenerator<Page<MiintoTransfer, number>> {
		return this.pages<MiintoTransfer>(
			`/shops/${encodeURIComponent(shopId)}/transfers`,
			{ 'status[]': TRANSFER_PENDING_STATUS, sort: LIST_SORT },
			`list pending transfers of shop ${shopId}`,
		);
	}

	/** Accepted orders of a shop, newest first, page by page. */
	acceptedOrderPages(shopId: string): AsyncGenerator<Page<MiintoOrder, number>> {
		return this.pages<MiintoOrder>(
			`/shops/${encodeURIComponent(shopId)}/orders`,
			{ 'status[]': ORDER_ACCEPTED_STATUS, sort: LIST_SORT },
			`list accepted orders of shop ${shopId}`,
		);
	}

	/** RMAs of a shop in one status, newest first, page by page ([unverified] endpoint). */
	rmaPages(shopId: string, status: MiintoRmaStatus): AsyncGenerator<Page<MiintoRma, number>> {
		return this.pages<MiintoRma>(
			RMA_PATHS.list(shopId),
			{ 'status[]': status, sort: LIST_SORT },
			`list ${status} RMAs of shop ${shopId}`,
		);
	}

	// ---- transfers

	/** Pending transfers (order requests) of a shop, newest first. */
	pendingTransfers(shopId: string, itemIndex?: number): AsyncGenerator<MiintoTransfer> {
		return this.list<MiintoTransfer>(
			`/shops/${encodeURIComponent(shopId)}/transfers`,
			{ 'status[]': TRANSFER_PENDING_STATUS, sort: LIST_SORT },
			`list pending transfers of shop ${shopId}`,
			itemIndex,
		);
	}

	async getTransfer(
		shopId: string,
		transferId: string,
		itemIndex?: number,
	): Promise<MiintoTransfer> {
		const envelope = await this.request<MiintoTransfer>({
			service: 'order',
			method: 'GET',
			path: transferPath(shopId, transferId),
			operation: `get transfer ${transferId}`,
			itemIndex,
		});
		return this.required(envelope, `transfer ${transferId}`, itemIndex);
	}

	/**
	 * Accepts and declines positions of a transfer in one call (§2.4). Returns the id of the order Miinto made of the
	 * accepted positions (null when none was accepted or Miinto names none).
	 */
	async decideTransfer(
		shopId: string,
		transferId: string,
		accepted: number[],
		declined: number[],
		itemIndex?: number,
	): Promise<{ newOrderId: string | null; data: MiintoTransferDecision | undefined }> {
		const envelope = await this.request<MiintoTransferDecision>({
			service: 'order',
			method: 'PATCH',
			path: `/shops/${encodeURIComponent(shopId)}/transfers/${encodeURIComponent(transferId)}`,
			body: {
				acceptedPositions: accepted.map((id) => ({ id })),
				declinedPositions: declined.map((id) => ({ id })),
			},
			operation: `accept ${accepted.length} and decline ${declined.length} position(s) of transfer ${transferId}`,
			itemIndex,
		});
		const id = envelope.data?.newOrder?.id;
		return {
			newOrderId: id === undefined || id === null || id === '' ? null : String(id),
			data: envelope.data,
		};
	}

	// ---- orders

	/** Accepted orders of a shop, newest first. */
	acceptedOrders(shopId: string, itemIndex?: number): AsyncGenerator<MiintoOrder> {
		return this.list<MiintoOrder>(
			`/shops/${encodeURIComponent(shopId)}/orders`,
			{ 'status[]': ORDER_ACCEPTED_STATUS, sort: LIST_SORT },
			`list accepted orders of shop ${shopId}`,
			itemIndex,
		);
	}

	async getOrder(shopId: string, orderId: string, itemIndex?: number): Promise<MiintoOrder> {
		const envelope = await this.request<MiintoOrder>({
			service: 'order',
			method: 'GET',
			path: `/shops/${encodeURIComponent(shopId)}/orders/${encodeURIComponent(orderId)}`,
			operation: `get order ${orderId}`,
			itemIndex,
		});
		return this.required(envelope, `order ${orderId}`, itemIndex);
	}

	/** The shipping providers Miinto allows for an order (§2.6): `data[]{id, name}`. */
	async shippingProviders(
		shopId: string,
		orderId: string,
		itemIndex?: number,
	): Promise<MiintoShippingProvider[]> {
		const envelope = await this.request<MiintoShippingProvider[]>({
			service: 'order',
			method: 'GET',
			path: `/shops/${encodeURIComponent(shopId)}/shipping-providers/orders/${encodeURIComponent(orderId)}`,
			operation: `list the shipping providers of order ${orderId}`,
			itemIndex,
		});
		return Array.isArray(envelope.data) ? envelope.data : [];
	}

	/** Ships positions of an order with one track & trace code and provider ([unverified] payload: `unverified.ts`). */
	async shipPositions(
		shopId: string,
		orderId: string,
		positions: number[],
		trackAndTrace: string,
		providerId: number | string,
		itemIndex?: number,
	): Promise<void> {
		const { method, path, body } = shipmentRequest(
			shopId,
			orderId,
			positions,
			trackAndTrace,
			providerId,
		);
		await this.request({
			service: 'order',
			method,
			path,
			body,
			operation: `ship ${positions.length} position(s) of order ${orderId}`,
			itemIndex,
		});
	}

	/**
	 * The label PDF of an order ([unverified] endpoint: `unverified.ts` labelPath). Undefined when Miinto has none for it
	 * (404, or a JSON answer instead of a document).
	 */
	async orderLabel(
		shopId: string,
		orderId: string,
		itemIndex?: number,
	): Promise<Buffer | undefined> {
		const call: MiintoCall = {
			service: 'order',
			method: 'GET',
			path: labelPath(shopId, orderId),
			headers: { Accept: LABEL_CONTENT_TYPE },
			binary: true,
			passStatuses: [404],
			operation: `download the label of order ${orderId}`,
			itemIndex,
		};
		const used = this.own;
		let response = await this.sendRaw<Buffer>(call, used);
		// a 404 is "no label" (whatever envelope it comes in); a failure envelope otherwise is an expired channel
		const expired = () => response.statusCode !== 404 && failureEnvelope(jsonOf(response.body));
		if (expired()) {
			// the channel expired (a failure envelope instead of the document): once more with a new channel
			if (this.own === used) this.own = this.openChannel(itemIndex);
			response = await this.sendRaw<Buffer>(call, this.own);
			if (expired()) throw await this.failure(call, jsonOf(response.body));
		}
		if (response.statusCode === 404) return undefined;
		const bytes = response.body;
		if (!Buffer.isBuffer(bytes) || bytes.length === 0 || jsonOf(bytes) !== undefined)
			return undefined;
		return bytes;
	}

	// ---- returns (RMA) and RMA requests: every path and body [unverified], see unverified.ts

	/** RMAs of a shop, newest first; `status` undefined = every status. */
	rmas(
		shopId: string,
		status: MiintoRmaStatus | undefined,
		itemIndex?: number,
	): AsyncGenerator<MiintoRma> {
		return this.list<MiintoRma>(
			RMA_PATHS.list(shopId),
			{ ...(status ? { 'status[]': status } : {}), sort: LIST_SORT },
			`list ${status ?? 'all'} RMAs of shop ${shopId}`,
			itemIndex,
		);
	}

	async getRma(shopId: string, rmaId: string, itemIndex?: number): Promise<MiintoRma> {
		const envelope = await this.request<MiintoRma>({
			service: 'order',
			method: 'GET',
			path: RMA_PATHS.one(shopId, rmaId),
			operation: `get RMA ${rmaId}`,
			itemIndex,
		});
		return this.required(envelope, `RMA ${rmaId}`, itemIndex);
	}

	/** Accepts (Miinto refunds the buyer) or declines an RMA with a reason. Returns the RMA as Miinto sends it back. */
	async decideRma(
		shopId: string,
		rmaId: string,
		decision: 'accepted' | 'declined',
		reason: string,
		itemIndex?: number,
	): Promise<MiintoRma | undefined> {
		const { method, path, body } = rmaDecisionRequest(shopId, rmaId, decision, reason);
		const envelope = await this.request<MiintoRma>({
			service: 'order',
			method,
			path,
			body,
			operation: `${decision === 'accepted' ? 'accept' : 'decline'} RMA ${rmaId}`,
			itemIndex,
		});
		return envelope.data ?? undefined;
	}

	/** Creates an RMA request: the merchant asks Miinto to refund positions the buyer sent back without an RMA. */
	async createRmaRequest(
		shopId: string,
		orderId: number,
		positions: Array<{ id: number; quantity: number }>,
		reason: string,
		itemIndex?: number,
	): Promise<MiintoRma | undefined> {
		const envelope = await this.request<MiintoRma>({
			service: 'order',
			method: 'POST',
			path: RMA_PATHS.requests(shopId),
			body: rmaRequestBody(orderId, positions, reason),
			operation: `create an RMA request for ${positions.length} position(s) of order ${orderId}`,
			itemIndex,
		});
		return envelope.data ?? undefined;
	}

	// ---- stock

	/** One signed PATCH of many items of one location (§2.8; item shape [unverified], see `unverified.ts`). */
	async updateStock(locationId: string, items: IDataObject[], itemIndex?: number): Promise<void> {
		await this.request({
			service: 'stock',
			method: 'PATCH',
			path: `/locations/${encodeURIComponent(locationId)}/items`,
			body: items,
			operation: `update the stock of ${items.length} item(s) of location ${locationId}`,
			itemIndex,
		});
	}

	private required<T>(envelope: MiintoEnvelope<T>, what: string, itemIndex?: number): T {
		if (
			envelope.data === undefined ||
			envelope.data === null ||
			typeof envelope.data !== 'object'
		) {
			throw new NodeApiError(
				this.ctx.getNode(),
				{},
				{ message: `Miinto answered without ${what} (no "data" in the answer)`, itemIndex },
			);
		}
		return envelope.data;
	}
}

/** A SHA-256 or HMAC-SHA256 value in hex: what Miinto's signatures and their parts look like. */
const HEX_DIGEST = /\b[0-9a-f]{64}\b/gi;

/**
 * The signature of a call is computed in the credential's `authenticate`, after the transport collected the secrets it
 * redacts: an error whose text echoes it (a gateway printing the request's headers) would show it. Every 64-digit hex
 * value in an error's texts is taken for a signature and redacted.
 */
export function withoutSignatures(error: unknown): unknown {
	if (!(error instanceof NodeApiError) && !(error instanceof NodeOperationError)) return error;
	const texts = [
		error.message,
		typeof error.description === 'string' ? error.description : '',
		JSON.stringify(error.errorResponse ?? {}),
		JSON.stringify(error.context ?? {}),
		error instanceof NodeApiError ? JSON.stringify(error.messages ?? []) : '',
	].join('\n');
	const digests = [...new Set(texts.match(HEX_DIGEST) ?? [])];
	return digests.length > 0 ? scrubError(error, digests) : error;
}

/** The JSON a byte answer holds, when it is JSON (an error or envelope instead of a document); else undefined. */
function jsonOf(body: unknown): unknown {
	if (!Buffer.isBuffer(body)) return body !== null && typeof body === 'object' ? body : undefined;
	const head = body.subarray(0, 1).toString('utf8');
	if (head !== '{' && head !== '[') return undefined;
	try {
		return JSON.parse(body.toString('utf8')) as unknown;
	} catch {
		return undefined;
	}
}

function storedShops(credentials: ICredentialDataDecryptedObject): string[] {
	return String(credentials.channelShops ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter((id) => id !== '');
}
