/**
 * workflows-templates/spartoo-shopify-lifecycle.json in a real n8n against the Spartoo and Shopify emulators.
 * As in the Spartoo x WooCommerce test, the Spartoo lanes and the schedules run from manual starts (a Spartoo node
 * listing what the trigger would emit, or the schedule's stand-in; the live copy's Spartoo triggers are off, so no poll
 * races a manual run); the store lanes run through Shopify's real webhooks (HMAC-signed by the emulator, checked by
 * n8n), Shopify reached the way n8n always reaches it (see `shopifyHostEnvironment`).
 *
 * The Spartoo emulator starts with the shop's catalogue as a merchant listed it at Spartoo with the template's default
 * **spartooProductReference** (`handle`): a product without options is its own reference and size reference (its SKU),
 * a product with sizes is its handle with one size per variant SKU; it gets this test's orders and return.
 */
import { expect, it } from 'vitest';

import { nodeItems, waitFor } from '../../../../sandbox/n8n/index.mts';
import { EMULATED_DAY_MINUTES, lifecyclePair, NOTIFY } from '../pair.mts';
import {
	adminSeed,
	describeExecutions,
	restCall,
	shopifyTestClient,
} from '../../lifecycle-support.mts';
import {
	everyRunItems,
	mailText,
	merchantSteps,
	spartooProbe,
	spartooTestCopies,
} from '../../spartoo-support.mts';
import { shopAttribute as attribute } from '../../states.mts';

const IDS = {
	live: 'e2eLifeSpaShpLive',
	orders: 'e2eLifeSpaShpOrd1',
	again: 'e2eLifeSpaShpAgn1',
	reconcile: 'e2eLifeSpaShpRec1',
	returns: 'e2eLifeSpaShpRet1',
	stock: 'e2eLifeSpaShpStk1',
};
const TRACKING = '6A12345678902';
/**
 * The test's Spartoo orders: fulfillable (O1), out of stock (O2), missed by the trigger (O3, priced at the threshold),
 * refunded in the shop (O4), one line priced below the threshold (O5).
 */
const O1 = '71000001';
const O2 = '71000002';
const O3 = '71000003';
const O4 = '71000004';
const O5 = '71000005';
/** Koongo's recommended threshold, the template's default (Settings autoAcceptThreshold). */
const THRESHOLD = 0.97;
const R1 = '81000001';

interface ShopProduct {
	id: number;
	handle: string;
	variants: Array<{
		id: number;
		sku: string;
		option1: string;
		price: string;
		inventory_item_id: number;
		inventory_management: string | null;
	}>;
}

/** Spartoo x Shopify lifecycle template in a real n8n: run by test/e2e/lifecycle.e2e.test.mts, as its pair's cases. */
export default function cases(): void {
	let spaUrl: string;
	let shopify: ReturnType<typeof shopifyTestClient>;
	let spartoo: ReturnType<typeof spartooProbe>;
	let locationId: number;
	/** Variants of products without options (a, b: in stock; c: none left, d: for the refund) and a size (v). */
	const sku = { a: '', b: '', c: '', d: '', v: '' };
	/** The size's product: its handle is its reference at Spartoo. */
	let sized: ShopProduct;
	let variant: ShopProduct['variants'][number];
	/** The variants' prices (Settings autoAcceptPriceAttribute finalPrice), by SKU. */
	const price: Record<string, number> = {};

	const pair = lifecyclePair('spartoo', 'shopify', {
		seed: async ({ urls, storeCa }) => {
			spaUrl = urls.marketplace;
			spartoo = spartooProbe(spaUrl);
			shopify = shopifyTestClient(urls.store, storeCa!);
			const shop = await shopify.state();
			locationId = shop.locations[0].id;
			const { products } = await shopify.rest<{ products: ShopProduct[] }>(
				'GET',
				'/products.json?limit=250',
			);
			const simple = products
				.filter((product) => product.variants.length === 1)
				.map((product) => product.variants[0])
				.filter(
					(candidate) =>
						candidate.option1 === 'Default Title' &&
						candidate.inventory_management === 'shopify' &&
						shopify.available(shop, candidate.sku) >= 10,
				);
			expect(simple.length).toBeGreaterThanOrEqual(4);
			Object.assign(sku, {
				a: simple[0].sku,
				b: simple[1].sku,
				c: simple[2].sku,
				d: simple[3].sku,
			});
			sized = products.find(
				(product) =>
					product.variants.length > 1 &&
					product.variants.some((candidate) => shopify.available(shop, candidate.sku) >= 2),
			)!;
			variant = sized.variants.find((candidate) => shopify.available(shop, candidate.sku) >= 2)!;
			sku.v = variant.sku;
			for (const product of products)
				for (const candidate of product.variants) price[candidate.sku] = Number(candidate.price);
			for (const of of [sku.a, sku.b, sku.c, sku.d, sku.v])
				expect(price[of], of).toBeGreaterThan(0);
			for (const location of shop.locations)
				await shopify.rest('POST', '/inventory_levels/set.json', {
					location_id: location.id,
					inventory_item_id: simple[2].inventory_item_id,
					available: 0,
				});

			// the shop's catalogue at Spartoo (spartooProductReference `handle`), no orders or returns yet
			await restCall('POST', `${spaUrl}/__admin/reset`, {}, { empty: true });
			await adminSeed(spaUrl, {
				products: products.map((product) =>
					product.variants.length === 1 && product.variants[0].option1 === 'Default Title'
						? { reference: product.variants[0].sku, sizes: [{ quantity: 3 }] }
						: {
								reference: product.handle,
								sizes: product.variants.map((size) => ({
									reference: size.sku,
									size: size.option1,
									quantity: 3,
								})),
							},
				),
			});
			// Spartoo's prices are the shop's (the emulator's would be its own)
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
			expect((await spartoo.order(O1)).lines.map((line) => line.reference)).toContain(sized.handle);
		},
		settings: {
			stockSettleSeconds: 1,
			// the seeded orders are dated on the emulators' faster clock: every one is old enough for the reconciliation
			reconcileMinAgeMinutes: -EMULATED_DAY_MINUTES,
		},
		workflows: ({ copy, credentials }) =>
			spartooTestCopies(copy, { ids: IDS, credential: credentials.spartooApi, againOrderId: O1 }),
		// activation registers the Shopify webhooks
		activate: [IDS.live],
	});

	const settle = async () => await pair.settle(IDS.live);
	const storeOrdersOf = async (orderId: string) =>
		(await shopify.state()).orders.filter(
			(order) => attribute(order, 'spartoo_order_id') === orderId,
		);
	const run = async (workflowId: string) => {
		const execution = await pair.instance.execute(workflowId);
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		return execution;
	};
	const live = async <T,>(what: string, check: () => Promise<T | undefined>) =>
		await waitFor(what, check, 60_000, 1_000).catch(async (error: Error) => {
			throw new Error(`${error.message}\n${await describeExecutions(pair.server, IDS.live, 10)}`);
		});
	const marked = async (orderId: number, name: string) =>
		await live(`the note attribute ${name}`, async () =>
			attribute(await shopify.order(orderId), name) ? true : undefined,
		);
	const setStock = async (inventoryItemId: number, available: number) =>
		await shopify.rest('POST', '/inventory_levels/set.json', {
			location_id: locationId,
			inventory_item_id: inventoryItemId,
			available,
		});

	it('new orders: a fulfillable order is created once in Shopify and accepted at Spartoo (11 -> 2); one out of stock is cancelled (41) with an email', async () => {
		const execution = await run(IDS.orders);
		const accepted = await spartoo.order(O1);
		expect(accepted.status).toBe(2);
		expect(merchantSteps(accepted)).toEqual([2]);
		const orders = await storeOrdersOf(O1);
		expect(orders).toHaveLength(1);
		expect(orders[0].financial_status).toBe('paid');
		expect(attribute(orders[0], 'spartoo_fulfilment')).toBe('merchant');
		expect(orders[0].line_items.map((line) => [line.sku, line.quantity]).sort()).toEqual(
			[
				[sku.a, 2],
				[sku.v, 1],
			].sort(),
		);
		expect(nodeItems(execution.run.data, 'Spartoo: Accept Order')).toHaveLength(1);

		const cancelled = await spartoo.order(O2);
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
		const before = (await shopify.state()).orders.length;
		const calls = await spartoo.calls('xml_maj_orders.php');
		const again = await run(IDS.again);
		expect(nodeItems(again.run.data, 'Only New Orders')).toHaveLength(0);
		expect(Object.keys(again.run.data.resultData.runData)).not.toContain('Shopify: Create Order');
		expect(Object.keys(again.run.data.resultData.runData)).not.toContain('Spartoo: Accept Order');

		const reconcile = await run(IDS.reconcile);
		expect(
			nodeItems(reconcile.run.data, 'Spartoo: Open Orders').map((item) => item.json.orderId),
		).toEqual(expect.arrayContaining([O1, O2]));
		// O1 (2) is in the shop already, O2 (41) is not open
		expect(nodeItems(reconcile.run.data, 'Only New Orders')).toHaveLength(0);
		await settle();
		expect((await shopify.state()).orders.length).toBe(before);
		expect(await spartoo.calls('xml_maj_orders.php')).toBe(calls);
	});

	it('reconciliation: an order the trigger missed, priced at the threshold, is created in Shopify and accepted at Spartoo, once', async () => {
		// the lowest price Koongo's rule accepts: 0.97 x the variant's price, rounded up to the cent
		const lowest = Math.ceil(THRESHOLD * price[sku.b] * 100) / 100;
		expect(lowest).toBeLessThan(price[sku.b]);
		await adminSeed(spaUrl, {
			orders: [{ id: O3, status: 11, lines: [{ sizeReference: sku.b, qty: 1, price: lowest }] }],
		});
		await run(IDS.reconcile);
		const created = await storeOrdersOf(O3);
		expect(created).toHaveLength(1);
		expect(created[0].line_items.map((line) => [line.sku, line.quantity])).toEqual([[sku.b, 1]]);
		expect(merchantSteps(await spartoo.order(O3))).toEqual([2]);
		const second = await run(IDS.reconcile);
		expect(nodeItems(second.run.data, 'Only New Orders')).toHaveLength(0);
		await settle();
		expect(await storeOrdersOf(O3)).toHaveLength(1);
		expect(merchantSteps(await spartoo.order(O3))).toEqual([2]);
	});

	it("shipments: a fulfilment with tracking ships the Spartoo order (3) with that number and the order's transporter, once", async () => {
		const [storeOrder] = await storeOrdersOf(O1);
		const fulfillment = await shopify.fulfil(storeOrder.id, {
			company: 'Colissimo',
			numbers: [TRACKING],
		});
		const shipped = await live('the Spartoo shipment', async () => {
			const order = await spartoo.order(O1);
			return order.status === 3 ? order : undefined;
		});
		expect(shipped.trackingNumber).toBe(TRACKING);
		await marked(storeOrder.id, `spartoo_shipped_${fulfillment.id}`);
		expect(attribute(await shopify.order(storeOrder.id), `spartoo_shipped_${fulfillment.id}`)).toBe(
			`${TRACKING} (${shipped.shippingName})`,
		);
		// the fulfilment's tracking saved again does not ship it again
		await shopify.rest('POST', `/fulfillments/${fulfillment.id}/update_tracking.json`, {
			fulfillment: { tracking_info: { company: 'Colissimo', number: TRACKING } },
		});
		await settle();
		expect(merchantSteps(await spartoo.order(O1))).toEqual([2, 3]);
	});

	it('store cancellations: a Spartoo order cancelled in Shopify is cancelled at Spartoo (41), once', async () => {
		const [storeOrder] = await storeOrdersOf(O3);
		await shopify.rest('POST', `/orders/${storeOrder.id}/cancel.json`, { reason: 'customer' });
		await live('the Spartoo cancellation', async () =>
			(await spartoo.order(O3)).status === 41 ? true : undefined,
		);
		await marked(storeOrder.id, 'spartoo_cancelled');
		await settle();
		expect(merchantSteps(await spartoo.order(O3))).toEqual([2, 41]);
	});

	it('store refunds: a refund of a whole order in Shopify cancels it at Spartoo (Refund > Create: 41 before shipping), once', async () => {
		await adminSeed(spaUrl, {
			orders: [
				{ id: O4, status: 11, lines: [{ sizeReference: sku.d, qty: 1, price: price[sku.d] }] },
			],
		});
		await run(IDS.orders);
		expect(merchantSteps(await spartoo.order(O4))).toEqual([2]);
		const [storeOrder] = await storeOrdersOf(O4);
		const { refund } = await shopify.rest<{ refund: { id: number } }>(
			'POST',
			`/orders/${storeOrder.id}/refunds.json`,
			{
				refund: {
					note: 'the buyer changed their mind',
					refund_line_items: storeOrder.line_items.map((line) => ({
						line_item_id: line.id,
						quantity: line.quantity,
						restock_type: 'no_restock',
					})),
					transactions: [],
				},
			},
		);
		await live('the Spartoo cancellation', async () =>
			(await spartoo.order(O4)).status === 41 ? true : undefined,
		);
		await marked(storeOrder.id, `spartoo_refund_forwarded_${refund.id}`);
		expect(
			attribute(await shopify.order(storeOrder.id), `spartoo_refund_forwarded_${refund.id}`),
		).toBe('cancel');
		await settle();
		expect(merchantSteps(await spartoo.order(O4))).toEqual([2, 41]);
	});

	it('price rule: an order with a line priced below 0.97 x the variant price is not created and not accepted: one email naming the line, it waits (11); the next reconciliation creates and emails nothing', async () => {
		const low = Math.floor(0.8 * price[sku.b] * 100) / 100;
		await adminSeed(spaUrl, {
			orders: [
				{
					id: O5,
					status: 11,
					lines: [
						{ sizeReference: sku.a, qty: 1, price: price[sku.a] },
						{ sizeReference: sku.b, qty: 1, price: low },
					],
				},
			],
		});
		const first = await run(IDS.reconcile);
		expect(nodeItems(first.run.data, 'Only New Orders').map((item) => item.json.orderId)).toEqual([
			O5,
		]);
		expect(await storeOrdersOf(O5)).toHaveLength(0);
		expect((await spartoo.order(O5)).status).toBe(11);
		expect(merchantSteps(await spartoo.order(O5))).toEqual([]);
		const mails = pair.smtp.about(O5, /not accepted automatically/);
		expect(mails).toHaveLength(1);
		const text = mailText(mails[0].data);
		expect(text).toContain(`price ${low} is below 0.97 x finalPrice ${price[sku.b]}`);
		// the line priced well enough is listed, not blamed
		expect(text).toContain(`${sku.a} x 1 at ${price[sku.a]}`);
		expect(text).not.toContain(`(sku ${sku.a}): `);

		const second = await run(IDS.reconcile);
		expect(nodeItems(second.run.data, 'Not Emailed Yet')).toHaveLength(0);
		await settle();
		expect(await storeOrdersOf(O5)).toHaveLength(0);
		expect(merchantSteps(await spartoo.order(O5))).toEqual([]);
		expect(pair.smtp.about(O5)).toHaveLength(1);
	});

	it('returns: a buyer return is accepted at Spartoo (4) and refunded once in Shopify with restock; a second run does nothing twice', async () => {
		await adminSeed(spaUrl, {
			returns: [{ id: R1, orderId: O1, sizeReference: sku.a, status: 2, reason: 'Trop petit' }],
		});
		const [storeOrder] = await storeOrdersOf(O1);
		const stockBefore = shopify.available(await shopify.state(), sku.a);
		await run(IDS.returns);
		const ret = await spartoo.return(R1);
		expect(ret.status).toBe(4);
		expect(merchantSteps(ret)).toEqual([4]);
		const { refunds } = await shopify.order(storeOrder.id);
		expect(refunds).toHaveLength(1);
		expect(refunds[0].note).toBe(`Spartoo return ${R1}`);
		expect(refunds[0].refund_line_items).toEqual([
			expect.objectContaining({ quantity: 1, restock_type: 'return' }),
		]);
		expect(shopify.available(await shopify.state(), sku.a)).toBe(stockBefore + 1);

		const second = await run(IDS.returns);
		expect(Object.keys(second.run.data.resultData.runData)).not.toContain('Spartoo: Accept Return');
		expect((await shopify.order(storeOrder.id)).refunds).toHaveLength(1);
		// the shop refund this lane made is Spartoo's own: the refund lane does not send it back
		await settle();
		expect(merchantSteps(await spartoo.return(R1))).toEqual([4]);
		expect(merchantSteps(await spartoo.order(O1))).toEqual([2, 3]);
	});

	it('stock: an inventory change reaches Spartoo as a size of its product (the handle), and the full stock sync sends every size in a batch', async () => {
		const b = shopify.variants(await shopify.state()).find((v) => v.sku === sku.b)!;
		await setStock(b.inventory_item_id, 7);
		await setStock(variant.inventory_item_id, 5);
		// each inventory webhook sends its item on its own: a simple product as its own size, the variant under its handle
		await live('the simple product at Spartoo', async () =>
			(await spartoo.size(sku.b, sku.b))?.quantity === 7 ? true : undefined,
		);
		await live('the size at Spartoo', async () =>
			(await spartoo.size(sized.handle, sku.v))?.quantity === 5 ? true : undefined,
		);
		await settle();
		// the full sync: every size of the product, from the shop's stock at the location
		const other = sized.variants.find((candidate) => candidate.sku !== sku.v)!;
		const otherStock = (await shopify.state()).inventoryLevels
			.filter(
				(level) =>
					level.inventory_item_id === other.inventory_item_id && level.location_id === locationId,
			)
			.reduce((sum, level) => sum + level.available, 0);
		const batches = await spartoo.calls('xml_maj_stock_batch.php');
		const execution = await run(IDS.stock);
		expect(await spartoo.calls('xml_maj_stock_batch.php')).toBeGreaterThan(batches);
		expect((await spartoo.size(sized.handle, other.sku))?.quantity).toBe(otherStock);
		expect((await spartoo.size(sized.handle, sku.v))?.quantity).toBe(5);
		expect((await spartoo.size(sku.b, sku.b))?.quantity).toBe(7);
		expect(
			everyRunItems(execution, 'Spartoo: Update Stock').find(
				(result) => result.sizeReference === sku.v,
			),
		).toMatchObject({ reference: sized.handle, success: true });
	});
}
