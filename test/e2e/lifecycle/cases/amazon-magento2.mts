/**
 * workflows-templates/amazon-magento2-lifecycle.json in a real n8n against the Amazon and Magento 2 emulators, through
 * its real triggers where they can fire in a test: the Amazon polling trigger (n8n polls once at activation, then
 * every minute) and the Schedule Triggers of the store side (Magento has no webhooks; the test copy fires the stock
 * trigger every 15 seconds and the store-changes trigger every 5 seconds instead of every 15 and 5 minutes).
 *
 * The test copies differ from the template only in what a user fills in: credentials, the Settings values that point
 * at the emulators, a "Sync From" date on the new-order trigger (so the first poll picks up the seeded orders) and the
 * shorter intervals. The hourly returns report and the "second run" check use copies whose trigger is swapped for a
 * manual start (`n8n execute` cannot fire a schedule or a polling trigger).
 */
import { expect, it } from 'vitest';

import { MAGENTO_INTEGRATION_TOKEN } from '../../../../sandbox/emulators/index.mts';
import { nodeItems, waitFor } from '../../../../sandbox/n8n/index.mts';
import {
	amazonTestCopies,
	expectReconciledOnce,
	expectUnfulfillableCancelled,
	mfnQuantity,
	seedAmazonScenario,
	seedMissedAmazonOrder,
} from '../../amazon-support.mts';
import {
	adminSeed,
	adminState,
	describeExecutions,
	expectFirstClaimWon,
	lastExecutionId,
	restCall,
	unfinishedExecutionsAfter,
} from '../../lifecycle-support.mts';
import { lifecyclePair, NOTIFY } from '../pair.mts';
import {
	hasComment,
	itemTotal,
	mageTag,
	type AmazonOrder,
	type AmazonState,
	type MageOrder,
	type MageState,
} from '../../states.mts';

const LIVE = 'e2eLifeAmzMageLiv';
const MANUAL = 'e2eLifeAmzMageMan';
const RETURNS = 'e2eLifeAmzMageRet';
const RECONCILE = 'e2eLifeAmzMageRec';
const MINUTE = 60_000;

const amazonTag = (order: MageOrder) => mageTag(order, 'amazon');

interface Memo {
	entity_id: number;
	order_id: number;
	items: Array<{ sku: string; qty: number; row_total: number; back_to_stock: boolean }>;
	comments?: Array<{ comment: string; parent_id: number }>;
}

/** Amazon x Magento 2 lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let amazonUrl: string;
	let mageUrl: string;
	/** The importable Amazon orders (merchant- and Amazon-fulfilled), the one the store cannot fulfil, the FBA one. */
	let expected: AmazonOrder[];
	let unfulfillable: { orderId: string; sku: string };
	let fbaOrderId: string;
	/** Amazon order id -> store order, after the orders lane ran. */
	const storeOrders = new Map<string, MageOrder>();

	const magento = async <T,>(method: string, path: string, body?: unknown) =>
		await restCall<T>(
			method,
			`${mageUrl}/rest/default/V1${path}`,
			{ authorization: `Bearer ${MAGENTO_INTEGRATION_TOKEN}` },
			body,
		);
	const mageState = async () =>
		await adminState<Omit<MageState, 'creditmemos'> & { creditmemos: Memo[] }>(mageUrl);
	const amazonState = async () => await adminState<AmazonState>(amazonUrl);
	const amazonOrder = async (orderId: string) =>
		(await amazonState()).orders.find((order) => order.orderId === orderId)!;
	const storeOrder = async (id: number) =>
		(await mageState()).orders.find((order) => order.entity_id === id)!;
	const settle = async () => await pair.settle(LIVE);
	/** Waits for two more executions of the live copy (at least one store-changes poll among them), then for quiet. */
	const nextPolls = async () => {
		const last = await lastExecutionId(pair.server, LIVE);
		await waitFor(
			'two more polls',
			async () =>
				(await pair.server.listExecutions({ workflowId: LIVE }, 20)).filter(
					(execution) => Number(execution.id) > last && execution.stoppedAt,
				).length >= 2
					? true
					: undefined,
			60_000,
			500,
		);
		await settle();
	};
	const created = () => [...storeOrders.entries()].map(([orderId, order]) => ({ orderId, order }));
	/** SKUs with a merchant-fulfilled Amazon.nl listing whose quantity differs from the salable quantity in Magento. */
	const stockMismatches = async (skus: Iterable<string>) => {
		const [amazon, store] = [await amazonState(), await mageState()];
		const mismatches: Array<{ sku: string; store: number; amazon: number }> = [];
		for (const sku of skus) {
			const quantity = mfnQuantity(amazon, sku);
			if (quantity === undefined || store.salable[sku] === undefined) continue;
			const salable = Math.max(0, store.salable[sku]);
			if (quantity !== salable) mismatches.push({ sku, store: salable, amazon: quantity });
		}
		return mismatches;
	};

	let scenario: Awaited<ReturnType<typeof seedAmazonScenario>>;
	const pair = lifecyclePair('amazon', 'magento2', {
		seed: async ({ urls }) => {
			amazonUrl = urls.marketplace;
			mageUrl = urls.store;
			scenario = await seedAmazonScenario(amazonUrl, async ({ listing, ordered }) => {
				const store = await mageState();
				// an order the store cannot fulfil: a merchant-fulfilled product with no salable quantity in the store (and in
				// no other open order, which would then be unfulfillable too)
				const product = store.products.find(
					(candidate) =>
						candidate.type_id === 'simple' &&
						!ordered.has(candidate.sku) &&
						listing(candidate.sku, 'DEFAULT'),
				)!;
				await magento('POST', '/inventory/source-items', {
					sourceItems: ['default', 'ams_warehouse'].map((source_code) => ({
						sku: product.sku,
						source_code,
						quantity: 0,
						status: 1,
					})),
				});
				// an order Amazon fulfils (FBA): Magento would reserve stock for it, so it is not created
				const fba = store.products.find(
					(candidate) =>
						candidate.type_id === 'simple' &&
						(store.salable[candidate.sku] ?? 0) > 0 &&
						listing(candidate.sku, 'AMAZON_EU'),
				)!;
				return { unfulfillableSku: product.sku, fbaSku: fba.sku };
			});
			({ unfulfillable, expected } = scenario);
			fbaOrderId = scenario.fba.orderId;
		},
		workflows: (harness) => {
			const everySeconds = (seconds: number) => ({
				rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] },
			});
			return amazonTestCopies(harness, {
				syncFrom: scenario.syncFrom,
				ids: { live: LIVE, manual: MANUAL, returns: RETURNS, reconcile: RECONCILE },
				liveParameters: {
					'Every 15 Minutes: Stock': everySeconds(15),
					'Every 5 Minutes: Store Changes': everySeconds(5),
				},
			});
		},
		// activation runs the first poll of the Amazon trigger at once and starts the schedules
		activate: [LIVE],
	});

	it('orders: every new merchant-fulfilled Amazon order is placed once in Magento (invoiced, with its lines and address), or cancelled at Amazon', async () => {
		const merchant = expected.filter((order) => order.fulfillment.fulfilledBy === 'MERCHANT');
		const cancelled = (order: AmazonOrder) => order.fulfillment.fulfillmentStatus === 'CANCELLED';
		await waitFor(
			'every merchant-fulfilled Amazon order to be placed in Magento or cancelled at Amazon',
			async () => {
				const [amazon, store] = [await amazonState(), await mageState()];
				const tagged = new Set(store.orders.map(amazonTag));
				return merchant.every(
					(order) =>
						tagged.has(order.orderId) ||
						cancelled(amazon.orders.find((candidate) => candidate.orderId === order.orderId)!),
				)
					? true
					: undefined;
			},
			150_000,
			1_000,
		).catch(async (error: Error) => {
			throw new Error(`${error.message}\n${await describeExecutions(pair.server, LIVE, 5)}`);
		});
		await settle();
		const [amazon, store] = [await amazonState(), await mageState()];
		const orders = store.orders.filter(amazonTag);
		// Magento reserves stock for every order it places: Amazon-fulfilled orders are not created
		expect(expected.map((order) => order.orderId)).toContain(fbaOrderId);
		for (const order of expected.filter(
			(candidate) => candidate.fulfillment.fulfilledBy === 'AMAZON',
		))
			expect(orders.filter((candidate) => amazonTag(candidate) === order.orderId)).toHaveLength(0);
		for (const amazonOrder of merchant) {
			const placed = orders.filter((candidate) => amazonTag(candidate) === amazonOrder.orderId);
			if (
				cancelled(amazon.orders.find((candidate) => candidate.orderId === amazonOrder.orderId)!)
			) {
				expect(placed).toHaveLength(0);
				expect(pair.smtp.about(amazonOrder.orderId, /cannot be fulfilled/)).toHaveLength(1);
				continue;
			}
			expect(placed).toHaveLength(1);
			const [order] = placed;
			storeOrders.set(amazonOrder.orderId, order);
			expect(order.state).toBe('processing');
			expect(order.items.every((item) => item.qty_invoiced === item.qty_ordered)).toBe(true);
			expect(order.items.map((item) => [item.sku, item.qty_ordered]).sort()).toEqual(
				amazonOrder.orderItems.map((item) => [item.product.sellerSku, item.quantityOrdered]).sort(),
			);
			// Magento prices the lines itself (the REST cart takes no custom price); the comment records what the buyer paid
			expect(
				order.status_histories.find((h) => h.comment.startsWith(`[amazon:${amazonOrder.orderId}]`))
					?.comment,
			).toMatch(/paid at the marketplace: EUR \d/);
			const address = order.extension_attributes.shipping_assignments[0].shipping.address;
			const delivery = amazonOrder.recipient!.deliveryAddress!;
			expect(address.city).toBe(delivery.city);
			expect(address.postcode).toBe(delivery.postalCode);
			expect(address.country_id).toBe(delivery.countryCode);
			expect(String((address.street as string[])[0])).toContain(delivery.addressLine1);
		}
		expect(storeOrders.has(unfulfillable.orderId)).toBe(false);
		expect(storeOrders.size).toBeGreaterThanOrEqual(4);
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
			(await mageState()).orders.some(
				(candidate) => amazonTag(candidate) === unfulfillable.orderId,
			),
		).toBe(false);
	});

	it('stock: the salable quantity of the ordered products reaches the Amazon listings; a change in the store too', async () => {
		const amazon = await amazonState();
		const sku = created()
			.flatMap(({ order }) => order.items.map((item) => item.sku))
			.find((candidate) => mfnQuantity(amazon, candidate) !== undefined)!;
		await magento('POST', '/inventory/source-items', {
			sourceItems: [{ sku, source_code: 'default', quantity: 41, status: 1 }],
		});
		const skus = new Set([
			sku,
			unfulfillable.sku,
			...created().flatMap(({ order }) => order.items.map((item) => item.sku)),
		]);
		await waitFor(
			'Amazon listings with the salable quantities',
			async () => ((await stockMismatches(skus)).length === 0 ? true : undefined),
			90_000,
			1_000,
		);
		await settle();
		expect(await stockMismatches(skus)).toEqual([]);
		const [after, store] = [await amazonState(), await mageState()];
		expect(mfnQuantity(after, sku)).toBe(store.salable[sku]);
		expect(mfnQuantity(after, unfulfillable.sku)).toBe(0);
	});

	it('shipments: a Magento shipment with a track becomes an Amazon shipment confirmation with the mapped carrier, once', async () => {
		const [{ orderId, order }] = created();
		const shipmentId = await magento<number>('POST', `/order/${order.entity_id}/ship`, {
			tracks: [{ track_number: '3SMPS0000000001', title: 'PostNL Pakket', carrier_code: 'custom' }],
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
		await waitFor(
			'the shipped comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[amazon-shipped:${shipmentId}]`)
					? true
					: undefined,
			30_000,
		);
		// later polls do not confirm it again
		await nextPolls();
		expect((await amazonOrder(orderId)).packages).toHaveLength(1);
	});

	it('shipments: a shipment without a track sends one email; the track added later ships it', async () => {
		const [, { orderId, order }] = created();
		const shipmentId = await magento<number>('POST', `/order/${order.entity_id}/ship`, {});
		const mail = await waitFor(
			'the missing-tracking email',
			async () => pair.smtp.about(orderId, /tracking/i).at(0),
			60_000,
			1_000,
		);
		expect(mail.to).toEqual([NOTIFY]);
		await waitFor(
			'the notified comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[amazon-tracking-missing:${shipmentId}]`)
					? true
					: undefined,
			30_000,
		);
		await settle();
		expect((await amazonOrder(orderId)).packages ?? []).toHaveLength(0);
		await magento('POST', '/shipment/track', {
			entity: {
				parent_id: shipmentId,
				order_id: order.entity_id,
				track_number: 'JVGL0123456789',
				title: 'DHL Parcel NL',
				carrier_code: 'custom',
			},
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
		expect(shipped.packages).toEqual([
			expect.objectContaining({ carrier: 'DHL', trackingNumber: 'JVGL0123456789' }),
		]);
		await waitFor(
			'the shipped comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[amazon-shipped:${shipmentId}]`)
					? true
					: undefined,
			30_000,
		);
		await settle();
		expect(pair.smtp.about(orderId, /tracking/i)).toHaveLength(1);
	});

	it('refunds: a credit memo of a shipped order becomes an Amazon refund of the memo amount, once', async () => {
		const [{ orderId, order }] = created();
		const line = order.items[0];
		const memoId = await magento<number>('POST', `/order/${order.entity_id}/refund`, {
			items: [{ order_item_id: line.item_id, qty: line.qty_ordered }],
			arguments: { shipping_amount: 0 },
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
			'the forwarded comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[amazon-refund-forwarded:${memoId}]`)
					? true
					: undefined,
			30_000,
		);
		const memo = (await mageState()).creditmemos.find(
			(candidate) => candidate.entity_id === memoId,
		)!;
		const item = refunded.orderItems.find((candidate) => candidate.product.sellerSku === line.sku)!;
		// the memo's amount, never more than the buyer paid Amazon for the item
		const principal = Math.min(memo.items[0].row_total, itemTotal(item));
		await nextPolls();
		expect((await amazonOrder(orderId)).emulator.refunds).toEqual([
			{
				orderItemId: item.orderItemId,
				reason: 'CustomerReturn',
				amounts: { Principal: principal },
				currency: 'EUR',
				at: expect.any(Number),
			},
		]);
		// a refund does not cancel a shipped item
		expect((await amazonOrder(orderId)).emulator.cancellations).toEqual([]);
	});

	it('refunds: a credit memo of an unshipped order cancels it at Amazon instead, once', async () => {
		const [, , { orderId, order }] = created();
		const memoId = await magento<number>('POST', `/order/${order.entity_id}/refund`, {
			items: order.items.map((item) => ({ order_item_id: item.item_id, qty: item.qty_ordered })),
			arguments: { shipping_amount: 0 },
		});
		const cancelled = await waitFor(
			'the Amazon cancellation',
			async () => {
				const found = await amazonOrder(orderId);
				return found.fulfillment.fulfillmentStatus === 'CANCELLED' ? found : undefined;
			},
			60_000,
			1_000,
		);
		await waitFor(
			'the forwarded comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[amazon-refund-forwarded:${memoId}]`)
					? true
					: undefined,
			30_000,
		);
		await nextPolls();
		const after = await amazonOrder(orderId);
		expect(
			after.emulator.cancellations.map((entry) => [entry.orderItemId, entry.reason]).sort(),
		).toEqual(cancelled.orderItems.map((item) => [item.orderItemId, 'NoInventory']).sort());
		expect(after.emulator.refunds).toEqual([]);
	});

	it('a partial shipment confirms only its units at Amazon; a credit memo of the whole line then refunds the shipped unit and cancels the open one', async () => {
		const [, , , { orderId, order }] = created();
		const line = order.items.find((item) => item.qty_ordered >= 2)!;
		expect(line).toBeDefined();
		const amazonItem = (await amazonOrder(orderId)).orderItems.find(
			(item) => item.product.sellerSku === line.sku,
		)!;
		const shipmentId = await magento<number>('POST', `/order/${order.entity_id}/ship`, {
			items: [{ order_item_id: line.item_id, qty: 1 }],
			tracks: [{ track_number: '3SMPS0000000007', title: 'PostNL Pakket', carrier_code: 'custom' }],
		});
		const partly = await waitFor(
			'the partial Amazon shipment confirmation',
			async () => {
				const found = await amazonOrder(orderId);
				return found.packages?.length ? found : undefined;
			},
			60_000,
			1_000,
		);
		expect(partly.packages).toEqual([
			expect.objectContaining({
				carrier: 'PostNL',
				trackingNumber: '3SMPS0000000007',
				packageItems: [{ orderItemId: amazonItem.orderItemId, quantity: 1 }],
			}),
		]);
		expect(partly.fulfillment.fulfillmentStatus).toBe('PARTIALLY_SHIPPED');
		await waitFor(
			'the shipped comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[amazon-shipped:${shipmentId}]`)
					? true
					: undefined,
			30_000,
		);
		// the merchant cannot send the second unit: a credit memo of the whole line
		const memoId = await magento<number>('POST', `/order/${order.entity_id}/refund`, {
			items: [{ order_item_id: line.item_id, qty: line.qty_ordered }],
			arguments: { shipping_amount: 0 },
		});
		await waitFor(
			'the forwarded comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[amazon-refund-forwarded:${memoId}]`)
					? true
					: undefined,
			60_000,
			1_000,
		);
		await nextPolls();
		const after = await amazonOrder(orderId);
		const memo = (await mageState()).creditmemos.find(
			(candidate) => candidate.entity_id === memoId,
		)!;
		// the shipped unit: its share of the memo, never more than the buyer paid for it
		const principal =
			Math.round(
				Math.min(
					memo.items[0].row_total / line.qty_ordered,
					itemTotal(amazonItem) / amazonItem.quantityOrdered,
				) * 100,
			) / 100;
		expect(after.emulator.refunds).toEqual([
			{
				orderItemId: amazonItem.orderItemId,
				reason: 'CustomerReturn',
				amounts: { Principal: principal },
				currency: 'EUR',
				at: expect.any(Number),
			},
		]);
		// the open unit: cancelled (Amazon refunds it to the buyer), once
		expect(after.emulator.cancellations.map((entry) => [entry.orderItemId, entry.reason])).toEqual([
			[amazonItem.orderItemId, 'NoInventory'],
		]);
		expect(after.fulfillment.fulfillmentStatus).toBe('SHIPPED');
	});

	it('returns: a return Amazon refunded gets a credit memo with return to stock, once; one not refunded, or refunded by the merchant already, is left alone', async () => {
		const [
			{ orderId: merchantRefundedId, order: merchantRefunded },
			{ orderId, order },
			,
			{ orderId: openId, order: open },
		] = created();
		const line = order.items[0];
		const salableBefore = (await mageState()).salable[line.sku];
		const memosBefore = (await mageState()).creditmemos.length;
		const requestedAt = new Date(Date.now() - MINUTE).toISOString();
		const paid = (amazon: AmazonOrder, sku: string) =>
			itemTotal(amazon.orderItems.find((item) => item.product.sellerSku === sku)!);
		const amazon = await amazonOrder(orderId);
		await adminSeed(amazonUrl, {
			returns: [
				{
					orderId,
					sku: line.sku,
					quantity: 1,
					rmaId: 'DRMAREFUND1',
					status: 'Closed',
					resolution: 'StandardRefund',
					refundedAmount: paid(amazon, line.sku) / line.qty_ordered,
					requestedAt,
				},
				// the merchant refunded this line with a credit memo of their own (sent to Amazon by the refund lane)
				{
					orderId: merchantRefundedId,
					sku: merchantRefunded.items[0].sku,
					quantity: 1,
					rmaId: 'DRMAMERCH01',
					status: 'Closed',
					resolution: 'StandardRefund',
					refundedAmount: 1,
					requestedAt,
				},
				{
					orderId: openId,
					sku: open.items[0].sku,
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
		const rmas = nodeItems(execution.run.data, 'Returned Line').map(
			(item) => (item.json as { rmaId: string }).rmaId,
		);
		expect(rmas).toEqual(expect.arrayContaining(['DRMAREFUND1', 'DRMAMERCH01']));
		expect(rmas).not.toContain('DRMAOPEN001');
		const state = await mageState();
		const memos = state.creditmemos.slice(memosBefore);
		expect(memos).toEqual([
			expect.objectContaining({
				order_id: order.entity_id,
				items: [expect.objectContaining({ sku: line.sku, qty: 1, back_to_stock: true })],
			}),
		]);
		expect(
			hasComment(
				state.orders.find((candidate) => candidate.entity_id === order.entity_id)!,
				`[amazon-return-refunded:DRMAREFUND1:${memos[0].entity_id}]`,
			),
		).toBe(true);
		expect(state.salable[line.sku]).toBe(salableBefore + 1);
		// the return's credit memo is not sent back to Amazon as a refund
		await nextPolls();
		expect((await amazonOrder(orderId)).emulator.refunds).toEqual([]);
		// the next report run sees the same returns again: no second credit memo
		const again = await pair.instance.execute(RETURNS);
		expect(again.status).toBe('success');
		expect(nodeItems(again.run.data, 'Returned Line').length).toBeGreaterThan(0);
		expect(nodeItems(again.run.data, 'Not Refunded Yet')).toHaveLength(0);
		expect((await mageState()).creditmemos.length).toBe(memosBefore + 1);
	});

	it('a second run creates nothing twice', async () => {
		const before = (await mageState()).orders.length;
		const execution = await pair.instance.execute(MANUAL);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		// the same orders came in, and only the ones the store does not take (Amazon-fulfilled) were not found in it
		expect(nodeItems(execution.run.data, 'Unshipped or Shipped by Amazon').length).toBeGreaterThan(
			0,
		);
		for (const item of nodeItems(execution.run.data, 'Only New Orders'))
			expect(item.json.fulfilment).toBe('marketplace');
		await settle();
		expect((await mageState()).orders.length).toBe(before);
	});

	it('reconciliation: an unshipped order the trigger never emitted is placed by the hourly reconciliation, once (run from a manual start)', async () => {
		const started = Date.now();
		const [amazon, store] = [await amazonState(), await mageState()];
		// a merchant-fulfilled Amazon.nl listing of a product Magento has salable stock of
		const product = store.products.find(
			(candidate) =>
				candidate.type_id === 'simple' &&
				(store.salable[candidate.sku] ?? 0) >= 5 &&
				candidate.sku !== unfulfillable.sku &&
				mfnQuantity(amazon, candidate.sku) !== undefined,
		)!;
		const orderId = await seedMissedAmazonOrder(amazonUrl, expected, product.sku);
		const inStore = async () =>
			(await mageState()).orders.filter((order) => amazonTag(order) === orderId);
		await expectReconciledOnce({
			run: async () => await pair.instance.execute(RECONCILE),
			orderId,
			inStore: async () => (await inStore()).length,
			storeOrders: async () => (await mageState()).orders.length,
			settle,
		});
		const [order] = await inStore();
		expect(order.items.map((item) => [item.sku, item.qty_ordered])).toEqual([[product.sku, 1]]);
		console.log(`reconciliation test: ${Math.round((Date.now() - started) / 1000)} s`);
	});
	/**
	 * A fresh Amazon order of a product with salable stock, placed in Magento by the reconciliation (it is older than
	 * the trigger's window) and shipped there with `trackNumber`, once its shipment reached Amazon.
	 */
	const shippedMissedOrder = async (amazonOrderId: string, trackNumber: string) => {
		const [amazon, store] = [await amazonState(), await mageState()];
		const product = store.products.find(
			(candidate) =>
				candidate.type_id === 'simple' &&
				(store.salable[candidate.sku] ?? 0) >= 5 &&
				candidate.sku !== unfulfillable.sku &&
				mfnQuantity(amazon, candidate.sku) !== undefined,
		);
		expect(product).toBeDefined();
		const orderId = await seedMissedAmazonOrder(amazonUrl, expected, product!.sku, amazonOrderId);
		expect((await pair.instance.execute(RECONCILE)).status).toBe('success');
		const order = await waitFor(
			'the store order',
			async () => (await mageState()).orders.find((candidate) => amazonTag(candidate) === orderId),
			60_000,
		);
		const line = order.items[0];
		const shipmentId = await magento<number>('POST', `/order/${order.entity_id}/ship`, {
			items: [{ order_item_id: line.item_id, qty: line.qty_ordered }],
			tracks: [{ track_number: trackNumber, title: 'PostNL Pakket', carrier_code: 'custom' }],
		});
		await waitFor(
			'the shipped comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[amazon-shipped:${shipmentId}]`)
					? true
					: undefined,
			60_000,
			1_000,
		);
		return { orderId, order, line };
	};
	it('refunds: the same credit memo seen by overlapping polls while the Amazon feed is still processing is refunded once (first claim wins)', async () => {
		// a fresh order, placed by the reconciliation (its Amazon order is older than the trigger's window)
		const { orderId, order, line } = await shippedMissedOrder(
			'305-0000004-0000004',
			'3SMPS0000000009',
		);
		await settle();
		// Amazon takes 12 real seconds for the refund feed: the 5-second store polls see the memo again meanwhile
		await restCall('PATCH', `${amazonUrl}/__admin/config`, {}, { feedProcessingSeconds: 720 });
		try {
			const last = await unfinishedExecutionsAfter(pair.server, LIVE);
			const memoId = await magento<number>('POST', `/order/${order.entity_id}/refund`, {
				items: [{ order_item_id: line.item_id, qty: line.qty_ordered }],
				arguments: { shipping_amount: 0 },
			});
			await waitFor(
				'the forwarded comment',
				async () =>
					hasComment(await storeOrder(order.entity_id), `[amazon-refund-forwarded:${memoId}]`)
						? true
						: undefined,
				120_000,
				1_000,
			);
			await nextPolls();
			// the polls that ran while the first execution waited for Amazon found its claim and skipped the memo
			await expectFirstClaimWon(pair.server, LIVE, last, memoId);
			expect((await amazonOrder(orderId)).emulator.refunds).toHaveLength(1);
			const comments = (await storeOrder(order.entity_id)).status_histories.map(
				(history) => history.comment,
			);
			expect(
				comments.filter((comment) => comment.startsWith(`[amazon-refund-claimed:${memoId}:`)),
			).toHaveLength(1);
			expect(
				comments.filter((comment) => comment.startsWith(`[amazon-refund-forwarded:${memoId}]`)),
			).toHaveLength(1);
		} finally {
			await restCall('PATCH', `${amazonUrl}/__admin/config`, {}, { feedProcessingSeconds: 30 });
		}
	});
	it('returns: the order comment after a return memo fails (Magento 500): the next returns run makes no second memo, the store polls send no Amazon refund', async () => {
		// a fresh shipped order, placed by the reconciliation (its Amazon order is older than the trigger's window)
		const { orderId, order, line } = await shippedMissedOrder(
			'305-0000005-0000005',
			'3SMPS0000000011',
		);
		await settle();
		const memosOf = async () =>
			(await mageState()).creditmemos.filter((memo) => memo.order_id === order.entity_id);
		// Magento answers the next comment on this order with a 500: the one after the return's credit memo
		await restCall(
			'POST',
			`${mageUrl}/__admin/faults`,
			{},
			{
				kind: 'server-error',
				status: 500,
				method: 'POST',
				path: `/rest/*/V1/orders/${order.entity_id}/comments`,
				count: 1,
			},
		);
		const paid = itemTotal(
			(await amazonOrder(orderId)).orderItems.find((item) => item.product.sellerSku === line.sku)!,
		);
		await adminSeed(amazonUrl, {
			returns: [
				{
					orderId,
					sku: line.sku,
					quantity: 1,
					rmaId: 'DRMAFAULT01',
					status: 'Closed',
					resolution: 'StandardRefund',
					refundedAmount: paid / line.qty_ordered,
					requestedAt: new Date(Date.now() - MINUTE).toISOString(),
				},
			],
		});
		const first = await pair.instance.execute(RETURNS);
		expect(first.status).toBe('error');
		expect(first.run.data.resultData.error?.node?.name).toBe('Magento: Tag Return Refunded');
		const [memo] = await memosOf();
		expect(memo).toBeDefined();
		expect(
			hasComment(await storeOrder(order.entity_id), '[amazon-return-refunded:DRMAFAULT01:'),
		).toBe(false);
		// the store polls see the memo without its order comment
		await nextPolls();
		await nextPolls();
		// the next report run sees the same return again
		const again = await pair.instance.execute(RETURNS);
		expect(again.status).toBe('success');
		expect(
			nodeItems(again.run.data, 'Returned Line').map(
				(item) => (item.json as { rmaId: string }).rmaId,
			),
		).toContain('DRMAFAULT01');
		await settle();
		const comments = (await storeOrder(order.entity_id)).status_histories.map(
			(history) => history.comment,
		);
		expect({
			memos: (await memosOf()).map((candidate) => candidate.entity_id),
			claimedOrForwarded: comments.filter((comment) =>
				new RegExp(`^\\[amazon-refund-(claimed|forwarded|stuck):${memo.entity_id}[:\\]]`).test(
					comment,
				),
			),
			refunds: (await amazonOrder(orderId)).emulator.refunds,
		}).toEqual({ memos: [memo.entity_id], claimedOrForwarded: [], refunds: [] });
		// the memo carries its own marker from birth (what the decisions above read)
		expect(memo.comments?.map((comment) => comment.comment)).toEqual([
			`[amazon-return-refunded:DRMAFAULT01:memo] ${line.sku} x 1`,
		]);
	});
}
