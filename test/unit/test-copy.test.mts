import { describe, expect, it } from 'vitest';

import { NEVER_SCHEDULE, readTemplate, testCopy } from '../../sandbox/n8n/lifecycle.mts';

const schedules = (workflow: {
	nodes: Array<{ name: string; type: string; parameters: object }>;
}) =>
	Object.fromEntries(
		workflow.nodes
			.filter((node) => node.type === 'n8n-nodes-base.scheduleTrigger')
			.map((node) => [node.name, node.parameters]),
	);

describe('testCopy (end-to-end test copies of a template)', () => {
	it('an hourly schedule never fires in a copy (a test may cross the top of the hour); shorter ones and those a test sets stay', async () => {
		const template = await readTemplate('amazon-magento2-lifecycle.json');
		const before = schedules(template);
		expect(before['Every Hour: Reconcile Orders']).toEqual({
			rule: { interval: [{ field: 'minutes', minutesInterval: 60 }] },
		});
		const everySeconds = { rule: { interval: [{ field: 'seconds', secondsInterval: 5 }] } };
		const copy = testCopy(template, {
			id: 'copy',
			name: 'copy',
			credentials: new Proxy({}, { get: () => ({ id: 'c', name: 'c' }) }),
			parameters: { 'Every Hour: Amazon Returns': everySeconds },
		});
		const after = schedules(copy);
		expect(after['Every Hour: Reconcile Orders']).toEqual(NEVER_SCHEDULE);
		expect(after['Every Hour: Amazon Returns']).toEqual(everySeconds);
		expect(after['Every 15 Minutes: Stock']).toEqual(before['Every 15 Minutes: Stock']);
		expect(after['Every 5 Minutes: Store Changes']).toEqual(
			before['Every 5 Minutes: Store Changes'],
		);
		// the template itself is unchanged
		expect(schedules(template)).toEqual(before);
	});
});
