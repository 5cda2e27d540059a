/** The Providers table's columns (case-03: missing or junk prices show as "—"). */
import type {ProviderOffer} from '../../services/services.js';
import type {TableColumn} from '../components/table.js';
import {formatUsdOrMissing, MISSING, shortHex} from '../format-cells.js';

/** Name (or short id), country, free resources and unit prices in USD per month (730 h, reference §6.1). */
export const providerColumns: ReadonlyArray<TableColumn<ProviderOffer>> = [
  {key: 'name', header: 'Provider', cell: ({advert}) => advert.providerName ?? shortHex(advert.providerId), minWidth: 8, maxWidth: 32},
  {key: 'country', header: 'Country', cell: ({advert}) => advert.country ?? MISSING, minWidth: 4, maxWidth: 12},
  {key: 'cpu', header: 'CPU', cell: ({advert}) => String(advert.resources.cpu), align: 'right', minWidth: 3},
  {key: 'memory', header: 'RAM GB', cell: ({advert}) => String(advert.resources.memory), align: 'right', minWidth: 3},
  {key: 'storage', header: 'Disk GB', cell: ({advert}) => String(advert.resources.storage), align: 'right', minWidth: 4},
  {key: 'core-price', header: '$/core', cell: ({advert}) => formatUsdOrMissing(advert.pricing.usdPerCoreMonth), align: 'right'},
  {key: 'ram-price', header: '$/GB RAM', cell: ({advert}) => formatUsdOrMissing(advert.pricing.usdPerGbRamMonth), align: 'right'},
  {key: 'disk-price', header: '$/GB disk', cell: ({advert}) => formatUsdOrMissing(advert.pricing.usdPerGbStorageMonth), align: 'right'},
];
