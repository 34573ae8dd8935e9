import { describe, expect, it } from 'vitest';
import {
  checkRequestKey,
  discountCode,
  insufficientPoints,
  mayBeOurCode,
  requestFingerprint,
  spentPointsExpireAt,
} from './redemption.js';

describe('redemption rules', () => {
  it('builds codes of unambiguous characters from the random bytes it is given', () => {
    const code = discountCode(new Uint8Array([0, 1, 2, 3, 30, 31, 32, 33, 255, 254, 253, 252]));
    expect(code).toMatch(/^LOYAL-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(code).toBe('LOYAL-ABCD-9ABC-HGFE'); // 255 % 31 = 7: H
    expect(() => discountCode(new Uint8Array(11))).toThrow(RangeError);
    expect(mayBeOurCode(code.toLowerCase())).toBe(true);
    expect(mayBeOurCode('WILLKOMMEN10')).toBe(false);
  });

  it('accepts printable ASCII idempotency keys of 1-200 characters and refuses others with 400', () => {
    expect(checkRequestKey('a1b2-c3')).toBe('a1b2-c3');
    for (const bad of [undefined, '', 'x'.repeat(201), 'with space', 'ümlaut']) {
      expect(() => checkRequestKey(bad)).toThrow(
        expect.objectContaining({ code: 'idempotency_key_required', status: 400 }),
      );
    }
  });

  it('fingerprints the option and the points, so another body under one key differs', () => {
    expect(requestFingerprint('a', undefined)).toBe(requestFingerprint('a', undefined));
    expect(requestFingerprint('a', 100)).not.toBe(requestFingerprint('a', 200));
    expect(requestFingerprint('a', undefined)).not.toBe(requestFingerprint('b', undefined));
  });

  it('gives spent points the earliest expiry among the lots they came from', () => {
    const lots = [
      { id: 1, expiresAt: new Date('2027-03-01') },
      { id: 2, expiresAt: new Date('2027-01-01') },
      { id: 3, expiresAt: null },
      { id: 4, expiresAt: new Date('2026-12-01') }, // not consumed
    ];
    const consumed = [1, 2, 3].map((id) => ({ id, remaining: 0, matured: true }));
    expect(spentPointsExpireAt(lots, consumed)).toEqual(new Date('2027-01-01'));
    expect(spentPointsExpireAt(lots, [{ id: 3, remaining: 0, matured: true }])).toBeNull();
  });

  it('says how many more points are needed, counting a negative balance as none', () => {
    expect(insufficientPoints(300, 500)).toMatchObject({ code: 'insufficient_points', status: 409 });
    expect(insufficientPoints(300, 500).message).toContain('200 more needed');
    expect(insufficientPoints(-50, 500).message).toContain('500 more needed');
  });
});
