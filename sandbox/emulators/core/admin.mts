import { attempt } from './attempt.mts';
import type { EmulatedClock } from './clock.mts';
import { FaultConfigError, type FaultInjector, type FaultRuleInput } from './faults.mts';
import { jsonResponse, type EmulatorResponse } from './http.mts';
import { RateLimitConfigError, validateProfile, type RateLimiter } from './rate-limit.mts';
import type { RequestLog } from './request-log.mts';
import { Router } from './router.mts';
import { SeedError, type ServiceDefinition, type SettingValue } from './service.mts';
import type { WebhookDispatcher } from './webhooks.mts';

export interface AdminRuntime {
	definition: ServiceDefinition;
	clock: EmulatedClock;
	faults: FaultInjector;
	limiter: RateLimiter;
	log: RequestLog;
	webhooks: WebhookDispatcher;
	flags: { validateRequests: boolean };
}

const ok = (body: unknown, status = 200): EmulatorResponse => jsonResponse(status, body);
const bad = (message: string, status = 400): EmulatorResponse =>
	jsonResponse(status, { error: message });

/** Runs an admin action; a configuration error of one of `kinds` becomes a 400 with its message. */
function configured(
	action: () => EmulatorResponse,
	...kinds: Array<new (...args: never[]) => Error>
): EmulatorResponse {
	const result = attempt(action);
	if (result.ok) return result.value;
	if (kinds.some((kind) => result.error instanceof kind))
		return bad((result.error as Error).message);
	throw result.error;
}

function asObject(body: unknown): Record<string, unknown> {
	return typeof body === 'object' && body !== null && !Array.isArray(body)
		? (body as Record<string, unknown>)
		: {};
}

function parseDuration(input: Record<string, unknown>): number | undefined {
	const units: Array<[string, number]> = [
		['advanceMs', 1],
		['advanceSeconds', 1000],
		['advanceMinutes', 60_000],
		['advanceHours', 3_600_000],
		['advanceDays', 86_400_000],
	];
	let total: number | undefined;
	for (const [key, factor] of units) {
		const value = input[key];
		if (value === undefined) continue;
		if (typeof value !== 'number' || !Number.isFinite(value))
			throw new RangeError(`${key} must be a number`);
		total = (total ?? 0) + value * factor;
	}
	return total;
}

function patchSettings(
	settings: Record<string, SettingValue>,
	patch: Record<string, unknown>,
): string | undefined {
	for (const [key, value] of Object.entries(patch)) {
		if (!(key in settings))
			return `unknown setting ${key}; known: ${Object.keys(settings).join(', ')}`;
		if (typeof value !== typeof settings[key])
			return `setting ${key} must be a ${typeof settings[key]}`;
	}
	Object.assign(settings, patch);
	return undefined;
}

/** The admin API every service serves under `/__admin/` (no auth, no faults, no rate limits). */
export function createAdminRouter(rt: AdminRuntime): Router {
	const { definition, clock, faults, limiter, log, webhooks, flags } = rt;
	const state = definition.state;
	const initial = {
		settings: { ...state.settings },
		validateRequests: flags.validateRequests,
		rateLimits: limiter.enabled,
	};
	const config = () => ({
		validateRequests: flags.validateRequests,
		rateLimits: limiter.enabled,
		...state.settings,
	});
	return new Router([
		{
			method: 'GET',
			path: '/__admin',
			handler: () =>
				ok({
					service: definition.name,
					endpoints: [
						'GET state',
						'POST seed',
						'GET|POST|DELETE faults',
						'DELETE faults/{id}',
						'POST reset',
						'GET|DELETE requests',
						'GET|POST clock',
						'GET|PUT rate-limits',
						'POST rate-limits/reset',
						'GET|PATCH config',
						'GET webhooks',
					],
				}),
		},
		{
			method: 'GET',
			path: '/__admin/state',
			handler: () =>
				ok({
					service: definition.name,
					clock: clock.snapshot(),
					info: definition.info(),
					config: config(),
					faults: faults.list(),
					state: state.snapshot(),
				}),
		},
		{
			method: 'POST',
			path: '/__admin/seed',
			handler: (req) => configured(() => ok({ seeded: state.seed(req.body ?? {}) }), SeedError),
		},
		{ method: 'GET', path: '/__admin/faults', handler: () => ok({ faults: faults.list() }) },
		{
			method: 'POST',
			path: '/__admin/faults',
			handler: (req) => {
				const body = asObject(req.body);
				const inputs = (Array.isArray(body.faults) ? body.faults : [req.body]) as FaultRuleInput[];
				return configured(
					() => ok({ faults: inputs.map((input) => faults.add(input)) }, 201),
					FaultConfigError,
				);
			},
		},
		{
			method: 'DELETE',
			path: '/__admin/faults',
			handler: () => {
				faults.clear();
				return ok({ faults: [] });
			},
		},
		{
			method: 'DELETE',
			path: '/__admin/faults/:id',
			handler: (req) =>
				faults.remove(req.params.id as string)
					? ok({ removed: req.params.id })
					: bad('no such fault', 404),
		},
		{
			method: 'POST',
			path: '/__admin/reset',
			handler: (req) => {
				Object.assign(state.settings, initial.settings);
				flags.validateRequests = initial.validateRequests;
				limiter.enabled = initial.rateLimits;
				state.reset({ empty: asObject(req.body).empty === true });
				faults.clear();
				log.clear();
				webhooks.clear();
				limiter.restoreDefault();
				return ok({ reset: true, clock: clock.snapshot() });
			},
		},
		{
			method: 'GET',
			path: '/__admin/requests',
			handler: (req) => {
				const limit = req.query.get('limit');
				return ok({
					requests: log.list({
						method: req.query.get('method') ?? undefined,
						path: req.query.get('path') ?? undefined,
						limit: limit === null ? undefined : Number(limit),
					}),
				});
			},
		},
		{
			method: 'DELETE',
			path: '/__admin/requests',
			handler: () => {
				log.clear();
				return ok({ requests: [] });
			},
		},
		{ method: 'GET', path: '/__admin/clock', handler: () => ok(clock.snapshot()) },
		{
			method: 'POST',
			path: '/__admin/clock',
			handler: (req) => {
				const body = asObject(req.body);
				return configured(() => {
					if (typeof body.set === 'string' || typeof body.set === 'number') {
						const at = typeof body.set === 'number' ? body.set : Date.parse(body.set);
						if (Number.isNaN(at)) return bad('set must be an ISO date-time or epoch milliseconds');
						clock.set(at);
					}
					const advance = parseDuration(body);
					if (advance !== undefined) clock.advance(advance);
					if (body.timeScale !== undefined) clock.setTimeScale(Number(body.timeScale));
					state.tick?.(clock.now());
					return ok(clock.snapshot());
				}, RangeError);
			},
		},
		{
			method: 'GET',
			path: '/__admin/rate-limits',
			handler: () => ok({ enabled: limiter.enabled, profile: limiter.getProfile() }),
		},
		{
			method: 'PUT',
			path: '/__admin/rate-limits',
			handler: (req) => {
				const body = asObject(req.body);
				return configured(() => {
					if (body.profile !== undefined) limiter.setProfile(validateProfile(body.profile));
					if (body.default === true) limiter.restoreDefault();
					if (typeof body.enabled === 'boolean') limiter.enabled = body.enabled;
					return ok({ enabled: limiter.enabled, profile: limiter.getProfile() });
				}, RateLimitConfigError);
			},
		},
		{
			method: 'POST',
			path: '/__admin/rate-limits/reset',
			handler: () => {
				limiter.resetCounters();
				return ok({ reset: true });
			},
		},
		{ method: 'GET', path: '/__admin/config', handler: () => ok(config()) },
		{
			method: 'PATCH',
			path: '/__admin/config',
			handler: (req) => {
				const { validateRequests, rateLimits, ...rest } = asObject(req.body);
				if (validateRequests !== undefined && typeof validateRequests !== 'boolean')
					return bad('validateRequests must be a boolean');
				if (rateLimits !== undefined && typeof rateLimits !== 'boolean')
					return bad('rateLimits must be a boolean');
				const problem = patchSettings(state.settings, rest);
				if (problem) return bad(problem);
				if (typeof validateRequests === 'boolean') flags.validateRequests = validateRequests;
				if (typeof rateLimits === 'boolean') limiter.enabled = rateLimits;
				return ok(config());
			},
		},
		{
			method: 'GET',
			path: '/__admin/webhooks',
			handler: () => ok({ deliveries: webhooks.list() }),
		},
	]);
}
