import { ensurePanelBuilt } from '../../scripts/panel-build.js';

/**
 * vitest global setup: the server serves the built merchant panel at GET /, so tests that open the page need
 * web/frontend/dist. Built once per run, and only when missing or older than its sources.
 */
export default async function setup(): Promise<void> {
  await ensurePanelBuilt({ quiet: true });
}
