/**
 * Tells whether webhooks are arriving in a burst: more than BURST_ACCEPTS acknowledgements in BURST_WINDOW_MS
 * (300 webhooks/s), in this window or the last. During a burst, processing gives acknowledgements the database
 * first; ordinary traffic is credited at once.
 */
const BURST_WINDOW_MS = 100;
const BURST_ACCEPTS = 30;

export class BurstMeter {
  private windowStart = 0;
  private windowAccepts = 0;
  private previousWindowAccepts = 0;

  count(now: number): void {
    if (now - this.windowStart >= BURST_WINDOW_MS) {
      this.previousWindowAccepts = now - this.windowStart < 2 * BURST_WINDOW_MS ? this.windowAccepts : 0;
      this.windowStart = now;
      this.windowAccepts = 0;
    }
    this.windowAccepts++;
  }

  inBurst(now: number): boolean {
    const age = now - this.windowStart;
    if (age >= 2 * BURST_WINDOW_MS) return false; // this window and the one after it are over
    if (age >= BURST_WINDOW_MS) return this.windowAccepts >= BURST_ACCEPTS; // the window just over is the last
    return Math.max(this.windowAccepts, this.previousWindowAccepts) >= BURST_ACCEPTS;
  }
}
