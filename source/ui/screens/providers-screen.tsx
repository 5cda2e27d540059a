/**
 * Providers: the offers from discovery in a virtualised table (issue 5 item 4). `c` opens the create form for the
 * selected provider; `s` sorts by the next column and `S` reverses it (junk prices stay last, case-03); `/`
 * filters on the text shown. With a `:spec` set, two columns estimate that VM's price per hour in USD and ETH.
 */
import {useRememberProviderNames} from '../app/provider-names-context.js';
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {sanitizeText} from '../../lib/sanitize.js';
import {ErrorBanner, errorBannerLines} from '../components/error-banner.js';
import {FilterLine} from '../components/filter-line.js';
import {loadingText} from '../components/loading.js';
import {Table} from '../components/table.js';
import {useNavigation} from '../app/navigation-context.js';
import {useCommands} from '../hooks/use-commands.js';
import {filterRows, useListFilter} from '../hooks/use-list-filter.js';
import {listCommands, useListSelection} from '../hooks/use-list-selection.js';
import {useNow} from '../hooks/use-now.js';
import {useProviders} from '../hooks/use-providers.js';
import {useTableRows} from '../hooks/use-table-rows.js';
import {MISSING, shortHex} from '../format-cells.js';
import {theme} from '../theme.js';
import {nextSortColumn, providerColumns, sortProviderOffers, type ProviderSortState} from './provider-columns.js';

/** Props of `ProvidersScreen`; `isActive` gates its keys (false under a modal). */
export type ProvidersScreenProps = {readonly isActive: boolean};

/** How often the "Updated" ages are recomputed, in ms. */
const AGE_TICK_MS = 30_000;

/** The Providers screen. */
export function ProvidersScreen({isActive}: ProvidersScreenProps) {
  const {data, error, isLoading} = useProviders();
  useRememberProviderNames(data);
  const {state, openModal} = useNavigation();
  const spec = state.spec ?? null;
  const nowMs = useNow(AGE_TICK_MS);
  const [sort, setSort] = useState<ProviderSortState | null>(null);
  const filter = useListFilter({isActive});

  const columns = useMemo(() => providerColumns({nowMs, withEstimate: spec !== null}), [nowMs, spec]);
  const sorted = useMemo(() => {
    const offers = data ?? [];
    return sort ? sortProviderOffers(offers, columns, sort) : offers;
  }, [data, columns, sort]);
  const rows = useMemo(() => filterRows(sorted, columns, filter.query), [sorted, columns, filter.query]);
  const shownColumns = useMemo(
    () =>
      columns.map((column) =>
        column.key === sort?.column
          ? {...column, header: `${column.header}${(column.descendingFirst ?? false) !== sort.reversed ? '▼' : '▲'}`}
          : column,
      ),
    [columns, sort],
  );
  const keys = useMemo(() => rows.map(({advert}) => advert.providerId), [rows]);
  const list = useListSelection('providers', keys);
  const maxRows = useTableRows(errorBannerLines(error) + 1 + (filter.isEditing || filter.query !== '' ? 1 : 0) + (spec ? 1 : 0), rows.length);
  const selected = list.index >= 0 ? rows[list.index] : undefined;

  useCommands(
    {
      ...listCommands(list, maxRows),
      'provider.sort': () =>
        setSort((current) => ({column: current ? nextSortColumn(columns, current.column) : (columns[0]?.key ?? 'name'), reversed: false})),
      'provider.sort-reverse': () =>
        setSort((current) => (current ? {...current, reversed: !current.reversed} : {column: 'core-price', reversed: true})),
      'provider.create': selected
        ? () =>
            openModal({
              name: 'create-vm',
              providerId: selected.advert.providerId,
              providerLabel: selected.advert.providerName ?? shortHex(selected.advert.providerId),
              available: selected.advert.resources,
            })
        : undefined,
    },
    {isActive: isActive && !filter.isEditing},
  );

  // Before the first answer the table is drawn already, its headers over a loading row (issue 16: the first frame is
  // the whole layout, never a splash).
  const isFirstLoad = data === undefined && isLoading;
  const total = data?.length ?? 0;
  return (
    <Box flexDirection="column">
      {error ? <ErrorBanner error={error} isOneLineEach /> : null}
      {spec ? (
        <Text color={theme.text.secondary} wrap="truncate-end">
          {`Estimates for ${spec.cpu} cores, ${spec.memory} GB RAM, ${spec.storage} GB disk (:spec to change)`}
        </Text>
      ) : null}
      <Table
        rows={rows}
        columns={shownColumns}
        rowKey={({advert}) => advert.providerId}
        selectedIndex={list.index}
        maxRows={maxRows}
        emptyText={isFirstLoad ? loadingText('Looking for providers') : filter.query ? `No provider matches "${filter.query}". Esc clears the filter.` : 'No providers found. Press r to search again.'}
      />
      <FilterLine filter={filter} matched={rows.length} total={total} />
      {selected ? (
        <Text color={theme.text.secondary} wrap="truncate-end">
          {sanitizeText(
            `${selected.advert.providerId}  ${selected.advert.ipAddress}:${selected.advert.port}  ` +
              `${selected.advert.platform ?? MISSING}  updated ${selected.advert.updatedAt ?? MISSING}  · RAM, disk in GB; $ per core, per GB, per hour`,
          )}
        </Text>
      ) : null}
    </Box>
  );
}
