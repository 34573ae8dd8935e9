/**
 * Acknowledgement: how fast the app answers orders/paid webhooks (verify, store durably, 2xx) against the bare
 * node:http server under the same load, its p99, its peak RSS, and durability per delivery: every event id that
 * got a 2xx must be a committed WebhookDelivery row, read after the app was killed with SIGKILL (so nothing could
 * be written after the answer). Measured in rounds (--ack-rounds, default 3) of one bare run and one app run.
 */
import { type BenchContext, startApp } from './app-server.js';
import { type BenchDatabase, freshDatabase } from './databases.js';
import { type AutocannonResult, dedupeKey, hammer, orderTemplates, SECRET, SHOP, total2xx } from './load.js';
import { BUSY_CORES, othersCores, sampleCpu } from './machine-load.js';
import type { DbKind } from './options.js';
import { freePort, rssMb, start, stop, tsxCommand, waitHealthy } from './processes.js';
import { fmt, int } from './report.js';

const TARGETS = { ratio: 0.5, p99Ms: 25, busyP99VsBare: 2, rssMb: 200 };

type Measured = { result: AutocannonResult; perSecond: number; othersCores: number };

const describe = (m: Measured) =>
  `${int(m.perSecond)} 2xx/s, p50 ${fmt(m.result.latency.p50)} ms, p99 ${fmt(m.result.latency.p99)} ms, ` +
  `non-2xx ${m.result.non2xx}, errors ${m.result.errors}, timeouts ${m.result.timeouts}; ` +
  `other processes ${fmt(m.othersCores, 2)} cores`;

async function measure(
  ctx: BenchContext,
  url: string,
  pids: Array<number | undefined>,
  kind: DbKind | null,
  firstOrderId: number,
  acknowledged?: string[],
): Promise<Measured> {
  const { connections, duration, warmup } = ctx.options;
  const templates = orderTemplates([SHOP]);
  const before = sampleCpu(pids, kind === 'postgresql');
  const result = await hammer({ url, templates, firstOrderId, connections, duration, warmup, acknowledged });
  const cores = othersCores(before, sampleCpu(pids, kind === 'postgresql'));
  return { result, perSecond: result['2xx'] / (result.duration || duration), othersCores: cores };
}

/** One round: the bare server, then the app on a fresh database, under the same load one after the other. */
type Round = { bare: Measured; app: Measured; peakMb: number; bootMb: number };

/**
 * This host's speed drifts by tens of percent within minutes (a shared virtual machine), so one bare run and
 * one app run a minute apart can measure the host's drift rather than the app. They run in rounds, back to
 * back; throughput and latency are judged on the median round, peak RSS on the highest process, and every
 * round is printed.
 */
export async function ackThroughput(ctx: BenchContext, kind: DbKind): Promise<void> {
  const rounds: Round[] = [];
  for (let i = 0; i < ctx.options.ackRounds; i++) rounds.push(await round(ctx, kind, i));
  const { report } = ctx;
  const ratios = rounds.map((r) => r.app.perSecond / r.bare.perSecond);
  const ratio = median(ratios);
  report.target(ratio >= TARGETS.ratio, {
    name: 'ack throughput app/bare',
    db: kind,
    figure:
      `${fmt(ratio, 2)} median of ${rounds.length} rounds ` +
      `(${rounds.map((r, i) => `${fmt(ratios[i] ?? 0, 2)} = ${int(r.app.perSecond)} / ${int(r.bare.perSecond)}`).join('; ')} 2xx/s)`,
    target: `>= ${TARGETS.ratio}`,
  });
  const p99s = rounds.map((r) => r.app.result.latency.p99);
  const p99 = median(p99s);
  report.target(p99 <= TARGETS.p99Ms, {
    name: 'ack p99',
    db: kind,
    figure: `${fmt(p99)} ms median (rounds ${p99s.map((v) => fmt(v)).join(', ')} ms)`,
    target: `<= ${TARGETS.p99Ms} ms`,
  });
  const busy = Math.max(...rounds.flatMap((r) => [r.bare.othersCores, r.app.othersCores]));
  const vsBare = median(
    rounds.map((r) => r.app.result.latency.p99 / Math.max(r.bare.result.latency.p99, 0.001)),
  );
  const relative = {
    name: 'ack p99 vs bare p99',
    db: kind,
    figure:
      `${fmt(vsBare, 2)}x median (bare ${rounds.map((r) => fmt(r.bare.result.latency.p99)).join(', ')} ms); ` +
      `other processes up to ${fmt(busy, 2)} cores`,
    target: `<= ${TARGETS.busyP99VsBare}x when busy (>= ${BUSY_CORES} cores)`,
  };
  if (busy >= BUSY_CORES) report.target(vsBare <= TARGETS.busyP99VsBare, relative);
  else report.info({ ...relative, target: `${relative.target}: quiet, not applied` });
  const peakMb = Math.max(...rounds.map((r) => r.peakMb));
  const readable = rounds.every((r) => r.peakMb > 0);
  report.target(readable && peakMb <= TARGETS.rssMb, {
    name: 'peak RSS under ack load',
    db: kind,
    figure: readable
      ? `${fmt(peakMb)} MB highest of ${rounds.length} processes (VmHWM, whole life; ` +
        `${rounds.map((r) => `${fmt(r.peakMb)} from ${fmt(r.bootMb)}`).join(', ')} MB before the load)`
      : 'unreadable',
    target: `<= ${TARGETS.rssMb} MB`,
  });
}

async function round(ctx: BenchContext, kind: DbKind, index: number): Promise<Round> {
  const { report } = ctx;
  const label = `round ${index + 1}`;
  const bareServer = start('bare', tsxCommand('bench/bare-server.ts'), {
    root: ctx.root,
    dir: ctx.dir,
    port: await freePort(),
    env: { SHOPIFY_API_SECRET: SECRET },
  });
  let bare: Measured;
  try {
    await waitHealthy(bareServer);
    bare = await measure(ctx, bareServer.url, [bareServer.child.pid], null, 6_000_000_000_000 + index * 1e9);
  } finally {
    await stop(bareServer);
  }
  report.info({ name: `ack bare node:http, ${label}`, db: kind, figure: describe(bare) });

  const db = await freshDatabase(kind, { dir: ctx.dir, pgAdminUrl: ctx.options.pgAdminUrl });
  try {
    const app = await startApp(ctx, db);
    const acknowledged: string[] = [];
    let measured: Measured;
    let peakMb: number;
    const bootMb = rssMb(app.server.child.pid, 'VmRSS');
    try {
      const pid = app.server.child.pid;
      measured = await measure(
        ctx,
        app.server.url,
        [pid],
        kind,
        7_000_000_000_000 + index * 1e9,
        acknowledged,
      );
      peakMb = rssMb(pid);
    } finally {
      await stop(app.server, 'kill');
    }
    report.info({ name: `ack app, ${label}`, db: kind, figure: describe(measured) });
    await checkDurability(ctx, db, acknowledged, total2xx(measured.result), label);
    return { bare, app: measured, peakMb, bootMb };
  } finally {
    await db.drop();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Every acknowledged event, by (shop, dedupe key), must be a row of WebhookDelivery. */
async function checkDurability(
  ctx: BenchContext,
  db: BenchDatabase,
  acknowledged: string[],
  counted: number,
  label: string,
) {
  const missing: string[] = [];
  const byShop = new Map<string, string[]>();
  for (const key of acknowledged) {
    const [shop = '', eventId = ''] = key.split(' ');
    const ids = byShop.get(shop) ?? [];
    if (!ids.length) byShop.set(shop, ids);
    ids.push(eventId);
  }
  for (const [shop, eventIds] of byShop) {
    for (let i = 0; i < eventIds.length; i += 500) {
      const chunk = eventIds.slice(i, i + 500).map(dedupeKey);
      const rows = await db.query<{ dedupeKey: string }>(
        `SELECT "dedupeKey" FROM "WebhookDelivery" WHERE "shop" = ? AND "dedupeKey" IN (${chunk.map(() => '?').join(', ')})`,
        [shop, ...chunk],
      );
      const found = new Set(rows.map((row) => row.dedupeKey));
      missing.push(...chunk.filter((key) => !found.has(key)).map((key) => `${shop} ${key}`));
    }
  }
  // The recorded ids must be all of autocannon's 2xx, or the check would cover only part of them.
  const complete = acknowledged.length === counted;
  ctx.report.target(missing.length === 0 && complete && counted > 0, {
    name: `durability per 2xx, ${label}`,
    db: db.kind,
    figure:
      `${int(acknowledged.length - missing.length)} of ${int(acknowledged.length)} acknowledged event ids ` +
      `committed` +
      (complete ? '' : ` (but autocannon counted ${int(counted)} 2xx)`) +
      (missing.length ? `; missing e.g. ${missing.slice(0, 3).join(', ')}` : ''),
    target: 'all, by X-Shopify-Event-Id, after SIGKILL',
    correctness: true,
  });
}
