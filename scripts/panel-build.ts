/**
 * Builds the merchant panel (web/frontend, Vite) when its build is missing or older than its sources:
 * `tsx scripts/panel-build.ts [--if-stale] [--quiet]`, and the vitest global setup (test/support/panel-build-setup.ts)
 * so tests that need the page have it. The build goes to a directory of its own and then replaces dist/, and a lock
 * directory keeps two test runs from building at once (the second waits, then finds the build fresh).
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { argv } from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FRONTEND = join(ROOT, 'web/frontend');
export const DIST = join(FRONTEND, 'dist');
const LOCK = join(FRONTEND, '.panel-build.lock');
// the lock file too: an `npm install` that brings a new Polaris or polaris-viz makes the build stale
const SOURCES = [
  'src',
  'index.html',
  'vite.config.ts',
  'tsconfig.json',
  'package.json',
  '../../package-lock.json',
];
const LOCK_STALE_MS = 180_000;

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  // unit tests beside the code are not part of the build
  const inputs = readdirSync(path).filter((name) => !name.endsWith('.test.ts'));
  return Math.max(stat.mtimeMs, ...inputs.map((name) => newestMtime(join(path, name))));
}

/** Missing, or some source changed after the build started. */
export function panelBuildIsStale(): boolean {
  const built = statSync(join(DIST, 'index.html'), { throwIfNoEntry: false });
  if (!built) return true;
  return Math.max(...SOURCES.map((name) => newestMtime(join(FRONTEND, name)))) > built.mtimeMs;
}

export async function buildPanel(opts: { quiet?: boolean } = {}): Promise<void> {
  const { build } = await import('vite');
  const started = new Date();
  const outDir = join(FRONTEND, `dist.building-${process.pid}`);
  try {
    await build({
      configFile: join(FRONTEND, 'vite.config.ts'),
      logLevel: opts.quiet ? 'error' : 'info',
      build: { outDir, emptyOutDir: true },
    });
    // stamped with the start: a source saved during the build is newer, so the next check builds again
    utimesSync(join(outDir, 'index.html'), started, started);
    const old = `${DIST}.old-${process.pid}`;
    if (statSync(DIST, { throwIfNoEntry: false })) renameSync(DIST, old);
    renameSync(outDir, DIST);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Builds when stale, one builder at a time; returns whether this call built. */
export async function ensurePanelBuilt(opts: { quiet?: boolean } = {}): Promise<boolean> {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    if (!panelBuildIsStale()) return false;
    try {
      mkdirSync(LOCK);
    } catch {
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${LOCK} is held for too long; remove it if no build runs`);
      await new Promise((done) => setTimeout(done, 250));
      continue;
    }
    try {
      if (!panelBuildIsStale()) return false;
      await buildPanel(opts);
      return true;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

if (argv[1] && resolve(argv[1]) === fileURLToPath(import.meta.url)) {
  const quiet = argv.includes('--quiet');
  if (argv.includes('--if-stale')) {
    const built = await ensurePanelBuilt({ quiet });
    if (!quiet)
      console.log(
        built ? 'Merchant panel built (web/frontend/dist).' : 'Merchant panel build is up to date.',
      );
  } else await buildPanel({ quiet });
}
