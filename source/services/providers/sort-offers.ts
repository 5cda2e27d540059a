import type {ProviderOffer, ProviderSort} from '../services.js';

/**
 * Orders provider rows for `golem vm providers --sort` (returns a new array):
 * - `price`: the estimate when there is one, else the per-core price, cheapest first;
 * - `cpu` / `memory` / `storage`: most available first (cores, GB), then by price;
 * - `country`: A→Z, then by price; `updated`: most recently updated first.
 *
 * Whatever the key, a row without a usable value sorts last: a provider that cannot be priced (missing, junk or zero
 * price — no stream rate can come of it, case-03), an unknown country, an unknown update time. Ties end with the
 * provider id, so the order is stable between runs.
 */
export function sortOffers(offers: readonly ProviderOffer[], by: ProviderSort = 'price'): ProviderOffer[] {
  const byPrice = (a: ProviderOffer, b: ProviderOffer) => compare(priceKey(a), priceKey(b));
  const primary = (a: ProviderOffer, b: ProviderOffer): number => {
    switch (by) {
      case 'cpu':
      case 'memory':
      case 'storage':
        return b.advert.resources[by] - a.advert.resources[by];
      case 'country':
        return compare(a.advert.country?.toUpperCase() ?? null, b.advert.country?.toUpperCase() ?? null);
      case 'updated':
        return compare(timeKey(b), timeKey(a), 'nullsLast');
      case 'price':
        return 0;
    }
  };
  return [...offers].sort(
    (a, b) => primary(a, b) || byPrice(a, b) || a.advert.providerId.localeCompare(b.advert.providerId),
  );
}

/**
 * Price used for sorting: the estimate when there is one, else the per-core monthly price. Null (sorts last) when
 * the advert does not price all three units or prices a core at 0 (case-03).
 */
function priceKey(offer: ProviderOffer): bigint | null {
  if (offer.estimate) return offer.estimate.usdPerMonth;
  const {usdPerCoreMonth, usdPerGbRamMonth, usdPerGbStorageMonth} = offer.advert.pricing;
  const isPriced = usdPerGbRamMonth !== null && usdPerGbStorageMonth !== null && Boolean(usdPerCoreMonth);
  return isPriced ? usdPerCoreMonth : null;
}

function timeKey(offer: ProviderOffer): number | null {
  const millis = offer.advert.updatedAt ? Date.parse(offer.advert.updatedAt) : Number.NaN;
  return Number.isNaN(millis) ? null : millis;
}

/** Ascending order with nulls last (`nullsLast` keeps nulls last also when the caller swaps the arguments). */
function compare<T extends bigint | number | string>(a: T | null, b: T | null, nulls: 'nullsLast' | 'plain' = 'plain'): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    const aLast = a === null ? 1 : -1;
    // compare(b, a) is called for descending keys: flip back so null still goes last.
    return nulls === 'nullsLast' ? -aLast : aLast;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
