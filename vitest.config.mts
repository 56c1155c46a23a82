import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest end-to-end files first, so the others fill the remaining workers beside them: the lifecycle suite (every
 * template, about 13 minutes of one worker) and the queue-mode test (about 5). Without a timing cache (a fresh clone,
 * as in CI) vitest starts the largest files first, and the lifecycle suite's file is small (its cases are modules):
 * started last, it ran alone at the end and the e2e step took 1,054 s instead of about 800.
 */
const LONGEST_FIRST = [
	/test\/e2e\/lifecycle\.e2e\.test\.mts$/,
	/test\/e2e\/queue-mode\.e2e\.test\.mts$/,
];

class LongestFirstSequencer extends BaseSequencer {
	override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
		const sorted = await super.sort(files);
		const rank = (file: TestSpecification) => {
			const index = LONGEST_FIRST.findIndex((pattern) => pattern.test(file.moduleId));
			return index === -1 ? LONGEST_FIRST.length : index;
		};
		// a stable sort: within a rank, vitest's own order
		return sorted
			.map((file, position) => ({ file, position }))
			.sort((a, b) => rank(a.file) - rank(b.file) || a.position - b.position)
			.map(({ file }) => file);
	}
}

export default defineConfig({
	test: {
		sequence: { sequencer: LongestFirstSequencer },
		projects: [
			{
				test: {
					name: 'unit',
					include: ['test/unit/**/*.test.mts'],
					environment: 'node',
				},
			},
			{
				test: {
					name: 'integration',
					include: ['test/integration/**/*.test.mts', 'test/emulators/**/*.test.mts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 60_000,
				},
			},
			{
				test: {
					// the adversarial fault suite (`npm run test:faults`): one file, one table, one summary line
					name: 'faults',
					include: ['test/faults/**/*.test.mts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 60_000,
				},
			},
			{
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.e2e.test.mts'],
					environment: 'node',
					testTimeout: 600_000,
					hookTimeout: 900_000,
					// each file starts its own n8n and emulators on free ports and mostly waits on polls and webhooks:
					// three files at a time (scripts/test.sh passes --maxWorkers 3): on a 2-core machine the e2e step took
					// 1,110 s with two and 820 s with three (the tests mostly wait; 44 % CPU with two), every test passing
					fileParallelism: true,
					// the lifecycle suite runs its pairs side by side within its file (describe.concurrent), three at a time
					maxConcurrency: 3,
				},
			},
		],
	},
});
