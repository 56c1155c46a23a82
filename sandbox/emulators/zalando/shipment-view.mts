import type { ShipmentStatus, ShipmentView, ZalandoOrder } from './model.mts';

/**
 * The order's shipments (doc §1.7), the initial one first: it holds every line no created shipment holds. Until the
 * Shipments API changes it, its status follows the lines (all cancelled: canceled; one shipped or returned: shipped;
 * else initial) and its tracking is the order's, as `include=shipments` has always shown it. [unverified] An initial
 * shipment left without lines (all moved to created ones) is still listed, empty and `initial`.
 */
export function shipmentViews(order: ZalandoOrder): ShipmentView[] {
	const created = order.shipments ?? [];
	const moved = new Set(created.flatMap((s) => s.orderLines.map((l) => l.lineId)));
	const lines = order.items.flatMap((i) => i.lines).filter((l) => !moved.has(l.lineId));
	const own = order.initialShipment;
	const derived: ShipmentStatus =
		lines.length > 0 && lines.every((l) => l.status === 'canceled')
			? 'canceled'
			: lines.some((l) => l.status === 'shipped' || l.status === 'returned')
				? 'shipped'
				: 'initial';
	const initial: ShipmentView = {
		initial: true,
		shipmentId: order.shipmentId,
		shipmentNumber: order.shipmentNumber,
		orderLines: lines.map((l) => ({ lineId: l.lineId })),
		trackingNumber: order.trackingNumber,
		returnTrackingNumber: order.returnTrackingNumber,
		...own,
		status: own?.status ?? derived,
		createdAt: order.createdAt,
		modifiedAt: own?.modifiedAt ?? order.modifiedAt,
	};
	return [initial, ...created.map((s) => ({ ...s, initial: false }))];
}
