import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { customerRedactPayload, orderPayload } from '../web/demo/shopify-payloads.js';
import { installShop } from '../web/use-cases/install-shop.js';
import { databaseKinds } from './support/databases.js';
import { API_KEY, API_SECRET, send, SHOP, startTestApp, type TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const OTHER_SHOP = 'other-shop.myshopify.com';
let nextCustomer = 910_000;
let nextOrder = 920_000;

const token = (shop = SHOP) => signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop, sub: '4242' });

/** POST /api/imports with the file as the raw text/csv body, as the panel sends it. */
function upload(
  app: TestApp,
  csv: string | Buffer,
  opts: { dryRun?: boolean; shop?: string; fileName?: string; contentType?: string } = {},
) {
  return send(`${app.url}/api/imports${opts.dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token(opts.shop)}`,
      'Content-Type': opts.contentType ?? 'text/csv',
      ...(opts.fileName && { 'X-File-Name': opts.fileName }),
    },
    body: csv,
  });
}

/** Runs the import job until the import is done (each run handles up to 20,000 rows). */
async function importUntilDone(app: TestApp, id: number, shop = SHOP) {
  return waitFor(
    `import ${id} done`,
    async () => {
      await app.running.jobs.runOnce('import-balances');
      return (await app.admin(`/api/imports/${id}`, shop)).body.import;
    },
    (view) => view?.status === 'done' || view?.status === 'failed',
  );
}

async function exportCsv(app: TestApp, what: 'balances' | 'ledger', shop = SHOP) {
  const response = await fetch(`${app.url}/api/exports/${what}.csv`, {
    headers: { Authorization: `Bearer ${token(shop)}` },
  });
  const bytes = Buffer.from(await response.arrayBuffer()); // text() would drop the BOM
  const text = bytes.toString('utf8');
  return {
    status: response.status,
    headers: response.headers,
    text,
    rows: parse(text, { bom: true, columns: true }) as Array<Record<string, string>>,
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(databaseKinds)('CSV import and export (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
    await app.store.transaction(async (repos) => {
      await installShop(repos, SHOP, new Date());
      await installShop(repos, OTHER_SHOP, new Date());
    });
  });
  afterAll(() => app?.close());

  /** A customer the shop knows from a paid order (1 point per EUR), with the e-mail its orders carry. */
  async function knownCustomer(points: number, email: string, shop = SHOP): Promise<number> {
    const customer = nextCustomer++;
    const order = orderPayload({
      orderId: nextOrder++,
      customerId: customer,
      lines: [{ price: `${points}.00`, quantity: 1 }],
    });
    expect((await app.deliver('orders/paid', order, { shop })).status).toBe(200);
    await app.settle();
    // as the order and customers/create flows store it (lower-cased), whatever the payload builder's own e-mail
    await app.db.customer.update({
      where: { shop_shopifyId: { shop, shopifyId: String(customer) } },
      data: { email },
    });
    return customer;
  }

  const importEntries = (shop = SHOP) =>
    app.db.ledgerEntry.findMany({ where: { shop, kind: 'import' }, orderBy: { id: 'asc' } });

  it('a dry run reports each bad row with its line number and reason, and writes nothing', async () => {
    const [a, b] = [nextCustomer++, nextCustomer++];
    const csv = [
      'customer_id,name,points,tier',
      `${a},"Doe, Jane",100,Gold`,
      `${b},"multi`,
      `line ""name""",-5,`,
      '',
      `abc,x,10,`,
      `gid://shopify/Customer/${b},y,12.5,`,
      `${a},again,7,`,
      `,nobody,3,`,
    ].join('\r\n');
    const before = await app.db.importBatch.count();
    const reply = await upload(app, csv, { dryRun: true });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      dryRun: true,
      fileHash: sha256(csv),
      totalRows: 6,
      validRows: 1,
      problems: [
        { row: 3, message: expect.stringMatching(/^Points must not be negative/) },
        { row: 6, message: expect.stringMatching(/^Customer id "abc" is not a Shopify customer id/) },
        { row: 7, message: expect.stringMatching(/^Points "12.5" are not a whole number/) },
        { row: 8, message: 'The same customer is already in row 2.' },
        { row: 9, message: 'The row names neither a customer id nor an e-mail.' },
      ],
      problemCount: 5,
    });
    expect(await app.db.importBatch.count()).toBe(before);
    expect(await app.db.importRow.count({ where: { shopifyId: { in: [String(a), String(b)] } } })).toBe(0);
    expect(await app.db.customer.count({ where: { shopifyId: { in: [String(a), String(b)] } } })).toBe(0);
  });

  it('imports a file: one import entry per valid row, available at once, tiers set, progress to done', async () => {
    const [a, b, c] = [nextCustomer++, nextCustomer++, nextCustomer++];
    const existing = await knownCustomer(40, `known.${nextCustomer}@example.com`);
    const csv = `customer_id,points,tier\n${a},1500,Gold\n${b},0,\n${existing},60,Silver\n${c},-1,\n`;
    const reply = await upload(app, csv, { fileName: 'smile%20export.csv' });
    expect(reply.status).toBe(202);
    const fileHash = sha256(csv);
    expect(reply.body.import).toEqual({
      id: expect.any(Number),
      status: 'ready',
      fileName: 'smile export.csv',
      fileHash,
      totalRows: 4,
      validRows: 3,
      processedRows: 0,
      importedRows: 0,
      skippedRows: 0,
      problems: [{ row: 5, message: expect.stringMatching(/must not be negative/) }],
      createdAt: expect.any(String),
      finishedAt: null,
    });
    const id = reply.body.import.id as number;
    expect(await importEntries()).toEqual([]); // nothing before the job runs

    const done = await importUntilDone(app, id);
    expect(done).toMatchObject({ status: 'done', processedRows: 3, importedRows: 3, skippedRows: 0 });
    expect(done.finishedAt).toEqual(expect.any(String));

    expect(await app.customer(a)).toMatchObject({ balance: { available: 1500, pending: 0 }, tier: 'Gold' });
    expect(await app.customer(b)).toMatchObject({ balance: { available: 0, pending: 0 }, tier: null });
    expect(await app.customer(existing)).toMatchObject({
      balance: { available: 100, pending: 0 },
      tier: 'Silver',
    });
    expect((await app.admin(`/api/customers/${c}`)).status).toBe(404);

    const entries = await importEntries();
    expect(entries.map((e) => [e.points, e.idempotencyKey])).toEqual([
      [1500, `import:${fileHash}:2`],
      [0, `import:${fileHash}:3`],
      [60, `import:${fileHash}:4`],
    ]);
    const lots = await app.db.earningLot.findMany({
      where: { entryId: { in: entries.map((e) => e.id) } },
      orderBy: { entryId: 'asc' },
    });
    expect(lots.map((lot) => [lot.points, lot.remaining, lot.matured])).toEqual([
      [1500, 1500, true],
      [60, 60, true],
    ]);
    const synced = await app.db.customer.findMany({
      where: { shopifyId: { in: [String(a), String(existing)] } },
    });
    expect(synced.every((customer) => customer.balanceSyncDue)).toBe(true);
  });

  it('imports the same file once: the second upload answers the first import, and the job writes nothing more', async () => {
    const customer = nextCustomer++;
    const csv = `id,balance\n${customer},250\n`;
    const first = await upload(app, csv);
    expect(first.status).toBe(202);
    await importUntilDone(app, first.body.import.id);
    const again = await upload(app, csv, { fileName: 'renamed.csv' });
    expect(again.status).toBe(200);
    expect(again.body.import).toMatchObject({ id: first.body.import.id, status: 'done', importedRows: 1 });
    await app.running.jobs.runOnce('import-balances');
    expect((await app.customer(customer)).balance).toEqual({ available: 250, pending: 0 });
    const rows = await app.db.importBatch.count({ where: { shop: SHOP, fileHash: sha256(csv) } });
    expect(rows).toBe(1);
  });

  it('a rerun over rows already imported writes no second entry and counts them as skipped', async () => {
    const customer = nextCustomer++;
    const reply = await upload(app, `customer_id,points\n${customer},75\n`);
    const id = reply.body.import.id as number;
    await importUntilDone(app, id);
    // as if the process had died after the entries committed but before the rows' outcomes did
    await app.db.importRow.updateMany({ where: { batchId: id }, data: { outcome: null } });
    await app.db.importBatch.update({
      where: { id },
      data: { status: 'running', processedRows: 0, importedRows: 0, finishedAt: null },
    });
    const rerun = await importUntilDone(app, id);
    expect(rerun).toMatchObject({ status: 'done', processedRows: 1, importedRows: 0, skippedRows: 1 });
    expect((await app.customer(customer)).balance).toEqual({ available: 75, pending: 0 });
  });

  it('the same file uploaded again after the import failed resumes it where it stopped', async () => {
    const [a, b] = [nextCustomer++, nextCustomer++];
    const csv = `customer_id,points\n${a},10\n${b},20\n`;
    const id = (await upload(app, csv)).body.import.id as number;
    // as the job leaves an import whose chunk kept failing
    await app.db.importBatch.update({ where: { id }, data: { status: 'failed', finishedAt: new Date() } });
    await app.running.jobs.runOnce('import-balances');
    expect((await app.admin(`/api/imports/${id}`)).body.import).toMatchObject({
      status: 'failed',
      processedRows: 0,
    });
    const again = await upload(app, csv);
    expect(again.status).toBe(200);
    expect(again.body.import).toMatchObject({ id, status: 'ready', finishedAt: null });
    expect(await importUntilDone(app, id)).toMatchObject({ status: 'done', importedRows: 2 });
    expect((await app.customer(b)).balance.available).toBe(20);
  });

  it('a customer redacted before the job runs is skipped, and the staged rows no longer name them', async () => {
    const email = `gone.${nextCustomer}@example.com`;
    const redacted = await knownCustomer(1, email);
    const kept = nextCustomer++;
    const reply = await upload(app, `customer_id,email,points\n,${email},40\n${kept},,40\n`);
    expect(reply.body.import).toMatchObject({ validRows: 2 });
    const redact = customerRedactPayload({ customerId: redacted, email, shop: SHOP });
    expect((await app.deliver('customers/redact', redact)).status).toBe(200);
    await app.settle();
    const done = await importUntilDone(app, reply.body.import.id);
    expect(done).toMatchObject({ processedRows: 2, importedRows: 1, skippedRows: 1 });
    expect(done.problems).toEqual([{ row: 2, message: 'The customer was deleted before the import ran.' }]);
    const rows = await app.db.importRow.findMany({
      where: { batchId: reply.body.import.id },
      orderBy: { rowNumber: 'asc' },
    });
    expect(rows.map((row) => [row.shopifyId, row.email, row.outcome])).toEqual([
      [null, null, 'unknown_customer'],
      [String(kept), null, 'imported'],
    ]);
  });

  it('another shop sees neither the import nor its rows', async () => {
    const reply = await upload(app, `customer_id,points\n${nextCustomer++},5\n`);
    const id = reply.body.import.id as number;
    const foreign = await app.admin(`/api/imports/${id}`, OTHER_SHOP);
    expect(foreign).toEqual({
      status: 404,
      body: { code: 'import_not_found', message: expect.any(String) },
    });
    expect(
      (await app.admin('/api/imports', OTHER_SHOP)).body.imports.map((v: { id: number }) => v.id),
    ).not.toContain(id);
    expect((await app.admin('/api/imports')).body.imports[0]).toMatchObject({ id });
    expect((await app.admin('/api/imports/nope')).status).toBe(404);
    await importUntilDone(app, id);
  });

  it('resolves e-mail rows through the shop’s own customers; an unknown e-mail is a problem in the dry run already', async () => {
    const email = `ada.${nextCustomer}@example.com`;
    const known = await knownCustomer(10, email);
    await knownCustomer(10, `stranger.${nextCustomer}@example.com`, OTHER_SHOP); // another shop's customer
    const strangerEmail = `stranger.${nextCustomer - 1}@example.com`;
    const csv = `email,points\n${email.toUpperCase()},90\n${strangerEmail},5\n`;
    const dry = await upload(app, csv, { dryRun: true });
    expect(dry.body).toMatchObject({
      totalRows: 2,
      validRows: 1,
      problems: [
        { row: 3, message: 'No customer of the shop has this e-mail; use the customer id instead.' },
      ],
    });
    const reply = await upload(app, csv);
    await importUntilDone(app, reply.body.import.id);
    expect((await app.customer(known)).balance).toEqual({ available: 100, pending: 0 });
    const row = await app.db.importRow.findFirst({ where: { batchId: reply.body.import.id, rowNumber: 3 } });
    expect(row?.outcome).toBe('unknown_customer');
  });

  it('imports a customer named twice, by e-mail and then by id, once: the later row is the problem', async () => {
    const email = `twice.${nextCustomer}@example.com`;
    const customer = await knownCustomer(1, email);
    const csv = `customer_id,email,points\n,${email},50\n${nextCustomer++},,5\n${customer},,70\n`;
    const reply = await upload(app, csv);
    expect(reply.body.import).toMatchObject({
      totalRows: 3,
      validRows: 2,
      problems: [{ row: 4, message: 'The same customer is already in row 2.' }],
    });
    await importUntilDone(app, reply.body.import.id);
    expect((await app.customer(customer)).balance.available).toBe(51);
  });

  it.each([
    [
      'Smile',
      'First Name,Last Name,Email,Points Balance,VIP Tier',
      (email: string) => `Ada,Lovelace,${email},320,Gold`,
    ],
    [
      'LoyaltyLion',
      'shopify_customer_id,email,points_approved,points_pending,loyalty_tier',
      (_email: string, id: number) => `${id},,320,15,Gold`,
    ],
    ['Yotpo', 'Customer Email;Points Balance;Tier', (email: string) => `${email};320;Gold`],
  ])('imports a %s-style export unchanged', async (_app, header, line) => {
    const email = `switch.${nextCustomer}@example.com`;
    const customer = await knownCustomer(1, email);
    const reply = await upload(app, `${header}\n${line(email, customer)}\n`);
    expect(reply.status).toBe(202);
    expect(reply.body.import).toMatchObject({ validRows: 1, problems: [] });
    await importUntilDone(app, reply.body.import.id);
    expect(await app.customer(customer)).toMatchObject({
      balance: { available: 321, pending: 0 },
      tier: 'Gold',
    });
  });

  it('exports balances and the ledger as CSV that parses back to what the API shows', async () => {
    const customer = await knownCustomer(30, `quote.${nextCustomer}@example.com`);
    await app.db.customer.update({
      where: { shop_shopifyId: { shop: SHOP, shopifyId: String(customer) } },
      data: { displayName: 'Müller, Anna "Ani"' },
    });
    const tiered = nextCustomer++;
    await importUntilDone(
      app,
      (await upload(app, `customer_id,points,tier\n${tiered},500,"Gold, ""VIP"""\n`)).body.import.id,
    );

    const balances = await exportCsv(app, 'balances');
    expect(balances.status).toBe(200);
    expect(balances.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(balances.headers.get('content-disposition')).toMatch(
      /^attachment; filename="test-shop-balances-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(balances.text.split('\n')[0]).toBe(
      '\uFEFFcustomer_id,email,name,available,pending,tier,last_activity_at',
    );
    const byId = new Map(balances.rows.map((row) => [row.customer_id, row]));
    const customers = await app.db.customer.findMany({ where: { shop: SHOP, redactedAt: null } });
    expect(balances.rows).toHaveLength(customers.length);
    for (const id of [customer, tiered]) {
      const shown = await app.customer(id);
      expect(byId.get(String(id))).toMatchObject({
        available: String(shown.balance.available),
        pending: String(shown.balance.pending),
        tier: shown.tier ?? '',
      });
    }
    expect(byId.get(String(customer))).toMatchObject({
      name: 'Müller, Anna "Ani"',
      email: `quote.${customer}@example.com`,
    });
    expect(byId.get(String(tiered))?.tier).toBe('Gold, "VIP"');
    expect(byId.get(String(tiered))?.last_activity_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const ledger = await exportCsv(app, 'ledger');
    expect(ledger.status).toBe(200);
    expect(Object.keys(ledger.rows[0]!)).toEqual([
      'entry_id',
      'customer_id',
      'kind',
      'points',
      'occurred_at',
      'order_id',
      'refund_id',
      'redemption_id',
      'adjustment_id',
      'program_version',
      'idempotency_key',
    ]);
    expect(ledger.rows).toHaveLength(await app.db.ledgerEntry.count({ where: { shop: SHOP } }));
    for (const id of [customer, tiered]) {
      const shown = await app.customer(id);
      const exported = ledger.rows.filter((row) => row.customer_id === String(id));
      expect(
        exported
          .map((row) => ({ kind: row.kind, points: Number(row.points), orderId: row.order_id || null }))
          .reverse(),
      ).toEqual(
        shown.entries.map((entry) => ({ kind: entry.kind, points: entry.points, orderId: entry.orderId })),
      );
    }
    const other = await exportCsv(app, 'ledger', OTHER_SHOP);
    expect(other.rows.every((row) => !byId.has(row.customer_id))).toBe(true);
  });

  it('imports and exports across chunk and page boundaries: 1,100 customers, each exactly once', async () => {
    const first = nextCustomer;
    nextCustomer += 1_100;
    const lines = Array.from({ length: 1_100 }, (_, i) => `${first + i},${i + 1}`);
    const reply = await upload(app, `customer_id,points\n${lines.join('\n')}\n`);
    const done = await importUntilDone(app, reply.body.import.id);
    expect(done).toMatchObject({ validRows: 1_100, processedRows: 1_100, importedRows: 1_100 });
    const exported = (await exportCsv(app, 'balances')).rows.filter(
      (row) => Number(row.customer_id) >= first,
    );
    expect(exported).toHaveLength(1_100);
    expect(new Set(exported.map((row) => row.customer_id)).size).toBe(1_100);
    expect(exported.reduce((sum, row) => sum + Number(row.available), 0)).toBe((1_100 * 1_101) / 2);
    const ledger = (await exportCsv(app, 'ledger')).rows;
    expect(ledger).toHaveLength(await app.db.ledgerEntry.count({ where: { shop: SHOP } }));
    expect(new Set(ledger.map((row) => row.entry_id)).size).toBe(ledger.length);
  });

  it.each([
    ['an empty body', '', /empty/],
    ['a header row only', 'customer_id,points\n', /no rows/],
    ['no points column', 'customer_id,name\n1,x\n', /points column/],
    ['no customer id or e-mail column', 'name,points\nx,1\n', /customer id column/],
    ['malformed CSV', 'customer_id,points\n"1,2\n', /not valid CSV/],
  ])('refuses %s with 422 invalid_import, staging nothing', async (_name, csv, message) => {
    const before = await app.db.importBatch.count();
    for (const dryRun of [true, false]) {
      const reply = await upload(app, csv, { dryRun });
      expect(reply).toEqual({
        status: 422,
        body: { code: 'invalid_import', message: expect.stringMatching(message) },
      });
    }
    expect(await app.db.importBatch.count()).toBe(before);
  });

  it('refuses a body that is not text/csv with 415, and a missing token with 401', async () => {
    const reply = await upload(app, '{"customer_id":1}', { contentType: 'application/json' });
    expect(reply).toEqual({
      status: 415,
      body: { code: 'unsupported_media_type', message: expect.any(String) },
    });
    const latin1 = await upload(app, 'customer_id,points\n1,2\n', {
      contentType: 'text/csv; charset=iso-8859-1',
    });
    expect(latin1.status).toBe(415);
    const anonymous = await send(`${app.url}/api/imports`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv' },
      body: 'id,points\n1,2\n',
    });
    expect(anonymous.status).toBe(401);
    expect((await send(`${app.url}/api/exports/ledger.csv`, {})).status).toBe(401);
  });
});

describe.each(databaseKinds)('CSV import limits (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, (config) => ({ ...config, imports: { bodyLimit: '1kb', maxRows: 5 } }));
    await app.store.transaction((repos) => installShop(repos, SHOP, new Date()));
  });
  afterAll(() => app?.close());

  const rows = (count: number) =>
    ['customer_id,points', ...Array.from({ length: count }, (_, i) => `${1000 + i},1`)].join('\n');

  it('refuses a body over IMPORT_BODY_LIMIT with 413, declared or streamed, and keeps nothing staged', async () => {
    const big = `customer_id,points,name\n${'1,1,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n'.repeat(40)}`;
    expect(await upload(app, big)).toEqual({
      status: 413,
      body: { code: 'payload_too_large', message: expect.any(String) },
    });
    // no Content-Length: the limit is counted as the bytes arrive
    const streamed = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const reply = await send(`${app.url}/api/imports`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token()}`, 'Content-Type': 'text/csv' },
      body: streamed,
      duplex: 'half',
    } as RequestInit);
    expect(reply).toEqual({ status: 413, body: { code: 'payload_too_large', message: expect.any(String) } });
    expect(await app.db.importBatch.count()).toBe(0);
    expect(await app.db.importRow.count()).toBe(0);
  });

  it('refuses more rows than IMPORT_MAX_ROWS with 422 and keeps nothing staged', async () => {
    expect((await upload(app, rows(5))).status).toBe(202);
    const reply = await upload(app, rows(6));
    expect(reply).toEqual({
      status: 422,
      body: { code: 'invalid_import', message: expect.stringMatching(/more than 5 rows/) },
    });
    expect(await app.db.importBatch.count()).toBe(1);
  });
});
