/**
 * The returns lane of every lifecycle template joins each returned line to the store order with the same marketplace
 * order id, and refunds it there ("Not Refunded Yet" lets through what is still to refund). A return line whose order
 * id is missing joined every store order that is not a marketplace order ('' === ''): its filter must refuse any pair
 * without a marketplace order id, so no unrelated store order is refunded.
 */
import { readdirSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { readTemplate, TEMPLATES_DIR } from '../helpers/templates.mts';

const LIFECYCLES = readdirSync(TEMPLATES_DIR).filter((file) => file.endsWith('-lifecycle.json'));

/** The filter's conditions as functions of `$json` (n8n's `={{ ... }}` expressions, evaluated as plain JS). */
function conditions(file: string): Array<(json: Record<string, unknown>) => unknown> {
	const filter = readTemplate(file).nodes.find((node) => node.name === 'Not Refunded Yet');
	expect(filter, `${file} has a "Not Refunded Yet" filter`).toBeDefined();
	const parameters = filter!.parameters as {
		conditions?: { conditions?: Array<{ leftValue: string }> };
	};
	return (parameters.conditions?.conditions ?? []).map((condition) => {
		const code = condition.leftValue.replace(/^=\{\{\s*/, '').replace(/\s*\}\}$/, '');
		return new Function('$json', `return (${code});`) as (json: Record<string, unknown>) => unknown;
	});
}

const pair = (marketplaceOrderId: string) => ({
	orderId: marketplaceOrderId,
	marketplaceOrderId,
	sku: 'SKU-1',
	storeLine: { sku: 'SKU-1', quantity: 1 },
	alreadyRefunded: false,
});

describe('returns lane: a line is refunded only in its own marketplace order', () => {
	it.each(LIFECYCLES)('%s', (file) => {
		const checks = conditions(file);
		const passes = (json: Record<string, unknown>) => checks.every((check) => check(json) === true);
		expect(passes(pair('1234567890'))).toBe(true);
		expect(passes({ ...pair('1234567890'), alreadyRefunded: true })).toBe(false);
		// a return without its order id, joined to a store order that is not a marketplace order
		expect(passes(pair(''))).toBe(false);
	});
});
