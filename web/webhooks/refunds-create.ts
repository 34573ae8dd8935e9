import { ledgerKeys } from '../loyalty/ledger-keys.js';
import { reversePointsForRefund } from '../use-cases/reverse-points-for-refund.js';
import { defineLedgerHandler } from './handler.js';
import { parseRefund } from './payloads.js';

export default defineLedgerHandler({
  topic: 'refunds/create',
  parse: parseRefund,
  // The customer comes from the order's award, which the batch loads first.
  hints: (refund) => ({
    orders: [refund.orderId],
    customers: [],
    ledgerKeys: [ledgerKeys.refund(refund.refundId)],
  }),
  handle: (repos, refund, { shop, now }) => reversePointsForRefund(repos, shop, refund, now),
});
