/**
 * A shipment or cancellation whose answer was lost (a dropped connection, a 502) may still be processed by bol when
 * Retry On Fail or a re-run sends the same input again: the node first asks bol for the item's recent process statuses
 * and waits for a PENDING or SUCCESS one instead of sending the request a second time.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BolRetailer } from '../../../nodes/BolRetailer/BolRetailer.node.ts';
import { BOL_BASE, bolContext, mockToken, problem } from '../../helpers/bol.mts';
import { installFakeClock } from '../../helpers/clock.mts';
import { earlierStatuses, processStatus, specOrder } from './fixtures.mts';
import { runNode } from './run.mts';

let restore: () => void;
beforeEach(() => {
	// now: 2026-11-23T10:00:00Z
	({ restore } = installFakeClock());
	nock.disableNetConnect();
});
afterEach(() => {
	restore();
	nock.cleanAll();
	nock.enableNetConnect();
});

/** 30 s before the fake clock's now, in bol's format. */
const RECENT = '2026-11-23T10:59:30+01:00';
/** 90 minutes before now: outside the window. */
const LONG_AGO = '2026-11-23T09:30:00+01:00';

const earlier = (
	status: 'PENDING' | 'SUCCESS' | 'FAILURE',
	id: string,
	entityId: string,
	eventType: 'CREATE_SHIPMENT' | 'CANCEL_ORDER',
	createTimestamp = RECENT,
) => processStatus(status, id, { entityId, eventType, createTimestamp });

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

const cancel = (orderItemIds = '') => ({
	resource: 'order',
	operation: 'cancel',
	orderId: 'A2K8290LP8',
	orderItemIds,
	reasonCode: 'OUT_OF_STOCK',
	options: {},
});

const writes = (fake: { http: Array<{ method: string; url: string }> }) =>
	fake.http.filter((h) => /\/retailer\/(shipments|orders\/cancellation)$/.test(h.url));

describe('shipment: an earlier request for the same items', () => {
	it('waits for a PENDING earlier shipment instead of sending it again, and says it was adopted', async () => {
		mockToken();
		earlierStatuses('2012345678', 'CREATE_SHIPMENT', [
			earlier('PENDING', '900', '2012345678', 'CREATE_SHIPMENT'),
		]);
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.get('/shared/process-status/900')
			.reply(200, earlier('SUCCESS', '900', '2012345678', 'CREATE_SHIPMENT'));
		const { items, fake } = await runNode(ship());
		expect(writes(fake)).toHaveLength(0);
		expect(items[0].json).toMatchObject({
			orderId: 'A2K8290LP8',
			status: 'shipped',
			adoptedProcessStatus: true,
			lines: [{ lineId: '2012345678', quantity: 2 }],
			processStatus: {
				processStatusId: '900',
				status: 'SUCCESS',
				adoptedProcessStatus: true,
			},
		});
	});

	it('adopts a SUCCESS earlier shipment of items named by id and sends nothing', async () => {
		mockToken();
		earlierStatuses('2012345678', 'CREATE_SHIPMENT', [
			earlier('SUCCESS', '901', '2012345678', 'CREATE_SHIPMENT'),
		]);
		const { items, fake } = await runNode(
			ship({ itemsMode: 'list', items: [{ lineId: '2012345678', quantity: 2 }] }),
		);
		expect(writes(fake)).toHaveLength(0);
		expect(items[0].json).toMatchObject({
			status: 'shipped',
			adoptedProcessStatus: true,
			processStatus: { processStatusId: '901', status: 'SUCCESS' },
		});
	});

	it('sends the shipment when the earlier one FAILED, or is older than the window', async () => {
		mockToken();
		earlierStatuses('2012345678', 'CREATE_SHIPMENT', [
			earlier('FAILURE', '902', '2012345678', 'CREATE_SHIPMENT'),
			earlier('PENDING', '903', '2012345678', 'CREATE_SHIPMENT', LONG_AGO),
		]);
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.post('/retailer/shipments')
			.reply(202, processStatus('PENDING', '904', { eventType: 'CREATE_SHIPMENT' }));
		const { items, fake } = await runNode(ship({ options: { waitForProcessing: false } }));
		expect(writes(fake)).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			status: 'pending',
			adoptedProcessStatus: false,
			processStatus: { processStatusId: '904' },
		});
	});

	it('ships the rest of an item read from the order after a SUCCESS earlier shipment of part of it', async () => {
		mockToken();
		earlierStatuses('2012345678', 'CREATE_SHIPMENT', [
			earlier('SUCCESS', '905', '2012345678', 'CREATE_SHIPMENT'),
		]);
		const order = specOrder();
		order.orderItems[0].quantityShipped = 1;
		const bodies: unknown[] = [];
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, order)
			.post('/retailer/shipments', (b) => (bodies.push(b), true))
			.reply(202, processStatus('PENDING', '906'));
		await runNode(ship({ options: { waitForProcessing: false } }));
		expect(bodies).toMatchObject([{ orderItems: [{ orderItemId: '2012345678', quantity: 1 }] }]);
	});

	it('fails the item without sending when bol cannot say whether it was shipped already', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.get('/shared/process-status')
			.query(true)
			.reply(400, problem(400, 'Bad request'));
		const fake = bolContext(ship());
		const error = (await new BolRetailer().execute.call(fake.ctx).then(
			() => undefined,
			(e: unknown) => e,
		)) as Error & { description?: string };
		expect(error.message).toContain(
			'Could not check whether order item 2012345678 was already shipped by an earlier request',
		);
		expect(error.description).toContain(
			'Nothing was sent for this item: sending it without that check could ship it a second time.',
		);
		expect(writes(fake)).toHaveLength(0);
	});
});

describe('order cancel: an earlier cancellation of the same items', () => {
	it('waits for a PENDING earlier cancellation and sends only the items without one', async () => {
		mockToken();
		const order = specOrder();
		order.orderItems.push({ ...order.orderItems[0], orderItemId: '2012345679' });
		earlierStatuses('2012345678', 'CANCEL_ORDER', [
			earlier('PENDING', '910', '2012345678', 'CANCEL_ORDER'),
		]);
		earlierStatuses('2012345679', 'CANCEL_ORDER', [
			earlier('FAILURE', '911', '2012345679', 'CANCEL_ORDER'),
		]);
		const bodies: unknown[] = [];
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, order)
			.put('/retailer/orders/cancellation', (b) => (bodies.push(b), true))
			.reply(202, processStatus('PENDING', '912', { eventType: 'CANCEL_ORDER' }))
			.post('/shared/process-status', {
				processStatusQueries: [{ processStatusId: '910' }, { processStatusId: '912' }],
			})
			.reply(200, {
				processStatuses: [
					earlier('SUCCESS', '910', '2012345678', 'CANCEL_ORDER'),
					earlier('SUCCESS', '912', '2012345679', 'CANCEL_ORDER'),
				],
			});
		const { items } = await runNode(cancel());
		// a FAILURE earlier does not block: only the second item is sent
		expect(bodies).toEqual([
			{ orderItems: [{ orderItemId: '2012345679', reasonCode: 'OUT_OF_STOCK' }] },
		]);
		expect(items[0].json).toMatchObject({
			status: 'cancelled',
			adoptedProcessStatus: true,
			lines: [
				{ lineId: '2012345678', processStatusId: '910', adoptedProcessStatus: true },
				{ lineId: '2012345679', processStatusId: '912' },
			],
		});
		expect((items[0].json.lines as Array<Record<string, unknown>>)[1]).not.toHaveProperty(
			'adoptedProcessStatus',
		);
	});

	it('reports an item cancelled by a recent SUCCESS earlier request as cancelled, sending nothing', async () => {
		mockToken();
		const order = specOrder();
		order.orderItems[0].quantityCancelled = 2;
		earlierStatuses('2012345678', 'CANCEL_ORDER', [
			earlier('SUCCESS', '913', '2012345678', 'CANCEL_ORDER'),
		]);
		nock(BOL_BASE).get('/retailer/orders/A2K8290LP8').reply(200, order);
		const { items, fake } = await runNode(cancel('2012345678'));
		expect(writes(fake)).toHaveLength(0);
		expect(items[0].json).toMatchObject({
			status: 'cancelled',
			adoptedProcessStatus: true,
			lines: [{ lineId: '2012345678', processStatusId: '913', status: 'SUCCESS' }],
		});
	});

	it('still refuses an item cancelled long ago, naming the field', async () => {
		mockToken();
		const order = specOrder();
		order.orderItems[0].quantityCancelled = 2;
		earlierStatuses('2012345678', 'CANCEL_ORDER', [
			earlier('SUCCESS', '914', '2012345678', 'CANCEL_ORDER', LONG_AGO),
		]);
		nock(BOL_BASE).get('/retailer/orders/A2K8290LP8').reply(200, order);
		const { items } = await runNode(cancel('2012345678'), { continueOnFail: true });
		expect(items[0].json.error).toBe(
			'Invalid value for "Order Item IDs" (orderItemIds): got "2012345678". Allowed: items that are neither shipped nor cancelled yet.',
		);
	});

	it('fails the item without sending any cancellation when one lookup fails', async () => {
		mockToken();
		const order = specOrder();
		order.orderItems.push({ ...order.orderItems[0], orderItemId: '2012345679' });
		earlierStatuses('2012345678', 'CANCEL_ORDER');
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, order)
			.get('/shared/process-status')
			.query({ 'entity-id': '2012345679', 'event-type': 'CANCEL_ORDER' })
			.reply(400, problem(400, 'Bad request'));
		const { items, fake } = await runNode(cancel(), { continueOnFail: true });
		expect(items[0].json.error).toContain(
			'Could not check whether order item 2012345679 was already cancelled by an earlier request',
		);
		expect(items[0].json.errorDescription).toContain(
			'Nothing was sent for this item: sending it without that check could cancel it a second time.',
		);
		expect(writes(fake)).toHaveLength(0);
	});
});

describe('refund: an earlier cancellation of the unshipped items', () => {
	const refund = () => ({
		resource: 'refund',
		operation: 'create',
		orderId: 'A2K8290LP8',
		itemsMode: 'all',
		options: {},
	});

	it('waits for a PENDING earlier cancellation instead of cancelling again, and says it was adopted', async () => {
		mockToken();
		const order = specOrder();
		order.orderItems[0].quantityShipped = 0;
		earlierStatuses('2012345678', 'CANCEL_ORDER', [
			earlier('PENDING', '920', '2012345678', 'CANCEL_ORDER'),
		]);
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, order)
			.get('/shared/process-status/920')
			.reply(200, earlier('SUCCESS', '920', '2012345678', 'CANCEL_ORDER'));
		const { items, fake } = await runNode(refund());
		expect(writes(fake)).toHaveLength(0);
		expect(items[0].json).toMatchObject({
			refundedBy: 'bol',
			status: 'refunded',
			adoptedProcessStatus: true,
			lines: [
				{
					lineId: '2012345678',
					action: 'cancelled',
					processStatusId: '920',
					adoptedProcessStatus: true,
				},
			],
		});
	});

	it('cancels when the earlier cancellation FAILED', async () => {
		mockToken();
		const order = specOrder();
		order.orderItems[0].quantityShipped = 0;
		earlierStatuses('2012345678', 'CANCEL_ORDER', [
			earlier('FAILURE', '921', '2012345678', 'CANCEL_ORDER'),
		]);
		const bodies: unknown[] = [];
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, order)
			.put('/retailer/orders/cancellation', (b) => (bodies.push(b), true))
			.reply(202, processStatus('SUCCESS', '922', { eventType: 'CANCEL_ORDER' }));
		const { items } = await runNode(refund());
		expect(bodies).toEqual([
			{ orderItems: [{ orderItemId: '2012345678', reasonCode: 'REQUESTED_BY_CUSTOMER' }] },
		]);
		expect(items[0].json).toMatchObject({ status: 'refunded' });
		expect(items[0].json).not.toHaveProperty('adoptedProcessStatus');
	});

	it('fails the item without cancelling when bol cannot say whether it was cancelled already', async () => {
		mockToken();
		const order = specOrder();
		order.orderItems[0].quantityShipped = 0;
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, order)
			.get('/shared/process-status')
			.query(true)
			.reply(500, problem(500, 'Internal error'))
			.persist();
		const { items, fake } = await runNode(refund(), { continueOnFail: true });
		expect(items[0].json.error).toContain(
			'Could not check whether order item 2012345678 was already cancelled by an earlier request',
		);
		expect(writes(fake)).toHaveLength(0);
	});
});
