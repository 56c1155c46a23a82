import type {
	Customer,
	MiintoShopRecord,
	PositionRecord,
	RmaRecord,
	TransferRecord,
} from './model.mts';
import type { MiintoStore } from './store.mts';

/** The Order API version answered in `meta.version` (the clients' `Miinto-Api-Control-Version`, §2.1). */
export const ORDER_API_VERSION = '2.6';
export const AUTH_API_VERSION = '1.0';

/** Miinto's success envelope (§2.12). */
export function success(
	data: unknown,
	version = ORDER_API_VERSION,
	meta: Record<string, unknown> = {},
) {
	return { meta: { status: 'success', version, ...meta }, data };
}

/** Miinto's failure envelope (§2.12); [unverified] the reason in `meta.message` (unverified.ts ERROR_MESSAGE_FIELDS). */
export function failure(message: string, version = ORDER_API_VERSION) {
	return { meta: { status: 'failure', version, message } };
}

const offsetFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/Copenhagen',
	timeZoneName: 'longOffset',
});

/** ISO 8601 with the offset of Miinto's home time zone (`2026-11-23T11:15:00+01:00`, §2.5). */
export function miintoTime(epochMs: number): string {
	const zone =
		offsetFormat.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ??
		'GMT';
	const match = /GMT([+-])(\d{2}):(\d{2})/.exec(zone);
	const sign = match?.[1] === '-' ? -1 : 1;
	const minutes = match ? sign * (Number(match[2]) * 60 + Number(match[3])) : 0;
	const local = new Date(Math.floor(epochMs / 1000) * 1000 + minutes * 60_000)
		.toISOString()
		.slice(0, 19);
	const abs = Math.abs(minutes);
	const offset = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
	return `${local}${offset}`;
}

export function presentPosition(position: PositionRecord): Record<string, unknown> {
	return {
		id: position.id,
		quantity: position.quantity,
		price: position.price,
		item: {
			gtin: position.item.gtin,
			name: position.item.name,
			brand: position.item.brand,
			productId: position.item.productId,
			miintoId: position.item.miintoId,
		},
		...(position.trackAndTrace === undefined
			? {}
			: { trackAndTrace: position.trackAndTrace, shippingProviderId: position.shippingProviderId }),
	};
}

const withStatus = (positions: PositionRecord[], ...statuses: string[]) =>
	positions.filter((p) => statuses.includes(p.status)).map(presentPosition);

/**
 * A transfer as offered to the shop (§2.3): its pending positions, and ([unverified], unverified.ts
 * TRANSFER_DECIDED_FIELDS) the positions decided already. The customer is not shown before acceptance
 * ([unverified]: clients read only positions of a transfer).
 */
export function presentTransfer(transfer: TransferRecord): Record<string, unknown> {
	return {
		id: transfer.id,
		status: transfer.positions.some((p) => p.status === 'pending')
			? 'pending'
			: transfer.positions.every((p) => p.status === 'declined')
				? 'declined'
				: 'accepted',
		currency: transfer.currency,
		createdAt: miintoTime(transfer.createdAt),
		parentOrder: { id: transfer.parentOrderId, createdAt: miintoTime(transfer.createdAt) },
		pendingPositions: withStatus(transfer.positions, 'pending'),
		acceptedPositions: withStatus(transfer.positions, 'accepted', 'shipped'),
		declinedPositions: withStatus(transfer.positions, 'declined'),
	};
}

function presentCustomer(customer: Customer): Record<string, unknown> {
	return {
		name: customer.name,
		email: customer.email,
		phone: customer.phone,
		address: { ...customer.address },
	};
}

/** An accepted order (§2.5). */
export function presentOrder(store: MiintoStore, orderId: number): Record<string, unknown> {
	const order = store.orders.get(orderId);
	if (!order) throw new Error(`no order ${orderId}`);
	const transfer = store.transferOf(order);
	const { delivery } = transfer;
	return {
		id: order.id,
		status: store.orderStatus(order),
		currency: transfer.currency,
		createdAt: miintoTime(order.createdAt),
		transferId: transfer.id,
		parentOrder: { id: transfer.parentOrderId, createdAt: miintoTime(transfer.createdAt) },
		acceptedPositions: store.orderPositions(order).map(presentPosition),
		billingInformation: presentCustomer(transfer.billing),
		shippingInformation: {
			deliveryAddress: {
				name: delivery.name,
				type: delivery.type,
				...(delivery.parcelShopId === undefined ? {} : { parcelShopId: delivery.parcelShopId }),
				address: { ...delivery.address },
			},
		},
	};
}

export function presentShop(shop: MiintoShopRecord): Record<string, unknown> {
	return { id: shop.id, name: shop.name, countryCode: shop.countryCode, currency: shop.currency };
}

/** [unverified] An RMA or RMA request (§2.9: no public schema; the yaml's `Rma`, the node's guess). */
export function presentRma(store: MiintoStore, rma: RmaRecord): Record<string, unknown> {
	const order = store.orders.get(rma.orderId);
	const transfer = order ? store.transferOf(order) : undefined;
	return {
		id: rma.id,
		orderId: rma.orderId,
		status: rma.status,
		type: rma.origin === 'merchant' ? 'rmaRequest' : 'rma',
		createdAt: miintoTime(rma.createdAt),
		decidedAt: rma.decidedAt === undefined ? null : miintoTime(rma.decidedAt),
		reason: rma.reason,
		comment: rma.comment ?? null,
		decisionReason: rma.decisionReason ?? null,
		trackAndTrace: rma.trackAndTrace ?? null,
		currency: transfer?.currency ?? '',
		positions: rma.positions.map((p) => {
			const position = transfer?.positions.find((o) => o.id === p.positionId);
			return {
				id: p.positionId,
				quantity: p.quantity,
				...(position ? { price: position.price, item: presentPosition(position).item } : {}),
				reason: p.reason,
			};
		}),
	};
}
