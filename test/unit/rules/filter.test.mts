import { describe, expect, it } from 'vitest';

import { filterOrder, type FilterSettings } from '../../../nodes/MarketplaceOrderSync/rules/filter';
import { line, order, runNode } from './fixtures.mts';

const settings = (overrides: Partial<FilterSettings> = {}): FilterSettings => ({
	syncLevel: 'ordersAndStock',
	orderTypes: 'all',
	skipMarketplaceFulfilledLines: false,
	countMarketplaceLabels: false,
	...overrides,
});

const merchant = order({ orderId: 'FBR' });
const mixed = order({ orderId: 'MIXED' }, [
	line(),
	line({ lineId: '1002', fulfilment: 'marketplace' }),
]);
const fbb = order({ orderId: 'FBB' }, [line({ fulfilment: 'marketplace' })]);

const params = (extra: Record<string, unknown> = {}) => ({
	operation: 'filterOrders',
	syncLevel: 'ordersAndStock',
	orderTypes: 'all',
	syncFrom: '',
	skipMarketplaceFulfilledLines: false,
	options: {},
	...extra,
});

describe('filter orders: rules', () => {
	it('keeps every order with the defaults', () => {
		for (const o of [merchant, mixed, fbb])
			expect(filterOrder(o, settings())).toEqual({
				kept: true,
				rule: null,
				reason: 'kept: matches every filter',
			});
	});

	it('stock only skips every order', () => {
		expect(filterOrder(merchant, settings({ syncLevel: 'stockOnly' }))).toEqual({
			kept: false,
			rule: 'syncLevel',
			reason: 'Order Synchronization Level is "Stock Only": orders are not synced to the store',
		});
	});

	it('order types: merchant keeps orders with a line you ship, marketplace those with a line the marketplace ships', () => {
		const keptBy = (orderTypes: FilterSettings['orderTypes']) =>
			[merchant, mixed, fbb]
				.filter((o) => filterOrder(o, settings({ orderTypes })).kept)
				.map((o) => o.orderId);
		expect(keptBy('all')).toEqual(['FBR', 'MIXED', 'FBB']);
		expect(keptBy('merchant')).toEqual(['FBR', 'MIXED']);
		expect(keptBy('marketplace')).toEqual(['MIXED', 'FBB']);
		expect(filterOrder(fbb, settings({ orderTypes: 'merchant' })).reason).toBe(
			'Order Types is "Merchant Fulfilled" and every line of the order is fulfilled by the marketplace',
		);
	});

	it('skips orders with marketplace-fulfilled (FBB) lines, naming them', () => {
		expect(filterOrder(merchant, settings({ skipMarketplaceFulfilledLines: true })).kept).toBe(
			true,
		);
		expect(filterOrder(mixed, settings({ skipMarketplaceFulfilledLines: true }))).toEqual({
			kept: false,
			rule: 'marketplaceFulfilledLines',
			reason: 'the order contains lines fulfilled by the marketplace (1002)',
		});
	});

	it('trusts hasMarketplaceFulfilledLines even without line details', () => {
		const flagged = order({ hasMarketplaceFulfilledLines: true });
		expect(filterOrder(flagged, settings({ skipMarketplaceFulfilledLines: true })).reason).toBe(
			'the order contains lines fulfilled by the marketplace',
		);
	});

	it('counts marketplace labels (Bol VVB) only when asked', () => {
		const vvb = order({ extra: { vvb: true } });
		expect(filterOrder(vvb, settings({ skipMarketplaceFulfilledLines: true })).kept).toBe(true);
		expect(
			filterOrder(
				vvb,
				settings({ skipMarketplaceFulfilledLines: true, countMarketplaceLabels: true }),
			).reason,
		).toBe('the order ships with a label bought from the marketplace (Bol VVB)');
	});

	it('sync from: an order created exactly at the date is kept, one a millisecond earlier is skipped', () => {
		const syncFrom = new Date('2026-11-20T10:00:00Z');
		expect(
			filterOrder(order({ createdAt: '2026-11-20T10:00:00Z' }), settings({ syncFrom })).kept,
		).toBe(true);
		expect(
			filterOrder(order({ createdAt: '2026-11-20T09:59:59.999Z' }), settings({ syncFrom })),
		).toEqual({
			kept: false,
			rule: 'syncFrom',
			reason:
				'created 2026-11-20T09:59:59.999Z, before the Sync From date 2026-11-20T10:00:00.000Z',
		});
		expect(
			filterOrder(order({ createdAt: '2026-11-20T11:00:00+01:00' }), settings({ syncFrom })).kept,
		).toBe(true);
	});

	it('keeps an order without a creation date and says so', () => {
		expect(
			filterOrder(order({ createdAt: null }), settings({ syncFrom: new Date('2026-01-01') }))
				.reason,
		).toBe('kept: matches every filter (it has no creation date, so Sync From did not apply)');
	});
});

describe('filter orders: node', () => {
	it('sends kept orders to the first output and skipped ones with the reason to the second', async () => {
		const [kept, skipped] = await runNode(params({ skipMarketplaceFulfilledLines: true }), [
			merchant,
			mixed,
			fbb,
		]);
		expect(kept.map((i) => [i.json.orderId, i.pairedItem])).toEqual([['FBR', { item: 0 }]]);
		expect(
			skipped.map((i) => [
				i.json.orderId,
				(i.json.orderFilter as { rule: string }).rule,
				i.pairedItem,
			]),
		).toEqual([
			['MIXED', 'marketplaceFulfilledLines', { item: 1 }],
			['FBB', 'marketplaceFulfilledLines', { item: 2 }],
		]);
		expect(kept[0].json.orderFilter).toEqual({
			kept: true,
			rule: null,
			reason: 'kept: matches every filter',
		});
	});

	it('stock only drops every order', async () => {
		const [kept, skipped] = await runNode(params({ syncLevel: 'stockOnly' }), [
			merchant,
			mixed,
			fbb,
		]);
		expect(kept).toEqual([]);
		expect(skipped).toHaveLength(3);
	});

	it('reads Sync From as a date (midnight UTC), a date-time without zone (UTC), or a Luxon date', async () => {
		const early = order({ orderId: 'EARLY', createdAt: '2026-11-19T23:59:59Z' });
		const onTime = order({ orderId: 'ON-TIME', createdAt: '2026-11-20T00:00:00Z' });
		for (const syncFrom of [
			'2026-11-20',
			'2026-11-20T00:00:00',
			'2026-11-20 00:00',
			{ toISO: () => '2026-11-20T01:00:00.000+01:00' },
		]) {
			const [kept, skipped] = await runNode(params({ syncFrom }), [early, onTime]);
			expect([kept.map((i) => i.json.orderId), skipped.map((i) => i.json.orderId)]).toEqual([
				['ON-TIME'],
				['EARLY'],
			]);
		}
	});

	it('names the field and the allowed values', async () => {
		await expect(runNode(params({ syncFrom: '20-11-2026' }), [merchant])).rejects.toThrow(
			'Invalid value for "Sync From" (syncFrom): got "20-11-2026". Allowed: an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T10:00:00Z.',
		);
		await expect(runNode(params({ syncLevel: 'orders' }), [merchant])).rejects.toThrow(
			'Invalid value for "Sync Level" (syncLevel): got "orders". Allowed: one of ordersAndStock, stockOnly.',
		);
		await expect(runNode(params({ orderTypes: 'fbr' }), [merchant])).rejects.toThrow(
			'Invalid value for "Order Types" (orderTypes): got "fbr". Allowed: one of all, merchant, marketplace.',
		);
		await expect(runNode(params(), [{ lines: [] }])).rejects.toThrow('"Input Item" (orderId)');
		await expect(runNode(params(), [{ orderId: '1', lines: ['x'] }])).rejects.toThrow(
			'Invalid value for "Input Item" (lines[0]): got "x". Allowed: an order line object.',
		);
	});
});
