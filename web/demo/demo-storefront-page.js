/* global document, setTimeout */
// The simulated storefront page (demo-storefront.html): pick a demo customer, see the balance, redeem, cancel, and
// order with a code, and see what the return-visit discount gives a cart (demo-storefront-cart.js). Everything shown
// comes from the app's storefront API, the simulated Admin, or the real Discount Function run by the page's server.
import { clearPreview, setUpCart, showEligibility } from './demo-storefront-cart.js';
import {
  adminFacts,
  call,
  el,
  errorText,
  mayHaveHappened,
  money,
  newKey,
  storefrontApi,
} from './demo-storefront-client.js';

const $ = (id) => document.getElementById(id);
const customer = () => Number($('customer').value);
// retry: the redemption whose answer never came ({ customer, optionId, points, key }), until a definite answer.
// typed: what the visitor entered per pay-with-points option, kept when a refresh redraws the list
const state = { api: null, retry: null, busy: false, reads: 0, typed: {} };

function showError(error) {
  $('error').textContent = errorText(error);
  $('error').hidden = false;
}

// One action at a time; afterwards the balance is read again. If that read fails too (the app is down), the
// buttons come back as they were, so the same click can be retried.
async function act(work) {
  if (state.busy) return;
  state.busy = true;
  $('error').hidden = true;
  $('notice').textContent = '';
  // the cart preview changes nothing, so it is not one of the actions taken in turn
  const buttons = [...document.querySelectorAll('main button:not(#preview-button)')];
  const before = buttons.map((b) => b.disabled);
  buttons.forEach((b) => (b.disabled = true));
  let failed = false;
  try {
    await work();
  } catch (error) {
    failed = true;
    showError(error);
  }
  state.busy = false;
  try {
    await refresh();
  } catch (error) {
    buttons.forEach((b, i) => (b.disabled = before[i]));
    if (!failed) showError(error);
  }
}

// Only the latest read is shown: switching customers while a read is under way must not show the old one.
async function refresh() {
  const read = ++state.reads;
  const view = await state.api('/balance');
  if (read !== state.reads) return view;
  $('available').textContent = String(view.balance.available);
  $('value').textContent = money(view.value);
  $('pending').textContent = String(view.balance.pending);
  $('tier').textContent = view.tier || '-';
  $('options').replaceChildren(...view.options.map((o) => optionRow(o, view.balance.available)));
  $('codes').replaceChildren(...view.redemptions.map(codeRow));
  $('no-codes').hidden = view.redemptions.length > 0;
  const line = (h) =>
    `${h.occurredAt.slice(0, 19)} ${h.kind} ${h.points > 0 ? '+' : ''}${h.points}` +
    (h.orderId ? ` (order ${h.orderId})` : '');
  $('history').replaceChildren(...view.history.map((h) => el('li', { textContent: line(h) })));
  showEligibility(view.returnVisit);
  return view;
}

function optionRow(option, available) {
  const step = option.pointsStep;
  // A redemption waiting for its retry stays as it was asked for, even if the lost request did spend the points
  // (its retry then only fetches the code).
  const r = state.retry;
  const retry = r && r.customer === customer() && r.optionId === option.id ? r : null;
  const usable = option.affordable || retry !== null;
  const value = retry ? retry.points : (state.typed[option.id] ?? step);
  const input = step ? el('input', { type: 'number', min: step, step, value, disabled: !usable }) : null;
  input?.addEventListener('input', () => (state.typed[option.id] = Number(input.value)));
  if (input) input.max = String(Math.max(step, Math.floor(Math.max(available, 0) / step) * step));
  const cost = step
    ? `${step} points = ${money(option.value)}, in steps of ${step}`
    : `${option.pointsCost} points → ${money(option.value)}`;
  const minimum = option.minimumSubtotal ? `, orders from ${money(option.minimumSubtotal)}` : '';
  const label = retry ? 'Redeem again (same request)' : 'Redeem';
  const button = el('button', { textContent: label, disabled: !usable || state.busy });
  button.addEventListener('click', () => act(() => redeem(option, input ? Number(input.value) : undefined)));
  const row = el(
    'li',
    {},
    el('strong', { textContent: option.title }),
    el('span', { textContent: cost + minimum }),
  );
  row.dataset.optionId = option.id;
  row.append(...(input ? [input] : []), button);
  if (!usable)
    row.append(el('span', { className: 'needed', textContent: `${option.pointsNeeded} more points needed` }));
  return row;
}

function codeRow(r) {
  const cancel = el('button', { textContent: 'Cancel', disabled: state.busy });
  cancel.addEventListener('click', () => act(() => cancelCode(r)));
  const order = el('button', { textContent: 'Order with this code', disabled: state.busy });
  order.addEventListener('click', () => act(() => orderWith(r.code)));
  const row = el(
    'tr',
    {},
    el('td', { className: 'code', textContent: r.code }),
    el('td', { textContent: money(r.value) }),
    el('td', { textContent: String(r.pointsSpent) }),
    el('td', { textContent: r.expiresAt.slice(0, 10) }),
    el('td', {}, cancel, ' ', order),
  );
  row.dataset.code = r.code;
  return row;
}

// A redemption whose answer never arrived (network error, 5xx) is retried with the same key: the app then answers
// with the code it made, or makes it now, but never debits twice. Any other answer ends the request.
async function redeem(option, points) {
  const request = { customer: customer(), optionId: option.id, points };
  const r = state.retry;
  const same = r && r.customer === request.customer && r.optionId === option.id && r.points === points;
  state.retry = { ...request, key: same ? r.key : newKey() };
  let answer;
  try {
    answer = await state.api('/redemptions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': state.retry.key },
      body: JSON.stringify(points === undefined ? { optionId: option.id } : { optionId: option.id, points }),
    });
  } catch (error) {
    if (!mayHaveHappened(error)) state.retry = null;
    throw error;
  }
  state.retry = null;
  $('new-code').textContent = answer.code;
  $('new-code-detail').textContent =
    `${money(answer.value)} for ${answer.pointsSpent} points, valid until ${answer.expiresAt.slice(0, 10)}`;
  $('result').hidden = false;
  $('notice').textContent = `Redeemed ${answer.pointsSpent} points for code ${answer.code}.`;
  await showAdminCode(answer.code);
}

async function showAdminCode(code) {
  const { codes } = await call(`/simulated-admin/codes?customer=${customer()}`);
  const facts = adminFacts(codes.find((c) => c.code === code));
  $('admin-code').replaceChildren(
    ...facts.flatMap(([k, v]) => [el('dt', { textContent: k }), el('dd', { textContent: v })]),
  );
}

async function cancelCode(r) {
  const answer = await state.api(`/redemptions/${r.redemptionId}/cancel`, { method: 'POST' });
  $('notice').textContent =
    `Code ${r.code} cancelled: ${r.pointsSpent} points are back (${answer.balance.available} available).`;
  if ($('new-code').textContent === r.code) await showAdminCode(r.code);
}

// The app's inbox credits the order in the background; the page looks again until the code shows as used.
async function orderWith(code) {
  const sent = await call('/order', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ customer: customer(), code }),
  });
  $('notice').textContent =
    `Order ${sent.name} (${sent.total}, ${sent.discount} off with ${code}) sent as orders/paid: ` +
    `webhook ${sent.webhookStatus}. Waiting for the app…`;
  for (let i = 0; i < 40; i++) {
    const view = await refresh();
    const earned = view.history.find((h) => h.orderId === sent.orderId && h.kind === 'earn');
    if (earned && !view.redemptions.some((r) => r.code === code)) {
      $('notice').textContent =
        `Order ${sent.name}: code ${code} is used, and the order earned ${earned.points} points.`;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Order ${sent.name} was sent, but the app has not credited it yet; reload in a moment.`);
}

async function start() {
  const config = await call('/demo-config');
  state.api = storefrontApi(config.appUrl, customer);
  $('app-url').textContent = config.appUrl;
  $('shop').textContent = config.shop;
  $('customer').replaceChildren(
    ...config.customers.map((c) => el('option', { value: String(c.id), textContent: `${c.name} (${c.id})` })),
  );
  $('customer').addEventListener('change', () => {
    state.retry = null;
    state.typed = {};
    $('result').hidden = true;
    $('error').hidden = true;
    $('notice').textContent = '';
    clearPreview();
    refresh().catch(showError);
  });
  setUpCart(config.catalog, customer, showError);
  await act(async () => {});
  document.body.dataset.ready = 'true';
}
start().catch(showError);
