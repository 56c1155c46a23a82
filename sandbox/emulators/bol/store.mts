import { Random } from '../core/random.mts';
import type {
	BolLabel,
	BolLabelOffer,
	BolOffer,
	BolOrder,
	BolOrderItem,
	BolProcessStatus,
	BolReturn,
	BolReturnItem,
	BolShipment,
	BolToken,
	ProcessAction,
} from './model.mts';
import { itemsKey, labelOffers, labelTrackAndTrace } from './labels.mts';
import { bolDate, openQuantity } from './present.mts';
import { customerReturn, processingResult, type BolSeedData } from './seed.mts';

export type BolSettings = {
	/** Emulated seconds until a process status leaves PENDING. */
	processDelaySeconds: number;
	/** `expires_in` of access tokens (emulated seconds). */
	tokenLifetimeSeconds: number;
	/** bol ships open FBB items this many emulated hours after the order was placed. */
	fbbShipAfterHours: number;
	/** VVB items (distributionParty BOL) can only be shipped with a `shippingLabelId`. */
	vvbRequiresShippingLabel: boolean;
	/** Orders generated at start (with a seed) and by `POST /__admin/seed {}`. */
	defaultSeedOrders: number;
};

export const DEFAULT_BOL_SETTINGS: BolSettings = {
	processDelaySeconds: 3,
	tokenLifetimeSeconds: 299,
	fbbShipAfterHours: 20,
	vvbRequiresShippingLabel: true,
	defaultSeedOrders: 25,
};

const PAGE_SIZE = 50;

interface ItemRef {
	order: BolOrder;
	item: BolOrderItem;
}

export interface OrderFilter {
	page: number;
	fulfilmentMethod: 'FBR' | 'FBB' | 'ALL';
	status: 'OPEN' | 'SHIPPED' | 'ALL';
	changeIntervalMinute?: number;
	latestChangeDate?: string;
	vvbOnly?: boolean;
}

const EVENT_DESCRIPTIONS: Record<ProcessAction['kind'], [string, (a: never) => string]> = {
	ship: [
		'CREATE_SHIPMENT',
		(a: Extract<ProcessAction, { kind: 'ship' }>) =>
			`Create shipment for order item ${a.orderItems[0]?.orderItemId}.`,
	],
	cancel: [
		'CANCEL_ORDER',
		(a: Extract<ProcessAction, { kind: 'cancel' }>) => `Cancel order item ${a.orderItemId}.`,
	],
	'handle-return': [
		'HANDLE_RETURN_ITEM',
		(a: Extract<ProcessAction, { kind: 'handle-return' }>) =>
			`Handle the return item with return number ${a.rmaId}.`,
	],
	'create-return': [
		'CREATE_RETURN_ITEM',
		(a: Extract<ProcessAction, { kind: 'create-return' }>) =>
			`Create return item for order item ${a.orderItemId}.`,
	],
	'change-transport': [
		'CHANGE_TRANSPORT',
		(a: Extract<ProcessAction, { kind: 'change-transport' }>) =>
			`Change transport with id ${a.transportId}.`,
	],
	'update-stock': [
		'UPDATE_OFFER_STOCK',
		(a: Extract<ProcessAction, { kind: 'update-stock' }>) =>
			`Update stock for offer with id ${a.offerId}.`,
	],
	'create-label': [
		'CREATE_SHIPPING_LABEL',
		(a: Extract<ProcessAction, { kind: 'create-label' }>) =>
			`Create shipping label for order item ${a.orderItems[0]?.orderItemId}.`,
	],
};

function entityOf(action: ProcessAction): string {
	switch (action.kind) {
		case 'ship':
		case 'create-label':
			return action.orderItems[0]?.orderItemId ?? '';
		case 'cancel':
		case 'create-return':
			return action.orderItemId;
		case 'handle-return':
			return action.rmaId;
		case 'change-transport':
			return action.transportId;
		case 'update-stock':
			return action.offerId;
	}
}

export function paginate<T>(items: T[], page: number, size = PAGE_SIZE): T[] {
	return items.slice((page - 1) * size, page * size);
}

/** All bol state and its rules: what the marketplace accepts, rejects and does by itself as time passes. */
export class BolStore {
	readonly orders = new Map<string, BolOrder>();
	readonly offers = new Map<string, BolOffer>();
	readonly shipments = new Map<string, BolShipment>();
	readonly returns = new Map<string, BolReturn>();
	readonly processes = new Map<string, BolProcessStatus>();
	readonly tokens = new Map<string, BolToken>();
	private readonly items = new Map<string, ItemRef>();
	private readonly rmas = new Map<string, { ret: BolReturn; item: BolReturnItem }>();
	private readonly transports = new Map<string, BolShipment>();
	/** Labels bought (VVB), and the offers bol made for them: a label is bought with an offer made for its items. */
	readonly labels = new Map<string, BolLabel>();
	private readonly labelOffers = new Map<string, BolLabelOffer>();
	private counter = 0;
	random = new Random(1);

	constructor(readonly settings: BolSettings) {}

	clear(seed: number): void {
		for (const map of [
			this.orders,
			this.offers,
			this.shipments,
			this.returns,
			this.processes,
			this.tokens,
			this.items,
			this.rmas,
			this.transports,
			this.labels,
			this.labelOffers,
		]) {
			map.clear();
		}
		this.counter = 0;
		this.random = new Random(seed).fork('bol-runtime');
	}

	/** Sequential ids for entities created through the API (process statuses, shipments, transports, returns). */
	nextId(base: number): string {
		this.counter++;
		return String(base + this.counter);
	}

	upsertOrder(order: BolOrder): void {
		const previous = this.orders.get(order.orderId);
		previous?.items.forEach((item) => this.items.delete(item.orderItemId));
		this.orders.set(order.orderId, order);
		order.items.forEach((item) => this.items.set(item.orderItemId, { order, item }));
	}

	upsertShipment(shipment: BolShipment): void {
		this.shipments.set(shipment.shipmentId, shipment);
		this.transports.set(shipment.transport.transportId, shipment);
	}

	upsertReturn(ret: BolReturn): void {
		this.returns.set(ret.returnId, ret);
		ret.items.forEach((item) => this.rmas.set(item.rmaId, { ret, item }));
	}

	load(data: BolSeedData): { orders: number; offers: number; shipments: number; returns: number } {
		data.offers.forEach((offer) => this.offers.set(offer.offerId, offer));
		data.orders.forEach((order) => this.upsertOrder(order));
		data.shipments.forEach((shipment) => this.upsertShipment(shipment));
		data.returns.forEach((ret) => this.upsertReturn(ret));
		return {
			orders: data.orders.length,
			offers: data.offers.length,
			shipments: data.shipments.length,
			returns: data.returns.length,
		};
	}

	item(orderItemId: string): ItemRef | undefined {
		return this.items.get(orderItemId);
	}

	rma(rmaId: string): { ret: BolReturn; item: BolReturnItem } | undefined {
		return this.rmas.get(rmaId);
	}

	offerByEan(ean: string): BolOffer | undefined {
		return [...this.offers.values()].find((offer) => offer.ean === ean);
	}

	/** Stock bol sells from: the retailer's amount minus open FBR quantities it already counts against it. */
	correctedStock(offer: BolOffer): number {
		let reserved = 0;
		for (const { order, item } of this.items.values()) {
			if (item.offerId !== offer.offerId || item.fulfilmentMethod !== 'FBR') continue;
			if (offer.managedByRetailer && order.placedAt <= offer.stockUpdatedAt) continue;
			reserved += openQuantity(item);
		}
		return Math.max(0, offer.stockAmount - reserved);
	}

	listOrders(filter: OrderFilter, now: number): Array<{ order: BolOrder; items: BolOrderItem[] }> {
		const matches = (item: BolOrderItem): boolean => {
			if (filter.fulfilmentMethod !== 'ALL' && item.fulfilmentMethod !== filter.fulfilmentMethod)
				return false;
			if (filter.status === 'OPEN' && openQuantity(item) === 0) return false;
			if (filter.status === 'SHIPPED' && item.quantityShipped === 0) return false;
			if (
				filter.changeIntervalMinute !== undefined &&
				item.latestChangedAt < now - filter.changeIntervalMinute * 60_000
			)
				return false;
			if (
				filter.latestChangeDate !== undefined &&
				bolDate(item.latestChangedAt) !== filter.latestChangeDate
			)
				return false;
			if (filter.vvbOnly && item.distributionParty !== 'BOL') return false;
			return true;
		};
		const all = [...this.orders.values()]
			.sort((a, b) => b.placedAt - a.placedAt || a.orderId.localeCompare(b.orderId))
			.map((order) => ({ order, items: order.items.filter(matches) }))
			.filter((entry) => entry.items.length > 0);
		return paginate(all, filter.page);
	}

	createProcess(action: ProcessAction, now: number): BolProcessStatus {
		const [eventType, describe] = EVENT_DESCRIPTIONS[action.kind];
		const ps: BolProcessStatus = {
			processStatusId: this.nextId(1_000_000_000),
			entityId: entityOf(action),
			eventType,
			description: describe(action as never),
			status: 'PENDING',
			createdAt: now,
			dueAt: now + this.settings.processDelaySeconds * 1000,
			action,
		};
		this.processes.set(ps.processStatusId, ps);
		return ps;
	}

	/** Completes due processes (in creation order) and lets bol ship FBB items. */
	tick(now: number): void {
		for (const ps of this.processes.values()) {
			if (ps.status !== 'PENDING' || ps.dueAt > now) continue;
			const outcome = this.apply(ps, ps.dueAt);
			if (outcome.error === undefined) {
				ps.status = 'SUCCESS';
				if (outcome.entityId) ps.entityId = outcome.entityId;
			} else {
				ps.status = 'FAILURE';
				ps.errorMessage = outcome.error;
			}
		}
		const fbbDelay = this.settings.fbbShipAfterHours * 3_600_000;
		for (const { order, item } of this.items.values()) {
			if (
				item.fulfilmentMethod === 'FBB' &&
				openQuantity(item) > 0 &&
				order.placedAt + fbbDelay <= now
			) {
				item.quantityShipped += openQuantity(item);
				item.latestChangedAt = order.placedAt + fbbDelay;
			}
		}
	}

	private apply(ps: BolProcessStatus, at: number): { error?: string; entityId?: string } {
		const action = ps.action;
		switch (action.kind) {
			case 'ship':
				return this.ship(action, at);
			case 'cancel':
				return this.cancel(action, at);
			case 'handle-return':
				return this.handleReturn(action, at);
			case 'create-return':
				return this.createReturn(action, at);
			case 'change-transport': {
				const shipment = this.transports.get(action.transportId);
				if (!shipment) return { error: `Transport ${action.transportId} does not exist.` };
				shipment.transport.trackAndTrace = action.trackAndTrace;
				if (action.transporterCode) shipment.transport.transporterCode = action.transporterCode;
				return {};
			}
			case 'create-label':
				return this.createLabel(action, at);
			case 'update-stock': {
				const offer = this.offers.get(action.offerId);
				if (!offer) return { error: `Offer ${action.offerId} does not exist.` };
				offer.stockAmount = action.amount;
				offer.managedByRetailer = action.managedByRetailer;
				offer.stockUpdatedAt = at;
				offer.lastModifiedAt = at;
				return {};
			}
		}
	}

	/** The item an action targets, if the retailer may still act on it (`verb`: shipped, cancelled). */
	private actionable(
		orderItemId: string,
		verb: 'shipped' | 'cancelled',
	): ItemRef | { error: string } {
		const ref = this.items.get(orderItemId);
		if (!ref) return { error: `Order item ${orderItemId} does not exist.` };
		const { item } = ref;
		if (item.fulfilmentMethod === 'FBB') {
			return {
				error: `Order item ${item.orderItemId} is fulfilled by bol (FBB) and cannot be ${verb} by the retailer.`,
			};
		}
		if (openQuantity(item) > 0) return ref;
		if (item.quantityCancelled === item.quantity) {
			return {
				error: `Order item ${item.orderItemId} has ${verb === 'cancelled' ? 'already ' : ''}been cancelled.`,
			};
		}
		return {
			error: `Order item ${item.orderItemId} has already been shipped${verb === 'cancelled' ? ' and cannot be cancelled' : ''}.`,
		};
	}

	/**
	 * The process statuses `GET /shared/process-status?entity-id=&event-type=` lists. A label purchase is found by any
	 * of its order items, also once it finished and its entityId became the label id: [unverified] at bol (the node's
	 * SHIPPING_LABEL_PROCESS rests on the same assumption); every other event type by its current entityId.
	 */
	processesOf(entityId: string, eventType: string): BolProcessStatus[] {
		return [...this.processes.values()].filter(
			(ps) =>
				ps.eventType === eventType &&
				(ps.entityId === entityId ||
					(ps.action.kind === 'create-label' &&
						ps.action.orderItems.some((line) => line.orderItemId === entityId))),
		);
	}

	/**
	 * The order items of a shipment or label request (`noun`) with the quantities it is for (no quantity: all that is
	 * open), or why bol refuses them: an unknown, FBB, shipped or cancelled item, a quantity above what is open, items
	 * of two orders.
	 */
	private openItems(
		lines: Array<{ orderItemId: string; quantity?: number | null }>,
		noun: 'shipment' | 'shipping label',
	): { error: string } | { orderId: string; refs: Array<ItemRef & { quantity: number }> } {
		const refs: Array<ItemRef & { quantity: number }> = [];
		for (const line of lines) {
			const ref = this.actionable(line.orderItemId, 'shipped');
			if ('error' in ref) return ref;
			const open = openQuantity(ref.item);
			const quantity = line.quantity ?? open;
			if (quantity > open)
				return {
					error: `Quantity ${quantity} exceeds the open quantity ${open} of order item ${line.orderItemId}.`,
				};
			refs.push({ ...ref, quantity });
		}
		const orderIds = new Set(refs.map((ref) => ref.order.orderId));
		if (orderIds.size > 1)
			return { error: `All order items of a ${noun} must belong to the same order.` };
		return { orderId: [...orderIds][0] ?? '', refs };
	}

	/** The order items and quantities of a label request, or why bol refuses them (`openItems`). */
	private labelItems(
		lines: Array<{ orderItemId: string; quantity?: number | null }>,
	):
		| { error: string }
		| { orderId: string; items: Array<{ orderItemId: string; quantity: number }> } {
		const checked = this.openItems(lines, 'shipping label');
		if ('error' in checked) return checked;
		return {
			orderId: checked.orderId,
			items: checked.refs.map((ref) => ({
				orderItemId: ref.item.orderItemId,
				quantity: ref.quantity,
			})),
		};
	}

	/** The labels bol offers for order items; each offer is kept, so a label can be bought with it. */
	deliveryOptions(
		lines: Array<{ orderItemId: string; quantity?: number | null }>,
		now: number,
	): { error: string } | { offers: BolLabelOffer[] } {
		const checked = this.labelItems(lines);
		if ('error' in checked) return checked;
		const offers = labelOffers(checked.orderId, checked.items, now);
		offers.forEach((offer) => this.labelOffers.set(offer.shippingLabelOfferId, offer));
		return { offers };
	}

	private createLabel(
		action: Extract<ProcessAction, { kind: 'create-label' }>,
		at: number,
	): { error?: string; entityId?: string } {
		const checked = this.labelItems(action.orderItems);
		if ('error' in checked) return checked;
		const id = action.shippingLabelOfferId;
		const offer = this.labelOffers.get(id);
		if (!offer) return { error: `Shipping label offer ${id} does not exist.` };
		if (offer.itemsKey !== itemsKey(checked.items))
			return { error: `Shipping label offer ${id} was made for other order items.` };
		if (bolDate(at) > offer.validUntilDate)
			return { error: `Shipping label offer ${id} has expired.` };
		const label: BolLabel = {
			shippingLabelId: this.random.uuid(),
			orderId: checked.orderId,
			items: checked.items,
			transporterCode: offer.transporterCode,
			labelType: offer.labelType,
			price: offer.price,
			trackAndTrace: labelTrackAndTrace(offer.transporterCode, (n) => this.random.digits(n)),
			createdAt: at,
		};
		this.labels.set(label.shippingLabelId, label);
		return { entityId: label.shippingLabelId };
	}

	/** Why a shipment cannot use its label, if it cannot: unknown, another order's, not for an item, used before. */
	private labelRefusal(
		labelId: string,
		refs: Array<ItemRef & { quantity: number }>,
	): string | undefined {
		const label = this.labels.get(labelId);
		if (!label) return `Shipping label ${labelId} does not exist.`;
		const orderId = refs[0]?.order.orderId;
		if (label.orderId !== orderId)
			return `Shipping label ${labelId} belongs to order ${label.orderId}, not to order ${orderId}.`;
		const outside = refs.find(
			(ref) => !label.items.some((item) => item.orderItemId === ref.item.orderItemId),
		);
		if (outside)
			return `Shipping label ${labelId} is not for order item ${outside.item.orderItemId}.`;
		if (label.usedByShipmentId)
			return `Shipping label ${labelId} was already used for shipment ${label.usedByShipmentId}.`;
		return undefined;
	}

	private ship(
		action: Extract<ProcessAction, { kind: 'ship' }>,
		at: number,
	): { error?: string; entityId?: string } {
		const checked = this.openItems(action.orderItems, 'shipment');
		if ('error' in checked) return checked;
		const { refs } = checked;
		const vvb = refs.find((ref) => ref.item.distributionParty === 'BOL');
		if (vvb && !action.shippingLabelId && this.settings.vvbRequiresShippingLabel) {
			return {
				error: `Order item ${vvb.item.orderItemId} is shipped via bol (VVB): a shippingLabelId is required.`,
			};
		}
		const label = action.shippingLabelId ? this.labels.get(action.shippingLabelId) : undefined;
		if (action.shippingLabelId) {
			const refusal = this.labelRefusal(action.shippingLabelId, refs);
			if (refusal) return { error: refusal };
		}
		for (const ref of refs) {
			ref.item.quantityShipped += ref.quantity;
			ref.item.latestChangedAt = at;
		}
		const shipmentId = this.nextId(500_000_000);
		// with a label, bol takes transporter and track & trace from it
		this.upsertShipment({
			shipmentId,
			createdAt: at,
			shipmentReference: action.shipmentReference ?? undefined,
			orderId: refs[0]?.order.orderId ?? '',
			items: refs.map((r) => ({ orderItemId: r.item.orderItemId, quantity: r.quantity })),
			transport: {
				transportId: this.nextId(300_000_000),
				transporterCode: label?.transporterCode ?? action.transport?.transporterCode,
				trackAndTrace: label?.trackAndTrace ?? action.transport?.trackAndTrace ?? undefined,
				shippingLabelId: action.shippingLabelId ?? undefined,
			},
		});
		if (label) label.usedByShipmentId = shipmentId;
		return {};
	}

	private cancel(
		action: Extract<ProcessAction, { kind: 'cancel' }>,
		at: number,
	): { error?: string } {
		const ref = this.actionable(action.orderItemId, 'cancelled');
		if ('error' in ref) return ref;
		const { item } = ref;
		const open = openQuantity(item);
		item.quantityCancelled += open;
		item.latestChangedAt = at;
		return {};
	}

	private returnedQuantity(orderItemId: string): number {
		let total = 0;
		for (const { item } of this.rmas.values())
			if (item.orderItemId === orderItemId) total += item.expectedQuantity;
		return total;
	}

	private createReturn(
		action: Extract<ProcessAction, { kind: 'create-return' }>,
		at: number,
	): { error?: string; entityId?: string } {
		const ref = this.items.get(action.orderItemId);
		if (!ref) return { error: `Order item ${action.orderItemId} does not exist.` };
		const returnable = ref.item.quantityShipped - this.returnedQuantity(action.orderItemId);
		if (action.quantityReturned > returnable) {
			return {
				error: `Quantity ${action.quantityReturned} exceeds the returnable quantity ${returnable} of order item ${action.orderItemId}.`,
			};
		}
		const ret = customerReturn({
			returnId: this.nextId(70_000_000),
			rmaId: this.nextId(60_000_000),
			registeredAt: at,
			order: ref.order,
			item: ref.item,
			quantity: action.quantityReturned,
			reason: { mainReason: 'Retour aangemaakt door verkoper', customerComments: '' },
			handled: { handlingResult: action.handlingResult, at },
		});
		this.upsertReturn(ret);
		return { entityId: ret.returnId };
	}

	private handleReturn(
		action: Extract<ProcessAction, { kind: 'handle-return' }>,
		at: number,
	): { error?: string } {
		const found = this.rmas.get(action.rmaId);
		if (!found) return { error: `Return item ${action.rmaId} does not exist.` };
		const { item } = found;
		if (item.handled && action.handlingResult !== 'STILL_APPROVED')
			return { error: `Return item ${action.rmaId} has already been handled.` };
		if (action.quantityReturned > item.expectedQuantity) {
			return {
				error: `Quantity ${action.quantityReturned} exceeds the expected quantity ${item.expectedQuantity} of return item ${action.rmaId}.`,
			};
		}
		item.handled = true;
		item.processingResults.push(
			processingResult(action.quantityReturned, action.handlingResult, at),
		);
		return {};
	}
}
