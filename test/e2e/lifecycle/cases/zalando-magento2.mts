/**
 * workflows-templates/zalando-magento2-lifecycle.json in a real n8n against the Zalando and Magento 2 emulators.
 * Lean on purpose: the Zalando triggers poll once, at activation (then once a year), so no test waits for a Zalando
 * poll; the returns lane, the full stock sync and the reconciliation run from manual starts (the Zalando node listing
 * what the trigger would emit). Magento has no webhooks: the store side runs from its schedule triggers, which the
 * live copy fires every 10 seconds (store changes) and 15 seconds (stock) instead of every 5 and 15 minutes.
 *
 * The Zalando emulator starts empty and gets only this test's orders: four approved partner-fulfilled orders and one
 * the store cannot fulfil.
 */
import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { nodeItems, waitFor } from '../../../../sandbox/n8n/index.mts';
import {
	adminSeed,
	adminState,
	describeExecutions,
	lastExecutionId,
	mageRest,
	MANUAL_SCHEDULE_START,
	NEVER_SCHEDULE,
	restCall,
} from '../../lifecycle-support.mts';
import { EMULATED_DAY_MINUTES, lifecyclePair, NOTIFY } from '../pair.mts';
import { hasComment, mageTag, type MageOrder, type MageState } from '../../states.mts';
import { acceptedRequests } from '../../support.mts';
import {
	cancelledAtZalando,
	ONCE_A_YEAR,
	unitQuantities,
	unitsOf,
	zalandoLinePatches,
	zalandoListOrders,
	zalandoListReturns,
	zalandoOrder,
	zalandoOrderPatches,
	zalandoState,
} from '../../zalando-support.mts';

const LIVE = 'e2eLifeZalMageLive';
const AGAIN = 'e2eLifeZalMageMan1';
const RETURNS = 'e2eLifeZalMageRet1';
const RECONCILE = 'e2eLifeZalMageRec1';
const FULL_STOCK = 'e2eLifeZalMageStk1';
const every = (seconds: number) => ({
	rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] },
});

/** Zalando takes letters and digits as the merchant order id: the template sends the increment id so. */
const merchantOrderIdOf = (order: MageOrder) => order.increment_id.replace(/[^A-Za-z0-9]/g, '');
const zalTag = (order: MageOrder) => mageTag(order, 'zalando');

/** Zalando x Magento 2 lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let zalUrl: string;
	let mageUrl: string;
	/** The approved orders at the start, and the one for a product the store has none of. */
	let openAtStart: string[];
	let unfulfillable: { orderId: string; sku: string };
	/** Zalando order id -> store order, after the orders lane ran. */
	const storeOrders = new Map<string, MageOrder>();
	/** The order the reconciliation accepted (in the store, not invoiced), for the store cancellation. */
	let reconciled: { orderId: string; order: MageOrder } | undefined;
	/** What each test sent to Zalando (line PATCHes) and marked in Magento, checked again after a later poll. */
	const sentOnce: Array<{ what: string; lineIds: string[]; patches: number }> = [];
	const markedOnce: Array<{ entityId: number; marker: string }> = [];
	/** The credit memo the returns lane made: never sent back to Zalando as a refund. */
	let returnMemo: { entityId: number; memoId: number } | undefined;

	const magento = async <T,>(method: string, path: string, body?: unknown) =>
		await mageRest(mageUrl)<T>(method, path, body);
	const mageState = async () => await adminState<MageState>(mageUrl);
	const storeOrder = async (id: number) =>
		(await mageState()).orders.find((order) => order.entity_id === id)!;
	const zalState = async () => await zalandoState(zalUrl);
	const zalOrder = async (orderId: string) => await zalandoOrder(zalUrl, orderId);
	const settle = async () => await pair.settle(LIVE);
	const linePatches = async (lineIds: string[]) => await zalandoLinePatches(zalUrl, lineIds);
	const created = () => [...storeOrders.entries()].map(([orderId, order]) => ({ orderId, order }));
	/** Waits for a store-changes poll of the live workflow that started after execution `after` and finished. */
	const storeChangesPollAfter = async (after: number) =>
		await waitFor(
			'another store-changes poll',
			async () => {
				for (const summary of await pair.server.listExecutions({ workflowId: LIVE }, 20)) {
					if (Number(summary.id) <= after || !summary.stoppedAt) continue;
					const run = await pair.server.getExecution(summary.id);
					if ('Magento: Recently Updated Orders' in run.data.resultData.runData) return true;
				}
				return undefined;
			},
			60_000,
			1_000,
		);
	/** Stock at Zalando that differs from Magento's salable quantity, for these SKUs, on every live sales channel. */
	const stockMismatches = async (skus: Iterable<string>) => {
		const [zalando, store] = [await zalState(), await mageState()];
		const channels = zalando.salesChannels
			.filter((channel) => channel.live !== false)
			.map((c) => c.sales_channel_id);
		if (channels.length === 0) throw new Error('the Zalando emulator has no live sales channel');
		const mismatches: Array<{ sku: string; channel: string; store: number; zalando?: number }> = [];
		for (const sku of skus) {
			const ean = zalando.articles.find((article) => article.sku === sku)?.ean;
			if (!ean || store.salable[sku] === undefined) throw new Error(`no EAN or salable for ${sku}`);
			const expected = Math.max(0, store.salable[sku]);
			for (const channel of channels) {
				const found = zalando.stocks.find(
					(stock) => stock.ean === ean && stock.sales_channel_id === channel,
				);
				if (found?.quantity !== expected)
					mismatches.push({ sku, channel, store: expected, zalando: found?.quantity });
			}
		}
		return mismatches;
	};

	const pair = lifecyclePair('zalando', 'magento2', {
		seed: async ({ urls }) => {
			zalUrl = urls.marketplace;
			mageUrl = urls.store;
			// only this test's orders (the catalogue's SKUs are the store's): four approved partner-fulfilled orders of
			// products with salable stock, several units and items each, and one of a product the store has none of
			await restCall('POST', `${zalUrl}/__admin/reset`, {}, { empty: true });
			// the merchant's articles: the shared catalogue (any seed call loads it; this one adds no orders)
			await adminSeed(zalUrl, { orders: 0 });
			const [store, zalando] = [await mageState(), await zalState()];
			const known = new Set(zalando.articles.map((article) => article.sku));
			const simple = store.products.filter(
				(candidate) => candidate.type_id === 'simple' && known.has(candidate.sku),
			);
			const [s1, s2, s3, s4, s5, s6] = simple
				.filter((candidate) => (store.salable[candidate.sku] ?? 0) >= 10)
				.map((candidate) => candidate.sku);
			const product = simple.find(
				(candidate) => ![s1, s2, s3, s4, s5, s6].includes(candidate.sku),
			)!;
			await magento('POST', '/inventory/source-items', {
				sourceItems: ['default', 'ams_warehouse'].map((source_code) => ({
					sku: product.sku,
					source_code,
					quantity: 0,
					status: 1,
				})),
			});
			await adminSeed(zalUrl, {
				orders: [
					{ items: [{ sku: s1, quantity: 2 }, { sku: s2 }] },
					{ items: [{ sku: s3 }] },
					{ items: [{ sku: s4, quantity: 2 }, { sku: s5 }] },
					{ items: [{ sku: s6 }] },
				],
			});
			openAtStart = (await zalState()).orders.map((order) => order.attributes.order_id);
			await adminSeed(zalUrl, { orders: [{ items: [{ sku: product.sku, quantity: 2 }] }] });
			const seeded = (await zalState()).orders.find(
				(order) => !openAtStart.includes(order.attributes.order_id),
			)!;
			unfulfillable = { orderId: seeded.attributes.order_id, sku: product.sku };
		},
		workflows: ({ copy, credentials }) => [
			copy(LIVE, 'live triggers', {
				parameters: {
					'Zalando: New Orders': {
						...ONCE_A_YEAR,
						options: {
							orderTypes: 'both',
							syncFrom: new Date(Date.now() - 10 * 86_400_000).toISOString(),
						},
					},
					'Zalando: New Returns': ONCE_A_YEAR,
					'Every 15 Minutes: Stock': every(15),
					'Every 5 Minutes: Store Changes': every(10),
					'Every Hour: Reconcile Orders': NEVER_SCHEDULE,
					'Every Hour: Full Stock Sync': NEVER_SCHEDULE,
				},
			}),
			// what the trigger would emit again (a second poll, a re-run): every approved order
			copy(AGAIN, 'orders again, manual start', {
				manualStart: { 'Zalando: New Orders': zalandoListOrders(credentials.zalandoZDirectApi) },
			}),
			copy(RETURNS, 'returns, manual start', {
				manualStart: {
					'Zalando: New Returns': zalandoListReturns(credentials.zalandoZDirectApi),
				},
			}),
			copy(FULL_STOCK, 'full stock sync, manual start', {
				manualStart: { 'Every Hour: Full Stock Sync': MANUAL_SCHEDULE_START },
			}),
			copy(RECONCILE, 'order reconciliation, manual start', {
				// the emulator's clock runs 60 times faster than n8n's: no order would be old enough for the default
				settings: { reconcileMinAgeMinutes: -EMULATED_DAY_MINUTES },
				manualStart: { 'Every Hour: Reconcile Orders': MANUAL_SCHEDULE_START },
			}),
		],
		activate: [LIVE],
	});

	it('orders: each new Zalando order is placed once in Magento (invoiced) and accepted at Zalando with the increment id', async () => {
		await waitFor(
			'a Magento order for every fulfillable Zalando order',
			async () => {
				const tagged = new Set((await mageState()).orders.map(zalTag).filter(Boolean));
				return openAtStart.every((orderId) => tagged.has(orderId)) ? true : undefined;
			},
			120_000,
			1_000,
		).catch(async (error: Error) => {
			throw new Error(`${error.message}\n${await describeExecutions(pair.server, LIVE, 15)}`);
		});
		await settle();
		const orders = (await mageState()).orders.filter(zalTag);
		expect(orders.map(zalTag).sort()).toEqual([...openAtStart].sort());
		for (const orderId of openAtStart) {
			const order = orders.find((candidate) => zalTag(candidate) === orderId)!;
			storeOrders.set(orderId, order);
			expect(order.state).toBe('processing');
			// Zalando collected the money: the order is invoiced
			expect(order.items.every((item) => item.qty_invoiced === item.qty_ordered)).toBe(true);
			const zalando = await zalOrder(orderId);
			// exported with the Magento increment id, the lines as Zalando's units per item
			expect(zalando.attributes.exported).toBe(true);
			expect(zalando.attributes.merchant_order_id).toBe(merchantOrderIdOf(order));
			expect(merchantOrderIdOf(order)).not.toBe('');
			expect(order.items.map((item) => [item.sku, item.qty_ordered]).sort()).toEqual(
				unitQuantities(zalando),
			);
		}
		// one export each
		expect(await zalandoOrderPatches(zalUrl)).toHaveLength(openAtStart.length);
	});

	it('orders: an order the store cannot fulfil is cancelled at Zalando, with an email', async () => {
		const order = await cancelledAtZalando(zalUrl, unfulfillable.orderId);
		expect(unitsOf(order)).toHaveLength(2);
		expect((await mageState()).orders.some((o) => zalTag(o) === unfulfillable.orderId)).toBe(false);
		const mail = pair.smtp.about(unfulfillable.orderId, /cannot be/).at(0);
		expect(mail?.to).toEqual([NOTIFY]);
		expect(mail?.data).toContain(unfulfillable.sku);
	});

	it('stock: the salable quantities reach Zalando on every sales channel; the full sync sends every product, a change in Magento too', async () => {
		// the live 15-minute lane: what the placed orders reserved, and everything else
		const skus = new Set([
			unfulfillable.sku,
			...created().flatMap((entry) => entry.order.items.map((item) => item.sku)),
		]);
		await waitFor(
			'Zalando stock equal to the salable quantities',
			async () => ((await stockMismatches(skus)).length === 0 ? true : undefined),
			90_000,
			1_000,
		);
		await settle();

		// a change in Magento, then the hourly full sync (from a manual start): every product with an EAN
		const [{ order }] = created();
		const sku = order.items[0].sku;
		await magento('POST', '/inventory/source-items', {
			sourceItems: [{ sku, source_code: 'default', quantity: 41, status: 1 }],
		});
		const salable = (await mageState()).salable[sku];
		const ean = (await zalState()).articles.find((article) => article.sku === sku)!.ean;
		const execution = await pair.instance.execute(FULL_STOCK);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		expect(Object.keys(execution.run.data.resultData.runData)).not.toContain(
			'Only Changed for Zalando',
		);
		const levels = nodeItems(execution.run.data, 'Stock Levels').map(
			(item) => item.json as { ean: string; managed: boolean },
		);
		const sent = nodeItems(execution.run.data, 'Zalando: Update Stock').map(
			(item) => item.json as { ean: string; quantity: number; status: string },
		);
		expect(sent.length).toBe(levels.filter((level) => level.managed && level.ean).length);
		expect(sent.length).toBeGreaterThan(skus.size);
		expect(sent.every((item) => item.status === 'updated')).toBe(true);
		expect(sent.find((item) => item.ean === ean)?.quantity).toBe(salable);
		expect(await stockMismatches(skus)).toEqual([]);
		await settle();
	});

	it('shipments: a Magento shipment with a track and a return track sets both at Zalando and ships its lines, a partial one only those', async () => {
		const [{ orderId, order }] = created();
		// a partial shipment: the first item only (the order has two)
		expect(order.items.length).toBeGreaterThan(1);
		const [line] = order.items;
		// the return label's track first: it is found by its title (Settings returnTrackTitle "Return"), not its place
		const shipmentId = await magento<number>('POST', `/order/${order.entity_id}/ship`, {
			items: [{ order_item_id: line.item_id, qty: line.qty_ordered }],
			tracks: [
				{ track_number: 'RJJD444555666777', title: 'DHL Return label', carrier_code: 'custom' },
				{ track_number: 'JJD000111222333', title: 'DHL', carrier_code: 'custom' },
			],
		});
		const shipped = await waitFor(
			'the Zalando shipment',
			async () => {
				const found = await zalOrder(orderId);
				return unitsOf(found)
					.filter((unit) => unit.sku === line.sku)
					.every((unit) => unit.status === 'shipped')
					? found
					: undefined;
			},
			60_000,
			1_000,
		);
		expect(shipped.attributes.tracking_number).toBe('JJD000111222333');
		expect(shipped.attributes.return_tracking_number).toBe('RJJD444555666777');
		await waitFor(
			'the shipped comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[zalando-shipped:${shipmentId}]`)
					? true
					: undefined,
			30_000,
		);
		await settle();
		const units = unitsOf(await zalOrder(orderId));
		const lineIds = units.filter((unit) => unit.sku === line.sku).map((unit) => unit.lineId);
		expect(lineIds).toHaveLength(line.qty_ordered);
		expect(await linePatches(lineIds)).toHaveLength(lineIds.length);
		// the item not in the parcel stays open at Zalando
		const open = units.filter((unit) => unit.sku !== line.sku);
		expect(open.length).toBeGreaterThan(0);
		expect(open.every((unit) => unit.status === 'initial')).toBe(true);
		// one returned unit later (the returns test): shipped, then returned
		sentOnce.push({ what: 'shipment with both tracks', lineIds, patches: lineIds.length + 1 });
		sentOnce.push({
			what: 'items not in the parcel',
			lineIds: open.map((unit) => unit.lineId),
			patches: 0,
		});
		markedOnce.push({ entityId: order.entity_id, marker: `[zalando-shipped:${shipmentId}]` });
	});

	it('shipments: a shipment without a return tracking number sends one email and ships nothing; a second track added later ships it', async () => {
		const [, { orderId, order }] = created();
		const shipmentId = await magento<number>('POST', `/order/${order.entity_id}/ship`, {
			tracks: [{ track_number: 'JJD000999888777', title: 'DHL', carrier_code: 'custom' }],
		});
		const mail = await waitFor(
			'the missing-tracking email',
			async () => pair.smtp.about(orderId, /tracking/i).at(0),
			60_000,
			1_000,
		);
		expect(mail.to).toEqual([NOTIFY]);
		expect(mail.data).toMatch(/return tracking/i);
		await waitFor(
			'the notified comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[zalando-tracking-missing:${shipmentId}]`)
					? true
					: undefined,
			30_000,
		);
		await settle();
		const waiting = await zalOrder(orderId);
		expect(waiting.attributes.tracking_number ?? null).toBeNull();
		expect(unitsOf(waiting).some((unit) => unit.status === 'shipped')).toBe(false);
		expect(await linePatches(unitsOf(waiting).map((unit) => unit.lineId))).toHaveLength(0);

		// the merchant adds the return label's track (no "Return" in its title: the second track counts)
		await magento('POST', '/shipment/track', {
			entity: {
				parent_id: shipmentId,
				order_id: order.entity_id,
				track_number: 'RJJD000999888000',
				title: 'DHL',
				carrier_code: 'custom',
			},
		});
		const shipped = await waitFor(
			'the Zalando shipment',
			async () => {
				const found = await zalOrder(orderId);
				return unitsOf(found).every((unit) => unit.status === 'shipped') ? found : undefined;
			},
			60_000,
			1_000,
		);
		expect(shipped.attributes.tracking_number).toBe('JJD000999888777');
		expect(shipped.attributes.return_tracking_number).toBe('RJJD000999888000');
		await settle();
		expect(pair.smtp.about(orderId, /tracking/i)).toHaveLength(1);
		const lineIds = unitsOf(shipped).map((unit) => unit.lineId);
		expect(await linePatches(lineIds)).toHaveLength(lineIds.length);
		sentOnce.push({ what: 'shipment with a track added later', lineIds, patches: lineIds.length });
		markedOnce.push({ entityId: order.entity_id, marker: `[zalando-shipped:${shipmentId}]` });
		markedOnce.push({
			entityId: order.entity_id,
			marker: `[zalando-tracking-missing:${shipmentId}]`,
		});
	});

	it('refunds: a credit memo of an unshipped line cancels its units at Zalando, once', async () => {
		const [, , { orderId, order }] = created();
		const line = order.items[0];
		const memoId = await magento<number>('POST', `/order/${order.entity_id}/refund`, {
			items: [{ order_item_id: line.item_id, qty: line.qty_ordered }],
			arguments: { shipping_amount: 0 },
		});
		const units = await waitFor(
			'the units cancelled at Zalando',
			async () => {
				const found = unitsOf(await zalOrder(orderId)).filter((unit) => unit.sku === line.sku);
				return found.every((unit) => unit.status === 'canceled') ? found : undefined;
			},
			60_000,
			1_000,
		);
		expect(units).toHaveLength(line.qty_ordered);
		await waitFor(
			'the forwarded comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), `[zalando-refund-forwarded:${memoId}]`)
					? true
					: undefined,
			30_000,
		);
		await settle();
		const comments = (await storeOrder(order.entity_id)).status_histories.map((h) => h.comment);
		expect(comments.filter((c) => c.startsWith(`[zalando-refund-claimed:${memoId}:`))).toHaveLength(
			1,
		);
		expect(await linePatches(units.map((unit) => unit.lineId))).toHaveLength(units.length);
		sentOnce.push({
			what: 'refund',
			lineIds: units.map((unit) => unit.lineId),
			patches: units.length,
		});
		markedOnce.push({ entityId: order.entity_id, marker: `[zalando-refund-forwarded:${memoId}]` });
		// the other items stay open
		expect(
			unitsOf(await zalOrder(orderId))
				.filter((unit) => unit.sku !== line.sku)
				.every((unit) => unit.status === 'initial'),
		).toBe(true);
	});

	it('returns: an announced return is handled at Zalando and becomes one credit memo with return to stock (run from a manual start)', async () => {
		const [{ orderId, order }] = created();
		// a unit the first shipment test shipped
		const unit = unitsOf(await zalOrder(orderId)).find(
			(candidate) => candidate.status === 'shipped',
		)!;
		expect(unit).toBeDefined();
		const salableBefore = (await mageState()).salable[unit.sku];
		await adminSeed(zalUrl, {
			announcedReturns: [{ orders: [{ orderId, lines: [{ lineId: unit.lineId }] }] }],
		});
		const first = await pair.instance.execute(RETURNS);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		const memos = async () =>
			(await mageState()).creditmemos.filter((memo) => memo.order_id === order.entity_id);
		const [memo, ...others] = await memos();
		expect(others).toHaveLength(0);
		expect(memo.items).toEqual([
			expect.objectContaining({ sku: unit.sku, qty: 1, back_to_stock: true }),
		]);
		expect(
			hasComment(
				await storeOrder(order.entity_id),
				`[zalando-return-refunded:${unit.lineId}:${memo.entity_id}]`,
			),
		).toBe(true);
		expect((await mageState()).salable[unit.sku]).toBe(salableBefore + 1);
		expect(unitsOf(await zalOrder(orderId)).find((u) => u.lineId === unit.lineId)?.status).toBe(
			'returned',
		);
		// the same return again (the next poll, a re-run): not handled at Zalando twice, not refunded twice
		const second = await pair.instance.execute(RETURNS);
		expect(second.status).toBe('success');
		expect(Object.keys(second.run.data.resultData.runData)).not.toContain('Zalando: Handle Return');
		expect(await memos()).toHaveLength(1);
		markedOnce.push({
			entityId: order.entity_id,
			marker: `[zalando-return-refunded:${unit.lineId}:${memo.entity_id}]`,
		});
		returnMemo = { entityId: order.entity_id, memoId: memo.entity_id };
		await settle();
	});

	it('a second run creates nothing twice and exports nothing again', async () => {
		const before = (await mageState()).orders.length;
		const patches = (await acceptedRequests(zalUrl, { method: 'PATCH' })).length;
		const execution = await pair.instance.execute(AGAIN);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		expect(nodeItems(execution.run.data, 'Zalando: New Orders').length).toBeGreaterThan(0);
		expect(nodeItems(execution.run.data, 'Only New Orders')).toHaveLength(0);
		// every order came through as already in the store, and exported already
		expect(nodeItems(execution.run.data, 'Orders Already in Store').length).toBeGreaterThan(0);
		expect(Object.keys(execution.run.data.resultData.runData)).not.toContain(
			'Zalando: Accept Order',
		);
		await settle();
		expect((await mageState()).orders.length).toBe(before);
		expect((await acceptedRequests(zalUrl, { method: 'PATCH' })).length).toBe(patches);
	});

	it('reconciliation: an order in Magento whose export never happened is accepted by the hourly reconciliation, once (run from a manual start)', async () => {
		const orderId = randomUUID();
		const [store, catalogue] = [await mageState(), await zalState()];
		const sku = store.products.find(
			(candidate) =>
				candidate.type_id === 'simple' &&
				(store.salable[candidate.sku] ?? 0) >= 5 &&
				catalogue.articles.some((article) => article.sku === candidate.sku),
		)?.sku;
		expect(sku).toBeDefined();
		// the store order exists (an earlier run placed and tagged it, and stopped before the invoice and the export)
		const cartId = await magento<number>('POST', '/carts/');
		await magento('POST', `/carts/${cartId}/items`, {
			cartItem: { sku, qty: 1, quote_id: cartId },
		});
		const address = {
			firstname: 'Ada',
			lastname: 'Lovelace',
			street: ['Torstraße 1'],
			city: 'Berlin',
			postcode: '10119',
			country_id: 'DE',
			telephone: '-',
			email: 'ada@example.com',
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
			statusHistory: { comment: `[zalando:${orderId}] Zalando order`, is_customer_notified: 0 },
		});
		await adminSeed(zalUrl, { orders: [{ orderId, items: [{ sku, quantity: 1 }] }] });
		const orders = (await mageState()).orders.length;
		const first = await pair.instance.execute(RECONCILE);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		expect(
			nodeItems(first.run.data, 'Zalando: Open Orders').map((item) => item.json.orderId),
		).toContain(orderId);
		expect(nodeItems(first.run.data, 'Only New Orders')).toHaveLength(0);
		const order = await storeOrder(entityId);
		const zalando = await zalOrder(orderId);
		expect(zalando.attributes.exported).toBe(true);
		expect(zalando.attributes.merchant_order_id).toBe(merchantOrderIdOf(order));
		// accepted, not placed again
		await settle();
		expect((await mageState()).orders.length).toBe(orders);
		reconciled = { orderId, order };
	});

	it('store cancellations: an order cancelled in Magento is cancelled at Zalando, once', async () => {
		expect(reconciled).toBeDefined();
		const { orderId, order } = reconciled!;
		expect(await magento<boolean>('POST', `/orders/${order.entity_id}/cancel`)).toBe(true);
		const units = await waitFor(
			'the order cancelled at Zalando',
			async () => {
				const found = unitsOf(await zalOrder(orderId));
				return found.every((unit) => unit.status === 'canceled') ? found : undefined;
			},
			60_000,
			1_000,
		);
		await waitFor(
			'the cancelled comment',
			async () =>
				hasComment(await storeOrder(order.entity_id), '[zalando-cancelled]') ? true : undefined,
			30_000,
		);
		await settle();
		expect(await linePatches(units.map((unit) => unit.lineId))).toHaveLength(units.length);
		sentOnce.push({
			what: 'store cancellation',
			lineIds: units.map((unit) => unit.lineId),
			patches: units.length,
		});
		markedOnce.push({ entityId: order.entity_id, marker: '[zalando-cancelled]' });
	});

	it('later store-changes polls send nothing twice: shipments, refund, return, cancellation', async () => {
		expect(sentOnce.map((entry) => entry.what)).toEqual([
			'shipment with both tracks',
			'items not in the parcel',
			'shipment with a track added later',
			'refund',
			'store cancellation',
		]);
		await storeChangesPollAfter(await lastExecutionId(pair.server, LIVE));
		await settle();
		for (const { what, lineIds, patches } of sentOnce)
			expect({ what, patches: (await linePatches(lineIds)).length }).toEqual({ what, patches });
		for (const { entityId, marker } of markedOnce)
			expect({
				marker,
				count: (await storeOrder(entityId)).status_histories.filter((h) =>
					h.comment.startsWith(marker),
				).length,
			}).toEqual({ marker, count: 1 });
		// the return's credit memo was not sent back to Zalando as a refund
		expect(returnMemo).toBeDefined();
		expect(
			hasComment(
				await storeOrder(returnMemo!.entityId),
				`[zalando-refund-forwarded:${returnMemo!.memoId}]`,
			),
		).toBe(false);
		expect(pair.smtp.about(created()[1].orderId, /tracking/i)).toHaveLength(1);
	});
}
