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
  {
    // The merchant panel is browser code (web/frontend, React + TSX). Only its host adapter reads what the page
    // that hosts it provides (App Bridge's global, an injected token source); components get the API client.
    files: ['web/frontend/**/*.{ts,tsx}'],
    ignores: ['web/frontend/vite.config.ts', 'web/frontend/src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'The panel runs in the browser: no process.env.',
        },
        {
          selector:
            'MemberExpression[object.name=/^(window|globalThis)$/][property.name=/^(shopify|loyaltyDemo)$/]',
          message: 'Read the host page only in web/frontend/src/shell/host-window.ts.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The panel runs in the browser: no Node built-ins.' },
            {
              group: ['**/loyalty/**', '**/db/**', '**/use-cases/**', '**/demo/**'],
              message: 'Server code stays on the server.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/frontend/src/shell/host-window.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  prettier,
);
