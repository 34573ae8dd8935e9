/**
 * `npm run bench [-- --duration S]`: webhook throughput of the app against a bare node:http endpoint that only
 * verifies the HMAC and parses the JSON, under the same load (orders/paid for distinct orders, 32 connections).
 * Then checks durability: every 2xx the app sent must be a committed WebhookDelivery row.
 */
import Sqlite from 'better-sqlite3';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { argv, env, execPath, exit } from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type LineSpec, orderPayload, signWebhook } from '../web/demo/shopify-payloads.js';

// autocannon ships no types; this is the part of its API used here.
type Histogram = { average: number; p50: number; p99: number };
type AutocannonResult = {
  requests: Histogram;
  latency: Histogram;
  non2xx: number;
  '2xx': number;
  errors: number;
  timeouts: number;
  warmup?: AutocannonResult;
};
type AutocannonRequest = { method: string; path: string; headers?: Record<string, string>; body?: string };
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  warmup?: { connections: number; duration: number };
  requests: Array<AutocannonRequest & { setupRequest: (req: AutocannonRequest) => AutocannonRequest }>;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-secret';
const SHOP = 'bench-shop.myshopify.com';
const CONNECTIONS = 32;
const WARMUP_SECONDS = 2;
const CUSTOMERS = 500;
const TARGETS = { ratio: 0.5, p99Ms: 25, rssMb: 200 };
const PROCESSING_WINDOW_SECONDS = 5;

const durationAt = argv.indexOf('--duration');
const DURATION = durationAt >= 0 ? Number(argv[durationAt + 1]) : 10;
if (!(DURATION > 0)) throw new Error('--duration needs a number of seconds');

// ---------- children: every process started here is killed on the way out, whatever the way ----------

const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => exit(130));

type Server = { name: string; child: ChildProcess; url: string; logs: { out: string; err: string } };

function start(
  name: string,
  script: string,
  childEnv: Record<string, string>,
  port: number,
  dir: string,
): Server {
  // Logs go to files, not pipes: draining a chatty child would cost the load generator CPU.
  const logs = { out: join(dir, `${name}.out.log`), err: join(dir, `${name}.err.log`) };
  const out = openSync(logs.out, 'w');
  const err = openSync(logs.err, 'w');
  // TypeScript sources run through tsx; the app runs as built for production (plain node, compiled JS).
  const child = spawn(execPath, script.endsWith('.ts') ? ['--import', 'tsx', script] : [script], {
    cwd: ROOT,
    env: { ...env, ...childEnv, PORT: String(port) },
    stdio: ['ignore', out, err],
  });
  closeSync(out);
  closeSync(err);
  children.add(child);
  child.on('exit', () => children.delete(child));
  return { name, child, url: `http://127.0.0.1:${port}`, logs };
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitHealthy(server: Server, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && server.child.exitCode === null) {
    try {
      const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  const why =
    server.child.exitCode === null
      ? 'did not answer /healthz with 200 in 60 s'
      : `exited (${server.child.exitCode})`;
  console.error(
    `${server.name} ${why}. stderr:\n${tail(server.logs.err)}\nstdout:\n${tail(server.logs.out, 10)}`,
  );
  exit(1);
}

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((done) => server.child.once('exit', done));
  server.child.kill('SIGTERM');
  // A graceful stop lets the app finish in-flight requests and close the database; force it after 10 s.
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** Peak resident memory (VmHWM) of a process in MB, 0 when unreadable (not Linux, process gone). */
function peakRssMb(pid: number | undefined): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

// ---------- load: one template per customer, ids patched in per request ----------

const PRODUCTS = ['12.90', '24.90', '9.90', '19.90', '89.00', '14.90', '4.50'] as const;
// orderPayload derives every id of an order from the order id (line items are id*1000+n, so "<id>001"...):
// replacing the placeholder digits in the JSON gives each request the ids of a new order (name and token repeat),
// at the cost of a string split instead of building and serializing a 10 kB object per request.
const PLACEHOLDER_ORDER_ID = 4_444_444_444_444;

function orderTemplates(): string[] {
  return Array.from({ length: CUSTOMERS }, (_, c) => {
    const lines: LineSpec[] = Array.from({ length: 2 + (c % 3) }, (_, i) => {
      const price = PRODUCTS[(c + i) % PRODUCTS.length] ?? '10.00';
      const quantity = 1 + ((c + i) % 3);
      const gross = Math.round(Number(price) * 100) * quantity;
      const discount = c % 4 === 0 ? Math.round(gross * 0.1) : 0;
      const tax = Math.round(((gross - discount) * 0.19) / 1.19);
      return {
        price,
        quantity,
        tax: (tax / 100).toFixed(2),
        ...(discount ? { discount: (discount / 100).toFixed(2) } : {}),
      };
    });
    const order = orderPayload({
      orderId: PLACEHOLDER_ORDER_ID,
      customerId: 8_000_000_000 + c,
      lines,
      taxesIncluded: true,
      shipping: { price: '4.90', tax: '0.78' },
      shopDomain: SHOP,
    });
    return JSON.stringify(order);
  });
}

function webhookLoad(templates: string[], firstOrderId: number) {
  let next = 0;
  const placeholder = String(PLACEHOLDER_ORDER_ID);
  return {
    method: 'POST',
    path: '/api/webhooks',
    setupRequest: (req: AutocannonRequest): AutocannonRequest => {
      const n = next++;
      const body = (templates[n % templates.length] ?? '').split(placeholder).join(String(firstOrderId + n));
      const signed = signWebhook({ secret: SECRET, topic: 'orders/paid', shop: SHOP, body });
      return { ...req, body: signed.body, headers: signed.headers };
    },
  };
}

async function drive(url: string, templates: string[], firstOrderId: number): Promise<AutocannonResult> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS },
    requests: [webhookLoad(templates, firstOrderId)],
  });
}

// ---------- report ----------

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const mark = (ok: boolean) => (ok ? 'PASS' : 'BELOW TARGET');

function describe(name: string, r: AutocannonResult): string {
  return (
    `${name.padEnd(5)} ${fmt(r.requests.average, 0).padStart(7)} req/s   p50 ${fmt(r.latency.p50)} ms   ` +
    `p99 ${fmt(r.latency.p99)} ms   non-2xx ${r.non2xx}   errors ${r.errors}   timeouts ${r.timeouts}`
  );
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-bench-'));
  const databaseUrl = `file:${join(dir, 'bench.sqlite')}`;
  const templates = orderTemplates();
  console.log(
    `Load: orders/paid, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${DURATION} s per target`,
  );

  const bare = start('bare', 'bench/bare-server.ts', { SHOPIFY_API_SECRET: SECRET }, await freePort(), dir);
  await waitHealthy(bare);
  const bareResult = await drive(bare.url, templates, 6_000_000_000_000);
  await stop(bare);
  console.log(describe('bare', bareResult));

  // The production build (npm run build): what `npm start` runs. The server applies migrations at start.
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) {
    console.error(
      `Build failed (exit ${built.status}):\n${built.stdout}${built.stderr || built.error?.message}`,
    );
    return 1;
  }

  const port = await freePort();
  const app = start(
    'app',
    'web/dist/server.js',
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      SHOPIFY_API_KEY: 'bench-key',
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      SCOPES: 'read_orders,read_customers,write_customers,write_discounts,read_products',
    },
    port,
    dir,
  );
  await waitHealthy(app);
  let rssMb = 0;
  const sampler = setInterval(() => (rssMb = Math.max(rssMb, peakRssMb(app.child.pid))), 250);
  const appResult = await drive(app.url, templates, 7_000_000_000_000);
  console.log(describe('app', appResult));

  // Acknowledged deliveries are credited in the background, paused while acknowledgements are busy. Measure how
  // fast that backlog drains once the load stops (crediting throughput), over a fixed window.
  const drain = await measureDrain(join(dir, 'bench.sqlite'), PROCESSING_WINDOW_SECONDS);
  rssMb = Math.max(rssMb, peakRssMb(app.child.pid));
  clearInterval(sampler);
  await stop(app);
  console.log(
    `crediting after the load: ${drain.processed} deliveries in ${PROCESSING_WINDOW_SECONDS} s = ` +
      `${fmt(drain.processed / PROCESSING_WINDOW_SECONDS)} /s; ${drain.left} still pending when measured`,
  );

  const sent = appResult['2xx'] + (appResult.warmup?.['2xx'] ?? 0);
  const db = new Sqlite(join(dir, 'bench.sqlite'), { readonly: true, fileMustExist: true });
  const count = (table: string) =>
    (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
  const committed = count('WebhookDelivery');
  const ledgerEntries = count('LedgerEntry');
  db.close();

  const ratio = appResult.requests.average / bareResult.requests.average;
  console.log('');
  console.log(
    `app/bare throughput  ${fmt(ratio, 2).padStart(8)}     target >= ${TARGETS.ratio}     ${mark(ratio >= TARGETS.ratio)}`,
  );
  console.log(
    `app p99 latency      ${fmt(appResult.latency.p99).padStart(8)} ms  target <= ${TARGETS.p99Ms} ms  ${mark(appResult.latency.p99 <= TARGETS.p99Ms)}`,
  );
  console.log(
    `app peak RSS         ${fmt(rssMb).padStart(8)} MB  target <= ${TARGETS.rssMb} MB ${mark(rssMb > 0 && rssMb <= TARGETS.rssMb)}`,
  );
  console.log(
    `2xx responses sent: ${sent}, deliveries committed: ${committed} (ledger entries: ${ledgerEntries})`,
  );
  if (committed < sent) {
    console.error(
      `DURABILITY FAILURE: the app answered 2xx for deliveries it did not commit (database: ${dir}).`,
    );
    return 1;
  }
  rmSync(dir, { recursive: true, force: true });
  return 0;
}

/** Deliveries processed (no longer pending) during `seconds`, read from the app's database file. */
async function measureDrain(file: string, seconds: number): Promise<{ processed: number; left: number }> {
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  const pending = () =>
    (
      db.prepare(`SELECT COUNT(*) AS n FROM "WebhookDelivery" WHERE "status" = 'pending'`).get() as {
        n: number;
      }
    ).n;
  try {
    const before = pending();
    await sleep(seconds * 1000);
    const left = pending();
    return { processed: before - left, left };
  } finally {
    db.close();
  }
}

main().then(
  (code) => exit(code),
  (error: unknown) => {
    console.error(error);
    exit(1);
  },
);
