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
