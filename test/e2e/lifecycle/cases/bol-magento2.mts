/**
 * workflows-templates/bol-magento2-lifecycle.json in a real n8n against the Bol and Magento 2 emulators, through
 * its real triggers: the Bol polling triggers (n8n polls once at activation; the test copy then once a year) and the
 * Schedule Triggers of the store side (Magento has no webhooks; the test copy fires the stock trigger every 15 seconds
 * and the store-changes trigger every 10 seconds instead of every 15 and 5 minutes).
 *
 * The test copy differs from the template only in what a user fills in (credentials, Settings pointing at the
 * emulators), a "Sync From" date on the new-order trigger, the poll times and the shorter intervals. The orders and
 * returns a test adds later come in through copies whose Bol trigger is swapped for a manual start with the Bol node
 * listing what the next poll would emit (open orders, unhandled returns): no test waits for a one-minute poll. The
 * every-minute poll itself runs in queue-mode.e2e.
 */
import { expect, it } from 'vitest';

import { MAGENTO_INTEGRATION_TOKEN } from '../../../../sandbox/emulators/index.mts';
import { N8nInstance, nodeItems, waitFor } from '../../../../sandbox/n8n/index.mts';
import {
	adminSeed,
	adminState,
	bolCancellations,
	bolOpenOrdersStart,
	bolReturnsStart,
	describeExecutions,
	expectFirstClaimWon,
	isOpenItem,
	lastExecutionId,
	merchantOffer,
	NEVER_SCHEDULE,
	ONCE_A_YEAR,
	restCall,
	seedBolOrders,
	slowBolCancellation,
	unfinishedExecutionsAfter,
	type BolState,
	type BolStateOrder,
} from '../../lifecycle-support.mts';
import { EMULATED_DAY_MINUTES, lifecyclePair, NOTIFY } from '../pair.mts';
import { hasComment, mageTag, type MageOrder, type MageState } from '../../states.mts';

const LIVE = 'e2eLifeBolMageLiv';
const MANUAL = 'e2eLifeBolMageMan';
const RECONCILE = 'e2eLifeBolMageRec';
const RETURNS = 'e2eLifeBolMageNRt';
const RETURNS_AGAIN = 'e2eLifeBolMageRet';
const bolTag = (order: MageOrder) => mageTag(order, 'bol');

/** Bol.com x Magento 2 lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let bolUrl: string;
	let mageUrl: string;
	let openAtStart: BolStateOrder[];
	let unfulfillable: { orderId: string; sku: string };
	/** bol order id -> store order, after the orders lane ran. */
	const storeOrders = new Map<string, MageOrder>();

	const magento = async <T,>(method: string, path: string, body?: unknown) =>
		await restCall<T>(
			method,
			`${mageUrl}/rest/default/V1${path}`,
			{ authorization: `Bearer ${MAGENTO_INTEGRATION_TOKEN}` },
			body,
		);
	const mageState = async () => await adminState<MageState>(mageUrl);
	const bolState = async () => await adminState<BolState>(bolUrl);
	const settle = async () => await pair.settle(LIVE);
	const created = () => [...storeOrders.entries()].map(([orderId, order]) => ({ orderId, order }));
	/**
	 * The orders lane from its manual start (the Bol node listing open orders): takes in the bol orders placed since the
	 * first poll, as the trigger's next poll would. Every execution of the lane succeeds (a store failure is an email).
	 */
	const takeInNewOrders = async () => {
		const execution = await pair.instance.execute(MANUAL);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		return execution;
	};
	const storeOrder = async (id: number) =>
		(await mageState()).orders.find((order) => order.entity_id === id)!;
	const stockMismatches = async (skus: Iterable<string>) => {
		const [bol, store] = [await bolState(), await mageState()];
		const mismatches: Array<{ sku: string; store: number; bol: number | undefined }> = [];
		for (const sku of skus) {
			const offer = merchantOffer(bol, sku);
			if (!offer || store.salable[sku] === undefined) continue;
			const expected = Math.min(999, Math.max(0, store.salable[sku]));
			if (offer.stock.amount !== expected)
				mismatches.push({ sku, store: expected, bol: offer.stock.amount });
		}
		return mismatches;
	};

	const everySeconds = (seconds: number) => ({
		rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] },
	});
	const pair = lifecyclePair('bol', 'magento2', {
		seed: async ({ urls }) => {
			bolUrl = urls.marketplace;
			mageUrl = urls.store;

			// an order the store cannot fulfil: a product with a merchant offer, in no other open order, with no stock
			const [bol, store] = [await bolState(), await mageState()];
			const ordered = new Set(
				bol.orders.flatMap((order) =>
					order.orderItems.filter(isOpenItem).map((item) => item.offer.reference),
				),
			);
			const product = store.products.find(
				(candidate) =>
					candidate.type_id === 'simple' &&
					!ordered.has(candidate.sku) &&
					merchantOffer(bol, candidate.sku),
			)!;
			await magento('POST', '/inventory/source-items', {
				sourceItems: ['default', 'ams_warehouse'].map((source_code) => ({
					sku: product.sku,
					source_code,
					quantity: 0,
					status: 1,
				})),
			});
			const [seeded] = await seedBolOrders(bolUrl, [product.sku]);
			unfulfillable = {
				orderId: seeded.orderId,
				sku: product.sku,
			};
			openAtStart = (await bolState()).orders.filter((order) => order.orderItems.some(isOpenItem));
		},
		workflows: ({ copy, credentials }) => [
			copy(LIVE, 'live triggers', {
				parameters: {
					// the first poll (at activation) takes in the seeded orders; later orders and returns come in from the
					// manual starts below, never from a poll racing them
					'Bol: New Orders': {
						...ONCE_A_YEAR,
						options: { syncFrom: new Date(Date.now() - 10 * 86_400_000).toISOString() },
					},
					'Bol: New Returns': ONCE_A_YEAR,
					'Every 15 Minutes: Stock': everySeconds(15),
					'Every 5 Minutes: Store Changes': everySeconds(10),
					// the hourly reconciliation runs from a manual start only: at the top of the hour it would repair the
					// order the reconciliation test leaves for it before the test runs it
					'Every Hour: Reconcile Orders': NEVER_SCHEDULE,
				},
			}),
			copy(MANUAL, 'manual start', {
				manualStart: { 'Bol: New Orders': bolOpenOrdersStart(credentials.bolRetailerApi) },
			}),
			// the returns lane from a manual start: the unhandled returns, what the trigger's next poll would emit
			copy(RETURNS, 'new returns, manual start', {
				manualStart: { 'Bol: New Returns': bolReturnsStart(credentials.bolRetailerApi, 'false') },
			}),
			copy(RECONCILE, 'order reconciliation, manual start', {
				// the emulator's clock runs 60 times faster than n8n's: its orders of the last minutes are placed hours
				// "later" than n8n's now, so no order would be old enough for the default minimum age (30 minutes)
				settings: { reconcileMinAgeMinutes: -EMULATED_DAY_MINUTES },
				manualStart: {
					'Every Hour: Reconcile Orders': {
						type: 'n8n-nodes-base.noOp',
						typeVersion: 1,
						parameters: {},
					},
				},
			}),
			// the returns lane run again by hand: every handled bol return comes in once more (a re-run after a failure)
			copy(RETURNS_AGAIN, 'handled returns again, manual start', {
				manualStart: { 'Bol: New Returns': bolReturnsStart(credentials.bolRetailerApi, 'true') },
			}),
		],
		activate: [LIVE],
	});

	it('orders: every new bol order is placed once in Magento (invoiced, with its lines and address), or cancelled at bol', async () => {
		const cancelledAtBol = (bol: BolState, orderId: string) =>
			bol.orders
				.find((order) => order.orderId === orderId)!
				.orderItems.every((item) => item.quantityCancelled === item.quantity);
		const fbbOnly = (order: BolStateOrder) =>
			order.orderItems.every((item) => item.fulfilment.method === 'FBB');
		// every order that was open at the start ends up in Magento or cancelled at bol (bol-fulfilled ones: neither)
		await waitFor(
			'every bol order to be placed in Magento or cancelled at bol',
			async () => {
				const [bol, store] = [await bolState(), await mageState()];
				const tagged = new Set(store.orders.map(bolTag));
				return openAtStart.every(
					(order) =>
						fbbOnly(order) || tagged.has(order.orderId) || cancelledAtBol(bol, order.orderId),
				)
					? true
					: undefined;
			},
			180_000,
			1_000,
		);
		await settle();
		const [bol, store] = [await bolState(), await mageState()];
		const orders = store.orders.filter(bolTag);
		for (const bolOrder of openAtStart) {
			const placed = orders.filter((candidate) => bolTag(candidate) === bolOrder.orderId);
			if (fbbOnly(bolOrder)) {
				// Magento reserves stock for every order it places: bol-fulfilled orders are not created
				expect(placed).toHaveLength(0);
				expect(cancelledAtBol(bol, bolOrder.orderId)).toBe(false);
				continue;
			}
			if (cancelledAtBol(bol, bolOrder.orderId)) {
				expect(placed).toHaveLength(0);
				expect(
					pair.smtp.messages.some((message) => message.subject.includes(bolOrder.orderId)),
				).toBe(true);
				continue;
			}
			expect(placed).toHaveLength(1);
			const [order] = placed;
			storeOrders.set(bolOrder.orderId, order);
			expect(order.state).toBe('processing');
			expect(order.items.every((item) => item.qty_invoiced === item.qty_ordered)).toBe(true);
			expect(order.items.map((item) => [item.sku, item.qty_ordered]).sort()).toEqual(
				bolOrder.orderItems.map((item) => [item.offer.reference, item.quantity]).sort(),
			);
			// Magento prices the lines itself (the REST cart takes no custom price); the comment records the bol amount
			expect(
				order.status_histories.find((h) => h.comment.startsWith(`[bol:${bolOrder.orderId}]`))
					?.comment,
			).toMatch(/paid at the marketplace: EUR \d/);
			const address = order.extension_attributes.shipping_assignments[0].shipping.address;
			expect(address.city).toBe(bolOrder.shipmentDetails.city);
			expect(address.postcode).toBe(bolOrder.shipmentDetails.zipCode);
			expect(address.country_id).toBe(bolOrder.shipmentDetails.countryCode);
			expect(String((address.street as string[])[0])).toContain(
				bolOrder.shipmentDetails.streetName,
			);
		}
		expect(storeOrders.has(unfulfillable.orderId)).toBe(false);
		expect(storeOrders.size).toBeGreaterThanOrEqual(3);
	});

	it('orders: an order the store cannot fulfil is cancelled at bol with the configured reason, with an email', async () => {
		const order = await waitFor(
			'the cancellation at bol',
			async () => {
				const found = (await bolState()).orders.find(
					(candidate) => candidate.orderId === unfulfillable.orderId,
				)!;
				return found.orderItems.every((item) => item.quantityCancelled === item.quantity)
					? found
					: undefined;
			},
			60_000,
		);
		expect(await bolCancellations(bolUrl, order.orderItems[0].orderItemId)).toEqual([
			'OUT_OF_STOCK',
		]);
		const mail = await waitFor(
			'the notification',
			async () => pair.smtp.about(unfulfillable.orderId).at(0),
			30_000,
		);
		expect(mail.to).toEqual([NOTIFY]);
		expect(mail.data).toContain(unfulfillable.sku);
	});

	it('stock: the salable quantity of the ordered products reaches bol; a change in the store too', async () => {
		const [first] = created();
		const sku = first.order.items[0].sku;
		await magento('POST', '/inventory/source-items', {
			sourceItems: [{ sku, source_code: 'default', quantity: 41, status: 1 }],
		});
		const skus = new Set([
			sku,
			...created().flatMap(({ order }) => order.items.map((item) => item.sku)),
		]);
		await waitFor(
			'bol offers with the salable quantities',
			async () => ((await stockMismatches(skus)).length === 0 ? true : undefined),
			90_000,
			1_000,
		);
		expect(await stockMismatches(skus)).toEqual([]);
		await settle();
	});

	it('shipments: a Magento shipment with a track becomes a bol shipment with the mapped carrier, once', async () => {
		const [{ orderId, order }] = created();
		const shipmentId = await magento<number>('POST', `/order/${order.entity_id}/ship`, {
			tracks: [{ track_number: '3SMPS0000000002', title: 'PostNL', carrier_code: 'custom' }],
		});
		const shipment = await waitFor(
			'the bol shipment',
			async () =>
				(await bolState()).shipments.find((candidate) => candidate.order.orderId === orderId),
			90_000,
			1_000,
		);
		expect(shipment.transport).toMatchObject({
			transporterCode: 'TNT',
			trackAndTrace: '3SMPS0000000002',
		});
		expect(shipment.shipmentReference).toBe(`M2-${String(shipmentId).padStart(9, '0')}`);
		await waitFor(
			'the shipped comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[bol-shipped:${shipmentId}]`)
					? true
					: undefined,
			30_000,
		);
		// later polls do not ship it again
		await settle();
		await waitFor(
			'another store-changes poll',
			async () =>
				(await pair.server.listExecutions({ workflowId: LIVE }, 5)).length > 0 ? true : undefined,
			30_000,
		);
		await settle();
		expect(
			(await bolState()).shipments.filter((candidate) => candidate.order.orderId === orderId),
		).toHaveLength(1);
	});

	it('shipments: a shipment without a track sends one email; the track added later ships it', async () => {
		const [, { orderId, order }] = created();
		const shipmentId = await magento<number>('POST', `/order/${order.entity_id}/ship`, {});
		await waitFor(
			'the missing-tracking email',
			async () => pair.smtp.about(orderId, /tracking/i).at(0),
			90_000,
			1_000,
		);
		await waitFor(
			'the notified comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[bol-tracking-missing:${shipmentId}]`)
					? true
					: undefined,
			30_000,
		);
		await settle();
		expect(
			(await bolState()).shipments.some((candidate) => candidate.order.orderId === orderId),
		).toBe(false);
		await magento('POST', '/shipment/track', {
			entity: {
				parent_id: shipmentId,
				order_id: order.entity_id,
				track_number: 'JVGL0123456789',
				title: 'DHL Parcel NL',
				carrier_code: 'custom',
			},
		});
		const shipment = await waitFor(
			'the bol shipment',
			async () =>
				(await bolState()).shipments.find((candidate) => candidate.order.orderId === orderId),
			90_000,
			1_000,
		);
		expect(shipment.transport).toMatchObject({
			transporterCode: 'DHL',
			trackAndTrace: 'JVGL0123456789',
		});
		await settle();
		expect(pair.smtp.about(orderId, /tracking/i)).toHaveLength(1);
	});

	it('returns: a new bol return (returns lane from a manual start) is handled, and Magento refunds the line with a credit memo and returns it to stock', async () => {
		const [{ orderId, order }] = created();
		const bolOrder = (await bolState()).orders.find((candidate) => candidate.orderId === orderId)!;
		const item = bolOrder.orderItems[0];
		const salableBefore = (await mageState()).salable[item.offer.reference!];
		await adminSeed(bolUrl, { returns: [{ orderItemId: item.orderItemId, quantity: 1 }] });
		// the returns lane takes in the unhandled returns (what the next poll of "Bol: New Returns" would emit)
		const execution = await pair.instance.execute(RETURNS);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		const memo = await waitFor(
			'the credit memo',
			async () =>
				(await mageState()).creditmemos.find((candidate) => candidate.order_id === order.entity_id),
			30_000,
			1_000,
		);
		await settle();
		expect(memo.items).toEqual([
			expect.objectContaining({ sku: item.offer.reference, qty: 1, back_to_stock: true }),
		]);
		const returned = (await bolState()).returns
			.flatMap((entry) => entry.returnItems)
			.find((entry) => entry.orderId === orderId)!;
		expect(returned.handled).toBe(true);
		expect(
			hasComment(
				await storeOrder(order.entity_id),
				`[bol-return-refunded:${returned.rmaId}:${memo.entity_id}]`,
			),
		).toBe(true);
		expect((await mageState()).salable[item.offer.reference!]).toBe(salableBefore + 1);
		// the credit memo of the return is not sent back to bol as a refund
		expect(await bolCancellations(bolUrl, item.orderItemId)).toEqual([]);
	});

	it('refunds: a credit memo for an unshipped bol order makes bol cancel the refunded item', async () => {
		const [, , { orderId, order }] = created();
		const line = order.items[0];
		const memoId = await magento<number>('POST', `/order/${order.entity_id}/refund`, {
			items: [{ order_item_id: line.item_id, qty: line.qty_ordered }],
			arguments: { shipping_amount: 0 },
		});
		const bolItem = await waitFor(
			'the bol cancellation',
			async () => {
				const found = (await bolState()).orders
					.find((candidate) => candidate.orderId === orderId)!
					.orderItems.find((candidate) => candidate.offer.reference === line.sku)!;
				return found.quantityCancelled === found.quantity ? found : undefined;
			},
			90_000,
			1_000,
		);
		await waitFor(
			'the forwarded comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[bol-refund-forwarded:${memoId}]`)
					? true
					: undefined,
			30_000,
		);
		await settle();
		expect(await bolCancellations(bolUrl, bolItem.orderItemId)).toEqual(['REQUESTED_BY_CUSTOMER']);
	});

	it('a second run creates nothing twice', async () => {
		const before = (await mageState()).orders.length;
		const execution = await pair.instance.execute(MANUAL);
		expect(execution.error).toBeUndefined();
		expect(nodeItems(execution.run.data, 'Bol: New Orders').length).toBeGreaterThan(0);
		// only orders the store does not take (bol-fulfilled ones) come through
		for (const item of nodeItems(execution.run.data, 'Only New Orders'))
			expect(item.json.fulfilment).toBe('marketplace');
		await settle();
		expect((await mageState()).orders.length).toBe(before);
	});

	it('reconciliation: an order the orders lane took in while Magento failed is placed by the hourly reconciliation, once (both from manual starts)', async () => {
		const started = Date.now();
		// a product with salable stock and a merchant offer at bol
		const [bol, store] = [await bolState(), await mageState()];
		const product = store.products.find(
			(candidate) =>
				candidate.type_id === 'simple' &&
				(store.salable[candidate.sku] ?? 0) >= 5 &&
				candidate.sku !== unfulfillable.sku &&
				merchantOffer(bol, candidate.sku),
		)!;
		// Magento refuses the next cart line with a 502: the cart flow stops there, no order is placed
		await restCall(
			'POST',
			`${mageUrl}/__admin/faults`,
			{},
			{
				kind: 'server-error',
				status: 502,
				method: 'POST',
				path: '/rest/*/V1/carts/*/items',
				count: 1,
			},
		);
		const [missed] = await seedBolOrders(bolUrl, [product.sku]);
		const inStore = async () =>
			(await mageState()).orders.filter((order) => bolTag(order) === missed.orderId);
		// the orders lane takes it in (as the trigger's next poll would), Magento refuses it: an email, no store
		// order (a trigger has moved past it for good)
		await takeInNewOrders();
		await waitFor(
			'the store-failure email of the order',
			async () => pair.smtp.about(missed.orderId, /not created in the store/).at(0),
			30_000,
			1_000,
		).catch(async (error: Error) => {
			throw new Error(`${error.message}\n${await describeExecutions(pair.server, MANUAL, 4)}`);
		});
		await settle();
		expect(await inStore()).toHaveLength(0);

		const merchant = (execution: Awaited<ReturnType<N8nInstance['execute']>>) =>
			nodeItems(execution.run.data, 'Only New Orders')
				.map((item) => item.json as { orderId: string; fulfilment: string })
				.filter((order) => order.fulfilment !== 'marketplace')
				.map((order) => order.orderId);
		const first = await pair.instance.execute(RECONCILE);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		expect(
			nodeItems(first.run.data, 'Bol: Open Orders').map((item) => item.json.orderId),
		).toContain(missed.orderId);
		// bol-fulfilled orders are never placed in Magento; of the others only the missed one is new
		expect(merchant(first)).toEqual([missed.orderId]);
		const placed = await inStore();
		expect(placed).toHaveLength(1);
		expect(placed[0].items.map((item) => [item.sku, item.qty_ordered])).toEqual([[product.sku, 1]]);

		const orders = (await mageState()).orders.length;
		const second = await pair.instance.execute(RECONCILE);
		expect(second.error).toBeUndefined();
		expect(second.status).toBe('success');
		expect(
			nodeItems(second.run.data, 'Bol: Open Orders').map((item) => item.json.orderId),
		).toContain(missed.orderId);
		expect(merchant(second)).toEqual([]);
		await settle();
		expect(await inStore()).toHaveLength(1);
		expect((await mageState()).orders.length).toBe(orders);
		console.log(`reconciliation test: ${Math.round((Date.now() - started) / 1000)} s`);
	});
	it('refunds: the same credit memo seen by overlapping polls while bol is still answering the first is cancelled once (first claim wins)', async () => {
		// a new bol order of a product with salable stock, placed in Magento by the orders lane (from its manual start)
		const [bol, store] = [await bolState(), await mageState()];
		const product = store.products.find(
			(candidate) =>
				candidate.type_id === 'simple' &&
				(store.salable[candidate.sku] ?? 0) >= 5 &&
				candidate.sku !== unfulfillable.sku &&
				merchantOffer(bol, candidate.sku),
		);
		expect(product).toBeDefined();
		const [seeded] = await seedBolOrders(bolUrl, [product!.sku]);
		await takeInNewOrders();
		const order = await waitFor(
			'the store order',
			async () =>
				(await mageState()).orders.find((candidate) => bolTag(candidate) === seeded.orderId),
			30_000,
			1_000,
		);
		await settle();
		const line = order.items[0];
		const orderItemId = seeded.orderItems[0].orderItemId;
		const last = await unfinishedExecutionsAfter(pair.server, LIVE);
		// bol answers the cancellation 25 seconds late: the 10-second store polls see the memo again meanwhile
		await slowBolCancellation(bolUrl, 25_000);
		const memoId = await magento<number>('POST', `/order/${order.entity_id}/refund`, {
			items: [{ order_item_id: line.item_id, qty: line.qty_ordered }],
			arguments: { shipping_amount: 0 },
		});
		await waitFor(
			'the forwarded comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[bol-refund-forwarded:${memoId}]`)
					? true
					: undefined,
			120_000,
			1_000,
		);
		await settle();
		await expectFirstClaimWon(pair.server, LIVE, last, memoId);
		expect(await bolCancellations(bolUrl, orderItemId)).toEqual(['REQUESTED_BY_CUSTOMER']);
		const comments = (await storeOrder(order.entity_id)).status_histories.map(
			(history) => history.comment,
		);
		expect(
			comments.filter((comment) => comment.startsWith(`[bol-refund-claimed:${memoId}:`)),
		).toHaveLength(1);
		expect(
			comments.filter((comment) => comment.startsWith(`[bol-refund-forwarded:${memoId}]`)),
		).toHaveLength(1);
	});
	// the failed execution this test provokes is the returns copy's: the live workflow's executions all succeed
	it('returns: the order comment after a return memo fails (Magento 500): no second memo on the next returns run, nothing forwarded to bol by the store polls (returns lane from a manual start)', async () => {
		const [, { orderId, order }] = created();
		const item = (await bolState()).orders.find((candidate) => candidate.orderId === orderId)!
			.orderItems[0];
		type Memo = MageState['creditmemos'][number] & {
			comments?: Array<{ comment: string; parent_id: number }>;
		};
		const memosOf = async () =>
			((await mageState()).creditmemos as Memo[]).filter(
				(candidate) => candidate.order_id === order.entity_id,
			);
		expect(await memosOf()).toEqual([]);
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
		await adminSeed(bolUrl, { returns: [{ orderItemId: item.orderItemId, quantity: 1 }] });
		// the returns lane takes it in (what the next poll of "Bol: New Returns" would emit): the execution that made
		// the memo stopped at the order comment
		const first = await pair.instance.execute(RETURNS);
		expect(first.status).toBe('error');
		expect(first.run.data.resultData.error?.node?.name).toBe('Magento: Tag Return Refunded');
		const failed = await lastExecutionId(pair.server, RETURNS);
		const [memo] = await memosOf();
		expect(memo).toBeDefined();
		const returned = (await bolState()).returns
			.flatMap((entry) => entry.returnItems)
			.find((entry) => entry.orderId === orderId)!;
		expect(
			hasComment(await storeOrder(order.entity_id), `[bol-return-refunded:${returned.rmaId}:`),
		).toBe(false);
		// two store-changes polls see the memo (every 10 seconds)
		await waitFor(
			'two store-changes polls after the failure',
			async () => {
				let polls = 0;
				for (const summary of await pair.server.listExecutions({ workflowId: LIVE }, 30)) {
					if (Number(summary.id) <= failed || !summary.stoppedAt) continue;
					const runData = (await pair.server.getExecution(summary.id)).data.resultData.runData;
					if (runData['Magento: Recent Credit Memos']) polls++;
				}
				return polls >= 2 ? true : undefined;
			},
			90_000,
			2_000,
		);
		// the returns lane again: the return comes in once more (handled at bol by now)
		const again = await pair.instance.execute(RETURNS_AGAIN);
		expect(again.error).toBeUndefined();
		expect(
			nodeItems(again.run.data, 'Returned Line')
				.map((line) => line.json as { orderId: string; rmaId: string })
				.filter((line) => line.orderId === orderId),
		).toEqual([expect.objectContaining({ rmaId: returned.rmaId })]);
		await settle();
		const comments = (await storeOrder(order.entity_id)).status_histories.map(
			(history) => history.comment,
		);
		expect({
			memos: (await memosOf()).map((candidate) => candidate.entity_id),
			claimedOrForwarded: comments.filter((comment) =>
				new RegExp(`^\\[bol-refund-(claimed|forwarded|stuck):${memo.entity_id}[:\\]]`).test(
					comment,
				),
			),
			cancellations: await bolCancellations(bolUrl, item.orderItemId),
		}).toEqual({ memos: [memo.entity_id], claimedOrForwarded: [], cancellations: [] });
		// the memo carries its own marker from birth (what the decisions above read)
		expect(memo.comments?.map((comment) => comment.comment)).toEqual([
			`[bol-return-refunded:${returned.rmaId}:memo] ${item.offer.reference} x 1`,
		]);
	});
}
