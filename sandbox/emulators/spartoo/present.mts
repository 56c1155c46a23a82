/**
 * Spartoo's XML answers, written with the package's one XML writer (`nodes/shared/xml.ts`). Shapes: the derived
 * contract (docs/spartoo-api.derived.md §3-5). Free text (names, addresses, reasons) goes out as CDATA, as Spartoo's
 * own exports do; every answer is HTTP 200 (S-D1..S-D7), the outcome is the code inside.
 */
import {
	buildXml,
	xmlCdata,
	xmlElement,
	type XmlChild,
	type XmlElement,
} from '../../../nodes/shared/xml';
import type { EmulatorResponse } from '../core/http.mts';
import {
	ORDER_STATUS_NAMES,
	RETURN_STATUS_NAMES,
	codeText,
	money,
	orderTotal,
	type SpartooOrder,
	type SpartooOrderLine,
	type SpartooPerson,
	type SpartooReturn,
} from './model.mts';
import { parisDateTime } from './time.mts';

/** [unverified] Spartoo's PHP scripts' media type; the node reads the body whatever the type. */
export const SPARTOO_XML_TYPE = 'text/xml; charset=UTF-8';

/**
 * The two envelopes (C24): orders and returns `<statut><id/><description/></statut>`; stock and the delivery slip
 * `<errors>int</errors>`.
 */
export type Envelope = 'statut' | 'errors';

const el = (name: string, ...content: XmlChild[]): XmlElement => xmlElement(name, {}, content);
/** Text that may hold `&`, `<`, quotes or accents: CDATA, as Spartoo writes it (empty: an empty element). */
const cdata = (name: string, value: string): XmlElement =>
	el(name, value === '' ? undefined : xmlCdata(value));

export function xmlAnswer(root: XmlElement): EmulatorResponse {
	return {
		status: 200,
		contentType: SPARTOO_XML_TYPE,
		raw: buildXml(root, { declaration: true }),
	};
}

export function statutElement(code: number, description = codeText(code)): XmlElement {
	return el('statut', el('id', code), el('description', description));
}

/** `<errors><error><id/><description/></error></errors>` of one record; `<errors/>` when fine. */
export function recordErrors(code: number | undefined, description?: string): XmlElement {
	return code === undefined || code === 1
		? el('errors')
		: el('errors', el('error', el('id', code), el('description', description ?? codeText(code))));
}

/** A whole answer: the script's body elements plus its envelope's code. */
export function answer(envelope: Envelope, code: number, body: XmlChild[] = []): EmulatorResponse {
	return xmlAnswer(
		el('root', ...body, envelope === 'statut' ? statutElement(code) : el('errors', code)),
	);
}

function person(prefix: 'customers' | 'delivery', p: SpartooPerson): XmlElement[] {
	return [
		cdata(`${prefix}_firstname`, p.firstname),
		cdata(`${prefix}_lastname`, p.lastname),
		cdata(`${prefix}_company`, p.company),
		cdata(`${prefix}_street_address`, p.street),
		cdata(`${prefix}_suburb`, p.suburb),
		cdata(`${prefix}_city`, p.city),
		el(`${prefix}_postcode`, p.postcode),
		cdata(`${prefix}_state`, p.state),
		el(`${prefix}_country`, p.country),
	];
}

function orderLine(line: SpartooOrderLine): XmlElement {
	return el(
		'product',
		el('products_reference', line.reference),
		cdata('products_name', line.name),
		el('products_qty', line.qty),
		el('products_spartoo', line.spartooId),
		cdata('products_manufacturers', line.manufacturer),
		el('products_size', line.size),
		el('products_size_reference', line.sizeReference),
		cdata('products_color', line.color),
		el('products_price_unit', money(line.priceUnit)),
		el('products_price_unit_with_reduce', money(line.priceUnitWithReduce)),
		el('products_final_price', money(line.priceUnitWithReduce * line.qty)),
	);
}

export function orderElement(order: SpartooOrder): XmlElement {
	const c = order.customer;
	const r = order.relay;
	return el(
		'order',
		el('orders_id', order.id),
		el(
			'customers',
			...person('customers', c),
			el('customers_email_address', c.email),
			el('customers_telephone', c.telephone),
		),
		el(
			'delivery',
			...person('delivery', order.delivery),
			r &&
				el(
					'relay_info',
					el('relay_id', r.id),
					el('relay_type', r.type),
					cdata('relay_name', r.name),
					cdata('relay_address', r.address),
					cdata('relay_city', r.city),
					el('relay_postcode', r.postcode),
					el('relay_country_iso', r.countryIso),
				),
		),
		el('payment_method', order.paymentMethod),
		el('payment_price', money(order.paymentPrice)),
		el('shipping_price', money(order.shippingPrice)),
		cdata('shipping_name', order.shippingName),
		el('order_total', money(orderTotal(order))),
		el('orders_status_name', ORDER_STATUS_NAMES[order.status] ?? ''),
		el('orders_status_id', order.status),
		el('date_purchased', parisDateTime(order.purchasedAt)),
		el('last_modified', parisDateTime(order.modifiedAt)),
		el('products', ...order.lines.map(orderLine)),
		el('errors'),
	);
}

export function returnElement(ret: SpartooReturn): XmlElement {
	const l = ret.line;
	return el(
		'return',
		el('return_id', ret.id),
		el('return_date', parisDateTime(ret.createdAt)),
		el('return_status_name', RETURN_STATUS_NAMES[ret.status] ?? ''),
		el('return_status', ret.status),
		cdata('return_reason', ret.reason),
		el('order', ret.orderId),
		el(
			'product',
			el('products_reference', l.reference),
			cdata('products_name', l.name),
			el('products_spartoo', l.spartooId),
			cdata('products_manufacturers', l.manufacturer),
			el('products_size', l.size),
			cdata('products_color', l.color),
		),
		el('errors'),
	);
}

/** `xml_maj_orders`' confirmation [unverified shape, the contract's choice]. */
export function orderUpdateElement(orderId: string, status: string, code: number): XmlElement {
	return el(
		'orders',
		el('order', el('orders_id', orderId), el('statut', status), recordErrors(code)),
	);
}

/** `xml_maj_returns`' confirmation (S-D4): Spartoo echoes the partner key in `<partenaire>`. */
export function returnUpdateElement(
	partner: string,
	returnId: string,
	labelLink: string | undefined,
	code: number,
	labelFile?: string,
): XmlElement {
	return el(
		'returns',
		el(
			'return',
			el('partenaire', partner),
			el('rID', returnId),
			el('label_link', labelLink),
			el('label_file', labelFile),
			recordErrors(code),
		),
	);
}

export { el };
