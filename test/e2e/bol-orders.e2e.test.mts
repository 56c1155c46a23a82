/**
 * A workflow Manual Trigger -> Bol.com Retailer (order: getAll), imported into a real n8n and run with
 * `n8n execute`, returns the seeded orders of the Bol emulator in the normalized model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { orderSchema } from '../helpers/model-schemas.mts';
import {
	bolOrdersWorkflow,
	nodeJson,
	type CliExecution,
	type N8nInstance,
} from '../../sandbox/n8n/index.mts';
import {
	bolSeededOrders,
	clearEmulatorRequests,
	emulatorRequests,
	isOpenOrder,
	setUpBol,
	tearDown,
	type BolApiOrder,
	type BolSetup,
} from './support.mts';

const CREDENTIAL = { id: 'e2eBolOrdersCred1', name: 'Bol emulator' };
const OPEN_WORKFLOW = 'e2eBolOpenOrders1';
const ALL_WORKFLOW = 'e2eBolAllOrders01';
const BAD_CREDENTIAL = { id: 'e2eBolBadSecret01', name: 'Bol emulator, wrong secret' };
const BAD_WORKFLOW = 'e2eBolBadSecret01';
const NODE = 'Get Bol Orders';

describe('Bol orders through the real n8n', () => {
	let setup: BolSetup | undefined;
	let bolUrl: string;
	let instance: N8nInstance;

	beforeAll(async () => {
		setup = await setUpBol([
			CREDENTIAL,
			{ ...BAD_CREDENTIAL, clientSecret: 'not-the-emulator-secret' },
		]);
		({ bolUrl, instance } = setup);
		const { manifest } = setup;
		await instance.importWorkflows([
			bolOrdersWorkflow({
				id: OPEN_WORKFLOW,
				name: 'e2e: open Bol orders',
				manifest,
				credential: CREDENTIAL,
				nodeName: NODE,
			}),
			bolOrdersWorkflow({
				id: ALL_WORKFLOW,
				name: 'e2e: all Bol orders',
				manifest,
				credential: CREDENTIAL,
				status: 'ALL',
				nodeName: NODE,
			}),
			bolOrdersWorkflow({
				id: BAD_WORKFLOW,
				name: 'e2e: wrong secret',
				manifest,
				credential: BAD_CREDENTIAL,
				nodeName: NODE,
			}),
		]);
	});

	afterAll(async () => {
		await tearDown(setup);
	});

	/** Each normalized order matches the order the Bol API serves: ids, lines, EANs, quantities, fulfilment. */
	function expectNormalized(orders: Array<Record<string, unknown>>, expected: BolApiOrder[]): void {
		expect(orders.map((order) => order.orderId).sort()).toEqual(
			expected.map((order) => order.orderId).sort(),
		);
		const byId = new Map(expected.map((order) => [order.orderId, order]));
		for (const raw of orders) {
			const order = orderSchema.parse(raw);
			const source = byId.get(order.orderId);
			if (!source) throw new Error(`unexpected order ${order.orderId}`);
			expect(order.marketplace).toBe('bol');
			expect(order.lines.map((line) => line.lineId).sort()).toEqual(
				source.orderItems.map((item) => item.orderItemId).sort(),
			);
			for (const item of source.orderItems) {
				const line = order.lines.find((candidate) => candidate.lineId === item.orderItemId);
				expect(line?.ean).toBe(item.product.ean);
				expect(line?.quantity).toBe(item.quantity);
				expect(line?.quantityShipped).toBe(item.quantityShipped);
				expect(line?.quantityCancelled).toBe(item.quantityCancelled);
				expect(line?.fulfilment).toBe(
					item.fulfilment.method === 'FBB' ? 'marketplace' : 'merchant',
				);
			}
		}
	}

	function expectSuccess(execution: CliExecution): void {
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		expect(execution.exitCode).toBe(0);
	}

	it('returns every open order the emulator was seeded with, normalized', async () => {
		await clearEmulatorRequests(bolUrl);
		const execution = await instance.execute(OPEN_WORKFLOW);
		expectSuccess(execution);
		const orders = nodeJson(execution.run.data, NODE);
		// the node itself fetched a token, the listing and one detail per order from the emulator
		const tokenCalls = await emulatorRequests(bolUrl, { method: 'POST', path: '/token' });
		expect(tokenCalls.filter((call) => call.status === 200).length).toBeGreaterThan(0);
		const orderCalls = await emulatorRequests(bolUrl, { method: 'GET', path: '/retailer/orders' });
		expect(orderCalls.filter((call) => call.status === 200).length).toBeGreaterThan(orders.length);

		const expected = (await bolSeededOrders(bolUrl)).filter(isOpenOrder);
		expect(expected.length).toBeGreaterThan(0);
		expectNormalized(orders, expected);
	});

	it('with status ALL also returns the shipped orders', async () => {
		const execution = await instance.execute(ALL_WORKFLOW);
		expectSuccess(execution);
		const expected = await bolSeededOrders(bolUrl);
		expect(expected.filter((order) => !isOpenOrder(order)).length).toBeGreaterThan(0);
		expectNormalized(nodeJson(execution.run.data, NODE), expected);
	});

	it('fails the execution with an authorization error for a wrong client secret', async () => {
		const execution = await instance.execute(BAD_WORKFLOW);
		expect(execution.status).toBe('error');
		expect(execution.exitCode).not.toBe(0);
		expect(execution.error).toMatch(/401|unauthori[sz]ed|credentials/i);
		expect(JSON.stringify(execution.run)).not.toContain('not-the-emulator-secret');
	});
});
