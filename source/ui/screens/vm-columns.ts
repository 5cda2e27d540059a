/** The VMs table's columns. */
import type {Vm} from '../../services/types.js';
import type {TableColumn} from '../components/table.js';
import {formatStreamId, MISSING, shortHex} from '../format-cells.js';
import {vmStatusColor} from '../theme.js';
import {vmStatusText, vmStatusWord} from '../../lib/vm-status-text.js';

/** Name, live status, provider, resources, SSH address and the funding stream. */
export const vmColumns: ReadonlyArray<TableColumn<Vm>> = [
  {key: 'name', header: 'Name', cell: (vm) => vm.name, minWidth: 8, maxWidth: 40},
  // A status the provider has not confirmed since (unreachable, one "not found") is drawn dim with its last-seen age.
  {
    key: 'status',
    header: 'Status',
    cell: (vm) => `● ${vmStatusText(vm)}`,
    color: (vm) => (vmStatusWord(vm) === vm.status ? vmStatusColor(vm.status) : vmStatusColor('unknown')),
    minWidth: 9,
  },
  {key: 'provider', header: 'Provider', cell: (vm) => shortHex(vm.providerId), minWidth: 6},
  {key: 'cpu', header: 'CPU', cell: (vm) => String(vm.resources.cpu), align: 'right', minWidth: 3},
  {key: 'memory', header: 'RAM GB', cell: (vm) => String(vm.resources.memory), align: 'right', minWidth: 3},
  {key: 'storage', header: 'Disk GB', cell: (vm) => String(vm.resources.storage), align: 'right', minWidth: 4},
  {
    key: 'ssh',
    header: 'SSH',
    cell: (vm) => (vm.sshHost && vm.sshPort ? `${vm.sshHost}:${vm.sshPort}` : MISSING),
    minWidth: 5,
  },
  {key: 'stream', header: 'Stream', cell: (vm) => formatStreamId(vm.streamId), minWidth: 4},
];
