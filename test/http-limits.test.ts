import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPayload, signWebhook } from '../web/demo/shopify-payloads.js';
import { startServer, type RunningServer } from '../web/server.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.js';
import { openRaw, parseResponse, requestHead, until, type RawConnection } from './support/raw-http.js';
import { API_SECRET, send, SHOP, startTestApp, testConfig, type TestApp } from './support/test-app.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
let nextOrderId = 8_000;

/** A signed orders/paid delivery whose body is exactly `bytes` long in UTF-8 (the payload has umlauts). */
function signedOrder(bytes = 0, extra: Record<string, unknown> = {}) {
  const order = {
    ...orderPayload({ orderId: nextOrderId++, customerId: 42, lines: [{ price: '10.00', quantity: 1 }] }),
    ...extra,
  };
  const pad = Math.max(0, bytes - Buffer.byteLength(JSON.stringify({ ...order, padding: '' })));
  const body = JSON.stringify({ ...order, padding: 'x'.repeat(pad) });
  return signWebhook({ secret: API_SECRET, topic: 'orders/paid', shop: SHOP, body });
}

describe.each(databaseKinds)('JSON nesting depth on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app?.close());

  const deliveries = async () => {
    await app.settle();
    return app.store.read((repos) => repos.deliveries.count(SHOP));
  };
  const post = (signed: ReturnType<typeof signWebhook>) =>
    send(`${app.url}/api/webhooks`, { method: 'POST', headers: signed.headers, body: signed.body });

  it('refuses a signed order carrying a field nested 400,000 levels deep with 400 json_too_deep and stores nothing', async () => {
    const before = await deliveries();
    // A field no payload schema reads: without the depth limit this order was accepted and stored.
    const order = signedOrder(0, { deep: 'DEEP' });
    const body = order.body.replace('"DEEP"', nested(400_000));
    const reply = await post(signWebhook({ secret: API_SECRET, topic: 'orders/paid', shop: SHOP, body }));
    expect(reply).toEqual({ status: 400, body: { code: 'json_too_deep', message: expect.any(String) } });
    expect(await deliveries()).toBe(before);
  });

  it('accepts an order nested exactly 64 levels deep and refuses one nested 65', async () => {
    const before = await deliveries();
    // The order object is level 1, so 63 more levels make 64.
    const atLimit = await post(signedOrder(0, { note_attributes_extra: JSON.parse(nested(63)) }));
    expect(atLimit).toEqual({ status: 200, body: { status: 'accepted' } });
    const overLimit = await post(signedOrder(0, { note_attributes_extra: JSON.parse(nested(64)) }));
    expect(overLimit.status).toBe(400);
    expect(overLimit.body.code).toBe('json_too_deep');
    expect(await deliveries()).toBe(before + 1);
  });
});

describe.each(databaseKinds)('unverified webhook bytes in flight on %s', (kind) => {
  // Two held 30,000-byte bodies leave 5,536 of the 64 KiB for everyone else.
  const HELD = 30_000;
  let database: TestDatabase;
  let running: RunningServer;
  let requestsSeen = 0;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const config = {
      ...testConfig(database.target),
      webhookBodyLimit: '32kb',
      webhookUnverifiedLimit: '64kb',
    };
    running = await startServer(config, () => undefined);
    // Runs after the server's own listener, which has taken a request's Content-Length by then.
    running.server.on('request', () => requestsSeen++);
  });
  afterAll(async () => {
    await running?.close();
    await database?.drop();
  });

  const deliveries = async () => {
    await running.inbox.settle();
    return running.store.read((repos) => repos.deliveries.count(SHOP));
  };

  /** Opens signed deliveries of HELD bytes and sends all but their last bytes; resolves once the server has them. */
  async function holdBodies(count: number) {
    const seen = requestsSeen;
    const held = await Promise.all(
      Array.from({ length: count }, async () => {
        const signed = signedOrder(HELD);
        const connection = await openRaw(running.url);
        const headers = { ...signed.headers, 'Content-Length': String(HELD), Connection: 'close' };
        const body = Buffer.from(signed.body);
        connection.write(
          Buffer.concat([Buffer.from(requestHead('/api/webhooks', headers)), body.subarray(0, 100)]),
        );
        return { connection, rest: body.subarray(100) };
      }),
    );
    await until('the server has read the held requests', () => requestsSeen >= seen + count);
    return async () => {
      for (const { connection, rest } of held) connection.write(rest);
      return Promise.all(held.map(async ({ connection }) => parseResponse(await connection.closed)));
    };
  }

  const expectBusy = async (connection: RawConnection) => {
    const reply = parseResponse(await connection.closed); // the server closed the connection
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBe('1');
    expect(reply.headers.connection).toBe('close');
    expect(reply.body).toEqual({ code: 'busy', message: expect.any(String) });
  };

  it('answers 503 busy with Retry-After, before reading its body, to a request whose Content-Length would pass the cap', async () => {
    const before = await deliveries();
    const finish = await holdBodies(2);
    const signed = signedOrder(6_000);
    const refused = await openRaw(running.url);
    refused.write(requestHead('/api/webhooks', { ...signed.headers, 'Content-Length': '6000' })); // no body sent
    await expectBusy(refused);
    expect(await deliveries()).toBe(before);

    const held = await finish();
    expect(held.map((reply) => reply.body)).toEqual([{ status: 'accepted' }, { status: 'accepted' }]);
    // Their bytes were given back: the same request now fits.
    const retry = await send(`${running.url}/api/webhooks`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    expect(retry).toEqual({ status: 200, body: { status: 'accepted' } });
    expect(await deliveries()).toBe(before + 3);
  });

  it('answers 503 busy to a chunked body once it reaches the cap while being read, and closes its connection', async () => {
    const before = await deliveries();
    const finish = await holdBodies(2);
    const signed = signedOrder(6_000);
    const refused = await openRaw(running.url);
    refused.write(requestHead('/api/webhooks', { ...signed.headers, 'Transfer-Encoding': 'chunked' }));
    const chunk = `bb8\r\n${'x'.repeat(3000)}\r\n`; // 3,000 bytes: never checked, the HMAC comes after
    refused.write(chunk); // 3,000 bytes fit
    refused.write(chunk); // 6,000 do not
    await expectBusy(refused);
    expect(await deliveries()).toBe(before);
    expect((await finish()).map((reply) => reply.status)).toEqual([200, 200]);
  });

  it('accepts a chunked delivery that fits, counting it as it arrives', async () => {
    const before = await deliveries();
    const signed = signedOrder(20_000);
    const connection = await openRaw(running.url);
    connection.write(
      requestHead('/api/webhooks', {
        ...signed.headers,
        'Transfer-Encoding': 'chunked',
        Connection: 'close',
      }),
    );
    const body = Buffer.from(signed.body);
    for (const part of [body.subarray(0, 10_000), body.subarray(10_000)])
      connection.write(
        Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]),
      );
    connection.write('0\r\n\r\n');
    expect(parseResponse(await connection.closed)).toMatchObject({
      status: 200,
      body: { status: 'accepted' },
    });
    expect(await deliveries()).toBe(before + 1);
  });
});
