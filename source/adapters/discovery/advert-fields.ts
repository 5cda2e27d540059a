/**
 * Field readers shared by the discovery drivers (central §5.1, Golem Base §5.2), so both read adverts the same
 * defensive way: outside text is sanitised, counts are non-negative integers or 0, prices are fixed18 USD or null
 * (case-03), and the filters a server could not apply are checked here, client side.
 */
import {parseFixed18} from '../../lib/decimal.js';
import {sanitizeText} from '../../lib/sanitize.js';
import type {ProviderFilter} from '../../services/ports.js';
import type {Pricing, ProviderAdvert} from '../../services/types.js';

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** Sanitised, trimmed text, or null for a non-string or an empty result (reference §5.2.5: empty platform → null). */
export function optionalText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // Printable ASCII holds no control character or escape sequence: nothing to strip (the common case, and cheap).
  const clean = (PRINTABLE_ASCII.test(value) ? value : sanitizeText(value)).trim();
  return clean === '' ? null : clean;
}

/** A non-negative integer from a JSON number or a digit string; anything else is 0 (reference §5.2.5 "missing → 0"). */
export function count(value: unknown): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number >= 0 ? number : 0;
}

/**
 * The three monthly USD unit prices of an advert as fixed18 (USD × 10^18) or null each. Strings and numbers are
 * accepted (`"0.5"`, `2`, `"1e-05"`, `"1e30"`); missing, `""`, `"abc"`, negatives, NaN become null (case-03), so a
 * junk price is shown as "—", left out of estimates and sorted last. Never a float.
 */
export function toPricing(prices: {core: unknown; ram: unknown; storage: unknown}): Pricing {
  return {
    usdPerCoreMonth: parseFixed18(prices.core),
    usdPerGbRamMonth: parseFixed18(prices.ram),
    usdPerGbStorageMonth: parseFixed18(prices.storage),
  };
}

/** What an advert says about itself beyond `ProviderAdvert`: the networks it is published for, when stated. */
export type AdvertNetworks = {readonly network: string | null; readonly paymentsNetwork: string | null};

/**
 * Whether `advert` satisfies `filter`, for servers that cannot (or may not) apply it: resource minimums, exact
 * country and platform, and the network filters (reference §2.8; empty = no filter). An advert that does not
 * state a network passes that check (the central server's adverts carry none; the provider's `/provider/info` is
 * still checked before paying).
 */
export function matchesFilter(advert: ProviderAdvert, stated: AdvertNetworks, filter: ProviderFilter): boolean {
  const {cpu = 0, memory = 0, storage = 0, network, paymentsNetwork} = filter;
  if (advert.resources.cpu < cpu || advert.resources.memory < memory || advert.resources.storage < storage) return false;
  if (filter.country && advert.country !== filter.country) return false;
  if (filter.platform && advert.platform !== filter.platform) return false;
  if (network && stated.network !== null && stated.network !== network) return false;
  if (paymentsNetwork && stated.paymentsNetwork !== null && stated.paymentsNetwork !== paymentsNetwork) return false;
  return true;
}
