import { LoyaltyError } from './errors.js';
import type { LotUpdate } from './lots.js';

/** Letters and digits that cannot be misread for each other (no 0/O, 1/I/L), for codes shoppers type. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_GROUPS = 3;
const GROUP_LENGTH = 4;
const REQUEST_KEY = /^[\x21-\x7e]{1,200}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A discount code such as LOYAL-7KQ2-MX9P-C4TR from random bytes (passed in: the core has no randomness of its
 * own). 12 characters from 31 give about 59 bits, so guessing another shopper's code is hopeless, and codes are
 * customer-bound in Shopify anyway.
 */
export function discountCode(randomBytes: Uint8Array): string {
  if (randomBytes.length < CODE_GROUPS * GROUP_LENGTH) throw new RangeError('not enough random bytes');
  const groups: string[] = [];
  for (let g = 0; g < CODE_GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++)
      group += CODE_ALPHABET[randomBytes[g * GROUP_LENGTH + i]! % CODE_ALPHABET.length];
    groups.push(group);
  }
  return `${CODE_PREFIX}${groups.join('-')}`;
}

const CODE_PREFIX = 'LOYAL-';

/** Whether a code an order used can be one of ours (codes are case-insensitive in Shopify). */
export function mayBeOurCode(code: string): boolean {
  return code.toUpperCase().startsWith(CODE_PREFIX);
}

export function codeExpiresAt(now: Date, lifetimeDays: number): Date {
  return new Date(now.getTime() + lifetimeDays * DAY_MS);
}

/** The Idempotency-Key header as the storefront API accepts it: 1-200 printable ASCII characters. */
export function checkRequestKey(value: unknown): string {
  if (typeof value !== 'string' || !REQUEST_KEY.test(value))
    throw new LoyaltyError(
      'idempotency_key_required',
      'Send an Idempotency-Key header of 1-200 printable ASCII characters, new for each redemption.',
      400,
    );
  return value;
}

/** What a key was first used for: the same key with another body is refused, not answered with the old code. */
export function requestFingerprint(optionId: string, points: number | undefined): string {
  return JSON.stringify([optionId, points ?? null]);
}

/**
 * When the points a redemption spends would have expired: the earliest expiry among the lots it consumed. A
 * refund (failed, expired or cancelled code) gives them back with that expiry, so redeeming and letting the code
 * lapse cannot stretch the life of points.
 */
export function spentPointsExpireAt(
  lots: ReadonlyArray<{ id: number; expiresAt: Date | null }>,
  consumed: readonly LotUpdate[],
): Date | null {
  const touched = new Set(consumed.map((lot) => lot.id));
  let earliest: Date | null = null;
  for (const lot of lots) {
    if (!touched.has(lot.id) || lot.expiresAt === null) continue;
    if (earliest === null || lot.expiresAt.getTime() < earliest.getTime()) earliest = lot.expiresAt;
  }
  return earliest;
}

export function insufficientPoints(available: number, needed: number): LoyaltyError {
  const missing = Math.max(needed - Math.max(available, 0), 0);
  return new LoyaltyError(
    'insufficient_points',
    `This needs ${needed} points; ${Math.max(available, 0)} are available (${missing} more needed).`,
    409,
  );
}
