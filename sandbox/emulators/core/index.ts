export { EmulatedClock, type ClockOptions, type ClockSnapshot } from './clock';
export {
	FAULT_KINDS,
	FaultInjector,
	type FaultKind,
	type FaultRule,
	type FaultRuleInput,
} from './faults';
export * from './http';
export {
	OpenApiValidator,
	instancePathToName,
	type OpenApiOperation,
	type SpecViolation,
} from './openapi';
export { Random } from './random';
export {
	RateLimiter,
	validateProfile,
	type RateLimitDecision,
	type RateLimitProfile,
	type RateLimitRule,
} from './rate-limit';
export {
	REDACTED,
	RequestLog,
	redactHeaders,
	redactValue,
	type LoggedRequest,
} from './request-log';
export { Router, type HttpMethod, type RouteDefinition, type RouteMatch } from './router';
export {
	assertLoopback,
	startService,
	type RunningService,
	type StartServiceOptions,
} from './server';
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
} from './service';
export { WebhookDispatcher, hmacBase64, isLoopbackUrl, type WebhookDelivery } from './webhooks';
