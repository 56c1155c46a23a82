/**
 * scripts/validate-templates.mts with n8n required: the e2e stage runs after scripts/provision-n8n.sh, so here the
 * templates' n8n-nodes-base nodes are always checked against the pinned n8n (the unit stage may run before it).
 */
import { describe, expect, it } from 'vitest';

import { validateTemplates } from '../../scripts/validate-templates.mts';

describe('workflow templates against the provisioned n8n', () => {
	it('every template passes validate-templates --require-n8n', () => {
		const { reports, baseSkipped } = validateTemplates({ requireN8n: true });
		expect(baseSkipped).toBeUndefined();
		expect(reports.length).toBeGreaterThan(0);
		expect(
			Object.fromEntries(
				reports
					.filter((report) => report.problems.length)
					.map((report) => [report.file, report.problems]),
			),
		).toEqual({});
	});
});
