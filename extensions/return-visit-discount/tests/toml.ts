// The extension's toml, read the way the Shopify CLI reads it (TOML, one [[extensions]] entry).
import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { TOML_PATH } from './paths.js';

export interface Targeting {
  target: string;
  input_query: string;
  export: string;
}

export interface ExtensionToml {
  api_version: string;
  extensions: {
    name: string;
    handle: string;
    type: string;
    targeting: Targeting[];
    build: { command: string; path: string };
  }[];
}

export function readToml(): ExtensionToml {
  return parse(readFileSync(TOML_PATH, 'utf8')) as unknown as ExtensionToml;
}

/** The one function extension of the file (the test of the toml checks that there is exactly one). */
export function targetings(): Targeting[] {
  return readToml().extensions[0]?.targeting ?? [];
}

/** The CLI's JavaScript export name for a toml export: change-case camelCase of the kebab-case name. */
export function camelize(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_match, next: string) => next.toUpperCase());
}
