/**
 * The keys that work on every screen: screen switching (1–4, Tab, Shift-Tab), refresh, help, quit. They listen
 * only when no modal is open (a form needs `q` and digits as text); Ctrl-C quits from anywhere. While the help
 * overlay is open, Esc or `?` closes it.
 */
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useCommands} from './use-commands.js';

/** Options of `useGlobalCommands`. */
export type GlobalCommandsOptions = {
  readonly onQuit: () => void;
  /** Ctrl-C (`app.interrupt`). @default onQuit */
  readonly onInterrupt?: () => void;
  /** False while the App is exiting or handing the terminal off: then nothing listens. */
  readonly isActive: boolean;
};

/** Binds the global keys. */
export function useGlobalCommands({onQuit, onInterrupt = onQuit, isActive}: GlobalCommandsOptions): void {
  const {state, dispatch, navigate, openModal, closeModal} = useNavigation();
  const {refresh} = useRefreshSignal();
  const hasModal = state.modal !== null;

  useCommands({'app.interrupt': onInterrupt}, {isActive});
  useCommands(
    {
      'app.quit': onQuit,
      'app.help': () => openModal({name: 'help'}),
      'app.event-log': () => openModal({name: 'event-log'}),
      'app.refresh': refresh,
      'app.next-screen': () => dispatch({type: 'next-screen'}),
      'app.previous-screen': () => dispatch({type: 'previous-screen'}),
      'app.screen-providers': () => navigate({name: 'providers'}),
      'app.screen-vms': () => navigate({name: 'vms'}),
      'app.screen-streams': () => navigate({name: 'streams'}),
      'app.screen-wallet': () => navigate({name: 'wallet'}),
    },
    {isActive: isActive && !hasModal},
  );
  useCommands({'modal.close': closeModal, 'app.help': closeModal}, {isActive: isActive && state.modal?.name === 'help'});
  useCommands({'modal.close': closeModal, 'app.event-log': closeModal}, {isActive: isActive && state.modal?.name === 'event-log'});
}
