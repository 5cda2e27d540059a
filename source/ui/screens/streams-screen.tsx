/**
 * Streams: every payment stream with its runway counting down live (refetched from the chain every ~10 s);
 * `t` tops up the selected open stream by a number of hours.
 */
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {ErrorBanner} from '../components/error-banner.js';
import {Loading} from '../components/loading.js';
import {Table} from '../components/table.js';
import {useNavigation} from '../app/navigation-context.js';
import {useCommands} from '../hooks/use-commands.js';
import {useListSelection} from '../hooks/use-list-selection.js';
import {useStreams, type LiveStream} from '../hooks/use-streams.js';
import {useTableRows} from '../hooks/use-table-rows.js';
import {theme} from '../theme.js';
import {streamColumns} from './stream-columns.js';

/** Props of `StreamsScreen`; `isActive` gates its keys (false under a modal). */
export type StreamsScreenProps = {readonly isActive: boolean};

/** The Streams screen. */
export function StreamsScreen({isActive}: StreamsScreenProps) {
  const {streams, error, isLoading} = useStreams();
  const {openModal, notify} = useNavigation();
  const rows = useMemo<LiveStream[]>(() => streams ?? [], [streams]);
  const keys = useMemo(() => rows.map(({view}) => view.record.streamId.toString()), [rows]);
  const list = useListSelection('streams', keys);
  const maxRows = useTableRows(1);
  const selected = list.index >= 0 ? rows[list.index] : undefined;

  const topUp = (stream: LiveStream) => {
    if (stream.status !== 'open') {
      notify({tone: 'error', text: `Stream #${stream.view.record.streamId} is ${stream.status}; it cannot be topped up.`});
      return;
    }
    openModal({
      name: 'top-up',
      streamId: stream.view.record.streamId.toString(),
      ratePerSecondWei: (stream.view.status?.chain.ratePerSecond ?? stream.view.record.ratePerSecondWei).toString(),
      vmName: stream.view.record.vmName,
    });
  };

  useCommands(
    {'list.up': list.previous, 'list.down': list.next, 'stream.top-up': selected ? () => topUp(selected) : undefined},
    {isActive},
  );

  if (streams === undefined && isLoading) return <Loading label="Reading streams from the chain" />;
  return (
    <Box flexDirection="column">
      {error ? <ErrorBanner error={error} /> : null}
      <Table
        rows={rows}
        columns={streamColumns}
        rowKey={({view}) => view.record.streamId.toString()}
        selectedIndex={list.index}
        maxRows={maxRows}
        emptyText="No payment streams yet."
      />
      {selected?.view.error ? (
        <Text color={theme.status.warning} wrap="truncate-end">{`Chain status unavailable: ${selected.view.error}`}</Text>
      ) : null}
    </Box>
  );
}
