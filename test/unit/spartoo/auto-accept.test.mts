/**
 * Spartoo Order > Accept in Auto-Accept mode (Koongo "Accept Orders Automatically": stock and threshold x price
 * attribute, the shared rule of MarketplaceOrderSync/rules/acceptance.ts) against recorded XML: accepted only when every
 * line passes; otherwise nothing is sent and the output says why per line; bad parameters refused before any request.
 */
import { describe, expect, it } from 'vitest';

import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	mockSpartoo,
	orderUpdateAnswer,
	orderXml,
	ordersAnswer,
	runSpartoo,
	type SentForm,
} from '../../helpers/spartoo.mts';

useNockAndFakeClock();

const twoLines = orderXml({
	products: [
		// 44.95 a unit
		{ reference: 'SKU-123', sizeReference: 'SKU-123-38', qty: 2, reduced: '44.95', final: '89.90' },
		// 20.00 a unit
		{ reference: 'BAG-1', sizeReference: 'BAG-1-U', qty: 1, reduced: '20.00', final: '20.00' },
	],
});

function autoAccept(parameters: Record<string, unknown>) {
	return runSpartoo({
		resource: 'order',
		operation: 'accept',
		orderId: '12345678',
		acceptMode: 'autoAccept',
		matchBy: 'sku',
		priceAttribute: 'finalPrice',
		threshold: 0.97,
		...parameters,
		options: { productIdentification: 'sizeReference', ...((parameters.options as object) ?? {}) },
	});
}

describe('Spartoo Order > Accept, Auto-Accept', () => {
	it('accepts (statut=2) when every line is in stock and priced at least 0.97 x the final price', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(twoLines)], sent);
		mockSpartoo('xml_maj_orders.php', [orderUpdateAnswer('12345678', 2)], sent);
		const { items } = await autoAccept({
			storeProducts: {
				// 0.97 x 46.00 = 44.62 <= 44.95
				'SKU-123-38': { stock: 2, finalPrice: 46, originalPrice: 60 },
				'BAG-1-U': { stock: 1, finalPrice: 20.6 },
			},
		});
		expect(sent.map((s) => s.script)).toEqual(['xml_export_orders.php', 'xml_maj_orders.php']);
		expect(sent[1].form).toMatchObject({ oID: '12345678', statut: '2' });
		const out = items[0].json as any;
		expect(out).toMatchObject({ accepted: true, alreadyAccepted: false, status: 'open' });
		expect(out.notAcceptedReason).toBeUndefined();
		expect(out.acceptance).toMatchObject({
			decision: 'accept',
			threshold: 0.97,
			priceAttribute: 'finalPrice',
		});
		expect(out.acceptance.lines.map((l: any) => [l.lineId, l.decision, l.minimumPrice])).toEqual([
			['SKU-123-38', 'accept', 44.62],
			['BAG-1-U', 'accept', 19.982],
		]);
	});

	it('a line priced below threshold x the original price: nothing sent, the order stays 11, the reason per line', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(twoLines)], sent);
		const { items } = await autoAccept({
			priceAttribute: 'originalPrice',
			threshold: 0.9,
			storeProducts: JSON.stringify({
				'SKU-123-38': { stock: 9, finalPrice: 40, originalPrice: 49.9 },
				// 0.9 x 25 = 22.50 > 20.00
				'BAG-1-U': { stock: 9, finalPrice: 20, originalPrice: 25 },
			}),
		});
		expect(sent).toHaveLength(1);
		const out = items[0].json as any;
		expect(out).toMatchObject({ accepted: false, alreadyAccepted: false, status: 'pending' });
		expect(out.extra.spartooStatus).toBe(11);
		expect(out.acceptance.lines.map((l: any) => l.decision)).toEqual(['accept', 'decline']);
		expect(out.acceptance.lines[1].reason).toBe(
			'line BAG-1-U (sku BAG-1-U): price 20 is below 0.9 x originalPrice 25 = 22.5',
		);
		expect(out.notAcceptedReason).toMatch(
			/^Declined: line BAG-1-U .*stays waiting for your accept \(status 11\)/,
		);
	});

	it('out of stock, or not in Store Products: not accepted, each line says why', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(twoLines)], sent);
		const { items } = await autoAccept({
			storeProducts: { 'SKU-123-38': { stock: 1, finalPrice: 40 } },
		});
		expect(sent).toHaveLength(1);
		const lines = (items[0].json as any).acceptance.lines;
		expect(lines.map((l: any) => l.reason)).toEqual([
			'line SKU-123-38 (sku SKU-123-38): 1 in stock for 2 ordered',
			'line BAG-1-U (sku BAG-1-U): product not found in the store data',
		]);
		expect(items[0].json.accepted).toBe(false);
	});

	it('matches by your product reference or the Spartoo product ID, from an array of entries', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(twoLines)], sent);
		mockSpartoo('xml_maj_orders.php', [orderUpdateAnswer('12345678', 2)], sent);
		const { items } = await autoAccept({
			matchBy: 'merchantReference',
			storeProducts: [
				{ merchantReference: 'SKU-123', stock: 3, finalPrice: 44.95 },
				{ merchantReference: 'BAG-1', stock: 3, finalPrice: 20 },
			],
		});
		expect(items[0].json.accepted).toBe(true);
		expect((items[0].json as any).acceptance.lines.map((l: any) => l.key)).toEqual([
			'SKU-123',
			'BAG-1',
		]);
	});

	it('an order already accepted is reported, not decided or sent again', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml({ status: 2 }))], sent);
		const { items } = await autoAccept({ storeProducts: {} });
		expect(sent).toHaveLength(1);
		expect(items[0].json).toMatchObject({ accepted: true, alreadyAccepted: true });
		expect(items[0].json.acceptance).toBeUndefined();
	});

	it('bad parameters are refused before any request, naming the field and the allowed values', async () => {
		const sent: SentForm[] = [];
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[
				{ acceptMode: 'maybe' },
				/"Mode" \(acceptMode\): got "maybe"\. Allowed: one of accept, autoAccept/,
			],
			[
				{ matchBy: 'ean', storeProducts: {} },
				/"Match Lines By" \(matchBy\): got "ean"\. Allowed: one of sku, merchantReference, offerId/,
			],
			[
				{ storeProducts: '{not json' },
				/"Store Products" \(storeProducts\).*Allowed: an object keyed by product key/,
			],
			[{ storeProducts: {}, threshold: 12 }, /"Price Threshold" \(threshold\): got 12/],
			[
				{ storeProducts: {}, priceAttribute: 'cheapest' },
				/"Price Attribute" \(priceAttribute\): got "cheapest"\. Allowed: one of finalPrice, originalPrice/,
			],
		];
		for (const [parameters, message] of cases) {
			const error = (await autoAccept(parameters).catch((e: Error) => e)) as Error;
			expect(error.message).toMatch(message);
		}
		expect(sent).toHaveLength(0);
	});
});
