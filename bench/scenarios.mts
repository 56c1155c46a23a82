/**
 * The scenarios of `npm run bench`: data entries for the harness (bench/harness.mts). Each names its marketplace,
 * item count, emulator setup, the node's parameters, the floor of the work and the same work as an HTTP Request flow.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Env, Scenario } from './harness.mts';
import {
	items,
	type HttpRequestFlow,
	type Request,
	type Response,
} from './http-request-baseline.mts';
import {
	AMAZON_MARKETPLACE,
	AMAZON_MARKETPLACES,
	AMAZON_SELLER_ID,
	MIINTO_SHOP,
	SPARTOO_PARTNER_KEY,
	ZALANDO_MERCHANT,
	amazon,
	bol,
	miinto,
	spartoo,
	zalando,
} from './marketplaces.mts';

const DAY = 24 * 3600 * 1000;
const BOL_V10 = 'application/vnd.retailer.v10+json';
const BOL_V11 = 'application/vnd.retailer.v11+json';

/** Valid EAN-13s: 871 + a counter + check digit. */
function ean13(n: number): string {
	const body = `871${String(n).padStart(9, '0')}`;
	let sum = 0;
	for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
	return `${body}${(10 - (sum % 10)) % 10}`;
}

const noError = (output: INodeExecutionData[]) => output.filter((o) => !('error' in o.json)).length;

/** Bol: the process delay of asynchronous calls (shipments), from the emulator's settings. */
async function bolProcessDelayMs(env: Env): Promise<number> {
	const settings = (await env.admin('GET', 'config')).settings as IDataObject | undefined;
	return Number(settings?.processDelaySeconds ?? 3) * 1000;
}

const importOrders: Scenario<{ count: number }> = {
	name: 'import-orders',
	marketplace: bol,
	items: (scale) => Math.max(10, Math.round(1000 * scale)),
	setup: async (env, count) => {
		await env.admin('POST', 'seed', { orders: count, seed: 1 });
		return { count };
	},
	parameters: () => ({
		resource: 'order',
		operation: 'getAll',
		status: 'ALL',
		returnAll: true,
		options: {},
	}),
	input: () => [{ json: {} }],
	succeeded: noError,
	// token, list pages of 50 (the last one empty), one GET per order (the list is reduced)
	floorCalls: (count) => 1 + Math.floor(count / 50) + 1 + count,
	// HTTP Request 1: GET /retailer/orders with Pagination (page=N until an empty page); HTTP Request 2: GET each order
	baseline: async (flow, env, _state, auth) =>
		await items(async () => {
			const [pages] = await flow.node(
				[{}],
				async () =>
					await flow.paginate(
						ordersPage(env, 1),
						(response, request) =>
							((response.body as { orders?: unknown[] })?.orders ?? []).length > 0
								? ordersPage(env, Number(new URL(request.url).searchParams.get('page')) + 1)
								: undefined,
						auth,
					),
			);
			const ids = pages.flatMap((p) =>
				((p.body as { orders?: Array<{ orderId: string }> })?.orders ?? []).map((o) => o.orderId),
			);
			const orders = await flow.node(
				ids,
				async (id) =>
					await flow.send(
						{
							method: 'GET',
							url: `${env.url}/retailer/orders/${id}`,
							headers: { accept: BOL_V10 },
						},
						auth,
					),
			);
			return orders.length;
		}),
};

function ordersPage(env: Env, page: number): Request {
	return {
		method: 'GET',
		url: `${env.url}/retailer/orders?status=ALL&page=${page}`,
		headers: { accept: BOL_V10 },
	};
}

const stockUpdates: Scenario<{ eans: string[] }> = {
	name: 'stock-updates',
	marketplace: bol,
	items: (scale) => Math.max(50, Math.round(10_000 * scale)),
	setup: async (env, count) => {
		const eans = Array.from({ length: count }, (_, i) => ean13(i + 1));
		for (let start = 0; start < count; start += 2000) {
			await env.admin('POST', 'seed', {
				offers: eans
					.slice(start, start + 2000)
					.map((ean, i) => ({ ean, reference: `SKU-${start + i}`, stock: 1 })),
			});
		}
		return { eans };
	},
	parameters: ({ eans }) => ({
		resource: 'stock',
		operation: 'update',
		identifyBy: 'ean',
		ean: (i: number) => eans[i],
		quantity: (i: number) => i % 50,
		options: {},
	}),
	input: ({ eans }) => eans.map((ean) => ({ json: { ean } })),
	succeeded: noError,
	// token, offers looked up 50 EANs a call, one PATCH per offer
	floorCalls: (count) => 1 + Math.ceil(count / 50) + count,
	// HTTP Request 1: find the offer of each EAN (GET /retailer/offers?eans=); HTTP Request 2: PATCH its stock.
	// bol's stock is one request per offer anyway; the lookup is per item, as an item-by-item flow does it
	baseline: async (flow, env, { eans }, auth) =>
		await items(async () => {
			const offers = await flow.node(eans, async (ean) => {
				const response = await flow.send(
					{
						method: 'GET',
						url: `${env.url}/retailer/offers?eans=${ean}`,
						headers: { accept: BOL_V11 },
					},
					auth,
				);
				return (
					(response.body as { offers?: Array<{ offerId: string }> }).offers?.[0]?.offerId ?? ''
				);
			});
			const done = await flow.node(
				offers.map((offerId, i) => ({ offerId, amount: i % 50 })),
				async ({ offerId, amount }) =>
					await flow.send(
						{
							method: 'PATCH',
							url: `${env.url}/retailer/offers/${offerId}`,
							headers: { accept: BOL_V11, 'content-type': BOL_V11 },
							body: { stock: { amount, managedByRetailer: false } },
						},
						auth,
					),
			);
			return done.length;
		}),
};

interface ShipmentOrder {
	orderId: string;
	orderItems: Array<{ orderItemId: string; quantity: number }>;
}

const shipments: Scenario<{ orders: ShipmentOrder[] }> = {
	name: 'shipments',
	marketplace: bol,
	items: (scale) => Math.max(10, Math.round(500 * scale)),
	setup: async (env, count) => {
		const eans = Array.from({ length: 20 }, (_, i) => ean13(50_000 + i));
		await env.admin('POST', 'seed', { offers: eans.map((ean) => ({ ean, stock: 1000 })) });
		await env.admin('POST', 'seed', {
			orders: Array.from({ length: count }, (_, i) => ({
				orderItems: [
					{
						ean: eans[i % eans.length],
						quantity: 1 + (i % 3),
						fulfilmentMethod: 'FBR',
						distributionParty: 'RETAILER',
					},
				],
			})),
		});
		const state = (await env.admin('GET', 'state')).state as { orders: ShipmentOrder[] };
		return { orders: state.orders.slice(0, count) };
	},
	parameters: ({ orders }) => ({
		resource: 'shipment',
		operation: 'create',
		orderId: (i: number) => orders[i].orderId,
		itemsMode: 'list',
		items: (i: number) =>
			orders[i].orderItems.map((item) => ({ lineId: item.orderItemId, quantity: item.quantity })),
		carrier: 'TNT',
		trackAndTrace: (i: number) => `3SBOL${String(i).padStart(10, '0')}`,
		shipmentReference: (i: number) => `BENCH-${i}`,
		options: { processingTimeout: 900 },
	}),
	input: ({ orders }) => orders.map(() => ({ json: {} })),
	// confirmed by bol's process status, not just accepted
	succeeded: (output) => output.filter((o) => o.json.status === 'shipped').length,
	// token, per order (one item each) the look-up of an earlier shipment request (so a lost answer is never shipped
	// twice) and its POST, process statuses 1000 a bulk call
	floorCalls: (count) => 1 + 2 * count + Math.ceil(count / 1000),
	extraFloorMs: bolProcessDelayMs,
	// one HTTP Request: POST /retailer/shipments per order. Done = bol answered 202 (the flow does not read the process
	// status, so a shipment bol later rejects would count as done: this favours the baseline)
	baseline: async (flow, env, { orders }, auth) =>
		await items(async () => {
			const done = await flow.node(
				orders,
				async (order) =>
					await flow.send(
						{
							method: 'POST',
							url: `${env.url}/retailer/shipments`,
							headers: { accept: BOL_V10, 'content-type': BOL_V10 },
							body: {
								orderItems: order.orderItems.map((item) => ({
									orderItemId: item.orderItemId,
									quantity: item.quantity,
								})),
								shipmentReference: `BENCH-${orders.indexOf(order)}`,
								transport: {
									transporterCode: 'TNT',
									trackAndTrace: `3SBOL${String(orders.indexOf(order)).padStart(10, '0')}`,
								},
							},
						},
						auth,
					),
			);
			return done.length;
		}),
};

const amazonImportOrders: Scenario<{ count: number; after: string }> = {
	name: 'amazon-import-orders',
	marketplace: amazon,
	items: (scale) => Math.max(20, Math.round(1000 * scale)),
	setup: async (env, count) => {
		await env.admin('POST', 'seed', { orders: count, seed: 3 });
		return { count, after: new Date(env.clock.now() - 30 * DAY).toISOString() };
	},
	parameters: ({ after }) => ({
		resource: 'order',
		operation: 'getAll',
		filterBy: 'created',
		after,
		returnAll: true,
		filters: {},
		options: {},
	}),
	input: () => [{ json: {} }],
	succeeded: noError,
	// token, searchOrders pages of 100 (no PII asked for, so no restricted data token)
	floorCalls: (count) => 1 + Math.ceil(count / 100),
	// HTTP Request 1: the LWA token; HTTP Request 2: searchOrders with Pagination (paginationToken from the answer)
	baseline: async (flow, env, { after }, auth) =>
		await items(async () => {
			await flow.node([{}], async () => await auth.headers());
			const first = `${env.url}/orders/2026-01-01/orders?${new URLSearchParams({
				createdAfter: after,
				marketplaceIds: AMAZON_MARKETPLACES.join(','),
				maxResultsPerPage: '100',
			}).toString()}`;
			const [pages] = await flow.node(
				[{}],
				async () =>
					await flow.paginate(
						{ method: 'GET', url: first },
						(response: Response, request: Request) => {
							const token = (response.body as { pagination?: { nextToken?: string } })?.pagination
								?.nextToken;
							if (!token) return undefined;
							const url = new URL(request.url);
							url.searchParams.set('paginationToken', token);
							return { method: 'GET', url: url.toString() };
						},
						auth,
					),
			);
			return pages.reduce(
				(sum, p) => sum + ((p.body as { orders?: unknown[] })?.orders ?? []).length,
				0,
			);
		}),
};

const amazonStockUpdates: Scenario<{ skus: string[] }> = {
	name: 'amazon-stock-updates',
	marketplace: amazon,
	items: (scale) => Math.max(20, Math.round(10_000 * scale)),
	setup: async (env, count) => {
		const skus = Array.from({ length: count }, (_, i) => `BENCH-${String(i).padStart(5, '0')}`);
		for (let start = 0; start < count; start += 2000) {
			await env.admin('POST', 'seed', {
				listings: skus
					.slice(start, start + 2000)
					.map((sku) => ({ sku, quantity: 1, marketplaceId: AMAZON_MARKETPLACE })),
			});
		}
		return { skus };
	},
	parameters: ({ skus }) => ({
		resource: 'stock',
		operation: 'update',
		sku: (i: number) => skus[i],
		quantity: (i: number) => i % 40,
		options: { marketplaceId: AMAZON_MARKETPLACE },
	}),
	input: ({ skus }) => skus.map((sku) => ({ json: { sku } })),
	succeeded: (output) => output.filter((o) => o.json.status === 'accepted').length,
	// token, createFeedDocument, upload, createFeed, getFeed (at least once), getFeedDocument, download
	floorCalls: () => 7,
	extraFloorMs: async (env) => {
		const settings = await env.admin('GET', 'config');
		return (
			(Number(settings.feedQueueSeconds ?? 0) + Number(settings.feedProcessingSeconds ?? 0)) * 1000
		);
	},
	// HTTP Request 1: the LWA token; HTTP Request 2: patchListingsItem per SKU (the product type known to the user).
	// A feed needs five chained calls, an upload and a polling loop; an item-by-item flow PATCHes each listing
	baseline: async (flow, env, { skus }, auth) =>
		await items(async () => {
			await flow.node([{}], async () => await auth.headers());
			const done = await flow.node(
				skus.map((sku, i) => ({ sku, quantity: i % 40 })),
				async ({ sku, quantity }) =>
					await flow.send(
						{
							method: 'PATCH',
							url: `${env.url}/listings/2021-08-01/items/${AMAZON_SELLER_ID}/${encodeURIComponent(sku)}?marketplaceIds=${AMAZON_MARKETPLACE}`,
							headers: { 'content-type': 'application/json' },
							body: {
								productType: 'PRODUCT',
								patches: [
									{
										op: 'merge',
										path: '/attributes/fulfillment_availability',
										value: [{ fulfillment_channel_code: 'DEFAULT', quantity }],
									},
								],
							},
						},
						auth,
					),
			);
			return done.length;
		}),
};

const ZALANDO_JSON_API = 'application/vnd.api+json';

const zalandoImportOrders: Scenario<{ count: number }> = {
	name: 'zalando-import-orders',
	marketplace: zalando,
	items: (scale) => Math.max(10, Math.round(1000 * scale)),
	setup: async (env, count) => {
		await env.admin('POST', 'seed', { orders: count, seed: 5 });
		return { count };
	},
	parameters: () => ({
		resource: 'order',
		operation: 'getAll',
		status: 'approved',
		returnAll: true,
		filters: {},
		options: {},
	}),
	input: () => [{ json: {} }],
	succeeded: noError,
	// token, order pages of 1000 with items and lines included (no detail call per order)
	floorCalls: (count) => 1 + Math.ceil(count / 1000),
	// one HTTP Request node with Pagination over page[number] while links.next is there
	baseline: async (flow, env, _state, auth) =>
		await items(async () => {
			const page = (n: number): Request => ({
				method: 'GET',
				url: `${env.url}/merchants/${ZALANDO_MERCHANT}/orders?order_status=Approved&order_type=PartnerFulfilled&include=order_items,order_lines&page%5Bnumber%5D=${n}&page%5Bsize%5D=1000`,
				headers: { accept: ZALANDO_JSON_API },
			});
			const [pages] = await flow.node(
				[{}],
				async () =>
					await flow.paginate(
						page(0),
						(response, request) =>
							(response.body as { links?: { next?: string } })?.links?.next
								? page(Number(new URL(request.url).searchParams.get('page[number]')) + 1)
								: undefined,
						auth,
					),
			);
			return pages.reduce(
				(sum, p) => sum + ((p.body as { data?: unknown[] })?.data ?? []).length,
				0,
			);
		}),
};

const zalandoStockUpdates: Scenario<{ eans: string[]; channel: string }> = {
	name: 'zalando-stock-updates',
	marketplace: zalando,
	items: (scale) => Math.max(50, Math.round(10_000 * scale)),
	setup: async (env, count) => {
		const eans = Array.from({ length: count }, (_, i) => ean13(200_000 + i));
		for (let start = 0; start < count; start += 2000)
			await env.admin('POST', 'seed', {
				articles: eans.slice(start, start + 2000).map((ean) => ({ ean })),
			});
		const channels = (await env.admin('GET', 'state')).state as {
			salesChannels: Array<{ sales_channel_id: string }>;
		};
		return { eans, channel: channels.salesChannels[0].sales_channel_id };
	},
	parameters: ({ eans, channel }) => ({
		resource: 'stock',
		operation: 'update',
		ean: (i: number) => eans[i],
		quantity: (i: number) => i % 30,
		salesChannelId: channel,
	}),
	input: ({ eans }) => eans.map((ean) => ({ json: { ean } })),
	succeeded: (output) => output.filter((o) => o.json.status === 'updated').length,
	// token, the items 1000 a request (the floor is Zalando's 2000 items a minute)
	floorCalls: (count) => 1 + Math.ceil(count / 1000),
	// one HTTP Request node, one POST per item (the way a flow sends what arrives item by item)
	baseline: async (flow, env, { eans, channel }, auth) =>
		await items(async () => {
			const done = await flow.node(
				eans.map((ean, i) => ({ ean, quantity: i % 30 })),
				async ({ ean, quantity }) =>
					await flow.send(
						{
							method: 'POST',
							url: `${env.url}/merchants/${ZALANDO_MERCHANT}/stocks`,
							headers: { 'content-type': 'application/json', accept: 'application/json' },
							body: { items: [{ sales_channel_id: channel, ean, quantity }] },
						},
						auth,
					),
			);
			return done.length;
		}),
};

interface ZalandoShipmentOrder {
	id: string;
	lines: Array<{ item: string; line: string }>;
}

const zalandoShipments: Scenario<{ orders: ZalandoShipmentOrder[] }> = {
	name: 'zalando-shipments',
	marketplace: zalando,
	items: (scale) => Math.max(10, Math.round(500 * scale)),
	setup: async (env, count) => {
		const eans = Array.from({ length: 20 }, (_, i) => ean13(300_000 + i));
		await env.admin('POST', 'seed', {
			orders: Array.from({ length: count }, (_, i) => ({
				status: 'approved',
				exported: true,
				merchantOrderId: String(100_000 + i),
				items: [{ ean: eans[i % eans.length], quantity: 1 + (i % 3), lineStatus: 'initial' }],
			})),
		});
		const state = (await env.admin('GET', 'state')).state as {
			orders: Array<{
				id: string;
				included: Array<{ type: string; id: string; attributes: IDataObject }>;
			}>;
		};
		return {
			orders: state.orders.slice(0, count).map((o) => ({
				id: o.id,
				lines: o.included
					.filter((r) => r.type === 'OrderLine')
					.map((r) => ({ item: String(r.attributes.order_item_id), line: r.id })),
			})),
		};
	},
	parameters: ({ orders }) => ({
		resource: 'shipment',
		operation: 'create',
		orderId: (i: number) => orders[i].id,
		trackingNumber: (i: number) => `ZTRACK${String(i).padStart(8, '0')}`,
		returnTrackingNumber: (i: number) => `ZRET${String(i).padStart(8, '0')}`,
		itemsMode: 'allOpen',
		options: {},
	}),
	input: ({ orders }) => orders.map(() => ({ json: {} })),
	succeeded: (output) => output.filter((o) => o.json.status === 'shipped').length,
	// token, a GET per order (its lines and tracking), the tracking PATCH, one PATCH per unit line; 5 s once
	floorCalls: (count) =>
		1 + 2 * count + Array.from({ length: count }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0),
	extraFloorMs: async () => 5000,
	// one HTTP Request node PATCHes the tracking, a Wait node waits 5 s, one HTTP Request node PATCHes each line
	// (the flow knows the line ids from an earlier order read, which is not counted here: this favours the baseline)
	baseline: async (flow, env, { orders }, auth) =>
		await items(async () => {
			const path = (id: string) => `${env.url}/merchants/${ZALANDO_MERCHANT}/orders/${id}`;
			const headers = { 'content-type': ZALANDO_JSON_API, accept: ZALANDO_JSON_API };
			await flow.node(
				orders.map((order, i) => ({ order, i })),
				async ({ order, i }) =>
					await flow.send(
						{
							method: 'PATCH',
							url: path(order.id),
							headers,
							body: {
								data: {
									type: 'Order',
									id: order.id,
									attributes: {
										tracking_number: `ZTRACK${String(i).padStart(8, '0')}`,
										return_tracking_number: `ZRET${String(i).padStart(8, '0')}`,
									},
								},
							},
						},
						auth,
					),
			);
			await flow.wait(5000);
			await flow.node(
				orders.flatMap((order) => order.lines.map((line) => ({ order, line }))),
				async ({ order, line }) =>
					await flow.send(
						{
							method: 'PATCH',
							url: `${path(order.id)}/items/${line.item}/lines/${line.line}`,
							headers,
							body: {
								data: { type: 'OrderLine', id: line.line, attributes: { status: 'shipped' } },
							},
						},
						auth,
					),
			);
			return orders.length;
		}),
};

// ---------------------------------------------------------------- Miinto ([unverified] limits: see MIINTO_RATE_LIMITS)

const MIINTO_JSON = { 'content-type': 'application/json', accept: 'application/json' };

interface MiintoTransfer {
	id: number;
	status: string;
	emulator: { shopId: string; positions: Array<{ id: number; status?: string }> };
}

const miintoAcceptTransfers: Scenario<{ transfers: MiintoTransfer[] }> = {
	name: 'miinto-accept-transfers',
	marketplace: miinto,
	items: (scale) => Math.max(10, Math.round(1000 * scale)),
	setup: async (env, count) => {
		await env.admin('POST', 'seed', { transfers: count, shopId: MIINTO_SHOP, seed: 7 });
		const state = (await env.admin('GET', 'state')).state as { transfers: MiintoTransfer[] };
		return {
			transfers: state.transfers.filter(
				(t) => t.status === 'pending' && t.emulator.shopId === MIINTO_SHOP,
			),
		};
	},
	parameters: ({ transfers }) => ({
		resource: 'transfer',
		operation: 'decide',
		shopId: MIINTO_SHOP,
		transferId: (i: number) => String(transfers[i].id),
		decision: 'acceptAll',
		options: {},
	}),
	input: ({ transfers }) => transfers.map(() => ({ json: {} })),
	// the accepted positions became a Miinto order
	succeeded: (output) => output.filter((o) => o.json.newOrderId).length,
	// channel, per transfer: read it (its pending positions, decided ones skipped), one PATCH
	floorCalls: (count) => 1 + 2 * count,
	// one HTTP Request node PATCHes each transfer with all its positions accepted (the flow knows them from the trigger's
	// list, which is not counted here: this favours the baseline)
	baseline: async (flow, env, { transfers }, auth) =>
		await items(async () => {
			const done = await flow.node(
				transfers,
				async (transfer) =>
					await flow.send(
						{
							method: 'PATCH',
							url: `${env.url}/order/shops/${encodeURIComponent(MIINTO_SHOP)}/transfers/${transfer.id}`,
							headers: MIINTO_JSON,
							body: {
								acceptedPositions: transfer.emulator.positions.map((p) => ({ id: p.id })),
								declinedPositions: [],
							},
						},
						auth,
					),
			);
			return done.length;
		}),
};

interface MiintoOrder {
	id: number;
	acceptedPositions: Array<{ id: number }>;
}

/** PostNord: a provider Miinto allows for every Danish order of the emulator. */
const MIINTO_PROVIDER = { name: 'PostNord', id: 1 };

const miintoShipments: Scenario<{ orders: MiintoOrder[] }> = {
	name: 'miinto-shipments',
	marketplace: miinto,
	items: (scale) => Math.max(10, Math.round(1000 * scale)),
	setup: async (env, count) => {
		await env.admin('POST', 'seed', {
			transfers: Array.from({ length: count }, (_, i) => ({
				shopId: MIINTO_SHOP,
				positions: [{ status: 'accepted', quantity: 1 + (i % 2) }],
			})),
			seed: 8,
		});
		const state = (await env.admin('GET', 'state')).state as { orders: MiintoOrder[] };
		return { orders: state.orders };
	},
	parameters: ({ orders }) => ({
		resource: 'shipment',
		operation: 'create',
		shopId: MIINTO_SHOP,
		orderId: (i: number) => String(orders[i].id),
		carrier: MIINTO_PROVIDER.name,
		trackAndTrace: (i: number) => `MNT${String(i).padStart(10, '0')}`,
		positions: 'all',
		options: {},
	}),
	input: ({ orders }) => orders.map(() => ({ json: {} })),
	succeeded: noError,
	// channel, per order: the order (its positions), the providers allowed for it, one PATCH
	floorCalls: (count) => 1 + 3 * count,
	// one HTTP Request node PATCHes each order's positions with the code and a provider id the user looked up once
	baseline: async (flow, env, { orders }, auth) =>
		await items(async () => {
			const done = await flow.node(
				orders.map((order, i) => ({ order, i })),
				async ({ order, i }) =>
					await flow.send(
						{
							method: 'PATCH',
							url: `${env.url}/order/shops/${encodeURIComponent(MIINTO_SHOP)}/orders/${order.id}`,
							headers: MIINTO_JSON,
							body: {
								shippedPositions: order.acceptedPositions.map((p) => ({
									id: p.id,
									trackAndTrace: `MNT${String(i).padStart(10, '0')}`,
									shippingProviderId: MIINTO_PROVIDER.id,
								})),
							},
						},
						auth,
					),
			);
			return done.length;
		}),
};

const miintoStockUpdates: Scenario<{ gtins: string[] }> = {
	name: 'miinto-stock-updates',
	marketplace: miinto,
	items: (scale) => Math.max(50, Math.round(10_000 * scale)),
	// the emulator takes stock of items outside the shop's feed too (marked unknown): no feed to seed
	setup: async (_env, count) => ({
		gtins: Array.from({ length: count }, (_, i) => ean13(400_000 + i)),
	}),
	parameters: ({ gtins }) => ({
		resource: 'stock',
		operation: 'update',
		shopId: MIINTO_SHOP,
		identification: 'gtin',
		identifier: (i: number) => gtins[i],
		quantity: (i: number) => i % 25,
	}),
	input: ({ gtins }) => gtins.map((gtin) => ({ json: { gtin } })),
	succeeded: (output) => output.filter((o) => o.json.status === 'sent').length,
	// channel, the items 500 a signed call
	floorCalls: (count) => 1 + Math.ceil(count / 500),
	// one HTTP Request node, one PATCH per item (the way a flow sends what arrives item by item)
	baseline: async (flow, env, { gtins }, auth) =>
		await items(async () => {
			const done = await flow.node(
				gtins.map((gtin, i) => ({ gtin, stock: i % 25 })),
				async (item) =>
					await flow.send(
						{
							method: 'PATCH',
							url: `${env.url}/stock/locations/${encodeURIComponent(MIINTO_SHOP)}/items`,
							headers: MIINTO_JSON,
							body: [item],
						},
						auth,
					),
			);
			return done.length;
		}),
};

// ---------------------------------------------------------------- Spartoo ([unverified] quota: see SPARTOO_RATE_LIMITS)

/**
 * One form POST to a Spartoo script with the partner key, as an HTTP Request node with the Spartoo credential sends it.
 * Spartoo answers HTTP 200 whatever happened (its quota too: code -429), so the flow's item is done only when the
 * answer's code is 1 (or -18, stock unchanged): an HTTP Request node passes every 200 on, so this favours the baseline.
 */
async function spartooPost(
	flow: HttpRequestFlow,
	env: Env,
	script: string,
	form: Record<string, string | number>,
	auth: Parameters<HttpRequestFlow['send']>[1],
): Promise<boolean> {
	const response = await flow.send(
		{
			method: 'POST',
			url: `${env.url}/mp/${script}`,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(
				Object.entries({ partner: SPARTOO_PARTNER_KEY, ...form }).map(([k, v]) => [k, String(v)]),
			).toString(),
		},
		auth,
	);
	const code = /<(?:statut><id|errors)>(-?\d+)</.exec(String(response.body))?.[1];
	return code === '1' || code === '-18';
}

/** Orders in `status`, seeded; the emulator's clock is moved to the start of a clock hour (Spartoo's quota window). */
async function spartooOrders(env: Env, count: number, status: number): Promise<string[]> {
	const hour = 3_600_000;
	env.clock.advance(hour - (env.clock.now() % hour) + 1000);
	await env.admin('POST', 'seed', { orders: Array.from({ length: count }, () => ({ status })) });
	const state = (await env.admin('GET', 'state')).state as {
		orders: Array<{ orders_id: string; status: number }>;
	};
	return state.orders.filter((o) => o.status === status).map((o) => o.orders_id);
}

/**
 * More calls than the hourly quota: the node waits for the next window only within "Max Wait" (default 300 s; past it
 * the call fails at once, saying when the quota frees up). A run of this size needs the most it takes: an hour after
 * the window's first call, plus the pacing's 1 s margin. So an hour and a minute: with 3600 s, the first hour's 600
 * calls, when done within a second (a warm process against the in-process emulator), left a wait of 3601 s and
 * failed the rest.
 */
const SPARTOO_HOUR_WAIT = { maxWaitSeconds: 3660 };

const spartooAcceptOrders: Scenario<{ ids: string[] }> = {
	name: 'spartoo-accept-orders',
	marketplace: spartoo,
	items: (scale) => Math.max(10, Math.round(1000 * scale)),
	setup: async (env, count) => ({ ids: await spartooOrders(env, count, 11) }),
	parameters: ({ ids }) => ({
		resource: 'order',
		operation: 'accept',
		orderId: (i: number) => ids[i],
		options: {},
		requestOptions: SPARTOO_HOUR_WAIT,
	}),
	input: ({ ids }) => ids.map(() => ({ json: {} })),
	succeeded: (output) => output.filter((o) => o.json.accepted === true).length,
	// per order: read it (status check), xml_maj_orders 11 -> 2
	floorCalls: (count) => 2 * count,
	// one HTTP Request node: xml_maj_orders per order (no read first: this favours the baseline)
	baseline: async (flow, env, { ids }, auth) =>
		await items(async () => {
			const done = await flow.node(
				ids,
				async (id) =>
					await spartooPost(flow, env, 'xml_maj_orders.php', { oID: id, statut: 2 }, auth),
			);
			return done.filter(Boolean).length;
		}),
};

const spartooShipments: Scenario<{ ids: string[] }> = {
	name: 'spartoo-shipments',
	marketplace: spartoo,
	items: (scale) => Math.max(10, Math.round(1000 * scale)),
	setup: async (env, count) => ({ ids: await spartooOrders(env, count, 2) }),
	parameters: ({ ids }) => ({
		resource: 'shipment',
		operation: 'create',
		orderId: (i: number) => ids[i],
		trackingNumber: (i: number) => `SPT${String(i).padStart(10, '0')}`,
		options: {},
		requestOptions: SPARTOO_HOUR_WAIT,
	}),
	input: ({ ids }) => ids.map(() => ({ json: {} })),
	succeeded: (output) => output.filter((o) => o.json.shipped === true).length,
	// per order: read it (status check), xml_maj_orders 2 -> 3 with the tracking number
	floorCalls: (count) => 2 * count,
	baseline: async (flow, env, { ids }, auth) =>
		await items(async () => {
			const done = await flow.node(
				ids.map((id, i) => ({ id, i })),
				async ({ id, i }) =>
					await spartooPost(
						flow,
						env,
						'xml_maj_orders.php',
						{ oID: id, statut: 3, tracking_number: `SPT${String(i).padStart(10, '0')}` },
						auth,
					),
			);
			return done.filter(Boolean).length;
		}),
};

/** Sizes per product of the Spartoo stock scenario. */
const SPARTOO_SIZES = ['36', '37', '38', '39', '40'];

const spartooStockBatch: Scenario<{ sizes: Array<{ reference: string; size: string }> }> = {
	name: 'spartoo-stock-batch',
	marketplace: spartoo,
	items: (scale) => Math.max(50, Math.round(10_000 * scale)),
	setup: async (env, count) => {
		const products = Math.ceil(count / SPARTOO_SIZES.length);
		const references = Array.from({ length: products }, (_, i) => `BENCH-${i}`);
		for (let start = 0; start < products; start += 500)
			await env.admin('POST', 'seed', {
				products: references.slice(start, start + 500).map((reference) => ({
					reference,
					sizes: SPARTOO_SIZES.map((size) => ({ reference: `${reference}-${size}`, size })),
				})),
			});
		return {
			sizes: references
				.flatMap((reference) => SPARTOO_SIZES.map((size) => ({ reference, size })))
				.slice(0, count),
		};
	},
	parameters: ({ sizes }) => ({
		resource: 'stock',
		operation: 'update',
		reference: (i: number) => sizes[i].reference,
		sizeReference: (i: number) => `${sizes[i].reference}-${sizes[i].size}`,
		quantity: (i: number) => 1 + (i % 20),
	}),
	input: ({ sizes }) => sizes.map(() => ({ json: {} })),
	succeeded: (output) => output.filter((o) => o.json.success === true).length,
	// the products 500 an XML catalogue (xml_maj_stock_batch), every size of a product in it
	floorCalls: (count) => Math.ceil(Math.ceil(count / SPARTOO_SIZES.length) / 500),
	// one HTTP Request node, xml_maj_stock per size (the way a flow sends what arrives item by item)
	baseline: async (flow, env, { sizes }, auth) =>
		await items(async () => {
			const done = await flow.node(
				sizes.map((s, i) => ({ ...s, i })),
				async ({ reference, size, i }) =>
					await spartooPost(
						flow,
						env,
						'xml_maj_stock.php',
						{
							reference_partenaire: reference,
							products_size_reference: `${reference}-${size}`,
							products_quantity: 1 + (i % 20),
						},
						auth,
					),
			);
			return done.filter(Boolean).length;
		}),
};

/** In the order they run. `HttpRequestFlow` is the baseline's view of n8n's HTTP Request node. */
export const SCENARIOS: Array<Scenario<never>> = [
	importOrders,
	stockUpdates,
	shipments,
	amazonImportOrders,
	amazonStockUpdates,
	zalandoImportOrders,
	zalandoStockUpdates,
	zalandoShipments,
	miintoAcceptTransfers,
	miintoShipments,
	miintoStockUpdates,
	spartooAcceptOrders,
	spartooShipments,
	spartooStockBatch,
] as unknown as Array<Scenario<never>>;

export type { HttpRequestFlow };
