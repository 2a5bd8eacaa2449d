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
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
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
            { group: ['**/management/*', '**/management/**', '**/oauth/*', '**/oauth/**'], message: 'The HTTP edge receives interfaces from src/auth/; it does not import a domain.' },
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
  prettier,
);
