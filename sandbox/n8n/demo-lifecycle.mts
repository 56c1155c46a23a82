/**
 * The lifecycle part of the sandbox demo: a copy of workflows-templates/bol-woocommerce-lifecycle.json, activated in
 * the sandbox's n8n with its real triggers (the Bol polling triggers every minute, the WooCommerce webhooks), then the
 * whole order lifecycle on the emulators' seeded data, one step per lane:
 *
 *   orders (bol -> WooCommerce, or cancelled at bol) -> stock (WooCommerce -> bol) -> shipment (WooCommerce -> bol)
 *   -> return (bol -> handled, WooCommerce refund and restock) -> refund (WooCommerce -> bol cancellation)
 *
 * Each step changes the emulators the way a merchant or a customer would (the store's REST API, a return registered at
 * bol) and waits for the workflow to do its part; the outcome line says what happened at both ends.
 */
import { WOOCOMMERCE_CONSUMER_KEY, WOOCOMMERCE_CONSUMER_SECRET } from '../emulators/index.mts';
import type { DemoContext, DemoStep } from './demo.mts';
import {
	adminSeed,
	adminState,
	isOpenItem,
	readTemplate,
	restCall,
	testCopy,
	wooMetaValue,
	type BolState,
	type WooOrder,
	type WooState,
} from './lifecycle.mts';
import { waitFor } from './timers.mts';

export const DEMO_LIFECYCLE_WORKFLOW_ID = 'sandboxBolWooLive';
const TEMPLATE = 'bol-woocommerce-lifecycle.json';
export const DEMO_NOTIFICATION_EMAIL = 'orders@sandbox.test';

/** The WooCommerce emulator's state, with the webhooks the workflow registered. */
type WooStateWithHooks = WooState & { webhooks: Array<{ topic: string; status: string }> };

const meta = wooMetaValue;
const open = isOpenItem;
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

function url(context: DemoContext, service: string): string {
	const found = context.emulators[service];
	if (!found) throw new Error(`the ${service} emulator is not running`);
	return found;
}

/** The Bol x WooCommerce lifecycle, step by step; the steps share what the earlier ones did. */
export function bolWooLifecycleSteps(): DemoStep[] {
	const run: {
		openAtStart: string[];
		/** bol order id -> its WooCommerce order (merchant-fulfilled only). */
		merchantOrders: Map<string, WooOrder>;
		shipped?: { orderId: string; order: WooOrder };
		ready: boolean;
	} = { openAtStart: [], merchantOrders: new Map(), ready: false };

	const woo = async <T,>(context: DemoContext, method: string, path: string, body?: unknown) =>
		await restCall<T>(
			method,
			`${url(context, 'woocommerce')}/wp-json/wc/v3${path}`,
			{
				authorization: `Basic ${Buffer.from(`${WOOCOMMERCE_CONSUMER_KEY}:${WOOCOMMERCE_CONSUMER_SECRET}`).toString('base64')}`,
			},
			body,
		);
	const bolState = async (context: DemoContext) => await adminState<BolState>(url(context, 'bol'));
	const wooState = async (context: DemoContext) =>
		await adminState<WooStateWithHooks>(url(context, 'woocommerce'));
	const needsActivation = () => {
		if (!run.ready)
			throw new Error(
				'skipped: the lifecycle workflow is not active (see the first lifecycle step)',
			);
	};

	const activate: DemoStep = {
		title:
			'Lifecycle: activate a copy of the Bol.com x WooCommerce template (bol polled every minute, WooCommerce webhooks)',
		async run(context) {
			const credentials: Record<string, { id: string; name: string }> = {};
			for (const type of ['bolRetailerApi', 'wooCommerceApi', 'smtp']) {
				const credential = context.credentials[type];
				if (!credential) throw new Error(`no sandbox credential of type ${type}`);
				credentials[type] = credential;
			}
			const bol = await bolState(context);
			run.openAtStart = bol.orders
				.filter((order) => order.orderItems.some(open))
				.map((order) => order.orderId);
			const everyMinute = { pollTimes: { item: [{ mode: 'everyMinute' }] } };
			const copy = testCopy(await readTemplate(TEMPLATE), {
				id: DEMO_LIFECYCLE_WORKFLOW_ID,
				name: 'Sandbox demo: Bol.com x WooCommerce lifecycle (active)',
				credentials,
				settings: {
					storeUrl: url(context, 'woocommerce'),
					notificationEmail: DEMO_NOTIFICATION_EMAIL,
					notificationFrom: 'n8n@sandbox.test',
				},
				parameters: {
					// the first poll also picks up the orders the emulator was seeded with
					'Bol: New Orders': {
						...everyMinute,
						options: { syncFrom: new Date(Date.now() - 10 * 86_400_000).toISOString() },
					},
					'Bol: New Returns': everyMinute,
				},
			});
			await context.instance.importWorkflows([copy]);
			await context.server.activateWorkflow(DEMO_LIFECYCLE_WORKFLOW_ID);
			const hooks = await waitFor(
				'the WooCommerce webhooks of the workflow',
				async () => {
					const found = (await wooState(context)).webhooks.filter(
						(hook) => hook.status === 'active',
					);
					return found.length >= 2 ? found : undefined;
				},
				60_000,
				500,
			);
			run.ready = true;
			return `"${copy.name}" is active; WooCommerce webhooks: ${hooks.map((hook) => hook.topic).join(', ')}; ${run.openAtStart.length} open bol orders to import`;
		},
	};

	const orders: DemoStep = {
		title:
			'Orders: every open bol order is created once in WooCommerce, or cancelled at bol when the store cannot fulfil it',
		async run(context) {
			needsActivation();
			const started = Date.now();
			const outcome = await waitFor(
				'every open bol order in WooCommerce or cancelled at bol',
				async () => {
					const [store, bol] = [await wooState(context), await bolState(context)];
					const inStore = new Map(
						store.orders
							.filter((order) => meta(order, '_bol_order_id'))
							.map((order) => [String(meta(order, '_bol_order_id')), order]),
					);
					const cancelled = bol.orders.filter(
						(order) =>
							run.openAtStart.includes(order.orderId) &&
							order.orderItems.every((item) => item.quantityCancelled === item.quantity),
					);
					const done = run.openAtStart.every(
						(orderId) =>
							inStore.has(orderId) || cancelled.some((order) => order.orderId === orderId),
					);
					return done ? { inStore, cancelled } : undefined;
				},
				240_000,
				1_000,
			);
			for (const [orderId, order] of outcome.inStore)
				if (meta(order, '_bol_fulfilment') === 'merchant') run.merchantOrders.set(orderId, order);
			const byBol = outcome.inStore.size - run.merchantOrders.size;
			const mailed =
				outcome.cancelled.length === 0
					? []
					: await waitFor(
							'the emails about the orders the store cannot fulfil',
							async () => {
								const found = (context.mail ?? []).filter((mail) =>
									outcome.cancelled.some((order) => mail.subject.includes(order.orderId)),
								);
								return found.length >= outcome.cancelled.length ? found : undefined;
							},
							30_000,
							500,
						);
			return (
				`${outcome.inStore.size} WooCommerce orders in ${seconds(started)} (${run.merchantOrders.size} to ship yourself, ${byBol} fulfilled by bol), ` +
				`${outcome.cancelled.length} cancelled at bol as the store cannot fulfil them (${mailed.length} emails to ${DEMO_NOTIFICATION_EMAIL})`
			);
		},
	};

	const stock: DemoStep = {
		title: 'Stock: a stock change in WooCommerce reaches the bol offer',
		async run(context) {
			needsActivation();
			const [store, bol] = [await wooState(context), await bolState(context)];
			const ordered = new Set(
				bol.orders.flatMap((order) =>
					order.orderItems.filter(open).map((item) => item.offer.reference),
				),
			);
			const product = store.products.find(
				(candidate) =>
					candidate.type === 'simple' &&
					candidate.manage_stock &&
					!ordered.has(candidate.sku) &&
					bol.offers.some(
						(offer) => offer.reference === candidate.sku && offer.fulfilment.method === 'FBR',
					),
			);
			if (!product)
				throw new Error('no WooCommerce product with a merchant offer at bol in the seeded data');
			const quantity = (product.stock_quantity ?? 0) + 7;
			const started = Date.now();
			await woo(context, 'PUT', `/products/${product.id}`, { stock_quantity: quantity });
			await waitFor(
				`the bol offer of ${product.sku} with stock ${quantity}`,
				async () =>
					(await bolState(context)).offers.some(
						(offer) =>
							offer.reference === product.sku &&
							offer.fulfilment.method === 'FBR' &&
							offer.stock.amount === quantity,
					)
						? true
						: undefined,
				90_000,
				1_000,
			);
			return `${product.sku}: stock set to ${quantity} in WooCommerce, the bol offer had it ${seconds(started)} later`;
		},
	};

	const shipment: DemoStep = {
		title:
			'Shipments: a WooCommerce order completed with tracking becomes a bol shipment with the mapped carrier',
		async run(context) {
			needsActivation();
			const bol = await bolState(context);
			const candidate = [...run.merchantOrders].find(([orderId]) =>
				bol.orders.find((order) => order.orderId === orderId)?.orderItems.every(open),
			);
			if (!candidate)
				throw new Error('no open merchant-fulfilled bol order in WooCommerce to ship');
			const [orderId, order] = candidate;
			const started = Date.now();
			await woo(context, 'PUT', `/orders/${order.id}`, {
				status: 'completed',
				meta_data: [
					{
						key: '_wc_shipment_tracking_items',
						value: [
							{
								tracking_provider: 'PostNL',
								tracking_number: '3SSANDBOX000001',
								date_shipped: String(Math.floor(Date.now() / 1000)),
							},
						],
					},
				],
			});
			const shipped = await waitFor(
				`the bol shipment of order ${orderId}`,
				async () =>
					(await bolState(context)).shipments.find((entry) => entry.order.orderId === orderId),
				90_000,
				1_000,
			);
			run.shipped = { orderId, order };
			return `WooCommerce order #${order.id} completed (PostNL 3SSANDBOX000001) -> bol order ${orderId} shipped with ${shipped.transport?.transporterCode ?? '?'} ${shipped.transport?.trackAndTrace ?? ''} in ${seconds(started)}`;
		},
	};

	const returns: DemoStep = {
		title: 'Returns: a bol return is handled at bol, then refunded and restocked in WooCommerce',
		async run(context) {
			needsActivation();
			if (!run.shipped) throw new Error('skipped: no order was shipped in the step before');
			const { orderId, order } = run.shipped;
			const item = (await bolState(context)).orders.find((entry) => entry.orderId === orderId)!
				.orderItems[0];
			const stockOf = async () => {
				const store = await wooState(context);
				return (
					[...store.products, ...store.variations].find(
						(product) => product.sku === item.offer.reference,
					)?.stock_quantity ?? 0
				);
			};
			const stockBefore = await stockOf();
			const started = Date.now();
			// a customer returns one item; the workflow's next poll of "Bol: New Returns" (every minute) picks it up
			await adminSeed(url(context, 'bol'), {
				returns: [{ orderItemId: item.orderItemId, quantity: 1 }],
			});
			const refunded = await waitFor(
				`the WooCommerce refund of the return on order #${order.id}`,
				async () => {
					const current = await woo<WooOrder>(context, 'GET', `/orders/${order.id}`);
					return current.refunds.length > 0 ? current.refunds[0] : undefined;
				},
				150_000,
				2_000,
			);
			const handled = (await bolState(context)).returns
				.flatMap((entry) => entry.returnItems)
				.find((entry) => entry.orderId === orderId);
			const stockAfter = await stockOf();
			if (stockAfter !== stockBefore + 1)
				throw new Error(
					`refunded, but the stock of ${item.offer.reference} went from ${stockBefore} to ${stockAfter}, not back up by 1`,
				);
			return (
				`return ${handled?.rmaId ?? '?'} of bol order ${orderId}: handled at bol (${handled?.processingResults?.at(-1)?.handlingResult ?? '?'}), ` +
				`WooCommerce refund ${Math.abs(Number(refunded.total)).toFixed(2)} ("${refunded.reason}"), stock of ${item.offer.reference} ${stockBefore} -> ${stockAfter}; ` +
				`${seconds(started)} after the customer returned it (bol is polled every minute)`
			);
		},
	};

	const refund: DemoStep = {
		title:
			'Refunds: a WooCommerce refund of an unshipped bol order cancels the refunded item at bol',
		async run(context) {
			needsActivation();
			const bol = await bolState(context);
			const candidate = [...run.merchantOrders].find(
				([orderId]) =>
					orderId !== run.shipped?.orderId &&
					bol.orders.find((order) => order.orderId === orderId)?.orderItems.every(open),
			);
			if (!candidate)
				throw new Error('no other open merchant-fulfilled bol order in WooCommerce to refund');
			const [orderId, order] = candidate;
			const line = order.line_items[0];
			const started = Date.now();
			await woo(context, 'POST', `/orders/${order.id}/refunds`, {
				amount: line.total,
				reason: 'customer changed their mind (sandbox demo)',
				api_refund: false,
				line_items: [{ id: line.id, quantity: line.quantity, refund_total: line.total }],
			});
			await waitFor(
				`the bol cancellation of ${line.sku} in order ${orderId}`,
				async () => {
					const item = (await bolState(context)).orders
						.find((entry) => entry.orderId === orderId)
						?.orderItems.find((entry) => entry.offer.reference === line.sku);
					return item && item.quantityCancelled === item.quantity ? true : undefined;
				},
				90_000,
				1_000,
			);
			return `WooCommerce refund of ${line.quantity} x ${line.sku} (${line.total}) on order #${order.id} -> cancelled at bol (order ${orderId}) in ${seconds(started)}`;
		},
	};

	return [activate, orders, stock, shipment, returns, refund];
}
