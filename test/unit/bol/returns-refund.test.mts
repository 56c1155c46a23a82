import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { returnSchema } from '../../helpers/model-schemas.mts';
import { BOL_BASE, mockToken } from '../../helpers/bol.mts';
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

function specReturn(overrides: Record<string, unknown> = {}) {
	const ret = bolExample<Record<string, any>>('Return');
	ret.returnItems[0] = {
		...ret.returnItems[0],
		orderId: 'A2K8290LP8',
		ean: '0000007740404',
		handled: false,
		processingResults: [],
	};
	return { ...ret, ...overrides };
}

describe('return: getAll / get', () => {
	it('lists unhandled FBR returns and resolves order lines when asked', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/returns')
			.query({ handled: 'false', 'fulfilment-method': 'FBR', page: '1' })
			.reply(200, { returns: [specReturn()] })
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder());
		const { items } = await runNode({
			resource: 'return',
			operation: 'getAll',
			handled: 'false',
			fulfilmentMethod: 'FBR',
			returnAll: true,
			options: { resolveOrderLines: true },
		});
		const ret = items[0].json as Record<string, any>;
		expect(() => returnSchema.parse(ret)).not.toThrow();
		expect(ret).toMatchObject({
			marketplace: 'bol',
			returnId: '1',
			orderIds: ['A2K8290LP8'],
			status: 'open',
			fulfilment: 'merchant',
		});
		expect(ret.lines[0]).toMatchObject({
			lineId: '31234567',
			orderLineId: '2012345678',
			sku: 'BOLCOM00123',
			quantity: 1,
			reason: 'Niet naar verwachting',
			handled: false,
			refunded: null,
			trackAndTrace: '3SBOL0987654321',
		});
		expect(ret.customer).toMatchObject({ lastName: 'Jansen' });
	});

	it('marks a handled, accepted RETURN_RECEIVED line as refunded by bol', async () => {
		mockToken();
		const handled = specReturn();
		handled.returnItems[0].handled = true;
		handled.returnItems[0].processingResults = [
			{
				quantity: 1,
				processingResult: 'ACCEPTED',
				handlingResult: 'RETURN_RECEIVED',
				processingDateTime: '2018-04-17T10:55:37+02:00',
			},
		];
		nock(BOL_BASE).get('/retailer/returns/1').reply(200, handled);
		const { items } = await runNode({
			resource: 'return',
			operation: 'get',
			returnId: '1',
			options: {},
		});
		expect(items[0].json).toMatchObject({ status: 'handled' });
		expect((items[0].json.lines as any[])[0]).toMatchObject({
			handlingResult: 'RETURN_RECEIVED',
			processingResult: 'ACCEPTED',
			refunded: true,
			quantityProcessed: 1,
		});
	});
});

describe('return: handle / create', () => {
	it('handles an RMA with the handling result and quantity', async () => {
		mockToken();
		const bodies: unknown[] = [];
		nock(BOL_BASE)
			.put('/retailer/returns/31234567', (b) => (bodies.push(b), true))
			.reply(202, processStatus('PENDING', '44', { eventType: 'HANDLE_RETURN_ITEM' }))
			.get('/shared/process-status/44')
			.reply(200, processStatus('SUCCESS', '44', { eventType: 'HANDLE_RETURN_ITEM' }));
		const { items } = await runNode({
			resource: 'return',
			operation: 'handle',
			rmaId: '31234567',
			handlingResult: 'EXCHANGE_PRODUCT',
			quantityReturned: 1,
			options: {},
		});
		expect(bodies).toEqual([{ handlingResult: 'EXCHANGE_PRODUCT', quantityReturned: 1 }]);
		expect(items[0].json).toMatchObject({ status: 'handled', refundedByMarketplace: false });
	});

	it('does not send a handling twice when the connection drops after sending it (bol would refuse the second)', async () => {
		mockToken();
		let puts = 0;
		nock(BOL_BASE)
			.put('/retailer/returns/31234567', () => (puts++, true))
			.replyWithError(connectionReset())
			.put('/retailer/returns/31234567', () => (puts++, true))
			.optionally()
			.reply(202, processStatus('PENDING', '45', { eventType: 'HANDLE_RETURN_ITEM' }));
		const { items } = await runNode(
			{
				resource: 'return',
				operation: 'handle',
				rmaId: '31234567',
				handlingResult: 'RETURN_RECEIVED',
				quantityReturned: 1,
				options: {},
			},
			{ continueOnFail: true },
		);
		expect(puts).toBe(1);
		expect(items[0].json.error).toContain(
			'handle return item 31234567 failed without a response (ECONNRESET',
		);
		expect(items[0].json.error).toContain('Not retried: the request may have been processed');
	});

	it('refuses a handling result bol does not know, naming the allowed ones', async () => {
		const { items, fake } = await runNode(
			{
				resource: 'return',
				operation: 'handle',
				rmaId: '31234567',
				handlingResult: 'REFUND',
				quantityReturned: 1,
				options: {},
			},
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toContain(
			'Allowed: one of RETURN_RECEIVED, EXCHANGE_PRODUCT, RETURN_DOES_NOT_MEET_CONDITIONS',
		);
		expect(fake.http).toHaveLength(0);
	});

	it("creates a return with the spec's plain JSON body and returns the new return id", async () => {
		mockToken();
		nock(BOL_BASE)
			.post('/retailer/returns', {
				orderItemId: '2012345678',
				quantityReturned: 2,
				handlingResult: 'RETURN_RECEIVED',
			})
			.matchHeader('content-type', 'application/json')
			.reply(202, processStatus('PENDING', '45', { eventType: 'CREATE_RETURN_ITEM' }))
			.get('/shared/process-status/45')
			.reply(
				200,
				processStatus('SUCCESS', '45', { eventType: 'CREATE_RETURN_ITEM', entityId: '87654321' }),
			);
		const { items } = await runNode({
			resource: 'return',
			operation: 'create',
			orderItemId: '2012345678',
			quantityReturned: 2,
			handlingResult: 'RETURN_RECEIVED',
			options: {},
		});
		expect(items[0].json).toMatchObject({
			status: 'created',
			returnId: '87654321',
			refundedByMarketplace: true,
		});
	});
});

describe('refund: create', () => {
	it('cancels unshipped items, handles the open return of a shipped one, creates a return for another', async () => {
		mockToken();
		const order = specOrder();
		order.orderItems = [
			{ ...order.orderItems[0], orderItemId: '1', quantity: 1, quantityShipped: 0 },
			{
				...order.orderItems[0],
				orderItemId: '2',
				quantity: 1,
				quantityShipped: 1,
				product: { ean: '0000007740404', title: 'A' },
			},
			{
				...order.orderItems[0],
				orderItemId: '3',
				quantity: 2,
				quantityShipped: 2,
				product: { ean: '9789076174082', title: 'B' },
			},
		];
		const calls: string[] = [];
		// no earlier cancellation of the unshipped item at bol
		earlierStatuses('1', 'CANCEL_ORDER');
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, order)
			.put(
				'/retailer/orders/cancellation',
				(b) => (calls.push(`cancel ${JSON.stringify(b)}`), true),
			)
			.reply(202, processStatus('SUCCESS', '1'))
			.get('/retailer/returns')
			.query(true)
			.reply(200, { returns: [specReturn()] })
			.put('/retailer/returns/31234567', (b) => (calls.push(`handle ${JSON.stringify(b)}`), true))
			.reply(202, processStatus('SUCCESS', '2'))
			.post('/retailer/returns', (b) => (calls.push(`create ${JSON.stringify(b)}`), true))
			.reply(202, processStatus('SUCCESS', '3'));
		const { items } = await runNode({
			resource: 'refund',
			operation: 'create',
			orderId: 'A2K8290LP8',
			itemsMode: 'all',
			options: {},
		});
		expect(calls).toEqual([
			'cancel {"orderItems":[{"orderItemId":"1","reasonCode":"REQUESTED_BY_CUSTOMER"}]}',
			'handle {"handlingResult":"RETURN_RECEIVED","quantityReturned":1}',
			'create {"orderItemId":"3","quantityReturned":2,"handlingResult":"RETURN_RECEIVED"}',
		]);
		expect(items[0].json).toMatchObject({ refundedBy: 'bol', status: 'refunded' });
		expect((items[0].json.lines as any[]).map((l) => l.action)).toEqual([
			'cancelled',
			'return_handled',
			'return_created',
		]);
	});

	it('refuses a partial refund of an unshipped item before sending anything', async () => {
		mockToken();
		const order = specOrder();
		nock(BOL_BASE).get('/retailer/orders/A2K8290LP8').reply(200, order);
		const { items, fake } = await runNode(
			{
				resource: 'refund',
				operation: 'create',
				orderId: 'A2K8290LP8',
				itemsMode: 'list',
				items: '[{"lineId":"2012345678","quantity":1}]',
				options: {},
			},
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toContain('bol cancels an unshipped item as a whole');
		expect(fake.http.filter((h) => h.method !== 'GET' && !h.url.includes('/token'))).toHaveLength(
			0,
		);
	});
});

describe('processStatus: get', () => {
	it('gets many ids in one bulk call', async () => {
		mockToken();
		nock(BOL_BASE)
			.post('/shared/process-status', {
				processStatusQueries: [{ processStatusId: '1' }, { processStatusId: '2' }],
			})
			.reply(200, {
				processStatuses: [
					processStatus('SUCCESS', '1'),
					processStatus('FAILURE', '2', { errorMessage: 'x' }),
				],
			});
		const { items } = await runNode({
			resource: 'processStatus',
			operation: 'get',
			processStatusIds: '1,2',
		});
		expect(items.map((i) => [i.json.processStatusId, i.json.status])).toEqual([
			['1', 'SUCCESS'],
			['2', 'FAILURE'],
		]);
	});
});
