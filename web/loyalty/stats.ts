import { LoyaltyError } from './errors.js';
import { formatAmount, parseDecimal } from './money.js';

/** A dashboard range: whole UTC days, both ends included; `start` inclusive, `end` exclusive (the day after `to`). */
export interface StatsRange {
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD
  start: Date;
  end: Date;
}

/** Point sums over a range, as the database adds them up (signed, as stored in the ledger). */
export interface LedgerSums {
  /** earn, signup, birthday, import, and positive adjust entries */
  issued: number;
  /** redeem entries (negative) */
  redeem: number;
  /** redeem_refund entries (positive: points given back for a code that was not used) */
  redeemRefund: number;
  /** expire entries (negative) */
  expire: number;
}

export const DEFAULT_RANGE_DAYS = 30;
/** Kinds that issue points; positive `adjust` entries count too (negative ones are corrections, not redemptions). */
export const ISSUING_KINDS = ['earn', 'signup', 'birthday', 'import'] as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const invalid = (message: string) => new LoyaltyError('invalid_range', message, 400);

/** `from` and `to` as sent (YYYY-MM-DD); each defaults so that the range is the last 30 days up to today (UTC). */
export function statsRange(from: unknown, to: unknown, now: Date): StatsRange {
  const toDay = to === undefined ? utcDay(now) : parseDay(to, 'to');
  const fromDay =
    from === undefined
      ? new Date(toDay.getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS)
      : parseDay(from, 'from');
  if (fromDay.getTime() > toDay.getTime()) throw invalid('from must not be after to.');
  return {
    from: isoDay(fromDay),
    to: isoDay(toDay),
    start: fromDay,
    end: new Date(toDay.getTime() + DAY_MS),
  };
}

/**
 * The dashboard's figures. redeemed is net of refunded redemptions and never below 0 (refunds in the range may
 * belong to codes from before it); outstanding is what customers hold now (available + pending, debts included);
 * liability is outstanding at the current point value; redemptionRate is redeemed / issued, 0 when nothing was
 * issued, rounded to 4 decimals.
 */
export function dashboardFigures(
  sums: LedgerSums,
  outstanding: number,
  pointValue: string,
  currencyCode: string,
) {
  const redeemed = Math.max(-(sums.redeem + sums.redeemRefund), 0);
  const issued = sums.issued;
  return {
    points: { issued, redeemed, expired: -sums.expire, outstanding },
    liability: { amount: formatAmount(parseDecimal(pointValue) * BigInt(outstanding)), currencyCode },
    redemptionRate: issued > 0 ? Math.round((redeemed * 10_000) / issued) / 10_000 : 0,
  };
}

function parseDay(value: unknown, name: string): Date {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) throw invalid(`${name} must be a date as YYYY-MM-DD.`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over into March: such a day does not exist
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    throw invalid(`${name} is not a calendar date.`);
  return date;
}

function utcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
