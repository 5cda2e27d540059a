import {ratePerSecondWei, SECONDS_PER_HOUR, SECONDS_PER_MONTH} from '../streams/stream-math.js';
import type {PriceEstimate, Pricing, Resources} from '../types.js';

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
  return {usdPerMonth: monthly, usdPerHour: (monthly * SECONDS_PER_HOUR) / SECONDS_PER_MONTH, ratePerSecondWei: rate, weiPerHour: rate * SECONDS_PER_HOUR};
}
