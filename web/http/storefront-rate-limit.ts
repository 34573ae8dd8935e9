import { rateLimit, type RateLimitRequestHandler, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import { createClient } from 'redis';
import { LoyaltyError } from '../loyalty/errors.js';

/**
 * Per-customer limit for the storefront API (express-rate-limit). Counted per shop and customer, from the verified
 * token, so one shopper cannot use up another's allowance and shared IPs (mobile carriers) are not punished. With
 * REDIS_URL the counts live in Redis and hold across app processes; otherwise in this process' memory. 429 with
 * Retry-After and the IETF RateLimit headers.
 */
export async function storefrontRateLimit(options: {
  perMinute: number;
  redisUrl: string | null;
  log: (message: string, fields?: Record<string, unknown>) => void;
}): Promise<{ middleware: RateLimitRequestHandler; close(): Promise<void> }> {
  let store: Store | undefined;
  let close = async () => undefined as void;
  if (options.redisUrl) {
    const client = createClient({ url: options.redisUrl });
    // Without a listener a dropped connection is an unhandled 'error' event and ends the process; the client
    // reconnects by itself.
    client.on('error', (error: Error) => options.log('redis error', { error: error.message }));
    await client.connect();
    store = new RedisStore({
      prefix: 'loyalty:storefront-rate:',
      sendCommand: (...args: string[]) => client.sendCommand(args),
    });
    close = async () => {
      await client.quit();
    };
  }
  const middleware = rateLimit({
    windowMs: 60_000,
    limit: options.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Redis unreachable: serve shoppers unlimited rather than fail their checkout (the error is logged above)
    passOnStoreError: true,
    keyGenerator: (_req, res) => `${res.locals.shop as string}|${res.locals.customerGid as string}`,
    handler: (_req, _res, next) =>
      next(
        new LoyaltyError('rate_limited', 'Too many requests; try again after the Retry-After seconds.', 429),
      ),
    ...(store && { store }),
  });
  return { middleware, close };
}
