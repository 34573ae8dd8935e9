// Exact decimal arithmetic for money. Function input amounts are `Decimal` strings ("A signed decimal number,
// which supports arbitrary precision and is serialized as a string", schema.graphql), and presentment
// currencies can have 0 or 3 decimals, so amounts are kept as an integer coefficient and a power of ten: no
// float drift when a subtotal sits exactly at the minimum. BigInt is ES2020, and Javy, which compiles the
// function to Wasm, "by default supports ES2023"
// (https://bytecodealliance.github.io/javy/using/js-api-support/).

/** value = coefficient / 10^scale */
export interface Decimal {
  readonly coefficient: bigint;
  readonly scale: number;
}

const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;
// More digits than any amount or rate can carry; it keeps a hostile string from making huge BigInts.
const MAX_DIGITS = 40;

export const ZERO: Decimal = { coefficient: 0n, scale: 0 };

/**
 * Parses "29.99", "-1.5", "10" (and a JSON number without exponent, since hand-written inputs sometimes
 * carry numbers). Anything else (exponents, spaces, "", NaN, objects) is null.
 */
export function parseDecimal(value: unknown): Decimal | null {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else return null;
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return null;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole.length + fraction.length > MAX_DIGITS) return null;
  const coefficient = BigInt(`${whole}${fraction}`);
  return { coefficient: sign === '-' ? -coefficient : coefficient, scale: fraction.length };
}

function rescale(value: Decimal, scale: number): bigint {
  return value.coefficient * 10n ** BigInt(scale - value.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { coefficient: rescale(a, scale) + rescale(b, scale), scale };
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { coefficient: a.coefficient * b.coefficient, scale: a.scale + b.scale };
}

/** -1, 0 or 1, exactly (no rounding). */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const left = rescale(a, scale);
  const right = rescale(b, scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isPositive(value: Decimal): boolean {
  return value.coefficient > 0n;
}
