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
// A burst is more than BURST_ACCEPTS acknowledgements in BURST_WINDOW_MS (300 webhooks/s). During a burst,
// processing waits for it to pass but never more than MAX_PAUSE_MS between two deliveries: bursts are acknowledged
// at full speed and still credited, and ordinary traffic is credited at once.
const BURST_WINDOW_MS = 100;
const BURST_ACCEPTS = 30;
const MAX_PAUSE_MS = 200;

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
  private windowStart = 0;
  private windowAccepts = 0;
  private previousWindowAccepts = 0;
  private readersWaiting = 0;
  private kickedWhileProcessing = false;
  /** Highest delivery id a processing pass has attempted, in id order; settle() waits on it. */
  private attemptedThrough = 0;
  private watermarks: Array<{ id: number; reached: () => void }> = [];

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
    this.countAccept(Date.now());
    return new Promise((resolve, reject) => {
      this.queue.push({ delivery, resolve, reject });
      this.flushing ??= new Promise<void>((done) => setImmediate(done)).then(() => this.writeBatches());
    });
  }

  /**
   * Resolves once every delivery accepted before the call has been attempted: processed, or failed and waiting
   * for its retry. Deliveries accepted after the call are not waited for, so a reader is not held up by steady
   * traffic. While a reader waits, processing does not pause for acknowledgements.
   */
  async settle(_shop?: string): Promise<void> {
    await this.flushing;
    const target = await this.deps.store.read((repos) => repos.deliveries.lastPendingId());
    if (target === null || this.closed) return;
    this.readersWaiting++;
    try {
      const reached = new Promise<void>((resolve) => this.watermarks.push({ id: target, reached: resolve }));
      this.kick();
      await reached;
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
    this.releaseWatermarks(Infinity);
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
    this.processing = this.processPending()
      .catch((error: unknown) => {
        // The inbox itself could not be read or updated (database down): try again later, never crash.
        this.deps.log('webhook inbox unavailable', { error: describeError(error) });
        this.releaseWatermarks(Infinity); // readers go on (and meet the same error) instead of hanging
        this.scheduleRetry();
      })
      .finally(() => {
        this.processing = null;
        if (this.kickedWhileProcessing) {
          this.kickedWhileProcessing = false;
          this.kick();
        }
      });
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, RETRY_DELAY_MS);
    this.retryTimer.unref();
  }

  /** Releases the readers waiting for deliveries up to `id` (all of them when id is Infinity). */
  private releaseWatermarks(id: number): void {
    if (Number.isFinite(id)) this.attemptedThrough = Math.max(this.attemptedThrough, id);
    const through = Number.isFinite(id) ? this.attemptedThrough : Infinity;
    const still: typeof this.watermarks = [];
    for (const mark of this.watermarks) {
      if (mark.id <= through) mark.reached();
      else still.push(mark);
    }
    this.watermarks = still;
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
        this.releaseWatermarks(delivery.id);
      }
    }
    // Nothing is left to attempt now: every reader waiting so far has what it waited for.
    this.releaseWatermarks(Infinity);
    if (failed.length) this.scheduleRetry();
  }

  private countAccept(now: number): void {
    if (now - this.windowStart >= BURST_WINDOW_MS) {
      this.previousWindowAccepts = now - this.windowStart < 2 * BURST_WINDOW_MS ? this.windowAccepts : 0;
      this.windowStart = now;
      this.windowAccepts = 0;
    }
    this.windowAccepts++;
  }

  private inBurst(now: number): boolean {
    if (now - this.windowStart >= 2 * BURST_WINDOW_MS) return false;
    const current = now - this.windowStart < BURST_WINDOW_MS ? this.windowAccepts : 0;
    return Math.max(current, this.previousWindowAccepts) >= BURST_ACCEPTS;
  }

  /**
   * Acknowledgements first: queued acknowledgements are written before the next delivery is processed, and during
   * a burst processing waits (at most MAX_PAUSE_MS per delivery). A waiting reader (settle) lifts the pause.
   */
  private async yieldToAcknowledgements(): Promise<void> {
    // The SQLite driver is synchronous, so a whole flow can run in microtasks: give pending I/O its turn first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const pauseEnds = Date.now() + MAX_PAUSE_MS;
    for (;;) {
      if (this.flushing) await this.flushing;
      const now = Date.now();
      if (this.readersWaiting > 0 || this.closed || !this.inBurst(now) || now >= pauseEnds) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
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
