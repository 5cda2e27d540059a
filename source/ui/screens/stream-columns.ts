/** The Streams table's columns, over `LiveStream` rows (runway already counted down to this second). */
import {formatDuration} from '../../lib/format.js';
import type {TableColumn} from '../components/table.js';
import {formatEthAmount, formatEthPerHour, MISSING} from '../format-cells.js';
import type {LiveStream} from '../hooks/use-streams.js';
import {theme} from '../theme.js';

/** Runway below this many seconds is shown as a warning (the web app's "Needs top-up", reference §15.1). */
export const LOW_RUNWAY_SECONDS = 3600n;

function runwayColor({remainingSeconds, status}: LiveStream) {
  if (status !== 'open' || remainingSeconds === null) return theme.text.secondary;
  if (remainingSeconds === 0n) return theme.status.error;
  return remainingSeconds < LOW_RUNWAY_SECONDS ? theme.status.warning : theme.status.success;
}

function statusColor({status}: LiveStream) {
  if (status === 'open') return theme.status.success;
  return status === 'halted' ? theme.status.error : theme.text.secondary;
}

/** Id, VM, status, live runway, deposit, rate per hour. */
export const streamColumns: ReadonlyArray<TableColumn<LiveStream>> = [
  {key: 'id', header: 'Stream', cell: ({view}) => `#${view.record.streamId}`, minWidth: 4},
  {key: 'vm', header: 'VM', cell: ({view}) => view.record.vmName ?? MISSING, minWidth: 6, maxWidth: 40},
  {key: 'status', header: 'Status', cell: ({status}) => status, color: statusColor, minWidth: 6},
  {
    key: 'runway',
    header: 'Runway',
    cell: ({remainingSeconds, status}) =>
      status !== 'open' ? MISSING : remainingSeconds === null ? '?' : formatDuration(remainingSeconds),
    color: runwayColor,
    align: 'right',
    minWidth: 7,
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
