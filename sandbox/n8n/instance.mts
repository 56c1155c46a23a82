/**
 * One isolated n8n: a user folder with this package installed, driven through the n8n CLI
 * (`import:credentials`, `import:workflow`, `execute`, `publish:workflow`) and, once started, through REST.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

import { availablePort, freePort, n8nEnvironment } from './environment.mts';
import { executionError } from './execution.mts';
import { webhookStartPath } from './lifecycle.mts';
import { installPackage, readPackageManifest, type PackageManifest } from './package.mts';
import { parseJsonAfterLogs, runCommand, tail, type CommandResult } from './process.mts';
import { REPO_ROOT, resolveN8nRuntime, type N8nRuntime } from './runtime.mts';
import { SecretRedactor } from './secrets.mts';
import { reclaimUserFolder, N8nServer, type OwnerAccount } from './server.mts';
import { waitFor } from './timers.mts';
import type { CredentialImport, RunResult, WorkflowJson } from './types.mts';
import { N8nWorker } from './worker.mts';

export interface N8nInstanceOptions {
	/** Package to install (its package.json + dist/). Default: this repository. */
	packageDir?: string;
	/** Default: a new temporary folder, deleted by `dispose()`. */
	userFolder?: string;
	/** Wipe `userFolder` first (a fresh n8n database every time). */
	resetUserFolder?: boolean;
	/** Default: random per instance. */
	encryptionKey?: string;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** Extra environment for every n8n process (after the harness's own settings). */
	env?: Record<string, string>;
	/** Time limit of one CLI command. Default 180 s. */
	cliTimeoutMs?: number;
	/** HTTP port of the server. Default: `preferredPort` if it is free, else a free one. */
	port?: number;
	preferredPort?: number;
}

export interface CliExecution {
	workflowId: string;
	exitCode: number | null;
	/** `success`, `error`, ... as reported by n8n. */
	status: string;
	/** The run (`IRun`): `run.data.resultData.runData[<node>]`. */
	run: RunResult;
	/** The error that stopped the execution (`"<node>: <message>"`), if any. */
	error?: string;
	durationMs: number;
}

export class N8nCliError extends Error {
	constructor(
		message: string,
		readonly result: CommandResult,
	) {
		super(message);
	}
}

let importCounter = 0;

export class N8nInstance {
	readonly redactor = new SecretRedactor();
	private server: N8nServer | undefined;
	private readonly workerList: N8nWorker[] = [];
	private workerCount = 0;
	/** Imported test copies that start from a webhook (`testCopy`'s `manualStart`): workflow id -> path. */
	private readonly webhookStarts = new Map<string, string>();
	/** Those already activated on the running server. */
	private readonly activeStarts = new Set<string>();

	private constructor(
		readonly runtime: N8nRuntime,
		readonly manifest: PackageManifest,
		readonly userFolder: string,
		readonly port: number,
		private readonly encryptionKey: string,
		private readonly options: N8nInstanceOptions,
		private readonly ownsUserFolder: boolean,
	) {}

	/** Prepares the user folder and installs the package; nothing runs yet. */
	static async create(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		const runtime = resolveN8nRuntime();
		const manifest = await readPackageManifest(options.packageDir ?? REPO_ROOT);
		const ownsUserFolder = options.userFolder === undefined;
		const userFolder = options.userFolder ?? (await mkdtemp(path.join(os.tmpdir(), 'mps-n8n-')));
		await mkdir(userFolder, { recursive: true });
		await reclaimUserFolder(userFolder);
		if (options.resetUserFolder) {
			await rm(path.join(userFolder, '.n8n'), { recursive: true, force: true });
			await rm(path.join(userFolder, 'files'), { recursive: true, force: true });
		}
		await mkdir(path.join(userFolder, 'files'), { recursive: true });
		await installPackage(userFolder, manifest);
		const port =
			options.port ??
			(options.preferredPort ? await availablePort(options.preferredPort) : await freePort());
		const encryptionKey = options.encryptionKey ?? randomBytes(24).toString('hex');
		return new N8nInstance(
			runtime,
			manifest,
			userFolder,
			port,
			encryptionKey,
			options,
			ownsUserFolder,
		);
	}

	/** Node type of a node of the installed package: `<package name>.<nodeName>`. */
	nodeType(nodeName: string): string {
		return `${this.manifest.name}.${nodeName}`;
	}

	private async environment(
		overrides: { userFolder?: string; extra?: Record<string, string> } = {},
	): Promise<Record<string, string>> {
		return n8nEnvironment({
			runtime: this.runtime,
			userFolder: overrides.userFolder ?? this.userFolder,
			encryptionKey: this.encryptionKey,
			port: this.port,
			brokerPort: await freePort(),
			logLevel: this.options.logLevel ?? 'info',
			extra: { ...this.options.env, ...overrides.extra },
		});
	}

	/** Runs `n8n <args>`; output is redacted. Does not throw on a non-zero exit. */
	async cli(
		args: string[],
		timeoutMs = this.options.cliTimeoutMs ?? 180_000,
	): Promise<CommandResult> {
		return await runCommand(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env: await this.environment(),
			timeoutMs,
			redact: (text) => this.redactor.redact(text),
		});
	}

	private async cliOrThrow(args: string[], expect: RegExp): Promise<CommandResult> {
		const result = await this.cli(args);
		const output = result.stdout + result.stderr;
		if (result.exitCode !== 0 || !expect.test(output)) {
			throw new N8nCliError(
				`n8n ${args[0]} failed (exit ${String(result.exitCode)}):\n${tail(output)}`,
				result,
			);
		}
		return result;
	}

	/** Writes a JSON input file readable only by us, runs `fn` with it and deletes it (it may hold secrets). */
	private async withInputFile<T>(content: unknown, fn: (file: string) => Promise<T>): Promise<T> {
		const file = path.join(this.userFolder, `import-${process.pid}-${++importCounter}.json`);
		await writeFile(file, JSON.stringify(content), { mode: 0o600 });
		try {
			return await fn(file);
		} finally {
			await rm(file, { force: true });
		}
	}

	/** `n8n import:credentials`: plain-text data, encrypted by n8n on import. Ids are kept. */
	async importCredentials(credentials: CredentialImport[]): Promise<void> {
		for (const credential of credentials) this.redactor.addCredentialData(credential.data);
		await this.withInputFile(credentials, async (file) => {
			await this.cliOrThrow(['import:credentials', `--input=${file}`], /Successfully imported/);
		});
	}

	/** `n8n import:workflow` of workflow objects. Ids (16 alphanumerics) are kept. */
	async importWorkflows(workflows: WorkflowJson[]): Promise<void> {
		for (const workflow of workflows) {
			const startPath = webhookStartPath(workflow);
			if (workflow.id && startPath) this.webhookStarts.set(workflow.id, startPath);
		}
		await this.withInputFile(workflows, async (file) => {
			await this.importWorkflowFile(file);
		});
	}

	/** `n8n import:workflow --input=<file>` of a workflow file as shipped (one workflow or an array). */
	async importWorkflowFile(file: string): Promise<void> {
		await this.cliOrThrow(['import:workflow', `--input=${file}`], /Successfully imported/);
	}

	/**
	 * `n8n import:workflow --separate --input=<dir>`: every `*.json` file of the directory as shipped, in one CLI run
	 * (each run starts n8n's CLI, about 10 s).
	 */
	async importWorkflowDirectory(dir: string): Promise<void> {
		await this.cliOrThrow(
			['import:workflow', '--separate', `--input=${dir}`],
			/Successfully imported/,
		);
	}

	/** `n8n publish:workflow`: marks the workflow published in the database (takes effect when n8n starts). */
	async publishWorkflow(workflowId: string, versionId?: string): Promise<void> {
		const args = ['publish:workflow', `--id=${workflowId}`];
		if (versionId) args.push(`--versionId=${versionId}`);
		await this.cliOrThrow(args, /Publishing workflow/);
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`: runs the workflow from its Manual Trigger (or Execute Workflow Trigger)
	 * to the end. Works whether or not the server is running; the execution is stored and listed in the editor.
	 * Resolves for failed executions too (see `status` / `error`); rejects only when there is no result at all.
	 */
	async execute(workflowId: string, timeoutMs?: number): Promise<CliExecution> {
		const startPath = this.webhookStarts.get(workflowId);
		if (startPath && this.server?.isRunning)
			return await this.executeFromWebhook(workflowId, startPath, timeoutMs);
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], timeoutMs);
		let run: RunResult;
		try {
			run = parseJsonAfterLogs(result.stdout) as RunResult;
		} catch {
			throw new N8nCliError(
				`n8n execute --id=${workflowId} printed no execution (exit ${String(result.exitCode)}):\n` +
					tail(result.stdout + result.stderr),
				result,
			);
		}
		if (!run?.data?.resultData?.runData) {
			throw new N8nCliError(`n8n execute --id=${workflowId} printed an unexpected object`, result);
		}
		return {
			workflowId,
			exitCode: result.exitCode,
			status: run.status ?? (result.exitCode === 0 ? 'success' : 'error'),
			run,
			error: executionError(run.data),
			durationMs: result.durationMs,
		};
	}

	/**
	 * Runs a test copy from its start webhook on the running server (see `testCopy`): activated once (only the start:
	 * its other triggers are disabled), called, and its execution read back once it stopped. Same result as the CLI.
	 */
	private async executeFromWebhook(
		workflowId: string,
		startPath: string,
		timeoutMs = 600_000,
	): Promise<CliExecution> {
		const server = this.server!;
		const started = Date.now();
		if (!this.activeStarts.has(workflowId)) {
			await server.activateWorkflow(workflowId);
			this.activeStarts.add(workflowId);
		}
		const newest = async () => (await server.listExecutions({ workflowId }, 1)).at(0);
		const before = Number((await newest())?.id ?? 0);
		// activation registers the webhook shortly after it answers: a 404 "not registered" is asked again
		const call = async () => {
			const response = await fetch(`${server.url}/webhook/${startPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{}',
			});
			return { status: response.status, answer: await response.text() };
		};
		const { status, answer } = await waitFor(
			`the start webhook of ${workflowId}`,
			async () => {
				const result = await call();
				return result.status === 404 ? undefined : result;
			},
			30_000,
			500,
		).catch(async () => await call());
		if (status >= 300)
			throw new Error(`the start webhook of ${workflowId} answered ${status}: ${answer}`);
		const finished = await waitFor(
			`the execution of ${workflowId} started by its webhook`,
			async () => {
				const execution = await newest();
				return execution && Number(execution.id) > before && execution.stoppedAt
					? execution
					: undefined;
			},
			timeoutMs,
			250,
		);
		const execution = await server.getExecution(finished.id);
		return {
			workflowId,
			exitCode: execution.status === 'success' ? 0 : 1,
			status: execution.status,
			run: { data: execution.data, mode: execution.mode, status: execution.status },
			error: executionError(execution.data),
			durationMs: Date.now() - started,
		};
	}

	/** Starts `n8n start` on `this.port` and signs in as the owner. One server per instance. */
	async start(options: { owner?: OwnerAccount; startTimeoutMs?: number } = {}): Promise<N8nServer> {
		if (this.server?.isRunning) throw new Error('this n8n instance is already running');
		this.server = await N8nServer.start({
			runtime: this.runtime,
			env: await this.environment(),
			userFolder: this.userFolder,
			port: this.port,
			redactor: this.redactor,
			...options,
		});
		return this.server;
	}

	/** Whether this instance runs in queue mode (`EXECUTIONS_MODE=queue` in `env`, see `startQueueServices`). */
	get queueMode(): boolean {
		return this.options.env?.EXECUTIONS_MODE === 'queue';
	}

	/** The workers started so far (running or not). */
	get workers(): readonly N8nWorker[] {
		return this.workerList;
	}

	/**
	 * Queue mode only: starts an `n8n worker` for this instance's database and Redis (`env`), with the same
	 * encryption key, in its own user folder (`<userFolder>/workers/<n>`) with the package installed, and waits until
	 * it takes jobs. `dispose()` stops it.
	 */
	async startWorker(
		options: { concurrency?: number; startTimeoutMs?: number } = {},
	): Promise<N8nWorker> {
		if (!this.queueMode)
			throw new Error('startWorker: the instance was not created with a queue-mode env');
		const name = `worker-${++this.workerCount}`;
		const userFolder = path.join(this.userFolder, 'workers', name);
		await rm(userFolder, { recursive: true, force: true });
		await mkdir(path.join(userFolder, 'files'), { recursive: true });
		await installPackage(userFolder, this.manifest);
		const healthPort = await freePort();
		const worker = await N8nWorker.start({
			runtime: this.runtime,
			env: await this.environment({
				userFolder,
				extra: {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				},
			}),
			userFolder,
			healthPort,
			redactor: this.redactor,
			name,
			...options,
		});
		this.workerList.push(worker);
		return worker;
	}

	/** Stops the server and the workers if they run and deletes the user folder if the instance created it. */
	async dispose(options: { keepUserFolder?: boolean } = {}): Promise<void> {
		await this.server?.stop();
		this.server = undefined;
		await Promise.all(this.workerList.map(async (worker) => await worker.stop()));
		if (this.ownsUserFolder && !options.keepUserFolder) {
			await rm(this.userFolder, { recursive: true, force: true });
		}
	}
}
