/**
 * Returns (RMA), RMA requests, Refund > Create and the label download, against the derived contract's RMA operations
 * (every one [unverified]: the shapes live in nodes/Miinto/unverified.ts).
 */
import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { Miinto } from '../../../nodes/Miinto/Miinto.node.ts';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	ORDER,
	SHOP,
	envelope,
	miintoContext,
	mockChannels,
	order,
	rma,
	runMiinto,
	shopPath,
	withBinaryHelper,
} from '../../helpers/miinto.mts';

useNockAndFakeClock(Date.parse('2026-11-23T12:00:00Z'));

const base = { shopId: SHOP, options: {} };

/** Records the bodies PATCHed / POSTed to a path. */
function capture(method: 'patch' | 'post', path: string, reply: nock.Body, status = 200) {
	const bodies: unknown[] = [];
	const scope = nock(ORDER);
	const record = (body: unknown) => (bodies.push(body), true);
	(method === 'patch' ? scope.patch(path, record) : scope.post(path, record)).reply(status, reply);
	return bodies;
}

describe('Return > Get Many / Get: the shared return model', () => {
	it('lists pending RMAs newest first and normalizes them (open, one line per position, amount in major units)', async () => {
		mockChannels(1);
		const queries: Array<Record<string, string>> = [];
		nock(ORDER)
			.get(shopPath('/rmas'))
			.query((q) => (queries.push(q as Record<string, string>), true))
			.reply(
				200,
				envelope([rma(7702), rma(7701, { createdAt: '2026-11-22T09:00:00Z' })], {
					totalItemCount: 2,
				}),
			);
		const { items } = await runMiinto({
			...base,
			resource: 'return',
			operation: 'getAll',
			status: 'pending',
			returnAll: true,
		});
		expect(queries[0]).toMatchObject({
			'status[]': 'pending',
			sort: '-createdAt',
			limit: '50',
			offset: '0',
		});
		expect(items.map((i) => i.json.returnId)).toEqual(['7702', '7701']);
		expect(items[0].json).toMatchObject({
			marketplace: 'miinto',
			returnId: '7702',
			orderIds: ['550001'],
			registeredAt: '2026-11-23T10:40:00.000Z',
			status: 'open',
			fulfilment: 'merchant',
			lines: [
				{
					lineId: '1201',
					orderId: '550001',
					sku: '5701234567899',
					ean: '5701234567899',
					quantity: 1,
					reason: 'Too small',
					customerComment: 'Fits like a size smaller',
					handled: false,
					refunded: null,
					trackAndTrace: 'RT123456789DK',
				},
			],
			extra: {
				shopId: SHOP,
				miintoStatus: 'pending',
				amount: 129.95,
				currency: 'DKK',
				refundedBy: 'miinto',
			},
		});
	});

	it('Created After stops reading at the first older RMA; Any sends no status filter', async () => {
		mockChannels(1);
		const queries: Array<Record<string, string>> = [];
		nock(ORDER)
			.get(shopPath('/rmas'))
			.query((q) => (queries.push(q as Record<string, string>), true))
			.reply(
				200,
				envelope([rma(7702), rma(7701, { createdAt: '2026-11-22T09:00:00Z' })], {
					totalItemCount: 2,
				}),
			);
		const { items } = await runMiinto({
			...base,
			resource: 'return',
			operation: 'getAll',
			status: 'any',
			returnAll: true,
			options: { createdAfter: '2026-11-23T00:00:00Z' },
		});
		expect(queries[0]['status[]']).toBeUndefined();
		expect(items.map((i) => i.json.returnId)).toEqual(['7702']);
	});

	it('Get: an accepted RMA is handled and refunded by Miinto, a declined one is not refunded', async () => {
		mockChannels(2);
		nock(ORDER)
			.get(shopPath('/rmas/7701'))
			.reply(200, envelope(rma(7701, { status: 'accepted' })))
			.get(shopPath('/rmas/7702'))
			.reply(200, envelope(rma(7702, { status: 'declined', decisionReason: 'Worn' })));
		const accepted = (
			await runMiinto({ ...base, resource: 'return', operation: 'get', rmaId: '7701' })
		).items[0].json;
		const declined = (
			await runMiinto({ ...base, resource: 'return', operation: 'get', rmaId: '7702' })
		).items[0].json;
		expect(accepted).toMatchObject({
			status: 'handled',
			lines: [{ handled: true, refunded: true, handlingResult: 'accepted', quantityProcessed: 1 }],
		});
		expect(declined).toMatchObject({
			status: 'handled',
			lines: [{ refunded: false }],
			extra: { decisionReason: 'Worn' },
		});
	});
});

describe('Return > Accept / Decline', () => {
	it('declines a pending RMA with the reason text, in one PATCH', async () => {
		mockChannels(1);
		nock(ORDER)
			.get(shopPath('/rmas/7701'))
			.reply(200, envelope(rma(7701)));
		const bodies = capture(
			'patch',
			shopPath('/rmas/7701'),
			envelope(rma(7701, { status: 'declined', decisionReason: 'Worn, tags removed' })),
		);
		const { items } = await runMiinto({
			...base,
			resource: 'return',
			operation: 'decline',
			rmaId: '7701',
			reason: ' Worn, tags removed ',
		});
		expect(bodies).toEqual([{ status: 'declined', reason: 'Worn, tags removed' }]);
		expect(items[0].json).toMatchObject({
			action: 'rma_declined',
			alreadyDone: false,
			status: 'handled',
			extra: { decisionReason: 'Worn, tags removed' },
		});
	});

	it('accepts without a reason (none is sent); an RMA accepted before is reported, not sent again', async () => {
		mockChannels(2);
		nock(ORDER)
			.get(shopPath('/rmas/7701'))
			.reply(200, envelope(rma(7701)));
		const bodies = capture(
			'patch',
			shopPath('/rmas/7701'),
			envelope(rma(7701, { status: 'accepted' })),
		);
		const first = await runMiinto({
			...base,
			resource: 'return',
			operation: 'accept',
			rmaId: '7701',
		});
		expect(bodies).toEqual([{ status: 'accepted' }]);
		expect(first.items[0].json).toMatchObject({
			action: 'rma_accepted',
			alreadyDone: false,
			lines: [{ refunded: true }],
		});

		nock(ORDER)
			.get(shopPath('/rmas/7701'))
			.reply(200, envelope(rma(7701, { status: 'accepted' })));
		const second = await runMiinto({
			...base,
			resource: 'return',
			operation: 'accept',
			rmaId: '7701',
		});
		expect(second.items[0].json).toMatchObject({ action: 'rma_accepted', alreadyDone: true });
		expect(second.fake.http.filter((e) => e.method === 'PATCH')).toEqual([]);
	});

	it('refuses to accept an RMA declined before, naming its status', async () => {
		mockChannels(1);
		nock(ORDER)
			.get(shopPath('/rmas/7701'))
			.reply(200, envelope(rma(7701, { status: 'declined' })));
		await expect(
			runMiinto({ ...base, resource: 'return', operation: 'accept', rmaId: '7701' }),
		).rejects.toThrow(/RMA 7701 is declined: only a pending RMA can be accepted/);
	});

	it.each([
		[
			{ operation: 'decline', rmaId: '7701', reason: '  ' },
			/"Reason" \(reason\): got " {2}"\. Allowed: a non-empty text of at most 1000 characters/,
		],
		[{ operation: 'decline', rmaId: '7701', reason: 'x'.repeat(1001) }, /"Reason" \(reason\)/],
		[
			{ operation: 'accept', rmaId: 'RMA-1' },
			/"RMA ID" \(rmaId\): got "RMA-1"\. Allowed: .*a whole number/,
		],
		[
			{ operation: 'getAll', status: 'open', returnAll: true },
			/"Status" \(status\): got "open"\. Allowed: one of pending, accepted, declined, any/,
		],
	])('refuses bad input before any request: %j', async (parameters, message) => {
		const fake = miintoContext({ ...base, resource: 'return', ...parameters });
		const error = await new Miinto().execute.call(fake.ctx).catch((e: Error) => e);
		expect((error as Error).message).toMatch(message);
		expect(fake.http).toEqual([]);
	});
});

/** The order 550001 (positions 1201 x2, 1202 x1) and the shop's RMAs, for RMA requests and refunds. */
function serveOrderAndRmas(rmas: unknown[]) {
	nock(ORDER)
		.get(shopPath('/orders/550001'))
		.reply(200, envelope(order(550001)))
		.get(shopPath('/rmas'))
		.query(true)
		.reply(200, envelope(rmas, { totalItemCount: rmas.length }));
}

describe('Return > Create RMA Request', () => {
	it('asks Miinto for every position less what RMAs cover, and a second run asks for nothing', async () => {
		mockChannels(2);
		serveOrderAndRmas([
			rma(7701, { status: 'accepted' }),
			rma(7700, { status: 'declined', positions: [{ id: 1202, quantity: 1 }] }),
			rma(6000, { orderId: 440001, positions: [{ id: 1202, quantity: 1 }] }),
		]);
		const bodies = capture(
			'post',
			shopPath('/rma-requests'),
			envelope(
				rma(7800, {
					type: 'rmaRequest',
					positions: [
						{ id: 1201, quantity: 1 },
						{ id: 1202, quantity: 1 },
					],
				}),
			),
			201,
		);
		const first = await runMiinto({
			...base,
			resource: 'return',
			operation: 'createRequest',
			orderId: '550001',
			itemsMode: 'allOpen',
			reason: 'Returned without an RMA',
		});
		// 1201: 2 ordered, 1 accepted by RMA 7701 -> 1; 1202: the declined RMA does not count, another order's neither
		expect(bodies).toEqual([
			{
				orderId: 550001,
				positions: [
					{ id: 1201, quantity: 1 },
					{ id: 1202, quantity: 1 },
				],
				reason: 'Returned without an RMA',
			},
		]);
		expect(first.items[0].json).toMatchObject({
			action: 'rma_request_created',
			rmaId: '7800',
			alreadyCovered: [{ positionId: '1201', quantity: 1, rmaIds: ['7701'] }],
		});
		expect(String(first.items[0].json.message)).toMatch(
			/RMA request 7800 created at Miinto for 1 x position 1201, 1 x position 1202 of order 550001/,
		);

		serveOrderAndRmas([
			rma(7800, {
				type: 'rmaRequest',
				positions: [
					{ id: 1201, quantity: 1 },
					{ id: 1202, quantity: 1 },
				],
			}),
			rma(7701, { status: 'accepted' }),
		]);
		const second = await runMiinto({
			...base,
			resource: 'return',
			operation: 'createRequest',
			orderId: '550001',
			itemsMode: 'allOpen',
		});
		expect(second.items[0].json).toMatchObject({ action: 'nothing_to_request', requested: [] });
		expect(
			second.fake.http.filter((e) => e.method === 'POST' && e.url.includes('rma-requests')),
		).toEqual([]);
	});

	it("listed items by SKU (Product Identification) and quantity; an unknown position names the order's positions", async () => {
		mockChannels(2);
		serveOrderAndRmas([]);
		const bodies = capture(
			'post',
			shopPath('/rma-requests'),
			envelope(rma(7801, { type: 'rmaRequest' })),
			201,
		);
		await runMiinto({
			...base,
			resource: 'return',
			operation: 'createRequest',
			orderId: '550001',
			itemsMode: 'list',
			items: '[{"sku": "SKU-1201", "quantity": 2}]',
			options: { productIdentification: 'productId' },
		});
		expect(bodies).toEqual([{ orderId: 550001, positions: [{ id: 1201, quantity: 2 }] }]);

		serveOrderAndRmas([]);
		await expect(
			runMiinto({
				...base,
				resource: 'return',
				operation: 'createRequest',
				orderId: '550001',
				itemsMode: 'list',
				items: [{ lineId: '9999' }],
			}),
		).rejects.toThrow(
			/Items to Return \(JSON\)" \(items\[\]\.lineId\): got "9999"\. Allowed: a lineId of a line of order 550001: 1201 .*; 1202/,
		);
	});
});

describe('Refund > Create: what Miinto allows', () => {
	it('accepts the pending RMA with exactly the refunded items, and says so', async () => {
		mockChannels(1);
		serveOrderAndRmas([rma(7701)]);
		const bodies = capture(
			'patch',
			shopPath('/rmas/7701'),
			envelope(rma(7701, { status: 'accepted' })),
		);
		const { items, fake } = await runMiinto({
			...base,
			resource: 'refund',
			operation: 'create',
			orderId: '550001',
			itemsMode: 'list',
			items: [{ lineId: '1201', quantity: 1 }],
			reason: 'Refunded in the store',
		});
		expect(bodies).toEqual([{ status: 'accepted', reason: 'Refunded in the store' }]);
		expect(items[0].json).toMatchObject({
			action: 'rma_accepted',
			rmaId: '7701',
			refundedBy: 'miinto',
		});
		expect(String(items[0].json.message)).toMatch(
			/matches pending RMA 7701 .* accepted, and Miinto refunds the buyer/,
		);
		expect(fake.http.some((e) => e.url.includes('rma-requests'))).toBe(false);
	});

	it('creates an RMA request when no RMA has the refunded items, and does nothing twice', async () => {
		mockChannels(2);
		serveOrderAndRmas([rma(7701)]);
		const bodies = capture(
			'post',
			shopPath('/rma-requests'),
			envelope(rma(7802, { type: 'rmaRequest', positions: [{ id: 1202, quantity: 1 }] })),
			201,
		);
		const first = await runMiinto({
			...base,
			resource: 'refund',
			operation: 'create',
			orderId: '550001',
			itemsMode: 'list',
			items: [{ ean: '5701234567905' }],
		});
		expect(bodies).toEqual([{ orderId: 550001, positions: [{ id: 1202, quantity: 1 }] }]);
		expect(first.items[0].json).toMatchObject({
			action: 'rma_request_created',
			rmaId: '7802',
			refundedBy: 'miinto',
		});

		serveOrderAndRmas([
			rma(7802, { type: 'rmaRequest', positions: [{ id: 1202, quantity: 1 }] }),
			rma(7701),
		]);
		const second = await runMiinto({
			...base,
			resource: 'refund',
			operation: 'create',
			orderId: '550001',
			itemsMode: 'list',
			items: [{ ean: '5701234567905' }],
		});
		expect(second.items[0].json).toMatchObject({
			action: 'nothing_to_request',
			refundedBy: 'miinto',
		});
		expect(
			second.fake.http.filter((e) => e.method !== 'GET' && !e.url.includes('/channels')),
		).toEqual([]);
	});

	it('with Accept Matching Pending RMA off, a request is created for what no RMA covers', async () => {
		mockChannels(1);
		serveOrderAndRmas([rma(7701)]);
		const bodies = capture(
			'post',
			shopPath('/rma-requests'),
			envelope(rma(7803, { type: 'rmaRequest' })),
			201,
		);
		await runMiinto({
			...base,
			resource: 'refund',
			operation: 'create',
			orderId: '550001',
			itemsMode: 'allOpen',
			options: { acceptMatchingRma: false },
		});
		// 1201: 2 ordered, 1 in pending RMA 7701
		expect(bodies).toEqual([
			{
				orderId: 550001,
				positions: [
					{ id: 1201, quantity: 1 },
					{ id: 1202, quantity: 1 },
				],
			},
		]);
	});
});

describe('Shipment > Get Label', () => {
	const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n', 'latin1');

	async function label(parameters: Record<string, unknown>) {
		const fake = withBinaryHelper(
			miintoContext({
				...base,
				resource: 'shipment',
				operation: 'getLabel',
				orderId: '550001',
				...parameters,
			}),
		);
		const output: INodeExecutionData[][] = await new Miinto().execute.call(fake.ctx);
		return { items: output[0], fake };
	}

	it('downloads the label PDF as binary data, asking for application/pdf', async () => {
		mockChannels(1);
		nock(ORDER, { reqheaders: { accept: 'application/pdf' } })
			.get(shopPath('/orders/550001/labels'))
			.reply(200, PDF, { 'Content-Type': 'application/pdf' });
		const { items } = await label({ binaryProperty: 'label' });
		expect(items[0].json).toEqual({
			orderId: '550001',
			shopId: SHOP,
			label: true,
			fileName: 'miinto-label-550001.pdf',
			bytes: PDF.length,
		});
		expect(items[0].binary?.label).toMatchObject({
			fileName: 'miinto-label-550001.pdf',
			mimeType: 'application/pdf',
		});
		expect(Buffer.from(String(items[0].binary?.label.data), 'base64').equals(PDF)).toBe(true);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('an order without a label (404) gives an item saying so, without a file', async () => {
		mockChannels(1);
		nock(ORDER)
			.get(shopPath('/orders/550001/labels'))
			.reply(404, { meta: { status: 'failure', message: 'No label' } });
		const { items } = await label({});
		expect(items[0].json).toMatchObject({
			label: false,
			message: 'Miinto has no label for order 550001',
		});
		expect(items[0].binary).toBeUndefined();
	});
});

describe('Return and Refund: Continue On Fail and Test Mode', () => {
	it('with Continue On Fail a failed RMA is the item output and the next item still runs', async () => {
		mockChannels(1);
		nock(ORDER)
			.get(shopPath('/rmas/1'))
			.reply(404, { meta: { status: 'failure', message: 'RMA not found' } })
			.get(shopPath('/rmas/2'))
			.reply(200, envelope(rma(2)))
			.patch(shopPath('/rmas/2'))
			.reply(200, envelope(rma(2, { status: 'declined' })));
		const { items } = await runMiinto(
			{
				...base,
				resource: 'return',
				operation: 'decline',
				rmaId: (i: number) => String(i + 1),
				reason: 'Worn',
			},
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({ pairedItem: { item: 0 } });
		expect(items[0].json.error).toMatch(/Miinto rejected get RMA 1 \(404\): RMA not found/);
		expect(items[1]).toMatchObject({ pairedItem: { item: 1 }, json: { action: 'rma_declined' } });
	});

	it('Refund > Create in test mode reads the order and RMAs, sends nothing and says what it would send', async () => {
		mockChannels(1);
		serveOrderAndRmas([]);
		const { items, fake } = await runMiinto({
			...base,
			resource: 'refund',
			operation: 'create',
			orderId: '550001',
			itemsMode: 'list',
			items: [{ lineId: '1202' }],
			testMode: 'always',
		});
		expect(fake.http.filter((e) => e.method === 'POST' && !e.url.includes('/channels'))).toEqual(
			[],
		);
		expect(items[0].json).toMatchObject({
			testMode: true,
			wouldSend: [
				{
					method: 'POST',
					url: `${ORDER}${shopPath('/rma-requests')}`,
					body: { orderId: 550001, positions: [{ id: 1202, quantity: 1 }] },
				},
			],
		});
	});
});
