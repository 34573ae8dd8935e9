/**
 * The demo history's webhooks to the running server's POST /api/webhooks, signed as Shopify signs them, with the
 * event and webhook ids the plan gives them (so a second send is a duplicate the inbox drops).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningServer } from '../server.js';
import type { HistoryDelivery } from './demo-history-deliveries.js';
import { signWebhook } from './shopify-payloads.js';

/** POST /api/webhooks, signed as Shopify signs, `concurrency` at a time; a 503 (SQLite busy) is sent again. */
export function webhookSender(running: RunningServer, shop: string, concurrency: number) {
  const secret = running.shopify.api.config.apiSecretKey;
  const post = async (delivery: HistoryDelivery) => {
    const signed = signWebhook({
      secret,
      topic: delivery.topic,
      shop,
      body: delivery.body,
      eventId: delivery.eventId,
      webhookId: delivery.eventId,
      triggeredAt: delivery.at.toISOString(),
    });
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${running.url}/api/webhooks`, { method: 'POST', ...signed });
      const text = await response.text();
      if (response.status === 200) return;
      if (response.status !== 503 || attempt === 20)
        throw new Error(
          `demo history: ${delivery.topic} ${delivery.eventId}: HTTP ${response.status} ${text}`,
        );
      await sleep(100 * attempt);
    }
  };
  return async (deliveries: readonly HistoryDelivery[]) => {
    let next = 0;
    const worker = async () => {
      while (next < deliveries.length) await post(deliveries[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, worker));
  };
}
