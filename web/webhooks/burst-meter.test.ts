import { describe, expect, it } from 'vitest';
import { BurstMeter } from './burst-meter.js';

const meter = (accepts: Array<[at: number, count: number]>) => {
  const m = new BurstMeter();
  for (const [at, count] of accepts) for (let i = 0; i < count; i++) m.count(at);
  return m;
};

describe('burst meter (more than 30 acknowledgements in 100 ms, this window or the last)', () => {
  it('is in a burst from the 30th acknowledgement in a window, and not at 29', () => {
    expect(meter([[1_000, 29]]).inBurst(1_050)).toBe(false);
    expect(meter([[1_000, 30]]).inBurst(1_050)).toBe(true);
  });

  it('still counts a busy window for the 100 ms after it, even with no acknowledgement since', () => {
    const busy = meter([[1_000, 30]]);
    expect(busy.inBurst(1_150)).toBe(true);
    expect(busy.inBurst(1_199)).toBe(true);
    expect(busy.inBurst(1_200)).toBe(false);
  });

  it('counts the window before the current one, but not an older one', () => {
    expect(
      meter([
        [1_000, 30],
        [1_120, 1],
      ]).inBurst(1_150),
    ).toBe(true);
    expect(
      meter([
        [1_000, 20],
        [1_120, 15],
      ]).inBurst(1_150),
    ).toBe(false);
    expect(
      meter([
        [1_000, 30],
        [1_250, 1],
      ]).inBurst(1_260),
    ).toBe(false);
  });
});
