/** Running n8n as child processes (each in its own process group) and reading their output. */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';

import { cancellableTimer } from './timers.mts';

export interface CommandResult {
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	/** Redacted. */
	stdout: string;
	/** Redacted. */
	stderr: string;
	durationMs: number;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Signals the child's whole process group (n8n and its task runners); a no-op once the group is gone. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// the group is already gone
	}
}

/**
 * Spawns `command` as the leader of a new process group (so n8n's own children can be stopped with it), stdout and
 * stderr piped. Whatever is still running when this process exits is killed, on any path to the exit.
 */
export function spawnGroup(
	command: string,
	args: string[],
	options: { cwd: string; env: Record<string, string>; uid?: number; gid?: number },
) {
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.once('exit', () => {
			for (const child of running) killGroup(child, 'SIGKILL');
		});
		// a signal ends Node without 'exit' handlers: without this, an n8n CLI command of a test killed with SIGTERM
		// would run on by itself. When another handler owns the signal (npm start stops n8n gracefully), it decides.
		if (isMainThread) {
			for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
				process.on(signal, () => {
					if (process.listenerCount(signal) > 1) return;
					for (const child of running) killGroup(child, 'SIGKILL');
					process.exit(128 + os.constants.signals[signal]);
				});
			}
		}
	}
	const child = spawn(command, args, {
		...options,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	running.add(child);
	child.once('exit', () => running.delete(child));
	return child;
}

export interface RunOptions {
	env: Record<string, string>;
	cwd: string;
	timeoutMs: number;
	redact: (text: string) => string;
	/** Run as this user/group (the harness runs as root in CI; PostgreSQL refuses to). */
	uid?: number;
	gid?: number;
}

/** Runs a command to completion; kills it (SIGKILL) when it exceeds `timeoutMs`. Never rejects on exit codes. */
export async function runCommand(
	command: string,
	args: string[],
	options: RunOptions,
): Promise<CommandResult> {
	const started = Date.now();
	return await new Promise((resolve, reject) => {
		const child = spawnGroup(command, args, {
			cwd: options.cwd,
			env: options.env,
			uid: options.uid,
			gid: options.gid,
		});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
		let timedOut = false;
		const timer = cancellableTimer(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, options.timeoutMs);
		child.once('error', (error) => {
			timer.cancel();
			reject(error);
		});
		child.once('close', (exitCode, signal) => {
			timer.cancel();
			killGroup(child, 'SIGKILL'); // a task runner the command left behind
			const result: CommandResult = {
				exitCode,
				signal,
				stdout: options.redact(Buffer.concat(stdout).toString('utf8')),
				stderr: options.redact(Buffer.concat(stderr).toString('utf8')),
				durationMs: Date.now() - started,
			};
			if (timedOut) {
				reject(
					new Error(
						`${args.join(' ')} timed out after ${options.timeoutMs} ms\n${tail(result.stdout + result.stderr)}`,
					),
				);
			} else {
				resolve(result);
			}
		});
	});
}

/** The last `lines` lines of a text, for error messages. */
export function tail(text: string, lines = 40): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * `n8n execute --rawOutput` prints log lines, then the execution as pretty-printed JSON (starting with a line
 * `{` and ending with a line `}`), and on failure more log lines after it. Returns the parsed JSON.
 */
export function parseJsonAfterLogs(output: string): unknown {
	const lines = output.split('\n');
	const start = lines.findIndex((line) => line.startsWith('{'));
	if (start === -1) throw new Error(`no JSON object in the output:\n${tail(output)}`);
	for (let end = start; end < lines.length; end++) {
		if (!lines[end].startsWith('}')) continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n')) as unknown;
		} catch {
			// a nested `}` at column 0 inside a string: keep looking for the real end
		}
	}
	throw new Error(`could not parse the JSON object in the output:\n${tail(output)}`);
}
