/**
 * Idempotency keys of ledger entries, unique per shop: the same event can never post twice. One place builds
 * them, because the batch processor preloads exactly the keys the flows will check.
 */
export const ledgerKeys = {
  earn: (orderId: string) => `earn:order:${orderId}`,
  refund: (refundId: string) => `reverse_refund:refund:${refundId}`,
  cancel: (orderId: string) => `reverse_cancel:order:${orderId}`,
  signup: (customerId: string) => `signup:customer:${customerId}`,
  // a redemption's debit and its refund: from the shopper's Idempotency-Key, per attempt (a failed attempt is
  // refunded, and the same key may then try again)
  redeem: (customerId: number, requestKey: string, attempt: number) =>
    `redeem:customer:${customerId}:${attempt}:${requestKey}`,
  redeemRefund: (redemptionId: number, attempt: number) =>
    `redeem_refund:redemption:${redemptionId}:${attempt}`,
  // a refunded code that was used all the same takes its points again, once
  redeemUsedAfterRefund: (redemptionId: number) => `redeem:used_after_refund:redemption:${redemptionId}`,
  // a merchant's manual adjustment, from the request's Idempotency-Key (per customer, like a redemption)
  adjust: (customerId: number, requestKey: string) => `adjust:customer:${customerId}:${requestKey}`,
  // one row of an imported balance file: the same file (by its SHA-256) imports each row once, however often
  import: (fileHash: string, rowNumber: number) => `import:${fileHash}:${rowNumber}`,
};
