/**
 * What the Spartoo lifecycle e2e tests share: reads of the emulator's admin state (its type: spartoo/state.mts), the Spartoo
 * nodes a manual start uses instead of the triggers, and the test copies of a Spartoo template (the set-up is the
 * pair's: test/e2e/lifecycle/pair.mts).
 */
import type { WorkflowJson } from '../../sandbox/n8n/index.mts';
import type { RunExecutionData } from '../../sandbox/n8n/types.mts';
import type {
	SpartooState,
	SpartooStateOrder,
	SpartooStateReturn,
} from '../../sandbox/emulators/spartoo/state.mts';
import type { LifecyclePair } from './lifecycle/pair.mts';
import {
	adminState,
	MANUAL_SCHEDULE_START,
	NEVER_SCHEDULE,
	type TestCopyOptions,
} from './lifecycle-support.mts';

export type {
	SpartooState,
	SpartooStateOrder,
	SpartooStateReturn,
} from '../../sandbox/emulators/spartoo/state.mts';

export const spartooState = async (url: string) => await adminState<SpartooState>(url);

/** The statuses the merchant set on an order or a return (its history), in order. */
export const merchantSteps = (record: { history: SpartooStateOrder['history'] }) =>
	record.history.filter((step) => step.by === 'merchant').map((step) => step.status);

const SINCE_A_WEEK = '={{ $now.minus({ days: 7 }).toISO() }}';
const OPTIONS = { productIdentification: 'sizeReference' };

/** A Spartoo node listing the orders waiting for the merchant (11): a manual start's stand-in for "Spartoo: New Orders". */
export const spartooListNewOrders = (credential: { id: string; name: string }) => ({
	type: 'n8n-nodes-marketplace-sync.spartoo',
	typeVersion: 1,
	parameters: {
		resource: 'order',
		operation: 'getAll',
		since: SINCE_A_WEEK,
		status: '11',
		returnAll: true,
		options: OPTIONS,
	},
	credentials: { spartooApi: credential },
});

/** A Spartoo node getting one order: the trigger delivering that order again (a re-run). */
export const spartooGetOrder = (credential: { id: string; name: string }, orderId: string) => ({
	...spartooListNewOrders(credential),
	parameters: { resource: 'order', operation: 'get', orderId, options: OPTIONS },
});

/** A Spartoo node listing the returns of the last week: a manual start's stand-in for "Spartoo: New Returns". */
export const spartooListReturns = (credential: { id: string; name: string }) => ({
	...spartooListNewOrders(credential),
	parameters: {
		resource: 'return',
		operation: 'getAll',
		filterBy: 'since',
		since: SINCE_A_WEEK,
		status: 'all',
		returnAll: true,
		options: OPTIONS,
	},
});

/** A Spartoo order as the emulator has it now. */
export async function spartooOrderNow(url: string, orderId: string): Promise<SpartooStateOrder> {
	const order = (await spartooState(url)).orders.find(
		(candidate) => candidate.orders_id === orderId,
	);
	if (!order) throw new Error(`no Spartoo order ${orderId}`);
	return order;
}

/** A Spartoo return as the emulator has it now. */
export async function spartooReturnNow(url: string, returnId: string): Promise<SpartooStateReturn> {
	const found = (await spartooState(url)).returns.find(
		(candidate) => candidate.return_id === returnId,
	);
	if (!found) throw new Error(`no Spartoo return ${returnId}`);
	return found;
}

/** A size of a Spartoo product (by your product reference and size reference), if Spartoo has it. */
export const spartooSizeNow = async (url: string, reference: string, sizeReference: string) =>
	(await spartooState(url)).products
		.find((product) => product.reference === reference)
		?.sizes.find((size) => size.reference === sizeReference);

/**
 * A Spartoo product of two or more sizes, every one valid and `usable` (the store has it): a product family the store
 * sells as sizes of one product (a WooCommerce variable product, a Magento configurable product).
 */
export async function spartooFamily(
	url: string,
	usable: (sizeReference: string) => boolean,
): Promise<{ reference: string; sizes: string[] }> {
	const family = (await spartooState(url)).products.find(
		(product) =>
			product.sizes.length >= 2 &&
			product.sizes.every((size) => size.valid && usable(size.reference)),
	);
	if (!family) throw new Error('no Spartoo product with two or more sizes the store has');
	return { reference: family.reference, sizes: family.sizes.map((size) => size.reference) };
}

/**
 * The manual starts of the Spartoo lanes (`testCopy` `manualStart`): the waiting orders, one order again (`againId`:
 * a re-run of its trigger execution), the returns of the last week.
 */
export const spartooManualStarts = (credential: { id: string; name: string }, againId: string) => ({
	orders: { 'Spartoo: New Orders': spartooListNewOrders(credential) },
	again: { 'Spartoo: New Orders': spartooGetOrder(credential, againId) },
	returns: { 'Spartoo: New Returns': spartooListReturns(credential) },
});

/** Every item of every run of a node (a stock step runs once per batch of its input). */
export const allRunsJson = (data: RunExecutionData, nodeName: string) =>
	(data.resultData.runData[nodeName] ?? []).flatMap((run) =>
		(run.data?.main?.[0] ?? []).map((item) => item.json),
	);
/** What a Spartoo lifecycle test reads of the emulator at `url`: an order, a return, a size of a product, call counts. */
export function spartooProbe(url: string) {
	const state = async () => await spartooState(url);
	return {
		state,
		order: async (id: string) => (await state()).orders.find((order) => order.orders_id === id)!,
		return: async (id: string) => (await state()).returns.find((ret) => ret.return_id === id)!,
		size: async (reference: string, sizeReference: string) =>
			(await state()).products
				.find((product) => product.reference === reference)
				?.sizes.find((size) => size.reference === sizeReference),
		calls: async (script: string) => (await state()).counters.calls[script] ?? 0,
	};
}

/** The test copies of a Spartoo lifecycle template: their ids (`live` runs the store webhooks). */
export interface SpartooCopyIds {
	live: string;
	orders: string;
	again: string;
	reconcile: string;
	returns: string;
	stock: string;
}

/**
 * The test copies of a Spartoo lifecycle template (`copy`: the pair's, `lifecyclePair`): the live copy (the store
 * webhooks; its Spartoo triggers off, so no poll races a manual run) and one copy per manual start: the new orders
 * (a Spartoo node listing the waiting orders), `againOrderId` delivered again, the order reconciliation, the returns,
 * the full stock sync. The hourly schedules never fire.
 */
export function spartooTestCopies(
	copy: LifecyclePair['copy'],
	options: { ids: SpartooCopyIds; credential: { id: string; name: string }; againOrderId: string },
): WorkflowJson[] {
	const { ids, credential } = options;
	const parameters = {
		'Every Hour: Reconcile Orders': NEVER_SCHEDULE,
		'Every Hour: Full Stock Sync': NEVER_SCHEDULE,
		'Every Hour: Reconcile Store Orders': NEVER_SCHEDULE,
	};
	const manual = (id: string, what: string, manualStart: TestCopyOptions['manualStart']) =>
		copy(id, `${what}, manual start`, {
			parameters,
			manualStart,
		});
	const live = copy(ids.live, 'live store webhooks', { parameters });
	for (const node of live.nodes)
		if (node.name === 'Spartoo: New Orders' || node.name === 'Spartoo: New Returns')
			node.disabled = true;
	const starts = spartooManualStarts(credential, options.againOrderId);
	return [
		live,
		manual(ids.orders, 'new orders', starts.orders),
		manual(ids.again, 'an order again', starts.again),
		manual(ids.reconcile, 'order reconciliation', {
			'Every Hour: Reconcile Orders': MANUAL_SCHEDULE_START,
		}),
		manual(ids.returns, 'returns', starts.returns),
		manual(ids.stock, 'full stock sync', { 'Every Hour: Full Stock Sync': MANUAL_SCHEDULE_START }),
	];
}

/**
 * Every run of node `name` in an execution, its first output's items (a step n8n ran more than once, e.g. the stock
 * update once per input branch).
 */
export const everyRunItems = (
	execution: { run: { data: { resultData: { runData: Record<string, unknown> } } } },
	name: string,
) =>
	(
		(execution.run.data.resultData.runData[name] ?? []) as Array<{
			data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
		}>
	).flatMap((stepRun) => (stepRun.data?.main?.[0] ?? []).map((item) => item.json));

/**
 * The text of a mail as received (`Mail.data`), with quoted-printable undone (soft line breaks, `=XX` bytes): n8n's
 * Send Email encodes long lines that way, which can break a phrase the test looks for.
 */
export const mailText = (data: string) =>
	Buffer.from(
		data
			.replace(/=\r\n/g, '')
			.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
		'latin1',
	).toString('utf8');
