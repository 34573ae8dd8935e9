/**
 * `npm run bench [-- --check ...]` (flags: bench/options.ts): every target of the app, each printed as PASS or
 * FAIL with the measured figure, per database.
 *   ack     acknowledgement throughput against the bare node:http server, p99, peak RSS, durability per 2xx
 *   reads   another shop's admin reads during a webhook burst
 *   drain   crediting: N accepted deliveries drained to completion, verified, and the bare-driver figure
 *   stats   GET /api/stats for a shop with 100,000 ledger rows (in-process)
 *   storefront  redemption latency and the balance read's, idle and during a webhook backlog (in-process)
 *   csv     100,000-row CSV import (upload + job) and exports of balances and ledger, the server's peak RSS
 *   panel   the merchant panel's initial JS (gzip, target 350 KB), lazy chunks and CSS (bench/panel-size.ts)
 * Bounded: every wait has a limit, the whole run has --max-minutes, children are always killed, and all traffic
 * stays on 127.0.0.1. `--check` exits 1 when any target FAILs; without it only correctness failures (durability,
 * crediting) and bench errors do.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { exit, version } from 'node:process';
import { fileURLToPath } from 'node:url';
import { ackThroughput } from './ack-throughput.js';
import type { BenchContext } from './app-server.js';
import { creditingDrain } from './crediting-drain.js';
import { crossShopReads } from './cross-shop-reads.js';
import { csvImportExport } from './csv-import-export.js';
import { reportPanelSize } from './panel-size.js';
import { statsLatency } from './stats-latency.js';
import { storefrontLatency } from './storefront-latency.js';
import { dropAll, reachable } from './databases.js';
import { CUSTOMERS } from './load.js';
import { BUSY_CORES, busiest } from './machine-load.js';
import { type DbKind, parseOptions } from './options.js';
import { appCommand, build, killAll } from './processes.js';
import { fmt, Report } from './report.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Read-only: which code this measured (HEAD and how many files differ from it). */
function treeState(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const changed = git('status', '--porcelain', '--untracked-files=no').split('\n').filter(Boolean).length;
    return `${git('rev-parse', '--short', 'HEAD')}${changed ? ` + ${changed} changed files` : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}

async function abort(why: string, code: number): Promise<never> {
  console.error(`\n${why}: killing children, dropping bench databases`);
  killAll();
  await Promise.race([dropAll(), new Promise((done) => setTimeout(done, 10_000))]);
  exit(code);
}

async function main(): Promise<number> {
  const options = parseOptions();
  const report = new Report();
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-bench-'));
  const watchdog = setTimeout(
    () => void abort(`TIMEOUT: the bench ran longer than --max-minutes ${options.maxMinutes}`, 2),
    options.maxMinutes * 60_000,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void abort(signal, 130));

  const app = appCommand(ROOT);
  const ctx: BenchContext = { root: ROOT, dir, options, app, report };
  console.log(`Tree ${ROOT} at ${treeState()}; node ${version}, ${cpus().length} cores`);
  console.log(`App: ${app.display} (npm start), NODE_ENV=production; logs in ${dir}`);
  console.log(
    `Load: orders/paid, ${CUSTOMERS} customers, ${options.connections} connections, ${options.warmup} s warm-up ` +
      `+ ${options.duration} s; drain ${options.drain} deliveries (cap ${options.drainTimeout} s), ` +
      `shops ${options.shops.join(', ')}`,
  );

  if (!options.build) console.log('Using the existing build in web/dist (--no-build).');
  else {
    console.log('Building (npm run build)...');
    const failure = build(ROOT);
    if (failure) {
      console.error(failure);
      report.unmeasured('build', '-', 'npm run build failed (see above)', true);
      clearTimeout(watchdog);
      console.log(report.summary().text);
      return 1;
    }
  }

  let errors = 0;
  const run = async (name: string, kind: DbKind, section: () => Promise<void>) => {
    console.log(`\n== ${name} (${kind})`);
    try {
      await section();
    } catch (error) {
      errors++;
      console.error(error);
      report.unmeasured(
        name,
        kind,
        (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '',
      );
    }
  };
  for (const kind of options.dbs) {
    if (kind === 'postgresql') {
      const down = await reachable(options.pgAdminUrl);
      if (down) {
        report.unmeasured('PostgreSQL targets', kind, `${options.pgAdminUrl} unreachable (${down})`);
        continue;
      }
    }
    if (options.sections.includes('ack')) await run('acknowledgement', kind, () => ackThroughput(ctx, kind));
    if (options.sections.includes('reads'))
      await run('cross-shop reads', kind, () => crossShopReads(ctx, kind));
    if (options.sections.includes('drain')) {
      for (const shops of options.shops) {
        await run(`crediting drain, ${shops} shop(s)`, kind, () => creditingDrain(ctx, kind, shops));
      }
    }
    if (options.sections.includes('stats'))
      await run('stats latency', kind, () =>
        statsLatency(report, kind, { dir, pgAdminUrl: options.pgAdminUrl }),
      );
    if (options.sections.includes('storefront'))
      await run('storefront latency', kind, () =>
        storefrontLatency(report, kind, { dir, pgAdminUrl: options.pgAdminUrl }),
      );
    if (options.sections.includes('csv'))
      await run('csv import/export', kind, () => csvImportExport(ctx, kind));
  }
  await (await import('./extension-sizes.js')).reportExtensionSizes(report); // UI extension bundles, no database
  if (options.sections.includes('panel')) await reportPanelSize(report); // the merchant panel's build, no database
  clearTimeout(watchdog);

  const summary = report.summary();
  console.log(summary.text);
  if (busiest >= BUSY_CORES) {
    console.log(
      `NOTE: other processes used up to ${fmt(busiest, 2)} of ${cpus().length} cores during measurements: ` +
        'absolute figures are low; rerun on a quiet machine before trusting them.',
    );
  }
  if (errors || summary.correctnessFailed)
    console.log(`Kept ${dir} (the logs of every child) for inspection.`);
  else rmSync(dir, { recursive: true, force: true });
  if (summary.correctnessFailed || errors) return 1;
  return options.check && summary.failed ? 1 : 0;
}

main().then(
  (code) => exit(code),
  (error: unknown) => {
    console.error(error);
    void abort('bench error', 1);
  },
);
