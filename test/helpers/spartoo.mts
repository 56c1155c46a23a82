/**
 * Spartoo unit-test helpers: the credential, a node run on the fake n8n context, XML answers in the shapes of the
 * derived contract (docs/spartoo-api.derived.md) and a nock scope that records each form body it answers.
 */
import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SpartooApi } from '../../credentials/SpartooApi.credentials';
import { Spartoo } from '../../nodes/Spartoo/Spartoo.node.ts';
import { createContext, type ContextOptions } from './context.mts';

export const SPARTOO_BASE = 'http://spartoo.test';
/** Long and distinctive, so that any echo of it is found. */
export const S_KEY = 'spartoo-partner-key-5f3a9c';

export function spartooCredentials(extra: Record<string, unknown> = {}) {
	return {
		apiKey: S_KEY,
		environment: 'custom',
		baseUrl: SPARTOO_BASE,
		currency: 'EUR',
		hourlyBudget: 600,
		...extra,
	};
}

export function spartooContext(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
) {
	const fake = createContext({
		credentialType: new SpartooApi(),
		credentials: spartooCredentials(),
		parameters,
		nodeType: 'n8n-nodes-marketplace-sync.spartoo',
		...extra,
	});
	// n8n's binary helper: the bytes as base64 with their file name and type
	(fake.ctx.helpers as unknown as IDataObject).prepareBinaryData = async (
		data: Buffer,
		fileName?: string,
		mimeType?: string,
	) => ({ data: data.toString('base64'), fileName, mimeType });
	return fake;
}

export async function runSpartoo(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
) {
	const fake = spartooContext(parameters, extra);
	const output: INodeExecutionData[][] = await new Spartoo().execute.call(fake.ctx);
	return { items: output[0], fake };
}

export interface SentForm {
	script: string;
	form: Record<string, string>;
	url: string;
}

/**
 * Answers POSTs to `/mp/<script>` one after another with `answers` (XML texts or functions of the form), recording
 * what was sent. Each answer is used once.
 */
export function mockSpartoo(
	script: string,
	answers: Array<string | ((form: Record<string, string>) => string)>,
	sent: SentForm[],
) {
	const scope = nock(SPARTOO_BASE);
	for (const answer of answers) {
		scope.post(`/mp/${script}`).reply(
			200,
			function (uri, body) {
				const form = Object.fromEntries(new URLSearchParams(String(body)));
				sent.push({ script, form, url: uri });
				return typeof answer === 'function' ? answer(form) : answer;
			},
			{ 'Content-Type': 'text/xml; charset=utf-8' },
		);
	}
	return scope;
}

export const statut = (id: number, description = id === 1 ? 'OK' : 'Error') =>
	`<statut><id>${id}</id><description>${description}</description></statut>`;

export function envelope(inner: string, code = 1): string {
	return `<?xml version="1.0" encoding="UTF-8"?>\n<root>${inner}${statut(code)}</root>`;
}

export const errorsAnswer = (code: number) =>
	`<?xml version="1.0" encoding="UTF-8"?><root><errors>${code}</errors></root>`;

export interface ProductSpec {
	reference?: string;
	sizeReference?: string;
	/** Spartoo's size label (`products_size`, default 38). */
	size?: string;
	/** Spartoo's product id (`products_spartoo`, default 987654). */
	spartoo?: string;
	name?: string;
	qty?: number;
	unit?: string;
	reduced?: string;
	final?: string;
}

export interface OrderSpec {
	id?: string;
	status?: number;
	products?: ProductSpec[];
	relay?: boolean;
	street?: string;
	shippingName?: string;
	purchased?: string;
	modified?: string;
}

export function orderXml(spec: OrderSpec = {}): string {
	const id = spec.id ?? '12345678';
	const status = spec.status ?? 11;
	const products = spec.products ?? [
		{ reference: 'SKU-123', sizeReference: 'SKU-123-38', name: 'Bottines cuir', qty: 2 },
	];
	return `<order>
  <orders_id>${id}</orders_id>
  <customers>
    <customers_firstname>Zoé</customers_firstname>
    <customers_lastname>Lefèvre</customers_lastname>
    <customers_company></customers_company>
    <customers_street_address><![CDATA[${spec.street ?? "12 rue de l'Église & fils"}]]></customers_street_address>
    <customers_suburb></customers_suburb>
    <customers_city>Saint-&#201;tienne</customers_city>
    <customers_postcode>42000</customers_postcode>
    <customers_state></customers_state>
    <customers_country>FR</customers_country>
    <customers_email_address>zoe@example.org</customers_email_address>
    <customers_telephone>+33600000000</customers_telephone>
  </customers>
  <delivery>
    <delivery_firstname>Zoé</delivery_firstname>
    <delivery_lastname>Lefèvre</delivery_lastname>
    <delivery_company>Atelier &amp; Cie</delivery_company>
    <delivery_street_address>3 place Bellecour</delivery_street_address>
    <delivery_suburb>Bât. B</delivery_suburb>
    <delivery_city>Lyon</delivery_city>
    <delivery_postcode>69002</delivery_postcode>
    <delivery_state></delivery_state>
    <delivery_country>fr</delivery_country>
    ${
			spec.relay
				? `<relay_info><relay_id>FR-12345</relay_id><relay_type>MONDIAL_RELAY</relay_type><relay_name>Tabac de la Gare</relay_name><relay_address>1 place de la Gare</relay_address><relay_city>Lyon</relay_city><relay_postcode>69002</relay_postcode><relay_country_iso>FR</relay_country_iso></relay_info>`
				: ''
		}
  </delivery>
  <payment_method>CB</payment_method>
  <payment_price>0.00</payment_price>
  <shipping_price>4.90</shipping_price>
  <shipping_name>${spec.shippingName ?? 'Colissimo'}</shipping_name>
  <order_total>94.80</order_total>
  <orders_status_name>Status ${status}</orders_status_name>
  <orders_status_id>${status}</orders_status_id>
  <date_purchased>${spec.purchased ?? '2026-07-04 10:15:00'}</date_purchased>
  <last_modified>${spec.modified ?? '2026-12-04 10:15:00'}</last_modified>
  <products>${products
		.map(
			(p) => `
    <product>
      <products_reference>${p.reference ?? 'SKU-123'}</products_reference>
      <products_name><![CDATA[${p.name ?? 'Bottines'}]]></products_name>
      <products_qty>${p.qty ?? 1}</products_qty>
      <products_spartoo>${p.spartoo ?? '987654'}</products_spartoo>
      <products_manufacturers>Acme</products_manufacturers>
      <products_size>${p.size ?? '38'}</products_size>
      <products_size_reference>${p.sizeReference ?? ''}</products_size_reference>
      <products_color>Noir</products_color>
      <products_price_unit>${p.unit ?? '49.90'}</products_price_unit>
      <products_price_unit_with_reduce>${p.reduced ?? '44.95'}</products_price_unit_with_reduce>
      <products_final_price>${p.final ?? '89.90'}</products_final_price>
    </product>`,
		)
		.join('')}
  </products>
  <errors/>
</order>`;
}

export const ordersAnswer = (...orders: string[]) =>
	envelope(`<orders>${orders.join('')}</orders>`);

export interface ReturnSpec {
	id?: string;
	status?: number;
	order?: string;
	reason?: string;
	date?: string;
	/** The returned product's reference (default SKU-123) and size label (default 38). */
	reference?: string;
	size?: string;
}

export function returnXml(spec: ReturnSpec = {}): string {
	const status = spec.status ?? 2;
	return `<return>
  <return_id>${spec.id ?? '555'}</return_id>
  <return_date>${spec.date ?? '2026-12-01 09:00:00'}</return_date>
  <return_status_name>Status ${status}</return_status_name>
  <return_status>${status}</return_status>
  <return_reason><![CDATA[${spec.reason ?? 'Trop petit & serré'}]]></return_reason>
  <order>${spec.order ?? '12345678'}</order>
  <product>
    <products_reference>${spec.reference ?? 'SKU-123'}</products_reference>
    <products_name>Bottines cuir</products_name>
    <products_spartoo>987654</products_spartoo>
    <products_manufacturers>Acme</products_manufacturers>
    <products_size>${spec.size ?? '38'}</products_size>
    <products_color>Noir</products_color>
  </product>
  <errors/>
</return>`;
}

export const returnsAnswer = (...returns: string[]) =>
	envelope(`<returns>${returns.join('')}</returns>`);

export const orderUpdateAnswer = (id: string, status: number, code = 1) =>
	code === 1
		? envelope(
				`<orders><order><orders_id>${id}</orders_id><statut>${status}</statut><errors/></order></orders>`,
			)
		: `<root>${statut(code)}</root>`;

export const returnUpdateAnswer = (id: string, code = 1, labelLink = '') =>
	code === 1
		? envelope(
				`<returns><return><partenaire>${S_KEY}</partenaire><rID>${id}</rID><label_link>${labelLink}</label_link><label_file/><errors/></return></returns>`,
			)
		: `<root>${statut(code)}</root>`;

/** Everything a run produced, as text: outputs, errors, the nock-recorded URLs. */
export function everything(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v instanceof Error
			? { message: v.message, description: (v as { description?: unknown }).description }
			: v,
	);
}
