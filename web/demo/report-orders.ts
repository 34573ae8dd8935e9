/**
 * `npm run demo:orders` telling the simulated Shopify which orders were placed (POST /simulated-shopify/orders on
 * the demo's storefront server, simulated-order-counts.ts). Shopify counts an order when it is placed, before any
 * webhook about it, and the app's return-visit grant asks Shopify how many orders the customer has (exactly 1: a
 * first order). Best effort: a deployed app has no simulated storefront beside it, and the stream goes on without.
 * Node built-ins only, like the other demo scripts.
 */
export type PlacedOrder = { customer: number; orderId: string };

/** Returns the counts the simulated Admin now holds, by customer id, or null when nobody took the report. */
export async function reportPlacedOrders(
  storefrontUrl: string,
  orders: readonly PlacedOrder[],
  log: (line: string) => void,
): Promise<Record<string, number> | null> {
  if (orders.length === 0) return {};
  try {
    const response = await fetch(`${storefrontUrl}/simulated-shopify/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ orders }),
      signal: AbortSignal.timeout(3000),
    });
    const body = (await response.json()) as { counts?: Record<string, number>; message?: string };
    if (response.ok && body.counts) return body.counts;
    log(`  the simulated storefront refused the order report: HTTP ${response.status} ${body.message ?? ''}`);
  } catch {
    log(
      `  no simulated storefront at ${storefrontUrl} (set DEMO_STOREFRONT_URL): its Shopify counts 1 order for ` +
        'every customer, so every first order grants the return-visit discount',
    );
  }
  return null;
}
