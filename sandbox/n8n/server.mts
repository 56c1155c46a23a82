/**
 * `n8n start` as a child process in its own process group, plus a REST client logged in as the owner.
 * Every started server is stopped when the parent process exits, whatever the path to the exit.
 */
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';

import { parseFlatted } from './execution.mts';
import { killGroup, spawnGroup, tail } from './process.mts';
import type { N8nRuntime } from './runtime.mts';
import type { SecretRedactor } from './secrets.mts';
import { settlesWithin, waitFor } from './timers.mts';
import type {
	CredentialImport,
	CredentialTestResult,
	CredentialTypeDescription,
	ExecutionSummary,
	NodeTypeDescription,
	RunExecutionData,
	WorkflowJson,
} from './types.mts';

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

/** Sandbox-only login of the local, loopback-only n8n (documented in the sandbox output; not a real account). */
export const SANDBOX_OWNER: OwnerAccount = {
	email: 'owner@sandbox.n8n-nodes-marketplace-sync.dev',
	password: 'Sandbox-Owner-2026',
	firstName: 'Sandbox',
	lastName: 'Owner',
};

export interface ServerStartOptions {
	runtime: N8nRuntime;
	env: Record<string, string>;
	userFolder: string;
	port: number;
	redactor: SecretRedactor;
	owner?: OwnerAccount;
	startTimeoutMs?: number;
}

export class N8nRequestError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly body: unknown,
	) {
		super(message);
	}
}

const PID_FILE = 'n8n-server.pid';

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Makes sure no n8n server still uses `userFolder`: a server left behind by a parent that died without cleaning up
 * is killed (its process group); a server whose parent is still running is someone else's, so this throws.
 * The pid file holds `<n8n pid> <parent pid>`.
 */
export async function reclaimUserFolder(userFolder: string): Promise<void> {
	const pidFile = path.join(userFolder, PID_FILE);
	const [pid, parentPid] = (await readFile(pidFile, 'utf8').catch(() => ''))
		.trim()
		.split(/\s+/)
		.map(Number);
	if (Number.isInteger(pid) && pid > 0) {
		const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
		if (cmdline.includes('n8n') && cmdline.includes('start')) {
			if (Number.isInteger(parentPid) && parentPid !== process.pid && isAlive(parentPid)) {
				throw new Error(
					`${userFolder} is in use by a running n8n (pid ${pid}, started by pid ${parentPid}); stop that first`,
				);
			}
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// already gone
			}
			await waitFor(
				`the stale n8n (pid ${pid}) to exit`,
				async () => (isAlive(pid) ? undefined : true),
				10_000,
				100,
			);
		}
	}
	await rm(pidFile, { force: true });
}

export class N8nServer {
	readonly url: string;
	readonly owner: OwnerAccount;
	readonly logFile: string;
	private cookie = '';
	private exited: Promise<void>;

	private constructor(
		private readonly child: ChildProcess,
		private readonly options: ServerStartOptions,
	) {
		this.url = `http://127.0.0.1:${options.port}`;
		this.owner = options.owner ?? SANDBOX_OWNER;
		this.logFile = path.join(options.userFolder, 'n8n-server.log');
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
	}

	/** Starts `n8n start`, waits until it is ready, creates the owner (or logs in) and returns the server. */
	static async start(options: ServerStartOptions): Promise<N8nServer> {
		const logFile = path.join(options.userFolder, 'n8n-server.log');
		const log = createWriteStream(logFile, { flags: 'a', mode: 0o600 });
		const child = spawnGroup(options.runtime.nodeBin, [options.runtime.n8nBin, 'start'], {
			cwd: options.userFolder,
			env: options.env,
		});
		child.once('exit', () => log.end());
		child.stdout?.pipe(log, { end: false });
		child.stderr?.pipe(log, { end: false });
		if (child.pid !== undefined) {
			await writeFile(path.join(options.userFolder, PID_FILE), `${child.pid} ${process.pid}`);
		}
		const server = new N8nServer(child, options);
		try {
			await server.waitUntilReady(options.startTimeoutMs ?? 180_000);
			await server.signIn();
		} catch (error) {
			const logTail = await server.logTail();
			await server.stop();
			throw new Error(
				`n8n did not start: ${(error as Error).message}\n--- n8n log (tail) ---\n${logTail}`,
			);
		}
		return server;
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get isRunning(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** The last lines of the server log, secrets redacted. */
	async logTail(lines = 60): Promise<string> {
		const text = await readFile(this.logFile, 'utf8').catch(() => '');
		return this.options.redactor.redact(tail(text, lines));
	}

	private async waitUntilReady(timeoutMs: number): Promise<void> {
		await waitFor(
			'/healthz/readiness',
			async () => {
				if (!this.isRunning) {
					throw new Error(`n8n exited early (code ${String(this.child.exitCode)})`);
				}
				const response = await fetch(`${this.url}/healthz/readiness`, {
					signal: AbortSignal.timeout(5_000),
				}).catch(() => undefined);
				await response?.body?.cancel();
				return response?.ok ? true : undefined;
			},
			timeoutMs,
			500,
		);
	}

	private async signIn(): Promise<void> {
		const { email, password, firstName, lastName } = this.owner;
		const setup = await this.send('POST', '/rest/owner/setup', {
			email,
			password,
			firstName,
			lastName,
		});
		await setup.body?.cancel();
		if (setup.ok) return;
		// an existing user folder: the owner exists already
		const login = await this.send('POST', '/rest/login', { emailOrLdapLoginId: email, password });
		await login.body?.cancel();
		if (!login.ok) {
			throw new Error(`owner setup answered ${setup.status} and login answered ${login.status}`);
		}
	}

	private async send(method: string, urlPath: string, body?: unknown): Promise<Response> {
		const headers: Record<string, string> = {
			accept: 'application/json',
			'browser-id': 'mps-harness',
		};
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = this.cookie;
		const response = await fetch(`${this.url}${urlPath}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const authCookie = response.headers
			.getSetCookie()
			.map((cookie) => cookie.split(';')[0])
			.find((cookie) => cookie.startsWith('n8n-auth='));
		if (authCookie) this.cookie = authCookie;
		return response;
	}

	/** A REST call as the owner; returns the body's `data` (n8n wraps REST answers in `{ data }`). */
	async rest<T>(method: string, urlPath: string, body?: unknown): Promise<T> {
		const response = await this.send(method, urlPath, body);
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? (JSON.parse(text) as unknown) : undefined;
		} catch {
			// not JSON: keep the text
		}
		if (!response.ok) {
			const message =
				parsed && typeof parsed === 'object' && 'message' in parsed ? String(parsed.message) : text;
			throw new N8nRequestError(
				this.options.redactor.redact(`${method} ${urlPath} -> ${response.status}: ${message}`),
				response.status,
				parsed,
			);
		}
		if (parsed && typeof parsed === 'object' && 'data' in parsed && urlPath.startsWith('/rest/')) {
			return parsed.data as T;
		}
		return parsed as T;
	}

	/** Every node type n8n registered (what the editor loads). */
	async nodeTypes(): Promise<NodeTypeDescription[]> {
		return await this.rest<NodeTypeDescription[]>('GET', '/types/nodes.json');
	}

	/** Every credential type n8n registered. */
	async credentialTypes(): Promise<CredentialTypeDescription[]> {
		return await this.rest<CredentialTypeDescription[]>('GET', '/types/credentials.json');
	}

	/** Creates a credential through the REST API (as the editor does); returns its id. */
	async createCredential(credential: Omit<CredentialImport, 'id'>): Promise<string> {
		this.options.redactor.addCredentialData(credential.data);
		const created = await this.rest<{ id: string }>('POST', '/rest/credentials', credential);
		return created.id;
	}

	/** A stored credential; with `includeData`, its data with secret fields blanked by n8n. */
	async getCredential(
		id: string,
		includeData = false,
	): Promise<{ id: string; name: string; type: string; data?: Record<string, unknown> }> {
		return await this.rest(
			'GET',
			`/rest/credentials/${id}${includeData ? '?includeData=true' : ''}`,
		);
	}

	/**
	 * Tests a stored credential the way the editor's credential modal does: it loads the credential (secrets come
	 * back blanked), applies the edits made in the form (`changes`), and posts it to `POST /rest/credentials/test`,
	 * where n8n restores the blanked secrets from the database and runs the credential type's `test` request.
	 */
	async testCredential(
		id: string,
		changes: Record<string, unknown> = {},
	): Promise<CredentialTestResult> {
		this.options.redactor.addCredentialData(changes);
		const stored = await this.getCredential(id, true);
		return await this.rest<CredentialTestResult>('POST', '/rest/credentials/test', {
			credentials: {
				id,
				name: stored.name,
				type: stored.type,
				data: { ...stored.data, ...changes },
			},
		});
	}

	async getWorkflow(
		id: string,
	): Promise<WorkflowJson & { id: string; versionId: string; active: boolean }> {
		return await this.rest('GET', `/rest/workflows/${id}`);
	}

	/** Publishes (activates) the current version of a workflow: its triggers start running. */
	async activateWorkflow(id: string): Promise<void> {
		const workflow = await this.getWorkflow(id);
		await this.rest('POST', `/rest/workflows/${id}/activate`, { versionId: workflow.versionId });
	}

	async deactivateWorkflow(id: string): Promise<void> {
		await this.rest('POST', `/rest/workflows/${id}/deactivate`, {});
	}

	/** Newest first. */
	async listExecutions(
		filter: { workflowId?: string; status?: string[] } = {},
		limit = 100,
	): Promise<ExecutionSummary[]> {
		const query = new URLSearchParams({ limit: String(limit), filter: JSON.stringify(filter) });
		const page = await this.rest<{ results: ExecutionSummary[] }>(
			'GET',
			`/rest/executions?${query}`,
		);
		return page.results;
	}

	/** One execution with its run data decoded. */
	async getExecution(id: string): Promise<ExecutionSummary & { data: RunExecutionData }> {
		const raw = await this.rest<ExecutionSummary & { data: string }>(
			'GET',
			`/rest/executions/${id}`,
		);
		return { ...raw, data: parseFlatted(this.options.runtime, raw.data) };
	}

	/** Stops n8n (SIGTERM to its process group, SIGKILL after `graceMs`) and waits until it is gone. */
	async stop(graceMs = 20_000): Promise<void> {
		if (this.isRunning) {
			killGroup(this.child, 'SIGTERM');
			if (!(await settlesWithin(this.exited, graceMs))) {
				killGroup(this.child, 'SIGKILL');
				await this.exited;
			}
		}
		// the task runner and any other member of the group
		killGroup(this.child, 'SIGKILL');
		await rm(path.join(this.options.userFolder, PID_FILE), { force: true });
	}
}
