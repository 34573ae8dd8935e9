/**
 * The merchant panel's download size (`tsx bench/panel-size.ts`, and `npm run bench -- --only panel`): from the
 * Vite build's manifest (web/frontend/dist/.vite/manifest.json, built first when missing or stale), the initial
 * JavaScript (the entry chunk and everything it imports statically, plus the larger of the Polaris locale chunks
 * it awaits before the first render), the lazy chunks (the dashboard's charts) and the CSS, each minified as
 * built and gzipped with node:zlib at level 9. Target: initial JS at most 350 KB gzipped.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { argv } from 'node:process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DIST, ensurePanelBuilt } from '../scripts/panel-build.js';
import type { Report } from './report.js';

export const INITIAL_TARGET_GZIP = 350 * 1024;

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface Sizes {
  files: string[];
  minified: number;
  gzipped: number;
}

export interface PanelSizes {
  initial: Sizes;
  /** Awaited before the first render: the Polaris strings of the panel's language (the larger one counts). */
  locale: Sizes;
  lazy: Array<Sizes & { name: string }>;
  css: Sizes;
  lazyCss: Sizes;
}

function measure(files: Iterable<string>): Sizes {
  const list = [...new Set(files)].sort();
  let minified = 0;
  let gzipped = 0;
  for (const file of list) {
    const bytes = readFileSync(join(DIST, file));
    minified += bytes.byteLength;
    gzipped += gzipSync(bytes, { level: 9 }).byteLength;
  }
  return { files: list, minified, gzipped };
}

export async function measurePanel(): Promise<PanelSizes> {
  await ensurePanelBuilt({ quiet: true });
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entryKey) throw new Error('the panel build has no entry chunk');
  /** A chunk and what it imports statically, transitively. */
  const closure = (key: string, into = new Set<string>()) => {
    if (into.has(key)) return into;
    into.add(key);
    for (const imported of manifest[key]!.imports ?? []) closure(imported, into);
    return into;
  };
  const initial = closure(entryKey);
  const dynamic = [...initial].flatMap((key) => manifest[key]!.dynamicImports ?? []);
  const locales = dynamic.filter((key) => /polaris\/locales\/\w+\.json$/.test(key));
  const lazyEntries = dynamic.filter((key) => !locales.includes(key) && !initial.has(key));
  const localeSizes = locales.map((key) => measure([manifest[key]!.file]));
  const lazy = lazyEntries.map((key) => {
    const files = [...closure(key)].filter((k) => !initial.has(k)).map((k) => manifest[k]!.file);
    return { name: manifest[key]!.name ?? key, ...measure(files) };
  });
  const cssOf = (keys: Iterable<string>) => [...keys].flatMap((key) => manifest[key]!.css ?? []);
  return {
    initial: measure([...initial].map((key) => manifest[key]!.file)),
    locale: localeSizes.sort((a, b) => b.gzipped - a.gzipped)[0] ?? { files: [], minified: 0, gzipped: 0 },
    lazy,
    css: measure(cssOf(initial)),
    lazyCss: measure(
      lazyEntries.flatMap((key) => cssOf(closure(key))).filter((f) => !cssOf(initial).includes(f)),
    ),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const figure = (s: Sizes) => `${kb(s.minified)} min, ${kb(s.gzipped)} gzip (${s.files.length} files)`;

/** The initial JavaScript the browser needs before the panel renders: entry, static imports, one locale. */
export const initialGzip = (sizes: PanelSizes) => sizes.initial.gzipped + sizes.locale.gzipped;

export async function reportPanelSize(report: Report): Promise<void> {
  console.log('\n== Merchant panel download size (Vite build, gzip -9)');
  try {
    const sizes = await measurePanel();
    report.target(initialGzip(sizes) <= INITIAL_TARGET_GZIP, {
      name: 'panel initial JS',
      db: '-',
      figure:
        `${kb(sizes.initial.minified + sizes.locale.minified)} min, ${kb(initialGzip(sizes))} gzip ` +
        `(entry + static imports ${kb(sizes.initial.gzipped)}, Polaris locale ${kb(sizes.locale.gzipped)})`,
      target: `≤ ${kb(INITIAL_TARGET_GZIP)} gzip`,
    });
    for (const chunk of sizes.lazy)
      report.info({ name: `panel lazy ${chunk.name}`, db: '-', figure: figure(chunk) });
    report.info({ name: 'panel CSS', db: '-', figure: figure(sizes.css) });
    report.info({ name: 'panel lazy CSS', db: '-', figure: figure(sizes.lazyCss) });
  } catch (error) {
    report.unmeasured(
      'panel size',
      '-',
      (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '',
    );
  }
}

if (argv[1] && resolve(argv[1]) === fileURLToPath(import.meta.url)) {
  const { Report } = await import('./report.js');
  const report = new Report();
  await reportPanelSize(report);
  console.log(report.summary().text);
}
