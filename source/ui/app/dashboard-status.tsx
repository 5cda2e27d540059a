/**
 * The status bar wired to its data and keys: `useStatusBar` for what it shows, the monitor's events as notices,
 * and F (`app.fund`) to start funding from this dashboard when nobody does.
 */
import {useLayoutEffect} from 'react';
import {StatusBar} from '../components/status-bar.js';
import {useCommands} from '../hooks/use-commands.js';
import {useMonitorNotices} from '../hooks/use-monitor-notices.js';
import {useStatusBar} from '../hooks/use-status-bar.js';
import type {ForwardEntry} from '../../services/ssh-access/forward-registry.js';
import {useMonitor} from './monitor-context.js';
import {useNavigation} from './navigation-context.js';

/** Props of `DashboardStatus`; `isActive` gates F (false under a modal or while exiting). */
export type DashboardStatusProps = {
  readonly isActive: boolean;
  /** Whether the bar has its line (the layout drops it in short terminals; F still works). @default true */
  readonly isShown?: boolean;
  /** Lines the layout gives the problem (0 hides it; 1 its text; more its hint too, wrapped). @default 3 */
  readonly problemLines?: number;
  /** The port forwards to list on their own line (the shell passes them only when the layout gave it room). */
  readonly forwards?: readonly ForwardEntry[] | undefined;
  /** Told the current problem (or null), so the layout can give it lines. */
  readonly onProblemChange?: (problem: StatusProblem | null) => void;
};

/** The status bar's problem: what went wrong and what to do. */
export type StatusProblem = {readonly text: string; readonly hint?: string | undefined};

/** The status bar of the App. */
export function DashboardStatus({isActive, isShown = true, problemLines = 3, forwards = [], onProblemChange}: DashboardStatusProps) {
  const data = useStatusBar();
  const problemText = data.problem?.text ?? null;
  const problemHint = data.problem?.hint;
  useLayoutEffect(() => {
    onProblemChange?.(problemText === null ? null : {text: problemText, hint: problemHint});
  }, [problemText, problemHint, onProblemChange]);
  const monitor = useMonitor();
  const {notify} = useNavigation();
  useMonitorNotices();

  const fund = () => {
    if (!monitor) return notify({tone: 'info', text: 'This dashboard runs no monitor; start one with `golem monitor`.'});
    // The controller's state now, not the last rendered one (a key may arrive before the re-render).
    const snapshot = monitor.getSnapshot();
    if (snapshot.role === 'self') return notify({tone: 'info', text: 'This dashboard already funds the streams.'});
    if (snapshot.status === 'running') {
      return notify({tone: 'info', text: 'The monitor runs and stands by: another golem process funds the streams.'});
    }
    monitor.start();
    notify({tone: 'info', text: 'Starting the monitor: this dashboard funds the streams while it runs.'});
  };
  useCommands({'app.fund': fund}, {isActive});

  if (!isShown) return null;
  return <StatusBar {...data} problem={problemLines > 0 ? data.problem : null} problemLines={problemLines} forwards={forwards} />;
}
