import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, nextAttemptAt } from './retry-policy.js';

const at = new Date('2026-12-01T10:00:00.000Z');
const secondsAfter = (date: Date | null) => date && (date.getTime() - at.getTime()) / 1000;

describe('retry policy', () => {
  it('waits 1 s, 5 s, 30 s, 2 min and 10 min after the 1st to 5th failed attempt', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => secondsAfter(nextAttemptAt(attempts, at)))).toEqual([
      1, 5, 30, 120, 600,
    ]);
  });

  it('parks the delivery after the retry that follows the last delay fails (6 attempts)', () => {
    expect(MAX_ATTEMPTS).toBe(6);
    expect(nextAttemptAt(6, at)).toBeNull();
    expect(nextAttemptAt(7, at)).toBeNull();
  });
});
