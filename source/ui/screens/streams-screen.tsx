/**
 * Streams: every payment stream with its state, a runway bar and a countdown ticking every second between chain
 * reads (~10 s). `t` tops up the selected stream (presets or a typed duration, cost shown first); `x` ends it,
 * showing the expected refund (deposit − vested) before asking and the refund that came back after. The list
 * moves and filters as the VMs list does: ↑/↓ j/k, PgUp/PgDn, g/G, and `/` (Esc clears).
 */
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {ErrorBanner, errorBannerLines} from '../components/error-banner.js';
import {FilterLine} from '../components/filter-line.js';
import {loadingText} from '../components/loading.js';
import {Table} from '../components/table.js';
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';
import {useAsync} from '../hooks/use-async.js';
import {useCommands} from '../hooks/use-commands.js';
import {filterRows, useListFilter} from '../hooks/use-list-filter.js';
import {listCommands, useListSelection} from '../hooks/use-list-selection.js';
import {useStreams, type LiveStream} from '../hooks/use-streams.js';
import {useTableRows} from '../hooks/use-table-rows.js';
import {theme} from '../theme.js';
import {estimateRefundWei, streamCellsText, streamColumns} from './stream-columns.js';

/** Ended: terminated or halted (nothing more flows; kept for the record). */
function isEnded(stream: LiveStream): boolean {
  return stream.status !== 'open' || stream.state === 'terminated' || stream.state === 'halted';
}

const STATE_RANK: Record<string, number> = {'out-of-funds': 0, 'needs-top-up': 1, active: 2, halted: 3, terminated: 4};

/**
 * Streams in the order to read them: open before ended; among open ones, out of funds, then needs top-up, then
 * active (what needs attention first); newest first within a state. Exported for tests.
 */
export function orderStreams(streams: readonly LiveStream[]): LiveStream[] {
  const rank = (stream: LiveStream) => (isEnded(stream) ? 10 : 0) + (STATE_RANK[stream.state ?? 'active'] ?? 5);
  return [...streams].sort((a, b) => rank(a) - rank(b) || Number(b.view.record.streamId - a.view.record.streamId));
}

/** Props of `StreamsScreen`; `isActive` gates its keys (false under a modal). */
export type StreamsScreenProps = {readonly isActive: boolean};

/** The Streams screen. */
export function StreamsScreen({isActive}: StreamsScreenProps) {
  // The table changes only when a cell's text does (a runway of days: once an hour; issue 16).
  const {streams, error, isLoading, streamsNow} = useStreams({display: streamCellsText});
  const {openModal, notify} = useNavigation();
  const services = useServices();
  const {version} = useRefreshSignal();
  // Local rows only (no network): which streams fund a running VM, which `terminateStream` refuses to end.
  const {data: vms} = useAsync(() => services.listVms(), [services, version]);
  // Active streams first (k9s-style: what needs attention on top), ended ones behind `e` (issue 13 item 7).
  const [isEndedShown, setEndedShown] = useState(false);
  const every = useMemo<LiveStream[]>(() => orderStreams(streams ?? []), [streams]);
  const all = useMemo<LiveStream[]>(() => (isEndedShown ? every : every.filter((stream) => !isEnded(stream))), [every, isEndedShown]);
  const endedCount = every.length - every.filter((stream) => !isEnded(stream)).length;
  const filter = useListFilter({isActive});
  const rows = useMemo(() => filterRows(all, streamColumns, filter.query), [all, filter.query]);
  const keys = useMemo(() => rows.map(({view}) => view.record.streamId.toString()), [rows]);
  const list = useListSelection('streams', keys);
  const maxRows = useTableRows(errorBannerLines(error) + 2 + (filter.isEditing || filter.query !== '' ? 1 : 0), rows.length);
  const selected = list.index >= 0 ? rows[list.index] : undefined;

  /** Why `stream` cannot be topped up or ended, or null when it can. */
  const refusal = (stream: LiveStream, verb: string): string | null => {
    const id = stream.view.record.streamId;
    if (stream.state === 'terminated' || stream.status === 'terminated') return `Stream #${id} is terminated; it cannot be ${verb}.`;
    if (stream.state === 'halted' || stream.status === 'halted') return `Stream #${id} is halted; it cannot be ${verb}.`;
    return null;
  };

  const topUp = (stream: LiveStream) => {
    const problem = refusal(stream, 'topped up');
    if (problem) return notify({tone: 'error', text: problem});
    openModal({
      name: 'top-up',
      streamId: stream.view.record.streamId.toString(),
      ratePerSecondWei: (stream.view.status?.chain.ratePerSecond ?? stream.view.record.ratePerSecondWei).toString(),
      vmName: stream.view.record.vmName,
    });
  };

  const terminate = (stream: LiveStream) => {
    const problem = refusal(stream, 'ended');
    if (problem) return notify({tone: 'error', text: problem});
    const funded = vms?.find((vm) => vm.streamId === stream.view.record.streamId && vm.status === 'running');
    if (funded) {
      return notify({
        tone: 'error',
        text: `Stream #${stream.view.record.streamId} funds the running VM ${funded.name}; it is not ended alone.`,
        hint: `Stop (s) or destroy (d) ${funded.name} on the VMs screen: both end its stream and refund the rest.`,
      });
    }
    // At this second, not as last drawn.
    const current = streamsNow()?.find((candidate) => candidate.view.record.streamId === stream.view.record.streamId) ?? stream;
    const estimate = estimateRefundWei(current);
    if (estimate === null) {
      return notify({tone: 'error', text: `The chain status of stream #${stream.view.record.streamId} is unknown; refresh (r) first.`});
    }
    openModal({
      name: 'terminate-stream',
      streamId: stream.view.record.streamId.toString(),
      vmName: stream.view.record.vmName,
      estimatedRefundWei: estimate.toString(),
    });
  };

  useCommands(
    {
      ...listCommands(list, maxRows),
      'stream.top-up': selected ? () => topUp(selected) : undefined,
      'stream.terminate': selected ? () => terminate(selected) : undefined,
      'stream.toggle-ended': () => setEndedShown((shown) => !shown),
    },
    {isActive: isActive && !filter.isEditing},
  );

  // Before the first answer the table is drawn already, its headers over a loading row (issue 16).
  const isFirstLoad = streams === undefined && isLoading;
  return (
    <Box flexDirection="column">
      {error ? <ErrorBanner error={error} isOneLineEach /> : null}
      <Table
        rows={rows}
        columns={streamColumns}
        rowKey={({view}) => view.record.streamId.toString()}
        selectedIndex={list.index}
        maxRows={maxRows}
        emptyText={isFirstLoad ? loadingText('Reading streams from the chain') : filter.query ? `No stream matches "${filter.query}". Esc clears the filter.` : 'No payment streams yet.'}
      />
      <FilterLine filter={filter} matched={rows.length} total={all.length} />
      {endedCount > 0 ? (
        <Text color={theme.text.secondary} wrap="truncate-end">
          {isEndedShown ? `${endedCount} ended shown · e hides them` : `${endedCount} ended hidden · e shows them`}
        </Text>
      ) : null}
      {selected?.view.error ? (
        <Text color={theme.status.warning} wrap="truncate-end">{`Chain status unavailable: ${selected.view.error}`}</Text>
      ) : null}
    </Box>
  );
}
