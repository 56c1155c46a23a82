/**
 * Stock > Update: every input item of a location in one signed PATCH of the stock service (up to 500 items a call),
 * each item with its own result. The item shape is [unverified] (nodes/Miinto/unverified.ts); these tests pin the
 * node's guess as the derived contract shows it.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	OTHER_SHOP,
	SHOP,
	STOCK,
	arrived,
	channel,
	envelope,
	mockChannels,
	runMiinto,
	signatureProblem,
	type ArrivedRequest,
} from '../../helpers/miinto.mts';

useNockAndFakeClock(Date.parse('2026-11-23T10:00:00Z'));

interface Row {
	shopId: string;
	identifier: string;
	quantity: number | string;
}

function run(rows: Row[], extra: Record<string, unknown> = {}, continueOnFail = false) {
	return runMiinto(
		{
			resource: 'stock',
			operation: 'update',
			identification: 'gtin',
			shopId: (i: number) => rows[i].shopId,
			identifier: (i: number) => rows[i].identifier,
			quantity: (i: number) => rows[i].quantity,
			...extra,
		},
		{ items: rows.map(() => ({ json: {} })), continueOnFail },
	);
}

function serveStock(answers: Array<[number, unknown]> = []) {
	const calls: ArrivedRequest[] = [];
	nock(STOCK)
		.patch(/^\/locations\/[^/]+\/items$/)
		.times(10)
		.reply(function (_uri, body) {
			calls.push(arrived(this.req, body));
			return answers[calls.length - 1] ?? [200, envelope({})];
		});
	return calls;
}

describe('Stock > Update', () => {
	it('sends each location its items in one signed PATCH, with a result per input item', async () => {
		mockChannels(1);
		const calls = serveStock();
		const { items } = await run([
			{ shopId: SHOP, identifier: '5701234567899', quantity: 4 },
			{ shopId: OTHER_SHOP, identifier: '5701234567899', quantity: 1 },
			{ shopId: SHOP, identifier: '5701234567905', quantity: 0 },
		]);
		expect(calls.map((c) => c.path)).toEqual([
			`/locations/${SHOP}/items`,
			`/locations/${OTHER_SHOP}/items`,
		]);
		expect(JSON.parse(calls[0].body)).toEqual([
			{ gtin: '5701234567899', stock: 4 },
			{ gtin: '5701234567905', stock: 0 },
		]);
		expect(JSON.parse(calls[1].body)).toEqual([{ gtin: '5701234567899', stock: 1 }]);
		for (const call of calls) {
			expect(signatureProblem(call, channel(1))).toBe('');
			expect(call.headers['miinto-api-control-version']).toBe('2.6');
		}
		expect(items.map((i) => [i.pairedItem, i.json.status, i.json.locationId])).toEqual([
			[{ item: 0 }, 'sent', SHOP],
			[{ item: 1 }, 'sent', OTHER_SHOP],
			[{ item: 2 }, 'sent', SHOP],
		]);
	});

	it('Your Product ID items are named by id; 501 items of a location take two calls', async () => {
		mockChannels(1);
		const calls = serveStock();
		const rows = Array.from({ length: 501 }, (_, n) => ({
			shopId: SHOP,
			identifier: `SKU-${n}`,
			quantity: n % 7,
		}));
		const { items } = await run(rows, { identification: 'productId' });
		expect(calls.map((c) => JSON.parse(c.body).length)).toEqual([500, 1]);
		expect(JSON.parse(calls[1].body)).toEqual([{ id: 'SKU-500', stock: 500 % 7 }]);
		expect(items).toHaveLength(501);
	});

	it('an invalid item fails alone, naming the field; the others are sent', async () => {
		mockChannels(1);
		const calls = serveStock();
		const error = await run([
			{ shopId: SHOP, identifier: '5701234567899', quantity: 2 },
			{ shopId: SHOP, identifier: '5701234567890', quantity: 2 },
			{ shopId: SHOP, identifier: '5701234567905', quantity: -1 },
		]).catch((e: { message: string; description: string }) => e);
		expect(calls).toHaveLength(1);
		expect(JSON.parse(calls[0].body)).toEqual([{ gtin: '5701234567899', stock: 2 }]);
		const e = error as { message: string; description: string };
		expect(e.message).toBe('2 of 3 stock updates failed; the other 1 were applied');
		expect(e.description).toMatch(
			/item 1: Invalid value for "Item Identifier" \(identifier\): got "5701234567890"/,
		);
		expect(e.description).toMatch(/item 2: Invalid value for "Quantity" \(quantity\): got -1/);
	});

	it("a refused call fails each of its items with Miinto's message; with Continue On Fail every item has its result", async () => {
		mockChannels(1);
		serveStock([[400, { meta: { status: 'failure', message: 'Unknown item 5701234567899' } }]]);
		const { items } = await run(
			[
				{ shopId: SHOP, identifier: '5701234567899', quantity: 2 },
				{ shopId: OTHER_SHOP, identifier: '5701234567905', quantity: 3 },
			],
			{},
			true,
		);
		expect(items[0].json.error).toMatch(
			/Miinto rejected update the stock of 1 item\(s\) of location 1-m!i!s-045-1234 \(400\): Unknown item/,
		);
		expect(items[1].json).toMatchObject({ status: 'sent', locationId: OTHER_SHOP });
	});
});
