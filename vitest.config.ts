import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each test file gets its own database; two workers match the two cores of the CI machines.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: [
            'web/**/*.test.ts',
            'test/**/*.test.ts',
            'extensions/return-visit-discount/tests/**/*.test.ts',
          ],
        },
      },
      {
        // UI extensions (extensions/*/tests) under jsdom with @shopify/ui-extensions-tester. Its render()
        // imports the toml's module with a dynamic import(): inlined, vitest transforms the .tsx; otherwise Node
        // loads it and fails with "Unknown file extension .tsx" (a workaround the tester's README does not mention).
        extends: true,
        esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
        test: {
          name: 'extensions',
          environment: 'jsdom',
          include: ['extensions/*/tests/**/*.test.{ts,tsx}'],
          // the Discount Function is plain TypeScript with no DOM: it runs in the node project only
          exclude: ['extensions/return-visit-discount/**'],
          server: { deps: { inline: ['@shopify/ui-extensions-tester'] } },
        },
      },
    ],
  },
});
