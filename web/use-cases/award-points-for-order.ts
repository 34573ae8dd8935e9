import { type CustomerProfile, profileChange } from '../loyalty/customer-profile.js';
import { ledgerKeys } from '../loyalty/ledger-keys.js';
import { eligibleAmount, type OrderFacts } from '../loyalty/eligible-amount.js';
import type { Micros } from '../loyalty/money.js';
import { availableFrom } from '../loyalty/lots.js';
import { pointsForOrder } from '../loyalty/points.js';
import { programAt } from '../loyalty/program.js';
import type { FlowRepositories } from '../db/store.js';
import { applyOrderReversal } from './apply-order-reversal.js';
import { creditPoints, openAccount } from './customer-account.js';
import { type Outcome, processed, skipped } from './outcome.js';

/** An order as orders/paid records it: the points facts, and what the panel and dashboard show of it. */
export interface PaidOrder extends OrderFacts {
  totalMicros: Micros;
  /** The customer's name and e-mail as the order names them (null for a guest order). */
  customerProfile: CustomerProfile | null;
  /** A guest order's buyer key (web/webhooks/buyer-key.ts); null for a customer's order or without an e-mail. */
  buyerKey: string | null;
}

/**
 * orders/paid: credit floor(eligible amount x earn rate) points, capped per order, once per order, at the version in force
 * when the order was processed. Guest orders are recorded as skipped. Refunds and cancellations that arrived
 * earlier are applied right after, in a fixed order. The customer's name and e-mail are refreshed from the order
 * (newer payloads win, field by field).
 */
export async function awardPointsForOrder(
  repos: FlowRepositories,
  shop: string,
  order: PaidOrder,
  now: Date,
): Promise<Outcome> {
  await repos.orders.lock(shop, order.orderId);
  if (await repos.orders.findAward(shop, order.orderId))
    return skipped(`order ${order.orderId} already awarded`);

  await repos.shops.ensure(shop, order.currency);
  const program = programAt(await repos.shops.programVersions(shop), order.occurredAt);
  const eligibleMicros = eligibleAmount(order, program.includeShipping);
  const basis = {
    shop,
    orderId: order.orderId,
    eligibleMicros,
    reversedPoints: 0,
    refundedMicros: 0n,
    taxesIncluded: order.taxesIncluded,
    includesShipping: program.includeShipping,
    cancelled: false,
    programVersion: program.version,
    occurredAt: order.occurredAt,
    totalMicros: order.totalMicros,
  };

  if (order.customerId === null) {
    await repos.orders.createAward({
      ...basis,
      buyerKey: order.buyerKey,
      customerId: null,
      status: 'skipped_guest',
      earnedPoints: 0,
      earnEntryId: null,
    });
    await settlePendingReversals(repos, shop, order.orderId, now);
    return skipped(`guest order ${order.orderId} earns no points`);
  }

  const points = pointsForOrder(eligibleMicros, program);
  const account = await openAccount(repos, { shop, shopifyId: order.customerId }, now);
  if (order.customerProfile)
    await repos.customers.saveProfile(
      account.customer.id,
      profileChange(order.customerProfile, order.occurredAt),
    );
  const earnEntryId =
    points > 0
      ? await creditPoints(
          repos,
          account,
          {
            shop,
            kind: 'earn',
            points,
            idempotencyKey: ledgerKeys.earn(order.orderId),
            occurredAt: order.occurredAt,
            orderId: order.orderId,
            programVersion: program.version,
          },
          {
            availableAt: availableFrom(order.occurredAt, program.pendingDays, now),
            expiryMonths: program.expiryMonths,
            now,
          },
        )
      : null;
  await repos.orders.createAward({
    ...basis,
    buyerKey: null,
    customerId: account.customer.id,
    status: 'earned',
    earnedPoints: points,
    earnEntryId,
  });
  await settlePendingReversals(repos, shop, order.orderId, now);
  return processed(`earned ${points} points for order ${order.orderId}`);
}

async function settlePendingReversals(repos: FlowRepositories, shop: string, orderId: string, now: Date) {
  for (const pending of await repos.orders.pendingReversals(shop, orderId)) {
    const award = await repos.orders.findAward(shop, orderId);
    if (!award) throw new Error(`award for order ${orderId} vanished inside its transaction`);
    await applyOrderReversal(repos, award, pending, now);
    await repos.orders.markReversalApplied(pending.id, now);
  }
}
