/**
 * The Amazon side of the Amazon lifecycle cases (test/e2e/lifecycle/cases/amazon-*.mts), whatever the store: the
 * orders they seed in the Amazon emulator, and the test copies of a template.
 */
import { expect } from 'vitest';

import {
	nodeItems,
	waitFor,
	type CliExecution,
	type WorkflowJson,
} from '../../sandbox/n8n/index.mts';
import {
	adminSeed,
	adminState,
	restCall,
	type SmtpSink,
	NEVER_SCHEDULE,
	MANUAL_SCHEDULE_START,
} from './lifecycle-support.mts';
import {
	amazonTime,
	importable,
	newAmazonOrder,
	type AmazonListing,
	type AmazonOrder,
	type AmazonState,
} from './states.mts';
import type { LifecyclePair } from './lifecycle/pair.mts';

/** Amazon.nl: the marketplace of the seeded orders and of the listings the stock lanes update. */
export const NL = 'A1805IZSGTT6HS';

/** The merchant-fulfilled (MFN) quantity of a seller SKU's Amazon.nl listing (undefined: no listing, or Amazon-fulfilled only). */
export const mfnQuantity = (state: Pick<AmazonState, 'listings'>, sku: string) =>
	state.listings
		.find((listing) => listing.sku === sku && listing.marketplaceId === NL)
		?.fulfillmentAvailability.find((entry) => entry.fulfillmentChannelCode === 'DEFAULT')?.quantity;

export interface AmazonScenario {
	/** The merchant-fulfilled order (2 units) of a product the store has no stock of. */
	unfulfillable: { orderId: string; sku: string };
	/** The order Amazon fulfils (FBA, 1 unit, shipped). */
	fba: { orderId: string; sku: string };
	/** Every order the template is expected to import: created since `syncFrom`, paid and unshipped, or shipped by Amazon. */
	expected: AmazonOrder[];
	/** Epoch ms: 10 days ago, the "Sync From" of the new-order trigger. */
	syncFrom: number;
}

/** What the store side of a test chooses, given the Amazon catalogue. */
export interface ScenarioTools {
	amazon: AmazonState;
	/** The Amazon.nl listing of a seller SKU with this fulfilment channel (`DEFAULT`: merchant, `AMAZON_EU`: FBA). */
	listing: (sku: string, channel: 'DEFAULT' | 'AMAZON_EU') => AmazonListing | undefined;
	/** Seller SKUs in open (unshipped or pending) Amazon orders: the lanes move their store stock. */
	ordered: Set<string>;
}

/**
 * Prepares the Amazon emulator for a lifecycle test: an access token lives a real hour (at the tests' time scale an
 * emulated hour is a real minute, and n8n would refresh it in every execution; this keeps the test about the
 * template), and two orders are seeded after a seeded merchant order's shape, placed 10 minutes ago: one the store
 * cannot fulfil and one Amazon fulfils. `pick` chooses their SKUs (and empties the first one's store stock).
 */
export async function seedAmazonScenario(
	amazonUrl: string,
	pick: (tools: ScenarioTools) => Promise<{ unfulfillableSku: string; fbaSku: string }>,
): Promise<AmazonScenario> {
	await restCall('PATCH', `${amazonUrl}/__admin/config`, {}, { tokenLifetimeSeconds: 3600 * 60 });
	const amazon = await adminState<AmazonState>(amazonUrl);
	const listing = (sku: string, channel: string) =>
		amazon.listings.find(
			(candidate) =>
				candidate.sku === sku &&
				candidate.marketplaceId === NL &&
				candidate.fulfillmentAvailability.some((entry) => entry.fulfillmentChannelCode === channel),
		);
	const ordered = new Set(
		amazon.orders
			.filter((order) => ['UNSHIPPED', 'PENDING'].includes(order.fulfillment.fulfillmentStatus))
			.flatMap((order) => order.orderItems.map((item) => item.product.sellerSku)),
	);
	const { unfulfillableSku, fbaSku } = await pick({ amazon, listing, ordered });
	const shape = amazon.orders.find(
		(order) =>
			order.fulfillment.fulfilledBy === 'MERCHANT' &&
			order.fulfillment.fulfillmentStatus === 'UNSHIPPED' &&
			order.salesChannel.marketplaceId === NL,
	)!;
	const line = (sku: string, quantity: number) => {
		const found = amazon.listings.find(
			(candidate) => candidate.sku === sku && candidate.marketplaceId === NL,
		)!;
		return {
			sku,
			asin: found.summaries[0].asin,
			title: found.summaries[0].itemName,
			quantity,
			unitPrice: 23.45,
		};
	};
	const unfulfillable = { orderId: '305-0000001-0000001', sku: unfulfillableSku };
	const fba = { orderId: '305-0000002-0000002', sku: fbaSku };
	await adminSeed(amazonUrl, {
		orders: [
			newAmazonOrder(shape, unfulfillable.orderId, line(unfulfillableSku, 2), 'MERCHANT'),
			newAmazonOrder(shape, fba.orderId, line(fbaSku, 1), 'AMAZON'),
		],
	});
	const syncFrom = Date.now() - 10 * 86_400_000;
	const expected = (await adminState<AmazonState>(amazonUrl)).orders.filter(
		(order) => Date.parse(order.createdTime) >= syncFrom && importable(order),
	);
	return { unfulfillable, fba, expected, syncFrom };
}

const STORE_RECONCILE = 'Every Hour: Reconcile Store Orders';

/**
 * The test copies of an Amazon lifecycle template (`pair.copy`, so named "e2e: Amazon x <store> (...)"): `live` with
 * its real triggers (the new-order trigger polling every minute from `syncFrom`, plus `liveParameters`), `manual` (the
 * orders lane again, started by hand: the second run), `returns` (the hourly returns report, started by hand) and,
 * when the template has one, `fullSync` (the hourly full stock sync, started by hand) and `reconcile` (the hourly
 * order reconciliation, started by hand). Schedules cannot fire in a test.
 */
export function amazonTestCopies(
	pair: Pick<LifecyclePair, 'copy' | 'template' | 'credentials'>,
	options: {
		syncFrom: number;
		ids: { live: string; manual: string; returns: string; fullSync?: string; reconcile?: string };
		liveParameters?: Record<string, Record<string, unknown>>;
	},
): WorkflowJson[] {
	const { copy, template, credentials } = pair;
	const { syncFrom, ids } = options;
	const copies = [
		copy(ids.live, 'live triggers', {
			parameters: {
				'Amazon: New Orders': {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					options: { includePii: true, syncFrom: new Date(syncFrom).toISOString() },
				},
				// the hourly reconciliation runs from a manual start only (`reconcile`): at the top of the hour it would
				// repair an order a test leaves for it before the test runs it
				...(ids.reconcile ? { 'Every Hour: Reconcile Orders': NEVER_SCHEDULE } : {}),
				// the store-side reconciliation (WooCommerce, Shopify) runs from a test's manual start only
				...(template.nodes.some((node) => node.name === STORE_RECONCILE)
					? { [STORE_RECONCILE]: NEVER_SCHEDULE }
					: {}),
				...options.liveParameters,
			},
		}),
		copy(ids.manual, 'orders again, manual start', {
			manualStart: {
				'Amazon: New Orders': {
					type: 'n8n-nodes-marketplace-sync.amazonSellingPartner',
					typeVersion: 1,
					parameters: {
						resource: 'order',
						operation: 'getAll',
						filterBy: 'created',
						after: new Date(syncFrom).toISOString(),
						returnAll: true,
						filters: {},
						options: { includePii: true },
					},
					credentials: { amazonSellingPartnerApi: credentials.amazonSellingPartnerApi },
				},
			},
		}),
		copy(ids.returns, 'returns report, manual start', {
			manualStart: { 'Every Hour: Amazon Returns': MANUAL_SCHEDULE_START },
		}),
	];
	if (ids.reconcile)
		copies.push(
			copy(ids.reconcile, 'order reconciliation, manual start', {
				manualStart: { 'Every Hour: Reconcile Orders': MANUAL_SCHEDULE_START },
			}),
		);
	if (ids.fullSync)
		copies.push(
			copy(ids.fullSync, 'full stock sync, manual start', {
				manualStart: { 'Every Hour: Full Stock Sync': MANUAL_SCHEDULE_START },
			}),
		);
	return copies;
}

/**
 * What a user sees of an order the store cannot fulfil: it is cancelled at Amazon with `reason` (every item), and one
 * email to `notify` names the order, the SKU and the reason. (The caller checks that the store has no such order.)
 */
export async function expectUnfulfillableCancelled(options: {
	amazonUrl: string;
	smtp: SmtpSink;
	unfulfillable: { orderId: string; sku: string };
	notify: string;
	reason: string;
}): Promise<void> {
	const { amazonUrl, smtp, unfulfillable, notify, reason } = options;
	const order = await waitFor(
		'the unfulfillable order to be cancelled at Amazon',
		async () => {
			const found = (await adminState<AmazonState>(amazonUrl)).orders.find(
				(candidate) => candidate.orderId === unfulfillable.orderId,
			)!;
			return found.fulfillment.fulfillmentStatus === 'CANCELLED' ? found : undefined;
		},
		60_000,
		1_000,
	);
	expect(order.emulator.cancellations).toEqual(
		order.orderItems.map((item) =>
			expect.objectContaining({ orderItemId: item.orderItemId, reason }),
		),
	);
	const mails = () => smtp.about(unfulfillable.orderId, /cannot be fulfilled/);
	const mail = await waitFor('the notification', async () => mails().at(0), 30_000);
	expect(mails()).toHaveLength(1);
	expect(mail.to).toEqual([notify]);
	expect(mail.data).toContain(unfulfillable.sku);
	expect(mail.data).toContain(reason);
}

/**
 * An order the new-order trigger never emits: a merchant-fulfilled, unshipped Amazon.nl order of one unit of `sku` at
 * 19.99, placed and last changed a day ago but seeded now, behind the trigger's window, which has moved past that day
 * for good (what an order of a failed intake execution looks like to the trigger). `shapes`: the scenario's orders
 * (an unshipped merchant-fulfilled one gives the shape). Returns its order id.
 */
export async function seedMissedAmazonOrder(
	amazonUrl: string,
	shapes: AmazonOrder[],
	sku: string,
	orderId = '305-0000003-0000003',
): Promise<string> {
	const amazon = await adminState<AmazonState>(amazonUrl);
	const listing = amazon.listings.find(
		(candidate) => candidate.sku === sku && candidate.marketplaceId === NL,
	)!;
	const shape = shapes.find(
		(order) =>
			order.fulfillment.fulfilledBy === 'MERCHANT' &&
			order.fulfillment.fulfillmentStatus === 'UNSHIPPED' &&
			order.salesChannel.marketplaceId === NL,
	)!;
	const at = amazonTime(Date.now() - 86_400_000);
	await adminSeed(amazonUrl, {
		orders: [
			{
				...newAmazonOrder(
					shape,
					orderId,
					{
						sku,
						asin: listing.summaries[0].asin,
						title: listing.summaries[0].itemName,
						quantity: 1,
						unitPrice: 19.99,
					},
					'MERCHANT',
				),
				createdTime: at,
				lastUpdatedTime: at,
			},
		],
	});
	return orderId;
}

/**
 * The reconciliation copy (`run`) started twice over a missed order: the first run finds it among Amazon's unshipped
 * orders and lets only it through "Only New Orders" (every other merchant-fulfilled order is in the store already),
 * and the store has it once (`inStore`: how many store orders carry the Amazon id); the second run finds it again, in
 * the store now, and creates nothing (`storeOrders`: how many orders the store has).
 */
export async function expectReconciledOnce(options: {
	run: () => Promise<CliExecution>;
	orderId: string;
	inStore: () => Promise<number>;
	storeOrders: () => Promise<number>;
	settle: () => Promise<unknown>;
}): Promise<void> {
	const { run, orderId, inStore, storeOrders, settle } = options;
	expect(await inStore()).toBe(0);
	const merchant = (execution: CliExecution) =>
		nodeItems(execution.run.data, 'Only New Orders')
			.map((item) => item.json as { orderId: string; fulfilment: string })
			.filter((order) => order.fulfilment !== 'marketplace')
			.map((order) => order.orderId);
	const listed = (execution: CliExecution) =>
		nodeItems(execution.run.data, 'Amazon: Unshipped Orders').map((item) => item.json.orderId);

	const first = await run();
	expect(first.error).toBeUndefined();
	expect(first.status).toBe('success');
	expect(listed(first)).toContain(orderId);
	expect(merchant(first)).toEqual([orderId]);
	expect(await inStore()).toBe(1);

	const before = await storeOrders();
	const second = await run();
	expect(second.error).toBeUndefined();
	expect(second.status).toBe('success');
	expect(listed(second)).toContain(orderId);
	expect(merchant(second)).toEqual([]);
	await settle();
	// and the live trigger never emitted it
	expect(await inStore()).toBe(1);
	expect(await storeOrders()).toBe(before);
}
