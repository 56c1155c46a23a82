/**
 * Spartoo orders: Get Many (Paris-time date, status), Get, Accept / Cancel / Mark Lost / Mark Failed Delivery and
 * Shipment Create against recorded XML; transitions checked before sending; re-runs change nothing; bad input
 * refused before any request.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { toSpartooExportDate, spartooDateToIso } from '../../../nodes/Spartoo/time';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import { orderSchema } from '../../helpers/model-schemas.mts';
import {
	mockSpartoo,
	orderUpdateAnswer,
	orderXml,
	ordersAnswer,
	runSpartoo,
	SPARTOO_BASE,
	type SentForm,
} from '../../helpers/spartoo.mts';

useNockAndFakeClock();

describe('Spartoo dates', () => {
	it('formats the export date in Paris time, winter and summer', () => {
		expect(toSpartooExportDate(new Date('2026-01-15T09:30:05Z'))).toBe('2026-01-15:10:30:05');
		expect(toSpartooExportDate(new Date('2026-07-15T22:30:00Z'))).toBe('2026-07-16:00:30:00');
	});

	it('reads Paris wall-clock dates, Unix timestamps and bare dates as UTC', () => {
		expect(spartooDateToIso('2026-07-04 10:15:00')).toBe('2026-07-04T08:15:00.000Z');
		expect(spartooDateToIso('2026-12-04 10:15:00')).toBe('2026-12-04T09:15:00.000Z');
		expect(spartooDateToIso('2026-03-29 03:30:00')).toBe('2026-03-29T01:30:00.000Z');
		expect(spartooDateToIso('1764840000')).toBe('2025-12-04T09:20:00.000Z');
		expect(spartooDateToIso('0000-00-00 00:00:00')).toBeNull();
		expect(spartooDateToIso('')).toBeNull();
		expect(spartooDateToIso('yesterday')).toBeNull();
	});
});

describe('Spartoo Order > Get Many and Get', () => {
	it('lists orders since a date in status 11, normalized, with the transporter and relay point', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[
				ordersAnswer(
					orderXml({ id: '1', relay: true, shippingName: 'Mondial Relay' }),
					orderXml({
						id: '2',
						products: [
							{ reference: 'A', sizeReference: 'A-38', qty: 1, final: '10.00', reduced: '10.00' },
							{ reference: 'B', sizeReference: 'B-40', qty: 3, final: '30.00', reduced: '10.00' },
						],
					}),
				),
			],
			sent,
		);
		const { items } = await runSpartoo({
			resource: 'order',
			operation: 'getAll',
			since: '2026-11-01T00:00:00Z',
			status: '11',
			returnAll: true,
			options: { productIdentification: 'sizeReference' },
		});
		expect(sent[0].form).toMatchObject({ date: '2026-11-01:01:00:00', status: '11' });
		expect(items).toHaveLength(2);
		for (const item of items) expect(() => orderSchema.parse(item.json)).not.toThrow();
		const first = items[0].json as Record<string, any>;
		expect(first).toMatchObject({
			marketplace: 'spartoo',
			orderId: '1',
			status: 'pending',
			currency: 'EUR',
			createdAt: '2026-07-04T08:15:00.000Z',
		});
		expect(first.extra.shippingName).toBe('Mondial Relay');
		expect(first.shippingAddress).toMatchObject({
			city: 'Lyon',
			countryCode: 'FR',
			company: 'Atelier & Cie',
			pickupPoint: { name: 'Tabac de la Gare', id: 'FR-12345' },
		});
		expect(first.billingAddress.address1).toBe("12 rue de l'Église & fils");
		expect(first.lines[0]).toMatchObject({
			lineId: 'SKU-123-38',
			sku: 'SKU-123-38',
			quantity: 2,
			unitPrice: 44.95,
			totalPrice: 89.9,
		});
		const second = items[1].json as Record<string, any>;
		expect(second.lines.map((l: { sku: string }) => l.sku)).toEqual(['A-38', 'B-40']);
		expect(second.totals).toMatchObject({ items: 40, shipping: 4.9, total: 94.8 });
	});

	it('Limit cuts the list; status All sends no status; billing address for shipping', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[ordersAnswer(orderXml({ id: '1' }), orderXml({ id: '2' }))],
			sent,
		);
		const { items } = await runSpartoo({
			resource: 'order',
			operation: 'getAll',
			since: '2026-11-01',
			status: 'all',
			returnAll: false,
			limit: 1,
			options: { billingAsShipping: true },
		});
		expect(sent[0].form.status).toBeUndefined();
		expect(items).toHaveLength(1);
		expect((items[0].json as any).shippingAddress.city).toBe('Saint-Étienne');
	});

	it('maps statuses: 2 open, 3 shipped, 41 cancelled', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[
				ordersAnswer(
					orderXml({ id: '1', status: 2 }),
					orderXml({ id: '2', status: 3 }),
					orderXml({ id: '3', status: 41 }),
				),
			],
			sent,
		);
		const { items } = await runSpartoo({
			resource: 'order',
			operation: 'getAll',
			since: '2026-11-01',
			status: 'all',
			returnAll: true,
			options: {},
		});
		expect(items.map((i) => i.json.status)).toEqual(['open', 'shipped', 'cancelled']);
		expect((items[1].json as any).lines[0]).toMatchObject({
			quantityShipped: 2,
			quantityOpen: 0,
			status: 'shipped',
		});
		expect((items[2].json as any).lines[0]).toMatchObject({
			quantityCancelled: 2,
			status: 'cancelled',
		});
	});

	it.each([
		[{ since: 'last week', status: '11' }, /"Since" \(since\)/],
		[
			{ since: '2026-11-01', status: '12' },
			/"Status" \(status\).*one of all, 2, 3, 11, 41, 45, 47/,
		],
		[{ since: '2026-11-01', status: 'all', returnAll: false, limit: 0 }, /"Limit" \(limit\)/],
		[
			{ since: '2026-11-01', status: 'all', options: { skuPrefixPattern: '(' } },
			/"SKU Prefix to Crop"/,
		],
	])('refuses bad input before any request: %j', async (parameters, message) => {
		const error = (await runSpartoo({
			resource: 'order',
			operation: 'getAll',
			...parameters,
		}).catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(message);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('Get refuses an order ID that is not a number before any request', async () => {
		const { items } = await runSpartoo(
			{ resource: 'order', operation: 'get', orderId: '12 34', options: {} },
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toMatch(
			/Invalid value for "Order ID" \(orderId\): got "12 34"\. Allowed: .*digits only/,
		);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('includes the raw record on request', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml())], sent);
		const { items } = await runSpartoo({
			resource: 'order',
			operation: 'get',
			orderId: '12345678',
			options: { includeRaw: true },
		});
		expect((items[0].json as any).raw.order.orders_id).toBe('12345678');
	});
});

describe('Spartoo order status changes', () => {
	it('Accept sends statut=2 for an order in 11 and answers the accepted order', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml({ status: 11 }))], sent);
		mockSpartoo('xml_maj_orders.php', [orderUpdateAnswer('12345678', 2)], sent);
		const { items } = await runSpartoo({
			resource: 'order',
			operation: 'accept',
			orderId: '12345678',
			options: {},
		});
		expect(sent[1].form).toEqual({ oID: '12345678', statut: '2', partner: expect.any(String) });
		expect(items[0].json).toMatchObject({ accepted: true, alreadyAccepted: false, status: 'open' });
		expect((items[0].json as any).extra.spartooStatus).toBe(2);
	});

	it('Accept of an order already in 2 sends nothing (a re-run changes nothing)', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml({ status: 2 }))], sent);
		const { items } = await runSpartoo({
			resource: 'order',
			operation: 'accept',
			orderId: '12345678',
			options: {},
		});
		expect(sent).toHaveLength(1);
		expect(items[0].json).toMatchObject({ accepted: true, alreadyAccepted: true });
	});

	it('Accept when Spartoo answers -9 (another run got there first) reports it as already done', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml({ status: 11 }))], sent);
		mockSpartoo('xml_maj_orders.php', [orderUpdateAnswer('12345678', 2, -9)], sent);
		const { items } = await runSpartoo({
			resource: 'order',
			operation: 'accept',
			orderId: '12345678',
			options: {},
		});
		expect(items[0].json.alreadyAccepted).toBe(true);
	});

	it('Spartoo refusing a transition (-7) is an error with the meaning', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml({ status: 11 }))], sent);
		mockSpartoo('xml_maj_orders.php', [orderUpdateAnswer('12345678', 2, -7)], sent);
		const error = (await runSpartoo({
			resource: 'order',
			operation: 'accept',
			orderId: '12345678',
		}).catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(
			/Spartoo refused accept order 12345678 \(status 2\): code -7, status chronology/,
		);
	});

	it('Cancel sends 41 before shipping and is refused once shipped, without a request', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[ordersAnswer(orderXml({ status: 2 })), ordersAnswer(orderXml({ status: 3 }))],
			sent,
		);
		mockSpartoo('xml_maj_orders.php', [orderUpdateAnswer('12345678', 41)], sent);
		const { items } = await runSpartoo(
			{ resource: 'order', operation: 'cancel', orderId: '12345678', options: {} },
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(sent.filter((s) => s.script === 'xml_maj_orders.php').map((s) => s.form.statut)).toEqual(
			['41'],
		);
		expect(items[0].json).toMatchObject({ cancelled: true, status: 'cancelled' });
		expect(items[1].json.error).toMatch(
			/order 12345678 is in status 3 \(Order Shipped\), Spartoo allows this only from 11 \(Order Verified\) or 2 \(Preparation in progress\)\. A shipped order cannot be cancelled/,
		);
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	it.each([
		['markLost', '45', 'markedLost'],
		['markFailedDelivery', '47', 'markedFailedDelivery'],
	])('%s sends statut=%s only from 3', async (operation, statut, flag) => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[ordersAnswer(orderXml({ status: 3 })), ordersAnswer(orderXml({ status: 2 }))],
			sent,
		);
		mockSpartoo('xml_maj_orders.php', [orderUpdateAnswer('12345678', Number(statut))], sent);
		const { items } = await runSpartoo(
			{ resource: 'order', operation, orderId: '12345678', options: {} },
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(sent.filter((s) => s.script === 'xml_maj_orders.php').map((s) => s.form.statut)).toEqual(
			[statut],
		);
		expect(items[0].json[flag]).toBe(true);
		expect(items[1].json.error).toMatch(/allows this only from 3 \(Order Shipped\)/);
	});

	it('Test Mode holds the update and says what it would send, without the key', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml({ status: 11 }))], sent);
		const { items } = await runSpartoo({
			resource: 'order',
			operation: 'accept',
			orderId: '12345678',
			testMode: 'always',
			options: {},
		});
		expect(sent).toHaveLength(1);
		expect(items[0].json).toMatchObject({ testMode: true, success: false });
		const wouldSend = (items[0].json.wouldSend as any[])[0];
		expect(wouldSend.url).toBe(`${SPARTOO_BASE}/mp/xml_maj_orders.php`);
		expect(String(wouldSend.body)).toBe('oID=12345678&statut=2');
	});
});

describe('Spartoo Shipment > Create', () => {
	it('sends 3 with the tracking number for an accepted order and names the transporter', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[ordersAnswer(orderXml({ status: 2, shippingName: 'Colissimo' }))],
			sent,
		);
		mockSpartoo('xml_maj_orders.php', [orderUpdateAnswer('12345678', 3)], sent);
		const { items } = await runSpartoo({
			resource: 'shipment',
			operation: 'create',
			orderId: '12345678',
			trackingNumber: '6A12345678901',
			options: {},
		});
		expect(sent[1].form).toMatchObject({
			oID: '12345678',
			statut: '3',
			tracking_number: '6A12345678901',
		});
		expect(sent[1].form.carrier).toBeUndefined();
		expect(items[0].json).toMatchObject({
			shipped: true,
			alreadyShipped: false,
			trackingNumber: '6A12345678901',
			transporter: 'Colissimo',
			status: 'shipped',
		});
	});

	it('refuses an order not accepted yet, and a tracking number with spaces before any request', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml({ status: 11 }))], sent);
		const { items } = await runSpartoo(
			{
				resource: 'shipment',
				operation: 'create',
				orderId: '12345678',
				trackingNumber: (i: number) => (i === 0 ? 'TRACK1' : 'TR ACK'),
				options: {},
			},
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(items[0].json.error).toMatch(
			/allows this only from 2 \(Preparation in progress\)\. Accept the order first/,
		);
		expect(items[1].json.error).toMatch(/"Tracking Number" \(trackingNumber\): got "TR ACK"/);
		expect(sent).toHaveLength(1);
	});

	it('an order already shipped is reported, not shipped again', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml({ status: 3 }))], sent);
		const { items } = await runSpartoo({
			resource: 'shipment',
			operation: 'create',
			orderId: '12345678',
			trackingNumber: 'T1',
			options: {},
		});
		expect(items[0].json).toMatchObject({ shipped: true, alreadyShipped: true });
		expect(sent).toHaveLength(1);
	});
});

describe('Spartoo order lines', () => {
	it('line ids are the size references, made unique by position; the product reference when no size', async () => {
		const { lineIds } = await import('../../../nodes/Spartoo/mapping');
		expect(
			lineIds([
				{ products_size_reference: 'A-38', products_reference: 'A' },
				{ products_size_reference: 'A-38', products_reference: 'A' },
				{ products_size_reference: '', products_reference: 'BAG' },
				{},
			]),
		).toEqual(['A-38#1', 'A-38#2', 'BAG', 'line-4']);
	});
});
