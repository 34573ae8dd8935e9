import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import {
  customerPayload,
  customerRedactPayload,
  dataRequestPayload,
  orderPayload,
  refundPayload,
  shopTime,
} from '../web/demo/shopify-payloads.js';
import { databaseKinds } from './support/databases.js';
import { API_KEY, API_SECRET, send, SHOP, startTestApp, type TestApp } from './support/test-app.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- payloads are edited as plain JSON

let nextId = 7_100_000;
const newId = () => nextId++;
const at = (iso: string) => shopTime(new Date(iso));
const buyerKey = (email: string) => createHmac('sha256', API_SECRET).update(email).digest('hex').slice(0, 32);

/** customers/create for a new customer with this name and e-mail (null: Shopify's null). */
const signup = (first: string | null, last: string | null, email: string | null, createdAt?: string) => ({
  ...customerPayload({ customerId: newId(), ...(createdAt && { createdAt: at(createdAt) }) }),
  first_name: first,
  last_name: last,
  email,
});

/** orders/paid of `amount` for `customerId` (null: a guest), with the customer object's fields overridden. */
function paid(
  customerId: number | null,
  amount: string,
  opts: { processedAt?: string; person?: object } = {},
) {
  const order: Json = orderPayload({
    orderId: newId(),
    customerId,
    lines: [{ price: amount, quantity: 1 }],
    ...(opts.processedAt && { processedAt: at(opts.processedAt) }),
  });
  if (opts.person) order.customer = { ...order.customer, ...opts.person };
  return order;
}

describe.each(databaseKinds)('customers in the admin API on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app?.close());

  const deliver = async (topic: string, body: unknown) => {
    const reply = await app.deliver(topic, body);
    expect(reply.status).toBe(200);
    expect(await app.outcome(reply.eventId)).toMatch(/^(processed|skipped|deferred)$/);
  };
  const list = async (query: string, cursor?: string) => {
    const params = new URLSearchParams({ query, ...(cursor && { cursor }) });
    const reply = await app.admin(`/api/customers?${params}`);
    expect(reply.status).toBe(200);
    return reply.body as { customers: Json[]; nextCursor: string | null };
  };
  const ids = async (query: string) => (await list(query)).customers.map((c) => c.id);
  const row = (customerId: number) =>
    app.db.customer.findUnique({ where: { shop_shopifyId: { shop: SHOP, shopifyId: String(customerId) } } });

  it('takes names and e-mails from customers/create, trimmed and with the e-mail lower-cased', async () => {
    const created = signup('  Anna ', ' Schmidt  ', ' Anna.Schmidt@Example.COM ');
    await deliver('customers/create', created);
    const nameless = signup(null, '', null);
    await deliver('customers/create', nameless);

    const [shown] = (await list(String(created.id))).customers;
    expect(shown).toEqual({
      id: created.id,
      displayName: 'Anna Schmidt',
      email: 'anna.schmidt@example.com',
      balance: { available: 0, pending: 0 },
      tier: null,
      lastActivityAt: null,
    });
    expect((await list(String(nameless.id))).customers[0]).toMatchObject({ displayName: null, email: null });
  });

  it('takes them from orders/paid too, keeping per field the newest payload that had one, in any order', async () => {
    const customer = newId();
    const person = (first: string | null, email: string | null) => ({
      first_name: first,
      last_name: 'Berg',
      email,
    });
    const older = paid(customer, '10.00', {
      processedAt: '2026-03-01T10:00:00Z',
      person: person('Old', 'old@x.de'),
    });
    const newer = paid(customer, '20.00', {
      processedAt: '2026-06-01T10:00:00Z',
      person: person('New', null),
    });
    const signupEarlier = { ...signup('First', 'Berg', 'first@x.de', '2026-01-01T10:00:00Z'), id: customer };
    // newest first, then all at once (one batch, or several: the end is the same)
    await deliver('orders/paid', newer);
    await deliver('orders/paid', older);
    await deliver('customers/create', signupEarlier);
    expect(await row(customer)).toMatchObject({
      displayName: 'New Berg', // the newest payload with a name
      email: 'old@x.de', // the newest with an e-mail: the newer order had none, which never erases one
      searchName: 'new berg',
    });

    const again = newId();
    const same = [older, newer].map((order) => ({
      ...order,
      id: newId(),
      customer: { ...order.customer, id: again },
    }));
    await Promise.all([
      deliver('orders/paid', same[0]),
      deliver('orders/paid', same[1]),
      deliver('customers/create', { ...signupEarlier, id: again }),
    ]);
    expect(await row(again)).toMatchObject({ displayName: 'New Berg', email: 'old@x.de' });
  });

  it('sets lastActivityAt to the newest ledger entry, whichever arrives last', async () => {
    const customer = newId();
    const order = paid(customer, '50.00', { processedAt: '2026-05-01T10:00:00Z' });
    const refund = refundPayload({
      refundId: newId(),
      order,
      lines: [{ lineIndex: 0, quantity: 1 }],
      createdAt: at('2026-05-20T10:00:00Z'),
    });
    await deliver('refunds/create', refund); // before its order: kept, applied with the earn
    await deliver('orders/paid', order);
    await deliver('orders/paid', paid(customer, '5.00', { processedAt: '2026-04-01T10:00:00Z' }));
    const [shown] = (await list(String(customer))).customers;
    expect(shown.lastActivityAt).toBe('2026-05-20T10:00:00.000Z');
  });

  describe('search', () => {
    const people: Record<string, Json> = {};
    beforeAll(async () => {
      const specs: Array<[string, string | null, string | null, string | null]> = [
        ['mueller', 'Jürgen', 'MÜLLER', 'j.mueller@beispiel.de'],
        ['oezdemir', 'Ömer', 'Özdemir', 'oe@beispiel.de'],
        ['underscore', 'Max_Power', null, 'max_power@beispiel.de'],
        ['lookalike', 'MaxiPower', null, 'maxipower@beispiel.de'],
        ['percent', '100%', 'Kunde', null],
        ['plain', '100', 'Kunde', 'kunde100@beispiel.de'],
      ];
      for (const [key, first, last, email] of specs) {
        people[key] = signup(first, last, email);
        await deliver('customers/create', people[key]);
      }
    });

    it('matches part of the name or e-mail, ignoring case beyond ASCII', async () => {
      expect(await ids('müller')).toEqual([people.mueller.id]);
      expect(await ids('  üRGEN mü ')).toEqual([people.mueller.id]);
      expect(await ids('özdem')).toEqual([people.oezdemir.id]);
      expect(await ids('MUELLER@BEISP')).toEqual([people.mueller.id]); // with "@": the e-mail
      expect(await ids('kunde100')).toEqual([people.plain.id]); // without: the e-mail as well
      expect(await ids('@beispiel.de')).toEqual(
        ['plain', 'lookalike', 'underscore', 'oezdemir', 'mueller'].map((key) => people[key].id),
      );
    });

    it('takes % and _ literally', async () => {
      expect(await ids('x_p')).toEqual([people.underscore.id]);
      expect(await ids('max_power@')).toEqual([people.underscore.id]);
      expect(await ids('0% k')).toEqual([people.percent.id]);
      expect(await ids('%')).toEqual([people.percent.id]);
    });

    it('matches the start of the Shopify id for digits', async () => {
      const prefix = String(people.mueller.id).slice(0, -1);
      const found = await ids(prefix);
      expect(found).toContain(people.mueller.id);
      expect(found.filter((id) => !String(id).startsWith(prefix))).toEqual([]);
      expect(await ids(String(people.mueller.id))).toEqual([people.mueller.id]);
      expect(await ids(`${people.mueller.id}9`)).toEqual([]);
    });
  });

  it('pages through a search, 50 a page, newest first, each customer once', async () => {
    const matching: number[] = [];
    for (let i = 0; i < 56; i++) {
      const created = signup('Seitenweise', `Kunde ${i}`, i % 2 ? `seite${i}@x.de` : null);
      matching.push(created.id);
      await deliver('customers/create', created);
      if (i % 10 === 0) await deliver('customers/create', signup('Anders', 'Jemand', null));
    }
    const first = await list('SEITENWEISE');
    expect(first.customers).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list('seitenweise', first.nextCursor!);
    expect(second.nextCursor).toBeNull();
    expect([...first.customers, ...second.customers].map((c) => c.id)).toEqual(matching.reverse());
    expect((await app.admin('/api/customers?cursor=xyz')).body.code).toBe('invalid_cursor');
    expect((await app.admin(`/api/customers?query=${'a'.repeat(101)}`)).status).toBe(400);
  });

  it('shows the history newest first with the balance after each entry, order links and reasons', async () => {
    const customer = newId();
    const order = paid(customer, '100.00');
    await deliver('orders/paid', order);
    await deliver(
      'refunds/create',
      refundPayload({ refundId: newId(), order, lines: [{ lineIndex: 0, quantity: 1 }] }),
    );
    await deliver('orders/paid', paid(customer, '40.00'));
    const adjusted = await send(`${app.url}/api/customers/${customer}/adjustments`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP })}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify({ points: -15, reason: 'Kulanz zurückgenommen' }),
    });
    expect(adjusted.status).toBe(201);

    const view = (await app.admin(`/api/customers/${customer}`)).body;
    expect(view).toMatchObject({ id: customer, balance: { available: 25, pending: 0 }, nextCursor: null });
    expect(view.entries.map((e: Json) => [e.kind, e.points, e.balanceAfter])).toEqual([
      ['adjust', -15, 25],
      ['earn', 40, 40],
      ['reverse_refund', -100, 0],
      ['earn', 100, 100],
    ]);
    const [adjust, , reversal, earn] = view.entries;
    expect(view.lastActivityAt).toBe(adjust.occurredAt); // the adjustment, written outside the webhook batches
    expect(adjust).toMatchObject({
      reason: 'Kulanz zurückgenommen',
      orderAdminUrl: null,
      adjustmentId: expect.any(String),
    });
    expect(earn).toMatchObject({
      orderId: String(order.id),
      orderAdminUrl: `https://admin.shopify.com/store/test-shop/orders/${order.id}`,
      reason: null,
      programVersion: 1,
    });
    expect(reversal).toMatchObject({ refundId: expect.any(String), orderId: String(order.id) });
  });

  it('pages the history 100 entries at a time, the running balance going on across pages', async () => {
    const customer = newId();
    await Promise.all(
      Array.from({ length: 103 }, (_, i) => deliver('orders/paid', paid(customer, `${i + 1}.00`))),
    );
    const first = (await app.admin(`/api/customers/${customer}`)).body;
    expect(first.entries).toHaveLength(100);
    const second = (await app.admin(`/api/customers/${customer}?cursor=${first.nextCursor}`)).body;
    expect(second.entries).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    const entries = [...first.entries, ...second.entries].reverse();
    let sum = 0;
    for (const entry of entries) expect(entry.balanceAfter).toBe((sum += entry.points));
    expect(sum).toBe(first.balance.available + first.balance.pending);
    expect((await app.admin(`/api/customers/${customer}?cursor=-1`)).body.code).toBe('invalid_cursor');
  });

  it('stores the order total, and a keyed hash of a guest order e-mail only', async () => {
    const guest = paid(null, '30.00');
    guest.email = ' Gast.Kaeufer@Example.com ';
    const contactOnly = paid(null, '12.50');
    contactOnly.email = null;
    contactOnly.contact_email = 'kontakt@example.com';
    const anonymous = paid(null, '5.00');
    anonymous.email = null;
    anonymous.contact_email = null;
    const known = paid(newId(), '20.00');
    for (const order of [guest, contactOnly, anonymous, known]) await deliver('orders/paid', order);

    const award = (order: Json) =>
      app.db.orderAward.findUnique({ where: { shop_orderId: { shop: SHOP, orderId: String(order.id) } } });
    expect(await award(guest)).toMatchObject({ buyerKey: buyerKey('gast.kaeufer@example.com') });
    expect(await award(contactOnly)).toMatchObject({ buyerKey: buyerKey('kontakt@example.com') });
    expect(await award(anonymous)).toMatchObject({ buyerKey: null });
    expect(await award(known)).toMatchObject({ buyerKey: null });
    for (const order of [guest, contactOnly, known])
      expect((await award(order))?.totalMicros).toBe(
        BigInt(order.total_price_set.shop_money.amount.replace('.', '')) * 10_000n,
      );
  });

  it('exports the stored name and e-mail on customers/data_request', async () => {
    const created = signup('Dora', 'Daten', 'dora@example.com');
    await deliver('customers/create', created);
    await deliver('customers/data_request', dataRequestPayload({ customerId: created.id, shop: SHOP }));
    const requests = (await app.admin('/api/data-requests')).body.dataRequests as Json[];
    const mine = requests.find((r) => r.customerId === String(created.id));
    expect(mine.export.customer).toMatchObject({ displayName: 'Dora Daten', email: 'dora@example.com' });
  });

  it('customers/redact removes name and e-mail everywhere and clears the buyer keys of their guest orders', async () => {
    const created = signup('Rita', 'Redakt', 'rita.redakt@example.com');
    await deliver('customers/create', created);
    const person = { first_name: 'Rita', last_name: 'Redakt', email: created.email };
    await deliver('orders/paid', paid(created.id, '10.00', { person }));
    const asGuest = paid(null, '8.00');
    asGuest.email = 'Rita.Redakt@example.com';
    const listed = paid(null, '9.00');
    listed.email = 'other-address@example.com';
    const stranger = paid(null, '7.00');
    stranger.email = 'someone.else@example.com';
    for (const order of [asGuest, listed, stranger]) await deliver('orders/paid', order);
    expect(await ids('redakt')).toEqual([created.id]);
    const before = await row(created.id);

    const payload = customerRedactPayload({
      customerId: created.id,
      email: 'rita.redakt@example.com',
      ordersToRedact: [listed.id],
      shop: SHOP,
    });
    await deliver('customers/redact', payload);

    expect(await ids('redakt')).toEqual([]);
    expect(await ids('rita.redakt@')).toEqual([]);
    expect(await ids(String(created.id))).toEqual([]);
    expect((await app.admin(`/api/customers/${created.id}`)).body.code).toBe('customer_not_found');
    const redacted = await app.db.customer.findUnique({ where: { id: before!.id } });
    expect(redacted?.redactedAt).not.toBeNull();
    expect(redacted).toMatchObject({
      displayName: null,
      searchName: null,
      email: null,
      displayNameAt: null,
      emailAt: null,
    });
    const keys = await app.db.orderAward.findMany({
      where: { shop: SHOP, orderId: { in: [asGuest, listed, stranger].map((o) => String(o.id)) } },
      orderBy: { orderId: 'asc' },
      select: { buyerKey: true },
    });
    expect(keys.map((k) => k.buyerKey)).toEqual([null, null, buyerKey('someone.else@example.com')]);
  });
});
