import { describe, expect, it } from 'vitest';
import { adjustmentFingerprint, checkAdjustment } from './adjustment.js';

describe('checkAdjustment', () => {
  it('accepts whole points within ±1,000,000 and trims the reason', () => {
    expect(checkAdjustment({ points: -1_000_000, reason: '  goodwill  ' })).toEqual({
      points: -1_000_000,
      reason: 'goodwill',
      allowNegative: false,
    });
    expect(
      checkAdjustment({ points: 1_000_000, reason: 'x'.repeat(500), allowNegative: true }).allowNegative,
    ).toBe(true);
    // 500 characters as people count them, although each is two UTF-16 units
    expect(checkAdjustment({ points: 1, reason: '😀'.repeat(500) }).reason).toHaveLength(1000);
  });

  it.each([
    ['zero points', { points: 0, reason: 'r' }, 'points'],
    ['fractional points', { points: 1.5, reason: 'r' }, 'points'],
    ['points as a string', { points: '5', reason: 'r' }, 'points'],
    ['too many points', { points: 1_000_001, reason: 'r' }, 'points'],
    ['no reason', { points: 5 }, 'reason'],
    ['a blank reason', { points: 5, reason: '   ' }, 'reason'],
    ['a reason over 500 characters', { points: 5, reason: 'x'.repeat(501) }, 'reason'],
    ['allowNegative not a boolean', { points: -5, reason: 'r', allowNegative: 'yes' }, 'allowNegative'],
    ['not an object', [1], 'object'],
  ])('refuses %s with 422 invalid_adjustment', (_name, body, mentioned) => {
    expect(() => checkAdjustment(body)).toThrow(
      expect.objectContaining({
        code: 'invalid_adjustment',
        status: 422,
        message: expect.stringContaining(mentioned),
      }),
    );
  });

  it('lists every problem at once', () => {
    expect(() => checkAdjustment({ points: 0 })).toThrow(/points .*; reason /);
  });

  it('fingerprints what was asked for', () => {
    const a = checkAdjustment({ points: 5, reason: 'r' });
    expect(adjustmentFingerprint(a)).toBe(
      adjustmentFingerprint(checkAdjustment({ points: 5, reason: ' r ' })),
    );
    expect(adjustmentFingerprint(a)).not.toBe(
      adjustmentFingerprint(checkAdjustment({ points: 6, reason: 'r' })),
    );
    expect(adjustmentFingerprint(a)).not.toBe(
      adjustmentFingerprint(checkAdjustment({ points: 5, reason: 'r', allowNegative: true })),
    );
  });
});
