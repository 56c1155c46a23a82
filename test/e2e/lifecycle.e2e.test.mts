/**
 * One lifecycle suite over every marketplace x store template (workflows-templates/<marketplace>-<store>-lifecycle.json):
 * each pair in a real n8n against its two emulators. Set-up and teardown are the pair harness's
 * (test/e2e/lifecycle/pair.mts: a driver per marketplace and per store); a pair's own seed, copies and cases are its
 * case module, test/e2e/lifecycle/cases/<marketplace>-<store>.mts. A template without one fails here, so a new
 * marketplace's three templates cannot ship without their lifecycle tests.
 *
 * The pairs run side by side (`describe.concurrent`, at most the e2e project's `maxConcurrency` at a time: each has its
 * own n8n and emulators on free ports and mostly waits on polls and webhooks); the cases of one pair run in order.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { MARKETPLACE_DRIVERS, STORE_DRIVERS, type StoreId } from './lifecycle/pair.mts';
import type { MarketplaceId } from '../../nodes/shared/marketplaces';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATES = path.join(HERE, '..', '..', 'workflows-templates');
const CASES = path.join(HERE, 'lifecycle', 'cases');

interface Pair {
	key: string;
	title: string;
	module: string;
}

const PAIRS: Pair[] = readdirSync(TEMPLATES)
	.map((file) => /^([a-z0-9]+)-([a-z0-9]+)-lifecycle\.json$/.exec(file))
	.filter((match) => match !== null)
	.map(([, marketplace, store]) => {
		const m = MARKETPLACE_DRIVERS[marketplace as MarketplaceId];
		const s = STORE_DRIVERS[store as StoreId];
		return {
			key: `${marketplace}-${store}`,
			title: `${m?.title ?? marketplace} x ${s?.title ?? store}`,
			module: path.join(CASES, `${marketplace}-${store}.mts`),
		};
	});

const cases = new Map<string, () => void>(
	await Promise.all(
		PAIRS.filter((pair) => existsSync(pair.module)).map(
			async (pair) =>
				[pair.key, ((await import(pair.module)) as { default: () => void }).default] as const,
		),
	),
);

it('every lifecycle template is in the suite', () => {
	expect(PAIRS.length).toBeGreaterThanOrEqual(15);
});

describe.concurrent.each(PAIRS)('$title lifecycle template in a real n8n', (pair) => {
	const body = cases.get(pair.key);
	if (body) describe.sequential(pair.key, body);
	else
		it(`has its cases in test/e2e/lifecycle/cases/${pair.key}.mts`, () => {
			expect.fail(
				`no lifecycle cases for ${pair.title}: add test/e2e/lifecycle/cases/${pair.key}.mts`,
			);
		});
});
