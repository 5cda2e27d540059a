/**
 * Hands the dashboard's `MonitorController` (see `monitor-controller.ts`) to the status bar and the notice hook.
 * Without one (tests of single screens, or a caller that runs no monitor) the status bar reads the funding lease
 * only and F says the monitor is not available.
 */
import {createContext, useContext, useSyncExternalStore, type ReactNode} from 'react';
import type {MonitorController, MonitorSnapshot} from './monitor-controller.js';

const MonitorContext = createContext<MonitorController | null>(null);

/** Props of `MonitorProvider`. */
export type MonitorProviderProps = {readonly monitor: MonitorController | null; readonly children?: ReactNode};

/** Makes `monitor` available to `useMonitor()` below it. */
export function MonitorProvider({monitor, children}: MonitorProviderProps) {
  return <MonitorContext.Provider value={monitor}>{children}</MonitorContext.Provider>;
}

/** The controller, or null when the dashboard runs no monitor. */
export function useMonitor(): MonitorController | null {
  return useContext(MonitorContext);
}

const NO_MONITOR: MonitorSnapshot = {status: 'stopped', role: null, holder: null, lastPassAt: null, lastProblem: null, error: undefined};
const noSubscription = () => () => {};

/** The controller's latest snapshot (re-renders on change); a stopped snapshot without a controller. */
export function useMonitorSnapshot(): MonitorSnapshot {
  const monitor = useMonitor();
  return useSyncExternalStore(monitor?.subscribe ?? noSubscription, monitor?.getSnapshot ?? (() => NO_MONITOR));
}
