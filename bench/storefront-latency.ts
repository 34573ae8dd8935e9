/**
 * Storefront API latency: redemption (debit, code in the simulated Admin, activation) and the balance read, idle
 * and while the inbox credits a backlog of webhooks. In-process (the simulated Shopify has to live in the server's
 * process, as in demo mode), on the development build through tsx, requests one at a time, so the figures are
 * the server's own latency plus a loopback round trip; the load generator shares the process.
 */
import { randomUUID } from 'node:crypto';
import { Session } from '@shopify/shopify-api';
import { resolveDatabaseUrl } from '../web/config/database-url.js';
import { OPTIONS } from '../test/support/storefront-fixture.js';
import { API_KEY, API_SECRET, SHOP, testConfig } from '../test/support/test-app.js';
import { signSessionToken } from '../web/demo/session-token.js';
import { orderPayload, signWebhook } from '../web/demo/shopify-payloads.js';
import { installSimulatedShopify } from '../web/demo/simulated-shopify.js';
import { startServer } from '../web/server.js';
import { installShop } from '../web/use-cases/install-shop.js';
import { freshDatabase } from './databases.js';
import type { DbKind } from './options.js';
import { fmt, type Report } from './report.js';

const CUSTOMERS = 100;
const REDEMPTIONS = 300;
const READS = 1000;
const BACKLOG = 2000;
// "a few ms" from the projection; during a backlog the read must not wait for the inbox to drain (seconds), only
// share the machine (and on SQLite the one connection) with the crediting batch in progress
const BALANCE_P50_TARGET_MS = 5;
const BALANCE_BACKLOG_P99_TARGET_MS = 250;

export async function storefrontLatency(
  report: Report,
  kind: DbKind,
  opts: { dir: string; pgAdminUrl: string },
): Promise<void> {
  const database = await freshDatabase(kind, opts);
  await database.close(); // the bench's own connection is not needed: the server migrates and writes
  const simulated = installSimulatedShopify({ apiKey: API_KEY, apiSecret: API_SECRET, scopes: [] });
  const config = {
    ...testConfig(resolveDatabaseUrl(database.url)),
    storefrontRateLimit: { perMinute: 1e9, redisUrl: null },
  };
  const running = await startServer(config, () => undefined);
  try {
    simulated.grant(SHOP, 'shpat_bench');
    await running.shopify.config.sessionStorage.storeSession(
      new Session({
        id: `offline_${SHOP}`,
        shop: SHOP,
        state: 'x',
        isOnline: false,
        accessToken: 'shpat_bench',
      }),
    );
    await running.store.transaction(async (repos) => {
      await installShop(repos, SHOP, new Date());
      await repos.shops.ensure(SHOP, 'EUR');
      const [current] = await repos.shops.programVersions(SHOP);
      await repos.shops.addProgramVersion(SHOP, { ...current!, redemptionOptions: OPTIONS }, new Date(0));
    });
    let orderId = 1;
    const deliver = (customer: number, price: string) => {
      const body = orderPayload({
        orderId: orderId++,
        customerId: customer,
        lines: [{ price, quantity: 1 }],
        shopDomain: SHOP,
      });
      const signed = signWebhook({
        secret: API_SECRET,
        topic: 'orders/paid',
        shop: SHOP,
        body,
        eventId: randomUUID(),
      });
      return fetch(`${running.url}/api/webhooks`, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      });
    };
    for (let c = 1; c <= CUSTOMERS; c++) await deliver(c, '100000.00');
    await running.inbox.settle();

    const call = (customer: number, path: string, init: RequestInit = {}) => {
      const token = signSessionToken({
        secret: API_SECRET,
        apiKey: API_KEY,
        shop: SHOP,
        kind: 'extension',
        sub: `gid://shopify/Customer/${customer}`,
      });
      return fetch(`${running.url}/api/storefront${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
      });
    };
    const timed = async (work: () => Promise<Response>, expected: number) => {
      const start = performance.now();
      const response = await work();
      await response.arrayBuffer();
      if (response.status !== expected) throw new Error(`storefront answered ${response.status}`);
      return performance.now() - start;
    };

    const redeem: number[] = [];
    for (let i = 0; i < REDEMPTIONS; i++) {
      const customer = (i % CUSTOMERS) + 1;
      redeem.push(
        await timed(
          () =>
            call(customer, '/redemptions', {
              method: 'POST',
              headers: { 'Idempotency-Key': randomUUID() },
              body: JSON.stringify({ optionId: 'five-off' }),
            }),
          201,
        ),
      );
    }
    const idle: number[] = [];
    for (let i = 0; i < READS; i++) idle.push(await timed(() => call((i % CUSTOMERS) + 1, '/balance'), 200));

    // a backlog being credited while the shopper reads: the read must not wait for it
    const accepts = (async () => {
      const inFlight = new Set<Promise<unknown>>();
      for (let i = 0; i < BACKLOG; i++) {
        const sent = deliver((i % CUSTOMERS) + 1, '10.00').then((r) => r.arrayBuffer());
        inFlight.add(sent);
        void sent.finally(() => inFlight.delete(sent));
        if (inFlight.size >= 16) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    })();
    const busy: number[] = [];
    for (let i = 0; busy.length < READS; i++)
      busy.push(await timed(() => call((i % CUSTOMERS) + 1, '/balance'), 200));
    await accepts;
    const pendingAfter = await running.inbox.settle();

    const p = (values: number[], q: number) =>
      [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!;
    report.info({
      name: 'redemption latency p50 / p99',
      db: kind,
      figure: `${fmt(p(redeem, 0.5))} / ${fmt(p(redeem, 0.99))} ms (${REDEMPTIONS} sequential)`,
    });
    report.target(p(idle, 0.5) <= BALANCE_P50_TARGET_MS, {
      name: 'storefront balance p50, idle',
      db: kind,
      figure: `${fmt(p(idle, 0.5))} ms (p99 ${fmt(p(idle, 0.99))})`,
      target: `<= ${BALANCE_P50_TARGET_MS} ms`,
    });
    report.target(p(busy, 0.99) <= BALANCE_BACKLOG_P99_TARGET_MS, {
      name: 'storefront balance p99, backlog',
      db: kind,
      figure: `${fmt(p(busy, 0.99))} ms (p50 ${fmt(p(busy, 0.5))}) while ${BACKLOG} webhooks were accepted and credited`,
      target: `<= ${BALANCE_BACKLOG_P99_TARGET_MS} ms`,
    });
    report.info({ name: 'inbox after the backlog', db: kind, figure: `${pendingAfter.pending} pending` });
  } finally {
    await running.close();
    await database.drop();
  }
}
