// npm run lint: eslint with typescript-eslint's recommended rules over the code we write
// (src, test, bench, scripts, bin). Layout is prettier's job (npm run format), not the linter's.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import nodeGlobals from './scripts/node-globals.js';

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'bench/.work/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: nodeGlobals },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter a signature needs but the body does not; `{ drop, ...rest }` drops a key.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests match column-aligned CLI output: literal runs of spaces read like the output they match.
      'no-regex-spaces': 'off',
    },
  },
);
