/**
 * workflows-templates/amazon-shopify-lifecycle.json in a real n8n against the Amazon and Shopify emulators, through
 * its real triggers where they can fire in a test: the Amazon polling trigger (n8n polls once at activation, then
 * every minute) and the Shopify Trigger webhooks (registered with the emulator at activation; HMAC-signed, checked
 * by n8n). Shopify is reached over TLS at `https://emulator-shop.myshopify.com`, as in the Bol x Shopify test
 * (`shopifyHostEnvironment`).
 *
 * The test copies differ from the template only in what a user fills in: credentials, the Settings values that point
 * at the emulators, a "Sync From" date on the new-order trigger (so the first poll picks up the seeded orders) and a
 * one-minute poll interval. The schedule triggers (returns report, full stock sync) and the "second run" check use
 * copies whose trigger is swapped for a manual start (`n8n execute` cannot fire a schedule or a polling trigger).
 */

import { expect, it } from 'vitest';

import { nodeItems, waitFor } from '../../../../sandbox/n8n/index.mts';
import {
	adminSeed,
	adminState,
	describeExecutions,
	MANUAL_SCHEDULE_START,
	shopifyTestClient,
} from '../../lifecycle-support.mts';
import { EMULATED_DAY_MINUTES, lifecyclePair, NOTIFY } from '../pair.mts';
import {
	amazonTestCopies,
	expectReconciledOnce,
	expectUnfulfillableCancelled,
	mfnQuantity,
	seedAmazonScenario,
	seedMissedAmazonOrder,
} from '../../amazon-support.mts';
import {
	itemTotal,
	shopAttribute,
	type AmazonOrder,
	type AmazonState,
	type ShopOrder,
	type ShopState,
} from '../../states.mts';

const LIVE = 'e2eLifeAmzShopLiv';
const MANUAL = 'e2eLifeAmzShopMan';
const FULL_SYNC = 'e2eLifeAmzShopSyn';
const RETURNS = 'e2eLifeAmzShopRet';
const RECONCILE = 'e2eLifeAmzShopRec';
const STORE_RECONCILE = 'e2eLifeAmzShopSRc';
const MINUTE = 60_000;

const attribute = shopAttribute;

/** What the buyer paid for one unit of an Amazon line, as the template puts it on the Shopify line. */
const unitPrice = (total: number, quantity: number) => Math.round((total / quantity) * 100) / 100;

/** Amazon x Shopify lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let amazonUrl: string;
	/** The Amazon orders the template is expected to import, the one seeded for a product the shop has none of, the FBA one. */
	let expected: AmazonOrder[];
	let unfulfillable: { orderId: string; sku: string };
	let fba: { orderId: string; sku: string; stock: number };
	/** Amazon order id -> shop order, after the orders lane ran. */
	const storeOrders = new Map<string, ShopOrder>();

	let client: ReturnType<typeof shopifyTestClient>;
	const shopify = async <T,>(method: string, apiPath: string, body?: unknown) =>
		await client.rest<T>(method, apiPath, body);
	const shopState = async () => await client.state();
	const shopOrder = async (id: number) => await client.order(id);
	const amazonState = async () => await adminState<AmazonState>(amazonUrl);
	const amazonOrder = async (orderId: string) =>
		(await amazonState()).orders.find((order) => order.orderId === orderId)!;
	const settle = async () => await pair.settle(LIVE);
	/** Available quantity of a SKU over all locations. */
	const available = (state: ShopState, sku: string) => client.available(state, sku);
	const variants = (state: ShopState) => client.variants(state);
	/** Available quantity of a SKU at the location of the Settings (**locationId**: the shop's first location). */
	const atLocation = (state: ShopState, sku: string) => {
		const variant = variants(state).find((candidate) => candidate.sku === sku);
		return state.inventoryLevels
			.filter(
				(level) =>
					level.inventory_item_id === variant?.inventory_item_id &&
					level.location_id === state.locations[0].id,
			)
			.reduce((sum, level) => sum + level.available, 0);
	};
	/** SKUs with a merchant-fulfilled Amazon.nl listing whose quantity differs from the shop's available stock at **locationId**. */
	const stockMismatches = async (skus: Iterable<string>) => {
		const [amazon, shop] = [await amazonState(), await shopState()];
		const mismatches: Array<{ sku: string; store: number; amazon: number }> = [];
		for (const sku of skus) {
			const quantity = mfnQuantity(amazon, sku);
			const variant = variants(shop).find((candidate) => candidate.sku === sku);
			if (quantity === undefined || variant?.inventory_management !== 'shopify') continue;
			const stock = Math.max(0, atLocation(shop, sku));
			if (quantity !== stock) mismatches.push({ sku, store: stock, amazon: quantity });
		}
		return mismatches;
	};
	/** Shop orders created for Amazon orders, by fulfilment. */
	const created = (fulfilment: 'merchant' | 'marketplace') =>
		[...storeOrders.entries()]
			.filter(([, order]) => attribute(order, 'amazon_fulfilment') === fulfilment)
			.map(([orderId, order]) => ({ orderId, order }));
	/** Fulfils what is open of an order in Shopify, or only the order lines `lineIds` (as the merchant would, in the admin). */
	const fulfil = async (
		order: ShopOrder,
		tracking?: { company: string; number: string },
		lineIds?: number[],
	) => {
		const { fulfillment_orders: fulfilmentOrders } = await shopify<{
			fulfillment_orders: Array<{
				id: number;
				line_items: Array<{ id: number; line_item_id: number; fulfillable_quantity: number }>;
			}>;
		}>('GET', `/orders/${order.id}/fulfillment_orders.json`);
		const groups = fulfilmentOrders.map((fo) => ({
			fulfillment_order_id: fo.id,
			...(lineIds
				? {
						fulfillment_order_line_items: fo.line_items
							.filter((l) => lineIds.includes(l.line_item_id) && l.fulfillable_quantity > 0)
							.map((l) => ({ id: l.id, quantity: l.fulfillable_quantity })),
					}
				: {}),
		}));
		const body = {
			line_items_by_fulfillment_order: groups.filter(
				(g) => (g.fulfillment_order_line_items?.length ?? 1) > 0,
			),
			...(tracking ? { tracking_info: tracking } : {}),
		};
		return (
			await shopify<{ fulfillment: { id: number } }>('POST', '/fulfillments.json', {
				fulfillment: body,
			})
		).fulfillment;
	};

	let scenario: Awaited<ReturnType<typeof seedAmazonScenario>>;
	const pair = lifecyclePair('amazon', 'shopify', {
		seed: async ({ urls, storeCa }) => {
			client = shopifyTestClient(urls.store, storeCa!);
			amazonUrl = urls.marketplace;
			const shop = await shopState();
			scenario = await seedAmazonScenario(amazonUrl, async ({ listing, ordered }) => {
				// products in no open Amazon order: their shop stock moves only by what this test does
				const free = variants(shop).filter(
					(candidate) =>
						candidate.inventory_management === 'shopify' && !ordered.has(candidate.sku),
				);
				// an order the shop cannot fulfil: a merchant-fulfilled product with no stock in the shop
				const empty = free.find((candidate) => listing(candidate.sku, 'DEFAULT'))!;
				for (const location of shop.locations) {
					await shopify('POST', '/inventory_levels/set.json', {
						location_id: location.id,
						inventory_item_id: empty.inventory_item_id,
						available: 0,
					});
				}
				// an order Amazon fulfils (FBA): created in the shop and marked fulfilled, without moving stock
				const byAmazon = free.find(
					(candidate) => available(shop, candidate.sku) > 0 && listing(candidate.sku, 'AMAZON_EU'),
				)!;
				return { unfulfillableSku: empty.sku, fbaSku: byAmazon.sku };
			});
			({ unfulfillable, expected } = scenario);
			fba = { ...scenario.fba, stock: available(shop, scenario.fba.sku) };
		},
		workflows: (harness) => [
			...amazonTestCopies(harness, {
				syncFrom: scenario.syncFrom,
				ids: {
					live: LIVE,
					manual: MANUAL,
					returns: RETURNS,
					fullSync: FULL_SYNC,
					reconcile: RECONCILE,
				},
			}),
			harness.copy(STORE_RECONCILE, 'store reconciliation, manual start', {
				// the emulator's clock runs 60 times faster than n8n's: a shop order changed a minute ago is hours "younger"
				// than n8n's now, so none would be old enough for the default minimum age
				settings: { storeReconcileMinAgeMinutes: -EMULATED_DAY_MINUTES },
				manualStart: { 'Every Hour: Reconcile Store Orders': MANUAL_SCHEDULE_START },
			}),
		],
		// activation registers the Shopify webhooks and runs the first poll of the Amazon trigger at once
		activate: [LIVE],
	});

	it('orders: every new Amazon order is created once in Shopify at the Amazon prices, with the Amazon order id', async () => {
		const fulfillable = expected.filter((order) => order.orderId !== unfulfillable.orderId);
		const tagged = (shop: ShopState) =>
			shop.orders.filter((order) => attribute(order, 'amazon_order_id'));
		await waitFor(
			'a shop order for every importable Amazon order',
			async () => (tagged(await shopState()).length >= fulfillable.length ? true : undefined),
			120_000,
			1_000,
		).catch(async (error: Error) => {
			throw new Error(`${error.message}\n${await describeExecutions(pair.server, LIVE, 5)}`);
		});
		await settle();
		const shop = await shopState();
		expect(shop.webhooks.map((hook) => hook.topic).sort()).toEqual([
			'fulfillments/create',
			'fulfillments/update',
			'inventory_levels/update',
			'orders/cancelled',
			'refunds/create',
		]);
		const orders = tagged(shop);
		// exactly once each: merchant-fulfilled UNSHIPPED orders and the FBA one; not the pending, shipped or cancelled ones
		expect(orders.map((order) => attribute(order, 'amazon_order_id')).sort()).toEqual(
			fulfillable.map((order) => order.orderId).sort(),
		);
		expect(fulfillable.map((order) => order.orderId)).toContain(fba.orderId);
		for (const amazonOrder of fulfillable) {
			const order = orders.find(
				(candidate) => attribute(candidate, 'amazon_order_id') === amazonOrder.orderId,
			)!;
			storeOrders.set(amazonOrder.orderId, order);
			const byAmazon = amazonOrder.fulfillment.fulfilledBy === 'AMAZON';
			expect(order.financial_status).toBe('paid');
			expect(attribute(order, 'amazon_fulfilment')).toBe(byAmazon ? 'marketplace' : 'merchant');
			// FBA orders are marked fulfilled at once, so nobody ships them again
			expect(order.fulfillment_status).toBe(byAmazon ? 'fulfilled' : null);
			// lines: the variant of each seller SKU, the quantity and what the buyer paid at Amazon
			expect(
				order.line_items.map((line) => [line.sku, line.quantity, Number(line.price)]).sort(),
			).toEqual(
				amazonOrder.orderItems
					.map((item) => [
						item.product.sellerSku,
						item.quantityOrdered,
						unitPrice(itemTotal(item), item.quantityOrdered),
					])
					.sort(),
			);
			const address = amazonOrder.recipient?.deliveryAddress;
			if (!byAmazon) {
				expect(address).toBeDefined();
				expect(order.shipping_address.city).toBe(address!.city);
				expect(order.shipping_address.zip).toBe(address!.postalCode);
				expect(order.shipping_address.country_code).toBe(address!.countryCode);
				expect(order.shipping_address.address1).toBe(address!.addressLine1);
			}
		}
		// the FBA order did not move shop stock
		expect(available(shop, fba.sku)).toBe(fba.stock);
		expect(created('merchant').length).toBeGreaterThanOrEqual(4);
	});

	it('orders: an order the shop cannot fulfil is cancelled at Amazon with the configured reason, with an email', async () => {
		await expectUnfulfillableCancelled({
			amazonUrl,
			smtp: pair.smtp,
			unfulfillable,
			notify: NOTIFY,
			reason: 'NoInventory',
		});
		expect(
			(await shopState()).orders.some(
				(candidate) => attribute(candidate, 'amazon_order_id') === unfulfillable.orderId,
			),
		).toBe(false);
	});

	it('stock: an inventory change in Shopify reaches the Amazon MFN listing', async () => {
		const [shop, amazon] = [await shopState(), await amazonState()];
		const ordered = new Set(
			created('merchant').flatMap(({ order }) => order.line_items.map((line) => line.sku)),
		);
		const variant = variants(shop).find(
			(candidate) =>
				candidate.inventory_management === 'shopify' &&
				!ordered.has(candidate.sku) &&
				![unfulfillable.sku, fba.sku].includes(candidate.sku) &&
				mfnQuantity(amazon, candidate.sku) !== undefined,
		)!;
		await shopify('POST', '/inventory_levels/set.json', {
			location_id: shop.locations[0].id,
			inventory_item_id: variant.inventory_item_id,
			available: 37,
		});
		await waitFor(
			'the Amazon listing with the shop stock',
			async () => (mfnQuantity(await amazonState(), variant.sku) === 37 ? true : undefined),
			90_000,
			1_000,
		);
		await settle();
		expect(mfnQuantity(await amazonState(), variant.sku)).toBe(37);
	});

	it('shipments: each fulfilment with tracking becomes an Amazon shipment confirmation of its own lines with the mapped carrier, once', async () => {
		// the seeded order with two lines, shipped in two parcels
		const [, { orderId, order }] = created('merchant');
		expect(order.line_items.length).toBeGreaterThanOrEqual(2);
		const [first, ...rest] = order.line_items;
		const itemOf = async (sku: string) =>
			(await amazonOrder(orderId)).orderItems.find((item) => item.product.sellerSku === sku)!
				.orderItemId;
		const partial = await fulfil(order, { company: 'PostNL Pakket', number: '3SMPS0000000001' }, [
			first.id,
		]);
		const partly = await waitFor(
			'the first Amazon shipment confirmation',
			async () => {
				const found = await amazonOrder(orderId);
				return found.packages?.length ? found : undefined;
			},
			60_000,
			1_000,
		);
		// "PostNL Pakket" -> PostNL through the Settings' carrierMapping; only the fulfilled line
		expect(partly.packages).toEqual([
			expect.objectContaining({
				carrier: 'PostNL',
				trackingNumber: '3SMPS0000000001',
				packageItems: [{ orderItemId: await itemOf(first.sku), quantity: first.quantity }],
			}),
		]);
		expect(partly.fulfillment.fulfillmentStatus).toBe('PARTIALLY_SHIPPED');
		await waitFor(
			'the shipped mark',
			async () =>
				attribute(await shopOrder(order.id), `amazon_shipped_${partial.id}`) ? true : undefined,
			30_000,
		);
		const second = await fulfil(order, { company: 'DHL Parcel NL', number: 'JVGL0000000000002' });
		const shipped = await waitFor(
			'the second Amazon shipment confirmation',
			async () => {
				const found = await amazonOrder(orderId);
				return (found.packages?.length ?? 0) >= 2 ? found : undefined;
			},
			60_000,
			1_000,
		);
		expect(shipped.packages![1]).toMatchObject({
			carrier: 'DHL',
			trackingNumber: 'JVGL0000000000002',
		});
		expect(shipped.packages![1].packageItems.map((item) => item.orderItemId).sort()).toEqual(
			(await Promise.all(rest.map(async (line) => await itemOf(line.sku)))).sort(),
		);
		expect(shipped.fulfillment.fulfillmentStatus).toBe('SHIPPED');
		await waitFor(
			'the second shipped mark',
			async () =>
				attribute(await shopOrder(order.id), `amazon_shipped_${second.id}`) ? true : undefined,
			30_000,
		);
		// a tracking update of a fulfilment already sent (webhook fulfillments/update) does not confirm it again
		await shopify('POST', `/fulfillments/${partial.id}/update_tracking.json`, {
			fulfillment: { tracking_info: { company: 'PostNL Pakket', number: '3SMPS0000000009' } },
		});
		await settle();
		expect((await amazonOrder(orderId)).packages).toHaveLength(2);
	});

	it('shipments: a fulfilment without tracking sends one email and no shipment confirmation', async () => {
		const [{ orderId, order }] = created('merchant');
		const fulfillment = await fulfil(order);
		const mail = await waitFor(
			'the missing-tracking email',
			async () => pair.smtp.about(orderId, /tracking/i).at(0),
			60_000,
			1_000,
		);
		expect(mail.to).toEqual([NOTIFY]);
		await waitFor(
			'the notified mark',
			async () =>
				attribute(await shopOrder(order.id), `amazon_tracking_missing_${fulfillment.id}`)
					? true
					: undefined,
			30_000,
		);
		// the fulfilment changes again, still without a tracking number: no second email
		await shopify('POST', `/fulfillments/${fulfillment.id}/update_tracking.json`, {
			fulfillment: { tracking_info: { company: 'PostNL Pakket' } },
		});
		await settle();
		expect(pair.smtp.about(orderId, /tracking/i)).toHaveLength(1);
		const amazon = await amazonOrder(orderId);
		expect(amazon.packages ?? []).toHaveLength(0);
		expect(amazon.fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
	});

	it('refunds: a Shopify refund of an Amazon order becomes an Amazon refund of the refunded amount, once', async () => {
		const [, , { orderId, order }] = created('merchant');
		const line = order.line_items[0];
		const { refund } = await shopify<{
			refund: { id: number; refund_line_items: Array<{ subtotal: number }> };
		}>('POST', `/orders/${order.id}/refunds.json`, {
			refund: {
				note: 'damaged on arrival',
				notify: false,
				refund_line_items: [
					{ line_item_id: line.id, quantity: line.quantity, restock_type: 'no_restock' },
				],
				transactions: [],
			},
		});
		const amount = refund.refund_line_items[0].subtotal;
		expect(amount).toBeCloseTo(Number(line.price) * line.quantity, 2);
		const refunded = await waitFor(
			'the Amazon refund',
			async () => {
				const found = await amazonOrder(orderId);
				return found.emulator.refunds.length > 0 ? found : undefined;
			},
			60_000,
			1_000,
		);
		await waitFor(
			'the refund marked forwarded',
			async () =>
				attribute(await shopOrder(order.id), `amazon_refund_forwarded_${refund.id}`)
					? true
					: undefined,
			30_000,
		);
		await settle();
		const item = refunded.orderItems.find((candidate) => candidate.product.sellerSku === line.sku)!;
		expect((await amazonOrder(orderId)).emulator.refunds).toEqual([
			{
				orderItemId: item.orderItemId,
				reason: 'CustomerReturn',
				amounts: { Principal: amount },
				currency: 'EUR',
				at: expect.any(Number),
			},
		]);
	});

	it('store cancellations: an Amazon order cancelled in Shopify is cancelled at Amazon with the configured reason', async () => {
		const [, , , { orderId, order }] = created('merchant');
		await shopify('POST', `/orders/${order.id}/cancel.json`, { reason: 'inventory' });
		const cancelled = await waitFor(
			'the Amazon cancellation',
			async () => {
				const found = await amazonOrder(orderId);
				return found.fulfillment.fulfillmentStatus === 'CANCELLED' ? found : undefined;
			},
			60_000,
			1_000,
		);
		expect(cancelled.emulator.cancellations.map((entry) => entry.reason)).toEqual(
			cancelled.orderItems.map(() => 'NoInventory'),
		);
		await waitFor(
			'the shop order marked cancelled',
			async () => (attribute(await shopOrder(order.id), 'amazon_cancelled') ? true : undefined),
			30_000,
		);
		await settle();
		expect((await amazonOrder(orderId)).emulator.cancellations).toHaveLength(
			cancelled.orderItems.length,
		);
	});

	it('returns: a return Amazon refunded is refunded and restocked in Shopify, once; one Amazon has not refunded, or the merchant refunded in the shop, is left alone', async () => {
		const [
			{ orderId, order },
			{ orderId: openReturnOrderId, order: openReturnOrder },
			{ orderId: shopRefundedOrderId, order: shopRefundedOrder },
		] = created('merchant');
		const line = order.line_items[0];
		const stockBefore = available(await shopState(), line.sku);
		const requestedAt = new Date(Date.now() - MINUTE).toISOString();
		await adminSeed(amazonUrl, {
			returns: [
				{
					orderId,
					sku: line.sku,
					quantity: 1,
					rmaId: 'DRMAREFUND1',
					status: 'Closed',
					resolution: 'StandardRefund',
					refundedAmount: Number(line.price),
					requestedAt,
				},
				{
					orderId: openReturnOrderId,
					sku: openReturnOrder.line_items[0].sku,
					quantity: 1,
					rmaId: 'DRMAOPEN001',
					status: 'Approved',
					requestedAt,
				},
				// the order the merchant refunded in the shop (sent to Amazon by the refund lane), returned and refunded by Amazon too
				{
					orderId: shopRefundedOrderId,
					sku: shopRefundedOrder.line_items[0].sku,
					quantity: 1,
					rmaId: 'DRMASHOPREF',
					status: 'Closed',
					resolution: 'StandardRefund',
					refundedAmount: Number(shopRefundedOrder.line_items[0].price),
					requestedAt,
				},
			],
		});
		const execution = await pair.instance.execute(RETURNS);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		const rmas = nodeItems(execution.run.data, 'Returned Line').map(
			(item) => (item.json as { rmaId: string }).rmaId,
		);
		expect(rmas).toContain('DRMAREFUND1');
		expect(rmas).not.toContain('DRMAOPEN001');
		const refunded = await shopOrder(order.id);
		expect(refunded.refunds).toHaveLength(1);
		expect(refunded.refunds[0].note).toBe('Amazon return DRMAREFUND1');
		expect(refunded.refunds[0].refund_line_items).toEqual([
			expect.objectContaining({ quantity: 1, restock_type: 'return' }),
		]);
		expect(available(await shopState(), line.sku)).toBe(stockBefore + 1);
		expect((await shopOrder(openReturnOrder.id)).refunds).toHaveLength(0);
		expect(rmas).toContain('DRMASHOPREF');
		expect((await shopOrder(shopRefundedOrder.id)).refunds.map((refund) => refund.note)).toEqual([
			'damaged on arrival',
		]);
		// the shop refund's webhook reaches the refund lane, which does not send a refund Amazon made back to Amazon
		await settle();
		expect((await amazonOrder(orderId)).emulator.refunds).toEqual([]);
		// the next report run sees the same return again: no second refund
		const again = await pair.instance.execute(RETURNS);
		expect(again.status).toBe('success');
		expect(nodeItems(again.run.data, 'Returned Line').length).toBeGreaterThan(0);
		expect(nodeItems(again.run.data, 'Not Refunded Yet')).toHaveLength(0);
		expect((await shopOrder(order.id)).refunds).toHaveLength(1);
	});

	it('a second run creates nothing twice', async () => {
		const before = (await shopState()).orders.length;
		const execution = await pair.instance.execute(MANUAL);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		// the same orders came in, and every importable one was found in the shop already
		expect(nodeItems(execution.run.data, 'Unshipped or Shipped by Amazon').length).toBeGreaterThan(
			0,
		);
		expect(nodeItems(execution.run.data, 'Only New Orders')).toHaveLength(0);
		await settle();
		expect((await shopState()).orders.length).toBe(before);
	});

	it('reconciliation: an unshipped order the trigger never emitted is created by the hourly reconciliation, once (run from a manual start)', async () => {
		const started = Date.now();
		const [amazon, shop] = [await amazonState(), await shopState()];
		// a merchant-fulfilled Amazon.nl listing of a variant the shop has in stock
		const variant = variants(shop).find(
			(candidate) =>
				candidate.inventory_management === 'shopify' &&
				available(shop, candidate.sku) >= 5 &&
				candidate.sku !== unfulfillable.sku &&
				mfnQuantity(amazon, candidate.sku) !== undefined,
		)!;
		const orderId = await seedMissedAmazonOrder(amazonUrl, expected, variant.sku);
		const inStore = async () =>
			(await shopState()).orders.filter((order) => attribute(order, 'amazon_order_id') === orderId);
		await expectReconciledOnce({
			run: async () => await pair.instance.execute(RECONCILE),
			orderId,
			inStore: async () => (await inStore()).length,
			storeOrders: async () => (await shopState()).orders.length,
			settle,
		});
		const [order] = await inStore();
		expect(order.line_items.map((line) => [line.sku, line.quantity])).toEqual([[variant.sku, 1]]);
		console.log(`reconciliation test: ${Math.round((Date.now() - started) / 1000)} s`);
	});

	it('store reconciliation: a fulfilment, a cancellation and a refund whose webhook never arrived reach Amazon once from the hourly store reconciliation; a second run sends nothing (run from a manual start)', async () => {
		const started = Date.now();
		// three merchant-fulfilled Amazon orders the shop has (created by the order reconciliation: no poll to wait for)
		const [amazon, shop] = [await amazonState(), await shopState()];
		const picks = variants(shop)
			.filter(
				(candidate) =>
					candidate.inventory_management === 'shopify' &&
					available(shop, candidate.sku) >= 5 &&
					![unfulfillable.sku, fba.sku].includes(candidate.sku) &&
					mfnQuantity(amazon, candidate.sku) !== undefined,
			)
			.slice(0, 3);
		expect(picks).toHaveLength(3);
		const orderIds = ['305-0000004-0000004', '305-0000005-0000005', '305-0000006-0000006'];
		for (const [index, variant] of picks.entries())
			await seedMissedAmazonOrder(amazonUrl, expected, variant.sku, orderIds[index]);
		const intake = await pair.instance.execute(RECONCILE);
		expect(intake.error).toBeUndefined();
		await settle();
		const inShop = (await shopState()).orders;
		const [shippedOrder, cancelledOrder, refundedOrder] = orderIds.map(
			(orderId) => inShop.find((order) => attribute(order, 'amazon_order_id') === orderId)!,
		);
		expect([shippedOrder, cancelledOrder, refundedOrder].every(Boolean)).toBe(true);

		// the shop drops the order webhooks (as Shopify does after 48 hours of failed deliveries)
		const topics = [
			'fulfillments/create',
			'fulfillments/update',
			'orders/cancelled',
			'refunds/create',
		];
		const hooks = (
			await shopify<{ webhooks: Array<{ id: number; topic: string }> }>('GET', '/webhooks.json')
		).webhooks.filter((hook) => topics.includes(hook.topic));
		expect(hooks.map((hook) => hook.topic).sort()).toEqual(topics);
		for (const hook of hooks) await shopify('DELETE', `/webhooks/${hook.id}.json`);

		const fulfillment = await fulfil(shippedOrder, {
			company: 'PostNL Pakket',
			number: '3SMPS0000000088',
		});
		await shopify('POST', `/orders/${cancelledOrder.id}/cancel.json`, { reason: 'inventory' });
		const line = refundedOrder.line_items[0];
		const { refund } = await shopify<{
			refund: { id: number; refund_line_items: Array<{ subtotal: number }> };
		}>('POST', `/orders/${refundedOrder.id}/refunds.json`, {
			refund: {
				note: 'damaged on arrival',
				notify: false,
				refund_line_items: [
					{ line_item_id: line.id, quantity: line.quantity, restock_type: 'no_restock' },
				],
				transactions: [],
			},
		});
		const atAmazon = async () => ({
			packages: (await amazonOrder(orderIds[0])).packages ?? [],
			cancellations: (await amazonOrder(orderIds[1])).emulator.cancellations,
			refunds: (await amazonOrder(orderIds[2])).emulator.refunds,
		});
		// no webhook: nothing reached Amazon
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		await settle();
		expect(await atAmazon()).toEqual({ packages: [], cancellations: [], refunds: [] });

		const first = await pair.instance.execute(STORE_RECONCILE);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		const picked = (node: string) =>
			nodeItems(first.run.data, node).map((item) => (item.json as { id: number }).id);
		// only what never reached Amazon: every fulfilment, cancellation and refund before is marked in the shop
		expect(picked('Shopify: Fulfillments to Reconcile')).toEqual([fulfillment.id]);
		expect(picked('Shopify: Cancellations to Reconcile')).toEqual([cancelledOrder.id]);
		expect(picked('Shopify: Refunds to Reconcile')).toEqual([refund.id]);
		const done = await waitFor(
			'the shipment, the cancellation and the refund at Amazon',
			async () => {
				const state = await atAmazon();
				return state.packages.length && state.cancellations.length && state.refunds.length
					? state
					: undefined;
			},
			60_000,
			1_000,
		);
		expect(done.packages).toEqual([
			expect.objectContaining({ carrier: 'PostNL', trackingNumber: '3SMPS0000000088' }),
		]);
		expect(done.cancellations.map((entry) => entry.reason)).toEqual(['NoInventory']);
		expect(done.refunds).toEqual([
			expect.objectContaining({ amounts: { Principal: refund.refund_line_items[0].subtotal } }),
		]);
		expect(
			attribute(await shopOrder(shippedOrder.id), `amazon_shipped_${fulfillment.id}`),
		).toBeTruthy();
		expect(attribute(await shopOrder(cancelledOrder.id), 'amazon_cancelled')).toBeTruthy();
		expect(
			attribute(await shopOrder(refundedOrder.id), `amazon_refund_forwarded_${refund.id}`),
		).toBeTruthy();

		// the next hour: the same orders are listed again, and nothing goes to Amazon
		const second = await pair.instance.execute(STORE_RECONCILE);
		expect(second.error).toBeUndefined();
		expect(second.status).toBe('success');
		const listed = nodeItems(second.run.data, 'Shopify: Orders Changed: Items').map(
			(item) => (item.json as { id: number }).id,
		);
		expect(listed).toEqual(
			expect.arrayContaining([shippedOrder.id, cancelledOrder.id, refundedOrder.id]),
		);
		for (const node of [
			'Shopify: Fulfillments to Reconcile',
			'Shopify: Cancellations to Reconcile',
			'Shopify: Refunds to Reconcile',
		])
			expect(nodeItems(second.run.data, node)).toHaveLength(0);
		expect(await atAmazon()).toEqual(done);
		console.log(`store reconciliation test: ${Math.round((Date.now() - started) / 1000)} s`);
	});

	it('stock: the hourly full sync sends the whole catalogue (run from a manual start: a schedule cannot fire in a test)', async () => {
		// webhooks off (deactivated): these changes reach Amazon only through the full sync
		await pair.server.deactivateWorkflow(LIVE);
		const [shop, amazon] = [await shopState(), await amazonState()];
		const changed = variants(shop)
			.filter(
				(variant) =>
					variant.inventory_management === 'shopify' &&
					mfnQuantity(amazon, variant.sku) !== undefined,
			)
			.slice(0, 3);
		for (const [index, variant] of changed.entries()) {
			await shopify('POST', '/inventory_levels/set.json', {
				location_id: shop.locations[0].id,
				inventory_item_id: variant.inventory_item_id,
				available: 50 + index,
			});
		}
		// a second location has stock of the first one too: with locationId set, only the Settings' location counts (as
		// for the inventory webhook), not the variant's total over every location
		await shopify('POST', '/inventory_levels/set.json', {
			location_id: shop.locations[1].id,
			inventory_item_id: changed[0].inventory_item_id,
			available: 100,
		});
		expect((await stockMismatches(changed.map((variant) => variant.sku))).length).toBe(
			changed.length,
		);
		const execution = await pair.instance.execute(FULL_SYNC);
		expect(execution.error).toBeUndefined();
		expect(
			await stockMismatches(variants(await shopState()).map((variant) => variant.sku)),
		).toEqual([]);
		expect(mfnQuantity(await amazonState(), changed[0].sku)).toBe(50);
		expect(nodeItems(execution.run.data, 'Shopify: All Location Levels').length).toBeGreaterThan(0);
		// one batch: more than the feed threshold (10 SKUs) went through one run of the Amazon node, as one listings feed
		expect(nodeItems(execution.run.data, 'Amazon: Update Stock').length).toBeGreaterThan(10);
		expect(
			(await adminState<{ feeds: Array<{ feedType: string }> }>(amazonUrl)).feeds.some(
				(feed) => feed.feedType === 'JSON_LISTINGS_FEED',
			),
		).toBe(true);
	});
}
