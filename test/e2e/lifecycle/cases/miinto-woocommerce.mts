/**
 * workflows-templates/miinto-woocommerce-lifecycle.json in a real n8n against the Miinto and WooCommerce emulators.
 * The Miinto lanes run from manual starts (a Miinto node listing what the trigger would emit); the live copy's Miinto
 * triggers watch the other shop (nothing there), so no poll races a manual run. The store lanes run through
 * WooCommerce's real webhooks.
 *
 * The Miinto emulator starts with its account, its shops and their feeds only, and gets this test's data: one
 * transfer of four positions (two the store accepts, one priced under the threshold, one out of stock) and, later,
 * an order accepted in Miinto by hand and a buyer's RMA.
 */
import { expect, it } from 'vitest';

import { MIINTO_SHOP_SE } from '../../../../sandbox/emulators/index.mts';
import { nodeItems, waitFor } from '../../../../sandbox/n8n/index.mts';
import {
	adminState,
	describeExecutions,
	MANUAL_SCHEDULE_START,
	NEVER_SCHEDULE,
	wooMetaValue as meta,
	wooRest,
	type WooOrder,
	type WooState,
	type WooStock,
} from '../../lifecycle-support.mts';
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
	miintoTriggerParameters,
	positionOf,
	rmaRequestPosts,
	rmaRequestsOf,
	seedBuyerRma,
	seedOrdersAcceptedByHand,
	seedTestTransfer,
	shippedAtMiinto,
	stockAtMiinto,
	transferNow,
	waitAtMiinto,
	writesAboutOrder,
} from '../../miinto-support.mts';

const LIVE = 'e2eLifeMiiWooLive';
const TRANSFERS = 'e2eLifeMiiWooTrf1';
const AGAIN = 'e2eLifeMiiWooAgn1';
const RMAS = 'e2eLifeMiiWooRma1';
const DECLINE = 'e2eLifeMiiWooRmaD';
const RECONCILE = 'e2eLifeMiiWooRec1';
const SHOP = MIINTO_SHOP_DK;

/** Items out of each node of a run (a failure message: where the items stopped). */
const itemCounts = (data: Parameters<typeof nodeItems>[0]) =>
	Object.keys(data.resultData.runData)
		.map((name) => {
			try {
				return `${name}: ${nodeItems(data, name).length}`;
			} catch (error) {
				return `${name}: ${(error as Error).message}`;
			}
		})
		.join(', ');
const TRACKING = '00370726000000004242';
const DECLINE_REASON = 'The returned item was worn.';

/** Miinto x WooCommerce lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let miiUrl: string;
	let wooUrl: string;
	/** The store products of the transfer: accepted (a: 2 units, d), priced too low (b), out of stock (c); e: by hand. */
	const sku: Record<'a' | 'b' | 'c' | 'd' | 'e', string> = { a: '', b: '', c: '', d: '', e: '' };
	let transferId: number;
	/** The Miinto order the accepted positions became, and its store order. */
	let miintoOrderId: string;
	let storeOrder: WooOrder;
	/** The order accepted in Miinto by hand (the reconciliation created it in the store). */
	let byHand: { miintoOrderId: string; storeOrderId: number };

	const woo = async <T,>(method: string, path: string, body?: unknown) =>
		await wooRest(wooUrl)<T>(method, path, body);
	const wooState = async () => await adminState<WooState>(wooUrl);
	const miiState = async () => await miintoState(miiUrl);
	const settle = async () => await pair.settle(LIVE);
	const storeOrdersOf = async (orderId: string) =>
		(await wooState()).orders.filter((order) => meta(order, '_miinto_order_id') === orderId);
	const position = async (key: keyof typeof sku) =>
		positionOf(await transferNow(miiUrl, transferId), sku[key]);
	const stockOf = async (of: string) => {
		const state = await wooState();
		return [...state.products, ...state.variations].find((p) => p.sku === of)!.stock_quantity ?? 0;
	};
	const patches = async (suffix: string) => await miintoPatches(miiUrl, suffix);
	const live = async <T,>(what: string, probe: () => Promise<T | undefined>) =>
		await waitAtMiinto(what, probe, async () => await describeExecutions(pair.server, LIVE, 10));

	const triggers = {
		'Miinto: New Transfers': miintoTriggerParameters(SHOP),
		'Miinto: New RMAs': miintoTriggerParameters(SHOP),
	};
	const pair = lifecyclePair('miinto', 'woocommerce', {
		seed: async ({ urls }) => {
			miiUrl = urls.marketplace;
			wooUrl = urls.store;
			// the account, its shops and their feeds only: no seeded transfers, orders or RMAs
			const feed = await miintoFeedsOnly(miiUrl, SHOP);
			const candidates = (await wooState()).products.filter(
				(product: WooStock) =>
					product.type === 'simple' &&
					product.manage_stock &&
					(product.stock_quantity ?? 0) >= 10 &&
					feed.has(product.sku),
			);
			expect(candidates.length).toBeGreaterThanOrEqual(5);
			const [a, b, c, d, e] = candidates;
			Object.assign(sku, { a: a.sku, b: b.sku, c: c.sku, d: d.sku, e: e.sku });
			// the price last exported to Miinto (the feed's, in DKK): what auto-acceptance compares with (Koongo)
			for (const product of [a, b, c, d, e]) {
				await woo('PUT', `/products/${product.id}`, {
					meta_data: [
						{ key: '_miinto_price', value: String(feed.get(product.sku)!.referencePrice / 100) },
					],
				});
			}
			await woo('PUT', `/products/${c.id}`, { stock_quantity: 0 });
			transferId = await seedTestTransfer(miiUrl, SHOP, sku);
		},
		settings: { shopId: SHOP, stockSettleSeconds: 1 },
		workflows: ({ copy, credentials }) => [
			copy(LIVE, 'live store webhooks', {
				parameters: {
					// the Miinto lanes run from the manual starts below: the live triggers watch the other shop (empty)
					'Miinto: New Transfers': miintoTriggerParameters(MIINTO_SHOP_SE),
					'Miinto: New RMAs': miintoTriggerParameters(MIINTO_SHOP_SE),
					'Every Hour: Reconcile Orders': NEVER_SCHEDULE,
					'Every Hour: Full Stock Sync': NEVER_SCHEDULE,
					'Every Hour: Reconcile Store Orders': NEVER_SCHEDULE,
				},
			}),
			copy(TRANSFERS, 'pending transfers, manual start', {
				parameters: triggers,
				manualStart: { 'Miinto: New Transfers': miintoListTransfers(credentials.miintoApi, SHOP) },
			}),
			// the same transfer delivered again (a re-run of its execution), after it was decided
			copy(AGAIN, 'the transfer again, manual start', {
				parameters: triggers,
				manualStart: {
					'Miinto: New Transfers': miintoGetTransfer(credentials.miintoApi, SHOP, transferId),
				},
			}),
			copy(RMAS, 'pending RMAs, manual start', {
				parameters: triggers,
				manualStart: { 'Miinto: New RMAs': miintoListRmas(credentials.miintoApi, SHOP) },
			}),
			copy(DECLINE, 'RMAs declined, manual start', {
				settings: { rmaDecision: 'decline', rmaDeclineReason: DECLINE_REASON },
				parameters: triggers,
				manualStart: { 'Miinto: New RMAs': miintoListRmas(credentials.miintoApi, SHOP) },
			}),
			copy(RECONCILE, 'order reconciliation, manual start', {
				// the emulator's clock runs 60 times faster than n8n's: no order would be old enough for the default
				settings: { reconcileMinAgeMinutes: -EMULATED_DAY_MINUTES },
				parameters: triggers,
				manualStart: { 'Every Hour: Reconcile Orders': MANUAL_SCHEDULE_START },
			}),
		],
		activate: [LIVE],
	});

	it('transfers: each position is accepted or declined as the rules decide, in one call, and the accepted order is created once in WooCommerce', async () => {
		// in stock and priced at least 0.97 x the exported price: accepted; 0.9 x: declined; out of stock: declined
		const decided = await expectTransferDecided(
			miiUrl,
			await pair.instance.execute(TRANSFERS),
			transferId,
			sku,
		);
		const { transfer } = decided;
		miintoOrderId = decided.miintoOrderId;

		const orders = await storeOrdersOf(miintoOrderId);
		expect(orders).toHaveLength(1);
		storeOrder = orders[0];
		expect(storeOrder.status).toBe('processing');
		expect(meta(storeOrder, '_miinto_fulfilment')).toBe('merchant');
		// the accepted positions only, at Miinto's prices (minor units -> DKK)
		expect(storeOrder.line_items.map((line) => [line.sku, line.quantity]).sort()).toEqual(
			[
				[sku.a, 2],
				[sku.d, 1],
			].sort(),
		);
		for (const key of ['a', 'd'] as const) {
			const { price, quantity } = positionOf(transfer, sku[key]);
			const line = storeOrder.line_items.find((candidate) => candidate.sku === sku[key])!;
			expect(Number(line.total)).toBeCloseTo((price * quantity) / 100, 2);
		}
		expect(
			(await wooState()).orders.filter((order) => meta(order, '_miinto_order_id')),
		).toHaveLength(1);
		await settle();
	});

	it('a second run creates nothing twice: the transfer again sends nothing, the reconciliation skips the order in the store', async () => {
		const orders = (await wooState()).orders.length;
		await expectTransferNotDecidedAgain(
			miiUrl,
			await pair.instance.execute(AGAIN),
			transferId,
			'Woo: Create Order',
		);

		const reconcile = await pair.instance.execute(RECONCILE);
		expect(reconcile.error).toBeUndefined();
		expect(reconcile.status).toBe('success');
		expect(
			nodeItems(reconcile.run.data, 'Miinto: Accepted Orders').map((item) => item.json.orderId),
		).toContain(miintoOrderId);
		expect(nodeItems(reconcile.run.data, 'Only New Orders')).toHaveLength(0);
		await settle();
		expect((await wooState()).orders.length).toBe(orders);
		expect(await storeOrdersOf(miintoOrderId)).toHaveLength(1);
	});

	it('reconciliation: an order accepted in Miinto by hand is created in WooCommerce by the hourly reconciliation, once', async () => {
		const [order] = await seedOrdersAcceptedByHand(miiUrl, SHOP, [sku.e]);
		const first = await pair.instance.execute(RECONCILE);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		const created = await storeOrdersOf(String(order.id));
		expect(created).toHaveLength(1);
		expect(created[0].line_items.map((line) => [line.sku, line.quantity])).toEqual([[sku.e, 1]]);
		const second = await pair.instance.execute(RECONCILE);
		expect(second.status).toBe('success');
		expect(nodeItems(second.run.data, 'Only New Orders')).toHaveLength(0);
		await settle();
		expect(await storeOrdersOf(String(order.id))).toHaveLength(1);
		byHand = { miintoOrderId: String(order.id), storeOrderId: created[0].id };
	});

	it('shipments: a completed store order with tracking ships every position at Miinto with a provider Miinto allows, once', async () => {
		await woo('PUT', `/orders/${storeOrder.id}`, {
			status: 'completed',
			meta_data: [
				{
					key: '_wc_shipment_tracking_items',
					value: [
						{
							tracking_provider: 'PostNord',
							tracking_number: TRACKING,
							date_shipped: '1700000000',
						},
					],
				},
			],
		});
		const shipped = await live(
			'the Miinto shipment',
			shippedAtMiinto(miiUrl, miintoOrderId, TRACKING),
		);
		expect(shipped.status).toBe('shipped');
		// PostNord (id 1) is one of the providers Miinto allows for a Danish order
		expect(shipped.acceptedPositions.every((p) => p.shippingProviderId === 1)).toBe(true);
		await waitFor(
			'the store order marked shipped',
			async () =>
				String(
					meta(await woo<WooOrder>('GET', `/orders/${storeOrder.id}`), '_miinto_shipment') ?? '',
				).startsWith(TRACKING)
					? true
					: undefined,
			30_000,
		);
		// another change of the order does not ship it again
		await woo('PUT', `/orders/${storeOrder.id}`, { customer_note: 'gift wrap' });
		await settle();
		expect(await patches(`/orders/${miintoOrderId}`)).toHaveLength(1);
	});

	it('RMAs: a buyer RMA is accepted at Miinto and refunded once in the store, with restock (run from a manual start)', async () => {
		const returned = await position('a');
		const line = storeOrder.line_items.find((candidate) => candidate.sku === sku.a)!;
		const stockBefore = await stockOf(sku.a);
		const requestsBefore = (await miiState()).counters.rmaRequests ?? 0;
		const rma = await seedBuyerRma(miiUrl, Number(miintoOrderId), returned.id, 'Too small');
		const first = await pair.instance.execute(RMAS);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		expect((await miiState()).rmas.find((candidate) => candidate.id === rma.id)!.status).toBe(
			'accepted',
		);
		const refunds = (await woo<WooOrder>('GET', `/orders/${storeOrder.id}`)).refunds;
		expect(refunds, itemCounts(first.run.data)).toHaveLength(1);
		expect(refunds[0].reason).toBe(`Miinto return ${rma.id}/${returned.id}`);
		expect(Number(refunds[0].total)).toBeCloseTo(-Number(line.total) / line.quantity, 2);
		expect(await stockOf(sku.a)).toBe(stockBefore + 1);
		// no other store order got a refund
		expect(
			(await wooState()).orders.filter((order) => order.refunds.length > 0).map((o) => o.id),
		).toEqual([storeOrder.id]);
		// the same RMAs again (the next poll, a re-run): nothing pending, nothing decided or refunded twice
		const second = await pair.instance.execute(RMAS);
		expect(second.status).toBe('success');
		expect(Object.keys(second.run.data.resultData.runData)).not.toContain('Miinto: Accept RMA');
		expect((await woo<WooOrder>('GET', `/orders/${storeOrder.id}`)).refunds).toHaveLength(1);
		expect(await patches(`/rmas/${rma.id}`)).toHaveLength(1);
		// the store refund this lane made is Miinto's own: the refund lane does not send it back as an RMA request
		await settle();
		expect((await miiState()).counters.rmaRequests ?? 0).toBe(requestsBefore);
	});

	it('store refunds: a refund made in WooCommerce becomes one Miinto RMA request of its items', async () => {
		const refunded = await position('d');
		const order = await woo<WooOrder>('GET', `/orders/${storeOrder.id}`);
		const line = order.line_items.find((candidate) => candidate.sku === sku.d)!;
		const refund = await woo<{ id: number }>('POST', `/orders/${order.id}/refunds`, {
			amount: line.total,
			reason: 'returned to the shop without an RMA',
			api_refund: false,
			line_items: [{ id: line.id, quantity: line.quantity, refund_total: line.total }],
		});
		const request = await live('the RMA request at Miinto', async () =>
			(await rmaRequestsOf(miiUrl, miintoOrderId)).at(0),
		);
		expect(request.positions.map(({ id, quantity }) => ({ id, quantity }))).toEqual([
			{ id: refunded.id, quantity: 1 },
		]);
		await waitFor(
			'the forwarded marker',
			async () =>
				meta(await woo<WooOrder>('GET', `/orders/${order.id}`), '_miinto_refunds_forwarded') ===
				String(refund.id)
					? true
					: undefined,
			30_000,
		);
		await woo('PUT', `/orders/${order.id}`, { customer_note: 'refund confirmed' });
		await settle();
		expect(await rmaRequestsOf(miiUrl, miintoOrderId)).toHaveLength(1);
		expect(await rmaRequestPosts(miiUrl)).toHaveLength(1);
	});

	it('stock: a product saved in WooCommerce sends its stock to Miinto by your product id', async () => {
		const product = (await wooState()).products.find((candidate) => candidate.sku === sku.b)!;
		await woo('PUT', `/products/${product.id}`, { stock_quantity: 7 });
		const stock = await live('the stock at Miinto', stockAtMiinto(miiUrl, SHOP, sku.b, 7));
		expect(stock.known).toBe(true);
		await settle();
		expect(pair.smtp.about(miintoOrderId, /./)).toHaveLength(0);
	});

	it('RMAs: with rmaDecision decline, the RMA is declined with the reason and nothing is refunded in the store', async () => {
		const [order] = await seedOrdersAcceptedByHand(miiUrl, SHOP, [sku.d], 'shipped');
		const rma = await seedBuyerRma(
			miiUrl,
			order.id,
			order.acceptedPositions[0].id,
			'Changed my mind',
		);
		const refunded = (await wooState()).orders.filter((o) => o.refunds.length > 0).length;
		const first = await pair.instance.execute(DECLINE);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		const declined = (await miiState()).rmas.find((candidate) => candidate.id === rma.id)!;
		expect(declined.status).toBe('declined');
		expect(declined.decisionReason).toBe(DECLINE_REASON);
		expect(Object.keys(first.run.data.resultData.runData)).not.toContain('Miinto: Accept RMA');
		const second = await pair.instance.execute(DECLINE);
		expect(second.status).toBe('success');
		expect(await patches(`/rmas/${rma.id}`)).toHaveLength(1);
		expect((await wooState()).orders.filter((o) => o.refunds.length > 0)).toHaveLength(refunded);
	});

	it('store cancellations: Miinto takes no cancellation after acceptance, so a cancelled store order sends one email and nothing to Miinto', async () => {
		await woo('PUT', `/orders/${byHand.storeOrderId}`, { status: 'cancelled' });
		const mail = await live('the cancellation email', async () =>
			pair.smtp.about(byHand.miintoOrderId, /cancelled in the store/).at(0),
		);
		expect(mail.to).toEqual([NOTIFY]);
		expect(mail.data).toMatch(/partner support/);
		await waitFor(
			'the notified mark',
			async () =>
				meta(await woo<WooOrder>('GET', `/orders/${byHand.storeOrderId}`), '_miinto_cancelled')
					? true
					: undefined,
			30_000,
		);
		await woo('PUT', `/orders/${byHand.storeOrderId}`, { customer_note: 'cancelled by phone' });
		await settle();
		expect(pair.smtp.about(byHand.miintoOrderId, /cancelled in the store/)).toHaveLength(1);
		// nothing sent for the order (the restocked products' stock goes to Miinto, as for any stock change)
		expect(await writesAboutOrder(miiUrl, byHand.miintoOrderId)).toEqual([]);
	});
}
