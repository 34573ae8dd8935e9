/**
 * Readers waiting for processing to reach the deliveries they were acknowledged: each waits for a target id per
 * shop. Every read of due deliveries returns each shop's lowest due ids first (a retry that has come due too),
 * so once batches read after a reader arrived have attempted a shop's delivery N, every delivery of that shop
 * that was due when the reader arrived, up to N, has been attempted since.
 */
interface Waiting {
  targets: ReadonlyMap<string, number>;
  since: number; // reads started before the reader arrived
  progress: Map<string, number>;
  reached: () => void;
}

export class ReadWatermarks {
  private reads = 0;
  private waiting: Waiting[] = [];

  /** Resolves once every shop in `targets` has been attempted through its id. */
  wait(targets: ReadonlyMap<string, number>): { reached: Promise<void>; cancel: () => void } {
    let entry!: Waiting;
    const reached = new Promise<void>((resolve) => {
      entry = { targets, since: this.reads, progress: new Map(), reached: resolve };
    });
    this.waiting.push(entry);
    return { reached, cancel: () => (this.waiting = this.waiting.filter((w) => w !== entry)) };
  }

  /** Processing is about to read due deliveries; returns the read's number. */
  readStarted(): number {
    return ++this.reads;
  }

  /**
   * Processing attempted these deliveries (processed, or failed and waiting for a retry), read by `read`.
   * `complete`: when that read holds every shop's due deliveries first turn, a shop absent from it had nothing
   * due, so its readers (the target was attempted by an earlier pass) have their answer too.
   */
  attempted(
    read: number,
    deliveries: ReadonlyArray<{ shop: string; id: number }>,
    complete: ReadonlyArray<{ shop: string }> | null = null,
  ): void {
    const present = complete && new Set(complete.map((d) => d.shop));
    for (const w of this.waiting) {
      if (read <= w.since) continue;
      for (const { shop, id } of deliveries) w.progress.set(shop, Math.max(w.progress.get(shop) ?? 0, id));
      if (present)
        for (const shop of w.targets.keys()) if (!present.has(shop)) w.progress.set(shop, Infinity);
    }
    this.releaseWhere((w) => [...w.targets].every(([shop, id]) => (w.progress.get(shop) ?? 0) >= id));
  }

  /** Read `read` found nothing due: every reader who arrived before it has what it waited for. */
  drained(read: number): void {
    this.releaseWhere((w) => w.since < read);
  }

  /** Processing stopped or failed: readers go on with what is committed. */
  releaseAll(): void {
    this.releaseWhere(() => true);
  }

  private releaseWhere(done: (w: Waiting) => boolean): void {
    const released = this.waiting.filter(done);
    this.waiting = this.waiting.filter((w) => !done(w));
    for (const w of released) w.reached();
  }
}
