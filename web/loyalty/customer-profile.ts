/**
 * What the panel shows of a customer (a name and an e-mail), taken from the payloads the app receives anyway:
 * customers/create and the order's `customer` object. Each field keeps the time of the payload it came from, so
 * whichever order the deliveries arrive in, a field ends up with the value of the newest payload that had one
 * (one exception, see `keptField`).
 */
/** A customer's name and e-mail as one payload names them (normalized; null where it names none). */
export interface CustomerProfile {
  displayName: string | null;
  email: string | null;
}

export interface ProfileField {
  value: string;
  at: Date;
}

export interface ProfileChange {
  displayName: ProfileField | null;
  email: ProfileField | null;
}

// Shopify allows 255 characters per name field; anything longer is cut, not refused (the order's points matter more).
const MAX_NAME = 255;
// RFC 5321's limit for a forward path; longer is not an address anyone can have.
const MAX_EMAIL = 320;

/** "First Last", trimmed; null when both are empty or missing. */
export function displayNameOf(
  first: string | null | undefined,
  last: string | null | undefined,
): string | null {
  const name = [first, last]
    .map((part) => (part ?? '').trim())
    .filter(Boolean)
    .join(' ');
  // by code points, so a cut never splits an emoji's surrogate pair
  return name ? [...name].slice(0, MAX_NAME).join('') : null;
}

/** Trimmed and lower-cased; null when empty, missing or too long to be an address. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const normalized = (email ?? '').trim().toLowerCase();
  return normalized && normalized.length <= MAX_EMAIL ? normalized : null;
}

/**
 * The form names and queries are compared in: NFC (a composed "ü" and "u" + combining diaeresis are one letter)
 * and lower case by Unicode's rules. Done here rather than with SQL's lower(), which on SQLite folds ASCII only.
 */
export function searchKey(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

export function profileChange(profile: CustomerProfile, at: Date): ProfileChange {
  return {
    displayName: profile.displayName === null ? null : { value: profile.displayName, at },
    email: profile.email === null ? null : { value: profile.email, at },
  };
}

/** The profile as stored: the fields with the payload time they came from; a redacted customer gets none again. */
export interface StoredProfile {
  displayName: ProfileField | null;
  email: ProfileField | null;
  redacted: boolean;
}

export const NO_PROFILE: StoredProfile = { displayName: null, email: null, redacted: false };

/**
 * The field that stays when a payload's `next` meets the stored `current`: a missing value never replaces one, nor
 * does a value from an older payload; at the same time the later delivery wins. The same value again changes
 * nothing (not even the time), so a repeat customer's orders write no profile at all. The price: when a value
 * comes back after a change (A, then B, then A again) and those payloads arrive out of order, the older B can win
 * over the newest A. Every other order of arrival ends the same.
 */
export function keptField(current: ProfileField | null, next: ProfileField | null): ProfileField | null {
  if (next === null) return current;
  if (current === null) return next;
  if (next.value === current.value) return current;
  return next.at.getTime() >= current.at.getTime() ? next : current;
}

/** The stored profile after a payload's change; the very same object when nothing changes (nothing to write). */
export function applyProfile(stored: StoredProfile, change: ProfileChange): StoredProfile {
  if (stored.redacted) return stored;
  const displayName = keptField(stored.displayName, change.displayName);
  const email = keptField(stored.email, change.email);
  if (displayName === stored.displayName && email === stored.email) return stored;
  return { ...stored, displayName, email };
}
