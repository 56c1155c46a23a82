// Lint for the project's tooling (tests, emulators, the n8n harness, the benchmark): the `.mts` files that n8n's
// community-node config (eslint.config.mjs, `**/*.ts` only) does not cover because they use Node's own modules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**'] },
	{
		files: ['**/*.mts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			// test fixtures and emulator payloads are loosely typed JSON by nature
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
		},
	},
);
