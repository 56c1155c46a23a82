import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
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
