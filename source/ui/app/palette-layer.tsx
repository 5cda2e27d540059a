/**
 * Runs the `:` command palette against the App: screens, `:ssh` through the handoff, `:destroy` through the
 * destroy dialog, `:info` to the VM detail view, `:spec` for the Providers estimates. VM names for completion
 * come from `services.listVms()` (local, no network), loaded when the palette opens.
 */
import {CommandPalette} from '../components/command-palette.js';
import {useAsync} from '../hooks/use-async.js';
import {useRequestShell} from './handoff.js';
import {useNavigation} from './navigation-context.js';
import {parsePalette} from './palette-commands.js';
import {useRefreshSignal} from './refresh-context.js';
import {useServices} from './services-context.js';

/** Props of `PaletteLayer`. */
export type PaletteLayerProps = {readonly onClose: () => void; readonly onQuit: () => void; readonly isActive: boolean};

/** The palette, wired to navigation, services and the handoff. */
export function PaletteLayer({onClose, onQuit, isActive}: PaletteLayerProps) {
  const services = useServices();
  const {state, navigate, openModal, notify, select, dispatch} = useNavigation();
  const {refresh} = useRefreshSignal();
  const requestShell = useRequestShell();
  const {data: vms} = useAsync(() => services.listVms(), [services]);
  const vmNames = vms?.map((vm) => vm.name) ?? [];

  const run = (line: string): string | null => {
    const parsed = parsePalette(line);
    if (!parsed.ok) return parsed.message;
    const {action} = parsed;
    if ((action.kind === 'ssh' || action.kind === 'info' || action.kind === 'destroy') && vms) {
      const vm = vms.find((candidate) => candidate.name === action.vmName);
      if (!vm) return `No VM named ${action.vmName}. Tab lists the names.`;
      if (action.kind === 'ssh' && vm.status !== 'running') return `${vm.name} is ${vm.status}; only a running VM accepts SSH.`;
    }
    onClose();
    switch (action.kind) {
      case 'screen':
        navigate({name: action.screen});
        return null;
      case 'create':
        if (state.route.name !== 'providers') navigate({name: 'providers'});
        notify({tone: 'info', text: 'Select a provider and press c to create a VM on it.'});
        return null;
      case 'topup':
        if (state.route.name !== 'streams') navigate({name: 'streams'});
        notify({tone: 'info', text: 'Select a stream and press t to top it up.'});
        return null;
      case 'ssh':
        requestShell(action.vmName);
        return null;
      case 'info':
        navigate({name: 'vms', detail: action.vmName});
        select('vms', {key: action.vmName, index: 0});
        return null;
      case 'destroy':
        openModal({name: 'confirm-vm-action', action: 'destroy', vmName: action.vmName});
        return null;
      case 'spec':
        dispatch({type: 'set-spec', spec: action.spec});
        if (state.route.name !== 'providers') navigate({name: 'providers'});
        return null;
      case 'refresh':
        refresh();
        return null;
      case 'help':
        openModal({name: 'help'});
        return null;
      case 'quit':
        onQuit();
        return null;
    }
  };

  return <CommandPalette vmNames={vmNames} onSubmit={run} onClose={onClose} isActive={isActive} />;
}
