import { createHmac } from 'node:crypto';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { orderPayload, signWebhook } from '../web/demo/shopify-payloads.js';
import { LoyaltyError } from '../web/loyalty/errors.js';
import type { ReceivedDelivery } from '../web/db/repositories/delivery-repository.js';
import { startServer, type RunningServer } from '../web/server.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.js';
import { API_SECRET, SHOP, testConfig } from './support/test-app.js';

let nextOrderId = 10_000;
const signedOrder = () =>
  signWebhook({
    secret: API_SECRET,
    topic: 'orders/paid',
    shop: SHOP,
    body: orderPayload({ orderId: nextOrderId++, customerId: 44, lines: [{ price: '8.00', quantity: 1 }] }),
  });

/** Every request Express handles fails, so any general middleware on a path would show as a 500. */
const failingExpress = () =>
  vi
    .spyOn(express.application as unknown as { handle: (req: unknown, res: unknown) => void }, 'handle')
    .mockImplementation(function (_req: unknown, res: { statusCode: number; end(text: string): void }) {
      res.statusCode = 500;
      res.end('express ran');
    } as never);

describe.each(databaseKinds)('webhook fast path on %s', (kind) => {
  let database: TestDatabase;
  let running: RunningServer;
  const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  let expressHandle: ReturnType<typeof failingExpress>;

  beforeAll(async () => {
    expressHandle = failingExpress(); // before the server builds its Express app, which copies `handle`
    database = await createTestDatabase(kind);
    running = await startServer(testConfig(database.target), (message, fields) =>
      logged.push({ message, fields }),
    );
  });
  afterAll(async () => {
    expressHandle.mockRestore();
    await running?.close();
    await database?.drop();
  });

  const post = async (path = '/api/webhooks') => {
    const signed = signedOrder();
    const response = await fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      text: await response.text(),
    };
  };

  it('accepts webhooks while every Express request fails: no Express middleware is on their path', async () => {
    expressHandle.mockClear();
    expect(await post()).toMatchObject({ status: 200, text: '{"status":"accepted"}' });
    expect(await post('/api/webhooks?source=test')).toMatchObject({
      status: 200,
      text: '{"status":"accepted"}',
    });
    expect(expressHandle).not.toHaveBeenCalled();
    // The failing Express is really in place for everything else, GET /api/webhooks included.
    const health = await fetch(`${running.url}/healthz`);
    expect([health.status, await health.text()]).toEqual([500, 'express ran']);
    expect((await fetch(`${running.url}/api/webhooks`)).status).toBe(500);
    expect(expressHandle).toHaveBeenCalledTimes(2);
  });

  it('hands the inbox the body bytes beside its text only when they are valid UTF-8 (the same text)', async () => {
    const seen: Array<{ text: string; bytes: string | null }> = [];
    const accept = running.inbox.accept.bind(running.inbox);
    const spy = vi.spyOn(running.inbox, 'accept').mockImplementation((delivery: ReceivedDelivery) => {
      // read now: the SQLite writer moves the bytes to its thread, after which they are empty here
      const bytes = delivery.payloadBytes ? Buffer.from(delivery.payloadBytes).toString('utf8') : null;
      seen.push({ text: delivery.payload, bytes });
      return accept(delivery);
    });
    const postBytes = async (note: Buffer) => {
      const order = orderPayload({
        orderId: nextOrderId++,
        customerId: 45,
        lines: [{ price: '8.00', quantity: 1 }],
      });
      const [head, tail] = JSON.stringify({ ...order, note: '@' }).split('"@"') as [string, string];
      const body = Buffer.concat([Buffer.from(`${head}"`), note, Buffer.from(`"${tail}`)]);
      const { headers } = signWebhook({ secret: API_SECRET, topic: 'orders/paid', shop: SHOP, body: '' });
      headers['X-Shopify-Hmac-Sha256'] = createHmac('sha256', API_SECRET).update(body).digest('base64');
      return (await fetch(`${running.url}/api/webhooks`, { method: 'POST', headers, body })).status;
    };
    const long = 'Grüße aus Köln '.repeat(400); // ~6 kB: above node's 4 kB buffer pool
    try {
      expect(await postBytes(Buffer.from(long))).toBe(200);
      expect(await postBytes(Buffer.concat([Buffer.from(long), Buffer.from([0xff])]))).toBe(200);
    } finally {
      spy.mockRestore();
    }
    expect(seen.map(({ text, bytes }) => bytes === text)).toEqual([true, false]);
    expect(seen.map(({ bytes }) => bytes !== null)).toEqual([true, false]);
    expect(seen[1]?.text).toContain(`${long}\uFFFD`); // not UTF-8: handed over only as the text it was read as
  });

  it('answers a LoyaltyError from the inbox with its status and code, and Retry-After on 503', async () => {
    const accept = vi
      .spyOn(running.inbox, 'accept')
      .mockRejectedValueOnce(new LoyaltyError('busy', 'The database is busy.', 503));
    try {
      const reply = await post();
      expect(reply).toMatchObject({ status: 503, retryAfter: '1' });
      expect(JSON.parse(reply.text)).toEqual({ code: 'busy', message: 'The database is busy.' });
      expect(accept).toHaveBeenCalledTimes(1);
    } finally {
      accept.mockRestore();
    }
  });

  it('answers an unexpected error from the inbox with a generic 500, logged with its stack, never sent', async () => {
    const accept = vi.spyOn(running.inbox, 'accept').mockRejectedValueOnce(new Error('disk on fire'));
    try {
      const reply = await post();
      expect(reply.status).toBe(500);
      expect(JSON.parse(reply.text)).toEqual({ code: 'internal_error', message: expect.any(String) });
      expect(reply.text).not.toContain('disk on fire');
      expect(reply.text).not.toMatch(/at .*\.(ts|js):\d+/);
      const entry = logged.find((line) => line.message === 'unhandled error');
      expect(String(entry?.fields?.error)).toContain('disk on fire');
    } finally {
      accept.mockRestore();
    }
  });
});
