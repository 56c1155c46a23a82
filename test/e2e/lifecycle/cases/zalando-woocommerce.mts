/**
 * workflows-templates/zalando-woocommerce-lifecycle.json in a real n8n against the Zalando and WooCommerce emulators.
 * Lean on purpose: the Zalando triggers poll once, at activation (then once a year), so no test waits for a poll; the
 * returns lane and the reconciliation run from manual starts (the Zalando node listing what the trigger would emit),
 * the store lanes through WooCommerce's real webhooks.
 *
 * The Zalando emulator starts empty and gets only this test's orders: four approved partner-fulfilled orders and one
 * the store cannot fulfil.
 */
import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { nodeItems, waitFor } from '../../../../sandbox/n8n/index.mts';
import { EMULATED_DAY_MINUTES, lifecyclePair, NOTIFY } from '../pair.mts';
import {
	adminSeed,
	adminState,
	describeExecutions,
	MANUAL_SCHEDULE_START,
	NEVER_SCHEDULE,
	restCall,
	wooMetaValue as meta,
	wooRest,
	type WooOrder,
	type WooState,
} from '../../lifecycle-support.mts';
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

const LIVE = 'e2eLifeZalWooLive';
const AGAIN = 'e2eLifeZalWooMan1';
const RETURNS = 'e2eLifeZalWooRet1';
const RECONCILE = 'e2eLifeZalWooRec1';

/** Zalando x WooCommerce lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let zalUrl: string;
	let wooUrl: string;
	/** The approved orders at the start, and the one for a product the store has none of. */
	let openAtStart: string[];
	let unfulfillable: { orderId: string; sku: string };
	/** Zalando order id -> store order, after the orders lane ran. */
	const storeOrders = new Map<string, WooOrder>();

	const pair = lifecyclePair('zalando', 'woocommerce', {
		seed: async ({ urls }) => {
			zalUrl = urls.marketplace;
			wooUrl = urls.store;
			// only this test's orders (the catalogue's SKUs are the store's): four approved partner-fulfilled orders of
			// products in stock, several units and items each, and one of a product the store has none of
			await restCall('POST', `${zalUrl}/__admin/reset`, {}, { empty: true });
			const store = await wooState();
			const inStock = [...store.products, ...store.variations].filter(
				(candidate) =>
					candidate.manage_stock &&
					(candidate.stock_quantity ?? 0) >= 10 &&
					candidate.type !== 'variable',
			);
			const [s1, s2, s3, s4, s5, s6] = inStock.map((candidate) => candidate.sku);
			const product = store.products.find(
				(candidate) =>
					candidate.type === 'simple' &&
					candidate.manage_stock &&
					![s1, s2, s3, s4, s5, s6].includes(candidate.sku),
			)!;
			await woo('PUT', `/products/${product.id}`, { stock_quantity: 0 });
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
					'Every Hour: Reconcile Orders': NEVER_SCHEDULE,
					'Every Hour: Reconcile Store Orders': NEVER_SCHEDULE,
					'Every Hour: Full Stock Sync': NEVER_SCHEDULE,
				},
			}),
			// what the trigger would emit again (a second poll, a re-run): every approved order
			copy(AGAIN, 'orders again, manual start', {
				manualStart: { 'Zalando: New Orders': zalandoListOrders(credentials.zalandoZDirectApi) },
			}),
			copy(RETURNS, 'returns, manual start', {
				manualStart: { 'Zalando: New Returns': zalandoListReturns(credentials.zalandoZDirectApi) },
			}),
			copy(RECONCILE, 'order reconciliation, manual start', {
				// the emulator's clock runs 60 times faster than n8n's: no order would be old enough for the default
				settings: { reconcileMinAgeMinutes: -EMULATED_DAY_MINUTES },
				manualStart: { 'Every Hour: Reconcile Orders': MANUAL_SCHEDULE_START },
			}),
		],
		// activation registers the WooCommerce webhooks and polls each Zalando trigger once
		activate: [LIVE],
	});

	const woo = async <T,>(method: string, path: string, body?: unknown) =>
		await wooRest(wooUrl)<T>(method, path, body);
	const wooState = async () => await adminState<WooState>(wooUrl);
	const zalState = async () => await zalandoState(zalUrl);
	const zalOrder = async (orderId: string) => await zalandoOrder(zalUrl, orderId);
	const settle = async () => await pair.settle(LIVE);
	/** Line PATCHes Zalando accepted for these order lines. */
	const linePatches = async (lineIds: string[]) => await zalandoLinePatches(zalUrl, lineIds);
	const created = () => [...storeOrders.entries()].map(([orderId, order]) => ({ orderId, order }));

	it('orders: each new Zalando order is created once in WooCommerce and accepted at Zalando with the store order id', async () => {
		await waitFor(
			'a store order for every fulfillable Zalando order',
			async () => {
				const orders = (await wooState()).orders.filter((order) =>
					meta(order, '_zalando_order_id'),
				);
				return orders.length >= openAtStart.length ? orders : undefined;
			},
			120_000,
			1_000,
		).catch(async (error: Error) => {
			throw new Error(`${error.message}\n${await describeExecutions(pair.server, LIVE, 15)}`);
		});
		await settle();
		const orders = (await wooState()).orders.filter((order) => meta(order, '_zalando_order_id'));
		expect(orders.map((order) => meta(order, '_zalando_order_id')).sort()).toEqual(
			[...openAtStart].sort(),
		);
		for (const orderId of openAtStart) {
			const order = orders.find((candidate) => meta(candidate, '_zalando_order_id') === orderId)!;
			storeOrders.set(orderId, order);
			expect(order.status).toBe('processing');
			const zalando = await zalOrder(orderId);
			// exported with the WooCommerce order id, the lines as Zalando's units per item
			expect(zalando.attributes.exported).toBe(true);
			expect(zalando.attributes.merchant_order_id).toBe(String(order.id));
			expect(order.line_items.map((line) => [line.sku, line.quantity]).sort()).toEqual(
				unitQuantities(zalando),
			);
		}
		// one export each
		expect(await zalandoOrderPatches(zalUrl)).toHaveLength(openAtStart.length);
	});

	it('orders: an order the store cannot fulfil is cancelled at Zalando, with an email', async () => {
		const order = await cancelledAtZalando(zalUrl, unfulfillable.orderId);
		expect(unitsOf(order)).toHaveLength(2);
		expect(
			(await wooState()).orders.some(
				(candidate) => meta(candidate, '_zalando_order_id') === unfulfillable.orderId,
			),
		).toBe(false);
		const mail = pair.smtp.about(unfulfillable.orderId, /cannot be/).at(0);
		expect(mail?.to).toEqual([NOTIFY]);
		expect(mail?.data).toContain(unfulfillable.sku);
	});

	it('shipments: a completed store order with tracking and return tracking sets both at Zalando and ships every unit, once', async () => {
		const [{ orderId, order }] = created();
		await woo('PUT', `/orders/${order.id}`, {
			status: 'completed',
			meta_data: [
				{
					key: '_wc_shipment_tracking_items',
					value: [
						{
							tracking_provider: 'DHL',
							tracking_number: 'JJD000111222333',
							date_shipped: '1700000000',
						},
						{
							tracking_provider: 'DHL',
							tracking_number: 'RJJD444555666777',
							date_shipped: '1700000000',
						},
					],
				},
			],
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
		expect(shipped.attributes.tracking_number).toBe('JJD000111222333');
		expect(shipped.attributes.return_tracking_number).toBe('RJJD444555666777');
		await waitFor(
			'the store order marked shipped',
			async () =>
				meta(await woo<WooOrder>('GET', `/orders/${order.id}`), '_zalando_shipment')
					? true
					: undefined,
			30_000,
		);
		// another change of the order does not ship it again
		await woo('PUT', `/orders/${order.id}`, { customer_note: 'gift wrap' });
		await settle();
		expect(await linePatches(unitsOf(shipped).map((unit) => unit.lineId))).toHaveLength(
			unitsOf(shipped).length,
		);
	});

	it('shipments: a completed store order without a return tracking number sends one email and ships nothing', async () => {
		const [, { orderId, order }] = created();
		await woo('PUT', `/orders/${order.id}`, {
			status: 'completed',
			meta_data: [
				{
					key: '_wc_shipment_tracking_items',
					value: [{ tracking_provider: 'DHL', tracking_number: 'JJD000999888777' }],
				},
			],
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
			'the notification mark',
			async () =>
				meta(
					await woo<WooOrder>('GET', `/orders/${order.id}`),
					'_zalando_tracking_missing_notified',
				)
					? true
					: undefined,
			30_000,
		);
		await woo('PUT', `/orders/${order.id}`, { customer_note: 'still no return label' });
		await settle();
		expect(pair.smtp.about(orderId, /tracking/i)).toHaveLength(1);
		const zalando = await zalOrder(orderId);
		expect(zalando.attributes.tracking_number ?? null).toBeNull();
		expect(unitsOf(zalando).some((unit) => unit.status === 'shipped')).toBe(false);
	});

	it('refunds: a store refund of an unshipped line cancels its units at Zalando, once', async () => {
		const [, , { orderId, order }] = created();
		const line = order.line_items[0];
		const refund = await woo<{ id: number }>('POST', `/orders/${order.id}/refunds`, {
			amount: line.total,
			reason: 'customer changed their mind',
			api_refund: false,
			line_items: [{ id: line.id, quantity: line.quantity, refund_total: line.total }],
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
		expect(units).toHaveLength(line.quantity);
		await waitFor(
			'the forwarded marker',
			async () =>
				meta(await woo<WooOrder>('GET', `/orders/${order.id}`), '_zalando_refunds_forwarded') ===
				String(refund.id)
					? true
					: undefined,
			30_000,
		);
		await woo('PUT', `/orders/${order.id}`, { customer_note: 'refund confirmed' });
		await settle();
		expect(await linePatches(units.map((unit) => unit.lineId))).toHaveLength(units.length);
		// the other items stay open
		expect(
			unitsOf(await zalOrder(orderId))
				.filter((unit) => unit.sku !== line.sku)
				.every((unit) => unit.status === 'initial'),
		).toBe(true);
	});

	it('returns: an announced return is handled at Zalando and becomes one store refund with restock (run from a manual start)', async () => {
		const [{ orderId, order }] = created();
		const [unit] = unitsOf(await zalOrder(orderId));
		const line = order.line_items.find((candidate) => candidate.sku === unit.sku)!;
		const stockOf = async () => {
			const state = await wooState();
			return (
				[...state.products, ...state.variations].find((candidate) => candidate.sku === line.sku)!
					.stock_quantity ?? 0
			);
		};
		const stockBefore = await stockOf();
		await adminSeed(zalUrl, {
			announcedReturns: [{ orders: [{ orderId, lines: [{ lineId: unit.lineId }] }] }],
		});
		const first = await pair.instance.execute(RETURNS);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		const refunds = (await woo<WooOrder>('GET', `/orders/${order.id}`)).refunds;
		expect(refunds).toHaveLength(1);
		expect(refunds[0].reason).toBe(`Zalando return ${unit.lineId}`);
		expect(Number(refunds[0].total)).toBeCloseTo(-Number(line.total) / line.quantity, 2);
		expect(await stockOf()).toBe(stockBefore + 1);
		expect(unitsOf(await zalOrder(orderId)).find((u) => u.lineId === unit.lineId)?.status).toBe(
			'returned',
		);
		// the same return again (the next poll, a re-run): not handled at Zalando twice, not refunded twice
		const second = await pair.instance.execute(RETURNS);
		expect(second.status).toBe('success');
		expect(Object.keys(second.run.data.resultData.runData)).not.toContain('Zalando: Handle Return');
		expect((await woo<WooOrder>('GET', `/orders/${order.id}`)).refunds).toHaveLength(1);
		expect(await linePatches([unit.lineId])).toHaveLength(2); // shipped, then returned
		await settle();
	});

	it('a second run creates nothing twice and exports nothing again', async () => {
		const before = (await wooState()).orders.length;
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
		expect((await wooState()).orders.length).toBe(before);
		expect((await acceptedRequests(zalUrl, { method: 'PATCH' })).length).toBe(patches);
	});

	it('reconciliation: an order in the store whose export never happened is accepted by the hourly reconciliation, once (run from a manual start)', async () => {
		const orderId = randomUUID();
		const product = (await wooState()).products.find(
			(candidate) =>
				candidate.type === 'simple' &&
				candidate.manage_stock &&
				(candidate.stock_quantity ?? 0) >= 5 &&
				candidate.sku !== unfulfillable.sku,
		)!;
		// the store order exists (an earlier run created it and stopped before the export)
		const order = await woo<WooOrder>('POST', '/orders', {
			status: 'processing',
			line_items: [{ product_id: product.id, quantity: 1 }],
			meta_data: [
				{ key: '_zalando_order_id', value: orderId },
				{ key: '_zalando_fulfilment', value: 'merchant' },
			],
		});
		await adminSeed(zalUrl, { orders: [{ orderId, items: [{ sku: product.sku, quantity: 1 }] }] });
		const orders = (await wooState()).orders.length;
		const first = await pair.instance.execute(RECONCILE);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		expect(
			nodeItems(first.run.data, 'Zalando: Open Orders').map((item) => item.json.orderId),
		).toContain(orderId);
		expect(nodeItems(first.run.data, 'Only New Orders')).toHaveLength(0);
		const zalando = await zalOrder(orderId);
		expect(zalando.attributes.exported).toBe(true);
		expect(zalando.attributes.merchant_order_id).toBe(String(order.id));
		// accepted, not created again
		await settle();
		expect((await wooState()).orders.length).toBe(orders);
	});
}
