/**
 * VMs: the rented VMs with their status refreshed live (every ~2 s while shown). Enter hands the terminal to
 * an SSH shell; `i` or → opens the VM's detail view (Esc back); `s` and `d` ask first (stop, destroy); `S` starts
 * a stopped VM with a new stream; `/` filters the list.
 */
import {Box, Text, useStdout} from 'ink';
import {useMemo, useState} from 'react';
import {useSshCommandFor} from '../app/ssh-command-context.js';
import {osc52} from '../terminal/clipboard.js';
import {ForwardInput} from '../components/forward-list.js';
import {useForwards} from '../hooks/use-forwards.js';
import type {Vm} from '../../services/types.js';
import {ErrorBanner, errorBannerLines} from '../components/error-banner.js';
import {FilterLine} from '../components/filter-line.js';
import {loadingText} from '../components/loading.js';
import {Table} from '../components/table.js';
import {useRequestShell} from '../app/handoff.js';
import {useNavigation} from '../app/navigation-context.js';
import {useCommands} from '../hooks/use-commands.js';
import {filterRows, useListFilter} from '../hooks/use-list-filter.js';
import {listCommands, useListSelection} from '../hooks/use-list-selection.js';
import {useTableRows} from '../hooks/use-table-rows.js';
import {useVms} from '../hooks/use-vms.js';
import {expectedRefundWei, streamDisplayText, vmColumns, type VmRow} from './vm-columns.js';
import {theme} from '../theme.js';
import {useProviderNames} from '../app/provider-names-context.js';
import {useStreams} from '../hooks/use-streams.js';
import {useVmCosts} from '../hooks/use-vm-costs.js';
import {VmDetail} from './vm-detail.js';

/** How often the VMs screen reads its VMs' streams from the chain again (their runways count down in between), ms. */
export const VMS_STREAM_REFETCH_MS = 30_000;

/** Props of `VmsScreen`; `isActive` gates its keys (false under a modal). */
export type VmsScreenProps = {readonly isActive: boolean};

/** The VMs screen. */
export function VmsScreen({isActive}: VmsScreenProps) {
  const {vms, error, isLoading} = useVms();
  const costs = useVmCosts();
  const {state, navigate, openModal, notify, select, dispatch} = useNavigation();
  const requestShell = useRequestShell();
  const detailName = state.route.name === 'vms' ? (state.route.detail ?? null) : null;
  const all = useMemo<Vm[]>(() => vms ?? [], [vms]);
  const detailVm = detailName === null ? undefined : all.find((vm) => vm.name === detailName);
  const isDetail = detailVm !== undefined;
  const filter = useListFilter({isActive: isActive && !isDetail});
  // Runway and cost so far come from the VMs' streams and the ledger (matched by stream id; the list refreshes on its own timer).
  // The table changes only when a runway's text (or, before the ledger is read, a vested amount) does, and the
  // runways count down locally between chain reads, which are rarer here than on Streams (issue 16 idle cost).
  const {streams, streamsNow} = useStreams({refetchMs: VMS_STREAM_REFETCH_MS, display: (stream) => streamDisplayText(stream, costs === undefined)});
  const providerNames = useProviderNames(all.length > 0);
  // VMs marked with Space (by name, in the router state so a screen switch keeps them); a VM that left the list
  // leaves the marks too. The batch dialog clears them once it runs.
  const marks = useMemo(() => new Set(state.marks ?? []), [state.marks]);
  const setMarks = (next: ReadonlySet<string>) => dispatch({type: 'set-marks', marks: [...next]});
  const tableRows = useMemo<VmRow[]>(() => {
    const byId = new Map((streams ?? []).map((stream) => [stream.view.record.streamId, stream] as const));
    return all.map((vm) => ({
      vm,
      stream: vm.streamId === null ? undefined : byId.get(vm.streamId),
      costWei: costs?.get(vm.name),
      isMarked: marks.has(vm.name),
      providerName: providerNames.get(vm.providerId.toLowerCase()),
    }));
  }, [all, streams, costs, marks, providerNames]);
  const markedRows = tableRows.filter((row) => row.isMarked);
  const shownRows = useMemo(() => filterRows(tableRows, vmColumns, filter.query), [tableRows, filter.query]);
  const rows = useMemo(() => shownRows.map(({vm}) => vm), [shownRows]);
  const keys = useMemo(() => rows.map((vm) => vm.name), [rows]);
  const list = useListSelection('vms', keys);
  const maxRows = useTableRows(
    errorBannerLines(error) + (filter.isEditing || filter.query !== '' ? 1 : 0) + (markedRows.length > 0 ? 1 : 0),
    rows.length,
  );
  const selected = isDetail ? detailVm : list.index >= 0 ? rows[list.index] : undefined;
  // The detail view's port forwards (issue 12): `p` opens the LOCAL:REMOTE field, which then owns the keyboard.
  const [isAddingForward, setIsAddingForward] = useState(false);
  const detailForwards = useForwards(detailVm?.name ?? '');

  const openShell = (vm: Vm) => {
    if (vm.status !== 'running') {
      notify({tone: 'error', text: `${vm.name} is ${vm.status}; only a running VM accepts SSH.`, hint: 'Press S to start it.'});
      return;
    }
    requestShell(vm.name);
  };
  const openDetail = (vm: Vm) => {
    select('vms', {key: vm.name, index: Math.max(0, keys.indexOf(vm.name))});
    navigate({name: 'vms', detail: vm.name});
  };

  const {write} = useStdout();
  const sshCommandFor = useSshCommandFor();
  const copySsh = (vm: Vm) => {
    const line = sshCommandFor ? sshCommandFor(vm) : `golem vm ssh ${vm.name}`;
    if (line === null) return notify({tone: 'error', text: `${vm.name} has no SSH address yet.`});
    write(osc52(line));
    notify({tone: 'success', text: `Copied: ${line}`, hint: 'Through the terminal (OSC 52); a terminal that refuses clipboard access ignores it.'});
  };

  const toggleMark = (vm: Vm) => {
    const next = new Set(marks);
    if (!next.delete(vm.name)) next.add(vm.name);
    setMarks(next);
    list.next();
  };
  // With marks, s and d act on every marked VM with one confirmation and the total refund expected.
  const actOnMarked = (action: 'stop' | 'destroy') => {
    const only = markedRows.length === 1 ? markedRows[0]!.vm : undefined;
    if (only) return openModal({name: 'confirm-vm-action', action, vmName: only.name});
    // At this second, not as last drawn.
    const now = new Map((streamsNow() ?? []).map((stream) => [stream.view.record.streamId, stream] as const));
    const refunds = markedRows.map(({vm}) => expectedRefundWei(vm, vm.streamId === null ? undefined : now.get(vm.streamId)));
    const refundWei = refunds.some((wei) => wei === null) ? null : refunds.reduce<bigint>((sum, wei) => sum + (wei ?? 0n), 0n);
    openModal({name: 'confirm-vms-action', action, vmNames: markedRows.map(({vm}) => vm.name), refundWei});
  };
  const hasMarks = markedRows.length > 0 && !isDetail;

  useCommands(
    {
      ...(isDetail ? {'app.back': () => navigate({name: 'vms'})} : listCommands(list, maxRows)),
      ...(hasMarks ? {'app.back': () => setMarks(new Set())} : {}),
      'vm.mark': selected && !isDetail ? () => toggleMark(selected) : undefined,
      'vm.details': selected && !isDetail ? () => openDetail(selected) : undefined,
      'vm.ssh': selected ? () => openShell(selected) : undefined,
      'vm.copy-ssh': selected ? () => copySsh(selected) : undefined,
      'vm.stop': hasMarks ? () => actOnMarked('stop') : selected ? () => openModal({name: 'confirm-vm-action', action: 'stop', vmName: selected.name}) : undefined,
      'vm.destroy': hasMarks
        ? () => actOnMarked('destroy')
        : selected
        ? () => openModal({name: 'confirm-vm-action', action: 'destroy', vmName: selected.name})
        : undefined,
      'vm.start': selected
        ? () =>
            openModal({name: 'start-vm', vmName: selected.name, providerId: selected.providerId, resources: selected.resources})
        : undefined,
      'vm.forward-add': isDetail ? () => setIsAddingForward(true) : undefined,
      'vm.forward-remove': isDetail
        ? () => {
            const newest = detailForwards.forwards.at(-1);
            if (newest) void detailForwards.stop(newest.id);
          }
        : undefined,
    },
    {isActive: isActive && !filter.isEditing && !isAddingForward},
  );

  // Before the first answer the table is drawn already, its headers over a loading row (issue 16).
  const isFirstLoad = vms === undefined && isLoading;
  if (detailVm) {
    return (
      <Box flexDirection="column">
        {error ? <ErrorBanner error={error} isOneLineEach /> : null}
        <VmDetail
          vm={detailVm}
          forwardInput={
            isAddingForward && isActive ? (
              <ForwardInput
                onCancel={() => setIsAddingForward(false)}
                onSubmit={async (forward) => {
                  const problem = await detailForwards.start(detailVm.name, forward);
                  if (problem === null) setIsAddingForward(false);
                  return problem;
                }}
              />
            ) : null
          }
        />
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {error ? <ErrorBanner error={error} isOneLineEach /> : null}
      <Table
        rows={shownRows}
        columns={vmColumns}
        rowKey={({vm}) => vm.name}
        selectedIndex={list.index}
        maxRows={maxRows}
        emptyText={isFirstLoad ? loadingText('Loading VMs') : filter.query ? `No VM matches "${filter.query}". Esc clears the filter.` : 'No VMs yet. On Providers (1), press c to create one.'}
      />
      <FilterLine filter={filter} matched={rows.length} total={all.length} />
      {markedRows.length > 0 ? (
        <Text color={theme.ui.focus} wrap="truncate-end">
          {`✓ ${markedRows.length} marked · s stops · d destroys them all · Space unmarks · Esc clears`}
        </Text>
      ) : null}
    </Box>
  );
}
