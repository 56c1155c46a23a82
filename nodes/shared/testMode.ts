import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';
import { redact } from './redact';

/** The "Test Mode" parameter of every marketplace node that writes. */
export const testModeProperty: INodeProperties = {
	displayName: 'Test Mode',
	name: 'testMode',
	type: 'options',
	default: 'off',
	options: [
		{ name: 'Off', value: 'off', description: 'Every call is sent to the marketplace' },
		{
			name: 'In Manual Executions',
			value: 'manual',
			description:
				'Runs started in the editor describe what they would send; active (trigger, webhook) runs send for real',
		},
		{ name: 'Always', value: 'always', description: 'Nothing that changes anything is ever sent' },
	],
	description:
		'When active, calls that change something at the marketplace (cancel, ship, stock, returns, refunds: every non-GET call and every upload) are NOT sent. Each item returns status "test", testMode true and wouldSend (method, URL without secrets, body). Reads are still sent.',
};

interface TestModeContext {
	getMode?(): string;
	getNode?(): INode;
	getNodeParameter?(name: string, itemIndex: number, fallback?: unknown): unknown;
}

/** The values of the Test Mode parameter. */
export const TEST_MODES = ['off', 'manual', 'always'] as const;

/**
 * Is test mode on for this execution? Contexts without the parameter (triggers) never are. A value that is not one of
 * TEST_MODES (an expression such as `{{ $('Settings').first().json.testMode }}` reading a typo) and an expression that
 * fails are errors, never "off": a write must not go out because its safety switch could not be read.
 */
export function testModeActive(ctx: unknown): boolean {
	const c = ctx as TestModeContext;
	if (typeof c.getNodeParameter !== 'function') return false;
	const value = c.getNodeParameter('testMode', 0, 'off');
	if (value === 'always') return true;
	if (value === 'manual') return typeof c.getMode === 'function' && c.getMode() === 'manual';
	if (value === 'off' || value === undefined || value === null || value === '' || value === 0)
		return false;
	const message = `Invalid value for "Test Mode" (testMode): got ${JSON.stringify(value)}. Allowed: ${TEST_MODES.map((mode) => `"${mode}"`).join(', ')}. Nothing was sent.`;
	if (typeof c.getNode === 'function') throw inputError(c.getNode(), message);
	throw new TestModeSettingError(message);
}

/** A test mode value that cannot be used, raised where no node is at hand (never in a node run). */
export class TestModeSettingError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TestModeSettingError';
	}
}

export interface WouldSend extends IDataObject {
	method: string;
	url: string;
}

/** Raised by the transport instead of sending a write in test mode; turned into the item's test output. */
export class TestModeHalt extends Error {
	readonly wouldSend: WouldSend;

	constructor(wouldSend: WouldSend) {
		super(`Test mode: ${wouldSend.method} ${wouldSend.url} was not sent`);
		this.name = 'TestModeHalt';
		this.wouldSend = wouldSend;
	}
}

export function describeCall(call: {
	method: string;
	url: string;
	qs?: IDataObject;
	body?: unknown;
	operation: string;
}): WouldSend {
	const url = call.url.split('?')[0];
	const out: WouldSend = { method: call.method, url, operation: call.operation };
	if (call.qs && Object.keys(call.qs).length > 0) out.qs = call.qs;
	if (call.body !== undefined) {
		let body: unknown = call.body;
		if (typeof body === 'string') {
			try {
				body = JSON.parse(body) as unknown;
			} catch {
				// XML or text document: kept as text
			}
		}
		out.body = body as IDataObject | string;
	}
	return redact(out) as WouldSend;
}

/** The output of an item whose write was not sent. Never looks like a success: no id, status "test". */
export function testOutput(halt: TestModeHalt): IDataObject {
	return {
		testMode: true,
		status: 'test',
		success: false,
		message: 'Test mode: nothing was sent to the marketplace',
		wouldSend: [halt.wouldSend],
	};
}
