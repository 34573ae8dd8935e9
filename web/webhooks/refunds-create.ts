import { reversePointsForRefund } from '../use-cases/reverse-points-for-refund.js';
import { defineHandler } from './handler.js';
import { parseRefund } from './payloads.js';

export default defineHandler({
  topic: 'refunds/create',
  parse: parseRefund,
  handle: (repos, refund, { shop, now }) => reversePointsForRefund(repos, shop, refund, now),
});
