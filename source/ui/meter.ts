/**
 * Text bars for the dashboard (runway, faucet progress): `█████░░░░░`. Pure functions over integers (bigint for
 * chain seconds), so a bar never shows more than full or less than empty and needs no float maths on chain values.
 */

/** Full and empty cells; readable without colour. */
export const METER_FULL = '█';
export const METER_EMPTY = '░';

/**
 * A bar `width` cells wide, filled in proportion to `value / total` and rounded down, except that any positive
 * value shows at least one cell (an almost empty stream must not look empty). `total ≤ 0` draws an empty bar.
 */
export function meter(value: bigint | number, total: bigint | number, width = 10): string {
  const big = (n: bigint | number) => (typeof n === 'bigint' ? n : BigInt(Math.max(0, Math.floor(n))));
  const v = big(value);
  const t = big(total);
  let filled = t <= 0n || v <= 0n ? 0 : Number((v >= t ? t : v) * BigInt(width) / t);
  if (filled === 0 && v > 0n && t > 0n) filled = 1;
  return METER_FULL.repeat(filled) + METER_EMPTY.repeat(width - filled);
}
