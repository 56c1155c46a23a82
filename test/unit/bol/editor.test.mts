/**
 * The Bol.com node's pickers: "From List" of orders and returns (one call per page of 50, filter, direct lookup of a
 * whole order ID) and the locator values the operations accept (list, typed ID, plain string) or refuse before any
 * request.
 */
import nock from 'nock';
import type { ILoadOptionsFunctions, INodeProperties } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BolRetailer } from '../../../nodes/BolRetailer/BolRetailer.node.ts';
import { BOL_BASE, V10, bolContext, mockToken } from '../../helpers/bol.mts';
import { installFakeClock } from '../../helpers/clock.mts';
import { bolExample } from '../../helpers/spec.mts';
import { reduced, specOrder } from './fixtures.mts';
import { runNode } from './run.mts';

let restore: () => void;
beforeEach(() => {
	({ restore } = installFakeClock());
	nock.disableNetConnect();
});
afterEach(() => {
	restore();
	nock.cleanAll();
	nock.enableNetConnect();
});

const node = new BolRetailer();
const loadContext = () => bolContext({}).ctx as unknown as ILoadOptionsFunctions;

/** `count` reduced orders with ids A000000001.., one unit of EAN 87000000000nn each. */
const orders = (count: number, from = 1) =>
	Array.from({ length: count }, (_, n) =>
		reduced(`A${String(from + n).padStart(9, '0')}`, [
			{
				ean: `87000000000${String((from + n) % 100).padStart(2, '0')}`,
				quantity: 1,
				quantityShipped: 0,
				quantityCancelled: 0,
				fulfilmentStatus: 'OPEN',
			},
		]),
	);

function bolReturn(returnId: string, orderId: string, handled: boolean) {
	const ret = bolExample<Record<string, any>>('ReducedReturn');
	return {
		...ret,
		returnId,
		registrationDateTime: '2026-11-20T10:00:00+01:00',
		fulfilmentMethod: 'FBR',
		returnItems: [
			{ ...ret.returnItems[0], orderId, ean: '8712345678906', expectedQuantity: 1, handled },
		],
	};
}

describe('order picker: From List (listSearch.searchOrders)', () => {
	it('asks bol for one page of every order (open and shipped, FBR and FBB) and pages on while pages are full', async () => {
		mockToken();
		const api = nock(BOL_BASE, { reqheaders: { accept: V10 } })
			.get('/retailer/orders')
			.query({ status: 'ALL', 'fulfilment-method': 'ALL', page: '1' })
			.reply(200, { orders: orders(50) })
			.get('/retailer/orders')
			.query({ status: 'ALL', 'fulfilment-method': 'ALL', page: '2' })
			.reply(200, { orders: orders(3, 51) });
		const ctx = loadContext();
		const first = await node.methods.listSearch.searchOrders.call(ctx);
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('2');
		expect(first.results[0]).toEqual({
			name: 'A000000001 · 2026-11-23 · open · 1 unit',
			value: 'A000000001',
			description: 'Placed 2026-11-23T11:00:00+01:00, EAN 8700000000001',
		});
		const second = await node.methods.listSearch.searchOrders.call(ctx, undefined, '2');
		expect(second.results.map((r) => r.value)).toEqual(['A000000051', 'A000000052', 'A000000053']);
		expect(second.paginationToken).toBeUndefined();
		expect(api.isDone()).toBe(true);
	});

	it('keeps the orders whose ID or EAN contains the filter', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders')
			.query({ status: 'ALL', 'fulfilment-method': 'ALL', page: '1' })
			.reply(200, { orders: orders(12) });
		const page = await node.methods.listSearch.searchOrders.call(loadContext(), '11');
		expect(page.results.map((r) => r.value)).toEqual(['A000000011']);
		// a 13-digit EAN could be a whole order ID: looked up first, unknown to bol, then the list is filtered
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders/8700000000007')
			.reply(404, { title: 'Not Found', status: 404 })
			.get('/retailer/orders')
			.query({ status: 'ALL', 'fulfilment-method': 'ALL', page: '1' })
			.reply(200, { orders: orders(12) });
		const byEan = await node.methods.listSearch.searchOrders.call(loadContext(), '8700000000007');
		expect(byEan.results.map((r) => r.value)).toEqual(['A000000007']);
	});

	it('looks a whole order ID up directly (an order beyond the listed pages), and lists when bol does not know it', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders/1043946570')
			.reply(200, specOrder({ orderId: '1043946570' }));
		const found = await node.methods.listSearch.searchOrders.call(loadContext(), '1043946570');
		expect(found.results.map((r) => r.value)).toEqual(['1043946570']);
		expect(found.results[0].name).toMatch(/^1043946570 · \d{4}-\d{2}-\d{2} · open · 2 units$/);

		mockToken();
		const api = nock(BOL_BASE)
			.get('/retailer/orders/9999999999')
			.reply(404, { title: 'Not Found', status: 404 })
			.get('/retailer/orders')
			.query({ status: 'ALL', 'fulfilment-method': 'ALL', page: '1' })
			.reply(200, { orders: orders(2) });
		const missing = await node.methods.listSearch.searchOrders.call(loadContext(), '9999999999');
		expect(missing.results).toEqual([]);
		expect(api.isDone()).toBe(true);
	});
});

describe('return picker: From List (listSearch.searchReturns)', () => {
	it('lists returns to handle first, then handled ones, and filters by return ID, order ID or EAN', async () => {
		mockToken();
		const api = nock(BOL_BASE)
			.get('/retailer/returns')
			.query({ handled: 'false', 'fulfilment-method': 'FBR', page: '1' })
			.reply(200, { returns: [bolReturn('15892026', 'A2K8290LP8', false)] })
			.get('/retailer/returns')
			.query({ handled: 'true', 'fulfilment-method': 'FBR', page: '1' })
			.reply(200, { returns: [bolReturn('15892001', 'A2K8290AAA', true)] });
		const ctx = loadContext();
		const open = await node.methods.listSearch.searchReturns.call(ctx);
		expect(open.results).toEqual([
			{
				name: '15892026 · 2026-11-20 · order A2K8290LP8 · 1 to handle',
				value: '15892026',
				description: 'Registered 2026-11-20T10:00:00+01:00, FBR, EAN 8712345678906 x 1',
			},
		]);
		expect(open.paginationToken).toBe('true:1');
		const handled = await node.methods.listSearch.searchReturns.call(ctx, 'a2k8290aaa', 'true:1');
		expect(handled.results.map((r) => r.value)).toEqual(['15892001']);
		expect(handled.results[0].name).toMatch(/ · handled$/);
		expect(handled.paginationToken).toBeUndefined();
		expect(api.isDone()).toBe(true);
	});
});

describe('order and return IDs as resource locators', () => {
	const properties = node.description.properties as INodeProperties[];

	it('offers From List and By ID for the order of every one-order operation and for Return > Get', () => {
		const locators = properties.filter((p) => p.type === 'resourceLocator');
		const names = locators.map((p) => `${p.name}:${String(p.displayOptions?.show?.operation)}`);
		expect(names).toEqual(
			expect.arrayContaining(['orderId:get', 'orderId:cancel', 'orderId:create', 'returnId:get']),
		);
		for (const locator of locators) {
			expect(locator.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
			const list = locator.modes?.[0];
			expect(list?.typeOptions?.searchListMethod).toMatch(/^search(Orders|Returns)$/);
			expect(Object.keys(node.methods.listSearch)).toContain(list?.typeOptions?.searchListMethod);
		}
	});

	it('gets the order picked from the list, typed, or given as a plain string (templates, expressions)', async () => {
		for (const orderId of [
			{ __rl: true, mode: 'list', value: 'A2K8290LP8' },
			{ __rl: true, mode: 'id', value: ' A2K8290LP8 ' },
			'A2K8290LP8',
		]) {
			mockToken();
			const api = nock(BOL_BASE)
				.get('/retailer/orders/A2K8290LP8')
				.reply(200, specOrder({ orderId: 'A2K8290LP8' }));
			const { items } = await runNode({
				resource: 'order',
				operation: 'get',
				orderId,
				options: {},
			});
			expect(api.isDone()).toBe(true);
			expect(items[0].json.orderId).toBe('A2K8290LP8');
		}
	});

	it('refuses an order or return ID that cannot be one, naming the field and the allowed form, before any request', async () => {
		// no token or API mock: a request would fail with a connection error instead
		await expect(
			runNode({
				resource: 'order',
				operation: 'get',
				orderId: { __rl: true, mode: 'id', value: 'A2K/../8290' },
				options: {},
			}),
		).rejects.toThrow(/Order ID.*a bol order ID, letters and digits/s);
		await expect(
			runNode({
				resource: 'return',
				operation: 'get',
				returnId: { __rl: true, mode: 'list', value: 'R-1' },
				options: {},
			}),
		).rejects.toThrow(/Return ID.*a bol return ID, digits only/s);
	});
});
