/**
 * The VMs table's columns, by priority (issue 13 item 2): name, status, `host:port` whole (it is what you type),
 * runway and cost so far (issue 13 item 7: what k9s users read first), then resources, provider and stream, which
 * give way first in a narrow terminal.
 */
import {formatDuration} from '../../lib/format.js';
import type {Vm} from '../../services/types.js';
import type {TableColumn} from '../components/table.js';
import {formatEthAmount, formatStreamId, MISSING, shortHex} from '../format-cells.js';
import type {LiveStream} from '../hooks/use-streams.js';
import {streamStateColor, theme, vmStatusColor} from '../theme.js';
import {vmStatusText, vmStatusWord} from '../../lib/vm-status-text.js';

/**
 * A VM row with its funding stream (matched by stream id), when the stream list knows it, and what the ledger says it
 * has cost so far (vested + gas, wei; undefined until the ledger is read).
 */
export type VmRow = {
  readonly vm: Vm;
  readonly stream: LiveStream | undefined;
  readonly costWei?: bigint | undefined;
  /** The provider's name from its advert, when the dashboard knows it (else the short id shows). */
  readonly providerName?: string | undefined;
  /** Marked with Space for a stop or destroy of several VMs at once (drawn `✓ name` in the focus colour). */
  readonly isMarked?: boolean;
};

/**
 * What ending the VM's stream now would refund, in wei: the deposit less what has vested at the live chain time
 * (reference §6.6); 0 for an ended stream or a VM without one; null when the chain status is unknown.
 */
export function expectedRefundWei(vm: Vm, stream: LiveStream | undefined): bigint | null {
  if (vm.streamId === null) return 0n;
  if (stream && stream.status !== 'open') return 0n;
  const chain = stream?.view.status?.chain;
  const vested = costSoFarWei(stream);
  if (!chain || vested === null) return null;
  return chain.deposit - vested;
}

/**
 * What the stream has paid the provider so far, in wei: rate × (min(now, stopTime) − startTime), capped at the
 * deposit (reference §6.6, as the contract vests it), at the live chain time. Null without chain status.
 */
export function costSoFarWei(stream: LiveStream | undefined): bigint | null {
  const chain = stream?.view.status?.chain;
  if (!stream || !chain || stream.chainNow === null) return null;
  const end = stream.chainNow < chain.stopTime ? stream.chainNow : chain.stopTime;
  const elapsed = end > chain.startTime ? end - chain.startTime : 0n;
  const vested = elapsed * chain.ratePerSecond;
  return vested > chain.deposit ? chain.deposit : vested;
}

/**
 * What the VMs table shows of a stream that changes as it counts down: its state (the runway's colour), its runway
 * and, `withCost` (the ledger's figure not known), what it has vested so far. `useStreams({display})` re-renders
 * the table only when this text changes.
 */
export function streamDisplayText(stream: LiveStream, withCost: boolean): string {
  const runway = stream.remainingSeconds === null ? MISSING : formatDuration(stream.remainingSeconds);
  const cost = withCost ? costSoFarWei(stream) : null;
  return `${stream.state ?? ''} ${runway} ${cost === null ? '' : formatEthAmount(cost)}`;
}

/** `host:port` of the VM's SSH, or "—". */
export function sshAddress(vm: Vm): string {
  return vm.sshHost && vm.sshPort ? `${vm.sshHost}:${vm.sshPort}` : MISSING;
}

/** The columns, in order of display; `isOptional` ones go from the last when the width is short. */
export const vmColumns: ReadonlyArray<TableColumn<VmRow>> = [
  {
    key: 'name',
    header: 'Name',
    cell: ({vm, isMarked}) => (isMarked ? `✓ ${vm.name}` : vm.name),
    color: ({isMarked}) => (isMarked ? theme.ui.focus : undefined),
    minWidth: 8,
    maxWidth: 40,
  },
  // A status the provider has not confirmed since (unreachable, one "not found") is drawn dim with its last-seen age.
  {
    key: 'status',
    header: 'Status',
    cell: ({vm}) => `● ${vmStatusText(vm)}`,
    color: ({vm}) => (vmStatusWord(vm) === vm.status ? vmStatusColor(vm.status) : vmStatusColor('unknown')),
    minWidth: 9,
  },
  // Never cut: an address with a missing digit is worse than none (the column goes as a whole first).
  {key: 'ssh', header: 'SSH', cell: ({vm}) => sshAddress(vm), minWidth: 21},
  {
    key: 'runway',
    header: 'Runway',
    cell: ({stream}) => (stream?.remainingSeconds == null ? MISSING : formatDuration(stream.remainingSeconds)),
    color: ({stream}) => streamStateColor(stream?.state ?? null),
    align: 'right',
    minWidth: 6,
  },
  {
    key: 'cost',
    header: 'Cost so far',
    // The ledger's figure (vested + gas) once read; until then what the stream has vested.
    cell: ({stream, costWei}) => {
      const wei = costWei ?? costSoFarWei(stream);
      return wei === null ? MISSING : formatEthAmount(wei);
    },
    align: 'right',
    minWidth: 11,
    isOptional: true,
  },
  {
    key: 'resources',
    header: 'CPU/RAM/Disk',
    cell: ({vm}) => `${vm.resources.cpu}c ${vm.resources.memory}G ${vm.resources.storage}G`,
    minWidth: 8,
    isOptional: true,
  },
  {key: 'provider', header: 'Provider', cell: ({vm, providerName}) => providerName ?? shortHex(vm.providerId), minWidth: 11, maxWidth: 24, isOptional: true},
  {key: 'stream', header: 'Stream', cell: ({vm}) => formatStreamId(vm.streamId), minWidth: 4, isOptional: true},
];
