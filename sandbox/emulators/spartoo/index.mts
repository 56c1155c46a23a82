import { snapshotOf } from '../core/service.mts';
import type { SpartooState } from './state.mts';
import { translateError } from '../core/attempt.mts';
import type { EmulatorRequest, EmulatorResponse } from '../core/http.mts';
import { Random } from '../core/random.mts';
import type { HttpMethod, RouteDefinition } from '../core/router.mts';
import {
	SeedError,
	type ServiceContext,
	type ServiceDefinition,
	type ServiceFactory,
} from '../core/service.mts';
import { asInput } from '../seed/input.mts';
import {
	ORDER_STATUS_NAMES,
	RETURN_STATUS_NAMES,
	SpartooCode,
	orderTotal,
	type SpartooOrder,
	type SpartooReturn,
} from './model.mts';
import { paramsOf } from './params.mts';
import { SPARTOO_XML_TYPE, answer } from './present.mts';
import { SPARTOO_RATE_LIMITS } from './rate-limits.mts';
import { SPARTOO_SCRIPTS, envelopeOf, scriptOf, scriptRoutes } from './scripts.mts';
import {
	generateProducts,
	generateSpartooSeed,
	orderFromInput,
	productFromInput,
	returnFromInput,
} from './seed.mts';
import { DEFAULT_SPARTOO_SETTINGS, SpartooStore, type SpartooSettings } from './store.mts';
import { parisDateTime } from './time.mts';

export { SPARTOO_SCRIPTS } from './scripts.mts';
export { SPARTOO_HOURLY_LIMIT, SPARTOO_RATE_LIMITS } from './rate-limits.mts';
export { generateSpartooSeed } from './seed.mts';

/** The emulator's partner key ("Merchant ID for webservices"). */
export const SPARTOO_DEFAULT_PARTNER_KEY = 'spartoo-emulator-partner-key';

export interface SpartooPartner {
	key: string;
	/** Shown in the admin state and used as the quota's key (never the key itself). */
	id: string;
}

/**
 * The Spartoo marketplace web services (`https://sws.spartoo.{tld}/mp/<script>.php`) on one loopback port: the seven
 * scripts of docs/spartoo-api.derived.md, form (or query) parameters in both spellings, the partner key, Spartoo's
 * numeric codes in its two XML envelopes (always HTTP 200), the order and return status machines, per-size stock and
 * the hourly quota (-429) on the emulated clock.
 */
export interface SpartooOptions {
	partners?: SpartooPartner[];
	settings?: Partial<SpartooSettings>;
}

/** A page a PHP host would serve for anything that is not a script (404, 405, 500 faults): HTML, not XML. */
function htmlPage(status: number, title: string, detail?: string): EmulatorResponse {
	const escape = (s: string) =>
		s.replace(
			/[&<>"]/g,
			(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
		);
	return {
		status,
		contentType: 'text/html; charset=UTF-8',
		raw: `<!DOCTYPE html><html><head><title>${status} ${escape(title)}</title></head><body><h1>${escape(title)}</h1>${detail ? `<p>${escape(detail)}</p>` : ''}</body></html>`,
	};
}

const iso = (ms: number) => new Date(ms).toISOString();

function snapshotOrder(order: SpartooOrder) {
	return {
		orders_id: order.id,
		status: order.status,
		date_purchased: parisDateTime(order.purchasedAt),
		last_modified: parisDateTime(order.modifiedAt),
		purchasedAt: iso(order.purchasedAt),
		modifiedAt: iso(order.modifiedAt),
		trackingNumber: order.trackingNumber ?? null,
		shippingName: order.shippingName,
		total: orderTotal(order),
		customer: order.customer,
		delivery: order.delivery,
		relay: order.relay ?? null,
		lines: order.lines,
		history: order.history.map((h) => ({ ...h, at: iso(h.at) })),
	};
}

function snapshotReturn(ret: SpartooReturn) {
	return {
		return_id: ret.id,
		order: ret.orderId,
		status: ret.status,
		reason: ret.reason,
		createdAt: iso(ret.createdAt),
		unixDate: Math.floor(ret.createdAt / 1000),
		modifiedAt: iso(ret.modifiedAt),
		labelLink: ret.labelLink ?? null,
		labelFile: ret.labelFile ?? null,
		line: ret.line,
		history: ret.history.map((h) => ({ ...h, at: iso(h.at) })),
	};
}

export function spartooService(options: SpartooOptions = {}): ServiceFactory {
	return (ctx: ServiceContext): ServiceDefinition => {
		const partners = options.partners ?? [{ key: SPARTOO_DEFAULT_PARTNER_KEY, id: 'partner-1' }];
		const settings: SpartooSettings = { ...DEFAULT_SPARTOO_SETTINGS, ...options.settings };
		const store = new SpartooStore(settings);
		const now = () => ctx.clock.now();
		const scripts = { store, now };

		const routes: RouteDefinition[] = [...scriptRoutes(scripts)];
		// any other `/mp/...` path: the host's 404 page (the auth hook does not run for it)
		for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as HttpMethod[])
			routes.push({
				method,
				path: '/mp/*',
				auth: false,
				handler: (req) =>
					Object.values(SPARTOO_SCRIPTS).includes(scriptOf(req.path) as never)
						? htmlPage(405, 'Method Not Allowed', `${req.method} ${req.path}`)
						: htmlPage(404, 'Not Found', `No script at ${req.path}`),
			});

		function seedData(input: Record<string, unknown>): Record<string, number> {
			const at = now();
			const seed = typeof input.seed === 'number' ? input.seed : (ctx.seed ?? 1);
			const random = new Random(seed).fork(
				`admin-${store.orders.size}-${store.returns.size}-${store.products.size}`,
			);
			const summary = { products: 0, orders: 0, returns: 0, paidReturns: 0, moved: 0 };
			if (store.products.size === 0 && input.products === undefined)
				generateProducts(seed).forEach((p) => store.products.set(p.reference, p));
			if (Array.isArray(input.products)) {
				for (const raw of input.products) {
					const product = productFromInput(raw, random, at);
					store.products.set(product.reference, product);
				}
				summary.products = input.products.length;
			}
			const addOrder = (order: SpartooOrder, explicit: boolean) => {
				if (!/^\d{1,20}$/.test(order.id))
					throw new SeedError(`order ids are numbers (Spartoo's orders_id), not ${order.id}`);
				if (store.orders.has(order.id)) {
					if (explicit) throw new SeedError(`order ${order.id} exists`);
					while (store.orders.has(order.id)) order.id = String(Number(order.id) + 1);
				}
				store.orders.set(order.id, order);
			};
			if (Array.isArray(input.orders)) {
				for (const raw of input.orders) {
					const order = orderFromInput(raw, random, store.products, at);
					addOrder(order, asInput(raw).id !== undefined);
				}
				summary.orders = input.orders.length;
			} else if (
				typeof input.orders === 'number' ||
				(input.orders === undefined &&
					input.products === undefined &&
					input.returns === undefined &&
					input.payReturns === undefined &&
					input.spartooMoves === undefined)
			) {
				const count = typeof input.orders === 'number' ? input.orders : settings.defaultSeedOrders;
				if (!Number.isInteger(count) || count < 0 || count > 10_000)
					throw new SeedError('orders must be an integer between 0 and 10000');
				for (let i = 0; i < count; i++)
					addOrder(
						orderFromInput(
							{ purchasedAt: at - random.int(1, 180) * 60_000 },
							random,
							store.products,
							at,
						),
						false,
					);
				summary.orders = count;
			}
			if (Array.isArray(input.returns)) {
				for (const raw of input.returns) {
					const ret = returnFromInput(raw, random, store.orders, at);
					if (store.returns.has(ret.id)) {
						if (asInput(raw).id !== undefined) throw new SeedError(`return ${ret.id} exists`);
						while (store.returns.has(ret.id)) ret.id = String(Number(ret.id) + 1);
					}
					store.returns.set(ret.id, ret);
				}
				summary.returns = input.returns.length;
			}
			if (Array.isArray(input.payReturns)) {
				// Spartoo pays an accepted return now (4 -> 5), without waiting for returnPaidAfterHours
				for (const id of input.payReturns) {
					const ret = store.returns.get(String(id));
					if (!ret || ret.status !== 4)
						throw new SeedError(`return ${String(id)} is not accepted (status 4)`);
					ret.status = 5;
					ret.modifiedAt = at;
					ret.history.push({ status: 5, at, by: 'spartoo' });
				}
				summary.paidReturns = input.payReturns.length;
			}
			if (input.spartooMoves !== undefined)
				summary.moved = spartooMoves(asInput(input.spartooMoves), at);
			return summary;
		}

		/**
		 * Spartoo's own status changes, outside the merchant's machine (a carrier reports a parcel lost or back, Spartoo
		 * cancels, refunds a return): `{orders: [{id, status}], returns: [{id, status}]}`, any known status.
		 */
		function spartooMoves(input: Record<string, unknown>, at: number): number {
			let moved = 0;
			const list = (key: string) => (Array.isArray(input[key]) ? (input[key] as unknown[]) : []);
			for (const raw of list('orders')) {
				const { id, status } = asInput(raw);
				const order = store.orders.get(String(id));
				if (!order) throw new SeedError(`no order ${String(id)}`);
				if (typeof status !== 'number' || !(status in ORDER_STATUS_NAMES))
					throw new SeedError(
						`order status must be one of ${Object.keys(ORDER_STATUS_NAMES).join(', ')}`,
					);
				order.status = status;
				order.modifiedAt = at;
				order.history.push({ status, at, by: 'spartoo' });
				moved++;
			}
			for (const raw of list('returns')) {
				const { id, status } = asInput(raw);
				const ret = store.returns.get(String(id));
				if (!ret) throw new SeedError(`no return ${String(id)}`);
				if (typeof status !== 'number' || !(status in RETURN_STATUS_NAMES))
					throw new SeedError(
						`return status must be one of ${Object.keys(RETURN_STATUS_NAMES).join(', ')}`,
					);
				ret.status = status;
				ret.modifiedAt = at;
				ret.history.push({ status, at, by: 'spartoo' });
				moved++;
			}
			return moved;
		}

		const principalOf = (req: EmulatorRequest) => {
			const p = paramsOf(req);
			const script = scriptOf(req.path);
			store.counters.calls[script] = (store.counters.calls[script] ?? 0) + 1;
			for (const name of ['partner', 'partenaire', 'status', 'statut'])
				if (p.has(name)) store.counters.spellings[name] = (store.counters.spellings[name] ?? 0) + 1;
			if (req.query.has('partner') || req.query.has('partenaire'))
				store.counters.partnerKeyInQuery++;
			const envelope = envelopeOf(req.path);
			const key = p.partner();
			if (key === undefined) return answer(envelope, -1);
			const partner = partners.find((candidate) => candidate.key === key.trim());
			if (!partner) return answer(envelope, -2);
			if (settings.accountDeactivated) return answer(envelope, -428);
			return { id: partner.id, credential: partner.key };
		};

		return {
			name: 'spartoo',
			routes,
			rateLimitProfile: SPARTOO_RATE_LIMITS,
			info: () => ({
				baseUrl: ctx.url(),
				scriptsUrl: `${ctx.url()}/mp/`,
				partnerKey: partners[0]?.key,
				credential: {
					apiKey: partners[0]?.key,
					environment: 'custom',
					baseUrl: ctx.url(),
				},
			}),
			state: {
				settings,
				snapshot: () =>
					snapshotOf<SpartooState>()({
						partners: partners.map((p) => ({ id: p.id })),
						counters: structuredClone(store.counters),
						products: [...store.products.values()].map((p) => ({
							...p,
							online: SpartooStore.online(p),
							sizes: p.sizes.map((s) => ({
								...s,
								updatedAt: s.updatedAt ? iso(s.updatedAt) : null,
							})),
						})),
						orders: [...store.orders.values()].map(snapshotOrder),
						returns: [...store.returns.values()].map(snapshotReturn),
					}),
				reset: ({ empty }) => {
					store.clear();
					if (!empty && ctx.seed !== undefined) store.load(generateSpartooSeed(ctx.seed, now()));
				},
				seed: (input) =>
					translateError(
						() => seedData(asInput(input)),
						SpartooCode,
						(e) => new SeedError(e.message),
					),
				tick: (at) => store.tick(at),
			},
			hooks: {
				error: (status, error) => htmlPage(status, error.title, error.detail),
				authenticate: principalOf,
				// no token at Spartoo: an "expired" credential is an unknown partner (-2), a revoked one a deactivated
				// account (-428, and the switch stays on)
				authFault: (kind, req) => {
					if (kind === 'token-revoked') settings.accountDeactivated = true;
					return answer(envelopeOf(req.path), kind === 'token-revoked' ? -428 : -2);
				},
				rateLimited: (_d, req) => {
					store.counters.quotaRefusals++;
					return answer(envelopeOf(req.path), -429);
				},
				malformedBody: (req) => answer(envelopeOf(req.path), -1),
			},
		};
	};
}

export { SPARTOO_XML_TYPE };
