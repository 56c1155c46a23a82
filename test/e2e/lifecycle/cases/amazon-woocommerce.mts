/**
 * workflows-templates/amazon-woocommerce-lifecycle.json in a real n8n against the Amazon and WooCommerce emulators,
 * through its real triggers where they can fire in a test: the Amazon polling trigger (n8n polls once at activation,
 * then every minute) and the WooCommerce webhook triggers (registered with the emulator at activation).
 *
 * The test copies differ from the template only in what a user fills in: credentials, the Settings values that point
 * at the emulators, a "Sync From" date on the new-order trigger (so the first poll picks up the seeded orders) and a
 * one-minute poll interval. The schedule triggers (returns report, full stock sync) and the "second run" check use
 * copies whose trigger is swapped for a manual start (`n8n execute` cannot fire a schedule or a polling trigger).
 */
import { expect, it } from 'vitest';

import {
	WOOCOMMERCE_CONSUMER_KEY,
	WOOCOMMERCE_CONSUMER_SECRET,
} from '../../../../sandbox/emulators/index.mts';
import { nodeItems, waitFor } from '../../../../sandbox/n8n/index.mts';
import {
	adminSeed,
	adminState,
	describeExecutions,
	restCall,
	wooMetaValue,
	type WooOrder,
	type WooState,
} from '../../lifecycle-support.mts';
import { lifecyclePair, NOTIFY } from '../pair.mts';
import {
	amazonTestCopies,
	expectUnfulfillableCancelled,
	expectReconciledOnce,
	mfnQuantity,
	seedAmazonScenario,
	seedMissedAmazonOrder,
} from '../../amazon-support.mts';
import { itemTotal, type AmazonOrder, type AmazonState } from '../../states.mts';

const LIVE = 'e2eLifeAmzWooLive';
const MANUAL = 'e2eLifeAmzWooMan1';
const FULL_SYNC = 'e2eLifeAmzWooSync';
const RETURNS = 'e2eLifeAmzWooRet1';
const RECONCILE = 'e2eLifeAmzWooRec1';
const MINUTE = 60_000;

const meta = wooMetaValue;

/** Amazon x WooCommerce lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let amazonUrl: string;
	let wooUrl: string;
	/** The Amazon orders the template is expected to import, and the one seeded for a product the store has none of. */
	let expected: AmazonOrder[];
	let unfulfillable: { orderId: string; sku: string };
	let fbaOrderId: string;
	/** Amazon order id -> store order, after the orders lane ran. */
	const storeOrders = new Map<string, WooOrder>();

	const woo = async <T,>(method: string, path: string, body?: unknown) =>
		await restCall<T>(
			method,
			`${wooUrl}/wp-json/wc/v3${path}`,
			{
				authorization: `Basic ${Buffer.from(`${WOOCOMMERCE_CONSUMER_KEY}:${WOOCOMMERCE_CONSUMER_SECRET}`).toString('base64')}`,
			},
			body,
		);
	const wooState = async () => await adminState<WooState>(wooUrl);
	const amazonState = async () => await adminState<AmazonState>(amazonUrl);
	const amazonOrder = async (orderId: string) =>
		(await amazonState()).orders.find((order) => order.orderId === orderId)!;
	const settle = async () => await pair.settle(LIVE);
	/** SKUs with a merchant-fulfilled Amazon.nl listing whose quantity differs from the store stock. */
	const stockMismatches = async (skus: Iterable<string>) => {
		const [amazon, store] = [await amazonState(), await wooState()];
		const mismatches: Array<{ sku: string; store: number; amazon: number }> = [];
		for (const sku of skus) {
			const quantity = mfnQuantity(amazon, sku);
			const stock = [...store.products, ...store.variations].find(
				(candidate) => candidate.sku === sku,
			);
			if (quantity === undefined || !stock?.manage_stock) continue;
			const storeStock = Math.max(0, stock.stock_quantity ?? 0);
			if (quantity !== storeStock) mismatches.push({ sku, store: storeStock, amazon: quantity });
		}
		return mismatches;
	};
	/** Store orders created for Amazon orders, by fulfilment. */
	const created = (fulfilment: 'merchant' | 'marketplace') =>
		[...storeOrders.entries()]
			.filter(([, order]) => meta(order, '_amazon_fulfilment') === fulfilment)
			.map(([orderId, order]) => ({ orderId, order }));

	let scenario: Awaited<ReturnType<typeof seedAmazonScenario>>;
	const pair = lifecyclePair('amazon', 'woocommerce', {
		seed: async ({ urls }) => {
			amazonUrl = urls.marketplace;
			wooUrl = urls.store;
			scenario = await seedAmazonScenario(amazonUrl, async ({ listing, ordered }) => {
				const store = await wooState();
				// an order the store cannot fulfil: a merchant-fulfilled product with no stock in the store (and in no other
				// open order, which would then be unfulfillable too)
				const product = store.products.find(
					(candidate) =>
						candidate.type === 'simple' &&
						candidate.manage_stock &&
						!ordered.has(candidate.sku) &&
						listing(candidate.sku, 'DEFAULT'),
				)!;
				await woo('PUT', `/products/${product.id}`, { stock_quantity: 0 });
				// an order Amazon fulfils (FBA): the store gets it as completed, without moving stock
				const fba = store.products.find(
					(candidate) =>
						candidate.type === 'simple' &&
						candidate.manage_stock &&
						(candidate.stock_quantity ?? 0) > 0 &&
						listing(candidate.sku, 'AMAZON_EU'),
				)!;
				return { unfulfillableSku: product.sku, fbaSku: fba.sku };
			});
			({ unfulfillable, expected } = scenario);
			fbaOrderId = scenario.fba.orderId;
		},
		workflows: (harness) =>
			amazonTestCopies(harness, {
				syncFrom: scenario.syncFrom,
				ids: {
					live: LIVE,
					manual: MANUAL,
					returns: RETURNS,
					fullSync: FULL_SYNC,
					reconcile: RECONCILE,
				},
			}),
		// activation registers the WooCommerce webhooks and runs the first poll of the Amazon trigger at once
		activate: [LIVE],
	});

	it('orders: every new Amazon order is created once in WooCommerce at the Amazon prices, with the Amazon order id', async () => {
		const fulfillable = expected.filter((order) => order.orderId !== unfulfillable.orderId);
		await waitFor(
			'a store order for every importable Amazon order',
			async () =>
				(await wooState()).orders.filter((order) => meta(order, '_amazon_order_id')).length >=
				fulfillable.length
					? true
					: undefined,
			120_000,
			1_000,
		).catch(async (error: Error) => {
			throw new Error(`${error.message}\n${await describeExecutions(pair.server, LIVE, 5)}`);
		});
		await settle();
		const store = await wooState();
		const orders = store.orders.filter((order) => meta(order, '_amazon_order_id'));
		// exactly once each: merchant-fulfilled UNSHIPPED orders and the FBA one; not the pending, shipped or cancelled ones
		expect(orders.map((order) => meta(order, '_amazon_order_id')).sort()).toEqual(
			fulfillable.map((order) => order.orderId).sort(),
		);
		expect(fulfillable.map((order) => order.orderId)).toContain(fbaOrderId);
		for (const amazonOrder of fulfillable) {
			const order = orders.find(
				(candidate) => meta(candidate, '_amazon_order_id') === amazonOrder.orderId,
			)!;
			storeOrders.set(amazonOrder.orderId, order);
			const byAmazon = amazonOrder.fulfillment.fulfilledBy === 'AMAZON';
			expect(order.status).toBe(byAmazon ? 'completed' : 'processing');
			expect(meta(order, '_amazon_fulfilment')).toBe(byAmazon ? 'marketplace' : 'merchant');
			// FBA orders carry WooCommerce's "stock already handled" flag: they do not move store stock
			expect(meta(order, '_order_stock_reduced')).toBe(byAmazon ? 'yes' : undefined);
			// lines: the store product of each seller SKU, the quantity and what the buyer paid at Amazon
			expect(
				order.line_items.map((line) => [line.sku, line.quantity, Number(line.total)]).sort(),
			).toEqual(
				amazonOrder.orderItems
					.map((item) => [item.product.sellerSku, item.quantityOrdered, itemTotal(item)])
					.sort(),
			);
			const address = amazonOrder.recipient?.deliveryAddress;
			if (!byAmazon) {
				expect(address).toBeDefined();
				expect(order.shipping.city).toBe(address!.city);
				expect(order.shipping.postcode).toBe(address!.postalCode);
				expect(order.shipping.country).toBe(address!.countryCode);
				expect(order.shipping.address_1).toBe(address!.addressLine1);
			}
		}
		expect(created('merchant').length).toBeGreaterThanOrEqual(4);
	});

	it('orders: an order the store cannot fulfil is cancelled at Amazon with the configured reason, with an email', async () => {
		await expectUnfulfillableCancelled({
			amazonUrl,
			smtp: pair.smtp,
			unfulfillable,
			notify: NOTIFY,
			reason: 'NoInventory',
		});
		expect(
			(await wooState()).orders.some(
				(candidate) => meta(candidate, '_amazon_order_id') === unfulfillable.orderId,
			),
		).toBe(false);
	});

	it('stock: the store stock of ordered products reaches the Amazon listings; a stock change in the store too', async () => {
		const store = await wooState();
		const amazon = await amazonState();
		const variation = store.variations.find(
			(candidate) => candidate.manage_stock && mfnQuantity(amazon, candidate.sku) !== undefined,
		)!;
		const simple = store.products.find(
			(product) =>
				product.type === 'simple' &&
				product.manage_stock &&
				product.sku !== unfulfillable.sku &&
				(product.stock_quantity ?? 0) > 0 &&
				mfnQuantity(amazon, product.sku) !== undefined,
		)!;
		await woo('PUT', `/products/${simple.id}`, { stock_quantity: 37 });
		await woo('PUT', `/products/${variation.parent_id}/variations/${variation.id}`, {
			stock_quantity: 12,
		});
		const skus = new Set([
			simple.sku,
			variation.sku,
			...created('merchant').flatMap(({ order }) => order.line_items.map((line) => line.sku)),
		]);
		await waitFor(
			'Amazon listings with the store stock',
			async () => ((await stockMismatches(skus)).length === 0 ? true : undefined),
			90_000,
			1_000,
		);
		await settle();
		expect(await stockMismatches(skus)).toEqual([]);
		const after = await amazonState();
		expect(mfnQuantity(after, simple.sku)).toBe(37);
		expect(mfnQuantity(after, variation.sku)).toBe(12);
	});

	it('shipments: a completed store order with tracking becomes an Amazon shipment confirmation with the mapped carrier, once', async () => {
		const [{ orderId, order }] = created('merchant');
		await woo('PUT', `/orders/${order.id}`, {
			status: 'completed',
			meta_data: [
				{
					key: '_wc_shipment_tracking_items',
					value: [
						{
							tracking_provider: 'PostNL Pakket',
							tracking_number: '3SMPS0000000001',
							date_shipped: '1700000000',
						},
					],
				},
			],
		});
		const shipped = await waitFor(
			'the Amazon shipment confirmation',
			async () => {
				const found = await amazonOrder(orderId);
				return found.packages?.length ? found : undefined;
			},
			60_000,
			1_000,
		);
		// "PostNL Pakket" -> PostNL through the Settings' carrierMapping
		expect(shipped.packages).toEqual([
			expect.objectContaining({ carrier: 'PostNL', trackingNumber: '3SMPS0000000001' }),
		]);
		expect(shipped.fulfillment.fulfillmentStatus).toBe('SHIPPED');
		expect(
			shipped.orderItems.every(
				(item) => item.fulfillment?.quantityFulfilled === item.quantityOrdered,
			),
		).toBe(true);
		await waitFor(
			'the store order marked shipped',
			async () =>
				meta(await woo<WooOrder>('GET', `/orders/${order.id}`), '_amazon_shipment')
					? true
					: undefined,
			30_000,
		);
		// another change of the order does not ship it again
		await woo('PUT', `/orders/${order.id}`, { customer_note: 'gift wrap' });
		await settle();
		expect((await amazonOrder(orderId)).packages).toHaveLength(1);
	});

	it('shipments: a completed store order without tracking sends one email and no shipment confirmation', async () => {
		const [, { orderId, order }] = created('merchant');
		await woo('PUT', `/orders/${order.id}`, { status: 'completed' });
		const mail = await waitFor(
			'the missing-tracking email',
			async () => pair.smtp.about(orderId, /tracking/i).at(0),
			60_000,
			1_000,
		);
		expect(mail.to).toEqual([NOTIFY]);
		await waitFor(
			'the notification mark',
			async () =>
				meta(await woo<WooOrder>('GET', `/orders/${order.id}`), '_amazon_tracking_missing_notified')
					? true
					: undefined,
			30_000,
		);
		await woo('PUT', `/orders/${order.id}`, { customer_note: 'still no tracking' });
		await settle();
		expect(pair.smtp.about(orderId, /tracking/i)).toHaveLength(1);
		const amazon = await amazonOrder(orderId);
		expect(amazon.packages ?? []).toHaveLength(0);
		expect(amazon.fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
	});

	it('refunds: a store refund of an Amazon order becomes an Amazon refund of the refunded amount, once', async () => {
		const [, , { orderId, order }] = created('merchant');
		const line = order.line_items[0];
		// the whole line, at what the customer paid for it (amounts like 17.90 included)
		const refund = await woo<{ id: number }>('POST', `/orders/${order.id}/refunds`, {
			amount: line.total,
			reason: 'damaged on arrival',
			api_refund: false,
			line_items: [{ id: line.id, quantity: line.quantity, refund_total: line.total }],
		});
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
				meta(await woo<WooOrder>('GET', `/orders/${order.id}`), '_amazon_refunds_forwarded')
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
				amounts: { Principal: Number(line.total) },
				currency: 'EUR',
				at: expect.any(Number),
			},
		]);
		expect(
			meta(await woo<WooOrder>('GET', `/orders/${order.id}`), '_amazon_refunds_forwarded'),
		).toBe(String(refund.id));
	});

	it('store cancellations: an Amazon order cancelled in the store is cancelled at Amazon with the configured reason', async () => {
		const [, , , { orderId, order }] = created('merchant');
		await woo('PUT', `/orders/${order.id}`, { status: 'cancelled' });
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
			'the store order marked cancelled',
			async () =>
				meta(await woo<WooOrder>('GET', `/orders/${order.id}`), '_amazon_cancelled')
					? true
					: undefined,
			30_000,
		);
		await settle();
	});

	it('returns: a return Amazon refunded is refunded and restocked in the store, once; one Amazon has not refunded is left alone', async () => {
		const [{ orderId, order }, { orderId: openReturnOrderId, order: openReturnOrder }] =
			created('merchant');
		const line = order.line_items[0];
		const stockOf = async () => {
			const state = await wooState();
			return (
				[...state.products, ...state.variations].find((candidate) => candidate.sku === line.sku)!
					.stock_quantity ?? 0
			);
		};
		const stockBefore = await stockOf();
		const requestedAt = new Date(Date.now() - MINUTE).toISOString();
		const unit = Number(line.total) / line.quantity;
		await adminSeed(amazonUrl, {
			returns: [
				{
					orderId,
					sku: line.sku,
					quantity: 1,
					rmaId: 'DRMAREFUND1',
					status: 'Closed',
					resolution: 'StandardRefund',
					refundedAmount: unit,
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
			],
		});
		const execution = await pair.instance.execute(RETURNS);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		expect(
			nodeItems(execution.run.data, 'Returned Line').map(
				(item) => (item.json as { rmaId: string }).rmaId,
			),
		).toContain('DRMAREFUND1');
		expect(
			nodeItems(execution.run.data, 'Returned Line').map(
				(item) => (item.json as { rmaId: string }).rmaId,
			),
		).not.toContain('DRMAOPEN001');
		const refunded = await woo<WooOrder>('GET', `/orders/${order.id}`);
		expect(refunded.refunds).toHaveLength(1);
		expect(refunded.refunds[0].reason).toBe('Amazon return DRMAREFUND1');
		expect(Number(refunded.refunds[0].total)).toBeCloseTo(-unit, 2);
		expect(await stockOf()).toBe(stockBefore + 1);
		expect((await woo<WooOrder>('GET', `/orders/${openReturnOrder.id}`)).refunds).toHaveLength(0);
		// the store refund's webhook reaches the refund lane, which does not send a refund Amazon made back to Amazon
		await settle();
		expect((await amazonOrder(orderId)).emulator.refunds).toEqual([]);
		// the next report run sees the same return again: no second refund
		const again = await pair.instance.execute(RETURNS);
		expect(again.status).toBe('success');
		expect(nodeItems(again.run.data, 'Returned Line').length).toBeGreaterThan(0);
		expect(nodeItems(again.run.data, 'Not Refunded Yet')).toHaveLength(0);
		expect((await woo<WooOrder>('GET', `/orders/${order.id}`)).refunds).toHaveLength(1);
	});

	it('a second run creates nothing twice', async () => {
		const before = (await wooState()).orders.length;
		const execution = await pair.instance.execute(MANUAL);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		// the same orders came in, and every importable one was found in the store already
		expect(nodeItems(execution.run.data, 'Unshipped or Shipped by Amazon').length).toBeGreaterThan(
			0,
		);
		expect(nodeItems(execution.run.data, 'Only New Orders')).toHaveLength(0);
		await settle();
		expect((await wooState()).orders.length).toBe(before);
	});

	it('reconciliation: an unshipped order the trigger never emitted is created by the hourly reconciliation, once (run from a manual start)', async () => {
		const started = Date.now();
		const [amazon, store] = [await amazonState(), await wooState()];
		// a merchant-fulfilled Amazon.nl listing of a product in stock
		const product = store.products.find(
			(candidate) =>
				candidate.type === 'simple' &&
				candidate.manage_stock &&
				(candidate.stock_quantity ?? 0) >= 5 &&
				candidate.sku !== unfulfillable.sku &&
				mfnQuantity(amazon, candidate.sku) !== undefined,
		)!;
		const orderId = await seedMissedAmazonOrder(amazonUrl, expected, product.sku);
		const inStore = async () =>
			(await wooState()).orders.filter((order) => meta(order, '_amazon_order_id') === orderId);
		await expectReconciledOnce({
			run: async () => await pair.instance.execute(RECONCILE),
			orderId,
			inStore: async () => (await inStore()).length,
			storeOrders: async () => (await wooState()).orders.length,
			settle,
		});
		const [order] = await inStore();
		expect(order.status).toBe('processing');
		expect(order.line_items.map((line) => [line.sku, line.quantity, Number(line.total)])).toEqual([
			[product.sku, 1, 19.99],
		]);
		console.log(`reconciliation test: ${Math.round((Date.now() - started) / 1000)} s`);
	});

	it('stock: the hourly full sync sends the whole catalogue (run from a manual start: a schedule cannot fire in a test)', async () => {
		// webhooks off (deactivated): these changes reach Amazon only through the full sync
		await pair.server.deactivateWorkflow(LIVE);
		const amazon = await amazonState();
		const store = await wooState();
		const changed = store.products
			.filter(
				(product) =>
					product.type === 'simple' &&
					product.manage_stock &&
					mfnQuantity(amazon, product.sku) !== undefined,
			)
			.slice(0, 3);
		for (const [index, product] of changed.entries())
			await woo('PUT', `/products/${product.id}`, { stock_quantity: 50 + index });
		const all = [...(await wooState()).products, ...(await wooState()).variations].map(
			(product) => product.sku,
		);
		expect((await stockMismatches(changed.map((product) => product.sku))).length).toBe(
			changed.length,
		);
		const execution = await pair.instance.execute(FULL_SYNC);
		expect(execution.error).toBeUndefined();
		expect(await stockMismatches(all)).toEqual([]);
		// one batch: more than the feed threshold (10 SKUs) went through one run of the Amazon node, as one listings feed
		expect(nodeItems(execution.run.data, 'Amazon: Update Stock').length).toBeGreaterThan(10);
		expect(
			(await adminState<{ feeds: Array<{ feedType: string }> }>(amazonUrl)).feeds.some(
				(feed) => feed.feedType === 'JSON_LISTINGS_FEED',
			),
		).toBe(true);
	});
}
