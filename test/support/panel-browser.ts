import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { demoPanelHost } from '../../web/demo/demo-panel-host.js';
import { signSessionToken } from '../../web/demo/session-token.js';
import { customerPayload, orderPayload, shopTime } from '../../web/demo/shopify-payloads.js';
import { installSimulatedShopify } from '../../web/demo/simulated-shopify.js';
import { installShop } from '../../web/use-cases/install-shop.js';
import { launchChromium } from './browser.js';
import { API_KEY, API_SECRET, type Reply, send, SHOP, startTestApp, type TestApp } from './test-app.js';

/** Full-page screenshots of the panel's pages, kept as test artifacts (test-results/ is gitignored). */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'panel');
const AXE = join(createRequire(import.meta.url).resolve('axe-core'), '..', 'axe.min.js');
const SCOPES = ['read_orders', 'read_customers', 'write_customers', 'write_discounts', 'read_products'];
const DAY_MS = 86_400_000;

/**
 * Console errors a page may log without failing its test, each with the reason:
 * - chromium's "Failed to load resource" for an HTTP error: every answer of 400 or more is recorded with its method
 *   and path instead (`HTTP 422 POST /api/program/preview`), so a test can expect the one it provokes;
 * - polaris-viz lays a chart out once before its legend is measured and logs the negative sizes of that first
 *   pass; the dashboard test asserts that the charts end up with marks and no negative size.
 */
const TOLERATED_CONSOLE_ERRORS = [
  /^Failed to load resource: the server responded with a status of \d+/,
  /^Error: <(rect|svg)> attribute (height|width|viewBox): A negative value is not valid\./,
];

/**
 * The built merchant panel in demo mode (the demo's own panel host: no admin around it, session tokens from
 * /demo/session-token) on the real server, and a chromium to open it in. SQLite only: the panel calls the same
 * HTTP API on both databases, and the API tests cover each; these tests are about the page.
 */
export interface PanelBrowser {
  app: TestApp;
  browser: Browser;
  /** Opens `path` in a fresh page that records its page errors and console errors into `problems`. */
  open(path: string): Promise<Page>;
  /** What pages reported so far (tests assert it is empty after each test, then clear it). */
  problems: string[];
  /** Removes the problems matching `pattern` (ones the test provoked on purpose) and returns them. */
  take(pattern: RegExp): string[];
  close(): Promise<void>;
}

export async function startPanelBrowser(): Promise<PanelBrowser> {
  // the server's Shopify setup and Admin client talk to the simulated Shopify, as in the demo
  installSimulatedShopify({ apiKey: API_KEY, apiSecret: API_SECRET, scopes: SCOPES });
  const app = await startTestApp('sqlite', undefined, {
    host: demoPanelHost({ apiKey: API_KEY, apiSecret: API_SECRET, shop: SHOP }),
  });
  // installed as the embedded entry's token exchange installs a shop (the demo seeds its shop the same way)
  await app.store.transaction((repos) => installShop(repos, SHOP, new Date()));
  const browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const problems: string[] = [];
  return {
    app,
    browser,
    problems,
    take(pattern) {
      const taken = problems.filter((problem) => pattern.test(problem));
      problems.splice(0, problems.length, ...problems.filter((problem) => !pattern.test(problem)));
      return taken;
    },
    async open(path) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
      // below the test's timeout, so a wait that fails names its locator; far above what a busy machine needs
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (error) => problems.push(`${path}: page error: ${error.stack ?? String(error)}`));
      page.on('console', (message) => {
        const text = message.text();
        if (message.type() === 'error' && !TOLERATED_CONSOLE_ERRORS.some((known) => known.test(text)))
          problems.push(`${path}: console error: ${text}`);
      });
      page.on('response', (response) => {
        if (response.status() < 400) return;
        const url = new URL(response.url());
        problems.push(
          `HTTP ${response.status()} ${response.request().method()} ${url.pathname}${url.search}`,
        );
      });
      await page.goto(`${app.url}${path}`);
      return page;
    },
    async close() {
      await browser?.close();
      await app?.close();
    },
  };
}

/** Runs axe-core in the page and fails naming every serious or critical violation (rule, elements, help). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    type Result = { id: string; impact?: string; help: string; nodes: Array<{ target: string[] }> };
    // the page's globals (this project's TypeScript has no DOM types)
    const { axe } = globalThis as unknown as { axe: { run(): Promise<{ violations: Result[] }> } };
    return (await axe.run()).violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      targets: nodes.map((node) => node.target.join(' ')),
    }));
  });
  const grave = violations.filter(
    (v) => (v.impact === 'serious' || v.impact === 'critical') && v.targets.length > 0,
  );
  const report = grave.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}`);
  expect(report, `axe on ${what}:\n${report.join('\n')}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export interface SeededCustomer {
  /** Shopify id; the name comes from personFor (id % 10 picks one of ten). */
  id: number;
  orders?: Array<{ orderId: number; amount: string; daysAgo: number }>;
}

/** customers/create, then paid orders in the past, as signed webhooks; returns once all are credited. */
export async function seedCustomers(app: TestApp, customers: SeededCustomer[]): Promise<void> {
  const replies: Array<Promise<{ status: number }>> = [];
  for (const { id, orders = [] } of customers) {
    replies.push(app.deliver('customers/create', customerPayload({ customerId: id })));
    for (const { orderId, amount, daysAgo } of orders) {
      const processedAt = shopTime(new Date(Date.now() - daysAgo * DAY_MS));
      const order = orderPayload({
        orderId,
        customerId: id,
        lines: [{ price: amount, quantity: 1 }],
        processedAt,
      });
      replies.push(app.deliver('orders/paid', order));
    }
  }
  expect((await Promise.all(replies)).map((reply) => reply.status)).toEqual(replies.map(() => 200));
  await app.settle();
}

/** An admin API request with a session token of the test shop (for what the panel must agree with). */
export function adminRequest(
  app: TestApp,
  method: string,
  path: string,
  body?: string | object,
): Promise<Reply> {
  const token = signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP });
  const raw = typeof body === 'string';
  return send(`${app.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'Content-Type': raw ? 'text/csv' : 'application/json' }),
    },
    ...(body !== undefined && { body: raw ? body : JSON.stringify(body) }),
  });
}

/** Waits until the panel shows the page whose title (its one h1) is `title`. */
export async function pageTitled(page: Page, title: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
}
