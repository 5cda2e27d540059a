/**
 * The VM list, live: the local rows at once (`listVms`, no network), then statuses refreshed from the
 * providers (`refreshVms`) immediately and every `pollMs` while the VMs screen is shown. Each load takes a
 * sequence number and only a newer answer replaces an older one, so a slow poll that started before a destroy
 * cannot bring the destroyed VM back.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import type {Vm} from '../../services/types.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';
import {useInterval} from './use-interval.js';

/** How often the VMs screen asks providers for statuses, in ms. */
export const VM_POLL_MS = 2000;

/** What `useVms` returns. `error` is the last failed load (cleared by the next success). */
export type VmsState = {readonly vms: Vm[] | undefined; readonly error: unknown; readonly isLoading: boolean};

/** Live VM list; `pollMs: null` stops polling. */
export function useVms({pollMs = VM_POLL_MS}: {readonly pollMs?: number | null} = {}): VmsState {
  const services = useServices();
  const {version} = useRefreshSignal();
  const [state, setState] = useState<VmsState>({vms: undefined, error: undefined, isLoading: true});
  const sequenceRef = useRef(0);
  const appliedRef = useRef(0);
  const isPollingRef = useRef(false);
  const isMountedRef = useRef(true);
  useEffect(() => {
    isMountedRef.current = true;
    return () => {
      isMountedRef.current = false;
    };
  }, []);

  const load = useCallback(async (read: () => Promise<Vm[]>) => {
    const sequence = ++sequenceRef.current;
    try {
      const vms = await read();
      if (!isMountedRef.current || sequence < appliedRef.current) return;
      appliedRef.current = sequence;
      setState({vms, error: undefined, isLoading: false});
    } catch (error) {
      if (!isMountedRef.current || sequence < appliedRef.current) return;
      setState((previous) => ({...previous, error, isLoading: false}));
    }
  }, []);

  const poll = useCallback(async () => {
    if (isPollingRef.current) return;
    isPollingRef.current = true;
    try {
      await load(() => services.refreshVms());
    } finally {
      isPollingRef.current = false;
    }
  }, [load, services]);

  useEffect(() => {
    void load(() => services.listVms()).then(() => poll());
  }, [load, poll, services, version]);
  useInterval(() => void poll(), pollMs);
  return state;
}
