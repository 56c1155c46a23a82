/**
 * The Spartoo emulator's admin state (`GET /__admin/state`, its `state` field) as the tests, the sandbox demo and the
 * bench read it: the shapes of what they look at, not every field. The emulator's snapshot is checked against it when
 * it compiles (`snapshotOf` in index.mts), so the two cannot drift apart.
 */

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
