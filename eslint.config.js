// ESLint with typescript-eslint's type-aware rules, and the layer boundaries as import rules.
// Formatting is Prettier's (eslint-config-prettier turns off the rules it owns).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** The HTTP edge may not reach up into a domain, and nothing outside src/store/ into its internals. */
const STORE_INTERNALS = {
  group: ['**/store/kysely/*', '**/store/change-marker.js', '**/store/sqlite-*'],
  message: 'Use the store interface (src/store/store.ts and its record types); the implementation is the store’s own.',
};

export default tseslint.config(
  // Plain-JavaScript entry points outside the TypeScript project (test/run.mjs, bench/built-node.mjs, which runs dist/, web/compress.mjs).
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bin/**', 'test/run.mjs', 'bench/built-node.mjs', 'web/compress.mjs', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      // Fastify plugins and route handlers are async by contract, awaited or not.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/http/**/*.ts'],
    ignores: ['src/http/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/management/*', '**/management/**', '**/oauth/*', '**/oauth/**'],
              message: 'The HTTP edge receives interfaces from src/auth/; it does not import a domain.',
            },
            STORE_INTERNALS,
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/store/**', 'src/http/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [STORE_INTERNALS] }] },
  },
  {
    // Tests and benchmarks read light-my-request's `json()` (typed any by design) and keep async
    // callbacks the runner awaits: the unsafe-any family and require-await are for src/ only.
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
);
