/** startEmulators (the ARCHITECTURE.md contract) and the standalone CLI. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';

import { describe, expect, it } from 'vitest';

import { SERVICE_NAMES, startEmulators } from '../../sandbox/emulators/index.mts';
import { admin, call, type Json } from './helpers.mts';

describe('startEmulators', () => {
	it('starts every service on its own loopback port with one shared clock and one catalogue', async () => {
		const emulators = await startEmulators({ seed: 42, timeScale: 60 });
		try {
			expect(Object.keys(emulators.urls).sort()).toEqual([...SERVICE_NAMES].sort());
			const ports = new Set(Object.values(emulators.urls).map((u) => new URL(u).port));
			expect(ports.size).toBe(SERVICE_NAMES.length);
			for (const u of Object.values(emulators.urls))
				expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

			await admin(emulators.urls.woocommerce, 'POST', 'clock', { advanceDays: 1 });
			const clocks = await Promise.all(
				Object.values(emulators.urls).map(
					async (u) => (await admin(u, 'GET', 'clock')).body as Json,
				),
			);
			for (const c of clocks)
				expect(Math.abs(c.epochMs - (clocks[0]?.epochMs as number))).toBeLessThan(5000);
			expect(clocks[0]?.timeScale).toBe(60);

			const state = async (name: keyof typeof emulators.urls) =>
				(await admin(emulators.urls[name], 'GET', 'state')).body.state as Json;
			const offers = (await state('bol')).offers as Json[];
			const bySku = new Map(offers.map((o) => [o.reference as string, o.ean as string]));
			const woo = await state('woocommerce');
			const wooItems = [
				...(woo.products as Json[]).filter((p) => p.type === 'simple'),
				...(woo.variations as Json[]),
			];
			for (const item of wooItems)
				expect(item.meta_data.find((m: Json) => m.key === '_ean').value).toBe(bySku.get(item.sku));
			const shopifyVariants = ((await state('shopify')).products as Json[]).flatMap(
				(p) => p.variants as Json[],
			);
			for (const v of shopifyVariants) expect(v.barcode).toBe(bySku.get(v.sku));
			const magento = (await state('magento2')).products as Json[];
			for (const p of magento)
				expect(p.custom_attributes.find((a: Json) => a.attribute_code === 'ean').value).toBe(
					bySku.get(p.sku),
				);
			expect(wooItems.length).toBe(offers.length);
			expect(shopifyVariants.length).toBe(offers.length);
			expect(magento.length).toBe(offers.length);
		} finally {
			await emulators.stop();
		}
		await expect(fetch(emulators.urls.bol)).rejects.toThrow();
	});

	it('starts a subset on chosen ports, empty without a seed, and refuses non-loopback hosts', async () => {
		const probe = await startEmulators({ services: ['bol'] });
		const port = Number(new URL(probe.urls.bol).port);
		await probe.stop();
		const emulators = await startEmulators({
			services: ['bol', 'magento2'],
			ports: { bol: port },
			rateLimits: false,
			validateRequests: false,
		});
		try {
			expect(Object.keys(emulators.urls)).toEqual(['bol', 'magento2']);
			expect(emulators.urls.bol).toBe(`http://127.0.0.1:${port}`);
			expect((await admin(emulators.urls.bol, 'GET', 'state')).body.state.orders).toEqual([]);
			expect((await admin(emulators.urls.bol, 'GET', 'config')).body).toMatchObject({
				rateLimits: false,
				validateRequests: false,
			});
			const noAccept = await call(`${emulators.urls.bol}/token?grant_type=client_credentials`, {
				method: 'POST',
			});
			expect(noAccept.status).toBe(401);
		} finally {
			await emulators.stop();
		}
		await expect(startEmulators({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
		await expect(startEmulators({ services: ['no-such-service' as never] })).rejects.toThrow(
			/unknown emulator/,
		);
	});
});

describe('CLI (npm run emulators)', () => {
	it('starts seeded emulators, prints URLs and bol credentials, stops on SIGINT', async () => {
		const child = spawn(
			process.execPath,
			[
				path.resolve('node_modules/tsx/dist/cli.mjs'),
				'sandbox/emulators/cli.mts',
				'--orders',
				'7',
				'--seed',
				'5',
				'--time-scale',
				'60',
				'--services',
				'bol,shopify',
			],
			{
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
		const exited = new Promise<number | null>((resolve) =>
			child.on('exit', (code) => resolve(code)),
		);
		try {
			const deadline = Date.now() + 30_000;
			while (!/shopify\s+http/.test(out) && Date.now() < deadline)
				await new Promise((resolve) => child.stdout.once('data', resolve));
			expect(out).toMatch(/clientId: bol-emulator-client/);
			expect(out).toMatch(/clientSecret: bol-emulator-secret/);
			expect(out).toMatch(/time scale 60x/);
			const bolUrl = /bol\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] as string;
			const state = (await admin(bolUrl, 'GET', 'state')).body;
			expect(state.state.orders).toHaveLength(7);
			expect(state.clock.timeScale).toBe(60);
		} finally {
			child.kill('SIGINT');
		}
		expect(await exited).toBe(0);
	}, 60_000);
});
