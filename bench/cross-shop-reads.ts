/**
 * Isolation between shops: while shop A is hammered with webhooks, a merchant of shop B reads its customer list
 * (GET /api/customers with a valid session token). B's reads must not wait for A's backlog: p99 < 100 ms.
 */
import { spawn } from 'node:child_process';
import { execPath } from 'node:process';
import { type BenchContext, startApp } from './app-server.js';
import { freshDatabase } from './databases.js';
import { API_KEY, hammer, nthOrder, orderTemplates, OTHER_SHOP, SECRET, SHOP, signedOrder } from './load.js';
import type { DbKind } from './options.js';
import { stop, track } from './processes.js';
import { fmt, int } from './report.js';

const TARGET_P99_MS = 100;
const SHOP_B_ORDERS = 50;
const START_DELAY_MS = 500;

type ReaderResult = {
  latencies: number[];
  statuses: Record<string, number>;
  errors: number;
  customers: number;
};

const percentile = (sorted: number[], q: number) =>
  sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;

/** The reader child: resolves once it is warm (`ready`), `result` when it has printed its figures. */
function startReader(ctx: BenchContext, url: string, readMs: number) {
  const args = [url, OTHER_SHOP, SECRET, API_KEY, String(START_DELAY_MS), String(readMs)];
  const child = spawn(execPath, ['--import', 'tsx', 'bench/cross-shop-reader.ts', ...args], {
    cwd: ctx.root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  track(child);
  let out = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (out.includes('ready\n')) onReady();
  });
  const bound = readMs + START_DELAY_MS + 30_000;
  const result = new Promise<ReaderResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), bound);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as ReaderResult);
      } catch {
        reject(new Error(`the reader exited (${code ?? 'killed'}) without figures`));
      }
    });
  });
  result.catch(() => undefined);
  return { ready: Promise.race([ready, result.then(() => undefined)]), result, child };
}

export async function crossShopReads(ctx: BenchContext, kind: DbKind): Promise<void> {
  const db = await freshDatabase(kind, { dir: ctx.dir, pgAdminUrl: ctx.options.pgAdminUrl });
  try {
    const app = await startApp(ctx, db);
    try {
      // Shop B has customers of its own, credited before the burst (its first read settles them).
      const bTemplates = orderTemplates([OTHER_SHOP], 20);
      for (let n = 0; n < SHOP_B_ORDERS; n++) {
        const signed = signedOrder(nthOrder(bTemplates, 3_000_000_000_000, n));
        const response = await fetch(`${app.server.url}/api/webhooks`, {
          method: 'POST',
          headers: signed.headers,
          body: signed.body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`shop B's order got ${response.status}`);
      }
      const readMs = Math.max(1000, ctx.options.duration * 1000 - 2 * START_DELAY_MS);
      const reader = startReader(ctx, app.server.url, readMs);
      await reader.ready;
      const burst = await hammer({
        url: app.server.url,
        templates: orderTemplates([SHOP]),
        firstOrderId: 2_000_000_000_000,
        connections: ctx.options.connections,
        duration: ctx.options.duration,
      });
      const reads = await reader.result;
      const sorted = [...reads.latencies].sort((a, b) => a - b);
      const p50 = percentile(sorted, 0.5);
      const p99 = percentile(sorted, 0.99);
      const non200 = Object.entries(reads.statuses).filter(([status]) => status !== '200');
      // Fast but empty would not count: B's deliveries were acknowledged before, so its reads must show them.
      const ok =
        sorted.length >= 5 &&
        p99 < TARGET_P99_MS &&
        non200.length === 0 &&
        reads.errors === 0 &&
        reads.customers > 0;
      ctx.report.target(ok, {
        name: "other shop's admin read",
        db: kind,
        figure:
          `p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms, max ${fmt(sorted[sorted.length - 1] ?? NaN)} ms over ` +
          `${sorted.length} reads (${reads.customers} customers` +
          `${non200.length ? `; non-200: ${non200.map(([s, n]) => `${n}x ${s}`).join(', ')}` : ''}` +
          `${reads.errors ? `; ${reads.errors} timed out` : ''}); burst ${int(burst['2xx'] / burst.duration)} 2xx/s`,
        target: `p99 < ${TARGET_P99_MS} ms`,
      });
    } finally {
      await stop(app.server, 'kill');
    }
  } finally {
    await db.drop();
  }
}
