import { ledgerKeys } from '../loyalty/ledger-keys.js';
import { awardPointsForOrder } from '../use-cases/award-points-for-order.js';
import { markCodesUsed } from '../use-cases/mark-codes-used.js';
import { recordReturnVisit } from '../use-cases/record-return-visit.js';
import { defineLedgerHandler } from './handler.js';
import { surelyValidOrder } from './order-precheck.js';
import { parseOrder } from './payloads.js';

export default defineLedgerHandler({
  topic: 'orders/paid',
  parse: parseOrder,
  surelyParses: surelyValidOrder,
  // The earn's own key, and a cancellation that came first (applied right after the earn); refunds that came
  // first are rarer and read one by one.
  hints: (order) => ({
    orders: [order.orderId],
    customers: order.customerId === null ? [] : [order.customerId],
    ledgerKeys: [ledgerKeys.earn(order.orderId), ledgerKeys.cancel(order.orderId)],
  }),
  handle: async (repos, order, { shop, now, buyerKey }) => {
    const buyer = order.guestEmail === null ? null : buyerKey(order.guestEmail);
    const outcome = await awardPointsForOrder(repos, shop, { ...order, buyerKey: buyer }, now);
    const used = await markCodesUsed(repos, shop, order, now);
    const returnVisit = await recordReturnVisit(repos, shop, order);
    const notes = [
      ...(used ? [`${used} loyalty code(s) used`] : []),
      ...(returnVisit === 'granted' ? ['return-visit discount due'] : []),
      ...(returnVisit === 'used' ? ['return-visit discount used'] : []),
    ];
    return notes.length ? { ...outcome, detail: [outcome.detail, ...notes].join('; ') } : outcome;
  },
});
