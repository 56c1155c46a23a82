/**
 * The Miinto node's pickers: "From List" of a shop's pending transfers, orders and RMAs (one call per page of 50,
 * newest first, filter, direct lookup of a whole ID, the credential's environment, the Shop chosen first), and the
 * locator values the operations accept (list, typed ID, plain string) or refuse before any request.
 */
import nock from 'nock';
import type {
	ICredentialDataDecryptedObject,
	ILoadOptionsFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { Miinto } from '../../../nodes/Miinto/Miinto.node.ts';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import { expectPickers } from '../../helpers/locators.mts';
import {
	ORDER,
	SHOP,
	envelope,
	miintoContext,
	miintoCredentials,
	mockChannels,
	order,
	rma,
	runMiinto,
	shopPath,
	transfer,
} from '../../helpers/miinto.mts';

useNockAndFakeClock(Date.parse('2026-11-23T12:00:00Z'));

const node = new Miinto();

/** The load-options context of the editor: the node's current parameters (the Shop) and the credential. */
function loadContext(shopId: unknown = SHOP, credentials?: ICredentialDataDecryptedObject) {
	const { ctx } = miintoContext({}, credentials ? { credentials } : {});
	return Object.assign(ctx, {
		getCurrentNodeParameter: (name: string) => (name === 'shopId' ? shopId : undefined),
	}) as unknown as ILoadOptionsFunctions;
}

/** One list answer; returns the queries it was asked with. */
function serveList(path: string, items: unknown[], total: number, host = ORDER) {
	const queries: Array<Record<string, string>> = [];
	nock(host)
		.get(shopPath(path))
		.query((q) => (queries.push(q as Record<string, string>), true))
		.reply(200, envelope(items, { totalItemCount: total }));
	return queries;
}

const ids = (count: number, from: number) => Array.from({ length: count }, (_, n) => from + n);

describe('transfer picker: From List (listSearch.searchTransfers)', () => {
	it("lists the shop's pending transfers newest first, one call per page of 50, paging by offset to the total", async () => {
		mockChannels();
		const first = serveList(
			'/transfers',
			ids(50, 4001).map((id) => transfer(id, [id * 10])),
			53,
		);
		const second = serveList(
			'/transfers',
			ids(3, 4051).map((id) => transfer(id, [id * 10])),
			53,
		);
		const ctx = loadContext();
		const page1 = await node.methods.listSearch.searchTransfers.call(ctx);
		expect(first).toEqual([
			{ 'status[]': 'pending', sort: '-createdAt', limit: '50', offset: '0' },
		]);
		expect(page1.results).toHaveLength(50);
		expect(page1.paginationToken).toBe('50');
		expect(page1.results[0]).toEqual({
			name: '4001 · 2026-11-23 · 129.95 DKK',
			value: '4001',
			description: 'Placed 2026-11-23T10:15:00.000Z, status pending, 1 unit',
		});
		const page2 = await node.methods.listSearch.searchTransfers.call(ctx, undefined, '50');
		expect(second).toEqual([
			{ 'status[]': 'pending', sort: '-createdAt', limit: '50', offset: '50' },
		]);
		expect(page2.results.map((r) => r.value)).toEqual(['4051', '4052', '4053']);
		expect(page2.paginationToken).toBeUndefined();
	});

	it('looks a whole transfer ID up directly (one GET), and lists filtered when Miinto does not know it', async () => {
		mockChannels();
		const api = nock(ORDER)
			.get(shopPath('/transfers/4711'))
			.reply(200, envelope(transfer(4711, [47111])))
			.get(shopPath('/transfers/4712'))
			.reply(404, { meta: { status: 'failure' }, message: 'Transfer not found' });
		const ctx = loadContext();
		const found = await node.methods.listSearch.searchTransfers.call(ctx, '4711');
		expect(found.results.map((r) => r.value)).toEqual(['4711']);
		serveList('/transfers', [transfer(47120, [1]), transfer(5000, [2])], 2);
		const missing = await node.methods.listSearch.searchTransfers.call(ctx, '4712');
		expect(missing.results.map((r) => r.value)).toEqual(['47120']);
		expect(api.isDone()).toBe(true);
	});

	it('asks for the Shop first, before any request', async () => {
		await expect(node.methods.listSearch.searchTransfers.call(loadContext(''))).rejects.toThrow(
			/Choose the Shop first/,
		);
	});
});

describe('order and RMA pickers', () => {
	it("lists the shop's orders (every status) with customer and amount, filtered by ID or customer", async () => {
		mockChannels();
		const queries = serveList(
			'/orders',
			[order(550001), order(550002, { billingInformation: { name: 'Ida Berg' } })],
			2,
		);
		const page = await node.methods.listSearch.searchOrders.call(loadContext(), 'kierkegaard');
		expect(queries).toEqual([{ sort: '-createdAt', limit: '50', offset: '0' }]);
		expect(page.results).toEqual([
			{
				// the number the customer knows is the parent order's (the transfer's)
				name: '880001 · 2026-11-23 · Søren Kierkegaard Hansen · 309.40 DKK',
				value: '550001',
				description: 'Order ID 550001, Placed 2026-11-23T10:15:00.000Z, status open, 3 units',
			},
		]);
		expect(page.paginationToken).toBeUndefined();
	});

	it("lists the shop's RMAs (every status), filtered by RMA or order ID", async () => {
		mockChannels();
		const queries = serveList(
			'/rmas',
			[rma(7788), rma(7790, { orderId: 550099, status: 'accepted' })],
			2,
		);
		// digits could be a whole RMA ID: looked up first (unknown), then the list is filtered
		nock(ORDER).get(shopPath('/rmas/550099')).reply(404, { message: 'RMA not found' });
		const page = await node.methods.listSearch.searchReturns.call(loadContext(), '550099');
		expect(queries.filter((q) => 'sort' in q)).toEqual([
			{ sort: '-createdAt', limit: '50', offset: '0' },
		]);
		expect(page.results.map((r) => r.value)).toEqual(['7790']);
		expect(page.results[0].name).toBe('7790 · 2026-11-23 · order 550099 · handled');
	});

	it("asks the hosts of the credential's environment (sandbox)", async () => {
		mockChannels(1, [SHOP], 'https://api-auth-sandbox.miinto.net');
		const queries = serveList(
			'/orders',
			[order(550001)],
			1,
			'https://api-order-sandbox.miinto.net',
		);
		const page = await node.methods.listSearch.searchOrders.call(
			loadContext(SHOP, miintoCredentials({ environment: 'sandbox' })),
		);
		expect(queries).toHaveLength(1);
		expect(page.results.map((r) => r.value)).toEqual(['550001']);
	});
});

describe('transfer, order and RMA IDs as resource locators', () => {
	const properties = node.description.properties as INodeProperties[];

	it('offers From List and By ID for every operation on one transfer, order or RMA, after the Shop', () => {
		const locators = expectPickers(
			node,
			[
				'transferId:transfer.get',
				'orderId:order.get',
				'orderId:shipment.create',
				'orderId:shipment.getLabel',
				'orderId:refund.create',
				'rmaId:return.get',
			],
			{ transferId: 'searchTransfers', orderId: 'searchOrders', rmaId: 'searchReturns' },
		);
		for (const locator of locators) {
			// the picker lists the chosen shop's records: the Shop comes first
			const shop = properties.findIndex(
				(p) =>
					p.name === 'shopId' &&
					JSON.stringify(p.displayOptions) === JSON.stringify(locator.displayOptions),
			);
			expect(shop).toBeGreaterThanOrEqual(0);
			expect(shop).toBeLessThan(properties.indexOf(locator));
		}
		expect(
			properties.filter(
				(p) => ['transferId', 'orderId', 'rmaId'].includes(p.name) && p.type === 'string',
			),
		).toEqual([]);
	});

	it('gets the transfer picked from the list, typed, or given as a plain string (templates, expressions)', async () => {
		for (const transferId of [
			{ __rl: true, mode: 'list', value: '4711' },
			{ __rl: true, mode: 'id', value: ' 4711 ' },
			'4711',
			4711,
		]) {
			mockChannels();
			const api = nock(ORDER)
				.get(shopPath('/transfers/4711'))
				.reply(200, envelope(transfer(4711, [47111])));
			const { items } = await runMiinto({
				resource: 'transfer',
				operation: 'get',
				shopId: SHOP,
				transferId,
				options: {},
			});
			expect(api.isDone()).toBe(true);
			expect(items[0].json.orderId).toBe('4711');
		}
	});

	it('refuses an ID that is not a whole number, naming the field and the expected form, before any request', async () => {
		for (const [resource, operation, name, label] of [
			['transfer', 'get', 'transferId', 'Transfer ID'],
			['order', 'get', 'orderId', 'Order ID'],
			['return', 'get', 'rmaId', 'RMA ID'],
		]) {
			await expect(
				runMiinto({
					resource,
					operation,
					shopId: SHOP,
					[name]: { __rl: true, mode: 'id', value: '12/34' },
					options: {},
				}),
			).rejects.toThrow(new RegExp(`${label}.*a Miinto ${label}, a whole number`, 's'));
		}
	});
});
