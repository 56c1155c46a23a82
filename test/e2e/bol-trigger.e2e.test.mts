/**
 * The Bol.com Retailer Trigger in a real, running n8n: published (activated) through the REST API as the editor does,
 * it polls the Bol emulator and starts an execution with the open orders; unpublishing stops it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { orderSchema } from '../helpers/model-schemas.mts';
import {
	bolTriggerWorkflow,
	nodeJson,
	waitFor,
	type ExecutionSummary,
	type N8nServer,
} from '../../sandbox/n8n/index.mts';
import { bolSeededOrders, isOpenOrder, setUpBol, tearDown, type BolSetup } from './support.mts';

const CREDENTIAL = { id: 'e2eBolTriggerCred', name: 'Bol emulator' };
const WORKFLOW = 'e2eBolTriggerFlow';
const CLI_PUBLISHED = 'e2eBolTriggerCli1';

describe('Bol trigger in a running n8n', () => {
	let setup: BolSetup | undefined;
	let bolUrl: string;
	let server: N8nServer;

	beforeAll(async () => {
		setup = await setUpBol([CREDENTIAL]);
		bolUrl = setup.bolUrl;
		const trigger = {
			manifest: setup.manifest,
			credential: CREDENTIAL,
			event: 'newOrder',
			syncFrom: '2000-01-01T00:00:00.000Z',
		} as const;
		await setup.instance.importWorkflows([
			bolTriggerWorkflow({ id: WORKFLOW, name: 'e2e: new Bol orders', ...trigger }),
			bolTriggerWorkflow({ id: CLI_PUBLISHED, name: 'e2e: published with the CLI', ...trigger }),
		]);
		await setup.instance.publishWorkflow(CLI_PUBLISHED);
		server = await setup.instance.start();
	});

	afterAll(async () => {
		await tearDown(setup);
	});

	/** Waits for the workflow's first finished execution (the list is newest first). */
	async function firstExecution(workflowId: string): Promise<ExecutionSummary> {
		return await waitFor<ExecutionSummary>(
			`the first poll of ${workflowId}`,
			async () => {
				const finished = (await server.listExecutions({ workflowId })).filter(
					(execution) => execution.status !== 'running' && execution.status !== 'new',
				);
				return finished.at(-1);
			},
			150_000,
			1_000,
		);
	}

	it('a workflow published with `n8n publish:workflow` before the start is active and polls', async () => {
		expect((await server.getWorkflow(CLI_PUBLISHED)).active).toBe(true);
		const execution = await firstExecution(CLI_PUBLISHED);
		expect(execution.mode).toBe('trigger');
		expect(execution.status).toBe('success');
	});

	it('starts an execution with every open order once published', async () => {
		expect(await server.listExecutions({ workflowId: WORKFLOW })).toEqual([]);
		await server.activateWorkflow(WORKFLOW);
		expect((await server.getWorkflow(WORKFLOW)).active).toBe(true);

		// n8n polls once right at activation, then every minute
		const first = await firstExecution(WORKFLOW);
		expect(first.mode).toBe('trigger');
		expect(first.status).toBe('success');

		const execution = await server.getExecution(first.id);
		const emitted = nodeJson(execution.data, 'Received').map((order) => orderSchema.parse(order));
		const open = (await bolSeededOrders(bolUrl)).filter(isOpenOrder);
		expect(open.length).toBeGreaterThan(0);
		expect(emitted.map((order) => order.orderId).sort()).toEqual(
			open.map((order) => order.orderId).sort(),
		);
		expect(new Set(emitted.map((order) => order.marketplace))).toEqual(new Set(['bol']));
	});

	it('stops when unpublished', async () => {
		await server.deactivateWorkflow(WORKFLOW);
		expect((await server.getWorkflow(WORKFLOW)).active).toBe(false);
	});
});
