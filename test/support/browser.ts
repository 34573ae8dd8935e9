import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's chromium, driven by playwright-core: no browser download (`npx playwright install` needs the network).
 * .ci/run installs the package; a machine without it fails here with the command that fixes it, never skips.
 */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing; the browser tests need Debian's chromium: ` +
        'apt-get install -y --no-install-recommends chromium (as .ci/run does)',
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start. The rest keeps it off the network
    // (no update or background fetches) and quiet.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
