/**
 * The seven `/mp/*.php` scripts of docs/spartoo-api.derived.md. Each reads its form parameters (both spellings, query
 * and body), checks them the way the contract lists them (required parameters, date formats per script, XML syntax)
 * and answers HTTP 200 with Spartoo's code in the script's envelope.
 */
import {
	XmlError,
	child,
	children,
	parseXml,
	text,
	type XmlElement,
} from '../../../nodes/shared/xml';
import { attempt } from '../core/attempt.mts';
import type { EmulatorRequest, EmulatorResponse } from '../core/http.mts';
import type { HttpMethod, RouteDefinition } from '../core/router.mts';
import { pdfDocument } from '../core/pdf.mts';
import { SpartooCode, type SpartooSize } from './model.mts';
import { paramsOf } from './params.mts';
import {
	answer,
	el,
	orderElement,
	orderUpdateElement,
	returnElement,
	returnUpdateElement,
	type Envelope,
} from './present.mts';
import { SpartooStore } from './store.mts';
import { parseExportDate, parseUnixSeconds } from './time.mts';

export const SPARTOO_SCRIPTS = {
	exportOrders: 'xml_export_orders.php',
	updateOrder: 'xml_maj_orders.php',
	deliverySlip: 'xml_export_bl.php',
	stock: 'xml_maj_stock.php',
	stockBatch: 'xml_maj_stock_batch.php',
	exportReturns: 'xml_export_returns.php',
	updateReturn: 'xml_maj_returns.php',
} as const;

/** The envelope of each script (C24). */
const ENVELOPES: Record<string, Envelope> = {
	[SPARTOO_SCRIPTS.exportOrders]: 'statut',
	[SPARTOO_SCRIPTS.updateOrder]: 'statut',
	[SPARTOO_SCRIPTS.exportReturns]: 'statut',
	[SPARTOO_SCRIPTS.updateReturn]: 'statut',
	[SPARTOO_SCRIPTS.deliverySlip]: 'errors',
	[SPARTOO_SCRIPTS.stock]: 'errors',
	[SPARTOO_SCRIPTS.stockBatch]: 'errors',
};

export function scriptOf(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

export function envelopeOf(path: string): Envelope {
	return ENVELOPES[scriptOf(path)] ?? 'statut';
}

export interface ScriptContext {
	store: SpartooStore;
	now(): number;
}

/** Runs a handler; a `SpartooCode` it throws becomes the script's error answer. */
function coded(envelope: Envelope, handler: () => EmulatorResponse): EmulatorResponse {
	const result = attempt(handler);
	if (result.ok) return result.value;
	if (result.error instanceof SpartooCode) return answer(envelope, result.error.code);
	throw result.error;
}

/** The `xml` parameter parsed: -11 when missing, -15 when it is not well-formed XML. */
function xmlParam(value: string | undefined): XmlElement {
	if (value === undefined) throw new SpartooCode(-11);
	const parsed = attempt(() => parseXml(value));
	if (!parsed.ok) {
		if (parsed.error instanceof XmlError) throw new SpartooCode(-15, parsed.error.message);
		throw parsed.error;
	}
	return parsed.value;
}

const trimmed = (el: XmlElement | undefined): string | undefined => {
	const value = el && text(el).trim();
	return value === '' ? undefined : value;
};

function exportOrders(ctx: ScriptContext, req: EmulatorRequest): EmulatorResponse {
	const p = paramsOf(req);
	const orderId = p.get('oID');
	const date = p.get('date');
	if (orderId === undefined && date === undefined) throw new SpartooCode(-3);
	let list = [...ctx.store.orders.values()];
	if (orderId !== undefined) {
		list = list.filter((o) => o.id === orderId.trim());
	} else {
		// [unverified] "since" is read on last_modified: a poll sees status changes, not only new orders
		const since = parseExportDate(date as string);
		if (since === undefined)
			throw new SpartooCode(-3, `date attendue au format YYYY-MM-DD:hh:mm:ss, reçu ${date}`);
		list = list.filter((o) => o.modifiedAt >= since);
	}
	const status = p.status();
	if (status !== undefined) list = list.filter((o) => String(o.status) === status.trim());
	list.sort((a, b) => a.purchasedAt - b.purchasedAt || a.id.localeCompare(b.id));
	return answer('statut', 1, [el('orders', ...list.map(orderElement))]);
}

function updateOrder(ctx: ScriptContext, req: EmulatorRequest): EmulatorResponse {
	const p = paramsOf(req);
	const order = ctx.store.updateOrder(
		p.get('oID'),
		p.status(),
		p.get('tracking_number'),
		ctx.now(),
	);
	return answer('statut', 1, [orderUpdateElement(order.id, String(order.status), 1)]);
}

function exportReturns(ctx: ScriptContext, req: EmulatorRequest): EmulatorResponse {
	const p = paramsOf(req);
	const returnId = p.get('rID');
	const orderId = p.get('oID');
	const date = p.get('date');
	if (returnId === undefined && orderId === undefined && date === undefined)
		throw new SpartooCode(-3);
	let list = [...ctx.store.returns.values()];
	if (returnId !== undefined) list = list.filter((r) => r.id === returnId.trim());
	else if (orderId !== undefined) list = list.filter((r) => r.orderId === orderId.trim());
	else {
		const since = parseUnixSeconds(date as string);
		if (since === undefined)
			throw new SpartooCode(-3, `date attendue en timestamp Unix (secondes), reçu ${date}`);
		list = list.filter((r) => r.createdAt >= since);
	}
	const status = p.status();
	if (status !== undefined) list = list.filter((r) => String(r.status) === status.trim());
	list.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
	return answer('statut', 1, [el('returns', ...list.map(returnElement))]);
}

function updateReturn(ctx: ScriptContext, req: EmulatorRequest): EmulatorResponse {
	const p = paramsOf(req);
	const partner = p.partner() ?? '';
	const returnId = p.get('rID');
	const labelLink = p.get('label_link');
	const upload = p.file('label_file');
	const labelFile = upload ?? (p.has('label_file') ? 'field' : undefined);
	const result = attempt(() =>
		ctx.store.updateReturn(returnId, p.status(), labelLink, labelFile, ctx.now()),
	);
	if (result.ok)
		return answer('statut', 1, [
			returnUpdateElement(
				partner,
				result.value.id,
				result.value.labelLink,
				1,
				upload && result.value.labelFile?.filename,
			),
		]);
	if (!(result.error instanceof SpartooCode)) throw result.error;
	const code = result.error.code;
	// S-D4: the record carries its own errors next to the global statut
	return answer(
		'statut',
		code,
		returnId === undefined ? [] : [returnUpdateElement(partner, returnId, labelLink, code)],
	);
}

function stockSingle(ctx: ScriptContext, req: EmulatorRequest): EmulatorResponse {
	const p = paramsOf(req);
	const reference = p.get('reference_partenaire');
	const sizeReference = p.get('products_size_reference');
	if (reference === undefined) throw new SpartooCode(-12);
	if (sizeReference === undefined) throw new SpartooCode(-13);
	const size = ctx.store.findSize(reference.trim(), sizeReference.trim());
	return answer('errors', ctx.store.setSize(size, p.get('products_quantity'), ctx.now()));
}

/**
 * `xml_maj_stock_batch`: one `<catalogue><products><product>` per product, with a `size_list` or (a product with one
 * size) a `product_quantity`. Answer [unverified shape, the contract's]: a code per product and per size.
 */
function stockBatch(ctx: ScriptContext, req: EmulatorRequest): EmulatorResponse {
	const root = xmlParam(paramsOf(req).get('xml'));
	if (root.name !== 'catalogue')
		throw new SpartooCode(-15, `élément racine <catalogue> attendu, reçu <${root.name}>`);
	const now = ctx.now();
	const products = children(child(root, 'products') ?? root, 'product').map((productEl) => {
		const reference = trimmed(child(productEl, 'reference_partenaire'));
		const head = el('reference_partenaire', reference);
		if (reference === undefined) return el('product', head, el('errors', -12));
		const product = ctx.store.products.get(reference);
		if (!product) return el('product', head, el('errors', -14));
		const sizeList = child(productEl, 'size_list');
		if (!sizeList) {
			// [unverified] a product without sizes: its one size; -16 for a product with several
			const only = product.sizes.length === 1 ? product.sizes[0] : undefined;
			const code = only
				? ctx.store.setSize(only, trimmed(child(productEl, 'product_quantity')), now)
				: -16;
			return el('product', head, el('errors', code));
		}
		const sizes = children(sizeList, 'size').map((sizeEl) => {
			const sizeReference = trimmed(child(sizeEl, 'size_reference'));
			const size: SpartooSize | undefined =
				sizeReference === undefined
					? undefined
					: product.sizes.find((s) => s.reference === sizeReference);
			const code =
				sizeReference === undefined
					? -13
					: size
						? ctx.store.setSize(size, trimmed(child(sizeEl, 'size_quantity')), now)
						: -14;
			return el('size', el('size_reference', sizeReference), el('errors', code));
		});
		return el('product', head, el('errors', 1), el('size_list', ...sizes));
	});
	return answer('errors', 1, [el('products', ...products)]);
}

/** `xml_export_bl`: the delivery slip of an order (or of some of its products) as a base64 PDF [unverified]. */
function deliverySlip(ctx: ScriptContext, req: EmulatorRequest): EmulatorResponse {
	const root = xmlParam(paramsOf(req).get('xml'));
	const orderId = trimmed(child(root, 'order_id'));
	if (orderId === undefined) throw new SpartooCode(-5, 'order_id manquant');
	const order = ctx.store.orders.get(orderId);
	if (!order) throw new SpartooCode(-6);
	const wanted = children(child(root, 'products') ?? root, 'product').map((p) => ({
		reference: trimmed(child(p, 'reference_partenaire')),
		quantity: trimmed(child(p, 'product_quantity')),
	}));
	if (wanted.some((w) => w.reference === undefined)) throw new SpartooCode(-12);
	// [unverified] a reference that is not in the order: -6 (nothing of the order to put on the slip)
	for (const w of wanted)
		if (!order.lines.some((l) => l.reference === w.reference || l.sizeReference === w.reference))
			throw new SpartooCode(-6, `référence ${w.reference} absente de la commande ${orderId}`);
	const lines =
		wanted.length === 0
			? order.lines.map((l) => `${l.reference} ${l.size} x ${l.qty}`)
			: wanted.map((w) => `${w.reference} x ${w.quantity ?? '1'}`);
	const pdf = pdfDocument(
		[
			`Bon de livraison - commande ${order.id}`,
			`${order.delivery.postcode} ${order.delivery.country}`,
			...lines.map((l) => l.replace(/[^\x20-\x7e]/g, '?')),
		],
		{ width: 595, height: 842 },
	);
	return answer('errors', 1, [
		el('bl', el('order_id', order.id), el('pdf', pdf.toString('base64'))),
	]);
}

type ScriptHandler = (ctx: ScriptContext, req: EmulatorRequest) => EmulatorResponse;

const HANDLERS: Record<string, ScriptHandler> = {
	[SPARTOO_SCRIPTS.exportOrders]: exportOrders,
	[SPARTOO_SCRIPTS.updateOrder]: updateOrder,
	[SPARTOO_SCRIPTS.exportReturns]: exportReturns,
	[SPARTOO_SCRIPTS.updateReturn]: updateReturn,
	[SPARTOO_SCRIPTS.stock]: stockSingle,
	[SPARTOO_SCRIPTS.stockBatch]: stockBatch,
	[SPARTOO_SCRIPTS.deliverySlip]: deliverySlip,
};

/** Every script under `/mp/`, by POST (documented) and GET (clients use it too). */
export function scriptRoutes(ctx: ScriptContext): RouteDefinition[] {
	return Object.entries(HANDLERS).flatMap(([script, handler]) =>
		(['POST', 'GET'] as HttpMethod[]).map((method) => ({
			method,
			path: `/mp/${script}`,
			handler: (req: EmulatorRequest) => coded(envelopeOf(req.path), () => handler(ctx, req)),
		})),
	);
}
