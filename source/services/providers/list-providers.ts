import {ConfigError, InvalidInputError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {DiscoveryClient, ProviderFilter} from '../ports.js';
import type {ListProvidersParameters, ProviderOffer} from '../services.js';
import type {ProviderAdvert} from '../types.js';
import {estimateCost} from './pricing.js';
import {sortOffers} from './sort-offers.js';

/**
 * Lists advertised providers matching `parameters` (reference §1.5). When cpu, memory and storage are all given,
 * each provider that prices all three units gets an estimate (USD and the native-ETH rate at the profile's or the
 * price source's ETH/USD, exact bigint arithmetic — §6.2). Sorted by `parameters.sort` (default: cheapest first);
 * providers without a valid price sort last (case-03), see `sortOffers`. A missing ETH/USD price only drops the
 * estimates, never the list.
 *
 * Overrides for this call (reference §1.5): `driver` picks another discovery driver than the configured one;
 * `network` and `paymentsNetwork` (defaults: the configured ones) go to discovery as filters, and adverts that name
 * another payments network are left out here too (the central server cannot filter, §2.8); `allPayments` turns the
 * payments filter off.
 *
 * Throws `InvalidInputError` (non-positive minimums), `DiscoveryError`, `ConfigError` (driver unavailable).
 */
export async function listProviders(
  ctx: ServiceContext,
  parameters: ListProvidersParameters,
  signal?: AbortSignal,
): Promise<ProviderOffer[]> {
  for (const key of ['cpu', 'memory', 'storage'] as const) {
    const value = parameters[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new InvalidInputError({issues: [`--${key} must be a whole number ≥ 1 (got ${value}).`]});
    }
  }
  const {driver, network, paymentsNetwork, allPayments, sort, ...filter} = parameters;
  const wantedPayments = allPayments ? undefined : (paymentsNetwork ?? ctx.config.paymentsNetwork).toLowerCase();
  const discoveryFilter: ProviderFilter = {
    ...filter,
    // Country codes are ISO 3166 alpha-2, upper case in adverts (reference §5.1): `--country se` means SE.
    country: filter.country?.toUpperCase(),
    network: network ?? ctx.config.network,
    paymentsNetwork: wantedPayments,
  };
  const adverts = await discoveryFor(ctx, driver).findProviders(discoveryFilter, signal);
  const matching = adverts.filter((advert) => isOnPaymentsNetwork(advert, wantedPayments));
  const {cpu, memory, storage} = filter;
  const spec = cpu && memory && storage ? {cpu, memory, storage} : null;
  const ethUsd = spec ? await ethUsdOrNull(ctx, signal) : null;
  const offers = matching.map((advert): ProviderOffer => ({
    advert,
    estimate: spec && ethUsd ? estimateCost(advert.pricing, spec, ethUsd) : null,
  }));
  return sortOffers(offers, sort);
}

function discoveryFor(ctx: ServiceContext, driver: ListProvidersParameters['driver']): DiscoveryClient {
  if (!driver || driver === ctx.config.discoveryDriver) return ctx.discovery;
  if (!ctx.discoveryForDriver) {
    throw new ConfigError({
      shortMessage: `The ${driver} discovery driver is not available here.`,
      hint: `Leave out --driver to use the configured one (${ctx.config.discoveryDriver}).`,
    });
  }
  return ctx.discoveryForDriver(driver);
}

/** An advert that does not say its payments network is kept (the central server's adverts never say, §5.1). */
function isOnPaymentsNetwork(advert: ProviderAdvert, wanted: string | undefined): boolean {
  return !wanted || advert.paymentsNetwork === null || advert.paymentsNetwork.toLowerCase() === wanted;
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
