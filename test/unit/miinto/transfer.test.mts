/**
 * Transfers (order requests): pending list normalized, and Accept / Decline positions as one PATCH whose body is
 * exactly the one public clients send after review with Miinto (§2.4): `{"acceptedPositions":[{"id":1}],
 * "declinedPositions":[{"id":2}]}`, the new order's id returned, a result per position, partial failures named.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { Miinto } from '../../../nodes/Miinto/Miinto.node.ts';
import {
	DEFAULT_ACCEPTANCE,
	decideAcceptance,
	lookupFrom,
} from '../../../nodes/MarketplaceOrderSync/rules/acceptance';
import type { MarketplaceOrder } from '../../../nodes/shared/model';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import { orderSchema } from '../../helpers/model-schemas.mts';
import {
	ORDER,
	SHOP,
	arrived,
	channel,
	envelope,
	miintoContext,
	mockChannels,
	position,
	runMiinto,
	shopPath,
	signatureProblem,
	transfer,
	type ArrivedRequest,
} from '../../helpers/miinto.mts';

useNockAndFakeClock(Date.parse('2026-11-23T10:00:00Z'));

const TRANSFER = 4711;
const decide = (extra: Record<string, unknown>) => ({
	resource: 'transfer',
	operation: 'decide',
	shopId: SHOP,
	transferId: String(TRANSFER),
	...extra,
});

/** GET of the transfer (answers in turn), and the PATCH: its answer, the requests recorded. */
function serveTransfer(
	states: unknown[],
	patchAnswer?: [number, unknown],
): { gets: ArrivedRequest[]; patches: ArrivedRequest[] } {
	const gets: ArrivedRequest[] = [];
	const patches: ArrivedRequest[] = [];
	nock(ORDER)
		.get(shopPath(`/transfers/${TRANSFER}`))
		.times(states.length)
		.reply(function (_uri, body) {
			gets.push(arrived(this.req, body));
			return [200, envelope(states[gets.length - 1])];
		});
	if (patchAnswer) {
		nock(ORDER)
			.patch(shopPath(`/transfers/${TRANSFER}`))
			.reply(function (_uri, body) {
				patches.push(arrived(this.req, body));
				return patchAnswer;
			});
	}
	return { gets, patches };
}

describe('Transfer > Get Many and Get', () => {
	it('lists pending transfers as normalized orders: one line per pending position, prices from minor units', async () => {
		mockChannels(1);
		nock(ORDER)
			.get(shopPath('/transfers'))
			.query({ 'status[]': 'pending', sort: '-createdAt', limit: '50', offset: '0' })
			.reply(
				200,
				envelope(
					[
						transfer(TRANSFER, [], {
							pendingPositions: [
								position(1201, { quantity: 2, price: 12995 }),
								position(1202, { price: 4950 }),
							],
						}),
					],
					{ totalItemCount: 1 },
				),
			);
		const { items } = await runMiinto({
			resource: 'transfer',
			operation: 'getAll',
			shopId: SHOP,
			returnAll: true,
			options: {},
		});
		expect(items).toHaveLength(1);
		const json = items[0].json;
		expect(orderSchema.parse(json)).toBeTruthy();
		expect(json).toMatchObject({
			marketplace: 'miinto',
			orderId: String(TRANSFER),
			status: 'pending',
			currency: 'DKK',
			createdAt: '2026-11-23T10:15:00.000Z',
			totals: { items: 309.4, total: 309.4 },
			extra: { shopId: SHOP, transferId: String(TRANSFER), pendingPositionIds: ['1201', '1202'] },
		});
		expect(json.lines).toMatchObject([
			{
				lineId: '1201',
				sku: '5701234567899',
				ean: '5701234567899',
				quantity: 2,
				unitPrice: 129.95,
				totalPrice: 259.9,
			},
			{ lineId: '1202', quantity: 1, unitPrice: 49.5, totalPrice: 49.5 },
		]);
	});

	it('gets one transfer; Product Identification picks your product id as the SKU', async () => {
		mockChannels(1);
		serveTransfer([transfer(TRANSFER, [1201])]);
		const { items } = await runMiinto(
			decide({ operation: 'get', options: { productIdentification: 'productId' } }),
		);
		expect(items[0].json.lines).toMatchObject([{ lineId: '1201', sku: 'SKU-1201' }]);
	});
});

describe('Transfer > Accept / Decline Positions', () => {
	it('accepts and declines the listed positions in one signed PATCH and returns the new order id', async () => {
		mockChannels(1);
		const { gets, patches } = serveTransfer(
			[transfer(TRANSFER, [1201, 1202, 1203])],
			[200, envelope({ newOrder: { id: 990001 } })],
		);
		const { items } = await runMiinto(
			decide({ decision: 'listed', acceptPositionIds: '1201, 1202', declinePositionIds: '1203' }),
		);
		expect(patches).toHaveLength(1);
		expect(patches[0].body).toBe(
			'{"acceptedPositions":[{"id":1201},{"id":1202}],"declinedPositions":[{"id":1203}]}',
		);
		expect(patches[0].headers['content-type']).toMatch(/application\/json/);
		for (const request of [...gets, ...patches])
			expect(signatureProblem(request, channel(1))).toBe('');
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({
			transferId: String(TRANSFER),
			newOrderId: '990001',
			accepted: ['1201', '1202'],
			declined: ['1203'],
			leftPending: [],
			positions: [
				{ positionId: '1201', decision: 'accepted', result: 'applied' },
				{ positionId: '1202', decision: 'accepted', result: 'applied' },
				{ positionId: '1203', decision: 'declined', result: 'applied' },
			],
		});
	});

	it('Accept Every Pending Position and Decline Every Pending Position send every pending position', async () => {
		mockChannels(1);
		const accept = serveTransfer(
			[transfer(TRANSFER, [1201, 1202])],
			[200, envelope({ newOrder: { id: 990002 } })],
		);
		const accepted = await runMiinto(decide({ decision: 'acceptAll' }));
		expect(accept.patches[0].body).toBe(
			'{"acceptedPositions":[{"id":1201},{"id":1202}],"declinedPositions":[]}',
		);
		expect(accepted.items[0].json.newOrderId).toBe('990002');

		mockChannels(1);
		const decline = serveTransfer(
			[transfer(TRANSFER, [1201, 1202])],
			[200, envelope({ newOrder: null })],
		);
		const declined = await runMiinto(decide({ decision: 'declineAll' }));
		expect(decline.patches[0].body).toBe(
			'{"acceptedPositions":[],"declinedPositions":[{"id":1201},{"id":1202}]}',
		);
		// nothing accepted: no order
		expect(declined.items[0].json.newOrderId).toBeNull();
		expect(declined.items[0].json.declined).toEqual(['1201', '1202']);
	});

	it('positions not listed are declined when asked, and left pending by default', async () => {
		mockChannels(1);
		const first = serveTransfer(
			[transfer(TRANSFER, [1201, 1202, 1203])],
			[200, envelope({ newOrder: { id: 1 } })],
		);
		await runMiinto(
			decide({ decision: 'listed', acceptPositionIds: '1202', remaining: 'decline' }),
		);
		expect(first.patches[0].body).toBe(
			'{"acceptedPositions":[{"id":1202}],"declinedPositions":[{"id":1201},{"id":1203}]}',
		);

		mockChannels(1);
		const second = serveTransfer(
			[transfer(TRANSFER, [1201, 1202, 1203])],
			[200, envelope({ newOrder: { id: 2 } })],
		);
		const { items } = await runMiinto(decide({ decision: 'listed', acceptPositionIds: [1202] }));
		expect(second.patches[0].body).toBe(
			'{"acceptedPositions":[{"id":1202}],"declinedPositions":[]}',
		);
		expect(items[0].json.leftPending).toEqual(['1201', '1203']);
	});

	it('positions decided before are reported, not sent again; nothing left to send sends nothing', async () => {
		mockChannels(1);
		const decidedBefore = transfer(TRANSFER, [], {
			acceptedPositions: [position(1201)],
			declinedPositions: [position(1203)],
		});
		const { patches } = serveTransfer([decidedBefore]);
		const { items } = await runMiinto(
			decide({ decision: 'listed', acceptPositionIds: '1201', declinePositionIds: '1203' }),
		);
		expect(patches).toHaveLength(0);
		expect(items[0].json).toMatchObject({
			newOrderId: null,
			alreadyDecided: ['1201', '1203'],
			positions: [
				{ positionId: '1201', decision: 'accepted', result: 'alreadyDecided' },
				{ positionId: '1203', decision: 'declined', result: 'alreadyDecided' },
			],
		});
		expect(items[0].json.note).toMatch(/Nothing sent/);
	});

	it('a position that is not pending is refused before the PATCH, naming the pending ones', async () => {
		mockChannels(1);
		const { patches } = serveTransfer([
			transfer(TRANSFER, [1201, 1202], { declinedPositions: [position(1209)] }),
		]);
		const unknown = await runMiinto(
			decide({ decision: 'listed', acceptPositionIds: '1299' }),
		).catch((e: Error) => e);
		expect((unknown as Error).message).toBe(
			'Invalid value for "Position IDs to Accept" (acceptPositionIds): got "1299". Allowed: a pending position of transfer 4711: 1201, 1202.',
		);
		mockChannels(1);
		serveTransfer([transfer(TRANSFER, [1201, 1202], { declinedPositions: [position(1209)] })]);
		const flipped = await runMiinto(
			decide({ decision: 'listed', acceptPositionIds: '1209' }),
		).catch((e: Error) => e);
		expect((flipped as Error).message).toMatch(
			/position 1209 of transfer 4711 was already declined at Miinto/,
		);
		expect(patches).toHaveLength(0);
	});

	it("From Decide Acceptance: the rules node's per-line decisions become one PATCH (in stock at >= 0.97 x price accepted)", async () => {
		// two runs (Transfer > Get, then Accept / Decline): two credentials loaded fresh, one channel each
		mockChannels(2);
		const offered = transfer(TRANSFER, [], {
			pendingPositions: [
				position(1201, { price: 12995 }),
				position(1202, { price: 4950, item: { gtin: '5701234567905', name: 'Top' } }),
				position(1203, { price: 9000, item: { gtin: '4006381333931', name: 'Scarf' } }),
			],
		});
		nock(ORDER)
			.get(shopPath(`/transfers/${TRANSFER}`))
			.reply(200, envelope(offered));
		const listedTransfer = await runMiinto(decide({ operation: 'get', options: {} }));
		const normalized = listedTransfer.items[0].json as unknown as MarketplaceOrder;
		// the store: 1201 in stock at 130.00 (129.95 >= 126.10), 1202 too cheap (49.50 < 58.20), 1203 unknown
		const store = lookupFrom(
			{
				'5701234567899': { stock: 3, finalPrice: 130 },
				'5701234567905': { stock: 5, finalPrice: 60 },
			},
			'ean',
		)!;
		const acceptance = decideAcceptance(
			normalized,
			{ kind: 'lookup', entries: store },
			{
				...DEFAULT_ACCEPTANCE,
				matchBy: 'ean',
			},
		);
		expect(acceptance.lines.map((l) => l.decision)).toEqual(['accept', 'decline', 'decline']);

		const { patches } = serveTransfer([offered], [200, envelope({ newOrder: { id: 990003 } })]);
		const { items } = await runMiinto(
			decide({
				decision: 'fromAcceptance',
				acceptance: { ...acceptance, lines: acceptance.lines },
			}),
		);
		expect(patches[0].body).toBe(
			'{"acceptedPositions":[{"id":1201}],"declinedPositions":[{"id":1202},{"id":1203}]}',
		);
		expect(items[0].json).toMatchObject({
			newOrderId: '990003',
			accepted: ['1201'],
			declined: ['1202', '1203'],
		});
	});

	it('From Decide Acceptance: ignored lines stay pending unless Positions Not Listed says otherwise', async () => {
		mockChannels(1);
		const { patches } = serveTransfer(
			[transfer(TRANSFER, [1201, 1202])],
			[200, envelope({ newOrder: { id: 5 } })],
		);
		const acceptance = JSON.stringify({
			decision: 'accept',
			lines: [
				{ lineId: '1201', decision: 'accept' },
				{ lineId: '1202', decision: 'ignored' },
			],
		});
		const { items } = await runMiinto(decide({ decision: 'fromAcceptance', acceptance }));
		expect(patches[0].body).toBe('{"acceptedPositions":[{"id":1201}],"declinedPositions":[]}');
		expect(items[0].json.leftPending).toEqual(['1202']);
	});

	it('a partial failure names the positions applied and the ones that failed', async () => {
		mockChannels(1);
		const after = transfer(TRANSFER, [1203], {
			acceptedPositions: [position(1201), position(1202)],
		});
		const { patches, gets } = serveTransfer(
			[transfer(TRANSFER, [1201, 1202, 1203]), after],
			[
				409,
				{ meta: { status: 'failure', message: 'Position 1203 is out of stock at the warehouse' } },
			],
		);
		const error = await runMiinto(
			decide({ decision: 'listed', acceptPositionIds: '1201,1202', declinePositionIds: '1203' }),
		).catch((e: unknown) => e);
		expect(patches).toHaveLength(1);
		expect(gets).toHaveLength(2);
		const e = error as { message: string; description: string };
		expect(e.message).toMatch(
			/^Transfer 4711: 2 of 3 position\(s\) were decided at Miinto, 1 failed: Miinto rejected accept 2 and decline 1 position\(s\) of transfer 4711 \(409\): Position 1203 is out of stock/,
		);
		expect(e.description).toMatch(
			/Applied at Miinto: 1201 \(accepted\), 1202 \(accepted\)\. Failed \(still pending\): 1203 \(declined\)/,
		);
	});

	it('with Continue On Fail a failure is the item output and the next item still runs', async () => {
		mockChannels(1);
		nock(ORDER)
			.get(shopPath('/transfers/1'))
			.reply(404, { meta: { status: 'failure', message: 'Transfer not found' } })
			.get(shopPath('/transfers/2'))
			.reply(200, envelope(transfer(2, [21])))
			.patch(shopPath('/transfers/2'))
			.reply(200, envelope({ newOrder: { id: 77 } }));
		const { items } = await runMiinto(
			decide({ transferId: (i: number) => String(i + 1), decision: 'acceptAll' }),
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({ pairedItem: { item: 0 } });
		expect(items[0].json.error).toMatch(
			/Miinto rejected get transfer 1 \(404\): Transfer not found/,
		);
		expect(items[1]).toMatchObject({ pairedItem: { item: 1 }, json: { newOrderId: '77' } });
	});

	it('a lost answer whose PATCH went through is reported as applied, without the order id', async () => {
		mockChannels(1);
		const after = transfer(TRANSFER, [], { acceptedPositions: [position(1201)] });
		serveTransfer(
			[transfer(TRANSFER, [1201]), after],
			[422, { meta: { status: 'failure', message: 'Positions are not pending' } }],
		);
		const { items } = await runMiinto(decide({ decision: 'acceptAll' }));
		expect(items[0].json).toMatchObject({
			newOrderId: null,
			positions: [{ positionId: '1201', decision: 'accepted', result: 'applied' }],
		});
		expect(items[0].json.note).toMatch(/every position decided as asked/);
	});

	it('in test mode reads the transfer but sends no PATCH, and says what it would send', async () => {
		mockChannels(1);
		const { patches } = serveTransfer([transfer(TRANSFER, [1201])], [200, envelope({})]);
		const { items } = await runMiinto(decide({ decision: 'acceptAll', testMode: 'always' }));
		expect(patches).toHaveLength(0);
		expect(items[0].json).toMatchObject({
			testMode: true,
			status: 'test',
			wouldSend: [
				{
					method: 'PATCH',
					url: `${ORDER}${shopPath(`/transfers/${TRANSFER}`)}`,
					body: { acceptedPositions: [{ id: 1201 }], declinedPositions: [] },
				},
			],
		});
		expect(JSON.stringify(items)).not.toContain(channel(1).token);
	});
});

describe('Accept / Decline: input checked before any request', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		[
			'nothing listed',
			{ decision: 'listed', acceptPositionIds: '', declinePositionIds: '' },
			/"Position IDs to Accept" \(acceptPositionIds\): got nothing\. Allowed: at least one position ID to accept or decline/,
		],
		[
			'a position in both lists',
			{ decision: 'listed', acceptPositionIds: '1,2', declinePositionIds: '2' },
			/"Position IDs to Decline" \(declinePositionIds\): got "2"\. Allowed: position IDs that are not also listed to accept/,
		],
		[
			'a position id that is not a number',
			{ decision: 'listed', acceptPositionIds: '12a' },
			/"Position IDs to Accept" \(acceptPositionIds\).*whole-number position IDs/,
		],
		[
			'an acceptance without lines',
			{ decision: 'fromAcceptance', acceptance: { decision: 'accept' } },
			/"Acceptance" \(acceptance\): got \{"decision":"accept"\}\. Allowed: the `acceptance` of a Decide Acceptance output item/,
		],
		[
			'an acceptance line with an unknown decision',
			{ decision: 'fromAcceptance', acceptance: { lines: [{ lineId: 1201, decision: 'maybe' }] } },
			/"Acceptance line 1" \(acceptance\.lines\[0\]\.decision\): got "maybe"\. Allowed: one of accept, decline, ignored/,
		],
		[
			'an acceptance whose lines were all ignored',
			{
				decision: 'fromAcceptance',
				acceptance: { lines: [{ lineId: '1201', decision: 'ignored' }] },
			},
			/"Acceptance" \(acceptance\).*every line was ignored/,
		],
		[
			'an unknown decision',
			{ decision: 'acceptSome' },
			/"Decision" \(decision\): got "acceptSome"\. Allowed: one of listed, fromAcceptance, autoAccept, acceptAll, declineAll/,
		],
		[
			'an unknown remaining choice',
			{ decision: 'listed', acceptPositionIds: '1', remaining: 'ignore' },
			/"Positions Not Listed" \(remaining\): got "ignore"\. Allowed: one of leave, accept, decline/,
		],
		[
			'a transfer id that is not a number',
			{ decision: 'acceptAll', transferId: 'T-4711' },
			/"Transfer ID" \(transferId\): got "T-4711"\. Allowed: .*a whole number/,
		],
		[
			'a shop id with a slash',
			{ decision: 'acceptAll', shopId: '1-m!i!s/../x' },
			/"Shop Name or ID" \(shopId\).*unified location ID/,
		],
	];
	for (const [name, parameters, message] of cases) {
		it(`refuses ${name}`, async () => {
			const fake = miintoContext(decide(parameters));
			const error = await new Miinto().execute.call(fake.ctx).catch((e: Error) => e);
			expect((error as Error).message).toMatch(message);
			// no channel opened, nothing sent
			expect(fake.http).toEqual([]);
			expect(fake.preAuthentications).toBe(0);
		});
	}
});
