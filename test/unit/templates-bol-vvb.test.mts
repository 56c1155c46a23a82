/**
 * The Bol lifecycle templates' **skipVvbOrders** setting (Koongo's "skip orders with FBB or VVB items"): the templates
 * do not buy bol shipping labels, so a merchant who does not ship VVB orders from the store keeps them out. Checked on
 * the generated JSON: the template's own "Filter Orders" parameters, with its Settings, run through the real Marketplace
 * Order Sync node on a bol order with a VVB item.
 */
import { describe, expect, it } from 'vitest';

import { readTemplate, templateNode, templateSettings } from '../helpers/templates.mts';
import { line, order, runNode } from './rules/fixtures.mts';

const TEMPLATES = [
	'bol-woocommerce-lifecycle.json',
	'bol-shopify-lifecycle.json',
	'bol-magento2-lifecycle.json',
];

/** "Filter Orders" parameters with every `$('Settings').first().json.<name>` replaced by the setting's value. */
function filterParameters(file: string, overrides: Record<string, unknown>) {
	const workflow = readTemplate(file);
	const settings = { ...templateSettings(workflow), ...overrides };
	const resolve = (value: unknown): unknown => {
		if (typeof value === 'string') {
			const match = /^=\{\{ \$\('Settings'\)\.first\(\)\.json\.(\w+) \}\}$/.exec(value);
			if (!match) return value;
			if (!(match[1] in settings)) throw new Error(`${file}: no setting ${match[1]}`);
			return settings[match[1]];
		}
		if (value && typeof value === 'object')
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
		return value;
	};
	return {
		settings,
		parameters: resolve(templateNode(workflow, 'Filter Orders').parameters) as Record<
			string,
			unknown
		>,
	};
}

// a bol order the merchant ships, with a label bought from bol (VVB: extra.vvb, from distributionParty BOL)
const vvbOrder = order({ marketplace: 'bol', orderId: 'A000VVB001', extra: { vvb: true } }, [
	line({ fulfilment: 'merchant' }),
]);
const ownLabelOrder = order({ marketplace: 'bol', orderId: 'A000OWN001', extra: { vvb: false } }, [
	line({ fulfilment: 'merchant' }),
]);

const ids = (items: Array<{ json: Record<string, unknown> }>) =>
	items.map((item) => item.json.orderId);

describe.each(TEMPLATES)('%s: skipVvbOrders', (file) => {
	it('is off by default: VVB orders reach the store (the README says they then need a label)', async () => {
		const { settings, parameters } = filterParameters(file, {});
		expect(settings).toMatchObject({ skipVvbOrders: false, skipMarketplaceFulfilledLines: false });
		const [kept, skipped] = await runNode(parameters, [vvbOrder, ownLabelOrder]);
		expect({ kept: ids(kept), skipped: ids(skipped) }).toEqual({
			kept: ['A000VVB001', 'A000OWN001'],
			skipped: [],
		});
	});

	it('with skipMarketplaceFulfilledLines, skips the orders with VVB items and keeps the others', async () => {
		const { parameters } = filterParameters(file, {
			skipMarketplaceFulfilledLines: true,
			skipVvbOrders: true,
		});
		const [kept, skipped] = await runNode(parameters, [vvbOrder, ownLabelOrder]);
		expect({ kept: ids(kept), skipped: ids(skipped) }).toEqual({
			kept: ['A000OWN001'],
			skipped: ['A000VVB001'],
		});
		expect(skipped[0].json.orderFilter).toMatchObject({ kept: false });
		expect(String((skipped[0].json.orderFilter as { reason: string }).reason)).toMatch(/VVB/);
	});

	it('skipMarketplaceFulfilledLines alone keeps VVB orders (it skips what bol ships itself)', async () => {
		const { parameters } = filterParameters(file, { skipMarketplaceFulfilledLines: true });
		const [kept] = await runNode(parameters, [vvbOrder]);
		expect(ids(kept)).toEqual(['A000VVB001']);
	});
});
