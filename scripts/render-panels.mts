/**
 * Renders the README's pictures of the nodes in the editor: each node's panel (n8n's node details view, one
 * operation per node) and a credential dialog, as the pinned n8n editor draws them. Same machinery as the template
 * pictures (sandbox/n8n/browser.mts: headless Debian Chromium through the DevTools protocol): the pinned n8n with this
 * package installed, the emulators with their n8n credentials (so a "From list" picker shows the emulator's orders),
 * one small workflow per node imported, the node's panel opened from its URL (`/workflow/<id>/<node id>`), the
 * credential from `/home/credentials/<id>`, each picture cropped to the panel or dialog.
 *
 *   npm run render:panels                      # writes docs/panels/<picture>.png (the README shows them)
 *   RENDER_OUT=/tmp/p npm run render:panels    # writes them into /tmp/p instead
 *   RENDER_ONLY=trigger npm run render:panels  # only the pictures whose file name contains "trigger" (and no dialog)
 *
 * Needs `npm run build` (the package) and Chromium: /usr/bin/chromium or CHROMIUM=<path>; when it is missing and we
 * run as root on Debian, `apt-get install chromium` is run. Only loopback connections.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

import {
	MIINTO_SHOP_DK,
	startEmulators,
	type RunningEmulators,
} from '../sandbox/emulators/index.mts';
import { EditorBrowser, type Rect } from '../sandbox/n8n/browser.mts';
import {
	adminState,
	emulatorCredentials,
	manualWorkflow,
	N8nInstance,
	packageNode,
	readPackageManifest,
	REPO_ROOT,
	sleep,
	type PackageManifest,
	type SandboxCredentials,
	type WorkflowJson,
	type WorkflowNode,
} from '../sandbox/n8n/index.mts';

const OUT = process.env.RENDER_OUT
	? path.resolve(process.env.RENDER_OUT)
	: path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'panels');
const VIEWPORT = { width: 1600, height: 1000 };
/** The parameter column's width in the pictures (about 420 pixels at this viewport until its edge is dragged). */
const COLUMN_WIDTH = 640;
/** The emulators' seed: the same orders in every rendering. */
const SEED = 4242;

/** One picture of a node's panel: the node (in a small workflow of its own) and what to do before the capture. */
interface PanelPicture {
	file: string;
	/** The package's node name (`bolRetailer`) and the workflow node's name and parameters. */
	node: string;
	title: string;
	parameters:
		| Record<string, unknown>
		| ((emulators: RunningEmulators) => Promise<Record<string, unknown>>);
	/** The credential type the node uses (an emulator credential). */
	credential?: string;
	/** Done once the panel is open, before the capture (e.g. open a picker). */
	prepare?: (editor: EditorBrowser) => Promise<void>;
}

/** Opens the "From list" picker of the panel's resource locator and waits for its entries (from the emulator). */
async function openPicker(editor: EditorBrowser): Promise<void> {
	await editor.click('[data-test-id="rlc-input"]');
	await editor.waitForSelector('[data-test-id="rlc-item"]', 60_000);
	await sleep(500);
}

/** The newest open order of the bol emulator. */
async function openBolOrder(url: string): Promise<string> {
	const state = await adminState<{
		orders: Array<{
			orderId: string;
			orderPlacedDateTime: string;
			orderItems: Array<{ quantity: number; quantityShipped: number; quantityCancelled: number }>;
		}>;
	}>(url);
	const open = state.orders
		.filter((order) =>
			order.orderItems.some(
				(item) => item.quantityShipped + item.quantityCancelled < item.quantity,
			),
		)
		.sort((a, b) => b.orderPlacedDateTime.localeCompare(a.orderPlacedDateTime));
	if (open.length === 0) throw new Error('the bol emulator has no open order');
	return open[0].orderId;
}

const PANELS: PanelPicture[] = [
	{
		file: 'bol-retailer.png',
		node: 'bolRetailer',
		title: 'Ship the Bol.com Order',
		credential: 'bolRetailerApi',
		// an open order of the emulator, typed "By ID"
		parameters: async (emulators) => ({
			resource: 'shipment',
			operation: 'create',
			orderId: { __rl: true, mode: 'id', value: await openBolOrder(emulators.urls.bol) },
			carrier: 'PostNL',
			trackAndTrace: '3SBOL0987654321',
		}),
	},
	{
		file: 'amazon-selling-partner.png',
		node: 'amazonSellingPartner',
		title: 'Get the Amazon Order',
		credential: 'amazonSellingPartnerApi',
		parameters: { resource: 'order', operation: 'get' },
		prepare: openPicker,
	},
	{
		file: 'zalando-zdirect.png',
		node: 'zalandoZDirect',
		title: 'Update Zalando Stock',
		credential: 'zalandoZDirectApi',
		parameters: { resource: 'stock', operation: 'update', ean: '={{ $json.ean }}', quantity: 7 },
	},
	{
		file: 'miinto.png',
		node: 'miinto',
		title: 'Accept or Decline the Miinto Transfer',
		credential: 'miintoApi',
		// the shop from the channel's privileges (a dropdown), then the transfer picker of that shop
		parameters: {
			resource: 'transfer',
			operation: 'decide',
			shopId: MIINTO_SHOP_DK,
			decision: 'autoAccept',
		},
		prepare: openPicker,
	},
	{
		file: 'spartoo.png',
		node: 'spartoo',
		title: 'Ship the Spartoo Order',
		credential: 'spartooApi',
		parameters: {
			resource: 'shipment',
			operation: 'create',
			trackingNumber: '={{ $json.trackingNumber }}',
		},
		prepare: openPicker,
	},
	{
		file: 'marketplace-order-sync.png',
		node: 'marketplaceOrderSync',
		title: 'Accept or Decline',
		parameters: { operation: 'decideAcceptance' },
	},
	{
		file: 'bol-retailer-trigger.png',
		node: 'bolRetailerTrigger',
		title: 'New Bol.com Order',
		credential: 'bolRetailerApi',
		parameters: { event: 'newOrder' },
	},
	{
		file: 'amazon-selling-partner-trigger.png',
		node: 'amazonSellingPartnerTrigger',
		title: 'Amazon Order Status Changed',
		credential: 'amazonSellingPartnerApi',
		// every 5 minutes, as the node's notice advises (Amazon's order search quota)
		parameters: {
			event: 'orderStatusChanged',
			pollTimes: { item: [{ mode: 'everyX', value: 5, unit: 'minutes' }] },
		},
	},
	{
		file: 'zalando-zdirect-trigger.png',
		node: 'zalandoZDirectTrigger',
		title: 'New Zalando Return',
		credential: 'zalandoZDirectApi',
		parameters: { event: 'newReturn' },
	},
	{
		file: 'miinto-trigger.png',
		node: 'miintoTrigger',
		title: 'New Miinto Transfer',
		credential: 'miintoApi',
		parameters: { event: 'newTransfer' },
	},
	{
		file: 'spartoo-trigger.png',
		node: 'spartooTrigger',
		title: 'Spartoo Order Changed',
		credential: 'spartooApi',
		parameters: { event: 'orderChanged' },
	},
];

/** The credential dialog's picture: the credential of the emulator (ids as `emulatorCredentials` gives them). */
const CREDENTIAL_PICTURE = { file: 'bol-retailer-credential.png', type: 'bolRetailerApi' };

/** A workflow with the node: after a Manual Trigger, or alone (a trigger node). */
async function panelWorkflow(
	manifest: PackageManifest,
	emulators: RunningEmulators,
	sandbox: SandboxCredentials,
	picture: PanelPicture,
	index: number,
): Promise<{ workflow: WorkflowJson; nodeId: string }> {
	const description = packageNode(manifest, picture.node);
	const nodeId = `7e3a5c10-0000-4000-8000-0000000001${String(index).padStart(2, '0')}`;
	const node: WorkflowNode = {
		id: nodeId,
		name: picture.title,
		type: description.type,
		typeVersion: description.versions[description.versions.length - 1],
		position: [240, 0],
		parameters:
			typeof picture.parameters === 'function'
				? await picture.parameters(emulators)
				: picture.parameters,
		...(picture.credential
			? { credentials: { [picture.credential]: sandbox.byType[picture.credential] } }
			: {}),
	};
	const id = `renderPanel${String(index).padStart(5, '0')}`;
	const workflow = picture.node.endsWith('Trigger')
		? {
				id,
				name: picture.title,
				nodes: [node],
				connections: {},
				settings: { executionOrder: 'v1' },
				active: false,
			}
		: manualWorkflow({ id, name: picture.title, node });
	return { workflow, nodeId };
}

const PARAMETERS = '[data-test-id="ndv"] [data-test-id="node-parameters"]';

/** The right edge of the panel's parameter column (n8n's resize handle there), in viewport pixels. */
async function rightHandle(editor: EditorBrowser): Promise<{ x: number; y: number } | undefined> {
	return await editor.evaluate<{ x: number; y: number } | undefined>(`(() => {
		const column = document.querySelector('${PARAMETERS}').getBoundingClientRect();
		const handle = [...document.querySelectorAll('[data-test-id="ndv"] [data-test-id="resize-handle"]')]
			.map((el) => el.getBoundingClientRect())
			.find((r) => r.height > column.height / 2 && Math.abs(r.x - (column.x + column.width)) < 12);
		return handle ? { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 } : undefined;
	})()`);
}

/**
 * What the picture shows: the panel's title bar (icon and node name) above the parameter column, down to the last
 * parameter or the open list, whichever is lower.
 */
async function panelRegions(editor: EditorBrowser): Promise<Rect[]> {
	return await editor.evaluate<Rect[]>(`(() => {
		const box = (el) => el.getBoundingClientRect();
		const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
		const dialog = box(document.querySelector('[data-test-id="ndv"]'));
		const column = box(document.querySelector('${PARAMETERS}'));
		const close = box(document.querySelector('[data-test-id="ndv-close-button"]'));
		const top = Math.round(close.bottom + 5);
		const content = [
			...document.querySelectorAll('${PARAMETERS} .parameter-item, ${PARAMETERS} [data-test-id="parameter-item"]'),
			...document.querySelectorAll('[data-test-id="resource-locator-dropdown"], .el-select-dropdown'),
		].filter(shown).map(box).filter((r) => r.left < column.right && r.right > column.left);
		const bottom = Math.min(dialog.bottom, Math.max(...content.map((r) => r.bottom)) + 24);
		return [
			{ x: dialog.x, y: dialog.y, width: column.width, height: top - dialog.y },
			{ x: column.x, y: top, width: column.width, height: bottom - top },
		];
	})()`);
}

async function main(): Promise<void> {
	const manifest = await readPackageManifest(REPO_ROOT);
	let emulators: RunningEmulators | undefined;
	let instance: N8nInstance | undefined;
	let editor: EditorBrowser | undefined;
	try {
		emulators = await startEmulators({
			services: ['amazon', 'bol', 'zalando', 'miinto', 'spartoo'],
			seed: SEED,
		});
		const sandbox = await emulatorCredentials(emulators.urls);
		instance = await N8nInstance.create({ packageDir: REPO_ROOT });
		await instance.importCredentials(sandbox.credentials);
		const workflows = await Promise.all(
			PANELS.map(
				async (picture, index) =>
					await panelWorkflow(manifest, emulators!, sandbox, picture, index),
			),
		);
		await instance.importWorkflows(workflows.map((entry) => entry.workflow));
		const server = await instance.start();
		editor = await EditorBrowser.open(server, VIEWPORT, { install: true });
		await mkdir(OUT, { recursive: true });
		// RENDER_ONLY=<part of a file name>: only those panels, and the credential dialog only when it matches too
		const only = process.env.RENDER_ONLY;
		for (const [index, picture] of PANELS.entries()) {
			if (only && !picture.file.includes(only)) continue;
			const { workflow, nodeId } = workflows[index];
			await editor.goto(`/workflow/${workflow.id}/${nodeId}`);
			await editor.waitForSelector(PARAMETERS);
			await sleep(1_000);
			// a wider parameter column, as a user drags its edge: long list entries are not cut
			const column = await editor.rect(PARAMETERS);
			const handle = await rightHandle(editor);
			if (handle) await editor.drag(handle, { x: column.x + COLUMN_WIDTH, y: handle.y });
			await sleep(500);
			await picture.prepare?.(editor);
			const file = path.join(OUT, picture.file);
			await editor.screenshotStack(file, await panelRegions(editor));
			console.log(`wrote ${path.relative(process.cwd(), file)}`);
		}
		if (only && !CREDENTIAL_PICTURE.file.includes(only)) return;
		const credential = sandbox.byType[CREDENTIAL_PICTURE.type];
		await editor.goto(`/home/credentials/${credential.id}`);
		await editor.waitForSelector('[data-test-id="editCredential-modal"]');
		// n8n tests the credential when the dialog opens (against the emulator): wait for the result
		await editor.waitForSelector('[data-test-id="credentials-config-container-test-success"]');
		await sleep(1_500);
		const file = path.join(OUT, CREDENTIAL_PICTURE.file);
		await editor.screenshot(file, await editor.rect('[data-test-id="editCredential-modal"]'));
		console.log(`wrote ${path.relative(process.cwd(), file)}`);
	} finally {
		await editor?.close();
		await instance?.dispose();
		await emulators?.stop();
	}
}

await main();
