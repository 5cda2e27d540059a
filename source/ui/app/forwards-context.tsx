/**
 * The session's port forwards (issue 12 item 4) for the whole App: one list, read from the services (where the
 * forwards run, so they outlive screens and SSH handoffs) when the App mounts, after every start and stop, and every
 * second while any forward exists (a forward's state changes on its own: reconnecting, failed). With no forward
 * nothing is polled, and a read that finds the list unchanged re-renders nothing (issue 16: an idle dashboard does
 * no work).
 */
import {createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode} from 'react';
import type {ForwardEntry} from '../../services/ssh-access/forward-registry.js';
import {useRecordEvent} from '../event-log/event-log-context.js';
import {useInterval} from '../hooks/use-interval.js';
import {useServices} from './services-context.js';

/** How often the list is re-read while a forward exists, ms. */
export const FORWARDS_REFRESH_MS = 1000;

/** What the forwards context holds. `start` resolves with an error sentence, or null when the forward started. */
export type ForwardsState = {
  readonly forwards: readonly ForwardEntry[];
  start(name: string, forward: string): Promise<string | null>;
  stop(id: number): Promise<void>;
};

const ForwardsContext = createContext<ForwardsState | null>(null);
const NONE: readonly ForwardEntry[] = [];

/** True when two forward lists draw the same (same entries, same fields, same order). */
export function sameForwards(left: readonly ForwardEntry[], right: readonly ForwardEntry[]): boolean {
  return left.length === right.length && left.every((entry, index) => JSON.stringify(entry) === JSON.stringify(right[index]));
}

/** Holds the session's forwards for everything below it (inside `ServicesProvider`). */
export function ForwardsProvider({children}: {readonly children?: ReactNode}) {
  const services = useServices();
  const record = useRecordEvent();
  const [forwards, setForwards] = useState<readonly ForwardEntry[]>(NONE);
  const isMounted = useRef(true);
  const refresh = useCallback(async () => {
    const all = await services.listForwards().catch(() => null);
    // Results after unmount are dropped; an unchanged list keeps the old one (no re-render).
    if (isMounted.current && all !== null) setForwards((current) => (sameForwards(current, all) ? current : all));
  }, [services]);
  useEffect(() => {
    isMounted.current = true;
    void refresh();
    return () => {
      isMounted.current = false;
    };
  }, [refresh]);
  useInterval(() => void refresh(), forwards.length > 0 ? FORWARDS_REFRESH_MS : null);
  const start = useCallback(
    async (vmName: string, forward: string) => {
      try {
        await services.startForward(vmName, forward);
        record({tone: 'success', text: `Forward ${forward} to ${vmName} started`});
        await refresh();
        return null;
      } catch (error) {
        return error instanceof Error ? ((error as {shortMessage?: string}).shortMessage ?? error.message) : String(error);
      }
    },
    [services, refresh, record],
  );
  const stop = useCallback(
    async (id: number) => {
      await services.stopForward(id);
      record({tone: 'info', text: `Forward #${id} stopped`});
      await refresh();
    },
    [services, refresh, record],
  );
  const value = useMemo(() => ({forwards, start, stop}), [forwards, start, stop]);
  return <ForwardsContext.Provider value={value}>{children}</ForwardsContext.Provider>;
}

/** The forwards state. Throws when used outside a `ForwardsProvider` (a bug, not a user error). */
export function useForwardsContext(): ForwardsState {
  const state = useContext(ForwardsContext);
  if (!state) throw new Error('useForwards() must be used inside <ForwardsProvider>.');
  return state;
}
