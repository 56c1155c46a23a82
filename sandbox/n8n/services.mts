/**
 * PostgreSQL and Redis for n8n's queue mode, from the Debian packages (`postgresql`, `redis-server`; installed by
 * `.ci/run` / `scripts/provision-services.sh`). Each is started by the harness on loopback, on a free port, with its
 * data in a new temporary folder, and stopped (and the folder removed) by `stop()` or when this process exits. The
 * system services are never used or touched. PostgreSQL runs as the `postgres` user when the harness runs as root
 * (it refuses to run as root); it trusts loopback connections (a throwaway database that only this machine can reach).
 */
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

import { freePort } from './environment.mts';
import { killGroup, runCommand, spawnGroup, tail } from './process.mts';
import { settlesWithin, waitFor } from './timers.mts';

export class ServiceUnavailableError extends Error {}

const INSTALL_HINT =
	'install the Debian packages: apt-get install -y postgresql redis-server (or run bash scripts/provision-services.sh)';

/** The folder of PostgreSQL's server binaries (`initdb`, `postgres`, `pg_ctl`): `$MPS_PG_BINDIR`, else the newest `/usr/lib/postgresql/<v>/bin`. */
export function postgresBinDir(): string {
	const fromEnv = process.env.MPS_PG_BINDIR;
	if (fromEnv && existsSync(path.join(fromEnv, 'postgres'))) return fromEnv;
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((name) => existsSync(path.join(root, name, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0)
		throw new ServiceUnavailableError(`PostgreSQL server binaries not found: ${INSTALL_HINT}`);
	return path.join(root, versions[0], 'bin');
}

/** The `redis-server` binary: `$MPS_REDIS_SERVER`, else the first one on PATH or in /usr/bin. */
export function redisServerBin(): string {
	const candidates = [
		process.env.MPS_REDIS_SERVER,
		...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'redis-server')),
		'/usr/bin/redis-server',
	];
	const found = candidates.find((candidate) => candidate && existsSync(candidate));
	if (!found) throw new ServiceUnavailableError(`redis-server not found: ${INSTALL_HINT}`);
	return found;
}

/** Whether both services can be started here (for a test that is skipped, loudly, when they cannot). */
export function queueServicesAvailable(): { ok: boolean; reason?: string } {
	try {
		postgresBinDir();
		redisServerBin();
		return { ok: true };
	} catch (error) {
		return { ok: false, reason: (error as Error).message };
	}
}

/** uid/gid of the `postgres` system user, when we are root (undefined otherwise: run as ourselves). */
async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
	if (process.getuid?.() !== 0) return undefined;
	const passwd = await readFile('/etc/passwd', 'utf8');
	const line = passwd.split('\n').find((entry) => entry.startsWith('postgres:'));
	if (!line)
		throw new ServiceUnavailableError(
			`running as root and there is no 'postgres' user to run PostgreSQL as: ${INSTALL_HINT}`,
		);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** A service process in its own process group, its output appended to a log file. */
class ServiceProcess {
	private readonly exited: Promise<void>;

	constructor(
		readonly name: string,
		private readonly child: ChildProcess,
		readonly logFile: string,
	) {
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
	}

	static spawn(
		name: string,
		command: string,
		args: string[],
		options: { cwd: string; logFile: string; uid?: number; gid?: number },
	): ServiceProcess {
		const log = createWriteStream(options.logFile, { flags: 'a' });
		const env: Record<string, string> = {};
		for (const key of ['PATH', 'LANG', 'LC_ALL', 'TZ']) {
			const value = process.env[key];
			if (value !== undefined) env[key] = value;
		}
		const child = spawnGroup(command, args, {
			cwd: options.cwd,
			env,
			uid: options.uid,
			gid: options.gid,
		});
		child.once('exit', () => log.end());
		child.stdout?.pipe(log, { end: false });
		child.stderr?.pipe(log, { end: false });
		return new ServiceProcess(name, child, options.logFile);
	}

	get isRunning(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	async logTail(lines = 30): Promise<string> {
		return tail(await readFile(this.logFile, 'utf8').catch(() => ''), lines);
	}

	/** `signal` to the group (a graceful shutdown), SIGKILL after `graceMs`. */
	async stop(signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
		if (this.isRunning) {
			killGroup(this.child, signal);
			if (!(await settlesWithin(this.exited, graceMs))) {
				killGroup(this.child, 'SIGKILL');
				await this.exited;
			}
		}
		killGroup(this.child, 'SIGKILL');
	}

	async assertRunning(): Promise<void> {
		if (!this.isRunning) {
			throw new Error(
				`${this.name} exited (code ${String(this.child.exitCode)}):\n${await this.logTail()}`,
			);
		}
	}
}

async function tcpProbe(port: number, send?: string, expect?: RegExp): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(2_000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => {
			if (!send) return done(true);
			socket.write(send);
		});
		socket.on('data', (chunk: Buffer) => {
			answer += chunk.toString('utf8');
			if (expect?.test(answer)) done(true);
		});
	});
}

// ---------------------------------------------------------------- PostgreSQL

export interface RunningPostgres {
	host: '127.0.0.1';
	port: number;
	database: string;
	user: string;
	/** Empty: loopback connections are trusted (a throwaway cluster). */
	password: string;
	dataDir: string;
	logFile: string;
	logTail(lines?: number): Promise<string>;
	/** `psql -c <sql>` against the database; returns the output (unaligned, tuples only). */
	query(sql: string): Promise<string>;
	stop(): Promise<void>;
}

export interface PostgresOptions {
	/** Default: a free port. */
	port?: number;
	/** Database created for n8n. Default `n8n`. */
	database?: string;
	startTimeoutMs?: number;
}

/**
 * `initdb` + `postgres` in a new temporary folder, listening on 127.0.0.1 only (and a Unix socket in that folder),
 * tuned for a throwaway test database (no fsync), plus one database for n8n.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<RunningPostgres> {
	const bin = postgresBinDir();
	const user = await postgresUser();
	const dir = await mkdtemp(path.join(os.tmpdir(), 'mps-pg-'));
	if (user) await chown(dir, user.uid, user.gid);
	const dataDir = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	const database = options.database ?? 'n8n';
	const port = options.port ?? (await freePort());
	const env: Record<string, string> = { PATH: process.env.PATH ?? '', LC_ALL: 'C', LANG: 'C' };
	const asPostgres = { cwd: dir, env, redact: (text: string) => text, ...user };

	let server: ServiceProcess | undefined;
	const cleanUp = async () => {
		await server?.stop('SIGINT');
		await rm(dir, { recursive: true, force: true });
	};
	try {
		const init = await runCommand(
			path.join(bin, 'initdb'),
			['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
			{ ...asPostgres, timeoutMs: 120_000 },
		);
		if (init.exitCode !== 0) {
			throw new Error(
				`initdb failed (exit ${String(init.exitCode)}):\n${tail(init.stdout + init.stderr)}`,
			);
		}
		server = ServiceProcess.spawn(
			'postgres',
			path.join(bin, 'postgres'),
			[
				'-D',
				dataDir,
				'-p',
				String(port),
				'-h',
				'127.0.0.1',
				'-k',
				dir,
				'-c',
				'fsync=off',
				'-c',
				'synchronous_commit=off',
				'-c',
				'full_page_writes=off',
				'-c',
				'max_connections=200',
				'-c',
				'shared_buffers=128MB',
			],
			{ cwd: dir, logFile, ...user },
		);
		const psql = async (db: string, sql: string) =>
			await runCommand(
				path.join(bin, 'psql'),
				['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-At', '-c', sql],
				{ cwd: dir, env, redact: (text) => text, timeoutMs: 30_000 },
			);
		await waitFor(
			`PostgreSQL on 127.0.0.1:${port}`,
			async () => {
				await server!.assertRunning();
				const probe = await psql('postgres', 'select 1');
				return probe.exitCode === 0 ? true : undefined;
			},
			options.startTimeoutMs ?? 60_000,
			250,
		);
		const created = await psql('postgres', `CREATE DATABASE ${database}`);
		if (created.exitCode !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
		const running = server;
		return {
			host: '127.0.0.1',
			port,
			database,
			user: 'postgres',
			password: '',
			dataDir,
			logFile,
			logTail: async (lines) => await running.logTail(lines),
			query: async (sql) => {
				const result = await psql(database, sql);
				if (result.exitCode !== 0) throw new Error(`psql: ${result.stderr.trim()}`);
				return result.stdout.trim();
			},
			stop: cleanUp,
		};
	} catch (error) {
		const logTail = (await server?.logTail()) ?? '';
		await cleanUp();
		throw new Error(
			`PostgreSQL did not start: ${(error as Error).message}${logTail ? `\n--- postgres log ---\n${logTail}` : ''}`,
		);
	}
}

// ---------------------------------------------------------------- Redis

export interface RunningRedis {
	host: '127.0.0.1';
	port: number;
	logFile: string;
	logTail(lines?: number): Promise<string>;
	stop(): Promise<void>;
}

/** `redis-server` on 127.0.0.1 and a free port, no persistence, its folder a new temporary one. */
export async function startRedis(
	options: { port?: number; startTimeoutMs?: number } = {},
): Promise<RunningRedis> {
	const bin = redisServerBin();
	const dir = await mkdtemp(path.join(os.tmpdir(), 'mps-redis-'));
	const logFile = path.join(dir, 'redis.log');
	const port = options.port ?? (await freePort());
	const server = ServiceProcess.spawn(
		'redis-server',
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--protected-mode',
			'yes',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
			'--logfile',
			'',
		],
		{ cwd: dir, logFile },
	);
	const stop = async () => {
		await server.stop('SIGTERM');
		await rm(dir, { recursive: true, force: true });
	};
	try {
		await waitFor(
			`Redis on 127.0.0.1:${port}`,
			async () => {
				await server.assertRunning();
				return (await tcpProbe(port, 'PING\r\n', /\+PONG/)) ? true : undefined;
			},
			options.startTimeoutMs ?? 30_000,
			100,
		);
	} catch (error) {
		const logTail = await server.logTail();
		await stop();
		throw new Error(`Redis did not start: ${(error as Error).message}\n${logTail}`);
	}
	return {
		host: '127.0.0.1',
		port,
		logFile,
		logTail: async (lines) => await server.logTail(lines),
		stop,
	};
}

// ---------------------------------------------------------------- both, and n8n's queue-mode environment

export interface QueueServices {
	postgres: RunningPostgres;
	redis: RunningRedis;
	/** For `N8nInstance.create({ env })`: every process of that instance (main, workers, CLI) uses them. */
	env: Record<string, string>;
	stop(): Promise<void>;
}

/**
 * The environment of an n8n in queue mode (names checked against @n8n/config of the pinned n8n): executions go to
 * Redis (Bull) and run on `n8n worker`s, everything is stored in PostgreSQL, binary data in the database (main and
 * workers share no folder), and manual executions go to the workers as well (n8n 3's behaviour, adopted early).
 */
export function queueModeEnvironment(
	postgres: Pick<RunningPostgres, 'host' | 'port' | 'database' | 'user' | 'password'>,
	redis: Pick<RunningRedis, 'host' | 'port'>,
): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		// n8n's default pool (2) starves the main under a burst of webhooks on a busy machine: each webhook needs a
		// connection to create its execution, and one that waits 20 s for it fails (and the store may disable the hook)
		DB_POSTGRESDB_POOL_SIZE: '10',
		DB_POSTGRESDB_CONNECTION_TIMEOUT: '60000',
		// n8n's main pings its database every 2 s and answers every request with 503 "Database is not ready!" after one
		// ping that took over DB_PING_TIMEOUT_MS (5 s by default). The ping takes a connection from the same pool
		// (@n8n/db's DbConnectionMonitor.runPing: pool.connect(), then SELECT 1), so during a burst of webhooks on a busy
		// machine it queues behind them, times out, and the store's next deliveries get the 503 (WooCommerce turns a
		// hook off after 5 failed deliveries in a row). 30 s lets the ping wait its turn.
		DB_PING_TIMEOUT_MS: '30000',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_HEALTH_CHECK_ACTIVE: 'false',
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
	};
}

/** PostgreSQL and Redis, started side by side; `stop()` stops both. */
export async function startQueueServices(): Promise<QueueServices> {
	const [postgres, redis] = await Promise.allSettled([startPostgres(), startRedis()]);
	if (postgres.status === 'rejected' || redis.status === 'rejected') {
		if (postgres.status === 'fulfilled') await postgres.value.stop();
		if (redis.status === 'fulfilled') await redis.value.stop();
		throw postgres.status === 'rejected'
			? postgres.reason
			: (redis as PromiseRejectedResult).reason;
	}
	return {
		postgres: postgres.value,
		redis: redis.value,
		env: queueModeEnvironment(postgres.value, redis.value),
		stop: async () => {
			await Promise.all([postgres.value.stop(), redis.value.stop()]);
		},
	};
}
