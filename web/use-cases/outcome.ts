/** What a webhook flow did with a delivery; recorded with the delivery for support and audits. */
export interface Outcome {
  outcome: 'processed' | 'skipped' | 'deferred';
  detail: string;
}

export const processed = (detail: string): Outcome => ({ outcome: 'processed', detail });
export const skipped = (detail: string): Outcome => ({ outcome: 'skipped', detail });
export const deferred = (detail: string): Outcome => ({ outcome: 'deferred', detail });
