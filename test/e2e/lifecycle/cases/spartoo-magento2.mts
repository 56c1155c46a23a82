/**
 * workflows-templates/spartoo-magento2-lifecycle.json in a real n8n against the Spartoo and Magento 2 emulators.
 * Every lane runs from a manual start of a test copy: the Spartoo lanes from a Spartoo node listing what the trigger
 * would emit, the Magento lanes (Magento has no webhooks: its side polls) from a stand-in for their schedule trigger.
 * So no test waits for a poll, and each run's effect is checked as soon as the run is over.
 *
 * The Spartoo emulator starts with the shared catalogue only (the store's SKUs: a simple product is its own reference
 * and size reference, a family member a size of its family) and gets this test's orders and return. In Magento one
 * family becomes a configurable product whose children are its sizes, as a merchant's catalogue has it.
 */
import { expect, it } from 'vitest';

import { nodeItems } from '../../../../sandbox/n8n/index.mts';
import { EMULATED_DAY_MINUTES, lifecyclePair, NOTIFY } from '../pair.mts';
import {
	adminSeed,
	adminState,
	mageRest,
	MANUAL_SCHEDULE_START,
	restCall,
	type TestCopyOptions,
} from '../../lifecycle-support.mts';
import {
	allRunsJson,
	mailText,
	merchantSteps,
	spartooFamily,
	spartooManualStarts,
	spartooOrderNow,
	spartooReturnNow,
	spartooSizeNow,
	spartooState,
} from '../../spartoo-support.mts';
import { hasComment, mageTag, type MageState } from '../../states.mts';

const ORDERS = 'e2eLifeSpaMgOrd1';
const AGAIN = 'e2eLifeSpaMgAgn1';
const RECONCILE = 'e2eLifeSpaMgRec1';
const CHANGES = 'e2eLifeSpaMgChg1';
const RETURNS = 'e2eLifeSpaMgRet1';
const STOCK = 'e2eLifeSpaMgStk1';
const TRACKING = '6A12345678901';
/**
 * The test's Spartoo orders: fulfillable (O1: a simple product and a size of the configurable product), out of stock
 * (O2), missed by the trigger (O3), placed in Magento by a run that stopped before the invoice and the accept (O4).
 */
const O1 = '71000001';
const O2 = '71000002';
const O3 = '71000003';
const O4 = '71000004';
/** Shipped at Spartoo while its store order is cancelled in Magento. */
const O5 = '71000005';
/** Priced below the threshold (0.97 x the Magento price): not placed, not accepted. */
const O6 = '71000006';
const R1 = '81000001';

/** Spartoo x Magento 2 lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let spaUrl: string;
	let mageUrl: string;
	/** Simple products (a, b, d: in stock; c: none left), a size (v) of the configurable product `parent`. */
	const sku = { a: '', b: '', c: '', d: '', v: '', parent: '' };
	/** The Magento price of each product (no special prices: Settings autoAcceptPriceAttribute finalPrice is the price). */
	const price: Record<string, number> = {};

	const pair = lifecyclePair('spartoo', 'magento2', {
		seed: async ({ urls }) => {
			spaUrl = urls.marketplace;
			mageUrl = urls.store;
			// no seeded orders or returns
			await restCall('POST', `${spaUrl}/__admin/reset`, {}, { empty: true });
			// the shared catalogue only
			await adminSeed(spaUrl, { orders: [] });
			const store = await mageState();
			const salable = (of: string) => store.salable[of] ?? 0;
			const simple = new Set(
				store.products.filter((product) => product.type_id === 'simple').map((p) => p.sku),
			);
			// every Spartoo product of sizes the store sells is a configurable product in Magento, its sizes its children
			const family = await spartooFamily(spaUrl, (size) => simple.has(size) && salable(size) >= 2);
			for (const product of (await spartooState(spaUrl)).products) {
				if (product.sizes.length < 2 || !product.sizes.every((size) => simple.has(size.reference)))
					continue;
				await magento('POST', '/products', {
					product: {
						sku: product.reference,
						name: `Family ${product.reference}`,
						type_id: 'configurable',
						price: 0,
						visibility: 4,
					},
				});
				for (const size of product.sizes)
					await magento(
						'POST',
						`/configurable-products/${encodeURIComponent(product.reference)}/child`,
						{ childSku: size.reference },
					);
			}
			Object.assign(sku, { v: family.sizes[0], parent: family.reference });
			// simple products of no family (their own reference at Spartoo)
			const spartoo = await spartooState(spaUrl);
			const own = spartoo.products
				.filter(
					(product) =>
						product.sizes.length === 1 &&
						product.sizes[0].reference === product.reference &&
						simple.has(product.reference) &&
						salable(product.reference) >= 10,
				)
				.map((product) => product.reference);
			expect(own.length).toBeGreaterThanOrEqual(4);
			Object.assign(sku, { a: own[0], b: own[1], c: own[2], d: own[3] });
			await magento('POST', '/inventory/source-items', {
				sourceItems: ['default', 'ams_warehouse'].map((source_code) => ({
					sku: sku.c,
					source_code,
					quantity: 0,
					status: 1,
				})),
			});
			expect((await mageState()).salable[sku.c]).toBe(0);
			for (const product of store.products as Array<{ sku: string; price?: number }>)
				price[product.sku] = Number(product.price);
			for (const of of [sku.a, sku.b, sku.c, sku.d, sku.v])
				expect(price[of], of).toBeGreaterThan(0);
			// Spartoo's prices are Magento's (the emulator would take 10 % off some lines: below the threshold)
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
		},
		settings: {
			// the seeded orders are dated on the emulators' faster clock: every one is old enough for the reconciliation
			reconcileMinAgeMinutes: -EMULATED_DAY_MINUTES,
		},
		workflows: ({ copy, credentials }) => {
			const manual = (id: string, what: string, manualStart: TestCopyOptions['manualStart']) =>
				copy(id, `${what}, manual start`, { manualStart });
			const starts = spartooManualStarts(credentials.spartooApi, O1);
			return [
				manual(ORDERS, 'new orders', starts.orders),
				manual(AGAIN, 'an order again', starts.again),
				manual(RECONCILE, 'order reconciliation', {
					'Every Hour: Reconcile Orders': MANUAL_SCHEDULE_START,
				}),
				manual(CHANGES, 'store changes', {
					'Every 5 Minutes: Store Changes': MANUAL_SCHEDULE_START,
				}),
				manual(RETURNS, 'returns', starts.returns),
				manual(STOCK, 'stock', { 'Every 15 Minutes: Stock': MANUAL_SCHEDULE_START }),
			];
		},
	});

	const magento = async <T,>(method: string, path: string, body?: unknown) =>
		await mageRest(mageUrl)<T>(method, path, body);
	const mageState = async () => await adminState<MageState>(mageUrl);
	const spaOrder = async (id: string) => await spartooOrderNow(spaUrl, id);
	const storeOrdersOf = async (orderId: string) =>
		(await mageState()).orders.filter((order) => mageTag(order, 'spartoo') === orderId);
	const storeOrderOf = async (orderId: string) => {
		const [order, ...others] = await storeOrdersOf(orderId);
		expect(others).toHaveLength(0);
		return order;
	};
	const orderNow = async (id: number) =>
		(await mageState()).orders.find((order) => order.entity_id === id)!;
	const run = async (workflowId: string) => {
		const execution = await pair.instance.execute(workflowId);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		return execution;
	};
	const ran = (execution: Awaited<ReturnType<typeof run>>) =>
		Object.keys(execution.run.data.resultData.runData);

	/** A Magento order placed through the cart and tagged for `orderId`, not invoiced (a run that stopped there). */
	async function placeTaggedOrder(orderId: string, of: string): Promise<number> {
		const cartId = await magento<number>('POST', '/carts/');
		await magento('POST', `/carts/${cartId}/items`, {
			cartItem: { sku: of, qty: 1, quote_id: cartId },
		});
		const address = {
			firstname: 'Zoé',
			lastname: 'Lefèvre',
			street: ["12 rue de l'Église"],
			city: 'Orléans',
			postcode: '45000',
			country_id: 'FR',
			telephone: '-',
			email: 'zoe@example.fr',
		};
		await magento('POST', `/carts/${cartId}/shipping-information`, {
			addressInformation: {
				shipping_address: address,
				billing_address: address,
				shipping_carrier_code: 'flatrate',
				shipping_method_code: 'flatrate',
			},
		});
		const entityId = await magento<number>('PUT', `/carts/${cartId}/order`, {
			paymentMethod: { method: 'checkmo' },
		});
		await magento('POST', `/orders/${entityId}/comments`, {
			statusHistory: { comment: `[spartoo:${orderId}] Spartoo order`, is_customer_notified: 0 },
		});
		return entityId;
	}

	it('new orders: a fulfillable order is placed once in Magento, invoiced and accepted at Spartoo (11 -> 2); one out of stock is cancelled (41) with an email', async () => {
		const execution = await run(ORDERS);
		const accepted = await spaOrder(O1);
		expect(accepted.status).toBe(2);
		expect(merchantSteps(accepted)).toEqual([2]);
		const order = await storeOrderOf(O1);
		expect(order.state).toBe('processing');
		// Spartoo collected the money: the order is invoiced
		expect(order.items.every((item) => item.qty_invoiced === item.qty_ordered)).toBe(true);
		expect(order.items.map((item) => [item.sku, item.qty_ordered]).sort()).toEqual(
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
	});

	it('a second run creates and accepts nothing twice: the order again, and the reconciliation of the open orders', async () => {
		const before = (await mageState()).orders.length;
		const calls = (await spartooState(spaUrl)).counters.calls['xml_maj_orders.php'] ?? 0;
		const again = await run(AGAIN);
		expect(nodeItems(again.run.data, 'Only New Orders')).toHaveLength(0);
		expect(ran(again)).not.toContain('Magento: New Cart');
		expect(ran(again)).not.toContain('Spartoo: Accept Order');

		const reconcile = await run(RECONCILE);
		expect(
			nodeItems(reconcile.run.data, 'Spartoo: Open Orders').map((item) => item.json.orderId),
		).toEqual(expect.arrayContaining([O1, O2]));
		// O1 (2) is in the store already, O2 (41) is not open
		expect(nodeItems(reconcile.run.data, 'Only New Orders')).toHaveLength(0);
		expect((await mageState()).orders.length).toBe(before);
		expect((await spartooState(spaUrl)).counters.calls['xml_maj_orders.php'] ?? 0).toBe(calls);
	});

	it('reconciliation: an order the trigger missed is placed in Magento and accepted, once; one already in Magento that still waits is accepted, not placed again', async () => {
		const stored = await placeTaggedOrder(O4, sku.d);
		await adminSeed(spaUrl, {
			orders: [
				{ id: O3, status: 11, lines: [{ sizeReference: sku.b, qty: 1, price: price[sku.b] }] },
				{ id: O4, status: 11, lines: [{ sizeReference: sku.d, qty: 1, price: price[sku.d] }] },
			],
		});
		const orders = (await mageState()).orders.length;
		await run(RECONCILE);
		const created = await storeOrderOf(O3);
		expect(created.items.map((item) => [item.sku, item.qty_ordered])).toEqual([[sku.b, 1]]);
		expect(merchantSteps(await spaOrder(O3))).toEqual([2]);
		// O4: accepted, and its store order is the one the earlier run placed
		expect(merchantSteps(await spaOrder(O4))).toEqual([2]);
		expect((await storeOrderOf(O4)).entity_id).toBe(stored);
		expect((await mageState()).orders.length).toBe(orders + 1);

		const second = await run(RECONCILE);
		expect(nodeItems(second.run.data, 'Only New Orders')).toHaveLength(0);
		expect(ran(second)).not.toContain('Spartoo: Accept Order');
		expect(await storeOrdersOf(O3)).toHaveLength(1);
		expect(merchantSteps(await spaOrder(O3))).toEqual([2]);
		expect(merchantSteps(await spaOrder(O4))).toEqual([2]);
	});

	it('price rule: a new order priced below 0.97 x the Magento price is not placed and not accepted: one email, it waits (11) for your decision; the next poll places and emails nothing', async () => {
		const low = Math.floor(0.9 * price[sku.b] * 100) / 100;
		await adminSeed(spaUrl, {
			orders: [{ id: O6, status: 11, lines: [{ sizeReference: sku.b, qty: 1, price: low }] }],
		});
		const orders = (await mageState()).orders.length;
		const first = await run(ORDERS);
		expect(nodeItems(first.run.data, 'Only New Orders').map((item) => item.json.orderId)).toEqual([
			O6,
		]);
		expect(ran(first)).not.toContain('Magento: New Cart');
		expect((await mageState()).orders.length).toBe(orders);
		expect((await spaOrder(O6)).status).toBe(11);
		expect(merchantSteps(await spaOrder(O6))).toEqual([]);
		const mails = pair.smtp.about(O6, /not accepted automatically/);
		expect(mails).toHaveLength(1);
		const text = mailText(mails[0].data);
		expect(text).toContain(`${sku.b} x 1 at ${low}`);
		expect(text).toContain(`price ${low} is below 0.97 x finalPrice ${price[sku.b]}`);

		const second = await run(ORDERS);
		expect(nodeItems(second.run.data, 'Not Emailed Yet')).toHaveLength(0);
		expect((await mageState()).orders.length).toBe(orders);
		expect(merchantSteps(await spaOrder(O6))).toEqual([]);
		expect(pair.smtp.about(O6)).toHaveLength(1);
	});

	it("shipments: a Magento shipment with a track ships the Spartoo order (3) with that number and the order's transporter, once", async () => {
		const order = await storeOrderOf(O1);
		const shipmentId = await magento<number>('POST', `/order/${order.entity_id}/ship`, {
			tracks: [{ track_number: TRACKING, title: 'Colissimo', carrier_code: 'custom' }],
		});
		await run(CHANGES);
		const shipped = await spaOrder(O1);
		expect(shipped.status).toBe(3);
		expect(shipped.trackingNumber).toBe(TRACKING);
		expect(
			hasComment(
				await orderNow(order.entity_id),
				`[spartoo-shipped:${shipmentId}] ${TRACKING} (${shipped.shippingName})`,
			),
		).toBe(true);
		// the next poll sees the shipment again: it is not shipped twice
		const again = await run(CHANGES);
		expect(ran(again)).not.toContain('Spartoo: Ship Order');
		expect(merchantSteps(await spaOrder(O1))).toEqual([2, 3]);
	});

	it('store cancellations: a Spartoo order cancelled in Magento is cancelled at Spartoo (41), once', async () => {
		const order = await storeOrderOf(O4);
		expect(await magento<boolean>('POST', `/orders/${order.entity_id}/cancel`)).toBe(true);
		await run(CHANGES);
		expect((await spaOrder(O4)).status).toBe(41);
		expect(hasComment(await orderNow(order.entity_id), '[spartoo-cancelled]')).toBe(true);
		const again = await run(CHANGES);
		expect(ran(again)).not.toContain('Spartoo: Cancel Store-Cancelled Order');
		expect(merchantSteps(await spaOrder(O4))).toEqual([2, 41]);
	});

	it('store cancellations: Spartoo refuses to cancel a shipped order: one email, and the next poll does not try again', async () => {
		// shipped at Spartoo, while its store order (placed, not invoiced) is cancelled in Magento
		const stored = await placeTaggedOrder(O5, sku.d);
		await adminSeed(spaUrl, {
			orders: [{ id: O5, status: 3, lines: [{ sizeReference: sku.d, qty: 1 }] }],
		});
		expect(await magento<boolean>('POST', `/orders/${stored}/cancel`)).toBe(true);
		await run(CHANGES);
		const mails = () => pair.smtp.about(O5, /not cancelled at Spartoo/);
		expect(mails()).toHaveLength(1);
		expect(mails()[0].to).toEqual([NOTIFY]);
		expect((await spaOrder(O5)).status).toBe(3);
		expect(hasComment(await orderNow(stored), '[spartoo-cancelled] Spartoo refused')).toBe(true);
		const again = await run(CHANGES);
		expect(ran(again)).not.toContain('Spartoo: Cancel Store-Cancelled Order');
		expect(mails()).toHaveLength(1);
	});

	it('refunds: a credit memo of the whole order is claimed and sent to Spartoo as Refund > Create (not shipped: cancelled, 41), once', async () => {
		const order = await storeOrderOf(O3);
		const memoId = await magento<number>('POST', `/order/${order.entity_id}/refund`, {
			items: order.items.map((item) => ({ order_item_id: item.item_id, qty: item.qty_ordered })),
			arguments: { shipping_amount: 0 },
		});
		const first = await run(CHANGES);
		expect(
			nodeItems(first.run.data, 'Spartoo: Refund').map((item) => item.json.refundedBy),
		).toEqual(['cancel']);
		expect((await spaOrder(O3)).status).toBe(41);
		const after = await orderNow(order.entity_id);
		expect(hasComment(after, `[spartoo-refund-claimed:${memoId}:`)).toBe(true);
		expect(hasComment(after, `[spartoo-refund-forwarded:${memoId}]`)).toBe(true);
		// the next poll: the memo is not sent again
		const again = await run(CHANGES);
		expect(ran(again)).not.toContain('Spartoo: Refund');
		expect(merchantSteps(await spaOrder(O3))).toEqual([2, 41]);
	});

	it('returns: a buyer return is accepted at Spartoo (4) and becomes one credit memo with return to stock; a second run does nothing twice', async () => {
		await adminSeed(spaUrl, {
			returns: [{ id: R1, orderId: O1, sizeReference: sku.a, status: 2, reason: 'Trop petit' }],
		});
		const order = await storeOrderOf(O1);
		const salableBefore = (await mageState()).salable[sku.a];
		await run(RETURNS);
		const accepted = await spartooReturnNow(spaUrl, R1);
		expect(accepted.status).toBe(4);
		expect(merchantSteps(accepted)).toEqual([4]);
		const memos = async () =>
			(await mageState()).creditmemos.filter((memo) => memo.order_id === order.entity_id);
		const [memo, ...others] = await memos();
		expect(others).toHaveLength(0);
		expect(memo.items).toEqual([
			expect.objectContaining({ sku: sku.a, qty: 1, back_to_stock: true }),
		]);
		expect(
			hasComment(
				await orderNow(order.entity_id),
				`[spartoo-return-refunded:${R1}:${memo.entity_id}]`,
			),
		).toBe(true);
		expect((await mageState()).salable[sku.a]).toBe(salableBefore + 1);

		const second = await run(RETURNS);
		expect(ran(second)).not.toContain('Spartoo: Accept Return');
		expect(await memos()).toHaveLength(1);
		// the memo this lane made is Spartoo's own: the refund lane does not send it back
		const changes = await run(CHANGES);
		expect(ran(changes)).not.toContain('Spartoo: Refund');
		expect(merchantSteps(await spartooReturnNow(spaUrl, R1))).toEqual([4]);
		expect(merchantSteps(await spaOrder(O1))).toEqual([2, 3]);
	});

	it('stock: salable quantities reach Spartoo per size, a child of a configurable product as a size of it; unchanged ones are not sent again', async () => {
		const first = await run(STOCK);
		const salable = (await mageState()).salable;
		expect((await spartooSizeNow(spaUrl, sku.parent, sku.v))?.quantity).toBe(salable[sku.v]);
		expect((await spartooSizeNow(spaUrl, sku.b, sku.b))?.quantity).toBe(salable[sku.b]);
		// the configurable product itself has no stock: only simple products are sent
		const sent = allRunsJson(first.run.data, 'Spartoo: Update Stock');
		expect(sent.length).toBeGreaterThan(4);
		expect(sent.find((result) => result.sizeReference === sku.v)).toMatchObject({
			reference: sku.parent,
			success: true,
		});
		expect(
			sent.some((result) => result.reference === sku.parent && result.sizeReference === sku.parent),
		).toBe(false);

		await magento('POST', '/inventory/source-items', {
			sourceItems: [{ sku: sku.v, source_code: 'default', quantity: 9, status: 1 }],
		});
		const changed = (await mageState()).salable[sku.v];
		const second = await run(STOCK);
		// only what changed since the last run (a size Spartoo refused is sent again: it was not accepted)
		const accepted = (data: typeof first.run.data) =>
			allRunsJson(data, 'Spartoo: Update Stock').filter((result) => result.success === true);
		expect(accepted(first.run.data).length).toBeGreaterThan(4);
		expect(
			accepted(second.run.data).map((result) => [result.reference, result.sizeReference]),
		).toEqual([[sku.parent, sku.v]]);
		expect((await spartooSizeNow(spaUrl, sku.parent, sku.v))?.quantity).toBe(changed);
	});
}
