import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../web/config/config.js';
import { orderPayload, signWebhook } from '../web/demo/shopify-payloads.js';
import { startServer, type RunningServer } from '../web/server.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.js';
import { openRaw, parseResponse, requestHead, until, type RawConnection } from './support/raw-http.js';
import { API_SECRET, send, SHOP, testConfig } from './support/test-app.js';

let nextOrderId = 9_000;
const deliver = (url: string, padding = '') => {
  const order = orderPayload({
    orderId: nextOrderId++,
    customerId: 43,
    lines: [{ price: '5.00', quantity: 1 }],
  });
  const signed = signWebhook({
    secret: API_SECRET,
    topic: 'orders/paid',
    shop: SHOP,
    body: { ...order, padding },
  });
  return send(`${url}/api/webhooks`, { method: 'POST', headers: signed.headers, body: signed.body });
};

/** The real server on a fresh database with some limits changed. */
function serverWith(kind: TestDatabase['target']['kind'], change: (config: Config) => Config) {
  let database: TestDatabase;
  const state = { running: undefined as unknown as RunningServer };
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    state.running = await startServer(change(testConfig(database.target)), () => undefined);
  });
  afterAll(async () => {
    await state.running?.close();
    await database?.drop();
  });
  return state;
}

const connections = (running: RunningServer) =>
  new Promise<number>((resolve, reject) =>
    running.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );

describe.each(databaseKinds)('connection cap on %s', (kind) => {
  const server = serverWith(kind, (config) => ({ ...config, http: { ...config.http, maxConnections: 3 } }));

  it('closes a connection beyond HTTP_MAX_CONNECTIONS on arrival, and serves again once one is freed', async () => {
    const { running } = server;
    const open: RawConnection[] = [];
    for (let n = await connections(running); n < 3; n++) open.push(await openRaw(running.url));
    await until('the server holds three connections', async () => (await connections(running)) === 3);

    const extra = await openRaw(running.url);
    extra.write(requestHead('/healthz', { 'Content-Length': '0' }));
    expect(await extra.closed).toBe(''); // closed without an answer
    expect(await connections(running)).toBe(3);

    open.pop()!.socket.destroy();
    await until('a connection is free', async () => (await connections(running)) < 3);
    expect(await deliver(running.url)).toEqual({ status: 200, body: { status: 'accepted' } });
    for (const connection of open) connection.socket.destroy();
  });
});

describe.each(databaseKinds)('request timeouts on %s', (kind) => {
  // Small values so the test does not wait long; the checks are about what happens, not when.
  const server = serverWith(kind, (config) => ({
    ...config,
    webhookBodyLimit: '32kb',
    webhookUnverifiedLimit: '32kb',
    http: { ...config.http, headersTimeoutMs: 300, requestTimeoutMs: 1_000 },
  }));

  it('answers 408 and closes a connection whose headers do not complete within HTTP_HEADERS_TIMEOUT_MS', async () => {
    const connection = await openRaw(server.running.url);
    connection.write('POST /api/webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Shopify-Topic: orders/paid\r\n');
    const answer = parseResponse(await connection.closed);
    expect(answer.status).toBe(408);
    expect(answer.body).toEqual({ code: 'request_timeout', message: 'The request did not arrive in time.' });
  });

  it('answers malformed HTTP with a JSON 400 and closes the connection', async () => {
    const connection = await openRaw(server.running.url);
    connection.write('NOT HTTP AT ALL\r\n\r\n');
    const answer = parseResponse(await connection.closed);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'bad_request' });
  });

  it('cuts off a body stalled past HTTP_REQUEST_TIMEOUT_MS with 408 and gives its bytes back to the unverified budget', async () => {
    const { running } = server;
    const connection = await openRaw(running.url);
    // Declares the whole unverified budget, sends 10 bytes and stalls: meanwhile nothing else fits.
    connection.write(requestHead('/api/webhooks', { 'Content-Length': String(30_000) }) + '{"id":1,"x');
    await until(
      'the stalled request holds the budget',
      async () => (await deliver(running.url, 'x'.repeat(5_000))).status === 503,
    );
    expect(parseResponse(await connection.closed).status).toBe(408);
    await until(
      'the stalled bytes are given back',
      async () => (await deliver(running.url, 'x'.repeat(5_000))).status !== 503,
    );
    expect(await deliver(running.url, 'x'.repeat(5_000))).toEqual({
      status: 200,
      body: { status: 'accepted' },
    });
  });
});
