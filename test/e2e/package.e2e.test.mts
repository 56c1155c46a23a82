/**
 * The built package in a real n8n (the pinned version, installed the way community packages are installed):
 * every node and credential type registers, and the Bol credential test works against the Bol emulator.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	BOL_CREDENTIAL_TYPE,
	bolEmulatorCredential,
	REPO_ROOT,
	type CredentialTypeDescription,
	type N8nServer,
	type NodeTypeDescription,
	type PackageManifest,
} from '../../sandbox/n8n/index.mts';
import {
	BOL_CLIENT,
	clearEmulatorRequests,
	emulatorRequests,
	setUpBol,
	tearDown,
	type BolSetup,
} from './support.mts';

const CREDENTIAL_ID = 'e2eBolCredential1';

describe('the built package in a real n8n', () => {
	let setup: BolSetup | undefined;
	let manifest: PackageManifest;
	let bolUrl: string;
	let server: N8nServer;
	let nodeTypes: NodeTypeDescription[];
	let credentialTypes: CredentialTypeDescription[];

	beforeAll(async () => {
		setup = await setUpBol([{ id: CREDENTIAL_ID, name: 'Bol emulator' }]);
		({ manifest, bolUrl } = setup);
		server = await setup.instance.start();
		[nodeTypes, credentialTypes] = await Promise.all([
			server.nodeTypes(),
			server.credentialTypes(),
		]);
	});

	afterAll(async () => {
		await tearDown(setup);
	});

	describe('loading', () => {
		it('builds a class for every node and credential listed in package.json', async () => {
			const packageJson = JSON.parse(
				await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'),
			) as {
				n8n: { nodes: string[]; credentials: string[] };
			};
			expect(packageJson.n8n.nodes.length).toBeGreaterThan(0);
			expect(packageJson.n8n.credentials.length).toBeGreaterThan(0);
			expect(manifest.nodes.map((node) => node.file)).toEqual(packageJson.n8n.nodes);
			expect(manifest.credentials.map((credential) => credential.file)).toEqual(
				packageJson.n8n.credentials,
			);
		});

		it('registers every node as n8n-nodes-marketplace-sync.<name>, with its versions', () => {
			expect(manifest.name).toBe('n8n-nodes-marketplace-sync');
			for (const node of manifest.nodes) {
				expect(node.type).toBe(`n8n-nodes-marketplace-sync.${node.name}`);
				const registered = nodeTypes.filter((type) => type.name === node.type);
				expect(registered, `${node.type} is not registered`).not.toHaveLength(0);
				expect(registered[0].displayName).toBe(node.displayName);
				const versions = registered.flatMap((type) =>
					Array.isArray(type.version) ? type.version : [type.version],
				);
				expect(versions.sort((a, b) => a - b)).toEqual(node.versions);
			}
		});

		it('registers the Bol.com Retailer node and its trigger', () => {
			const names = nodeTypes.map((type) => type.name);
			expect(names).toContain('n8n-nodes-marketplace-sync.bolRetailer');
			expect(names).toContain('n8n-nodes-marketplace-sync.bolRetailerTrigger');
		});

		it('registers nothing else under the package name except the AI-tool variants n8n derives', () => {
			const declared = new Set(manifest.nodes.map((node) => node.type));
			const extra = nodeTypes
				.map((type) => type.name)
				.filter((name) => name.startsWith(`${manifest.name}.`) && !declared.has(name));
			// n8n adds `<name>Tool` for each node with `usableAsTool`; anything else would be a stray class
			for (const name of extra) expect(declared.has(name.replace(/Tool$/, ''))).toBe(true);
		});

		it('registers every credential type, and every credential a node uses', () => {
			const registered = new Map(credentialTypes.map((type) => [type.name, type]));
			for (const credential of manifest.credentials) {
				expect(
					registered.get(credential.name)?.displayName,
					`${credential.name} is not registered`,
				).toBe(credential.displayName);
			}
			for (const node of manifest.nodes) {
				for (const credential of node.credentials) expect(registered.has(credential)).toBe(true);
			}
			const bol = registered.get(BOL_CREDENTIAL_TYPE);
			expect(bol?.properties?.map((property) => property.name)).toEqual(
				expect.arrayContaining(['clientId', 'clientSecret', 'environment', 'baseUrl', 'authUrl']),
			);
		});
	});

	it('runs offline: the n8n log shows no failed call to an n8n.io service', async () => {
		const log = await readFile(server.logFile, 'utf8');
		expect(log).toMatch(/Editor is now accessible/);
		expect(log).not.toMatch(/ENOTFOUND|EAI_AGAIN|n8n\.io\/api|Error fetching from/);
	});

	describe('Bol credential test (POST /rest/credentials/test, as the editor runs it)', () => {
		it('succeeds against the emulator, fetching a token and calling the Retailer API', async () => {
			await clearEmulatorRequests(bolUrl);
			const result = await server.testCredential(CREDENTIAL_ID);
			expect(result).toEqual({ status: 'OK', message: expect.any(String) });
			const tokenCalls = await emulatorRequests(bolUrl, { method: 'POST', path: '/token' });
			expect(tokenCalls.map((call) => call.status)).toContain(200);
			const apiCalls = await emulatorRequests(bolUrl, { method: 'GET', path: '/retailer/orders' });
			expect(apiCalls.length).toBeGreaterThan(0);
			expect(apiCalls.at(-1)?.status).toBe(200);
		});

		it('fails once the secret of a working credential is edited to a wrong one (its stored token is not reused)', async () => {
			const edited = 'edited-to-a-wrong-secret';
			await clearEmulatorRequests(bolUrl);
			const result = await server.testCredential(CREDENTIAL_ID, { clientSecret: edited });
			expect(result.status).toBe('Error');
			expect(result.message).not.toContain(edited);
			const apiCalls = await emulatorRequests(bolUrl, { path: '/retailer/' });
			expect(apiCalls.every((call) => call.status === 401)).toBe(true);
		});

		it('fails with a clear message for a credential with a wrong client secret, without echoing it', async () => {
			const wrongSecret = 'definitely-not-the-secret';
			// created through the REST API, as the editor saves a new credential before testing it
			const id = await server.createCredential({
				name: 'Bol emulator, wrong secret',
				type: BOL_CREDENTIAL_TYPE,
				data: bolEmulatorCredential({
					id: '',
					name: '',
					emulatorUrl: bolUrl,
					clientId: BOL_CLIENT.clientId,
					clientSecret: wrongSecret,
				}).data,
			});
			await clearEmulatorRequests(bolUrl);
			const result = await server.testCredential(id);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(
				/401|unauthori[sz]ed|invalid[_ ]client|bad client credentials/i,
			);
			expect(result.message).not.toContain(wrongSecret);
			const tokenCalls = await emulatorRequests(bolUrl, { method: 'POST', path: '/token' });
			expect(tokenCalls.length).toBeGreaterThan(0);
			expect(new Set(tokenCalls.map((call) => call.status))).toEqual(new Set([401]));
			expect(await emulatorRequests(bolUrl, { path: '/retailer/' })).toEqual([]);
		});

		it('fails with a clear message when the emulator cannot be reached', async () => {
			const result = await server.testCredential(CREDENTIAL_ID, {
				baseUrl: 'http://127.0.0.1:9',
				authUrl: 'http://127.0.0.1:9/token',
			});
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/ECONNREFUSED|connect|refused/i);
		});
	});
});
