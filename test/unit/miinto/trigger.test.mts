/**
 * miintoTrigger on the kit's polling factory: New Transfer (pending positions to accept or decline), New Order, New RMA.
 * The same guarantees as the other triggers: nothing from before activation, each item once, a window with overlap,
 * a cursor taken from Miinto's own times, a manual sample of 3 that stops reading when full.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { MiintoTrigger } from '../../../nodes/Miinto/MiintoTrigger.node';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	ORDER,
	SHOP,
	envelope,
	miintoContext,
	mockChannels,
	order,
	rma,
	shopPath,
	transfer,
} from '../../helpers/miinto.mts';

const testClock = useNockAndFakeClock(Date.parse('2026-11-23T10:00:00Z'));
const minutes = (n: number) => n * 60_000;

/** One list answer (newest first, as Miinto sorts); returns the queries it was asked with. */
function serveList(path: string, items: unknown[], total = items.length, times = 1) {
	const queries: Array<Record<string, string>> = [];
	nock(ORDER)
		.get(shopPath(path))
		.query((q) => (queries.push(q as Record<string, string>), true))
		.times(times)
		.reply(200, envelope(items, { totalItemCount: total }));
	return queries;
}

const pending = (id: number, createdAt: string, positions = [id * 10 + 1]) =>
	transfer(id, positions, { createdAt });

async function poll(
	staticData: IDataObject,
	parameters: Record<string, unknown>,
	mode: 'manual' | 'trigger' = 'trigger',
) {
	const fake = miintoContext(
		{ shopId: SHOP, options: {}, ...parameters },
		{ staticData, mode, nodeType: 'n8n-nodes-marketplace-sync.miintoTrigger' },
	);
	const result = await new MiintoTrigger().poll.call(fake.ctx);
	return { emitted: result ? result[0].map((i) => i.json) : null, fake };
}

describe('miintoTrigger: New Transfer', () => {
	it('emits nothing from before activation, then each new pending transfer once, with the cursor from Miinto times', async () => {
		const staticData: IDataObject = {};
		mockChannels(3);
		const first = serveList('/transfers', [pending(4701, '2026-11-23T09:50:00Z')]);
		expect((await poll(staticData, { event: 'newTransfer' })).emitted).toBeNull();
		expect(first[0]).toMatchObject({ 'status[]': 'pending', sort: '-createdAt', offset: '0' });
		expect(staticData.cursor).toBe('2026-11-23T09:50:00.000Z');

		testClock().time += minutes(1);
		serveList('/transfers', [
			pending(4702, '2026-11-23T10:00:30Z', [1201, 1202]),
			pending(4701, '2026-11-23T09:50:00Z'),
		]);
		const second = await poll(staticData, { event: 'newTransfer' });
		expect(second.emitted).toHaveLength(1);
		expect(second.emitted?.[0]).toMatchObject({
			marketplace: 'miinto',
			orderId: '4702',
			status: 'pending',
			lines: [{ lineId: '1201' }, { lineId: '1202' }],
			extra: { shopId: SHOP, transferId: '4702', pendingPositionIds: ['1201', '1202'] },
		});
		// Miinto's time, not n8n's: the newest transfer's createdAt
		expect(staticData.cursor).toBe('2026-11-23T10:00:30.000Z');

		testClock().time += minutes(1);
		serveList('/transfers', [
			pending(4702, '2026-11-23T10:00:30Z', [1201, 1202]),
			pending(4701, '2026-11-23T09:50:00Z'),
		]);
		expect((await poll(staticData, { event: 'newTransfer' })).emitted).toBeNull();
	});

	it('a transfer without pending positions is no event; Sync From emits what is newer on the first poll', async () => {
		mockChannels(1);
		serveList('/transfers', [
			pending(4703, '2026-11-23T09:40:00Z', []),
			pending(4702, '2026-11-23T09:30:00Z'),
			pending(4701, '2026-11-22T08:00:00Z'),
		]);
		const { emitted } = await poll(
			{},
			{ event: 'newTransfer', options: { syncFrom: '2026-11-23T00:00:00Z' } },
		);
		expect(emitted?.map((t) => t.orderId)).toEqual(['4702']);
	});

	it('a transfer Miinto gives no time keeps the window and is emitted once', async () => {
		const staticData: IDataObject = {};
		mockChannels(3);
		serveList('/transfers', [pending(4701, '2026-11-23T09:50:00Z')]);
		await poll(staticData, { event: 'newTransfer' });
		testClock().time += minutes(1);
		const timeless = transfer(4709, [47091], { createdAt: undefined });
		serveList('/transfers', [timeless, pending(4701, '2026-11-23T09:50:00Z')]);
		expect(
			(await poll(staticData, { event: 'newTransfer' })).emitted?.map((t) => t.orderId),
		).toEqual(['4709']);
		expect(staticData.cursor).toBe('2026-11-23T09:50:00.000Z');
		testClock().time += minutes(1);
		serveList('/transfers', [timeless, pending(4701, '2026-11-23T09:50:00Z')]);
		expect((await poll(staticData, { event: 'newTransfer' })).emitted).toBeNull();
	});

	it('stops reading at the first page that reaches items older than the window', async () => {
		const staticData: IDataObject = {
			cursor: '2026-11-23T09:55:00.000Z',
			activated: true,
			seen: {},
		};
		mockChannels(1);
		const page = [
			...Array.from({ length: 49 }, (_, n) =>
				pending(5000 - n, new Date(Date.parse('2026-11-23T09:59:00Z') - n * 1000).toISOString()),
			),
			pending(4000, '2026-11-23T08:00:00Z'),
		];
		const queries = serveList('/transfers', page, 120);
		const { emitted } = await poll(staticData, { event: 'newTransfer' });
		expect(emitted).toHaveLength(49);
		// one page only: the second (offset 50) was never asked for
		expect(queries.map((q) => q.offset)).toEqual(['0']);
	});

	it('a manual run is a sample of 3 that stops reading when full and touches no state', async () => {
		const staticData: IDataObject = {};
		mockChannels(1);
		const page = Array.from({ length: 50 }, (_, n) =>
			pending(5000 - n, new Date(Date.parse('2026-11-23T09:59:00Z') - n * 1000).toISOString()),
		);
		const queries = serveList('/transfers', page, 120);
		const { emitted } = await poll(staticData, { event: 'newTransfer' }, 'manual');
		expect(emitted?.map((t) => t.orderId)).toEqual(['5000', '4999', '4998']);
		expect(queries).toHaveLength(1);
		expect(staticData).toEqual({});
	});

	it('refuses an Event outside the list and a bad shop before any request', async () => {
		for (const [parameters, message] of [
			[
				{ event: 'newReturn' },
				/"Event" \(event\): got "newReturn"\. Allowed: one of newTransfer, newOrder, newRma/,
			],
			[{ event: 'newOrder', shopId: 'a/b' }, /"Shop Name or ID" \(shopId\): got "a\/b"/],
		] as const) {
			const fake = miintoContext(
				{ shopId: SHOP, options: {}, ...parameters },
				{ staticData: {}, nodeType: 'n8n-nodes-marketplace-sync.miintoTrigger' },
			);
			await expect(new MiintoTrigger().poll.call(fake.ctx)).rejects.toThrow(message);
			expect(fake.http).toEqual([]);
		}
	});
});

describe('miintoTrigger: New Order', () => {
	it("emits accepted orders once, timed by the order (its acceptance), not by the buyer's older order", async () => {
		const staticData: IDataObject = {};
		mockChannels(2);
		const queries = serveList('/orders', [order(990001, { createdAt: '2026-11-23T09:58:00Z' })]);
		expect((await poll(staticData, { event: 'newOrder' })).emitted).toBeNull();
		expect(queries[0]).toMatchObject({ 'status[]': 'accepted', sort: '-createdAt' });

		testClock().time += minutes(5);
		// accepted now; the buyer ordered 10:15 CET (09:15Z), long before the window
		serveList('/orders', [
			order(990002, { createdAt: '2026-11-23T10:04:00Z' }),
			order(990001, { createdAt: '2026-11-23T09:58:00Z' }),
		]);
		const { emitted } = await poll(staticData, { event: 'newOrder' });
		expect(emitted?.map((o) => o.orderId)).toEqual(['990002']);
		expect(emitted?.[0]).toMatchObject({
			marketplace: 'miinto',
			createdAt: '2026-11-23T10:15:00.000Z',
			lines: [{ lineId: '1201' }, { lineId: '1202' }],
		});
	});
});

describe('miintoTrigger: New RMA', () => {
	it('emits pending RMAs buyers opened, leaving out the RMA requests the merchant created unless asked', async () => {
		mockChannels(2);
		const list = [
			rma(7702, { createdAt: '2026-11-23T09:59:00Z', type: 'rmaRequest' }),
			rma(7701, { createdAt: '2026-11-23T09:58:00Z' }),
		];
		const queries = serveList('/rmas', list);
		const plain = await poll(
			{},
			{ event: 'newRma', options: { syncFrom: '2026-11-23T09:00:00Z' } },
		);
		expect(queries[0]).toMatchObject({ 'status[]': 'pending', sort: '-createdAt' });
		expect(plain.emitted?.map((r) => r.returnId)).toEqual(['7701']);
		expect(plain.emitted?.[0]).toMatchObject({
			marketplace: 'miinto',
			status: 'open',
			orderIds: ['550001'],
		});

		serveList('/rmas', list);
		const all = await poll(
			{},
			{ event: 'newRma', options: { syncFrom: '2026-11-23T09:00:00Z', includeRmaRequests: true } },
		);
		expect(all.emitted?.map((r) => r.returnId)).toEqual(['7702', '7701']);
	});
});
