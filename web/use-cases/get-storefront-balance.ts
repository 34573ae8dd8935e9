import { matureLots } from '../loyalty/lots.js';
import { formatAmount, parseDecimal } from '../loyalty/money.js';
import { programAt } from '../loyalty/program.js';
import { minimumPoints, optionValue } from '../loyalty/redemption-options.js';
import { type Money, redemptionValue, shopOf, type StorefrontDeps } from './storefront.js';
import { shopifyCustomerId } from '../shopify/customer-gid.js';

const HISTORY_LIMIT = 20;
const USED_LIMIT = 50;

/**
 * GET /api/storefront/balance: the shopper's balance, its money value, what they can redeem, their unused codes and
 * recent history. Read only, from the balance projection, never waiting for the webhook inbox: pending points
 * that have come due are counted as available in the answer without writing (the next write releases them).
 * Plain reads, not one snapshot: on PostgreSQL a REPEATABLE READ transaction costs three more round trips, and a
 * history line committed between two reads of a display is harmless (a redemption re-reads in its transaction).
 */
export async function getStorefrontBalance(
  deps: Pick<StorefrontDeps, 'store' | 'now'>,
  request: { shop: string; customerGid: string },
) {
  const now = deps.now();
  const shopifyId = shopifyCustomerId(request.customerGid);
  return deps.store.read(async (repos) => {
    // independent reads together: on PostgreSQL they run side by side on the pool (no transaction here)
    const [shop, versions, customer, visit] = await Promise.all([
      shopOf(repos, request.shop),
      repos.shops.programVersions(request.shop),
      repos.customers.find(request.shop, shopifyId),
      repos.returnVisits.find(request.shop, shopifyId),
    ]);
    const program = programAt(versions, now);
    const stored = { available: customer?.available ?? 0, pending: customer?.pending ?? 0 };
    const [codes, history, recentlyUsed, dueLots] = customer
      ? await Promise.all([
          repos.redemptions.activeFor(customer.id),
          repos.ledger.entries(customer.id, HISTORY_LIMIT),
          repos.redemptions.usedOrdersOf(customer.id, USED_LIMIT),
          // nothing pending, nothing to mature: the common case costs no lots query
          customer.pending > 0 ? repos.ledger.customersWithDueLots([customer.id], now) : new Set<number>(),
        ])
      : [[], [], new Map<number, string>(), new Set<number>()];
    const balance =
      customer && dueLots.size > 0
        ? matureLots(stored, await repos.ledger.openLots(customer.id), now).balance
        : stored;
    const money = (micros: bigint): Money => ({ amount: formatAmount(micros), currencyCode: shop.currency });
    const pointValue = parseDecimal(program.pointValue);
    const redeemed = history.flatMap((entry) =>
      entry.kind === 'redeem' && entry.redemptionId ? [Number(entry.redemptionId)] : [],
    );
    // the codes the history's redemptions were used by; only a customer with more used codes than were read
    // needs a second look, for the ones not among them
    const unknown = recentlyUsed.size < USED_LIMIT ? [] : redeemed.filter((id) => !recentlyUsed.has(id));
    const older = await repos.redemptions.usedOrders(unknown);
    const usedBy = new Map(
      redeemed.flatMap((id) => {
        const order = recentlyUsed.get(id) ?? older.get(id);
        return order === undefined ? [] : [[id, order] as const];
      }),
    );
    return {
      customerId: request.customerGid,
      balance,
      value: money(BigInt(Math.max(balance.available, 0)) * pointValue),
      tier: customer?.tier ?? null,
      options: program.redemptionOptions.map((option) => {
        const cost = minimumPoints(option);
        const value = optionValue(option);
        return {
          id: option.id,
          kind: option.kind,
          title: option.title,
          pointsCost: cost,
          ...(option.kind === 'pay_with_points' && { pointsStep: option.pointsStep }),
          ...(option.kind === 'percentage' && { percentage: option.percentage }),
          value: value === null ? null : money(value),
          minimumSubtotal:
            option.minimumSubtotal === null ? null : money(parseDecimal(option.minimumSubtotal)),
          affordable: balance.available >= cost,
          pointsNeeded: Math.max(cost - Math.max(balance.available, 0), 0),
        };
      }),
      redemptions: codes.map((code) => ({
        redemptionId: code.id,
        code: code.code,
        pointsSpent: code.pointsSpent,
        value: redemptionValue(code),
        expiresAt: code.expiresAt.toISOString(),
        status: code.status,
      })),
      // the return-visit discount while the customer may use it (the function checks the date again at checkout)
      returnVisit:
        program.returnVisit.enabled &&
        visit?.status === 'granted' &&
        visit.eligibleUntil >= now.toISOString().slice(0, 10)
          ? {
              percentage: Math.min(
                100,
                program.returnVisit.percentage +
                  // own keys only: a tier named like an Object method is not an uplift
                  (visit.tier !== null && Object.hasOwn(program.returnVisit.tierUplift, visit.tier)
                    ? program.returnVisit.tierUplift[visit.tier]!
                    : 0),
              ),
              eligibleUntil: visit.eligibleUntil,
              minimumSubtotal: money(parseDecimal(program.returnVisit.minimumSubtotal)),
              regularPriceOnly: program.returnVisit.regularPriceOnly,
            }
          : null,
      history: history.map((entry) => ({
        kind: entry.kind,
        points: entry.points,
        occurredAt: entry.occurredAt.toISOString(),
        orderId:
          entry.orderId ?? (entry.redemptionId ? usedBy.get(Number(entry.redemptionId)) : undefined) ?? null,
        redemptionId: entry.redemptionId === undefined ? null : Number(entry.redemptionId),
      })),
    };
  });
}
