import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from './support/redis.js';
import { type StorefrontApp, startStorefrontApp } from './support/storefront-fixture.js';

// Runs where Redis is available: .ci/run starts it and sets TEST_REDIS_URL (as TEST_DATABASE_URL for PostgreSQL).
describe.runIf(TEST_REDIS_URL)('storefront rate limit in Redis, shared by app processes', () => {
  const apps: StorefrontApp[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++)
      apps.push(
        await startStorefrontApp('sqlite', (config) => ({
          ...config,
          storefrontRateLimit: { perMinute: 4, redisUrl: TEST_REDIS_URL },
        })),
      );
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it("counts one customer's requests across both processes", async () => {
    // Redis keeps counts for a minute across test runs: a customer id of this run's own
    const customer = randomInt(1_000_000, 2_000_000_000);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await apps[i % 2]!.storefront('/balance', { customer })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
