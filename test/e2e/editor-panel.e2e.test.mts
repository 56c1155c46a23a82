/**
 * The Bol.com Retailer panel as a user sees it: the real n8n editor in headless Chromium (Debian's `chromium`, driven
 * through the DevTools protocol by sandbox/n8n/browser.mts, the code that renders the README's pictures), a workflow
 * with the node (Order > Get) and an emulator credential, the node's panel opened from its URL. Read from the DOM:
 * the operation dropdown offers the resource's operations, and the order picker's "From list" shows the bol
 * emulator's orders (fetched through the node's list search: the emulator's request log shows the calls), narrows
 * them when the user types an order ID, and fills the parameter with the order the user clicks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EditorBrowser } from '../../sandbox/n8n/browser.mts';
import {
	BOL_CREDENTIAL_TYPE,
	manualWorkflow,
	packageNode,
	sleep,
	waitFor,
	type N8nServer,
} from '../../sandbox/n8n/index.mts';
import {
	bolSeededOrders,
	clearEmulatorRequests,
	emulatorRequests,
	setUpBol,
	tearDown,
	type BolSetup,
} from './support.mts';

const CREDENTIAL = { id: 'editorPanelBol01', name: 'Bol.com (emulator)' };
const WORKFLOW_ID = 'editorPanelBol01';
const NODE_ID = '0e1d2c3b-0000-4000-8000-00000000e2e1';
const NODE_NAME = 'Get Bol Order';
/** Where the panel's parameters are. */
const PANEL = '[data-test-id="ndv"] [data-test-id="node-parameters"]';
/** The shown options of an open dropdown of the editor's select inputs. */
const OPEN_OPTIONS = '.el-select-dropdown__item';

interface OperationProperty {
	name: string;
	displayOptions?: { show?: { resource?: string[] } };
	options?: Array<{ name: string; value: string }>;
}

describe('the Bol.com Retailer panel in the n8n editor (headless Chromium)', () => {
	let setup: BolSetup | undefined;
	let server: N8nServer;
	let editor: EditorBrowser | undefined;
	let nodeType: string;

	beforeAll(async () => {
		setup = await setUpBol([CREDENTIAL]);
		const node = packageNode(setup.manifest, 'bolRetailer');
		nodeType = node.type;
		await setup.instance.importWorkflows([
			manualWorkflow({
				id: WORKFLOW_ID,
				name: 'Editor panel',
				node: {
					id: NODE_ID,
					name: NODE_NAME,
					type: node.type,
					typeVersion: node.versions[node.versions.length - 1],
					position: [0, 0],
					parameters: { resource: 'order', operation: 'get' },
					credentials: { [BOL_CREDENTIAL_TYPE]: CREDENTIAL },
				},
			}),
		]);
		server = await setup.instance.start();
		editor = await EditorBrowser.open(server, { width: 1600, height: 1000 });
		await editor.goto(`/workflow/${WORKFLOW_ID}/${NODE_ID}`);
		await editor.waitForSelector(PANEL, 120_000);
	});

	afterAll(async () => {
		await editor?.close();
		await tearDown(setup);
	});

	it("shows the node's panel with the operations of the chosen resource in the operation dropdown", async () => {
		const page = editor!;
		// what the node declares for the Order resource, as n8n serves it to the editor
		const types = await server.nodeTypes();
		const description = types.find((type) => type.name === nodeType);
		const operation = (description?.properties as OperationProperty[] | undefined)?.find(
			(property) =>
				property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === 'order',
		);
		const expected = operation?.options?.map((option) => option.name) ?? [];
		expect(expected).toEqual(expect.arrayContaining(['Get', 'Get Many', 'Cancel']));

		// the chosen resource and operation, as the inputs show them
		expect(
			await page.evaluate<string>(
				`document.querySelector('${PANEL} [data-test-id="parameter-input-resource"] input').value`,
			),
		).toBe('Order');
		expect(
			await page.evaluate<string>(
				`document.querySelector('${PANEL} [data-test-id="parameter-input-operation"] input').value`,
			),
		).toBe('Get');

		await page.click(`${PANEL} [data-test-id="parameter-input-operation"]`);
		await page.waitForSelector(OPEN_OPTIONS, 10_000, expected.length);
		const shown = (await page.texts(OPEN_OPTIONS)).map((text) => text.split('\n')[0].trim());
		expect(shown).toEqual(expected);
		await page.press('Escape');
		await waitFor(
			'the operation dropdown to close',
			async () => ((await page.countVisible(OPEN_OPTIONS)) === 0 ? true : undefined),
			10_000,
		);
	});

	it('the order picker lists the emulator\'s orders "From list", filters them by the typed order ID and takes the clicked one', async () => {
		const page = editor!;
		const orders = (await bolSeededOrders(setup!.bolUrl)).map((order) => order.orderId);
		expect(orders.length).toBeGreaterThan(0);
		// the picker's first page (50 orders a page) holds them all
		expect(orders.length).toBeLessThanOrEqual(50);
		await clearEmulatorRequests(setup!.bolUrl);

		await page.click(`${PANEL} [data-test-id="rlc-input"]`);
		await page.waitForSelector('[data-test-id="rlc-item"]', 60_000, orders.length);
		const entries = await page.texts('[data-test-id="rlc-item"]');
		const shownIds = entries.map((entry) => entry.split(' · ')[0].trim());
		expect([...shownIds].sort()).toEqual([...orders].sort());
		for (const entry of entries) expect(entry).toMatch(/ · (open|handled) · \d+ units?/);
		const lists = await emulatorRequests(setup!.bolUrl, {
			method: 'GET',
			path: '/retailer/orders',
		});
		expect(lists.length).toBeGreaterThan(0);
		expect(lists.every((request) => request.status === 200)).toBe(true);

		// the user types (part of) an order ID into the picker's search box
		const target = orders[Math.floor(orders.length / 2)];
		await page.click('[data-test-id="rlc-search"]');
		await page.type(target);
		const filtered = await waitFor(
			`the picker to show only order ${target}`,
			async () => {
				const now = (await page.texts('[data-test-id="rlc-item"]')).map((entry) =>
					entry.split(' · ')[0].trim(),
				);
				return now.length > 0 && now.every((id) => id === target) ? now : undefined;
			},
			30_000,
			250,
		).catch(async (error: Error) => {
			throw new Error(
				`${error.message}: it shows ${JSON.stringify(await page.texts('[data-test-id="rlc-item"]'))}; ${await page.describe()}`,
			);
		});
		expect(filtered).toEqual([target]);

		await page.click('[data-test-id="rlc-item"]');
		await waitFor(
			'the picker to close',
			async () => ((await page.countVisible('[data-test-id="rlc-item"]')) === 0 ? true : undefined),
			10_000,
		);
		await sleep(300);
		const value = await page.evaluate<string>(
			`document.querySelector('${PANEL} input[data-test-id="rlc-input"]').value`,
		);
		expect(value).toContain(target);
	});
});
