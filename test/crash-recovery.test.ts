/**
 * Crash recovery: the server is a separate process, killed with SIGKILL (no shutdown, nothing flushed) at a
 * random point of a stream of signed orders/paid deliveries, several in flight. A new process on the same database
 * is sent everything that was not acknowledged, as Shopify retries. Every acknowledged delivery must then be
 * credited exactly once: a 2xx means "committed", and processing a delivery commits with its "done" mark.
 *
 * The kill points and streams come from a seed chosen per run and shown in each test's name; to replay a
 * failure, set FIXED_SEED to that seed.
 */
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { connect } from '../web/db/client.js';
import { createTestDatabase, databaseKinds } from './support/databases.js';
import {
  acknowledged,
  creditProblems,
  CREDITED_EXACTLY_ONCE,
  orderStream,
  retryUntilAcknowledged,
  seededRandom,
  sendStream,
  type Answer,
} from './support/order-stream.js';
import { startServerChild, type ServerChild } from './support/server-child.js';
import { SHOP } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const FIXED_SEED: number | null = null;
const BASE_SEED = FIXED_SEED ?? Math.floor(Math.random() * 1_000_000);
const KILL_POINTS = 3;
const ORDERS = 170;
const REDELIVERIES = 30; // 200 deliveries: more than the latest kill point (150 acknowledgements)
const IN_FLIGHT = 8;

const cases = Array.from({ length: KILL_POINTS }, (_, i) => {
  const seed = BASE_SEED + i;
  return { seed, killAfter: 20 + seededRandom(seed)(131) };
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const countBy = <T>(items: T[], key: (item: T) => string) =>
  items.reduce<Record<string, number>>((counts, item) => {
    counts[key(item)] = (counts[key(item)] ?? 0) + 1;
    return counts;
  }, {});

/** Event ids answered "accepted" more than once: the inbox must remember committed events across a crash. */
function acceptedTwice(answers: Answer[], eventIdOf: (index: number) => string): string[] {
  const accepted = answers.filter((a) => a.status === 200 && a.body.includes('"accepted"'));
  return Object.entries(countBy(accepted, (a) => eventIdOf(a.index)))
    .filter(([, n]) => n > 1)
    .map(([eventId]) => eventId);
}

describe.each(databaseKinds)('crash recovery (SIGKILL) on %s', (kind) => {
  it.each(cases)(
    'credits every acknowledged order exactly once when killed after $killAfter acknowledgements (seed $seed)',
    async ({ seed, killAfter }) => {
      const servers: ServerChild[] = [];
      let step = 'starting the first server';
      let crashState = '(not reached)';
      onTestFailed(() => {
        const logs = servers.map((s, i) => `--- server ${i + 1}:\n${s.log().slice(-3000)}`).join('\n');
        console.error(`seed ${seed}: failed while ${step}; inbox at the crash: ${crashState}\n${logs}`);
      });
      const database = await createTestDatabase(kind);
      cleanups.push(() => database.drop());
      const start = async () => {
        const server = await startServerChild(database.target);
        servers.push(server);
        cleanups.push(() => server.stop());
        return server;
      };
      const stream = orderStream({
        seed,
        shop: SHOP,
        orders: ORDERS,
        customers: 12,
        redeliveries: REDELIVERIES,
        firstOrderId: 1_000_000,
      });

      // 1. the stream until the kill point; requests then in flight fail or are answered, as in a real crash
      const first = await start();
      step = 'sending until the kill point';
      let acks = 0;
      let killed: Promise<void> | null = null;
      const beforeCrash = await sendStream(() => first.url, stream.deliveries, {
        concurrency: IN_FLIGHT,
        after: (answer) => {
          if (acknowledged(answer) && ++acks >= killAfter && !killed) killed = first.kill();
        },
        stop: () => killed !== null,
      });
      const example = beforeCrash.find((a) => !acknowledged(a));
      expect(
        killed,
        `kill point reached; answers ${JSON.stringify(countBy(beforeCrash, (a) => String(a.status)))}, e.g. ${example?.body}`,
      ).not.toBeNull();
      await killed;
      expect(first.exited()).toEqual({ code: null, signal: 'SIGKILL' });
      const connection = await connect(database.target);
      cleanups.push(() => connection.close());
      // for the failure report: what the crash left (typically some processed, the rest still pending)
      const atCrash = await connection.db.webhookDelivery.groupBy({
        by: ['status'],
        where: { shop: SHOP },
        _count: true,
      });
      crashState = JSON.stringify(atCrash);

      // 2. a new process on the same database; Shopify retries whatever got no 2xx
      step = 'starting the second server';
      const second = await start();
      step = 'resending what was not acknowledged';
      const answers = await retryUntilAcknowledged(() => second.url, stream, beforeCrash, {
        concurrency: IN_FLIGHT,
      });
      const acked = new Set(answers.filter(acknowledged).map((a) => a.index));
      expect(acked.size, 'every delivery acknowledged in the end').toBe(stream.deliveries.length);

      // 3. once the inbox holds nothing pending, the ledger is final
      step = 'waiting for the inbox to drain';
      await waitFor(
        'no pending deliveries',
        () => connection.db.webhookDelivery.count({ where: { shop: SHOP, status: 'pending' } }),
        (pending) => pending === 0,
        40_000,
      );
      step = 'checking the ledger';
      expect(second.exited()).toBeNull();
      expect(await creditProblems(connection.db, stream, acked)).toEqual(CREDITED_EXACTLY_ONCE);
      const events = new Set(stream.deliveries.map((d) => d.eventId));
      expect(await connection.db.webhookDelivery.count({ where: { shop: SHOP } })).toBe(events.size);
      expect(acceptedTwice(answers, (index) => stream.deliveries[index]!.eventId)).toEqual([]);
    },
    90_000,
  );
});
