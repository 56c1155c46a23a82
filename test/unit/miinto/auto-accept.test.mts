/**
 * Transfer > Accept / Decline Positions in Koongo's auto-accept mode: in stock and Miinto price >= threshold x store
 * price (the last exported price first), decided by the rules node's own acceptance code, sent in one PATCH.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { Miinto } from '../../../nodes/Miinto/Miinto.node.ts';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	ORDER,
	SHOP,
	envelope,
	miintoContext,
	mockChannels,
	position,
	runMiinto,
	shopPath,
	transfer,
} from '../../helpers/miinto.mts';

useNockAndFakeClock(Date.parse('2026-11-23T10:00:00Z'));

const offered = transfer(4711, [], {
	pendingPositions: [
		position(1201, { price: 12995 }),
		position(1202, { price: 4950, item: { gtin: '5701234567905', name: 'Top' } }),
		position(1203, { price: 9000, item: { gtin: '4006381333931', name: 'Scarf' } }),
		position(1204, { price: 10000, item: { gtin: '4006381333948', name: 'Hat' } }),
	],
});

function serve() {
	const bodies: unknown[] = [];
	nock(ORDER)
		.get(shopPath('/transfers/4711'))
		.reply(200, envelope(offered))
		.patch(shopPath('/transfers/4711'), (body) => (bodies.push(body), true))
		.reply(200, envelope({ newOrder: { id: 990010 } }));
	return bodies;
}

const auto = (extra: Record<string, unknown>) => ({
	resource: 'transfer',
	operation: 'decide',
	shopId: SHOP,
	transferId: '4711',
	decision: 'autoAccept',
	matchBy: 'ean',
	priceAttribute: 'finalPrice',
	threshold: 0.97,
	remaining: 'leave',
	options: {},
	...extra,
});

describe('Transfer > Accept / Decline Positions: Auto-Accept (Koongo)', () => {
	it('accepts in-stock positions priced >= 0.97 x the store price (the exported price first), declines the rest', async () => {
		mockChannels(1);
		const bodies = serve();
		const storeProducts = {
			// 129.95 >= 0.97 x 130 = 126.10: accepted
			'5701234567899': { stock: 3, finalPrice: 130 },
			// 49.50 < 0.97 x 60 = 58.20: declined
			'5701234567905': { stock: 5, finalPrice: 60 },
			// in stock, final price too high, but the exported price (90) passes: 90 >= 87.30
			'4006381333931': { stock: 1, finalPrice: 120, exportedPrice: 90 },
			// out of stock: declined
			'4006381333948': { stock: 0, finalPrice: 100 },
		};
		const { items } = await runMiinto(auto({ storeProducts }));
		expect(bodies).toEqual([
			{
				acceptedPositions: [{ id: 1201 }, { id: 1203 }],
				declinedPositions: [{ id: 1202 }, { id: 1204 }],
			},
		]);
		expect(items[0].json).toMatchObject({
			newOrderId: '990010',
			accepted: ['1201', '1203'],
			declined: ['1202', '1204'],
			acceptance: { threshold: 0.97, priceAttribute: 'finalPrice' },
		});
		const lines = (
			items[0].json.acceptance as { lines: Array<{ lineId: string; priceAttribute: string }> }
		).lines;
		expect(lines.find((l) => l.lineId === '1203')?.priceAttribute).toBe('exportedPrice');
	});

	it('a threshold of 0.8 accepts the cheaper position too', async () => {
		mockChannels(1);
		const bodies = serve();
		await runMiinto(
			auto({
				threshold: 0.8,
				storeProducts: JSON.stringify([
					{ ean: '5701234567899', stock: 3, finalPrice: 130 },
					{ ean: '5701234567905', stock: 5, finalPrice: 60 },
					{ ean: '4006381333931', stock: 1, finalPrice: 90 },
					{ ean: '4006381333948', stock: 2, finalPrice: 100 },
				]),
			}),
		);
		expect(bodies).toEqual([
			{
				acceptedPositions: [{ id: 1201 }, { id: 1202 }, { id: 1203 }, { id: 1204 }],
				declinedPositions: [],
			},
		]);
	});

	it.each([
		[{ storeProducts: 'not json' }, /"Store Products" \(storeProducts\): got "not json"/],
		[{ storeProducts: {}, threshold: -1 }, /"Price Threshold" \(threshold\)/],
		[
			{ storeProducts: {}, matchBy: 'title' },
			/"Match Positions By" \(matchBy\): got "title"\. Allowed: one of sku, ean, offerId, merchantReference/,
		],
	])('refuses bad input before any request: %j', async (parameters, message) => {
		const fake = miintoContext(auto(parameters));
		const error = await new Miinto().execute.call(fake.ctx).catch((e: Error) => e);
		expect((error as Error).message).toMatch(message);
		expect(fake.http).toEqual([]);
	});
});
