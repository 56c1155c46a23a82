import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import { ZalandoZDirectApi } from '../../credentials/ZalandoZDirectApi.credentials';
import { ZalandoZDirect } from '../../nodes/ZalandoZDirect/ZalandoZDirect.node';
import { createContext, type ContextOptions } from './context.mts';

export const ZALANDO_BASE = 'http://zalando.test';
export const Z_CLIENT_ID = 'zalando-client-7';
export const Z_CLIENT_SECRET = 'zalando-very-secret-value';
export const MERCHANT = '8a3e4b2c-1d0f-4e5a-9b6c-7d8e9f0a1b2c';
export const CHANNEL_DE = 'bf48ba35-149d-4b76-8ac9-d08d126b517f';
export const CHANNEL_NL = '091dcbdb-a571-4ea9-b2a1-2a8a7b7a2f11';
export const JSON_API = 'application/vnd.api+json';

export function zalandoCredentials(extra: Record<string, unknown> = {}) {
	return {
		clientId: Z_CLIENT_ID,
		clientSecret: Z_CLIENT_SECRET,
		merchantId: MERCHANT,
		environment: 'custom',
		baseUrl: ZALANDO_BASE,
		accessToken: '',
		...extra,
	};
}

export function zalandoContext(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
) {
	return createContext({
		credentialType: new ZalandoZDirectApi(),
		credentials: zalandoCredentials(),
		parameters,
		nodeType: 'n8n-nodes-marketplace-sync.zalandoZDirect',
		...extra,
	});
}

export async function runZalando(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
) {
	const fake = zalandoContext(parameters, extra);
	const output: INodeExecutionData[][] = await new ZalandoZDirect().execute.call(fake.ctx);
	return { items: output[0], fake };
}

let tokenCounter = 0;

/** The token endpoint: Basic auth, `grant_type=client_credentials` in the form body; numbered tokens. */
export function mockZalandoToken(times = 1) {
	return nock(ZALANDO_BASE)
		.post('/auth/token', (body: Record<string, string>) => body.grant_type === 'client_credentials')
		.times(times)
		.basicAuth({ user: Z_CLIENT_ID, pass: Z_CLIENT_SECRET })
		.reply(200, () => ({
			access_token: `ztoken-${++tokenCounter}`,
			token_type: 'Bearer',
			expires_in: 7200,
		}));
}

export interface LineSpec {
	id: string;
	status: 'initial' | 'reserved' | 'shipped' | 'returned' | 'canceled';
	price?: number;
}

export interface ItemSpec {
	id: string;
	externalId?: string;
	articleId?: string;
	description?: string;
	lines: LineSpec[];
}

export interface OrderSpec {
	id?: string;
	number?: string;
	status?: 'initial' | 'approved' | 'fulfilled';
	type?: 'PartnerFulfilled' | 'ZalandoFulfilled';
	exported?: boolean;
	merchantOrderId?: string;
	tracking?: string;
	returnTracking?: string;
	created?: string;
	items?: ItemSpec[];
}

export const ORDER_ID = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

const DEFAULT_ITEMS: ItemSpec[] = [
	{
		id: '11111111-1111-4111-8111-111111111111',
		externalId: '8712345678906',
		articleId: 'ZA1-B2C-003-A110',
		description: 'Sneaker Ørsted',
		lines: [
			{ id: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'initial', price: 59.95 },
			{ id: 'aaaaaaaa-0000-4000-8000-000000000002', status: 'initial', price: 59.95 },
		],
	},
	{
		id: '22222222-2222-4222-8222-222222222222',
		externalId: 'SKU-RED-M',
		articleId: 'ZA1-RED-M',
		description: 'Jacket',
		lines: [{ id: 'bbbbbbbb-0000-4000-8000-000000000001', status: 'initial', price: 120 }],
	},
];

/** A JSON:API document of one order (or the resources of one, for lists) with its items and lines included. */
export function orderResources(spec: OrderSpec = {}) {
	const id = spec.id ?? ORDER_ID;
	const items = spec.items ?? DEFAULT_ITEMS;
	const order = {
		type: 'Order',
		id,
		attributes: {
			order_id: id,
			order_number: spec.number ?? '10301234567890',
			order_date: spec.created ?? '2026-11-23T08:00:00Z',
			created_at: spec.created ?? '2026-11-23T08:00:00Z',
			modified_at: '2026-11-23T08:05:00Z',
			merchant_id: MERCHANT,
			sales_channel_id: CHANNEL_DE,
			locale: 'de-DE',
			customer_number: '4711',
			customer_email: 'jörg@example.com',
			order_type: spec.type ?? 'PartnerFulfilled',
			status: spec.status ?? 'approved',
			exported: spec.exported ?? false,
			merchant_order_id: spec.merchantOrderId,
			tracking_number: spec.tracking,
			return_tracking_number: spec.returnTracking,
			shipment_number: '1',
			shipping_address: {
				first_name: 'Jörg',
				last_name: 'Ørsted',
				address_line_1: 'Hauptstraße 5',
				zip_code: '10115',
				city: 'Berlin',
				country_code: 'DE',
				address_type: 'HOME_ADDRESS',
			},
			billing_address: {
				first_name: 'Jörg',
				last_name: 'Ørsted',
				address_line_1: 'Hauptstraße 5',
				zip_code: '10115',
				city: 'Berlin',
				country_code: 'DE',
				address_type: 'HOME_ADDRESS',
			},
			order_lines_price_currency: 'EUR',
			shipping_costs: { amount: 3.95, currency: 'EUR' },
		},
		relationships: {
			order_items: { data: items.map((item) => ({ type: 'OrderItem', id: item.id })) },
		},
	};
	const included = items.flatMap((item) => [
		{
			type: 'OrderItem',
			id: item.id,
			attributes: {
				order_item_id: item.id,
				order_id: id,
				article_id: item.articleId ?? 'ZA1-X',
				external_id: item.externalId,
				description: item.description ?? 'Article',
				quantity_initial: item.lines.filter((l) => l.status === 'initial').length,
				quantity_reserved: item.lines.filter((l) => l.status === 'reserved').length,
				quantity_shipped: item.lines.filter((l) => l.status === 'shipped').length,
				quantity_returned: item.lines.filter((l) => l.status === 'returned').length,
				quantity_canceled: item.lines.filter((l) => l.status === 'canceled').length,
			},
			relationships: {
				order_lines: { data: item.lines.map((l) => ({ type: 'OrderLine', id: l.id })) },
			},
		},
		...item.lines.map((line) => ({
			type: 'OrderLine',
			id: line.id,
			attributes: {
				order_line_id: line.id,
				order_item_id: item.id,
				status: line.status,
				price: { amount: line.price ?? 10, currency: 'EUR' },
			},
		})),
	]);
	return { order, included };
}

export function orderDocument(spec: OrderSpec = {}) {
	const { order, included } = orderResources(spec);
	return { data: order, included };
}

export function ordersPage(specs: OrderSpec[], next?: string) {
	const resources = specs.map(orderResources);
	return {
		data: resources.map((r) => r.order),
		included: resources.flatMap((r) => r.included),
		links: { self: 'x', ...(next ? { next } : {}) },
	};
}

export const orderPath = (id = ORDER_ID) => `/merchants/${MERCHANT}/orders/${id}`;
export const linePath = (itemId: string, lineId: string, id = ORDER_ID) =>
	`${orderPath(id)}/items/${itemId}/lines/${lineId}`;

/** Item 1 of the default order (EAN 8712345678906, two units) with its units in the given states. */
export const firstItem = (unit1: LineSpec['status'], unit2: LineSpec['status']): ItemSpec => ({
	id: '11111111-1111-4111-8111-111111111111',
	externalId: '8712345678906',
	lines: [
		{ id: 'aaaaaaaa-0000-4000-8000-000000000001', status: unit1 },
		{ id: 'aaaaaaaa-0000-4000-8000-000000000002', status: unit2 },
	],
});

/** An exported order of ORDER_ID whose one item has two shipped units, and those units' line ids. */
export const shippedUnits = Object.assign(
	['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002'],
	{
		spec: {
			id: ORDER_ID,
			exported: true,
			status: 'fulfilled',
			items: [firstItem('shipped', 'shipped')],
		} as OrderSpec,
	},
);

/** The line ids of the default order: item 1 has two units, item 2 one. */
export const LINE_A1 = 'aaaaaaaa-0000-4000-8000-000000000001';
export const LINE_A2 = 'aaaaaaaa-0000-4000-8000-000000000002';
export const LINE_B1 = 'bbbbbbbb-0000-4000-8000-000000000001';
export const INITIAL_SHIPMENT = 'c0c0c0c0-0000-4000-8000-000000000000';

export const shipmentsPath = (id = ORDER_ID) => `${orderPath(id)}/shipments`;

/** A Shipments API shipment (bare JSON, as `GET .../shipments` lists it). */
export function shipment(
	id: string,
	lines: string[],
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		shipment_id: id,
		shipment_number: '1',
		order_lines: lines.map((order_line_id) => ({ order_line_id })),
		status: 'initial',
		created_at: id === INITIAL_SHIPMENT ? '2026-11-23T08:00:00Z' : '2026-11-23T09:00:00Z',
		modified_at: '2026-11-23T09:00:00Z',
		...extra,
	};
}

/** `{"shipments": [...]}`: by default only the initial shipment, holding every line of the default order. */
export function shipmentsDocument(
	others: Array<Record<string, unknown>> = [],
	initialLines?: string[],
) {
	const moved = new Set(
		others.flatMap((s) =>
			(s.order_lines as Array<{ order_line_id: string }>).map((l) => l.order_line_id),
		),
	);
	const lines = initialLines ?? [LINE_A1, LINE_A2, LINE_B1].filter((l) => !moved.has(l));
	return { shipments: [shipment(INITIAL_SHIPMENT, lines), ...others] };
}
