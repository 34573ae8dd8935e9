/**
 * Child of cross-shop-reads.ts: a merchant of another shop using the admin panel while shop A is hammered. It runs
 * in its own process so that the load generator's CPU does not show up as read latency. Prints "ready" once warm,
 * starts recording `delayMs` later, reads GET /api/customers back to back (with a short pause) for `ms`, then
 * prints one JSON line with what it measured.
 *
 *   tsx bench/cross-shop-reader.ts <url> <shop> <secret> <apiKey> <delayMs> <ms>
 */
import { argv } from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { signSessionToken } from '../web/demo/session-token.js';

const [url = '', shop = '', secret = '', apiKey = '', delayMs = '500', ms = '5000'] = argv.slice(2);
const PAUSE_MS = 20;
const TIMEOUT_MS = 10_000;

// A token as App Bridge hands it to the panel, valid for the whole run.
const token = signSessionToken({ secret, apiKey, shop, expiresInSeconds: 600 });

async function read(): Promise<{ status: number; ms: number; customers: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/api/customers`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => ({}))) as { customers?: unknown[] };
  return { status: response.status, ms: performance.now() - started, customers: body.customers?.length ?? 0 };
}

const warm = await read().catch(() => null);
console.log('ready');
await sleep(Number(delayMs));
const end = Date.now() + Number(ms);
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let errors = 0;
let customers = warm?.customers ?? 0;
while (Date.now() < end) {
  try {
    const result = await read();
    latencies.push(result.ms);
    statuses[result.status] = (statuses[result.status] ?? 0) + 1;
    customers = result.customers;
  } catch {
    errors++; // a timeout counts as a read that took TIMEOUT_MS
    latencies.push(TIMEOUT_MS);
  }
  await sleep(PAUSE_MS);
}
console.log(JSON.stringify({ latencies, statuses, errors, customers }));
