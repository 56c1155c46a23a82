/**
 * Spartoo's XML answers read into plain records, through the package's one XML reader (`nodes/shared/xml.ts`): a
 * single `<order>` and a list of them read the same, text comes out with entities, character references and CDATA
 * decoded. Shapes: docs/spartoo-api.derived.md.
 */
import { child, children, descendant, text, type XmlElement } from '../../shared/xml';

/** A flat record: every child element without children of `el` (but `errors`), by name, its text trimmed. */
export type Fields = Record<string, string>;

export function fields(el: XmlElement | undefined): Fields {
	const out: Fields = {};
	if (!el) return out;
	for (const kid of children(el)) {
		// `errors` is read apart (recordErrors)
		if (children(kid).length > 0 || kid.name === 'errors') continue;
		if (!Object.prototype.hasOwnProperty.call(out, kid.name)) out[kid.name] = text(kid).trim();
	}
	return out;
}

export interface SpartooRecordError {
	id: number;
	description: string;
}

export interface SpartooOrder extends Fields {
	orders_id: string;
}

export interface SpartooOrderRecord {
	order: SpartooOrder;
	customers: Fields;
	delivery: Fields;
	relay: Fields | null;
	products: Fields[];
	errors: SpartooRecordError[];
}

export interface SpartooReturnRecord {
	fields: Fields;
	product: Fields;
	errors: SpartooRecordError[];
}

const INTEGER = /^-?\d+$/;

/** A numeric code in an element's own text, or undefined. */
export function codeOf(el: XmlElement | undefined): number | undefined {
	if (!el) return undefined;
	const value = text(el).trim();
	return INTEGER.test(value) ? Number(value) : undefined;
}

/** `<errors><error><id/><description/></error>...</errors>` of one record; `<errors>-14</errors>` too. */
export function recordErrors(el: XmlElement): SpartooRecordError[] {
	const errors = child(el, 'errors');
	if (!errors) return [];
	const list = children(errors, 'error').flatMap((error) => {
		const id = codeOf(child(error, 'id')) ?? codeOf(error);
		return id === undefined || id === 1
			? []
			: [{ id, description: text(child(error, 'description') ?? error).trim() }];
	});
	const own = codeOf(errors);
	if (own !== undefined && own !== 1) list.push({ id: own, description: '' });
	return list;
}

/**
 * The answer's global code and its description. Orders and returns: `<statut><id/><description/></statut>` (C24);
 * stock and delivery slip: `<errors>int</errors>`. An answer with neither (an export that only lists) is OK (1).
 */
export function envelopeCode(root: XmlElement): { code: number; description: string } {
	const statut = child(root, 'statut');
	if (statut) {
		const id = codeOf(child(statut, 'id')) ?? codeOf(statut);
		if (id !== undefined)
			return { code: id, description: text(child(statut, 'description') ?? statut).trim() };
	}
	const errors = child(root, 'errors');
	const own = codeOf(errors);
	if (own !== undefined) return { code: own, description: '' };
	const first = errors && child(errors, 'error');
	const id = first && codeOf(child(first, 'id'));
	if (first && id !== undefined)
		return { code: id, description: text(child(first, 'description') ?? first).trim() };
	return { code: 1, description: '' };
}

export function readOrders(root: XmlElement): SpartooOrderRecord[] {
	const list = child(root, 'orders');
	if (!list) return [];
	return children(list, 'order').map((el) => {
		const delivery = child(el, 'delivery');
		const relay = delivery && child(delivery, 'relay_info');
		const relayFields = relay ? fields(relay) : null;
		return {
			order: fields(el) as SpartooOrder,
			customers: fields(child(el, 'customers')),
			delivery: fields(delivery),
			relay: relayFields && Object.values(relayFields).some((v) => v !== '') ? relayFields : null,
			products: children(child(el, 'products') ?? el, 'product').map((p) => fields(p)),
			errors: recordErrors(el),
		};
	});
}

export function readReturns(root: XmlElement): SpartooReturnRecord[] {
	const list = child(root, 'returns');
	if (!list) return [];
	return children(list, 'return').map((el) => ({
		fields: fields(el),
		product: fields(child(el, 'product')),
		errors: recordErrors(el),
	}));
}

/** What `xml_maj_returns` confirms, without the partner key it echoes (`<partenaire>`). */
export function readReturnUpdate(root: XmlElement): {
	fields: Fields;
	errors: SpartooRecordError[];
} {
	const el = descendant(root, 'returns/return');
	if (!el) return { fields: {}, errors: [] };
	const out = fields(el);
	delete out.partenaire;
	delete out.partner;
	return { fields: out, errors: recordErrors(el) };
}

/** What `xml_maj_orders` confirms (shape [unverified], see the contract). */
export function readOrderUpdate(root: XmlElement): {
	fields: Fields;
	errors: SpartooRecordError[];
} {
	const el = descendant(root, 'orders/order');
	if (!el) return { fields: {}, errors: [] };
	const out = fields(el);
	delete out.partenaire;
	delete out.partner;
	return { fields: out, errors: recordErrors(el) };
}

export interface StockSizeResult {
	reference: string;
	sizeReference: string | null;
	code: number;
}

/**
 * Per product and size codes of `xml_maj_stock_batch` (shape [unverified], see the contract): a size without its own
 * code, or a product without a `size_list`, takes its product's code.
 */
export function readBatchStockResults(root: XmlElement): StockSizeResult[] {
	const list = child(root, 'products');
	if (!list) return [];
	return children(list, 'product').flatMap((product) => {
		const reference = text(child(product, 'reference_partenaire') ?? product).trim();
		const productCode = codeOf(child(product, 'errors')) ?? codeOf(child(product, 'code'));
		const sizes = children(child(product, 'size_list') ?? product, 'size');
		if (sizes.length === 0) return [{ reference, sizeReference: null, code: productCode ?? 1 }];
		return sizes.map((size) => ({
			reference,
			sizeReference: text(child(size, 'size_reference') ?? size).trim() || null,
			code: codeOf(child(size, 'errors')) ?? codeOf(child(size, 'code')) ?? productCode ?? 1,
		}));
	});
}

/** `<root><bl><order_id/><pdf/></bl><errors>1</errors></root>`. */
export function readDeliverySlip(root: XmlElement): { orderId: string | null; pdf: string | null } {
	const bl = child(root, 'bl');
	if (!bl) return { orderId: null, pdf: null };
	const orderId = child(bl, 'order_id');
	const pdf = child(bl, 'pdf');
	return {
		orderId: orderId ? text(orderId).trim() : null,
		pdf: pdf ? text(pdf).trim() || null : null,
	};
}
