import { asBody, toNumber } from '../../commerce.mts';
import { sqlDateTime } from '../../core/time.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { MagentoContext } from '../context.mts';
import { list, magentoRoutes, ok } from '../http.mts';
import { entity } from '../store.mts';

/** Shipping an order, the shipments and their tracks. */
export function shipmentRoutes(s: MagentoContext): RouteDefinition[] {
	const { store, now } = s;
	const { presentShipment } = s.present;
	const { routes, route } = magentoRoutes();
	route('POST', '/order/:id/ship', (req) =>
		ok(store.ship(store.order(Number(req.params.id)), asBody(req.body), now()).entity_id),
	);
	route('GET', '/shipments', (req) =>
		list(req, [...store.shipments.values()].map(presentShipment)),
	);
	route('GET', '/shipment/:id', (req) => {
		const shipment = entity(store.shipments, Number(req.params.id));
		return ok(presentShipment(shipment));
	});
	route('POST', '/shipment/track', (req) => {
		const input = asBody(asBody(req.body).entity);
		const shipment = entity(store.shipments, toNumber(input.parent_id, -1));
		const track = store.addTrack(shipment, input, now());
		return ok({ ...track, created_at: sqlDateTime(track.created_at) });
	});
	return routes;
}
