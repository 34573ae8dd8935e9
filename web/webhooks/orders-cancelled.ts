import { LoyaltyError } from '../loyalty/errors.js';
import { ledgerKeys } from '../loyalty/ledger-keys.js';
import { reversePointsForCancellation } from '../use-cases/reverse-points-for-cancellation.js';
import { defineLedgerHandler } from './handler.js';
import { surelyValidOrder } from './order-precheck.js';
import { parseOrder } from './payloads.js';

export default defineLedgerHandler({
  topic: 'orders/cancelled',
  parse: (payload) => {
    const order = parseOrder(payload);
    // Shopify's cancelled order always carries cancelled_at. Without it this is some other order body (a signed
    // orders/paid replayed under this topic, say), and it must not cancel the award.
    // https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics-orders/cancelled
    if (!order.cancelledAt)
      throw new LoyaltyError('invalid_payload', 'The cancelled order payload has no cancelled_at.', 400);
    return { orderId: order.orderId, occurredAt: order.cancelledAt };
  },
  surelyParses: (payload) =>
    surelyValidOrder(payload) && (payload as { cancelled_at?: unknown }).cancelled_at != null,
  hints: (cancellation) => ({
    orders: [cancellation.orderId],
    customers: [],
    ledgerKeys: [ledgerKeys.cancel(cancellation.orderId)],
  }),
  handle: (repos, cancellation, { shop, now }) =>
    reversePointsForCancellation(repos, shop, cancellation, now),
});
