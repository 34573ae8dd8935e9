import { configDefaults, defineConfig } from 'vitest/config';

// Tests that open the served merchant panel need its build (web/frontend/dist): their project builds it first.
const PAGE_TESTS = ['test/embedded-entry.test.ts', 'test/panel-*.test.ts'];

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
          exclude: [...configDefaults.exclude, 'web/frontend/**', ...PAGE_TESTS],
        },
      },
      {
        // Built once per run, only when missing or older than web/frontend's sources, and only when a test of
        // this project runs (vitest runs a project's global setup only then).
        extends: true,
        test: { name: 'page', include: PAGE_TESTS, globalSetup: ['test/support/panel-build-setup.ts'] },
      },
      {
        // The panel's pure parts (money, problems, tokens, locales); no DOM needed.
        extends: true,
        test: { name: 'panel', include: ['web/frontend/src/**/*.test.ts'] },
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
