/**
 * workflows-templates/spartoo-woocommerce-lifecycle.json in a real n8n against the Spartoo and WooCommerce emulators.
 * The Spartoo lanes and the schedules run from manual starts (a Spartoo node listing what the trigger would emit, or
 * the schedule's stand-in); the live copy's Spartoo triggers are off, so no poll races a manual run. The store lanes
 * run through WooCommerce's real webhooks.
 *
 * The Spartoo emulator starts with the shared catalogue only (the store's SKUs: a simple product is its own reference
 * and size reference, a variation a size of its parent) and gets this test's orders and return.
 */
import { expect, it } from 'vitest';

import { nodeItems, waitFor } from '../../../../sandbox/n8n/index.mts';
import { EMULATED_DAY_MINUTES, lifecyclePair, NOTIFY } from '../pair.mts';
import {
	adminSeed,
	adminState,
	describeExecutions,
	restCall,
	wooMetaValue as meta,
	wooRest,
	type WooOrder,
	type WooState,
	type WooStock,
} from '../../lifecycle-support.mts';
import {
	mailText,
	merchantSteps,
	spartooState,
	spartooTestCopies,
} from '../../spartoo-support.mts';

const IDS = {
	live: 'e2eLifeSpaWooLive',
	orders: 'e2eLifeSpaWooOrd1',
	again: 'e2eLifeSpaWooAgn1',
	reconcile: 'e2eLifeSpaWooRec1',
	returns: 'e2eLifeSpaWooRet1',
	stock: 'e2eLifeSpaWooStk1',
};
const LIVE = IDS.live;
const ORDERS = IDS.orders;
const AGAIN = IDS.again;
const RECONCILE = IDS.reconcile;
const RETURNS = IDS.returns;
const STOCK = IDS.stock;
const TRACKING = '6A12345678901';
/**
 * The test's Spartoo orders: fulfillable (O1), out of stock (O2), missed by the trigger (O3, priced at the threshold),
 * priced below the threshold (O4 new, O5 found by the reconciliation), two sizes of one product (O6).
 */
const O1 = '70000001';
const O2 = '70000002';
const O3 = '70000003';
const O4 = '70000004';
const O5 = '70000005';
const O6 = '70000006';
const R1 = '80000001';
const R2 = '80000002';
/** Koongo's recommended threshold, the template's default (Settings autoAcceptThreshold). */
const THRESHOLD = 0.97;

/** Spartoo x WooCommerce lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let spaUrl: string;
	let wooUrl: string;
	/**
	 * Simple store products (a, b: in stock; c: none left) and a variation (v) with its parent's SKU and another size
	 * of that parent (w).
	 */
	const sku = { a: '', b: '', c: '', v: '', w: '', parent: '' };
	let variation: WooStock;
	/** The store's selling price (WooCommerce `price`, Settings autoAcceptPriceAttribute finalPrice) of each SKU. */
	const price: Record<string, number> = {};

	const pair = lifecyclePair('spartoo', 'woocommerce', {
		seed: async ({ urls }) => {
			spaUrl = urls.marketplace;
			wooUrl = urls.store;
			// no seeded orders or returns: the catalogue comes with this test's first orders
			await restCall('POST', `${spaUrl}/__admin/reset`, {}, { empty: true });
			const state = await wooState();
			const simple = state.products.filter(
				(product) =>
					product.type === 'simple' && product.manage_stock && (product.stock_quantity ?? 0) >= 10,
			);
			expect(simple.length).toBeGreaterThanOrEqual(3);
			Object.assign(sku, { a: simple[0].sku, b: simple[1].sku, c: simple[2].sku });
			const sized = (candidate: WooStock) =>
				candidate.manage_stock && (candidate.stock_quantity ?? 0) >= 2;
			variation = state.variations.find(
				(candidate) =>
					sized(candidate) &&
					state.variations.some(
						(other) =>
							other.parent_id === candidate.parent_id && other.id !== candidate.id && sized(other),
					),
			)!;
			const sibling = state.variations.find(
				(other) =>
					other.parent_id === variation.parent_id && other.id !== variation.id && sized(other),
			)!;
			const parent = state.products.find((product) => product.id === variation.parent_id)!;
			Object.assign(sku, { v: variation.sku, w: sibling.sku, parent: parent.sku });
			for (const product of [...state.products, ...state.variations] as Array<
				WooStock & { price?: string }
			>)
				price[product.sku] = Number(product.price);
			for (const of of [sku.a, sku.b, sku.c, sku.v, sku.w])
				expect(price[of], of).toBeGreaterThan(0);
			await woo('PUT', `/products/${simple[2].id}`, { stock_quantity: 0 });
			// Spartoo's prices are the store's (the emulator would take 10 % off some lines: below the threshold)
			await adminSeed(spaUrl, {
				orders: [
					{
						id: O1,
						status: 11,
						lines: [
							{ sizeReference: sku.a, qty: 2, price: price[sku.a] },
							{ sizeReference: sku.v, qty: 1, price: price[sku.v] },
						],
					},
					{ id: O2, status: 11, lines: [{ sizeReference: sku.c, qty: 1, price: price[sku.c] }] },
				],
			});
			expect(await spartooSize(sku.parent, sku.v)).toBeDefined();
		},
		settings: {
			stockSettleSeconds: 1,
			// the seeded orders are dated on the emulators' faster clock: every one is old enough for the reconciliation
			reconcileMinAgeMinutes: -EMULATED_DAY_MINUTES,
		},
		// the Spartoo lanes run from manual starts: the live copy does not poll Spartoo
		workflows: ({ copy, credentials }) =>
			spartooTestCopies(copy, { ids: IDS, credential: credentials.spartooApi, againOrderId: O1 }),
		// activation registers the WooCommerce webhooks
		activate: [LIVE],
	});

	const woo = async <T,>(method: string, path: string, body?: unknown) =>
		await wooRest(wooUrl)<T>(method, path, body);
	const wooState = async () => await adminState<WooState>(wooUrl);
	const spaState = async () => await spartooState(spaUrl);
	const spaOrder = async (id: string) => (await spaState()).orders.find((o) => o.orders_id === id)!;
	const settle = async () => await pair.settle(LIVE);
	const storeOrdersOf = async (orderId: string) =>
		(await wooState()).orders.filter((order) => meta(order, '_spartoo_order_id') === orderId);
	const stockOf = async (of: string) => {
		const state = await wooState();
		return [...state.products, ...state.variations].find((p) => p.sku === of)!.stock_quantity ?? 0;
	};
	const spartooSize = async (reference: string, sizeReference: string) =>
		(await spaState()).products
			.find((p) => p.reference === reference)
			?.sizes.find((s) => s.reference === sizeReference);
	const run = async (workflowId: string) => {
		const execution = await pair.instance.execute(workflowId);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		return execution;
	};
	const live = async <T,>(what: string, check: () => Promise<T | undefined>) =>
		await waitFor(what, check, 60_000, 1_000).catch(async (error: Error) => {
			throw new Error(`${error.message}\n${await describeExecutions(pair.server, LIVE, 10)}`);
		});

	it('new orders: a fulfillable order is created once in WooCommerce and accepted at Spartoo (11 -> 2); one out of stock is cancelled (41) with an email', async () => {
		const execution = await run(ORDERS);
		const accepted = await spaOrder(O1);
		expect(accepted.status).toBe(2);
		expect(merchantSteps(accepted)).toEqual([2]);
		const orders = await storeOrdersOf(O1);
		expect(orders).toHaveLength(1);
		expect(orders[0].status).toBe('processing');
		expect(meta(orders[0], '_spartoo_fulfilment')).toBe('merchant');
		expect(orders[0].line_items.map((line) => [line.sku, line.quantity]).sort()).toEqual(
			[
				[sku.a, 2],
				[sku.v, 1],
			].sort(),
		);
		expect(nodeItems(execution.run.data, 'Spartoo: Accept Order')).toHaveLength(1);

		const cancelled = await spaOrder(O2);
		expect(cancelled.status).toBe(41);
		expect(merchantSteps(cancelled)).toEqual([41]);
		expect(await storeOrdersOf(O2)).toHaveLength(0);
		const [mail] = pair.smtp.about(O2, /cannot be fulfilled/);
		expect(mail.to).toEqual([NOTIFY]);
		expect(mail.data).toContain(sku.c);
		expect(mail.data).toMatch(/cancelled at Spartoo/);
		await settle();
	});

	it('a second run creates and accepts nothing twice: the order again, and the reconciliation of the open orders', async () => {
		const before = (await wooState()).orders.length;
		const calls = (await spaState()).counters.calls['xml_maj_orders.php'] ?? 0;
		const again = await run(AGAIN);
		expect(nodeItems(again.run.data, 'Only New Orders')).toHaveLength(0);
		expect(Object.keys(again.run.data.resultData.runData)).not.toContain('Woo: Create Order');
		expect(Object.keys(again.run.data.resultData.runData)).not.toContain('Spartoo: Accept Order');

		const reconcile = await run(RECONCILE);
		expect(
			nodeItems(reconcile.run.data, 'Spartoo: Open Orders').map((item) => item.json.orderId),
		).toEqual(expect.arrayContaining([O1, O2]));
		// O1 (2) is in the store already, O2 (41) is not open
		expect(nodeItems(reconcile.run.data, 'Only New Orders')).toHaveLength(0);
		await settle();
		expect((await wooState()).orders.length).toBe(before);
		expect((await spaState()).counters.calls['xml_maj_orders.php'] ?? 0).toBe(calls);
	});

	it('reconciliation: an order the trigger missed, priced at the threshold, is created in WooCommerce and accepted at Spartoo, once', async () => {
		// the lowest price Koongo's rule accepts: 0.97 x the store price, rounded up to the cent
		const lowest = Math.ceil(THRESHOLD * price[sku.b] * 100) / 100;
		expect(lowest).toBeLessThan(price[sku.b]);
		await adminSeed(spaUrl, {
			orders: [{ id: O3, status: 11, lines: [{ sizeReference: sku.b, qty: 1, price: lowest }] }],
		});
		await run(RECONCILE);
		const created = await storeOrdersOf(O3);
		expect(created).toHaveLength(1);
		expect(created[0].line_items.map((line) => [line.sku, line.quantity])).toEqual([[sku.b, 1]]);
		expect(merchantSteps(await spaOrder(O3))).toEqual([2]);
		const second = await run(RECONCILE);
		expect(nodeItems(second.run.data, 'Only New Orders')).toHaveLength(0);
		await settle();
		expect(await storeOrdersOf(O3)).toHaveLength(1);
		expect(merchantSteps(await spaOrder(O3))).toEqual([2]);
	});

	it('price rule: a new order priced below 0.97 x the store price is not created and not accepted: one email, it waits (11) for your decision; a second run sends nothing; accepted by you in Spartoo, the reconciliation creates it', async () => {
		const low = Math.floor(0.9 * price[sku.b] * 100) / 100;
		await adminSeed(spaUrl, {
			orders: [{ id: O4, status: 11, lines: [{ sizeReference: sku.b, qty: 1, price: low }] }],
		});
		const stockBefore = await stockOf(sku.b);
		const first = await run(ORDERS);
		expect(nodeItems(first.run.data, 'Only New Orders').map((item) => item.json.orderId)).toEqual([
			O4,
		]);
		expect(await storeOrdersOf(O4)).toHaveLength(0);
		expect((await spaOrder(O4)).status).toBe(11);
		expect(merchantSteps(await spaOrder(O4))).toEqual([]);
		expect(await stockOf(sku.b)).toBe(stockBefore);
		const mails = pair.smtp.about(O4, /not accepted automatically/);
		expect(mails).toHaveLength(1);
		expect(mails[0].to).toEqual([NOTIFY]);
		const text = mailText(mails[0].data);
		expect(text).toContain(`${sku.b} x 1 at ${low}`);
		expect(text).toContain(`price ${low} is below 0.97 x finalPrice ${price[sku.b]}`);
		expect(text).toMatch(/waits for your decision at Spartoo \(status 11\)/);

		// the next poll (the order still waits): nothing created, accepted or emailed again
		const second = await run(ORDERS);
		expect(nodeItems(second.run.data, 'Only New Orders').map((item) => item.json.orderId)).toEqual([
			O4,
		]);
		expect(nodeItems(second.run.data, 'Not Emailed Yet')).toHaveLength(0);
		expect(await storeOrdersOf(O4)).toHaveLength(0);
		expect(merchantSteps(await spaOrder(O4))).toEqual([]);
		expect(pair.smtp.about(O4)).toHaveLength(1);

		// you accept it in Spartoo (11 -> 2): the reconciliation creates it in the store, at Spartoo's price, once
		await adminSeed(spaUrl, { spartooMoves: { orders: [{ id: O4, status: 2 }] } });
		await run(RECONCILE);
		const created = await storeOrdersOf(O4);
		expect(created).toHaveLength(1);
		expect(
			created[0].line_items.map((line) => [line.sku, line.quantity, Number(line.total)]),
		).toEqual([[sku.b, 1, low]]);
		expect((await spaOrder(O4)).status).toBe(2);
		expect(merchantSteps(await spaOrder(O4))).toEqual([]);
		expect(pair.smtp.about(O4)).toHaveLength(1);
		await settle();
	});

	it('price rule: an order priced too low that the reconciliation finds is emailed once, and the next reconciliation creates and emails nothing', async () => {
		const low = Math.floor(0.5 * price[sku.a] * 100) / 100;
		await adminSeed(spaUrl, {
			orders: [{ id: O5, status: 11, lines: [{ sizeReference: sku.a, qty: 1, price: low }] }],
		});
		const first = await run(RECONCILE);
		expect(nodeItems(first.run.data, 'Auto-Accept Rule')).toHaveLength(0);
		expect(await storeOrdersOf(O5)).toHaveLength(0);
		expect(merchantSteps(await spaOrder(O5))).toEqual([]);
		const [mail, ...more] = pair.smtp.about(O5, /not accepted automatically/);
		expect(more).toHaveLength(0);
		expect(mailText(mail.data)).toContain(
			`price ${low} is below 0.97 x finalPrice ${price[sku.a]}`,
		);

		await run(RECONCILE);
		expect(await storeOrdersOf(O5)).toHaveLength(0);
		expect((await spaOrder(O5)).status).toBe(11);
		expect(merchantSteps(await spaOrder(O5))).toEqual([]);
		expect(pair.smtp.about(O5)).toHaveLength(1);
		await settle();
	});

	it("shipments: a completed store order with tracking ships the Spartoo order (3) with that number and the order's transporter, once", async () => {
		const [storeOrder] = await storeOrdersOf(O1);
		await woo('PUT', `/orders/${storeOrder.id}`, {
			status: 'completed',
			meta_data: [
				{
					key: '_wc_shipment_tracking_items',
					value: [
						{
							tracking_provider: 'Colissimo',
							tracking_number: TRACKING,
							date_shipped: '1700000000',
						},
					],
				},
			],
		});
		const shipped = await live('the Spartoo shipment', async () => {
			const order = await spaOrder(O1);
			return order.status === 3 ? order : undefined;
		});
		expect(shipped.trackingNumber).toBe(TRACKING);
		await live('the store order marked shipped', async () =>
			String(
				meta(await woo<WooOrder>('GET', `/orders/${storeOrder.id}`), '_spartoo_shipment') ?? '',
			).startsWith(`${TRACKING} (${shipped.shippingName})`)
				? true
				: undefined,
		);
		// another change of the order does not ship it again
		await woo('PUT', `/orders/${storeOrder.id}`, { customer_note: 'gift wrap' });
		await settle();
		expect(merchantSteps(await spaOrder(O1))).toEqual([2, 3]);
	});

	it('store cancellations: a Spartoo order cancelled in WooCommerce is cancelled at Spartoo (41), once', async () => {
		const [storeOrder] = await storeOrdersOf(O3);
		await woo('PUT', `/orders/${storeOrder.id}`, { status: 'cancelled' });
		await live('the Spartoo cancellation', async () =>
			(await spaOrder(O3)).status === 41 ? true : undefined,
		);
		await live('the cancelled mark', async () =>
			meta(await woo<WooOrder>('GET', `/orders/${storeOrder.id}`), '_spartoo_cancelled')
				? true
				: undefined,
		);
		await woo('PUT', `/orders/${storeOrder.id}`, { customer_note: 'cancelled by phone' });
		await settle();
		expect(merchantSteps(await spaOrder(O3))).toEqual([2, 41]);
	});

	it('returns: a buyer return is accepted at Spartoo (4) and refunded once in WooCommerce with restock; a second run does nothing twice', async () => {
		await adminSeed(spaUrl, {
			returns: [{ id: R1, orderId: O1, sizeReference: sku.a, status: 2, reason: 'Trop petit' }],
		});
		const [storeOrder] = await storeOrdersOf(O1);
		const line = storeOrder.line_items.find((candidate) => candidate.sku === sku.a)!;
		const stockBefore = await stockOf(sku.a);
		const first = await run(RETURNS);
		const ret = (await spaState()).returns.find((candidate) => candidate.return_id === R1)!;
		expect(ret.status).toBe(4);
		expect(merchantSteps(ret)).toEqual([4]);
		const refunds = (await woo<WooOrder>('GET', `/orders/${storeOrder.id}`)).refunds;
		expect(refunds, JSON.stringify(Object.keys(first.run.data.resultData.runData))).toHaveLength(1);
		expect(refunds[0].reason).toBe(`Spartoo return ${R1}`);
		expect(Number(refunds[0].total)).toBeCloseTo(-Number(line.total) / line.quantity, 2);
		expect(await stockOf(sku.a)).toBe(stockBefore + 1);
		expect(
			(await wooState()).orders.filter((order) => order.refunds.length > 0).map((o) => o.id),
		).toEqual([storeOrder.id]);

		const second = await run(RETURNS);
		expect(Object.keys(second.run.data.resultData.runData)).not.toContain('Spartoo: Accept Return');
		expect((await woo<WooOrder>('GET', `/orders/${storeOrder.id}`)).refunds).toHaveLength(1);
		// the store refund this lane made is Spartoo's own: the refund lane does not send it back
		await settle();
		expect(merchantSteps((await spaState()).returns.find((r) => r.return_id === R1)!)).toEqual([4]);
		expect(merchantSteps(await spaOrder(O1))).toEqual([2, 3]);
	});

	it('returns: a returned size of a product ordered in two sizes is taken from the order, and WooCommerce refunds and restocks that variation only', async () => {
		await adminSeed(spaUrl, {
			orders: [
				{
					id: O6,
					status: 11,
					lines: [
						{ sizeReference: sku.v, qty: 1, price: price[sku.v] },
						{ sizeReference: sku.w, qty: 1, price: price[sku.w] },
					],
				},
			],
		});
		await run(RECONCILE);
		const [storeOrder] = await storeOrdersOf(O6);
		expect(storeOrder.line_items.map((line) => line.sku).sort()).toEqual([sku.v, sku.w].sort());
		expect(merchantSteps(await spaOrder(O6))).toEqual([2]);
		await settle();

		// Spartoo's return names the product (your product reference: the parent's SKU) and the size label, not the size
		await adminSeed(spaUrl, {
			returns: [{ id: R2, orderId: O6, sizeReference: sku.w, status: 2, reason: 'Trop grand' }],
		});
		const returned = (await spaState()).returns.find((candidate) => candidate.return_id === R2)!;
		expect(returned.line.reference).toBe(sku.parent);
		const line = storeOrder.line_items.find((candidate) => candidate.sku === sku.w)!;
		const [stockV, stockW] = [await stockOf(sku.v), await stockOf(sku.w)];
		const execution = await run(RETURNS);
		const pending = nodeItems(execution.run.data, 'Pending Returns').map((item) => item.json);
		expect(pending.map((item) => item.returnId)).toEqual([R2]);
		expect(pending[0]).toMatchObject({
			lines: [{ sku: sku.w }],
			extra: { sizeResolution: { status: 'resolved', sizeReference: sku.w } },
		});
		const decided = (await spaState()).returns.find((candidate) => candidate.return_id === R2)!;
		expect(merchantSteps(decided)).toEqual([4]);
		const refunds = (await woo<WooOrder>('GET', `/orders/${storeOrder.id}`)).refunds;
		expect(refunds).toHaveLength(1);
		expect(refunds[0].reason).toBe(`Spartoo return ${R2}`);
		expect(Number(refunds[0].total)).toBeCloseTo(-Number(line.total), 2);
		// the returned size is back in stock, the other size of the order is not touched
		expect(await stockOf(sku.w)).toBe(stockW + 1);
		expect(await stockOf(sku.v)).toBe(stockV);
		await settle();
	});

	it('stock: the full stock sync sends the store stock to Spartoo in a batch, a variation as a size of its parent product', async () => {
		const [simple] = (await wooState()).products.filter((product) => product.sku === sku.b);
		await woo('PUT', `/products/${simple.id}`, { stock_quantity: 7 });
		await woo('PUT', `/products/${variation.parent_id}/variations/${variation.id}`, {
			stock_quantity: 5,
		});
		// the product webhook sends b on its own
		await live('the stock of the saved product at Spartoo', async () =>
			(await spartooSize(sku.b, sku.b))?.quantity === 7 ? true : undefined,
		);
		await settle();
		const batches = (await spaState()).counters.calls['xml_maj_stock_batch.php'] ?? 0;
		const execution = await run(STOCK);
		// one batch call per run of the stock step (n8n runs it once for the simple products, once for the variations)
		expect((await spaState()).counters.calls['xml_maj_stock_batch.php'] ?? 0).toBeGreaterThan(
			batches,
		);
		expect((await spartooSize(sku.parent, sku.v))?.quantity).toBe(5);
		expect((await spartooSize(sku.b, sku.b))?.quantity).toBe(7);
		// every run of the stock step (one for the simple products, one for the variations)
		const results = execution.run.data.resultData.runData['Spartoo: Update Stock'].flatMap(
			(stepRun) => (stepRun.data?.main?.[0] ?? []).map((item) => item.json),
		);
		expect(results.find((result) => result.sizeReference === sku.v)).toMatchObject({
			reference: sku.parent,
			success: true,
		});
	});
}
