/**
 * The dashboard's port forwards (issue 12 item 4): the list (refreshed every second from the services, where the
 * forwards run so they outlive screens and SSH handoffs), and start/stop.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import type {ForwardEntry} from '../../services/ssh-access/forward-registry.js';
import {useServices} from '../app/services-context.js';
import {useRecordEvent} from '../event-log/event-log-context.js';

/** How often the list is re-read, ms. */
const REFRESH_MS = 1000;

/** What `useForwards` returns. `start` resolves with an error sentence, or null when the forward started. */
export type UseForwardsReturnType = {
  readonly forwards: readonly ForwardEntry[];
  start(name: string, forward: string): Promise<string | null>;
  stop(id: number): Promise<void>;
};

/** Forwards of the session, optionally only those of VM `name`. */
export function useForwards(name?: string): UseForwardsReturnType {
  const services = useServices();
  const record = useRecordEvent();
  const [forwards, setForwards] = useState<readonly ForwardEntry[]>([]);
  const isMounted = useRef(true);
  const refresh = useCallback(async () => {
    const all = await services.listForwards().catch(() => []);
    // Results after unmount are dropped (the list is read on a timer).
    if (isMounted.current) setForwards(name === undefined ? all : all.filter((entry) => entry.name === name));
  }, [services, name]);
  useEffect(() => {
    isMounted.current = true;
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      isMounted.current = false;
      clearInterval(timer);
    };
  }, [refresh]);
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
  return {forwards, start, stop};
}
