import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { resolveTransporter } from '../../../nodes/BolRetailer/actions/shipment/create';
import { BOL_BASE, V10, V11, mockToken, problem } from '../../helpers/bol.mts';
import { installFakeClock } from '../../helpers/clock.mts';
import { earlierStatuses, processStatus, specOrder } from './fixtures.mts';
import { runNode } from './run.mts';

let restore: () => void;
beforeEach(() => {
	({ restore } = installFakeClock());
	nock.disableNetConnect();
});
afterEach(() => {
	restore();
	nock.cleanAll();
	nock.enableNetConnect();
});

const ship = (extra: Record<string, unknown> = {}) => ({
	resource: 'shipment',
	operation: 'create',
	orderId: 'A2K8290LP8',
	itemsMode: 'allOpen',
	carrier: 'PostNL',
	trackAndTrace: '3SBOL0987654321',
	shipmentReference: 'STORE-1001',
	options: {},
	...extra,
});

/** Serves the order and a shipment left PENDING; returns the shipment bodies sent. */
function servePendingShipment(processStatusId: string): unknown[] {
	mockToken();
	earlierStatuses('2012345678', 'CREATE_SHIPMENT');
	const bodies: unknown[] = [];
	nock(BOL_BASE)
		.get('/retailer/orders/A2K8290LP8')
		.reply(200, specOrder())
		.post('/retailer/shipments', (b) => (bodies.push(b), true))
		.reply(202, processStatus('PENDING', processStatusId));
	return bodies;
}

describe('shipment: create', () => {
	it('ships all open items with the mapped transporter and waits for SUCCESS', async () => {
		mockToken();
		earlierStatuses('2012345678', 'CREATE_SHIPMENT');
		const bodies: unknown[] = [];
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.post('/retailer/shipments', (b) => (bodies.push(b), true))
			.matchHeader('content-type', V10)
			.reply(202, processStatus('PENDING', '77', { eventType: 'CREATE_SHIPMENT' }))
			.get('/shared/process-status/77')
			.reply(200, processStatus('SUCCESS', '77', { eventType: 'CREATE_SHIPMENT' }));
		const { items } = await runNode(ship());
		expect(bodies).toEqual([
			{
				orderItems: [{ orderItemId: '2012345678', quantity: 2 }],
				shipmentReference: 'STORE-1001',
				transport: { transporterCode: 'TNT', trackAndTrace: '3SBOL0987654321' },
			},
		]);
		expect(items[0].json).toMatchObject({
			status: 'shipped',
			transporterCode: 'TNT',
			trackAndTrace: '3SBOL0987654321',
		});
	});

	it('ships listed items found by SKU with a quantity, and returns PENDING when not waiting', async () => {
		const bodies = servePendingShipment('78');
		const { items } = await runNode(
			ship({
				itemsMode: 'list',
				items: '[{"sku": "BOLCOM00123", "quantity": 1}]',
				carrier: 'dpd',
				options: { waitForProcessing: false },
			}),
		);
		expect(bodies[0]).toMatchObject({
			orderItems: [{ orderItemId: '2012345678', quantity: 1 }],
			transport: { transporterCode: 'DPD-NL' },
		});
		expect(items[0].json.status).toBe('pending');
	});

	it('refuses an unknown carrier without a default, listing what is allowed, before any request', async () => {
		const { items, fake } = await runNode(ship({ carrier: 'Pigeon Express' }), {
			continueOnFail: true,
		});
		expect(items[0].json.error).toMatch(
			/Invalid value for "Carrier" \(carrier\): got "Pigeon Express". Allowed: a bol transporter code \(BRIEFPOST, UPS, TNT/,
		);
		expect(fake.http).toHaveLength(0);
	});

	it('refuses a quantity above what is open', async () => {
		mockToken();
		nock(BOL_BASE).get('/retailer/orders/A2K8290LP8').reply(200, specOrder());
		const { items } = await runNode(
			ship({ itemsMode: 'list', items: [{ sku: 'BOLCOM00123', quantity: 5 }] }),
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toContain(
			'Invalid value for "Items to Ship (JSON)" (items[].quantity): got 5. Allowed: a whole number from 1 to 2 (the open quantity of line 2012345678)',
		);
	});

	it('ships only the items the retailer fulfils from an order with an FBB item', async () => {
		mockToken();
		earlierStatuses('2012345678', 'CREATE_SHIPMENT');
		const bodies: unknown[] = [];
		const order = specOrder();
		order.orderItems.push({
			...order.orderItems[0],
			orderItemId: '2012345679',
			fulfilment: { ...order.orderItems[0].fulfilment, method: 'FBB' },
		});
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, order)
			.post('/retailer/shipments', (b) => (bodies.push(b), true))
			.reply(202, processStatus('PENDING', '80'));
		await runNode(ship({ options: { waitForProcessing: false } }));
		expect(bodies[0]).toMatchObject({ orderItems: [{ orderItemId: '2012345678', quantity: 2 }] });
	});

	it('checks the check digit of a listed EAN before any request, naming the field and the value', async () => {
		const { items, fake } = await runNode(
			ship({ itemsMode: 'list', items: [{ ean: '0000007740405', quantity: 1 }] }),
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toBe(
			'Invalid value for "Items to Ship (JSON)" (items[].ean): got "0000007740405". Allowed: an EAN/GTIN of 8, 12, 13 or 14 digits with a valid check digit.',
		);
		expect(fake.http).toHaveLength(0);
	});

	it('names the unknown item and lists the lines of the order', async () => {
		mockToken();
		nock(BOL_BASE).get('/retailer/orders/A2K8290LP8').reply(200, specOrder());
		const { items } = await runNode(ship({ itemsMode: 'list', items: [{ sku: 'NOT-IN-ORDER' }] }), {
			continueOnFail: true,
		});
		expect(items[0].json.error).toMatch(
			/^Invalid value for "Items to Ship \(JSON\)" \(items\[\]\.sku\): got "NOT-IN-ORDER"\. Allowed: a sku of a line of order A2K8290LP8: 2012345678 \(sku BOLCOM00123, .*2 open\)/,
		);
	});

	it('lets the Carrier Mapping win over a carrier name that is also a bol code', async () => {
		const bodies = servePendingShipment('79');
		const { items } = await runNode(
			ship({
				carrier: 'DHL',
				options: {
					waitForProcessing: false,
					carrierMapping: { mapping: [{ storeCarrier: 'dhl', transporterCode: 'DHLFORYOU' }] },
				},
			}),
		);
		expect(bodies[0]).toMatchObject({ transport: { transporterCode: 'DHLFORYOU' } });
		expect(items[0].json.transporterCode).toBe('DHLFORYOU');
	});

	it('recognises bol codes typed with spaces or dots, and lists the known names of an unknown carrier', async () => {
		expect(resolveTransporter('TNT Express', [], '')).toBe('TNT-EXPRESS');
		expect(resolveTransporter('dpd.be', [], '')).toBe('DPD-BE');
		const { items, fake } = await runNode(ship({ carrier: 'Pigeon Express' }), {
			continueOnFail: true,
		});
		expect(items[0].json.error).toContain(
			'a known carrier name (postnl, tnt, dhl, dhlparcel, dhlde, dhlforyou, dpd, dpdnl, dpdbe, ups, gls, bpost, fedex, briefpost), a carrier listed in the Carrier Mapping option, or set a Default Transporter.',
		);
		expect(fake.http).toHaveLength(0);
	});

	it('ships items named by id and quantity without looking the order up, and waits for many items at once', async () => {
		mockToken();
		earlierStatuses('100', 'CREATE_SHIPMENT');
		earlierStatuses('101', 'CREATE_SHIPMENT');
		nock(BOL_BASE)
			.post('/retailer/shipments')
			.reply(202, processStatus('PENDING', '501'))
			.post('/retailer/shipments')
			.reply(202, processStatus('PENDING', '502'))
			.post('/shared/process-status', {
				processStatusQueries: [{ processStatusId: '501' }, { processStatusId: '502' }],
			})
			.reply(200, {
				processStatuses: [
					processStatus('SUCCESS', '501'),
					processStatus('FAILURE', '502', { errorMessage: 'Item already shipped' }),
				],
			});
		const { items, fake } = await runNode(
			ship({
				orderId: (i: number) => `O${i}`,
				itemsMode: 'list',
				items: (i: number) => [{ lineId: `10${i}`, quantity: 1 }],
			}),
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(fake.http.filter((h) => h.url.includes('/retailer/orders/'))).toHaveLength(0);
		expect(items[0].json).toMatchObject({ orderId: 'O0', status: 'shipped' });
		expect(items[1].json.error).toBe(
			'Bol.com could not create the shipment: item 101 (Item already shipped)',
		);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('maps carriers: code as typed, mapping table, aliases, default', () => {
		const mapping = [{ storeCarrier: 'Our Courier', transporterCode: 'GLS' }];
		expect(resolveTransporter('dhl_de', mapping, '')).toBe('DHL_DE');
		expect(resolveTransporter('our-courier', mapping, '')).toBe('GLS');
		expect(resolveTransporter('Post NL', mapping, '')).toBe('TNT');
		expect(resolveTransporter('Unknown', mapping, 'OTHER')).toBe('OTHER');
		expect(resolveTransporter('', mapping, '')).toBeUndefined();
		// the mapping comes first, also for a name that is a bol code (it used to lose to the code)
		expect(
			resolveTransporter('DHL', [{ storeCarrier: 'DHL', transporterCode: 'DHLFORYOU' }], ''),
		).toBe('DHLFORYOU');
	});
});

const stockItems = (eans: string[]) => eans.map((ean) => ({ json: { ean } }));

describe('stock: update', () => {
	it('looks offers up by EAN in one batch and patches each with the v11 media type', async () => {
		mockToken();
		const eans = ['0000007740404', '9789076174082', '8712345678906'];
		const patched: Array<{ id: string; body: unknown }> = [];
		nock(BOL_BASE, { reqheaders: { accept: V11 } })
			.get('/retailer/offers')
			.query({ eans, 'page-size': '100' })
			.reply(200, {
				offers: eans.map((ean, i) => ({
					offerId: `00000000-0000-0000-0000-00000000000${i}`,
					ean,
					reference: `SKU${i}`,
					fulfilment: { method: 'FBR' },
				})),
				page: { pageSize: 100, nextCursor: null },
			})
			.patch(/\/retailer\/offers\/.+/, (body) => ((patched as unknown[]).push(body), true))
			.times(3)
			.matchHeader('content-type', V11)
			.reply(204);
		const { items } = await runNode(
			{
				resource: 'stock',
				operation: 'update',
				identifyBy: 'ean',
				ean: (i: number) => eans[i],
				quantity: (i: number) => [5, 0, 1500][i],
				options: {},
			},
			{ items: stockItems(eans) },
		);
		expect(patched).toEqual([
			{ stock: { amount: 5, managedByRetailer: false } },
			{ stock: { amount: 0, managedByRetailer: false } },
			{ stock: { amount: 999, managedByRetailer: false } },
		]);
		expect(items.map((i) => i.json.status)).toEqual(['updated', 'updated', 'updated']);
		expect(items[2].json).toMatchObject({
			quantity: 999,
			requestedQuantity: 1500,
			capped: true,
			reference: 'SKU2',
		});
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('reports each failed item and applies the others', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/offers')
			.query(true)
			.reply(200, {
				offers: [
					{
						offerId: '00000000-0000-0000-0000-000000000001',
						ean: '0000007740404',
						fulfilment: { method: 'FBR' },
					},
					{
						offerId: '00000000-0000-0000-0000-000000000002',
						ean: '9789076174082',
						fulfilment: { method: 'FBB' },
					},
				],
				page: {},
			})
			.patch('/retailer/offers/00000000-0000-0000-0000-000000000001')
			.reply(204);
		const eans = ['0000007740404', '9789076174082', '1234', '8712345678906'];
		const parameters = {
			resource: 'stock',
			operation: 'update',
			identifyBy: 'ean',
			ean: (i: number) => eans[i],
			quantity: 3,
			options: {},
		};

		const lenient = await runNode(parameters, { items: stockItems(eans), continueOnFail: true });
		expect(lenient.items.map((i) => i.json.status ?? 'error')).toEqual([
			'updated',
			'error',
			'error',
			'error',
		]);
		expect(lenient.items[1].json.error).toContain('read-only');
		expect(lenient.items[2].json.error).toContain('Invalid value for "EAN" (ean): got "1234"');
		expect(lenient.items[3].json.error).toContain('no offer found');

		mockToken();
		nock(BOL_BASE)
			.get('/retailer/offers')
			.query(true)
			.reply(200, {
				offers: [
					{
						offerId: '00000000-0000-0000-0000-000000000001',
						ean: '0000007740404',
						fulfilment: { method: 'FBR' },
					},
				],
				page: {},
			})
			.patch('/retailer/offers/00000000-0000-0000-0000-000000000001')
			.reply(204);
		const strict = await runNode(parameters, { items: stockItems(eans) }).catch((e) => e);
		expect(strict.message).toBe('3 of 4 stock updates failed; the other 1 were applied');
		expect(strict.description).toMatch(/item 1: .*\nitem 2: .*\nitem 3: /);
	});

	it("carries a bol rejection of one offer as that item's error", async () => {
		mockToken();
		nock(BOL_BASE)
			.patch('/retailer/offers/6ff736b5-cdd0-4150-8c67-78269ee986f5')
			.reply(
				400,
				problem(400, 'Error validating request.', [
					{ name: 'stock.amount', reason: 'must be less than or equal to 999' },
				]),
			);
		const { items } = await runNode(
			{
				resource: 'stock',
				operation: 'update',
				identifyBy: 'offerId',
				offerId: '6ff736b5-cdd0-4150-8c67-78269ee986f5',
				quantity: 3,
				options: {},
			},
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toContain('stock.amount: must be less than or equal to 999');
	});
});
