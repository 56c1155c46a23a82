import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';

import { createAdminRouter, type AdminRuntime } from './admin.mts';
import { EmulatedClock } from './clock.mts';
import { FaultInjector, echoResponse, s3ErrorResponse, type FaultRule } from './faults.mts';
import { parseBody, parseMediaType, type EmulatorRequest, type EmulatorResponse } from './http.mts';
import { Random } from './random.mts';
import { RateLimiter } from './rate-limit.mts';
import { RequestLog, type LoggedRequest } from './request-log.mts';
import { Router } from './router.mts';
import type {
	RateLimitInfo,
	ServiceContext,
	ServiceDefinition,
	ServiceFactory,
} from './service.mts';
import { WebhookDispatcher } from './webhooks.mts';

export interface StartServiceOptions {
	/** Loopback only: `127.0.0.1` (default), `::1` or `localhost`. */
	host?: string;
	/** 0 or omitted: a free port. */
	port?: number;
	/** Share one emulated clock between services (startEmulators does). */
	clock?: EmulatedClock;
	/** Used when no clock is given. */
	timeScale?: number;
	/** Default true: the service's documented rate-limit profile is enforced. */
	rateLimits?: boolean;
	/** Default true: requests are checked against the service's spec. */
	validateRequests?: boolean;
	/** Default false: the emulator checks its own responses against the spec and answers 500 on a mismatch (tests). */
	validateResponses?: boolean;
	/** Seed for data generation; undefined = start empty. Also seeds fault probabilities. */
	seed?: number;
	/** Serve HTTPS with this certificate (PEM). */
	tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface RunningService {
	name: string;
	url: string;
	port: number;
	clock: EmulatedClock;
	definition: ServiceDefinition;
	stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function assertLoopback(host: string): void {
	if (!LOOPBACK.has(host))
		throw new Error(`emulators only listen on loopback (127.0.0.1, ::1, localhost), not ${host}`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) throw new Error('request body too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

function serialize(res: EmulatorResponse): { payload?: Buffer; contentType?: string } {
	if (res.raw !== undefined) return { payload: Buffer.from(res.raw), contentType: res.contentType };
	if (res.body === undefined) return {};
	return {
		payload: Buffer.from(JSON.stringify(res.body), 'utf8'),
		contentType: res.contentType ?? 'application/json',
	};
}

/** Cuts a JSON payload in half: what a proxy that drops the end of a response leaves (fault `malformed-json`). */
function truncate(res: EmulatorResponse): EmulatorResponse {
	const text =
		res.raw !== undefined
			? String(res.raw)
			: res.body === undefined
				? ''
				: JSON.stringify(res.body);
	const cut = text.length > 1 ? text.slice(0, Math.ceil(text.length / 2)) : '{"';
	return {
		status: res.status === 204 ? 200 : res.status,
		headers: res.headers,
		raw: cut,
		contentType: res.contentType ?? 'application/json',
	};
}

export async function startService(
	factory: ServiceFactory,
	options: StartServiceOptions = {},
): Promise<RunningService> {
	const host = options.host ?? '127.0.0.1';
	assertLoopback(host);
	const clock = options.clock ?? new EmulatedClock({ timeScale: options.timeScale ?? 1 });
	const seed = options.seed;
	const webhooks = new WebhookDispatcher(clock);
	let baseUrl = '';
	const ctx: ServiceContext = { clock, url: () => baseUrl, webhooks, seed };
	const definition = factory(ctx);
	const router = new Router(definition.routes);
	const faults = new FaultInjector(new Random(seed ?? 0x5eed).fork('faults'));
	const limiter = new RateLimiter(clock, definition.rateLimitProfile, options.rateLimits ?? true);
	const log = new RequestLog(clock);
	const flags = { validateRequests: options.validateRequests ?? true };
	const runtime: AdminRuntime = { definition, clock, faults, limiter, log, webhooks, flags };
	const admin = createAdminRouter(runtime);
	const { hooks } = definition;
	let nextRequestId = 1;

	const rateInfo = (decision: Omit<RateLimitInfo, 'realSeconds'>): RateLimitInfo => ({
		...decision,
		realSeconds: (ms: number) => clock.toRealSeconds(ms),
	});

	/** Connections held open by `hang` faults: released (destroyed) on stop. */
	const hung = new Set<() => void>();
	const hang = (ms: number | undefined): Promise<'drop'> =>
		new Promise((resolve) => {
			let timer: NodeJS.Timeout | undefined;
			const release = () => {
				if (timer) clearTimeout(timer);
				hung.delete(release);
				resolve('drop');
			};
			hung.add(release);
			if (ms !== undefined) timer = setTimeout(release, ms);
		});

	async function applyFault(
		fault: FaultRule,
		req: EmulatorRequest,
	): Promise<EmulatorResponse | 'drop' | undefined> {
		switch (fault.kind) {
			case 'drop':
				return 'drop';
			case 'hang':
				return await hang(fault.delayMs);
			case 'echo':
				return echoResponse(fault, req);
			case 's3-error':
				return s3ErrorResponse(fault, req);
			case 'slow':
				await delay(fault.delayMs ?? 2000);
				return undefined;
			case 'server-error': {
				const status = fault.status ?? 500;
				return hooks.error(
					status,
					{ title: http.STATUS_CODES[status] ?? 'Server Error', detail: 'Injected fault' },
					req,
				);
			}
			case 'rate-limit': {
				const retryAfterMs = (fault.retryAfterSeconds ?? 1) * 1000 * clock.timeScale;
				const limit = limiter.ruleFor(req.method, req.path, req.query)?.limit ?? 1;
				return hooks.rateLimited(
					rateInfo({
						limited: true,
						limit,
						remaining: 0,
						used: limit,
						resetMs: retryAfterMs,
						retryAfterMs,
					}),
					req,
				);
			}
			case 'token-expired':
			case 'token-revoked':
				return hooks.authFault
					? hooks.authFault(fault.kind, req)
					: hooks.error(401, { title: 'Unauthorized', detail: 'Injected fault' }, req);
			case 'malformed-json':
				return undefined;
		}
	}

	async function dispatch(
		req: EmulatorRequest,
		entry: LoggedRequest,
	): Promise<EmulatorResponse | 'drop'> {
		if (req.path === '/__admin' || req.path.startsWith('/__admin/')) {
			const match = admin.match(req.method, req.path);
			if (match.kind !== 'found') return jsonResponse404(req.path);
			req.params = match.params;
			return match.route.handler(req);
		}
		definition.state.tick?.(clock.now());
		const match = router.match(req.method, req.path);
		if (match.kind === 'not-found')
			return hooks.error(404, { title: 'Not Found', detail: `No resource at ${req.path}` }, req);
		if (match.kind === 'method-not-allowed') {
			const res = hooks.error(
				405,
				{ title: 'Method Not Allowed', detail: `Use ${match.allowed.join(', ')}` },
				req,
			);
			return { ...res, headers: { ...res.headers, allow: match.allowed.join(', ') } };
		}
		const { route } = match;
		req.params = match.params;
		const fault = faults.pick(req.method, req.path);
		if (fault) {
			entry.outcome = `fault:${fault.kind}`;
			const faulted = await applyFault(fault, req);
			if (faulted !== undefined) return faulted;
		}
		if (route.auth !== false && hooks.authenticate) {
			const result = hooks.authenticate(req);
			if ('status' in result) {
				entry.outcome ??= 'unauthorized';
				return result as EmulatorResponse;
			}
			req.principal = result;
		}
		const decision = limiter.check(
			req.method,
			req.path,
			req.principal?.id ?? req.remoteAddress,
			(rule) => hooks.rateLimitCost?.(req, rule) ?? 1,
			req.query,
		);
		const limitHeaders =
			decision && hooks.rateLimitHeaders ? hooks.rateLimitHeaders(rateInfo(decision)) : {};
		if (decision?.limited) {
			entry.outcome ??= 'rate-limited';
			return hooks.rateLimited(rateInfo(decision), req);
		}
		if (req.bodyError !== undefined && hooks.malformedBody) {
			entry.outcome ??= 'invalid';
			return withHeaders(hooks.malformedBody(req), limitHeaders);
		}
		if (flags.validateRequests && hooks.validateRequest) {
			const rejection = hooks.validateRequest(req, route);
			if (rejection) {
				entry.outcome ??= 'invalid';
				return withHeaders(rejection, limitHeaders);
			}
		}
		let res = withHeaders(await route.handler(req), limitHeaders);
		if (options.validateResponses && hooks.checkResponse) {
			const problems = hooks.checkResponse(req, route, res);
			if (problems.length > 0) {
				res = {
					status: 500,
					body: {
						emulatorSelfCheck: 'response does not match the spec',
						problems,
						response: res.body,
					},
				};
			}
		}
		entry.outcome ??= 'ok';
		entry.handledStatus = res.status;
		// an `after` fault: the request was processed, its effect applied; then the answer is lost or replaced
		const late = faults.pick(req.method, req.path, 'after');
		if (late) {
			entry.outcome = `fault:${late.kind}:after`;
			const faulted = await applyFault(late, req);
			if (faulted !== undefined) return faulted;
		}
		return fault?.kind === 'malformed-json' ? truncate(res) : res;
	}

	function jsonResponse404(path: string): EmulatorResponse {
		return { status: 404, body: { error: `no admin endpoint ${path}` } };
	}

	function withHeaders(res: EmulatorResponse, headers: Record<string, string>): EmulatorResponse {
		return Object.keys(headers).length === 0
			? res
			: { ...res, headers: { ...headers, ...res.headers } };
	}

	async function onRequest(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
		const started = Date.now();
		const origin = `${options.tls ? 'https' : 'http'}://${incoming.headers.host ?? baseUrl.replace(/^https?:\/\//, '')}`;
		const url = new URL(incoming.url ?? '/', origin);
		const raw = await readBody(incoming);
		const media = parseMediaType(incoming.headers['content-type']);
		const contentType = media?.type;
		const parsed = parseBody(raw, contentType, media?.params.boundary);
		const req: EmulatorRequest = {
			id: nextRequestId++,
			method: (incoming.method ?? 'GET').toUpperCase(),
			path: decodeURI(url.pathname),
			target: incoming.url ?? '/',
			url,
			query: url.searchParams,
			headers: incoming.headers,
			rawBody: raw,
			body: parsed.body,
			bodyError: parsed.error,
			contentType,
			params: {},
			origin,
			remoteAddress: incoming.socket.remoteAddress ?? 'unknown',
		};
		const isAdmin = req.path.startsWith('/__admin');
		const entry: LoggedRequest = isAdmin ? ({} as LoggedRequest) : log.record(req);
		let res: EmulatorResponse | 'drop';
		try {
			res = await dispatch(req, entry);
		} catch (error) {
			res = hooks.error(
				500,
				{ title: 'Internal Server Error', detail: `emulator error: ${(error as Error).message}` },
				req,
			);
			entry.outcome = 'emulator-error';
		}
		entry.durationMs = Date.now() - started;
		if (res === 'drop') {
			entry.status = 0;
			incoming.socket.destroy();
			return;
		}
		entry.status = res.status;
		const { payload, contentType: type } = serialize(res);
		const headers: Record<string, string | number | string[]> = { ...res.headers };
		if (payload !== undefined) {
			headers['content-type'] = type ?? 'application/json';
			headers['content-length'] = payload.length;
		}
		outgoing.writeHead(res.status, headers);
		outgoing.end(res.status === 204 || res.status === 304 ? undefined : payload);
	}

	const listener = (incoming: IncomingMessage, outgoing: ServerResponse) => {
		onRequest(incoming, outgoing).catch((error: unknown) => {
			if (!outgoing.headersSent) {
				outgoing.writeHead(500, { 'content-type': 'application/json' });
				outgoing.end(JSON.stringify({ error: (error as Error).message }));
			} else {
				outgoing.destroy();
			}
		});
	};
	const server = options.tls
		? https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener)
		: http.createServer(listener);
	// like the load balancers in front of the real APIs: idle connections stay open for a minute. Node's default (5 s)
	// equals the idle timeout of Node's own keep-alive agent, so a client would now and then send a request on a
	// connection the server is closing at that moment (ECONNRESET), which no real marketplace does that often.
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as { port: number }).port;
	const urlHost = host.includes(':') ? `[${host}]` : host;
	baseUrl = `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`;
	definition.state.reset({ empty: false });
	return {
		name: definition.name,
		url: baseUrl,
		port,
		clock,
		definition,
		async stop() {
			await webhooks.settled();
			for (const release of [...hung]) release();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}
