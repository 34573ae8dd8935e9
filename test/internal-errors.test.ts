/**
 * Unexpected failures reach the client as `500 {code: "internal_error"}` and nothing else: no stack trace, no file
 * path, no database or Prisma text. Produced for real, by breaking the database under a running server.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orderPayload } from '../web/demo/shopify-payloads.js';
import { databaseKinds } from './support/databases.js';
import { startTestApp, type Reply, type TestApp } from './support/test-app.js';

const INTERNAL_ERROR = { status: 500, body: { code: 'internal_error', message: expect.any(String) } };

/** What a 500 body must not contain; returns what it does contain. */
function leaks(reply: Reply): string[] {
  const text = JSON.stringify(reply.body);
  const patterns: Record<string, RegExp> = {
    'stack frame': /\bat .*[:(]\d+/,
    'file path': /\/[\w.-]+\/[\w.-]+|\.(ts|js|mjs|cjs)\b/,
    'Prisma text': /prisma|invocation|P\d{4}\b/i,
    'database text': /sqlite|postgres|table|column|relation|database|connection|ECONN/i,
    'model or table name': /Customer|WebhookDelivery/,
  };
  return Object.entries(patterns)
    .filter(([, pattern]) => pattern.test(text))
    .map(([name]) => `${name}: ${text}`);
}

const order = (orderId: number) =>
  orderPayload({ orderId, customerId: 31_000, lines: [{ price: '10.00', quantity: 1 }] });

describe.each(databaseKinds)('internal errors on %s', (kind) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp(kind);
  });
  afterEach(() => app?.close());

  it('answers an admin read with a bare 500 when a table it reads is gone', async () => {
    expect(await app.deliver('orders/paid', order(31_001))).toMatchObject({ status: 200 });
    expect((await app.admin('/api/customers/31000')).status).toBe(200);
    await app.db.$executeRawUnsafe('ALTER TABLE "Customer" RENAME TO "CustomerGone"');
    // the check below recognises the error the server now meets, had it been passed on
    const error = await app.db.customer.findMany().then(
      () => null,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const leaked = leaks({ status: 500, body: { message: error!.message, stack: error!.stack } });
    expect(leaked.map((leak) => leak.split(':')[0])).toEqual(
      expect.arrayContaining(['stack frame', 'file path', 'Prisma text', 'model or table name']),
    );

    for (const path of ['/api/customers/31000', '/api/customers']) {
      const reply = await app.admin(path);
      expect(reply, path).toEqual(INTERNAL_ERROR);
      expect(leaks(reply), path).toEqual([]);
    }
  });

  it('answers a webhook with a bare 500 when the inbox cannot be written', async () => {
    await app.db.$executeRawUnsafe('ALTER TABLE "WebhookDelivery" RENAME TO "WebhookDeliveryGone"');
    const reply = await app.deliver('orders/paid', order(31_002));
    expect(reply).toMatchObject(INTERNAL_ERROR);
    expect(leaks(reply)).toEqual([]);
  });
});

describe.runIf(databaseKinds.includes('postgresql'))(
  'internal errors on postgresql, connections refused',
  () => {
    let app: TestApp;
    let admin: pg.Client;
    let name: string;
    const allowConnections = (allow: boolean) =>
      admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${allow}`);
    beforeEach(async () => {
      app = await startTestApp('postgresql');
      // from the maintenance database: a database cannot refuse connections to itself from within
      const url = new URL(app.target.url);
      name = url.pathname.slice(1);
      url.pathname = '/postgres';
      admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
    });
    afterEach(async () => {
      await allowConnections(true); // the database must take connections again to be dropped
      await admin.end();
      await app.close();
    });

    it('answers 500 without database text while PostgreSQL refuses connections, and recovers after', async () => {
      expect(await app.deliver('orders/paid', order(31_003))).toMatchObject({ status: 200 });
      expect((await app.admin('/api/customers/31000')).status).toBe(200);
      // no new connections to the database, and the open ones closed
      await allowConnections(false);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);

      const read = await app.admin('/api/customers/31000');
      expect(read).toEqual(INTERNAL_ERROR);
      expect(leaks(read)).toEqual([]);
      const webhook = await app.deliver('orders/paid', order(31_004));
      expect(webhook).toMatchObject(INTERNAL_ERROR);
      expect(leaks(webhook)).toEqual([]);

      await allowConnections(true);
      expect(await app.deliver('orders/paid', order(31_004))).toMatchObject({ status: 200 });
      const view = await app.admin('/api/customers/31000');
      expect(view).toMatchObject({ status: 200, body: { balance: { available: 20, pending: 0 } } });
    });
  },
);
