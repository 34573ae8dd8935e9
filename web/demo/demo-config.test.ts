import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config.js';
import { DEFAULT_SQLITE_URL } from '../config/database-url.js';
import { databaseCommand, demoServerConfig } from './demo-config.js';
import { DEMO_API_KEY, DEMO_API_SECRET } from './demo-shop.js';
import { demoConfig } from './send-demo-orders.js';

const problemsOf = (load: () => unknown): string[] => {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('demoServerConfig (npm run demo)', () => {
  it('uses data/demo.sqlite, never the production file, and binds 127.0.0.1 with the demo credentials', () => {
    const config = demoServerConfig({});
    expect(config.database).toEqual({
      kind: 'sqlite',
      url: 'file:./data/demo.sqlite',
      file: './data/demo.sqlite',
    });
    expect(config.database.url).not.toBe(DEFAULT_SQLITE_URL);
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.shopify.apiKey).toBe(DEMO_API_KEY);
    expect(config.shopify.apiSecret).toBe(DEMO_API_SECRET);
    expect(databaseCommand(config.database)).toBe('sqlite3 data/demo.sqlite');
  });

  it('ignores DATABASE_URL, so a production database in the environment is never the demo one', () => {
    const config = demoServerConfig({ DATABASE_URL: 'postgresql://prod.internal/loyalty' });
    expect(config.database.url).toBe('file:./data/demo.sqlite');
  });

  it('uses DEMO_DATABASE_URL when it is set', () => {
    const config = demoServerConfig({ DEMO_DATABASE_URL: 'file:/tmp/other-demo.sqlite' });
    expect(config.database).toMatchObject({ kind: 'sqlite', file: '/tmp/other-demo.sqlite' });
    const pg = demoServerConfig({ DEMO_DATABASE_URL: 'postgresql://demo:pw@localhost/demo' });
    expect(databaseCommand(pg.database)).not.toContain('pw');
  });

  it.each([
    ['the production default file', { DEMO_DATABASE_URL: 'file:./data/loyalty.sqlite' }],
    [
      'the production default file, spelled differently',
      { DEMO_DATABASE_URL: `file:${resolve('data/loyalty.sqlite')}` },
    ],
    [
      'the DATABASE_URL of the environment',
      { DATABASE_URL: 'postgresql://db/loyalty', DEMO_DATABASE_URL: 'postgresql://db/loyalty' },
    ],
  ])('refuses a DEMO_DATABASE_URL naming %s', (_what, env) => {
    expect(problemsOf(() => demoServerConfig(env))).toEqual([
      'DEMO_DATABASE_URL: must not be the production database',
    ]);
  });

  it('reports an invalid DEMO_DATABASE_URL under its own name', () => {
    const problems = problemsOf(() => demoServerConfig({ DEMO_DATABASE_URL: 'mysql://x/y' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DEMO_DATABASE_URL: /);
  });

  it('follows HOST, PORT and the SHOPIFY_* variables when they are set', () => {
    const config = demoServerConfig({ HOST: '0.0.0.0', PORT: '4100', SHOPIFY_API_SECRET: 'mine' });
    expect(config.host).toBe('0.0.0.0');
    expect(config.port).toBe(4100);
    expect(config.shopify.appUrl.href).toBe('http://localhost:4100/');
    expect(config.shopify.apiSecret).toBe('mine');
  });
});

describe('demoConfig (npm run demo:orders)', () => {
  it('sends to the port of PORT, as the demo server listens on it', () => {
    expect(demoConfig({}).url).toBe('http://127.0.0.1:3000');
    expect(demoConfig({ PORT: '4100' }).url).toBe('http://127.0.0.1:4100');
  });

  it('still prefers an explicit DEMO_URL', () => {
    expect(demoConfig({ PORT: '4100', DEMO_URL: 'https://app.example.com/' }).url).toBe(
      'https://app.example.com',
    );
  });

  it("reports placed orders to the simulated storefront on the app's port + 1, unless DEMO_STOREFRONT_URL says", () => {
    expect(demoConfig({ PORT: '4100' }).storefrontUrl).toBe('http://127.0.0.1:4101');
    expect(demoConfig({ DEMO_URL: 'https://app.example.com' }).storefrontUrl).toBe(
      'https://app.example.com:444',
    );
    expect(demoConfig({ PORT: '4100', DEMO_STOREFRONT_URL: 'http://127.0.0.1:9000/' }).storefrontUrl).toBe(
      'http://127.0.0.1:9000',
    );
  });
});
