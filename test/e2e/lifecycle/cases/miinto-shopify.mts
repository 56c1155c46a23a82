/**
 * workflows-templates/miinto-shopify-lifecycle.json in a real n8n against the Miinto and Shopify emulators.
 * As in the Miinto x WooCommerce test, the Miinto lanes run from manual starts (a Miinto node listing what the trigger
 * would emit) and the live copy's Miinto triggers watch the other shop (nothing there), so no poll races a manual run;
 * the store lanes run through Shopify's real webhooks (HMAC-signed by the emulator, checked by n8n), Shopify reached
 * the way n8n always reaches it (see `shopifyHostEnvironment`).
 *
 * The Miinto emulator starts with its account, its shops and their feeds only, and gets this test's data: one
 * transfer of four positions (two the shop accepts, one priced under the threshold, one out of stock) and, later,
 * two orders accepted in Miinto by hand and a buyer's RMA. The shop's prices are set to the Miinto feed's (DKK).
 */

import { expect, it } from 'vitest';

import { MIINTO_SHOP_SE } from '../../../../sandbox/emulators/index.mts';
import { nodeItems } from '../../../../sandbox/n8n/index.mts';
import {
	describeExecutions,
	MANUAL_SCHEDULE_START,
	NEVER_SCHEDULE,
	shopifyTestClient,
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
import { shopAttribute as attribute, type ShopOrder } from '../../states.mts';

const LIVE = 'e2eLifeMiiShpLive';
const TRANSFERS = 'e2eLifeMiiShpTrf1';
const AGAIN = 'e2eLifeMiiShpAgn1';
const RMAS = 'e2eLifeMiiShpRma1';
const RECONCILE = 'e2eLifeMiiShpRec1';
const SHOP = MIINTO_SHOP_DK;
const TRACKING = '00370726000000004343';
const LATE_TRACKING = '00370726000000005454';

/** Miinto x Shopify lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let miiUrl: string;
	let shopify: ReturnType<typeof shopifyTestClient>;
	let locationId: number;
	/** The shop's SKUs: accepted (a: 2 units, d), priced too low (b), out of stock (c); e and f: accepted by hand. */
	const sku: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', string> = {
		a: '',
		b: '',
		c: '',
		d: '',
		e: '',
		f: '',
	};
	let transferId: number;
	/** The Miinto order the accepted positions became, and its shop order. */
	let miintoOrderId: string;
	let storeOrder: ShopOrder;
	/** The orders accepted in Miinto by hand (the reconciliation created them in the shop). */
	const byHand: Array<{ miintoOrderId: string; storeOrderId: number }> = [];

	const shopState = async () => await shopify.state();
	const miiState = async () => await miintoState(miiUrl);
	const settle = async () => await pair.settle(LIVE);
	const storeOrdersOf = async (orderId: string) =>
		(await shopState()).orders.filter((order) => attribute(order, 'miinto_order_id') === orderId);
	const position = async (key: keyof typeof sku) =>
		positionOf(await transferNow(miiUrl, transferId), sku[key]);
	const patches = async (suffix: string) => await miintoPatches(miiUrl, suffix);
	const live = async <T,>(what: string, probe: () => Promise<T | undefined>) =>
		await waitAtMiinto(what, probe, async () => await describeExecutions(pair.server, LIVE, 10));
	const marked = async (orderId: number, name: string) =>
		await live(`the note attribute ${name}`, async () =>
			attribute(await shopify.order(orderId), name) ? true : undefined,
		);

	const pair = lifecyclePair('miinto', 'shopify', {
		seed: async ({ urls, storeCa }) => {
			miiUrl = urls.marketplace;
			shopify = shopifyTestClient(urls.store, storeCa!);
			// the account, its shops and their feeds only: no seeded transfers, orders or RMAs
			const feed = await miintoFeedsOnly(miiUrl, SHOP);
			const shop = await shopState();
			locationId = shop.locations[0].id;
			// variants of simple products (one variant), in stock, in the Miinto feed
			const candidates = shopify
				.variants({ ...shop, products: shop.products.filter((p) => p.variants.length === 1) })
				.filter(
					(variant) =>
						variant.inventory_management === 'shopify' &&
						shopify.available(shop, variant.sku) >= 10 &&
						feed.has(variant.sku),
				);
			expect(candidates.length).toBeGreaterThanOrEqual(6);
			const [a, b, c, d, e, f] = candidates;
			Object.assign(sku, { a: a.sku, b: b.sku, c: c.sku, d: d.sku, e: e.sku, f: f.sku });
			// the shop sells in the Miinto shop's currency (DKK) at the feed's prices: what auto-acceptance compares with
			for (const variant of [a, b, c, d, e, f])
				await shopify.rest('PUT', `/variants/${variant.id}.json`, {
					variant: { price: (feed.get(variant.sku)!.referencePrice / 100).toFixed(2) },
				});
			for (const location of shop.locations)
				await shopify.rest('POST', '/inventory_levels/set.json', {
					location_id: location.id,
					inventory_item_id: c.inventory_item_id,
					available: 0,
				});
			transferId = await seedTestTransfer(miiUrl, SHOP, sku);
		},
		settings: { shopId: SHOP, stockSettleSeconds: 1 },
		workflows: ({ copy, credentials }) => {
			const triggers = {
				'Miinto: New Transfers': miintoTriggerParameters(SHOP),
				'Miinto: New RMAs': miintoTriggerParameters(SHOP),
			};
			const manual = (id: string, what: string, options: NonNullable<Parameters<typeof copy>[2]>) =>
				copy(id, what, { parameters: triggers, ...options });
			return [
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
				manual(TRANSFERS, 'pending transfers, manual start', {
					manualStart: {
						'Miinto: New Transfers': miintoListTransfers(credentials.miintoApi, SHOP),
					},
				}),
				// the same transfer delivered again (a re-run of its execution), after it was decided
				manual(AGAIN, 'the transfer again, manual start', {
					manualStart: {
						'Miinto: New Transfers': miintoGetTransfer(credentials.miintoApi, SHOP, transferId),
					},
				}),
				manual(RMAS, 'pending RMAs, manual start', {
					manualStart: { 'Miinto: New RMAs': miintoListRmas(credentials.miintoApi, SHOP) },
				}),
				manual(RECONCILE, 'order reconciliation, manual start', {
					// the emulator's clock runs 60 times faster than n8n's: no order would be old enough for the default
					settings: { reconcileMinAgeMinutes: -EMULATED_DAY_MINUTES },
					manualStart: { 'Every Hour: Reconcile Orders': MANUAL_SCHEDULE_START },
				}),
			];
		},
		// activation registers the Shopify webhooks (and polls the other shop's Miinto triggers once)
		activate: [LIVE],
	});

	it('transfers: each position is accepted or declined as the rules decide, in one call, and the accepted order is created once in Shopify', async () => {
		// in stock and priced at least 0.97 x the shop's price: accepted; 0.9 x: declined; out of stock: declined
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
		expect(storeOrder.financial_status).toBe('paid');
		expect(attribute(storeOrder, 'miinto_fulfilment')).toBe('merchant');
		// the accepted positions only, at Miinto's prices (minor units -> DKK)
		expect(storeOrder.line_items.map((line) => [line.sku, line.quantity]).sort()).toEqual(
			[
				[sku.a, 2],
				[sku.d, 1],
			].sort(),
		);
		for (const key of ['a', 'd'] as const) {
			const line = storeOrder.line_items.find((candidate) => candidate.sku === sku[key])!;
			expect(Number(line.price)).toBeCloseTo(positionOf(transfer, sku[key]).price / 100, 2);
		}
		expect(
			(await shopState()).orders.filter((order) => attribute(order, 'miinto_order_id')),
		).toHaveLength(1);
		await settle();
	});

	it('a second run creates nothing twice: the transfer again sends nothing, the reconciliation skips the order in the shop', async () => {
		const orders = (await shopState()).orders.length;
		await expectTransferNotDecidedAgain(
			miiUrl,
			await pair.instance.execute(AGAIN),
			transferId,
			'Shopify: Create Order',
		);

		const reconcile = await pair.instance.execute(RECONCILE);
		expect(reconcile.error).toBeUndefined();
		expect(reconcile.status).toBe('success');
		expect(
			nodeItems(reconcile.run.data, 'Miinto: Accepted Orders').map((item) => item.json.orderId),
		).toContain(miintoOrderId);
		expect(nodeItems(reconcile.run.data, 'Only New Orders')).toHaveLength(0);
		expect((await shopState()).orders.length).toBe(orders);
		expect(await storeOrdersOf(miintoOrderId)).toHaveLength(1);
	});

	it('reconciliation: orders accepted in Miinto by hand are created in Shopify by the hourly reconciliation, once', async () => {
		const orders = await seedOrdersAcceptedByHand(miiUrl, SHOP, [sku.e, sku.f]);
		expect(orders).toHaveLength(2);
		const first = await pair.instance.execute(RECONCILE);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		for (const order of orders) {
			const created = await storeOrdersOf(String(order.id));
			expect(created).toHaveLength(1);
			expect(created[0].line_items.map((line) => line.quantity)).toEqual([1]);
			byHand.push({ miintoOrderId: String(order.id), storeOrderId: created[0].id });
		}
		const second = await pair.instance.execute(RECONCILE);
		expect(second.status).toBe('success');
		expect(nodeItems(second.run.data, 'Only New Orders')).toHaveLength(0);
		for (const order of orders) expect(await storeOrdersOf(String(order.id))).toHaveLength(1);
		await settle();
	});

	it('shipments: a fulfilment with tracking ships every position at Miinto with a provider Miinto allows, once', async () => {
		const fulfillment = await shopify.fulfil(storeOrder.id, {
			company: 'PostNord',
			numbers: [TRACKING],
		});
		const shipped = await live(
			'the Miinto shipment',
			shippedAtMiinto(miiUrl, miintoOrderId, TRACKING),
		);
		expect(shipped.status).toBe('shipped');
		// PostNord (id 1) is one of the providers Miinto allows for a Danish order
		expect(shipped.acceptedPositions.every((p) => p.shippingProviderId === 1)).toBe(true);
		await marked(storeOrder.id, `miinto_shipped_${fulfillment.id}`);
		// the fulfilment's tracking saved again does not ship it again
		await shopify.rest('POST', `/fulfillments/${fulfillment.id}/update_tracking.json`, {
			fulfillment: { tracking_info: { company: 'PostNord', number: TRACKING } },
		});
		await settle();
		expect(await patches(`/orders/${miintoOrderId}`)).toHaveLength(1);
	});

	it('shipments: a fulfilment without tracking sends one email and ships nothing; the tracking added later ships it', async () => {
		const [{ miintoOrderId: orderId, storeOrderId }] = byHand;
		const fulfillment = await shopify.fulfil(storeOrderId);
		const mail = await live('the missing-tracking email', async () =>
			pair.smtp.about(orderId, /track/i).at(0),
		);
		expect(mail.to).toEqual([NOTIFY]);
		await marked(storeOrderId, `miinto_tracking_missing_${fulfillment.id}`);
		await settle();
		expect(await patches(`/orders/${orderId}`)).toHaveLength(0);
		await shopify.rest('POST', `/fulfillments/${fulfillment.id}/update_tracking.json`, {
			fulfillment: { tracking_info: { company: 'PostNord', number: LATE_TRACKING } },
		});
		const shipped = await live(
			'the Miinto shipment',
			shippedAtMiinto(miiUrl, orderId, LATE_TRACKING),
		);
		expect(shipped.status).toBe('shipped');
		await marked(storeOrderId, `miinto_shipped_${fulfillment.id}`);
		await settle();
		expect(pair.smtp.about(orderId, /track/i)).toHaveLength(1);
		expect(await patches(`/orders/${orderId}`)).toHaveLength(1);
	});

	it('RMAs: a buyer RMA is accepted at Miinto and becomes one Shopify refund with restock (run from a manual start)', async () => {
		const returned = await position('a');
		const stockBefore = shopify.available(await shopState(), sku.a);
		const requestsBefore = (await miiState()).counters.rmaRequests ?? 0;
		const rma = await seedBuyerRma(miiUrl, Number(miintoOrderId), returned.id, 'Too small');
		const first = await pair.instance.execute(RMAS);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		expect((await miiState()).rmas.find((candidate) => candidate.id === rma.id)!.status).toBe(
			'accepted',
		);
		const { refunds } = await shopify.order(storeOrder.id);
		expect(refunds).toHaveLength(1);
		expect(refunds[0].note).toBe(`Miinto return ${rma.id}/${returned.id}`);
		expect(refunds[0].refund_line_items).toEqual([
			expect.objectContaining({ quantity: 1, restock_type: 'return' }),
		]);
		expect(shopify.available(await shopState(), sku.a)).toBe(stockBefore + 1);
		// no other shop order got a refund
		expect(
			(await shopState()).orders.filter((order) => order.refunds.length > 0).map((o) => o.id),
		).toEqual([storeOrder.id]);
		// the same RMAs again (the next poll, a re-run): nothing pending, nothing decided or refunded twice
		const second = await pair.instance.execute(RMAS);
		expect(second.status).toBe('success');
		expect(Object.keys(second.run.data.resultData.runData)).not.toContain('Miinto: Accept RMA');
		expect((await shopify.order(storeOrder.id)).refunds).toHaveLength(1);
		expect(await patches(`/rmas/${rma.id}`)).toHaveLength(1);
		// the shop refund this lane made is Miinto's own: the refund lane does not send it back as an RMA request
		await settle();
		expect((await miiState()).counters.rmaRequests ?? 0).toBe(requestsBefore);
	});

	it('store refunds: a refund made in Shopify becomes one Miinto RMA request of its items', async () => {
		const refunded = await position('d');
		const line = storeOrder.line_items.find((candidate) => candidate.sku === sku.d)!;
		const { refund } = await shopify.rest<{ refund: { id: number } }>(
			'POST',
			`/orders/${storeOrder.id}/refunds.json`,
			{
				refund: {
					note: 'returned to the shop without an RMA',
					refund_line_items: [{ line_item_id: line.id, quantity: 1, restock_type: 'no_restock' }],
					transactions: [],
				},
			},
		);
		const request = await live('the RMA request at Miinto', async () =>
			(await rmaRequestsOf(miiUrl, miintoOrderId)).at(0),
		);
		expect(request.positions.map(({ id, quantity }) => ({ id, quantity }))).toEqual([
			{ id: refunded.id, quantity: 1 },
		]);
		await marked(storeOrder.id, `miinto_refund_forwarded_${refund.id}`);
		await settle();
		expect(await rmaRequestPosts(miiUrl)).toHaveLength(1);
	});

	it('stock: an inventory change in Shopify reaches Miinto by your product id (the SKU)', async () => {
		const variant = shopify.variants(await shopState()).find((v) => v.sku === sku.b)!;
		await shopify.rest('POST', '/inventory_levels/set.json', {
			location_id: locationId,
			inventory_item_id: variant.inventory_item_id,
			available: 7,
		});
		const stock = await live('the stock at Miinto', stockAtMiinto(miiUrl, SHOP, sku.b, 7));
		expect(stock.known).toBe(true);
		await settle();
	});

	it('store cancellations: Miinto takes no cancellation after acceptance, so a cancelled shop order sends one email and nothing to Miinto', async () => {
		const [, { miintoOrderId: orderId, storeOrderId }] = byHand;
		await shopify.rest('POST', `/orders/${storeOrderId}/cancel.json`, { reason: 'customer' });
		const mail = await live('the cancellation email', async () =>
			pair.smtp.about(orderId, /cancelled in the store/).at(0),
		);
		expect(mail.to).toEqual([NOTIFY]);
		expect(mail.data).toMatch(/partner support/);
		await marked(storeOrderId, 'miinto_cancelled');
		await settle();
		expect(pair.smtp.about(orderId, /cancelled in the store/)).toHaveLength(1);
		// nothing sent for the order (the restocked variant's stock goes to Miinto, as for any stock change)
		expect(await writesAboutOrder(miiUrl, orderId)).toEqual([]);
		expect((await shopify.order(storeOrderId)).cancelled_at).toBeTruthy();
	});
}
