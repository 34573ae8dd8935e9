/**
 * Command line of `npm run bench -- [flags]`. Every flag has a default that measures the documented targets; the
 * small values are for development (`--duration 2 --drain 500`).
 */
import { argv } from 'node:process';

export type DbKind = 'sqlite' | 'postgresql';
export type Section = 'ack' | 'reads' | 'drain' | 'storefront' | 'stats' | 'csv' | 'panel';

export interface Options {
  /** Exit non-zero when any target FAILs (otherwise only correctness failures and bench errors do). */
  check: boolean;
  /** Seconds of measured load per acknowledgement run and per cross-shop burst. */
  duration: number;
  warmup: number;
  connections: number;
  /** Bare-server and app runs of the acknowledgement section, in pairs (targets judged on the median pair). */
  ackRounds: number;
  /** Deliveries per crediting drain, and how long a drain may take before it is reported as FAIL. */
  drain: number;
  drainTimeout: number;
  /** One drain per entry: the deliveries spread over that many shops. */
  shops: number[];
  dbs: DbKind[];
  sections: Section[];
  /** Server on which fresh bench_<random> databases are created (and dropped). */
  pgAdminUrl: string;
  build: boolean;
  /** Hard bound on the whole run: past it, children are killed and the bench exits 2. */
  maxMinutes: number;
}

const USAGE = `npm run bench -- [--check] [--duration S] [--warmup S] [--connections N] [--ack-rounds N] [--drain N]
  [--drain-timeout S] [--shops 1,4] [--db sqlite,postgresql] [--only ack,reads,drain,storefront,stats,csv,panel] [--pg-url URL]
  [--no-build] [--max-minutes M]`;

export function parseOptions(args: string[] = argv.slice(2)): Options {
  const options: Options = {
    check: false,
    duration: 10,
    warmup: 2,
    connections: 32,
    ackRounds: 3,
    drain: 10_000,
    drainTimeout: 120,
    shops: [1],
    dbs: ['sqlite', 'postgresql'],
    sections: ['ack', 'reads', 'drain', 'storefront', 'stats', 'csv', 'panel'],
    pgAdminUrl: 'postgresql://postgres@127.0.0.1:5432/postgres',
    build: true,
    maxMinutes: 30,
  };
  const value = (i: number) => {
    const v = args[i + 1];
    if (v === undefined) throw new Error(`${args[i]} needs a value\n${USAGE}`);
    return v;
  };
  const positive = (i: number, integer = false) => {
    const n = Number(value(i));
    if (!(n > 0) || (integer && !Number.isInteger(n))) throw new Error(`${args[i]} needs a positive number`);
    return n;
  };
  const list = <T extends string>(i: number, allowed: readonly T[]): T[] => {
    const items = value(i).split(',') as T[];
    const bad = items.filter((item) => !allowed.includes(item));
    if (bad.length || !items.length) throw new Error(`${args[i]}: one or more of ${allowed.join(', ')}`);
    return items;
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const takesValue = flag !== '--check' && flag !== '--no-build';
    if (flag === '--check') options.check = true;
    else if (flag === '--no-build') options.build = false;
    else if (flag === '--duration') options.duration = positive(i);
    else if (flag === '--warmup') options.warmup = positive(i);
    else if (flag === '--connections') options.connections = positive(i, true);
    else if (flag === '--ack-rounds') options.ackRounds = positive(i, true);
    else if (flag === '--drain') options.drain = positive(i, true);
    else if (flag === '--drain-timeout') options.drainTimeout = positive(i);
    else if (flag === '--shops') options.shops = value(i).split(',').map(Number);
    else if (flag === '--db') options.dbs = list(i, ['sqlite', 'postgresql'] as const);
    else if (flag === '--only')
      options.sections = list(i, ['ack', 'reads', 'drain', 'storefront', 'stats', 'csv', 'panel'] as const);
    else if (flag === '--pg-url') options.pgAdminUrl = value(i);
    else if (flag === '--max-minutes') options.maxMinutes = positive(i);
    else throw new Error(`unknown flag ${flag}\n${USAGE}`);
    if (takesValue) i++;
  }
  if (!options.shops.every((n) => Number.isInteger(n) && n >= 1 && n <= 100)) {
    throw new Error('--shops takes a comma-separated list of shop counts from 1 to 100');
  }
  return options;
}
