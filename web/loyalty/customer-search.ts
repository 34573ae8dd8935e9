import { searchKey } from './customer-profile.js';
import { LoyaltyError } from './errors.js';

export const MAX_QUERY_LENGTH = 100;

/**
 * What the customer list's `query` asks for. All digits: the start of the Shopify customer id. With an "@": part of
 * the e-mail. Otherwise part of the name or of the e-mail. Name and e-mail matches ignore case (patterns are built
 * from `searchKey`, and so are the stored columns they are compared with).
 */
export type CustomerSearch =
  | { kind: 'all' }
  | { kind: 'id'; pattern: string }
  | { kind: 'email'; pattern: string }
  | { kind: 'text'; pattern: string };

export function parseCustomerQuery(raw: unknown): CustomerSearch {
  if (raw === undefined) return { kind: 'all' };
  if (typeof raw !== 'string')
    throw new LoyaltyError('invalid_query', 'query must be given once, as text.', 400);
  const query = raw.trim();
  if (query.length > MAX_QUERY_LENGTH)
    throw new LoyaltyError('invalid_query', `query must be at most ${MAX_QUERY_LENGTH} characters.`, 400);
  if (!query) return { kind: 'all' };
  if (/^\d+$/.test(query)) return { kind: 'id', pattern: `${query}%` };
  const pattern = `%${escapeLike(searchKey(query))}%`;
  return query.includes('@') ? { kind: 'email', pattern } : { kind: 'text', pattern };
}

/** The LIKE escape character the patterns are written for (`LIKE ? ESCAPE '\'` on both databases). */
export const LIKE_ESCAPE = '\\';

/** `%` and `_` (and the escape character itself) match literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `${LIKE_ESCAPE}${char}`);
}

/** An opaque page cursor (an internal id as decimal text); anything else is refused with `invalid_cursor`. */
export function parseCursor(raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const id = typeof raw === 'string' && /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new LoyaltyError('invalid_cursor', 'cursor is not valid.', 400);
  return id;
}
