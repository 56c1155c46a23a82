import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runPerItem } from '../../shared/execute';
import type { MarketplaceOrder } from '../../shared/model';
import type { InputValidator } from '../../shared/validation';

export type Show = { operation: string[] };

export function show(operation: string): { show: Show } {
	return { show: { operation: [operation] } };
}

/** Which of the two outputs an item goes to: 0 = accept / kept / complete, 1 = decline / skipped / incomplete. */
export type Route = 0 | 1;

/**
 * Runs a two-output operation item by item (through the shared per-item runner, so `pairedItem` and "Continue On
 * Fail" behave as in every node of the package). With "Continue On Fail" a failed item goes to the second output
 * (decline / skipped / incomplete): a broken item must never look accepted.
 */
export async function runRouted(
	this: IExecuteFunctions,
	handler: (itemIndex: number) => Promise<{ route: Route; json: IDataObject }>,
): Promise<INodeExecutionData[][]> {
	const routes = new Map<number, Route>();
	const items = await runPerItem.call(this, async (i) => {
		const result = await handler(i);
		routes.set(i, result.route);
		return result.json;
	});
	const outputs: INodeExecutionData[][] = [[], []];
	for (const item of items) {
		const paired = item.pairedItem as { item: number };
		outputs[routes.get(paired.item) ?? 1].push(item);
	}
	return outputs;
}

/** The input item's JSON as a normalized order, after a check of the fields the rules read. */
export function orderOf(v: InputValidator, json: IDataObject): MarketplaceOrder {
	const what =
		'a normalized marketplace order (the output of a marketplace node\'s order operations) with "orderId" and a "lines" array';
	if (typeof json.orderId !== 'string' && typeof json.orderId !== 'number')
		v.fail({ label: 'Input Item', name: 'orderId' }, json.orderId, what);
	if (!Array.isArray(json.lines)) v.fail({ label: 'Input Item', name: 'lines' }, json.lines, what);
	json.lines.forEach((line, index) => {
		if (line === null || typeof line !== 'object' || Array.isArray(line)) {
			v.fail({ label: 'Input Item', name: `lines[${index}]` }, line, 'an order line object');
		}
	});
	return json as unknown as MarketplaceOrder;
}

/** The example in the errors of regular-expression fields. */
export const REGEX_EXAMPLE = 'BOL- or (NL|BE)';

/** A JSON parameter that may arrive as text (typed) or as a value (expression). */
export function jsonValue(
	v: InputValidator,
	field: { label: string; name: string },
	value: unknown,
	allowed: string,
): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		return v.fail(field, value, allowed);
	}
}
