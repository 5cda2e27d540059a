/**
 * Pure stream arithmetic in bigint (no viem client, no floats): what a stream means at a given chain time, and how
 * a monthly USD price becomes a stream rate (native ETH or an ERC20 token) and deposit.
 */
import {InvalidInputError} from '../../errors.js';
import type {OnChainStream, StreamComputed} from '../types.js';

/** Seconds in the 730-hour month the reference prices by (reference §6.1): 730 × 3600. */
export const SECONDS_PER_MONTH = 2_628_000n;

/** Seconds in one hour. */
export const SECONDS_PER_HOUR = 3600n;

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

/** The price of one whole stream token, fixed18 USD: `ethUsdFixed18` (native ETH) or `tokenUsdFixed18` (an ERC20). */
export type TokenUsdPrice = {readonly ethUsdFixed18: bigint} | {readonly tokenUsdFixed18: bigint};

/**
 * Stream rate in the token's smallest unit per second (wei for ETH) for a price of `usdPerMonthFixed18` (USD × 10^18
 * per 730-hour month) when one whole token costs `ethUsdFixed18`/`tokenUsdFixed18` (USD × 10^18) and the token has
 * `decimals` decimals (18 for ETH and GLM, 6 for a USDC-like token):
 * `floor(usdPerMonth × 10^decimals / (tokenUsd × 2_628_000))`, and at least 1 unit/s so a stream can always be
 * opened (the contract reverts `rate=0`). Reference §6.3 with the currency bug of §14.1 item 2 fixed (USD → the
 * stream's token, not GLM prices fed in as ETH), and §6.7 / §7.4 (ERC20 decimals read from the token, not assumed).
 *
 * Throws `InvalidInputError` when a price is not positive or `decimals` is not a whole number from 0 to 36.
 *
 * @example
 * ratePerSecondWei({usdPerMonthFixed18: 22n * 10n ** 18n, ethUsdFixed18: 2000n * 10n ** 18n}) // → 4_185_692_541n
 * ratePerSecondWei({usdPerMonthFixed18: 22n * 10n ** 18n, tokenUsdFixed18: 10n ** 18n, decimals: 6}) // → 8n
 */
export function ratePerSecondWei(parameters: {usdPerMonthFixed18: bigint; decimals?: number} & TokenUsdPrice): bigint {
  const {usdPerMonthFixed18, decimals = 18} = parameters;
  const [tokenUsdFixed18, label] =
    'tokenUsdFixed18' in parameters ? [parameters.tokenUsdFixed18, 'token/USD'] : [parameters.ethUsdFixed18, 'ETH/USD'];
  const issues: string[] = [];
  if (usdPerMonthFixed18 <= 0n) issues.push(`The monthly price must be positive, got ${usdPerMonthFixed18} (fixed18 USD).`);
  if (tokenUsdFixed18 <= 0n) issues.push(`The ${label} price must be positive, got ${tokenUsdFixed18} (fixed18 USD).`);
  if (!Number.isSafeInteger(decimals) || decimals < 0 || decimals > 36) issues.push(`Token decimals must be a whole number from 0 to 36, got ${decimals}.`);
  if (issues.length > 0) throw new InvalidInputError({issues});
  const rate = (usdPerMonthFixed18 * 10n ** BigInt(decimals)) / (tokenUsdFixed18 * SECONDS_PER_MONTH);
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

/**
 * Default hours of deposit for a new stream, agreeing with the auto top-up policy (issue 11 item 7): enough that the
 * new stream starts at or above the monitor's top-up target, so it is not topped up at once by a second transaction.
 * `ceil(targetSeconds / 3600)` — with the defaults (minimum 3600 s, target 7200 s) 2 hours — and never less than
 * one hour more than the minimum runway. Pure; never throws.
 *
 * @example
 * defaultDepositHours({minRemainingSeconds: 3600, targetSeconds: 7200}) // → 2
 */
export function defaultDepositHours({minRemainingSeconds, targetSeconds}: {minRemainingSeconds: number; targetSeconds: number}): number {
  const seconds = Math.max(targetSeconds, minRemainingSeconds + 3600);
  return Math.max(1, Math.ceil(seconds / 3600));
}
