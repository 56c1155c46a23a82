import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BolRetailer } from '../../../nodes/BolRetailer/BolRetailer.node.ts';
import { BOL_BASE, bolContext, mockToken, problem } from '../../helpers/bol.mts';
import { installFakeClock } from '../../helpers/clock.mts';
import { connectionReset } from '../../helpers/nock.mts';
import { bolExample } from '../../helpers/spec.mts';
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

const cancel = (options: Record<string, unknown> = {}) => ({
	resource: 'order',
	operation: 'cancel',
	orderId: (i: number) => ['A2K8290LP8', 'B3K8290LP9'][i],
	orderItemIds: '',
	reasonCode: 'OUT_OF_STOCK',
	options,
});

/** Two orders with one open item each; bol answers the first cancellation SUCCESS at once, the second PENDING. */
function twoCancellations() {
	mockToken();
	earlierStatuses('2012345678', 'CANCEL_ORDER');
	earlierStatuses('2099999999', 'CANCEL_ORDER');
	nock(BOL_BASE)
		.get('/retailer/orders/A2K8290LP8')
		.reply(200, specOrder())
		.get('/retailer/orders/B3K8290LP9')
		.reply(
			200,
			specOrder({
				orderId: 'B3K8290LP9',
				orderItems: [{ ...specOrder().orderItems[0], orderItemId: '2099999999' }],
			}),
		)
		.put('/retailer/orders/cancellation')
		.reply(202, processStatus('SUCCESS', '1', { eventType: 'CANCEL_ORDER' }))
		.put('/retailer/orders/cancellation')
		.reply(202, processStatus('PENDING', '2', { eventType: 'CANCEL_ORDER' }));
}

describe('bol process statuses on the job runner', () => {
	it('a status that cannot be read fails only its item, with Continue On Fail, carrying the process status id', async () => {
		twoCancellations();
		nock(BOL_BASE).get('/shared/process-status/2').reply(404, problem(404, 'Not Found'));
		const { items } = await runNode(cancel(), {
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(items[0].json).toMatchObject({ orderId: 'A2K8290LP8', status: 'cancelled' });
		expect(items[1].json.error).toContain('Could not read the status of process status 2');
		expect(items[1].json.processStatusIds).toEqual(['2']);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('without Continue On Fail the error says which items were applied', async () => {
		twoCancellations();
		nock(BOL_BASE).get('/shared/process-status/2').reply(404, problem(404, 'Not Found'));
		const fake = bolContext(cancel(), { items: [{ json: {} }, { json: {} }] });
		const error = (await new BolRetailer().execute.call(fake.ctx).then(
			() => undefined,
			(e: unknown) => e,
		)) as Error & { description?: string };
		expect(error.message).toBe('1 of 2 cancellations failed; the other 1 were applied');
		expect(error.description).toContain('item 1: Could not read the status of process status 2');
		expect(error.description).toContain('Applied: item 0.');
	});

	it('reports a status still PENDING after the wait as pending, with its process status id, never as done', async () => {
		mockToken();
		earlierStatuses('2012345678', 'CANCEL_ORDER');
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.put('/retailer/orders/cancellation')
			.reply(202, processStatus('PENDING', '7', { eventType: 'CANCEL_ORDER' }))
			.get('/shared/process-status/7')
			.times(20)
			.reply(200, processStatus('PENDING', '7', { eventType: 'CANCEL_ORDER' }));
		const { items } = await runNode(
			{ ...cancel({ processingTimeout: 5 }), orderId: 'A2K8290LP8' },
			{ items: [{ json: {} }] },
		);
		expect(items[0].json).toMatchObject({
			status: 'pending',
			lines: [{ processStatusId: '7', status: 'PENDING' }],
		});
	});

	it('resends the bulk process-status call (a read) when the connection drops', async () => {
		twoCancellations();
		// the first cancellation PENDING too, so both are polled with one bulk call
		nock.cleanAll();
		mockToken();
		earlierStatuses('2012345678', 'CANCEL_ORDER', [], 2);
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.get('/retailer/orders/B3K8290LP9')
			.reply(200, specOrder({ orderId: 'B3K8290LP9' }))
			.put('/retailer/orders/cancellation')
			.reply(202, processStatus('PENDING', '1', { eventType: 'CANCEL_ORDER' }))
			.put('/retailer/orders/cancellation')
			.reply(202, processStatus('PENDING', '2', { eventType: 'CANCEL_ORDER' }))
			.post('/shared/process-status')
			.replyWithError(connectionReset())
			.post('/shared/process-status')
			.reply(200, {
				processStatuses: [
					processStatus('SUCCESS', '1', { eventType: 'CANCEL_ORDER' }),
					processStatus('SUCCESS', '2', { eventType: 'CANCEL_ORDER' }),
				],
			});
		const { items } = await runNode(cancel(), { items: [{ json: {} }, { json: {} }] });
		expect(items.map((i) => i.json.status)).toEqual(['cancelled', 'cancelled']);
	});
});

describe('bol refund: what was returned already is not refunded again', () => {
	function shippedTwiceReturnedOnce() {
		const order = specOrder();
		order.orderItems = [
			{
				...order.orderItems[0],
				orderItemId: '3',
				quantity: 2,
				quantityShipped: 2,
				product: { ean: '9789076174082', title: 'B' },
			},
		];
		const ret = bolExample<Record<string, any>>('ReducedReturn');
		ret.returnItems = [
			{
				...ret.returnItems[0],
				orderId: 'A2K8290LP8',
				ean: '9789076174082',
				expectedQuantity: 1,
				handled: true,
				processingResults: [
					{
						quantity: 1,
						processingResult: 'ACCEPTED',
						handlingResult: 'RETURN_RECEIVED',
						processingDateTime: '2026-11-20T10:00:00+01:00',
					},
				],
			},
		];
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, order)
			.get('/retailer/returns')
			.query(true)
			.reply(200, { returns: [ret] });
	}

	it('refunds only the units not returned yet (shipped 2, returned and refunded 1)', async () => {
		shippedTwiceReturnedOnce();
		const bodies: unknown[] = [];
		nock(BOL_BASE)
			.post('/retailer/returns', (b) => (bodies.push(b), true))
			.reply(202, processStatus('SUCCESS', '3'));
		const { items } = await runNode({
			resource: 'refund',
			operation: 'create',
			orderId: 'A2K8290LP8',
			itemsMode: 'all',
			options: {},
		});
		expect(bodies).toEqual([
			{ orderItemId: '3', quantityReturned: 1, handlingResult: 'RETURN_RECEIVED' },
		]);
		expect(items[0].json).toMatchObject({ status: 'refunded', lines: [{ quantity: 1 }] });
	});

	it('refuses a listed quantity above what is left to refund, before sending anything', async () => {
		shippedTwiceReturnedOnce();
		const { items, fake } = await runNode(
			{
				resource: 'refund',
				operation: 'create',
				orderId: 'A2K8290LP8',
				itemsMode: 'list',
				items: '[{"lineId":"3","quantity":2}]',
				options: {},
			},
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toContain(
			'at most the refundable quantity of item 3: 1 (shipped 2, already returned and refunded 1)',
		);
		expect(fake.http.filter((h) => h.method !== 'GET' && !h.url.includes('/token'))).toHaveLength(
			0,
		);
	});
});
