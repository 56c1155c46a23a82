/**
 * What the Spartoo lifecycle e2e tests share: the emulator's admin state as far as the tests read it, the n8n
 * credential for the emulator (the sandbox's recipe), and the Spartoo nodes a manual start uses instead of the
 * triggers.
 */
import { emulatorCredentials } from '../../sandbox/n8n/index.mts';
import { adminState } from './lifecycle-support.mts';

export interface SpartooStateOrder {
	orders_id: string;
	status: number;
	trackingNumber: string | null;
	shippingName: string;
	lines: Array<{ reference: string; sizeReference: string; qty: number }>;
	history: Array<{ status: number; at: string; by: 'merchant' | 'spartoo' | 'seed' }>;
}

export interface SpartooStateReturn {
	return_id: string;
	order: string;
	status: number;
	line: { reference: string; sizeReference: string };
	history: Array<{ status: number; at: string; by: 'merchant' | 'spartoo' | 'seed' }>;
}

export interface SpartooState {
	counters: { calls: Record<string, number> };
	products: Array<{
		reference: string;
		sizes: Array<{ reference: string; quantity: number; valid: boolean }>;
	}>;
	orders: SpartooStateOrder[];
	returns: SpartooStateReturn[];
}

export const spartooState = async (url: string) => await adminState<SpartooState>(url);

/** The statuses the merchant set on an order or a return (its history), in order. */
export const merchantSteps = (record: { history: SpartooStateOrder['history'] }) =>
	record.history.filter((step) => step.by === 'merchant').map((step) => step.status);

/** The `spartooApi` credential for the emulator at `url` (the sandbox's recipe), under `ref`'s id and name. */
export async function spartooEmulatorCredential(ref: { id: string; name: string }, url: string) {
	const { credentials, skipped } = await emulatorCredentials({ spartoo: url });
	if (!credentials[0]) throw new Error(`no Spartoo emulator credential: ${skipped.join('; ')}`);
	return { ...credentials[0], ...ref };
}

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
