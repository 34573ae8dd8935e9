import { z } from 'zod';
import { type DatabaseTarget, resolveDatabaseUrl } from './database-url.js';

/**
 * The only place that reads the environment. Parsed once at start; every missing or invalid key is listed in one
 * error, so a misconfigured deploy fails at boot with the whole list instead of one key at a time.
 */
const required = (what: string) => z.string({ error: `required: ${what}` }).min(1, `required: ${what}`);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SHOPIFY_API_KEY: required('the app client id from the Partner Dashboard'),
  SHOPIFY_API_SECRET: required('the app client secret'),
  SHOPIFY_APP_URL: z.url({ error: 'required: the public https URL of the app' }),
  SCOPES: z.string().default('read_orders,read_customers,write_customers,write_discounts,read_products'),
  DATABASE_URL: z.string().optional(),
  WEBHOOK_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must be a size like 1mb or 512kb')
    .default('1mb'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  shopify: { apiKey: string; apiSecret: string; appUrl: URL; scopes: string[] };
  database: DatabaseTarget;
  webhookBodyLimit: string;
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
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  let database: DatabaseTarget | undefined;
  try {
    database = resolveDatabaseUrl(env.DATABASE_URL);
  } catch (error) {
    problems.push(`DATABASE_URL: ${(error as Error).message}`);
  }
  if (!parsed.success || !database) throw new ConfigError(problems);
  const value = parsed.data;
  return {
    env: value.NODE_ENV,
    port: value.PORT,
    shopify: {
      apiKey: value.SHOPIFY_API_KEY,
      apiSecret: value.SHOPIFY_API_SECRET,
      appUrl: new URL(value.SHOPIFY_APP_URL),
      scopes: value.SCOPES.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    },
    database,
    webhookBodyLimit: value.WEBHOOK_BODY_LIMIT,
  };
}

function definedOnly(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}
