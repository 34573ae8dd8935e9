import { LoyaltyError } from './errors.js';
import { formatAmount, parseDecimal } from './money.js';

/** A dashboard range: whole UTC days, both ends included; `start` inclusive, `end` exclusive (the day after `to`). */
export interface StatsRange {
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD
  start: Date;
  end: Date;
}

/** Point sums over a range (or one day of it), as the database adds them up (signed, as stored in the ledger). */
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

/** One UTC day's sums (days without entries have none). */
export interface DaySums extends LedgerSums {
  day: string; // YYYY-MM-DD
}

/** Orders in the range by buyer: how many bought, and how many of them more than once. */
export interface BuyerCounts {
  buyers: number;
  repeat: number;
}

export const DEFAULT_RANGE_DAYS = 30;
/** The daily series has one point per day, so a range is at most this long (both ends included). */
export const MAX_RANGE_DAYS = 400;
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
  if ((toDay.getTime() - fromDay.getTime()) / DAY_MS + 1 > MAX_RANGE_DAYS)
    throw invalid(`The range may span at most ${MAX_RANGE_DAYS} days.`);
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
  const redeemed = netRedeemed(sums);
  const issued = sums.issued;
  return {
    points: { issued, redeemed, expired: expiredPoints(sums), outstanding },
    liability: { amount: formatAmount(parseDecimal(pointValue) * BigInt(outstanding)), currencyCode },
    redemptionRate: issued > 0 ? Math.round((redeemed * 10_000) / issued) / 10_000 : 0,
  };
}

/** The range's sums: its days' added up. */
export function sumDays(days: readonly LedgerSums[]): LedgerSums {
  const total: LedgerSums = { issued: 0, redeem: 0, redeemRefund: 0, expire: 0 };
  for (const day of days) {
    total.issued += day.issued;
    total.redeem += day.redeem;
    total.redeemRefund += day.redeemRefund;
    total.expire += day.expire;
  }
  return total;
}

/**
 * One point per UTC day of the range, days without entries as zeros; each day's figures are computed like the
 * range's (redeemed net of that day's refunded codes, never below 0).
 */
export function dailySeries(range: StatsRange, days: readonly DaySums[]) {
  const byDay = new Map(days.map((day) => [day.day, day]));
  const series = [];
  for (let at = range.start.getTime(); at < range.end.getTime(); at += DAY_MS) {
    const date = isoDay(new Date(at));
    const sums = byDay.get(date);
    series.push({
      date,
      issued: sums?.issued ?? 0,
      redeemed: sums ? netRedeemed(sums) : 0,
      expired: sums ? expiredPoints(sums) : 0,
    });
  }
  return series;
}

/** The share of buyers who bought twice or more, to 4 decimals; null when nobody bought (no rate, not 0). */
export function repeatRate(counts: BuyerCounts): number | null {
  return counts.buyers > 0 ? Math.round((counts.repeat * 10_000) / counts.buyers) / 10_000 : null;
}

// 0 - x, not -x: a day without expiry is 0, not -0
const expiredPoints = (sums: LedgerSums) => 0 - sums.expire;

function netRedeemed(sums: LedgerSums): number {
  return Math.max(-(sums.redeem + sums.redeemRefund), 0);
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
