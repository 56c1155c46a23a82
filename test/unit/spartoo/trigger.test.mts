/**
 * spartooTrigger on the kit's polling factory: New Order (status 11), Order Changed (41/45/47), New Return; Spartoo's
 * dates read as Paris time, the window sent as Paris time (orders) or a Unix timestamp (returns); each event once.
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { SpartooTrigger } from '../../../nodes/Spartoo/SpartooTrigger.node';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	mockSpartoo,
	orderXml,
	ordersAnswer,
	returnsAnswer,
	returnXml,
	spartooContext,
	statut,
	S_KEY,
	type SentForm,
} from '../../helpers/spartoo.mts';

const testClock = useNockAndFakeClock(Date.parse('2026-11-23T10:00:00Z'));
const minutes = (n: number) => n * 60_000;

async function poll(staticData: IDataObject, parameters: Record<string, unknown>) {
	const fake = spartooContext(parameters, { staticData });
	const result = await new SpartooTrigger().poll.call(fake.ctx);
	return result ? result[0].map((i) => i.json) : null;
}

describe('spartooTrigger', () => {
	it('New Order: the first poll is a baseline; then each verified order once, asked in Paris time', async () => {
		const staticData = {};
		const parameters = { event: 'newOrder', options: {} };
		const sent: SentForm[] = [];
		// Paris is UTC+1 in November: 10:59 Paris = 09:59 UTC
		mockSpartoo(
			'xml_export_orders.php',
			[ordersAnswer(orderXml({ id: '1', modified: '2026-11-23 10:59:00' }))],
			sent,
		);
		expect(await poll(staticData, parameters)).toBeNull();
		// the first poll looks back 30 days: 2026-10-24 10:00 UTC, still summer time in Paris (UTC+2)
		expect(sent[0].form).toMatchObject({ status: '11', date: '2026-10-24:12:00:00' });

		testClock().time += minutes(5);
		mockSpartoo(
			'xml_export_orders.php',
			[
				ordersAnswer(
					orderXml({ id: '1', modified: '2026-11-23 10:59:00' }),
					orderXml({ id: '2', modified: '2026-11-23 11:03:00' }),
				),
			],
			sent,
		);
		const emitted = await poll(staticData, parameters);
		expect(emitted?.map((o) => o.orderId)).toEqual(['2']);
		expect(emitted?.[0]).toMatchObject({
			status: 'pending',
			updatedAt: '2026-11-23T10:03:00.000Z',
		});
		// New Order asks for at least the last 7 days (an order turns 11 when verified, after its purchase):
		// 2026-11-16 10:05 UTC = 11:05 in Paris; the window itself (from 09:49 UTC) filters what is new
		expect(sent[1].form.date).toBe('2026-11-16:11:05:00');

		testClock().time += minutes(5);
		mockSpartoo(
			'xml_export_orders.php',
			[ordersAnswer(orderXml({ id: '2', modified: '2026-11-23 11:03:00' }))],
			sent,
		);
		expect(await poll(staticData, parameters)).toBeNull();
	});

	it('Order Changed: cancelled, lost and failed-delivery orders since Sync From, one event per change', async () => {
		const staticData = {};
		const parameters = { event: 'orderChanged', options: { syncFrom: '2026-11-23T08:00:00Z' } };
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[
				ordersAnswer(
					orderXml({ id: '1', status: 41, modified: '2026-11-23 10:00:00' }),
					orderXml({ id: '2', status: 2, modified: '2026-11-23 10:01:00' }),
					orderXml({ id: '3', status: 47, modified: '2026-11-23 10:02:00' }),
					orderXml({ id: '4', status: 45, modified: '2026-11-23 08:00:00' }),
				),
			],
			sent,
		);
		const emitted = await poll(staticData, parameters);
		expect(sent[0].form.status).toBeUndefined();
		expect(emitted?.map((o) => [o.orderId, (o.change as IDataObject).status])).toEqual([
			['1', 41],
			['3', 47],
		]);
	});

	it('New Return: returns since Sync From, the window as a Unix timestamp', async () => {
		const staticData = {};
		const parameters = { event: 'newReturn', options: { syncFrom: '2026-11-23T08:00:00Z' } };
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_returns.php',
			[
				returnsAnswer(
					returnXml({ id: '7', date: '2026-11-23 10:30:00' }),
					returnXml({ id: '6', date: '2026-11-20 10:30:00' }),
				),
			],
			sent,
		);
		// the returned size: one read of the return's order
		mockSpartoo(
			'xml_export_orders.php',
			[
				ordersAnswer(
					orderXml({
						products: [
							{ reference: 'SKU-123', sizeReference: 'SKU-123-38', size: '38' },
							{ reference: 'SKU-123', sizeReference: 'SKU-123-40', size: '40' },
						],
					}),
				),
			],
			sent,
		);
		const emitted = await poll(staticData, parameters);
		expect(sent[0].form.date).toBe(String(Date.parse('2026-11-23T08:00:00Z') / 1000));
		expect(sent[1]).toMatchObject({ script: 'xml_export_orders.php', form: { oID: '12345678' } });
		expect(emitted?.map((r) => r.returnId)).toEqual(['7']);
		// Product Identification left at its default: sku is the product reference, every identifier is in extra
		const ret = emitted?.[0] as any;
		expect(ret.lines[0]).toMatchObject({ sku: 'SKU-123', orderLineId: 'SKU-123-38' });
		expect(ret.extra.lines[0]).toMatchObject({
			reference: 'SKU-123',
			sizeReference: 'SKU-123-38',
			spartooId: '987654',
		});
	});

	it('New Return: an order Spartoo will not answer does not hold the return back; the size is reported unknown', async () => {
		const parameters = { event: 'newReturn', options: { syncFrom: '2026-11-23T08:00:00Z' } };
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_returns.php',
			[returnsAnswer(returnXml({ id: '8', date: '2026-11-23 10:30:00' }))],
			sent,
		);
		mockSpartoo('xml_export_orders.php', [`<root>${statut(-5)}</root>`], sent);
		const emitted = (await poll({}, parameters)) as any[];
		expect(emitted.map((r) => r.returnId)).toEqual(['8']);
		expect(emitted[0].lines[0]).toMatchObject({ sku: 'SKU-123', orderLineId: null });
		expect(emitted[0].extra.sizeResolution.status).toBe('orderUnreadable');
		expect(emitted[0].extra.sizeResolution.note).toMatch(/order 12345678 could not be read \(.*-5/);
		expect(JSON.stringify(emitted)).not.toContain(S_KEY);
	});

	it('New Order: each line carries every Spartoo identifier whatever Product Identification says', async () => {
		const parameters = { event: 'newOrder', options: { syncFrom: '2026-11-23T08:00:00Z' } };
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[
				ordersAnswer(
					orderXml({
						id: '9',
						modified: '2026-11-23 10:30:00',
						products: [
							{ reference: 'SKU-123', sizeReference: 'SKU-123-40', size: '40', spartoo: '555' },
						],
					}),
				),
			],
			sent,
		);
		const emitted = (await poll({}, parameters)) as any[];
		expect(emitted[0].lines[0]).toMatchObject({
			lineId: 'SKU-123-40',
			sku: 'SKU-123',
			merchantReference: 'SKU-123',
			offerId: '555',
		});
		expect(emitted[0].extra.lines[0]).toMatchObject({
			lineId: 'SKU-123-40',
			reference: 'SKU-123',
			sizeReference: 'SKU-123-40',
			spartooId: '555',
		});
	});

	it('refuses an unknown event before any request', async () => {
		const error = (await poll({}, { event: 'everything', options: {} }).catch(
			(e: Error) => e,
		)) as Error;
		expect(error.message).toMatch(
			/"Event" \(event\): got "everything"\. Allowed: one of newOrder, orderChanged, newReturn/,
		);
	});
});
