import { awardPointsForOrder } from '../use-cases/award-points-for-order.js';
import { defineHandler } from './handler.js';
import { parseOrder } from './payloads.js';

export default defineHandler({
  topic: 'orders/paid',
  parse: parseOrder,
  handle: (repos, order, { shop, now }) => awardPointsForOrder(repos, shop, order, now),
});
