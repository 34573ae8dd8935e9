/**
 * Bundle sizes of the UI extensions (`tsx bench/extension-sizes.ts`, and a section of `npm run bench`). Each
 * extension is bundled as Shopify CLI 3.92 bundles it (its esbuild options and stdin entry: target es6, jsx
 * automatic, minify, no legal comments, `shopify.extend('<target>', ...)` around the module's default export) without running `shopify app build`, which needs the network once the app has
 * a Discount Function. Shopify refuses bundles above 64 KB compressed (shopify.dev); our aim is 20 KB.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { argv } from 'node:process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { parse } from 'smol-toml';
import type { Report } from './report.js';

export const SHOPIFY_LIMIT_GZIP = 64 * 1024;
export const AIM_GZIP = 20 * 1024;

export interface Target {
  target: string;
  module: string;
}

export interface UiExtension {
  handle: string;
  dir: string;
  targets: Target[];
}

export interface BundleSize {
  handle: string;
  /** One target, or every target of the extension together: the file the CLI uploads. */
  target: string;
  minified: number;
  gzipped: number;
  /** The files that went in, relative to the repository root. */
  inputs: string[];
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ALL_TARGETS = 'all targets';

/** Every ui_extension under extensions/, with its targets as the toml lists them. */
export function uiExtensions(root = ROOT): UiExtension[] {
  const found: UiExtension[] = [];
  for (const name of readdirSync(join(root, 'extensions')).sort()) {
    const dir = join(root, 'extensions', name);
    let text: string;
    try {
      text = readFileSync(join(dir, 'shopify.extension.toml'), 'utf8');
    } catch {
      continue;
    }
    const toml = parse(text) as { extensions?: { type?: string; handle?: string; targeting?: Target[] }[] };
    for (const extension of toml.extensions ?? []) {
      if (extension.type !== 'ui_extension') continue;
      found.push({ handle: extension.handle ?? name, dir, targets: extension.targeting ?? [] });
    }
  }
  return found;
}

/** The CLI's stdin entry: the module's default export is the target's render function. */
export function cliEntry(targets: Target[]): string {
  return targets
    .map(
      ({ target, module }, i) =>
        `import Target_${i} from '${module}';shopify.extend('${target}', (...args) => Target_${i}(...args));`,
    )
    .join('\n');
}

export async function bundle(dir: string, targets: Target[], root = ROOT) {
  const result = await build({
    stdin: { contents: cliEntry(targets), resolveDir: dir, sourcefile: 'entry.js', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es6',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: root,
  });
  const code = result.outputFiles[0]!.contents;
  return { code, inputs: Object.keys(result.metafile.inputs).filter((input) => input !== '<stdin>') };
}

export async function measureExtensions(root = ROOT): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const { handle, dir, targets } of uiExtensions(root)) {
    const groups = targets.length > 1 ? [...targets.map((t) => [t]), targets] : [targets];
    for (const group of groups) {
      const { code, inputs } = await bundle(dir, group, root);
      sizes.push({
        handle,
        target: group.length === 1 ? group[0]!.target : ALL_TARGETS,
        minified: code.byteLength,
        gzipped: gzipSync(code, { level: 9 }).byteLength,
        inputs,
      });
    }
  }
  return sizes;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function describe(size: BundleSize): string {
  const aim = size.gzipped <= AIM_GZIP ? 'PASS' : 'MISS';
  return `${kb(size.minified)} min, ${kb(size.gzipped)} gzip; aim ${kb(AIM_GZIP)} gzip: ${aim}`;
}

/** The bench section: one line per target, FAIL only above Shopify's limit (the aim is printed as PASS/MISS). */
export async function reportExtensionSizes(report: Report): Promise<void> {
  console.log('\n== UI extension bundles (esbuild with the CLI options, gzip -9)');
  try {
    for (const size of await measureExtensions()) {
      report.target(size.gzipped <= SHOPIFY_LIMIT_GZIP, {
        name: `bundle ${size.handle}`,
        db: size.target,
        figure: describe(size),
        target: `≤ ${kb(SHOPIFY_LIMIT_GZIP)} gzip`,
      });
    }
  } catch (error) {
    report.unmeasured(
      'UI extension bundles',
      '-',
      (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '',
    );
  }
}

if (argv[1] && resolve(argv[1]) === fileURLToPath(import.meta.url)) {
  for (const size of await measureExtensions()) {
    const verdict = size.gzipped <= SHOPIFY_LIMIT_GZIP ? 'PASS' : 'FAIL';
    console.log(`${verdict}  ${size.handle.padEnd(18)} ${size.target.padEnd(44)} ${describe(size)}`);
  }
}
