import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { DEFAULT_SQLITE_URL, resolveDatabaseUrl } from './database-url.js';

type Env = Record<string, string | undefined>;

const complete: Env = {
  SHOPIFY_API_KEY: 'client-id',
  SHOPIFY_API_SECRET: 'client-secret',
  SHOPIFY_APP_URL: 'https://loyalty.example.com',
};

const configError = (load: () => unknown): ConfigError => {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

/** The key each problem is about: the text before the first colon. */
const keysOf = (error: ConfigError) => error.problems.map((problem) => problem.split(':')[0]).sort();

describe('loadConfig', () => {
  it('builds the configuration from a complete environment, with defaults for the optional keys', () => {
    expect(loadConfig(complete)).toEqual({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      shopify: {
        apiKey: 'client-id',
        apiSecret: 'client-secret',
        appUrl: new URL('https://loyalty.example.com'),
        scopes: ['read_orders', 'read_customers', 'write_customers', 'write_discounts', 'read_products'],
        adminTimeoutMs: 10_000,
      },
      database: { kind: 'sqlite', url: DEFAULT_SQLITE_URL, file: './data/loyalty.sqlite' },
      webhookBodyLimit: '1mb',
      webhookUnverifiedLimit: '32mb',
      http: { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, maxConnections: 1024 },
      storefrontRateLimit: { perMinute: 60, redisUrl: null },
      jobs: true,
      imports: { bodyLimit: '50mb', maxRows: 1_000_000 },
    });
  });

  it('reads the storefront rate limit and refuses a REDIS_URL that is not redis', () => {
    const config = loadConfig({
      ...complete,
      REDIS_URL: 'redis://127.0.0.1:6379',
      STOREFRONT_RATE_LIMIT: '5',
    });
    expect(config.storefrontRateLimit).toEqual({ perMinute: 5, redisUrl: 'redis://127.0.0.1:6379' });
    expect(() => loadConfig({ ...complete, REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL/);
  });

  it('reads every optional key when it is set', () => {
    const config = loadConfig({
      ...complete,
      NODE_ENV: 'production',
      PORT: '8080',
      SCOPES: ' read_orders , write_discounts,, ',
      DATABASE_URL: 'postgresql://loyalty:pw@db.internal:5432/loyalty',
      WEBHOOK_BODY_LIMIT: '5mb',
      WEBHOOK_UNVERIFIED_LIMIT: '64mb',
      HOST: '127.0.0.1',
      HTTP_REQUEST_TIMEOUT_MS: '20000',
      HTTP_HEADERS_TIMEOUT_MS: '5000',
      HTTP_MAX_CONNECTIONS: '200',
      IMPORT_BODY_LIMIT: '10mb',
      IMPORT_MAX_ROWS: '200000',
    });
    expect(config.env).toBe('production');
    expect(config.port).toBe(8080); // a number, not the string
    expect(config.shopify.scopes).toEqual(['read_orders', 'write_discounts']); // trimmed, empty entries dropped
    expect(config.database).toEqual({
      kind: 'postgresql',
      url: 'postgresql://loyalty:pw@db.internal:5432/loyalty',
    });
    expect(config.webhookBodyLimit).toBe('5mb');
    expect(config.webhookUnverifiedLimit).toBe('64mb');
    expect(config.host).toBe('127.0.0.1');
    expect(config.http).toEqual({ requestTimeoutMs: 20_000, headersTimeoutMs: 5000, maxConnections: 200 });
    expect(config.imports).toEqual({ bodyLimit: '10mb', maxRows: 200_000 });
    expect(config.shopify.appUrl).toBeInstanceOf(URL);
    expect(config.shopify.appUrl.host).toBe('loyalty.example.com');
  });

  it('accepts the whole port range and port 0', () => {
    expect(loadConfig({ ...complete, PORT: '0' }).port).toBe(0);
    expect(loadConfig({ ...complete, PORT: '65535' }).port).toBe(65535);
  });

  it('lists ALL missing keys in one ConfigError', () => {
    const error = configError(() => loadConfig({}));
    expect(keysOf(error)).toEqual(['SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET', 'SHOPIFY_APP_URL']);
    for (const problem of error.problems) expect(problem).toMatch(/^SHOPIFY_[A-Z_]+: required: /);
    expect(error.name).toBe('ConfigError');
    expect(error).toBeInstanceOf(Error);
  });

  it('lists missing and invalid keys together, the database URL included', () => {
    const error = configError(() =>
      loadConfig({
        SHOPIFY_API_SECRET: 'client-secret',
        NODE_ENV: 'staging',
        PORT: 'eighty',
        DATABASE_URL: 'mysql://root:hunter2@db/loyalty',
      }),
    );
    expect(keysOf(error)).toEqual(['DATABASE_URL', 'NODE_ENV', 'PORT', 'SHOPIFY_API_KEY', 'SHOPIFY_APP_URL']);
    const database = error.problems.find((problem) => problem.startsWith('DATABASE_URL:'));
    expect(database).toContain('must start with file:');
    expect(database).toContain('got "mysql:..."');
    // the message names every problem, one per line
    expect(error.message.split('\n')).toEqual([
      'Invalid configuration:',
      ...error.problems.map((problem) => `  - ${problem}`),
    ]);
  });

  it.each(['1MiB', 'abc', '1 mb', '-1kb'])(
    'refuses a WEBHOOK_BODY_LIMIT the body parser would misread: %s',
    (limit) => {
      const error = configError(() => loadConfig({ ...complete, WEBHOOK_BODY_LIMIT: limit }));
      expect(keysOf(error)).toEqual(['WEBHOOK_BODY_LIMIT']);
    },
  );

  it.each(['1MiB', '32 mb', '-1mb'])('refuses a WEBHOOK_UNVERIFIED_LIMIT that is not a size: %s', (limit) => {
    const error = configError(() => loadConfig({ ...complete, WEBHOOK_UNVERIFIED_LIMIT: limit }));
    expect(keysOf(error)).toEqual(['WEBHOOK_UNVERIFIED_LIMIT']);
  });

  it('refuses an unverified-bytes cap smaller than one allowed body, which could never be accepted', () => {
    const error = configError(() =>
      loadConfig({ ...complete, WEBHOOK_BODY_LIMIT: '2mb', WEBHOOK_UNVERIFIED_LIMIT: '1mb' }),
    );
    expect(keysOf(error)).toEqual(['WEBHOOK_UNVERIFIED_LIMIT']);
    expect(
      loadConfig({ ...complete, WEBHOOK_BODY_LIMIT: '1mb', WEBHOOK_UNVERIFIED_LIMIT: '1024kb' })
        .webhookUnverifiedLimit,
    ).toBe('1024kb');
  });

  it('refuses a headers timeout longer than the request timeout (node:http would throw)', () => {
    const error = configError(() =>
      loadConfig({ ...complete, HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' }),
    );
    expect(keysOf(error)).toEqual(['HTTP_HEADERS_TIMEOUT_MS']);
  });

  it('reports a bad DATABASE_URL even when everything else is fine', () => {
    const error = configError(() => loadConfig({ ...complete, DATABASE_URL: 'sqlite:./loyalty.db' }));
    expect(keysOf(error)).toEqual(['DATABASE_URL']);
  });

  it('never puts a database password into the error', () => {
    const error = configError(() =>
      loadConfig({ ...complete, DATABASE_URL: 'mysql://root:hunter2@db/loyalty' }),
    );
    expect(error.message).not.toContain('hunter2');
  });

  it.each([
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['NODE_ENV', 'staging'],
    ['SHOPIFY_APP_URL', 'not a url'],
    ['HOST', '   '],
    ['HTTP_REQUEST_TIMEOUT_MS', '0'],
    ['HTTP_HEADERS_TIMEOUT_MS', '1.5'],
    ['HTTP_MAX_CONNECTIONS', '0'],
    ['HTTP_MAX_CONNECTIONS', 'many'],
  ])('rejects %s=%j', (key, value) => {
    expect(keysOf(configError(() => loadConfig({ ...complete, [key]: value })))).toEqual([key]);
  });

  it('treats an empty value as unset', () => {
    // empty optional keys fall back to their defaults
    const config = loadConfig({ ...complete, PORT: '', DATABASE_URL: '', SCOPES: '' });
    expect(config.port).toBe(3000);
    expect(config.database.url).toBe(DEFAULT_SQLITE_URL);
    expect(config.shopify.scopes).toContain('read_orders');
    // empty required keys are missing
    const error = configError(() => loadConfig({ ...complete, SHOPIFY_API_SECRET: '' }));
    expect(keysOf(error)).toEqual(['SHOPIFY_API_SECRET']);
  });

  describe('defaults', () => {
    const demoDefaults = (env: Env): Env => ({
      SHOPIFY_API_KEY: 'demo-key',
      SHOPIFY_API_SECRET: 'demo-secret',
      SHOPIFY_APP_URL: `http://localhost:${env.PORT || 3000}`,
    });

    it('fill the keys the environment leaves unset', () => {
      const config = loadConfig({}, demoDefaults);
      expect(config.shopify.apiKey).toBe('demo-key');
      expect(config.shopify.apiSecret).toBe('demo-secret');
      expect(config.shopify.appUrl.href).toBe('http://localhost:3000/');
    });

    it('never override a key the environment sets', () => {
      const config = loadConfig(
        { SHOPIFY_API_KEY: 'real-key', SHOPIFY_APP_URL: 'https://real.example.com' },
        demoDefaults,
      );
      expect(config.shopify.apiKey).toBe('real-key');
      expect(config.shopify.appUrl.href).toBe('https://real.example.com/');
      expect(config.shopify.apiSecret).toBe('demo-secret'); // unset, so the default applies
    });

    it('fill a key the environment sets to the empty string', () => {
      expect(loadConfig({ SHOPIFY_API_SECRET: '' }, demoDefaults).shopify.apiSecret).toBe('demo-secret');
    });

    it('are computed from the environment they are given', () => {
      const seen: Env[] = [];
      const source: Env = { PORT: '4123' };
      const config = loadConfig(source, (env) => {
        seen.push(env);
        return demoDefaults(env);
      });
      expect(seen).toEqual([source]);
      expect(config.port).toBe(4123);
      expect(config.shopify.appUrl.href).toBe('http://localhost:4123/');
    });

    it('do not hide an invalid value the environment sets', () => {
      const error = configError(() => loadConfig({ ...complete, PORT: 'abc' }, () => ({ PORT: '3000' })));
      expect(keysOf(error)).toEqual(['PORT']);
    });

    it('may choose the database too', () => {
      const config = loadConfig(complete, () => ({ DATABASE_URL: 'file:/tmp/demo.sqlite' }));
      expect(config.database).toEqual({
        kind: 'sqlite',
        url: 'file:/tmp/demo.sqlite',
        file: '/tmp/demo.sqlite',
      });
      const overridden = loadConfig({ ...complete, DATABASE_URL: 'postgres://db/loyalty' }, () => ({
        DATABASE_URL: 'file:/tmp/demo.sqlite',
      }));
      expect(overridden.database.kind).toBe('postgresql');
    });
  });
});

describe('resolveDatabaseUrl', () => {
  it('uses the embedded SQLite file when no URL is set', () => {
    const expected = { kind: 'sqlite', url: 'file:./data/loyalty.sqlite', file: './data/loyalty.sqlite' };
    expect(DEFAULT_SQLITE_URL).toBe('file:./data/loyalty.sqlite');
    expect(resolveDatabaseUrl(undefined)).toEqual(expected);
    expect(resolveDatabaseUrl('')).toEqual(expected);
    expect(resolveDatabaseUrl('   ')).toEqual(expected);
  });

  it('reads a file: URL as a SQLite file path', () => {
    expect(resolveDatabaseUrl('file:/var/lib/loyalty/db.sqlite')).toEqual({
      kind: 'sqlite',
      url: 'file:/var/lib/loyalty/db.sqlite',
      file: '/var/lib/loyalty/db.sqlite',
    });
    expect(resolveDatabaseUrl('  file:./test.sqlite\n')).toEqual({
      kind: 'sqlite',
      url: 'file:./test.sqlite',
      file: './test.sqlite',
    });
  });

  it.each(['postgres://loyalty:pw@localhost:5432/loyalty', 'postgresql://localhost/loyalty?sslmode=require'])(
    'reads %s as PostgreSQL',
    (url) => {
      expect(resolveDatabaseUrl(url)).toEqual({ kind: 'postgresql', url });
      expect(resolveDatabaseUrl(` ${url} `)).toEqual({ kind: 'postgresql', url });
    },
  );

  it.each([
    ['mysql://root:hunter2@db/loyalty', 'mysql'],
    ['sqlite:./loyalty.db', 'sqlite'],
    ['postgres:/localhost/loyalty', 'postgres'], // one slash is not a postgres:// URL
    ['postgresx://localhost/loyalty', 'postgresx'],
    ['./data/loyalty.sqlite', './data/loyalty.sqlite'], // a bare path is not a URL
  ])('rejects %s, naming only its scheme', (url, scheme) => {
    expect(() => resolveDatabaseUrl(url)).toThrow(
      `DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL), got "${scheme}:..."`,
    );
  });

  it('keeps the password of a rejected URL out of the message', () => {
    expect(() => resolveDatabaseUrl('mysql://root:hunter2@db/loyalty')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
