/**
 * The editor's lists in a real n8n, asked the way the editor asks (`POST /rest/dynamic-node-parameters/
 * resource-locator-results` for a picker's "From List", `.../options` for a dropdown): the Amazon order picker pages
 * through the Amazon emulator's orders with one searchOrders call per page and filters by order ID, the marketplace
 * list comes from the credential; the Bol.com order and return pickers page through the bol emulator; Zalando's
 * sales channels and order picker, the Miinto transfer picker (of the chosen shop) and the Spartoo order picker come
 * from their emulators, one list call per page. Bol's RMA, shipped order item and offer pickers, Amazon's feed and listing pickers,
 * Zalando's shipping document picker (of the order chosen above it), Bol's label offer picker (of the order chosen above
 * it) and Spartoo's Return > Get Many order filter too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	amazonEmulatorAccessToken,
	MIINTO_SHOP_DK,
	MIINTO_SHOP_SE,
	startEmulators,
	type RunningEmulators,
} from '../../sandbox/emulators/index.mts';
import {
	emulatorCredentials,
	N8nInstance,
	packageNode,
	REPO_ROOT,
	type N8nServer,
} from '../../sandbox/n8n/index.mts';
import { adminSeed, adminState, type BolState } from './lifecycle-support.mts';
import { miintoState } from './miinto-support.mts';
import { zalandoState } from './zalando-support.mts';
import { builtPackage, E2E_SEED } from './support.mts';

interface ListPage {
	results: Array<{ name: string; value: string; url?: string; description?: string }>;
	paginationToken?: string;
}

type Credentials = Record<string, { id: string; name: string }>;
type NodeTypeAndVersion = { name: string; version: number };

/**
 * The requests an emulator logged since the last clear, of one method and path pattern, as the node's calls. The
 * emulators run on a 60x clock, so an access token can expire between two calls (bol's lives 5 emulated minutes, 5 s
 * here): the emulator answers 401, the node fetches a new token and sends the same call again. Such a refused call and
 * its resend are one call: the 401 is dropped here, but only when the next matching request is the same call (method
 * and path) resent. A 401 that was not resent, or any other refusal, stays and fails the test's status checks.
 */
async function logged(url: string, method: string, path: RegExp) {
	const log = (await (await fetch(`${url}/__admin/requests`)).json()) as {
		requests: Array<{ method: string; path: string; status?: number }>;
	};
	const matching = log.requests.filter((r) => r.method === method && path.test(r.path));
	return matching.filter(
		(request, index) => !(request.status === 401 && matching[index + 1]?.path === request.path),
	);
}

describe('editor lists of the marketplace nodes in a real n8n', () => {
	let emulators: RunningEmulators | undefined;
	let instance: N8nInstance | undefined;
	let server: N8nServer;
	let amazonUrl: string;
	let bolUrl: string;
	let credential: { id: string; name: string };
	let byType: Credentials;
	let nodeTypeAndVersion: NodeTypeAndVersion;
	let nodeTypes: Record<string, NodeTypeAndVersion>;

	beforeAll(async () => {
		const manifest = await builtPackage();
		emulators = await startEmulators({
			services: ['amazon', 'bol', 'zalando', 'miinto', 'spartoo'],
			seed: E2E_SEED,
			timeScale: 60,
		});
		amazonUrl = emulators.urls.amazon;
		bolUrl = emulators.urls.bol;
		const sandbox = await emulatorCredentials({
			amazon: amazonUrl,
			bol: bolUrl,
			zalando: emulators.urls.zalando,
			miinto: emulators.urls.miinto,
			spartoo: emulators.urls.spartoo,
		});
		byType = sandbox.byType;
		credential = sandbox.byType.amazonSellingPartnerApi;
		instance = await N8nInstance.create({ packageDir: REPO_ROOT });
		await instance.importCredentials(sandbox.credentials);
		const latest = (name: string): NodeTypeAndVersion => {
			const node = packageNode(manifest, name);
			return { name: node.type, version: node.versions[node.versions.length - 1] };
		};
		nodeTypes = {
			bolRetailer: latest('bolRetailer'),
			zalandoZDirect: latest('zalandoZDirect'),
			miinto: latest('miinto'),
			spartoo: latest('spartoo'),
		};
		nodeTypeAndVersion = latest('amazonSellingPartner');
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

	const searchCalls = async () => await logged(amazonUrl, 'GET', /^\/orders\/2026-01-01\/orders$/);

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

	/** A picker's "From List" page, as the editor asks for it. */
	const listPage = async (
		node: string,
		credentialType: string,
		parameter: string,
		methodName: string,
		parameters: Record<string, unknown>,
		filter?: string,
		paginationToken?: string,
	) =>
		await server.rest<ListPage>('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
			path: `parameters.${parameter}`,
			methodName,
			nodeTypeAndVersion: nodeTypes[node],
			currentNodeParameters: {
				...parameters,
				[parameter]: { __rl: true, mode: 'list', value: '' },
			},
			credentials: { [credentialType]: byType[credentialType] },
			...(filter === undefined ? {} : { filter }),
			...(paginationToken === undefined ? {} : { paginationToken }),
		});

	/** Every "From List" page of a picker, from the first to the last; each page's entries go through `check`. */
	const allPages = async (
		args: Parameters<typeof listPage>,
		check: (entry: ListPage['results'][number]) => void,
		most: number,
	) => {
		const seen: string[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const [node, credentialType, parameter, methodName, parameters] = args;
			const page = await listPage(
				node,
				credentialType,
				parameter,
				methodName,
				parameters,
				undefined,
				token,
			);
			pages++;
			page.results.forEach(check);
			seen.push(...page.results.map((r) => r.value));
			token = page.paginationToken;
		} while (token && pages < most);
		expect(token).toBeUndefined();
		return { seen, pages };
	};

	it('bol order picker: pages through every order of the account (50 a page), one list call per page, and filters by order ID', async () => {
		// more orders than one page holds: the seed's, and 40 more of the first offer's EAN
		const { offers } = await adminState<BolState>(bolUrl);
		await adminSeed(bolUrl, {
			orders: Array.from({ length: 40 }, () => ({
				orderItems: [{ ean: offers[0].ean, quantity: 1 }],
			})),
		});
		const expected = (await adminState<BolState>(bolUrl)).orders
			.map((order) => order.orderId)
			.sort();
		expect(expected.length).toBeGreaterThan(50);
		await fetch(`${bolUrl}/__admin/requests`, { method: 'DELETE' });
		const { seen, pages } = await allPages(
			[
				'bolRetailer',
				'bolRetailerApi',
				'orderId',
				'searchOrders',
				{ resource: 'order', operation: 'get' },
			],
			(entry) => {
				expect(entry.name.startsWith(`${entry.value} · `)).toBe(true);
				expect(entry.name).toMatch(/ · (open|handled) · \d+ units?$/);
				expect(entry.description).toMatch(/EAN \d{13}/);
			},
			40,
		);
		expect([...seen].sort()).toEqual(expected);
		const lists = await logged(bolUrl, 'GET', /^\/retailer\/orders$/);
		expect(lists).toHaveLength(pages);
		expect(lists.every((r) => r.status === 200)).toBe(true);

		const target = expected[Math.floor(expected.length / 2)];
		const filtered = await listPage(
			'bolRetailer',
			'bolRetailerApi',
			'orderId',
			'searchOrders',
			{ resource: 'order', operation: 'get' },
			target,
		);
		expect(filtered.results.map((r) => r.value)).toEqual([target]);
	});

	it('bol return picker: returns still to handle first, then handled ones', async () => {
		// a shipped order and its customer's return, not handled yet
		await adminSeed(bolUrl, {
			orders: [
				{
					orderItems: [
						{ orderItemId: '7000000001', ean: '8712345678906', quantity: 1, quantityShipped: 1 },
					],
				},
			],
		});
		await adminSeed(bolUrl, { returns: [{ orderItemId: '7000000001', quantity: 1 }] });
		const page = await listPage('bolRetailer', 'bolRetailerApi', 'returnId', 'searchReturns', {
			resource: 'return',
			operation: 'get',
		});
		expect(page.results.length).toBeGreaterThan(0);
		for (const entry of page.results) {
			expect(entry.value).toMatch(/^\d+$/);
			expect(entry.name).toMatch(/ · order [A-Za-z0-9]+.* · \d+ to handle$/);
		}
		expect(page.paginationToken).toBe('true:1');
		const handled = await listPage(
			'bolRetailer',
			'bolRetailerApi',
			'returnId',
			'searchReturns',
			{ resource: 'return', operation: 'get' },
			undefined,
			page.paginationToken,
		);
		for (const entry of handled.results) expect(entry.name).toMatch(/ · handled$/);
	});

	it("Zalando stock: the merchant's sales channels by country, after 'every live channel'", async () => {
		const options = await server.rest<Array<{ name: string; value: string }>>(
			'POST',
			'/rest/dynamic-node-parameters/options',
			{
				path: 'parameters.salesChannelId',
				methodName: 'getSalesChannels',
				nodeTypeAndVersion: nodeTypes.zalandoZDirect,
				currentNodeParameters: { resource: 'stock', operation: 'update' },
				credentials: { zalandoZDirectApi: byType.zalandoZDirectApi },
			},
		);
		expect(options[0]).toMatchObject({ name: 'All Live Sales Channels', value: '' });
		const channels = options.slice(1);
		expect(channels.length).toBeGreaterThanOrEqual(3);
		for (const option of channels)
			expect(option.value).toMatch(
				/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
			);
		expect(channels.map((option) => option.value)).toContain(
			'bf48ba35-149d-4b76-8ac9-d08d126b517f',
		);
	});
	const clearLog = async (url: string) =>
		await fetch(`${url}/__admin/requests`, { method: 'DELETE' });

	it("Zalando order picker: pages through the merchant's orders (50 a page), one list call per page, and finds an order by its number", async () => {
		const zalUrl = emulators!.urls.zalando;
		const { articles } = await zalandoState(zalUrl);
		await adminSeed(zalUrl, {
			orders: Array.from({ length: 48 }, () => ({
				items: [{ ean: articles[0].ean, quantity: 1 }],
			})),
		});
		const { orders } = await zalandoState(zalUrl);
		const expected = orders.map((order) => order.attributes.order_id).sort();
		expect(expected.length).toBeGreaterThan(50);
		await clearLog(zalUrl);
		const { seen, pages } = await allPages(
			[
				'zalandoZDirect',
				'zalandoZDirectApi',
				'orderId',
				'searchOrders',
				{ resource: 'order', operation: 'get' },
			],
			(entry) => {
				expect(entry.name).toMatch(/^\d+ · \d{4}-\d{2}-\d{2} · .+ · \d+\.\d{2} [A-Z]{3}$/);
				expect(entry.description).toContain(`Order ID ${entry.value}`);
			},
			10,
		);
		expect([...seen].sort()).toEqual(expected);
		const lists = await logged(zalUrl, 'GET', /^\/merchants\/[^/]+\/orders$/);
		expect(lists).toHaveLength(pages);
		expect(lists.every((r) => r.status === 200)).toBe(true);

		const target = orders[Math.floor(orders.length / 2)];
		const byNumber = await listPage(
			'zalandoZDirect',
			'zalandoZDirectApi',
			'orderId',
			'searchOrders',
			{ resource: 'order', operation: 'get' },
			String(target.attributes.order_number),
		);
		expect(byNumber.results.map((r) => r.value)).toContain(target.attributes.order_id);
	});

	it("Miinto transfer picker: the chosen shop's pending transfers, newest first, one list call; another shop chosen, that shop's", async () => {
		const miintoUrl = emulators!.urls.miinto;
		const expected = (await miintoState(miintoUrl)).transfers
			.filter((t) => t.status === 'pending' && t.emulator.shopId === MIINTO_SHOP_DK)
			.map((t) => String(t.id))
			.sort();
		expect(expected.length).toBeGreaterThan(0);
		await clearLog(miintoUrl);
		const page = await listPage('miinto', 'miintoApi', 'transferId', 'searchTransfers', {
			resource: 'transfer',
			operation: 'get',
			shopId: MIINTO_SHOP_DK,
		});
		expect(page.results.map((r) => r.value).sort()).toEqual(expected);
		for (const entry of page.results) {
			expect(entry.name).toMatch(/^\d+ · \d{4}-\d{2}-\d{2} · .*\d+\.\d{2} [A-Z]{3}$/);
			expect(entry.description).toContain('status pending');
		}
		expect(page.paginationToken).toBeUndefined();
		const lists = await logged(miintoUrl, 'GET', /\/shops\/[^/]+\/transfers$/);
		expect(lists).toHaveLength(1);
		expect(lists[0].status).toBe(200);

		// the Shop changed (the editor asks again with the panel's new parameters): the other shop's transfers
		const other = (await miintoState(miintoUrl)).transfers
			.filter((t) => t.status === 'pending' && t.emulator.shopId === MIINTO_SHOP_SE)
			.map((t) => String(t.id))
			.sort();
		await clearLog(miintoUrl);
		const otherPage = await listPage('miinto', 'miintoApi', 'transferId', 'searchTransfers', {
			resource: 'transfer',
			operation: 'get',
			shopId: MIINTO_SHOP_SE,
		});
		expect(otherPage.results.map((r) => r.value).sort()).toEqual(other);
		expect(other).not.toEqual(expected);
		const otherLists = await logged(miintoUrl, 'GET', /\/shops\/[^/]+\/transfers$/);
		expect(otherLists.map((entry) => decodeURIComponent(entry.path))).toEqual([
			expect.stringContaining(`/shops/${MIINTO_SHOP_SE}/transfers`),
		]);
	});

	it('Spartoo order picker: the orders changed in the last 30 days, waiting for accept first, one export call', async () => {
		const spartooUrl = emulators!.urls.spartoo;
		const state = await adminState<{
			orders: Array<{ orders_id: string; status: number; modifiedAt: string }>;
		}>(spartooUrl);
		const since = Date.now() - 30 * 24 * 3600_000;
		const expected = state.orders
			// the export's date selects by last change (EXPORT_DATE_SELECTS_LAST_CHANGE), as the emulator does
			.filter((o) => Date.parse(o.modifiedAt) >= since)
			.map((o) => o.orders_id)
			.sort();
		expect(expected.length).toBeGreaterThan(0);
		await clearLog(spartooUrl);
		const page = await listPage('spartoo', 'spartooApi', 'orderId', 'searchOrders', {
			resource: 'order',
			operation: 'get',
		});
		expect(page.results.map((r) => r.value).sort()).toEqual(expected);
		const statuses = page.results.map((r) => /status (\d+)/.exec(r.description ?? '')?.[1]);
		const waiting = statuses.filter((status) => status === '11').length;
		expect(waiting).toBeGreaterThan(0);
		expect(statuses.slice(0, waiting).every((status) => status === '11')).toBe(true);
		const exports = await logged(spartooUrl, 'POST', /xml_export_orders\.php$/);
		expect(exports).toHaveLength(1);
		expect(exports[0].status).toBe(200);
	});
	it('bol RMA picker (Return > Handle): the FBR return items still to handle, one entry per item, one list call per page', async () => {
		// the return the return picker's test seeded is among them
		const { returns } = await adminState<{
			returns: Array<{
				returnId: string;
				fulfilmentMethod: string;
				returnItems: Array<{ rmaId: string; orderId: string; handled: boolean }>;
			}>;
		}>(bolUrl);
		const expected = returns
			.filter((r) => r.fulfilmentMethod === 'FBR')
			.flatMap((r) => r.returnItems.filter((item) => !item.handled).map((item) => item.rmaId))
			.sort();
		expect(expected.length).toBeGreaterThan(0);
		await clearLog(bolUrl);
		const { seen, pages } = await allPages(
			[
				'bolRetailer',
				'bolRetailerApi',
				'rmaId',
				'searchRmas',
				{ resource: 'return', operation: 'handle' },
			],
			(entry) => {
				expect(entry.name).toMatch(
					/^\d+ · \d{4}-\d{2}-\d{2} · order [A-Za-z0-9]+ · EAN \d{13} x \d+$/,
				);
				expect(entry.name.startsWith(`${entry.value} · `)).toBe(true);
				expect(entry.description).toMatch(/^Return \d+, registered /);
			},
			10,
		);
		expect([...seen].sort()).toEqual(expected);
		const lists = await logged(bolUrl, 'GET', /^\/retailer\/returns$/);
		expect(lists).toHaveLength(pages);
		expect(lists.every((r) => r.status === 200)).toBe(true);
		const filtered = await listPage(
			'bolRetailer',
			'bolRetailerApi',
			'rmaId',
			'searchRmas',
			{ resource: 'return', operation: 'handle' },
			expected[0],
		);
		expect(filtered.results.map((r) => r.value)).toEqual([expected[0]]);
	});

	it("bol order item picker (Return > Create): the shipped items of the account's FBR orders, one list call per page of 50 orders; a whole order ID lists that order's", async () => {
		const { orders } = await adminState<BolState>(bolUrl);
		const shipped = orders.flatMap((order) =>
			order.orderItems
				.filter((item) => item.fulfilment.method === 'FBR' && item.quantityShipped > 0)
				.map((item) => ({ orderId: order.orderId, orderItemId: item.orderItemId })),
		);
		// the order the return picker's test seeded, shipped
		expect(shipped.map((item) => item.orderItemId)).toContain('7000000001');
		await clearLog(bolUrl);
		const { seen, pages } = await allPages(
			[
				'bolRetailer',
				'bolRetailerApi',
				'orderItemId',
				'searchShippedItems',
				{ resource: 'return', operation: 'create' },
			],
			(entry) => {
				expect(entry.name).toMatch(
					/^\d+ · order [A-Za-z0-9]+ · \d{4}-\d{2}-\d{2} · EAN \d{13} · \d+ shipped$/,
				);
				expect(entry.description).toMatch(/\d+ ordered, \d+ shipped$/);
			},
			20,
		);
		expect([...seen].sort()).toEqual(shipped.map((item) => item.orderItemId).sort());
		const lists = await logged(bolUrl, 'GET', /^\/retailer\/orders$/);
		expect(lists).toHaveLength(pages);
		expect(lists.every((r) => r.status === 200)).toBe(true);

		const target = shipped.find((item) => item.orderItemId === '7000000001')!;
		await clearLog(bolUrl);
		const byOrder = await listPage(
			'bolRetailer',
			'bolRetailerApi',
			'orderItemId',
			'searchShippedItems',
			{ resource: 'return', operation: 'create' },
			target.orderId,
		);
		expect(byOrder.results.map((r) => r.value)).toEqual(['7000000001']);
		expect(await logged(bolUrl, 'GET', /^\/retailer\/orders/)).toEqual([
			expect.objectContaining({ path: `/retailer/orders/${target.orderId}`, status: 200 }),
		]);
	});

	it('bol offer picker (Stock > Update by Offer ID): every offer of the account (Offers API v11), one call per page; a whole EAN is looked up', async () => {
		const { offers } = await adminState<BolState>(bolUrl);
		expect(offers.length).toBeGreaterThan(0);
		await clearLog(bolUrl);
		const { seen, pages } = await allPages(
			[
				'bolRetailer',
				'bolRetailerApi',
				'offerId',
				'searchOffers',
				{ resource: 'stock', operation: 'update', identifyBy: 'offerId' },
			],
			(entry) => {
				expect(entry.value).toMatch(/^[0-9a-f-]{36}$/);
				expect(entry.name).toMatch(/ · EAN \d{8,14} · stock \d+ · FB[RB]$/);
				expect(entry.description).toContain(`Offer ID ${entry.value}`);
			},
			20,
		);
		expect([...seen].sort()).toEqual(offers.map((offer) => offer.offerId).sort());
		const lists = await logged(bolUrl, 'GET', /^\/retailer\/offers$/);
		expect(lists).toHaveLength(pages);
		expect(lists.every((r) => r.status === 200)).toBe(true);

		const target = offers[Math.floor(offers.length / 2)];
		const byEan = await listPage(
			'bolRetailer',
			'bolRetailerApi',
			'offerId',
			'searchOffers',
			{ resource: 'stock', operation: 'update', identifyBy: 'offerId' },
			target.ean,
		);
		expect(byEan.results.map((r) => r.value).sort()).toEqual(
			offers
				.filter((offer) => offer.ean === target.ean)
				.map((offer) => offer.offerId)
				.sort(),
		);
	});

	it('bol label offer picker (Shipping Label > Create): the labels bol sells for the open items of the order chosen above it, two calls', async () => {
		const { orders } = await adminState<BolState>(bolUrl);
		const order = orders.find((candidate) =>
			candidate.orderItems.some(
				(item) =>
					item.fulfilment.method === 'FBR' &&
					item.quantity > item.quantityShipped + item.quantityCancelled,
			),
		);
		expect(order).toBeDefined();
		await clearLog(bolUrl);
		const page = await listPage(
			'bolRetailer',
			'bolRetailerApi',
			'shippingLabelOfferId',
			'searchDeliveryOptions',
			{
				resource: 'shippingLabel',
				operation: 'create',
				labelChoice: 'offerId',
				orderId: { __rl: true, mode: 'list', value: order!.orderId },
			},
		);
		expect(page.results.length).toBeGreaterThanOrEqual(2);
		expect(page.results.filter((entry) => entry.name.endsWith(' · recommended'))).toHaveLength(1);
		for (const entry of page.results) {
			expect(entry.value).toMatch(/^[0-9a-f-]{36}$/);
			expect(entry.name).toMatch(
				/^.+ · (PARCEL|MAILBOX|MAILBOX_LIGHT) · [A-Z-]+ · € \d+\.\d{2} excl\. VAT/,
			);
			expect(entry.description).toContain(`Offer ID ${entry.value}, valid until `);
		}
		expect(await logged(bolUrl, 'GET', /^\/retailer\/orders/)).toEqual([
			expect.objectContaining({ path: `/retailer/orders/${order!.orderId}`, status: 200 }),
		]);
		expect(await logged(bolUrl, 'POST', /^\/retailer\/shipping-labels\/delivery-options$/)).toEqual(
			[expect.objectContaining({ status: 200 })],
		);
	});

	it("Amazon feed picker (Feed > Get): the seller's feeds of the node's types, one getFeeds call per page; a whole feed ID is looked up", async () => {
		// two feeds submitted the way the node submits them (document, upload, feed), as another client would
		const token = await amazonEmulatorAccessToken(amazonUrl);
		const sp = async (path: string, body: unknown) =>
			(await (
				await fetch(`${amazonUrl}${path}`, {
					method: 'POST',
					headers: { 'x-amz-access-token': token, 'content-type': 'application/json' },
					body: JSON.stringify(body),
				})
			).json()) as Record<string, string>;
		const { marketplaceIds } = (
			(await (await fetch(`${amazonUrl}/__admin/state`)).json()) as {
				info: { marketplaceIds: string[] };
			}
		).info;
		const submitted: string[] = [];
		for (const sku of ['PICKER-1', 'PICKER-2']) {
			const contentType = 'application/json; charset=UTF-8';
			const document = await sp('/feeds/2021-06-30/documents', { contentType });
			await fetch(document.url, {
				method: 'PUT',
				headers: { 'content-type': contentType },
				body: JSON.stringify({
					header: { sellerId: 'emulator', version: '2.0' },
					messages: [{ messageId: 1, sku, operationType: 'PATCH', patches: [] }],
				}),
			});
			const feed = await sp('/feeds/2021-06-30/feeds', {
				feedType: 'JSON_LISTINGS_FEED',
				marketplaceIds: marketplaceIds.slice(0, 1),
				inputFeedDocumentId: document.feedDocumentId,
			});
			submitted.push(feed.feedId);
		}
		const feeds = (
			(await (await fetch(`${amazonUrl}/__admin/state`)).json()) as {
				state: { feeds: Array<{ feedId: string; feedType: string }> };
			}
		).state.feeds;
		const expected = feeds
			.filter((feed) =>
				[
					'JSON_LISTINGS_FEED',
					'POST_ORDER_ACKNOWLEDGEMENT_DATA',
					'POST_PAYMENT_ADJUSTMENT_DATA',
				].includes(feed.feedType),
			)
			.map((feed) => feed.feedId)
			.sort();
		expect(expected).toEqual(expect.arrayContaining(submitted));
		await fetch(`${amazonUrl}/__admin/requests`, { method: 'DELETE' });
		const amazonNode = nodeTypeAndVersion;
		const feedPage = async (filter?: string, paginationToken?: string) =>
			await server.rest<ListPage>(
				'POST',
				'/rest/dynamic-node-parameters/resource-locator-results',
				{
					path: 'parameters.feedId',
					methodName: 'searchFeeds',
					nodeTypeAndVersion: amazonNode,
					currentNodeParameters: {
						resource: 'feed',
						operation: 'get',
						feedId: { __rl: true, mode: 'list', value: '' },
					},
					credentials: { amazonSellingPartnerApi: credential },
					...(filter === undefined ? {} : { filter }),
					...(paginationToken === undefined ? {} : { paginationToken }),
				},
			);
		const first = await feedPage();
		expect(first.paginationToken).toBeUndefined();
		expect(first.results.map((r) => r.value).sort()).toEqual(expected);
		for (const entry of first.results) {
			expect(entry.name).toMatch(/^\S+ · \d{4}-\d{2}-\d{2} · JSON_LISTINGS_FEED · [A-Z_]+$/);
			expect(entry.description).toMatch(/^Created /);
		}
		const byId = await feedPage(submitted[0]);
		expect(byId.results.map((r) => r.value)).toEqual([submitted[0]]);
		const log = (await (await fetch(`${amazonUrl}/__admin/requests`)).json()) as {
			requests: Array<{ method: string; path: string; status?: number }>;
		};
		const calls = log.requests.filter(
			(r) => r.method === 'GET' && r.path.startsWith('/feeds/2021-06-30/feeds'),
		);
		expect(calls.map((r) => [r.path, r.status])).toEqual([
			['/feeds/2021-06-30/feeds', 200],
			[`/feeds/2021-06-30/feeds/${submitted[0]}`, 200],
		]);
	});

	it("Spartoo Return > Get Many's order filter: the same order picker, asked for that parameter", async () => {
		const spartooUrl = emulators!.urls.spartoo;
		await clearLog(spartooUrl);
		const page = await listPage('spartoo', 'spartooApi', 'orderId', 'searchOrders', {
			resource: 'return',
			operation: 'getAll',
			filterBy: 'order',
		});
		expect(page.results.length).toBeGreaterThan(0);
		for (const entry of page.results) {
			expect(entry.value).toMatch(/^\d+$/);
			expect(entry.name.startsWith(`${entry.value} · `)).toBe(true);
		}
		const exports = await logged(spartooUrl, 'POST', /xml_export_orders\.php$/);
		expect(exports).toHaveLength(1);
		expect(exports[0].status).toBe(200);
	});
	it('Zalando shipping document picker (Download): the ZSS documents of the order chosen above it, one call; an order number typed instead finds the same', async () => {
		const zalUrl = emulators!.urls.zalando;
		const exported = (await zalandoState(zalUrl)).orders.filter(
			(order) => order.attributes.exported,
		);
		expect(exported.length).toBeGreaterThan(0);
		const parameters = (orderId: string) => ({
			resource: 'shippingDocument',
			operation: 'download',
			orderId: { __rl: true, mode: 'list', value: orderId },
		});
		let found: { order: (typeof exported)[number]; page: ListPage } | undefined;
		for (const order of exported) {
			await clearLog(zalUrl);
			const page = await listPage(
				'zalandoZDirect',
				'zalandoZDirectApi',
				'documentId',
				'searchShippingDocuments',
				parameters(order.attributes.order_id),
			);
			const calls = await logged(zalUrl, 'GET', /^\/zss\/shipping-documents$/);
			expect(calls.map((r) => r.status)).toEqual([200]);
			if (page.results.length > 0) {
				found = { order, page };
				break;
			}
		}
		expect(found).toBeDefined();
		const { order, page } = found!;
		for (const entry of page.results) {
			expect(entry.name).toMatch(/^[A-Z_]+ · A\d · shipment \S+ · \d{4}-\d{2}-\d{2}$/);
			expect(entry.description).toBe(`Document ${entry.value}, order ${order.attributes.order_id}`);
		}
		// no order chosen: the order number typed in the search (one list call finds the order, one lists its documents)
		const typed = await listPage(
			'zalandoZDirect',
			'zalandoZDirectApi',
			'documentId',
			'searchShippingDocuments',
			parameters(''),
			String(order.attributes.order_number),
		);
		expect(typed.results.map((r) => r.value)).toEqual(page.results.map((r) => r.value));
	});
	it("Amazon listing picker (Stock > Update's Seller SKU): the seller's listings in the stock update's marketplace, one searchListingsItems call per page; a whole SKU is looked up", async () => {
		const admin = (await (await fetch(`${amazonUrl}/__admin/state`)).json()) as {
			state: { listings: Array<{ sku: string; marketplaceId: string; sellerId: string }> };
			info: { marketplaceIds: string[]; sellerId: string };
		};
		const marketplaceId = admin.info.marketplaceIds[0];
		const skus = admin.state.listings
			.filter((l) => l.marketplaceId === marketplaceId && l.sellerId === admin.info.sellerId)
			.map((l) => l.sku)
			.sort((a, b) => a.localeCompare(b));
		expect(skus.length).toBeGreaterThan(0);
		const listingPage = async (filter?: string) =>
			await server.rest<ListPage>(
				'POST',
				'/rest/dynamic-node-parameters/resource-locator-results',
				{
					path: 'parameters.sku',
					methodName: 'searchListings',
					nodeTypeAndVersion,
					currentNodeParameters: {
						resource: 'stock',
						operation: 'update',
						sku: { __rl: true, mode: 'list', value: '' },
						options: { marketplaceId },
					},
					credentials: { amazonSellingPartnerApi: credential },
					...(filter === undefined ? {} : { filter }),
				},
			);
		await fetch(`${amazonUrl}/__admin/requests`, { method: 'DELETE' });
		const page = await listingPage();
		// the emulator answers one page of at most 20, in SKU order (it does not page on)
		expect(page.results.map((r) => r.value)).toEqual(skus.slice(0, 20));
		for (const entry of page.results) {
			expect(entry.name.startsWith(`${entry.value} · `)).toBe(true);
			expect(entry.description).toMatch(/ASIN \w+/);
		}
		const target = skus[skus.length - 1];
		const byId = await listingPage(target);
		expect(byId.results.map((r) => r.value)).toEqual([target]);
		const log = (await (await fetch(`${amazonUrl}/__admin/requests`)).json()) as {
			requests: Array<{ method: string; path: string; status?: number }>;
		};
		const calls = log.requests.filter(
			(r) => r.method === 'GET' && r.path.startsWith('/listings/2021-08-01/items/'),
		);
		expect(calls.map((r) => [r.path.split('/').length, r.status])).toEqual([
			[5, 200],
			[6, 200],
		]);
	});
});
