import {InvalidInputError} from '../../errors.js';
import {FIXED18_SCALE} from '../../lib/decimal.js';
import type {PriceEstimate, Pricing, Resources} from '../types.js';

/** A month is 730 hours in the reference CLI (§6.1): 2,628,000 seconds. */
export const HOURS_PER_MONTH = 730n;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600n;

/**
 * Stream rate for native ETH (design.md "Rules that come from the money"): USD per month ÷ ETH/USD ÷ 2,628,000 s,
 * rounded down, never 0 (raised to 1 wei/s). Both inputs are fixed18 (× 10^18).
 * Throws `InvalidInputError` when either is not positive.
 *
 * @example ratePerSecondWei({usdPerMonthFixed18: 22n * 10n ** 18n, ethUsdFixed18: 3000n * 10n ** 18n}) // 2_790_461_694n
 */
export function ratePerSecondWei({usdPerMonthFixed18, ethUsdFixed18}: {usdPerMonthFixed18: bigint; ethUsdFixed18: bigint}): bigint {
  if (usdPerMonthFixed18 <= 0n) throw new InvalidInputError({issues: ['The provider price must be above zero.']});
  if (ethUsdFixed18 <= 0n) throw new InvalidInputError({issues: ['The ETH/USD price must be above zero.']});
  const rate = (usdPerMonthFixed18 * FIXED18_SCALE) / (ethUsdFixed18 * SECONDS_PER_MONTH);
  return rate > 0n ? rate : 1n;
}

/** Deposit for `hours` of runway: rate × hours × 3600 wei (reference §6.4). */
export function depositWei(ratePerSecond: bigint, hours: number): bigint {
  return ratePerSecond * BigInt(hours) * 3600n;
}

/** Monthly USD (fixed18) of `resources` at `pricing`, or null when any unit price is missing (reference §6.2). */
export function usdPerMonth(pricing: Pricing, {cpu, memory, storage}: Resources): bigint | null {
  const {usdPerCoreMonth, usdPerGbRamMonth, usdPerGbStorageMonth} = pricing;
  if (usdPerCoreMonth === null || usdPerGbRamMonth === null || usdPerGbStorageMonth === null) return null;
  return usdPerCoreMonth * BigInt(cpu) + usdPerGbRamMonth * BigInt(memory) + usdPerGbStorageMonth * BigInt(storage);
}

/**
 * The cost of `resources` on a provider: USD per month and hour, and the native-ETH stream rate at `ethUsdFixed18`.
 * Null when the advert does not price all three units or the total is zero (case-03: such providers are left out of
 * estimates and sort last).
 */
export function estimateCost(pricing: Pricing, resources: Resources, ethUsdFixed18: bigint): PriceEstimate | null {
  const monthly = usdPerMonth(pricing, resources);
  if (monthly === null || monthly <= 0n) return null;
  const rate = ratePerSecondWei({usdPerMonthFixed18: monthly, ethUsdFixed18});
  return {usdPerMonth: monthly, usdPerHour: monthly / HOURS_PER_MONTH, ratePerSecondWei: rate, weiPerHour: rate * 3600n};
}
