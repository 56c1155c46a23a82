/**
 * The Amazon Selling Partner node in a real n8n: its credential test passes against the Amazon emulator (LWA
 * refresh-token grant, then a Listings call), and Manual Trigger -> Amazon Selling Partner (order: getAll) run with
 * `n8n execute` returns the emulator's orders in the normalized model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { orderSchema } from '../helpers/model-schemas.mts';
import { startEmulators, type RunningEmulators } from '../../sandbox/emulators/index.mts';
import {
	emulatorCredentials,
	manualWorkflow,
	N8nInstance,
	nodeJson,
	packageNode,
	REPO_ROOT,
	type N8nServer,
} from '../../sandbox/n8n/index.mts';
import { builtPackage, E2E_SEED } from './support.mts';

const WORKFLOW = 'e2eAmazonOrders01';
const NODE = 'Get Amazon Orders';

describe('Amazon Selling Partner in a real n8n', () => {
	let emulators: RunningEmulators | undefined;
	let instance: N8nInstance | undefined;
	let server: N8nServer;
	let amazonUrl: string;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		const manifest = await builtPackage();
		emulators = await startEmulators({ services: ['amazon'], seed: E2E_SEED, timeScale: 60 });
		amazonUrl = emulators.urls.amazon;
		const sandbox = await emulatorCredentials({ amazon: amazonUrl });
		credential = sandbox.byType.amazonSellingPartnerApi;
		instance = await N8nInstance.create({ packageDir: REPO_ROOT });
		await instance.importCredentials(sandbox.credentials);
		const node = packageNode(manifest, 'amazonSellingPartner');
		await instance.importWorkflows([
			manualWorkflow({
				id: WORKFLOW,
				name: 'e2e: Amazon orders',
				node: {
					id: '6f1c3a52-0000-4000-8000-0000000000a1',
					name: NODE,
					type: node.type,
					typeVersion: node.versions[node.versions.length - 1],
					position: [0, 0],
					parameters: {
						resource: 'order',
						operation: 'getAll',
						filterBy: 'created',
						after: '={{ $now.minus({ days: 30 }).toISO() }}',
						returnAll: true,
					},
					credentials: { amazonSellingPartnerApi: credential },
				},
			}),
		]);
		server = await instance.start();
	});

	afterAll(async () => {
		await instance?.dispose();
		await emulators?.stop();
	});

	it('passes the credential test: a token from the refresh token, then a call to the Listings API', async () => {
		await fetch(`${amazonUrl}/__admin/requests`, { method: 'DELETE' });
		const result = await server.testCredential(credential.id);
		expect(result).toEqual({ status: 'OK', message: expect.any(String) });
		const log = (await (await fetch(`${amazonUrl}/__admin/requests`)).json()) as {
			requests: Array<{ path: string; status: number }>;
		};
		expect(log.requests.find((r) => r.path === '/auth/o2/token')?.status).toBe(200);
		expect(
			log.requests.some(
				(r) => r.path.startsWith('/listings/2021-08-01/items/') && r.status === 200,
			),
		).toBe(true);
	});

	it('fails the credential test with a wrong client secret, without echoing it', async () => {
		const wrong = 'amzn1.oa2-cs.v1.not-the-secret';
		const result = await server.testCredential(credential.id, { clientSecret: wrong });
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(wrong);
	});

	it("returns the emulator's orders of the last 30 days, normalized", async () => {
		const state = (await (await fetch(`${amazonUrl}/__admin/state`)).json()) as {
			state: {
				orders: Array<{
					orderId: string;
					createdTime: string;
					salesChannel: { marketplaceId: string };
				}>;
			};
			info: { marketplaceIds: string[] };
		};
		const run = await instance!.execute(WORKFLOW);
		expect(run.status).toBe('success');
		const orders = nodeJson(run.run!.data, NODE);
		const expected = state.state.orders.filter((o) =>
			state.info.marketplaceIds.includes(o.salesChannel.marketplaceId),
		);
		expect(orders.length).toBeGreaterThan(0);
		expect(orders.map((o) => o.orderId).sort()).toEqual(expected.map((o) => o.orderId).sort());
		for (const order of orders) {
			const parsed = orderSchema.parse(order);
			expect(parsed.marketplace).toBe('amazon');
		}
	});
});
