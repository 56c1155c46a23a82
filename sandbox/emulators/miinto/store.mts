import { randomBytes } from 'node:crypto';

import type {
	MiintoAccount,
	MiintoChannelRecord,
	MiintoItemRecord,
	MiintoShopRecord,
	OrderRecord,
	PositionRecord,
	RmaRecord,
	ShippingProvider,
	StockRecord,
	TransferRecord,
} from './model.mts';

/** A Miinto rule broken by a request: answered with the failure envelope and this HTTP status. */
export class MiintoRuleError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

export type MiintoSettings = {
	/** [unverified] The channel's lifetime (no source names one): emulated seconds. */
	channelLifetimeSeconds: number;
	/** [unverified] How far a signature's timestamp may be from the server's clock (emulated or real), seconds. */
	timestampToleranceSeconds: number;
	/**
	 * The HTTP status of an expired channel's failure envelope: 401, or 200 as one client reads it from the body (M-C5).
	 * The node handles both.
	 */
	expiredChannelStatus: number;
	/** [unverified] Largest page (`limit`); larger values are cut to it. */
	maxPageSize: number;
	/** [unverified] Page size without `limit`. */
	defaultPageSize: number;
	/** Transfers `POST /__admin/seed {}` adds. */
	defaultSeedTransfers: number;
};

export const DEFAULT_MIINTO_SETTINGS: MiintoSettings = {
	channelLifetimeSeconds: 3600,
	timestampToleranceSeconds: 300,
	expiredChannelStatus: 401,
	maxPageSize: 1000,
	defaultPageSize: 50,
	defaultSeedTransfers: 3,
};

/** [unverified] Which providers Miinto allows for an order: by delivery country, and parcel shops only where served. */
export const SHIPPING_PROVIDERS: readonly ShippingProvider[] = [
	{ id: 1, name: 'PostNord', parcelShops: true, countries: ['DK', 'SE', 'NO'] },
	{ id: 2, name: 'GLS', parcelShops: true, countries: ['DK', 'SE', 'NL', 'BE', 'DE'] },
	{ id: 3, name: 'DAO', parcelShops: true, countries: ['DK'] },
	{
		id: 4,
		name: 'DHL Express',
		parcelShops: false,
		countries: ['DK', 'SE', 'NO', 'NL', 'BE', 'DE'],
	},
	{ id: 5, name: 'Budbee', parcelShops: false, countries: ['SE', 'NL'] },
	{ id: 6, name: 'Bring', parcelShops: true, countries: ['NO', 'SE'] },
];

export interface MiintoCounters {
	channelsOpened: number;
	channelRefusals: number;
	signatureRefusals: number;
	expiredChannelAnswers: number;
	decisions: number;
	positionsAccepted: number;
	positionsDeclined: number;
	shipments: number;
	shipmentsRepeated: number;
	stockRequests: number;
	stockItems: number;
	rmaDecisions: number;
	rmaRequests: number;
}

const zeroCounters = (): MiintoCounters => ({
	channelsOpened: 0,
	channelRefusals: 0,
	signatureRefusals: 0,
	expiredChannelAnswers: 0,
	decisions: 0,
	positionsAccepted: 0,
	positionsDeclined: 0,
	shipments: 0,
	shipmentsRepeated: 0,
	stockRequests: 0,
	stockItems: 0,
	rmaDecisions: 0,
	rmaRequests: 0,
});

/** What seeding produces (the start-up seed and `POST /__admin/seed`). */
export interface MiintoData {
	accounts: MiintoAccount[];
	shops: MiintoShopRecord[];
	items: Record<string, MiintoItemRecord[]>;
	transfers: TransferRecord[];
	orders: OrderRecord[];
	rmas: RmaRecord[];
}

/** Ids: transfers 6 digits, positions 7, orders 8, RMAs 5 (none of them from a source: shapes only). */
const FIRST_IDS = {
	transfer: 510001,
	position: 7400001,
	order: 30000001,
	rma: 60001,
	parent: 880001,
};

export class MiintoStore {
	readonly accounts = new Map<string, MiintoAccount>();
	readonly channels = new Map<string, MiintoChannelRecord>();
	readonly shops = new Map<string, MiintoShopRecord>();
	/** Items of each shop's feed (the location's items). */
	readonly items = new Map<string, MiintoItemRecord[]>();
	readonly transfers = new Map<number, TransferRecord>();
	readonly orders = new Map<number, OrderRecord>();
	readonly rmas = new Map<number, RmaRecord>();
	readonly stocks = new Map<string, StockRecord>();
	counters = zeroCounters();
	private next = { ...FIRST_IDS };

	constructor(readonly settings: MiintoSettings) {}

	clear(): void {
		for (const map of [
			this.accounts,
			this.channels,
			this.shops,
			this.items,
			this.transfers,
			this.orders,
			this.rmas,
			this.stocks,
		])
			map.clear();
		this.counters = zeroCounters();
		this.next = { ...FIRST_IDS };
	}

	load(data: MiintoData): void {
		data.accounts.forEach((a) => this.accounts.set(a.username, a));
		data.shops.forEach((s) => this.shops.set(s.id, s));
		for (const [shopId, items] of Object.entries(data.items)) {
			const known = this.items.get(shopId) ?? [];
			for (const item of items) if (!known.some((k) => k.gtin === item.gtin)) known.push(item);
			this.items.set(shopId, known);
		}
		data.transfers.forEach((t) => this.transfers.set(t.id, t));
		data.orders.forEach((o) => this.orders.set(o.id, o));
		data.rmas.forEach((r) => this.rmas.set(r.id, r));
		const max = (values: number[], floor: number) => Math.max(floor, ...values.map((v) => v + 1));
		this.next.transfer = max([...this.transfers.keys()], this.next.transfer);
		this.next.position = max(
			[...this.transfers.values()].flatMap((t) => t.positions.map((p) => p.id)),
			this.next.position,
		);
		this.next.order = max([...this.orders.keys()], this.next.order);
		this.next.rma = max([...this.rmas.keys()], this.next.rma);
		this.next.parent = max(
			[...this.transfers.values()].map((t) => t.parentOrderId),
			this.next.parent,
		);
	}

	nextId(kind: keyof typeof FIRST_IDS): number {
		return this.next[kind]++;
	}

	// ---- channels

	openChannel(account: MiintoAccount, now: number): MiintoChannelRecord {
		const channel: MiintoChannelRecord = {
			id: `M!t!Ch!v1!${String(account.accessorId).padStart(10, '0')}-${randomBytes(7).toString('hex').slice(0, 13)}-${100_000_000 + (randomBytes(4).readUInt32BE(0) % 900_000_000)}`,
			token: randomBytes(16).toString('hex'),
			username: account.username,
			openedAt: now,
			expiresAt: now + this.settings.channelLifetimeSeconds * 1000,
			revoked: false,
		};
		this.channels.set(channel.id, channel);
		this.counters.channelsOpened++;
		return channel;
	}

	/** The shop ids a channel's privileges name. */
	shopsOf(username: string): string[] {
		const account = this.accounts.get(username);
		if (!account) return [];
		return [...new Set([...account.storeShops, ...Object.values(account.shopAdmin).flat()])];
	}

	shop(username: string, shopId: string): MiintoShopRecord {
		const shop = this.shops.get(shopId);
		if (!shop) throw new MiintoRuleError(404, `Shop ${shopId} not found.`);
		if (!this.shopsOf(username).includes(shopId))
			throw new MiintoRuleError(403, `The channel has no privilege for shop ${shopId}.`);
		return shop;
	}

	// ---- transfers

	transfer(shopId: string, transferId: number): TransferRecord {
		const transfer = this.transfers.get(transferId);
		if (!transfer || transfer.shopId !== shopId)
			throw new MiintoRuleError(404, `Transfer ${transferId} not found.`);
		return transfer;
	}

	/** Transfers with at least one pending position: the ones offered to the shop now. */
	pendingTransfers(shopId: string): TransferRecord[] {
		return [...this.transfers.values()].filter(
			(t) => t.shopId === shopId && t.positions.some((p) => p.status === 'pending'),
		);
	}

	/**
	 * Accepts and declines positions of a transfer in one call (§2.4): every id must be a position of the transfer that
	 * is still pending (a decided one: 409), named once, and at least one must be named (400). Nothing is applied when
	 * one id is wrong. The accepted positions become an order (the first accept creates it, later ones extend it).
	 */
	decide(
		shopId: string,
		transferId: number,
		accepted: number[],
		declined: number[],
		now: number,
	): { orderId: number | null } {
		const transfer = this.transfer(shopId, transferId);
		if (accepted.length === 0 && declined.length === 0)
			throw new MiintoRuleError(
				400,
				'Name at least one position in acceptedPositions or declinedPositions.',
			);
		const all = [...accepted, ...declined];
		const twice = all.filter((id, i) => all.indexOf(id) !== i);
		if (twice.length > 0)
			throw new MiintoRuleError(
				400,
				`Position(s) ${[...new Set(twice)].join(', ')} named more than once.`,
			);
		const byId = new Map(transfer.positions.map((p) => [p.id, p]));
		const unknown = all.filter((id) => !byId.has(id));
		if (unknown.length > 0)
			throw new MiintoRuleError(
				400,
				`Position(s) ${unknown.join(', ')} do not belong to transfer ${transferId}.`,
			);
		const decided = all.filter((id) => byId.get(id)?.status !== 'pending');
		if (decided.length > 0)
			throw new MiintoRuleError(
				409,
				`Position(s) ${decided.join(', ')} of transfer ${transferId} are already decided.`,
			);
		for (const id of accepted)
			Object.assign(byId.get(id) as PositionRecord, { status: 'accepted', decidedAt: now });
		for (const id of declined)
			Object.assign(byId.get(id) as PositionRecord, { status: 'declined', decidedAt: now });
		this.counters.decisions++;
		this.counters.positionsAccepted += accepted.length;
		this.counters.positionsDeclined += declined.length;
		if (accepted.length === 0) return { orderId: null };
		if (transfer.orderId === undefined) {
			const order: OrderRecord = { id: this.nextId('order'), shopId, transferId, createdAt: now };
			this.orders.set(order.id, order);
			transfer.orderId = order.id;
		}
		return { orderId: transfer.orderId };
	}

	/** A transfer every position of which was declined: Miinto can offer it to another shop (M-P3b). */
	static routedAway(transfer: TransferRecord): boolean {
		return transfer.positions.every((p) => p.status === 'declined');
	}

	// ---- orders

	order(shopId: string, orderId: number): OrderRecord {
		const order = this.orders.get(orderId);
		if (!order || order.shopId !== shopId)
			throw new MiintoRuleError(404, `Order ${orderId} not found.`);
		return order;
	}

	transferOf(order: OrderRecord): TransferRecord {
		return this.transfers.get(order.transferId) as TransferRecord;
	}

	/** The order's positions: the accepted (and shipped) positions of its transfer. */
	orderPositions(order: OrderRecord): PositionRecord[] {
		return this.transferOf(order).positions.filter(
			(p) => p.status === 'accepted' || p.status === 'shipped',
		);
	}

	/** `accepted` until every position is shipped, then `shipped` [unverified: the order status names]. */
	orderStatus(order: OrderRecord): 'accepted' | 'shipped' {
		return this.orderPositions(order).every((p) => p.status === 'shipped') ? 'shipped' : 'accepted';
	}

	providersFor(order: OrderRecord): ShippingProvider[] {
		const { delivery } = this.transferOf(order);
		return SHIPPING_PROVIDERS.filter(
			(p) =>
				p.countries.includes(delivery.address.countryCode.toUpperCase()) &&
				(delivery.type !== 'ParcelShopDelivery' || p.parcelShops),
		);
	}

	/**
	 * Ships positions of an order with a track & trace code and an allowed provider ([unverified] payload, §2.6). All or
	 * nothing; shipping a shipped position again with the same code and provider changes nothing, with another is 400.
	 */
	ship(
		shopId: string,
		orderId: number,
		shipped: Array<{ id: number; trackAndTrace: string; shippingProviderId: number | string }>,
		now: number,
	): void {
		const order = this.order(shopId, orderId);
		const positions = new Map(this.orderPositions(order).map((p) => [p.id, p]));
		const allowed = this.providersFor(order);
		const problems: string[] = [];
		const ids = shipped.map((s) => s.id);
		const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
		if (twice.length > 0)
			problems.push(`position(s) ${[...new Set(twice)].join(', ')} named more than once`);
		let repeated = 0;
		for (const entry of shipped) {
			const position = positions.get(entry.id);
			const provider = Number(entry.shippingProviderId);
			if (!position) {
				problems.push(`position ${entry.id} is not an accepted position of order ${orderId}`);
				continue;
			}
			if (entry.trackAndTrace.trim() === '')
				problems.push(`position ${entry.id}: trackAndTrace is empty`);
			if (!allowed.some((p) => p.id === provider))
				problems.push(
					`position ${entry.id}: shipping provider ${String(entry.shippingProviderId)} is not allowed for order ${orderId} (allowed: ${allowed.map((p) => p.id).join(', ') || 'none'})`,
				);
			if (position.status === 'shipped') {
				if (
					position.trackAndTrace === entry.trackAndTrace &&
					position.shippingProviderId === provider
				)
					repeated++;
				else
					problems.push(`position ${entry.id} was shipped already with another track & trace code`);
			}
		}
		if (problems.length > 0) throw new MiintoRuleError(400, `${problems.join('; ')}.`);
		for (const entry of shipped) {
			const position = positions.get(entry.id) as PositionRecord;
			if (position.status === 'shipped') continue;
			Object.assign(position, {
				status: 'shipped',
				trackAndTrace: entry.trackAndTrace,
				shippingProviderId: Number(entry.shippingProviderId),
				shippedAt: now,
			});
		}
		this.counters.shipments++;
		if (repeated === shipped.length) this.counters.shipmentsRepeated++;
	}

	// ---- stock

	/**
	 * Stock of many items of one location (§2.8, [unverified] item shape): each item named by one identifier (`gtin`,
	 * `id` or `miintoId`; the first present) and its `stock`. Items outside the location's feed are stored too and
	 * marked `known: false` in the admin state (no source says Miinto refuses them).
	 */
	updateStock(
		locationId: string,
		items: Array<Record<string, unknown>>,
		now: number,
	): { updated: number; unknown: string[] } {
		const feed = this.items.get(locationId) ?? [];
		const problems: string[] = [];
		const named = items.map((item, i) => {
			const field = (['gtin', 'id', 'miintoId'] as const).find(
				(f) => typeof item[f] === 'string' && (item[f] as string).trim() !== '',
			);
			if (!field) problems.push(`item ${i}: name it by gtin, id or miintoId`);
			return { field, identifier: field ? String(item[field]) : '', stock: Number(item.stock) };
		});
		if (problems.length > 0) throw new MiintoRuleError(400, `${problems.join('; ')}.`);
		const unknown: string[] = [];
		for (const { field, identifier, stock } of named) {
			const key = field === 'gtin' ? 'gtin' : field === 'id' ? 'productId' : 'miintoId';
			const known = feed.some((item) => item[key] === identifier);
			if (!known) unknown.push(identifier);
			this.stocks.set(`${locationId}|${field}|${identifier}`, {
				locationId,
				field: field as string,
				identifier,
				stock,
				known,
				updatedAt: now,
			});
		}
		this.counters.stockRequests++;
		this.counters.stockItems += items.length;
		return { updated: items.length, unknown };
	}

	// ---- RMAs

	rma(shopId: string, rmaId: number): RmaRecord {
		const rma = this.rmas.get(rmaId);
		if (!rma || rma.shopId !== shopId) throw new MiintoRuleError(404, `RMA ${rmaId} not found.`);
		return rma;
	}

	/**
	 * `pending -> accepted | declined` with the merchant's reason (required to decline). Deciding a decided RMA the
	 * same way again changes nothing (200); the other way is 409 (the yaml's decideRma).
	 */
	decideRma(
		shopId: string,
		rmaId: number,
		decision: 'accepted' | 'declined',
		reason: string,
		now: number,
	): RmaRecord {
		const rma = this.rma(shopId, rmaId);
		if (rma.status === decision) return rma;
		if (rma.status !== 'pending')
			throw new MiintoRuleError(409, `RMA ${rmaId} is already ${rma.status}.`);
		if (decision === 'declined' && reason.trim() === '')
			throw new MiintoRuleError(400, 'reason: a declined RMA needs a reason.');
		rma.status = decision;
		rma.decisionReason = reason === '' ? undefined : reason;
		rma.decidedAt = now;
		rma.updatedAt = now;
		if (decision === 'accepted') {
			const order = this.orders.get(rma.orderId);
			const positions = order ? this.orderPositions(order) : [];
			for (const entry of rma.positions) {
				const position = positions.find((p) => p.id === entry.positionId);
				if (position) position.returnedQuantity += entry.quantity;
			}
		}
		this.counters.rmaDecisions++;
		return rma;
	}

	/**
	 * An RMA request created by the merchant (a store-side refund, §2.9): accepted positions of the order, quantities at
	 * most the ordered quantity less what other RMAs (pending or accepted) of the position already hold [unverified: the
	 * yaml says "at most their ordered quantity"; counting other RMAs is the emulator's guess, so a request sent twice
	 * is refused the second time].
	 */
	createRma(
		shopId: string,
		orderId: number,
		positions: Array<{ positionId: number; quantity: number }>,
		reason: string | null,
		now: number,
	): RmaRecord {
		const order = this.order(shopId, orderId);
		if (positions.length === 0) throw new MiintoRuleError(400, 'Name at least one position.');
		const own = new Map(this.orderPositions(order).map((p) => [p.id, p]));
		const problems: string[] = [];
		for (const entry of positions) {
			const position = own.get(entry.positionId);
			if (!position) {
				problems.push(`position ${entry.positionId} is not a position of order ${orderId}`);
				continue;
			}
			const open = [...this.rmas.values()]
				.filter((r) => r.orderId === orderId && r.status !== 'declined')
				.flatMap((r) => r.positions)
				.filter((p) => p.positionId === entry.positionId)
				.reduce((sum, p) => sum + p.quantity, 0);
			if (
				!Number.isInteger(entry.quantity) ||
				entry.quantity < 1 ||
				entry.quantity + open > position.quantity
			)
				problems.push(
					`position ${entry.positionId}: quantity ${entry.quantity} is more than the ${position.quantity - open} left to return`,
				);
		}
		if (problems.length > 0) throw new MiintoRuleError(400, `${problems.join('; ')}.`);
		const rma: RmaRecord = {
			id: this.nextId('rma'),
			shopId,
			orderId,
			status: 'pending',
			createdAt: now,
			updatedAt: now,
			positions: positions.map((p) => ({
				positionId: p.positionId,
				quantity: p.quantity,
				reason,
			})),
			reason,
			origin: 'merchant',
		};
		this.rmas.set(rma.id, rma);
		this.counters.rmaRequests++;
		return rma;
	}
}
