/**
 * Shared set-up of the lifecycle tests (test/e2e/lifecycle-*.e2e.test.mts): a local SMTP sink for the templates'
 * Send Email nodes, reads and writes of the emulators' admin API, and the test copies of a template (credentials
 * filled in, settings pointed at the emulators, a trigger swapped for a manual start where it cannot fire).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';

import {
	MANUAL_TRIGGER,
	REPO_ROOT,
	waitFor,
	type ExecutionSummary,
	type N8nServer,
	type WorkflowJson,
	type WorkflowNode,
} from '../../sandbox/n8n/index.mts';

export interface Mail {
	from: string;
	to: string[];
	subject: string;
	/** The message as received (headers and body). */
	data: string;
}

/** A minimal SMTP server on 127.0.0.1 that accepts every message (no auth, no TLS), for n8n's Send Email node. */
export class SmtpSink {
	private constructor(
		private readonly server: Server,
		readonly port: number,
		readonly messages: Mail[],
	) {}

	static async start(): Promise<SmtpSink> {
		const messages: Mail[] = [];
		const server = createServer((socket) => SmtpSink.session(socket, messages));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const address = server.address();
		if (!address || typeof address === 'string') throw new Error('the SMTP sink has no port');
		return new SmtpSink(server, address.port, messages);
	}

	private static session(socket: Socket, messages: Mail[]): void {
		let buffer = '';
		let inData = false;
		let mail: Mail = { from: '', to: [], subject: '', data: '' };
		socket.setEncoding('utf8');
		socket.write('220 sink.test ESMTP\r\n');
		socket.on('data', (chunk: string) => {
			buffer += chunk;
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end === -1) return;
					mail.data = buffer.slice(0, end).replace(/\r\n\.\./g, '\r\n.');
					mail.subject = /^Subject: (.*)$/im.exec(mail.data)?.[1]?.trim() ?? '';
					messages.push(mail);
					mail = { from: '', to: [], subject: '', data: '' };
					buffer = buffer.slice(end + 5);
					inData = false;
					socket.write('250 OK queued\r\n');
					continue;
				}
				const newline = buffer.indexOf('\r\n');
				if (newline === -1) return;
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 2);
				const command = line.slice(0, 4).toUpperCase();
				if (command === 'EHLO') socket.write('250-sink.test\r\n250 8BITMIME\r\n');
				else if (command === 'HELO') socket.write('250 sink.test\r\n');
				else if (command === 'MAIL') {
					mail.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
					socket.write('250 OK\r\n');
				} else if (command === 'RCPT') {
					mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					socket.write('250 OK\r\n');
				} else if (command === 'DATA') {
					inData = true;
					socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
				} else if (command === 'QUIT') {
					socket.end('221 Bye\r\n');
				} else socket.write('250 OK\r\n');
			}
		});
		socket.on('error', () => socket.destroy());
	}

	/** The credential n8n's Send Email node uses to reach the sink. */
	credential(id: string) {
		return {
			id,
			name: 'SMTP sink',
			type: 'smtp',
			data: { host: '127.0.0.1', port: this.port, secure: false, disableStartTls: true, user: '', password: '' },
		};
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

// ---------------------------------------------------------------- emulators' admin API

export async function adminState<T>(url: string): Promise<T> {
	const response = await fetch(`${url}/__admin/state`);
	if (!response.ok) throw new Error(`GET ${url}/__admin/state -> ${response.status}`);
	return ((await response.json()) as { state: T }).state;
}

export async function adminSeed(url: string, body: unknown): Promise<Record<string, number>> {
	const response = await fetch(`${url}/__admin/seed`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`POST ${url}/__admin/seed -> ${response.status}: ${await response.text()}`);
	return (await response.json()) as Record<string, number>;
}

/** A store's own REST API, as a merchant (or the shop itself) would change it. */
export async function restCall<T>(
	method: string,
	url: string,
	headers: Record<string, string>,
	body?: unknown,
): Promise<T> {
	const response = await fetch(url, {
		method,
		headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${url} -> ${response.status}: ${text}`);
	return (text ? JSON.parse(text) : undefined) as T;
}

// ---------------------------------------------------------------- templates and their test copies

export async function readTemplate(file: string): Promise<WorkflowJson> {
	return JSON.parse(await readFile(path.join(REPO_ROOT, 'workflows-templates', file), 'utf8')) as WorkflowJson;
}

export interface TestCopyOptions {
	id: string;
	name: string;
	/** Credential type -> the imported credential every node of that type uses. */
	credentials: Record<string, { id: string; name: string }>;
	/** Values replacing the template's in the "Settings" node (by field name). */
	settings?: Record<string, unknown>;
	/** Parameters merged into nodes, by node name (e.g. a trigger's `options.syncFrom`). */
	parameters?: Record<string, Record<string, unknown>>;
	/**
	 * Triggers replaced by a node of the same name started from a Manual Trigger (for `n8n execute`), e.g. a polling
	 * trigger by the action node that lists the same items. Connections and `$('name')` references stay valid.
	 */
	manualStart?: Record<string, Omit<WorkflowNode, 'name' | 'position'>>;
	/** Trigger nodes left out of the copy. */
	remove?: string[];
}

/** A copy of a template for a test: the template itself is never changed. */
export function testCopy(template: WorkflowJson, options: TestCopyOptions): WorkflowJson {
	const copy = structuredClone(template);
	copy.id = options.id;
	copy.name = options.name;
	const removed = new Set(options.remove ?? []);
	copy.nodes = copy.nodes.filter((node) => !removed.has(node.name));
	for (const name of removed) delete copy.connections[name];
	for (const node of copy.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const credential = options.credentials[type];
			if (!credential) throw new Error(`test copy: no credential for type ${type} (node "${node.name}")`);
			node.credentials![type] = { ...credential };
		}
		const parameters = options.parameters?.[node.name];
		if (parameters) node.parameters = { ...node.parameters, ...structuredClone(parameters) };
		if (node.name === 'Settings' && options.settings) {
			const assignments = (node.parameters.assignments as { assignments: Array<{ name: string; value: unknown; type: string }> }).assignments;
			for (const [field, value] of Object.entries(options.settings)) {
				const assignment = assignments.find((entry) => entry.name === field);
				if (!assignment) throw new Error(`test copy: Settings has no field "${field}"`);
				assignment.value = typeof value === 'object' ? JSON.stringify(value) : value;
			}
		}
	}
	const manual = Object.entries(options.manualStart ?? {});
	if (manual.length > 0) {
		const start: WorkflowNode = { ...MANUAL_TRIGGER, name: 'Manual Start', position: [-300, 0] };
		// first: `n8n execute` starts from the first start node it finds (a polling trigger would win otherwise)
		copy.nodes.unshift(start);
		copy.connections[start.name] = { main: [[]] };
		for (const [name, replacement] of manual) {
			const index = copy.nodes.findIndex((node) => node.name === name);
			if (index === -1) throw new Error(`test copy: no node "${name}" to start manually`);
			const original = copy.nodes[index];
			const credentials = Object.fromEntries(
				Object.keys(replacement.credentials ?? {}).map((type) => [type, options.credentials[type]]),
			);
			copy.nodes[index] = { ...replacement, name, position: original.position, credentials } as WorkflowNode;
			(copy.connections[start.name] as { main: Array<Array<{ node: string; type: string; index: number }>> }).main[0].push({
				node: name,
				type: 'main',
				index: 0,
			});
		}
	}
	return copy;
}

/**
 * Waits until a workflow is quiet: no execution of it running and no new one for `quietMs`. Returns its executions
 * (newest first). Webhook deliveries are asynchronous, so callers wait for the effect they expect first.
 */
export async function settledExecutions(server: N8nServer, workflowId: string, quietMs = 3_000, timeoutMs = 180_000): Promise<ExecutionSummary[]> {
	let last = '';
	let since = Date.now();
	return await waitFor(
		`the executions of ${workflowId} to settle`,
		async () => {
			const executions = await server.listExecutions({ workflowId }, 100);
			const running = executions.some((execution) => !execution.stoppedAt || ['new', 'running', 'waiting'].includes(execution.status));
			const signature = executions.map((execution) => `${execution.id}:${execution.status}`).join(',');
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
export async function expectQuietAndSuccessful(server: N8nServer, workflowId: string): Promise<ExecutionSummary[]> {
	const executions = await settledExecutions(server, workflowId);
	const failed = executions.filter((execution) => execution.status !== 'success');
	const details = await Promise.all(
		failed.slice(0, 3).map(async (execution) => {
			const error = (await server.getExecution(execution.id)).data.resultData.error;
			return `${execution.mode} execution ${execution.id}: ${error?.node?.name ?? ''}: ${error?.message ?? ''} ${error?.description ?? ''}`;
		}),
	);
	if (details.length > 0) throw new Error(`failed executions of ${workflowId}:\n${details.join('\n')}`);
	return executions;
}

// ---------------------------------------------------------------- the Bol emulator's state (API shapes)

export interface BolStateItem {
	orderItemId: string;
	offer: { reference?: string; offerId: string };
	product: { ean: string };
	quantity: number;
	quantityShipped: number;
	quantityCancelled: number;
	unitPrice: number;
	/** What the customer paid for the line (after bol's discounts). */
	totalPrice: number;
	fulfilment: { method: string };
}

export interface BolStateOrder {
	orderId: string;
	orderItems: BolStateItem[];
	shipmentDetails: { streetName?: string; city?: string; zipCode?: string; countryCode?: string; firstName?: string; surname?: string };
}

export interface BolState {
	orders: BolStateOrder[];
	offers: Array<{ offerId: string; ean: string; reference?: string; stock: { amount: number }; fulfilment: { method: string } }>;
	shipments: Array<{
		shipmentReference: string;
		order: { orderId: string };
		transport?: { transporterCode?: string; trackAndTrace?: string };
		shipmentItems: Array<{ orderItemId: string; quantity: number }>;
	}>;
	returns: Array<{ returnId: string; returnItems: Array<{ rmaId: string; orderId: string; handled: boolean }> }>;
}

export const isOpenItem = (item: BolStateItem) => item.quantity - item.quantityShipped - item.quantityCancelled > 0;

/** The merchant-fulfilled bol offer of a store SKU (offer reference = store SKU in the emulators' shared catalogue). */
export const merchantOffer = (bol: BolState, sku: string) =>
	bol.offers.find((offer) => offer.reference === sku && offer.fulfilment.method === 'FBR');

/** Cancellation requests the bol emulator received for an order item, with their reason codes. */
export async function bolCancellations(bolUrl: string, orderItemId: string): Promise<string[]> {
	const response = await fetch(`${bolUrl}/__admin/requests?method=PUT&path=/retailer/orders/cancellation`);
	const { requests } = (await response.json()) as { requests: Array<{ body?: { orderItems?: Array<{ orderItemId: string; reasonCode: string }> } }> };
	return requests.flatMap((request) => (request.body?.orderItems ?? []).filter((item) => String(item.orderItemId) === orderItemId).map((item) => item.reasonCode));
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
export async function shopifyHostEnvironment(options: { dir: string; port: number; certFile: string }): Promise<Record<string, string>> {
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
export async function httpsJson<T>(method: string, url: string, options: { ca: string; headers?: Record<string, string>; body?: unknown }): Promise<T> {
	const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
	return await new Promise<T>((resolve, reject) => {
		const req = request(
			url,
			{
				method,
				ca: options.ca,
				servername: 'emulator-shop.myshopify.com',
				headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}), ...options.headers },
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () => {
					if ((res.statusCode ?? 500) >= 400) reject(new Error(`${method} ${url} -> ${res.statusCode}: ${text}`));
					else resolve((text ? JSON.parse(text) : undefined) as T);
				});
			},
		);
		req.on('error', reject);
		if (payload) req.write(payload);
		req.end();
	});
}

/**
 * The recent executions of a workflow, one line each: id, mode, status, the node it stopped at and how many items
 * each node put out. For the message of a test that timed out waiting for an effect.
 */
export async function describeExecutions(server: N8nServer, workflowId: string, count = 10): Promise<string> {
	const lines: string[] = [];
	for (const summary of await server.listExecutions({ workflowId }, count)) {
		const execution = await server.getExecution(summary.id);
		const result = execution.data.resultData;
		const nodes = Object.entries(result.runData)
			.map(([name, runs]) => `${name}=${runs.reduce((sum, run) => sum + (run.data?.main?.[0]?.length ?? 0), 0)}`)
			.join(', ');
		const error = result.error ? ` error at ${result.error.node?.name ?? '?'}: ${result.error.message ?? ''}` : '';
		lines.push(`#${summary.id} ${summary.mode} ${summary.status} last=${result.lastNodeExecuted ?? '-'}${error} [${nodes}]`);
	}
	return `recent executions of ${workflowId}:\n${lines.join('\n')}`;
}
