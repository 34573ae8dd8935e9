// Paths of the extension's files, for tests that read them.
import { fileURLToPath } from 'node:url';

export const EXTENSION_DIR = fileURLToPath(new URL('..', import.meta.url));
export const SCHEMA_PATH = `${EXTENSION_DIR}schema.graphql`;
export const TOML_PATH = `${EXTENSION_DIR}shopify.extension.toml`;
export const FIXTURES_DIR = `${EXTENSION_DIR}tests/fixtures/`;
