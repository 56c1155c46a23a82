/** Shared set-up of the end-to-end tests: the built package, the emulators, and direct reads of the emulators. */
import { stat } from 'node:fs/promises';
import path from 'node:path';

import {
	BOL_DEFAULT_CLIENT_ID,
	BOL_DEFAULT_CLIENT_SECRET,
	startEmulators,
	type RunningEmulators,
} from '../../sandbox/emulators/index.mts';
import {
	bolEmulatorCredential,
	N8nInstance,
	readPackageManifest,
	REPO_ROOT,
	type PackageManifest,
} from '../../sandbox/n8n/index.mts';

export const E2E_SEED = 4242;
export const BOL_CLIENT = {
	clientId: BOL_DEFAULT_CLIENT_ID,
	clientSecret: BOL_DEFAULT_CLIENT_SECRET,
};

/** The package as `npm run build` left it; the tests never build, so they test exactly what would ship. */
export async function builtPackage(): Promise<PackageManifest> {
	const dist = await stat(path.join(REPO_ROOT, 'dist')).catch(() => undefined);
	if (!dist?.isDirectory())
		throw new Error('dist/ is missing: run `npm run build` before the e2e tests');
	return await readPackageManifest(REPO_ROOT);
}

export async function startBolEmulator(): Promise<{ emulators: RunningEmulators; url: string }> {
	// 60 emulated seconds per real second: bol's per-minute rate limits and 5-minute tokens stay in force (and get
	// exercised: the node paces itself and re-authenticates) without a test run taking real minutes
	const emulators = await startEmulators({ services: ['bol'], seed: E2E_SEED, timeScale: 60 });
	const url = emulators.urls.bol;
	// bol ships FBB items by itself some hours after the order (on the emulated clock): switched off, so the orders
	// a test reads from the emulator after an execution are exactly those the execution saw
	const response = await fetch(`${url}/__admin/config`, {
		method: 'PATCH',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ fbbShipAfterHours: 1_000_000 }),
	});
	if (!response.ok) {
		await emulators.stop();
		throw new Error(`PATCH /__admin/config -> ${response.status}: ${await response.text()}`);
	}
	return { emulators, url };
}

export interface BolSetup {
	manifest: PackageManifest;
	emulators: RunningEmulators;
	bolUrl: string;
	/** An n8n user folder with the built package installed and the credentials imported; not started. */
	instance: N8nInstance;
}

/**
 * The usual set-up: built package, Bol emulator, n8n instance with `bolRetailerApi` credentials for the emulator
 * (the emulator's client; `clientSecret` overrides the secret, for wrong-secret cases).
 */
export async function setUpBol(
	credentials: Array<{ id: string; name: string; clientSecret?: string }>,
): Promise<BolSetup> {
	const manifest = await builtPackage();
	const { emulators, url: bolUrl } = await startBolEmulator();
	try {
		const instance = await N8nInstance.create({ packageDir: REPO_ROOT });
		await instance.importCredentials(
			credentials.map(({ id, name, clientSecret }) =>
				bolEmulatorCredential({
					id,
					name,
					emulatorUrl: bolUrl,
					clientId: BOL_CLIENT.clientId,
					clientSecret: clientSecret ?? BOL_CLIENT.clientSecret,
				}),
			),
		);
		return { manifest, emulators, bolUrl, instance };
	} catch (error) {
		await emulators.stop();
		throw error;
	}
}

export async function tearDown(setup: BolSetup | undefined): Promise<void> {
	await setup?.instance.dispose();
	await setup?.emulators.stop();
}

export interface EmulatorLoggedRequest {
	method: string;
	path: string;
	status?: number;
	outcome?: string;
	headers: Record<string, string>;
}

/** The emulator's request log (`GET /__admin/requests`). */
export async function emulatorRequests(
	url: string,
	filter: { method?: string; path?: string } = {},
): Promise<EmulatorLoggedRequest[]> {
	const query = new URLSearchParams(filter as Record<string, string>);
	const response = await fetch(`${url}/__admin/requests?${query}`);
	if (!response.ok) throw new Error(`GET /__admin/requests -> ${response.status}`);
	return ((await response.json()) as { requests: EmulatorLoggedRequest[] }).requests;
}

/**
 * The requests the emulator accepted (2xx): what the marketplace acted on. A request answered 429 (rate limit) or
 * 401 (token expired) is in the log too, and its retry is not a second submission.
 */
export async function acceptedRequests(
	url: string,
	filter: { method?: string; path?: string } = {},
): Promise<EmulatorLoggedRequest[]> {
	return (await emulatorRequests(url, filter)).filter(
		(request) => request.status !== undefined && request.status >= 200 && request.status < 300,
	);
}

export async function clearEmulatorRequests(url: string): Promise<void> {
	await fetch(`${url}/__admin/requests`, { method: 'DELETE' });
}

/** An order as the Bol Retailer API (v10) presents it: the facts a normalized order must carry. */
export interface BolApiOrder {
	orderId: string;
	orderItems: Array<{
		orderItemId: string;
		product: { ean: string; title?: string };
		quantity: number;
		quantityShipped: number;
		quantityCancelled: number;
		fulfilment: { method: string };
	}>;
}

/** Every order the emulator holds (`GET /__admin/state`, in the API's own presentation): what it was seeded with. */
export async function bolSeededOrders(url: string): Promise<BolApiOrder[]> {
	const response = await fetch(`${url}/__admin/state`);
	if (!response.ok) throw new Error(`GET /__admin/state -> ${response.status}`);
	return ((await response.json()) as { state: { orders: BolApiOrder[] } }).state.orders;
}

/** Bol's `status=OPEN`: an order with an item that is neither fully shipped nor cancelled. */
export function isOpenOrder(order: BolApiOrder): boolean {
	return order.orderItems.some(
		(item) => item.quantity - item.quantityShipped - item.quantityCancelled > 0,
	);
}
