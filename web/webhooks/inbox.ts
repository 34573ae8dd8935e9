import type { InboxWriter } from '../db/inbox-writer.js';
import { deliveryKey, type IncomingDelivery } from '../db/repositories/delivery-repository.js';
import type { Store } from '../db/store.js';
import type { Log } from '../logger.js';
import { processWebhookDelivery } from '../use-cases/process-webhook-delivery.js';
import type { WebhookHandler } from './handler.js';

export type AcceptResult = 'accepted' | 'duplicate';

const MAX_BATCH = 256;
const MAX_ATTEMPTS = 5;
const RETRY_DELAY_MS = 1000;
const QUIET_MS = 20; // processing waits for a pause this long in acknowledgements, unless a reader is waiting

/**
 * The webhook inbox. `accept` resolves once the delivery is durably committed (then the route answers 2xx):
 * deliveries arriving together share one INSERT and one commit (group commit), which is what lets a burst of
 * webhooks be acknowledged quickly. A processor then runs each pending delivery's flow in arrival order, in the
 * background, with retries; a delivery that keeps failing is parked as `failed`, never dropped. `settle` waits
 * until everything accepted so far is processed: reads call it, so what a client was acknowledged it also sees.
 * https://shopify.dev/docs/apps/build/webhooks/best-practices#respond-quickly
 */
export class WebhookInbox {
  private queue: Array<{
    delivery: IncomingDelivery;
    resolve: (r: AcceptResult) => void;
    reject: (e: unknown) => void;
  }> = [];
  private flushing: Promise<void> | null = null;
  private processing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private lastAcceptAt = 0;
  private readersWaiting = 0;
  private kickedWhileProcessing = false;

  constructor(
    private readonly deps: {
      store: Store;
      writer: InboxWriter;
      handlers: ReadonlyMap<string, WebhookHandler>;
      log: Log;
      now: () => Date;
    },
  ) {}

  accept(delivery: IncomingDelivery): Promise<AcceptResult> {
    this.lastAcceptAt = Date.now();
    return new Promise((resolve, reject) => {
      this.queue.push({ delivery, resolve, reject });
      this.flushing ??= new Promise<void>((done) => setImmediate(done)).then(() => this.writeBatches());
    });
  }

  /** Resolves when every delivery accepted before the call has been processed (or parked as failed). */
  async settle(): Promise<void> {
    this.readersWaiting++;
    try {
      while (this.flushing || this.processing) {
        await this.flushing;
        await this.processing;
      }
    } finally {
      this.readersWaiting--;
    }
  }

  /** Processes what a previous run left pending (after a crash or restart). */
  start(): void {
    this.kick();
  }

  /** Stops after the delivery in progress; what is still pending stays in the inbox for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.flushing;
    await this.processing;
    await this.deps.writer.close();
  }

  private async writeBatches(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const fresh = await this.deps.writer.accept(
          batch.map((item) => item.delivery),
          this.deps.now(),
        );
        for (const { delivery, resolve } of batch) {
          // delete: the first copy of an event in a batch is the accepted one, any other copy in it a duplicate
          resolve(fresh.delete(deliveryKey(delivery.shop, delivery.dedupeKey)) ? 'accepted' : 'duplicate');
        }
      } catch (error) {
        for (const { reject } of batch) reject(error);
      }
    }
    this.flushing = null;
    this.kick();
  }

  private kick(): void {
    if (this.closed) return;
    if (this.processing) {
      // The running pass may already have read an empty pending list: it must look again when it ends.
      this.kickedWhileProcessing = true;
      return;
    }
    this.processing = this.processPending().finally(() => {
      this.processing = null;
      if (this.kickedWhileProcessing) {
        this.kickedWhileProcessing = false;
        this.kick();
      }
    });
  }

  private async processPending(): Promise<void> {
    // Deliveries that failed in this pass wait for the retry timer; everything else accepted is still processed
    // now, so settle() keeps its promise even behind a failing delivery.
    const failed: number[] = [];
    for (;;) {
      const due = await this.deps.store.read((repos) => repos.deliveries.pending(100, failed));
      if (due.length === 0) break;
      for (const delivery of due) {
        await this.yieldToAcknowledgements();
        if (this.closed) return;
        try {
          await processWebhookDelivery(this.deps, delivery, this.deps.now());
        } catch (error) {
          failed.push(delivery.id);
          const detail = describeError(error);
          this.deps.log('webhook processing failed', {
            shop: delivery.shop,
            topic: delivery.topic,
            deliveryId: delivery.id,
            attempt: delivery.attempts + 1,
            error: detail,
          });
          await this.deps.store.transaction((repos) =>
            repos.deliveries.recordFailure(delivery.id, detail, MAX_ATTEMPTS),
          );
        }
      }
    }
    if (failed.length && !this.closed) {
      this.retryTimer = setTimeout(() => this.kick(), RETRY_DELAY_MS);
      this.retryTimer.unref();
    }
  }

  /**
   * Acknowledgements first: during a burst, processing pauses until webhooks stop arriving for QUIET_MS, so every
   * delivery is committed and answered quickly and credited right after. A waiting reader (settle) overrides it.
   */
  private async yieldToAcknowledgements(): Promise<void> {
    // The SQLite driver is synchronous, so a whole flow can run in microtasks: give pending I/O its turn first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (;;) {
      if (this.flushing) await this.flushing;
      const quietFor = Date.now() - this.lastAcceptAt;
      if (this.readersWaiting > 0 || this.closed || quietFor >= QUIET_MS) return;
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS - quietFor));
    }
  }
}

/** One line worth storing: Prisma's messages carry a code frame before the actual message, on the last line. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const lines = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? `${code}: ` : ''}${lines[lines.length - 1] ?? error.name}`.slice(
    0,
    500,
  );
}
