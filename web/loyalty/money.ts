/**
 * Money as integer micro-units (1e-6 of the currency unit) in bigint, so points math is exact: no float drift
 * between an award and its reversal. Six decimals cover every ISO currency (at most three) and decimal rates.
 */
export type Micros = bigint;

export const MICROS_PER_UNIT = 1_000_000n;

/** Shops learn their currency from their first order; before that, amounts are labelled in the API's default. */
export const FALLBACK_CURRENCY = 'USD';

const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,6}))?$/;

/** "19.90" -> 19_900_000n. Throws on anything that is not a plain decimal with at most 6 decimals. */
export function parseDecimal(value: string): Micros {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new RangeError(`not a decimal amount: "${value}"`);
  const [, sign, whole = '0', fraction = ''] = match;
  const micros = BigInt(whole) * MICROS_PER_UNIT + BigInt(fraction.padEnd(6, '0'));
  return sign ? -micros : micros;
}

export function isDecimal(value: string): boolean {
  return DECIMAL.test(value.trim());
}

/** 19_900_000n -> "19.9"; used for display and JSON, never for arithmetic. */
export function formatDecimal(micros: Micros): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / MICROS_PER_UNIT;
  const fraction = (abs % MICROS_PER_UNIT).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

export function sumMicros(values: Iterable<Micros>): Micros {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

/** Round half up of numerator / denominator for non-negative values. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  return (2n * numerator + denominator) / (2n * denominator);
}

export function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** A money amount as shops show it: rounded half up to `fractionDigits` (2 for most currencies), "5.00". */
export function formatAmount(micros: Micros, fractionDigits = 2): string {
  const unit = 10n ** BigInt(6 - fractionDigits);
  const negative = micros < 0n;
  const rounded = divideRounded(negative ? -micros : micros, unit);
  const scale = 10n ** BigInt(fractionDigits);
  const whole = (rounded / scale).toString();
  const fraction = fractionDigits ? `.${(rounded % scale).toString().padStart(fractionDigits, '0')}` : '';
  return `${negative && rounded > 0n ? '-' : ''}${whole}${fraction}`;
}
