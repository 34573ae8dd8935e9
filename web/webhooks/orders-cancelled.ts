import { reversePointsForCancellation } from '../use-cases/reverse-points-for-cancellation.js';
import { defineHandler } from './handler.js';
import { parseOrder } from './payloads.js';

export default defineHandler({
  topic: 'orders/cancelled',
  parse: (payload) => {
    const order = parseOrder(payload);
    return { orderId: order.orderId, occurredAt: order.cancelledAt ?? order.occurredAt };
  },
  handle: (repos, cancellation, { shop, now }) =>
    reversePointsForCancellation(repos, shop, cancellation, now),
});
