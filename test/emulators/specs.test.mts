/** The spec copies must stay byte-identical to the published files (SOURCES.md lists the hashes). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { specFile } from '../../sandbox/emulators/specs/index.mts';

const EXPECTED: Record<string, string> = {
	'bol/retailer-v10.json': '58d4a50e5f9b25671b34d655d443908afc224cf75d64bac7c5387abed773ab7c',
	'bol/shared-v10.json': '45279c2a4af50462f1358aabd4553570b7d05b87dabdc8acccbbf2a68c67e505',
	'bol/offers-v11.yaml': '9b05c63a72cea01c45eb49a4f5b3249260d65710f9490149742a353d412cd383',
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
