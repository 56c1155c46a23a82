import { asBody, optionalString } from '../../commerce.mts';
import type { EmulatorRequest } from '../../core/http.mts';
import type { RouteDefinition } from '../../core/router.mts';
import type { WooContext } from '../context.mts';
import { created, ok, requireForce, route } from '../http.mts';
import { WooError, WooStore, type WooNote, type WooOrder } from '../store.mts';
import { findOrder } from './orders.mts';

function findNote(store: WooStore, req: EmulatorRequest): { order: WooOrder; note: WooNote } {
	const order = findOrder(store, req);
	const note = order.notes.find((n) => n.id === Number(req.params.noteId));
	if (!note) throw new WooError(404, 'woocommerce_rest_invalid_id', 'Invalid resource ID.');
	return { order, note };
}

/** An order's notes. */
export function noteRoutes(s: WooContext): RouteDefinition[] {
	const { store, now } = s;
	const { presentNote } = s.present;
	return [
		route('GET', '/orders/:id/notes', (req) => {
			const type = req.query.get('type') ?? 'any';
			const notes = findOrder(store, req).notes.filter(
				(n) => type === 'any' || (type === 'customer') === n.customer_note,
			);
			return ok([...notes].reverse().map(presentNote));
		}),
		route('POST', '/orders/:id/notes', (req) => {
			const order = findOrder(store, req);
			const body = asBody(req.body);
			const text = optionalString(body.note);
			if (!text)
				throw new WooError(400, 'rest_missing_callback_param', 'Missing parameter(s): note', {
					params: ['note'],
				});
			const note = store.note(
				order,
				text,
				now(),
				body.customer_note === true,
				body.added_by_user === true ? 'admin' : 'WooCommerce',
			);
			return created(presentNote(note));
		}),
		route('GET', '/orders/:id/notes/:noteId', (req) => ok(presentNote(findNote(store, req).note))),
		route('DELETE', '/orders/:id/notes/:noteId', (req) => {
			const { order, note } = findNote(store, req);
			requireForce(req, 'The order note');
			order.notes = order.notes.filter((n) => n !== note);
			return ok(presentNote(note));
		}),
	];
}
