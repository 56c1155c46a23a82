/**
 * The real-n8n harness: a pinned n8n (scripts/provision-n8n.sh) running this package from an isolated user
 * folder, driven through its CLI and REST API. Used by test/e2e and sandbox/start.mts (npm start). See README.md.
 */
export { availablePort, freePort } from './environment.mts';
export { executionError, nodeItems, nodeJson } from './execution.mts';
export {
	N8nCliError,
	N8nInstance,
	type CliExecution,
	type N8nInstanceOptions,
} from './instance.mts';
export {
	readPackageManifest,
	type PackageCredentialType,
	type PackageManifest,
	type PackageNodeType,
} from './package.mts';
export { REPO_ROOT, resolveN8nRuntime, type N8nRuntime } from './runtime.mts';
export { N8nRequestError, N8nServer, SANDBOX_OWNER, type OwnerAccount } from './server.mts';
export { SecretRedactor } from './secrets.mts';
export {
	postgresBinDir,
	queueModeEnvironment,
	queueServicesAvailable,
	redisServerBin,
	ServiceUnavailableError,
	startPostgres,
	startQueueServices,
	startRedis,
	type PostgresOptions,
	type QueueServices,
	type RunningPostgres,
	type RunningRedis,
} from './services.mts';
export { N8nWorker, type WorkerStartOptions } from './worker.mts';
export { sleep, waitFor } from './timers.mts';
export * from './types.mts';
export {
	BOL_CREDENTIAL_TYPE,
	BOL_NODE,
	MANUAL_TRIGGER,
	bolEmulatorCredential,
	bolOrdersWorkflow,
	bolTriggerWorkflow,
	manualWorkflow,
	packageNode,
	type BolWorkflowOptions,
} from './bol.mts';
export {
	TEMPLATES_DIR,
	TypeRegistry,
	checkWorkflow,
	readTemplates,
	type TemplateFile,
} from './templates.mts';
export {
	DEMO_BOL_WORKFLOW_ID,
	demoSteps,
	runDemo,
	type DemoContext,
	type DemoStep,
	type DemoStepResult,
} from './demo.mts';
export {
	emulatorCredentials,
	emulatorInfo,
	type SandboxCredentials,
} from './emulator-credentials.mts';
export {
	DEMO_LIFECYCLE_WORKFLOW_ID,
	DEMO_NOTIFICATION_EMAIL,
	bolWooLifecycleSteps,
} from './demo-lifecycle.mts';
export {
	adminSeed,
	adminState,
	readTemplate,
	restCall,
	SmtpSink,
	testCopy,
	type Mail,
	type TestCopyOptions,
} from './lifecycle.mts';
