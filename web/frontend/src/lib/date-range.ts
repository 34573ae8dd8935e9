/** A UTC day as the stats API takes it: YYYY-MM-DD. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The last `days` days up to and including today (UTC), as `from`/`to` for GET /api/stats. */
export function lastDays(days: number, now: Date): { from: string; to: string } {
  const from = new Date(now.getTime() - (days - 1) * 86_400_000);
  return { from: utcDay(from), to: utcDay(now) };
}

export interface SeriesPoint {
  date: string;
  issued: number;
  redeemed: number;
  expired: number;
}

/**
 * Days summed into weeks (starting Monday, UTC) for long ranges, so a year is 53 points on the chart, not 365.
 * Each bucket is named by its first day.
 */
export function weekly(series: readonly SeriesPoint[]): SeriesPoint[] {
  const buckets = new Map<string, SeriesPoint>();
  for (const point of series) {
    const day = new Date(`${point.date}T00:00:00Z`);
    const monday = utcDay(new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000));
    const bucket = buckets.get(monday) ?? { date: monday, issued: 0, redeemed: 0, expired: 0 };
    bucket.issued += point.issued;
    bucket.redeemed += point.redeemed;
    bucket.expired += point.expired;
    buckets.set(monday, bucket);
  }
  return [...buckets.values()].sort((a, b) => a.date.localeCompare(b.date));
}
