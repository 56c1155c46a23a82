/**
 * The scenario harness of `npm run bench`: one way to run a scenario for every marketplace.
 *
 * A scenario (bench/scenarios.mts) is data: its marketplace (a recipe in bench/marketplaces.mts: emulator services,
 * credential recipe, node), the item count, the emulator setup, the node's parameters, the floor of the work, and
 * the same work as a flow of n8n HTTP Request nodes would do it (bench/http-request-baseline.mts). The harness
 * starts the marketplace's emulator services in this process, runs both variants once on a tenth of the items and
 * throws that away (the first requests of a process compile the node, n8n's helpers, undici and the emulator, which a
 * running n8n and a real API have long done), then runs the package's node, then (emulator reset, every rate-limit
 * window refilled) the baseline, and measures both the same way.
 *
 * Clock: emulated, for every marketplace. The emulators run in this process on one EmulatedClock (time scale 1) and
 * the node's clock (nodes/shared/clock) is bridged to it: the emulated time runs with real time, and every wait of the
 * node (rate-limit pacing, backoff, job polling) and of the baseline (Retry On Fail's wait between tries) moves it
 * forward at once. `wallMs` is emulated time: the processing time actually spent plus every wait, i.e. what the work
 * would take against the marketplace's limits with local-network latency. Why not a time-scaled emulator process
 * (what bol used before): the right scale depends on the limits (bol offers: 50/s; Amazon searchOrders: one per
 * 180 s; feeds: minutes of processing), a scale too high makes the machine the bottleneck and too low makes runs take
 * hours, and on a shared, loaded machine the result moved with the load. The bridged clock needs no per-scenario
 * scale, is reproducible, and runs the baseline's waits on the same clock. What it costs: peak RSS includes the
 * emulator (same process), and processing time is this machine's (it still counts, as it should).
 */
import process from 'node:process';
import { setInterval, clearInterval } from 'node:timers';

import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { globToRegExp, methodMatches } from '../sandbox/emulators/core/http.mts';
import { EmulatedClock } from '../sandbox/emulators/core/clock.mts';
import type { RateLimitProfile } from '../sandbox/emulators/core/rate-limit.mts';
import { startService, type RunningService } from '../sandbox/emulators/core/server.mts';
import type { ServiceFactory } from '../sandbox/emulators/core/service.mts';
import { installEmulatorClock } from '../test/helpers/clock.mts';
import { createContext, type ContextOptions, type HttpLogEntry } from '../test/helpers/context.mts';
import { HttpRequestFlow, type Request } from './http-request-baseline.mts';

export type Variant = 'package' | 'http-request-baseline';

export interface Result {
	scenario: string;
	variant: Variant;
	/** Always `emulated`: wallMs is emulated time (see the header of bench/harness.mts). */
	clock: 'emulated';
	marketplace: string;
	items: number;
	calls: number;
	floorCalls: number;
	http429: number;
	wallMs: number;
	/**
	 * The least time the emulated limits allow for the calls this variant made that the marketplace let through (429s
	 * and 401s excluded: the emulators reject them before counting them against a limit, and they do no work), plus
	 * the processing time the marketplace needs.
	 */
	floorMs: number;
	/** wallMs / floorMs; null when the limits allow the calls without any wait (floor 0) or items failed (a ratio of
	 * unfinished work means nothing). */
	ratio: number | null;
	failed: number;
	peakRssMb: number;
	timeScale: number;
	/** Rules the calls counted against whose numbers are assumed, not published (their floor is as unverified). */
	unverifiedLimits: string[];
}

/** One HTTP call as counted: what was sent and what came back. */
export interface Call {
	method: string;
	path: string;
	/** The query string (rules may apply only with a parameter: Zalando's orders by `order_number`). */
	query?: string;
	/** Units of a rule that counts something else than requests: the `items` of the body (Zalando's stock updates). */
	items?: number;
	status?: number;
}

/** The `items` a request body carries (JSON text or object), or undefined. */
export function itemCount(body: unknown): number | undefined {
	let value = body;
	if (typeof body === 'string') {
		try {
			value = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	const items = (value as { items?: unknown } | null)?.items;
	return Array.isArray(items) ? items.length : undefined;
}

/** Counts calls without keeping bodies. The node's calls come through the test context's log, the baseline's from its own send (both over test/helpers/http.mts). */
export class CallCounter {
	calls: Call[] = [];
	push(entry: HttpLogEntry) {
		const url = new URL(entry.url);
		const record: Call = {
			method: entry.method,
			path: url.pathname,
			query: url.search,
			items: itemCount(entry.body),
		};
		this.calls.push(record);
		// the context fills in the status after the response arrives
		Object.defineProperty(entry, 'status', {
			set: (value: number) => (record.status = value),
			get: () => record.status,
		});
		return this.calls.length;
	}
	record(call: Call) {
		this.calls.push(call);
	}
	get http429() {
		return this.calls.filter((c) => c.status === 429).length;
	}
}

/**
 * The least time the profile allows for the calls made: per rule, k calls (or k units of a rule with a `unit`, such
 * as Zalando's stock items) at `limit` per window need ceil(k / limit) - 1 full windows (a token bucket: (k - burst) /
 * rate seconds); rules are independent, so the slowest rule is the floor. A call counts against the rules the
 * emulator counts it against: the first that matches (its `whenQuery` parameter present) and the ones it combines with.
 */
export function floorMs(profile: RateLimitProfile, calls: Call[], extraMs = 0): number {
	let worst = 0;
	for (const { rule, count } of countByRule(profile, calls)) {
		if (count === 0) continue;
		const ms =
			rule.algorithm === 'leaky-bucket'
				? (Math.max(0, count - rule.limit) / (rule.leakPerSecond ?? 1)) * 1000
				: (Math.ceil(count / rule.limit) - 1) * (rule.windowSeconds ?? 1) * 1000;
		worst = Math.max(worst, ms);
	}
	return worst + extraMs;
}

/** Per rule of the profile: the calls (or units) counted against it, as the emulator counts them. */
function countByRule(profile: RateLimitProfile, calls: Call[]) {
	const rules = profile.rules.map((rule) => ({ rule, regex: globToRegExp(rule.path), count: 0 }));
	for (const call of calls) {
		const query = new URLSearchParams(call.query ?? '');
		for (const r of rules) {
			if (!methodMatches(r.rule.method, call.method) || !r.regex.test(call.path)) continue;
			if (r.rule.whenQuery !== undefined && !query.has(r.rule.whenQuery)) continue;
			r.count += r.rule.unit === undefined ? 1 : (call.items ?? 1);
			if (!r.rule.combine) break;
		}
	}
	return rules;
}

/** The ids of the profile's unverified rules (assumed numbers) that the calls were counted against. */
export function unverifiedRules(profile: RateLimitProfile, calls: Call[]): string[] {
	return countByRule(profile, calls)
		.filter(({ rule, count }) => count > 0 && rule.verified === false)
		.map(({ rule }) => rule.id);
}

/** The running emulator services of one scenario, on one emulated clock. */
export interface Env {
	clock: EmulatedClock;
	/** Base URL per service name; `url` is the marketplace's (first) service. */
	urls: Record<string, string>;
	url: string;
	/** The admin API of a service (default: the marketplace's). */
	admin(method: string, path: string, body?: unknown, service?: string): Promise<IDataObject>;
}

/** What a marketplace brings to the bench: a data entry in bench/marketplaces.mts. */
export interface MarketplaceRecipe {
	id: string;
	/** Emulator services the scenarios of this marketplace need; the first is the marketplace's own. */
	services: Array<{ name: string; factory: () => ServiceFactory }>;
	credentialType: () => ICredentialType;
	/** The node's credential against the emulator. */
	credentials: (env: Env) => ICredentialDataDecryptedObject;
	node: () => { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };
	/**
	 * How an HTTP Request flow authenticates against this marketplace: the headers of an API call, fetching a token
	 * first where the API needs one; `refresh` (when n8n would refresh on a 401 itself, as its OAuth2 credential does)
	 * returns fresh headers.
	 */
	baselineAuth: (env: Env, flow: HttpRequestFlow) => BaselineAuth;
}

/** `request`: the request the headers are for (a signature covers it: Miinto). */
export interface BaselineAuth {
	headers(request?: Request): Promise<Record<string, string>>;
	refresh?: (request?: Request) => Promise<Record<string, string>>;
}

/** A benchmark scenario: data only. `S` is whatever the setup prepares (ids, EANs, orders). */
export interface Scenario<S = unknown> {
	name: string;
	marketplace: MarketplaceRecipe;
	/** The item count at --scale `scale`. */
	items: (scale: number) => number;
	/** Seeds the emulator (after a reset to empty) for `count` items. */
	setup: (env: Env, count: number) => Promise<S>;
	parameters: (state: S) => ContextOptions['parameters'];
	input: (state: S) => INodeExecutionData[];
	/** Items the node's output reports done. */
	succeeded: (output: INodeExecutionData[]) => number;
	/** The least calls the work needs. */
	floorCalls: (count: number) => number;
	/** Processing time the marketplace needs besides the rate limits (ms), from the emulator's settings. */
	extraFloorMs?: (env: Env) => Promise<number>;
	/** The same work as a flow of HTTP Request nodes; returns the items done. */
	baseline: (flow: HttpRequestFlow, env: Env, state: S, auth: BaselineAuth) => Promise<number>;
}

export type AnyScenario = Scenario<never>;

function roundMb(bytes: number) {
	return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

async function measure<T>(
	clock: { now(): number },
	work: () => Promise<T>,
): Promise<{ value: T; wallMs: number; peakRssMb: number }> {
	let peak = process.memoryUsage().rss;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
	const started = clock.now();
	try {
		const value = await work();
		return {
			value,
			wallMs: clock.now() - started,
			peakRssMb: roundMb(Math.max(peak, process.memoryUsage().rss)),
		};
	} finally {
		clearInterval(sampler);
	}
}

/** Long enough for every window and token bucket of the profiles to refill (Amazon searchOrders: 20 at 1/180 s). */
const BETWEEN_VARIANTS_MS = 4 * 3600 * 1000;

/** The share of a scenario's items its discarded warm-up pass runs. */
const WARM_UP_SCALE = 0.1;

/** Runs a scenario: the package's node, then the HTTP Request baseline, against the same emulator. */
export async function runScenario<S>(scenario: Scenario<S>, scale: number): Promise<Result[]> {
	const recipe = scenario.marketplace;
	const clock = new EmulatedClock({ timeScale: 1 });
	const services: RunningService[] = [];
	try {
		for (const service of recipe.services)
			services.push(await startService(service.factory(), { clock }));
		const urls = Object.fromEntries(recipe.services.map((s, i) => [s.name, services[i].url]));
		const env: Env = {
			clock,
			urls,
			url: services[0].url,
			admin: async (method, path, body, service) => {
				const base = service ? urls[service] : services[0].url;
				const response = await fetch(`${base}/__admin/${path}`, {
					method,
					headers: { 'content-type': 'application/json' },
					body: body === undefined ? undefined : JSON.stringify(body),
				});
				if (!response.ok)
					throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`);
				return (await response.json()) as IDataObject;
			},
		};
		const count = scenario.items(scale);
		const prepare = async (count: number) => {
			clock.advance(BETWEEN_VARIANTS_MS);
			for (const service of recipe.services) {
				await env.admin('POST', 'reset', { empty: true }, service.name);
				await env.admin('POST', 'rate-limits/reset', {}, service.name);
			}
			return await scenario.setup(env, count);
		};
		const profile = (await env.admin('GET', 'rate-limits')).profile as unknown as RateLimitProfile;
		const row = (
			count: number,
			variant: Variant,
			counter: CallCounter,
			done: number,
			wallMs: number,
			peakRssMb: number,
			extra: number,
		): Result => {
			const counted = counter.calls.filter((c) => c.status !== 429 && c.status !== 401);
			const floor = floorMs(profile, counted, extra);
			return {
				scenario: scenario.name,
				variant,
				clock: 'emulated',
				marketplace: recipe.id,
				items: count,
				calls: counter.calls.length,
				floorCalls: scenario.floorCalls(count),
				http429: counter.http429,
				wallMs: Math.round(wallMs),
				floorMs: Math.round(floor),
				ratio: floor > 0 && done >= count ? Math.round((wallMs / floor) * 100) / 100 : null,
				failed: count - done,
				peakRssMb,
				timeScale: 1,
				unverifiedLimits: unverifiedRules(profile, counted),
			};
		};

		const { clock: bridge, restore } = installEmulatorClock(clock);
		/** Both variants on `count` items. */
		const variants = async (count: number): Promise<Result[]> => {
			const results: Result[] = [];
			// the package's node, through the test context (n8n's helpers, the credential's authenticate/preAuthentication)
			const state = await prepare(count);
			const extra = (await scenario.extraFloorMs?.(env)) ?? 0;
			const fake = createContext({
				credentialType: recipe.credentialType(),
				credentials: recipe.credentials(env),
				parameters: scenario.parameters(state),
				items: scenario.input(state),
				continueOnFail: true,
			});
			const counter = new CallCounter();
			(fake as unknown as { http: CallCounter }).http = counter;
			const node = recipe.node();
			const run = await measure(bridge, async () => (await node.execute.call(fake.ctx))[0]);
			results.push(
				row(
					count,
					'package',
					counter,
					scenario.succeeded(run.value),
					run.wallMs,
					run.peakRssMb,
					extra,
				),
			);

			// the same work as an HTTP Request flow, on the same emulator and clock; its floor has no processing time,
			// since it does not wait for the marketplace to process anything (no process status, no feed)
			const baselineState = await prepare(count);
			const baselineCounter = new CallCounter();
			const flow = new HttpRequestFlow(baselineCounter, bridge);
			const auth = recipe.baselineAuth(env, flow);
			const base = await measure(
				bridge,
				async () => await scenario.baseline(flow, env, baselineState, auth),
			);
			results.push(
				row(
					count,
					'http-request-baseline',
					baselineCounter,
					base.value,
					base.wallMs,
					base.peakRssMb,
					0,
				),
			);
			return results;
		};
		try {
			// a warm-up pass on a tenth of the items, both variants, discarded: the first requests of a process compile
			// the code on both sides (node, n8n's helpers, undici, the emulator), which a running n8n and a real API have
			// long done; without it the variant that runs first pays for both (the package, 0.2 to 0.4 s)
			await variants(Math.min(count, scenario.items(WARM_UP_SCALE)));
			return await variants(count);
		} finally {
			restore();
		}
	} finally {
		await Promise.all(services.map((s) => s.stop()));
	}
}
