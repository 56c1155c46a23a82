import process from 'node:process';

import { SERVICE_NAMES, startEmulators, type ServiceName } from './index.mts';

/**
 * `npm run emulators -- [--orders N] [--seed S] [--time-scale X] [--port-base P] [--services bol,shopify]
 *   [--no-rate-limits] [--no-validate]`: starts the emulators standalone, seeds them and prints URLs and credentials.
 * With --port-base P the services listen on P (bol), P+1 (shopify), P+2 (woocommerce), P+3 (magento2), P+4 (amazon),
 * P+5 (zalando), P+6 (miinto), P+7 (spartoo).
 */
interface CliOptions {
	orders?: number;
	seed: number;
	timeScale: number;
	portBase?: number;
	services: ServiceName[];
	rateLimits: boolean;
	validateRequests: boolean;
}

function parse(argv: string[]): CliOptions {
	const options: CliOptions = {
		seed: 42,
		timeScale: 1,
		services: [...SERVICE_NAMES],
		rateLimits: true,
		validateRequests: true,
	};
	const number = (flag: string, value: string | undefined): number => {
		const n = Number(value);
		if (value === undefined || !Number.isFinite(n)) throw new Error(`${flag} needs a number`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		const [flag, inline] = arg.includes('=')
			? (arg.split('=', 2) as [string, string])
			: [arg, undefined];
		const value = () => inline ?? argv[++i];
		switch (flag) {
			case '--orders':
				options.orders = number(flag, value());
				break;
			case '--seed':
				options.seed = number(flag, value());
				break;
			case '--time-scale':
				options.timeScale = number(flag, value());
				break;
			case '--port-base':
				options.portBase = number(flag, value());
				break;
			case '--services':
				options.services = (value() ?? '').split(',').filter(Boolean) as ServiceName[];
				break;
			case '--no-rate-limits':
				options.rateLimits = false;
				break;
			case '--no-validate':
				options.validateRequests = false;
				break;
			case '--help':
				process.stdout.write(
					'usage: npm run emulators -- [--orders N] [--seed S] [--time-scale X] [--port-base P] [--services a,b] [--no-rate-limits] [--no-validate]\n',
				);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${arg} (try --help)`);
		}
	}
	return options;
}

async function main(): Promise<void> {
	const options = parse(process.argv.slice(2));
	const ports =
		options.portBase === undefined
			? undefined
			: Object.fromEntries(
					SERVICE_NAMES.map((name, i) => [name, (options.portBase as number) + i]),
				);
	const emulators = await startEmulators({
		services: options.services,
		ports,
		seed: options.seed,
		timeScale: options.timeScale,
		rateLimits: options.rateLimits,
		validateRequests: options.validateRequests,
	});
	const bolUrl = emulators.urls.bol;
	if (bolUrl && options.orders !== undefined) {
		const post = (path: string, body: unknown) =>
			fetch(`${bolUrl}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		await post('/__admin/reset', { empty: true });
		await post('/__admin/seed', { orders: options.orders, seed: options.seed });
	}
	const out: string[] = [
		`emulators running (seed ${options.seed}, time scale ${options.timeScale}x); Ctrl-C stops them`,
		'',
	];
	for (const [name, service] of Object.entries(emulators.services)) {
		const info = service.definition.info();
		out.push(`${name.padEnd(12)} ${service.url}   admin: ${service.url}/__admin/state`);
		for (const [key, value] of Object.entries(info)) {
			if (key !== 'baseUrl' && typeof value !== 'object')
				out.push(`${''.padEnd(12)}   ${key}: ${String(value)}`);
		}
	}
	process.stdout.write(`${out.join('\n')}\n`);
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nstopping emulators\n');
		emulators.stop().then(
			() => process.exit(0),
			(error: unknown) => {
				process.stderr.write(`${String(error)}\n`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
