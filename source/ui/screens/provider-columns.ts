/**
 * The Providers table's columns and their sort keys (issue 5 item 4). Missing or junk prices show as "—" and sort
 * last in either direction (case-03); so do an unknown country, platform or update time.
 */
import type {ProviderOffer} from '../../services/services.js';
import type {TableColumn} from '../components/table.js';
import {formatEthAmount, formatUsdOrMissing, formatUsdPerHour, MISSING, shortHex} from '../format-cells.js';

/** A sort key: a number, bigint or text; null for "unknown" (always last). */
export type SortValue = number | bigint | string | null;

/** A Providers column with its sort key and the direction `s` first sorts it in. */
export type ProviderColumn = TableColumn<ProviderOffer> & {
  readonly sortValue: (offer: ProviderOffer) => SortValue;
  /** True when the first sort on this column is descending (more resources, newest first). */
  readonly descendingFirst?: boolean;
};

/** How the Providers table is sorted: a column key, and whether the column's first direction is reversed. */
export type ProviderSortState = {readonly column: string; readonly reversed: boolean};

/** `42s`, `5m`, `3h`, `2d` since `isoTime` at `nowMs` (ms); "—" when unknown or unparsable; `now` for the future. */
export function formatAge(isoTime: string | null, nowMs: number): string {
  const then = isoTime === null ? Number.NaN : Date.parse(isoTime);
  if (Number.isNaN(then)) return MISSING;
  const seconds = Math.floor((nowMs - then) / 1000);
  if (seconds < 1) return 'now';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

function updatedMs({advert}: ProviderOffer): number | null {
  const ms = advert.updatedAt === null ? Number.NaN : Date.parse(advert.updatedAt);
  return Number.isNaN(ms) ? null : ms;
}

/** A unit price as a sort key: null when missing or 0 (junk, case-03). */
function priceValue(usdFixed18: bigint | null): bigint | null {
  return usdFixed18 === null || usdFixed18 <= 0n ? null : usdFixed18;
}

/**
 * The columns: name (or short id), country, platform ("Arch"), free resources (cores, GB, GB), unit prices in USD per hour (the advert's monthly price ÷ 730 h,
 * reference §6.1) and "Updated" (age of the advert at `nowMs`). When `withEstimate` (a `:spec` is set), the
 * three unit prices give way to the estimate for that spec per hour in USD and in ETH (`PriceEstimate.usdPerHour`,
 * `weiPerHour`).
 */
export function providerColumns({nowMs, withEstimate}: {readonly nowMs: number; readonly withEstimate: boolean}): ProviderColumn[] {
  const columns: ProviderColumn[] = [
    {
      key: 'name',
      header: 'Provider',
      cell: ({advert}) => advert.providerName ?? shortHex(advert.providerId),
      sortValue: ({advert}) => (advert.providerName ?? advert.providerId).toLowerCase(),
      minWidth: 11,
      maxWidth: 24,
    },
    {
      key: 'country',
      header: 'Country',
      cell: ({advert}) => advert.country ?? MISSING,
      sortValue: ({advert}) => advert.country?.toUpperCase() ?? null,
      minWidth: 2,
      maxWidth: 12,
      // Dropped after Arch when the width is short: the prices (per hour) matter more.
      isOptional: true,
    },
    {
      key: 'platform',
      header: 'Arch',
      cell: ({advert}) => advert.platform ?? MISSING,
      sortValue: ({advert}) => advert.platform?.toLowerCase() ?? null,
      minWidth: 3,
      maxWidth: 10,
      // Shown for the selected provider under the table too; the first to go at 80 columns.
      isOptional: true,
    },
    {key: 'cpu', header: 'CPU', cell: ({advert}) => String(advert.resources.cpu), sortValue: ({advert}) => advert.resources.cpu, align: 'right', minWidth: 3, descendingFirst: true},
    {key: 'memory', header: 'RAM', cell: ({advert}) => String(advert.resources.memory), sortValue: ({advert}) => advert.resources.memory, align: 'right', minWidth: 3, descendingFirst: true},
    {key: 'storage', header: 'Disk', cell: ({advert}) => String(advert.resources.storage), sortValue: ({advert}) => advert.resources.storage, align: 'right', minWidth: 4, descendingFirst: true},
    {key: 'core-price', header: '$/core·h', cell: ({advert}) => formatUsdPerHour(advert.pricing.usdPerCoreMonth), sortValue: ({advert}) => priceValue(advert.pricing.usdPerCoreMonth), align: 'right', minWidth: 8},
    {key: 'ram-price', header: '$/RAM·h', cell: ({advert}) => formatUsdPerHour(advert.pricing.usdPerGbRamMonth), sortValue: ({advert}) => priceValue(advert.pricing.usdPerGbRamMonth), align: 'right', minWidth: 8},
    {key: 'disk-price', header: '$/disk·h', cell: ({advert}) => formatUsdPerHour(advert.pricing.usdPerGbStorageMonth), sortValue: ({advert}) => priceValue(advert.pricing.usdPerGbStorageMonth), align: 'right', minWidth: 8},
  ];
  if (withEstimate) {
    // The estimate sums the unit prices for the spec: it replaces them, so the table still fits 80 columns.
    columns.splice(columns.findIndex((column) => column.key === 'core-price'), 3);
    columns.push(
      {key: 'usd-hour', header: '$/h', cell: ({estimate}) => (estimate ? formatUsdOrMissing(estimate.usdPerHour) : MISSING), sortValue: ({estimate}) => estimate?.usdPerHour ?? null, align: 'right', minWidth: 5},
      {key: 'eth-hour', header: 'ETH/h', cell: ({estimate}) => (estimate ? formatEthAmount(estimate.weiPerHour) : MISSING), sortValue: ({estimate}) => estimate?.weiPerHour ?? null, align: 'right', minWidth: 6},
    );
  }
  // Prices keep their whole amount (minWidth 8, "$0.00013"): in a narrow terminal columns go from the end instead.
  columns.push({key: 'updated', header: 'Updated', cell: ({advert}) => formatAge(advert.updatedAt, nowMs), sortValue: (offer) => updatedMs(offer), align: 'right', minWidth: 3, descendingFirst: true, isOptional: true});
  return columns;
}

function compareKnown(a: Exclude<SortValue, null>, b: Exclude<SortValue, null>): number {
  if (typeof a === 'string' || typeof b === 'string') return String(a).localeCompare(String(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `offers` sorted by `sort` (a new array; stable, ties by provider id). Rows whose key is null (a missing or junk
 * price, an unknown country…) come last in both directions (case-03). An unknown column leaves the order as is.
 */
export function sortProviderOffers(
  offers: readonly ProviderOffer[],
  columns: readonly ProviderColumn[],
  sort: ProviderSortState,
): readonly ProviderOffer[] {
  const column = columns.find((candidate) => candidate.key === sort.column);
  if (!column) return offers;
  const descending = (column.descendingFirst ?? false) !== sort.reversed;
  const keyed = offers.map((offer) => ({offer, value: column.sortValue(offer)}));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else {
      const order = compareKnown(a.value, b.value);
      if (order !== 0) return descending ? -order : order;
    }
    return a.offer.advert.providerId.localeCompare(b.offer.advert.providerId);
  });
  return keyed.map(({offer}) => offer);
}

/** The column after `current` in `columns` (wrapping), for `s`. */
export function nextSortColumn(columns: readonly ProviderColumn[], current: string): string {
  const index = columns.findIndex((column) => column.key === current);
  return columns[(index + 1) % columns.length]?.key ?? current;
}
