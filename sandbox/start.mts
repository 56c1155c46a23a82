/**
 * `npm start`: the sandbox. Seeded marketplace/store emulators, a real n8n (the pinned version, offline) with this
 * package installed, credentials pointing at the emulators, every template imported, and a demo run on the seeded
 * data. Keeps running until Ctrl-C; with `--once` it stops after the demo and exits non-zero if a step failed.
 *
 *   npm start [-- --once] [-- --port 5678] [-- --seed 1] [-- --time-scale 60]
 *
 * State lives in .n8n-sandbox/ and is reset at every start.
 */
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';

import { startEmulators, type RunningEmulators } from './emulators/index.mts';
import {
	emulatorCredentials,
	N8nInstance,
	readTemplates,
	REPO_ROOT,
	runDemo,
	SmtpSink,
	type DemoStepResult,
	type N8nServer,
} from './n8n/index.mts';

const SANDBOX_FOLDER = path.join(REPO_ROOT, '.n8n-sandbox');
/** Encrypts the sandbox's own credential store; the sandbox holds emulator keys only. */
const SANDBOX_ENCRYPTION_KEY = 'n8n-nodes-marketplace-sync-sandbox-only';
const DEFAULT_PORT = 5678;

function say(line: string): void {
	process.stdout.write(`${line}\n`);
}

function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

interface Options {
	once: boolean;
	port?: number;
	seed: number;
	timeScale: number;
}

function positiveNumber(value: string | undefined, flag: string, fallback: number): number {
	if (value === undefined) return fallback;
	const parsed = Number(value);
	if (!Number.isFinite(parsed) || parsed <= 0)
		throw new Error(`${flag} needs a positive number, got "${value}"`);
	return parsed;
}

function parseOptions(): Options | undefined {
	const { values } = parseArgs({
		options: {
			once: { type: 'boolean', default: false },
			port: { type: 'string' },
			seed: { type: 'string' },
			'time-scale': { type: 'string' },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) {
		say('npm start [-- --once] [-- --port N] [-- --seed N] [-- --time-scale N]');
		say('  --once        stop after the demo; exit code 1 if a demo step failed');
		say(`  --port        n8n editor port (default ${DEFAULT_PORT}, or a free one if taken)`);
		say("  --seed        seed of the emulators' generated data (default 1)");
		say(
			'  --time-scale  emulated seconds per real second (default 60: rate-limit windows and token lifetimes',
		);
		say('                pass 60x faster; 1 = real time, as the marketplaces behave)');
		return undefined;
	}
	return {
		once: values.once,
		port:
			values.port === undefined ? undefined : positiveNumber(values.port, '--port', DEFAULT_PORT),
		seed: positiveNumber(values.seed, '--seed', 1),
		timeScale: positiveNumber(values['time-scale'], '--time-scale', 60),
	};
}

/** Everything started so far, stopped in reverse order whatever happens. */
class Resources {
	private readonly stops: Array<{ name: string; stop: () => Promise<void> }> = [];
	private stopping: Promise<void> | undefined;

	add(name: string, stop: () => Promise<void>): void {
		this.stops.push({ name, stop });
	}

	async stopAll(): Promise<void> {
		this.stopping ??= (async () => {
			for (const { name, stop } of this.stops.reverse()) {
				await stop().catch((error: Error) =>
					say(`[sandbox] stopping ${name} failed: ${error.message}`),
				);
			}
		})();
		await this.stopping;
	}
}

function report(results: DemoStepResult[], importFailures: string[]): boolean {
	const failed = results.filter((result) => !result.ok);
	say('');
	say('Demo report');
	for (const failure of importFailures) say(`  FAILED  template import: ${failure}`);
	for (const result of results) {
		say(`  ${result.ok ? 'ok    ' : 'FAILED'}  ${result.title}`);
		say(`          ${result.detail}`);
	}
	say(
		`  ${results.length - failed.length} steps ok, ${failed.length + importFailures.length} failed`,
	);
	return failed.length === 0 && importFailures.length === 0;
}

async function main(): Promise<number> {
	const options = parseOptions();
	if (!options) return 0;
	const started = Date.now();
	const resources = new Resources();
	let interrupted = false;
	// `on`, not `once`: a Ctrl-C reaches this process twice (from the terminal and forwarded by npm); the repeats
	// are ignored while the stop, which is bounded (n8n gets 20 s, then SIGKILL), runs
	const onSignal = (signal: NodeJS.Signals) => {
		if (interrupted) return;
		interrupted = true;
		say(`\n[sandbox] ${signal}: stopping n8n and the emulators ...`);
		void resources.stopAll().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	try {
		say(
			`[sandbox] starting the emulators (seed ${options.seed}, time scale ${options.timeScale}x) ...`,
		);
		const emulators: RunningEmulators = await startEmulators({
			seed: options.seed,
			timeScale: options.timeScale,
		});
		resources.add('the emulators', () => emulators.stop());
		for (const [service, url] of Object.entries(emulators.urls))
			say(`[sandbox]   ${service.padEnd(12)} ${url}`);

		say(
			`[sandbox] preparing n8n in ${path.relative(REPO_ROOT, SANDBOX_FOLDER)}/ (reset) with this package installed ...`,
		);
		const instance = await N8nInstance.create({
			userFolder: SANDBOX_FOLDER,
			resetUserFolder: true,
			encryptionKey: SANDBOX_ENCRYPTION_KEY,
			port: options.port,
			preferredPort: DEFAULT_PORT,
		});
		resources.add('n8n', () => instance.dispose());
		say(
			`[sandbox]   package ${instance.manifest.name}@${instance.manifest.version}: ` +
				`${instance.manifest.nodes.map((node) => node.type).join(', ')}`,
		);

		// the templates' Send Email nodes deliver here; the demo report counts what arrived
		const smtp = await SmtpSink.start();
		resources.add('the SMTP sink', () => smtp.stop());
		const sandboxCredentials = await emulatorCredentials(emulators.urls);
		const smtpCredential = smtp.credential('sandboxSmtpSink01');
		sandboxCredentials.credentials.push({ ...smtpCredential, name: 'SMTP (sandbox mail sink)' });
		sandboxCredentials.byType.smtp = { id: smtpCredential.id, name: 'SMTP (sandbox mail sink)' };
		await instance.importCredentials(sandboxCredentials.credentials);
		for (const credential of sandboxCredentials.credentials) {
			say(`[sandbox]   credential "${credential.name}" (${credential.type})`);
		}
		for (const line of sandboxCredentials.skipped) say(`[sandbox]   no credential for ${line}`);

		const templates = await readTemplates();
		const importFailures: string[] = [];
		for (const template of templates) {
			const names = template.workflows.map((workflow) => `"${workflow.name}"`).join(', ');
			try {
				await instance.importWorkflowFile(template.file);
				say(`[sandbox]   template ${template.relative}: ${names}`);
			} catch (error) {
				importFailures.push(
					`${template.relative}: ${(error as Error).message.split('\n').at(-1) ?? ''}`,
				);
				say(`[sandbox]   template ${template.relative}: IMPORT FAILED (see the report)`);
			}
		}
		if (templates.length === 0) say('[sandbox]   no templates in workflows-templates/ yet');

		say('[sandbox] starting n8n ...');
		const server: N8nServer = await instance.start();
		say('');
		say(`n8n is running (${seconds(started)} after start):`);
		say(`  editor    ${server.url}`);
		say(`  login     ${server.owner.email}`);
		say(`  password  ${server.owner.password}   (sandbox-only account of this local n8n)`);
		say(`  log       ${path.relative(REPO_ROOT, server.logFile)}`);
		say('');

		const results = await runDemo(
			{
				instance,
				server,
				templates,
				credentials: sandboxCredentials.byType,
				emulators: emulators.urls,
				mail: smtp.messages,
			},
			say,
		);
		const ok = report(results, importFailures);
		say(
			`  emails the workflows sent (SMTP sink, 127.0.0.1:${smtp.port}): ${smtp.messages.length}` +
				smtp.messages
					.slice(0, 5)
					.map((mail) => `\n          "${mail.subject}" to ${mail.to.join(', ')}`)
					.join(''),
		);

		if (options.once || interrupted) {
			await resources.stopAll();
			return ok ? 0 : 1;
		}
		say('');
		say(`The sandbox keeps running: open ${server.url} (Ctrl-C stops n8n and the emulators).`);
		await new Promise<never>(() => undefined);
		return 0;
	} catch (error) {
		say(`[sandbox] FAILED: ${(error as Error).message}`);
		await resources.stopAll();
		return 1;
	}
}

process.exitCode = await main();
