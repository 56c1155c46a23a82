/**
 * workflows-templates/miinto-magento2-lifecycle.json in a real n8n against the Miinto and Magento 2 emulators.
 * Every lane runs from a manual start of a test copy: the Miinto lanes from a Miinto node listing what the trigger
 * would emit, the Magento lanes (Magento has no webhooks: its side polls) from a stand-in for their schedule trigger.
 * So no test waits for a poll, and each run's effect is checked as soon as the run is over.
 *
 * The Miinto emulator starts with its account, its shops and their feeds only, and gets this test's data: one
 * transfer of four positions (two the store accepts, one priced under the threshold, one out of stock) and, later,
 * two orders accepted in Miinto by hand and a buyer's RMA. The store's prices are set to the Miinto feed's (DKK).
 */
import { expect, it } from 'vitest';

import { nodeItems } from '../../../../sandbox/n8n/index.mts';
import { adminState, mageRest, MANUAL_SCHEDULE_START } from '../../lifecycle-support.mts';
import { EMULATED_DAY_MINUTES, lifecyclePair, NOTIFY } from '../pair.mts';
import {
	expectTransferDecided,
	expectTransferNotDecidedAgain,
	MIINTO_SHOP_DK,
	miintoFeedsOnly,
	miintoGetTransfer,
	miintoListRmas,
	miintoListTransfers,
	miintoPatches,
	miintoState,
	positionOf,
	rmaRequestPosts,
	rmaRequestsOf,
	seedBuyerRma,
	seedOrdersAcceptedByHand,
	seedTestTransfer,
	shippedAtMiinto,
	stockAtMiinto,
	transferNow,
} from '../../miinto-support.mts';
import { hasComment, mageTag, type MageOrder, type MageState } from '../../states.mts';

const TRANSFERS = 'e2eLifeMiiMgTrf1';
const AGAIN = 'e2eLifeMiiMgAgn1';
const RMAS = 'e2eLifeMiiMgRma1';
const RECONCILE = 'e2eLifeMiiMgRec1';
const CHANGES = 'e2eLifeMiiMgChg1';
const STOCK = 'e2eLifeMiiMgStk1';
const SHOP = MIINTO_SHOP_DK;
const TRACKING = '00370726000000004343';
const LATE_TRACKING = '00370726000000005454';

/** Miinto x Magento 2 lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let miiUrl: string;
	let mageUrl: string;
	/** The store's SKUs: accepted (a: 2 units, d), priced too low (b), out of stock (c); e and f: accepted by hand. */
	const sku: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', string> = {
		a: '',
		b: '',
		c: '',
		d: '',
		e: '',
		f: '',
	};
	let transferId: number;
	/** The Miinto order the accepted positions became, and its store order. */
	let miintoOrderId: string;
	let storeOrder: MageOrder;
	/** The orders accepted in Miinto by hand (the reconciliation created them in the store). */
	const byHand: Array<{ miintoOrderId: string; order: MageOrder }> = [];

	const magento = async <T,>(method: string, path: string, body?: unknown) =>
		await mageRest(mageUrl)<T>(method, path, body);
	const mageState = async () => await adminState<MageState>(mageUrl);
	const miiState = async () => await miintoState(miiUrl);
	const storeOrdersOf = async (orderId: string) =>
		(await mageState()).orders.filter((order) => mageTag(order, 'miinto') === orderId);
	const orderNow = async (id: number) =>
		(await mageState()).orders.find((order) => order.entity_id === id)!;
	const patches = async (suffix: string) => await miintoPatches(miiUrl, suffix);
	/** Runs a test copy and expects a successful run; returns it. */
	const run = async (workflowId: string) => {
		const execution = await pair.instance.execute(workflowId);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		return execution;
	};
	const ran = (execution: Awaited<ReturnType<typeof run>>) =>
		Object.keys(execution.run.data.resultData.runData);

	const pair = lifecyclePair('miinto', 'magento2', {
		seed: async ({ urls }) => {
			miiUrl = urls.marketplace;
			mageUrl = urls.store;
			// the account, its shops and their feeds only: no seeded transfers, orders or RMAs
			const feed = await miintoFeedsOnly(miiUrl, SHOP);
			const store = await mageState();
			// simple products in the Miinto feed with salable stock
			const candidates = store.products
				.filter(
					(product) =>
						product.type_id === 'simple' &&
						(store.salable[product.sku] ?? 0) >= 10 &&
						feed.has(product.sku),
				)
				.map((product) => product.sku);
			expect(candidates.length).toBeGreaterThanOrEqual(6);
			const [a, b, c, d, e, f] = candidates;
			Object.assign(sku, { a, b, c, d, e, f });
			// the store sells in the Miinto shop's currency (DKK) at the feed's prices: what auto-acceptance compares with
			for (const product of [a, b, c, d, e, f])
				await magento('PUT', `/products/${encodeURIComponent(product)}`, {
					product: { price: feed.get(product)!.referencePrice / 100 },
				});
			await magento('POST', '/inventory/source-items', {
				sourceItems: ['default', 'ams_warehouse'].map((source_code) => ({
					sku: c,
					source_code,
					quantity: 0,
					status: 1,
				})),
			});
			expect((await mageState()).salable[c]).toBe(0);
			transferId = await seedTestTransfer(miiUrl, SHOP, sku);
		},
		settings: { shopId: SHOP },
		workflows: ({ copy, credentials }) => {
			const manual = (
				id: string,
				what: string,
				manualStart: NonNullable<Parameters<typeof copy>[2]>['manualStart'],
				settings: Record<string, unknown> = {},
			) => copy(id, `${what}, manual start`, { settings, manualStart });
			return [
				manual(TRANSFERS, 'pending transfers', {
					'Miinto: New Transfers': miintoListTransfers(credentials.miintoApi, SHOP),
				}),
				// the same transfer delivered again (a re-run of its execution), after it was decided
				manual(AGAIN, 'the transfer again', {
					'Miinto: New Transfers': miintoGetTransfer(credentials.miintoApi, SHOP, transferId),
				}),
				manual(RMAS, 'pending RMAs', {
					'Miinto: New RMAs': miintoListRmas(credentials.miintoApi, SHOP),
				}),
				// the emulator's clock runs 60 times faster than n8n's: no order would be old enough for the default
				manual(
					RECONCILE,
					'order reconciliation',
					{ 'Every Hour: Reconcile Orders': MANUAL_SCHEDULE_START },
					{ reconcileMinAgeMinutes: -EMULATED_DAY_MINUTES },
				),
				manual(CHANGES, 'store changes', {
					'Every 5 Minutes: Store Changes': MANUAL_SCHEDULE_START,
				}),
				manual(STOCK, 'stock', { 'Every 15 Minutes: Stock': MANUAL_SCHEDULE_START }),
			];
		},
	});

	it('transfers: each position is accepted or declined as the rules decide, in one call, and the accepted order is placed once in Magento', async () => {
		// in stock and priced at least 0.97 x the store's price: accepted; 0.9 x: declined; out of stock: declined
		const decided = await expectTransferDecided(
			miiUrl,
			await pair.instance.execute(TRANSFERS),
			transferId,
			sku,
		);
		miintoOrderId = decided.miintoOrderId;
		const orders = await storeOrdersOf(miintoOrderId);
		expect(orders).toHaveLength(1);
		storeOrder = orders[0];
		expect(storeOrder.state).toBe('processing');
		// Miinto collected the money: the order is invoiced; the accepted positions only
		expect(storeOrder.items.every((item) => item.qty_invoiced === item.qty_ordered)).toBe(true);
		expect(storeOrder.items.map((item) => [item.sku, item.qty_ordered]).sort()).toEqual(
			[
				[sku.a, 2],
				[sku.d, 1],
			].sort(),
		);
		expect((await mageState()).orders.filter((order) => mageTag(order, 'miinto'))).toHaveLength(1);
	});

	it('a second run creates nothing twice: the transfer again sends nothing, the reconciliation skips the order in Magento', async () => {
		const orders = (await mageState()).orders.length;
		await expectTransferNotDecidedAgain(
			miiUrl,
			await pair.instance.execute(AGAIN),
			transferId,
			'Magento: New Cart',
		);
		const reconcile = await run(RECONCILE);
		expect(
			nodeItems(reconcile.run.data, 'Miinto: Accepted Orders').map((item) => item.json.orderId),
		).toContain(miintoOrderId);
		expect(nodeItems(reconcile.run.data, 'Only New Orders')).toHaveLength(0);
		expect((await mageState()).orders.length).toBe(orders);
		expect(await storeOrdersOf(miintoOrderId)).toHaveLength(1);
	});

	it('reconciliation: orders accepted in Miinto by hand are placed in Magento by the hourly reconciliation, once', async () => {
		const orders = await seedOrdersAcceptedByHand(miiUrl, SHOP, [sku.e, sku.f]);
		expect(orders).toHaveLength(2);
		await run(RECONCILE);
		for (const order of orders) {
			const created = await storeOrdersOf(String(order.id));
			expect(created).toHaveLength(1);
			expect(created[0].items.map((item) => item.qty_ordered)).toEqual([1]);
			byHand.push({ miintoOrderId: String(order.id), order: created[0] });
		}
		const second = await run(RECONCILE);
		expect(nodeItems(second.run.data, 'Only New Orders')).toHaveLength(0);
		for (const order of orders) expect(await storeOrdersOf(String(order.id))).toHaveLength(1);
	});

	it('shipments: a Magento shipment with a track ships every position at Miinto with a provider Miinto allows, once', async () => {
		const shipmentId = await magento<number>('POST', `/order/${storeOrder.entity_id}/ship`, {
			tracks: [{ track_number: TRACKING, title: 'PostNord', carrier_code: 'custom' }],
		});
		await run(CHANGES);
		const shipped = await shippedAtMiinto(miiUrl, miintoOrderId, TRACKING)();
		expect(shipped?.status).toBe('shipped');
		// PostNord (id 1) is one of the providers Miinto allows for a Danish order
		expect(shipped!.acceptedPositions.every((p) => p.shippingProviderId === 1)).toBe(true);
		expect(hasComment(await orderNow(storeOrder.entity_id), `[miinto-shipped:${shipmentId}]`)).toBe(
			true,
		);
		// the next poll sees the shipment again: it is not shipped twice
		const again = await run(CHANGES);
		expect(ran(again)).not.toContain('Miinto: Ship Order');
		expect(await patches(`/orders/${miintoOrderId}`)).toHaveLength(1);
	});

	it('shipments: a shipment without a track sends one email and ships nothing; the track added later ships it', async () => {
		const [{ miintoOrderId: orderId, order }] = byHand;
		const shipmentId = await magento<number>('POST', `/order/${order.entity_id}/ship`, {});
		await run(CHANGES);
		const mails = () => pair.smtp.about(orderId, /track/i);
		expect(mails()).toHaveLength(1);
		expect(mails()[0].to).toEqual([NOTIFY]);
		expect(
			hasComment(await orderNow(order.entity_id), `[miinto-tracking-missing:${shipmentId}]`),
		).toBe(true);
		expect(await patches(`/orders/${orderId}`)).toHaveLength(0);
		// the next poll: no second email
		await run(CHANGES);
		expect(mails()).toHaveLength(1);

		await magento('POST', '/shipment/track', {
			entity: {
				parent_id: shipmentId,
				order_id: order.entity_id,
				track_number: LATE_TRACKING,
				title: 'PostNord',
				carrier_code: 'custom',
			},
		});
		await run(CHANGES);
		expect((await shippedAtMiinto(miiUrl, orderId, LATE_TRACKING)())?.status).toBe('shipped');
		expect(hasComment(await orderNow(order.entity_id), `[miinto-shipped:${shipmentId}]`)).toBe(
			true,
		);
		expect(mails()).toHaveLength(1);
		expect(await patches(`/orders/${orderId}`)).toHaveLength(1);
	});

	it('RMAs: a buyer RMA is accepted at Miinto and becomes one credit memo with return to stock; a second run does nothing twice', async () => {
		const returned = positionOf(await transferNow(miiUrl, transferId), sku.a);
		const salableBefore = (await mageState()).salable[sku.a];
		const requestsBefore = (await miiState()).counters.rmaRequests ?? 0;
		const rma = await seedBuyerRma(miiUrl, Number(miintoOrderId), returned.id, 'Too small');
		await run(RMAS);
		expect((await miiState()).rmas.find((candidate) => candidate.id === rma.id)!.status).toBe(
			'accepted',
		);
		const memos = async () =>
			(await mageState()).creditmemos.filter((memo) => memo.order_id === storeOrder.entity_id);
		const [memo, ...others] = await memos();
		expect(others).toHaveLength(0);
		expect(memo.items).toEqual([
			expect.objectContaining({ sku: sku.a, qty: 1, back_to_stock: true }),
		]);
		expect(
			hasComment(
				await orderNow(storeOrder.entity_id),
				`[miinto-return-refunded:${rma.id}/${returned.id}:${memo.entity_id}]`,
			),
		).toBe(true);
		expect((await mageState()).salable[sku.a]).toBe(salableBefore + 1);
		// no other store order got a credit memo
		expect(new Set((await mageState()).creditmemos.map((m) => m.order_id))).toEqual(
			new Set([storeOrder.entity_id]),
		);
		// the same RMAs again (the next poll, a re-run): nothing pending, nothing decided or refunded twice
		const second = await run(RMAS);
		expect(ran(second)).not.toContain('Miinto: Accept RMA');
		expect(await memos()).toHaveLength(1);
		expect(await patches(`/rmas/${rma.id}`)).toHaveLength(1);
		// the memo this lane made is Miinto's own: the refund lane does not send it back as an RMA request
		const changes = await run(CHANGES);
		expect(ran(changes)).not.toContain('Miinto: Refund');
		expect((await miiState()).counters.rmaRequests ?? 0).toBe(requestsBefore);
	});

	it('store refunds: a credit memo made in Magento becomes one Miinto RMA request of its items', async () => {
		const refunded = positionOf(await transferNow(miiUrl, transferId), sku.d);
		const line = storeOrder.items.find((item) => item.sku === sku.d)!;
		const memoId = await magento<number>('POST', `/order/${storeOrder.entity_id}/refund`, {
			items: [{ order_item_id: line.item_id, qty: 1 }],
			arguments: { shipping_amount: 0 },
		});
		await run(CHANGES);
		const [request, ...others] = await rmaRequestsOf(miiUrl, miintoOrderId);
		expect(others).toHaveLength(0);
		expect(request.positions.map(({ id, quantity }) => ({ id, quantity }))).toEqual([
			{ id: refunded.id, quantity: 1 },
		]);
		expect(
			hasComment(await orderNow(storeOrder.entity_id), `[miinto-refund-forwarded:${memoId}]`),
		).toBe(true);
		// the next poll: the memo is not sent again
		await run(CHANGES);
		expect(await rmaRequestPosts(miiUrl)).toHaveLength(1);
	});

	it('stock: a salable quantity changed in Magento reaches Miinto by your product id (the SKU); unchanged ones are not sent again', async () => {
		const first = await run(STOCK);
		const sent = nodeItems(first.run.data, 'Miinto: Update Stock').length;
		expect(sent).toBeGreaterThan(6);
		for (const key of ['a', 'c', 'e'] as const)
			expect(
				await stockAtMiinto(miiUrl, SHOP, sku[key], (await mageState()).salable[sku[key]])(),
			).toBeDefined();
		await magento('POST', '/inventory/source-items', {
			sourceItems: [{ sku: sku.b, source_code: 'default', quantity: 7, status: 1 }],
		});
		const salable = (await mageState()).salable[sku.b];
		const second = await run(STOCK);
		// only what changed since the last run
		expect(
			nodeItems(second.run.data, 'Miinto: Update Stock').map((item) => item.json.productId),
		).toEqual([sku.b]);
		expect((await stockAtMiinto(miiUrl, SHOP, sku.b, salable)())?.known).toBe(true);
	});
}
