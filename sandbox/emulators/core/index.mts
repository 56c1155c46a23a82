export { EmulatedClock, type ClockOptions, type ClockSnapshot } from './clock.mts';
export {
	FAULT_KINDS,
	FaultInjector,
	type FaultKind,
	type FaultRule,
	type FaultRuleInput,
} from './faults.mts';
export * from './http.mts';
export {
	OpenApiValidator,
	instancePathToName,
	type OpenApiOperation,
	type SpecViolation,
} from './openapi.mts';
export { Random } from './random.mts';
export {
	RateLimiter,
	validateProfile,
	type RateLimitDecision,
	type RateLimitProfile,
	type RateLimitRule,
} from './rate-limit.mts';
export {
	REDACTED,
	RequestLog,
	redactHeaders,
	redactValue,
	type LoggedRequest,
} from './request-log.mts';
export { Router, type HttpMethod, type RouteDefinition, type RouteMatch } from './router.mts';
export {
	assertLoopback,
	startService,
	type RunningService,
	type StartServiceOptions,
} from './server.mts';
export {
	SeedError,
	type RateLimitInfo,
	type ServiceContext,
	type ServiceDefinition,
	type ServiceError,
	type ServiceFactory,
	type ServiceHooks,
	type ServiceState,
	type SettingValue,
} from './service.mts';
export { WebhookDispatcher, hmacBase64, isLoopbackUrl, type WebhookDelivery } from './webhooks.mts';
