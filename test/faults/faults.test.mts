/**
 * The adversarial fault suite (issue "Nothing lost, nothing twice"): the real node and trigger code, driven through
 * their parameters with the fake n8n context, against the in-process Bol and Amazon emulators with injected faults.
 * Every scenario measures what a user would see (orders lost, emitted or accepted twice, secrets leaked, intakes
 * stalled, results that contradict the marketplace) and asserts all of it is 0. The figures of every scenario are
 * printed as a table at the end, followed by one line:
 * `faults: <n> scenarios, <lost> lost, <duplicated> duplicated, <leaked> leaked, <stalls> stalls`.
 *
 * `MPS_FULL_SIZE=1` runs the full sizes (more items per run, more overlapping polls).
 */
import type { IDataObject } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';

import { sandboxExamples } from '../../sandbox/emulators/amazon/spec.mts';
import { installEmulatorClock } from '../helpers/clock.mts';
import {
	FULL,
	accepted,
	amazonAdmin,
	bolAdmin,
	bounded,
	countLeaks,
	env,
	errorText,
	excess,
	pollAmazon,
	pollBol,
	requests,
	runAmazon,
	runBol,
	secretsOf,
	startFaultEmulators,
	type Json,
	type RunResult,
} from './harness.mts';
import { reportAtEnd, scenario, type Figures } from './report.mts';

const NL = 'A1805IZSGTT6HS';
let restoreClock: () => void = () => undefined;

beforeAll(async () => {
	await startFaultEmulators();
}, 60_000);
afterAll(async () => {
	await env.emulators?.stop();
});
beforeEach(async () => {
	await bolAdmin('POST', 'reset', {});
	await amazonAdmin('POST', 'reset', {});
	// the node's waits (backoff, pacing, settling) move the emulated clock: minutes of marketplace time take no time
	({ restore: restoreClock } = installEmulatorClock(env.emulators.clock));
});
afterEach(() => restoreClock());
reportAtEnd();

const advance = (seconds: number) => bolAdmin('POST', 'clock', { advanceSeconds: seconds });
const bolState = async () => (await bolAdmin('GET', 'state')).state as Json;
const amazonState = async () => (await amazonAdmin('GET', 'state')).state as Json;
const open = (item: Json) => item.quantity - item.quantityShipped - item.quantityCancelled;

/** New single-line FBR orders (retailer ships), placed now. */
async function bolFreshOrders(count: number): Promise<Json[]> {
	const offers = ((await bolState()).offers as Json[]).filter(
		(o) => o.fulfilment?.method !== 'FBB',
	);
	await bolAdmin('POST', 'seed', {
		orders: Array.from({ length: count }, (_, i) => ({
			orderItems: [
				{
					ean: offers[i % offers.length].ean,
					quantity: 1,
					fulfilmentMethod: 'FBR',
					distributionParty: 'RETAILER',
				},
			],
		})),
	});
	return ((await bolState()).orders as Json[]).slice(-count);
}

const shipParameters = (orderId: string | ((i: number) => string), options: Json = {}) => ({
	resource: 'shipment',
	operation: 'create',
	orderId,
	itemsMode: 'allOpen',
	carrier: 'PostNL',
	trackAndTrace: '3SBOL0987654321',
	shipmentReference: 'STORE-42',
	options,
});

const shipmentKeys = (log: Json[]) =>
	accepted(log, 'POST', /^\/retailer\/shipments$/).flatMap((r) =>
		((r.body?.orderItems ?? []) as Json[]).map((line) => String(line.orderItemId)),
	);

async function shippedInState(orderId: string): Promise<boolean> {
	const order = ((await bolState()).orders as Json[]).find((o) => o.orderId === orderId);
	return (order?.orderItems as Json[] | undefined)?.some((i) => i.quantityShipped > 0) ?? false;
}

function note(f: Figures, label: string, run: RunResult): void {
	if (run.error) f.notes.push(`${label}: ${errorText(run.error).slice(0, 140)}`);
	else
		f.notes.push(
			`${label}: ${run.items.map((i) => i.status ?? (i.error ? 'error' : '?')).join(',')}`,
		);
}

function merchantOrders(orders: Json[], status = 'UNSHIPPED'): Json[] {
	return orders.filter(
		(o) =>
			o.fulfillment?.fulfillmentStatus === status &&
			o.fulfillment?.fulfilledBy === 'MERCHANT' &&
			o.salesChannel?.marketplaceId !== undefined,
	);
}

/** `count` Amazon orders (the models' example order) placed evenly between `from` and `to` (emulated ms). */
function amazonOrders(count: number, from: number, to: number, series: number): Json[] {
	const template = sandboxExamples(
		'orders_2026-01-01.json',
		'/orders/2026-01-01/orders/{orderId}',
		'get',
		'200',
	)[0].response as Json;
	const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
	return Array.from({ length: count }, (_, i) => {
		const n = series * 100_000 + i;
		const placed = stamp(from + Math.floor(((to - from) * (i + 1)) / (count + 1)));
		return {
			...template.order,
			orderId: `305-${String(1_000_000 + n).padStart(7, '0')}-${String(2_000_000 + n).padStart(7, '0')}`,
			createdTime: placed,
			lastUpdatedTime: placed,
			salesChannel: { channelName: 'AMAZON', marketplaceId: NL, marketplaceName: 'Amazon.nl' },
			orderItems: (template.order.orderItems as Json[]).map((item, j) => ({
				...item,
				orderItemId: String(10_000_000_000 + n * 10 + j),
			})),
		};
	});
}

async function seedAmazonOrders(orders: Json[]): Promise<void> {
	for (let i = 0; i < orders.length; i += 400)
		await amazonAdmin('POST', 'seed', { orders: orders.slice(i, i + 400) });
}

describe('Bol: requests processed but answered with a fault', () => {
	scenario('bol shipment processed, response dropped', async (f) => {
		const [order] = await bolFreshOrders(1);
		await bolAdmin('POST', 'faults', {
			kind: 'drop',
			phase: 'after',
			method: 'POST',
			path: '/retailer/shipments',
		});
		const run = await runBol(shipParameters(order.orderId));
		await advance(60);
		f.duplicated = excess(shipmentKeys(await requests(env.bol)));
		const item = run.items[0];
		if (!run.error && !item) f.lost++;
		if (item?.status === 'shipped' && !(await shippedInState(order.orderId))) f.misreported++;
		note(f, 'ship', run);
	});

	scenario(
		'bol shipment and cancellation re-run (Retry On Fail) after a lost answer',
		async (f) => {
			// n8n's Retry On Fail runs the node again with the same input 1 s after it failed: bol may still be
			// processing the first request (its process status PENDING), the order item still looks open
			const [toShip, toCancel] = await bolFreshOrders(2);
			await bolAdmin('POST', 'faults', {
				faults: [
					{ kind: 'drop', phase: 'after', method: 'POST', path: '/retailer/shipments' },
					{
						kind: 'server-error',
						phase: 'after',
						status: 502,
						method: 'PUT',
						path: '/retailer/orders/cancellation',
					},
				],
			});
			const cancelParameters = {
				resource: 'order',
				operation: 'cancel',
				orderId: toCancel.orderId,
				orderItemIds: String(toCancel.orderItems[0].orderItemId),
				reasonCode: 'OUT_OF_STOCK',
				options: {},
			};
			for (const [label, parameters] of [
				['ship', shipParameters(toShip.orderId)],
				['cancel', cancelParameters],
			] as const) {
				const first = await runBol(parameters);
				if (first.error) {
					await advance(1);
					const retry = await runBol(parameters);
					note(f, `${label} retry`, retry);
					// the retried run waits for the first request instead of sending it again, and says so
					const item = retry.items[0];
					if (
						retry.error ||
						item?.status !== (label === 'ship' ? 'shipped' : 'cancelled') ||
						item.adoptedProcessStatus !== true
					)
						f.misreported++;
				} else note(f, label, first);
			}
			await advance(60);
			const log = await requests(env.bol);
			const cancellations = accepted(log, 'PUT', /^\/retailer\/orders\/cancellation$/).flatMap(
				(r) => ((r.body?.orderItems ?? []) as Json[]).map((l) => String(l.orderItemId)),
			);
			f.duplicated = excess(shipmentKeys(log)) + excess(cancellations);
		},
	);

	scenario(
		'bol label bought, response dropped; the re-run (Retry On Fail) takes it over',
		async (f) => {
			// money moves: bol charges the label the first request bought, even though its answer never arrived
			const [order] = await bolFreshOrders(1);
			await bolAdmin('POST', 'faults', {
				kind: 'drop',
				phase: 'after',
				method: 'POST',
				path: '/retailer/shipping-labels',
			});
			const parameters = {
				resource: 'shippingLabel',
				operation: 'create',
				orderId: order.orderId,
				itemsMode: 'allOpen',
				labelChoice: 'recommended',
				options: {},
			};
			const first = await runBol(parameters);
			note(f, 'label', first);
			let reported: Json | undefined = first.items[0];
			if (first.error) {
				await advance(1);
				const retry = await runBol(parameters);
				note(f, 'label retry', retry);
				reported = retry.items[0];
				if (retry.error || reported?.adoptedProcessStatus !== true) f.misreported++;
			}
			await advance(60);
			const labels = ((await bolState()).labels as Json[]).filter(
				(l) => l.orderId === order.orderId,
			);
			f.duplicated = Math.max(0, labels.length - 1);
			if (labels.length === 0) f.lost++;
			// what the node reports is the label bol holds
			if (reported?.status === 'created' && reported.shippingLabelId !== labels[0]?.shippingLabelId)
				f.misreported++;
		},
	);

	scenario('bol cancellation and return handling processed, then 500', async (f) => {
		const [order] = await bolFreshOrders(1);
		const line = order.orderItems[0];
		await bolAdmin('POST', 'faults', {
			kind: 'server-error',
			phase: 'after',
			method: 'PUT',
			path: '/retailer/orders/cancellation',
		});
		const cancel = await runBol({
			resource: 'order',
			operation: 'cancel',
			orderId: order.orderId,
			orderItemIds: String(line.orderItemId),
			reasonCode: 'OUT_OF_STOCK',
			options: {},
		});
		note(f, 'cancel', cancel);

		// a shipped FBR item the customer sends back
		const offer = ((await bolState()).offers as Json[]).find((o) => o.fulfilment?.method !== 'FBB');
		await bolAdmin('POST', 'seed', {
			orders: [
				{
					orderItems: [
						{
							ean: offer!.ean,
							quantity: 1,
							quantityShipped: 1,
							fulfilmentMethod: 'FBR',
							distributionParty: 'RETAILER',
						},
					],
				},
			],
		});
		const shipped = ((await bolState()).orders as Json[]).at(-1)!;
		await bolAdmin('POST', 'seed', {
			returns: [{ orderItemId: shipped.orderItems[0].orderItemId }],
		});
		const rma = ((await bolState()).returns as Json[])
			.filter((r) => r.fulfilmentMethod === 'FBR')
			.flatMap((r) => r.returnItems as Json[])
			.find((i) => i.handled === false && i.orderId === shipped.orderId);
		if (!rma) throw new Error('could not seed an unhandled FBR return');
		await bolAdmin('POST', 'faults', {
			kind: 'server-error',
			phase: 'after',
			method: 'PUT',
			path: '/retailer/returns/*',
		});
		const handle = await runBol({
			resource: 'return',
			operation: 'handle',
			rmaId: String(rma.rmaId),
			handlingResult: 'RETURN_RECEIVED',
			quantityReturned: rma.expectedQuantity ?? 1,
			options: {},
		});
		note(f, 'handle', handle);
		await advance(60);
		const log = await requests(env.bol);
		const cancellations = accepted(log, 'PUT', /^\/retailer\/orders\/cancellation$/).flatMap((r) =>
			((r.body?.orderItems ?? []) as Json[]).map((l) => String(l.orderItemId)),
		);
		const handlings = accepted(log, 'PUT', /^\/retailer\/returns\/[^/]+$/).map((r) => r.path);
		f.duplicated = excess(cancellations) + excess(handlings);
		for (const run of [cancel, handle]) if (!run.error && run.items.length === 0) f.lost++;
	});

	scenario(
		'bol process-status poll fails (500, dropped, then down) with Continue On Fail',
		async (f) => {
			const size = FULL ? 12 : 3;
			// transient: one 500 and one dropped answer on the status calls, then they work
			const transient = await bolFreshOrders(size);
			await bolAdmin('POST', 'faults', {
				faults: [
					{ kind: 'server-error', path: '/shared/process-status', count: 1 },
					{ kind: 'drop', path: '/shared/process-status', count: 1 },
					{ kind: 'server-error', path: '/shared/process-status/*', count: 1 },
					{ kind: 'drop', path: '/shared/process-status/*', count: 1 },
				],
			});
			const first = await runBol(
				shipParameters((i) => transient[i].orderId),
				{
					items: transient.map(() => ({ json: {} })),
					continueOnFail: true,
				},
			);
			note(f, 'transient', first);
			if (first.error) f.lost += size;
			else f.lost += Math.max(0, size - first.items.length);
			for (const [i, item] of first.items.entries()) {
				if (item.status === 'shipped' && !(await shippedInState(transient[i].orderId)))
					f.misreported++;
			}

			// down: every status call fails; each item must still come back (result or error with its status id)
			await bolAdmin('DELETE', 'faults');
			const down = await bolFreshOrders(size);
			await bolAdmin('POST', 'faults', {
				faults: [
					{ kind: 'server-error', status: 503, path: '/shared/process-status', count: 1000 },
					{ kind: 'server-error', status: 503, path: '/shared/process-status/*', count: 1000 },
				],
			});
			const second = await runBol(
				{ ...shipParameters((i) => down[i].orderId), requestOptions: { maxWaitSeconds: 60 } },
				{ items: down.map(() => ({ json: {} })), continueOnFail: true },
			);
			note(f, 'down', second);
			if (second.error) f.lost += size;
			else f.lost += Math.max(0, size - second.items.length);
			const withoutId = second.items.filter(
				(item) => !/\d{6,}/.test(JSON.stringify(item.processStatusId ?? item)),
			).length;
			if (withoutId > 0) f.notes.push(`${withoutId} item(s) without their process status id`);
			f.misreported += second.items.filter((i) => i.status === 'shipped').length;
			await bolAdmin('DELETE', 'faults');
			await advance(60);
			f.duplicated = excess(shipmentKeys(await requests(env.bol)));
		},
	);
});

describe('Settlement that outlasts the wait', () => {
	scenario('bol process status stays PENDING past the processing timeout', async (f) => {
		const [order] = await bolFreshOrders(1);
		await bolAdmin('PATCH', 'config', { processDelaySeconds: 100_000 });
		const run = await runBol(shipParameters(order.orderId, { processingTimeout: 5 }));
		note(f, 'ship', run);
		const item = run.items[0];
		if (run.error) f.misreported++;
		else if (!item) f.lost++;
		else if (item.status !== 'pending') f.misreported++;
		f.duplicated = excess(shipmentKeys(await requests(env.bol)));
	});

	scenario('amazon feed IN_PROGRESS past the processing timeout', async (f) => {
		const target = merchantOrders((await amazonState()).orders as Json[])[0];
		await amazonAdmin('PATCH', 'config', { feedProcessingSeconds: 100_000 });
		const run = await runAmazon({
			resource: 'order',
			operation: 'cancel',
			orderId: target.orderId,
			orderItemIds: '',
			reason: 'NoInventory',
			options: { processingTimeout: 30 },
		});
		note(f, 'cancel', run);
		const item = run.items[0];
		if (run.error) f.misreported++;
		else if (!item) f.lost++;
		else {
			if (item.status === 'cancelled') f.misreported++;
			if (!item.feed?.feedId && !item.feedId) {
				f.misreported++;
				f.notes.push('no feed id in the result');
			}
		}
		const feeds = accepted(
			await requests(env.amazon),
			'POST',
			/^\/feeds\/2021-06-30\/feeds$/,
		).length;
		f.duplicated = Math.max(0, feeds - 1);
	});
});

describe('Secrets in error bodies', () => {
	scenario('gateway echoes request headers into Bol and Amazon errors', async (f) => {
		const found: string[] = [];
		const order = ((await bolState()).orders as Json[])[0];
		await bolAdmin('POST', 'faults', {
			kind: 'echo',
			method: 'GET',
			path: '/retailer/orders/*',
			count: 100,
		});
		for (const continueOnFail of [false, true]) {
			const run = await runBol(
				{ resource: 'order', operation: 'get', orderId: order.orderId, options: {} },
				{ continueOnFail },
			);
			const leaks = countLeaks(secretsOf(run.fake), { items: run.items, errors: [run.error] });
			found.push(...leaks.found.map((s) => `bol:${s}`));
		}
		const amazonOrder = ((await amazonState()).orders as Json[])[0];
		await amazonAdmin('POST', 'faults', {
			kind: 'echo',
			method: 'GET',
			path: '/orders/**',
			count: 100,
		});
		for (const continueOnFail of [false, true]) {
			const run = await runAmazon(
				{ resource: 'order', operation: 'get', orderId: amazonOrder.orderId, options: {} },
				{ continueOnFail },
			);
			const leaks = countLeaks(secretsOf(run.fake), { items: run.items, errors: [run.error] });
			found.push(...leaks.found.map((s) => `amazon:${s}`));
		}
		// a write the gateway let through (processed), whose answer it replaced by the echo
		await bolAdmin('DELETE', 'faults');
		const [fresh] = await bolFreshOrders(1);
		await bolAdmin('POST', 'faults', {
			kind: 'echo',
			phase: 'after',
			method: 'POST',
			path: '/retailer/shipments',
		});
		const ship = await runBol(shipParameters(fresh.orderId), { continueOnFail: true });
		note(f, 'ship', ship);
		found.push(
			...countLeaks(secretsOf(ship.fake), { items: ship.items, errors: [ship.error] }).found.map(
				(s) => `bol-ship:${s}`,
			),
		);
		await advance(60);
		f.duplicated = excess(shipmentKeys(await requests(env.bol)));
		f.leaked = new Set(found).size;
		if (found.length) f.notes.push(`found ${[...new Set(found)].join(', ')}`);
	});

	scenario('S3 error with the pre-signed URL on feed document upload and download', async (f) => {
		const found: string[] = [];
		const orders = merchantOrders((await amazonState()).orders as Json[]);
		const cases: Array<[string, string, boolean]> = [
			['PUT', 'upload', false],
			['PUT', 'upload', true],
			['GET', 'download', false],
			['GET', 'download', true],
		];
		for (const [index, [method, label, continueOnFail]] of cases.entries()) {
			await amazonAdmin('DELETE', 'faults');
			await amazonAdmin('POST', 'faults', {
				kind: 's3-error',
				method,
				path: '/s3/**',
				count: 100,
			});
			const run = await runAmazon(
				{
					resource: 'order',
					operation: 'cancel',
					orderId: orders[index].orderId,
					orderItemIds: '',
					reason: 'NoInventory',
					options: {},
				},
				{ continueOnFail },
			);
			const s3Calls = run.fake.http.filter((e) => e.url.includes('/s3/')).length;
			if (s3Calls === 0) f.notes.push(`${label}: no S3 call`);
			const leaks = countLeaks(secretsOf(run.fake), { items: run.items, errors: [run.error] });
			found.push(...leaks.found.map((s) => `${label}:${s}`));
		}
		f.leaked = new Set(found).size;
		if (found.length) f.notes.push(`found ${[...new Set(found)].join(', ')}`);
	});
});

describe('Tokens and connections', () => {
	scenario('amazon token revoked and expired between items', async (f) => {
		const size = FULL ? 30 : 8;
		const orders = ((await amazonState()).orders as Json[]).slice(0, size);
		await amazonAdmin('POST', 'faults', {
			faults: [
				{ kind: 'token-revoked', path: '/orders/**', after: 2, count: 1 },
				{ kind: 'token-expired', path: '/orders/**', after: 5, count: 1 },
			],
		});
		await amazonAdmin('PATCH', 'config', { tokenLifetimeSeconds: 120 });
		const run = await runAmazon(
			{
				resource: 'order',
				operation: 'get',
				orderId: (i: number) => orders[i].orderId,
				options: {},
			},
			{ items: orders.map(() => ({ json: {} })), continueOnFail: true },
		);
		const ok = new Set(
			run.items.filter((i) => i.error === undefined && i.orderId).map((i) => i.orderId),
		);
		f.lost = orders.filter((o) => !ok.has(o.orderId)).length;
		f.notes.push(`${run.fake.preAuthentications} token request(s)`);
		if (run.error) f.notes.push(errorText(run.error).slice(0, 140));
		f.leaked = countLeaks(secretsOf(run.fake), { items: run.items, errors: [run.error] }).count;

		// between the steps of a feed (document, upload, feed, status, report): the token is revoked, then expires
		await amazonAdmin('DELETE', 'faults');
		const targets = merchantOrders((await amazonState()).orders as Json[]).slice(0, FULL ? 6 : 2);
		// and tokens that live 30 s: a feed's wait outlives them
		await amazonAdmin('PATCH', 'config', { tokenLifetimeSeconds: 30 });
		await amazonAdmin('POST', 'faults', {
			faults: [
				{ kind: 'token-revoked', path: '/feeds/**', after: 1, count: 1 },
				{ kind: 'token-expired', path: '/feeds/**', after: 3, count: 1 },
			],
		});
		const feed = await runAmazon(
			{
				resource: 'order',
				operation: 'cancel',
				orderId: (i: number) => targets[i].orderId,
				orderItemIds: '',
				reason: 'NoInventory',
				options: {},
			},
			{ items: targets.map(() => ({ json: {} })), continueOnFail: true },
		);
		note(f, 'feed', feed);
		f.notes.push(`feed: ${feed.fake.preAuthentications} token request(s)`);
		const cancelled = new Set(
			feed.items.filter((i) => i.status === 'cancelled').map((i) => i.orderId as string),
		);
		f.lost += targets.filter((o) => !cancelled.has(o.orderId)).length;
		f.leaked += countLeaks(secretsOf(feed.fake), { items: feed.items, errors: [feed.error] }).count;
	});

	scenario('hung connection: operation and poll end with a timeout', async (f) => {
		const order = ((await bolState()).orders as Json[])[0];
		await bolAdmin('POST', 'faults', {
			kind: 'hang',
			method: 'GET',
			path: '/retailer/orders/*',
			count: 10,
		});
		const op = await bounded(
			15_000,
			runBol({
				resource: 'order',
				operation: 'get',
				orderId: order.orderId,
				options: {},
				requestOptions: { timeoutSeconds: 1, maxAttempts: 1 },
			}),
		);
		if (!op.done) {
			f.stalls++;
			f.notes.push('operation: no end within 15 s');
		} else if (!op.value.error) {
			f.misreported++;
			f.notes.push('operation: no error');
		} else {
			f.notes.push(`operation: ${op.value.ms} ms, ${errorText(op.value.error).slice(0, 80)}`);
		}

		// the pre-signed upload of a feed document (no credential: n8n's plain httpRequest) hangs
		const target = merchantOrders((await amazonState()).orders as Json[])[0];
		await amazonAdmin('POST', 'faults', { kind: 'hang', method: 'PUT', path: '/s3/**', count: 10 });
		const upload = await bounded(
			15_000,
			runAmazon({
				resource: 'order',
				operation: 'cancel',
				orderId: target.orderId,
				orderItemIds: '',
				reason: 'NoInventory',
				options: {},
				requestOptions: { timeoutSeconds: 1, maxAttempts: 2 },
			}),
		);
		if (!upload.done) {
			f.stalls++;
			f.notes.push('feed upload: no end within 15 s');
		} else if (!upload.value.error) {
			f.misreported++;
			f.notes.push('feed upload: no error');
		} else {
			f.notes.push(
				`feed upload: ${upload.value.ms} ms, ${errorText(upload.value.error).slice(0, 80)}`,
			);
		}
		await amazonAdmin('DELETE', 'faults');

		await bolAdmin('DELETE', 'faults');
		const staticData: IDataObject = {};
		const parameters = {
			event: 'newOrder',
			options: {},
			requestOptions: { timeoutSeconds: 1, maxAttempts: 2 },
		};
		await pollBol(parameters, staticData);
		await advance(300);
		await bolAdmin('POST', 'faults', {
			kind: 'hang',
			method: 'GET',
			path: '/retailer/orders',
			count: 10,
		});
		const started = Date.now();
		const poll = await bounded(15_000, pollBol(parameters, staticData));
		if (!poll.done) {
			f.stalls++;
			f.notes.push('poll: no end within 15 s');
		} else if (!poll.value.error) {
			f.notes.push(`poll: ended without error after ${Date.now() - started} ms`);
		} else {
			f.notes.push(`poll: ${Date.now() - started} ms, ${poll.value.error.message.slice(0, 80)}`);
		}
	});
});

describe('Triggers', () => {
	const newOrder = { event: 'newOrder', options: {} };

	async function openOrdersPlacedAfter(at: number): Promise<string[]> {
		return ((await bolState()).orders as Json[])
			.filter(
				(o) =>
					Date.parse(o.orderPlacedDateTime) > at &&
					(o.orderItems as Json[]).some((i) => open(i) > 0),
			)
			.map((o) => o.orderId as string);
	}

	scenario('two overlapping polls on the same static data', async (f) => {
		await bolAdmin('POST', 'reset', { empty: true });
		await bolAdmin('POST', 'seed', { orders: 0 });
		const staticData: IDataObject = {};
		const activated = env.emulators.clock.now();
		await pollBol(newOrder, staticData);
		const emitted: string[] = [];
		const rounds = FULL ? 4 : 2;
		for (let round = 0; round < rounds; round++) {
			await advance(600);
			await bolAdmin('POST', 'seed', { orders: 4, seed: 100 + round, withinHours: 0.1 });
			await bolAdmin('POST', 'faults', {
				kind: 'slow',
				delayMs: 400,
				method: 'GET',
				path: '/retailer/orders',
				count: 1,
			});
			const a = pollBol(newOrder, staticData);
			await new Promise((resolve) => setTimeout(resolve, 100));
			const b = pollBol(newOrder, staticData);
			const both = await Promise.all([a, b]);
			for (const result of both) {
				if (result.error) f.notes.push(`poll error: ${result.error.message.slice(0, 80)}`);
				emitted.push(...result.emitted.map((o) => o.orderId as string));
			}
			f.notes.push(
				`round ${round + 1}: slow ${both[0].emitted.length}, fast ${both[1].emitted.length}`,
			);
			// a later poll with nothing new must emit nothing (a cursor rolled back would repeat orders)
			await advance(60);
			const after = await pollBol(newOrder, staticData);
			emitted.push(...after.emitted.map((o) => o.orderId as string));
		}
		await advance(600);
		emitted.push(...(await pollBol(newOrder, staticData)).emitted.map((o) => o.orderId as string));
		const expected = await openOrdersPlacedAfter(activated);
		f.duplicated = excess(emitted);
		f.lost = expected.filter((id) => !emitted.includes(id)).length;
		f.notes.push(`bol: ${expected.length} new orders, ${emitted.length} emitted`);

		// the same on the Amazon trigger
		const amazonParameters = { event: 'newOrder', newOrderStatuses: ['UNSHIPPED'], options: {} };
		const amazonStatic: IDataObject = {};
		await pollAmazon(amazonParameters, amazonStatic);
		const amazonEmitted: string[] = [];
		const amazonExpected: string[] = [];
		for (let round = 0; round < rounds; round++) {
			const from = env.emulators.clock.now();
			env.emulators.clock.advance(600_000);
			const orders = amazonOrders(4, from, from + 540_000, 10 + round);
			amazonExpected.push(...orders.map((o) => o.orderId as string));
			await seedAmazonOrders(orders);
			await amazonAdmin('POST', 'faults', {
				kind: 'slow',
				delayMs: 400,
				method: 'GET',
				path: '/orders/**',
				count: 1,
			});
			const a = pollAmazon(amazonParameters, amazonStatic);
			await new Promise((resolve) => setTimeout(resolve, 100));
			const b = pollAmazon(amazonParameters, amazonStatic);
			const both = await Promise.all([a, b]);
			for (const result of both) {
				if (result.error) f.notes.push(`amazon poll error: ${result.error.message.slice(0, 80)}`);
				amazonEmitted.push(...result.emitted.map((o) => o.orderId as string));
			}
			f.notes.push(
				`amazon round ${round + 1}: slow ${both[0].emitted.length}, fast ${both[1].emitted.length}`,
			);
			env.emulators.clock.advance(60_000);
			amazonEmitted.push(
				...(await pollAmazon(amazonParameters, amazonStatic)).emitted.map(
					(o) => o.orderId as string,
				),
			);
		}
		env.emulators.clock.advance(600_000);
		amazonEmitted.push(
			...(await pollAmazon(amazonParameters, amazonStatic)).emitted.map((o) => o.orderId as string),
		);
		f.duplicated += excess(amazonEmitted);
		f.lost += amazonExpected.filter((id) => !amazonEmitted.includes(id)).length;
	});

	scenario('a poll that never returns does not stop intake for good', async (f) => {
		await bolAdmin('POST', 'reset', { empty: true });
		await bolAdmin('POST', 'seed', { orders: 0 });
		const staticData: IDataObject = {};
		const activated = env.emulators.clock.now();
		await pollBol(newOrder, staticData);
		await advance(600);
		await bolAdmin('POST', 'seed', { orders: 4, seed: 31, withinHours: 0.1 });
		// the first poll's list call hangs (the worker froze, or the default 60 s timeout has not come yet)
		await bolAdmin('POST', 'faults', {
			kind: 'hang',
			method: 'GET',
			path: '/retailer/orders',
			count: 1,
		});
		void pollBol(newOrder, staticData);
		await new Promise((resolve) => setTimeout(resolve, 200));
		const emitted: string[] = [];
		const expected = await openOrdersPlacedAfter(activated);
		// polls every 5 minutes for 25 minutes: intake must resume
		let polls = 0;
		for (; polls < 5 && expected.some((id) => !emitted.includes(id)); polls++) {
			await advance(300);
			const result = await pollBol(newOrder, staticData);
			if (result.error) f.notes.push(`poll ${polls + 1}: ${result.error.message.slice(0, 80)}`);
			emitted.push(...result.emitted.map((o) => o.orderId as string));
		}
		const missing = expected.filter((id) => !emitted.includes(id)).length;
		if (missing > 0) f.stalls++;
		f.duplicated = excess(emitted);
		f.notes.push(`${expected.length - missing}/${expected.length} emitted, after ${polls} polls`);
	});

	scenario('bol new order trigger: orders placed before activation', async (f) => {
		const staticData: IDataObject = {};
		const before = ((await bolState()).orders as Json[]).map((o) => o.orderId as string);
		const activated = env.emulators.clock.now();
		const emitted: string[] = [];
		emitted.push(...(await pollBol(newOrder, staticData)).emitted.map((o) => o.orderId));
		await advance(300);
		emitted.push(...(await pollBol(newOrder, staticData)).emitted.map((o) => o.orderId));
		await advance(600);
		await bolAdmin('POST', 'seed', { orders: 3, seed: 77, withinHours: 0.1 });
		emitted.push(...(await pollBol(newOrder, staticData)).emitted.map((o) => o.orderId));
		const old = emitted.filter((id) => before.includes(id));
		// an order from before activation emitted now is a second intake of it (it was handled before the workflow)
		f.duplicated = old.length + excess(emitted);
		const expected = await openOrdersPlacedAfter(activated);
		f.lost = expected.filter((id) => !emitted.includes(id)).length;
		f.notes.push(`${old.length} of ${before.length} old orders emitted`);
	});

	scenario('one order whose detail GET always 500s', async (f) => {
		await bolAdmin('POST', 'reset', { empty: true });
		await bolAdmin('POST', 'seed', { orders: 0 });
		const staticData: IDataObject = {};
		const activated = env.emulators.clock.now();
		await pollBol(newOrder, staticData);
		await advance(600);
		await bolAdmin('POST', 'seed', { orders: FULL ? 20 : 6, seed: 55, withinHours: 0.1 });
		const expected = await openOrdersPlacedAfter(activated);
		const poisoned = expected[0];
		await bolAdmin('POST', 'faults', {
			kind: 'server-error',
			method: 'GET',
			path: `/retailer/orders/${poisoned}`,
			count: 100_000,
		});
		const emitted: string[] = [];
		for (let poll = 0; poll < 3; poll++) {
			const result = await pollBol(newOrder, staticData);
			if (result.error) f.notes.push(`poll ${poll + 1}: ${result.error.message.slice(0, 80)}`);
			emitted.push(...result.emitted.map((o) => o.orderId));
			await advance(60);
		}
		const others = expected.filter((id) => id !== poisoned);
		const missing = others.filter((id) => !emitted.includes(id)).length;
		if (missing > 0) f.stalls++;
		// once bol answers again the poisoned order must still come
		await bolAdmin('DELETE', 'faults');
		for (let poll = 0; poll < 2; poll++) {
			emitted.push(...(await pollBol(newOrder, staticData)).emitted.map((o) => o.orderId));
			await advance(60);
		}
		f.lost = expected.filter((id) => !emitted.includes(id)).length;
		f.duplicated = excess(emitted);
		f.notes.push(`${others.length - missing}/${others.length} others within 3 polls`);
	});

	scenario('amazon backlog after an outage drained within 3 polls', async (f) => {
		const size = 1200;
		const staticData: IDataObject = {};
		const parameters = { event: 'newOrder', newOrderStatuses: ['UNSHIPPED'], options: {} };
		const activation = await pollAmazon(parameters, staticData);
		if (activation.error) f.notes.push(`activation: ${activation.error.message.slice(0, 80)}`);
		const outageStart = env.emulators.clock.now();
		const outageMs = 6 * 3_600_000;
		env.emulators.clock.advance(outageMs);
		const orders = amazonOrders(size, outageStart, outageStart + outageMs - 60_000, 1);
		const ids = orders.map((o) => o.orderId as string);
		await seedAmazonOrders(orders);
		await amazonAdmin('PATCH', 'config', { rateLimits: true });
		const emitted: string[] = [];
		for (let poll = 0; poll < 3; poll++) {
			env.emulators.clock.advance(5 * 60_000);
			const result = await pollAmazon(parameters, staticData);
			if (result.error) f.notes.push(`poll ${poll + 1}: ${result.error.message.slice(0, 80)}`);
			emitted.push(...result.emitted.map((o) => o.orderId as string));
			f.notes.push(`poll ${poll + 1}: ${result.emitted.length}`);
		}
		const distinct = new Set(emitted);
		const missing = ids.filter((id) => !distinct.has(id)).length;
		f.lost = missing;
		if (missing > 0) f.stalls = 1;
		f.duplicated = excess(emitted.filter((id) => ids.includes(id)));
	});
});
