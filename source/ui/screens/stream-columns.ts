/** The Streams table's columns, over `LiveStream` rows (runway already counted down to this second). */
import {formatDuration} from '../../lib/format.js';
import type {TableColumn} from '../components/table.js';
import {formatEthAmount, formatEthPerHour, MISSING} from '../format-cells.js';
import type {LiveStream} from '../hooks/use-streams.js';
import {meter} from '../meter.js';
import {streamStateColor} from '../theme.js';

/** Cells of the runway bar. */
export const RUNWAY_BAR_WIDTH = 10;

const isEnded = ({state}: LiveStream) => state === 'terminated';

/**
 * Id, VM (`no VM (name)` for a stream that funds no VM the user can see; issue 11), state (`chain gone` for a row of a
 * vanished chain) (coloured by `streamStateColor`), live runway, a bar of the runway left out of all the stream was
 * funded for, deposit, rate per hour.
 */
export const streamColumns: ReadonlyArray<TableColumn<LiveStream>> = [
  {key: 'id', header: 'Stream', cell: ({view}) => `#${view.record.streamId}`, minWidth: 4},
  {key: 'vm', header: 'VM', cell: ({view}) => (view.fundsNoVm ? `no VM (${view.record.vmName ?? 'unknown'})` : (view.record.vmName ?? MISSING)), minWidth: 6, maxWidth: 40},
  {key: 'state', header: 'State', cell: ({state, view}) => state ?? (view.record.status === 'vanished' ? 'chain gone' : '?'), color: ({state}) => streamStateColor(state), minWidth: 6},
  {
    key: 'runway',
    header: 'Runway',
    cell: (row) => (isEnded(row) ? MISSING : row.remainingSeconds === null ? '?' : formatDuration(row.remainingSeconds)),
    color: ({state}) => streamStateColor(state),
    align: 'right',
    minWidth: 7,
  },
  {
    key: 'bar',
    header: 'Left',
    cell: (row) =>
      isEnded(row) || row.remainingSeconds === null || row.fundedSeconds === null
        ? ' '.repeat(RUNWAY_BAR_WIDTH)
        : meter(row.remainingSeconds, row.fundedSeconds, RUNWAY_BAR_WIDTH),
    color: ({state}) => streamStateColor(state),
    minWidth: RUNWAY_BAR_WIDTH,
  },
  {
    key: 'deposit',
    header: 'Deposit',
    cell: ({view}) => formatEthAmount(view.status?.chain.deposit ?? view.record.depositWei),
    align: 'right',
    minWidth: 8,
  },
  {
    key: 'rate',
    header: 'Rate',
    cell: ({view}) => formatEthPerHour(view.status?.chain.ratePerSecond ?? view.record.ratePerSecondWei),
    align: 'right',
    minWidth: 8,
  },
];

/** Every cell of `stream`'s row and its state (its colour), as one text: what the Streams table draws of it. */
export function streamCellsText(stream: LiveStream): string {
  return `${stream.state ?? ''}\t${streamColumns.map((column) => column.cell(stream)).join('\t')}`;
}

/**
 * What ending `stream` now should refund: deposit − vested, vested = rate × (min(now, stopTime) − startTime) capped
 * at the deposit (reference §6.6, as the contract computes it), at the live chain time. Null without chain status.
 */
export function estimateRefundWei({view, chainNow}: LiveStream): bigint | null {
  const chain = view.status?.chain;
  if (!chain || chainNow === null) return null;
  const end = chainNow < chain.stopTime ? chainNow : chain.stopTime;
  const elapsed = end > chain.startTime ? end - chain.startTime : 0n;
  const vested = elapsed * chain.ratePerSecond;
  return vested >= chain.deposit ? 0n : chain.deposit - vested;
}
