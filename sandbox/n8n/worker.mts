/**
 * `n8n worker` (queue mode) as a child process in its own process group: it takes executions from the Redis queue
 * of its main. Each worker has its own user folder with the package installed (as a separate container would), the
 * main's database, Redis and encryption key, its own task-runner broker port and a health endpoint on a free port.
 */
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { killGroup, spawnGroup, tail } from './process.mts';
import type { N8nRuntime } from './runtime.mts';
import type { SecretRedactor } from './secrets.mts';
import { settlesWithin, waitFor } from './timers.mts';

export interface WorkerStartOptions {
	runtime: N8nRuntime;
	/** The full environment (queue mode, database, Redis, this worker's user folder and health port). */
	env: Record<string, string>;
	userFolder: string;
	healthPort: number;
	redactor: SecretRedactor;
	name: string;
	/** `--concurrency`: executions this worker runs at once. Default 10 (n8n's default). */
	concurrency?: number;
	startTimeoutMs?: number;
}

export class N8nWorker {
	readonly name: string;
	readonly logFile: string;
	readonly healthUrl: string;
	private readonly exited: Promise<void>;

	private constructor(
		private readonly child: ChildProcess,
		private readonly options: WorkerStartOptions,
	) {
		this.name = options.name;
		this.logFile = path.join(options.userFolder, 'n8n-worker.log');
		this.healthUrl = `http://127.0.0.1:${options.healthPort}`;
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
	}

	/** Starts `n8n worker` and waits until its health endpoint says it is ready (connected to the DB and Redis). */
	static async start(options: WorkerStartOptions): Promise<N8nWorker> {
		const logFile = path.join(options.userFolder, 'n8n-worker.log');
		const log = createWriteStream(logFile, { flags: 'a', mode: 0o600 });
		const child = spawnGroup(
			options.runtime.nodeBin,
			[options.runtime.n8nBin, 'worker', `--concurrency=${options.concurrency ?? 10}`],
			{ cwd: options.userFolder, env: options.env },
		);
		child.once('exit', () => log.end());
		child.stdout?.pipe(log, { end: false });
		child.stderr?.pipe(log, { end: false });
		const worker = new N8nWorker(child, options);
		try {
			await waitFor(
				`${options.name} /healthz/readiness`,
				async () => {
					if (!worker.isRunning)
						throw new Error(`n8n worker exited early (code ${String(child.exitCode)})`);
					const response = await fetch(`${worker.healthUrl}/healthz/readiness`, {
						signal: AbortSignal.timeout(5_000),
					}).catch(() => undefined);
					await response?.body?.cancel();
					if (!response?.ok) return undefined;
					// ready to take jobs once it says so (the health server answers a little earlier)
					return (await worker.log()).includes('n8n worker is now ready') ? true : undefined;
				},
				options.startTimeoutMs ?? 180_000,
				500,
			);
		} catch (error) {
			const logTail = await worker.logTail();
			await worker.stop();
			throw new Error(
				`${options.name} did not start: ${(error as Error).message}\n--- worker log (tail) ---\n${logTail}`,
			);
		}
		return worker;
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get isRunning(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** The whole worker log, secrets redacted. */
	async log(): Promise<string> {
		return this.options.redactor.redact(await readFile(this.logFile, 'utf8').catch(() => ''));
	}

	async logTail(lines = 60): Promise<string> {
		return tail(await this.log(), lines);
	}

	/** Ids of the executions this worker finished (from its log: `Worker finished execution <id> (job <n>)`). */
	async finishedExecutions(): Promise<string[]> {
		return [...(await this.log()).matchAll(/Worker finished execution (\d+)/g)].map(
			(match) => match[1],
		);
	}

	/** Ids of the executions this worker started (`Worker started execution <id> (job <n>)`). */
	async startedExecutions(): Promise<string[]> {
		return [...(await this.log()).matchAll(/Worker started execution (\d+)/g)].map(
			(match) => match[1],
		);
	}

	/** SIGTERM to the group (n8n lets running executions finish), SIGKILL after `graceMs`. */
	async stop(graceMs = 20_000): Promise<void> {
		if (this.isRunning) {
			killGroup(this.child, 'SIGTERM');
			if (!(await settlesWithin(this.exited, graceMs))) {
				killGroup(this.child, 'SIGKILL');
				await this.exited;
			}
		}
		killGroup(this.child, 'SIGKILL');
	}

	/** SIGKILL now: a worker that crashes or whose machine goes away, mid-execution. */
	async kill(): Promise<void> {
		killGroup(this.child, 'SIGKILL');
		await this.exited;
	}
}
