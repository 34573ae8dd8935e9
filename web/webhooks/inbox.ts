import type { InboxWriter } from '../db/inbox-writer.js';
import {
  deliveryKey,
  DUE_BATCH_BYTES,
  type IncomingDelivery,
  type PendingDelivery,
  type ReceivedDelivery,
} from '../db/repositories/delivery-repository.js';
import type { Store } from '../db/store.js';
import { describeError, type Log } from '../logger.js';
import { creditDeliveries } from '../use-cases/credit-deliveries.js';
import { processWebhookDelivery } from '../use-cases/process-webhook-delivery.js';
import { BurstMeter } from './burst-meter.js';
import type { BuyerKey } from './buyer-key.js';
import type { WebhookHandler } from './handler.js';
import { ReadWatermarks } from './read-watermarks.js';
import { failedAttempt } from './retry-policy.js';

export type AcceptResult = 'accepted' | 'duplicate';

/** Deliveries written in one group commit: at most this many, and payloads of at most ~8 MB together. */
const MAX_ACCEPT_BATCH = 256;
const MAX_ACCEPT_BATCH_CHARS = 8_000_000;
/**
 * Deliveries credited in one transaction: large enough that the dozen or so statements of a batch cost little
 * per delivery (measured: 2,500-2,800 orders/s at 512), small enough to stay well within memory and time. During
 * a burst fewer, so acknowledgements never wait long behind one.
 */
const BATCH_SIZE = 512;
const BURST_BATCH_SIZE = 16;
/**
 * During a burst, processing waits for it to pass, but never more than this between two batches: an
 * interruption of a few milliseconds every 2 s stays out of the acknowledgements' p99 (at 200 ms it did not).
 */
const MAX_PAUSE_MS = 2000;
const UNAVAILABLE_RETRY_MS = 1000;
/** When every due delivery is held by another process (PostgreSQL), look again after this. */
const CONTENDED_RETRY_MS = 20;

/**
 * The webhook inbox. `accept` resolves once the delivery is durably committed (then the route answers 2xx):
 * deliveries arriving together share one INSERT and one commit (group commit). A processor then credits the
 * pending deliveries in the background, in batches fair across shops (use-cases/credit-deliveries.ts); a
 * failed delivery is retried with backoff (retry-policy.ts) and finally parked as `failed`, never dropped.
 * `settle` lets a reader wait (boundedly) until what was acknowledged to it is processed.
 * https://shopify.dev/docs/apps/build/webhooks/best-practices#respond-quickly
 */
export class WebhookInbox {
  private queue: Array<{
    delivery: ReceivedDelivery;
    resolve: (r: AcceptResult) => void;
    reject: (e: unknown) => void;
  }> = [];
  private flushing: Promise<void> | null = null;
  private processing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readersWaiting = 0;
  private kickedWhileProcessing = false;
  private readonly burst = new BurstMeter();
  private readonly watermarks = new ReadWatermarks();
  /** The newest accept still being written, overall and per shop (resolves when written or refused). */
  private lastWrite: Promise<void> = Promise.resolve();
  private readonly lastWriteOf = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: {
      store: Store;
      writer: InboxWriter;
      handlers: ReadonlyMap<string, WebhookHandler>;
      log: Log;
      now: () => Date;
      /** Guest e-mails to buyer keys, with the app's secret (web/webhooks/buyer-key.ts). */
      buyerKey: BuyerKey;
    },
  ) {}

  accept(delivery: ReceivedDelivery): Promise<AcceptResult> {
    this.burst.count(Date.now());
    const accepted = new Promise<AcceptResult>((resolve, reject) => {
      this.queue.push({ delivery, resolve, reject });
      this.flushing ??= new Promise<void>((done) => setImmediate(done)).then(() => this.writeBatches());
    });
    const written = accepted.then(
      () => undefined,
      () => undefined,
    );
    this.lastWrite = written;
    this.lastWriteOf.set(delivery.shop, written);
    void written.then(() => {
      if (this.lastWriteOf.get(delivery.shop) === written) this.lastWriteOf.delete(delivery.shop);
    });
    return accepted;
  }

  /**
   * Waits until every delivery of `shop` (every shop when omitted) accepted before the call has been attempted:
   * processed, or failed and waiting for its retry. Later deliveries are not waited for, nor other shops'.
   * After `maxWaitMs` it gives up and says how many deliveries (of the shop) are still pending.
   */
  async settle(shop?: string, maxWaitMs = Infinity): Promise<{ pending: number }> {
    // what was accepted before this call (of this shop) is committed first; under a steady flood the writer is
    // never idle, so waiting for it to be idle could take as long as the flood
    await (shop === undefined ? this.lastWrite : this.lastWriteOf.get(shop));
    if (this.closed) return { pending: 0 };
    const targets = await this.deps.store.read((repos) => repos.deliveries.dueTargets(this.deps.now(), shop));
    if (targets.size === 0) return { pending: 0 };
    const { reached, cancel } = this.watermarks.wait(targets);
    this.readersWaiting++;
    let timeout: NodeJS.Timeout | undefined;
    try {
      this.kick();
      const bound = new Promise<'timeout'>((resolve) => {
        if (Number.isFinite(maxWaitMs)) timeout = setTimeout(() => resolve('timeout'), maxWaitMs);
      });
      if ((await Promise.race([reached, bound])) !== 'timeout') return { pending: 0 };
      cancel();
      return { pending: await this.deps.store.read((repos) => repos.deliveries.pendingCount(shop)) };
    } finally {
      clearTimeout(timeout);
      this.readersWaiting--;
    }
  }

  /** Processes what a previous run left pending (after a crash or restart). */
  start(): void {
    this.kick();
  }

  /** Stops after the batch in progress; what is still pending stays in the inbox for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.flushing;
    await this.processing;
    this.watermarks.releaseAll();
    await this.deps.writer.close();
  }

  private async writeBatches(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, acceptBatchLength(this.queue));
      try {
        const fresh = await this.deps.store.exclusive(() =>
          this.deps.writer.accept(
            batch.map((item) => item.delivery),
            this.deps.now(),
          ),
        );
        for (const { delivery, resolve } of batch) {
          // delete: the first copy of an event in a batch is the accepted one, any other copy in it a duplicate
          resolve(fresh.delete(deliveryKey(delivery.shop, delivery.dedupeKey)) ? 'accepted' : 'duplicate');
        }
      } catch (error) {
        for (const { reject } of batch) reject(error);
      }
      this.kick(); // under a steady flood the queue never empties: crediting must not wait for it to
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
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.processing = this.processPending()
      .catch((error: unknown) => {
        // The inbox itself could not be read or updated (database down): try again later, never crash.
        this.deps.log('webhook inbox unavailable', { error: describeError(error) });
        this.watermarks.releaseAll(); // readers go on (and meet the same error) instead of hanging
        this.wakeAfter(UNAVAILABLE_RETRY_MS);
      })
      .finally(() => {
        this.processing = null;
        if (this.kickedWhileProcessing) {
          this.kickedWhileProcessing = false;
          this.kick();
        }
      });
  }

  private wakeAfter(ms: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, ms);
    this.timer.unref();
  }

  private async processPending(): Promise<void> {
    for (;;) {
      await this.yieldToAcknowledgements();
      if (this.closed) return;
      const now = this.deps.now();
      const size = this.inBurst() ? BURST_BATCH_SIZE : BATCH_SIZE;
      const read = this.watermarks.readStarted();
      const due = await this.deps.store.read((repos) => repos.deliveries.due(size, now));
      if (due.length === 0) {
        this.watermarks.drained(read); // nothing is due: readers who came before this read have their answer
        break;
      }
      const claimed = new Set<number>();
      for (const segment of segments(due, this.deps.handlers))
        for (const id of await this.process(segment, now)) claimed.add(id); // its transactions take their turns
      // Every shop with due deliveries is in this read if it reached some shop's second turn, or was cut off by
      // neither the count nor the size limit; then a shop missing from it has nothing due.
      const bytes = due.reduce((sum, d) => sum + Buffer.byteLength(d.payload), 0);
      const everyShopSeen =
        new Set(due.map((d) => d.shop)).size < due.length || (due.length < size && bytes < DUE_BATCH_BYTES);
      this.watermarks.attempted(read, attemptedPrefix(due, claimed), everyShopSeen ? due : null);
      if (claimed.size === 0) return this.wakeAfter(CONTENDED_RETRY_MS);
    }
    const retryAt = await this.deps.store.read((repos) => repos.deliveries.nextRetryAt());
    if (retryAt) this.wakeAfter(Math.max(0, retryAt.getTime() - this.deps.now().getTime()));
  }

  /** A batch of ledger deliveries in one transaction, or one delivery of another topic; returns the ids it took. */
  private async process(segment: PendingDelivery[], now: Date): Promise<Set<number>> {
    if (segment.length === 1 && !this.deps.handlers.get(segment[0]!.topic)?.ledger)
      return this.processOne(segment[0]!, now);
    try {
      const { claimed, failures } = await creditDeliveries(this.deps, segment, now);
      for (const { delivery, error } of failures) this.logFailure(delivery, error);
      return claimed;
    } catch (error) {
      // The batch could not commit (a statement failed): each delivery on its own, so only the bad one fails.
      this.deps.log('webhook batch failed; processing its deliveries one by one', {
        deliveries: segment.length,
        error: describeError(error),
      });
      const claimed = new Set<number>();
      for (const delivery of segment) for (const id of await this.processOne(delivery, now)) claimed.add(id);
      return claimed;
    }
  }

  private async processOne(delivery: PendingDelivery, now: Date): Promise<Set<number>> {
    try {
      return new Set((await processWebhookDelivery(this.deps, delivery, now)) ? [delivery.id] : []);
    } catch (error) {
      this.logFailure(delivery, error);
      await this.deps.store.transaction((repos) =>
        repos.deliveries.recordFailure(delivery.id, {
          ...failedAttempt(delivery, error, now),
          counted: false, // the failed transaction's claim was rolled back with it
        }),
      );
      return new Set([delivery.id]);
    }
  }

  private logFailure(delivery: PendingDelivery, error: unknown): void {
    this.deps.log('webhook processing failed', {
      shop: delivery.shop,
      topic: delivery.topic,
      deliveryId: delivery.id,
      attempt: delivery.attempts + 1,
      error: describeError(error),
    });
  }

  private inBurst(): boolean {
    return this.readersWaiting === 0 && !this.closed && this.burst.inBurst(Date.now());
  }

  /**
   * Acknowledgements first: queued acknowledgements are written before the next batch, and during a burst
   * processing waits (at most MAX_PAUSE_MS per batch). A waiting reader (settle) lifts the pause.
   */
  private async yieldToAcknowledgements(): Promise<void> {
    // The SQLite driver is synchronous, so a whole batch can run in microtasks: give pending I/O its turn first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const pauseEnds = Date.now() + MAX_PAUSE_MS;
    for (;;) {
      await this.lastWrite;
      if (!this.inBurst() || Date.now() >= pauseEnds) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** How many queued deliveries the next group commit takes (at least one, however large). */
function acceptBatchLength(queue: ReadonlyArray<{ delivery: IncomingDelivery }>): number {
  let chars = 0;
  for (let i = 0; i < Math.min(queue.length, MAX_ACCEPT_BATCH); i++) {
    chars += queue[i]!.delivery.payload.length;
    if (chars > MAX_ACCEPT_BATCH_CHARS) return Math.max(1, i);
  }
  return Math.min(queue.length, MAX_ACCEPT_BATCH);
}

/**
 * Per shop, the deliveries this process attempted before the first one another process holds (PostgreSQL, SKIP
 * LOCKED): a reader may count on those, not on the ones behind a delivery still being credited elsewhere.
 */
function attemptedPrefix(due: readonly PendingDelivery[], claimed: ReadonlySet<number>): PendingDelivery[] {
  const blocked = new Set<string>();
  return due.filter((delivery) => {
    if (blocked.has(delivery.shop)) return false;
    if (claimed.has(delivery.id)) return true;
    blocked.add(delivery.shop);
    return false;
  });
}

/** Consecutive ledger deliveries form one batch; any other topic is processed alone, in its place. */
function segments(
  due: readonly PendingDelivery[],
  handlers: ReadonlyMap<string, WebhookHandler>,
): PendingDelivery[][] {
  const result: PendingDelivery[][] = [];
  let batch: PendingDelivery[] = [];
  for (const delivery of due) {
    if (handlers.get(delivery.topic)?.ledger) {
      batch.push(delivery);
      continue;
    }
    if (batch.length) result.push(batch);
    batch = [];
    result.push([delivery]);
  }
  if (batch.length) result.push(batch);
  return result;
}
