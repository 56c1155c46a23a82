/** The spec copies must stay byte-identical to the published files (SOURCES.md lists the hashes). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { specFile } from '../../sandbox/emulators/specs/index.mts';

const EXPECTED: Record<string, string> = {
	'bol/retailer-v10.json': '58d4a50e5f9b25671b34d655d443908afc224cf75d64bac7c5387abed773ab7c',
	'bol/shared-v10.json': '45279c2a4af50462f1358aabd4553570b7d05b87dabdc8acccbbf2a68c67e505',
	'bol/offers-v11.yaml': '9b05c63a72cea01c45eb49a4f5b3249260d65710f9490149742a353d412cd383',
	// the orders and stocks copies carry the documented Problem $ref patch (SOURCES.md)
	'zalando/zalando-orders-openapi.yml':
		'10a3b190e504ed6402b26adabea281e6451574d91b7013b8ec862aacd3d49124',
	'zalando/zalando-sales-channels-openapi.yml':
		'045bf6d44f0c5354df33f8b7e35cd9048e4c59b8fd9fda09bb128ad477296b81',
	'zalando/zalando-stocks-api-openapi.yml':
		'1d7d6c169738105b49ed7f6e48ee769ddbd6970e1d7f812d64ec0cdc41ec5cdf',
	'zalando/problem-1.0.1.yaml': 'f91ff692504bbd92cdade9a44d0dccc9d5e36f4cf504a12a6739f832f2f8360e',
};

describe('spec copies', () => {
	it.each(Object.entries(EXPECTED))('%s is unmodified', (file, sha256) => {
		const hash = createHash('sha256')
			.update(readFileSync(specFile(...file.split('/'))))
			.digest('hex');
		expect(hash).toBe(sha256);
		expect(readFileSync(specFile('SOURCES.md'), 'utf8')).toContain(sha256);
	});
});
