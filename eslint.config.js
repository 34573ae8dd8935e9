import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // extensions/*/shopify.d.ts is written by Shopify CLI (its //@ts-ignore lines included); dist/ is its build.
    ignores: [
      'node_modules/',
      'web/db/generated/',
      'web/dist/',
      'data/',
      'web/frontend/dist/',
      'extensions/*/shopify.d.ts',
      'extensions/*/dist/',
      'extensions/*/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Configuration is parsed once, in web/config/config.ts; everything else receives it.
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration from web/config, not process.env.',
        },
      ],
    },
  },
  {
    files: ['web/config/config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The domain core stays pure: plain functions over plain types.
    files: ['web/loyalty/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['express', 'express/*'], message: 'web/loyalty is the pure domain core: no express.' },
            {
              group: ['@prisma/*', 'prisma', '**/db/**', '**/generated/**'],
              message: 'web/loyalty is the pure domain core: no prisma.',
            },
            { group: ['@shopify/*'], message: 'web/loyalty is the pure domain core: no @shopify packages.' },
            {
              group: ['node:*', 'fs', 'http', 'crypto'],
              message: 'web/loyalty is the pure domain core: no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // Production code never loads demo mode or the simulations (they live in web/demo, used by tests and demo).
    files: ['web/**/*.ts'],
    ignores: ['web/demo/**', 'web/loyalty/**', 'web/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/demo/**', '**/demo/*'], message: 'Production code must not import web/demo.' },
            {
              group: ['**/admin-schema.js'],
              message: 'The Admin schema is for tests and the simulated Admin only.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
