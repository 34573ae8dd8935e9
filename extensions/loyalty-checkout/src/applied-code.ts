/**
 * Which of the shopper's loyalty codes is already in the checkout's discount codes. Codes compare without
 * case, as Shopify matches them. Once one is applied the block says so instead of offering another redemption.
 */
export function appliedLoyaltyCode(
  applied: readonly { code: string }[] | undefined,
  ours: readonly (string | null | undefined)[],
): string | null {
  const mine = new Set(ours.filter((c): c is string => !!c).map((c) => c.toUpperCase()));
  return applied?.find((d) => mine.has(d.code.toUpperCase()))?.code ?? null;
}
