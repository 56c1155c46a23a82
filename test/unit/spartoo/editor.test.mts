/**
 * The Spartoo node's pickers: "From List" of the last 30 days' orders and returns (Spartoo does not page: each page is
 * one export of the period, the period fixed by the first page's token; the ones to act on first; filter; direct
 * lookup of a whole ID; the credential's site), and the locator values the operations accept or refuse before any
 * request.
 */
import nock from 'nock';
import type { ICredentialDataDecryptedObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { Spartoo } from '../../../nodes/Spartoo/Spartoo.node.ts';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import { expectPickers } from '../../helpers/locators.mts';
import {
	S_KEY,
	mockSpartoo,
	orderXml,
	ordersAnswer,
	returnXml,
	returnsAnswer,
	runSpartoo,
	spartooContext,
	spartooCredentials,
	statut,
	type SentForm,
} from '../../helpers/spartoo.mts';

const clock = useNockAndFakeClock(Date.parse('2026-12-04T12:00:00Z'));

const node = new Spartoo();
const loadContext = (credentials?: ICredentialDataDecryptedObject) =>
	spartooContext({}, credentials ? { credentials } : {}).ctx as unknown as ILoadOptionsFunctions;

/** 53 orders of the period: 3 shipped ones first in Spartoo's answer, then 48 waiting (11), then 2 in preparation. */
const period = [
	...[1, 2, 3].map((n) =>
		orderXml({ id: `1000000${n}`, status: 3, purchased: `2026-12-0${n} 10:00:00` }),
	),
	...Array.from({ length: 48 }, (_, n) =>
		orderXml({
			id: `200000${String(n).padStart(2, '0')}`,
			status: 11,
			purchased: `2026-11-${String(10 + (n % 18)).padStart(2, '0')} 10:${String(n).padStart(2, '0')}:00`,
		}),
	),
	...[1, 2].map((n) =>
		orderXml({ id: `3000000${n}`, status: 2, purchased: `2026-12-0${n} 09:00:00` }),
	),
];

describe('order picker: From List (listSearch.searchOrders)', () => {
	it("exports the last 30 days' orders once per page (the period kept by the token), waiting for accept first, then in preparation, then the rest", async () => {
		const sent: SentForm[] = [];
		const api = mockSpartoo(
			'xml_export_orders.php',
			[ordersAnswer(...period), ordersAnswer(...period)],
			sent,
		);
		const ctx = loadContext();
		const first = await node.methods.listSearch.searchOrders.call(ctx);
		expect(sent).toHaveLength(1);
		// 30 days before 2026-12-04T12:00Z, in Paris time
		expect(sent[0].form).toEqual({ partner: S_KEY, date: '2026-11-04:13:00:00' });
		expect(first.results).toHaveLength(50);
		expect(first.results.slice(0, 48).every((r) => String(r.value).startsWith('2000'))).toBe(true);
		expect(first.results.slice(48).map((r) => r.value)).toEqual(['30000002', '30000001']);
		expect(first.results[0]).toEqual({
			name: '20000035 · 2026-11-27 · Zoé Lefèvre · 94.80 EUR',
			value: '20000035',
			description: 'Placed 2026-11-27T09:35:00.000Z, status 11 (Order Verified), 2 units',
		});
		expect(first.paginationToken).toEqual(expect.any(String));

		// an hour later the second page asks for the same period, one call
		clock().time += 60 * 60 * 1000;
		const second = await node.methods.listSearch.searchOrders.call(
			ctx,
			undefined,
			first.paginationToken,
		);
		expect(sent).toHaveLength(2);
		expect(sent[1].form).toEqual(sent[0].form);
		expect(second.results.map((r) => r.value)).toEqual(['10000003', '10000002', '10000001']);
		expect(second.paginationToken).toBeUndefined();
		expect(api.isDone()).toBe(true);
	});

	it('keeps the orders whose ID or customer contains the filter; a whole ID is looked up directly (oID)', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[
				ordersAnswer(...period),
				ordersAnswer(orderXml({ id: '12345678' })),
				`<?xml version="1.0"?><root>${statut(-6, 'Order not found')}</root>`,
				ordersAnswer(...period),
			],
			sent,
		);
		const ctx = loadContext();
		const byCustomer = await node.methods.listSearch.searchOrders.call(ctx, 'zoe@example');
		expect(byCustomer.results).toHaveLength(50);
		const byId = await node.methods.listSearch.searchOrders.call(ctx, '12345678');
		expect(sent[1].form).toEqual({ partner: S_KEY, oID: '12345678' });
		expect(byId.results.map((r) => r.value)).toEqual(['12345678']);
		const unknown = await node.methods.listSearch.searchOrders.call(ctx, '20000017');
		expect(sent[2].form.oID).toBe('20000017');
		expect(unknown.results.map((r) => r.value)).toEqual(['20000017']);
		expect(sent).toHaveLength(4);
	});

	it("asks the host of the credential's site", async () => {
		const sent: string[] = [];
		const api = nock('https://sws.spartoo.it')
			.post('/mp/xml_export_orders.php')
			.reply(200, (uri) => (sent.push(uri), ordersAnswer(orderXml())), {
				'Content-Type': 'text/xml',
			});
		const page = await node.methods.listSearch.searchOrders.call(
			loadContext(spartooCredentials({ environment: 'production', site: 'it', baseUrl: '' })),
		);
		expect(page.results.map((r) => r.value)).toEqual(['12345678']);
		expect(api.isDone()).toBe(true);
	});
});

describe('return picker: From List (listSearch.searchReturns)', () => {
	it("exports the last 30 days' returns (a Unix timestamp) in one call, waiting to be received first, filtered by return or order ID", async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_returns.php',
			[
				returnsAnswer(
					returnXml({ id: '551', status: 4, date: '2026-12-03 09:00:00' }),
					returnXml({ id: '552', status: 2, date: '2026-12-01 09:00:00', order: '87654321' }),
					returnXml({ id: '553', status: 2, date: '2026-12-02 09:00:00' }),
				),
				`<?xml version="1.0"?><root>${statut(-6, 'Return not found')}</root>`,
				returnsAnswer(
					returnXml({ id: '551', status: 4 }),
					returnXml({ id: '552', status: 2, order: '87654321' }),
				),
			],
			sent,
		);
		const ctx = loadContext();
		const page = await node.methods.listSearch.searchReturns.call(ctx);
		expect(sent[0].form).toEqual({
			partner: S_KEY,
			date: String(Date.parse('2026-11-04T12:00:00Z') / 1000),
		});
		expect(page.results.map((r) => r.value)).toEqual(['553', '552', '551']);
		expect(page.results[0].name).toBe('553 · 2026-12-02 · order 12345678 · to handle');
		expect(page.results[2].name).toMatch(/ · handled$/);
		expect(page.paginationToken).toBeUndefined();
		// digits could be a whole return ID: looked up first (unknown), then the list is filtered by order ID
		const byOrder = await node.methods.listSearch.searchReturns.call(ctx, '8765');
		expect(sent[1].form.rID).toBe('8765');
		expect(sent).toHaveLength(3);
		expect(byOrder.results.map((r) => r.value)).toEqual(['552']);
	});
});

describe('order and return IDs as resource locators', () => {
	it('offers From List and By ID for every operation on one order or return', () => {
		expectPickers(
			node,
			[
				'orderId:order.get',
				'orderId:shipment.create',
				'orderId:deliverySlip.download',
				'orderId:refund.create',
				'returnId:refund.create',
				'returnId:return.get',
				'orderId:return.getAll',
			],
			{ orderId: 'searchOrders', returnId: 'searchReturns' },
		);
	});

	it('gets the order picked from the list, typed, or given as a plain string (templates, expressions)', async () => {
		for (const orderId of [
			{ __rl: true, mode: 'list', value: '12345678' },
			{ __rl: true, mode: 'id', value: ' 12345678 ' },
			'12345678',
		]) {
			const sent: SentForm[] = [];
			mockSpartoo('xml_export_orders.php', [ordersAnswer(orderXml())], sent);
			const { items } = await runSpartoo({
				resource: 'order',
				operation: 'get',
				orderId,
				options: {},
			});
			expect(sent[0].form.oID).toBe('12345678');
			expect(items[0].json.orderId).toBe('12345678');
		}
	});

	it("lists the returns of the order picked from the list, typed, or given as a plain string (Return > Get Many's order filter)", async () => {
		for (const orderId of [
			{ __rl: true, mode: 'list', value: '12345678' },
			{ __rl: true, mode: 'id', value: ' 12345678 ' },
			'12345678',
		]) {
			const sent: SentForm[] = [];
			mockSpartoo('xml_export_returns.php', [returnsAnswer(returnXml())], sent);
			const { items } = await runSpartoo({
				resource: 'return',
				operation: 'getAll',
				filterBy: 'order',
				orderId,
				status: 'all',
				returnAll: true,
				options: { resolveReturnSize: false },
			});
			expect(sent).toHaveLength(1);
			expect(sent[0].form).toEqual({ partner: S_KEY, oID: '12345678' });
			expect(items.map((item) => item.json.returnId)).toEqual(['555']);
		}
	});

	it('refuses an ID that is not digits, naming the field and the expected form, before any request', async () => {
		for (const [resource, name, label, value] of [
			['order', 'orderId', 'Order ID', { __rl: true, mode: 'id', value: '1234-5678' }],
			['return', 'returnId', 'Return ID', { __rl: true, mode: 'list', value: 'R555' }],
		] as const) {
			await expect(
				runSpartoo({ resource, operation: 'get', [name]: value, options: {} }),
			).rejects.toThrow(
				new RegExp(
					`${label}.*a Spartoo ${label.replace(' ID', '').toLowerCase()} ID, digits only`,
					's',
				),
			);
		}
		// Return > Get Many's order filter: no nock interceptor, so a request would fail otherwise
		for (const orderId of [{ __rl: true, mode: 'id', value: '1234-5678' }, 'order 12345678', '']) {
			await expect(
				runSpartoo({
					resource: 'return',
					operation: 'getAll',
					filterBy: 'order',
					orderId,
					status: 'all',
					returnAll: true,
					options: {},
				}),
			).rejects.toThrow(/"Order ID" \(orderId\).*a Spartoo order ID, digits only/s);
		}
	});
});
