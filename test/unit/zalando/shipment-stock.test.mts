import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { stockBatches } from '../../../nodes/ZalandoZDirect/actions/stock/update';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	CHANNEL_DE,
	CHANNEL_NL,
	MERCHANT,
	ORDER_ID,
	ZALANDO_BASE,
	firstItem,
	type ItemSpec,
	mockZalandoToken,
	orderDocument,
	orderPath,
	runZalando,
} from '../../helpers/zalando.mts';

const testClock = useNockAndFakeClock();

const ship = (extra: Record<string, unknown> = {}) => ({
	resource: 'shipment',
	operation: 'create',
	orderId: ORDER_ID,
	trackingNumber: '00340434161234567890',
	returnTrackingNumber: 'RT123456789DE',
	itemsMode: 'allOpen',
	options: {},
	...extra,
});

/** An order with tracking set whose first unit is shipped and the second is not (and any further items). */
const firstUnitShipped = (...more: ItemSpec[]) =>
	orderDocument({
		exported: true,
		tracking: '00340434161234567890',
		returnTracking: 'RT123456789DE',
		items: [firstItem('shipped', 'initial'), ...more],
	});

describe('Zalando shipment: create', () => {
	it('sets tracking and return tracking, waits 5 s, then ships every open unit', async () => {
		mockZalandoToken();
		const events: string[] = [];
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true }))
			.patch(orderPath(), (b: { data: { attributes: Record<string, string> } }) => {
				events.push(`order@${testClock().time}:${JSON.stringify(b.data.attributes)}`);
				return true;
			})
			.reply(204)
			.patch(/\/lines\//, (b: { data: { id: string; attributes: { status: string } } }) => {
				events.push(`line@${testClock().time}:${b.data.id}:${b.data.attributes.status}`);
				return true;
			})
			.times(3)
			.reply(204);
		const start = testClock().time;
		const { items } = await runZalando(ship());
		expect(events[0]).toBe(
			`order@${start}:{"tracking_number":"00340434161234567890","return_tracking_number":"RT123456789DE"}`,
		);
		const lineTimes = events.slice(1).map((e) => Number(/@(\d+)/.exec(e)![1]));
		expect(lineTimes).toHaveLength(3);
		expect(Math.min(...lineTimes) - start).toBeGreaterThanOrEqual(5000);
		expect(items[0].json).toMatchObject({ status: 'shipped', trackingSent: true });
		expect(items[0].json.lines).toHaveLength(3);
	});

	it('test mode: the tracking PATCH is described, nothing is sent, and the item is not an error', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true }));
		const { items } = await runZalando(ship({ testMode: 'always' }));
		expect(items[0].json).toMatchObject({ status: 'test', testMode: true });
		expect(JSON.stringify(items[0].json.wouldSend)).toContain('RT123456789DE');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('many shipments at once: the tracking PATCHes, one 5 s wait while nothing else is due, then the lines; a failing order fails alone', async () => {
		mockZalandoToken();
		const ids = [1, 2, 3].map((n) => `${n}b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`);
		const events: string[] = [];
		for (const id of ids)
			nock(ZALANDO_BASE)
				.get(orderPath(id))
				.query(true)
				.reply(200, orderDocument({ id, exported: id !== ids[1] }));
		nock(ZALANDO_BASE)
			.patch(/\/orders\/[^/]+$/, (b: { data: { id: string } }) => {
				events.push(`tracking ${b.data.id[0]} @${testClock().time}`);
				return true;
			})
			.times(2)
			.reply(204)
			.patch(/\/lines\//, () => {
				events.push(`line @${testClock().time}`);
				return true;
			})
			.times(6)
			.reply(204);
		const start = testClock().time;
		const { items } = await runZalando(ship({ orderId: (i: number) => ids[i] }), {
			items: ids.map(() => ({ json: {} })),
			continueOnFail: true,
		});
		expect(events.slice(0, 2)).toEqual([`tracking 1 @${start}`, `tracking 3 @${start}`]);
		expect(events.slice(2)).toEqual(Array(6).fill(`line @${start + 5000}`));
		expect(items.map((i) => i.json.status ?? 'error')).toEqual(['shipped', 'error', 'shipped']);
		expect(items[1].json.error).toMatch(/accept \(export\) it first/);
	});

	it("a pipeline: while an order's lines wait their 5 s, the next orders are read and tracked; each order's lines go once due, never earlier", async () => {
		mockZalandoToken();
		const ids = Array.from(
			{ length: 12 },
			(_, n) => `${(n + 1).toString(16).padStart(2, '0')}1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
		);
		const events: Array<{ what: 'read' | 'tracking' | 'line'; order: string; at: number }> = [];
		// every call takes 1 s here, so the orders' 5 s overlap with the other orders' calls
		const took = (what: 'read' | 'tracking' | 'line', order: string) => {
			events.push({ what, order, at: testClock().time });
			testClock().time += 1000;
		};
		for (const id of ids)
			nock(ZALANDO_BASE)
				.get(orderPath(id))
				.query(true)
				.reply(() => {
					took('read', id.slice(0, 2));
					return [200, orderDocument({ id, exported: true })];
				});
		nock(ZALANDO_BASE)
			.patch(/\/orders\/[^/]+$/)
			.times(ids.length)
			.reply((uri) => {
				took('tracking', /orders\/(..)/.exec(uri)![1]);
				return [204];
			})
			.patch(/\/lines\//)
			.times(200)
			.reply((uri) => {
				took('line', /orders\/(..)/.exec(uri)![1]);
				return [204];
			});
		const start = testClock().time;
		const { items } = await runZalando(ship({ orderId: (i: number) => ids[i] }), {
			items: ids.map(() => ({ json: {} })),
		});
		expect(items.map((i) => i.json.status)).toEqual(Array(ids.length).fill('shipped'));
		const lines = events.filter((e) => e.what === 'line');
		expect(lines.length).toBeGreaterThanOrEqual(ids.length);
		for (const id of ids) {
			const tracking = events.find((e) => e.what === 'tracking' && e.order === id.slice(0, 2))!;
			// the 5 s count from the tracking call's answer (1 s after it was sent here)
			for (const line of lines.filter((e) => e.order === id.slice(0, 2)))
				expect(line.at - (tracking.at + 1000)).toBeGreaterThanOrEqual(5000);
		}
		// order 1's lines went before the last order was read: the wait overlapped the other orders' calls
		const firstLine = events.findIndex((e) => e.what === 'line');
		const lastRead = events.findIndex((e) => e.what === 'read' && e.order === '0c');
		expect(firstLine).toBeLessThan(lastRead);
		// no time was waited while there was work: only the last orders' lines waited, 5 s at most in all
		expect(testClock().totalSlept).toBeLessThanOrEqual(5000);
		expect(testClock().time - start).toBe(events.length * 1000 + testClock().totalSlept);
		// every read and tracking mock was used (only the line mock's spare answers are left)
		expect(nock.pendingMocks().every((mock) => mock.includes('lines'))).toBe(true);
	});

	it('two items of one order (two parcels, same tracking) run one after the other: the second reads the order again and ships only its own line', async () => {
		mockZalandoToken();
		const first = 'aaaaaaaa-0000-4000-8000-000000000001';
		const second = 'bbbbbbbb-0000-4000-8000-000000000001';
		const events: string[] = [];
		const afterFirst = firstUnitShipped({
			id: '22222222-2222-4222-8222-222222222222',
			externalId: 'SKU-RED-M',
			lines: [{ id: second, status: 'initial' }],
		});
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(() => (events.push('read'), [200, orderDocument({ exported: true })]))
			.get(orderPath())
			.query(true)
			.reply(() => (events.push('read again'), [200, afterFirst]))
			.patch(orderPath())
			.reply(() => (events.push('tracking'), [204]))
			.patch(/\/lines\//)
			.times(2)
			.reply((uri) => (events.push(`line ${uri.split('/').pop()!}`), [204]));
		const { items } = await runZalando(
			ship({
				itemsMode: 'list',
				items: (i: number) => `[{"lineId": "${i === 0 ? first : second}"}]`,
			}),
			{ items: [{ json: {} }, { json: {} }] },
		);
		expect(events).toEqual(['read', 'tracking', `line ${first}`, 'read again', `line ${second}`]);
		expect(items.map((item) => item.json.trackingSent)).toEqual([true, false]);
		expect(items.map((item) => item.json.status)).toEqual(['shipped', 'shipped']);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('refuses to ship without a return tracking number before any request, unless allowed', async () => {
		const error = (await runZalando(ship({ returnTrackingNumber: '' })).catch(
			(e: Error) => e,
		)) as Error;
		expect(error.message).toMatch(
			/"Return Tracking Number" \(returnTrackingNumber\).*Zalando requires one.*Allow Missing Return Tracking/,
		);
		mockZalandoToken();
		const sent: unknown[] = [];
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true }))
			.patch(orderPath(), (b) => (sent.push(b), true))
			.reply(204)
			.patch(/\/lines\//)
			.times(3)
			.reply(204);
		await runZalando(
			ship({ returnTrackingNumber: '', options: { allowMissingReturnTracking: true } }),
		);
		expect(sent).toEqual([
			{
				data: {
					type: 'Order',
					id: ORDER_ID,
					attributes: { tracking_number: '00340434161234567890' },
				},
			},
		]);
	});

	it('refuses another tracking number than the one the order has (the first one wins at Zalando)', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true, tracking: 'FIRST123', returnTracking: 'RT1' }));
		const error = (await runZalando(ship()).catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(/already has \(FIRST123\).*first one/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a second parcel with the same tracking number ships the rest without touching the tracking', async () => {
		mockZalandoToken();
		const doc = firstUnitShipped();
		const patched: string[] = [];
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, doc)
			.patch(/\/lines\//, (b: { data: { id: string } }) => (patched.push(b.data.id), true))
			.reply(204);
		const { items } = await runZalando(ship());
		expect(patched).toEqual(['aaaaaaaa-0000-4000-8000-000000000002']);
		// the tracking may have been set moments ago by a run that failed before its lines (Retry On Fail): 5 s still
		expect(testClock().sleeps.filter((ms) => ms >= 5000)).toEqual([5000]);
		expect(items[0].json).toMatchObject({ trackingSent: false, status: 'shipped' });
	});

	it('an order not exported yet is refused with the step to take first', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: false }));
		const error = (await runZalando(ship()).catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(/accept \(export\) it first with Order > Accept/);
	});
});

/** A valid EAN-13 from 12 digits. */
function ean13(twelve: number): string {
	const digits = String(twelve).padStart(12, '0');
	const sum = digits
		.split('')
		.reduce((total, d, n) => total + Number(d) * (n % 2 === 0 ? 1 : 3), 0);
	return `${digits}${(10 - (sum % 10)) % 10}`;
}

describe('Zalando stock: update', () => {
	const stockPath = `/merchants/${MERCHANT}/stocks`;

	it('sends all input items in one request and gives each its own result (207), a rejected one failing alone', async () => {
		mockZalandoToken();
		const bodies: Array<{ items: Array<Record<string, unknown>> }> = [];
		nock(ZALANDO_BASE)
			.post(stockPath, (b) => (bodies.push(b), true))
			.matchHeader('content-type', 'application/json')
			.reply(207, (_uri, body) => ({
				results: (body as { items: Array<{ ean: string }> }).items.map((item) => ({
					item,
					result:
						item.ean === '4006381333931'
							? { status: 'REJECTED', code: 101, description: 'unknown EAN' }
							: { status: 'ACCEPTED', code: 0, description: 'ok' },
				})),
			}));
		const eans = ['8712345678906', '4006381333931', '5901234123457'];
		const { items } = await runZalando(
			{
				resource: 'stock',
				operation: 'update',
				ean: (i: number) => eans[i],
				quantity: (i: number) => i + 1,
				salesChannelId: CHANNEL_DE,
			},
			{ items: eans.map(() => ({ json: {} })), continueOnFail: true },
		);
		expect(bodies).toHaveLength(1);
		expect(bodies[0].items).toEqual([
			{ sales_channel_id: CHANNEL_DE, ean: '8712345678906', quantity: 1 },
			{ sales_channel_id: CHANNEL_DE, ean: '4006381333931', quantity: 2 },
			{ sales_channel_id: CHANNEL_DE, ean: '5901234123457', quantity: 3 },
		]);
		expect(items.map((i) => i.json.status ?? 'error')).toEqual(['updated', 'error', 'updated']);
		expect(items[1].json.error).toMatch(/REJECTED \(code 101: validation failed\): unknown EAN/);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('without Continue On Fail the error says which items failed and that the others were applied', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.post(stockPath)
			.reply(207, {
				results: [
					{
						item: { sales_channel_id: CHANNEL_DE, ean: '8712345678906' },
						result: { status: 'ACCEPTED', code: 0 },
					},
					{
						item: { sales_channel_id: CHANNEL_DE, ean: '4006381333931' },
						result: { status: 'FAILED', code: 102 },
					},
				],
			});
		const eans = ['8712345678906', '4006381333931'];
		const error = (await runZalando(
			{
				resource: 'stock',
				operation: 'update',
				ean: (i: number) => eans[i],
				quantity: 1,
				salesChannelId: CHANNEL_DE,
			},
			{ items: eans.map(() => ({ json: {} })) },
		).catch((e: Error) => e)) as Error & { description?: string };
		expect(error.message).toBe('1 of 2 stock updates failed; the other 1 were applied');
		expect(error.description).toMatch(/item 1: .*FAILED \(code 102: internal error\)/);
	});

	it('with no sales channel: every live channel of the merchant, one entry each', async () => {
		mockZalandoToken();
		const bodies: Array<{ items: unknown[] }> = [];
		nock(ZALANDO_BASE)
			.get('/sales-channels')
			.query({ merchant_ids: MERCHANT })
			.reply(200, {
				items: [
					{ sales_channel_id: CHANNEL_DE, country_code: 'DE', live: true },
					{ sales_channel_id: CHANNEL_NL, country_code: 'NL', live: true },
					{
						sales_channel_id: '00000000-0000-4000-8000-000000000000',
						country_code: 'FR',
						live: false,
					},
				],
			})
			.post(stockPath, (b) => (bodies.push(b), true))
			.reply(207, (_u, body) => ({
				results: (body as { items: unknown[] }).items.map((item) => ({
					item,
					result: { status: 'ACCEPTED', code: 0 },
				})),
			}));
		const { items } = await runZalando({
			resource: 'stock',
			operation: 'update',
			ean: '8712345678906',
			quantity: 4,
			salesChannelId: '',
		});
		expect(bodies[0].items).toHaveLength(2);
		expect(
			(items[0].json.salesChannels as Array<{ salesChannelId: string }>).map(
				(c) => c.salesChannelId,
			),
		).toEqual([CHANNEL_DE, CHANNEL_NL]);
	});

	it('bad EAN or quantity fails that item before any request, naming the field', async () => {
		const { items } = await runZalando(
			{
				resource: 'stock',
				operation: 'update',
				ean: '8712345678900',
				quantity: -1,
				salesChannelId: CHANNEL_DE,
			},
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toMatch(/"EAN" \(ean\).*check digit/);
	});

	it('batches: at most 1000 per request and the same EAN + channel twice in separate, ordered requests', () => {
		const entry = (itemIndex: number, ean: string) => ({
			itemIndex,
			stock: { sales_channel_id: CHANNEL_DE, ean, quantity: itemIndex },
		});
		const entries = [
			...Array.from({ length: 1500 }, (_, n) => entry(n, String(1_000_000_000_000 + n))),
			entry(1500, '1000000000000'),
		];
		const batches = stockBatches(entries);
		expect(batches.map((b) => b.length)).toEqual([1000, 501]);
		expect(batches[1].at(-1)!.itemIndex).toBe(1500);
	});

	it('paces stock requests by items: 5 requests of 1000 are spread over at least 2 minutes (2000 items a minute)', async () => {
		mockZalandoToken();
		const times: number[] = [];
		nock(ZALANDO_BASE)
			.post(stockPath)
			.times(5)
			.reply(207, (_u, body) => {
				times.push(testClock().time);
				return {
					results: (body as { items: unknown[] }).items.map((item) => ({
						item,
						result: { status: 'ACCEPTED', code: 0 },
					})),
				};
			});
		const { items } = await runZalando(
			{
				resource: 'stock',
				operation: 'update',
				ean: (i: number) => ean13(400000000000 + i),
				quantity: 1,
				salesChannelId: CHANNEL_DE,
			},
			{ items: Array.from({ length: 5000 }, () => ({ json: {} })) },
		);
		expect(items.every((i) => i.json.status === 'updated')).toBe(true);
		expect(times).toHaveLength(5);
		// 4 more requests of 1000 after the first: 4000 items at 2000 a minute
		expect(times[4] - times[0]).toBeGreaterThanOrEqual(120_000);
		expect(times[4] - times[0]).toBeLessThan(132_000);
	});
});
