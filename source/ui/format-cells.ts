/**
 * Cell texts shared by the screens. Amounts go through `lib/format.ts` (bigint wei → ETH text, fixed18 USD);
 * no Number maths on wei.
 */
import {formatEth, formatUsd} from '../lib/format.js';

/** Placeholder for a value that is missing or invalid (case-03). */
export const MISSING = '—';

/** `0x1234…cdef` for an address or hash; short inputs are returned as they are. */
export function shortHex(hex: string, head = 6, tail = 4): string {
  return hex.length <= head + tail + 1 ? hex : `${hex.slice(0, head)}…${hex.slice(-tail)}`;
}

/** A fixed18 USD unit price, or "—" when the advert's value was missing or junk. */
export function formatUsdOrMissing(usdFixed18: bigint | null): string {
  return usdFixed18 === null ? MISSING : formatUsd(usdFixed18);
}

/** Fraction digits of ETH amounts on screen (devnet prices are tiny; 8 digits = 10 gwei). */
const ETH_DIGITS = 8;

/**
 * Wei as ETH text with 8 fraction digits, rounded down (`lib/format.ts`); a positive amount too small to show is
 * `"< 0.00000001 ETH"`, never a misleading `"0 ETH"`.
 */
export function formatEthAmount(wei: bigint): string {
  return formatEth(wei, ETH_DIGITS);
}

/** A per-second wei rate as ETH per hour: rate × 3600 (bigint), e.g. `"0.0036 ETH/h"`. */
export function formatEthPerHour(ratePerSecondWei: bigint): string {
  return `${formatEthAmount(ratePerSecondWei * 3600n)}/h`;
}

/** `#12` for a stream id, "—" when none. */
export function formatStreamId(streamId: bigint | null): string {
  return streamId === null ? MISSING : `#${streamId}`;
}

/** Hours in the month adverts price by (730, reference §1.5). */
const HOURS_PER_MONTH = 730n;

/**
 * A monthly fixed18 USD unit price as the hourly one (÷ 730, rounded down), with two significant digits (a table
 * cell; the CLI's `vm providers` shows more) and at most 8 fraction digits: `$0.0068`, `$0.13`, `$1.3`, `$13`; "—" for a missing or junk price. One unit everywhere:
 * the dashboard, `golem vm providers` and the README all say USD per hour (issue 13 item 3).
 */
export function formatUsdPerHour(usdPerMonthFixed18: bigint | null): string {
  if (usdPerMonthFixed18 === null) return MISSING;
  const hourly = usdPerMonthFixed18 / HOURS_PER_MONTH;
  if (hourly <= 0n) return formatUsd(0n, 0);
  const integerDigits = (hourly / 10n ** 18n).toString().length;
  const leadingZeros = hourly >= 10n ** 18n ? 0 : 18 - hourly.toString().length;
  const digits = hourly >= 10n ** 18n ? Math.max(0, 2 - integerDigits) : Math.min(8, leadingZeros + 2);
  return formatUsd(hourly, digits);
}
