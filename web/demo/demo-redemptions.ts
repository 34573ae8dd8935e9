/**
 * The part of `npm run demo:orders` that spends points: a few demo customers with enough points redeem through the
 * app's real storefront API (a signed extension token, an Idempotency-Key), as the checkout extension will, and
 * then check out with the code: an orders/paid that uses it, which the app marks used. Node built-ins only.
 */
import { randomUUID } from 'node:crypto';
import { orderUsingCode } from './code-orders.js';
import { signSessionToken } from './session-token.js';
import { personFor, signWebhook, toCents } from './shopify-payloads.js';

type Target = { url: string; secret: string; apiKey: string; shop: string };
type Money = { amount: string; currencyCode: string };
type Option = { id: string; kind: string; pointsCost: number; pointsStep?: number; affordable: boolean };
type BalanceView = {
  balance: { available: number };
  options: Option[];
  redemptions: Array<{ code: string }>;
  history: Array<{ kind: string; points: number; orderId: string | null }>;
};
type Redeemed = { code: string; pointsSpent: number; value: Money | null };
type Reply<T> = { status: number; body: T & { code?: string; message?: string } };

const REDEEMERS = 3;
const MAX_STEPS = 2; // pay with points: a little at a time, so balances still grow from run to run

/**
 * Redeems for up to three customers and orders with each code; returns how many steps did not succeed. `placed`
 * hears of each order before its webhook is sent (Shopify counts it from then on).
 */
export async function redeemAndOrder(
  target: Target,
  customers: readonly number[],
  log: (line: string) => void,
  placed: (customerId: number, orderId: string) => Promise<unknown> = async () => {},
): Promise<number> {
  log('\nRedemptions through the storefront API, each followed by an order that uses the code');
  // An admin read waits until this shop's deliveries so far are credited, so the balances below are current.
  await adminRead(target, `/api/customers/${customers[0]}`);
  const used: Array<{ customerId: number; code: string; orderId: string }> = [];
  let failed = 0;
  const views: Array<{ customerId: number; view: BalanceView }> = [];
  for (const customerId of customers) {
    const reply = await storefront<BalanceView>(target, customerId, '/balance');
    if (reply.status === 200) views.push({ customerId, view: reply.body });
    else {
      log(`  ${customerId} GET /balance: HTTP ${reply.status} ${reply.body.message ?? ''}`);
      failed++;
    }
  }
  // The richest redeem, so that over several runs someone gets to the 500 points of the fixed amount.
  views.sort((a, b) => b.view.balance.available - a.view.balance.available);
  for (const { customerId, view } of views) {
    if (used.length === REDEEMERS) break;
    const name = `${customerId} ${personFor(customerId).first_name}`.padEnd(12);
    const request = choose(view, used.length);
    if (!request) continue;
    const redeemed = await redeem(target, customerId, request);
    if (redeemed.status !== 201 || !redeemed.body.value) {
      log(`  ${name} redeem ${request.optionId}: HTTP ${redeemed.status} ${redeemed.body.code ?? ''}`);
      failed++;
      continue;
    }
    const { code, pointsSpent, value } = redeemed.body;
    const order = orderUsingCode({
      orderId: 5_300_000_000_000 + (Math.floor(Date.now() / 1000) % 10_000_000) * 10 + used.length,
      customerId,
      shop: target.shop,
      code,
      discount: { kind: 'amount', cents: toCents(value.amount) },
    });
    await placed(customerId, String(order.id));
    const signed = signWebhook({
      secret: target.secret,
      topic: 'orders/paid',
      shop: target.shop,
      body: order,
    });
    const sent = await fetch(`${target.url}/api/webhooks`, { method: 'POST', ...signed });
    await sent.arrayBuffer();
    log(
      `  ${name} ${String(pointsSpent).padStart(4)} points (${request.optionId}) -> ${code} worth ${value.amount} ${value.currencyCode}; order ${order.name} €${order.total_price} with it: ${sent.status}`,
    );
    if (sent.status !== 200) failed++;
    else used.push({ customerId, code, orderId: String(order.id) });
  }
  if (used.length === 0 && failed === 0)
    log('  nobody has enough points yet; run `npm run demo:orders` again, or with a larger --count');

  if (used.length > 0) await adminRead(target, `/api/customers/${customers[0]}`);
  for (const { customerId, code, orderId } of used) {
    const view = await storefront<BalanceView>(target, customerId, '/balance');
    const stillUnused = view.body.redemptions?.some((r) => r.code === code) ?? true;
    const earned = view.body.history?.find((h) => h.orderId === orderId && h.kind === 'earn')?.points;
    log(
      `  ${code}: ${stillUnused ? 'still unused (not credited yet?)' : `used; the order earned ${earned ?? '?'} points`}`,
    );
    if (stillUnused) failed++;
  }
  return failed;
}

/** The option to redeem: alternately 5 € off and pay with points, whichever the customer can afford. */
function choose(view: BalanceView, turn: number): { optionId: string; points?: number } | null {
  const fixed = view.options.find((o) => o.kind === 'fixed_amount' && o.affordable);
  const pay = view.options.find((o) => o.kind === 'pay_with_points' && o.affordable);
  const paying = pay?.pointsStep
    ? {
        optionId: pay.id,
        points: Math.min(Math.floor(view.balance.available / pay.pointsStep), MAX_STEPS) * pay.pointsStep,
      }
    : null;
  const fixing = fixed ? { optionId: fixed.id } : null;
  return turn % 2 === 0 ? (fixing ?? paying) : (paying ?? fixing);
}

/** POST /redemptions with a new Idempotency-Key; after a network error the same key once more (never two codes). */
async function redeem(target: Target, customerId: number, request: { optionId: string; points?: number }) {
  const key = randomUUID();
  const send = () => storefront<Redeemed>(target, customerId, '/redemptions', { body: request, key });
  try {
    return await send();
  } catch {
    return send();
  }
}

async function storefront<T>(
  target: Target,
  customerId: number,
  path: string,
  opts: { body?: unknown; key?: string } = {},
): Promise<Reply<T>> {
  const token = signSessionToken({
    secret: target.secret,
    apiKey: target.apiKey,
    shop: target.shop,
    kind: 'extension',
    sub: `gid://shopify/Customer/${customerId}`,
  });
  const response = await fetch(`${target.url}/api/storefront${path}`, {
    method: opts.body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...(opts.key && { 'Idempotency-Key': opts.key }),
    },
    ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Reply<T>['body'] };
}

async function adminRead(target: Target, path: string): Promise<void> {
  const token = signSessionToken({ secret: target.secret, apiKey: target.apiKey, shop: target.shop });
  const response = await fetch(`${target.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
}
