/**
 * What the Zalando lifecycle e2e tests share: its unit lines of an order (the state types: zalando/state.mts), the
 * list-orders node a manual start uses instead of the trigger, and the polling set-ups.
 */
import { waitFor } from '../../sandbox/n8n/index.mts';
import { adminState } from './lifecycle-support.mts';
import { acceptedRequests } from './support.mts';
import type { ZalOrder, ZalState } from '../../sandbox/emulators/zalando/state.mts';

/** A poll that does not come during a test: written once in lifecycle-support.mts. */
export { ONCE_A_YEAR } from './lifecycle-support.mts';

export type {
	ZalOrder,
	ZalResource,
	ZalState,
	ZalStock,
} from '../../sandbox/emulators/zalando/state.mts';

/** The unit lines of a Zalando order (`OrderLine`), with the external id (store SKU) of their item. */
export const unitsOf = (order: ZalOrder) =>
	order.included
		.filter((resource) => resource.type === 'OrderLine')
		.map((line) => {
			const item = order.included.find(
				(resource) =>
					resource.type === 'OrderItem' &&
					(
						resource as unknown as {
							relationships?: { order_lines?: { data?: Array<{ id: string }> } };
						}
					).relationships?.order_lines?.data?.some((ref) => ref.id === line.id),
			);
			return {
				lineId: line.id,
				status: String(line.attributes.status),
				sku: String(item?.attributes.external_id ?? ''),
			};
		});

/** How many units of each SKU a Zalando order has, as sorted [sku, quantity] pairs (a store order's lines compare). */
export const unitQuantities = (order: ZalOrder): Array<[string, number]> => {
	const quantities = new Map<string, number>();
	for (const unit of unitsOf(order)) quantities.set(unit.sku, (quantities.get(unit.sku) ?? 0) + 1);
	return [...quantities.entries()].sort();
};

/** The emulator's state and one order of it, by Zalando order id. */
export const zalandoState = async (zalUrl: string) => await adminState<ZalState>(zalUrl);
export const zalandoOrder = async (zalUrl: string, orderId: string): Promise<ZalOrder> => {
	const found = (await zalandoState(zalUrl)).orders.find(
		(order) => order.attributes.order_id === orderId,
	);
	if (!found) throw new Error(`Zalando emulator has no order ${orderId}`);
	return found;
};

/** Line PATCHes Zalando accepted for these order lines. */
export const zalandoLinePatches = async (zalUrl: string, lineIds: string[]) =>
	(await acceptedRequests(zalUrl, { method: 'PATCH' })).filter((request) =>
		lineIds.some((lineId) => request.path.endsWith(`/lines/${lineId}`)),
	);

/** The order PATCHes Zalando accepted (exports and tracking), not the line PATCHes. */
export const zalandoOrderPatches = async (zalUrl: string) =>
	(await acceptedRequests(zalUrl, { method: 'PATCH' })).filter(
		(request) => !request.path.includes('/items/'),
	);

/** Waits until every unit of a Zalando order is cancelled; returns the order. */
export const cancelledAtZalando = async (zalUrl: string, orderId: string): Promise<ZalOrder> =>
	await waitFor(
		'the unfulfillable order cancelled at Zalando',
		async () => {
			const found = await zalandoOrder(zalUrl, orderId);
			return unitsOf(found).every((unit) => unit.status === 'canceled') ? found : undefined;
		},
		30_000,
	);

/** A Zalando node listing every approved order: a manual start's stand-in for "Zalando: New Orders". */
export const zalandoListOrders = (credential: { id: string; name: string }) => ({
	type: 'n8n-nodes-marketplace-sync.zalandoZDirect',
	typeVersion: 1,
	parameters: {
		resource: 'order',
		operation: 'getAll',
		status: 'approved',
		returnAll: true,
		filters: {},
		options: {},
	},
	credentials: { zalandoZDirectApi: credential },
});

/** A Zalando node listing every announced return: a manual start's stand-in for "Zalando: New Returns". */
export const zalandoListReturns = (credential: { id: string; name: string }) => ({
	...zalandoListOrders(credential),
	parameters: {
		resource: 'return',
		operation: 'getAll',
		returnAll: true,
		filters: {},
		options: {},
	},
});
