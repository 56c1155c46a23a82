/**
 * What the fault scenarios share: the Bol and Amazon emulators in-process on one emulated clock (the node's waits move
 * it, so minutes of marketplace time take milliseconds), fake n8n contexts driven through node parameters only, the
 * emulators' admin API, and the leak scanner.
 */
import type { IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { AmazonSellingPartnerApi } from '../../credentials/AmazonSellingPartnerApi.credentials';
import { BolRetailerApi } from '../../credentials/BolRetailerApi.credentials';
import { AmazonSellingPartner } from '../../nodes/AmazonSellingPartner/AmazonSellingPartner.node.ts';
import { AmazonSellingPartnerTrigger } from '../../nodes/AmazonSellingPartner/AmazonSellingPartnerTrigger.node.ts';
import { BolRetailer } from '../../nodes/BolRetailer/BolRetailer.node.ts';
import { BolRetailerTrigger } from '../../nodes/BolRetailer/BolRetailerTrigger.node.ts';
import {
	AMAZON_DEFAULT_CLIENT_ID,
	AMAZON_DEFAULT_CLIENT_SECRET,
	AMAZON_DEFAULT_MARKETPLACES,
	AMAZON_DEFAULT_REFRESH_TOKEN,
	AMAZON_DEFAULT_SELLER_ID,
} from '../../sandbox/emulators/amazon/index.mts';
import { s3SecurityToken } from '../../sandbox/emulators/core/faults.mts';
import {
	BOL_DEFAULT_CLIENT_ID,
	BOL_DEFAULT_CLIENT_SECRET,
	startEmulators,
} from '../../sandbox/emulators/index.mts';
import { createContext, type ContextOptions, type FakeContext } from '../helpers/context.mts';

export type Json = Record<string, any>;
export type Emulators = Awaited<ReturnType<typeof startEmulators>>;

/** `MPS_FULL_SIZE=1`: the full sizes of the issue; otherwise sizes that keep the suite under a minute. */
export const FULL = process.env.MPS_FULL_SIZE === '1';

export const env = { emulators: undefined as unknown as Emulators, bol: '', amazon: '' };

export async function startFaultEmulators(): Promise<void> {
	env.emulators = await startEmulators({
		services: ['bol', 'amazon'],
		timeScale: 1,
		seed: 7,
		rateLimits: false,
	});
	env.bol = env.emulators.urls.bol;
	env.amazon = env.emulators.urls.amazon;
}

export async function admin(base: string, method: string, path: string, body?: unknown) {
	const response = await fetch(`${base}/__admin/${path}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = (await response.json()) as Json;
	if (response.status >= 300)
		throw new Error(`admin ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
	return json;
}

export const bolAdmin = (method: string, path: string, body?: unknown) =>
	admin(env.bol, method, path, body);
export const amazonAdmin = (method: string, path: string, body?: unknown) =>
	admin(env.amazon, method, path, body);

export async function requests(base: string, filter = ''): Promise<Json[]> {
	return (await admin(base, 'GET', `requests${filter}`)).requests as Json[];
}

/**
 * n8n gives every request `timeout` milliseconds (axios: `ECONNABORTED`, "timeout of Nms exceeded"); the shared fake
 * context does not, so the scenarios add it here (the connection itself is released when the emulator stops).
 */
function withTimeouts(fake: FakeContext): FakeContext {
	const helpers = fake.ctx.helpers as unknown as Record<
		string,
		(...args: any[]) => Promise<unknown>
	>;
	const timed =
		(original: (...args: any[]) => Promise<unknown>, optionsIndex: number, wrap: boolean) =>
		async (...args: any[]) => {
			const timeout = (args[optionsIndex] as IHttpRequestOptions | undefined)?.timeout;
			const call = original(...args);
			if (!timeout) return await call;
			let timer: NodeJS.Timeout | undefined;
			const expired = new Promise<never>((_, reject) => {
				timer = setTimeout(() => {
					const error = Object.assign(new Error(`timeout of ${timeout}ms exceeded`), {
						isAxiosError: true,
						code: 'ECONNABORTED',
					});
					reject(wrap ? new NodeApiError(fake.ctx.getNode(), error as never) : error);
				}, timeout);
			});
			call.catch(() => undefined);
			try {
				return await Promise.race([call, expired]);
			} finally {
				clearTimeout(timer);
			}
		};
	helpers.httpRequest = timed(helpers.httpRequest, 0, false);
	helpers.httpRequestWithAuthentication = timed(helpers.httpRequestWithAuthentication, 1, true);
	return fake;
}

export function bolContext(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
): FakeContext {
	return withTimeouts(
		createContext({
			credentialType: new BolRetailerApi(),
			credentials: {
				clientId: BOL_DEFAULT_CLIENT_ID,
				clientSecret: BOL_DEFAULT_CLIENT_SECRET,
				environment: 'custom',
				baseUrl: env.bol,
				authUrl: `${env.bol}/token`,
				accessToken: '',
			},
			parameters,
			nodeType: 'n8n-nodes-marketplace-sync.bolRetailer',
			...extra,
		}),
	);
}

export function amazonContext(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
): FakeContext {
	return withTimeouts(
		createContext({
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
				baseUrl: env.amazon,
				authUrl: `${env.amazon}/auth/o2/token`,
				accessToken: '',
			},
			parameters,
			nodeType: 'n8n-nodes-marketplace-sync.amazonSellingPartner',
			...extra,
		}),
	);
}

export interface RunResult {
	items: Json[];
	error?: Error & { description?: string };
	fake: FakeContext;
	ms: number;
}

async function execute(
	fake: FakeContext,
	run: () => Promise<INodeExecutionData[][]>,
): Promise<RunResult> {
	const started = Date.now();
	try {
		const output = await run();
		return {
			items: (output[0] ?? []).map((i) => i.json as Json),
			fake,
			ms: Date.now() - started,
		};
	} catch (error) {
		return { items: [], error: error as Error, fake, ms: Date.now() - started };
	}
}

export async function runBol(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
): Promise<RunResult> {
	const fake = bolContext(parameters, extra);
	return await execute(fake, () => new BolRetailer().execute.call(fake.ctx));
}

export async function runAmazon(
	parameters: ContextOptions['parameters'],
	extra: Partial<ContextOptions> = {},
): Promise<RunResult> {
	const fake = amazonContext(parameters, extra);
	return await execute(fake, () => new AmazonSellingPartner().execute.call(fake.ctx));
}

export interface PollResult {
	emitted: Json[];
	error?: Error;
	fake: FakeContext;
}

export async function pollBol(
	parameters: ContextOptions['parameters'],
	staticData: IDataObject,
): Promise<PollResult> {
	const fake = bolContext(parameters, { staticData, mode: 'trigger' });
	try {
		const result = await new BolRetailerTrigger().poll.call(fake.ctx);
		return { emitted: result ? result[0].map((i) => i.json as Json) : [], fake };
	} catch (error) {
		return { emitted: [], error: error as Error, fake };
	}
}

export async function pollAmazon(
	parameters: ContextOptions['parameters'],
	staticData: IDataObject,
): Promise<PollResult> {
	const fake = amazonContext(parameters, { staticData, mode: 'trigger' });
	try {
		const result = await new AmazonSellingPartnerTrigger().poll.call(fake.ctx);
		return { emitted: result ? result[0].map((i) => i.json as Json) : [], fake };
	} catch (error) {
		return { emitted: [], error: error as Error, fake };
	}
}

/** JSON.stringify that survives cycles (n8n errors point at their node and causes). */
export function safeStringify(value: unknown): string {
	const seen = new WeakSet<object>();
	try {
		return (
			JSON.stringify(value, (_key, inner: unknown) => {
				if (typeof inner === 'object' && inner !== null) {
					if (seen.has(inner)) return '[cycle]';
					seen.add(inner);
				}
				if (typeof inner === 'bigint') return String(inner);
				return inner;
			}) ?? ''
		);
	} catch (error) {
		return `[unserializable: ${(error as Error).message}]`;
	}
}

const SECRET_QUERY = ['X-Amz-Signature', 'X-Amz-Security-Token'];

/** Every secret value this run held: the credential's, the tokens it sent, and the pre-signed URLs' signatures. */
export function secretsOf(fake: FakeContext): string[] {
	const values = new Set<string>();
	for (const key of ['clientSecret', 'refreshToken', 'accessToken']) {
		const value = fake.credentials[key];
		if (typeof value === 'string') values.add(value);
	}
	for (const entry of fake.http) {
		for (const [name, value] of Object.entries(entry.headers)) {
			const lower = name.toLowerCase();
			if (lower === 'authorization') {
				values.add(value.replace(/^(Bearer|Basic)\s+/i, ''));
				if (/^Basic /i.test(value)) {
					const decoded = Buffer.from(value.slice(6), 'base64').toString('utf8');
					values.add(decoded.split(':').slice(1).join(':'));
				}
			} else if (/token|secret|signature/.test(lower)) values.add(value);
		}
		const url = new URL(entry.url);
		for (const name of SECRET_QUERY) {
			const value = url.searchParams.get(name);
			if (value) values.add(value);
		}
		if (url.searchParams.has('X-Amz-Signature')) values.add(s3SecurityToken(url.pathname));
		if (typeof entry.body === 'object' && entry.body !== null) {
			for (const [key, value] of Object.entries(entry.body as Json))
				if (/token|secret/i.test(key) && typeof value === 'string') values.add(value);
		}
	}
	return [...values].filter((v) => v.length >= 8);
}

/** A pre-signed URL parameter followed by a value that is not a redaction marker. */
const PRESIGNED_VALUE =
	/X-Amz-(?:Signature|Security-Token)(?:=|%3D)(?!\[|%5B|\*|REDACTED|redacted|&|$)[A-Za-z0-9%+/_-]{8,}/;

/**
 * What n8n shows or stores of an error: message, description, `JSON.stringify(error)`, and its own fields and cause
 * (n8n's error view and the execution data show `messages`, `httpCode`, the cause's details).
 */
function errorTexts(error: (Error & { description?: unknown }) | undefined): string[] {
	if (!error) return [];
	const e = error as unknown as Record<string, unknown>;
	return [
		String(error.message ?? ''),
		String(error.description ?? ''),
		safeStringify(error),
		safeStringify({ ...e, node: undefined, cause: e.cause, messages: e.messages }),
		String((e.cause as Error | undefined)?.message ?? ''),
	];
}

/**
 * How many distinct secrets appear in what the user sees: the output items' JSON, the error's message, description
 * and JSON. A pre-signed URL parameter with a value counts even when its value is unknown.
 */
export function countLeaks(
	secrets: string[],
	seen: { items?: unknown[]; errors?: Array<(Error & { description?: unknown }) | undefined> },
): { count: number; found: string[] } {
	const texts = [
		...(seen.items ?? []).map((item) => safeStringify(item)),
		...(seen.errors ?? []).flatMap((error) => errorTexts(error)),
	];
	const found = new Set<string>();
	for (const secret of secrets) {
		if (texts.some((text) => text.includes(secret))) found.add(secret);
	}
	if (found.size === 0 && texts.some((text) => PRESIGNED_VALUE.test(text)))
		found.add('X-Amz-* value');
	return { count: found.size, found: [...found].map((s) => `${s.slice(0, 6)}…`) };
}

/** Requests the emulator processed (its handler ran, 2xx), even when a fault then lost the answer. */
export function accepted(log: Json[], method: string, path: RegExp): Json[] {
	return log.filter(
		(r) =>
			r.method === method &&
			path.test(r.path) &&
			typeof r.handledStatus === 'number' &&
			r.handledStatus < 300,
	);
}

/** How many more times than once each key occurs. */
export function excess(keys: string[]): number {
	const counts = new Map<string, number>();
	for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
	return [...counts.values()].reduce((total, n) => total + Math.max(0, n - 1), 0);
}

export function errorText(error: (Error & { description?: unknown }) | undefined): string {
	return error ? `${error.message} ${String(error.description ?? '')}` : '';
}

/** Runs `work` but gives up after `ms` real milliseconds (a stall); the work keeps running in the background. */
export async function bounded<T>(
	ms: number,
	work: Promise<T>,
): Promise<{ done: true; value: T } | { done: false }> {
	let timer: NodeJS.Timeout | undefined;
	const limit = new Promise<{ done: false }>((resolve) => {
		timer = setTimeout(() => resolve({ done: false }), ms);
	});
	try {
		return await Promise.race([work.then((value) => ({ done: true as const, value })), limit]);
	} finally {
		clearTimeout(timer);
	}
}
