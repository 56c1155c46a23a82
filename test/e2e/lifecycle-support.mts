/**
 * Shared pieces of the lifecycle tests (test/e2e/lifecycle.e2e.test.mts and its cases). The SMTP sink, the emulators' admin API,
 * store REST calls and the test copies of a template are shared with the sandbox demo (sandbox/n8n/lifecycle.mts) and
 * re-exported here; the rest is for the tests only.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import path from 'node:path';

import { expect } from 'vitest';

import {
	MAGENTO_INTEGRATION_TOKEN,
	SHOPIFY_ACCESS_TOKEN,
	SHOPIFY_API_SECRET,
	WOOCOMMERCE_CONSUMER_KEY,
	WOOCOMMERCE_CONSUMER_SECRET,
} from '../../sandbox/emulators/index.mts';
import {
	REPO_ROOT,
	waitFor,
	type ExecutionSummary,
	type N8nServer,
} from '../../sandbox/n8n/index.mts';
import {
	adminSeed,
	adminState,
	restCall,
	type BolState,
	type BolStateOrder,
} from '../../sandbox/n8n/lifecycle.mts';
import type { ShopOrder, ShopState, ShopVariant } from '../../sandbox/emulators/shopify/state.mts';

export type { ShopVariant } from '../../sandbox/emulators/shopify/state.mts';
export {
	adminSeed,
	adminState,
	isOpenItem,
	merchantOffer,
	NEVER_SCHEDULE,
	readTemplate,
	restCall,
	SmtpSink,
	testCopy,
	wooMetaValue,
	type BolState,
	type BolStateItem,
	type BolStateOrder,
	type Mail,
	type TestCopyOptions,
	type WooLine,
	type WooMeta,
	type WooOrder,
	type WooState,
	type WooStock,
} from '../../sandbox/n8n/lifecycle.mts';

/**
 * Waits until a workflow is quiet: no execution of it running and no new one for `quietMs`. Returns its executions
 * (newest first). Webhook deliveries are asynchronous, so callers wait for the effect they expect first.
 */
export async function settledExecutions(
	server: N8nServer,
	workflowId: string,
	quietMs = 3_000,
	timeoutMs = 180_000,
): Promise<ExecutionSummary[]> {
	let last = '';
	let since = Date.now();
	return await waitFor(
		`the executions of ${workflowId} to settle`,
		async () => {
			const executions = await server.listExecutions({ workflowId }, 100);
			const running = executions.some(
				(execution) =>
					!execution.stoppedAt || ['new', 'running', 'waiting'].includes(execution.status),
			);
			const signature = executions
				.map((execution) => `${execution.id}:${execution.status}`)
				.join(',');
			if (running || signature !== last) {
				last = signature;
				since = Date.now();
				return undefined;
			}
			return Date.now() - since >= quietMs ? executions : undefined;
		},
		timeoutMs,
		500,
	);
}

/**
 * Waits until the workflow is quiet (`settledExecutions`) and fails with the node and message of its failed
 * executions, if any: every execution of a lifecycle workflow must succeed.
 */
export async function expectQuietAndSuccessful(
	server: N8nServer,
	workflowId: string,
): Promise<ExecutionSummary[]> {
	const executions = await settledExecutions(server, workflowId);
	const failed = executions.filter((execution) => execution.status !== 'success');
	const details = await Promise.all(
		failed.slice(0, 3).map(async (execution) => {
			const error = (await server.getExecution(execution.id)).data.resultData.error;
			return `${execution.mode} execution ${execution.id}: ${error?.node?.name ?? ''}: ${error?.message ?? ''} ${error?.description ?? ''}`;
		}),
	);
	if (details.length > 0)
		throw new Error(`failed executions of ${workflowId}:\n${details.join('\n')}`);
	return executions;
}

/**
 * Seeds one bol order per SKU (one item of `quantity` each) and returns the new orders in that order: what the orders
 * lane takes in next.
 */
export async function seedBolOrders(
	bolUrl: string,
	skus: string[],
	quantity = 1,
): Promise<BolStateOrder[]> {
	const orders = async () => (await adminState<BolState>(bolUrl)).orders;
	const before = new Set((await orders()).map((order) => order.orderId));
	await adminSeed(bolUrl, {
		orders: skus.map((sku) => ({ orderItems: [{ reference: sku, quantity }] })),
	});
	const added = (await orders()).filter((order) => !before.has(order.orderId));
	if (added.length !== skus.length)
		throw new Error(`seeded ${skus.length} bol orders, found ${added.length} new ones`);
	return added;
}

/** Bol answers the next order-item cancellation `delayMs` late (the first claim of a refund holds meanwhile). */
export async function slowBolCancellation(bolUrl: string, delayMs: number): Promise<void> {
	await restCall(
		'POST',
		`${bolUrl}/__admin/faults`,
		{},
		{ kind: 'slow', delayMs, method: 'PUT', path: '/retailer/orders/cancellation', count: 1 },
	);
}

/**
 * The claim check of a refund forwarded once although overlapping executions saw it: exactly one execution after
 * `after` found it free (and forwarded it), and at least one found the first one's claim in progress and skipped it.
 */
export async function expectFirstClaimWon(
	server: N8nServer,
	workflowId: string,
	after: number,
	refundId: number,
): Promise<void> {
	const states = await refundClaimStates(server, workflowId, after, refundId);
	expect(states.filter((state) => state === 'free')).toHaveLength(1);
	expect(states.filter((state) => state === 'inProgress').length).toBeGreaterThan(0);
}

/** Cancellation requests the bol emulator received for an order item, with their reason codes. */
export async function bolCancellations(bolUrl: string, orderItemId: string): Promise<string[]> {
	const response = await fetch(
		`${bolUrl}/__admin/requests?method=PUT&path=/retailer/orders/cancellation`,
	);
	const { requests } = (await response.json()) as {
		requests: Array<{
			status?: number;
			body?: { orderItems?: Array<{ orderItemId: string; reasonCode: string }> };
		}>;
	};
	// what bol accepted: a request answered 429 or 401 and then resent is one cancellation
	return requests
		.filter(
			(request) => request.status !== undefined && request.status >= 200 && request.status < 300,
		)
		.flatMap((request) =>
			(request.body?.orderItems ?? [])
				.filter((item) => String(item.orderItemId) === orderItemId)
				.map((item) => item.reasonCode),
		);
}

// ---------------------------------------------------------------- Shopify over TLS at <shop>.myshopify.com

/**
 * n8n's Shopify node and credential always call `https://<shop>.myshopify.com` (port 443). Instead of a hosts entry
 * and a server on port 443 (root, and a change to the machine), the n8n processes of a test get a preload that sends
 * `*.myshopify.com` connections to the TLS emulator on loopback: the name still goes out as SNI and the certificate
 * is still verified (against `NODE_EXTRA_CA_CERTS`, the emulator's self-signed `*.myshopify.com` certificate).
 * It also rewrites the two paths n8n's Shopify Trigger uses that the emulator does not route yet (see below).
 * Returns the environment for `N8nInstance.create({ env })`.
 */
export async function shopifyHostEnvironment(options: {
	dir: string;
	port: number;
	certFile: string;
}): Promise<Record<string, string>> {
	const preload = path.join(options.dir, 'myshopify-to-emulator.cjs');
	await writeFile(
		preload,
		`// Test only: *.myshopify.com -> the Shopify emulator on 127.0.0.1:${options.port} (TLS verified as usual).
const dns = require('node:dns');
const tls = require('node:tls');
const shop = (host) => typeof host === 'string' && /(^|\\.)myshopify\\.com$/i.test(host);
const lookup = dns.lookup;
dns.lookup = function (host, options, callback) {
	if (!shop(host)) return lookup.apply(this, arguments);
	const done = typeof options === 'function' ? options : callback;
	const all = typeof options === 'object' && options && options.all;
	process.nextTick(() => (all ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4)));
};
const promises = dns.promises.lookup;
dns.promises.lookup = async function (host, options) {
	if (!shop(host)) return promises.apply(this, arguments);
	return options && options.all ? [{ address: '127.0.0.1', family: 4 }] : { address: '127.0.0.1', family: 4 };
};
// n8n's Shopify Trigger asks for \`/admin/api/2024-07//webhooks?topic=...\` (double slash, no .json), which Shopify
// answers and the emulator does not (yet): such paths are sent the way the emulator routes them.
const https = require('node:https');
const request = https.request;
https.request = function (...args) {
	const options = args.find((arg) => arg && typeof arg === 'object' && !(arg instanceof URL));
	if (options && shop(options.hostname || options.host) && typeof options.path === 'string') {
		const [pathname, query] = options.path.split('?');
		let fixed = pathname.replace(/\\/{2,}/g, '/');
		if (!/\\.[a-z]+$/i.test(fixed)) fixed += '.json';
		options.path = query === undefined ? fixed : fixed + '?' + query;
	}
	return request.apply(this, args);
};
const connect = tls.connect;
tls.connect = function (...args) {
	const options = args[0];
	if (options && typeof options === 'object' && shop(options.servername || options.host)) {
		args[0] = { ...options, host: '127.0.0.1', port: ${options.port}, servername: options.servername || options.host };
	}
	return connect.apply(this, args);
};
`,
	);
	return { NODE_OPTIONS: `--require ${preload}`, NODE_EXTRA_CA_CERTS: options.certFile };
}

/** A JSON call to a TLS emulator (its self-signed certificate trusted for this call only). */
export async function httpsJson<T>(
	method: string,
	url: string,
	options: { ca: string; headers?: Record<string, string>; body?: unknown },
): Promise<T> {
	const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
	return await new Promise<T>((resolve, reject) => {
		const req = request(
			url,
			{
				method,
				ca: options.ca,
				servername: 'emulator-shop.myshopify.com',
				headers: {
					accept: 'application/json',
					...(payload ? { 'content-type': 'application/json' } : {}),
					...options.headers,
				},
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () => {
					if ((res.statusCode ?? 500) >= 400)
						reject(new Error(`${method} ${url} -> ${res.statusCode}: ${text}`));
					else resolve((text ? JSON.parse(text) : undefined) as T);
				});
			},
		);
		req.on('error', reject);
		if (payload) req.write(payload);
		req.end();
	});
}

/** The Shopify emulator's self-signed `*.myshopify.com` certificate (a test fixture), for `shopifyHostEnvironment`. */
export const SHOPIFY_CERT_FILE = path.join(
	REPO_ROOT,
	'test',
	'emulators',
	'fixtures',
	'tls-cert.pem',
);

/** The Shopify emulator's TLS certificate and key (`startEmulators({ tls: { shopify } })`). */
export async function shopifyTls(): Promise<{ cert: string; key: string }> {
	return {
		cert: await readFile(SHOPIFY_CERT_FILE, 'utf8'),
		key: await readFile(path.join(path.dirname(SHOPIFY_CERT_FILE), 'tls-key.pem'), 'utf8'),
	};
}

/** The n8n credential (import) of the Shopify emulator: its access token and the app secret n8n checks webhooks with. */
export const shopifyEmulatorCredential = (credential: { id: string; name: string }) => ({
	...credential,
	type: 'shopifyAccessTokenApi',
	data: {
		shopSubdomain: 'emulator-shop',
		accessToken: SHOPIFY_ACCESS_TOKEN,
		appSecretKey: SHOPIFY_API_SECRET,
	},
});

/**
 * The Shopify emulator at `shopUrl` as a test reads and drives it (`ca`: its certificate): Admin REST calls, its admin
 * state, an order, the variants and their available quantity (every location), and a fulfilment of every open
 * fulfilment order of an order (`tracking`: Shopify's `tracking_info`, none without).
 */
export function shopifyTestClient(shopUrl: string, ca: string) {
	const rest = async <T,>(method: string, apiPath: string, body?: unknown) =>
		await httpsJson<T>(method, `${shopUrl}/admin/api/2024-07${apiPath}`, {
			ca,
			headers: { 'x-shopify-access-token': SHOPIFY_ACCESS_TOKEN },
			body,
		});
	const variants = (state: ShopState) =>
		state.products.flatMap((product) => product.variants) as ShopVariant[];
	return {
		rest,
		state: async <S extends ShopState = ShopState>() =>
			(await httpsJson<{ state: S }>('GET', `${shopUrl}/__admin/state`, { ca })).state,
		order: async (id: number) =>
			(await rest<{ order: ShopOrder }>('GET', `/orders/${id}.json`)).order,
		variants,
		available: (state: ShopState, sku: string) => {
			const variant = variants(state).find((candidate) => candidate.sku === sku);
			return state.inventoryLevels
				.filter((level) => level.inventory_item_id === variant?.inventory_item_id)
				.reduce((sum, level) => sum + level.available, 0);
		},
		fulfil: async (orderId: number, tracking?: { company: string; numbers: string[] }) => {
			const { fulfillment_orders: fulfilmentOrders } = await rest<{
				fulfillment_orders: Array<{ id: number }>;
			}>('GET', `/orders/${orderId}/fulfillment_orders.json`);
			return (
				await rest<{ fulfillment: { id: number } }>('POST', '/fulfillments.json', {
					fulfillment: {
						line_items_by_fulfillment_order: fulfilmentOrders.map((fo) => ({
							fulfillment_order_id: fo.id,
						})),
						...(tracking ? { tracking_info: tracking } : {}),
					},
				})
			).fulfillment;
		},
	};
}

/**
 * The recent executions of a workflow, one line each: id, mode, status, the node it stopped at and how many items
 * each node put out. For the message of a test that timed out waiting for an effect.
 */
export async function describeExecutions(
	server: N8nServer,
	workflowId: string,
	count = 10,
): Promise<string> {
	const lines: string[] = [];
	for (const summary of await server.listExecutions({ workflowId }, count)) {
		const execution = await server.getExecution(summary.id);
		const result = execution.data.resultData;
		const nodes = Object.entries(result.runData)
			.map(
				([name, runs]) =>
					`${name}=${runs.reduce((sum, run) => sum + (run.data?.main?.[0]?.length ?? 0), 0)}`,
			)
			.join(', ');
		const error = result.error
			? ` error at ${result.error.node?.name ?? '?'}: ${result.error.message ?? ''}`
			: '';
		lines.push(
			`#${summary.id} ${summary.mode} ${summary.status} last=${result.lastNodeExecuted ?? '-'}${error} [${nodes}]`,
		);
	}
	return `recent executions of ${workflowId}:\n${lines.join('\n')}`;
}

/** The id of the newest execution of a workflow (0 without any): the executions after it are a test's own. */
export async function lastExecutionId(server: N8nServer, workflowId: string): Promise<number> {
	return Math.max(
		0,
		...(await server.listExecutions({ workflowId }, 20)).map((execution) => Number(execution.id)),
	);
}

/**
 * The id after which an execution of a workflow may still see what a test does next (0 without any): the newest
 * execution's id when all have stopped, else the id just before the oldest one still running. A poll that started a
 * moment before the test's change but reads after it is then counted as the test's own.
 */
export async function unfinishedExecutionsAfter(
	server: N8nServer,
	workflowId: string,
): Promise<number> {
	const executions = await server.listExecutions({ workflowId }, 20);
	const running = executions.filter((execution) => !execution.stoppedAt);
	if (running.length > 0) return Math.min(...running.map((execution) => Number(execution.id))) - 1;
	return Math.max(0, ...executions.map((execution) => Number(execution.id)));
}

/**
 * What "Refund Claim Check" decided for one refund in every execution after `after` (free, inProgress, stuck,
 * forwarded, test): how a test sees that an overlapping execution found the first one's claim.
 */
export async function refundClaimStates(
	server: N8nServer,
	workflowId: string,
	after: number,
	refundId: number,
): Promise<string[]> {
	const states: string[] = [];
	const seen: string[] = [];
	const executions = await server.listExecutions({ workflowId }, 100);
	// newest first: when the oldest listed one is still after `after`, some of the test's executions were not listed
	if (executions.length === 100 && Number(executions[99].id) > after)
		throw new Error(
			`more than 100 executions of ${workflowId} after #${after}: the claim states cannot all be read`,
		);
	for (const summary of executions) {
		if (Number(summary.id) <= after) continue;
		const runs = (await server.getExecution(summary.id)).data.resultData.runData[
			'Refund Claim Check'
		];
		for (const run of runs ?? [])
			for (const item of run.data?.main?.[0] ?? []) {
				const json = item.json as { refundId: number; claim: { state: string } };
				if (json.refundId === refundId) {
					states.push(json.claim.state);
					seen.push(`#${summary.id} ${json.claim.state}`);
				}
			}
	}
	console.log(
		`claim states of refund ${refundId} in the executions after #${after}: ${seen.join(', ')}`,
	);
	return states;
}

// ---------------------------------------------------------------- WooCommerce emulator, schedules

/** A REST call to the WooCommerce emulator's `/wp-json/wc/v3<path>` with its consumer key. */
export function wooRest(wooUrl: string) {
	const authorization = `Basic ${Buffer.from(`${WOOCOMMERCE_CONSUMER_KEY}:${WOOCOMMERCE_CONSUMER_SECRET}`).toString('base64')}`;
	return async <T,>(method: string, path: string, body?: unknown) =>
		await restCall<T>(method, `${wooUrl}/wp-json/wc/v3${path}`, { authorization }, body);
}

// ---------------------------------------------------------------- Magento 2 emulator

/** A REST call to the Magento 2 emulator's `/rest/default/V1<path>` with its integration token. */
export function mageRest(mageUrl: string) {
	return async <T,>(method: string, path: string, body?: unknown) =>
		await restCall<T>(
			method,
			`${mageUrl}/rest/default/V1${path}`,
			{ authorization: `Bearer ${MAGENTO_INTEGRATION_TOKEN}` },
			body,
		);
}

/** A marketplace trigger's poll that does not come during a test (n8n polls once at activation). */
export const ONCE_A_YEAR = {
	pollTimes: { item: [{ mode: 'custom', cronExpression: '0 0 1 1 *' }] },
};

/** A test copy's stand-in for a schedule trigger, started by hand (`testCopy` `manualStart`). */
export const MANUAL_SCHEDULE_START = {
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	parameters: {},
};

// ---------------------------------------------------------------- Bol intake from a manual start

/**
 * A test copy's stand-in for "Bol: New Orders" (`testCopy` `manualStart`): the Bol node listing every open order, as
 * the trigger normalizes them. The orders lane skips the ones the store has ("Only New Orders"), so a run takes in
 * just the orders placed since the last one: what the trigger's next poll would emit, without waiting for it.
 */
export const bolOpenOrdersStart = (credential: { id: string; name: string }) => ({
	type: 'n8n-nodes-marketplace-sync.bolRetailer',
	typeVersion: 1,
	parameters: {
		resource: 'order',
		operation: 'getAll',
		status: 'OPEN',
		returnAll: true,
		filters: {},
		options: {},
	},
	credentials: { bolRetailerApi: credential },
});

/**
 * A test copy's stand-in for "Bol: New Returns" (`testCopy` `manualStart`): the Bol node listing the merchant-fulfilled
 * returns, unhandled (`'false'`: the new ones, what the trigger's next poll would emit) or handled (`'true'`: the
 * same returns again, as a re-run after a failure sees them).
 */
export const bolReturnsStart = (
	credential: { id: string; name: string },
	handled: 'true' | 'false',
) => ({
	type: 'n8n-nodes-marketplace-sync.bolRetailer',
	typeVersion: 1,
	parameters: {
		resource: 'return',
		operation: 'getAll',
		handled,
		fulfilmentMethod: 'FBR',
		returnAll: true,
		options: {},
	},
	credentials: { bolRetailerApi: credential },
});
