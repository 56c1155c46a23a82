/**
 * `npm run bench`: the nodes' own code against the emulators with their rate limits on (time-scaled), measured
 * against the floor those limits allow. Prints a table and writes bench/results/latest.json.
 *
 * Each scenario gets its own emulator process (so peak RSS is the node code's, not the emulator's) with a time scale
 * chosen to keep the run short while the rate limits, not the machine, stay the bottleneck.
 *
 *   npm run bench                         all scenarios
 *   npm run bench -- --only import-orders  one scenario
 *   npm run bench -- --scale 0.1           10% of the items (quick look)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import process from 'node:process';
import { setInterval, clearInterval } from 'node:timers';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { AmazonSellingPartnerApi } from '../credentials/AmazonSellingPartnerApi.credentials';
import { BolRetailerApi } from '../credentials/BolRetailerApi.credentials';
import { AmazonSellingPartner } from '../nodes/AmazonSellingPartner/AmazonSellingPartner.node.ts';
import { BolRetailer } from '../nodes/BolRetailer/BolRetailer.node.ts';
import { resetRateLimiters } from '../nodes/shared/transport/rateLimiter.ts';
import { globToRegExp, methodMatches } from '../sandbox/emulators/core/http.mts';
import type { RateLimitProfile } from '../sandbox/emulators/core/rate-limit.mts';
import {
	AMAZON_DEFAULT_CLIENT_ID,
	AMAZON_DEFAULT_CLIENT_SECRET,
	AMAZON_DEFAULT_MARKETPLACES,
	AMAZON_DEFAULT_REFRESH_TOKEN,
	AMAZON_DEFAULT_SELLER_ID,
	amazonService,
} from '../sandbox/emulators/amazon/index.mts';
import { startService } from '../sandbox/emulators/core/server.mts';
import { installEmulatorClock } from '../test/helpers/amazon.mts';
import { createContext, type ContextOptions, type HttpLogEntry } from '../test/helpers/context.mts';

const ROOT = resolve(import.meta.dirname, '..');

interface Result {
	scenario: string;
	/** `scaled`: real wall time against a time-scaled emulator; `emulated`: the node's clock is the emulator's, so
	 * wallMs is the marketplace time the work takes (what it would take live), run in a fraction of it. */
	clock: 'scaled' | 'emulated';
	marketplace: string;
	items: number;
	calls: number;
	floorCalls: number;
	http429: number;
	wallMs: number;
	floorMs: number;
	/** wallMs / floorMs; null when the limits allow the work without any wait (floor 0). */
	ratio: number | null;
	failed: number;
	peakRssMb: number;
	timeScale: number;
}

interface Emulator {
	url: string;
	child: ChildProcess;
	admin(method: string, path: string, body?: unknown): Promise<IDataObject>;
	stop(): Promise<void>;
}

async function startEmulator(timeScale: number): Promise<Emulator> {
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			resolve(ROOT, 'sandbox/emulators/cli.mts'),
			'--services',
			'bol',
			'--time-scale',
			String(timeScale),
		],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const url = await new Promise<string>((resolveUrl, reject) => {
		let out = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /^bol\s+(http:\/\/\S+)/m.exec(out);
			if (match) resolveUrl(match[1]);
		});
		child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('exit', (code) => reject(new Error(`emulator exited (${code}): ${out}`)));
	});
	const admin = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(`${url}/__admin/${path}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok)
			throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`);
		return (await response.json()) as IDataObject;
	};
	return {
		url,
		child,
		admin,
		stop: async () => {
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
		},
	};
}

/** Valid EAN-13s: 871 + a counter + check digit. */
function ean13(n: number): string {
	const body = `871${String(n).padStart(9, '0')}`;
	let sum = 0;
	for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
	return `${body}${(10 - (sum % 10)) % 10}`;
}

/** Counts what the node sends without keeping every request in memory. */
class CallCounter {
	calls: Array<{ method: string; path: string; status?: number }> = [];
	push(entry: HttpLogEntry) {
		const path = new URL(entry.url).pathname;
		const record = { method: entry.method, path, status: undefined as number | undefined };
		this.calls.push(record);
		// the status is filled in by the context after the response arrives
		Object.defineProperty(entry, 'status', {
			set: (value: number) => (record.status = value),
			get: () => record.status,
		});
		return this.calls.length;
	}
	filter(predicate: (entry: { status?: number }) => boolean) {
		return this.calls.filter(predicate);
	}
}

/**
 * The least time the profile allows for the calls made: per rule, k calls at `limit` per window need
 * ceil(k / limit) - 1 full windows; rules are independent, so the slowest rule is the floor.
 */
function floorMs(
	profile: RateLimitProfile,
	calls: CallCounter['calls'],
	timeScale: number,
	extraEmulatedMs = 0,
): number {
	const rules = profile.rules.map((rule) => ({ rule, regex: globToRegExp(rule.path), count: 0 }));
	for (const call of calls) {
		const match = rules.find(
			(r) => methodMatches(r.rule.method, call.method) && r.regex.test(call.path),
		);
		if (match) match.count++;
	}
	let worst = 0;
	for (const { rule, count } of rules) {
		if (count === 0) continue;
		const emulated =
			rule.algorithm === 'leaky-bucket'
				? (Math.max(0, count - rule.limit) / (rule.leakPerSecond ?? 1)) * 1000
				: (Math.ceil(count / rule.limit) - 1) * (rule.windowSeconds ?? 1) * 1000;
		worst = Math.max(worst, emulated);
	}
	return (worst + extraEmulatedMs) / timeScale;
}

async function runBol(
	emulator: Emulator,
	parameters: ContextOptions['parameters'],
	items: INodeExecutionData[],
): Promise<{
	output: INodeExecutionData[];
	counter: CallCounter;
	wallMs: number;
	peakRssMb: number;
}> {
	resetRateLimiters();
	const fake = createContext({
		credentialType: new BolRetailerApi(),
		credentials: {
			clientId: 'bol-emulator-client',
			clientSecret: 'bol-emulator-secret',
			environment: 'custom',
			baseUrl: emulator.url,
			authUrl: `${emulator.url}/token`,
			accessToken: '',
		},
		parameters,
		items,
		continueOnFail: true,
	});
	const counter = new CallCounter();
	(fake as unknown as { http: CallCounter }).http = counter;
	let peak = process.memoryUsage().rss;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
	const started = performance.now();
	const output = (await new BolRetailer().execute.call(fake.ctx))[0];
	const wallMs = performance.now() - started;
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().rss);
	return { output, counter, wallMs, peakRssMb: Math.round((peak / 1024 / 1024) * 10) / 10 };
}

function result(
	scenario: string,
	items: number,
	run: Awaited<ReturnType<typeof runBol>>,
	profile: RateLimitProfile,
	timeScale: number,
	floorCalls: number,
	extraEmulatedMs = 0,
): Result {
	const floor = floorMs(profile, run.counter.calls, timeScale, extraEmulatedMs);
	return {
		scenario,
		clock: 'scaled',
		marketplace: 'bol',
		items,
		calls: run.counter.calls.length,
		floorCalls,
		http429: run.counter.filter((c) => c.status === 429).length,
		wallMs: Math.round(run.wallMs),
		floorMs: Math.round(floor),
		ratio: Math.round((run.wallMs / Math.max(1, floor)) * 100) / 100,
		failed: items - run.output.filter((o) => !('error' in o.json)).length,
		peakRssMb: run.peakRssMb,
		timeScale,
	};
}

/**
 * Amazon: the emulator runs in this process and the node's clock is bridged to the emulated clock, so every wait of
 * the node (token-bucket pacing, feed polling) moves emulated time at once. wallMs is emulated time: what the work
 * would take against Amazon's documented usage plans.
 */
async function runAmazon(
	scenario: string,
	items: number,
	setup: (
		admin: (method: string, path: string, body?: unknown) => Promise<IDataObject>,
	) => Promise<void>,
	parameters: ContextOptions['parameters'],
	inputItems: INodeExecutionData[],
	floorCalls: number,
	extraEmulatedMs: (settings: IDataObject) => number,
	succeeded: (output: INodeExecutionData[]) => number,
): Promise<Result> {
	const service = await startService(amazonService(), {});
	const admin = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(`${service.url}/__admin/${path}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok)
			throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`);
		return (await response.json()) as IDataObject;
	};
	const { clock, restore } = installEmulatorClock(service.clock);
	try {
		await admin('POST', 'reset', { empty: true });
		await setup(admin);
		const profile = (await admin('GET', 'rate-limits')).profile as unknown as RateLimitProfile;
		const settings = (await admin('GET', 'config')) as IDataObject;
		const fake = createContext({
			credentialType: new AmazonSellingPartnerApi(),
			credentials: {
				clientId: AMAZON_DEFAULT_CLIENT_ID,
				clientSecret: AMAZON_DEFAULT_CLIENT_SECRET,
				refreshToken: AMAZON_DEFAULT_REFRESH_TOKEN,
				region: 'eu',
				sellerId: AMAZON_DEFAULT_SELLER_ID,
				marketplaceIds: AMAZON_DEFAULT_MARKETPLACES,
				otherMarketplaceIds: '',
				environment: 'custom',
				baseUrl: service.url,
				authUrl: `${service.url}/auth/o2/token`,
				accessToken: '',
			},
			parameters,
			items: inputItems,
			continueOnFail: true,
		});
		const counter = new CallCounter();
		(fake as unknown as { http: CallCounter }).http = counter;
		let peak = process.memoryUsage().rss;
		const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
		const emulatedStart = clock.now();
		const output = (await new AmazonSellingPartner().execute.call(fake.ctx))[0];
		const wallMs = clock.now() - emulatedStart;
		clearInterval(sampler);
		const floor = floorMs(profile, counter.calls, 1, extraEmulatedMs(settings));
		return {
			scenario,
			clock: 'emulated',
			marketplace: 'amazon',
			items,
			calls: counter.calls.length,
			floorCalls,
			http429: counter.filter((c) => c.status === 429).length,
			wallMs: Math.round(wallMs),
			floorMs: Math.round(floor),
			ratio: floor > 0 ? Math.round((wallMs / floor) * 100) / 100 : null,
			failed: items - succeeded(output),
			peakRssMb: Math.round((Math.max(peak, process.memoryUsage().rss) / 1024 / 1024) * 10) / 10,
			timeScale: 1,
		};
	} finally {
		restore();
		await service.stop();
	}
}

type Scenario = (scale: number) => Promise<Result>;

const SCENARIOS: Record<string, Scenario> = {
	async 'import-orders'(scale) {
		const count = Math.max(10, Math.round(1000 * scale));
		const timeScale = 600;
		const emulator = await startEmulator(timeScale);
		try {
			await emulator.admin('POST', 'reset', { empty: true });
			await emulator.admin('POST', 'seed', { orders: count, seed: 1 });
			const profile = (await emulator.admin('GET', 'rate-limits'))
				.profile as unknown as RateLimitProfile;
			const run = await runBol(
				emulator,
				{ resource: 'order', operation: 'getAll', status: 'ALL', returnAll: true, options: {} },
				[{ json: {} }],
			);
			const imported = run.output.filter((o) => !('error' in o.json)).length;
			const pages = Math.floor(count / 50) + 1;
			const r = result('import-orders', count, run, profile, timeScale, 1 + pages + count);
			r.failed = count - imported;
			return r;
		} finally {
			await emulator.stop();
		}
	},

	async 'stock-updates'(scale) {
		const count = Math.max(50, Math.round(10_000 * scale));
		// 50 PATCHes per emulated second: at 2x a window is 0.5 s real, well above what 50 local calls take
		const timeScale = 2;
		const emulator = await startEmulator(timeScale);
		try {
			await emulator.admin('POST', 'reset', { empty: true });
			const eans = Array.from({ length: count }, (_, i) => ean13(i + 1));
			for (let start = 0; start < count; start += 2000) {
				await emulator.admin('POST', 'seed', {
					offers: eans
						.slice(start, start + 2000)
						.map((ean, i) => ({ ean, reference: `SKU-${start + i}`, stock: 1 })),
				});
			}
			const profile = (await emulator.admin('GET', 'rate-limits'))
				.profile as unknown as RateLimitProfile;
			const run = await runBol(
				emulator,
				{
					resource: 'stock',
					operation: 'update',
					identifyBy: 'ean',
					ean: (i: number) => eans[i],
					quantity: (i: number) => i % 50,
					options: {},
				},
				eans.map((ean) => ({ json: { ean } })),
			);
			return result(
				'stock-updates',
				count,
				run,
				profile,
				timeScale,
				1 + Math.ceil(count / 50) + count,
			);
		} finally {
			await emulator.stop();
		}
	},

	async 'amazon-import-orders'(scale) {
		const count = Math.max(20, Math.round(1000 * scale));
		const DAY = 24 * 3600 * 1000;
		return await runAmazon(
			'amazon-import-orders',
			count,
			async (admin) => {
				await admin('POST', 'seed', { orders: count, seed: 3 });
			},
			{
				resource: 'order',
				operation: 'getAll',
				filterBy: 'created',
				after: new Date(Date.now() - 30 * DAY).toISOString(),
				returnAll: true,
				filters: {},
				options: {},
			},
			[{ json: {} }],
			// token, searchOrders pages of 100 (no PII asked for, so no restricted data token)
			1 + Math.ceil(count / 100),
			() => 0,
			(output) => output.filter((o) => !('error' in o.json)).length,
		);
	},

	async 'amazon-stock-updates'(scale) {
		const count = Math.max(20, Math.round(10_000 * scale));
		const skus = Array.from({ length: count }, (_, i) => `BENCH-${String(i).padStart(5, '0')}`);
		return await runAmazon(
			'amazon-stock-updates',
			count,
			async (admin) => {
				for (let start = 0; start < count; start += 2000) {
					await admin('POST', 'seed', {
						listings: skus
							.slice(start, start + 2000)
							.map((sku) => ({ sku, quantity: 1, marketplaceId: AMAZON_DEFAULT_MARKETPLACES[0] })),
					});
				}
			},
			{
				resource: 'stock',
				operation: 'update',
				sku: (i: number) => skus[i],
				quantity: (i: number) => i % 40,
				options: { marketplaceId: AMAZON_DEFAULT_MARKETPLACES[0] },
			},
			skus.map((sku) => ({ json: { sku } })),
			// token, createFeedDocument, upload, createFeed, getFeed (at least once), getFeedDocument, download
			7,
			(settings) =>
				(Number(settings.feedQueueSeconds ?? 0) + Number(settings.feedProcessingSeconds ?? 0)) *
				1000,
			(output) => output.filter((o) => o.json.status === 'accepted').length,
		);
	},

	async shipments(scale) {
		const count = Math.max(10, Math.round(500 * scale));
		const timeScale = 60;
		const emulator = await startEmulator(timeScale);
		try {
			await emulator.admin('POST', 'reset', { empty: true });
			const eans = Array.from({ length: 20 }, (_, i) => ean13(50_000 + i));
			await emulator.admin('POST', 'seed', { offers: eans.map((ean) => ({ ean, stock: 1000 })) });
			await emulator.admin('POST', 'seed', {
				orders: Array.from({ length: count }, (_, i) => ({
					orderItems: [
						{
							ean: eans[i % eans.length],
							quantity: 1 + (i % 3),
							fulfilmentMethod: 'FBR',
							distributionParty: 'RETAILER',
						},
					],
				})),
			});
			const state = (await emulator.admin('GET', 'state')).state as IDataObject;
			const orders = (
				state.orders as Array<{
					orderId: string;
					orderItems: Array<{ orderItemId: string; quantity: number }>;
				}>
			).slice(0, count);
			const profile = (await emulator.admin('GET', 'rate-limits'))
				.profile as unknown as RateLimitProfile;
			const settings = ((await emulator.admin('GET', 'config')) as IDataObject).settings as
				| IDataObject
				| undefined;
			const processDelayMs = Number(settings?.processDelaySeconds ?? 3) * 1000;
			const run = await runBol(
				emulator,
				{
					resource: 'shipment',
					operation: 'create',
					orderId: (i: number) => orders[i].orderId,
					itemsMode: 'list',
					items: (i: number) =>
						orders[i].orderItems.map((item) => ({
							lineId: item.orderItemId,
							quantity: item.quantity,
						})),
					carrier: 'TNT',
					trackAndTrace: (i: number) => `3SBOL${String(i).padStart(10, '0')}`,
					shipmentReference: (i: number) => `BENCH-${i}`,
					options: { processingTimeout: 900 },
				},
				orders.map(() => ({ json: {} })),
			);
			const shipped = run.output.filter((o) => o.json.status === 'shipped').length;
			const r = result(
				'shipments',
				count,
				run,
				profile,
				timeScale,
				1 + count + Math.ceil(count / 1000),
				processDelayMs,
			);
			r.failed = count - shipped;
			return r;
		} finally {
			await emulator.stop();
		}
	},
};

function table(results: Result[]): string {
	const columns: Array<keyof Result> = [
		'scenario',
		'clock',
		'items',
		'calls',
		'floorCalls',
		'http429',
		'wallMs',
		'floorMs',
		'ratio',
		'failed',
		'peakRssMb',
	];
	const rows = [
		columns.map(String),
		...results.map((r) => columns.map((c) => (r[c] === null ? 'n/a' : String(r[c])))),
	];
	const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
	return rows.map((row) => row.map((cell, i) => cell.padStart(widths[i])).join('  ')).join('\n');
}

async function main() {
	const args = process.argv.slice(2);
	const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
	const scale = args.includes('--scale') ? Number(args[args.indexOf('--scale') + 1]) : 1;
	if (only && !SCENARIOS[only])
		throw new Error(`unknown scenario ${only}; known: ${Object.keys(SCENARIOS).join(', ')}`);
	if (!(scale > 0 && scale <= 1)) throw new Error('--scale takes a number in (0, 1]');
	const results: Result[] = [];
	for (const [name, scenario] of Object.entries(SCENARIOS)) {
		if (only && name !== only) continue;
		process.stdout.write(`running ${name}...\n`);
		const r = await scenario(scale);
		results.push(r);
		process.stdout.write(
			`  ${r.items} items, ${r.calls} calls, ${r.http429} x 429, ${r.wallMs} ms (floor ${r.floorMs} ms, ratio ${r.ratio}), ${r.failed} failed\n`,
		);
	}
	process.stdout.write(`\n${table(results)}\n`);
	await mkdir(resolve(ROOT, 'bench/results'), { recursive: true });
	await writeFile(
		resolve(ROOT, 'bench/results/latest.json'),
		`${JSON.stringify(results, null, 2)}\n`,
	);
	process.stdout.write('\nwritten to bench/results/latest.json\n');
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exitCode = 1;
});
