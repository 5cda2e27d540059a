/**
 * Providers: the offers from discovery in a table; `c` opens the create form for the selected provider.
 */
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {ErrorBanner} from '../components/error-banner.js';
import {Loading} from '../components/loading.js';
import {Table} from '../components/table.js';
import {useNavigation} from '../app/navigation-context.js';
import {useCommands} from '../hooks/use-commands.js';
import {useListSelection} from '../hooks/use-list-selection.js';
import {useProviders} from '../hooks/use-providers.js';
import {useTableRows} from '../hooks/use-table-rows.js';
import {MISSING, shortHex} from '../format-cells.js';
import {theme} from '../theme.js';
import {providerColumns} from './provider-columns.js';

/** Props of `ProvidersScreen`; `isActive` gates its keys (false under a modal). */
export type ProvidersScreenProps = {readonly isActive: boolean};

/** The Providers screen. */
export function ProvidersScreen({isActive}: ProvidersScreenProps) {
  const {data, error, isLoading} = useProviders();
  const {openModal} = useNavigation();
  const offers = useMemo(() => data ?? [], [data]);
  const keys = useMemo(() => offers.map(({advert}) => advert.providerId), [offers]);
  const list = useListSelection('providers', keys);
  const maxRows = useTableRows(2);
  const selected = list.index >= 0 ? offers[list.index] : undefined;

  useCommands(
    {
      'list.up': list.previous,
      'list.down': list.next,
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
    {isActive},
  );

  if (data === undefined && isLoading) return <Loading label="Looking for providers" />;
  return (
    <Box flexDirection="column">
      {error ? <ErrorBanner error={error} /> : null}
      <Table
        rows={offers}
        columns={providerColumns}
        rowKey={({advert}) => advert.providerId}
        selectedIndex={list.index}
        maxRows={maxRows}
        emptyText="No providers found. Press r to search again."
      />
      {selected ? (
        <Text color={theme.text.secondary} wrap="truncate-end">
          {`${selected.advert.providerId}  ${selected.advert.ipAddress}:${selected.advert.port}  ` +
            `${selected.advert.platform ?? MISSING}  updated ${selected.advert.updatedAt ?? MISSING}  · prices in USD per month`}
        </Text>
      ) : null}
    </Box>
  );
}
