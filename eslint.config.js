import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'bench/results/**', 'web/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  // The browser app: `tsc -p web` checks every name against the DOM library, which no-undef
  // (made for untyped code) does not know.
  { files: ['web/**/*.js'], rules: { 'no-undef': 'off' } },
  {
    files: ['eslint.config.js', 'vitest.config.ts', 'vitest.ha.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
