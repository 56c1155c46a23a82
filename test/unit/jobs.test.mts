import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runJobs, type JobRun, type SettleOptions } from '../../nodes/shared/jobs';
import { backoffSchedule } from '../../nodes/shared/wait';
import { installFakeClock, type FakeClock } from '../helpers/clock.mts';

let clock: FakeClock;
let restore: () => void;
beforeEach(() => ({ clock, restore } = installFakeClock()));
afterEach(() => restore());

const node: INode = {
	id: '1',
	name: 'Node',
	type: 'test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function context(count: number, continueOnFail: boolean): IExecuteFunctions {
	return {
		getInputData: () => Array.from({ length: count }, () => ({ json: {} })),
		continueOnFail: () => continueOnFail,
		getNode: () => node,
	} as unknown as IExecuteFunctions;
}

type State = { id: string; status: 'PENDING' | 'DONE' | 'FAILED' };

/** A marketplace whose jobs finish after `doneAfter` polls; polling the ids in `unreadable` fails. */
function marketplace(options: { unreadable?: string[]; doneAfter?: number; never?: string[] }) {
	const polls: string[][] = [];
	const settle: SettleOptions<State> = {
		finished: (s) => s.status !== 'PENDING',
		poll: async (keys) => {
			polls.push(keys);
			if (keys.some((k) => options.unreadable?.includes(k))) throw new Error('status unavailable');
			return new Map(
				keys.map((id) => [
					id,
					{
						id,
						status:
							options.never?.includes(id) || polls.length < (options.doneAfter ?? 1)
								? 'PENDING'
								: 'DONE',
					},
				]),
			);
		},
		schedule: backoffSchedule(1000, 10_000),
		label: (key) => `job ${key}`,
		idJson: (keys) => ({ jobIds: keys }),
	};
	return { settle, polls };
}

function run(
	settle: SettleOptions<State>,
	options: { failSubmit?: number; invalid?: number } = {},
): JobRun<number, State> {
	return {
		noun: 'updates',
		plan: (i) => {
			if (i === options.invalid) throw new Error(`Invalid value for "SKU" (sku) of item ${i}`);
			return i;
		},
		submit: {
			each: async (plan) => {
				if (plan === options.failSubmit) throw new Error('refused');
				const id = `j${plan}`;
				return {
					jobs: [{ key: id, state: { id, status: 'PENDING' } }],
					wait: { wait: true, timeoutMs: 60_000 },
					describe: ([state]) => ({
						item: plan,
						status: state.status === 'DONE' ? 'done' : 'pending',
						jobId: id,
					}),
				};
			},
		},
		settle,
	};
}

describe('job runner', () => {
	it('settles every item after all are submitted; a status that cannot be read fails only its item (Continue On Fail)', async () => {
		const { settle } = marketplace({ unreadable: ['j1'] });
		const output = await runJobs(context(3, true), run(settle));
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toMatchObject({ status: 'done' });
		expect(output[1].json).toMatchObject({ jobIds: ['j1'] });
		expect(output[1].json.error).toContain(
			'Could not read the status of job j1: status unavailable',
		);
		expect(output[2].json).toMatchObject({ status: 'done' });
	});

	it('without Continue On Fail, the error lists the items applied, still pending and not sent', async () => {
		const { settle } = marketplace({ unreadable: ['j1'], never: ['j0'] });
		const error = (await runJobs(context(4, false), run(settle, { failSubmit: 2 })).then(
			() => undefined,
			(e: unknown) => e,
		)) as Error & { description: string };
		expect(error.message).toBe(
			'2 of 4 updates failed; of the others 0 were applied, 1 submitted and not finished yet, 1 not sent',
		);
		expect(error.description).toContain('item 1: Could not read the status of job j1');
		expect(error.description).toContain('item 2: refused');
		expect(error.description).toContain('Submitted, not finished yet: item 0 (job j0).');
		expect(error.description).toContain('Not sent: item 3.');
	});

	it('never reports a job that did not finish within the wait as done', async () => {
		const { settle } = marketplace({ never: ['j0'] });
		const output = await runJobs(context(1, false), run(settle));
		expect(output[0].json).toMatchObject({ status: 'pending', jobId: 'j0' });
		expect(clock.totalSlept).toBe(60_000);
	});

	it('checks every item before sending anything', async () => {
		const { settle, polls } = marketplace({});
		const submitted: number[] = [];
		const spec = run(settle, { invalid: 1 });
		const each = (spec.submit as { each: (p: number, i: number) => Promise<unknown> }).each;
		(spec.submit as { each: unknown }).each = async (p: number, i: number) => (
			submitted.push(p),
			await each(p, i)
		);
		const error = (await runJobs(context(3, false), spec).then(
			() => undefined,
			(e: unknown) => e,
		)) as Error & { description: string };
		expect(error.message).toContain('Invalid value for "SKU" (sku) of item 1');
		expect(error.description).toContain('Nothing was sent');
		expect(submitted).toEqual([]);
		expect(polls).toEqual([]);
	});

	it('polls the jobs of all items together, in bulk', async () => {
		const { settle, polls } = marketplace({ doneAfter: 2 });
		const output = await runJobs(context(3, false), run({ ...settle, bulk: 100 }));
		expect(polls).toEqual([
			['j0', 'j1', 'j2'],
			['j0', 'j1', 'j2'],
		]);
		expect(output.map((o) => o.json.status)).toEqual(['done', 'done', 'done']);
	});
});
