/**
 * CSV import and export at 100,000 rows against the production build in a child process (`npm start`, its 128 MB
 * heap cap included): a 100,000-row balance file uploaded (POST /api/imports, staged as it streams) and imported
 * by the server's own job to done, then the 100,000 balances and the 100,000+ ledger rows exported and read to
 * the end. The server's resident memory is sampled throughout (/proc/<pid>/status): it must stay flat, under
 * 200 MB at its peak, however many rows pass through. Every figure is checked for completeness too.
 */
import { signSessionToken } from '../web/demo/session-token.js';
import { type BenchContext, startApp } from './app-server.js';
import { freshDatabase } from './databases.js';
import { API_KEY, SECRET, SHOP } from './load.js';
import type { DbKind } from './options.js';
import { rssMb, stop } from './processes.js';
import { fmt, int } from './report.js';

const ROWS = 100_000;
const TARGET_PEAK_MB = 200;
const JOB_TIMEOUT_MS = 10 * 60_000;

export async function csvImportExport(ctx: BenchContext, kind: DbKind): Promise<void> {
  const { report } = ctx;
  const db = await freshDatabase(kind, { dir: ctx.dir, pgAdminUrl: ctx.options.pgAdminUrl });
  const app = await startApp(ctx, db);
  const pid = app.server.child.pid;
  const token = signSessionToken({ secret: SECRET, apiKey: API_KEY, shop: SHOP, expiresInSeconds: 3_600 });
  const auth = { Authorization: `Bearer ${token}` };
  let peak = 0;
  let phasePeak = 0;
  const sampler = setInterval(() => {
    const now = rssMb(pid, 'VmRSS');
    peak = Math.max(peak, now);
    phasePeak = Math.max(phasePeak, now);
  }, 50);
  /** The highest RSS sampled since the last call. */
  const phase = () => {
    const highest = Math.max(phasePeak, rssMb(pid, 'VmRSS'));
    phasePeak = 0;
    return highest;
  };
  try {
    const health = await fetch(`${app.server.url}/healthz`);
    await health.arrayBuffer();
    const beforeMb = rssMb(pid, 'VmRSS');
    phase();

    const csv = balanceFile(ROWS);
    let started = performance.now();
    const uploaded = await fetch(`${app.server.url}/api/imports`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/csv', 'X-File-Name': 'bench.csv' },
      body: csv,
    });
    const body = (await uploaded.json()) as { import?: { id: number; validRows: number } };
    const uploadMs = performance.now() - started;
    if (uploaded.status !== 202 || body.import?.validRows !== ROWS)
      throw new Error(`upload: ${uploaded.status} ${JSON.stringify(body).slice(0, 300)}`);
    const uploadMb = phase();

    started = performance.now();
    const done = await importDone(app.server.url, auth, body.import.id);
    const jobMs = performance.now() - started;
    if (done.importedRows !== ROWS) throw new Error(`import ended ${JSON.stringify(done)}`);
    const jobMb = phase();

    const balances = await download(`${app.server.url}/api/exports/balances.csv`, auth);
    const balancesMb = phase();
    const ledger = await download(`${app.server.url}/api/exports/ledger.csv`, auth);
    const ledgerMb = phase();
    if (balances.rows !== ROWS || ledger.rows < ROWS)
      throw new Error(`exports: ${balances.rows} balances, ${ledger.rows} ledger rows`);
    clearInterval(sampler);
    const hwm = rssMb(pid);

    const mb = (n: number) => `${fmt(n, 0)} MB`;
    report.info({
      name: 'csv import 100k rows',
      db: kind,
      figure: `upload ${fmt(uploadMs / 1000)} s (${fmt(csv.length / 1024 / 1024)} MB), job to done ${fmt(jobMs / 1000)} s`,
    });
    report.info({
      name: 'csv export 100k balances',
      db: kind,
      figure: `${fmt(balances.ms / 1000)} s, ${fmt(balances.bytes / 1024 / 1024)} MB`,
    });
    report.info({
      name: 'csv export ledger',
      db: kind,
      figure: `${int(ledger.rows)} rows in ${fmt(ledger.ms / 1000)} s, ${fmt(ledger.bytes / 1024 / 1024)} MB`,
    });
    report.target(Math.max(peak, hwm) < TARGET_PEAK_MB, {
      name: 'csv import/export peak RSS',
      db: kind,
      figure:
        `${mb(Math.max(peak, hwm))} at peak (VmHWM ${mb(hwm)}); ${mb(beforeMb)} before; highest during the upload ` +
        `${mb(uploadMb)}, the job ${mb(jobMb)}, the balances export ${mb(balancesMb)}, the ledger export ${mb(ledgerMb)}`,
      target: `< ${TARGET_PEAK_MB} MB`,
    });
  } finally {
    clearInterval(sampler);
    await stop(app.server, 'kill');
    await db.drop();
  }
}

/** A Smile-like export: id, e-mail, points, tier; a name with a comma and quotes so the parser has work to do. */
function balanceFile(rows: number): string {
  const lines = ['customer_id,email,name,points_balance,vip_tier'];
  for (let i = 0; i < rows; i++) {
    const id = 7_000_000_000 + i;
    lines.push(
      `${id},customer.${id}@example.com,"Müller, Anna ""${i}""",${(i * 37) % 5_000},${i % 10 ? '' : 'Gold'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function importDone(url: string, auth: Record<string, string>, id: number) {
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  for (;;) {
    const response = await fetch(`${url}/api/imports/${id}`, { headers: auth });
    const view = ((await response.json()) as { import: { status: string; importedRows: number } }).import;
    if (view.status === 'done' || view.status === 'failed') return view;
    if (Date.now() > deadline)
      throw new Error(`import not done in ${JOB_TIMEOUT_MS / 1000} s: ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Reads an export to its end as it streams, counting bytes and data rows (every value here is on one line). */
async function download(url: string, auth: Record<string, string>) {
  const started = performance.now();
  const response = await fetch(url, { headers: auth });
  if (response.status !== 200 || !response.body) throw new Error(`${url}: ${response.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  return { ms: performance.now() - started, bytes, rows: lines - 1 };
}
