/**
 * Exact decimal arithmetic on bigints, for money. A "fixed18" value is a decimal number × 10^18 as a bigint
 * (for ETH that is wei; for USD it is "atto-dollars"). No float ever touches an amount.
 */

export const FIXED18_SCALE = 10n ** 18n;

const DECIMAL = /^\s*([+]?)(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/**
 * Parses a decimal text such as `"0.5"`, `"5"`, `"1e-05"` or `"1e30"` (or a finite JSON number) into fixed18,
 * truncating digits below 10^-18. Returns `null` for anything else: `""`, `"abc"`, negatives, NaN, Infinity,
 * missing values (case-03: junk prices never become NaN).
 */
export function parseFixed18(input: unknown): bigint | null {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return null;
    text = String(input);
  } else if (typeof input === 'string') {
    text = input;
  } else {
    return null;
  }
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const [, , whole = '', fraction = '', exponentText = '0'] = match;
  if (whole === '' && fraction === '') return null;
  const exponent = Number.parseInt(exponentText, 10);
  if (Math.abs(exponent) > 1000) return null;
  const digits = BigInt((whole || '0') + fraction || '0');
  const shift = 18 + exponent - fraction.length;
  return shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift);
}

/**
 * Formats a fixed18 (or wei) value as a decimal string with at most `maxFractionDigits` digits after the point,
 * trailing zeros removed, rounded down. `formatFixed18(1_500000000000000000n) === "1.5"`.
 */
export function formatFixed18(value: bigint, maxFractionDigits = 18): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / FIXED18_SCALE;
  const fraction = (abs % FIXED18_SCALE).toString().padStart(18, '0').slice(0, maxFractionDigits).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
