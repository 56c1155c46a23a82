import type { RouteDefinition } from '../../core/router.mts';
import type { MagentoContext } from '../context.mts';
import { list, magentoRoutes, ok } from '../http.mts';
import { entity } from '../store.mts';

/** Invoicing an order, and the invoices. */
export function invoiceRoutes(s: MagentoContext): RouteDefinition[] {
	const { store, now } = s;
	const { presentInvoice } = s.present;
	const { routes, route } = magentoRoutes();
	route('POST', '/order/:id/invoice', (req) =>
		ok(store.invoice(store.order(Number(req.params.id)), now()).entity_id),
	);
	route('GET', '/invoices', (req) => list(req, [...store.invoices.values()].map(presentInvoice)));
	route('GET', '/invoices/:id', (req) => {
		const invoice = entity(store.invoices, Number(req.params.id));
		return ok(presentInvoice(invoice));
	});
	return routes;
}
