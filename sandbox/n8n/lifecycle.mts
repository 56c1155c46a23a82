/**
 * What the sandbox demo and the lifecycle tests share: a local SMTP sink for the templates' Send Email nodes, reads and
 * writes of the emulators' admin API and of the stores' REST APIs, and copies of a template ready to run against the
 * emulators (credentials filled in, settings pointed at the emulators, a trigger swapped for a manual start where it
 * cannot fire), and the shapes of the Bol and WooCommerce emulators' state. The templates themselves are never changed.
 */
import type { BolState, BolStateItem } from '../emulators/bol/state.mts';
import type { WooMeta } from '../emulators/woocommerce/state.mts';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';

import { REPO_ROOT } from './runtime.mts';
import type { WorkflowJson, WorkflowNode } from './types.mts';

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
	/** The messages whose subject names `orderId` (and matches `subject`, when given), in the order they arrived. */
	about(orderId: string, subject?: RegExp): Mail[] {
		return this.messages.filter(
			(message) => message.subject.includes(orderId) && (!subject || subject.test(message.subject)),
		);
	}

	credential(id: string) {
		return {
			id,
			name: 'SMTP sink',
			type: 'smtp',
			data: {
				host: '127.0.0.1',
				port: this.port,
				secure: false,
				disableStartTls: true,
				user: '',
				password: '',
			},
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
	if (!response.ok)
		throw new Error(`POST ${url}/__admin/seed -> ${response.status}: ${await response.text()}`);
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
		headers: {
			accept: 'application/json',
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			...headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${url} -> ${response.status}: ${text}`);
	return (text ? JSON.parse(text) : undefined) as T;
}

// ---------------------------------------------------------------- templates and their test copies

export async function readTemplate(file: string): Promise<WorkflowJson> {
	return JSON.parse(
		await readFile(path.join(REPO_ROOT, 'workflows-templates', file), 'utf8'),
	) as WorkflowJson;
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
	 * Triggers replaced by a node of the same name started from the copy's start ("Manual Start", a webhook that
	 * `N8nInstance.execute` calls), e.g. a polling trigger by the action node that lists the same items. Connections
	 * and `$('name')` references stay valid; every other trigger of the copy is disabled.
	 */
	manualStart?: Record<string, Omit<WorkflowNode, 'name' | 'position'>>;
	/** Trigger nodes left out of the copy. */
	remove?: string[];
}

/** The name of a test copy's start node (`manualStart`). */
export const START_NODE = 'Manual Start';

const isTriggerType = (type: string) => /trigger$/i.test(type) || type === 'n8n-nodes-base.webhook';

/**
 * A test copy's start: a Webhook (POST, answered at once) on `mps-start-<workflow id>`. `N8nInstance.execute`
 * activates the copy and calls it on the running server, which takes a second, where `n8n execute` boots a second
 * n8n for every run (about ten seconds each on a busy 2-core machine). The execution's mode is `webhook`: the
 * templates act for real, as under `n8n execute` (test mode is for the editor's manual runs).
 */
function webhookStart(workflowId: string): WorkflowNode {
	return {
		id: randomUUID(),
		name: START_NODE,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [-300, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path: `mps-start-${workflowId}`,
			responseMode: 'onReceived',
			options: {},
		},
	};
}

/** The webhook path of a test copy's start node, if it has one (see `webhookStart`). */
export function webhookStartPath(workflow: WorkflowJson): string | undefined {
	const start = workflow.nodes.find(
		(node) => node.name === START_NODE && node.type === 'n8n-nodes-base.webhook',
	);
	return start ? String(start.parameters.path) : undefined;
}

/** Schedule Trigger parameters that do not fire during a test (1 January, 00:00). */
export const NEVER_SCHEDULE = {
	rule: { interval: [{ field: 'cronExpression', expression: '0 0 1 1 *' }] },
};

/** A Schedule Trigger of a template that fires once an hour or less often (an hourly lane: every 60 minutes, hours). */
function hourlyOrRarer(node: WorkflowNode): boolean {
	if (node.type !== 'n8n-nodes-base.scheduleTrigger') return false;
	const intervals =
		(node.parameters.rule as { interval?: Array<Record<string, unknown>> } | undefined)?.interval ??
		[];
	return intervals.some(
		(interval) =>
			(interval.field === 'minutes' && Number(interval.minutesInterval) >= 60) ||
			['hours', 'days', 'weeks', 'months'].includes(String(interval.field)),
	);
}

/**
 * A copy of a template for a test: the template itself is never changed. An hourly (or rarer) schedule of the
 * template fires at the top of the hour, which a test run may cross: in a copy it never fires (NEVER_SCHEDULE) unless
 * `parameters` set it; tests start those lanes by hand (`manualStart`).
 */
export function testCopy(template: WorkflowJson, options: TestCopyOptions): WorkflowJson {
	const copy = structuredClone(template);
	for (const node of copy.nodes)
		if (hourlyOrRarer(node) && !options.parameters?.[node.name])
			node.parameters = { ...node.parameters, ...structuredClone(NEVER_SCHEDULE) };
	copy.id = options.id;
	copy.name = options.name;
	const removed = new Set(options.remove ?? []);
	copy.nodes = copy.nodes.filter((node) => !removed.has(node.name));
	for (const name of removed) delete copy.connections[name];
	for (const node of copy.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const credential = options.credentials[type];
			if (!credential)
				throw new Error(`test copy: no credential for type ${type} (node "${node.name}")`);
			node.credentials![type] = { ...credential };
		}
		const parameters = options.parameters?.[node.name];
		if (parameters) node.parameters = { ...node.parameters, ...structuredClone(parameters) };
		if (node.name === 'Settings' && options.settings) {
			const assignments = (
				node.parameters.assignments as {
					assignments: Array<{ name: string; value: unknown; type: string }>;
				}
			).assignments;
			for (const [field, value] of Object.entries(options.settings)) {
				const assignment = assignments.find((entry) => entry.name === field);
				if (!assignment) throw new Error(`test copy: Settings has no field "${field}"`);
				assignment.value = typeof value === 'object' ? JSON.stringify(value) : value;
			}
		}
	}
	const manual = Object.entries(options.manualStart ?? {});
	if (manual.length > 0) {
		// the copy runs only from its start: every other trigger is off (activating it registers just the start)
		for (const node of copy.nodes) if (isTriggerType(node.type)) node.disabled = true;
		const start = webhookStart(options.id);
		copy.nodes.unshift(start);
		copy.connections[start.name] = { main: [[]] };
		for (const [name, replacement] of manual) {
			const index = copy.nodes.findIndex((node) => node.name === name);
			if (index === -1) throw new Error(`test copy: no node "${name}" to start manually`);
			const original = copy.nodes[index];
			const credentials = Object.fromEntries(
				Object.keys(replacement.credentials ?? {}).map((type) => [type, options.credentials[type]]),
			);
			copy.nodes[index] = {
				...replacement,
				name,
				position: original.position,
				credentials,
			} as WorkflowNode;
			(
				copy.connections[start.name] as {
					main: Array<Array<{ node: string; type: string; index: number }>>;
				}
			).main[0].push({
				node: name,
				type: 'main',
				index: 0,
			});
		}
	}
	return copy;
}

// ---------------------------------------------------------------- the Bol emulator's state

export type { BolState, BolStateItem, BolStateOrder } from '../emulators/bol/state.mts';

export const isOpenItem = (item: BolStateItem) =>
	item.quantity - item.quantityShipped - item.quantityCancelled > 0;

/** The merchant-fulfilled bol offer of a store SKU (offer reference = store SKU in the emulators' shared catalogue). */
export const merchantOffer = (bol: BolState, sku: string) =>
	bol.offers.find((offer) => offer.reference === sku && offer.fulfilment.method === 'FBR');

// ---------------------------------------------------------------- the WooCommerce emulator's state

export type {
	WooLine,
	WooMeta,
	WooOrder,
	WooStock,
	WooState,
} from '../emulators/woocommerce/state.mts';

/** A meta value of a WooCommerce object (order, product). */
export const wooMetaValue = (object: { meta_data: WooMeta[] }, key: string) =>
	object.meta_data.find((entry) => entry.key === key)?.value;
