import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	JSON_API,
	LINE_A1,
	LINE_A2,
	LINE_B1,
	ORDER_ID,
	ZALANDO_BASE,
	mockZalandoToken,
	orderDocument,
	orderPath,
	runZalando,
	shipment,
	shipmentsDocument,
	shipmentsPath,
} from '../../helpers/zalando.mts';

const testClock = useNockAndFakeClock();

const LOGISTIC_CENTER = '57be9d4a-28d6-4b83-94de-b784899cabc9';
const P1 = 'd1d1d1d1-0000-4000-8000-000000000001';
const P2 = 'd2d2d2d2-0000-4000-8000-000000000002';

const twoParcels = [
	{
		items: [{ ean: '8712345678906', quantity: 2 }],
		weight: 1450,
		trackingNumber: 'PARCEL-1',
		returnTrackingNumber: 'RET-1',
		merchantShipmentId: 'WH-77',
	},
	{
		items: [{ sku: 'SKU-RED-M' }],
		weight: 900,
		trackingNumber: 'PARCEL-2',
		returnTrackingNumber: 'RET-2',
	},
];

const split = (parcels: unknown = twoParcels, extra: Record<string, unknown> = {}) => ({
	resource: 'shipment',
	operation: 'create',
	method: 'shipmentsApi',
	orderId: ORDER_ID,
	parcels: typeof parcels === 'string' ? parcels : JSON.stringify(parcels),
	options: {},
	...extra,
});

/** The order as Zalando shows it after the parcels: the named lines shipped. */
const shippedOrder = (shipped: string[]) =>
	orderDocument({
		exported: true,
		items: [
			{
				id: '11111111-1111-4111-8111-111111111111',
				externalId: '8712345678906',
				lines: [LINE_A1, LINE_A2].map((id) => ({
					id,
					status: shipped.includes(id) ? 'shipped' : 'initial',
				})),
			},
			{
				id: '22222222-2222-4222-8222-222222222222',
				externalId: 'SKU-RED-M',
				lines: [{ id: LINE_B1, status: shipped.includes(LINE_B1) ? 'shipped' : 'initial' }],
			},
		],
	});

const failure = async (parameters: Record<string, unknown>) =>
	(await runZalando(parameters).catch((e: Error) => e)) as Error & { description?: string };

describe('Zalando shipment: create with the Shipments API (pilot)', () => {
	it('creates each parcel with its lines, weight and tracking, then PATCHes it to shipped; no 5 s wait', async () => {
		mockZalandoToken();
		const sent: Array<[string, string, unknown, string | undefined]> = [];
		const record = (method: string) =>
			function (this: { req: { headers: Record<string, string> } }, uri: string, body: unknown) {
				sent.push([
					method,
					uri,
					typeof body === 'string' ? JSON.parse(body) : body,
					this.req.headers['content-type'],
				]);
			};
		let created = 0;
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true }))
			.get(shipmentsPath())
			.reply(200, shipmentsDocument())
			.post(shipmentsPath())
			.times(2)
			.reply(201, function (uri, body) {
				record('POST').call(this as never, uri, body);
				return { shipment_id: [P1, P2][created++] };
			})
			.patch(/\/shipments\/[^/]+$/)
			.times(2)
			.reply(204, function (uri, body) {
				record('PATCH').call(this as never, uri, body);
				return '';
			})
			.get(orderPath())
			.query(true)
			.reply(200, shippedOrder([LINE_A1, LINE_A2, LINE_B1]));
		const start = testClock().time;
		const { items } = await runZalando(
			split(twoParcels, { options: { outboundLogisticCenterId: LOGISTIC_CENTER } }),
		);
		expect(sent).toEqual([
			[
				'POST',
				shipmentsPath(),
				{
					order_lines: [{ order_line_id: LINE_A1 }, { order_line_id: LINE_A2 }],
					weight: { value: 1450, unit: 'g' },
					tracking_number: 'PARCEL-1',
					return_tracking_number: 'RET-1',
					merchant_specified_shipment_id: 'WH-77',
					outbound_logistic_center_id: LOGISTIC_CENTER,
				},
				JSON_API,
			],
			['PATCH', `${shipmentsPath()}/${P1}`, { status: 'shipped' }, JSON_API],
			[
				'POST',
				shipmentsPath(),
				{
					order_lines: [{ order_line_id: LINE_B1 }],
					weight: { value: 900, unit: 'g' },
					tracking_number: 'PARCEL-2',
					return_tracking_number: 'RET-2',
					outbound_logistic_center_id: LOGISTIC_CENTER,
				},
				JSON_API,
			],
			['PATCH', `${shipmentsPath()}/${P2}`, { status: 'shipped' }, JSON_API],
		]);
		expect(testClock().time).toBe(start);
		expect(items[0].json).toMatchObject({
			method: 'shipmentsApi',
			status: 'shipped',
			parcels: [
				{
					parcel: 1,
					status: 'shipped',
					shipmentId: P1,
					lines: [{ status: 'shipped' }, { status: 'shipped' }],
				},
				{
					parcel: 2,
					status: 'shipped',
					shipmentId: P2,
					lines: [{ orderLineId: LINE_B1, status: 'shipped' }],
				},
			],
			linesNotInParcels: [],
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('refuses, before any request: a missing weight, a missing return tracking number, reused tracking, bad JSON', async () => {
		const noWeight = await failure(
			split([{ items: [{ lineId: LINE_A1 }], trackingNumber: 'P1', returnTrackingNumber: 'R1' }]),
		);
		expect(noWeight.message).toMatch(
			/"Parcels \(JSON\)" \(parcels\[0\]\.weight\).*weight in grams.*Zalando requires it/,
		);
		const zero = await failure(
			split([
				{
					items: [{ lineId: LINE_A1 }],
					weight: 0,
					trackingNumber: 'P1',
					returnTrackingNumber: 'R1',
				},
			]),
		);
		expect(zero.message).toMatch(/parcels\[0\]\.weight.*whole number from 1/);
		const noReturn = await failure(
			split([{ items: [{ lineId: LINE_A1 }], weight: 10, trackingNumber: 'P1' }]),
		);
		expect(noReturn.message).toMatch(
			/parcels\[0\]\.returnTrackingNumber.*Zalando requires one.*Allow Missing Return Tracking/,
		);
		const reused = await failure(
			split([
				{
					items: [{ lineId: LINE_A1 }],
					weight: 10,
					trackingNumber: 'SAME',
					returnTrackingNumber: 'R1',
				},
				{
					items: [{ lineId: LINE_B1 }],
					weight: 10,
					trackingNumber: 'SAME',
					returnTrackingNumber: 'R2',
				},
			]),
		);
		expect(reused.message).toMatch(/parcels\[1\]\.trackingNumber.*parcel 1 has SAME already/);
		const twoRests = await failure(
			split([
				{ items: 'allOpen', weight: 10, trackingNumber: 'P1', returnTrackingNumber: 'R1' },
				{ items: 'allOpen', weight: 10, trackingNumber: 'P2', returnTrackingNumber: 'R2' },
			]),
		);
		expect(twoRests.message).toMatch(/"allOpen" in one parcel at most/);
		const noItems = await failure(
			split([{ weight: 10, trackingNumber: 'P1', returnTrackingNumber: 'R1' }]),
		);
		expect(noItems.message).toMatch(/parcels\[0\]\.items.*"allOpen"/);
		expect((await failure(split('[{"items": '))).message).toMatch(
			/"Parcels \(JSON\)" \(parcels\).*JSON array/,
		);
		const method = await failure(split(twoParcels, { method: 'parcels' }));
		expect(method.message).toMatch(/"Method" \(method\).*lineStatus, shipmentsApi/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('ships without return tracking when allowed, and checks each parcel against the order before any write', async () => {
		mockZalandoToken(2);
		const bodies: unknown[] = [];
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true }))
			.get(shipmentsPath())
			.reply(200, shipmentsDocument())
			.post(shipmentsPath(), (b) => (bodies.push(b), true))
			.reply(201, { shipment_id: P1 })
			.patch(`${shipmentsPath()}/${P1}`)
			.reply(204)
			.get(orderPath())
			.query(true)
			.reply(200, shippedOrder([LINE_A1]));
		const { items } = await runZalando(
			split([{ items: [{ lineId: LINE_A1 }], weight: 10, trackingNumber: 'P1' }], {
				options: { allowMissingReturnTracking: true },
			}),
		);
		expect(bodies).toEqual([
			{
				order_lines: [{ order_line_id: LINE_A1 }],
				weight: { value: 10, unit: 'g' },
				tracking_number: 'P1',
			},
		]);
		// the lines no parcel names stay where Zalando put them, reported as they are
		expect(items[0].json.linesNotInParcels).toEqual([
			{ lineId: '11111111-1111-4111-8111-111111111111', orderLineId: LINE_A2, status: 'initial' },
			{ lineId: '22222222-2222-4222-8222-222222222222', orderLineId: LINE_B1, status: 'initial' },
		]);
		// three units of the first item do not exist: refused after reading the order, before any write
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true }))
			.get(shipmentsPath())
			.reply(200, shipmentsDocument());
		const tooMany = await failure(
			split([
				{
					items: [{ ean: '8712345678906', quantity: 3 }],
					weight: 10,
					trackingNumber: 'P9',
					returnTrackingNumber: 'R9',
				},
			]),
		);
		expect(tooMany.message).toMatch(
			/"Parcels \(JSON\)" \(parcels\[0\]\.items\[\]\.quantity\).*at most 2 unit/,
		);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a re-run reports parcels shipped with their tracking as alreadyShipped and finishes a created one', async () => {
		mockZalandoToken();
		const writes: string[] = [];
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, shippedOrder([LINE_A1, LINE_A2]))
			.get(shipmentsPath())
			.reply(
				200,
				shipmentsDocument([
					shipment(P1, [LINE_A1, LINE_A2], { status: 'shipped', tracking_number: 'PARCEL-1' }),
					shipment(P2, [LINE_B1], { status: 'initial', tracking_number: 'PARCEL-2' }),
				]),
			)
			.patch(`${shipmentsPath()}/${P2}`, (b) => (writes.push(`PATCH ${JSON.stringify(b)}`), true))
			.reply(204)
			.get(orderPath())
			.query(true)
			.reply(200, shippedOrder([LINE_A1, LINE_A2, LINE_B1]));
		const { items } = await runZalando(split());
		expect(writes).toEqual(['PATCH {"status":"shipped"}']);
		expect(
			(items[0].json.parcels as Array<Record<string, unknown>>).map((p) => [
				p.status,
				p.shipmentId,
			]),
		).toEqual([
			['alreadyShipped', P1],
			['shipped', P2],
		]);
		// everything shipped: the whole item says so, and nothing is sent
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, shippedOrder([LINE_A1, LINE_A2, LINE_B1]))
			.get(shipmentsPath())
			.reply(
				200,
				shipmentsDocument([
					shipment(P1, [LINE_A1, LINE_A2], { status: 'shipped', tracking_number: 'PARCEL-1' }),
					shipment(P2, [LINE_B1], { status: 'shipped', tracking_number: 'PARCEL-2' }),
				]),
			)
			.get(orderPath())
			.query(true)
			.reply(200, shippedOrder([LINE_A1, LINE_A2, LINE_B1]));
		mockZalandoToken();
		const again = await runZalando(split());
		expect(again.items[0].json).toMatchObject({
			status: 'alreadyShipped',
			parcels: [{ status: 'alreadyShipped' }, { status: 'alreadyShipped' }],
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a tracking number already shipped with other lines is refused, not reported as done', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, shippedOrder([LINE_B1]))
			.get(shipmentsPath())
			.reply(
				200,
				shipmentsDocument([
					shipment(P2, [LINE_B1], { status: 'shipped', tracking_number: 'PARCEL-1' }),
				]),
			);
		const error = await failure(split());
		expect(error.message).toMatch(
			/parcels\[0\]\.trackingNumber.*shipped with PARCEL-1 holding other lines/,
		);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('refuses an order shipped line by line (never mixed), before any write', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, shippedOrder([LINE_A1]))
			.get(shipmentsPath())
			.reply(200, shipmentsDocument());
		const error = await failure(
			split([{ items: 'allOpen', weight: 10, trackingNumber: 'P1', returnTrackingNumber: 'R1' }]),
		);
		expect(error.message).toMatch(
			new RegExp(`already shipped line by line \\(lines ${LINE_A1}\\).*does not allow mixing`),
		);
		expect(error.description).toMatch(/Method "Line Status"/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('pilot not enabled (403): a clear error telling to ask the integration manager or use Line Status', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true }))
			.get(shipmentsPath())
			.reply(
				403,
				{ errors: [{ status: '403', title: 'Forbidden', detail: 'Access denied.' }] },
				{ 'content-type': JSON_API },
			);
		const listed = await failure(split());
		expect(listed.message).toMatch(
			/Zalando refused the Shipments API for order .*pilot.*not enabled for this account/,
		);
		expect(listed.description).toMatch(
			/integration manager.*Method to "Line Status".*Access denied/,
		);
		// a 403 on the create that names the pilot: the same error
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true }))
			.get(shipmentsPath())
			.reply(200, shipmentsDocument())
			.post(shipmentsPath())
			.reply(
				403,
				{
					type: 'about:blank',
					title: 'Forbidden',
					status: 403,
					detail: 'The Shipments API is a pilot feature and is not enabled.',
				},
				{ 'content-type': 'application/problem+json' },
			);
		const created = await failure(split());
		expect(created.message).toMatch(/Zalando refused the Shipments API/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('a failure halfway names the parcels shipped, created and not sent', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true }))
			.get(shipmentsPath())
			.reply(200, shipmentsDocument())
			.post(shipmentsPath())
			.reply(201, { shipment_id: P1 })
			.patch(`${shipmentsPath()}/${P1}`)
			.reply(204)
			.post(shipmentsPath())
			.reply(201, { shipment_id: P2 })
			.patch(`${shipmentsPath()}/${P2}`)
			.reply(
				403,
				{
					errors: [{ status: '403', title: 'Forbidden', detail: 'Status transition not allowed.' }],
				},
				{ 'content-type': JSON_API },
			);
		const error = await failure(
			split([
				{ ...twoParcels[0], items: [{ ean: '8712345678906', quantity: 1 }] },
				twoParcels[1],
				{ items: 'allOpen', weight: 5, trackingNumber: 'PARCEL-3', returnTrackingNumber: 'RET-3' },
			]),
		);
		expect(error.message).toMatch(
			/parcel 2 failed after other parcels were sent to Zalando: .*Status transition not allowed/,
		);
		expect(error.description).toContain(`parcel 1 (PARCEL-1, shipment ${P1}): shipped`);
		expect(error.description).toContain(
			`parcel 2 (PARCEL-2, shipment ${P2}): created, NOT shipped`,
		);
		expect(error.description).toContain('parcel 3 (PARCEL-3): not sent');
		expect(error.description).toMatch(/Run again with the same parcels/);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('test mode: nothing is written, the item says what the first write would have been', async () => {
		mockZalandoToken();
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true }))
			.get(shipmentsPath())
			.reply(200, shipmentsDocument());
		const { items } = await runZalando(split(twoParcels, { testMode: 'always' }));
		expect(items[0].json).toMatchObject({ status: 'test', testMode: true });
		expect(JSON.stringify(items[0].json.wouldSend)).toContain('PARCEL-1');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('Line Status stays the default: no Method parameter ships line by line, never touching shipments', async () => {
		mockZalandoToken();
		const paths: string[] = [];
		nock(ZALANDO_BASE)
			.get(orderPath())
			.query(true)
			.reply(200, orderDocument({ exported: true }))
			.patch(/.*/)
			.times(4)
			.reply(204, (uri) => (paths.push(uri), ''));
		await runZalando({
			resource: 'shipment',
			operation: 'create',
			orderId: ORDER_ID,
			trackingNumber: 'T1',
			returnTrackingNumber: 'R1',
			itemsMode: 'allOpen',
			options: {},
		});
		expect(paths).toHaveLength(4);
		expect(paths.every((p) => !p.includes('/shipments'))).toBe(true);
		expect(paths[0]).toBe(orderPath());
		expect(nock.pendingMocks()).toEqual([]);
	});
});
