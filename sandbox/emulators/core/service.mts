import type { EmulatedClock } from './clock.mts';
import type { EmulatorRequest, EmulatorResponse, Principal } from './http.mts';
import type { RateLimitDecision, RateLimitProfile, RateLimitRule } from './rate-limit.mts';
import type { RouteDefinition } from './router.mts';
import type { WebhookDispatcher } from './webhooks.mts';

/** What a service module hands the core. See README "Adding a service". */
export interface ServiceDefinition {
	/** Short name: `bol`, `shopify`, ... */
	name: string;
	routes: RouteDefinition[];
	/** The documented per-endpoint limits (changeable at runtime via `/__admin/rate-limits`). */
	rateLimitProfile: RateLimitProfile;
	hooks: ServiceHooks;
	state: ServiceState;
	/** Public facts for people and the CLI (credentials, base paths). */
	info(): Record<string, unknown>;
}

/** An error in the service's own wording; `hooks.error` turns it into the service's error body. */
export interface ServiceError {
	title: string;
	detail?: string;
	/** Machine code where the service has one (WooCommerce `code`). */
	code?: string;
	violations?: Array<{ name: string; reason: string }>;
}

export interface ServiceHooks {
	/** The service's error body for a status (bol Problem, WooCommerce `{code,message,data}`, ...). */
	error(status: number, error: ServiceError, req?: EmulatorRequest): EmulatorResponse;
	/** Establishes the caller; return a response (usually 401) to reject. Runs for routes with `auth !== false`. */
	authenticate?(req: EmulatorRequest): Principal | EmulatorResponse;
	/** Faults `token-expired` / `token-revoked`: revoke if asked and answer as the service does to a dead credential. */
	authFault?(kind: 'token-expired' | 'token-revoked', req: EmulatorRequest): EmulatorResponse;
	/** Headers sent on every rate-limited route's response (bol `x-ratelimit-*`, Shopify call limit). */
	rateLimitHeaders?(decision: RateLimitInfo): Record<string, string>;
	/**
	 * What a request costs under a rule that counts another unit than requests (`rule.unit`, e.g. Zalando's stock
	 * `items`). Runs before validation, on the parsed body.
	 */
	rateLimitCost?(req: EmulatorRequest, rule: RateLimitRule): number;
	/** The 429 in the service's words and headers. */
	rateLimited(decision: RateLimitInfo, req: EmulatorRequest): EmulatorResponse;
	/** Request checks before the handler (OpenAPI validation, media types); return a response to reject. */
	validateRequest?(req: EmulatorRequest, route: RouteDefinition): EmulatorResponse | undefined;
	/** Self-check of a response against the spec when `validateResponses` is on: problems found (empty = fine). */
	checkResponse?(req: EmulatorRequest, route: RouteDefinition, res: EmulatorResponse): string[];
	/** A request body that could not be parsed. */
	malformedBody?(req: EmulatorRequest): EmulatorResponse;
}

/** Rate-limit facts with times in emulated ms; `realSeconds` converts for headers. */
export interface RateLimitInfo extends Omit<RateLimitDecision, 'rule'> {
	rule?: RateLimitDecision['rule'];
	realSeconds(emulatedMs: number): number;
}

export type SettingValue = number | boolean | string;

export interface ServiceState {
	/** JSON view of the whole state (`GET /__admin/state`). */
	snapshot(): unknown;
	/** Back to the state at start (re-seeded from the start-up seed), or empty. */
	reset(options: { empty: boolean }): void;
	/** `POST /__admin/seed`; throw `SeedError` for a bad request. Returns a summary. */
	seed(input: unknown): unknown;
	/** Called before each request with the emulated time: settle due asynchronous work. */
	tick?(now: number): void;
	/** Tunables (`GET/PATCH /__admin/config`): only existing keys, same type. */
	settings: Record<string, SettingValue>;
}

/**
 * A service's admin snapshot, checked when it compiles against the state type clients read (`<service>/state.mts`):
 * `snapshot: () => snapshotOf<WooState>()({ ... })`. The snapshot may hold more than the type names, never less or
 * differently shaped, so the tests' and the demo's view of an emulator cannot drift from the emulator.
 */
export const snapshotOf =
	<Shape,>() =>
	<T extends Shape>(snapshot: T): T =>
		snapshot;

export class SeedError extends Error {}

export interface ServiceContext {
	clock: EmulatedClock;
	/** The service's own base URL (`http://127.0.0.1:port`). */
	url(): string;
	webhooks: WebhookDispatcher;
	/** The start-up seed (undefined = start empty); `state.reset` re-creates the seeded data from it. */
	seed?: number;
}

export type ServiceFactory = (ctx: ServiceContext) => ServiceDefinition;
