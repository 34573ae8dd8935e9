/**
 * The UI extensions as `shopify app deploy` reads them: toml, modules, locales, the committed shopify.d.ts, and
 * the files each extension keeps a copy of (each extension is bundled on its own, so none imports another's).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const EXTENSIONS = join(ROOT, 'extensions');

interface Targeting {
  target: string;
  module: string;
  metafields?: { namespace: string; key: string }[];
}
interface UiExtension {
  type: string;
  handle: string;
  targeting: Targeting[];
  capabilities?: Record<string, boolean>;
  metafields?: { namespace: string; key: string }[];
}

const read = (path: string) => readFileSync(path, 'utf8');
const tomls = readdirSync(EXTENSIONS)
  .map((name) => join(EXTENSIONS, name, 'shopify.extension.toml'))
  .filter(existsSync)
  .map((path) => ({
    dir: join(path, '..'),
    toml: parse(read(path)) as { api_version?: string; extensions?: UiExtension[] },
  }))
  .filter(({ toml }) => toml.extensions?.some((e) => e.type === 'ui_extension'));
const byHandle = new Map(
  tomls.flatMap(({ dir, toml }) => toml.extensions!.map((e) => [e.handle, { dir, toml, e }])),
);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Dotted keys of a locale file; a plural group (`one`/`other`) counts as its leaves. */
function keys(messages: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keys(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}
const locale = (dir: string, file: string) =>
  JSON.parse(read(join(dir, 'locales', file))) as Record<string, unknown>;

test('both extensions are found', () => {
  expect([...byHandle.keys()].sort()).toEqual(['loyalty-account', 'loyalty-checkout']);
});

describe.each(tomls.map(({ dir, toml }) => [relative(ROOT, dir), dir, toml] as const))(
  '%s',
  (_name, dir, toml) => {
    test('targets API 2026-07, and every target module exists', () => {
      expect(toml.api_version).toBe('2026-07');
      for (const extension of toml.extensions!)
        for (const { module } of extension.targeting)
          expect(existsSync(join(dir, module)), module).toBe(true);
    });

    test('has English (default) and German texts with the same keys', () => {
      const en = keys(locale(dir, 'en.default.json')).sort();
      expect(en.length).toBeGreaterThan(0);
      expect(keys(locale(dir, 'de.json')).sort()).toEqual(en);
    });

    test('every key the code uses exists in both locales', () => {
      const en = locale(dir, 'en.default.json');
      const defined = new Set([...keys(en), ...keys(en).map((k) => k.replace(/\.(one|other)$/, ''))]);
      const namespaces = Object.keys(en);
      const used = new Set<string>();
      for (const file of files(join(dir, 'src'))) {
        const source = read(file);
        for (const [, key] of source.matchAll(/\bt\(\s*'([^']+)'/g)) used.add(key!);
        for (const [, key] of source.matchAll(/'([a-z][A-Za-z]*(?:\.[a-z][A-Za-z]*)+)'/g))
          if (namespaces.includes(key!.split('.')[0]!)) used.add(key!);
      }
      expect(used.size).toBeGreaterThan(10);
      expect([...used].filter((key) => !defined.has(key))).toEqual([]);
    });

    test('the workspace pins the packages that work offline on Node 20 (docs/design.md 5.4)', () => {
      const pkg = JSON.parse(read(join(dir, 'package.json'))) as { dependencies: Record<string, string> };
      expect(pkg.dependencies).toEqual({
        '@shopify/ui-extensions': '2026.7.4',
        preact: expect.stringMatching(/^\^10\./),
        '@preact/signals': expect.stringMatching(/^\^2\./),
      });
    });

    test('shopify.d.ts types each target module with its target API, as the CLI writes it', () => {
      const dts = read(join(dir, 'shopify.d.ts'));
      for (const extension of toml.extensions!)
        for (const { target, module } of extension.targeting) {
          const block = new RegExp(
            `declare module '${module.replace(/\./g, '\\.')}' \\{\\s*const shopify: import\\('@shopify/ui-extensions/${target.replace(/\./g, '\\.')}'\\)\\.Api;`,
          );
          expect(dts, module).toMatch(block);
        }
      for (const [, path] of dts.matchAll(/declare module '([^']+)'/g))
        expect(existsSync(join(dir, path!)), path).toBe(true);
    });

    test('the app URL is shopify.app.toml’s application_url', () => {
      const app = parse(read(join(ROOT, 'shopify.app.toml'))) as { application_url: string };
      expect(read(join(dir, 'src', 'app-url.ts'))).toContain(`APP_URL = '${app.application_url}'`);
    });
  },
);

test('the checkout block renders before the discount form, with network and API access and its metafields', () => {
  const { e } = byHandle.get('loyalty-checkout')!;
  expect(e.targeting).toEqual([
    { target: 'purchase.checkout.reductions.render-before', module: './src/Checkout.tsx' },
  ]);
  expect(e.capabilities).toMatchObject({ network_access: true, api_access: true });
  expect(e.metafields).toEqual([
    { namespace: '$app', key: 'loyalty' },
    { namespace: '$app', key: 'points_balance' },
    { namespace: '$app', key: 'return_visit' },
  ]);
  // They are app-owned metafields the app declares, so Shopify creates them on deploy.
  const app = parse(read(join(ROOT, 'shopify.app.toml'))) as { customer: { metafields: { app: object } } };
  expect(Object.keys(app.customer.metafields.app)).toEqual(
    expect.arrayContaining(['loyalty', 'points_balance', 'return_visit']),
  );
});

test('the account extension holds the Loyalty page and the thank-you block', () => {
  const { e } = byHandle.get('loyalty-account')!;
  // The CLI gives a target its own metafields, else the extension's: return_visit goes to the thank-you
  // block only, since the page's API has no appMetafields.
  expect(e.targeting).toEqual([
    { target: 'customer-account.page.render', module: './src/LoyaltyPage.tsx' },
    {
      target: 'purchase.thank-you.block.render',
      module: './src/ThankYou.tsx',
      metafields: [{ namespace: '$app', key: 'return_visit' }],
    },
  ]);
  expect(e.metafields).toBeUndefined();
  expect(e.capabilities).toMatchObject({ network_access: true, api_access: true });
});

test('files both extensions keep a copy of are identical', () => {
  const [a, b] = ['loyalty-checkout', 'loyalty-account'].map((h) => byHandle.get(h)!.dir) as [string, string];
  const copies = (dir: string) =>
    [...files(join(dir, 'src', 'shared')), join(dir, 'tests', 'helpers.ts')]
      .map((file) => relative(dir, file))
      .sort();
  const components = files(join(a, 'src', 'components'))
    .map((file) => relative(a, file))
    .filter((file) => existsSync(join(b, file)));
  expect(copies(b)).toEqual(copies(a));
  expect(components.length).toBeGreaterThan(0);
  for (const file of [...copies(a), ...components])
    expect(read(join(b, file)), file).toBe(read(join(a, file)));
});
