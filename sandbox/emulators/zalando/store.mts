import { Random } from '../core/random.mts';
import type {
	AnnouncedReturn,
	Article,
	LineStatus,
	ShipmentFields,
	ShipmentView,
	ShippedTooSoon,
	Transition,
	ZalandoCounters,
	ZalandoItem,
	ZalandoLine,
	ZalandoOrder,
	ZalandoShipment,
	ZalandoToken,
} from './model.mts';
import { SeedInputError, type ZalandoSeedData } from './seed.mts';
import { shipmentViews } from './shipment-view.mts';

export type ZalandoSettings = {
	/** `expires_in` of access tokens (emulated seconds). */
	tokenLifetimeSeconds: number;
	/** A line shipped sooner than this after the order's tracking PATCH counts as `shippedTooSoonAfterTracking`. */
	trackingShipGapSeconds: number;
	/** Random open orders `POST /__admin/seed {}` adds. */
	defaultSeedOrders: number;
	/**
	 * Is the Shipments API (a pilot Zalando enables per partner: doc §1.7, C6) enabled for the merchant? When not, its
	 * endpoints answer 403 with a Problem saying so ([unverified] shape: `PATCH /__admin/config {"shipmentsPilot":false}`).
	 */
	shipmentsPilot: boolean;
};

export const DEFAULT_ZALANDO_SETTINGS: ZalandoSettings = {
	tokenLifetimeSeconds: 7200,
	trackingShipGapSeconds: 5,
	defaultSeedOrders: 5,
	shipmentsPilot: true,
};

/** A rule of the marketplace said no: `status` 400/403/404/409 with Zalando's wording. */
export class ZalandoRuleError extends Error {
	constructor(
		readonly status: number,
		readonly title: string,
		message: string,
		readonly pointer?: string,
	) {
		super(message);
	}
}

/** Line status machine (doc §1.15): what the partner may set from each status. */
export const NEXT_STATUSES: Record<LineStatus, LineStatus[]> = {
	initial: ['reserved', 'shipped', 'canceled'],
	reserved: ['shipped', 'canceled'],
	shipped: ['returned'],
	canceled: [],
	returned: [],
};

const SETTABLE: readonly string[] = ['reserved', 'shipped', 'canceled', 'returned'];
const DONE: readonly LineStatus[] = ['shipped', 'canceled', 'returned'];

export interface LineRef {
	order: ZalandoOrder;
	item: ZalandoItem;
	line: ZalandoLine;
}

export interface LineUpdate {
	status: string;
	reason?: number;
	outboundLogisticCenterId?: string;
}

export type StockResult =
	| { status: 'ACCEPTED'; code: 0; description: string }
	| { status: 'REJECTED'; code: 101; description: string };

function newCounters(): ZalandoCounters {
	return {
		tokenRequests: 0,
		tokensIssued: 0,
		shippedTooSoonAfterTracking: 0,
		trackingUpdatesIgnored: 0,
		stockRequests: 0,
		stockItems: 0,
		shipmentsCreated: 0,
		shipmentsUpdated: 0,
		documentsDownloaded: 0,
	};
}

/** All Zalando state and its rules: what the marketplace accepts, rejects, and records. */
export class ZalandoStore {
	readonly orders = new Map<string, ZalandoOrder>();
	readonly articles = new Map<string, Article>();
	/** `${salesChannelId}|${ean}` -> quantity last sent. */
	readonly stocks = new Map<string, { quantity: number; updatedAt: number }>();
	readonly announcedReturns = new Map<string, AnnouncedReturn>();
	readonly tokens = new Map<string, ZalandoToken>();
	counters: ZalandoCounters = newCounters();
	shippedTooSoon: ShippedTooSoon[] = [];
	random = new Random(1);
	private transitionSeq = 0;

	constructor(readonly settings: ZalandoSettings) {}

	clear(seed: number): void {
		for (const map of [this.orders, this.articles, this.stocks, this.announcedReturns, this.tokens])
			map.clear();
		this.counters = newCounters();
		this.shippedTooSoon = [];
		this.random = new Random(seed).fork('zalando-runtime');
		this.transitionSeq = 0;
	}

	load(data: ZalandoSeedData): { orders: number; articles: number; announcedReturns: number } {
		data.articles.forEach((a) => this.articles.set(a.ean, a));
		data.orders.forEach((o) => this.orders.set(o.orderId, o));
		data.announcedReturns.forEach((r) => this.announcedReturns.set(r.announcedReturnId, r));
		return {
			orders: data.orders.length,
			articles: data.articles.length,
			announcedReturns: data.announcedReturns.length,
		};
	}

	order(merchantId: string, orderId: string): ZalandoOrder {
		const order = this.orders.get(orderId);
		if (!order || order.merchantId !== merchantId)
			throw new ZalandoRuleError(404, 'Not Found', `Order ${orderId} was not found.`);
		return order;
	}

	item(merchantId: string, orderId: string, itemId: string): ZalandoItem {
		const item = this.order(merchantId, orderId).items.find((i) => i.itemId === itemId);
		if (!item) throw new ZalandoRuleError(404, 'Not Found', `Order item ${itemId} was not found.`);
		return item;
	}

	line(merchantId: string, orderId: string, itemId: string, lineId: string): LineRef {
		const order = this.order(merchantId, orderId);
		const item = this.item(merchantId, orderId, itemId);
		const line = item.lines.find((l) => l.lineId === lineId);
		if (!line) throw new ZalandoRuleError(404, 'Not Found', `Order line ${lineId} was not found.`);
		return { order, item, line };
	}

	private nextTransitionId(): string {
		this.transitionSeq++;
		return String(2_000_000_000 + this.transitionSeq);
	}

	private touch(order: ZalandoOrder, now: number, by: string): void {
		order.modifiedAt = now;
		order.modifiedBy = by;
	}

	private static readOnly(order: ZalandoOrder): void {
		if (order.orderType === 'ZalandoFulfilled') {
			throw new ZalandoRuleError(
				403,
				'Forbidden',
				`Order ${order.orderId} is ZalandoFulfilled: it is fulfilled by Zalando and cannot be changed.`,
			);
		}
	}

	/** Order PATCH `merchant_order_id`: the export (PartnerFulfilled only). */
	exportOrder(order: ZalandoOrder, merchantOrderId: string, now: number, by: string): void {
		ZalandoStore.readOnly(order);
		if (!/^[A-Za-z0-9_-]+$/.test(merchantOrderId)) {
			throw new ZalandoRuleError(
				400,
				'Bad Request',
				'merchant_order_id must be a non-empty alphanumeric value.',
				'/data/attributes/merchant_order_id',
			);
		}
		if (order.status === 'fulfilled' && !order.exported) {
			throw new ZalandoRuleError(
				403,
				'Forbidden',
				`Order ${order.orderId} is already fulfilled and can no longer be exported.`,
			);
		}
		order.merchantOrderId = merchantOrderId;
		order.exported = true;
		this.touch(order, now, by);
	}

	/** Order PATCH `tracking_number` / `return_tracking_number`: set once, the first value wins (doc §1.6). */
	setTracking(
		order: ZalandoOrder,
		values: { trackingNumber?: string; returnTrackingNumber?: string },
		now: number,
		by: string,
	): void {
		ZalandoStore.readOnly(order);
		for (const [key, pointer] of [
			['trackingNumber', 'tracking_number'],
			['returnTrackingNumber', 'return_tracking_number'],
		] as const) {
			const value = values[key];
			if (value === undefined) continue;
			if (value.trim() === '')
				throw new ZalandoRuleError(
					400,
					'Bad Request',
					`${pointer} must not be empty.`,
					`/data/attributes/${pointer}`,
				);
			const current = order[key];
			if (current === undefined) order[key] = value;
			else if (current !== value) this.counters.trackingUpdatesIgnored++;
		}
		order.trackingPatchedAt = now;
		this.touch(order, now, by);
	}

	/** Line PATCH: the status machine of doc §1.15. */
	updateLine(ref: LineRef, update: LineUpdate, now: number, by: string): void {
		const { order, line } = ref;
		ZalandoStore.readOnly(order);
		if (!SETTABLE.includes(update.status)) {
			throw new ZalandoRuleError(
				400,
				'Bad Request',
				`status must be one of ${SETTABLE.join(', ')}; got '${update.status}'.`,
				'/data/attributes/status',
			);
		}
		const target = update.status as LineStatus;
		if (target === line.status) {
			throw new ZalandoRuleError(
				409,
				'Conflict',
				`Order line ${line.lineId} is already ${line.status}.`,
				'/data/attributes/status',
			);
		}
		if (!NEXT_STATUSES[line.status].includes(target)) {
			throw new ZalandoRuleError(
				403,
				'Forbidden',
				`Status transition from ${line.status} to ${target} is not allowed for order line ${line.lineId}.`,
				'/data/attributes/status',
			);
		}
		// never mixed (doc §1.7): an order fulfilled through the Shipments API ships its lines with its shipments
		// ([unverified] status and wording of the refusal)
		if (target === 'shipped' && order.process === 'shipments') {
			throw new ZalandoRuleError(
				403,
				'Forbidden',
				`Order ${order.orderId} is fulfilled through the Shipments API: ship its lines by setting their shipment to shipped, not line by line.`,
				'/data/attributes/status',
			);
		}
		this.checkShippable(order, target);
		if (target === 'shipped' && order.trackingPatchedAt !== undefined) {
			const afterMs = now - order.trackingPatchedAt;
			if (afterMs < this.settings.trackingShipGapSeconds * 1000) {
				this.counters.shippedTooSoonAfterTracking++;
				this.shippedTooSoon.push({ orderId: order.orderId, lineId: line.lineId, afterMs, at: now });
			}
		}
		if ((target === 'shipped' || target === 'returned') && order.process === undefined)
			order.process = 'lines';
		this.moveLine(ref, target, now, by);
		if (target === 'returned' && update.reason !== undefined) line.returnReason = update.reason;
		if (update.outboundLogisticCenterId !== undefined)
			line.outboundLogisticCenterId = update.outboundLogisticCenterId;
	}

	/** Shipping needs an exported, approved order (doc §1.4, §1.15). */
	private checkShippable(order: ZalandoOrder, target: string): void {
		if (target === 'shipped' && !order.exported) {
			throw new ZalandoRuleError(
				403,
				'Forbidden',
				`Order ${order.orderId} has not been exported: export it (merchant_order_id) before shipping.`,
			);
		}
		if (target === 'shipped' && order.status === 'initial') {
			throw new ZalandoRuleError(
				403,
				'Forbidden',
				`Order ${order.orderId} is not approved (payment pending) and cannot be shipped.`,
			);
		}
	}

	/** A line's status change with its transition; the order becomes fulfilled when every line is done. */
	private moveLine(ref: LineRef, target: LineStatus, now: number, by: string): void {
		const { order, item, line } = ref;
		line.transitions.push({
			id: this.nextTransitionId(),
			from: line.status,
			to: target,
			at: now,
			by,
		});
		line.status = target;
		line.modifiedAt = now;
		line.modifiedBy = by;
		item.modifiedAt = now;
		this.touch(order, now, by);
		const lines = order.items.flatMap((i) => i.lines);
		if (order.status !== 'fulfilled' && lines.every((l) => DONE.includes(l.status))) {
			order.transitions.push({
				id: this.nextTransitionId(),
				from: order.status,
				to: 'fulfilled',
				at: now,
				by,
			});
			order.status = 'fulfilled';
		}
	}

	// ---- Shipments API (pilot: doc §1.7)

	/** The order's shipments, the initial one first (`shipmentViews`). */
	shipmentsOf(order: ZalandoOrder): ShipmentView[] {
		return shipmentViews(order);
	}

	shipment(order: ZalandoOrder, shipmentId: string): ShipmentView {
		const found = this.shipmentsOf(order).find((s) => s.shipmentId === shipmentId);
		if (!found)
			throw new ZalandoRuleError(
				404,
				'Not Found',
				`Shipment ${shipmentId} of order ${order.orderId} was not found.`,
			);
		return found;
	}

	/** Never mixed with the line process (doc §1.7, C6). [unverified] status and wording of the refusal. */
	private static shipmentsAllowed(order: ZalandoOrder): void {
		ZalandoStore.readOnly(order);
		if (order.process === 'lines')
			throw new ZalandoRuleError(
				403,
				'Forbidden',
				`Order ${order.orderId} is fulfilled through order line updates (its lines were set to shipped or returned one by one): the Shipments API cannot be used for it, the two processes are never mixed.`,
			);
	}

	/**
	 * `POST .../shipments`: a new shipment of the named lines; lines held by another shipment move to it (doc §1.7).
	 * Lines of a shipped or cancelled shipment, and lines no longer open, cannot move.
	 */
	createShipment(
		order: ZalandoOrder,
		input: ShipmentFields & {
			orderLines: Array<{ lineId: string; merchantIdentifier?: { type: string; value: string } }>;
		},
		now: number,
		by: string,
	): ZalandoShipment {
		ZalandoStore.shipmentsAllowed(order);
		if (!order.exported)
			throw new ZalandoRuleError(
				403,
				'Forbidden',
				`Order ${order.orderId} has not been exported: export it (merchant_order_id) before creating shipments.`,
			);
		if (input.orderLines.length === 0)
			throw new ZalandoRuleError(
				400,
				'Bad Request',
				'order_lines must name at least one order line.',
				'/order_lines',
			);
		const lines = new Map(
			order.items.flatMap((item) => item.lines.map((line) => [line.lineId, line] as const)),
		);
		const holders = this.shipmentsOf(order);
		const seen = new Set<string>();
		input.orderLines.forEach(({ lineId }, index) => {
			const pointer = `/order_lines/${index}/order_line_id`;
			const line = lines.get(lineId);
			if (!line)
				throw new ZalandoRuleError(
					400,
					'Bad Request',
					`Order line ${lineId} is not a line of order ${order.orderId}.`,
					pointer,
				);
			if (seen.has(lineId))
				throw new ZalandoRuleError(
					400,
					'Bad Request',
					`Order line ${lineId} is listed twice.`,
					pointer,
				);
			seen.add(lineId);
			const holder = holders.find((s) => s.orderLines.some((l) => l.lineId === lineId));
			if (holder && holder.status !== 'initial')
				throw new ZalandoRuleError(
					403,
					'Forbidden',
					`Order line ${lineId} is in shipment ${holder.shipmentId}, which is ${holder.status}: it cannot move to another shipment.`,
					pointer,
				);
			if (line.status !== 'initial' && line.status !== 'reserved')
				throw new ZalandoRuleError(
					403,
					'Forbidden',
					`Order line ${lineId} is ${line.status}: only open lines (initial, reserved) can be put into a shipment.`,
					pointer,
				);
		});
		ZalandoStore.checkWeight(input.weight);
		for (const other of order.shipments ?? [])
			other.orderLines = other.orderLines.filter((l) => !seen.has(l.lineId));
		const shipment: ZalandoShipment = {
			...ZalandoStore.fields(input),
			shipmentId: this.random.uuid(),
			shipmentNumber: `00340${this.random.digits(13)}`,
			status: 'initial',
			orderLines: input.orderLines.map((l) => ({ ...l })),
			createdAt: now,
			modifiedAt: now,
		};
		order.shipments = [...(order.shipments ?? []), shipment];
		order.process = 'shipments';
		this.counters.shipmentsCreated++;
		this.touch(order, now, by);
		return shipment;
	}

	/**
	 * `PATCH .../shipments/{sid}`: fields and status (initial -> shipped | canceled). A shipped shipment cannot be
	 * changed at all, order lines never (403 and 400: doc §1.7). Shipped or cancelled, the shipment's open lines follow
	 * ([unverified] cascade: the docs page was truncated there).
	 */
	updateShipment(
		order: ZalandoOrder,
		shipmentId: string,
		input: ShipmentFields & { orderLineIds?: string[] },
		now: number,
		by: string,
	): ShipmentView {
		ZalandoStore.shipmentsAllowed(order);
		const view = this.shipment(order, shipmentId);
		if (view.status === 'shipped')
			throw new ZalandoRuleError(
				403,
				'Forbidden',
				`Shipment ${shipmentId} is shipped: a shipped shipment cannot be updated.`,
			);
		if (input.orderLineIds !== undefined) {
			const current = new Set(view.orderLines.map((l) => l.lineId));
			const wanted = new Set(input.orderLineIds);
			if (current.size !== wanted.size || [...wanted].some((id) => !current.has(id)))
				throw new ZalandoRuleError(
					400,
					'Bad Request',
					'The order lines of a shipment cannot be changed: create a new shipment with the lines to move instead.',
					'/order_lines',
				);
		}
		const target = input.status ?? view.status;
		if (!['initial', 'shipped', 'canceled'].includes(target))
			throw new ZalandoRuleError(
				400,
				'Bad Request',
				`status must be one of initial, shipped, canceled; got '${target}'.`,
				'/status',
			);
		if (target !== view.status && view.status !== 'initial')
			throw new ZalandoRuleError(
				403,
				'Forbidden',
				`Status transition from ${view.status} to ${target} is not allowed for shipment ${shipmentId}.`,
				'/status',
			);
		if (input.weight !== undefined) ZalandoStore.checkWeight(input.weight);
		const lines = order.items.flatMap((item) =>
			item.lines
				.filter((line) => view.orderLines.some((l) => l.lineId === line.lineId))
				.map((line) => ({ order, item, line })),
		);
		if (target === 'shipped') {
			this.checkShippable(order, target);
			if (!lines.some(({ line }) => line.status === 'initial' || line.status === 'reserved'))
				throw new ZalandoRuleError(
					403,
					'Forbidden',
					`Shipment ${shipmentId} holds no open order line to ship.`,
					'/status',
				);
		}
		const fields = { ...ZalandoStore.fields(input), status: target, modifiedAt: now };
		if (view.initial) order.initialShipment = { ...order.initialShipment, ...fields };
		else {
			const stored = (order.shipments ?? []).find((s) => s.shipmentId === shipmentId)!;
			Object.assign(stored, fields);
		}
		order.process = 'shipments';
		this.counters.shipmentsUpdated++;
		if (target !== view.status) {
			const lineTarget: LineStatus = target === 'shipped' ? 'shipped' : 'canceled';
			for (const ref of lines)
				if (ref.line.status === 'initial' || ref.line.status === 'reserved') {
					if (lineTarget === 'shipped' && input.outboundLogisticCenterId !== undefined)
						ref.line.outboundLogisticCenterId = input.outboundLogisticCenterId;
					this.moveLine(ref, lineTarget, now, by);
				}
		}
		this.touch(order, now, by);
		return this.shipment(order, shipmentId);
	}

	private static checkWeight(weight: ShipmentFields['weight']): void {
		if (weight === undefined)
			throw new ZalandoRuleError(400, 'Bad Request', 'weight is required.', '/weight');
		if (!Number.isInteger(weight.value) || weight.value <= 0)
			throw new ZalandoRuleError(
				400,
				'Bad Request',
				'weight.value must be a positive whole number.',
				'/weight/value',
			);
		// [unverified] units other than grams: the spec's example and the doc only show "g"
		if (weight.unit !== 'g')
			throw new ZalandoRuleError(
				400,
				'Bad Request',
				`weight.unit must be g; got '${weight.unit}'.`,
				'/weight/unit',
			);
	}

	private static fields(input: ShipmentFields): ShipmentFields {
		const out: ShipmentFields = {};
		for (const key of [
			'merchantShipmentId',
			'outboundLogisticCenterId',
			'trackingNumber',
			'returnTrackingNumber',
			'weight',
		] as const)
			if (input[key] !== undefined) Object.assign(out, { [key]: input[key] });
		return out;
	}

	/**
	 * Zalando's side of the payment (admin seed `approve` / `failPayment`): an `initial` order is approved, or Zalando
	 * cancels every open line and the order becomes `fulfilled` (doc §1.5).
	 */
	settlePayment(orderId: string, outcome: 'approve' | 'fail', now: number): void {
		const order = this.orders.get(orderId);
		if (!order) throw new SeedInputError(`unknown orderId ${orderId}`);
		if (order.status !== 'initial' && !(outcome === 'fail' && order.status === 'approved'))
			throw new SeedInputError(`order ${orderId} is ${order.status}: its payment is settled`);
		const transition = (to: string, reason?: Transition['reason']) => ({
			id: this.nextTransitionId(),
			from: order.status,
			to,
			at: now,
			by: 'system',
			...(reason ? { reason } : {}),
		});
		if (outcome === 'approve') {
			order.transitions.push(transition('approved'));
			order.status = 'approved';
		} else {
			for (const item of order.items) {
				for (const line of item.lines.filter((l) => !DONE.includes(l.status))) {
					line.transitions.push({ ...transition('canceled'), from: line.status });
					line.status = 'canceled';
					line.modifiedAt = now;
					line.modifiedBy = 'system';
				}
				item.modifiedAt = now;
			}
			order.transitions.push(transition('fulfilled', { code: '0', description: 'PAYMENT_FAILED' }));
			order.status = 'fulfilled';
		}
		this.touch(order, now, 'system');
	}

	/** One stock update of a batch: unknown sales channels and EANs are rejected (code 101). */
	updateStock(
		channelIds: string[],
		entry: { sales_channel_id: string; ean: string; quantity: number },
		now: number,
	): StockResult {
		if (!channelIds.includes(entry.sales_channel_id))
			return {
				status: 'REJECTED',
				code: 101,
				description: `Sales channel ${entry.sales_channel_id} is not available for this merchant.`,
			};
		if (!this.articles.has(entry.ean))
			return {
				status: 'REJECTED',
				code: 101,
				description: `EAN ${entry.ean} is not known for this merchant.`,
			};
		this.stocks.set(`${entry.sales_channel_id}|${entry.ean}`, {
			quantity: entry.quantity,
			updatedAt: now,
		});
		return { status: 'ACCEPTED', code: 0, description: 'Stock update accepted.' };
	}
}
