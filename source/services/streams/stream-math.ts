/**
 * Pure stream arithmetic in bigint (no viem client, no floats): what a stream means at a given chain time, and how
 * a monthly USD price becomes a native-ETH stream rate and deposit.
 */
import {InvalidInputError} from '../../errors.js';
import type {OnChainStream, StreamComputed} from '../types.js';

/** Seconds in the 730-hour month the reference prices by (reference §6.1): 730 × 3600. */
export const SECONDS_PER_MONTH = 2_628_000n;

/** Seconds in one hour. */
export const SECONDS_PER_HOUR = 3600n;

const WEI_PER_ETH = 10n ** 18n;
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/**
 * What `chain` (a `streams(id)` read, reference §7.1) means at chain time `now` (unix seconds, the latest block's
 * timestamp — never the local clock), by reference §6.6 with the contract's cap of vested at the deposit (§7.4):
 *
 * - `vestedWei = min(max(min(now, stopTime) − startTime, 0) × ratePerSecond, deposit)`
 * - `withdrawableWei = max(vestedWei − withdrawn, 0)`
 * - `remainingSeconds = max(stopTime − now, 0)`
 *
 * A terminated stream (recipient zero, which is also how an unknown id reads) pays nothing more: remaining and
 * withdrawable are 0 (the contract answers `no-stream` to withdraw). A halted stream has remaining 0: its stopTime
 * was clamped to the halt time, which is never after `now`.
 *
 * @example
 * computeStream({...stream, startTime: 100n, stopTime: 300n, ratePerSecond: 2n, deposit: 400n, withdrawn: 50n}, 200n)
 * // → {now: 200n, remainingSeconds: 100n, vestedWei: 200n, withdrawableWei: 150n}
 */
export function computeStream(chain: OnChainStream, now: bigint): StreamComputed {
  const effectiveEnd = now < chain.stopTime ? now : chain.stopTime;
  const elapsed = effectiveEnd > chain.startTime ? effectiveEnd - chain.startTime : 0n;
  const uncapped = elapsed * chain.ratePerSecond;
  const vestedWei = uncapped > chain.deposit ? chain.deposit : uncapped;

  const isTerminated = chain.recipient.toLowerCase() === ZERO_ADDRESS;
  const withdrawableWei = !isTerminated && vestedWei > chain.withdrawn ? vestedWei - chain.withdrawn : 0n;
  const remainingSeconds = !isTerminated && !chain.halted && chain.stopTime > now ? chain.stopTime - now : 0n;
  return {now, remainingSeconds, vestedWei, withdrawableWei};
}

/**
 * Native-ETH stream rate in wei per second for a price of `usdPerMonthFixed18` (USD × 10^18 per 730-hour month) at
 * `ethUsdFixed18` (USD × 10^18 per ETH): `floor(usdPerMonth × 10^18 / (ethUsd × 2_628_000))`, and at least 1 wei/s
 * so a stream can always be opened (the contract reverts `rate=0`). Reference §6.3 with the currency bug of §14.1
 * item 2 fixed (USD → ETH, not GLM).
 *
 * Throws `InvalidInputError` when either input is not positive.
 *
 * @example
 * ratePerSecondWei({usdPerMonthFixed18: 22n * 10n ** 18n, ethUsdFixed18: 2000n * 10n ** 18n}) // → 4_185_692_541n
 */
export function ratePerSecondWei({
  usdPerMonthFixed18,
  ethUsdFixed18,
}: {
  usdPerMonthFixed18: bigint;
  ethUsdFixed18: bigint;
}): bigint {
  const issues: string[] = [];
  if (usdPerMonthFixed18 <= 0n) issues.push(`The monthly price must be positive, got ${usdPerMonthFixed18} (fixed18 USD).`);
  if (ethUsdFixed18 <= 0n) issues.push(`The ETH/USD price must be positive, got ${ethUsdFixed18} (fixed18 USD).`);
  if (issues.length > 0) throw new InvalidInputError({issues});
  const rate = (usdPerMonthFixed18 * WEI_PER_ETH) / (ethUsdFixed18 * SECONDS_PER_MONTH);
  return rate > 0n ? rate : 1n;
}

/**
 * Deposit in wei that buys `hours` of runway at `ratePerSecondWei`: `rate × hours × 3600` (reference §6.4), so
 * the on-chain `stopTime = start + deposit / rate` is exactly `hours` later. `hours` must be a positive whole
 * number (a `number` must be a safe integer).
 *
 * Throws `InvalidInputError` when the rate or the hours are not positive.
 *
 * @example
 * depositWei(2n, 3) // → 21_600n
 */
export function depositWei(ratePerSecondWei: bigint, hours: number | bigint): bigint {
  const issues: string[] = [];
  if (ratePerSecondWei <= 0n) issues.push(`The rate must be positive, got ${ratePerSecondWei} wei/s.`);
  const isWholeHours = typeof hours === 'bigint' || Number.isSafeInteger(hours);
  if (!isWholeHours || BigInt(hours) <= 0n) issues.push(`Hours must be a positive whole number, got ${String(hours)}.`);
  if (issues.length > 0) throw new InvalidInputError({issues});
  return ratePerSecondWei * BigInt(hours) * SECONDS_PER_HOUR;
}
