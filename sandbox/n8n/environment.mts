/**
 * The environment of every n8n process the harness starts: an isolated user folder, loopback-only ports,
 * and everything that would reach the internet switched off.
 */
import { createServer } from 'node:net';
import path from 'node:path';
import process from 'node:process';

import type { N8nRuntime } from './runtime.mts';

/** Asks the OS for a free loopback port (or checks that `port` is free: resolves to it, rejects if taken). */
export async function freePort(port = 0): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				if (address && typeof address === 'object') resolve(address.port);
				else reject(new Error('could not allocate a free port'));
			});
		});
	});
}

/** `preferred` when it is free, any free port otherwise. */
export async function availablePort(preferred: number): Promise<number> {
	return await freePort(preferred).catch(async () => await freePort());
}

/** Variables of the parent that must not leak into the sandboxed n8n (a developer's own n8n setup). */
const INHERITED_BLOCKLIST =
	/^(N8N_|DB_|EXECUTIONS_|QUEUE_|OFFLOAD_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_OPTIONS$|NODE_PATH$)/;

export interface N8nEnvironmentOptions {
	runtime: N8nRuntime;
	userFolder: string;
	encryptionKey: string;
	/** HTTP port of `n8n start`; CLI commands get one too (unused by them, but kept distinct). */
	port: number;
	/** Port of the internal task broker; each concurrently running n8n process needs its own. */
	brokerPort: number;
	logLevel: 'error' | 'warn' | 'info' | 'debug';
	extra?: Record<string, string>;
}

export function n8nEnvironment(options: N8nEnvironmentOptions): Record<string, string> {
	const base: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value !== undefined && !INHERITED_BLOCKLIST.test(key)) base[key] = value;
	}
	const origin = `http://127.0.0.1:${options.port}`;
	return {
		...base,
		PATH: `${path.dirname(options.runtime.nodeBin)}${path.delimiter}${base.PATH ?? ''}`,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: options.encryptionKey,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_RESTRICT_FILE_ACCESS_TO: path.join(options.userFolder, 'files'),
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: options.logLevel,
		N8N_LOG_OUTPUT: 'console',
		// HTTP: loopback only, plain http (so the auth cookie works without TLS)
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: origin,
		WEBHOOK_URL: `${origin}/`,
		N8N_SECURE_COOKIE: 'false',
		// task runners: internal mode, broker on its own loopback port
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		// offline: no telemetry, no update/news/banner/template/licence/vetted-package/MCP-registry calls
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		// community packages: loaded from <userFolder>/.n8n/nodes, never (re)installed from a registry
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		...options.extra,
	};
}
