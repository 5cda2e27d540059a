import {ConfigError, InvalidInputError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {ListProvidersParameters, ProviderOffer} from '../services.js';
import {estimateCost} from './pricing.js';

/**
 * Lists advertised providers matching `filter` (reference §1.5). When cpu, memory and storage are all given, each
 * provider that prices all three units gets an estimate (USD and the native-ETH rate at the profile's or the
 * price source's ETH/USD). Sorted cheapest first; providers without a valid price sort last (case-03), then by id.
 * A missing ETH/USD price only drops the estimates, never the list.
 *
 * Throws `InvalidInputError` (non-positive minimums), `DiscoveryError`.
 */
export async function listProviders(
  ctx: ServiceContext,
  filter: ListProvidersParameters,
  signal?: AbortSignal,
): Promise<ProviderOffer[]> {
  for (const key of ['cpu', 'memory', 'storage'] as const) {
    const value = filter[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new InvalidInputError({issues: [`--${key} must be a whole number ≥ 1 (got ${value}).`]});
    }
  }
  // Country codes are ISO 3166 alpha-2, upper case in adverts (reference §5.1): `--country se` means SE.
  const adverts = await ctx.discovery.findProviders({...filter, country: filter.country?.toUpperCase()}, signal);
  const {cpu, memory, storage} = filter;
  const spec = cpu && memory && storage ? {cpu, memory, storage} : null;
  const ethUsd = spec ? await ethUsdOrNull(ctx, signal) : null;
  const offers = adverts.map((advert): ProviderOffer => ({
    advert,
    estimate: spec && ethUsd ? estimateCost(advert.pricing, spec, ethUsd) : null,
  }));
  return offers.sort((a, b) => compare(sortKey(a), sortKey(b)) || a.advert.providerId.localeCompare(b.advert.providerId));
}

/**
 * Price used for sorting: the estimate when there is one, else the per-core price. A provider that cannot be
 * priced (a missing, junk or zero price: no stream rate can come of it) sorts last (case-03).
 */
function sortKey(offer: ProviderOffer): bigint | null {
  if (offer.estimate) return offer.estimate.usdPerMonth;
  const {usdPerCoreMonth, usdPerGbRamMonth, usdPerGbStorageMonth} = offer.advert.pricing;
  const isPriced = [usdPerCoreMonth, usdPerGbRamMonth, usdPerGbStorageMonth].every((price) => price !== null) && Boolean(usdPerCoreMonth);
  return isPriced ? usdPerCoreMonth : null;
}

function compare(a: bigint | null, b: bigint | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

async function ethUsdOrNull(ctx: ServiceContext, signal?: AbortSignal): Promise<bigint | null> {
  const profile = ctx.config.payments;
  if (!(profile instanceof ConfigError) && profile.ethUsdPriceFixed18) return profile.ethUsdPriceFixed18;
  try {
    return await ctx.prices.getEthUsd(signal);
  } catch {
    return null;
  }
}
