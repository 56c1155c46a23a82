/**
 * `npm run bench`: every scenario of bench/scenarios.mts through the harness of bench/harness.mts: the package's node
 * and, against the same emulator, the same work as a flow of n8n HTTP Request nodes would do it
 * (bench/http-request-baseline.mts). Prints a table and writes bench/results/latest.json.
 *
 *   npm run bench                         all scenarios
 *   npm run bench -- --only import-orders  one scenario (both variants)
 *   npm run bench -- --scale 0.1           10% of the items (quick look)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import process from 'node:process';

import { runScenario, type Result } from './harness.mts';
import { SCENARIOS } from './scenarios.mts';

const ROOT = resolve(import.meta.dirname, '..');

function table(results: Result[]): string {
	const columns: Array<keyof Result> = [
		'scenario',
		'variant',
		'items',
		'calls',
		'floorCalls',
		'http429',
		'wallMs',
		'floorMs',
		'ratio',
		'failed',
		'peakRssMb',
	];
	const rows = [
		columns.map(String),
		...results.map((r) => columns.map((c) => (r[c] === null ? 'n/a' : String(r[c])))),
	];
	const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
	return rows.map((row) => row.map((cell, i) => cell.padStart(widths[i])).join('  ')).join('\n');
}

async function main() {
	const args = process.argv.slice(2);
	// --only a,b: those scenarios, in the table's order
	const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
	const scale = args.includes('--scale') ? Number(args[args.indexOf('--scale') + 1]) : 1;
	const unknown = only?.filter((name) => !SCENARIOS.some((s) => s.name === name)) ?? [];
	if (unknown.length > 0)
		throw new Error(
			`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`,
		);
	if (!(scale > 0 && scale <= 1)) throw new Error('--scale takes a number in (0, 1]');
	const results: Result[] = [];
	for (const scenario of SCENARIOS) {
		if (only && !only.includes(scenario.name)) continue;
		process.stdout.write(`running ${scenario.name}...\n`);
		for (const r of await runScenario(scenario, scale)) {
			results.push(r);
			process.stdout.write(
				`  ${r.variant}: ${r.items} items, ${r.calls} calls, ${r.http429} x 429, ${r.wallMs} ms (floor ${r.floorMs} ms, ratio ${r.ratio}), ${r.failed} failed\n`,
			);
			if (r.unverifiedLimits.length > 0)
				process.stdout.write(
					`    floor from unverified (assumed) limits: ${r.marketplace} ${r.unverifiedLimits.join(', ')}\n`,
				);
		}
	}
	process.stdout.write(`\n${table(results)}\n`);
	await mkdir(resolve(ROOT, 'bench/results'), { recursive: true });
	await writeFile(
		resolve(ROOT, 'bench/results/latest.json'),
		`${JSON.stringify(results, null, 2)}\n`,
	);
	process.stdout.write('\nwritten to bench/results/latest.json\n');
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exitCode = 1;
});
