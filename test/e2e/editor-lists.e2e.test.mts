/**
 * The editor's lists in a real n8n: the order picker's "From List" of the Amazon Selling Partner node, asked the way
 * the editor asks (`POST /rest/dynamic-node-parameters/resource-locator-results`), pages through the Amazon
 * emulator's orders with one searchOrders call per page and filters by order ID; the marketplace list comes from
 * `POST /rest/dynamic-node-parameters/options`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulators, type RunningEmulators } from '../../sandbox/emulators/index.mts';
import {
	emulatorCredentials,
	N8nInstance,
	packageNode,
	REPO_ROOT,
	type N8nServer,
} from '../../sandbox/n8n/index.mts';
import { builtPackage, E2E_SEED } from './support.mts';

interface ListPage {
	results: Array<{ name: string; value: string; url?: string; description?: string }>;
	paginationToken?: string;
}

describe('editor lists of the Amazon Selling Partner node in a real n8n', () => {
	let emulators: RunningEmulators | undefined;
	let instance: N8nInstance | undefined;
	let server: N8nServer;
	let amazonUrl: string;
	let credential: { id: string; name: string };
	let nodeTypeAndVersion: { name: string; version: number };

	beforeAll(async () => {
		const manifest = await builtPackage();
		emulators = await startEmulators({ services: ['amazon'], seed: E2E_SEED, timeScale: 60 });
		amazonUrl = emulators.urls.amazon;
		const sandbox = await emulatorCredentials({ amazon: amazonUrl });
		credential = sandbox.byType.amazonSellingPartnerApi;
		instance = await N8nInstance.create({ packageDir: REPO_ROOT });
		await instance.importCredentials(sandbox.credentials);
		const node = packageNode(manifest, 'amazonSellingPartner');
		nodeTypeAndVersion = { name: node.type, version: node.versions[node.versions.length - 1] };
		server = await instance.start();
	});

	afterAll(async () => {
		await instance?.dispose();
		await emulators?.stop();
	});

	const listOrders = async (filter?: string, paginationToken?: string) =>
		await server.rest<ListPage>('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
			path: 'parameters.orderId',
			methodName: 'searchOrders',
			nodeTypeAndVersion,
			currentNodeParameters: {
				resource: 'order',
				operation: 'get',
				orderId: { __rl: true, mode: 'list', value: '' },
			},
			credentials: { amazonSellingPartnerApi: credential },
			...(filter === undefined ? {} : { filter }),
			...(paginationToken === undefined ? {} : { paginationToken }),
		});

	const searchCalls = async () => {
		const log = (await (await fetch(`${amazonUrl}/__admin/requests`)).json()) as {
			requests: Array<{
				method: string;
				path: string;
				status?: number;
				query: Record<string, unknown>;
			}>;
		};
		return log.requests.filter((r) => r.method === 'GET' && r.path === '/orders/2026-01-01/orders');
	};

	it("pages through the credential's orders of the last 30 days, one searchOrders call per page", async () => {
		const state = (await (await fetch(`${amazonUrl}/__admin/state`)).json()) as {
			state: { orders: Array<{ orderId: string; salesChannel: { marketplaceId: string } }> };
			info: { marketplaceIds: string[] };
		};
		const expected = state.state.orders
			.filter((o) => state.info.marketplaceIds.includes(o.salesChannel.marketplaceId))
			.map((o) => o.orderId)
			.sort();
		expect(expected.length).toBeGreaterThan(0);

		await fetch(`${amazonUrl}/__admin/requests`, { method: 'DELETE' });
		const seen: string[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await listOrders(undefined, token);
			pages++;
			expect(page.results.length).toBeGreaterThan(0);
			for (const entry of page.results) {
				expect(entry.value).toMatch(/^\d{3}-\d{7}-\d{7}$/);
				expect(entry.name.startsWith(entry.value)).toBe(true);
				expect(entry.url).toMatch(
					new RegExp(`^https://sellercentral\\.amazon\\.[a-z.]+/orders-v3/order/${entry.value}$`),
				);
				expect(entry.description).toMatch(/^Purchased /);
			}
			const created = page.results.map((r) => r.description ?? '');
			expect([...created].sort().reverse()).toEqual(created);
			seen.push(...page.results.map((r) => r.value));
			token = page.paginationToken;
		} while (token && pages < 20);
		expect(token).toBeUndefined();
		expect([...seen].sort()).toEqual(expected);
		const calls = await searchCalls();
		expect(calls).toHaveLength(pages);
		expect(calls.every((c) => c.status === 200)).toBe(true);
	});

	it('filters by order ID', async () => {
		const first = await listOrders();
		const target = first.results[0].value;
		const page = await listOrders(target.slice(-7));
		expect(page.results.map((r) => r.value)).toContain(target);
		expect(page.results.every((r) => r.value.includes(target.slice(-7)))).toBe(true);
	});

	it("lists the credential's marketplaces by name", async () => {
		const options = await server.rest<Array<{ name: string; value: string }>>(
			'POST',
			'/rest/dynamic-node-parameters/options',
			{
				path: 'parameters.options.marketplaceId',
				methodName: 'getMarketplaces',
				nodeTypeAndVersion,
				currentNodeParameters: { resource: 'stock', operation: 'update', options: {} },
				credentials: { amazonSellingPartnerApi: credential },
			},
		);
		expect(options[0]).toMatchObject({ value: '' });
		expect(options.length).toBeGreaterThan(1);
		for (const option of options.slice(1)) expect(option.value).toMatch(/^[A-Z0-9]{9,16}$/);
		expect(options.some((o) => /\(Amazon\./.test(o.name))).toBe(true);
	});
});
