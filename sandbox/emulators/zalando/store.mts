import { Random } from '../core/random.mts';
import type {
	AnnouncedReturn,
	Article,
	LineStatus,
	ShippedTooSoon,
	Transition,
	ZalandoCounters,
	ZalandoItem,
	ZalandoLine,
	ZalandoOrder,
	ZalandoToken,
} from './model.mts';
import { SeedInputError, type ZalandoSeedData } from './seed.mts';

export type ZalandoSettings = {
	/** `expires_in` of access tokens (emulated seconds). */
	tokenLifetimeSeconds: number;
	/** A line shipped sooner than this after the order's tracking PATCH counts as `shippedTooSoonAfterTracking`. */
	trackingShipGapSeconds: number;
	/** Random open orders `POST /__admin/seed {}` adds. */
	defaultSeedOrders: number;
};

export const DEFAULT_ZALANDO_SETTINGS: ZalandoSettings = {
	tokenLifetimeSeconds: 7200,
	trackingShipGapSeconds: 5,
	defaultSeedOrders: 5,
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
		const { order, item, line } = ref;
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
		if (target === 'shipped' && order.trackingPatchedAt !== undefined) {
			const afterMs = now - order.trackingPatchedAt;
			if (afterMs < this.settings.trackingShipGapSeconds * 1000) {
				this.counters.shippedTooSoonAfterTracking++;
				this.shippedTooSoon.push({ orderId: order.orderId, lineId: line.lineId, afterMs, at: now });
			}
		}
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
		if (target === 'returned' && update.reason !== undefined) line.returnReason = update.reason;
		if (update.outboundLogisticCenterId !== undefined)
			line.outboundLogisticCenterId = update.outboundLogisticCenterId;
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
