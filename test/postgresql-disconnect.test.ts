/**
 * PostgreSQL connections lost mid-stream (a server restart, a failover, a proxy dropping connections): while the
 * app acknowledges and credits a stream of orders/paid deliveries, every backend on its database is terminated,
 * several times. Whatever fails meanwhile gets a non-2xx (Shopify retries it) or is retried by the inbox. In the
 * end every acknowledged delivery must be credited exactly once, reads must work again, and the server must still
 * shut down cleanly (no connection of its pools left checked out on a dead backend).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { connect } from '../web/db/client.js';
import { migrate } from '../web/db/migrate.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.js';
import {
  acknowledged,
  creditProblems,
  CREDITED_EXACTLY_ONCE,
  orderStream,
  retryUntilAcknowledged,
  sendStream,
} from './support/order-stream.js';
import { SHOP, startTestApp, type TestApp } from './support/test-app.js';
import { settlesWithin, waitFor } from './support/wait-for.js';

const SEED = Math.floor(Math.random() * 1_000_000);
const TERMINATE_AFTER_ACKS = [20, 45, 70, 95, 120, 145];

describe.runIf(databaseKinds.includes('postgresql'))('PostgreSQL backends terminated mid-stream', () => {
  let database: TestDatabase;
  let app: TestApp;
  let admin: pg.Client;
  const extraDatabases: TestDatabase[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('postgresql');
    app = await startTestApp({ target: database.target, drop: async () => undefined });
    admin = new pg.Client({ connectionString: database.target.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    // the server was closed by the shutdown test (or could not be: then its pools stay open in this worker); the
    // test's own connection is closed and the database dropped WITH (FORCE) either way
    if (app) await settlesWithin(app.db.$disconnect(), 5_000);
    await database?.drop();
    for (const extra of extraDatabases) await extra.drop();
  });

  /** Terminates every backend on the app's database but this admin connection; returns how many. */
  const terminateBackends = async () => {
    const { rowCount } = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return rowCount ?? 0;
  };

  it(`credits every acknowledged order exactly once across ${TERMINATE_AFTER_ACKS.length} terminations (seed ${SEED})`, async () => {
    const refused: string[] = [];
    onTestFailed(() => console.error(`seed ${SEED}; answers other than 2xx:\n${refused.join('\n')}`));
    const stream = orderStream({
      seed: SEED,
      shop: SHOP,
      orders: 170,
      customers: 12,
      redeliveries: 30,
      firstOrderId: 2_000_000,
    });
    let acks = 0;
    const terminations: Array<Promise<number>> = [];
    const firstPass = await sendStream(() => app.url, stream.deliveries, {
      concurrency: 8,
      after: (answer) => {
        if (!acknowledged(answer)) refused.push(`${answer.status} ${answer.body.slice(0, 200)}`);
        else if (TERMINATE_AFTER_ACKS.includes(++acks)) terminations.push(terminateBackends());
      },
    });
    const terminated = await Promise.all(terminations);
    expect(terminated, 'backends terminated each time').toHaveLength(TERMINATE_AFTER_ACKS.length);
    for (const count of terminated) expect(count).toBeGreaterThan(0);

    // Shopify retries every delivery that got no 2xx
    const answers = await retryUntilAcknowledged(() => app.url, stream, firstPass, { concurrency: 8 });
    const acked = new Set(answers.filter(acknowledged).map((a) => a.index));
    expect(acked.size, 'every delivery acknowledged in the end').toBe(stream.deliveries.length);

    // the test's own connection was terminated too: waitFor treats its failed reads as "not yet"
    await waitFor(
      'no pending deliveries',
      () => app.db.webhookDelivery.count({ where: { shop: SHOP, status: 'pending' } }),
      (pending) => pending === 0,
      45_000,
    );
    expect(await creditProblems(app.db, stream, acked)).toEqual(CREDITED_EXACTLY_ONCE);

    // the app's own pool works again: the admin API reads (after settle) what the ledger holds
    const { customerId } = [...stream.orders.values()][0]!;
    const expected = [...stream.orders.values()]
      .filter((order) => order.customerId === customerId)
      .reduce((sum, order) => sum + order.points, 0);
    const view = await settlesWithin(app.admin(`/api/customers/${customerId}`), 30_000);
    expect(view).toMatchObject({ status: 200, body: { balance: { available: expected, pending: 0 } } });
  }, 90_000);

  it('still shuts down cleanly afterwards: no pooled connection is left checked out on a dead backend', async () => {
    // close() ends both pools, which waits for every checked-out client to come back; normally milliseconds
    const closing = app.running.close().then(() => 'closed' as const);
    expect(await settlesWithin(closing, 20_000), 'RunningServer.close()').toBe('closed');
  }, 30_000);

  it('the database client gives a pooled connection back when its transaction loses its backend, more times than the pool holds', async () => {
    // web/db/client.ts (a pool of 10 connections) on a database of its own. A client whose transaction's backend
    // died must go back to the pool (to be dropped there), or every lost connection costs a slot for good and
    // the 11th transaction waits for ever.
    const own = await createTestDatabase('postgresql');
    extraDatabases.push(own);
    await migrate(own.target);
    const connection = await connect(own.target);
    const ownAdmin = new pg.Client({ connectionString: own.target.url });
    await ownAdmin.connect();
    const outcomes: string[] = [];
    for (let i = 0; i < 11 && !outcomes.includes('timed out'); i++) {
      const attempt = connection.db
        .$transaction(async (tx) => {
          await tx.shop.count();
          await ownAdmin.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()`,
          );
          await tx.shop.count(); // on the terminated backend
        })
        .then(
          () => 'committed',
          () => 'failed',
        );
      // a transaction that cannot even start (no free connection) waits for ever: bounded here
      outcomes.push(await settlesWithin(attempt, 15_000));
    }
    await ownAdmin.end();
    expect(outcomes, 'each transaction fails, none waits for a free connection').toEqual(
      Array(11).fill('failed'),
    );
    const next = connection.db.$transaction((tx) => tx.shop.count()).then(String, (e: Error) => e.message);
    expect(await settlesWithin(next, 15_000)).toBe('0');
    expect(
      await settlesWithin(
        connection.close().then(() => 'closed'),
        15_000,
      ),
    ).toBe('closed');
  }, 60_000);
});
