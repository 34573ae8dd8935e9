import { resolve } from 'node:path';
import { z } from 'zod';
import { BYTE_SIZE, byteSize } from './byte-size.js';
import {
  type DatabaseTarget,
  DEFAULT_SQLITE_URL,
  DEMO_SQLITE_URL,
  resolveDatabaseUrl,
} from './database-url.js';

/**
 * The only place that reads the environment. Parsed once at start; every missing or invalid key is listed in one
 * error, so a misconfigured deploy fails at boot with the whole list instead of one key at a time.
 */
const required = (what: string) => z.string({ error: `required: ${what}` }).min(1, `required: ${what}`);
const size = (fallback: string) =>
  z.string().regex(BYTE_SIZE, 'must be a size like 1mb or 512kb').default(fallback);
const milliseconds = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  SHOPIFY_API_KEY: required('the app client id from the Partner Dashboard'),
  SHOPIFY_API_SECRET: required('the app client secret'),
  SHOPIFY_APP_URL: z.url({ error: 'required: the public https URL of the app' }),
  SCOPES: z.string().default('read_orders,read_customers,write_customers,write_discounts,read_products'),
  DATABASE_URL: z.string().optional(),
  WEBHOOK_BODY_LIMIT: size('1mb'),
  WEBHOOK_UNVERIFIED_LIMIT: size('32mb'),
  HTTP_REQUEST_TIMEOUT_MS: milliseconds(30_000),
  HTTP_HEADERS_TIMEOUT_MS: milliseconds(10_000),
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1024),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  STOREFRONT_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
  JOBS: z.enum(['on', 'off']).default('on'),
  SHOPIFY_ADMIN_TIMEOUT_MS: milliseconds(10_000),
  IMPORT_BODY_LIMIT: size('50mb'),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(1_000_000),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  /** The bind address: 0.0.0.0 in production (a PaaS router reaches the app from outside); the demo uses 127.0.0.1. */
  host: string;
  /** adminTimeoutMs: how long one Admin GraphQL attempt may take before it counts as failed. */
  shopify: { apiKey: string; apiSecret: string; appUrl: URL; scopes: string[]; adminTimeoutMs: number };
  database: DatabaseTarget;
  webhookBodyLimit: string;
  /** Webhook body bytes read but not yet HMAC-checked, summed over all requests; past it, 503 busy. */
  webhookUnverifiedLimit: string;
  http: { requestTimeoutMs: number; headersTimeoutMs: number; maxConnections: number };
  /** Storefront API requests per customer per minute; counted in Redis when redisUrl is set (several processes). */
  storefrontRateLimit: { perMinute: number; redisUrl: string | null };
  /** Periodic jobs (web/jobs) run in every app process, one at a time per job through a lease; off: none here. */
  jobs: boolean;
  /** POST /api/imports: the largest CSV body (413 beyond) and the most data rows in one file (422 beyond). */
  imports: { bodyLimit: string; maxRows: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * `defaults` fill keys the environment leaves unset; only demo mode passes any (see web/demo/start-demo.ts).
 */
export function loadConfig(source: Env = process.env, defaults: (env: Env) => Env = () => ({})): Config {
  const env = { ...defaults(source), ...definedOnly(source) };
  const parsed = schema.safeParse(env);
  const problems = parsed.success
    ? crossChecks(parsed.data)
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  let database: DatabaseTarget | undefined;
  try {
    database = resolveDatabaseUrl(env.DATABASE_URL);
  } catch (error) {
    problems.push(`DATABASE_URL: ${(error as Error).message}`);
  }
  if (!parsed.success || !database || problems.length) throw new ConfigError(problems);
  const value = parsed.data;
  return {
    env: value.NODE_ENV,
    port: value.PORT,
    host: value.HOST,
    shopify: {
      apiKey: value.SHOPIFY_API_KEY,
      apiSecret: value.SHOPIFY_API_SECRET,
      appUrl: new URL(value.SHOPIFY_APP_URL),
      scopes: value.SCOPES.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      adminTimeoutMs: value.SHOPIFY_ADMIN_TIMEOUT_MS,
    },
    database,
    webhookBodyLimit: value.WEBHOOK_BODY_LIMIT,
    webhookUnverifiedLimit: value.WEBHOOK_UNVERIFIED_LIMIT,
    http: {
      requestTimeoutMs: value.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: value.HTTP_HEADERS_TIMEOUT_MS,
      maxConnections: value.HTTP_MAX_CONNECTIONS,
    },
    storefrontRateLimit: { perMinute: value.STOREFRONT_RATE_LIMIT, redisUrl: value.REDIS_URL ?? null },
    jobs: value.JOBS === 'on',
    imports: { bodyLimit: value.IMPORT_BODY_LIMIT, maxRows: value.IMPORT_MAX_ROWS },
  };
}

/** Limits that only make sense together. */
function crossChecks(value: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  // A body as large as allowed must fit into the unverified budget, or it could never be accepted.
  if (byteSize(value.WEBHOOK_UNVERIFIED_LIMIT) < byteSize(value.WEBHOOK_BODY_LIMIT))
    problems.push('WEBHOOK_UNVERIFIED_LIMIT: must be at least WEBHOOK_BODY_LIMIT');
  // node:http refuses a headers timeout longer than the request timeout.
  if (value.HTTP_HEADERS_TIMEOUT_MS > value.HTTP_REQUEST_TIMEOUT_MS)
    problems.push('HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS');
  return problems;
}

/**
 * Demo mode (web/demo/demo-config.ts): the same configuration, but never on production's database. DATABASE_URL is
 * ignored; DEMO_DATABASE_URL (default data/demo.sqlite) takes its place and is refused if it names the production
 * database (DATABASE_URL, or the default data/loyalty.sqlite).
 */
export function loadDemoConfig(defaults: (env: Env) => Env, source: Env = process.env): Config {
  const { DATABASE_URL: production, DEMO_DATABASE_URL: demo, ...rest } = definedOnly(source);
  const url = demo?.trim() || DEMO_SQLITE_URL;
  if ([DEFAULT_SQLITE_URL, production].some((other) => other && sameDatabase(url, other)))
    throw new ConfigError(['DEMO_DATABASE_URL: must not be the production database']);
  try {
    return loadConfig({ ...rest, DATABASE_URL: url }, defaults);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(error.problems.map((p) => p.replace(/^DATABASE_URL:/, 'DEMO_DATABASE_URL:')));
  }
}

function sameDatabase(a: string, b: string): boolean {
  try {
    const [x, y] = [resolveDatabaseUrl(a), resolveDatabaseUrl(b)];
    return x.kind === 'sqlite' && y.kind === 'sqlite' ? resolve(x.file) === resolve(y.file) : x.url === y.url;
  } catch {
    return false; // an invalid URL is reported by loadConfig
  }
}

function definedOnly(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}
