/**
 * workflows-templates/zalando-shopify-lifecycle.json in a real n8n against the Zalando and Shopify emulators.
 * Lean on purpose, like the Zalando x WooCommerce test: the Zalando triggers poll once, at activation (then once a
 * year), so no test waits for a poll; the returns lane, the full stock sync and the reconciliation run from manual
 * starts, the store lanes through Shopify's real webhooks (HMAC-signed by the emulator, checked by n8n).
 *
 * Shopify is reached the way n8n always reaches it, `https://emulator-shop.myshopify.com` (see
 * `shopifyHostEnvironment`). The Zalando emulator starts empty and gets only this test's orders: four approved
 * partner-fulfilled orders of variants in stock and one of a variant the shop has none of.
 */
import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { nodeItems, waitFor } from '../../../../sandbox/n8n/index.mts';
import { EMULATED_DAY_MINUTES, lifecyclePair, NOTIFY } from '../pair.mts';
import {
	adminSeed,
	describeExecutions,
	MANUAL_SCHEDULE_START,
	NEVER_SCHEDULE,
	restCall,
	shopifyTestClient,
	type ShopVariant,
} from '../../lifecycle-support.mts';
import { shopAttribute as attribute, type ShopOrder, type ShopState } from '../../states.mts';
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

const LIVE = 'e2eLifeZalShopLiv';
const AGAIN = 'e2eLifeZalShopMan';
const RETURNS = 'e2eLifeZalShopRet';
const FULL_SYNC = 'e2eLifeZalShopSyn';
const RECONCILE = 'e2eLifeZalShopRec';

/** A webhook delivery of the Shopify emulator (its state's `deliveries`). */
interface Delivery {
	topic: string;
	url: string;
	headers: Record<string, string>;
	body: string;
}

/** Zalando x Shopify lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let zalUrl: string;
	let shopUrl: string;
	let locationId: number;
	/** The approved orders at the start, and the one for a variant the shop has none of. */
	let openAtStart: string[];
	let unfulfillable: { orderId: string; sku: string };
	/** Zalando order id -> shop order, after the orders lane ran. */
	const storeOrders = new Map<string, ShopOrder>();

	const pair = lifecyclePair('zalando', 'shopify', {
		seed: async ({ urls, settings, storeCa }) => {
			zalUrl = urls.marketplace;
			shopUrl = urls.store;
			client = shopifyTestClient(shopUrl, storeCa!);
			locationId = Number(settings.locationId);
			// only this test's orders (the catalogue's SKUs and EANs are the shop's): four approved partner-fulfilled
			// orders of variants in stock, several units and items each, and one of a variant the shop has none of
			await restCall('POST', `${zalUrl}/__admin/reset`, {}, { empty: true });
			const shop = await shopState();
			const inStock = variants(shop).filter(
				(candidate) =>
					candidate.inventory_management === 'shopify' &&
					candidate.barcode &&
					available(shop, candidate.sku) >= 10,
			);
			const [v1, v2, v3, v4, v5, v6] = inStock;
			const item = (variant: ShopVariant, quantity = 1) => ({
				sku: variant.sku,
				ean: variant.barcode,
				quantity,
			});
			const empty = variants(shop).find(
				(candidate) =>
					candidate.inventory_management === 'shopify' &&
					candidate.barcode &&
					![v1, v2, v3, v4, v5, v6].includes(candidate),
			)!;
			for (const location of shop.locations)
				await shopify('POST', '/inventory_levels/set.json', {
					location_id: location.id,
					inventory_item_id: empty.inventory_item_id,
					available: 0,
				});
			await adminSeed(zalUrl, {
				orders: [
					{ items: [item(v1, 2), item(v2)] },
					{ items: [item(v3)] },
					{ items: [item(v4, 2), item(v5)] },
					{ items: [item(v6)] },
				],
			});
			openAtStart = (await zalandoState(zalUrl)).orders.map((order) => order.attributes.order_id);
			await adminSeed(zalUrl, { orders: [{ items: [item(empty, 2)] }] });
			const seeded = (await zalandoState(zalUrl)).orders.find(
				(order) => !openAtStart.includes(order.attributes.order_id),
			)!;
			unfulfillable = { orderId: seeded.attributes.order_id, sku: empty.sku };
		},
		settings: { stockSettleSeconds: 2 },
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
			copy(FULL_SYNC, 'full stock sync, manual start', {
				manualStart: { 'Every Hour: Full Stock Sync': MANUAL_SCHEDULE_START },
			}),
			copy(RECONCILE, 'order reconciliation, manual start', {
				// the emulator's clock runs 60 times faster than n8n's: no order would be old enough for the default
				settings: { reconcileMinAgeMinutes: -EMULATED_DAY_MINUTES },
				manualStart: { 'Every Hour: Reconcile Orders': MANUAL_SCHEDULE_START },
			}),
		],
		// activation registers the Shopify webhooks and polls each Zalando trigger once
		activate: [LIVE],
	});

	let client: ReturnType<typeof shopifyTestClient>;
	const shopify = async <T,>(method: string, apiPath: string, body?: unknown) =>
		await client.rest<T>(method, apiPath, body);
	const shopState = async () => await client.state<ShopState & { deliveries: Delivery[] }>();
	const shopOrder = async (id: number) => await client.order(id);
	const variants = (state: ShopState) => client.variants(state);
	/** Available quantity of a SKU over all locations. */
	const available = (state: ShopState, sku: string) => client.available(state, sku);
	const zalStocks = async (ean: string) =>
		(await zalandoState(zalUrl)).stocks.filter((stock) => stock.ean === ean);
	const zalOrder = async (orderId: string) => await zalandoOrder(zalUrl, orderId);
	const settle = async () => await pair.settle(LIVE);
	const linePatches = async (lineIds: string[]) => await zalandoLinePatches(zalUrl, lineIds);
	const created = () => [...storeOrders.entries()].map(([orderId, order]) => ({ orderId, order }));
	/** The Zalando merchant order number of a shop order: its name without `#`. */
	const merchantNumber = (order: ShopOrder) => order.name.replace(/[^A-Za-z0-9]/g, '');
	/** A fulfilment of every open fulfilment order of a shop order, with these tracking numbers. */
	const fulfil = async (orderId: number, numbers: string[]) =>
		await client.fulfil(orderId, { company: 'DHL', numbers });

	it('orders: each new Zalando order is created once in Shopify and accepted at Zalando with the Shopify order number', async () => {
		const tagged = (shop: ShopState) =>
			shop.orders.filter((order) => attribute(order, 'zalando_order_id'));
		await waitFor(
			'a shop order for every fulfillable Zalando order',
			async () => {
				const orders = tagged(await shopState());
				return orders.length >= openAtStart.length ? orders : undefined;
			},
			120_000,
			1_000,
		).catch(async (error: Error) => {
			throw new Error(`${error.message}\n${await describeExecutions(pair.server, LIVE, 15)}`);
		});
		await settle();
		const orders = tagged(await shopState());
		expect(orders.map((order) => attribute(order, 'zalando_order_id')).sort()).toEqual(
			[...openAtStart].sort(),
		);
		for (const orderId of openAtStart) {
			const order = orders.find(
				(candidate) => attribute(candidate, 'zalando_order_id') === orderId,
			)!;
			storeOrders.set(orderId, order);
			expect(order.financial_status).toBe('paid');
			expect(attribute(order, 'zalando_fulfilment')).toBe('merchant');
			const zalando = await zalOrder(orderId);
			// exported with the Shopify order number, the lines as Zalando's units per item
			expect(zalando.attributes.exported).toBe(true);
			expect(zalando.attributes.merchant_order_id).toBe(merchantNumber(order));
			expect(order.line_items.map((line) => [line.sku, line.quantity]).sort()).toEqual(
				unitQuantities(zalando),
			);
		}
		// one export each
		expect(await zalandoOrderPatches(zalUrl)).toHaveLength(openAtStart.length);
	});

	it('orders: an order the shop cannot fulfil is cancelled at Zalando, with an email', async () => {
		const order = await cancelledAtZalando(zalUrl, unfulfillable.orderId);
		expect(unitsOf(order)).toHaveLength(2);
		expect(
			(await shopState()).orders.some(
				(candidate) => attribute(candidate, 'zalando_order_id') === unfulfillable.orderId,
			),
		).toBe(false);
		const mail = pair.smtp.about(unfulfillable.orderId, /cannot be/).at(0);
		expect(mail?.to).toEqual([NOTIFY]);
		expect(mail?.data).toContain(unfulfillable.sku);
	});

	it('stock: an inventory change in Shopify reaches Zalando by EAN (the variant barcode), on every sales channel', async () => {
		const shop = await shopState();
		const ordered = new Set(
			created().flatMap(({ order }) => order.line_items.map((line) => line.sku)),
		);
		const variant = variants(shop).find(
			(candidate) =>
				candidate.inventory_management === 'shopify' &&
				candidate.barcode &&
				!ordered.has(candidate.sku) &&
				candidate.sku !== unfulfillable.sku,
		)!;
		await shopify('POST', '/inventory_levels/set.json', {
			location_id: locationId,
			inventory_item_id: variant.inventory_item_id,
			available: 33,
		});
		const stocks = await waitFor(
			'the Zalando stock of the EAN',
			async () => {
				const found = await zalStocks(variant.barcode);
				return found.length > 0 && found.every((stock) => stock.quantity === 33)
					? found
					: undefined;
			},
			60_000,
			1_000,
		);
		// salesChannelId empty: every live sales channel of the merchant
		const { salesChannels } = await zalandoState(zalUrl);
		expect(stocks.map((stock) => stock.sales_channel_id).sort()).toEqual(
			salesChannels
				.filter((channel) => channel.live)
				.map((channel) => channel.sales_channel_id)
				.sort(),
		);
		await settle();
	});

	it('shipments: a fulfilment with a tracking and a return tracking number sets both at Zalando and ships its units, once', async () => {
		const [{ orderId, order }] = created();
		const fulfillment = await fulfil(order.id, ['JJD000111222333', 'RJJD444555666777']);
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
		expect(unitsOf(shipped)).toHaveLength(
			order.line_items.reduce((sum, line) => sum + line.quantity, 0),
		);
		await waitFor(
			'the shipped mark',
			async () =>
				attribute(await shopOrder(order.id), `zalando_shipped_${fulfillment.id}`)
					? true
					: undefined,
			30_000,
		);
		// the fulfilment updated again (its tracking saved again) does not ship it again
		await shopify('POST', `/fulfillments/${fulfillment.id}/update_tracking.json`, {
			fulfillment: { tracking_info: { company: 'DHL', number: 'JJD000111222333' } },
		});
		await settle();
		expect(await linePatches(unitsOf(shipped).map((unit) => unit.lineId))).toHaveLength(
			unitsOf(shipped).length,
		);
	});

	it('shipments: a fulfilment without a return tracking number sends one email and ships nothing; the note attribute added later ships it', async () => {
		const [, { orderId, order }] = created();
		const fulfillment = await fulfil(order.id, ['JJD000999888777']);
		const mail = await waitFor(
			'the missing-tracking email',
			async () => pair.smtp.about(orderId, /tracking/i).at(0),
			60_000,
			1_000,
		);
		expect(mail.to).toEqual([NOTIFY]);
		expect(mail.data).toMatch(/return tracking/i);
		await waitFor(
			'the notified mark',
			async () =>
				attribute(await shopOrder(order.id), `zalando_tracking_missing_${fulfillment.id}`)
					? true
					: undefined,
			30_000,
		);
		await settle();
		const waiting = await zalOrder(orderId);
		expect(waiting.attributes.tracking_number ?? null).toBeNull();
		expect(unitsOf(waiting).some((unit) => unit.status === 'shipped')).toBe(false);
		// the merchant adds the return label's number to the order (Settings: returnTrackingAttribute) and saves the
		// fulfilment's tracking again: the shipment goes out, without a second email
		const current = await shopOrder(order.id);
		await shopify('PUT', `/orders/${order.id}.json`, {
			order: {
				id: order.id,
				note_attributes: [
					...current.note_attributes,
					{ name: 'zalando_return_tracking', value: 'RJJD000999888000' },
				],
			},
		});
		await shopify('POST', `/fulfillments/${fulfillment.id}/update_tracking.json`, {
			fulfillment: { tracking_info: { company: 'DHL', number: 'JJD000999888777' } },
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
	});

	it('refunds: a Shopify refund of an unshipped line cancels its units at Zalando, once (the webhook delivered twice)', async () => {
		const [, , { orderId, order }] = created();
		const line = order.line_items[0];
		const { refund } = await shopify<{ refund: { id: number } }>(
			'POST',
			`/orders/${order.id}/refunds.json`,
			{
				refund: {
					note: 'customer changed their mind',
					refund_line_items: [
						{
							line_item_id: line.id,
							quantity: line.quantity,
							restock_type: 'cancel',
							location_id: locationId,
						},
					],
					transactions: [],
				},
			},
		);
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
				attribute(await shopOrder(order.id), `zalando_refund_forwarded_${refund.id}`)
					? true
					: undefined,
			30_000,
		);
		await settle();
		// Shopify delivers the refund webhook again: nothing is sent to Zalando twice
		const delivery = (await shopState()).deliveries.find(
			(candidate) =>
				candidate.topic === 'refunds/create' &&
				(JSON.parse(candidate.body) as { id: number }).id === refund.id,
		)!;
		const again = await fetch(delivery.url, {
			method: 'POST',
			headers: delivery.headers,
			body: delivery.body,
		});
		expect(again.status).toBe(200);
		await settle();
		expect(await linePatches(units.map((unit) => unit.lineId))).toHaveLength(units.length);
		const { metafields } = await shopify<{ metafields: Array<{ key: string }> }>(
			'GET',
			`/orders/${order.id}/metafields.json?namespace=marketplace_sync&limit=250`,
		);
		expect(
			metafields.filter((field) => field.key.startsWith(`zalando_refund_claim_${refund.id}_`)),
		).toHaveLength(1);
		// the other items stay open
		expect(
			unitsOf(await zalOrder(orderId))
				.filter((unit) => unit.sku !== line.sku)
				.every((unit) => unit.status === 'initial'),
		).toBe(true);
	});

	it('store cancellations: a Zalando order cancelled in Shopify is cancelled at Zalando', async () => {
		const [, , , { orderId, order }] = created();
		await shopify('POST', `/orders/${order.id}/cancel.json`, { reason: 'inventory' });
		const cancelled = await waitFor(
			'the Zalando cancellation',
			async () => {
				const found = await zalOrder(orderId);
				return unitsOf(found).every((unit) => unit.status === 'canceled') ? found : undefined;
			},
			60_000,
			1_000,
		);
		await waitFor(
			'the cancelled mark',
			async () => (attribute(await shopOrder(order.id), 'zalando_cancelled') ? true : undefined),
			30_000,
		);
		await settle();
		expect(await linePatches(unitsOf(cancelled).map((unit) => unit.lineId))).toHaveLength(
			unitsOf(cancelled).length,
		);
	});

	it('returns: an announced return is handled at Zalando and becomes one Shopify refund with restock (run from a manual start)', async () => {
		const [{ orderId, order }] = created();
		const [unit] = unitsOf(await zalOrder(orderId));
		const before = available(await shopState(), unit.sku);
		await adminSeed(zalUrl, {
			announcedReturns: [{ orders: [{ orderId, lines: [{ lineId: unit.lineId }] }] }],
		});
		const first = await pair.instance.execute(RETURNS);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		const refunds = (await shopOrder(order.id)).refunds;
		expect(refunds).toHaveLength(1);
		expect(refunds[0].note).toBe(`Zalando return ${unit.lineId}`);
		expect(refunds[0].refund_line_items).toEqual([
			expect.objectContaining({ quantity: 1, restock_type: 'return' }),
		]);
		expect(available(await shopState(), unit.sku)).toBe(before + 1);
		expect(unitsOf(await zalOrder(orderId)).find((u) => u.lineId === unit.lineId)?.status).toBe(
			'returned',
		);
		// the same return again (the next poll, a re-run): not handled at Zalando twice, not refunded twice
		const second = await pair.instance.execute(RETURNS);
		expect(second.status).toBe('success');
		expect(Object.keys(second.run.data.resultData.runData)).not.toContain('Zalando: Handle Return');
		expect((await shopOrder(order.id)).refunds).toHaveLength(1);
		expect(await linePatches([unit.lineId])).toHaveLength(2); // shipped, then returned
		// the shop refund of a Zalando return is not sent back to Zalando as a refund
		await settle();
		expect(await linePatches([unit.lineId])).toHaveLength(2);
	});

	it('a second run creates nothing twice and exports nothing again', async () => {
		const before = (await shopState()).orders.length;
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
		expect((await shopState()).orders.length).toBe(before);
		expect((await acceptedRequests(zalUrl, { method: 'PATCH' })).length).toBe(patches);
	});

	it('reconciliation: an order in the shop whose export never happened is accepted by the hourly reconciliation, once (run from a manual start)', async () => {
		const orderId = randomUUID();
		const shop = await shopState();
		const variant = variants(shop).find(
			(candidate) =>
				candidate.inventory_management === 'shopify' &&
				candidate.barcode &&
				available(shop, candidate.sku) >= 5 &&
				candidate.sku !== unfulfillable.sku,
		)!;
		// the shop order exists (an earlier run created it and stopped before the export)
		const { order } = await shopify<{ order: ShopOrder }>('POST', '/orders.json', {
			order: {
				line_items: [{ variant_id: variant.id, quantity: 1 }],
				financial_status: 'paid',
				note_attributes: [
					{ name: 'zalando_order_id', value: orderId },
					{ name: 'zalando_fulfilment', value: 'merchant' },
				],
			},
		});
		await adminSeed(zalUrl, {
			orders: [{ orderId, items: [{ sku: variant.sku, ean: variant.barcode, quantity: 1 }] }],
		});
		const orders = (await shopState()).orders.length;
		const first = await pair.instance.execute(RECONCILE);
		expect(first.error).toBeUndefined();
		expect(first.status).toBe('success');
		expect(
			nodeItems(first.run.data, 'Zalando: Open Orders').map((item) => item.json.orderId),
		).toContain(orderId);
		expect(nodeItems(first.run.data, 'Only New Orders')).toHaveLength(0);
		const zalando = await zalOrder(orderId);
		expect(zalando.attributes.exported).toBe(true);
		expect(zalando.attributes.merchant_order_id).toBe(merchantNumber(order));
		// accepted, not created again
		await settle();
		expect((await shopState()).orders.length).toBe(orders);
	});

	it('stock: the hourly full sync sends every variant with a barcode to Zalando (run from a manual start)', async () => {
		await pair.server.deactivateWorkflow(LIVE);
		const shop = await shopState();
		const managed = variants(shop).filter(
			(variant) => variant.inventory_management === 'shopify' && variant.barcode,
		);
		for (const [index, variant] of managed.slice(0, 2).entries())
			await shopify('POST', '/inventory_levels/set.json', {
				location_id: locationId,
				inventory_item_id: variant.inventory_item_id,
				available: 70 + index,
			});
		const execution = await pair.instance.execute(FULL_SYNC);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		const after = await shopState();
		const mismatches: Array<{ sku: string; shop: number; zalando: number[] }> = [];
		for (const variant of managed) {
			const expected = Math.max(0, available(after, variant.sku));
			const stocks = await zalStocks(variant.barcode);
			if (stocks.length === 0 || stocks.some((stock) => stock.quantity !== expected))
				mismatches.push({
					sku: variant.sku,
					shop: expected,
					zalando: stocks.map((stock) => stock.quantity),
				});
		}
		expect(mismatches).toEqual([]);
	});
}
