import { LoyaltyError } from './errors.js';

/**
 * The header names a balance import accepts, so the exports of Smile, LoyaltyLion, Yotpo and the like import
 * unchanged. Names are compared after normalizing (case, surrounding space, and spaces, `-` and `_` all alike),
 * so `Points Balance`, `points_balance` and `POINTS-BALANCE` are one name. When several columns match one field,
 * the one whose name comes first in its list wins (`shopify_customer_id` before a bare `id`, which may be the
 * other app's own id).
 */
export const IMPORT_ALIASES = {
  customerId: ['shopify_customer_id', 'customer_id', 'customer id', 'id'],
  email: ['email', 'customer_email', 'e-mail'],
  points: ['points', 'points_balance', 'points balance', 'balance', 'points_approved'],
  tier: ['tier', 'vip_tier', 'loyalty_tier'],
} as const;

export type ImportField = keyof typeof IMPORT_ALIASES;

/** Where each field is in a row (cell index); customerId or email (or both) and points are always there. */
export interface ImportColumns {
  customerId: number | null;
  email: number | null;
  points: number;
  tier: number | null;
}

export function normalizeHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

/** Maps the header row to the fields, or refuses the file (422 invalid_import) naming what is missing. */
export function mapImportColumns(header: readonly string[]): ImportColumns {
  const names = header.map(normalizeHeader);
  const find = (field: ImportField): number | null => {
    for (const alias of IMPORT_ALIASES[field]) {
      const index = names.indexOf(normalizeHeader(alias));
      if (index >= 0) return index;
    }
    return null;
  };
  const columns = { customerId: find('customerId'), email: find('email'), points: find('points') };
  const problems: string[] = [];
  if (columns.points === null) problems.push(`a points column (${list('points')})`);
  if (columns.customerId === null && columns.email === null)
    problems.push(`a customer id column (${list('customerId')}) or an e-mail column (${list('email')})`);
  if (problems.length || columns.points === null)
    throw new LoyaltyError(
      'invalid_import',
      `The header row needs ${problems.join(' and ')}; found: ${header.map((name) => JSON.stringify(name)).join(', ') || 'nothing'}.`,
      422,
    );
  return { ...columns, points: columns.points, tier: find('tier') };
}

const list = (field: ImportField) => IMPORT_ALIASES[field].join(', ');

/**
 * The delimiter of a file from its first line: comma, semicolon (what Excel writes in German and other locales
 * that use a decimal comma) or tab, whichever occurs most outside quotes; a comma when none does.
 */
export function sniffDelimiter(firstLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++;
  }
  const best = (Object.keys(counts) as Array<keyof typeof counts>).reduce((a, b) =>
    counts[b] > counts[a] ? b : a,
  );
  return counts[best] > 0 ? best : ',';
}
