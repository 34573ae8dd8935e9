/**
 * Idempotency keys of ledger entries, unique per shop: the same event can never post twice. One place builds
 * them, because the batch processor preloads exactly the keys the flows will check.
 */
export const ledgerKeys = {
  earn: (orderId: string) => `earn:order:${orderId}`,
  refund: (refundId: string) => `reverse_refund:refund:${refundId}`,
  cancel: (orderId: string) => `reverse_cancel:order:${orderId}`,
  signup: (customerId: string) => `signup:customer:${customerId}`,
};
