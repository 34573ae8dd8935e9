import { createHmac } from 'node:crypto';
import { normalizeEmail } from '../loyalty/customer-profile.js';

/**
 * A guest order's buyer as a keyed hash of the order's e-mail (HMAC-SHA256 with the app's API secret, hex, the
 * first 32 characters): equal for the same address, so the dashboard can tell a returning guest, and useless to
 * anyone without the secret. The app never stores a guest's address itself. Null without a usable address.
 */
export type BuyerKey = (email: string) => string | null;

export function buyerKeyFor(secret: string): BuyerKey {
  return (email) => {
    const normalized = normalizeEmail(email);
    return normalized === null
      ? null
      : createHmac('sha256', secret).update(normalized).digest('hex').slice(0, 32);
  };
}
