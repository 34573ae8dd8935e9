import type { ImportColumns } from './import-columns.js';

/** An import brings balances: a whole number of points, never negative (corrections are adjustments). */
export const MAX_IMPORT_POINTS = 1_000_000_000;
const MAX_TIER_LENGTH = 100;
const MAX_EMAIL_LENGTH = 254;

/** One record of an uploaded file: its cells, and the line it starts on (the header being line 1). */
export interface ImportRecord {
  line: number;
  cells: string[];
}

/**
 * One data row as staged: whom it names, its points and tier, and why it cannot be imported (null when it can).
 * A row naming a customer id is matched by that id; the e-mail is used only when the id cell is empty.
 */
export interface CheckedRow {
  row: number;
  shopifyId: string | null;
  email: string | null;
  points: number;
  tier: string | null;
  problem: string | null;
}

const GID = /^gid:\/\/shopify\/Customer\/(\d+)$/i;
// plausible, not RFC 5322: one @, something on both sides, a dot in the domain, no spaces
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Checks one row (`row` is its line number in the file, the header being line 1). */
export function checkImportRow(row: number, cells: readonly string[], columns: ImportColumns): CheckedRow {
  const cell = (index: number | null) => (index === null ? '' : (cells[index] ?? '').trim());
  const idCell = cell(columns.customerId);
  const emailCell = cell(columns.email);
  const tierCell = cell(columns.tier);
  const checked: CheckedRow = { row, shopifyId: null, email: null, points: 0, tier: null, problem: null };
  const problems: string[] = [];

  if (idCell) {
    const id = customerIdOf(idCell);
    if (typeof id === 'string') checked.shopifyId = id;
    else problems.push(id.problem);
  } else if (emailCell) {
    const email = emailCell.toLowerCase();
    if (email.length <= MAX_EMAIL_LENGTH && EMAIL.test(email)) checked.email = email;
    else problems.push(`${quote(emailCell)} is not an e-mail address`);
  } else {
    problems.push('the row names neither a customer id nor an e-mail');
  }

  const points = pointsOf(cell(columns.points));
  if (typeof points === 'number') checked.points = points;
  else problems.push(points.problem);

  if (tierCell.length > MAX_TIER_LENGTH)
    problems.push(`the tier is longer than ${MAX_TIER_LENGTH} characters`);
  else checked.tier = tierCell || null;

  checked.problem = problems.length ? sentence(problems.join('; ')) : null;
  return checked;
}

function customerIdOf(text: string): string | { problem: string } {
  const digits = GID.exec(text)?.[1] ?? text;
  if (/^[1-9]\d{0,19}$/.test(digits)) return digits;
  if (/^\d(\.\d+)?e\+?\d+$/i.test(text))
    return {
      problem: `customer id ${quote(text)} was turned into a rounded number (spreadsheet scientific notation); format the column as text`,
    };
  return {
    problem: `customer id ${quote(text)} is not a Shopify customer id (digits, or gid://shopify/Customer/<digits>)`,
  };
}

function pointsOf(text: string): number | { problem: string } {
  if (!text) return { problem: 'points are missing' };
  if (/^-\s*\d+$/.test(text))
    return {
      problem: 'points must not be negative (an import brings balances; corrections are adjustments)',
    };
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value > MAX_IMPORT_POINTS)
    return {
      problem: `points ${quote(text)} are not a whole number from 0 to ${MAX_IMPORT_POINTS.toLocaleString('en-US')}`,
    };
  return value;
}

/**
 * The problem of the second and later rows naming one customer (each customer once per file, so two rows can never
 * add up to a balance nobody had), around the first row's number; the first row without other problems counts.
 */
export const DUPLICATE = { before: 'The same customer is already in row ', after: '.' } as const;

const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
