/**
 * Money for display. Point values are decimal strings (the API's, up to 6 decimals); a balance's worth is
 * points × pointValue computed exactly in integer millionths and only then formatted with Intl.NumberFormat in
 * the panel's language (which takes the decimal string as it is, without a float in between).
 */
const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,6}))?$/;
const MICROS = 1_000_000n;

export function parseMicros(value: string): bigint | null {
  const match = DECIMAL.exec(value.trim());
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  const micros = BigInt(whole) * MICROS + BigInt(fraction.padEnd(6, '0'));
  return sign ? -micros : micros;
}

export function microsToDecimal(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const fraction = (abs % MICROS).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / MICROS}${fraction ? `.${fraction}` : ''}`;
}

/** points × pointValue as an exact decimal string; null when the point value is not a decimal. */
export function pointsValue(points: number, pointValue: string): string | null {
  const perPoint = parseMicros(pointValue);
  if (perPoint === null || !Number.isSafeInteger(points)) return null;
  return microsToDecimal(BigInt(points) * perPoint);
}

/**
 * "€12.35", "12,35 €": the currency's usual decimals, rounded. `precise` keeps up to 6 decimals, so a point
 * worth 0.005 does not read as 0.01.
 */
export function formatMoney(
  amount: string,
  currency: string,
  language: string,
  opts: { precise?: boolean } = {},
): string {
  const base = new Intl.NumberFormat(language, { style: 'currency', currency });
  const format = opts.precise
    ? new Intl.NumberFormat(language, {
        style: 'currency',
        currency,
        minimumFractionDigits: base.resolvedOptions().minimumFractionDigits,
        maximumFractionDigits: 6,
      })
    : base;
  return format.format(amount as `${number}`);
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}

/** A share 0..1 as "12.5 %" in the panel's language; null stays null (no data). */
export function formatPercent(share: number | null | undefined, language: string): string | null {
  if (share === null || share === undefined || !Number.isFinite(share)) return null;
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}
