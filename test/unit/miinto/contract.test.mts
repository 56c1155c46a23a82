/**
 * The derived contract (docs/miinto-openapi.derived.yaml) and the node agree: the file says it is derived, every
 * operation names its source and whether it is verified, every request the node sends is an operation of the contract
 * on the right service, and every body it sends is valid against the contract's schema.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Ajv } from 'ajv';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { useNockAndFakeClock } from '../../helpers/nock.mts';
import type { HttpLogEntry } from '../../helpers/context.mts';
import {
	AUTH,
	ORDER,
	SHOP,
	STOCK,
	envelope,
	mockChannels,
	order,
	rma,
	runMiinto,
	shopPath,
	transfer,
	withBinaryHelper,
	miintoContext,
} from '../../helpers/miinto.mts';
import { Miinto } from '../../../nodes/Miinto/Miinto.node.ts';

useNockAndFakeClock(Date.parse('2026-11-23T10:00:00Z'));

type Operation = {
	operationId: string;
	'x-service': 'auth' | 'order' | 'stock';
	'x-source': string;
	'x-verified': string;
	requestBody?: { content: { 'application/json': { schema: unknown; example?: unknown } } };
};
const text = readFileSync(
	resolve(import.meta.dirname, '../../../docs/miinto-openapi.derived.yaml'),
	'utf8',
);
const contract = parse(text) as {
	info: { 'x-derived': boolean; title: string };
	paths: Record<string, Record<string, Operation>>;
	components: Record<string, Record<string, unknown>>;
};
const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

function operations(): Array<{ path: string; method: string; operation: Operation }> {
	return Object.entries(contract.paths).flatMap(([path, item]) =>
		Object.entries(item)
			.filter(([method]) => METHODS.includes(method))
			.map(([method, operation]) => ({ path, method, operation })),
	);
}

/** A schema with its `#/components/...` references inlined (the contract has no cycles). */
function inline(schema: unknown): unknown {
	if (Array.isArray(schema)) return schema.map(inline);
	if (schema === null || typeof schema !== 'object') return schema;
	const record = schema as Record<string, unknown>;
	if (typeof record.$ref === 'string') {
		const [, , group, name] = record.$ref.split('/');
		return inline(contract.components[group][name]);
	}
	return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, inline(v)]));
}

const SERVICES: Record<string, string> = { [AUTH]: 'auth', [ORDER]: 'order', [STOCK]: 'stock' };

/** The contract operation a request is, or undefined. */
function operationOf(entry: HttpLogEntry) {
	const url = new URL(entry.url);
	const service = SERVICES[url.origin];
	const path = decodeURIComponent(url.pathname);
	return operations().find(
		({ path: template, method, operation }) =>
			method === entry.method.toLowerCase() &&
			operation['x-service'] === service &&
			new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
	);
}

describe('the derived Miinto contract', () => {
	it('says it is derived, not official, and gives every operation a source and a verification mark', () => {
		expect(text.split('\n')[0]).toBe('# DERIVED, NOT OFFICIAL.');
		expect(contract.info['x-derived']).toBe(true);
		expect(contract.info.title).toMatch(/derived, not official/);
		const all = operations();
		expect(all.length).toBeGreaterThanOrEqual(10);
		for (const { operation } of all) {
			expect(operation['x-source'], operation.operationId).toMatch(/\S/);
			expect(['third-party', 'unverified']).toContain(operation['x-verified']);
			expect(['auth', 'order', 'stock']).toContain(operation['x-service']);
		}
	});

	it("every request of a node run is a contract operation, and every body is valid and equals the contract's example", async () => {
		// six runs, six credentials as n8n would load them fresh: one channel each
		mockChannels(6);
		nock(ORDER)
			.get(shopPath('/transfers'))
			.query(true)
			.reply(200, envelope([transfer(4711, [1201, 1202, 1203])], { totalItemCount: 1 }))
			.get(shopPath('/transfers/4711'))
			.reply(200, envelope(transfer(4711, [1201, 1202, 1203])))
			.patch(shopPath('/transfers/4711'))
			.reply(200, envelope({ newOrder: { id: 990001 } }))
			.get(shopPath('/orders'))
			.query(true)
			.reply(200, envelope([order(990001)], { totalItemCount: 1 }))
			.get(shopPath('/orders/990001'))
			.times(2)
			.reply(200, envelope(order(990001)))
			.get(shopPath('/shipping-providers/orders/990001'))
			.reply(200, envelope([{ id: 3, name: 'PostNord' }]))
			.patch(shopPath('/orders/990001'))
			.reply(200, envelope({}));
		nock(STOCK).patch(`/locations/${SHOP}/items`).reply(200, envelope({}));
		const runs = [
			{ resource: 'transfer', operation: 'getAll', returnAll: true },
			{
				resource: 'transfer',
				operation: 'decide',
				transferId: '4711',
				decision: 'listed',
				acceptPositionIds: '1201,1202',
				declinePositionIds: '1203',
			},
			{ resource: 'order', operation: 'getAll', returnAll: true },
			{ resource: 'order', operation: 'get', orderId: '990001' },
			{
				resource: 'shipment',
				operation: 'create',
				orderId: '990001',
				carrier: 'PostNord',
				trackAndTrace: '00370726201234567890',
				positions: 'all',
			},
			{
				resource: 'stock',
				operation: 'update',
				identification: 'gtin',
				identifier: (i: number) => ['5701234567899', '5701234567905'][i],
				quantity: (i: number) => [4, 0][i],
			},
		];
		const log: HttpLogEntry[] = [];
		for (const run of runs) {
			const { fake } = await runMiinto(
				{ shopId: SHOP, options: {}, ...run },
				run.resource === 'stock' ? { items: [{ json: {} }, { json: {} }] } : {},
			);
			log.push(...fake.http);
		}
		expect(log.map((e) => operationOf(e)?.operation.operationId)).toEqual([
			'createChannel',
			'listTransfers',
			'createChannel',
			'getTransfer',
			'decideTransfer',
			'createChannel',
			'listOrders',
			'createChannel',
			'getOrder',
			'createChannel',
			'getOrder',
			'listShippingProviders',
			'shipOrderPositions',
			'createChannel',
			'updateStock',
		]);
		const ajv = new Ajv({ strict: false }).addFormat('password', true).addFormat('date-time', true);
		for (const entry of log) {
			const content = operationOf(entry)!.operation.requestBody?.content['application/json'];
			if (!content) continue;
			const validate = ajv.compile(inline(content.schema) as object);
			expect(validate(entry.body), JSON.stringify(validate.errors)).toBe(true);
			if (content.example !== undefined) expect(entry.body).toEqual(content.example);
		}
	});

	it('the RMA, RMA request, refund and label requests are contract operations with valid bodies equal to the examples', async () => {
		mockChannels(6);
		nock(ORDER)
			.get(shopPath('/rmas'))
			.times(2)
			.query(true)
			.reply(200, envelope([rma(7701, { orderId: 5501 })], { totalItemCount: 1 }))
			.get(shopPath('/rmas/7701'))
			.reply(200, envelope(rma(7701, { orderId: 5501 })))
			.patch(shopPath('/rmas/7701'))
			.reply(200, envelope(rma(7701, { orderId: 5501, status: 'declined' })))
			.get(shopPath('/orders/5501'))
			.reply(200, envelope(order(5501)))
			.post(shopPath('/rma-requests'))
			.reply(201, envelope(rma(7800, { orderId: 5501, type: 'rmaRequest' })))
			.get(shopPath('/orders/5501/labels'))
			.reply(200, Buffer.from('%PDF-1.4\n%%EOF\n'), { 'Content-Type': 'application/pdf' });
		const runs = [
			{ resource: 'return', operation: 'getAll', status: 'pending', returnAll: true },
			{
				resource: 'return',
				operation: 'decline',
				rmaId: '7701',
				reason: 'Item returned worn and without tags',
			},
			{
				resource: 'return',
				operation: 'createRequest',
				orderId: '5501',
				itemsMode: 'list',
				items: [{ lineId: '1201', quantity: 1 }],
				reason: 'Returned without an RMA; refunded in the store',
			},
			{ resource: 'shipment', operation: 'getLabel', orderId: '5501' },
		];
		const log: HttpLogEntry[] = [];
		for (const run of runs) {
			const fake = withBinaryHelper(miintoContext({ shopId: SHOP, options: {}, ...run }));
			await new Miinto().execute.call(fake.ctx);
			log.push(...fake.http);
		}
		expect(log.map((e) => operationOf(e)?.operation.operationId)).toEqual([
			'createChannel',
			'listRmas',
			'createChannel',
			'getRma',
			'decideRma',
			'createChannel',
			'getOrder',
			'listRmas',
			'createRmaRequest',
			'createChannel',
			'getOrderLabel',
		]);
		for (const entry of log) {
			const operation = operationOf(entry)!.operation;
			if (operation.operationId !== 'createChannel')
				expect(operation['x-verified'], operation.operationId).toBe(
					['getOrder'].includes(operation.operationId) ? 'third-party' : 'unverified',
				);
		}
		const ajv = new Ajv({ strict: false }).addFormat('password', true).addFormat('date-time', true);
		const bodies = log.filter(
			(e) => operationOf(e)!.operation.operationId !== 'createChannel' && e.method !== 'GET',
		);
		expect(bodies).toHaveLength(2);
		for (const entry of bodies) {
			const content = operationOf(entry)!.operation.requestBody!.content['application/json'];
			const validate = ajv.compile(inline(content.schema) as object);
			expect(validate(entry.body), JSON.stringify(validate.errors)).toBe(true);
			expect(entry.body).toEqual(content.example);
		}
	});
});
