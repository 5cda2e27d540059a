/**
 * VMs: the rented VMs with their status refreshed live (every ~2 s while shown). Enter hands the terminal to
 * an SSH shell; `s` and `d` ask first (stop, destroy); `S` starts a stopped VM with a new stream.
 */
import {Box} from 'ink';
import {useMemo} from 'react';
import type {Vm} from '../../services/types.js';
import {ErrorBanner} from '../components/error-banner.js';
import {Loading} from '../components/loading.js';
import {Table} from '../components/table.js';
import {useRequestShell} from '../app/handoff.js';
import {useNavigation} from '../app/navigation-context.js';
import {useCommands} from '../hooks/use-commands.js';
import {useListSelection} from '../hooks/use-list-selection.js';
import {useTableRows} from '../hooks/use-table-rows.js';
import {useVms} from '../hooks/use-vms.js';
import {vmColumns} from './vm-columns.js';

/** Props of `VmsScreen`; `isActive` gates its keys (false under a modal). */
export type VmsScreenProps = {readonly isActive: boolean};

/** The VMs screen. */
export function VmsScreen({isActive}: VmsScreenProps) {
  const {vms, error, isLoading} = useVms();
  const {openModal, notify} = useNavigation();
  const requestShell = useRequestShell();
  const rows = useMemo<Vm[]>(() => vms ?? [], [vms]);
  const keys = useMemo(() => rows.map((vm) => vm.name), [rows]);
  const list = useListSelection('vms', keys);
  const maxRows = useTableRows();
  const selected = list.index >= 0 ? rows[list.index] : undefined;

  const openShell = (vm: Vm) => {
    if (vm.status !== 'running') {
      notify({tone: 'error', text: `${vm.name} is ${vm.status}; only a running VM accepts SSH.`, hint: 'Press S to start it.'});
      return;
    }
    requestShell(vm.name);
  };

  useCommands(
    {
      'list.up': list.previous,
      'list.down': list.next,
      'vm.ssh': selected ? () => openShell(selected) : undefined,
      'vm.stop': selected ? () => openModal({name: 'confirm-vm-action', action: 'stop', vmName: selected.name}) : undefined,
      'vm.destroy': selected
        ? () => openModal({name: 'confirm-vm-action', action: 'destroy', vmName: selected.name})
        : undefined,
      'vm.start': selected
        ? () =>
            openModal({name: 'start-vm', vmName: selected.name, providerId: selected.providerId, resources: selected.resources})
        : undefined,
    },
    {isActive},
  );

  if (vms === undefined && isLoading) return <Loading label="Loading VMs" />;
  return (
    <Box flexDirection="column">
      {error ? <ErrorBanner error={error} /> : null}
      <Table
        rows={rows}
        columns={vmColumns}
        rowKey={(vm) => vm.name}
        selectedIndex={list.index}
        maxRows={maxRows}
        emptyText="No VMs yet. On Providers (1), press c to create one."
      />
    </Box>
  );
}
